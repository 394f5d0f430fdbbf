import rule from '../../src/rules/dependson-unread-target.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';
import { bootstrapOf, fromBranch, prod } from '../other-ref-fixtures.js';

/**
 * Clusters prod and staging, each a bootstrap root over its directory and a shared base/ whose apps depends on
 * gatekeeper-constraints, each with its own common.yaml where `common` gives one.
 */
const twoClusters = (common: Partial<Record<'prod' | 'staging', string>>) => ({
  ...bootstrapOf('prod'),
  ...bootstrapOf('staging'),
  ...Object.fromEntries((['prod', 'staging'] as const).flatMap((cluster) => [
    [`clusters/${cluster}/kustomization.yaml`, `resources:\n  - flux-system\n  - ../../base\n${common[cluster] ? '  - common.yaml\n' : ''}`],
    ...(common[cluster] ? [[`clusters/${cluster}/common.yaml`, common[cluster]]] : []),
  ])),
  'base/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']),
  'base/kustomization.yaml': 'resources:\n  - apps.yaml\n',
  'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
});


/**
 * A cluster whose bootstrap writes no GitRepository (this repository's address unknown: every GitRepository is taken
 * for it), with Kustomization platform applying ./tenants from GitRepository platform, and apps depending on
 * platform-infra, which this repository does not hold.
 */
const unknownAddress = (files: Record<string, string> = {}) => ({
  'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
  'clusters/prod/platform.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: platform\n  namespace: flux-system\nspec:\n  interval: 10m\n  url: https://github.com/example/platform\n  ref:\n    branch: main\n---\n${fluxKustomization('platform', [], '').replace('path: ./platform', 'path: ./tenants').replace('    name: flux-system\n', '    name: platform\n')}`,
  'clusters/prod/apps.yaml': fluxKustomization('apps', ['platform-infra']),
  'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
  ...files,
});

