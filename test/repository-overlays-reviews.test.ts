// The repository audit as kustomize-controller builds it, continued from repository-overlays.test.ts (split so
// that two workers share its kustomize runs): the cases independent reviews, trials and new users found.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { runBin, runCli, temporaryDirectory } from './helpers.js';
import { repositoryOf as repository } from './repo-builder.js';
import { audit, fluxKustomization, helmRelease, kustomization, kustomize, twoClusters } from './repository-overlays-shared.js';

describe('what an independent review found (each case failed before its fix)', () => {
  const sync = (path: string) => fluxKustomization('flux-system', path);
  /** flux bootstrap's gotk-sync.yaml: GitRepository flux-system (this repository's address) and the Kustomization syncing `path`. */
  const gitSync = (path: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/fleet\n---\n${sync(path)}`;

  it('a ResourceSet may generate Kustomizations whose paths only its inputs know: nothing is left out', async () => {
    const root = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': sync('./clusters/prod'),
      'clusters/prod/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: tenants\n  namespace: flux-system\nspec:\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: tenant\n        namespace: flux-system\n      spec:\n        path: ./apps/tenant\n',
      'apps/tenant/hr.yaml': helmRelease('web', ['nothing-here']),
    });
    const { keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/tenant/hr.yaml:8:7']);
  });

  // A FluxInstance object, or the values of a HelmRelease of flux-operator's flux-instance chart (onedr0p/home-ops and most home labs).
  const fluxInstances = {
    'a FluxInstance': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n    url: https://example.com/repo.git\n    path: clusters/prod\n',
    'a flux-instance HelmRelease': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n        url: https://example.com/repo.git\n        path: clusters/prod\n',
  };
  it.each(Object.entries(fluxInstances))('%s: its sync.path is the entry point where no Flux Kustomization is one (what it does not reach is left out)', async (_what, instance) => {
    const root = repository({
      'clusters/prod/instance.yaml': instance,
      'clusters/prod/kustomization.yaml': kustomization('resources:\n  - instance.yaml\n  - ../../apps\n'),
      'apps/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/hr.yaml': helmRelease('web'),
      'docs/example.yaml': helmRelease('example', ['ghost']),
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'docs/example.yaml', paths: ['docs/example.yaml'] });
    expect(code).toBe(0);
  });

  it.each(Object.entries(fluxInstances))('%s: its sync.path, and a kustomization tree that lists a root Kustomization, are entry points', async (_what, instance) => {
    const root = repository({
      'clusters/prod/instance.yaml': instance,
      'clusters/prod/kustomization.yaml': kustomization('resources:\n  - ../../infra\n  - ../../apps\n'),
      'infra/kustomization.yaml': kustomization('resources:\n  - ks.yaml\n'),
      'infra/ks.yaml': fluxKustomization('infra', './infra/controllers'),
      'infra/controllers/hr.yaml': helmRelease('cert-manager'),
      'apps/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n  dependsOn:\n    - name: db\n      namespace: infraa\n',
      'unlisted/db.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: db\n  namespace: infra\nspec:\n  interval: 1h\n',
      'docs/example.yaml': helmRelease('example', ['ghost']),
    });
    const { keys, report } = await audit(root);
    // unlisted/db.yaml is applied by nothing: left out, so web's item names nothing that is deployed.
    expect(keys).toEqual(['dependsOn/unknown-target@apps/hr.yaml:9:7']);
    expect(report.flux!.skipped.find((skip) => skip.reason.startsWith('Flux objects no Flux Kustomization'))).toEqual({
      reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 2, example: 'docs/example.yaml',
      // Every file, so that what was left out can be checked one by one.
      paths: ['docs/example.yaml', 'unlisted/db.yaml'],
    });
  });

  it.skipIf(!kustomize)('two overlays that patch one Kustomization\'s targetNamespace give two copies of what it applies, every run (skipped without kustomize or kubectl)', async () => {
    const patch = (namespace: string) => kustomization(`resources:\n  - ../../base\npatches:\n  - target:\n      kind: Kustomization\n    patch: |\n      - op: add\n        path: /spec/targetNamespace\n        value: ${namespace}\n`);
    const files = {
      'clusters/a/flux-system/gotk-sync.yaml': sync('./clusters/a'),
      'clusters/a/apps.yaml': fluxKustomization('apps', './overlays/a'),
      'clusters/b/flux-system/gotk-sync.yaml': sync('./clusters/b'),
      'clusters/b/apps.yaml': fluxKustomization('apps', './overlays/b'),
      'base/kustomization.yaml': kustomization('resources:\n  - ks.yaml\n'),
      'base/ks.yaml': fluxKustomization('app', './app'),
      'app/hr.yaml': helmRelease('web'),
      'overlays/a/kustomization.yaml': patch('ns-a'),
      'overlays/b/kustomization.yaml': patch('ns-b'),
    };
    const root = repository(files);
    for (let run = 0; run < 3; run += 1) {
      const { report } = await audit(root);
      expect(report.flux!.order.flat().filter((id) => id.startsWith('HelmRelease/'))).toEqual(['HelmRelease/ns-a/web', 'HelmRelease/ns-b/web']);
    }
  });

  it.skipIf(!kustomize)('a Flux Kustomization\'s own spec.patches join its build: one that sets wait: true on what it applies ends the unwaited warning (skipped without kustomize or kubectl)', async () => {
    // samip5/k8s-cluster's shared.yaml and JJGadgets/Biohazard's flux-repo.yaml set wait: true so, by label.
    const child = (name: string, dependsOn: string[]) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n  labels:\n    part-of: definitions\nspec:\n  interval: 1h\n  timeout: 5m\n  path: ./${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : ''}`;
    const patches = '  patches:\n    - target:\n        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization\n        labelSelector: part-of=definitions\n      patch: |\n        - op: add\n          path: /spec/wait\n          value: true\n';
    const files = (extra: string) => ({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', extra),
      'apps/crds.yaml': child('crds', []),
      'apps/web.yaml': child('web', ['crds']),
      // (Something that runs: a ConfigMap alone is ready once it exists, and needs no wait.)
      'crds/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: crds\n',
      'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
    });
    const unpatched = await audit(repository(files('')));
    expect(unpatched.keys).toEqual(['dependsOn/unwaited-kustomization@apps/web.yaml:17:7']);
    const patched = await audit(repository(files(patches)));
    expect(patched.keys).toEqual([]);
    expect(patched.code).toBe(0);
    // Without kustomize the patches are not applied, and the one warning says so.
    const unbuilt = await audit(repository(files(patches)), ['--no-kustomize']);
    expect(unbuilt.report.findings.map((finding) => [finding.rule, finding.message])).toContainEqual(['input/kustomize-skipped',
      'the kustomization uses a Flux Kustomization\'s spec.patches, which can change Flux objects; with --no-kustomize its files are audited as written']);
  });

  it.skipIf(!kustomize)('graph and explain, like check, build no tree for spec.patches that set only HelmRelease timeouts; order does (skipped without kustomize or kubectl)', () => {
    // A trial's note (anthr76/infra): graph ran 21 builds in 10.7 s, where check ran 4; neither graph nor explain prints a timeout.
    const timeouts = '  patches:\n    - target:\n        kind: HelmRelease\n      patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: any\n        spec:\n          timeout: 10m\n';
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      // Without wait: check reads a HelmRelease's timeout only under a Kustomization that waits.
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', timeouts).replace('  wait: true\n', ''),
      'apps/web.yaml': helmRelease('web'),
    });
    const stubs = temporaryDirectory();
    const log = join(stubs, 'runs.log');
    writeFileSync(log, '');
    const real = kustomize!.name === 'kustomize build' ? `exec ${JSON.stringify(kustomize!.command)} "$@"` : `shift\nexec ${JSON.stringify(kustomize!.command)} kustomize "$@"`;
    writeFileSync(join(stubs, 'kustomize'), `#!/bin/sh\necho run >> ${JSON.stringify(log)}\n${real}\n`, { mode: 0o755 });
    const runs = (args: string[]) => {
      writeFileSync(log, '');
      const result = runBin([...args, '--root', root], { cwd: root, env: { PATH: `${stubs}:${process.env.PATH}` } });
      expect(result.code).toBe(0);
      return readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    };
    expect(runs(['check'])).toBe(0);
    expect(runs(['graph'])).toBe(0);
    expect(runs(['explain', 'web'])).toBe(0);
    expect(runs(['order'])).toBe(1);
  });

  it('a patch whose target kind is a regular expression of other kinds starts no build: kustomize anchors it, so it never selects a Flux kind', () => {
    // A trial's probe (Apocrathia/homelab): a kustomization trims a remote bundle with a $patch: delete over
    // (Service|Deployment|...); the build it started could not fetch the bundle offline, and every command exited 3.
    const trimmed = (kind: string, patch: string) => repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main').replace('  wait: true\n', ''),
      'clusters/main/crds.yaml': fluxKustomization('crds', './crds').replace('  wait: true\n', ''),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  dependsOn:\n    - name: crds\n'),
      'crds/kustomization.yaml': kustomization(`resources:\n  - https://example.invalid/storage/install.yaml\npatches:\n  - patch: ${JSON.stringify(patch)}\n    target:\n      kind: ${kind}\n`),
      'apps/hr.yaml': helmRelease('web'),
    });
    // A kustomize that fails, and says each time it ran: any build would show.
    const stubs = temporaryDirectory();
    const log = join(stubs, 'runs.log');
    writeFileSync(join(stubs, 'kustomize'), `#!/bin/sh\necho run >> ${JSON.stringify(log)}\necho 'Error: accumulating resources: cannot fetch' >&2\nexit 1\n`, { mode: 0o755 });
    const run = (root: string) => {
      writeFileSync(log, '');
      const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: `${stubs}:${process.env.PATH}` } });
      return { result, builds: readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
    };
    const strategicMerge = (kind: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: unused\n$patch: delete\n`;
    const jsonPatch = '- op: remove\n  path: /metadata/annotations\n';
    for (const [kind, patch] of [['(Service|Deployment|DaemonSet|ConfigMap)', strategicMerge('Service')], ['Service|Deployment', jsonPatch], ['Custom.*', jsonPatch]] as const) {
      const { result, builds } = run(trimmed(kind, patch));
      expect(builds, kind).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}`), kind).toEqual(['dependsOn/unwaited-kustomization@clusters/main/apps.yaml:15']);
      expect(result.code, kind).toBe(0);
    }
    // One that matches a Flux kind is built (and this kustomize fails it).
    for (const kind of ['(Service|HelmRelease)', 'Kustom.*']) {
      const { result, builds } = run(trimmed(kind, jsonPatch));
      expect(builds, kind).toBe(1);
      expect(result.code, kind).not.toBe(0);
    }
  });

  it.skipIf(!kustomize)('spec.patches are read as kustomize reads them: a target kind is a regular expression, a JSON 6902 patch may be JSON (skipped without kustomize or kubectl)', async () => {
    // A review's probes: each adds a dependsOn item on a target that does not exist; each must be built and judged.
    const child = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  interval: 1h\n  timeout: 5m\n  path: ./web\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
    const withPatch = (target: string, patch: string) => ({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', `  patches:\n    - target:\n${target}      patch: ${JSON.stringify(patch)}\n`),
      'apps/web.yaml': child,
      'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
    });
    const addDependency = '[{"op": "add", "path": "/spec/dependsOn", "value": [{"name": "does-not-exist"}]}]';
    for (const target of ['        kind: "HelmRelease|Kustomization"\n', '        kind: Kustom.*\n', '        group: kustomize.toolkit.fluxcd.io\n']) {
      const { keys } = await audit(repository(withPatch(target, addDependency)));
      // Located at the patches that add it.
      expect(keys, target).toEqual(['dependsOn/unknown-target@clusters/main/apps.yaml:14:3']);
    }
    // A patch of nothing the audit reads is not built, and counted.
    const unread = await audit(repository(withPatch('        kind: Kustomization\n', '[{"op": "add", "path": "/spec/force", "value": true}]')));
    expect(unread.keys).toEqual([]);
    expect(unread.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'spec.patches of a Flux Kustomization that set no field the audit reads (not built)', count: 1 }));
  });

  it.skipIf(!kustomize)('an object a patched build gives keeps the places of its spec.timeout and wait: true in its file (skipped without kustomize or kubectl)', async () => {
    // A review's probe: order/parent-timeout pointed at "apps/<kubectl kustomize>", a file no one can open.
    const patches = '  patches:\n    - target:\n        kind: Kustomization\n        labelSelector: tier=apps\n      patch: |\n        - op: add\n          path: /spec/dependsOn\n          value: []\n';
    const child = (name: string, dependsOn: string[]) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  timeout: 5m\n  wait: true\n  path: ./${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : ''}`;
    const { keys } = await audit(repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main', patches),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  timeout: 6m\n').replace('metadata:\n', 'metadata:\n  labels:\n    tier: apps\n'),
      'apps/a.yaml': child('a', []),
      'apps/b.yaml': child('b', ['a']),
      'a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      'b/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    }));
    expect(keys).toEqual(['order/parent-timeout@clusters/main/apps.yaml:16:12']);
  });

  it.skipIf(!kustomize)('a Flux Kustomization\'s spec.namePrefix and nameSuffix rename what it applies, over its kustomization\'s own, and not the names dependsOn holds (skipped without kustomize or kubectl)', async () => {
    // A trial's probe: spec.namePrefix was not read, and a dependsOn that Flux never resolves passed (kustomize-controller
    // writes it over spec.path's kustomization: fluxcd/pkg's kustomize generator).
    const sync = fluxKustomization('flux-system', './clusters/prod');
    const child = (name: string, path: string, extra: string) => fluxKustomization(name, path, extra).replace('  wait: true\n', '');
    const root = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': sync,
      'clusters/prod/apps.yaml': `${child('a', './apps/a', '  targetNamespace: apps\n  namePrefix: staging-\n')}---\n${child('b', './apps/b', '  targetNamespace: bees\n  namePrefix: flux-\n  nameSuffix: -v1\n')}`,
      // Read as written (no kustomization): staging-redis and staging-app, whose dependsOn still names redis.
      'apps/a/hr.yaml': `${helmRelease('redis')}---\n${helmRelease('app', ['redis'])}`,
      // Built (its own namePrefix renames Flux objects): Flux's prefix and suffix replace its own: flux-db-v1.
      'apps/b/kustomization.yaml': kustomization('namePrefix: own-\nnameSuffix: -v0\nresources:\n  - hr.yaml\n'),
      'apps/b/hr.yaml': `${helmRelease('db')}---\n${helmRelease('web', ['flux-db-v1'])}---\n${helmRelease('api', ['own-db-v0'])}`,
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/a/hr.yaml:18:7', 'dependsOn/unknown-target@apps/b/hr.yaml:30:7']);
    expect(report.findings.map((finding) => finding.message.split(':')[0])).toEqual([
      'HelmRelease apps/staging-app depends on HelmRelease apps/redis, which does not exist in the repository',
      'HelmRelease bees/flux-api-v1 depends on HelmRelease bees/own-db-v0, which does not exist in the repository',
    ]);
    expect(report.findings[0]!.fix).toBe('did you mean staging-redis? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)');
    expect(report.flux!.order.flat()).toEqual(expect.arrayContaining(['HelmRelease/apps/staging-redis', 'HelmRelease/bees/flux-db-v1', 'HelmRelease/bees/flux-web-v1']));
    expect(code).toBe(1);
  });

  it.skipIf(!kustomize)('HelmRelease defaults a parent gives every child (timeout: 10m) are built by check only under a child that waits; order builds them all (skipped without kustomize or kubectl)', async () => {
    // bjw-s-labs/home-ops, joryirving/home-ops, ishioni/homelab-ops: cluster-apps gives every child Kustomization
    // spec.patches of HelmRelease defaults, timeout: 10m among them. check reads a HelmRelease's timeout only under
    // a Kustomization with wait: true (order/parent-timeout): building every application's tree for it took most of
    // a check (bjw-s-labs: 2.8 s, 1.9 s without). order adds every timeout up for its cold-start estimate.
    const defaults = '  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n        spec:\n          patches:\n            - patch: |-\n                apiVersion: helm.toolkit.fluxcd.io/v2\n                kind: HelmRelease\n                metadata:\n                  name: _\n                spec:\n                  timeout: 10m\n                  install:\n                    crds: CreateReplace\n              target:\n                group: helm.toolkit.fluxcd.io\n                kind: HelmRelease\n      target:\n        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization\n';
    const root = repository({
      // Neither waits (a waiting parent's timeout would cover the chains below in order's estimate).
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main').replace('  wait: true\n', ''),
      'clusters/main/apps.yaml': fluxKustomization('cluster-apps', './apps', defaults).replace('  wait: true\n', ''),
      // Does not wait: its releases' timeouts are read by nothing check runs.
      'apps/a.yaml': fluxKustomization('app-a', './deploy/a').replace('  wait: true\n', '  wait: false\n'),
      // Waits 15 min for a chain of two releases, 10 min each once patched (5 min each as written: no finding).
      'apps/b.yaml': fluxKustomization('app-b', './deploy/b', '  timeout: 15m\n'),
      'deploy/a/hr.yaml': `${helmRelease('a1')}---\n${helmRelease('a2', ['a1'])}---\n${helmRelease('a3', ['a2'])}`,
      'deploy/b/hr.yaml': `${helmRelease('b1')}---\n${helmRelease('b2', ['b1'])}`,
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual(['order/parent-timeout@apps/b.yaml:14:12']);
    expect(report.findings[0]!.message).toContain('its slowest chain can take 20 min');
    expect(report.flux!.skipped).toContainEqual({
      reason: 'spec.patches of a Flux Kustomization that set only HelmRelease timeouts, read by check only under a Kustomization with wait: true (not built; order builds them)',
      count: 1, example: 'apps/a.yaml', paths: ['apps/a.yaml'],
    });
    expect(code).toBe(0);
    // order's worst case goes through app-a's releases, each with the timeout its parent's patch gives it.
    const order = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const { coldStart } = JSON.parse(order.stdout) as { coldStart: { criticalPath: { object: string; timeoutSeconds: number }[] } };
    expect(coldStart.criticalPath.filter((step) => step.object.startsWith('HelmRelease/'))).toEqual([
      { object: 'HelmRelease//a1', timeoutSeconds: 600 },
      { object: 'HelmRelease//a2', timeoutSeconds: 600, afterRequeue: true },
      { object: 'HelmRelease//a3', timeoutSeconds: 600, afterRequeue: true },
    ]);
  });

  it('spec.patches with neither kustomize nor kubectl on PATH are passed over, counted: no exit 3 for a build only this tool wants', () => {
    // A review's probe (angelnu/k8s-gitops went from PASSED to exit 3 without kustomize on PATH).
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: add\n          path: /spec/wait\n          value: true\n'),
      'apps/hr.yaml': helmRelease('web'),
    });
    const bin = temporaryDirectory();
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: bin } });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'spec.patches of a Flux Kustomization, with neither kustomize nor kubectl on PATH (not applied: what they patch is audited as written)', count: 1 }));
    expect(result.code).toBe(0);
  });

  // A trial's probe: the same JSON patch in a kustomization.yaml is exit 3; in spec.patches it passed, with a line in skipped.
  it.skipIf(!kustomize)('spec.patches that kustomize refuses fail kustomize-controller\'s build too: exit 3, located at spec.patches (skipped without kustomize or kubectl)', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: add\n          path: /spec/dependsOn/-\n          value: {name: base}\n'),
      'apps/ks.yaml': fluxKustomization('child', './x'),
      'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual(['kustomization/build-failed@clusters/main/apps.yaml:14:3']);
    expect(report.findings[0]!.message).toMatch(/^(kubectl )?kustomize fails on spec\.path with these spec\.patches: .*\/spec\/dependsOn\/-/);
    expect(report.findings[0]!.fix).toBe("fix spec.patches (or the kustomization at spec.path, where the message points there): kustomize-controller's build fails the same way, and the Kustomization applies nothing");
    expect(code).toBe(1);
  });

  // A trial's probe (Bold-origins/gitops-infrastructure): three nested resources: directories, the innermost patching a
  // HelmRelease that does not exist; the message was cut at 600 characters of context before kustomize's cause.
  it.skipIf(!kustomize)('a build that fails below nested resources: directories says kustomize\'s cause and the directory it is in (skipped without kustomize or kubectl)', async () => {
    const deep = 'applications/some-rather-long-application-name-for-this-test';
    const root = repository({
      'clusters/c1/flux-system/gotk-sync.yaml': sync('./clusters/c1'),
      'clusters/c1/kustomization.yaml': kustomization(`resources:\n  - flux-system/gotk-sync.yaml\n  - ${deep}\n`),
      [`clusters/c1/${deep}/kustomization.yaml`]: kustomization('resources:\n  - overlays/\n'),
      [`clusters/c1/${deep}/overlays/kustomization.yaml`]: kustomization('resources:\n  - hr.yaml\npatches:\n  - patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: ap\n      spec:\n        timeout: 10m\n'),
      [`clusters/c1/${deep}/overlays/hr.yaml`]: helmRelease('app'),
    });
    const { code, report } = await audit(root);
    expect(code).toBe(1);
    const message = report.findings.find((finding) => finding.rule === 'kustomization/build-failed')?.message ?? '';
    expect(message).toMatch(/fails: no resource matches strategic merge patch "HelmRelease\.v2\.helm\.toolkit\.fluxcd\.io\/ap(\.[^"]*)?".* \(in applications\/some-rather-long-application-name-for-this-test\/overlays\); Kustomization \S+ applies nothing, and what depends on it waits$/);
  });

  // A review's probe: the build as Flux lays it out was made in a copy of the repository, and a kustomization file that
  // is a symbolic link was written through, into the user's own file. Nothing of the user's is written, ever.
  it.skipIf(!kustomize)('the build as Flux lays it out never writes into the repository: a symlinked kustomization file keeps its bytes (skipped without kustomize or kubectl)', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  patches:\n    - target:\n        kind: HelmRelease\n      patch: |\n        - op: replace\n          path: /spec/dependsOn/0/name\n          value: db\n'),
      'apps/base.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/hr.yaml': helmRelease('web'),
    });
    symlinkSync('base.yaml', join(root, 'apps/kustomization.yaml'));
    const before = readFileSync(join(root, 'apps/base.yaml'), 'utf8');
    const tmp = temporaryDirectory();
    const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { TMPDIR: tmp } });
    expect(JSON.parse(result.stdout).findings.map((finding: { rule: string; file: string; line: number }) => `${finding.rule}@${finding.file}:${finding.line}`)).toEqual(['kustomization/build-failed@clusters/main/apps.yaml:14']);
    expect(result.code).toBe(1);
    expect(readFileSync(join(root, 'apps/base.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(tmp)).toEqual([]);
  });

  // A review's probe: a signal ends the process without 'exit', and the wrapper directories of the builds in flight
  // were left in the temporary directory (79 after a SIGTERM a second into wahooli/gitops-repo).
  it.skipIf(!kustomize)('SIGTERM during the kustomize builds leaves no temporary directory behind, and ends as the signal says (skipped without kustomize or kubectl)', async () => {
    const files: Record<string, string> = { 'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main') };
    for (let index = 0; index < 40; index += 1) {
      files[`clusters/main/app-${index}.yaml`] = fluxKustomization(`app-${index}`, `./apps/app-${index}`);
      files[`apps/app-${index}/kustomization.yaml`] = kustomization(`namePrefix: p${index}-\nresources:\n  - hr.yaml\n`);
      files[`apps/app-${index}/hr.yaml`] = helmRelease(`a${index}`);
    }
    const root = repository(files);
    const tmp = temporaryDirectory();
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'bootstrap-deps.js'), 'check', '--root', root], { env: { PATH: process.env.PATH, TMPDIR: tmp }, stdio: 'ignore' });
    const ended = new Promise<number | null>((settle) => child.on('exit', (code) => settle(code)));
    // Once a build's directory exists (or the run ends first, on a fast machine), the signal.
    for (let waited = 0; waited < 10000 && readdirSync(tmp).length === 0 && child.exitCode === null; waited += 10) await new Promise((settle) => setTimeout(settle, 10));
    const inFlight = readdirSync(tmp).length > 0;
    child.kill('SIGTERM');
    const code = await ended;
    expect(readdirSync(tmp)).toEqual([]);
    if (inFlight) expect(code).toBe(143);
  });

  // A review's probes: the wrapper build fails where Flux's does not. The path's own patch of what spec.components add
  // runs before the components in the wrapper, after them in Flux (one kustomization); a patch holding ${APP} is
  // substituted by the applier's postBuild before Flux builds it. Neither may stop a run.
  it.skipIf(!kustomize)('spec.patches whose wrapper build fails but Flux\'s does not are no error: a component the path\'s own patch needs, a ${VARIABLE} (skipped without kustomize or kubectl)', async () => {
    const timeoutPatch = '  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: add\n          path: /spec/timeout\n          value: 5m\n';
    const ordered = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', `  components:\n    - ../components/settings\n${timeoutPatch}`),
      'apps/kustomization.yaml': kustomization('resources:\n  - ks.yaml\npatches:\n  - patch: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: settings\n      data:\n        b: "2"\n'),
      'apps/ks.yaml': fluxKustomization('web', './web'),
      'components/settings/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - cm.yaml\n',
      'components/settings/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
      'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
    });
    const first = await audit(ordered);
    expect(first.keys).toEqual([]);
    expect(first.code).toBe(0);
    const substituted = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  postBuild:\n    substitute:\n      APP: frontend\n'),
      'apps/ks.yaml': fluxKustomization('web', './web', '  patches:\n    - patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: ${APP}\n        data:\n          b: "2"\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: add\n          path: /spec/timeout\n          value: 5m\n'),
      'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frontend\n',
      'web/ks.yaml': fluxKustomization('inner', './none'),
      'none/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: none\n',
    });
    const second = await audit(substituted);
    expect(second.keys).toEqual([]);
    expect(second.code).toBe(0);
  });

  it.skipIf(!kustomize)('spec.components: a patching component over a path without kustomization, and the path\'s namespace: over what a component adds (skipped without kustomize or kubectl)', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/podinfo', '  components:\n    - ../../components/dep\n    - ../../components/extra\n'),
      'apps/podinfo/hr.yaml': helmRelease('podinfo'),
      'components/dep/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target: {kind: HelmRelease, name: podinfo}\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value:\n          - name: missing-thing\n',
      'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - hr.yaml\n',
      'components/extra/hr.yaml': helmRelease('extra'),
    });
    const { keys, code } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@components/dep/kustomization.yaml:9:19']);
    expect(code).toBe(1);
    const withNamespace = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/podinfo', '  components:\n    - ../../components/extra\n'),
      'apps/podinfo/kustomization.yaml': kustomization('namespace: apps\nresources:\n  - hr.yaml\n'),
      'apps/podinfo/hr.yaml': helmRelease('podinfo'),
      'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - hr.yaml\n',
      'components/extra/hr.yaml': helmRelease('extra', ['podinfo']),
    });
    const built = await audit(withNamespace);
    expect(built.keys).toEqual([]);
    expect(built.report.flux!.order.flat().filter((id) => id.startsWith('HelmRelease/'))).toEqual(['HelmRelease/apps/podinfo', 'HelmRelease/apps/extra']);
  });

  it('a path without a kustomization: a YAML file that is no Kubernetes object fails the generated build; a .YAML file is not taken', async () => {
    // A trial's probes: fluxcd/pkg's kustomize generator takes files ending in .yaml or .yml as written, and decodes
    // each as Kubernetes objects: a Helm values file beside the manifests fails the Kustomization.
    const files = {
      'clusters/prod/flux-system/gotk-sync.yaml': sync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/api.yaml': helmRelease('api', ['postgres']),
      'apps/db.yaml': helmRelease('postgres'),
    };
    const broken = await audit(repository({ ...files, 'apps/values.yaml': 'replicaCount: 2\nimage:\n  tag: "1.0"\n' }));
    expect(broken.keys).toEqual(['kustomization/build-failed@apps/values.yaml:1:1']);
    expect(broken.report.findings[0]!.message).toBe('apps/values.yaml is no Kubernetes object (it has no kind), and Kustomization flux-system/apps applies ./apps without a kustomization file: kustomize-controller\'s generated kustomization takes every .yaml file below and fails on it ("failed to decode Kubernetes YAML"), so it applies nothing');
    expect(broken.code).toBe(1);
    // What kustomize passes over is no fault: only comments, markers, an empty mapping or list (kyaml's IsNilOrEmpty).
    const empty = await audit(repository({ ...files, 'apps/empty.yaml': '# nothing here yet\n---\n{}\n---\n[]\n...\n' }));
    expect(empty.keys).toEqual([]);
    // Nor is what the artifact lacks: source-controller's default exclusions, where no pattern is written (a review's
    // probes: cloudbuild.yaml, .github/, .sops.yaml); with a .sourceignore they are off, and .sops.yaml fails the build.
    const defaults = await audit(repository({ ...files, 'apps/cloudbuild.yaml': 'steps:\n  - name: x\n', 'apps/.github/ci.yaml': 'on: push\n', 'apps/.sops.yaml': 'creation_rules:\n  - age: x\n' }));
    expect(defaults.keys).toEqual([]);
    const patterned = await audit(repository({ ...files, 'apps/.sops.yaml': 'creation_rules:\n  - age: x\n', '.sourceignore': '/docs/\n' }));
    expect(patterned.keys).toEqual(['kustomization/build-failed@apps/.sops.yaml:1:1']);
    const { 'apps/db.yaml': db, ...rest } = files;
    const upper = await audit(repository({ ...rest, 'apps/db.YAML': db }));
    expect(upper.keys).toEqual(['dependsOn/unknown-target@apps/api.yaml:8:7']);
    expect(upper.report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'YAML files whose extension is not .yaml or .yml in lower case, below a path without a kustomization (kustomize-controller\'s generated kustomization passes over them)', paths: ['apps/db.YAML'],
    }));
  });

  it('a nested kustomization that renames or configures only what holds no Flux object is no reason to build the tree', async () => {
    // A trial's probe (activescott/home-infra-k8s-flux): a namePrefix over a ConfigMap, `configurations:` over image
    // automation objects, beside a remote base: the whole tree was built, and the audit stopped at the remote base.
    const root = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': sync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - remote\n  - prefixed\n  - configured\n  - hr\n'),
      'apps/remote/kustomization.yaml': kustomization('resources:\n  - https://github.com/example/project//base?ref=v1\n'),
      'apps/prefixed/kustomization.yaml': kustomization('namePrefix: x-\nresources:\n  - cm.yaml\n'),
      'apps/prefixed/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
      'apps/configured/kustomization.yaml': kustomization('configurations:\n  - config.yaml\nresources:\n  - cm.yaml\n'),
      'apps/configured/config.yaml': 'nameReference:\n  - kind: ConfigMap\n    fieldSpecs:\n      - kind: Deployment\n        path: spec/x\n',
      'apps/configured/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n',
      'apps/hr/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/hr/hr.yaml': helmRelease('podinfo', ['missing']),
    });
    const { keys, code, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/hr/hr.yaml:8:7']);
    expect(report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  it.skipIf(!kustomize)('spec.path whose kustomization is itself a Component, with spec.components: built as Flux builds it, not a build error (skipped without kustomize or kubectl)', async () => {
    // A trial's probe (tscibilia/home-ops's immich): kustomize-controller adds spec.components to the Component's own
    // file and builds the directory; kustomize refused it as a resource of the wrapper ("expected kind != 'Component'").
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/podinfo', '  components:\n    - ../../components/dep\n'),
      'apps/podinfo/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamespace: apps\nresources:\n  - hr.yaml\n',
      'apps/podinfo/hr.yaml': helmRelease('podinfo'),
      'components/dep/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target: {kind: HelmRelease, name: podinfo}\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value:\n          - name: missing-thing\n',
    });
    const { keys, code, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@components/dep/kustomization.yaml:9:19']);
    // Built, with the component's dependsOn: held for ever by it, so in no level (never installed).
    expect(report.flux!.objects).toMatchObject({ HelmRelease: 1 });
    expect(report.flux!.order.flat()).not.toContain('HelmRelease/apps/podinfo');
    expect(code).toBe(1);
  });

  it.skipIf(!kustomize)('a component that adds a Flux object through a component of its own: built, the object applied (skipped without kustomize or kubectl)', async () => {
    // budimanjojo/home-cluster's postgres-database: app-namespace patches postRenderers (nothing the audit reads),
    // database-namespace adds each app's ${APP}-postgres-db Kustomization. Read as written, the tree holds none of it.
    const component = (body: string) => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n${body}`;
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/app.yaml': fluxKustomization('app', './apps/app', '  targetNamespace: default\n  components:\n    - ../../components/db\n  postBuild:\n    substitute:\n      APP: app\n'),
      'apps/app/hr.yaml': helmRelease('app'),
      'components/db/kustomization.yaml': component('components:\n  - ./patch\n  - ./database\n'),
      'components/db/patch/kustomization.yaml': component('patches:\n  - target:\n      kind: HelmRelease\n    patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: _\n      spec:\n        postRenderers: []\n'),
      'components/db/database/kustomization.yaml': component('resources:\n  - ./ks.yaml\n'),
      'components/db/database/ks.yaml': fluxKustomization('${APP}-db', './components/db/database/base'),
      'components/db/database/base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n',
    });
    const { report } = await audit(root);
    expect(report.flux!.order.flat()).toContain('Kustomization/default/app-db');
  });

  describe.skipIf(!kustomize)('patches judged by what they set: what a review found (skipped without kustomize or kubectl)', () => {
    const base = (extra: Record<string, string>) => repository({
      'clusters/prod/flux-system/gotk-sync.yaml': sync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/prod'),
      'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\n'),
      'apps/base/redis.yaml': helmRelease('redis'),
      'apps/base/web.yaml': helmRelease('web', ['redis']),
      'apps/prod/kustomization.yaml': kustomization('resources:\n  - ../base\n'),
      ...extra,
    });

    it('a patch allowed to rename (options.allowNameChange) renames, whatever else it sets', async () => {
      const { keys } = await audit(base({
        'apps/prod/kustomization.yaml': kustomization('resources:\n  - ../base\npatches:\n  - options:\n      allowNameChange: true\n    target:\n      kind: HelmRelease\n      name: redis\n    patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: redis-cache\n      spec:\n        chart:\n          spec:\n            version: 1.0.0\n'),
      }));
      expect(keys).toEqual(['dependsOn/unknown-target@apps/base/web.yaml:8:7']);
    });

    it('a parent\'s patch that sets spec.patches replaces a child\'s own: no false finding from the patches it took away', async () => {
      const { keys } = await audit(base({
        'clusters/prod/kustomization.yaml': kustomization('resources:\n  - flux-system/gotk-sync.yaml\n  - apps.yaml\npatches:\n  - target:\n      kind: Kustomization\n      name: apps\n    patch: |\n      apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: apps\n      spec:\n        patches:\n          - target:\n              kind: HelmRelease\n            patch: |\n              apiVersion: helm.toolkit.fluxcd.io/v2\n              kind: HelmRelease\n              metadata:\n                name: _\n              spec:\n                install:\n                  remediation:\n                    retries: 3\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/prod', '  patches:\n    - target:\n        kind: HelmRelease\n        name: redis\n      patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: redis\n        spec:\n          suspend: true\n'),
      }));
      // Without the parent's patch, web would depend on a suspended redis: dependsOn/suspended.
      expect(keys).toEqual([]);
    });

    it('a merge patch of spec.dependsOn beside a JSON postRenderer is built', async () => {
      const { keys } = await audit(base({
        'apps/prod/kustomization.yaml': kustomization('resources:\n  - ../base\npatches:\n  - target:\n      kind: HelmRelease\n      name: web\n    patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: web\n      spec:\n        dependsOn:\n          - name: postgres\n        postRenderers:\n          - kustomize:\n              patches:\n                - target:\n                    kind: Deployment\n                  patch: |\n                    - op: add\n                      path: /spec/template/spec/hostNetwork\n                      value: true\n'),
      }));
      // (The patch's list replaces web's own: redis, written in the base, is no longer a dependency: a warning of its own.)
      expect(keys).toEqual(['dependsOn/replaced-by-patch@apps/base/web.yaml:8:7', 'dependsOn/unknown-target@apps/prod/kustomization.yaml:16:19']);
    });

    it('a JSON patch by name alone of a ResourceSet\'s template is built', async () => {
      const { keys } = await audit(base({
        'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\n  - rset.yaml\n'),
        'apps/base/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: gen\nspec:\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: gen-app\n      spec:\n        dependsOn:\n          - name: redis\n',
        'apps/prod/kustomization.yaml': kustomization('resources:\n  - ../base\npatches:\n  - target:\n      name: gen\n    patch: |\n      - op: replace\n        path: /spec/resources/0/spec/dependsOn/0/name\n        value: postgres\n'),
      }));
      expect(keys.filter((key) => key.startsWith('dependsOn/unknown-target'))).toHaveLength(1);
    });
  });

  it('a directory with its own kustomization that the .sourceignore leaves out, below a path without one: nothing of it is applied', async () => {
    // A trial's probe: the generated kustomization of apps/ sees no docs/ (not in the artifact), so its HelmRelease is no one's.
    const files = (sourceIgnore?: string) => repository({
      'clusters/prod/flux-system/gotk-sync.yaml': gitSync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/web/hr.yaml': helmRelease('web'),
      'apps/docs/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/docs/hr.yaml': helmRelease('example', ['nothing-here']),
      ...(sourceIgnore ? { '.sourceignore': sourceIgnore } : {}),
    });
    const kept = await audit(files());
    expect(kept.keys).toEqual(['dependsOn/unknown-target@apps/docs/hr.yaml:8:7']);
    // A review's probe: below a directory whose kustomization file is left out, the generator still takes each
    // directory whose file is there as a unit, with its namespace and namePrefix.
    const nested = await audit(repository({
      'clusters/prod/flux-system/gotk-sync.yaml': gitSync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/web/hr.yaml': helmRelease('web', ['team-a']).replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  namespace: team\n'),
      'apps/docs/kustomization.yaml': kustomization('resources:\n  - sub\n'),
      'apps/docs/sub/kustomization.yaml': kustomization('namespace: team\nnamePrefix: team-\nresources:\n  - a.yaml\n'),
      'apps/docs/sub/a.yaml': helmRelease('a'),
      '.sourceignore': 'apps/docs/kustomization.yaml\n',
    }));
    expect(nested.keys).toEqual([]);
    const { keys, report } = await audit(files('docs/\n'));
    expect(keys).toEqual([]);
    const helmReleases = report.flux!.order.flat().filter((id) => id.startsWith('HelmRelease/'));
    expect(helmReleases.map((id) => id.slice(id.lastIndexOf('/') + 1))).toEqual(['web']);
  });

  it('a symbolic link a kustomization lists is not in the artifact: the build fails in the cluster', async () => {
    // source-controller archives regular files and directories only (fluxcd/pkg artifact/storage Archive): a link is
    // followed by kustomize on a checkout, and missing from what kustomize-controller builds.
    const root = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': gitSync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - ./hr.yaml\n  - ./shared.yaml\n'),
      'apps/hr.yaml': helmRelease('web'),
      'shared/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n',
    });
    symlinkSync('../shared/cm.yaml', join(root, 'apps/shared.yaml'));
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['kustomization/resource-not-in-artifact@apps/kustomization.yaml:5:5']);
    // A linked component, and a linked patch file: the same.
    const more = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': gitSync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - ./hr.yaml\ncomponents:\n  - ../components/linked\npatches:\n  - path: ./patch.yaml\n'),
      'apps/hr.yaml': helmRelease('web'),
      'shared/component/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - cm.yaml\n',
      'shared/component/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n',
      'shared/patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  a: b\n',
      'components/.keep.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n',
    });
    symlinkSync('../shared/component', join(more, 'components/linked'));
    symlinkSync('../shared/patch.yaml', join(more, 'apps/patch.yaml'));
    const linked = await audit(more);
    expect(linked.keys).toEqual(['kustomization/resource-not-in-artifact@apps/kustomization.yaml:5:1', 'kustomization/resource-not-in-artifact@apps/kustomization.yaml:7:1']);
    expect(linked.report.findings.map((finding) => finding.message.slice(0, finding.message.indexOf(','))))
      .toEqual(['components: entry ../components/linked is components/linked', 'patches: entry patch.yaml is apps/patch.yaml']);
    expect(report.findings[0]!.message).toBe('resources: entry ./shared.yaml is apps/shared.yaml, a symbolic link, which source-controller leaves out of the artifact of GitRepository flux-system (it archives regular files and directories only): kustomize follows the link on a checkout, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps waits for ever');
    expect(report.findings[0]!.fix).toBe('replace the link with the file itself, or list the path it points to; or remove the entry');
    // A review's probe: a file a generator reads through a linked directory (nothing below a link is archived).
    const below = repository({
      'clusters/prod/flux-system/gotk-sync.yaml': gitSync('./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - ./hr.yaml\nconfigMapGenerator:\n  - name: config\n    files:\n      - shared/config.txt\n'),
      'apps/hr.yaml': helmRelease('web'),
      'shared/config.txt': 'a=b\n',
    });
    symlinkSync('../shared', join(below, 'apps/shared'));
    const through = await audit(below);
    expect(through.keys).toEqual(['kustomization/resource-not-in-artifact@apps/kustomization.yaml:8:9']);
    expect(through.report.findings[0]!.message).toContain('configMapGenerator: entry shared/config.txt is apps/shared/config.txt, below apps/shared, a symbolic link, which source-controller leaves out of the artifact of GitRepository flux-system (it archives regular files and directories only, and nothing below a link)');
    expect(through.report.findings[0]!.fix).toBe('replace the linked directory apps/shared with the directory itself, or name the path it points to; or remove the entry');
  });

  it('a spec.components entry that is not a component is the build error Flux reports, at the components key', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/podinfo', '  components:\n    - ../../components/nope\n'),
      'apps/podinfo/hr.yaml': helmRelease('podinfo'),
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual(['kustomization/build-failed@clusters/main/apps.yaml:14:3']);
    expect(report.findings[0]!.message).toBe('spec.components names components/nope, which is not a directory with a kustomization file: the build of apps fails');
    expect(code).toBe(1);
    // A review's probe: with spec.ignoreMissingComponents kustomize-controller leaves out an entry that is not there
    // (fluxcd/pkg's kustomize generator); one that is there without a kustomization file still fails the build.
    const ignoring = (extra: Record<string, string>) => repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/podinfo', '  ignoreMissingComponents: true\n  components:\n    - ../../components/nope\n'),
      'apps/podinfo/hr.yaml': helmRelease('podinfo'),
      ...extra,
    });
    expect((await audit(ignoring({}))).keys).toEqual([]);
    expect((await audit(ignoring({ 'components/nope/README.md': '# not a component\n' }))).keys).toEqual(['kustomization/build-failed@clusters/main/apps.yaml:15:3']);
  });

  it('copies in two clusters that depend on each other in opposite ways still get an install order', async () => {
    // (flux-system without wait: a waiting one's timeout would cover both, and the path would be it alone.)
    const root = repository({
      'clusters/a/flux-system/gotk-sync.yaml': sync('./clusters/a').replace('wait: true', 'wait: false'),
      'clusters/a/x.yaml': helmRelease('x', ['y']).replace('metadata:\n', 'metadata:\n  namespace: apps\n'),
      'clusters/a/y.yaml': helmRelease('y').replace('metadata:\n', 'metadata:\n  namespace: apps\n'),
      'clusters/b/flux-system/gotk-sync.yaml': sync('./clusters/b').replace('wait: true', 'wait: false'),
      'clusters/b/x.yaml': helmRelease('x').replace('metadata:\n', 'metadata:\n  namespace: apps\n'),
      'clusters/b/y.yaml': helmRelease('y', ['x']).replace('metadata:\n', 'metadata:\n  namespace: apps\n'),
    });
    const { report, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['HelmRelease/apps/x', 'HelmRelease/apps/y']]);
    const json = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.levels).toHaveLength(2);
    // The critical path does not run through the loop no cluster has: x and y are never both on it.
    expect(parsed.coldStart.criticalPath.map((step: { object: string }) => step.object).filter((id: string) => id.startsWith('HelmRelease/'))).toHaveLength(1);
  });

  it.skipIf(!kustomize)('one annotation in a base applied by two overlays is unused only when no copy needs it (skipped without kustomize or kubectl)', async () => {
    const annotated = helmRelease('x').replace('metadata:\n', 'metadata:\n  annotations:\n    bootstrap-deps.io/ignore: "dependsOn/unknown-target: ghost is installed by hand"\n');
    const root = repository({
      ...twoClusters('patches:\n  - target:\n      kind: HelmRelease\n      name: x\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value:\n          - name: ghost\n'),
      'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\n  - x.yaml\n'),
      'apps/base/x.yaml': annotated,
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.suppressed).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('postBuild as Flux\'s envsubst: $${VAR} is literal, an empty value takes the default, targetNamespace is substituted, and the disabled label is honoured', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': sync('./clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  targetNamespace: ${NS}\n  postBuild:\n    substitute:\n      NS: team-a\n      EMPTY: ""\n'),
      'clusters/main/kustomization.yaml': kustomization('resources:\n  - flux-system/gotk-sync.yaml\n  - apps.yaml\n'),
      'clusters/main/flux-system/kustomization.yaml': kustomization('resources:\n  - gotk-sync.yaml\n'),
      'apps/a.yaml': helmRelease('a', ['$${NS}']),
      'apps/b.yaml': helmRelease('b', ['${EMPTY=c}']),
      'apps/c.yaml': helmRelease('c'),
      'apps/d.yaml': helmRelease('d', ['${NS}']).replace('metadata:\n', 'metadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n'),
    });
    const { keys, report } = await audit(root);
    // a: the literal ${NS}, every value known, is the name helm-controller looks for, which no object can have (a later
    // trial's probe: it was "not judged"); b: ${EMPTY=c} is c (an empty value takes the default); d keeps ${NS}, which
    // Flux never substitutes in it, so d names a HelmRelease ${NS} that nothing is (a later trial's probe).
    expect(keys).toEqual(['name/invalid@apps/a.yaml:8:7', 'dependsOn/unknown-target@apps/d.yaml:10:7']);
    // The build sets targetNamespace (the literal ${NS}), then postBuild substitutes it: team-a; d opted out of both,
    // and is held at DependencyNotReady for ever, as a is.
    expect(report.flux!.order.flat().filter((id) => id.startsWith('HelmRelease/'))).toEqual(['HelmRelease/team-a/c', 'HelmRelease/team-a/b']);
  });

  it('order --format json prints the error document when the repository cannot be read', async () => {
    const root = repository({ 'apps/a.yaml': helmRelease('a').replace('spec:\n', 'spec:\n  dependsOn: nope\n') });
    const { stdout, code } = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1, exitCode: 3, findings: [{ rule: 'input/invalid-resource' }] });
    expect(code).toBe(3);
  });
});

