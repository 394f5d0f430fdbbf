import { describe, expect, it } from 'vitest';
import { checkJson, fixture, runCli } from './helpers.js';
import { BASE_EXPECTED, buildRepo } from './repo-builder.js';

// docs/contract.md defines each count once; every format prints the same numbers.
describe('counts', () => {
  it('after a parse error, deferred still counts the declared slots that are not on disk', async () => {
    const expected = `${BASE_EXPECTED}  - slot: 3\n    name: bp-flux\n    depends_on: [bp-cert-manager]\n  - slot: 9\n    name: bp-later\n    depends_on: []\n`;
    const root = buildRepo({ expected, kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata: {name: "bp-flux\n' } });
    const { code, report } = await checkJson(root);
    expect(code).toBe(3);
    // bp-later is deferred; bp-flux's file exists but cannot be read, so it is not counted as deferred.
    expect(report.summary.deferred).toBe(1);
    expect(report.deferred).toEqual([{ hr: 'bp-later', slot: '09', wave: null }]);
  });

  it('a name declared twice counts once in expected', async () => {
    const expected = `${BASE_EXPECTED}  - slot: 3\n    name: bp-cilium\n    depends_on: []\n`;
    const { report } = await checkJson(buildRepo({ expected }));
    expect(report.findings.map((finding) => finding.rule)).toEqual(['expected/duplicate-slot']);
    expect(report.summary.expected).toBe(2);
    const text = await runCli(['check', '--quiet'], { cwd: buildRepo({ expected }) });
    expect(text.stdout).toContain('Declared expected 2 ·');
  });

  it('with several kits, every count is the sum over the kits, and the lists agree with them', async () => {
    const { report } = await checkJson(fixture('clusters'), ['--all-clusters']);
    const clusters = report.clusters!;
    for (const key of ['present', 'deferred', 'drift', 'cycles'] as const) {
      expect(report.summary[key]).toBe(clusters.reduce((sum, cluster) => sum + cluster.summary[key], 0));
    }
    expect(report.summary.expected).toBe(clusters[0]!.summary.expected);
    expect(report.deferred).toHaveLength(report.summary.deferred);
    expect(report.deferred.filter((entry) => entry.cluster === 'beta').map((entry) => entry.hr)).toEqual(clusters.find((cluster) => cluster.cluster === 'beta')!.deferred.map((entry) => entry.hr));
    expect(report.cycles).toHaveLength(report.summary.cycles);
    expect(report.kitDirs).toEqual(clusters.map((cluster) => cluster.kitDir));
    expect(report.kitDir).toBe(report.kitDirs!.join(', ')); // kept for compatibility
    expect(report.summary.kits).toBe(4);
  });

  it('the text summary of several kits says the counts are summed over them', async () => {
    const result = await runCli(['check', '--all-clusters', '--quiet'], { cwd: fixture('clusters') });
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED 4 kits: Present 30 · Declared expected 9 each · Deferred 6 · Drift 1 · Cycles 0 (1 error, 0 warnings)');
  });
});
