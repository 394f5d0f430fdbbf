// Findings whose message and fix are computed when read (src/rules/finding-text.ts):
// every way a finding is read must see the same text, fields and order as a
// finding that stores its strings.
import { describe, expect, it } from 'vitest';
import { check } from '../src/audit.js';
import { toReportFinding } from '../src/report/report.js';
import { computedText, defineText, findingText } from '../src/rules/finding-text.js';
import type { ReportFinding } from '../src/report/report.js';
import { buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

const CONTRACT_ORDER = ['rule', 'severity', 'message', 'fix', 'hr', 'dependency', 'file', 'line', 'column'];

async function unknownTargetFindings(): Promise<ReportFinding[]> {
  // d0, d1: nothing is close to them (fix computed); bp-ciliumm: close to bp-cilium (fix stored).
  const root = buildRepo({
    kit: { '03-bp-flow.yaml': helmReleaseYaml('bp-flow', ['d0', 'bp-ciliumm', 'd1', 'd0']) },
    kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flow.yaml']),
  });
  const report = await check({ root, cwd: root });
  return report.findings.filter((finding) => finding.rule === 'dependsOn/unknown-target');
}

describe('computed finding text', () => {
  it('reads as the stored text would: message, fix, field order, JSON, spread', async () => {
    const findings = await unknownTargetFindings();
    expect(findings.map((finding) => [finding.dependency, finding.message, finding.fix])).toEqual([
      ['d0', 'bp-flow depends on d0, which neither the kit nor the expected DAG declares',
        'correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named d0'],
      ['bp-ciliumm', 'bp-flow depends on bp-ciliumm, which neither the kit nor the expected DAG declares', 'correct the name: did you mean bp-cilium?'],
      ['d1', 'bp-flow depends on d1, which neither the kit nor the expected DAG declares',
        'correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named d1'],
    ]);
    for (const finding of findings) {
      expect(computedText(finding), 'still computed in the report').toBeDefined();
      expect(Object.keys(finding)).toEqual(CONTRACT_ORDER);
      const stored = { ...finding };
      expect(computedText(stored), 'a spread stores the strings').toBeUndefined();
      expect(Object.keys(stored)).toEqual(CONTRACT_ORDER);
      expect(JSON.stringify(finding)).toBe(JSON.stringify(stored));
      expect(finding).toEqual(stored);
    }
  });

  it('an assigned message or fix replaces the computed one', async () => {
    const [finding] = await unknownTargetFindings();
    finding!.fix = 'my own fix';
    finding!.message = 'my own message';
    expect([finding!.message, finding!.fix]).toEqual(['my own message', 'my own fix']);
    expect(Object.keys(finding!)).toEqual(CONTRACT_ORDER);
    expect(computedText(finding!)).toBeUndefined();
  });

  it('a report finding keeps an assigned fix, and the message still computed', () => {
    const text = findingText<{ dependency?: string }>({ message: (finding) => `about ${finding.dependency}`, fix: (finding) => `fix ${finding.dependency}` });
    const finding = defineText({ rule: 'dependsOn/unknown-target' as const, severity: 'error' as const, dependency: 'x', location: { file: '/r/a.yaml', line: 2, column: 3 } }, text);
    expect([finding.message, finding.fix]).toEqual(['about x', 'fix x']);
    finding.fix = 'assigned';
    const reported = toReportFinding('/r', finding);
    expect(reported).toEqual({ rule: 'dependsOn/unknown-target', severity: 'error', message: 'about x', fix: 'assigned', dependency: 'x', file: 'a.yaml', line: 2, column: 3 });
    expect(Object.keys(reported)).toEqual(['rule', 'severity', 'message', 'fix', 'dependency', 'file', 'line', 'column']);
    expect(computedText(reported)?.fix).toBeUndefined();
    expect(computedText(reported)).toBeDefined();
  });

  it('a finding that stores its text is not computed', () => {
    expect(computedText({ message: 'm', fix: 'f' })).toBeUndefined();
    expect(computedText({})).toBeUndefined();
  });
});