it('a kustomization may list files outside its directory, as kustomize-controller builds (LoadRestrictionsNone)', async () => {
  const root = repository({
    'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
    'clusters/prod/kustomization.yaml': kustomization('namespace: apps\nresources:\n  - flux-system/gotk-sync.yaml\n  - ../../apps/web.yaml\n'),
    'apps/web.yaml': helmRelease('web', ['db']),
  });
  const { keys, report } = await audit(root);
  expect(keys).toEqual(['dependsOn/unknown-target@apps/web.yaml:8:7']);
  expect(report.findings[0]!.object).toBe('HelmRelease/apps/web');
});

it('--output never writes over a manifest of the repository the audit reads (check and graph)', async () => {
  const root = repository({ 'clusters/main/apps.yaml': fluxKustomization('apps', './apps'), 'apps/web.yaml': helmRelease('web') });
  const before = readFileSync(join(root, 'clusters/main/apps.yaml'), 'utf8');
  const report = await runCli(['check', '--root', root, '--format', 'html', '--output', 'clusters/main/apps.yaml'], { cwd: root });
  expect(report.stderr).toBe('error: --output clusters/main/apps.yaml is an input of this run (a manifest the repository audit reads) — write the report to another path\n');
  expect(report.code).toBe(3);
  const picture = await runCli(['graph', '--root', root, '--format', 'svg', '--output', 'apps/web.yaml'], { cwd: root });
  expect(picture.stderr).toContain('is an input of this run (a manifest the repository audit reads)');
  expect(picture.code).toBe(3);
  expect(readFileSync(join(root, 'clusters/main/apps.yaml'), 'utf8')).toBe(before);
  // A new file, or one that is not a manifest, is written.
  const written = await runCli(['graph', '--root', root, '--format', 'svg', '--output', 'graph.svg'], { cwd: root });
  expect(written.code).toBe(0);
});

