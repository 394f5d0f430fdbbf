import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseRoot, copyFixture, fixture, KIT, runCli } from './helpers.js';

const SLOT60 = `${KIT}/60-bp-vcluster-helmrepo.yaml`;
const BASELINE = 'bootstrap-deps-suppressions.json';

/** The drift case (bp-vcluster-helmrepo → bp-mgmt-vcluster, drift/extra-edge at 34:7) with an annotation added. */
function annotated(value: string): string {
  const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
  const path = join(root, SLOT60);
  const text = readFileSync(path, 'utf8');
  const metadata = 'kind: HelmRelease\nmetadata:\n  name: bp-vcluster-helmrepo\n  namespace: flux-system\n';
  expect(text).toContain(metadata);
  writeFileSync(path, text.replace(metadata, `${metadata}  annotations:\n    bootstrap-deps.io/ignore: ${value}\n`));
  return root;
}

const json = async (cwd: string, args: string[] = []) => {
  const result = await runCli(['check', '--format', 'json', ...args], { cwd });
  return { ...result, report: JSON.parse(result.stdout) };
};
const places = (findings: { rule: string; file: string; line: number; column: number }[]) =>
  findings.map((finding) => [finding.rule, finding.file, finding.line, finding.column]);

describe('inline suppression: the bootstrap-deps.io/ignore annotation', () => {
  it('suppresses the finding on its HelmRelease, listed in JSON with the reason', async () => {
    const root = annotated('"drift/extra-edge: vcluster CRDs come from the mgmt vCluster until #612 lands"');
    const { code, report } = await json(root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, drift: 0, suppressed: 1 });
    expect(report.suppressed).toEqual([expect.objectContaining({
      rule: 'drift/extra-edge', hr: 'bp-vcluster-helmrepo', dependency: 'bp-mgmt-vcluster', file: SLOT60, line: 36, column: 7,
      suppression: { kind: 'annotation', reason: 'vcluster CRDs come from the mgmt vCluster until #612 lands' },
    })]);
    const text = await runCli(['check', '--quiet'], { cwd: root });
    expect(text.stdout).toBe('PASSED Present 5 · Declared expected 5 · Deferred 0 · Drift 0 · Cycles 0 · Suppressed 1\n');
  });

  it('SARIF keeps the suppressed result, marked as an in-source suppression', async () => {
    const root = annotated('"drift/extra-edge: accepted for now"');
    const result = await runCli(['check', '--format', 'sarif'], { cwd: root });
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout).runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: 'drift/extra-edge', suppressions: [{ kind: 'inSource', justification: 'accepted for now' }] });
  });

  it('the HTML report counts the suppressed finding', async () => {
    const root = annotated('"drift/extra-edge: accepted for now"');
    const result = await runCli(['check', '--format', 'html'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<div class="count" data-count="suppressed"><b>1</b><span>Suppressed</span></div>');
  });

  it('several rules, one per line of a block scalar', async () => {
    const root = annotated('|\n      dependsOn/duplicate: listed twice on purpose\n      drift/extra-edge: accepted');
    const { code, report } = await json(root);
    expect(code).toBe(1);
    expect(places(report.findings)).toEqual([['suppression/unused', SLOT60, 27, 31]]);
    expect(report.findings[0].message).toBe('the bootstrap-deps.io/ignore annotation of bp-vcluster-helmrepo suppresses dependsOn/duplicate, which no longer reports anything here');
    expect(report.summary.suppressed).toBe(1);
  });

  for (const [value, message, fix] of [
    ['"drift/extra-edge"', '"drift/extra-edge" is not "<rule>: <reason>"', 'write it as bootstrap-deps.io/ignore: "<rule>: <reason>"'],
    ['"drift/extra-edge:   "', 'the suppression of drift/extra-edge gives no reason', 'write it as bootstrap-deps.io/ignore: "<rule>: <reason>"'],
    ['"drift/extra-egde: accepted"', 'unknown rule id drift/extra-egde', 'did you mean drift/extra-edge?'],
    ['"input/parse-error: no"', 'input/parse-error cannot be suppressed', 'write it as bootstrap-deps.io/ignore: "<rule>: <reason>"'],
    ['[drift/extra-edge]', 'the bootstrap-deps.io/ignore annotation is empty or not a string', 'write it as bootstrap-deps.io/ignore: "<rule>: <reason>"'],
  ] as const) {
    it(`a malformed annotation is a finding, and suppresses nothing: ${value}`, async () => {
      const root = annotated(value);
      const { code, report } = await json(root);
      expect(code).toBe(1);
      expect(places(report.findings)).toEqual([['suppression/invalid-annotation', SLOT60, 27, 31], ['drift/extra-edge', SLOT60, 36, 7]]);
      expect(report.findings[0]).toMatchObject({ message: `bp-vcluster-helmrepo: ${message}`, fix, hr: 'bp-vcluster-helmrepo' });
      expect(report.suppressed).toBeUndefined();
    });
  }
});

