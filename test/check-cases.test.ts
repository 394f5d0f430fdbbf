import { describe, expect, it } from 'vitest';
import { caseRoot, checkJson, EXPECTED, KIT } from './helpers.js';

type Expected = [rule: string, file: string, line: number | null, column: number | null];

// Each fixture case shows one behaviour; the finding list is exact (rule, file,
// line, column), so an extra, missing or misplaced finding fails the test.
const cases: Record<string, { exit: number; findings: Expected[] }> = {
  'slot60-lands': { exit: 0, findings: [] },
  'sub-slot-15a': { exit: 0, findings: [] },
  'deferred-slot': { exit: 0, findings: [] },
  'slot60-unregistered': { exit: 1, findings: [['slot/unregistered-file', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 1, 1]] },
  'slot60-wrong-prefix': { exit: 1, findings: [['slot/prefix-mismatch', `${KIT}/61-bp-vcluster-helmrepo.yaml`, 24, 9]] },
  'slot60-wrong-label': { exit: 1, findings: [['slot/label-mismatch', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 27, 31]] },
  'slot60-depends-on-mgmt-vcluster': { exit: 1, findings: [['drift/extra-edge', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 34, 7]] },
  'drift-missing-edge': { exit: 1, findings: [['drift/missing-edge', `${KIT}/58-bp-mgmt-vcluster.yaml`, 32, 3]] },
  'drift-undeclared-hr': { exit: 1, findings: [['drift/undeclared-hr', `${KIT}/61-bp-sandbox.yaml`, 24, 9]] },
  'cycle-three-nodes': { exit: 2, findings: [['graph/cycle', `${KIT}/01-bp-a.yaml`, 31, 7]] },
  'cycle-merged-only': {
    exit: 1,
    findings: [['graph/cycle', `${KIT}/01-bp-a.yaml`, 31, 7], ['drift/extra-edge', `${KIT}/02-bp-b.yaml`, 31, 7]],
  },
  'expected-unknown-dependency': { exit: 1, findings: [['expected/unknown-dependency', EXPECTED, 20, 27]] },
  'expected-duplicate-slot': { exit: 1, findings: [['expected/duplicate-slot', EXPECTED, 23, 11]] },
  'expected-shared-slot': { exit: 0, findings: [['expected/shared-slot', EXPECTED, 22, 11]] },
  'missing-resource': { exit: 1, findings: [['slot/missing-resource', `${KIT}/kustomization.yaml`, 12, 5]] },
  'external-resource': { exit: 1, findings: [['slot/external-resource', `${KIT}/kustomization.yaml`, 12, 5]] },
  'shared-prefix': {
    exit: 0,
    findings: [['slot/shared-prefix', `${KIT}/60-bp-vcluster-tenants.yaml`, 1, 1], ['expected/shared-slot', EXPECTED, 22, 11]],
  },
  'namespace-mismatch': { exit: 1, findings: [['dependsOn/namespace-mismatch', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 33, 7]] },
  'dependson-duplicate': { exit: 0, findings: [['dependsOn/duplicate', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 34, 7]] },
  'dependson-unresolved': { exit: 1, findings: [['dependsOn/unresolved', `${KIT}/60-bp-vcluster-helmrepo.yaml`, 34, 7]] },
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

  it('an unregistered file gets the exact line to add', async () => {
    const { report } = await checkJson(caseRoot('slot60-unregistered'));
    expect(report.findings[0]!.message).toBe(
      '60-bp-vcluster-helmrepo.yaml is not listed in resources: of kustomization.yaml, so Flux never applies it',
    );
    expect(report.findings[0]!.fix).toBe(`add the line "  - 60-bp-vcluster-helmrepo.yaml" under resources: (${KIT}/kustomization.yaml:6)`);
  });

  it('a wrong prefix suggests the right file name', async () => {
    const { report } = await checkJson(caseRoot('slot60-wrong-prefix'));
    expect(report.findings[0]!.message).toBe(
      `61-bp-vcluster-helmrepo.yaml has slot prefix 61, but the expected DAG declares bp-vcluster-helmrepo at slot 60 (${EXPECTED}:18)`,
    );
    expect(report.findings[0]!.fix).toBe('rename the file to 60-bp-vcluster-helmrepo.yaml, or change slot: in the expected DAG');
  });

  it('a wrong label names the label and the file slot', async () => {
    const { report } = await checkJson(caseRoot('slot60-wrong-label'));
    expect(report.findings[0]!.message).toBe('bp-vcluster-helmrepo carries catalyst.openova.io/slot: "6", but its file is slot 60');
  });

  it('a cycle is reported as its path', async () => {
    const { report } = await checkJson(caseRoot('cycle-three-nodes'));
    expect(report.findings[0]!.message).toBe('dependency cycle: bp-a → bp-c → bp-b → bp-a');
    expect(report.cycles).toEqual([['bp-a', 'bp-c', 'bp-b', 'bp-a']]);
    expect(report.order).toEqual([]);
    expect(report.summary.cycles).toBe(1);
  });

  it('a namespace mismatch says where the dependency really lives', async () => {
    const { report } = await checkJson(caseRoot('namespace-mismatch'));
    expect(report.findings[0]!.message).toBe(
      `bp-vcluster-helmrepo depends on bp-flux with namespace: mgmt, but bp-flux lives in flux-system (${KIT}/03-bp-flux.yaml:24)`,
    );
  });

  it('a dependency on a deferred slot says Flux will wait', async () => {
    const { report } = await checkJson(caseRoot('dependson-unresolved'));
    expect(report.findings[0]!.message).toBe(
      'bp-vcluster-helmrepo depends on bp-mgmt-vcluster (slot 58, wave W3.vcluster), which is not in the kit: Flux holds bp-vcluster-helmrepo at DependencyNotReady until it lands',
    );
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
