import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, EXPECTED, fixture, runCli } from './helpers.js';

// fixtures/clusters: a template kit and three copies. alpha is clean (one chart
// version bumped), beta lags by two slots (deferred only), gamma has a local
// dependsOn edit.
const REPO = fixture('clusters');
const kit = (cluster: string) => `clusters/${cluster}/bootstrap-kit`;

describe('check --all-clusters', () => {
  it('audits every kit against the one expected DAG and ends with a table', async () => {
    const result = await runCli(['check', '--all-clusters'], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe([
      `${kit('gamma')}/09-bp-keycloak.yaml`,
      '  32:7    error    bp-keycloak depends on bp-cnpg, which the expected DAG does not declare  drift/extra-edge',
      `                   fix: remove it from spec.dependsOn, or add bp-cnpg to depends_on of bp-keycloak (${EXPECTED}:23)`,
      '',
      'cluster    present  deferred  drift  cycles  slot errors  verdict',
      '_template        8         1      0       0            0  PASSED',
      'alpha            8         1      0       0            0  PASSED',
      'beta             6         3      0       0            0  PASSED',
      'gamma            8         1      1       0            0  FAILED',
      '',
      'FAILED 4 kits: Present 30 · Declared expected 9 each · Deferred 6 · Drift 1 · Cycles 0 (1 error, 0 warnings)',
      '',
    ].join('\n'));
  });

  it('JSON keeps the single-kit fields and adds a clusters array; findings carry their cluster', async () => {
    const result = await runCli(['check', '--all-clusters', '--format', 'json'], { cwd: REPO });
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'drift/extra-edge', cluster: 'gamma', file: `${kit('gamma')}/09-bp-keycloak.yaml`, line: 32, column: 7 })]);
    expect(report.clusters.map((cluster: { cluster: string; exitCode: number }) => [cluster.cluster, cluster.exitCode])).toEqual([['_template', 0], ['alpha', 0], ['beta', 0], ['gamma', 1]]);
    expect(report.clusters[2].deferred.map((entry: { hr: string }) => entry.hr)).toEqual(['bp-mgmt-vcluster', 'bp-vcluster-helmrepo', 'bp-sandbox']);
    expect(report.summary).toEqual({ present: 30, expected: 9, deferred: 6, drift: 1, cycles: 0, errors: 1, warnings: 0, kits: 4 });
  });

  it('a glob --kit-dir is the same as --all-clusters; a repeated one checks just those kits', async () => {
    const glob = await runCli(['check', '--kit-dir', 'clusters/*/bootstrap-kit', '--format', 'json'], { cwd: REPO });
    const all = await runCli(['check', '--all-clusters', '--format', 'json'], { cwd: REPO });
    expect(glob.stdout).toBe(all.stdout);
    const two = await runCli(['check', '--kit-dir', kit('alpha'), '--kit-dir', kit('beta')], { cwd: REPO });
    expect(two.code).toBe(0);
    expect(two.stdout).toContain('alpha          8         1      0       0            0  PASSED\nbeta           6         3      0       0            0  PASSED\n');
    expect(two.stdout).not.toContain('gamma');
  });

  it('a lagging cluster passes on its own, with its missing slots deferred', async () => {
    const result = await runCli(['check', '--kit-dir', kit('beta'), '--quiet'], { cwd: REPO });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('PASSED Present 6 · Declared expected 9 · Deferred 3 · Drift 0 · Cycles 0\n');
  });

  it('the exit code is the worst across clusters: one broken kit makes it 3', async () => {
    const root = copyFixture(REPO);
    writeFileSync(join(root, kit('alpha'), '03-bp-flux.yaml'), 'kind: HelmRelease\nmetadata:\n  name: "bp-flux\n');
    const result = await runCli(['check', '--all-clusters', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.clusters.map((cluster: { exitCode: number }) => cluster.exitCode)).toEqual([0, 3, 0, 1]);
    expect(result.stderr).toContain(`error: ${kit('alpha')}/03-bp-flux.yaml:3:9 invalid YAML: Missing closing "quote`);
  });

  it('a finding in the shared expected DAG is reported once, not per cluster', async () => {
    const root = copyFixture(REPO);
    const path = join(root, EXPECTED);
    writeFileSync(path, readFileSync(path, 'utf8').replace('depends_on: [bp-vcluster-helmrepo]', 'depends_on: [bp-vcluster-helmrepo, bp-nope]'));
    const report = JSON.parse((await runCli(['check', '--all-clusters', '--format', 'json'], { cwd: root })).stdout);
    const unknown = report.findings.filter((finding: { rule: string }) => finding.rule === 'expected/unknown-dependency');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].cluster).toBeUndefined();
  });

  it('without clusters it audits what check audits, and says when that is nothing', async () => {
    const result = await runCli(['check', '--all-clusters'], { cwd: fixture('sovereign', 'scripts') });
    expect(result.code).toBe(0); // sovereign has clusters/_template: one cluster
    const none = await runCli(['check', '--all-clusters', '--root', fixture('cases', 'slot60-lands', 'scripts')]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^error: .*scripts holds no Flux object \(HelmRelease, Kustomization, ResourceSet\) and no bootstrap kit — /);
  });
});

describe('diff', () => {
  it('a clean cluster differs only in the chart version it bumped', async () => {
    const result = await runCli(['diff', 'alpha'], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe([
      'alpha against _template: 1 difference',
      '',
      'Chart versions that differ:',
      `  bp-cnpg: 1.0.1 in alpha (${kit('alpha')}/16-bp-cnpg.yaml:35), 1.0.0 in _template (${kit('_template')}/16-bp-cnpg.yaml:35)`,
      '',
    ].join('\n'));
  });

  it('a lagging cluster lacks two slots', async () => {
    const result = await runCli(['diff', 'beta', '--format', 'json'], { cwd: REPO });
    expect(JSON.parse(result.stdout).onlyIn).toEqual([
      { kit: '_template', hr: 'bp-mgmt-vcluster', slot: '58', at: `${kit('_template')}/58-bp-mgmt-vcluster.yaml:24` },
      { kit: '_template', hr: 'bp-vcluster-helmrepo', slot: '60', at: `${kit('_template')}/60-bp-vcluster-helmrepo.yaml:24` },
    ]);
    const text = await runCli(['diff', 'beta'], { cwd: REPO });
    expect(text.code).toBe(1);
    expect(text.stdout).toBe([
      'beta against _template: 2 differences',
      '',
      'Slots in one kit only:',
      `  only in _template: 58 bp-mgmt-vcluster  ${kit('_template')}/58-bp-mgmt-vcluster.yaml:24`,
      `  only in _template: 60 bp-vcluster-helmrepo  ${kit('_template')}/60-bp-vcluster-helmrepo.yaml:24`,
      '',
    ].join('\n'));
  });

  it('a local dependsOn edit is located in both files', async () => {
    const result = await runCli(['diff', 'gamma'], { cwd: REPO });
    expect(result.stdout).toContain(`  bp-keycloak → bp-cnpg: in gamma (${kit('gamma')}/09-bp-keycloak.yaml:32), not in _template (${kit('_template')}/09-bp-keycloak.yaml:30)\n`);
  });

  it('identical kits exit 0; an unknown cluster exits 3', async () => {
    const same = await runCli(['diff', '_template', '--against', '_template'], { cwd: REPO });
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('_template against _template: no differences\n');
    const unknown = await runCli(['diff', 'omega'], { cwd: REPO });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('error: no kit for cluster omega (clusters/omega/bootstrap-kit) — name one of the clusters with a kit: _template, alpha, beta, gamma\n');
  });
});
