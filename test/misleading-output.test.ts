// Issue 13: output that misleads: a raw trace from a deleted directory, control
// characters that rewrite the terminal, pasted YAML that means something else.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatText } from '../src/report/text.js';
import type { DagEntry, Report } from '../src/report/report.js';
import { binPath, hasCommand, KIT, runCli, temporaryDirectory } from './helpers.js';
import { BASE_EXPECTED, buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

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

describe('every command that prints names for a terminal prints them escaped', () => {
  const hostileName = 'bp-evil\u001b[2K\u001b[1A\nPASSED';
  const shown = 'bp-evil\\x1b[2K\\x1b[1A\\nPASSED';

  /** bp-evil (ESC, a newline) depends on bp-cert-manager and is depended on by bp-flux; its file name holds an ESC too. */
  function hostileRepo(): string {
    return buildRepo({
      kit: {
        '03-bp-evil\u001b[2K.yaml': helmReleaseYaml('bp-evil', ['bp-cert-manager']).replace('name: bp-evil', `name: ${JSON.stringify(hostileName)}`),
        '04-bp-flux.yaml': helmReleaseYaml('bp-flux', [hostileName]).replace(`name: ${hostileName}`, `name: ${JSON.stringify(hostileName)}`),
      },
    });
  }

  /** No raw control character, the escaped name present, and no line starting with the injected text. */
  function expectEscaped(output: string): void {
    expect(output.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(output).toContain(shown);
    expect(output.split('\n').filter((line) => line.startsWith('PASSED'))).toEqual([]);
  }

  it.each([
    [['graph', '--format', 'text']],
    [['graph', '--format', 'text', '--color']],
    [['graph', '--format', 'mermaid']],
    [['order']],
    [['order', '--color']],
    [['explain', 'bp-cert-manager']],
    [['explain', 'bp-flux', '--color']],
    [['explain', hostileName]],
  ])('%j', async (args) => {
    const result = await runCli(args, { cwd: hostileRepo() });
    expect(result.stderr).toBe('');
    expectEscaped(result.stdout);
  });

  it('graph --format text pads by the escaped width, so the arrows still line up', async () => {
    const result = await runCli(['graph', '--format', 'text'], { cwd: hostileRepo() });
    const arrows = result.stdout.split('\n').filter((line) => line.includes('→')).map((line) => line.indexOf('→'));
    expect(new Set(arrows).size).toBe(1);
  });

  it('explain of a name that does not exist echoes it escaped', async () => {
    const result = await runCli(['explain', 'bp-nope\u001b[2K'], { cwd: hostileRepo() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: no HelmRelease named bp-nope\\x1b\[2K — /);
  });

  it('graph --focus and diff echo an unknown name escaped', async () => {
    const root = hostileRepo();
    const focus = await runCli(['graph', '--focus', 'bp-nope\u001b[2K'], { cwd: root });
    expect(focus.code).toBe(3);
    expect(focus.stderr).toMatch(/^error: no HelmRelease named bp-nope\\x1b\[2K — /);
    const diff = await runCli(['diff', 'nope\u001b[2K'], { cwd: root });
    expect(diff.code).toBe(3);
    expect(diff.stderr).toMatch(/^error: no kit for cluster nope\\x1b\[2K /);
  });

  it('dot: labels show the escape (the backslash doubled for DOT), and a newline no longer merges two names into one node', async () => {
    const root = hostileRepo();
    const result = await runCli(['graph', '--format', 'dot'], { cwd: root });
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stdout).toContain(`[label="03 ${shown.replace(/\\/g, '\\\\')}"`);
    const dot = await import('../src/graph/dot.js');
    const view = { nodes: [{ name: 'a\nb', slot: null, wave: 'w', status: 'present' as const }, { name: 'a b', slot: null, wave: 'w', status: 'present' as const }], edges: [], waves: ['w'] };
    const ids = dot.formatDot(view).split('\n').filter((line) => line.includes('[label=')).map((line) => line.trim().split(' [')[0]);
    expect(ids).toEqual(['"a\\\\nb"', '"a b"']);
    // A backslash and an n in a name is not a newline: two nodes, the backslash shown doubled.
    const lookalikes = { nodes: [{ name: 'x\ny', slot: null, wave: 'w', status: 'present' as const }, { name: 'x\\ny', slot: null, wave: 'w', status: 'present' as const }], edges: [{ from: 'x\ny', to: 'x\\ny', kind: 'agreed' as const }], waves: ['w'] };
    const drawn = dot.formatDot(lookalikes);
    expect(drawn).toContain('  "x\\\\ny" -> "x\\\\\\\\ny";\n');
    // Its label shows the backslash once, as the text format does.
    expect(drawn).toContain('    "x\\\\\\\\ny" [label="x\\\\ny"];\n');
  });

  it.runIf(hasCommand('dot'))('dot: Graphviz renders the escaped label as text', async () => {
    const result = await runCli(['graph', '--format', 'dot'], { cwd: hostileRepo() });
    const svg = spawnSync('dot', ['-Tsvg'], { input: result.stdout, encoding: 'utf8' });
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('>03 bp&#45;evil\\x1b[2K\\x1b[1A\\nPASSED</text>');
  });

  it('diff: names and file names from either kit are escaped', async () => {
    const root = hostileRepo();
    mkdirSync(join(root, 'clusters/other'), { recursive: true });
    cpSync(join(root, KIT), join(root, 'clusters/other/bootstrap-kit'), { recursive: true });
    rmSync(join(root, 'clusters/other/bootstrap-kit/03-bp-evil\u001b[2K.yaml'));
    const result = await runCli(['diff', 'other'], { cwd: root });
    expect(result.code).toBe(1);
    expectEscaped(result.stdout);
    expect(result.stdout).toContain('03-bp-evil\\x1b[2K.yaml');
  });

  it('sync: on a terminal the diff shows an ESC from the file escaped; piped, it stays byte for byte', async () => {
    const expected = `${BASE_EXPECTED.replace('    name: bp-cert-manager\n', '    name: bp-cert-manager # evil \u001b[2K\u001b[1A\n')}`;
    const root = buildRepo({ expected, kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager') } });
    const terminal = await runCli(['sync', '--no-color'], { cwd: root, isTTY: true });
    expect(terminal.code).toBe(1);
    expect(terminal.stdout).not.toContain('\u001b');
    expect(terminal.stdout).toContain('     name: bp-cert-manager # evil \\x1b[2K\\x1b[1A\n-    depends_on: [bp-cilium]');
    const piped = await runCli(['sync'], { cwd: root });
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain('     name: bp-cert-manager # evil \u001b[2K\u001b[1A\n-    depends_on: [bp-cilium]');
  });

  it('printableName and printable share one escaper: a name reads the same in a message and in a table', async () => {
    const { printableName } = await import('../src/model/names.js');
    const { printable } = await import('../src/report/printable.js');
    expect(printableName(hostileName)).toBe(`"${shown}"`);
    expect(printable(hostileName)).toBe(shown);
    expect(printableName('bp-\u0441ilium')).toBe('"bp-\\u0441ilium"');
    expect(printableName('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(printableName('bp-cilium')).toBe('bp-cilium');
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
    expect(text).toContain('    [P] 159999 bp-159999');
  });
});

// A trial's note: a repository whose Kustomizations apply an OCI artifact passed with nothing but `skipped` in the
// JSON to say that what they apply was never read. A whole-repository check in text now says so on stderr.
describe('PASSED is not "everything checked"', () => {
  const sync = (name: string, source: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: ${source}\n`;
  const repo = (files: Record<string, string>) => {
    const root = temporaryDirectory();
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('a full check notes on stderr what Flux applies that it could not read; --quiet, JSON and Flux\'s own manifests do not', async () => {
    const root = repo({
      'clusters/main/flux-system/gotk-sync.yaml': `${sync('flux-system', 'GitRepository\n    name: flux-system')}`.replace('path: ./', 'path: ./clusters/main'),
      'clusters/main/apps.yaml': sync('apps', 'OCIRepository\n    name: apps'),
      'clusters/main/flux.yaml': sync('flux', 'OCIRepository\n    name: flux-manifests'),
    });
    const text = await runCli(['check'], { cwd: root });
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('note: not audited in full (Flux Kustomizations whose source is not this repository (OCIRepository): what they apply is not read): clusters/main/apps.yaml\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).stderr).toBe('');
    // A named path that holds the whole root judges all of it: the same note (a review's probe: `check .` listed every
    // reason as "not judged"); a narrower one says what it did not judge there.
    expect((await runCli(['check', '.'], { cwd: root })).stderr).toBe(text.stderr);
    expect((await runCli(['check', 'clusters/main/flux.yaml'], { cwd: root })).stderr).toBe('note: not judged (Flux Kustomizations of Flux\'s own manifests (OCIRepository flux-manifests): not read): clusters/main/flux.yaml\n');
    const json = await runCli(['check', '--format', 'json'], { cwd: root });
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as Report).flux!.skipped.map((skip) => [skip.reason, skip.incomplete ?? false])).toEqual([
      ['Flux Kustomizations of Flux\'s own manifests (OCIRepository flux-manifests): not read', false],
      ['Flux Kustomizations whose source is not this repository (OCIRepository): what they apply is not read', true],
    ]);
  });
});
