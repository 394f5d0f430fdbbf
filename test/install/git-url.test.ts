import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, projectRoot, temporaryDirectory } from '../helpers.js';

// The slow project (`npm run test:slow`; `.ci/run` runs it after `npm test`):
// what a user gets from `npm install github:<owner>/bootstrap-deps`. npm clones
// the repository, installs its dev dependencies and runs `prepare` (the whole
// build, type declarations included), packs the result and installs that: about
// 36 s of CPU, a third of what the rest of the suite spends on a 2-core machine,
// so it runs apart from `npm test`, which stays under 90 s.
const isGitCheckout = existsSync(join(projectRoot, '.git'));

describe('the package installed from a git URL', () => {
  // Skipped, visibly, where the project is not a git checkout (an unpacked tarball, say).
  it.skipIf(!isGitCheckout)('installs from a git URL (this repository at its HEAD commit, through a file:// URL): prepare builds it, npx runs it', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const project = temporaryDirectory('bootstrap-deps-git-user-');
    writeFileSync(join(project, 'package.json'), '{ "name": "user-repo", "private": true }\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `git+file://${projectRoot}#${head}`], { cwd: project, encoding: 'utf8' });
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    cpSync(fixture('sovereign'), project, { recursive: true });
    const result = spawnSync('npx', ['bootstrap-deps', 'check', '--quiet'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
    expect(result.status).toBe(0);
    expect(readFileSync(join(project, 'node_modules', 'bootstrap-deps', 'schemas', 'expected-bootstrap-deps.schema.json'), 'utf8')).toContain('"slots"');
  }, 300_000);

  // pre-commit 4 installs a `language: node` hook with exactly this command, the hook environment as the prefix
  // (languages/node.py); pre-commit 3 packed a local install instead. npm prepares the clone with the global flag
  // and that prefix inherited, so the build found no dev dependencies (a trial's probe: `esbuild: not found`, the
  // README's hook did not install). Debian ships pre-commit 3 only, and CI reaches no PyPI: its command, run here.
  it.skipIf(!isGitCheckout)('installs globally from a git URL the way pre-commit 4 installs the hook: prepare builds it, the command runs', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const prefix = temporaryDirectory('bootstrap-deps-hook-env-');
    const env = { ...process.env, NPM_CONFIG_PREFIX: prefix, npm_config_prefix: prefix };
    const install = spawnSync('npm', ['install', '--allow-git=root', '--install-links', '-g', '--no-audit', '--no-fund', `git+file://${projectRoot}#${head}`], { cwd: prefix, env, encoding: 'utf8' });
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    const result = spawnSync(join(prefix, 'bin', 'bootstrap-deps'), ['check', '--quiet', '--root', fixture('sovereign')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
    expect(result.status).toBe(0);
  }, 300_000);
});
