import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/sync/unified-diff.js';
import { expectGolden } from './golden.js';
import { copyFixture, EXPECTED, fixture, hasCommand, KIT, runCli, temporaryDirectory } from './helpers.js';
import { helmReleaseYaml, kustomizationYaml, repositoryOf } from './repo-builder.js';

const SOVEREIGN = fixture('sovereign');

describe('graph', () => {
  for (const [format, file] of [['mermaid', 'sovereign.graph.mmd'], ['dot', 'sovereign.graph.dot'], ['json', 'sovereign.graph.json'], ['text', 'sovereign.graph.txt']]) {
    it(`--format ${format} matches its golden file`, async () => {
      const result = await runCli(['graph', '--format', format!], { cwd: SOVEREIGN });
      expect(result.code).toBe(0);
      expectGolden(file!, result.stdout);
    });
  }

  it('marks drift edges and deferred slots', async () => {
    const result = await runCli(['graph', '--format', 'mermaid'], { cwd: fixture('cases', 'cycle-merged-only') });
    expect(result.stdout).toContain('n1 -->|extra| n0');
    expect(result.stdout).toContain('linkStyle 1 stroke:#c00,stroke-width:2px');
    const text = await runCli(['graph', '--format', 'text'], { cwd: fixture('cases', 'drift-missing-edge') });
    expect(text.stdout).toContain('[P] 58  bp-mgmt-vcluster      → bp-cert-manager (missing on disk), bp-cilium');
    const deferred = await runCli(['graph', '--format', 'dot'], { cwd: fixture('cases', 'deferred-slot') });
    expect(deferred.stdout).toContain('"bp-continuum" [label="62 bp-continuum", style="dashed", fontcolor="gray40", color="gray40"];');
  });

  it('mermaid past 500 edges (Mermaid\'s maxEdges) says so on stderr, with the ways to a drawing; below, nothing', async () => {
    // A repository of 260 HelmReleases, each depending on the two before it: 517 edges.
    const files: Record<string, string> = {};
    for (let index = 0; index < 260; index += 1) {
      const before = [index - 1, index - 2].filter((at) => at >= 0).map((at) => `app-${at}`);
      files[`apps/app-${index}.yaml`] = helmReleaseYaml(`app-${index}`, before);
    }
    const many = repositoryOf(files);
    const result = await runCli(['graph', '--format', 'mermaid', '--root', many], { cwd: many });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(result.stderr).toBe('note: 517 edges: Mermaid draws at most 500 by default (maxEdges), so GitHub and mermaid.live show "Edge limit exceeded" — narrow it with --focus NAME --depth N, or use --format svg or dot\n');
    const focused = await runCli(['graph', '--format', 'mermaid', '--root', many, '--focus', 'app-100', '--depth', '2'], { cwd: many });
    expect(focused.stderr).toBe('');
    const kit = await runCli(['graph', '--format', 'mermaid'], { cwd: SOVEREIGN });
    expect(kit.stderr).toBe('');
    // A kit of 260 slots drawn the same way: the same note.
    const bigKit = temporaryDirectory();
    mkdirSync(join(bigKit, KIT), { recursive: true });
    mkdirSync(join(bigKit, 'scripts'));
    const slotFiles: string[] = [];
    const expected = ['slots:'];
    for (let index = 0; index < 260; index += 1) {
      const before = [index - 1, index - 2].filter((at) => at >= 0).map((at) => `bp-app-${at}`);
      slotFiles.push(`${index + 1}-bp-app-${index}.yaml`);
      writeFileSync(join(bigKit, KIT, slotFiles.at(-1)!), helmReleaseYaml(`bp-app-${index}`, before));
      expected.push(`  - slot: ${index + 1}`, `    name: bp-app-${index}`, `    depends_on: [${before.join(', ')}]`);
    }
    writeFileSync(join(bigKit, KIT, 'kustomization.yaml'), kustomizationYaml(slotFiles));
    writeFileSync(join(bigKit, EXPECTED), `${expected.join('\n')}\n`);
    const kitResult = await runCli(['graph', '--format', 'mermaid'], { cwd: bigKit });
    expect(kitResult.code).toBe(0);
    expect(kitResult.stderr).toMatch(/^note: 517 edges: Mermaid draws at most 500/);
  });

  it('--focus and --depth keep only the neighbourhood', async () => {
    const result = await runCli(['graph', '--format', 'text', '--focus', 'bp-vcluster-helmrepo', '--depth', '1'], { cwd: SOVEREIGN });
    expect(result.stdout).toBe('[P] present  [.] deferred  [!] not declared\npresent\n  [P] 03  bp-flux               (+6 edges beyond the view)\nW3.vcluster\n  [P] 60  bp-vcluster-helmrepo  → bp-flux\n');
    const unknown = await runCli(['graph', '--focus', 'bp-nope'], { cwd: SOVEREIGN });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('error: no HelmRelease named bp-nope — pass --focus the metadata.name of a HelmRelease or expected slot\n');
    const misspelt = await runCli(['graph', '--focus', 'bp-harbr'], { cwd: SOVEREIGN });
    expect(misspelt.stderr).toBe('error: no HelmRelease named bp-harbr — did you mean --focus bp-harbor?\n');
    const badDepth = await runCli(['graph', '--focus', 'bp-flux', '--depth', 'two'], { cwd: SOVEREIGN });
    expect(badDepth.code).toBe(3);
  });

  it('graph text and dot mark what lies on a cycle, and still exit 0 (they drew it)', async () => {
    const root = fixture('cases', 'cycle-three-nodes');
    const text = await runCli(['graph', '--format', 'text'], { cwd: root });
    expect(text.stdout).toContain('\n  [P] 01  bp-a (in a cycle)  → bp-c\n');
    expect(text.stdout).toContain('\n  [P] 04  bp-d\n');
    expect(text.code).toBe(0);
    const dot = await runCli(['graph', '--format', 'dot'], { cwd: root });
    expect(dot.stdout).toContain('    "bp-a" [label="01 bp-a", peripheries=2, fontcolor="purple3", color="purple3"];\n');
    expect(dot.stdout).toContain('    "bp-d" [label="04 bp-d"];\n');
    // A node's status colour survives the cycle mark (Graphviz keeps the last color= it reads).
    const { formatDot } = await import('../src/graph/dot.js');
    const view = { nodes: [{ name: 'a', slot: null, wave: 'w', status: 'undeclared' as const }, { name: 'b', slot: null, wave: 'w', status: 'deferred' as const }], edges: [], waves: ['w'] };
    const drawn = formatDot(view, undefined, undefined, new Set(['a', 'b']));
    expect(drawn).toContain('    "a" [label="a", color="red3", penwidth=2, peripheries=2, fontcolor="purple3"];\n');
    expect(drawn).toContain('    "b" [label="b", style="dashed", fontcolor="gray40", color="gray40", peripheries=2];\n');
  });

  it('graph --focus --depth says where text cut the edges of what it shows', async () => {
    const { stdout } = await runCli(['graph', '--root', fixture('sovereign'), '--format', 'text', '--focus', 'bp-keycloak', '--depth', '1'], { cwd: fixture('sovereign') });
    expect(stdout).toContain('\n  [P] 09  bp-keycloak      → bp-cert-manager\n');
    expect(stdout).toContain('\n  [P] 10  bp-gitea         → bp-keycloak (+1 edge beyond the view)\n');
    expect(stdout).toContain('\n  [P] 02  bp-cert-manager  (+21 edges beyond the view)\n');
  });

  it.skipIf(!hasCommand('dot'))('dot -Tsvg renders the DOT output (skipped without Graphviz dot)', async () => {
    const { stdout } = await runCli(['graph', '--format', 'dot'], { cwd: SOVEREIGN });
    const svg = execFileSync('dot', ['-Tsvg'], { input: stdout, encoding: 'utf8' });
    expect(svg).toContain('<svg');
    expect(svg).toContain('60 bp&#45;vcluster&#45;helmrepo'); // dot escapes '-' in SVG text
  });

  it('HelmReleases the expected DAG does not declare are grouped apart (text and DOT)', async () => {
    const cwd = fixture('cases', 'formatter-showcase');
    const text = await runCli(['graph', '--format', 'text'], { cwd });
    expect(text.stdout).toContain('(not declared)\n  [!] 61  bp-odd,name%1         → bp-flux (not declared)\n  [!] --  bp-mgmt-vcluster\n');
    const dot = await runCli(['graph', '--format', 'dot'], { cwd });
    expect(dot.stdout).toMatch(/label="\(not declared\)";\n {4}"bp-odd,name%1"/);
  });

  it('--output writes the file atomically; an unwritable place is exit 3 with one line', async () => {
    const dir = temporaryDirectory();
    const written = await runCli(['graph', '--output', join(dir, 'kit.mmd')], { cwd: SOVEREIGN });
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(join(dir, 'kit.mmd'), 'utf8')).toBe((await runCli(['graph'], { cwd: SOVEREIGN })).stdout);
    expect(readdirSync(dir)).toEqual(['kit.mmd']);
    const failed = await runCli(['graph', '--output', join(dir, 'missing', 'kit.mmd')], { cwd: SOVEREIGN });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toBe(`error: ${join(dir, 'missing', 'kit.mmd')} cannot write the output (ENOENT) — check that the directory exists and is writable\n`);
  });
});

