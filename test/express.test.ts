import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stdoutIsTerminal } from '../src/cli-io.js';
import { expressMain } from '../src/express/entry.js';
import { expressCheck } from '../src/express/express-check.js';
import { expectExpressAgrees } from './express-agreement.js';
import { binPath, EXPECTED, fixture, KIT, projectRoot, temporaryDirectory } from './helpers.js';
import { expectedDag, helmRelease, kustomization } from './rule-tester.js';

// The express path (src/express) proves a clean kit or declines; where it
// proves one, the full path must print the same line and exit 0. Here on the
// fixtures, the real kits of ../shared/corpus, kits one mutation away from
// clean, and the invocations it must leave to the full path. Every rule
// tester case is a case for it too (test/rule-tester.ts).

const sovereign = fixture('sovereign');
const SOVEREIGN_LINE = 'PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n';

function verdict(argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}) {
  return expressCheck({ argv, cwd: options.cwd ?? projectRoot, env: options.env ?? {}, isTTY: options.isTTY ?? false });
}

/** A kit of `count` slots: slot i depends on slot i-1 (and i-2 when even); the expected DAG says so, plus one deferred entry. */
function writeKit(root: string, count = 5): void {
  const names = Array.from({ length: count }, (_, index) => `bp-app-${index + 1}`);
  mkdirSync(join(root, KIT), { recursive: true });
  mkdirSync(join(root, 'scripts'), { recursive: true });
  const files: string[] = [];
  const entries: [number, string, string[]][] = [];
  names.forEach((name, index) => {
    const dependsOn = index === 0 ? [] : index % 2 === 0 && index > 1 ? [names[index - 1]!, names[index - 2]!] : [names[index - 1]!];
    const file = `${String(index + 1).padStart(2, '0')}-${name}.yaml`;
    files.push(file);
    writeFileSync(join(root, KIT, file), `# ${name}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n---\n${helmRelease(name, dependsOn, { labels: { 'catalyst.openova.io/slot': String(index + 1).padStart(2, '0') } })}  values:\n    replicas: 2\n    script: |\n      echo "${name}: ok" # not a comment\n`);
    entries.push([index + 1, name, dependsOn]);
  });
  entries.push([count + 1, 'bp-later', [names[0]!]]);
  writeFileSync(join(root, KIT, 'kustomization.yaml'), kustomization(files));
  writeFileSync(join(root, EXPECTED), expectedDag(...entries));
}

