import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkJson, fixture, projectRoot, runCli } from './helpers.js';
import { buildRepo } from './repo-builder.js';

const CLUSTERS = fixture('clusters');

describe('options honoured, not ignored', () => {
  it('--quiet with --all-clusters prints the findings and the summary line, no table', async () => {
    const result = await runCli(['check', '--all-clusters', '--quiet'], { cwd: CLUSTERS });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('cluster    present');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAILED /);
  });
});

describe('help agrees with what runs', () => {
  it('check --help shows the command the pre-commit hook runs', async () => {
    const [hook] = parse(readFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string }[];
    const help = (await runCli(['check', '--help'])).stdout;
    expect(help).toMatch(new RegExp(`\\$ ${hook!.entry.replace(/[-.]/g, '\\$&')}\\n +what the pre-commit hook runs`));
    expect(help).not.toContain('--quiet --strict');
  });
});

describe('usage errors say what is wrong in one line', () => {
  for (const [typed, meant] of [['chek', 'check'], ['grpah', 'graph'], ['Check', 'check'], ['expalin', 'explain']]) {
    it(`a mistyped command (${typed}) is an unknown command, with did-you-mean`, async () => {
      const result = await runCli([typed!]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`error: unknown command '${typed}' (did you mean ${meant}?) — run 'bootstrap-deps --help' for the commands\n`);
    });
  }

  it('a first word that names a file or directory is a path for check, not a command', async () => {
    const result = await runCli(['clusters'], { cwd: fixture('repositories', 'kustomize-helm-example') });
    expect(result.stderr).not.toContain('unknown command');
    expect(result.stdout).toMatch(/HelmReleases \d+ · Kustomizations \d+/);
  });

  it('a word that is no command and close to none gets the list of commands', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.stderr).toBe("error: unknown command 'frobnicate' (commands: check, graph, order, explain, sync, diff, init, help) — run 'bootstrap-deps --help' for the commands\n");
  });

  it('an unknown option is one line that points at the subcommand\'s help', async () => {
    const result = await runCli(['check', '--kitdir', 'x']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: unknown option '--kitdir' (did you mean --kit-dir?) — run 'bootstrap-deps check --help' for usage\n");
    const graph = await runCli(['graph', '--xyzzy']);
    expect(graph.stderr).toBe("error: unknown option '--xyzzy' — run 'bootstrap-deps graph --help' for usage\n");
  });

  it('the JSON document of a usage error carries the same one line', async () => {
    const result = await runCli(['order', '--frmat', 'x', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ rule: 'input/usage', fix: "run 'bootstrap-deps order --help' for usage" });
  });
});

describe('no option is silently ignored', () => {
  for (const option of [['--kit-dir', 'clusters/alpha/bootstrap-kit'], ['--expected', 'x.yaml'], ['--slot-label', 'example.org/slot']]) {
    it(`diff refuses ${option[0]}, which it has no use for`, async () => {
      const result = await runCli(['diff', 'alpha', ...option], { cwd: CLUSTERS });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^error: unknown option '${option[0]}'.* — run 'bootstrap-deps diff --help' for usage\\n$`));
    });
  }

  it('graph refuses --depth without --focus', async () => {
    const result = await runCli(['graph', '--depth', '1'], { cwd: CLUSTERS });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: --depth counts hops from --focus, which is missing — pass --focus NAME too, or drop --depth\n');
  });

  it('check refuses --kit-dir with --all-clusters', async () => {
    const result = await runCli(['check', '--all-clusters', '--kit-dir', 'clusters/alpha/bootstrap-kit'], { cwd: CLUSTERS });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: --kit-dir and --all-clusters both choose the kits to check — pass one of them\n');
  });

  for (const command of [['sync'], ['order'], ['graph'], ['explain', 'bp-flux'], ['init']]) {
    it(`${command[0]} refuses a glob or a repeated --kit-dir: it reads one kit`, async () => {
      const glob = await runCli([...command, '--kit-dir', 'clusters/*/bootstrap-kit'], { cwd: CLUSTERS });
      expect(glob.code).toBe(3);
      expect(glob.stderr).toBe(`error: ${command[0]} reads one kit: --kit-dir takes one directory, not a glob or several — use check for several kits, or name one kit\n`);
      const twice = await runCli([...command, '--kit-dir', 'clusters/alpha/bootstrap-kit', '--kit-dir', 'clusters/beta/bootstrap-kit'], { cwd: CLUSTERS });
      expect(twice.code).toBe(3);
      expect(twice.stderr).toBe(glob.stderr);
    });
  }
});

describe('errors say where they looked and what to do', () => {
  it('a --kit-dir not found shows the resolved path, what it is relative to, and the path under --root that exists', async () => {
    const result = await runCli(['check', '--root', 'fixtures/clusters', '--kit-dir', 'clusters/alpha/bootstrap-kit']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: clusters/alpha/bootstrap-kit kit directory not found (${projectRoot}/clusters/alpha/bootstrap-kit: --kit-dir is relative to the working directory, not to --root) — did you mean --kit-dir fixtures/clusters/clusters/alpha/bootstrap-kit?\n`);
    const order = await runCli(['order', '--root', 'fixtures/clusters', '--kit-dir', 'clusters/alpha/bootstrap-kit']);
    expect(order.stderr).toBe(result.stderr);
  });

  it('a missing expected DAG mentions init', async () => {
    const root = buildRepo({ expected: null });
    for (const command of [['check'], ['order']]) {
      const result = await runCli(command, { cwd: root });
      expect(result.code).toBe(3);
      expect(result.stderr).toBe('error: scripts/expected-bootstrap-deps.yaml expected DAG file not found — pass --expected FILE, or run from the repository (or pass --root DIR); to write a first one from the kit, run bootstrap-deps init\n');
    }
  });

  it('diff with a wrong cluster name suggests the close one and lists the clusters', async () => {
    const result = await runCli(['diff', 'alpah'], { cwd: CLUSTERS });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: no kit for cluster alpah (clusters/alpah/bootstrap-kit) — did you mean alpha? Clusters with a kit: _template, alpha, beta, gamma\n');
    const far = await runCli(['diff', 'zzz'], { cwd: CLUSTERS });
    expect(far.stderr).toBe('error: no kit for cluster zzz (clusters/zzz/bootstrap-kit) — name one of the clusters with a kit: _template, alpha, beta, gamma\n');
  });
});