ruleTester(rule, {
  valid: [
    {
      // Its ./tenants here: taken for this repository, which holds no platform-infra (dependsOn/unknown-target's error).
      name: 'a GitRepository of unknown address whose spec.path is in this repository',
      repository: unknownAddress({ 'tenants/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tenants\n' }),
    },
    {
      // A review's probe: another Kustomization of GitRepository platform finds its path here, so platform is this
      // checkout, and ./tenants, missing, applies nothing: dependsOn/unknown-target's error, not this warning.
      // (GitRepository home-ops written nowhere; the roots in kubernetes/flux, applied by hand: the review's layout.)
      name: 'a GitRepository of unknown address whose other Kustomization finds its path here',
      repository: {
        'kubernetes/flux/sync.yaml': `${fluxKustomization('cluster-apps').replace('path: ./cluster-apps', 'path: ./kubernetes/apps')}---\n${fluxKustomization('platform').replace('path: ./platform', 'path: ./kubernetes/platform')}`.replaceAll('    name: flux-system\n', '    name: home-ops\n'),
        'kubernetes/apps/web/ks.yaml': fluxKustomization('web', ['databse']).replace('path: ./web', 'path: ./kubernetes/apps/web/app').replace('    name: flux-system\n', '    name: home-ops\n'),
        'kubernetes/apps/web/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
      },
    },
    {
      name: 'a target the repository holds',
      repository: prod({ 'clusters/prod/common.yaml': fromBranch(), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']), 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n' }),
    },
    {
      // Nothing of the cluster comes from elsewhere: dependsOn/unknown-target's error.
      name: 'a missing target where every Kustomization applies from this repository',
      repository: prod({ 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
    },
    {
      // A suspended Kustomization applies nothing on a new cluster.
      name: 'the only Kustomization of another source is suspended',
      repository: prod({ 'clusters/prod/common.yaml': fromBranch('  suspend: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
    },
    {
      // targetNamespace puts everything it applies into one namespace: not flux-system, where the item looks.
      name: 'the Kustomization of another source applies into another namespace (targetNamespace)',
      repository: prod({ 'clusters/prod/common.yaml': fromBranch('  targetNamespace: gatekeeper-system\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
    },
    {
      // Another cluster's unread source is not this cluster's.
      name: 'the Kustomization of another source is another cluster\'s',
      repository: {
        ...prod({ 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
        ...bootstrapOf('dev'),
        'clusters/dev/common.yaml': fromBranch(),
      },
    },
    {
      // Another cluster's copy is the likelier fault: dependsOn/unknown-target names it ("only ..., for another cluster").
      name: 'a target the repository writes for another cluster only',
      repository: {
        ...prod({ 'clusters/prod/common.yaml': fromBranch(), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['monitoring']) }),
        ...bootstrapOf('dev'),
        'clusters/dev/monitoring.yaml': fluxKustomization('monitoring').replace('path: ./monitoring', 'path: ./apps'),
      },
    },
    {
      // kustomize-controller applies nothing of constraints before apps is Ready, and apps waits for what it would apply.
      name: 'the Kustomization of another source waits for the dependent',
      repository: prod({ 'clusters/prod/common.yaml': fromBranch('  dependsOn:\n    - name: apps\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
    },
    {
      // cryptophys-work/platform-gitops: every Kustomization of its other repository waits for the missing 20-policy too.
      name: 'the Kustomization of another source waits for the same missing target, through another',
      repository: prod({
        'clusters/prod/common.yaml': fromBranch('  dependsOn:\n    - name: policies\n'),
        'clusters/prod/policies.yaml': fluxKustomization('policies', ['20-policy']).replace('path: ./policies', 'path: ./apps'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['20-policy']),
      }),
    },
    {
      // A review's probe: another repository at a tag is not this repository at another ref: a file under its path here
      // is a copy nothing applies (unknown-target names it), not what that tag may hold.
      name: 'a target written under the path of another repository\'s Kustomization, in a file nothing here applies',
      repository: prod({
        'clusters/prod/common.yaml': fromBranch().replace('url: https://github.com/example/fleet\n  ref:\n    branch: common', 'url: https://github.com/example/other\n  ref:\n    tag: v1.0.0'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']),
        'constraints/gatekeeper.yaml': fluxKustomization('gatekeeper-constraints'),
      }),
    },
    ...[
      ['applied only by a suspended Kustomization', { 'clusters/prod/holder.yaml': fluxKustomization('holder', [], '  suspend: true\n').replace('path: ./holder', 'path: ./holder-dir'), 'holder-dir/common.yaml': fromBranch() }],
      ['left out of its applier\'s apply (reconcile: disabled)', { 'clusters/prod/common.yaml': fromBranch().replace('  namespace: flux-system\nspec:\n  interval: 10m', '  namespace: flux-system\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\nspec:\n  interval: 10m') }],
      ['depending on a suspended Kustomization', { 'clusters/prod/common.yaml': fromBranch('  dependsOn:\n    - name: paused\n'), 'clusters/prod/paused.yaml': fluxKustomization('paused', [], '  suspend: true\n').replace('path: ./paused', 'path: ./apps') }],
      ['applied by a Kustomization that depends on the dependent', { 'clusters/prod/holder.yaml': fluxKustomization('holder', ['apps']).replace('path: ./holder', 'path: ./holder-dir'), 'holder-dir/common.yaml': fromBranch() }],
    ].map(([what, files]) => ({
      // A review's probes: such a Kustomization applies nothing on a new cluster before the target exists.
      name: `the only Kustomization of another source is ${what as string}`,
      repository: prod({ ...(files as Record<string, string>), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
    })),
    {
      // A review's probe: a shared base's dependent, where only staging applies from another source: in prod nothing
      // may hold the target (dependsOn/unknown-target's error).
      name: 'a dependent two clusters apply, where only one of them applies from another source',
      repository: twoClusters({ staging: fromBranch() }),
    },
    {
      // Judged on what is left once the appliers that never apply before the target are set aside: prod's waits for a
      // suspended Kustomization, so prod has none.
      name: 'a dependent two clusters apply, where one cluster\'s Kustomization of another source waits for a suspended one',
      repository: twoClusters({
        staging: fromBranch(),
        prod: `${fromBranch('  dependsOn:\n    - name: paused\n')}---\n${fluxKustomization('paused', [], '  suspend: true\n').replace('path: ./paused', 'path: ./apps')}`,
      }),
    },
  ],
  invalid: [
    {
      // A trial's probe (helper 96, repro-3): ./constraints of this checkout writes the target, which nothing here applies;
      // the branch's Kustomization applies ./constraints at its own ref, which may hold it too. It said "apply that file".
      name: 'a target this checkout writes under the path a Kustomization of another ref of this repository applies',
      repository: prod({
        'clusters/prod/common.yaml': fromBranch(),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']),
        'constraints/gatekeeper.yaml': fluxKustomization('gatekeeper-constraints'),
      }),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization gatekeeper-constraints, which is not in this repository; it may be in what Kustomization flux-system/constraints applies from GitRepository flux-system/common (another branch or tag of this repository), not read here: if it is not there either, Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'make sure GitRepository flux-system/common holds Kustomization gatekeeper-constraints, or correct the name',
        dependency: 'gatekeeper-constraints',
      }],
    },
    {
      // A trial's probe (makkes/flux-mc-control-plane): gatekeeper-constraints lives on the branch common, which
      // Kustomization constraints applies; the audit said Flux holds apps for ever.
      name: 'a target another branch of this repository may hold',
      repository: prod({ 'clusters/prod/common.yaml': fromBranch(), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) }),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization gatekeeper-constraints, which is not in this repository; it may be in what Kustomization flux-system/constraints applies from GitRepository flux-system/common (another branch or tag of this repository), not read here: if it is not there either, Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'make sure GitRepository flux-system/common holds Kustomization gatekeeper-constraints, or correct the name',
        dependency: 'gatekeeper-constraints',
      }],
    },
    {
      // A close name here is the likelier fix; the other source is still named.
      name: 'a HelmRelease\'s target close to one written here, with an OCI artifact applied into the cluster',
      repository: prod({
        'clusters/prod/platform.yaml': fluxKustomization('platform').replace('kind: GitRepository\n    name: flux-system', 'kind: OCIRepository\n    name: platform'),
        'clusters/prod/apps.yaml': fluxKustomization('apps'),
        'apps/web.yaml': helmRelease('web', ['postgress']),
        'apps/db.yaml': helmRelease('postgres'),
        'apps/kustomization.yaml': 'resources:\n  - cm.yaml\n  - web.yaml\n  - db.yaml\n',
      }),
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease postgress, which is not in this repository; it may be in what Kustomization flux-system/platform applies from OCIRepository flux-system/platform (an artifact, not this checkout), not read here: if it is not there either, Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:8:7',
        fix: 'did you mean postgres? If not, make sure OCIRepository flux-system/platform holds HelmRelease postgress',
        dependency: 'postgress',
      }],
    },
    {
      // A trial's probe: reported as missing "for ever", though ./tenants, not here, is plainly another repository's.
      name: 'a GitRepository of unknown address whose spec.path is not in this repository: what it applies is not read',
      repository: unknownAddress(),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization platform-infra, which is not in this repository; it may be in what Kustomization flux-system/platform applies from GitRepository flux-system/platform (its spec.path ./tenants is not in this repository: another repository, it seems), not read here: if it is not there either, Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'make sure GitRepository flux-system/platform holds Kustomization platform-infra, or correct the name',
        dependency: 'platform-infra',
      }],
    },
  ],
});
