import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT, runCli, temporaryDirectory } from '../helpers.js';

// The baseline's whole life cycle on a real, messy kit: the late openova kit
// (78 HelmReleases, 56 drifted, a cycle). It is copied into a temp dir at test
// time and never into the project.
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'openova-late');
const corpusPresent = existsSync(CORPUS);
if (!corpusPresent) console.log(`skipping the suppressions life cycle: the corpus kit ${CORPUS} is not on this machine`);

// Old slot files left next to their renumbered replacements (duplicate names, exit 3): see the corpus README.
const SUPERSEDED = ['11-bp-catalyst-platform', '17a-bp-hcloud-csi', '36-bp-cert-manager-powerdns-webhook', '36-bp-k8s-ws-proxy',
  '37-bp-guacamole', '40-cluster-autoscaler', '61-bp-sandbox'];
const BASELINE = 'bootstrap-deps-suppressions.json';

function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, KIT, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const count = (baseline: Record<string, Record<string, { count: number }>>) =>
  Object.values(baseline).flatMap((rules) => Object.values(rules)).reduce((sum, entry) => sum + entry.count, 0);

describe.skipIf(!corpusPresent)('suppressions on a copy of openova-late', () => {
  it('suppress all → exit 0 → a new drift fails alone → a fixed one is reported unused → prune shrinks the baseline', async () => {
    const root = temporaryDirectory('bootstrap-deps-late-');
    cpSync(CORPUS, root, { recursive: true });
    for (const name of SUPERSEDED) rmSync(join(root, KIT, `${name}.yaml`));
    const json = async (...args: string[]) => {
      const result = await runCli(['check', '--format', 'json', ...args], { cwd: root });
      return { ...result, report: JSON.parse(result.stdout) };
    };

    const before = await json();
    expect(before.code).toBe(1);
    expect(before.report.summary.drift).toBe(56);
    const known = before.report.findings.length;

    // 1. Accept today's findings.
    const suppressed = await json('--suppress-all');
    expect(suppressed.stderr).toMatch(new RegExp(`^wrote ${BASELINE}: ${known} findings in \\d+ files suppressed\\n$`));
    expect(suppressed.code).toBe(0);
    expect(suppressed.report.findings).toEqual([]);
    expect(suppressed.report.summary).toMatchObject({ errors: 0, warnings: 0, drift: 0, suppressed: known });
    expect(suppressed.report.suppressed).toHaveLength(known);
    expect(suppressed.report.suppressed[0].suppression).toEqual({ kind: 'baseline', file: BASELINE });
    const baseline = JSON.parse(readFileSync(join(root, BASELINE), 'utf8'));
    expect(count(baseline)).toBe(known);
    expect(baseline[`${KIT}/09-keycloak.yaml`]).toEqual({ 'drift/extra-edge': { count: 1 } });
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(0);

    // 2. One new drift: only it is reported.
    edit(root, '22-loki.yaml', '    - name: bp-seaweedfs\n', '    - name: bp-seaweedfs\n    - name: bp-cilium\n');
    const drifted = await json();
    expect(drifted.code).toBe(1);
    expect(drifted.report.findings.map((finding: { rule: string; file: string; line: number; message: string }) => [finding.rule, finding.file, finding.line, finding.message])).toEqual([
      ['drift/extra-edge', `${KIT}/22-loki.yaml`, 55, 'bp-loki depends on bp-cilium, which the expected DAG does not declare'],
    ]);
    expect(drifted.report.summary.suppressed).toBe(known);
    edit(root, '22-loki.yaml', '    - name: bp-cilium\n', '');

    // 3. Fix a suppressed finding: its baseline entry no longer matches, and says so.
    edit(root, '09-keycloak.yaml', '    - name: bp-gateway-api\n      namespace: flux-system\n', '');
    const fixed = await json();
    expect(fixed.code).toBe(1);
    expect(fixed.report.findings).toEqual([expect.objectContaining({
      rule: 'suppression/unused',
      severity: 'error',
      message: `1 drift/extra-edge finding suppressed in ${KIT}/09-keycloak.yaml, 0 found now`,
      fix: 'run bootstrap-deps check --prune-suppressions to shrink the baseline',
      file: BASELINE,
      line: expect.any(Number),
    })]);
    const line = readFileSync(join(root, BASELINE), 'utf8').split('\n')[fixed.report.findings[0].line - 1];
    expect(line).toBe('    "drift/extra-edge": {');

    // 4. Prune: the baseline shrinks by exactly that entry, and the check passes.
    const pruned = await json('--prune-suppressions');
    expect(pruned.stderr).toBe(`pruned ${BASELINE}: ${known} → ${known - 1} suppressed findings\n`);
    expect(pruned.code).toBe(0);
    const after = JSON.parse(readFileSync(join(root, BASELINE), 'utf8'));
    expect(count(after)).toBe(known - 1);
    expect(after[`${KIT}/09-keycloak.yaml`]).toBeUndefined();
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(0);
  }, 60_000);
});
