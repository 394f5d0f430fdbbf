import { describe, expect, it } from 'vitest';
import { checkJson, fixture, runBin, runCli } from './helpers.js';

describe('the embedded default (fixtures/sovereign)', () => {
  it('passes with Present 49, Drift 0, Cycles 0', async () => {
    const { code, report } = await checkJson(fixture('sovereign'));
    expect(code).toBe(0);
    expect(report.summary).toEqual({ present: 49, expected: 53, deferred: 4, drift: 0, cycles: 0, errors: 0, warnings: 0 });
    expect(report.deferred.map((entry) => entry.hr)).toEqual(['bp-stunner', 'bp-knative', 'bp-kserve', 'bp-vllm']);
  });

  it('installs in levels: the HelmReleases without dependencies first, slot 60 right after bp-flux', async () => {
    const { report } = await checkJson(fixture('sovereign'));
    expect(report.order[0]).toEqual(['bp-cilium', 'bp-cluster-autoscaler-hcloud', 'bp-hcloud-ccm', 'bp-reloader', 'bp-vpa']);
    const levelOf = (name: string) => report.order.findIndex((level) => level.includes(name));
    expect(levelOf('bp-vcluster-helmrepo')).toBe(levelOf('bp-flux') + 1);
    // Every HelmRelease appears exactly once.
    expect(report.order.flat().sort()).toEqual([...new Set(report.order.flat())].sort());
    expect(report.order.flat()).toHaveLength(53);
  });

  it('text output groups the DAG by wave and ends with the summary', async () => {
    const { code, stdout } = await runCli(['check', '--root', 'fixtures/sovereign']);
    expect(code).toBe(0);
    expect(stdout).toContain('  W3.vcluster\n');
    expect(stdout).toMatch(/\[P\] 60 {2}bp-vcluster-helmrepo +→ bp-flux\n/);
    expect(stdout).toMatch(/\[\.\] 36 {2}bp-stunner +→ bp-cert-manager, bp-cilium\n/);
    expect(stdout).toMatch(/\[P\] 15a bp-external-secrets-stores/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0',
    );
  });

  it('--quiet prints one line when all is well', async () => {
    const { stdout } = await runCli(['check', '--root', 'fixtures/sovereign', '--quiet']);
    expect(stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');
  });

  it('runs from a subdirectory of the repository, finding the root itself (real process)', () => {
    const result = runBin(['check', '--quiet'], { cwd: fixture('sovereign', 'clusters', '_template', 'bootstrap-kit') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Present 49');
  });
});
