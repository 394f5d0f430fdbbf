import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, temporaryDirectory } from './helpers.js';

// bin/bootstrap-deps.js sets V8's flags through process.binding('v8'), runtime-deprecated (DEP0111), to
// avoid loading node:v8 and the stream modules with it: no warning may reach the user, whatever they run
// Node with, and nothing of node:v8 may load on a plain check.
const launcher = join(__dirname, '..', 'bin', 'bootstrap-deps.js');
const sovereign = fixture('sovereign');

describe('the launcher', () => {
  it('prints no deprecation warning, even under --pending-deprecation and --throw-deprecation', () => {
    for (const options of ['--pending-deprecation', '--throw-deprecation', '--pending-deprecation --throw-deprecation --trace-deprecation']) {
      const run = spawnSync(process.execPath, [launcher, 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: options } });
      expect(run.stderr, options).toBe('');
      expect(run.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
      expect(run.status).toBe(0);
    }
  });

  it('loads neither node:v8 nor the stream modules on a check of the embedded kit', () => {
    const probe = join(temporaryDirectory(), 'probe.cjs');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((name) => /^NativeModule (v8|stream)$/.test(name)))));\n`);
    const run = spawnSync(process.execPath, ['--require', probe, launcher, 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('[]');
  });
});
