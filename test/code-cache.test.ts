import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as vmConstants } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers.js';
import { temporaryDirectory } from './temporary.js';

// The launcher compiles dist/cli.cjs with the V8 code cache the build writes
// (dist/cli.cjs.cache). V8 matches a cache to its source by length alone, so
// the launcher must not hand it a bundle rebuilt after the cache.

const bundle = join(projectRoot, 'dist', 'cli.cjs');

/** A copy of the launcher and the bundle, with the bundle's version text replaced by one of the same length. */
function launcherWithEditedBundle(): string {
  const dir = temporaryDirectory();
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  for (const name of ['bootstrap-deps.js', 'package.json']) copyFileSync(join(projectRoot, 'bin', name), join(dir, 'bin', name));
  copyFileSync(`${bundle}.cache`, join(dir, 'dist', 'cli.cjs.cache'));
  const source = readFileSync(bundle, 'utf8');
  const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version as string;
  const edited = source.replaceAll(JSON.stringify(version), JSON.stringify(version.replace(/^\d/, (digit) => String((Number(digit) + 1) % 10))));
  expect(edited.length).toBe(source.length);
  expect(edited).not.toBe(source);
  writeFileSync(join(dir, 'dist', 'cli.cjs'), edited);
  // The cache from a build a minute ago, the bundle rebuilt since.
  const before = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'dist', 'cli.cjs.cache'), before, before);
  return dir;
}

// Node before 20.12 cannot give the cached script dynamic import(): the launcher uses require there.
const launcherUsesCache = (vmConstants as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined;

/** Whether V8 refuses `file.cache` for `file`, compiled with the launcher's flags (which the cache was made with) in a fresh process. */
function cacheRejected(file: string): string {
  const probe = spawnSync(process.execPath, ['-e', `
    require('node:v8').setFlagsFromString('--no-allocation-site-pretenuring');
    require('node:v8').setFlagsFromString('--no-opt');
    require('node:v8').setFlagsFromString('--liftoff-only');
    const { Script, constants } = require('node:vm'); const { readFileSync } = require('node:fs'); const Module = require('node:module');
    const file = ${JSON.stringify(file)};
    const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, cachedData: readFileSync(file + '.cache') });
    process.stdout.write(String(script.cachedDataRejected));`], { encoding: 'utf8' });
  return probe.stdout;
}

describe.skipIf(!launcherUsesCache)('the CLI code cache (skipped on Node before 20.12, where the launcher does not use it)', () => {
  it('is written by the build and fits the bundle and this Node', () => {
    expect(statSync(`${bundle}.cache`).size).toBeGreaterThan(100_000);
    expect(cacheRejected(bundle)).toBe('false');
  });

  it('is written for the yaml package too, and fits it and this Node', () => {
    const yamlBundle = join(projectRoot, 'dist', 'vendor', 'yaml.cjs');
    expect(statSync(`${yamlBundle}.cache`).size).toBeGreaterThan(50_000);
    expect(cacheRejected(yamlBundle)).toBe('false');
  });

  it('is written for the express bundle too, and fits it and this Node', () => {
    const expressBundle = join(projectRoot, 'dist', 'express.cjs');
    expect(statSync(`${expressBundle}.cache`).size).toBeGreaterThan(10_000);
    expect(cacheRejected(expressBundle)).toBe('false');
  });

  it('is not used for a bundle rebuilt after it (a stale cache of the same length would run the old code)', () => {
    const dir = launcherWithEditedBundle();
    const bumped = spawnSync(process.execPath, [join(dir, 'bin', 'bootstrap-deps.js'), '--version'], { encoding: 'utf8' });
    const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version as string;
    expect(bumped.stdout.trim()).not.toBe(version);
    expect(bumped.status).toBe(0);
    // The cache made older than the bundle is the build's order: then it is used, and it answers with the code it was made from.
    const older = new Date(Date.now() - 120_000);
    utimesSync(join(dir, 'dist', 'cli.cjs'), older, older);
    const stale = spawnSync(process.execPath, [join(dir, 'bin', 'bootstrap-deps.js'), '--version'], { encoding: 'utf8' });
    expect(stale.stdout.trim()).toBe(version);
  });
});