describe('the express path', () => {
  it('passes the embedded kit with the line the full path prints', async () => {
    expect(verdict(['check', '--root', sovereign, '--quiet'])).toEqual({ stdout: SOVEREIGN_LINE, exitCode: 0 });
    expect(await expectExpressAgrees(sovereign)).toBe(true);
    // Found from the working directory, as the full path finds it.
    expect(verdict(['check', '--quiet'], { cwd: join(sovereign, KIT) })?.stdout).toBe(SOVEREIGN_LINE);
    expect(await expectExpressAgrees(sovereign, ['check', '--quiet'], join(sovereign, KIT))).toBe(true);
  });

  it.skipIf(stdoutIsTerminal() || process.env.FORCE_COLOR !== undefined)('the bundle\'s entry passes it from this process\'s working directory and environment (skipped where the tests\' stdout is a terminal or colour is forced: the express path declines both)', () => {
    expect(expressMain(['check', '--root', sovereign, '--quiet'])).toEqual({ stdout: SOVEREIGN_LINE, exitCode: 0 });
    expect(expressMain(['check', '--root', sovereign])).toBeUndefined();
  });

  it('agrees with the full path on every fixture: the failing cases and the repositories decline', async () => {
    const roots = [
      ...readdirSync(fixture('cases')).map((name) => fixture('cases', name)),
      ...readdirSync(fixture('repositories')).map((name) => fixture('repositories', name)),
      fixture('clusters'),
    ];
    const passed: string[] = [];
    for (const root of roots) if (await expectExpressAgrees(root)) passed.push(root.slice(projectRoot.length + 1));
    // The cases that pass in the full path and are written plainly; every other fixture has a finding or more than a kit.
    expect(passed.sort()).toEqual(['fixtures/cases/deferred-slot', 'fixtures/cases/slot60-lands', 'fixtures/cases/sub-slot-15a']);
  });

  const corpus = join(projectRoot, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('agrees with the full path on the real kits of ../shared/corpus (skipped without it)', async () => {
    const roots = [join(corpus, 'openova-2026-04-30'), ...readdirSync(join(corpus, 'openova-history')).map((name) => join(corpus, 'openova-history', name))];
    let passed = 0;
    for (const root of roots) if (await expectExpressAgrees(root)) passed += 1;
    // These real kits are written plainly: the express path proves most of them.
    expect(passed).toBeGreaterThan(roots.length / 2);
    // Two clusters' kits, as the pre-commit hook checks them.
    const clusters = join(corpus, 'openova-clusters-2026-04-30');
    expect(await expectExpressAgrees(clusters, ['check', '--root', clusters, '--quiet', '--all-clusters'])).toBe(true);
  });

  it('agrees with the full path on kits one or two edits away from clean', async () => {
    // Each edit is one a user makes (or a rule exists for); the full path judges the result, the express path
    // either passes it with the same line or declines.
    const edits: [string, (root: string) => void][] = [
      ['nothing', () => {}],
      ['a dependency dropped', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '')],
      ['a dependency added', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n    - name: bp-later\n')],
      ['a dependency on a deferred slot, declared', (root) => {
        edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n    - name: bp-later\n');
        edit(root, EXPECTED, 'name: bp-app-2\n    depends_on: [bp-app-1]', 'name: bp-app-2\n    depends_on: [bp-app-1, bp-later]');
      }],
      ['a dependency twice', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n    - name: bp-app-1\n')],
      // As many items as the expected DAG's two, one of them twice: only the repeat tells.
      ['a dependency twice in place of another', (root) => edit(root, `${KIT}/03-bp-app-3.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-2\n')],
      ['a dependency in another namespace', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n      namespace: other\n')],
      ['a readyExpr', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n      readyExpr: "true"\n')],
      ['an unknown dependsOn key', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-1\n      nmae: x\n')],
      ['a dependency on itself', (root) => edit(root, `${KIT}/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '    - name: bp-app-2\n')],
      ['a release renamed', (root) => edit(root, `${KIT}/03-bp-app-3.yaml`, '  name: bp-app-3\n  namespace', '  name: bp-app-x\n  namespace')],
      ['a release in another namespace', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, 'namespace: flux-system', 'namespace: other')],
      ['a wrong slot label', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '"01"', '"02"')],
      ['a slot label as a number', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '"01"', '1')],
      ['an old apiVersion', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, 'helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1')],
      ['a misspelt kind', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, 'kind: HelmRelease', 'kind: HelmRelase')],
      ['a Namespace in the HelmRelease group', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, 'apiVersion: v1\n', 'apiVersion: helm.toolkit.fluxcd.io/v2\n')],
      ['an ignore annotation', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '  labels:\n', '  annotations:\n    bootstrap-deps.io/ignore: "drift/extra-edge: later"\n  labels:\n')],
      ['a duplicate key', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', '    replicas: 2\n    replicas: 3\n')],
      ['a broken indentation', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', '     replicas: 2\n')],
      ['a tab', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', '    replicas:\t2\n')],
      ['CRLF line ends', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, /\n/g, '\r\n')],
      ['bytes that are no UTF-8', (root) => writeFileSync(join(root, KIT, '01-bp-app-1.yaml'), Buffer.concat([readFileSync(join(root, KIT, '01-bp-app-1.yaml')), Buffer.from([0x23, 0x20, 0xff, 0x0a])]))],
      ['a flow mapping in the values', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', '    replicas: 2\n    resources: { requests: { cpu: 100m }, limits: {} }\n')],
      ['a flow mapping with a key twice', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', '    replicas: 2\n    resources: { cpu: 1, cpu: 2 }\n')],
      ['values nested 254 levels deep', (root) => edit(root, `${KIT}/01-bp-app-1.yaml`, '    replicas: 2\n', `    replicas: 2\n${Array.from({ length: 254 }, (_, level) => `${'  '.repeat(level + 2)}k:\n`).join('')}${'  '.repeat(256)}v: 1\n`)],
      ['a slot file over the size limit', (root) => writeFileSync(join(root, KIT, '01-bp-app-1.yaml'), `${readFileSync(join(root, KIT, '01-bp-app-1.yaml'), 'utf8')}${'#'.repeat(8 * 1024 * 1024)}\n`)],
      // Fewer characters than the limit, more bytes: UTF-8 takes two for each é.
      ['a slot file over the size limit in bytes', (root) => writeFileSync(join(root, KIT, '01-bp-app-1.yaml'), `${readFileSync(join(root, KIT, '01-bp-app-1.yaml'), 'utf8')}# ${'é'.repeat(4.2 * 1024 * 1024)}\n`)],
      ['a file of comments only', (root) => writeFileSync(join(root, KIT, '01-bp-app-1.yaml'), '# parked\n')],
      ['an unlisted slot file', (root) => edit(root, `${KIT}/kustomization.yaml`, '  - 01-bp-app-1.yaml\n', '')],
      ['a listed file that is missing', (root) => rmSync(join(root, KIT, '01-bp-app-1.yaml'))],
      ['a listed file twice', (root) => edit(root, `${KIT}/kustomization.yaml`, '  - 01-bp-app-1.yaml\n', '  - 01-bp-app-1.yaml\n  - 01-bp-app-1.yaml\n')],
      ['a file listed twice, another not', (root) => edit(root, `${KIT}/kustomization.yaml`, '  - 02-bp-app-2.yaml\n', '  - 01-bp-app-1.yaml\n')],
      ['a kustomization namespace', (root) => edit(root, `${KIT}/kustomization.yaml`, 'resources:', 'namespace: apps\nresources:')],
      ['a release twice in its file', (root) => {
        const file = join(root, KIT, '02-bp-app-2.yaml');
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, `${text}---\n${text.slice(text.indexOf('apiVersion: helm'))}`);
      }],
      ['two files on one slot', (root) => cpSync(join(root, KIT, '01-bp-app-1.yaml'), join(root, KIT, '01-bp-copy.yaml'))],
      ['a README in the kit', (root) => writeFileSync(join(root, KIT, 'README.md'), '# kit\n')],
      ['a Flux Kustomization beside the kit', (root) => writeFileSync(join(root, 'clusters', 'ks.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n')],
      ['an expected entry dropped', (root) => edit(root, EXPECTED, /  - slot: 5\n(.*\n){2}/, '')],
      ['an expected dependency changed', (root) => edit(root, EXPECTED, 'depends_on: [bp-app-1]', 'depends_on: [bp-app-3]')],
      ['an expected slot moved', (root) => edit(root, EXPECTED, 'slot: 1\n', 'slot: 7\n')],
      ['an expected slot twice', (root) => edit(root, EXPECTED, 'slot: 2\n', 'slot: 1\n')],
      ['an expected name unknown as a dependency', (root) => edit(root, EXPECTED, 'name: bp-app-2\n    depends_on: [bp-app-1]', 'name: bp-app-2\n    depends_on: [bp-nowhere]')],
      ['a cycle among deferred entries', (root) => writeFileSync(join(root, EXPECTED), `${readFileSync(join(root, EXPECTED), 'utf8')}  - slot: 20\n    name: bp-x\n    depends_on: [bp-y]\n  - slot: 21\n    name: bp-y\n    depends_on: [bp-x]\n`)],
      ['a second expected document', (root) => writeFileSync(join(root, EXPECTED), `${readFileSync(join(root, EXPECTED), 'utf8')}---\nslots:\n  - slot: 30\n    name: bp-z\n    depends_on: []\n`)],
      ['no expected entry', (root) => writeFileSync(join(root, EXPECTED), 'slots:\n')],
      ['a kustomization Component', (root) => edit(root, `${KIT}/kustomization.yaml`, 'v1beta1\nkind: Kustomization', 'v1alpha1\nkind: Component')],
      ['a kustomization without its kind', (root) => edit(root, `${KIT}/kustomization.yaml`, 'kind: Kustomization\n', '')],
      ['two kustomization documents', (root) => writeFileSync(join(root, KIT, 'kustomization.yaml'), `${readFileSync(join(root, KIT, 'kustomization.yaml'), 'utf8')}---\nresources: []\n`)],
      ['a leading document marker in the expected DAG', (root) => writeFileSync(join(root, EXPECTED), `---\n${readFileSync(join(root, EXPECTED), 'utf8')}`)],
      ['an empty document before the expected DAG', (root) => writeFileSync(join(root, EXPECTED), `---\n---\n${readFileSync(join(root, EXPECTED), 'utf8')}`)],
      ['a comment document before the expected DAG', (root) => writeFileSync(join(root, EXPECTED), `# header\n---\n# nothing here\n---\n${readFileSync(join(root, EXPECTED), 'utf8')}`)],
      ['a file named like a remote resource', (root) => {
        renameSync(join(root, KIT, '01-bp-app-1.yaml'), join(root, KIT, '01-bp@x:y.yaml'));
        edit(root, `${KIT}/kustomization.yaml`, '01-bp-app-1.yaml', '01-bp@x:y.yaml');
      }],
      ['an unknown expected key', (root) => edit(root, EXPECTED, 'slot: 1\n', 'slot: 1\n    owner: me\n')],
      ['a wave', (root) => edit(root, EXPECTED, 'slot: 1\n', 'slot: 1\n    wave: W1\n')],
      ['an empty wave', (root) => edit(root, EXPECTED, 'slot: 1\n', 'slot: 1\n    wave:\n')],
      ['a README, a script and a git directory at the root', (root) => {
        writeFileSync(join(root, 'README.md'), '# kit\n');
        writeFileSync(join(root, 'scripts', 'check.sh'), '#!/bin/sh\n');
        mkdirSync(join(root, '.git', 'refs'), { recursive: true });
        writeFileSync(join(root, '.git', 'refs', 'config.yaml'), 'not: [yaml\n');
      }],
      ['a CI workflow', (root) => {
        mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
        writeFileSync(join(root, '.github', 'workflows', 'ci.yaml'), 'on: push\n');
      }],
      ['a broken Flux file beside the kit', (root) => writeFileSync(join(root, 'flux.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: [\n')],
      ['another cluster\'s kit', (root) => cpSync(join(root, KIT), join(root, 'clusters', 'prod', 'bootstrap-kit'), { recursive: true })],
      ['a link at the root', (root) => symlinkSync('/etc/hostname', join(root, 'hostname'))],
      ['a config file', (root) => writeFileSync(join(root, '.bootstrap-depsrc.yaml'), 'rules: {}\n')],
      ['a baseline', (root) => writeFileSync(join(root, 'bootstrap-deps-suppressions.json'), '{}\n')],
    ];
    const root = temporaryDirectory();
    const snapshot = () => readdirSync(root, { recursive: true, withFileTypes: true })
      .map((entry) => `${join(entry.parentPath, entry.name)}\n${entry.isFile() ? readFileSync(join(entry.parentPath, entry.name), 'utf8') : ''}`).sort().join('\n');
    for (const [name, apply] of edits.slice(1)) {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      writeKit(root);
      const before = snapshot();
      apply(root);
      expect(snapshot(), `the edit "${name}" changes the kit`).not.toBe(before);
    }
    const passed = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.subarray(edits, { minLength: 1, maxLength: 2 }), async (chosen) => {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      writeKit(root);
      for (const [, apply] of chosen) apply(root);
      // The working directory is the root: a config file there is found.
      if (await expectExpressAgrees(root)) passed.add(chosen.map(([name]) => name).sort().join(' + '));
    }), { numRuns: 120, seed: 20261201, examples: edits.map((one) => [[one]]) });
    // Every other edit leaves something to judge (or something the express path leaves to the full one).
    expect([...passed].filter((edits) => !edits.includes(' + ')).sort()).toEqual([
      'a README, a script and a git directory at the root', 'a flow mapping in the values', 'a leading document marker in the expected DAG', 'a wave', 'nothing',
    ]);
  });

  it('proves the kit of every cluster with --all-clusters, as the full path sums them', async () => {
    const root = temporaryDirectory();
    for (const cluster of ['alpha', 'beta', '_template']) {
      const kit = temporaryDirectory();
      writeKit(kit);
      cpSync(join(kit, KIT), join(root, 'clusters', cluster, 'bootstrap-kit'), { recursive: true });
      if (cluster === 'alpha') cpSync(join(kit, 'scripts'), join(root, 'scripts'), { recursive: true });
    }
    // Files beside the kits are no kit's: --all-clusters audits the kits alone.
    writeFileSync(join(root, 'clusters', 'ks.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: x\n');
    const argv = ['check', '--root', root, '--quiet', '--all-clusters'];
    expect(verdict(argv)?.stdout).toBe('PASSED 3 kits: Present 15 · Declared expected 6 each · Deferred 3 · Drift 0 · Cycles 0\n');
    expect(await expectExpressAgrees(root, argv)).toBe(true);
    // One kit drifts: the full path's, as a cluster linked in from elsewhere is.
    edit(root, `clusters/beta/bootstrap-kit/02-bp-app-2.yaml`, '    - name: bp-app-1\n', '');
    expect(await expectExpressAgrees(root, argv)).toBe(false);
    edit(root, `clusters/beta/bootstrap-kit/02-bp-app-2.yaml`, '  dependsOn:\n', '  dependsOn:\n    - name: bp-app-1\n');
    expect(await expectExpressAgrees(root, argv)).toBe(true);
    symlinkSync(join(root, 'clusters', 'alpha'), join(root, 'clusters', 'linked'));
    expect(await expectExpressAgrees(root, argv)).toBe(false);
    // A directory on the way to the kits or the expected DAG that links outside the repository: the full path reports it.
    rmSync(join(root, 'clusters', 'linked'));
    const outside = temporaryDirectory();
    renameSync(join(root, 'scripts'), join(outside, 'scripts'));
    symlinkSync(join(outside, 'scripts'), join(root, 'scripts'));
    expect(await expectExpressAgrees(root, argv)).toBe(false);
    rmSync(join(root, 'scripts'));
    renameSync(join(outside, 'scripts'), join(root, 'scripts'));
    expect(await expectExpressAgrees(root, argv)).toBe(true);
    renameSync(join(root, 'clusters'), join(outside, 'clusters'));
    symlinkSync(join(outside, 'clusters'), join(root, 'clusters'));
    expect(await expectExpressAgrees(root, argv)).toBe(false);
    // The fixture of three clusters has a drift in one: declined, and the full path reports it.
    expect(await expectExpressAgrees(fixture('clusters'), ['check', '--root', fixture('clusters'), '--quiet', '--all-clusters'])).toBe(false);
    // The template's kit alone is one cluster's, as the full path counts it.
    expect(verdict(['check', '--root', sovereign, '--quiet', '--all-clusters'])?.stdout).toBe(SOVEREIGN_LINE.replace('PASSED ', 'PASSED 1 kits: ').replace('53', '53 each'));
    expect(await expectExpressAgrees(sovereign, ['check', '--root', sovereign, '--quiet', '--all-clusters'])).toBe(true);
  });

  it('declines every invocation whose output it does not make: other options, a terminal, colour', () => {
    const root = ['--root', sovereign];
    expect(verdict(['check', ...root, '--quiet'])).toBeDefined();
    expect(verdict(['check', `--root=${sovereign}`, '--quiet'])).toBeDefined();
    for (const argv of [
      ['check', ...root], ['check', ...root, '--quiet', '--strict'], ['check', ...root, '--quiet', '--format', 'json'], ['check', ...root, '--quiet', '--quiet'],
      ['check', ...root, '--quiet', '--all-clusters', '--all-clusters'], ['check', ...root, '--quiet', KIT], ['check', '--root', '--quiet'], ['check', '--root=', '--quiet'],
      ['check', ...root, ...root, '--quiet'], ['graph', ...root, '--quiet'], ['check', ...root, '--quiet', '--slot-label', 'x'],
    ]) {
      expect(verdict(argv), argv.join(' ')).toBeUndefined();
    }
    expect(verdict(['check', ...root, '--quiet'], { isTTY: true })).toBeUndefined();
    expect(verdict(['check', ...root, '--quiet'], { env: { FORCE_COLOR: '' } })).toBeUndefined();
    expect(verdict(['check', ...root, '--quiet'], { env: { FORCE_COLOR: '0' } })).toBeDefined();
    expect(verdict(['check', '--root', join(sovereign, 'missing'), '--quiet'])).toBeUndefined();
  });

  it('reads no more of a file than the size limit and a byte: a 2 GiB slot file is declined without being read', () => {
    const root = temporaryDirectory();
    writeKit(root);
    // Sparse: two gibibytes of nothing on disk. Read whole, it took 4 GB of memory (and 17 s at 3 GiB).
    truncateSync(join(root, KIT, '01-bp-app-1.yaml'), 2 * 1024 ** 3);
    const bundle = join(projectRoot, 'dist', 'express.cjs');
    const probe = spawnSync(process.execPath, ['-e', `const verdict = require(${JSON.stringify(bundle)}).expressMain(['check', '--quiet']); process.stdout.write(JSON.stringify({ verdict: verdict ?? null, peakKb: process.resourceUsage().maxRSS }))`], { cwd: root, encoding: 'utf8' });
    const { verdict, peakKb } = JSON.parse(probe.stdout) as { verdict: unknown; peakKb: number };
    expect(verdict).toBeNull();
    expect(peakKb).toBeLessThan(300 * 1024);
    // The full path says why, as it does for any file over the limit.
    const full = spawnSync(process.execPath, [binPath, 'check', '--quiet'], { cwd: root, encoding: 'utf8' });
    expect(full.stderr).toContain('over the 8 MiB limit for a YAML file');
    expect(full.status).toBe(3);
  });

  it('is what the launcher runs for such a check, and the full CLI is not loaded; any other check loads it', () => {
    // A probe that records each script the launcher compiles (loadCached's vm.Script).
    const probe = join(temporaryDirectory(), 'probe.cjs');
    writeFileSync(probe, [
      "const vm = require('node:vm'); const loaded = []; const Script = vm.Script;",
      'vm.Script = function (source, options) { loaded.push(require("node:path").basename(options.filename)); return new Script(source, options); };',
      "process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(loaded)));",
    ].join('\n'));
    const run = (args: string[]) => spawnSync(process.execPath, ['--require', probe, binPath, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    const express = run(['check', '--root', sovereign, '--quiet']);
    expect(express.stdout).toBe(SOVEREIGN_LINE);
    expect(JSON.parse(express.stderr)).toEqual(['express.cjs']);
    expect(express.status).toBe(0);
    const full = run(['check', '--root', sovereign, '--quiet', '--strict']);
    expect(full.stdout).toBe(SOVEREIGN_LINE);
    expect(JSON.parse(full.stderr)).toEqual(['express.cjs', 'cli.cjs']);
    const other = run(['--version']);
    expect(JSON.parse(other.stderr)).toEqual(['cli.cjs']);
    // A check without --quiet cannot take the express path: its bundle is not even loaded.
    const table = run(['check', '--root', sovereign]);
    expect(table.status).toBe(0);
    expect(table.stderr.slice(table.stderr.lastIndexOf('['))).toBe('["cli.cjs"]');
  });
});

function edit(root: string, path: string, from: string | RegExp, to: string): void {
  const file = join(root, path);
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  // After another edit, this one may find nothing to change: the pair is then that edit alone.
  writeFileSync(file, changed);
}