describe('the baseline file', () => {
  it('more findings than counted: all of that file and rule are reported, as ESLint does', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    expect((await runCli(['check', '--suppress-all', '--quiet'], { cwd: root })).code).toBe(0);
    const path = join(root, SLOT60);
    writeFileSync(path, readFileSync(path, 'utf8').replace('    - name: bp-mgmt-vcluster\n', '    - name: bp-mgmt-vcluster\n    - name: bp-cilium\n'));
    const { code, report } = await json(root);
    expect(code).toBe(1);
    expect(places(report.findings)).toEqual([['drift/extra-edge', SLOT60, 34, 7], ['drift/extra-edge', SLOT60, 35, 7]]);
  });

  it('a line move keeps the finding suppressed', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    await runCli(['check', '--suppress-all'], { cwd: root });
    const path = join(root, SLOT60);
    writeFileSync(path, `# a new comment\n# and another\n${readFileSync(path, 'utf8')}`);
    expect((await json(root)).code).toBe(0);
  });

  it('is found at the repository root from a subdirectory, and written sorted', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    const nested = join(root, KIT);
    const written = await runCli(['check', '--suppress-all', '--quiet'], { cwd: nested });
    expect(written.stderr).toBe(`wrote ../../../${BASELINE}: 1 findings in 1 files suppressed\n`);
    expect(readFileSync(join(root, BASELINE), 'utf8')).toBe(`{\n  "${SLOT60}": {\n    "drift/extra-edge": {\n      "count": 1\n    }\n  }\n}\n`);
    expect((await runCli(['check', '--quiet'], { cwd: nested })).code).toBe(0);
  });

  it('a broken baseline file stops the run (exit 3) instead of being ignored', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    writeFileSync(join(root, BASELINE), '{ "a.yaml": { "drift/extra-edge": { "count": "two" } } }\n');
    const result = await runCli(['check'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${BASELINE} "a.yaml" → "drift/extra-edge" needs a whole "count" of at least 1 — regenerate it with bootstrap-deps check --suppress-all\n`);
    writeFileSync(join(root, BASELINE), '{');
    const { report } = await json(root);
    expect(report.findings[0]).toMatchObject({ rule: 'input/invalid-suppressions', file: BASELINE });
  });

  it('--suppress-all and --prune-suppressions together are a usage error', async () => {
    const result = await runCli(['check', '--suppress-all', '--prune-suppressions'], { cwd: caseRoot('slot60-lands') });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: --suppress-all and --prune-suppressions cannot be combined — --suppress-all already rewrites the whole baseline; pass one of them\n');
    const { code, report } = await json(caseRoot('slot60-lands'), ['--suppress-all', '--prune-suppressions']);
    expect(code).toBe(3);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'input/usage', file: null })]);
  });

  it('nothing is written when the audit cannot run', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    writeFileSync(join(root, SLOT60), 'kind: [\n');
    const result = await runCli(['check', '--suppress-all'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`note: ${BASELINE} left unchanged — the audit could not run`);
    expect(() => readFileSync(join(root, BASELINE))).toThrow();
  });

  it('--prune-suppressions without a baseline says so and changes nothing', async () => {
    const root = copyFixture(caseRoot('slot60-lands'));
    const result = await runCli(['check', '--prune-suppressions', '--quiet'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`note: no ${BASELINE} to prune\n`);
  });

  it('suppression/unused can be turned down in the config', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    writeFileSync(join(root, BASELINE), `{\n  "${KIT}/01-bp-cilium.yaml": {\n    "graph/cycle": {\n      "count": 1\n    }\n  }\n}\n`);
    const unused = await json(root);
    expect(places(unused.report.findings)).toEqual([['suppression/unused', BASELINE, 3, 5], ['drift/extra-edge', SLOT60, 34, 7]]);
    writeFileSync(join(root, 'bootstrap-deps.config.yaml'), 'rules:\n  suppression/unused: warning\n  drift/extra-edge: off\n');
    expect((await json(root)).code).toBe(0);
  });

  it('an entry whose rule id no finding can have is named a typo, with the closest id, not offered to prune', async () => {
    // A trial's probe: drift/extra-edg was only "suppressed, 0 found now", and the fix (prune) dropped the entry meant for drift/extra-edge.
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    writeFileSync(join(root, BASELINE), `{\n  "${SLOT60}": {\n    "drift/extra-edg": {\n      "count": 1\n    }\n  }\n}\n`);
    const { report } = await json(root);
    expect(places(report.findings)).toEqual([['suppression/unused', BASELINE, 3, 5], ['drift/extra-edge', SLOT60, 34, 7]]);
    expect(report.findings[0]).toMatchObject({
      message: `drift/extra-edg, counted in ${SLOT60}, is no rule id a baseline can suppress: the entry suppresses nothing`,
      fix: 'did you mean drift/extra-edge? correct the entry\'s rule id',
    });
  });

  it('with every cluster: per-cluster exit codes and counts follow the baseline', async () => {
    const root = copyFixture(fixture('clusters'));
    const before = await json(root, ['--all-clusters']);
    expect(before.code).toBe(1);
    expect(before.report.clusters.find((cluster: { cluster: string }) => cluster.cluster === 'gamma').exitCode).toBe(1);
    await runCli(['check', '--all-clusters', '--suppress-all'], { cwd: root });
    const after = await json(root, ['--all-clusters']);
    expect(after.code).toBe(0);
    const gamma = after.report.clusters.find((cluster: { cluster: string }) => cluster.cluster === 'gamma');
    expect(gamma).toMatchObject({ exitCode: 0, summary: { drift: 0, errors: 0, suppressed: 1 } });
    expect(after.report.suppressed).toEqual([expect.objectContaining({ cluster: 'gamma', rule: 'drift/extra-edge' })]);
  });
});