describe('order', () => {
  it('prints the levels and the real longest chain of the embedded default', async () => {
    const result = await runCli(['order'], { cwd: SOVEREIGN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('   0  bp-cilium, bp-cluster-autoscaler-hcloud, bp-hcloud-ccm, bp-reloader, bp-vpa\n');
    expect(result.stdout).toContain('Longest chain: 6 HelmReleases (5 dependsOn edges)\n  bp-cilium → bp-cert-manager → bp-spire → bp-openbao → bp-external-secrets → bp-external-secrets-stores\n');
  });

  it('--format json gives levels, the chain and each depth', async () => {
    const result = await runCli(['order', '--format', 'json'], { cwd: SOVEREIGN });
    const order = JSON.parse(result.stdout);
    expect(order.longestChain).toEqual({ length: 6, edges: 5, chain: ['bp-cilium', 'bp-cert-manager', 'bp-spire', 'bp-openbao', 'bp-external-secrets', 'bp-external-secrets-stores'], deferred: [] });
    expect(order.depth['bp-vcluster-helmrepo']).toBe(3);
    expect(order.levels).toHaveLength(6);
    expect(order.deferred).toEqual(['bp-stunner', 'bp-knative', 'bp-kserve', 'bp-vllm']);
  });

  it('with a cycle, says where and exits 2', async () => {
    const result = await runCli(['order'], { cwd: fixture('cases', 'cycle-three-nodes') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: dependency cycle: bp-a → bp-c → bp-b → bp-a — remove one of these dependencies; install order is undefined until then\n');
  });
});

describe('explain', () => {
  it('tells why a HelmRelease installs when it does', async () => {
    const result = await runCli(['explain', 'bp-harbor'], { cwd: SOVEREIGN });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'bp-harbor: slot 19, wave W2.K1, present',
      `  declared at      ${EXPECTED}:84`,
      `  on disk at       ${KIT}/19-bp-harbor.yaml:24`,
      '  install level    4 (levels run 0 to 5; installs after 5 HelmReleases)',
      '  depends on       bp-cert-manager, bp-cnpg, bp-seaweedfs',
      '    and through them bp-cilium, bp-flux',
      '  needed by        nothing',
      '  longest chain through it (5): bp-cilium → bp-cert-manager → bp-flux → bp-cnpg → bp-harbor',
      '  findings         none',
      '',
    ].join('\n'));
  });

  it('suggests the closest name for a typo', async () => {
    const result = await runCli(['explain', 'bp-harbour'], { cwd: SOVEREIGN });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: no HelmRelease named bp-harbour — did you mean bp-harbor?\n');
  });

  it('a deferred slot: declared, not on disk yet', async () => {
    const result = await runCli(['explain', 'bp-stunner'], { cwd: SOVEREIGN });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'bp-stunner: slot 36, wave W2.K4, deferred',
      `  declared at      ${EXPECTED}:155`,
      '  on disk at       not in the kit yet (deferred)',
    ]);
  });

  it('an undeclared HelmRelease, with its findings (JSON)', async () => {
    const result = await runCli(['explain', 'bp-odd,name%1', '--format', 'json'], { cwd: fixture('cases', 'formatter-showcase') });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'undeclared', slot: '61', wave: null, declaredAt: null, dependsOn: ['bp-flux'],
      findings: [
        `slot/unregistered-file ${KIT}/61-bp-odd,50%.yaml:1 61-bp-odd,50%.yaml is not listed in resources: of kustomization.yaml, so Flux never applies it`,
        `drift/undeclared-hr ${KIT}/61-bp-odd,50%.yaml:24 bp-odd,name%1 is not declared in the expected DAG`,
        `name/invalid ${KIT}/61-bp-odd,50%.yaml:24 HelmRelease name bp-odd,name%1 is not a valid Kubernetes name: it contains the character ","`,
      ],
    });
  });

  it('on a cycle: no install level exists, exit 2 with the cycle; an unknown name without a close one', async () => {
    const cycle = await runCli(['explain', 'bp-a'], { cwd: fixture('cases', 'cycle-three-nodes') });
    expect(cycle.code).toBe(2);
    // The cycle is part of the answer (stdout), not a refusal to give one.
    expect(cycle.stdout).toContain('  install level    none: it is on a dependency cycle, so Flux never installs it\n');
    expect(cycle.stdout).toContain('  cycles           bp-a → bp-c → bp-b → bp-a\n');
    const unknown = await runCli(['explain', 'bp-zzzzzzzz'], { cwd: SOVEREIGN });
    expect(unknown.stderr).toBe('error: no HelmRelease named bp-zzzzzzzz — pass the metadata.name of a HelmRelease or expected slot\n');
  });
});