describe('text output for people', () => {
  it('wraps findings to the terminal width at word boundaries, keeping the hanging indent', async () => {
    const result = await runCli(['check'], { cwd: fixture('cases', 'slot60-depends-on-mgmt-vcluster'), env: { COLUMNS: '60' } });
    const findings = result.stdout.split('\n\n')[0]!.split('\n');
    expect(findings).toEqual([
      'clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml',
      '  34:7    error    bp-vcluster-helmrepo depends on',
      '                   bp-mgmt-vcluster, which the expected DAG',
      '                   does not declare  drift/extra-edge',
      '                   fix: remove it from spec.dependsOn, or',
      '                        add bp-mgmt-vcluster to depends_on',
      '                        of bp-vcluster-helmrepo',
      '                        (scripts/expected-bootstrap-deps.yaml:18)',
    ]);
  });

  it('without a known width, a finding stays on one line', async () => {
    const result = await runCli(['check'], { cwd: fixture('cases', 'slot60-depends-on-mgmt-vcluster') });
    expect(result.stdout).toContain('  34:7    error    bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare  drift/extra-edge\n');
  });

  it('order wraps a long install level at the terminal width, under its first name; piped, one line a level', async () => {
    const cwd = fixture('sovereign');
    const wrapped = (await runCli(['order'], { cwd, env: { COLUMNS: '60' } })).stdout.split('\n');
    expect(wrapped.slice(1, 4)).toEqual([
      '   0  bp-cilium, bp-cluster-autoscaler-hcloud,',
      '      bp-hcloud-ccm, bp-reloader, bp-vpa',
      '   1  bp-cert-manager, bp-falco, bp-hcloud-csi, bp-kyverno',
    ]);
    expect(wrapped.filter((line) => line.startsWith('   ') && line.length > 60)).toEqual([]);
    const piped = (await runCli(['order'], { cwd })).stdout.split('\n');
    expect(piped[1]).toBe('   0  bp-cilium, bp-cluster-autoscaler-hcloud, bp-hcloud-ccm, bp-reloader, bp-vpa');
    // The same names in the same order, only broken into lines.
    const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean);
    expect(words(wrapped)).toEqual(words(piped));
  });

  it('the repository order wraps levels, teardown, the estimate and its critical path; colour codes take no columns', async () => {
    const cwd = fixture('repositories', 'kustomize-helm-example');
    const plain = (await runCli(['order', '--root', cwd], { cwd, env: { COLUMNS: '50' } })).stdout;
    expect(plain).toContain('   1  HelmRelease cert-manager/cert-manager,\n      HelmRelease ingress-nginx/ingress-nginx\n');
    expect(plain).toContain('Cold start: 5 levels × 30 s dependency requeue =\n  2 min 30 s, if every level waited a requeue;');
    // A duration is never split across lines (it was `11 min 30` then `s`).
    expect(plain).toContain('  worst case along the critical path:\n    11 min 30 s (');
    expect(plain).toContain('  Kustomization flux-system/infra-controllers 5 min →\n  30 s requeue → Kustomization flux-system/infra-configs');
    const coloured = (await runCli(['order', '--root', cwd, '--color'], { cwd, env: { COLUMNS: '50' } })).stdout;
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    const piped = (await runCli(['order', '--root', cwd], { cwd })).stdout;
    expect(piped).toContain('   1  HelmRelease cert-manager/cert-manager, HelmRelease ingress-nginx/ingress-nginx\n');
    expect(piped.split('\n').filter((line) => line.startsWith('Cold start:'))).toHaveLength(1);
  });

  const SOVEREIGN = fixture('sovereign');
  const REPOSITORY = fixture('repositories', 'kustomize-helm-example');
  for (const command of [['graph', '--format', 'text'], ['order'], ['explain', 'bp-harbor'], ['diff', 'gamma'], ['sync'], ['order', '--root', REPOSITORY], ['explain', 'podinfo', '--root', REPOSITORY]]) {
    it(`${command.join(' ')} follows check's colour rules: flag, FORCE_COLOR, NO_COLOR, TTY`, async () => {
      const cwd = command[0] === 'diff' ? CLUSTERS : command[0] === 'sync' ? fixture('cases', 'slot60-depends-on-mgmt-vcluster') : SOVEREIGN;
      const ansi = '\u001b[';
      expect((await runCli(command, { cwd })).stdout).not.toContain(ansi);
      expect((await runCli([...command, '--color'], { cwd })).stdout).toContain(ansi);
      expect((await runCli(command, { cwd, isTTY: true })).stdout).toContain(ansi);
      expect((await runCli(command, { cwd, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ansi);
      expect((await runCli([...command, '--no-color'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ansi);
      expect((await runCli(command, { cwd, env: { FORCE_COLOR: '1' } })).stdout).toContain(ansi);
    });
  }

  it('graph --format text is column-aligned like check\'s DAG', async () => {
    const result = await runCli(['graph', '--format', 'text', '--focus', 'bp-vcluster-helmrepo', '--depth', '1'], { cwd: SOVEREIGN });
    expect(result.stdout).toBe('[P] present  [.] deferred  [!] not declared\npresent\n  [P] 03  bp-flux               (+6 edges beyond the view)\nW3.vcluster\n  [P] 60  bp-vcluster-helmrepo  → bp-flux\n');
    const arrows = (await runCli(['graph', '--format', 'text'], { cwd: SOVEREIGN })).stdout.split('\n').filter((line) => line.includes('→'));
    expect(new Set(arrows.map((line) => line.indexOf('→'))).size).toBe(1);
  });

  it('a slot of four digits or more is not glued to the name after it (check\'s DAG and graph text)', async () => {
    const { helmReleaseYaml } = await import('./repo-builder.js');
    const root = buildRepo({
      kit: { '1000-bp-late.yaml': helmReleaseYaml('bp-late', ['bp-cilium']) },
      expected: 'slots:\n  - slot: 1\n    name: bp-cilium\n    depends_on: []\n  - slot: 2\n    name: bp-cert-manager\n    depends_on: [bp-cilium]\n  - slot: 1000\n    name: bp-late\n    depends_on: [bp-cilium]\n',
    });
    const check = await runCli(['check'], { cwd: root });
    expect(check.stdout).toContain('    [P] 1000 bp-late');
    expect(check.stdout).toMatch(/\[P\] 01 {3}bp-cilium/);
    const graph = await runCli(['graph', '--format', 'text'], { cwd: root });
    expect(graph.stdout).toContain('  [P] 1000 bp-late');
  });
});

describe('init and the expected file', () => {
  it('init on a kit with a cycle warns that it wrote the cycle into the new DAG', async () => {
    const { helmReleaseYaml } = await import('./repo-builder.js');
    const root = buildRepo({
      expected: null,
      kit: { '03-bp-a.yaml': helmReleaseYaml('bp-a', ['bp-b']), '04-bp-b.yaml': helmReleaseYaml('bp-b', ['bp-a']) },
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, '.git'));
    const result = await runCli(['init'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe([
      'wrote scripts/expected-bootstrap-deps.yaml with 4 slots',
      'warning: clusters/_template/bootstrap-kit/03-bp-a.yaml:10:7 the kit has a dependency cycle, now also in the expected DAG: bp-a → bp-b → bp-a — remove one of these dependencies from the kit and from scripts/expected-bootstrap-deps.yaml',
      '',
    ].join('\n'));
  });

  it('a missing name: is located at its entry', async () => {
    const root = buildRepo({ expected: 'slots:\n  - slot: 1\n    name: bp-cilium\n  - slot: 2\n    depends_on: [bp-cilium]\n' });
    const result = await runCli(['check'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: scripts\/expected-bootstrap-deps\.yaml:4:5 slots\[1\]\.name: /);
  });

  it('an unknown key gets did-you-mean', async () => {
    const root = buildRepo({ expected: 'slots:\n  - slot: 1\n    name: bp-cilium\n  - slot: 2\n    name: bp-cert-manager\n    depends-on: [bp-cilium]\n' });
    const { report } = await checkJson(root);
    expect(report.findings.find((finding) => finding.rule === 'expected/unknown-key')).toMatchObject({
      message: 'unknown key slots[1].depends-on',
      fix: 'did you mean depends_on? (a key this file does not know is ignored, not checked)',
      line: 6,
    });
  });
});
