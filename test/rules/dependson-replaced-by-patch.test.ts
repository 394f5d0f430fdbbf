import { describe } from 'vitest';
import { findKustomize } from '../../src/load/kustomize-build.js';
import rule from '../../src/rules/dependson-replaced-by-patch.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

// soulwhisper/home-ops's layout: cluster-apps gives every child Kustomization a baseline dependsOn through its
// spec.patches; kavita (./apps/kavita.yaml) writes one of its own. What a patch does to a list is what kustomize
// builds, so the cases need the real kustomize.
const parent = (patch: string) => fluxKustomization('cluster-apps', [], `  path: ./apps\n  patches:\n${patch}`).replace('  path: ./cluster-apps\n', '');
const baseline = '    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n        spec:\n          dependsOn:\n            - name: cert-manager\n      target:\n        kind: Kustomization\n        labelSelector: deps=infra\n';
const appended = '    - patch: |-\n        - op: add\n          path: /spec/dependsOn/-\n          value:\n            name: cert-manager\n      target:\n        kind: Kustomization\n        labelSelector: deps=infra\n';
const removal = '    - patch: |-\n        - op: remove\n          path: /spec/dependsOn/0\n      target:\n        kind: Kustomization\n        name: kavita\n';
/** A cluster's sync and the Kustomization apps applying `path`: where the cases below put their builds. */
const syncedAt = (path: string) => ({
  'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
  'clusters/main/apps.yaml': fluxKustomization('apps').replace('path: ./apps', `path: ${path}`),
});
const helmReleaseOf = (name: string, dependsOn: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n${dependsOn}  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`;
const child = (name: string, dependsOn: string[]) => fluxKustomization(name, dependsOn).replace('metadata:\n', 'metadata:\n  labels:\n    deps: infra\n');
const repository = (patch: string, kavitaDependsOn = ['media-nfs']) => ({
  'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
  'clusters/main/apps.yaml': parent(patch),
  'apps/kavita.yaml': child('kavita', kavitaDependsOn),
  'apps/media-nfs.yaml': child('media-nfs', []),
  'apps/cert-manager.yaml': fluxKustomization('cert-manager'),
});

describe.skipIf(!findKustomize())('with kustomize or kubectl on PATH (skipped without: the list a patch gives is what kustomize builds)', () => {
  ruleTester(rule, {
    valid: [
      {
        // Only on children that have a dependsOn: "add" at /spec/dependsOn/- on one without it fails kustomize's build,
        // and kustomize-controller's (input/kustomize-error since a trial's probe; this case had media-nfs labelled too).
        name: 'a JSON 6902 "add" at /spec/dependsOn/- appends: the child keeps its own items',
        repository: { ...repository(appended), 'apps/media-nfs.yaml': fluxKustomization('media-nfs') },
      },
      { name: 'a JSON 6902 "remove" takes an item away on purpose, and gives none', repository: repository(removal) },
      { name: 'a child that writes no dependsOn of its own loses nothing', repository: repository(baseline, []) },
      {
        // A review's probes: the same rename under spec.patches whose block holds a comment that mentions dependsOn,
        // and a patch that sets dependsOn of HelmReleases only: neither is a patch of the children's dependsOn.
        name: 'items a configuration renames, under spec.patches with a comment on dependsOn and a HelmRelease\'s dependsOn patch',
        repository: {
          ...repository(''),
          'clusters/main/apps.yaml': parent('    # a per-app dependsOn: comes from each app\n    - patch: |-\n        - op: add\n          path: /spec/timeout\n          value: 10m\n      target:\n        kind: Kustomization\n    - patch: |-\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: _\n        spec:\n          dependsOn:\n            - name: cert-manager\n      target:\n        kind: HelmRelease\n'),
          'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: media-\nconfigurations:\n  - nameref.yaml\nresources:\n  - kavita.yaml\n  - media-nfs.yaml\n',
          'apps/nameref.yaml': 'nameReference:\n  - kind: Kustomization\n    fieldSpecs:\n      - kind: Kustomization\n        path: spec/dependsOn/name\n',
        },
      },
      {
        // A trial's probe (wahooli/gitops-repo's kserve): the overlay's patches rename both releases (allowNameChange) and
        // restate dependsOn with the new name; the item was not lost, and the old fix (its old name back) broke it.
        name: 'patches that rename the dependency too and restate dependsOn with its new name',
        repository: {
          ...syncedAt('./overlay/app'),
          'base/app/kustomization.yaml': 'resources:\n- crd.yaml\n- release.yaml\n',
          'base/app/crd.yaml': helmReleaseOf('base-app-crd', ''),
          'base/app/release.yaml': helmReleaseOf('base-app', '  dependsOn:\n  - name: base-app-crd\n'),
          'overlay/app/kustomization.yaml': 'resources:\n- ../../base/app\npatches:\n- path: crd.yaml\n  target:\n    kind: HelmRelease\n    name: base-app-crd\n  options:\n    allowNameChange: true\n- path: release.yaml\n  target:\n    kind: HelmRelease\n    name: base-app\n  options:\n    allowNameChange: true\n',
          'overlay/app/crd.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app--app-crd\n  namespace: flux-system\n',
          'overlay/app/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app--app\n  namespace: flux-system\nspec:\n  dependsOn:\n  - name: app--app-crd\n',
        },
      },
      {
        // A review's probe: a base two overlays take (each a namePrefix, each patching app's dependsOn to its own x): two
        // copies of x, each app keeping its own.
        name: 'a base taken twice, each copy renamed and named by its own patch',
        repository: {
          ...syncedAt('./overlay'),
          'base/kustomization.yaml': 'resources:\n- x.yaml\n- app.yaml\n',
          'base/x.yaml': helmReleaseOf('x', ''),
          'base/app.yaml': helmReleaseOf('app', '  dependsOn:\n  - name: x\n'),
          'overlay/kustomization.yaml': 'resources:\n- ../one\n- ../two\n',
          ...Object.fromEntries(['one', 'two'].map((copy) => [`${copy}/kustomization.yaml`, `namePrefix: ${copy}-\nresources:\n- ../base\npatches:\n- patch: |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    metadata:\n      name: app\n    spec:\n      dependsOn:\n      - name: ${copy}-x\n  target:\n    kind: HelmRelease\n    name: app\n`])),
        },
      },
      {
        // wahooli/gitops-repo's layout: a nameReference configuration renames the items with the namePrefix. The
        // parent's own dependsOn, written below spec.patches that set only a timeout, is no patch of the children.
        name: 'items a configuration renames, under a parent whose own dependsOn is written below its spec.patches',
        repository: {
          ...repository('    - patch: |-\n        - op: add\n          path: /spec/timeout\n          value: 10m\n      target:\n        kind: Kustomization\n'),
          'clusters/main/apps.yaml': `${parent('    - patch: |-\n        - op: add\n          path: /spec/timeout\n          value: 10m\n      target:\n        kind: Kustomization\n')}  dependsOn:\n    - name: cert-manager\n`,
          'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: media-\nconfigurations:\n  - nameref.yaml\nresources:\n  - kavita.yaml\n  - media-nfs.yaml\n',
          'apps/nameref.yaml': 'nameReference:\n  - kind: Kustomization\n    fieldSpecs:\n      - kind: Kustomization\n        path: spec/dependsOn/name\n',
        },
      },
    ],
    invalid: [
      {
        // A review's probe: the rename is of another object of the old name, in another namespace (each base's
        // namespace given by its kustomization, not written in the files): app no longer waits for its own x.
        name: 'the dependency of the old name renamed only in another namespace: the item is lost',
        repository: {
          ...syncedAt('./overlay'),
          'basea/kustomization.yaml': 'namespace: a\nresources:\n- x.yaml\n- app.yaml\n',
          'basea/x.yaml': helmReleaseOf('x', '').replace('  namespace: flux-system\n', ''),
          'basea/app.yaml': helmReleaseOf('app', '  dependsOn:\n  - name: x\n').replace('  namespace: flux-system\n', ''),
          'baseb/kustomization.yaml': 'namespace: b\nresources:\n- x.yaml\n',
          'baseb/x.yaml': helmReleaseOf('x', '').replace('  namespace: flux-system\n', ''),
          'overlay/kustomization.yaml': 'resources:\n- ../basea\n- ../baseb\npatches:\n- patch: |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    metadata:\n      name: y\n  target:\n    kind: HelmRelease\n    name: x\n    namespace: b\n  options:\n    allowNameChange: true\n- patch: |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    metadata:\n      name: app\n    spec:\n      dependsOn:\n      - name: y\n        namespace: b\n  target:\n    kind: HelmRelease\n    name: app\n',
        },
        findings: [{
          message: 'HelmRelease a/app writes dependsOn x, but the patch at overlay/kustomization.yaml:22 sets dependsOn and replaces the list (kustomize merges no list of a Flux kind): x is not in what Flux applies, and app does not wait for it',
          at: 'basea/app.yaml:8:5',
          fix: 'add x to that patch\'s dependsOn, or write the patch as JSON 6902 "add" operations at /spec/dependsOn/- (they append); or remove the item here if it is meant to go',
          dependency: 'x',
        }],
      },
      ...[
        // A review's probes: an `add` at an index inserts (the replace of the list after it dropped the item), and a
        // merge patch whose comment names a JSON path is no JSON 6902 operation: the list replaced, as before.
        ['an add at an index before a replace of the list', '    - patch: |-\n        - op: add\n          path: /spec/dependsOn/0\n          value: {name: cert-manager}\n        - op: replace\n          path: /spec/dependsOn\n          value: [{name: cert-manager}]\n      target:\n        kind: Kustomization\n        name: kavita\n', 13],
        ['a merge patch whose comment names /spec/dependsOn/0', '    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: kavita\n        spec:\n          dependsOn: # was /spec/dependsOn/0 = media-nfs\n            - name: cert-manager\n      target:\n        kind: Kustomization\n        name: kavita\n', 17],
      ].map(([name, patch, line]) => ({
        name: `${name}: the list is replaced, not one item`,
        repository: repository(patch as string),
        findings: [{
          message: `Kustomization flux-system/kavita writes dependsOn media-nfs, but the patch at clusters/main/apps.yaml:${line} sets dependsOn and replaces the list (kustomize merges no list of a Flux kind): media-nfs is not in what Flux applies, and kavita does not wait for it`,
          at: 'apps/kavita.yaml:16:7',
          fix: 'add media-nfs to that patch\'s dependsOn, or write the patch as JSON 6902 "add" operations at /spec/dependsOn/- (they append); or remove the item here if it is meant to go',
          dependency: 'media-nfs',
        }],
      })),
      {
      // A trial's probe: a JSON 6902 replace renames item 0; the warning said the patch replaced the list and advised
      // JSON 6902 operations.
      name: 'a JSON 6902 replace of one item\'s name: the operation is named, not the list',
      repository: repository('    - patch: |-\n        - op: replace\n          path: /spec/dependsOn/0/name\n          value: cert-manager\n      target:\n        kind: Kustomization\n        name: kavita\n'),
      findings: [{
        message: 'Kustomization flux-system/kavita writes dependsOn media-nfs, but the patch at clusters/main/apps.yaml:13 rewrites /spec/dependsOn/0/name (a JSON 6902 operation on that item): media-nfs is not in what Flux applies, where kavita waits for cert-manager instead',
        at: 'apps/kavita.yaml:16:7',
        fix: 'correct that operation if kavita should still wait for media-nfs; or remove the item here if the patch is meant to replace it',
        dependency: 'media-nfs',
      }],
    }, {
      // A trial's probe (fmind-ai/fgentic): a component replaced the list with a part of it, another component appended;
      // the append, met first, was blamed. The patch that replaces is named.
      name: 'a replace in one component and an append in another: the replace is named, never the append',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/apps.yaml': fluxKustomization('cluster-apps').replace('path: ./cluster-apps', 'path: ./overlays/small'),
        'base/kustomization.yaml': 'resources:\n  - kavita.yaml\n  - others.yaml\n',
        'base/kavita.yaml': fluxKustomization('kavita', ['media-nfs', 'homepage']),
        'base/others.yaml': ['media-nfs', 'homepage', 'cert-manager'].map((name) => fluxKustomization(name)).join('---\n'),
        'components/lab/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - patch: |-\n      - op: replace\n        path: /spec/dependsOn\n        value:\n          - name: media-nfs\n    target:\n      kind: Kustomization\n      name: kavita\n',
        'components/small/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - patch: |-\n      - op: add\n        path: /spec/dependsOn/-\n        value:\n          name: cert-manager\n    target:\n      kind: Kustomization\n      name: kavita\n',
        'overlays/lab/kustomization.yaml': 'resources:\n  - ../../base\ncomponents:\n  - ../../components/lab\n',
        'overlays/small/kustomization.yaml': 'resources:\n  - ../lab\ncomponents:\n  - ../../components/small\n',
      },
      findings: [{
        message: 'Kustomization flux-system/kavita writes dependsOn homepage, but the patch at components/lab/kustomization.yaml:6 sets dependsOn and replaces the list (kustomize merges no list of a Flux kind): homepage is not in what Flux applies, and kavita does not wait for it',
        at: 'base/kavita.yaml:15:7',
        fix: 'add homepage to that patch\'s dependsOn, or write the patch as JSON 6902 "add" operations at /spec/dependsOn/- (they append); or remove the item here if it is meant to go',
      }],
    }, {
      name: 'a baseline given by a strategic merge patch replaces the child\'s own list: at the lost item, naming the patch',
      repository: repository(baseline),
      findings: [{
        message: 'Kustomization flux-system/kavita writes dependsOn media-nfs, but the patch at clusters/main/apps.yaml:17 sets dependsOn and replaces the list (kustomize merges no list of a Flux kind): media-nfs is not in what Flux applies, and kavita does not wait for it',
        at: 'apps/kavita.yaml:16:7',
        fix: 'add media-nfs to that patch\'s dependsOn, or write the patch as JSON 6902 "add" operations at /spec/dependsOn/- (they append); or remove the item here if it is meant to go',
        dependency: 'media-nfs',
      }],
    }],
  });
});
