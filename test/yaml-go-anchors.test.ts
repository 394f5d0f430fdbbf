import { describe, expect, it } from 'vitest';

import { parseWithYamlLibrary } from '../src/load/yaml-lib-tree.js';
import { runCli } from './helpers.js';
import { repositoryOf } from './repo-builder.js';

// go-yaml, which kustomize and Flux read YAML with, ends an anchor or alias name at the first character
// other than a letter, digit, `_` or `-`: `*app:` is the alias app used as a key (bjw-s's app-template
// charts are written so: `controllers:\n  *app:`). The yaml package, by the YAML spec, reads the alias `app:`.
describe('an alias or anchor right before a colon, read as go-yaml reads it', () => {
  it('parses, and what follows on that line keeps the file\'s columns', () => {
    const text = 'name: &app podinfo\nvalues:\n  controllers: {*app: 1, other: 2}\n';
    const parsed = parseWithYamlLibrary(text);
    expect(parsed.error).toBeUndefined();
    const root = parsed.documents![0]!.root;
    const child = (node: typeof root, key: string) => (node?.kind === 'map' ? node.entries.find((entry) => entry.key === key)?.value ?? null : null);
    // other's value, after the space read in before the colon: at its column in the file (33), not in the respaced text (34).
    expect(child(child(child(root, 'values'), 'controllers'), 'other')?.position).toEqual({ line: 3, column: 33 });
  });

  it('only where a key starts: the same characters inside a quoted string stay as written', () => {
    const parsed = parseWithYamlLibrary('name: &app podinfo\nq: "x *app: y"\nvalues:\n  *app:\n    replicas: 1\n');
    expect(parsed.error).toBeUndefined();
    const root = parsed.documents![0]!.root;
    const q = root?.kind === 'map' ? root.entries.find((entry) => entry.key === 'q')?.value : undefined;
    expect(q).toMatchObject({ kind: 'scalar', value: 'x *app: y' });
  });

  it('a text yaml refuses for another reason keeps its own error', () => {
    const text = 'a: &x 1\n*x:\n  b: c: d\n';
    expect(parseWithYamlLibrary(text).error).toEqual({ position: { line: 2, column: 1 }, message: 'Implicit map keys need to be followed by map values' });
  });

  it('a HelmRelease written so is audited (it was an exit 3), its findings located in the file', async () => {
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: &app ipmi-exporter', 'spec:', '  interval: 1h',
      '  chart:', '    spec:', '      chart: app-template', '  values:', '    controllers:', '      *app:', '        replicas: 1',
      '  dependsOn:', '    - name: prometheus', '',
    ].join('\n');
    const root = repositoryOf({ 'apps/exporter.yaml': release });
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as { findings: { rule: string; file: string; line: number; column: number }[] };
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['dependsOn/unknown-target@apps/exporter.yaml:15:7']);
    expect(result.code).toBe(1);
  });
});

// An alias as a key (`*app :`) is its anchor's value, as go-yaml reads it; the yaml package compares no alias key with
// another, where go-yaml refuses a mapping that has one key twice ("mapping key ... already defined"), and so do
// kustomize and Flux.
describe('an alias used as a key', () => {
  it('keys its entry by its anchor\'s value', () => {
    const parsed = parseWithYamlLibrary('name: &app plex\ncontrollers:\n  *app :\n    replicas: 1\n');
    const root = parsed.documents![0]!.root;
    const controllers = root?.kind === 'map' ? root.entries.find((entry) => entry.key === 'controllers')?.value : undefined;
    expect(controllers?.kind === 'map' ? controllers.entries.map((entry) => [entry.key, entry.keyPosition]) : []).toEqual([['plex', { line: 3, column: 3 }]]);
  });

  it('is an error where it repeats another key of its mapping, before or after it (a review\'s probe: dependsOn written twice)', () => {
    for (const [text, line] of [
      ['a: &d dependsOn\nspec:\n  *d :\n    - name: other\n  dependsOn:\n    - name: infra\n', 5],
      ['a: &d dependsOn\nspec:\n  dependsOn: []\n  *d : []\n', 4],
      ['a: &d k\nm:\n  *d : 1\n  *d : 2\n', 4],
    ] as const) {
      expect(parseWithYamlLibrary(text).error, text).toEqual({ position: { line, column: 3 }, message: 'Map keys must be unique' });
    }
    expect(parseWithYamlLibrary('a: &d k\nm:\n  *d : 1\n  other: 2\n').error).toBeUndefined();
  });
});

