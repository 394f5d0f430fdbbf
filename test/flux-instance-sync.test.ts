// The Kustomization flux-operator makes of a FluxInstance's sync (internal/builder's sync template: named after
// sync.name or the namespace, in the FluxInstance's namespace, applying sync.path with prune, no wait, every 10 min)
// is an object of the graph: it applies the sync path as kustomize builds it, a dependsOn on it resolves and is
// ordered, and explain says what makes it. Layouts after emerconn/fleet-infra (a patch in the sync path's
// kustomization), onedr0p/home-ops (the flux-instance chart's values) and larivierec/home-cluster.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasCommand, runCli, temporaryDirectory } from './helpers.js';
import type { Report } from '../src/index.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');

function repository(files: Record<string, string>): string {
  const root = temporaryDirectory();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function audit(root: string) {
  const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
  const report = JSON.parse(result.stdout) as Report;
  return { ...result, report, keys: report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`) };
}

/** A FluxInstance in flux-system syncing `path` of this repository from a `kind` source, with `extra` lines under spec. */
const fluxInstance = (path: string, kind = 'GitRepository', extra = '') => `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: ${kind}\n    url: ${kind === 'GitRepository' ? 'https://github.com/example/fleet.git' : 'oci://ghcr.io/example/fleet'}\n    ref: ${kind === 'GitRepository' ? 'refs/heads/main' : 'latest'}\n    path: ${path}\n${extra}`;
const helmRelease = (name: string, dependsOn: string[] = []) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dep) => `    - name: ${dep}\n`).join('')}` : ''}  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`;
const kustomization = (name: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;

describe('the Kustomization a FluxInstance sync makes', () => {
  it('is in the graph: it applies the sync path, installs first, and explain says what makes it', async () => {
    const root = repository({
      'clusters/main/flux-system/flux-instance.yaml': fluxInstance('clusters/main'),
      'clusters/main/apps.yaml': kustomization('apps', './apps', '  wait: true\n'),
      'apps/web.yaml': helmRelease('web'),
    });
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 2, ResourceSet: 0 });
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/apps'], ['HelmRelease/flux-system/web']]);
    expect(code).toBe(0);
    const explained = await runCli(['explain', 'ks/flux-system/flux-system', '--root', root], { cwd: root });
    expect(explained.stdout.split('\n').slice(0, 5)).toEqual([
      'Kustomization flux-system/flux-system',
      '  defined at       clusters/main/flux-system/flux-instance.yaml:14',
      '  made by          FluxInstance flux-system/flux (its sync; flux-operator makes this Kustomization, no file writes it)',
      '  applied by       none',
      '  applies          Kustomization flux-system/apps',
    ]);
    const json = await runCli(['explain', 'apps', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout)).toMatchObject({ appliedBy: ['Kustomization/flux-system/flux-system'], madeBy: [] });
    const made = await runCli(['explain', 'ks/flux-system/flux-system', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(made.stdout).madeBy).toEqual(['FluxInstance/flux-system/flux']);
  });

  it('a dependsOn on it resolves, and is warned as unwaited with a fix that goes through the FluxInstance', async () => {
    const root = repository({
      'clusters/c1/flux-instance.yaml': fluxInstance('clusters/c1'),
      'clusters/c1/ks.yaml': kustomization('a', './w', '  dependsOn:\n    - name: flux-system\n'),
      'w/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\n  namespace: default\n',
    });
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@clusters/c1/ks.yaml:14:7']);
    expect(report.findings[0]!.fix).toBe("depend on the objects a needs instead (Kustomization flux-system is made by FluxInstance flux-system/flux of its sync; healthChecks for it go in the FluxInstance's kustomize.patches, not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock)");
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/a']]);
    expect(code).toBe(0);
  });

  it('only its own cluster\'s: a dependency on another cluster\'s sync Kustomization is unknown-target, as for a written one', async () => {
    // A trial's probe: dev's FluxInstance names its sync fleet; dev's apps depended on flux-system, which only prod's
    // makes, and passed (every sync Kustomization excused the name, whatever its cluster).
    const root = repository({
      'clusters/prod/flux-instance.yaml': fluxInstance('clusters/prod'),
      'clusters/prod/ks.yaml': kustomization('apps', './w', '  wait: true\n  dependsOn:\n    - name: flux-system\n'),
      'clusters/dev/flux-instance.yaml': fluxInstance('clusters/dev', 'GitRepository', '    name: fleet\n'),
      'clusters/dev/ks.yaml': kustomization('apps', './w', '  wait: true\n  dependsOn:\n    - name: flux-system\n'),
      'w/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\n  namespace: default\n',
    });
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/dev/ks.yaml:15:7', 'dependsOn/unwaited-kustomization@clusters/prod/ks.yaml:15:7']);
    expect(report.findings[0]!.message).toContain('for another cluster');
  });

  it('a HelmRelease that depends on it names the wrong kind; where it applies the HelmRelease (through apps), the fix removes the item', async () => {
    const root = repository({
      'clusters/main/flux-instance.yaml': fluxInstance('clusters/main'),
      'clusters/main/apps.yaml': kustomization('apps', './apps'),
      'apps/web.yaml': helmRelease('web', ['flux-system']),
    });
    const { report, keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/wrong-kind@apps/web.yaml:9:7']);
    expect(report.findings[0]!.fix).toBe('remove this item: Kustomization flux-system/flux-system applies web (through Kustomization flux-system/apps), which so starts only once it is applied; to order web after something, depend on that HelmRelease');
  });

  it('where it does not apply the HelmRelease (a tree applied by hand), the fix moves the item and says the made Kustomization waits for nothing', async () => {
    const root = repository({
      'clusters/main/flux-instance.yaml': fluxInstance('clusters/main'),
      'clusters/main/apps.yaml': kustomization('apps', './apps'),
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n',
      'bootstrap/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ks.yaml\n',
      'bootstrap/ks.yaml': kustomization('boot', './boot'),
      'boot/web.yaml': helmRelease('web', ['flux-system']),
    });
    const { report, keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/wrong-kind@boot/web.yaml:9:7']);
    expect(report.findings[0]!.fix).toBe('remove this item and put the dependency on the Kustomization that applies web (Kustomization flux-system/boot): dependsOn flux-system there (Kustomization flux-system is made by FluxInstance flux-system/flux of its sync, without wait or healthChecks: it is Ready once applied)');
  });

  it.skipIf(!HAS_KUSTOMIZE)('what the sync path\'s kustomization patches is read as kustomize builds it: the patched dependsOn, not the base\'s (skipped without kustomize)', async () => {
    // emerconn/fleet-infra: the cluster's kustomization patches a shared HelmRelease's dependsOn; read as written, the
    // base's item was a false dependsOn/unknown-target error and the patched edge was lost.
    const root = repository({
      'clusters/prod/flux-system/flux-instance.yaml': fluxInstance('clusters/prod'),
      'clusters/prod/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux-instance.yaml\n',
      'clusters/prod/a.yaml': helmRelease('a'),
      'clusters/prod/b/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../../base/b.yaml\npatches:\n  - path: patch.yaml\n',
      'clusters/prod/b/patch.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: b\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: a\n',
      'base/b.yaml': helmRelease('b', ['old-name']),
    });
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/replaced-by-patch@base/b.yaml:9:7']);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['HelmRelease/flux-system/a'], ['HelmRelease/flux-system/b']]);
    expect(code).toBe(0);
  });

  it('the flux-instance chart\'s sync makes it too, named after what the chart\'s HelmRelease is as Flux applies it; an OCI sync too', async () => {
    for (const kind of ['GitRepository', 'OCIRepository']) await chartSync(kind);
  });
  const chartSync = async (kind: string) => {
    const root = repository({
      'kubernetes/flux/cluster/ks.yaml': kustomization('cluster-apps', './kubernetes/apps'),
      'kubernetes/apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./flux-system/flux-instance/ks.yaml\n',
      'kubernetes/apps/flux-system/flux-instance/ks.yaml': kustomization('flux-instance', './kubernetes/apps/flux-system/flux-instance/app', '  targetNamespace: flux-system\n'),
      'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n        url: https://github.com/example/home-ops\n        ref: refs/heads/main\n        path: kubernetes/flux/cluster\n'.replace('kind: GitRepository', `kind: ${kind}`),
    });
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.order[0]).toEqual(['Kustomization/flux-system/flux-system']);
    const made = await runCli(['explain', 'ks/flux-system/flux-system', '--root', root], { cwd: root });
    expect(made.stdout.split('\n').slice(2, 5)).toEqual([
      '  made by          HelmRelease flux-system/flux-instance (its sync; flux-operator makes this Kustomization, no file writes it)',
      '  applied by       none',
      '  applies          Kustomization flux-system/cluster-apps',
    ]);
    expect(code).toBe(0);
  };

  it('a kustomize patch of the FluxInstance that gives it a postBuild substitutes what it applies: a ${VAR} name is no error there', async () => {
    const patches = '  kustomize:\n    patches:\n      - target:\n          kind: Kustomization\n        patch: |\n          - op: add\n            path: /spec/postBuild\n            value:\n              substituteFrom:\n                - kind: ConfigMap\n                  name: cluster-settings\n';
    const files = (extra: string) => repository({
      'clusters/main/flux-instance.yaml': fluxInstance('clusters/main', 'GitRepository', extra),
      'clusters/main/apps.yaml': kustomization('apps', './apps', '  dependsOn:\n    - name: infra-${CLUSTER}\n'),
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n',
    });
    const patched = await audit(files(patches));
    expect(patched.keys).toEqual([]);
    expect(patched.code).toBe(0);
    // Without the patch nothing substitutes it: Flux looks for a Kustomization named infra-${CLUSTER}.
    const plain = await audit(files(''));
    expect(plain.keys).toEqual(['dependsOn/unknown-target@clusters/main/apps.yaml:14:7']);
    expect(plain.code).toBe(1);
  });

  it('is named and placed as Flux places what writes the sync: the chart\'s HelmRelease under a targetNamespace, an empty sync.name', async () => {
    // soulwhisper/home-ops (a review's probe): the chart's release lands in gitops-system, and so does the FluxInstance.
    const chart = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n        name: "${name}"\n        url: https://github.com/example/home-ops\n        ref: refs/heads/main\n        path: flux/cluster\n`;
    const files = (name: string) => repository({
      'flux/cluster/ks.yaml': kustomization('cluster-apps', './apps').replace('namespace: flux-system', 'namespace: gitops-system'),
      'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./instance/ks.yaml\n  - ./x.yaml\n',
      'apps/instance/ks.yaml': kustomization('flux-instance', './apps/instance/app', '  targetNamespace: gitops-system\n'),
      'apps/instance/app/helmrelease.yaml': chart(name),
      'apps/x.yaml': kustomization('x', './web', '  wait: true\n  dependsOn:\n    - name: gitops-system\n      namespace: gitops-system\n'),
      'web/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n',
    });
    for (const name of ['', 'home-ops']) {
      const root = files(name);
      const { keys, report } = await audit(root);
      const made = name === '' ? 'gitops-system' : name;
      expect(report.flux!.order[0]).toEqual([`Kustomization/gitops-system/${made}`]);
      // The dependency on gitops-system/gitops-system resolves only where the sync is named after the namespace.
      expect(keys).toEqual(name === '' ? ['dependsOn/unwaited-kustomization@apps/x.yaml:15:7'] : ['dependsOn/unknown-target@apps/x.yaml:15:7']);
    }
  });

  it('is not made of a FluxInstance that Flux never applies here: one left out of the kustomization of the path that holds it', async () => {
    const root = repository({
      'clusters/main/config/cluster.yaml': kustomization('cluster', './clusters/main'),
      'clusters/main/apps.yaml': kustomization('apps', './apps', '  dependsOn:\n    - name: flux-system\n'),
      'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./web.yaml\n  # - ./flux-instance/instance.yaml\n',
      'apps/web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\n',
      'apps/flux-instance/instance.yaml': fluxInstance('clusters/main'),
    });
    const { code, report, keys } = await audit(root);
    // Flux holds apps at DependencyNotReady for ever: nothing makes flux-system.
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/main/apps.yaml:14:7']);
    expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
    const explained = await runCli(['explain', 'apps', '--root', root], { cwd: root });
    expect(explained.stdout.split('\n')[2]).toBe('  applied by       Kustomization flux-system/cluster');
  });

  it('is made of a FluxInstance inside its own sync path that the path\'s kustomization leaves out (applied by hand or by terraform)', async () => {
    // A review's probe: the Kustomization this very sync makes was taken for evidence that the FluxInstance is never applied.
    const root = repository({
      'clusters/prod/flux-system/flux-instance.yaml': fluxInstance('clusters/prod'),
      'clusters/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps.yaml\n',
      'clusters/prod/apps.yaml': kustomization('apps', './apps', '  dependsOn:\n    - name: flux-system\n'),
      'apps/web.yaml': helmRelease('web'),
    });
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@clusters/prod/apps.yaml:14:7']);
    expect(report.flux!.order[0]).toEqual(['Kustomization/flux-system/flux-system']);
  });

  it.skipIf(!HAS_KUSTOMIZE)('the FluxInstance\'s kustomize.patches that set what the audit reads (a wait) are built into it by kustomize; without kustomize it is not made, and counted (skipped without kustomize)', async () => {
    // A review's probe: a patched wait: true read as absent hid the deadlock of a child that depends on it.
    const patches = '  kustomize:\n    patches:\n      - target:\n          kind: Kustomization\n          name: flux-system\n        patch: |\n          - op: add\n            path: /spec/wait\n            value: true\n';
    const root = repository({
      'clusters/main/flux-instance.yaml': fluxInstance('clusters/main', 'GitRepository', patches),
      'clusters/main/apps.yaml': kustomization('apps', './apps', '  dependsOn:\n    - name: flux-system\n'),
      'apps/web.yaml': helmRelease('web'),
    });
    const { keys, code } = await audit(root);
    expect(keys).toEqual(['dependsOn/wait-deadlock@clusters/main/flux-instance.yaml:14:11']);
    expect(code).toBe(1);
    const unbuilt = JSON.parse((await runCli(['check', '--root', root, '--format', 'json', '--no-kustomize'], { cwd: root })).stdout) as Report;
    expect(unbuilt.findings.map((finding) => finding.rule)).not.toContain('dependsOn/wait-deadlock');
    expect(unbuilt.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 1, ResourceSet: 0 });
    expect(unbuilt.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'FluxInstance syncs whose kustomize.patches change the Kustomization flux-operator makes (its wait, timeout, path...) where kustomize cannot build them here: that Kustomization is not made, and its sync path is audited as an entry point',
      paths: ['clusters/main/flux-instance.yaml'],
    }));
  });

  it('is not made twice where flux bootstrap\'s flux-system is still written; for an OCI sync of the artifact\'s root, it applies nothing known', async () => {
    const gotkSync = repository({
      'clusters/main/flux-system/flux-instance.yaml': fluxInstance('clusters/main'),
      'clusters/main/flux-system/gotk-sync.yaml': kustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': kustomization('apps', './apps'),
      'apps/web.yaml': helmRelease('web'),
    });
    const written = await audit(gotkSync);
    expect(written.keys).toEqual([]);
    expect(written.report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 2, ResourceSet: 0 });
    const explained = await runCli(['explain', 'ks/flux-system/flux-system', '--root', gotkSync], { cwd: gotkSync });
    expect(explained.stdout.split('\n')[1]).toBe('  defined at       clusters/main/flux-system/gotk-sync.yaml:4');
    const oci = repository({
      'clusters/main/flux-instance.yaml': fluxInstance('./', 'OCIRepository'),
      'clusters/main/apps.yaml': kustomization('apps', './apps'),
      'apps/web.yaml': helmRelease('web'),
    });
    const pushed = await audit(oci);
    expect(pushed.keys).toEqual([]);
    // flux-operator makes it for every sync kind (a trial's probe); `./` is the artifact's root, not known here.
    expect(pushed.report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 2, ResourceSet: 0 });
    const made = await runCli(['explain', 'ks/flux-system/flux-system', '--root', oci, '--format', 'json'], { cwd: oci });
    expect(JSON.parse(made.stdout)).toMatchObject({ madeBy: ['FluxInstance/flux-system/flux'], applies: [] });
  });

  it('for an OCI sync whose path is a directory of this repository (the repository pushed whole), applies it: what depends on flux-system resolves', async () => {
    // eleboucher/homelab's shape (a trial's probe): apps depended on flux-system, which was nowhere, and check passed.
    const root = repository({
      'clusters/main/flux-instance.yaml': fluxInstance('clusters/main', 'OCIRepository'),
      'clusters/main/apps.yaml': kustomization('apps', './apps', '  dependsOn:\n    - name: flux-system\n').replace('kind: GitRepository', 'kind: OCIRepository'),
      'apps/web.yaml': helmRelease('web'),
    });
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@clusters/main/apps.yaml:14:7']);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/apps'], ['HelmRelease/flux-system/web']]);
  });

  it('for an OCI sync of an artifact pushed from a subdirectory, its path is found under the directories above the FluxInstance, as a Kustomization\'s is', async () => {
    // mak011p/k8s-gitops-hayden's shape (a trial's probe): `./clusters/a` of what kubernetes/ pushes was not found, so
    // the sync applied nothing known and a file no kustomization lists was judged (kustomization/path-not-found).
    const root = repository({
      'kubernetes/flux/instance.yaml': fluxInstance('./clusters/a', 'OCIRepository'),
      'kubernetes/clusters/a/kustomization.yaml': 'resources:\n  - ../../apps/app1/ks.yaml\n  # - ../../apps/app2/ks.yaml\n',
      'kubernetes/apps/app1/ks.yaml': kustomization('app1', './apps/app1/app').replace('kind: GitRepository', 'kind: OCIRepository'),
      'kubernetes/apps/app1/app/web.yaml': helmRelease('web'),
      'kubernetes/apps/app2/ks.yaml': kustomization('app2', './apps/app2/app').replace('kind: GitRepository', 'kind: OCIRepository'),
    });
    const { keys, report, code } = await audit(root);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/app1'], ['HelmRelease/flux-system/web']]);
  });

  it('a flux-instance chart written as a ResourceSet\'s resource that no input changes makes it too, its values from a configMapGenerator', async () => {
    // flux-operator managing itself (mak011p/k8s-gitops-hayden, a trial's probe): the sync was missed, what it applies
    // was seen as applied by none, and a file no kustomization lists was judged.
    const resourceSet = (name: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: ${name}\n        namespace: flux-system\n      spec:\n        interval: 15m\n        chart:\n          spec:\n            chart: flux-instance\n            sourceRef:\n              kind: HelmRepository\n              name: controlplane\n        valuesFrom:\n          - kind: ConfigMap\n            name: flux-instance-values\n`;
    const files = {
      'clusters/a/kustomization.yaml': 'resources:\n  - flux-instance.ks.yaml\n  - ../../apps/app1/ks.yaml\n',
      'clusters/a/flux-instance.ks.yaml': kustomization('flux-instance', './clusters/a/flux-instance'),
      'clusters/a/flux-instance/kustomization.yaml': 'namespace: flux-system\nresources:\n  - resourceset.yaml\nconfigMapGenerator:\n  - name: flux-instance-values\n    files:\n      - values.yaml=./values.yaml\n',
      'clusters/a/flux-instance/resourceset.yaml': resourceSet('flux-instance'),
      'clusters/a/flux-instance/values.yaml': 'instance:\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: ./clusters/a\n',
      'apps/app1/ks.yaml': kustomization('app1', './apps/app1/app'),
      'apps/app1/app/web.yaml': helmRelease('web'),
      'apps/app2/ks.yaml': kustomization('app2', './apps/app2/app'),
    };
    const { keys, code } = await audit(repository(files));
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    const explained = await runCli(['explain', 'app1'], { cwd: repository(files) });
    expect(explained.stdout).toContain('  applied by       Kustomization flux-system/flux-system\n');
    // A resource with a template marker renders per input: not read as a sync here; nor is a disabled ResourceSet's
    // (flux-operator builds nothing of it: a review's probe).
    const templated = repository({ ...files, 'clusters/a/flux-instance/resourceset.yaml': resourceSet('<< inputs.name >>') });
    // (Without inputs, its template's << inputs.name >> fails flux-operator's build: missingkey=error.)
    expect((await audit(templated)).keys).toEqual(['kustomization/path-not-found@apps/app2/ks.yaml:8:9', 'resourceset/build-failed@clusters/a/flux-instance/resourceset.yaml:4:9']);
    const disabled = repository({ ...files, 'clusters/a/flux-instance/resourceset.yaml': resourceSet('flux-instance').replace('  namespace: flux-system\nspec:', '  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcile: disabled\nspec:') });
    expect((await audit(disabled)).keys).toEqual(['kustomization/path-not-found@apps/app2/ks.yaml:8:9']);
  });
});
