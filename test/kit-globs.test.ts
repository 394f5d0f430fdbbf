// Issue 13: --kit-dir globs with bash semantics (picomatch), inside the repository.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, KIT, runCli } from './helpers.js';
import { buildRepo } from './repo-builder.js';

/** A repository with the template kit copied to clusters/alpha, clusters/beta and clusters/eu/gamma. */
function clusteredRepo(): string {
  const root = buildRepo();
  for (const cluster of ['alpha', 'beta', 'eu/gamma']) {
    mkdirSync(join(root, 'clusters', cluster), { recursive: true });
    cpSync(join(root, KIT), join(root, 'clusters', cluster, 'bootstrap-kit'), { recursive: true });
  }
  return root;
}

async function clustersOf(root: string, pattern: string): Promise<string[]> {
  const result = await runCli(['check', '--kit-dir', pattern, '--format', 'json'], { cwd: root });
  expect(result.stderr).toBe('');
  const report = JSON.parse(result.stdout);
  return report.clusters ? report.clusters.map((cluster: { cluster: string }) => cluster.cluster) : [report.kitDir];
}

describe('--kit-dir globs', () => {
  it('[!_]* leaves out the template, as in bash', async () => {
    expect(await clustersOf(clusteredRepo(), 'clusters/[!_]*/bootstrap-kit')).toEqual(['alpha', 'beta']);
  });

  it('** crosses directory levels', async () => {
    expect(await clustersOf(clusteredRepo(), 'clusters/**/bootstrap-kit')).toEqual(['_template', 'alpha', 'beta', 'clusters/eu/gamma/bootstrap-kit']);
  });

  it('{a,b} is a choice, not literal braces', async () => {
    expect(await clustersOf(clusteredRepo(), 'clusters/{alpha,beta}/bootstrap-kit')).toEqual(['alpha', 'beta']);
  });

  it('an unbalanced bracket is a usage error, exit 3, one line (was an internal error)', async () => {
    const result = await runCli(['check', '--kit-dir', 'clusters/[/bootstrap-kit'], { cwd: clusteredRepo() });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: --kit-dir clusters\/\[\/bootstrap-kit is not a valid glob pattern \(Missing closing[^\n]*\) — [^\n]+\n$/);
  });

  it('... and --format json still prints its document, carrying input/usage', async () => {
    const result = await runCli(['check', '--kit-dir', 'clusters/[/bootstrap-kit', '--format', 'json'], { cwd: clusteredRepo() });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(3);
    expect(report.findings).toMatchObject([{ rule: 'input/usage', file: null }]);
  });

  it('a range its regular expression cannot hold is a usage error, not a pattern that matches nothing', async () => {
    const result = await runCli(['check', '--kit-dir', 'clusters/[z-a]*/bootstrap-kit'], { cwd: clusteredRepo() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: --kit-dir clusters\/\[z-a\]\*\/bootstrap-kit is not a valid glob pattern \([^\n]*Range out of order[^\n]*\) — [^\n]+\n$/);
  });

  it('a pattern reaching outside the repository is refused, the disk is never walked', async () => {
    const result = await runCli(['check', '--kit-dir', '/*/*/*/*/*/*'], { cwd: clusteredRepo() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: --kit-dir \/\*\/\*\/\*\/\*\/\*\/\* reaches outside the repository [^\n]+ — [^\n]+\n$/);
  });

  it('no kit matching the pattern keeps the usual not-found line', async () => {
    const result = await runCli(['check', '--kit-dir', 'clusters/zz*/bootstrap-kit'], { cwd: clusteredRepo() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/clusters\/zz\*\/bootstrap-kit kit directory not found/);
  });
});

describe('--exclude globs (the repository audit) are validated as --kit-dir globs are', () => {
  const root = fixture('repositories', 'home-ops');

  it.each([
    ['[', /^error: --exclude \[ is not a valid glob pattern \(Missing closing: "\]"[^\n]*\) — balance its brackets and braces, or escape a literal one with a backslash\n$/],
    ['kubernetes/apps/{media,database', /^error: --exclude kubernetes\/apps\/\{media,database is not a valid glob pattern \(Missing closing: "\}"[^\n]*\) — [^\n]+\n$/],
    ['kubernetes/apps/[z-a]*', /^error: --exclude kubernetes\/apps\/\[z-a\]\* is not a valid glob pattern \([^\n]*Range out of order[^\n]*\) — [^\n]+\n$/],
    ['', /^error: --exclude '' is empty — give a glob relative to the repository root, such as apps\/legacy or apps\/\*\*\/old\n$/],
    ['../elsewhere/**', /^error: --exclude \.\.\/elsewhere\/\*\* can never match: --exclude is matched against paths relative to the repository root — give a glob relative to the repository root[^\n]*\n$/],
  ])('--exclude %j is a usage error, exit 3, one line (it silently matched nothing)', async (pattern, line) => {
    const result = await runCli(['check', '--root', root, '--exclude', pattern], { cwd: root });
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(line);
    expect(result.code).toBe(3);
  });

  it('an absolute path inside the repository is refused with the root-relative form to use', async () => {
    const result = await runCli(['check', '--root', root, '--exclude', join(root, 'kubernetes/apps/media')], { cwd: root });
    expect(result.stderr).toBe(`error: --exclude ${join(root, 'kubernetes/apps/media')} can never match: --exclude is matched against paths relative to the repository root — write it as kubernetes/apps/media\n`);
    expect(result.code).toBe(3);
  });

  it('--format json still prints its document, carrying input/usage; a config exclude: is checked the same way', async () => {
    const result = await runCli(['check', '--root', root, '--exclude', 'kubernetes/[', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).findings).toMatchObject([{ rule: 'input/usage', file: null, message: expect.stringMatching(/^--exclude kubernetes\/\[ is not a valid glob pattern/) }]);
    const configured = buildRepo({ kit: {}, expected: null, kustomization: null });
    cpSync(root, configured, { recursive: true });
    writeFileSync(join(configured, 'bootstrap-deps.config.yaml'), 'exclude:\n  - "kubernetes/["\n');
    const fromConfig = await runCli(['check'], { cwd: configured });
    expect(fromConfig.stderr).toMatch(/^error: --exclude kubernetes\/\[ is not a valid glob pattern/);
    expect(fromConfig.code).toBe(3);
  });

  it('a valid exclude still leaves paths out', async () => {
    const result = await runCli(['check', '--root', root, '--exclude', 'kubernetes/apps/{media,database}', '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout);
    expect(report.flux.skipped.find((skip: { reason: string }) => skip.reason === 'excluded by --exclude (read for what depends on it, not judged)')?.count).toBe(23);
  });
});