// go-yaml refuses an alias whose anchor does not come before it ("unknown anchor 'pvc' referenced"), and with it
// the file and the build of every Kustomization that applies it; the yaml package leaves the alias unresolved.
describe('an alias with no anchor before it', () => {
  it('is an error at the alias, as a value and as a key', () => {
    expect(parseWithYamlLibrary('a: 1\nname: *pvc\n').error).toEqual({
      position: { line: 2, column: 7 }, message: 'unknown anchor \'pvc\' referenced (no &pvc before it): kustomize and Flux refuse the file',
    });
    expect(parseWithYamlLibrary('a: 1\n*app : 3\n').error?.position).toEqual({ line: 2, column: 1 });
    // An anchor after its alias is no anchor for it either.
    expect(parseWithYamlLibrary('b: *x\na: &x 1\n').error?.message).toContain('unknown anchor \'x\'');
    expect(parseWithYamlLibrary('a: &x 1\nb: *x\n').error).toBeUndefined();
  });

  it('in a file Flux applies: exit 3, located (JJGadgets/Biohazard\'s kube/deploy/vm/jj/ks.yaml)', async () => {
    const root = repositoryOf({
      'clusters/x/flux-system.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./clusters/x\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
      'clusters/x/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./clusters/x\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  healthChecks:\n    - apiVersion: v1\n      kind: PersistentVolumeClaim\n      name: *pvc\n      namespace: default\n',
    });
    const result = await runCli(['check', '--root', root], { cwd: root });
    expect(result.stderr).toBe('error: clusters/x/apps.yaml:15:13 invalid YAML: unknown anchor \'pvc\' referenced (no &pvc before it): kustomize and Flux refuse the file — fix the YAML syntax at this position\n');
    expect(result.code).toBe(3);
  });

  // A trial's probe (JJGadgets/Biohazard's ks.yaml): `*pvc` in two documents; the second was said once the first was fixed.
  it('in several documents of one file: each document\'s, in one run; after a syntax error, that error alone', () => {
    const unknownAt = (line: number, name: string) => ({ position: { line, column: 7 }, message: `unknown anchor '${name}' referenced (no &${name} before it): kustomize and Flux refuse the file` });
    const three = parseWithYamlLibrary('a: 1\nname: *pvc\n---\nb: 2\n---\nc: 3\nname: *db\nd: *db\n');
    expect(three.error).toEqual(unknownAt(2, 'pvc'));
    // Each document's first: document 3's second alias is not said again.
    expect(three.laterErrors).toEqual([unknownAt(7, 'db')]);
    expect(parseWithYamlLibrary('a: 1\nname: *pvc\n---\nb: 2\nb: 3\n').laterErrors).toEqual([{ position: { line: 5, column: 1 }, message: 'Map keys must be unique' }]);
    // An unclosed flow reads what follows wrongly: the syntax error, and nothing after it.
    const syntax = parseWithYamlLibrary('a: [1, 2\n---\nname: *pvc\n');
    expect(syntax.error).toBeDefined();
    expect(syntax.laterErrors).toBeUndefined();
    // At most 20 after the first: a hostile file of many documents is not as many lines.
    expect(parseWithYamlLibrary(Array.from({ length: 100 }, () => 'name: *x\n').join('---\n')).laterErrors).toHaveLength(20);
  });

  it('in several documents of a file Flux applies: one located line each, exit 3', async () => {
    const kustomization = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./clusters/x\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const root = repositoryOf({
      'clusters/x/flux-system.yaml': kustomization('flux-system'),
      'clusters/x/apps.yaml': [1, 2].map((index) => `${kustomization(`apps-${index}`)}  healthChecks:\n    - kind: PersistentVolumeClaim\n      name: *pvc\n`).join('---\n'),
    });
    const result = await runCli(['check', '--root', root], { cwd: root });
    expect(result.stderr.split('\n').filter(Boolean).map((line) => line.split(' invalid YAML')[0])).toEqual(['error: clusters/x/apps.yaml:14:13', 'error: clusters/x/apps.yaml:29:13']);
    expect(result.code).toBe(3);
  });
});
