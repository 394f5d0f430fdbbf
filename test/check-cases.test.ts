import { describe, expect, it } from 'vitest';
import { caseRoot, checkJson, EXPECTED, KIT } from './helpers.js';

type Expected = [rule: string, file: string, line: number | null, column: number | null];

// End to end, through the CLI: each fixture case is a realistic kit showing one
// behaviour; the finding list is exact (rule, file, line, column), so an extra,
// missing or misplaced finding fails the test. Each rule's cases in detail
// (message, location, fix) are in test/rules/, written with the rule tester.
const cases: Record<string, { exit: number; findings: Expected[] }> = {
  'slot60-lands': { exit: 0, findings: [] },
  'sub-slot-15a': { exit: 0, findings: [] },
  'deferred-slot': { exit: 0, findings: [] },
  'slot60-depends-on-mgmt-vcluster': { exit: 1, findings: [['drift/extra-edge', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 34, 7]] },
  'drift-missing-edge': { exit: 1, findings: [['drift/missing-edge', `${KIT}/58-bp-mgmt-vcluster.yaml`, 32, 3]] },
  'cycle-three-nodes': { exit: 2, findings: [['graph/cycle', `${KIT}/01-bp-a.yaml`, 31, 7]] },
  'cycle-merged-only': {
    exit: 1,
    findings: [['graph/cycle', `${KIT}/01-bp-a.yaml`, 31, 7], ['drift/extra-edge', `${KIT}/02-bp-b.yaml`, 31, 7]],
  },
  'dependson-duplicate': { exit: 0, findings: [['dependsOn/duplicate', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 34, 7]] },
};

describe('check on each fixture case', () => {
  for (const [name, want] of Object.entries(cases)) {
    it(`${name}: exit ${want.exit}, ${want.findings.length} finding(s) at exact places`, async () => {
      const { code, report } = await checkJson(caseRoot(name));
      expect(code).toBe(want.exit);
      expect(report.exitCode).toBe(want.exit);
      expect(report.findings.map((finding) => [finding.rule, finding.file, finding.line, finding.column])).toEqual(want.findings);
    });
  }
});

describe('messages say what is wrong and how to fix it', () => {
  it('extra edge names both HelmReleases and the expected entry', async () => {
    const { report } = await checkJson(caseRoot('slot60-depends-on-mgmt-vcluster'));
    expect(report.findings[0]).toMatchObject({
      message: 'bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare',
      fix: `remove it from spec.dependsOn, or add bp-mgmt-vcluster to depends_on of bp-vcluster-helmrepo (${EXPECTED}:18)`,
      hr: 'bp-vcluster-helmrepo',
      dependency: 'bp-mgmt-vcluster',
    });
    expect(report.summary.drift).toBe(1);
  });

  it('missing edge points at the declaration', async () => {
    const { report } = await checkJson(caseRoot('drift-missing-edge'));
    expect(report.findings[0]!.message).toBe(
      `bp-mgmt-vcluster does not depend on bp-cert-manager, which the expected DAG declares (${EXPECTED}:16)`,
    );
  });

  it('a cycle is reported as its path', async () => {
    const { report } = await checkJson(caseRoot('cycle-three-nodes'));
    expect(report.findings[0]!.message).toBe('dependency cycle: bp-a → bp-c → bp-b → bp-a');
    expect(report.cycles).toEqual([['bp-a', 'bp-c', 'bp-b', 'bp-a']]);
    expect(report.order).toEqual([]);
    expect(report.summary.cycles).toBe(1);
  });
});

describe('deferred and sub-slots', () => {
  it('a declared slot without a file is deferred information, not an error', async () => {
    const { code, report } = await checkJson(caseRoot('deferred-slot'));
    expect(code).toBe(0);
    expect(report.deferred).toEqual([{ hr: 'bp-continuum', slot: '62', wave: 'W4' }]);
    expect(report.summary).toMatchObject({ present: 5, expected: 6, deferred: 1, drift: 0 });
  });

  it('06 and 6 name the same slot; 15a is a slot of its own', async () => {
    const { report } = await checkJson(caseRoot('sub-slot-15a'));
    expect(report.findings).toEqual([]);
    expect(report.order).toEqual([['bp-cilium'], ['bp-spire'], ['bp-external-secrets'], ['bp-external-secrets-stores']]);
  });
});

describe('--strict', () => {
  it('turns a warning into exit 1', async () => {
    expect((await checkJson(caseRoot('dependson-duplicate'))).code).toBe(0);
    const strict = await checkJson(caseRoot('dependson-duplicate'), ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.report.exitCode).toBe(1);
  });
});

describe('slot rules on generated repositories', () => {
  it('--slot-label reads another label', async () => {
    const { buildRepo, helmReleaseYaml } = await import('./repo-builder.js');
    const labelled = helmReleaseYaml('bp-cert-manager', ['bp-cilium'], '  labels:\n    example.org/slot: "7"\n');
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': labelled } });
    expect((await checkJson(root)).code).toBe(0); // the default label is absent: nothing to compare
    const { code, report } = await checkJson(root, ['--slot-label', 'example.org/slot']);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => [finding.rule, finding.line, finding.column, finding.message])).toEqual([
      ['slot/label-mismatch', 8, 23, 'bp-cert-manager carries example.org/slot: "7", but its file is slot 02'],
    ]);
  });

  it('an absolute or parent resources: entry is reported and never read', async () => {
    const { buildRepo, kustomizationYaml } = await import('./repo-builder.js');
    const root = buildRepo({ kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '/etc/passwd', '../../../secrets.yaml']) });
    const { code, report } = await checkJson(root);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => [finding.rule, finding.line, finding.message])).toEqual([
      ['slot/external-resource', 6, 'resources: entry /etc/passwd points outside the kit directory; its HelmReleases are not audited'],
      ['slot/external-resource', 7, 'resources: entry ../../../secrets.yaml points outside the kit directory; its HelmReleases are not audited'],
    ]);
  });

  it('a non-slot file that holds a HelmRelease and is not listed is unregistered too', async () => {
    const { buildRepo, helmReleaseYaml, kustomizationYaml } = await import('./repo-builder.js');
    const root = buildRepo({
      kit: { 'extra.yaml': helmReleaseYaml('bp-extra') },
      kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml']),
    });
    const { report } = await checkJson(root);
    expect(report.findings.map((finding) => [finding.rule, finding.file?.split('/').at(-1)])).toEqual([
      ['slot/unregistered-file', 'extra.yaml'], // 1:1, then
      ['drift/undeclared-hr', 'extra.yaml'], // 5:9: sorted by line
    ]);
  });
});