describe('sync and init in a repository without a bootstrap kit', () => {
  it('say in one line what they are for and what audits such a repository (exit 3, nothing written)', async () => {
    const root = copyFixture(fixture('repositories', 'home-ops'));
    for (const command of ['sync', 'init']) {
      const { stderr, code } = await runCli([command, '--root', root], { cwd: root });
      expect(stderr, command).toBe(`error: ${command} works on a bootstrap kit and its expected DAG, and this repository has no kit at clusters/_template/bootstrap-kit — pass --kit-dir DIR for a kit elsewhere; a repository's Flux objects are audited by check, graph, order and explain, which need no kit\n`);
      expect(code, command).toBe(3);
    }
    expect(readdirSync(root)).not.toContain('scripts');
  });
});

describe('sync', () => {
  /** A copy of the embedded default with three drifts: an extra edge, a missing edge, a new slot. */
  function driftedCopy() {
    const root = copyFixture(SOVEREIGN);
    const edit = (file: string, from: string, to: string) => {
      const path = join(root, KIT, file);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(from);
      writeFileSync(path, text.replace(from, to));
    };
    edit('19-bp-harbor.yaml', '    - name: bp-cert-manager\n', '    - name: bp-cert-manager\n    - name: bp-valkey\n');
    edit('25-bp-grafana.yaml', '    - name: bp-keycloak\n', '');
    writeFileSync(join(root, KIT, '61-bp-sandbox.yaml'), helmReleaseYaml('bp-sandbox', ['bp-vcluster-helmrepo', 'bp-catalyst-platform']));
    edit('kustomization.yaml', '  - 60-bp-vcluster-helmrepo.yaml\n', '  - 60-bp-vcluster-helmrepo.yaml\n  - 61-bp-sandbox.yaml\n');
    return root;
  }

  it('without --write prints a unified diff and exits 1', async () => {
    const root = driftedCopy();
    const result = await runCli(['sync'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^--- a\/scripts\/expected-bootstrap-deps.yaml\n\+\+\+ b\/scripts\/expected-bootstrap-deps.yaml\n@@ /);
    expect(result.stderr).toBe('3 changes pending — run with --write to apply\n');
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toBe(readFileSync(join(SOVEREIGN, EXPECTED), 'utf8'));
  });

  it('--write fixes exactly the three drifts, keeps every comment, and passes check; twice changes nothing', async () => {
    const root = driftedCopy();
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(1);
    const original = readFileSync(join(root, EXPECTED), 'utf8');
    const result = await runCli(['sync', '--write'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe([
      'bp-harbor: depends_on [bp-cnpg, bp-seaweedfs, bp-cert-manager] → [bp-cert-manager, bp-cnpg, bp-seaweedfs, bp-valkey]',
      'bp-grafana: depends_on [bp-cnpg, bp-loki, bp-mimir, bp-tempo, bp-keycloak] → [bp-cnpg, bp-loki, bp-mimir, bp-tempo]',
      'added bp-sandbox (slot 61, wave present)',
      `wrote ${EXPECTED}`,
      '',
    ].join('\n'));
    const synced = readFileSync(join(root, EXPECTED), 'utf8');
    const changed = unifiedDiff(original, synced, EXPECTED).split('\n').filter((line) => /^[-+][^-+]/.test(line));
    expect(changed).toEqual([
      '-    depends_on: [bp-cnpg, bp-seaweedfs, bp-cert-manager]',
      '+    depends_on: [bp-cnpg, bp-seaweedfs, bp-cert-manager, bp-valkey]',
      '-    depends_on: [bp-cnpg, bp-loki, bp-mimir, bp-tempo, bp-keycloak]',
      '+    depends_on: [bp-cnpg, bp-loki, bp-mimir, bp-tempo]',
      '+  - slot: 61',
      '+    name: bp-sandbox',
      '+    depends_on: [bp-catalyst-platform, bp-vcluster-helmrepo]',
      '+    wave: present',
    ]);
    const comments = (text: string) => text.split('\n').filter((line) => line.trimStart().startsWith('#'));
    expect(comments(synced)).toEqual(comments(original));
    expect((await runCli(['check', '--quiet'], { cwd: root })).stdout).toMatch(/^PASSED Present 50 /);
    const again = await runCli(['sync', '--write'], { cwd: root });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`${EXPECTED} already agrees with the kit\n`);
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toBe(synced);
  });

  it('--prune removes deferred entries; without it they stay', async () => {
    const root = copyFixture(SOVEREIGN);
    expect((await runCli(['sync'], { cwd: root })).code).toBe(0);
    const result = await runCli(['sync', '--write', '--prune'], { cwd: root });
    expect(result.stderr).toContain('removed bp-stunner (not in the kit)\n');
    const text = readFileSync(join(root, EXPECTED), 'utf8');
    expect(text).not.toContain('bp-kserve');
    expect((await runCli(['check', '--format', 'json'], { cwd: root })).stdout).toContain('"deferred": 0');
  });
});

describe('init', () => {
  it('writes a first expected DAG that check passes, and refuses to overwrite without --force', async () => {
    const root = copyFixture(SOVEREIGN);
    rmSync(join(root, 'scripts'), { recursive: true });
    // Without the expected file, the root is the git top level (per the contract).
    mkdirSync(join(root, '.git'));
    const result = await runCli(['init'], { cwd: join(root, KIT) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`wrote ../../../${EXPECTED} with 49 slots\n`);
    const text = readFileSync(join(root, EXPECTED), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/bootstrap-deps\/schemas\/expected-bootstrap-deps\.schema\.json\n# The dependency DAG this team intends/);
    expect(text).toContain('  - slot: "15a"\n    name: bp-external-secrets-stores\n    depends_on: [bp-external-secrets, bp-openbao]\n    wave: present\n');
    const check = await runCli(['check', '--quiet'], { cwd: root });
    expect(check.stdout).toBe('PASSED Present 49 · Declared expected 49 · Deferred 0 · Drift 0 · Cycles 0\n');
    const again = await runCli(['init'], { cwd: root });
    expect(again.code).toBe(3);
    expect(again.stderr).toBe(`error: ${EXPECTED} already exists — pass --force to overwrite it, or use bootstrap-deps sync to update it\n`);
    expect((await runCli(['init', '--force', '--wave', 'W1'], { cwd: root })).code).toBe(0);
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toContain('wave: W1');
  });

  it('where the expected DAG cannot be written: exit 3 with one line', async () => {
    const root = copyFixture(SOVEREIGN);
    rmSync(join(root, 'scripts'), { recursive: true });
    writeFileSync(join(root, 'scripts'), 'a file where the directory should be\n');
    const result = await runCli(['init', '--root', root], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${EXPECTED} cannot be written (EEXIST) — check that the file, if it exists, and its directory are writable\n`);
  });
});