describe('what a new user ran into', () => {
  it('a --root that does not exist, or is a file, is one usage line', async () => {
    const root = repository({ 'apps/web.yaml': helmRelease('web') });
    const missing = await runCli(['check', '--root', 'nope'], { cwd: root });
    expect(missing.stderr).toBe(`error: --root nope does not exist (resolved against ${root}) — pass the repository's directory\n`);
    expect(missing.code).toBe(3);
    const file = await runCli(['order', '--root', 'apps/web.yaml'], { cwd: root });
    expect(file.stderr).toBe('error: --root apps/web.yaml is not a directory — pass the repository\'s directory, not a file in it\n');
    expect(file.code).toBe(3);
  });

  it('order, graph and explain print only what kept them from reading the repository; check on exit 3 reports only input problems', async () => {
    const root = repository({
      'apps/old.yaml': helmRelease('old').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta2'),
      'apps/web.yaml': helmRelease('web', ['old']),
    });
    const order = await runCli(['order', '--root', root], { cwd: root });
    expect(order.stderr).toBe('');
    expect(order.code).toBe(0);
    writeFileSync(join(root, 'apps/broken.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: [broken\n');
    writeFileSync(join(root, 'apps/kustomization.yaml'), kustomization('resources:\n  - old.yaml\n  - web.yaml\n  - broken.yaml\n'));
    const broken = await audit(root);
    expect(broken.keys).toHaveLength(1);
    expect(broken.keys[0]).toMatch(/^input\/parse-error@apps\/broken\.yaml:/);
    expect(broken.code).toBe(3);
  });

  it('a Kustomization whose source is not this repository is counted: what it applies is not read', async () => {
    const root = repository({
      'clusters/main/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./production\n  sourceRef:\n    kind: ExternalArtifact\n    name: apps\n',
    });
    const { report } = await audit(root);
    expect(report.flux!.skipped).toContainEqual({ reason: 'Flux Kustomizations whose source is not this repository (ExternalArtifact): what they apply is not read', count: 1, example: 'clusters/main/apps.yaml', paths: ['clusters/main/apps.yaml'], incomplete: true });
  });
});

describe('what a second review found', () => {
  it('a Kustomization reached only through a path a parent substitutes is no root of its own: no phantom copies', async () => {
    const root = repository({
      'clusters/prod/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/prod', '  postBuild:\n    substitute:\n      ENV: prod\n'),
      'clusters/prod/apps/ks.yaml': fluxKustomization('apps', './apps/${ENV}', '  targetNamespace: ${ENV}-ns\n'),
      'apps/prod/child.yaml': fluxKustomization('child', './infra'),
      'apps/prod/web.yaml': helmRelease('web'),
      'infra/cache.yaml': helmRelease('cache'),
    });
    const { report } = await audit(root);
    expect(report.flux!.order.flat().sort()).toEqual([
      'HelmRelease//cache', 'HelmRelease/prod-ns/web', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/flux-system', 'Kustomization/prod-ns/child',
    ]);
  });

  it('a substituted path is followed for flux-operator\'s OCI sync (sourceRef OCIRepository flux-system) as for a GitRepository', async () => {
    const root = repository({
      'clusters/prod/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/prod', '  postBuild:\n    substitute:\n      ENV: prod\n'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/${ENV}', '  targetNamespace: apps\n').replace('    kind: GitRepository\n', '    kind: OCIRepository\n'),
      'apps/prod/web.yaml': helmRelease('web'),
    });
    const { report } = await audit(root);
    expect(report.flux!.order.flat()).toContain('HelmRelease/apps/web');
  });

  it('explain sums what every copy applies', async () => {
    const root = repository(twoClusters());
    const result = await runCli(['explain', 'Kustomization/flux-system/apps', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(result.stdout).applies).toEqual(['HelmRelease/prod-apps/redis', 'HelmRelease/prod-apps/web', 'HelmRelease/staging-apps/redis', 'HelmRelease/staging-apps/web']);
  });

  it('a resources: entry that does not exist, or leaves the repository, in a tree Flux applies is the build error Flux reports', async () => {
    const root = repository({ ...twoClusters(), 'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\n  - missing.yaml\n  - ../../../outside.yaml\n') });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual(['kustomization/build-failed@apps/base/kustomization.yaml:6:5', 'kustomization/build-failed@apps/base/kustomization.yaml:7:5']);
    expect(report.findings.map((finding) => finding.message)).toEqual([
      'resources: lists missing.yaml, which does not exist: kustomize build fails; Kustomization flux-system/apps applies nothing, and what depends on it waits',
      'resources: lists ../../../outside.yaml, which is outside the repository: Flux\'s build fails (the source holds only the repository); Kustomization flux-system/apps applies nothing, and what depends on it waits',
    ]);
    expect(code).toBe(1);
  });

  it.skipIf(!kustomize)('a dependency whose file says wait: true, turned off by a parent\'s patch, is unwaited: the message and the fix point at the patch (skipped without kustomize or kubectl)', async () => {
    // A trial's probe (soulwhisper/home-ops): cluster-apps sets wait: false on every child through spec.patches; the
    // warning told the user to set wait: true on a Kustomization whose file already says so.
    const noWait = '  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n        spec:\n          wait: false\n      target:\n        kind: Kustomization\n';
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps', noWait),
      'apps/operator.yaml': fluxKustomization('operator', './deploy/operator'),
      'apps/db.yaml': fluxKustomization('db', './deploy/db', '  dependsOn:\n    - name: operator\n'),
      'deploy/operator/hr.yaml': helmRelease('operator'),
      'deploy/db/hr.yaml': helmRelease('db'),
    });
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@apps/db.yaml:15:7']);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/db depends on Kustomization flux-system/operator, which has neither wait: true nor healthChecks (its file says wait: true; the patch at clusters/main/apps.yaml:21 turns it off): it is Ready once its objects are applied, before they run, so db may start too early');
    expect(report.findings[0]!.fix).toBe('keep the patch at clusters/main/apps.yaml:21 from setting wait: false on Kustomization operator (or give it healthChecks)');
    // A review's probe: a JSON patch of the kustomization turns it off, after a component that patches something else.
    const json = await audit(repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - operator.yaml\n  - db.yaml\ncomponents:\n  - ../components/interval\npatches:\n  - target:\n      kind: Kustomization\n      name: operator\n    patch: |\n      - op: replace\n        path: /spec/wait\n        value: false\n'),
      'components/interval/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: Kustomization\n    patch: |\n      - op: replace\n        path: /spec/interval\n        value: 2h\n',
      'apps/operator.yaml': fluxKustomization('operator', './deploy/operator'),
      'apps/db.yaml': fluxKustomization('db', './deploy/db', '  dependsOn:\n    - name: operator\n'),
      'deploy/operator/hr.yaml': helmRelease('operator'),
      'deploy/db/hr.yaml': helmRelease('db'),
    }));
    expect(json.report.findings.filter((finding) => finding.rule === 'dependsOn/unwaited-kustomization').map((finding) => finding.fix)).toEqual(['keep the patch at apps/kustomization.yaml:14 from setting wait: false on Kustomization operator (or give it healthChecks)']);
    // `wait: null` removes the field (Flux's default: false). The parent's own `wait: false`, written below its
    // spec.patches, is no patch: the search stays within the patches' block.
    const removed = await audit(repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': `${fluxKustomization('apps', './apps', noWait.replace('wait: false', 'wait: null')).replace('  wait: true\n', '')}  wait: false\n`,
      'apps/operator.yaml': fluxKustomization('operator', './deploy/operator'),
      'apps/db.yaml': fluxKustomization('db', './deploy/db', '  dependsOn:\n    - name: operator\n'),
      'deploy/operator/hr.yaml': helmRelease('operator'),
      'deploy/db/hr.yaml': helmRelease('db'),
    }));
    expect(removed.keys).toEqual(['dependsOn/unwaited-kustomization@apps/db.yaml:15:7']);
    expect(removed.report.findings[0]!.fix).toBe('keep the patch at clusters/main/apps.yaml:20 from setting wait: false on Kustomization operator (or give it healthChecks)');
  });

  it('a components: entry that is no component is the build error Flux reports, at the entry, with no kustomize run', async () => {
    // A trial's probe (monosense-io/k8s-gitops): `…/allow-1password-connect` where the file is allow-1password-connect.yaml.
    // kustomize's own message named neither the file nor the line, and was cut before its "no such file or directory".
    const root = repository({
      ...twoClusters(),
      'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\ncomponents:\n  - ../../components/labels\n  - ../../components/missing\n  - ../../components/empty\n'),
      'components/labels/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n  - pairs:\n      team: a\n',
      'components/empty/README.md': '# not a component\n',
    });
    const bin = temporaryDirectory();
    symlinkSync(process.execPath, join(bin, 'node'));
    // No kustomize on PATH: were a build asked for, it would say so (input/kustomize-missing).
    const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: bin } });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column} ${finding.message}`)).toEqual([
      'kustomization/build-failed@apps/base/kustomization.yaml:8:5 components: lists ../../components/missing, which is not a directory with a kustomization file: kustomize build fails; Kustomization flux-system/apps applies nothing, and what depends on it waits',
      'kustomization/build-failed@apps/base/kustomization.yaml:9:5 components: lists ../../components/empty, which is not a directory with a kustomization file: kustomize build fails; Kustomization flux-system/apps applies nothing, and what depends on it waits',
    ]);
    expect(result.code).toBe(1);
    // A review's probe: an scp-style git address is a component kustomize fetches, not a missing directory; read
    // nowhere here, it asks for the build (without kustomize on PATH: said so, at the components key).
    const remote = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': kustomization('resources:\n  - web.yaml\ncomponents:\n  - git@github.com:example/comps.git//labels?ref=v1.0.0\n'),
      'apps/web.yaml': helmRelease('web'),
    });
    const fetched = runBin(['check', '--root', remote, '--format', 'json'], { cwd: remote, env: { PATH: bin } });
    expect((JSON.parse(fetched.stdout) as Report).findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['input/kustomize-missing@apps/kustomization.yaml:5:1']);
    // A base that two overlays build says so once, not once per build.
    const twice = repository({ ...twoClusters(), 'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\ncomponents:\n  - git@github.com:example/comps.git//labels?ref=v1.0.0\n') });
    const once = runBin(['check', '--root', twice, '--format', 'json'], { cwd: twice, env: { PATH: bin } });
    expect((JSON.parse(once.stdout) as Report).findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['input/kustomize-missing@apps/base/kustomization.yaml:6:1']);
  });

  it.skipIf(!kustomize)('a component patch that names no kind (a name) makes the build run (skipped without kustomize or kubectl)', async () => {
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/web', '  components:\n    - ../../components/db\n'),
      'apps/web/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/web/hr.yaml': helmRelease('web'),
      'components/db/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      name: web\n    patch: |-\n      [{"op": "add", "path": "/spec/dependsOn", "value": [{"name": "missing-db"}]}]\n',
    });
    const { keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@components/db/kustomization.yaml:7:69']);
  });
});

it('a file that does not parse is reported once, not again as the failing build of every overlay over it', async () => {
  const patch = 'patches:\n  - target:\n      kind: HelmRelease\n      name: web\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value: []\n';
  const root = repository({ ...twoClusters(patch), 'apps/base/web.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: [web\n' });
  const { keys, code } = await audit(root);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^input\/parse-error@apps\/base\/web\.yaml:/);
  expect(code).toBe(3);
});

it('a format a command does not have is one usage line, not a document in that format', async () => {
  const root = repository({ 'apps/web.yaml': helmRelease('web') });
  const graph = await runCli(['graph', '--root', root, '--format', 'html'], { cwd: root });
  expect(graph.stdout).toBe('');
  expect(graph.stderr).toMatch(/^error: option '--format <format>' argument 'html' is invalid\./);
  expect(graph.code).toBe(3);
  const order = await runCli(['order', '--root', root, '--format', 'junit'], { cwd: root });
  expect(order.stdout).toBe('');
  expect(order.code).toBe(3);
});

it('the markdown report of a repository audit names no kit or expected DAG it did not read', async () => {
  const root = repository({ 'apps/web.yaml': helmRelease('web') });
  const { stdout } = await runCli(['check', '--root', root, '--format', 'markdown'], { cwd: root });
  expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^<sub>bootstrap-deps [^ <]+<\/sub>$/);
});

it('the HTML report of a repository audit counts what it read and groups by namespace, in the words of its text summary', async () => {
  const root = repository({ 'clusters/main/apps.yaml': fluxKustomization('apps', './apps'), 'apps/web.yaml': helmRelease('web') });
  const { stdout } = await runCli(['check', '--root', root, '--format', 'html'], { cwd: root });
  const counts = [...stdout.matchAll(/data-count="([A-Za-z]+)"><b>(\d+)<\/b><span>([A-Za-z ]+)</g)].map((match) => `${match[3]} ${match[2]}`);
  expect(counts).toEqual(['HelmReleases 1', 'Kustomizations 1', 'ResourceSets 0', 'Cycles 0', 'Errors 0', 'Warnings 0']);
  expect(stdout).toContain('<label>Namespace <select class="wave"><option value="">all namespaces</option>');
});

it('a Kustomization a ResourceSet generates comes after it, and applies its spec.path like any other', async () => {
  const root = repository({
    'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
    'clusters/main/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  inputs:\n    - app: web\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: << inputs.app >>\n        namespace: flux-system\n      spec:\n        interval: 1h\n        path: ./apps/<< inputs.app >>\n        targetNamespace: << inputs.app >>-ns\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n',
    'apps/web/hr.yaml': helmRelease('web', ['db']),
  });
  const { report, keys } = await audit(root);
  expect(keys).toEqual(['dependsOn/unknown-target@apps/web/hr.yaml:8:7']);
  expect(report.findings[0]!.object).toBe('HelmRelease/web-ns/web');
  // (web, held for ever by the missing db, is never installed: in no level.)
  expect(report.flux!.order).toEqual([
    ['Kustomization/flux-system/flux-system'],
    ['ResourceSet/flux-system/apps'],
    ['Kustomization/flux-system/web'],
  ]);
  const explained = await runCli(['explain', 'Kustomization/flux-system/web', '--root', root, '--format', 'json'], { cwd: root });
  expect(JSON.parse(explained.stdout)).toMatchObject({ appliedBy: ['ResourceSet/flux-system/apps'], applies: ['HelmRelease/web-ns/web'] });
});

// fluxcd/pkg substitutes only where a variable is defined (kustomize_varsub.go: len(vars) > 0), unless
// substituteStrategy: Always (a review's probe: a postBuild with no values was read as substituting).
it('a postBuild with no values substitutes nothing; with substituteStrategy: Always, a default is taken', async () => {
  const files = (postBuild: string) => ({
    'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
    'clusters/main/apps.yaml': fluxKustomization('apps', './apps', postBuild),
    'apps/web.yaml': helmRelease('web', ['${DB:=db}']),
  });
  const none = await audit(repository(files('  postBuild:\n    substitute: {}\n')));
  expect(none.keys).toEqual(['dependsOn/unknown-target@apps/web.yaml:8:7']);
  expect(none.report.findings[0]!.message).toContain('depends on HelmRelease ${DB:=db}, but Kustomization flux-system/apps, which applies it, has no postBuild variables');
  const always = await audit(repository(files('  postBuild:\n    substituteStrategy: Always\n    substitute: {}\n')));
  expect(always.keys).toEqual(['dependsOn/unknown-target@apps/web.yaml:8:7']);
  expect(always.report.findings[0]!.message).toContain('depends on HelmRelease db (written ${DB:=db}, which Kustomization flux-system/apps (clusters/main/apps.yaml) substitutes, DB unset),');
});
