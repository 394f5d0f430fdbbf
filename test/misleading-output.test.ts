// Issue 13: output that misleads: a raw trace from a deleted directory, control
// characters that rewrite the terminal, pasted YAML that means something else.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatText } from '../src/report/text.js';
import type { DagEntry, Report } from '../src/report/report.js';
import { binPath, KIT, runCli, temporaryDirectory } from './helpers.js';
import { buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

describe('a deleted working directory', () => {
  for (const args of [['--version'], ['check']]) {
    it(`${args.join(' ')}: one line, exit 3`, () => {
      const dir = join(temporaryDirectory(), 'gone');
      mkdirSync(dir);
      const script = `cd '${dir}' && rmdir '${dir}' && exec '${process.execPath}' '${binPath}' ${args.join(' ')}`;
      const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
      expect(result.status).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('error: the working directory no longer exists (ENOENT) — cd to an existing directory and run again\n');
    });
  }
});

describe('what is printed is escaped, what is pasted is quoted', () => {
  const hostileName = 'bp-evil\u001b[2K\u001b[1A\nPASSED';

  function hostileRepo(): string {
    return buildRepo({
      kit: { '03-bp-evil.yaml': helmReleaseYaml('bp-evil').replace('name: bp-evil', `name: ${JSON.stringify(hostileName)}`).replace(/chart: bp-evil/, 'chart: x') },
    });
  }

  it('text: a name with ESC and a newline is shown escaped, on one line', async () => {
    const result = await runCli(['check'], { cwd: hostileRepo() });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('bp-evil\\x1b[2K\\x1b[1A\\nPASSED');
    expect(result.stdout.split('\n').filter((line) => line.startsWith('PASSED'))).toEqual([]);
  });

  it('github: no raw ESC reaches the log', async () => {
    const result = await runCli(['check', '--format', 'github'], { cwd: hostileRepo() });
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('bp-evil\\x1b[2K');
  });

  it('a NUL in a file name of a resources: entry is shown as \\x00', async () => {
    const root = buildRepo({ kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '"04-x\\0y.yaml"']) });
    const result = await runCli(['check'], { cwd: root });
    expect(result.stdout).not.toContain('\u0000');
    expect(result.stdout).toContain('04-x\\x00y.yaml');
  });

  it('the suggested resources: line quotes a file name with " #" or ": "', async () => {
    const root = buildRepo({ kit: { '03-bp-flux #1.yaml': helmReleaseYaml('bp-flux', ['bp-cert-manager']) } ,
      kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml']) });
    const result = await runCli(['check', '--format', 'json'], { cwd: root });
    const finding = JSON.parse(result.stdout).findings.find((item: { rule: string }) => item.rule === 'slot/unregistered-file');
    expect(finding.fix).toContain('add the line "  - "03-bp-flux #1.yaml"" under resources:');
  });

  it('the suggested dependsOn line quotes a name YAML would read as something else', async () => {
    const root = buildRepo({
      expected: 'slots:\n  - slot: 1\n    name: bp-cilium\n    depends_on: []\n  - slot: 2\n    name: bp-cert-manager\n    depends_on: [bp-cilium, "a: b"]\n  - slot: 3\n    name: "a: b"\n    depends_on: []\n',
    });
    const result = await runCli(['check', '--format', 'json'], { cwd: root });
    const finding = JSON.parse(result.stdout).findings.find((item: { rule: string }) => item.rule === 'drift/missing-edge');
    expect(finding.fix).toContain('add "- name: "a: b"" to spec.dependsOn');
  });
});

describe('plain text check output at scale', () => {
  it('160,000 DAG entries in their own waves: no stack overflow from Math.max(...list)', () => {
    const dag: DagEntry[] = Array.from({ length: 160_000 }, (_, index) => ({
      slot: String(index), name: `bp-${index}`, wave: `w${index}`, present: true, declared: true, dependsOn: [], file: null,
    }));
    const report: Report = {
      schemaVersion: 1, tool: { name: 'bootstrap-deps', version: '0' }, kitDir: 'k', expectedFile: 'e', exitCode: 0,
      summary: { present: 160_000, expected: 160_000, deferred: 0, drift: 0, cycles: 0, errors: 0, warnings: 0 },
      findings: [], deferred: [], cycles: [], order: [], dag,
    };
    const text = formatText(report);
    expect(text).toContain('    [P] 159999bp-159999');
  });
});
