import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, projectRoot, temporaryDirectory } from './helpers.js';

// bin/bootstrap-deps.js sets V8's flags through process.binding('v8'), runtime-deprecated (DEP0111), to
// avoid loading node:v8 and the stream modules with it: no warning may reach the user, whatever they run
// Node with, and nothing of node:v8 may load on a plain check.
const launcher = join(__dirname, '..', 'bin', 'bootstrap-deps.js');
const sovereign = fixture('sovereign');

describe('the launcher', () => {
  it('prints no deprecation warning, even under --pending-deprecation and --throw-deprecation', () => {
    // --no-deprecation makes process.noDeprecation read-only: setting it threw, and the run died before it began.
    for (const options of ['--pending-deprecation', '--throw-deprecation', '--pending-deprecation --throw-deprecation --trace-deprecation', '--no-deprecation']) {
      const run = spawnSync(process.execPath, [launcher, 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: options } });
      expect(run.stderr, options).toBe('');
      expect(run.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
      expect(run.status).toBe(0);
    }
  });

  it('leaves process.noDeprecation as it found it: absent stays absent', () => {
    const probe = join(temporaryDirectory(), 'probe.cjs');
    writeFileSync(probe, "const had = Object.prototype.hasOwnProperty.call(process, 'noDeprecation');\nprocess.on('exit', () => require('node:fs').writeSync(2, JSON.stringify([had, Object.prototype.hasOwnProperty.call(process, 'noDeprecation'), process.noDeprecation])));\n");
    const run = spawnSync(process.execPath, ['--require', probe, launcher, 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8' });
    expect(run.stderr).toBe('[false,false,null]');
    expect(run.status).toBe(0);
  });

  // A policy hides module.constructor from the code it loads: the launcher then takes Module from node:module.
  const policySupported = spawnSync(process.execPath, ['--experimental-policy=/dev/null', '-e', '0']).stderr.toString().includes('Policies are experimental')
    || spawnSync(process.execPath, ['--help'], { encoding: 'utf8' }).stdout.includes('--experimental-policy');
  it.skipIf(!policySupported)('runs under --experimental-policy (skipped on a Node without policies)', () => {
    const policy = join(temporaryDirectory(), 'policy.json');
    writeFileSync(policy, JSON.stringify({ scopes: { 'file:': { integrity: true, dependencies: true } } }));
    const run = spawnSync(process.execPath, [`--experimental-policy=${policy}`, launcher, 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8' });
    expect(run.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
    expect(run.status).toBe(0);
  });

  it('runs the full path where the express bundle is missing or broken (a partial install): the same line', () => {
    const dir = temporaryDirectory();
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    for (const name of ['bootstrap-deps.js', 'package.json']) copyFileSync(join(projectRoot, 'bin', name), join(dir, 'bin', name));
    for (const name of ['cli.cjs', 'cli.cjs.cache']) copyFileSync(join(projectRoot, 'dist', name), join(dir, 'dist', name));
    const check = () => spawnSync(process.execPath, [join(dir, 'bin', 'bootstrap-deps.js'), 'check', '--root', sovereign, '--quiet'], { encoding: 'utf8' });
    for (const express of [undefined, 'throw new Error("broken");\n']) {
      if (express !== undefined) writeFileSync(join(dir, 'dist', 'express.cjs'), express);
      const run = check();
      expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: 'PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n', stderr: '', status: 0 });
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
