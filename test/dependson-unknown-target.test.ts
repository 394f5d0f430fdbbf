import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, EXPECTED, KIT, runCli } from './helpers.js';
import { buildRepo, helmReleaseYaml } from './repo-builder.js';

// A dependsOn target that exists neither in the kit nor in the expected DAG is a
// misspelling (or a HelmRelease nobody has written yet): its own error, located at
// the item, never "declare it".
const typo = () => buildRepo({ kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-ciliumm']) } });

describe('dependsOn/unknown-target', () => {
  it('a misspelt dependency on a declared HelmRelease: located at the item, with did-you-mean', async () => {
    const { code, report } = await checkJson(typo());
    expect(code).toBe(1);
    const unknown = report.findings.filter((finding) => finding.rule === 'dependsOn/unknown-target');
    expect(unknown).toEqual([{
      rule: 'dependsOn/unknown-target',
      severity: 'error',
      message: 'bp-cert-manager depends on bp-ciliumm, which neither the kit nor the expected DAG declares',
      fix: 'correct the name: did you mean bp-cilium?',
      hr: 'bp-cert-manager',
      dependency: 'bp-ciliumm',
      file: `${KIT}/02-bp-cert-manager.yaml`,
      line: 10,
      column: 7,
    }]);
  });

  it('no fix suggests declaring the unknown name', async () => {
    const { report } = await checkJson(typo());
    expect(report.findings.map((finding) => finding.rule).sort()).toEqual(['dependsOn/unknown-target', 'drift/extra-edge', 'drift/missing-edge']);
    for (const finding of report.findings) expect(finding.fix ?? '').not.toMatch(/add bp-ciliumm|declare bp-ciliumm/);
    const extra = report.findings.find((finding) => finding.rule === 'drift/extra-edge')!;
    expect(extra.fix).toBe('remove it from spec.dependsOn, or correct the name (see dependsOn/unknown-target)');
  });

  it('an undeclared HelmRelease with a misspelt dependency gets the finding too', async () => {
    const root = buildRepo({ kit: { '03-bp-extra.yaml': helmReleaseYaml('bp-extra', ['bp-cert-managr']) } });
    const { report } = await checkJson(root);
    expect(report.findings.map((finding) => [finding.rule, finding.line, finding.fix])).toEqual([
      ['drift/undeclared-hr', 5, `add a slots: entry for bp-extra to ${EXPECTED}`],
      ['dependsOn/unknown-target', 10, 'correct the name: did you mean bp-cert-manager?'],
    ]);
  });

  it('never guesses the release itself (a self-dependency)', async () => {
    const root = buildRepo({ kit: { '03-bp-extra.yaml': helmReleaseYaml('bp-extra', ['bp-extr']) } });
    const { report } = await checkJson(root);
    expect(report.findings.find((finding) => finding.rule === 'dependsOn/unknown-target')!.fix).toBe(
      'correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named bp-extr',
    );
  });

  it('without a close name, says to correct or remove it', async () => {
    const root = buildRepo({ kit: { '03-bp-extra.yaml': helmReleaseYaml('bp-extra', ['something-else-entirely']) } });
    const { report } = await checkJson(root);
    expect(report.findings.find((finding) => finding.rule === 'dependsOn/unknown-target')!.fix).toBe(
      'correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named something-else-entirely',
    );
  });

  it('a deferred or an undeclared but present dependency is not unknown', async () => {
    const expected = `${readFileSync(join(buildRepo(), EXPECTED), 'utf8')}  - slot: 4\n    name: bp-later\n    depends_on: []\n    wave: later\n`;
    const root = buildRepo({
      expected,
      kit: {
        '03-bp-extra.yaml': helmReleaseYaml('bp-extra'),
        '05-bp-user.yaml': helmReleaseYaml('bp-user', ['bp-later', 'bp-extra']),
      },
    });
    const { report } = await checkJson(root);
    expect(report.findings.map((finding) => finding.rule)).not.toContain('dependsOn/unknown-target');
    expect(report.findings.map((finding) => finding.rule)).toContain('dependsOn/unresolved');
  });

  it('sync refuses to write a name nothing declares, says why, and leaves the file alone', async () => {
    const root = typo();
    const before = readFileSync(join(root, EXPECTED), 'utf8');
    for (const args of [['sync'], ['sync', '--write']]) {
      const result = await runCli(args, { cwd: root });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `error: ${KIT}/02-bp-cert-manager.yaml:10:7 bp-cert-manager depends on bp-ciliumm, which neither the kit nor the expected DAG declares — correct the name: did you mean bp-cilium?\n`
        + `sync writes no name that nothing declares: fix the dependsOn item first, then run sync again\n`,
      );
      expect(readFileSync(join(root, EXPECTED), 'utf8')).toBe(before);
    }
  });

  it('order does not call the unknown name deferred', async () => {
    const result = await runCli(['order'], { cwd: typo() });
    expect(result.stdout).not.toContain('[.]bp-ciliumm');
    expect(result.stdout).toContain('[?]bp-ciliumm');
  });
});

describe('expected/unknown-dependency never says to declare a name nothing holds', () => {
  it('suggests the close name instead', async () => {
    const expected = readFileSync(join(buildRepo(), EXPECTED), 'utf8').replace('depends_on: [bp-cilium]', 'depends_on: [bp-cilum]');
    const { report } = await checkJson(buildRepo({ expected }));
    const finding = report.findings.find((candidate) => candidate.rule === 'expected/unknown-dependency')!;
    expect(finding.fix).toBe('correct the name: did you mean bp-cilium?');
  });
});

describe('init', () => {
  it('refuses to write a dependsOn name that nothing in the kit is, and writes nothing', async () => {
    const { existsSync, mkdirSync } = await import('node:fs');
    const root = buildRepo({ expected: null, kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-ciliumm']) } });
    mkdirSync(join(root, '.git'));
    const result = await runCli(['init'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bp-cert-manager depends on bp-ciliumm, which neither the kit nor the expected DAG declares — correct the name: did you mean bp-cilium?\n');
    expect(result.stderr).toContain('init writes no name that nothing declares: fix the dependsOn item first, then run init again\n');
    expect(existsSync(join(root, EXPECTED))).toBe(false);
  });
});

describe('a HelmRelease elsewhere in the repository is a known target', () => {
  it('check reports nothing unknown, and sync does not refuse', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-cilium', 'bp-platform-db']) } });
    mkdirSync(join(root, 'apps'), { recursive: true });
    writeFileSync(join(root, 'apps', 'platform-db.yaml'), helmReleaseYaml('bp-platform-db'));
    const { report } = await checkJson(root);
    expect(report.findings.map((finding) => finding.rule)).not.toContain('dependsOn/unknown-target');
    const sync = await runCli(['sync'], { cwd: root });
    expect(sync.stderr).not.toContain('writes no name that nothing declares');
  });
});
