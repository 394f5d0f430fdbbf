// Issue 13: --kit-dir globs with bash semantics (picomatch), inside the repository.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT, runCli } from './helpers.js';
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
