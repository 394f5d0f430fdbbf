import rule from '../../src/rules/dependson-suspended.js';
import { describe } from 'vitest';
import { findKustomize } from '../../src/load/kustomize-build.js';
import { perClusterOverlay } from '../per-cluster-overlay.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      // Of two ResourceSets that create the Job, one reconciles: it is created.
      name: 'an object of another kind that a suspended ResourceSet creates, and a live one too',
      repository: {
        'clusters/prod/producer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: producer\n  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcile: disabled\nspec:\n  resources:\n    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}\n',
        'clusters/prod/other.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: other\n  namespace: flux-system\nspec:\n  resources:\n    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}\n',
        'clusters/prod/consumer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: consumer\n  namespace: flux-system\nspec:\n  dependsOn:\n    - {apiVersion: batch/v1, kind: Job, name: push, namespace: flux-system}\n  resources: []\n',
      },
    },
    {
      // A review's probe: in cluster a one suspended Kustomization applies both the dependency and the dependent: there
      // the dependent is never created and waits for nothing; cluster b applies both live.
      name: 'one cluster applies dependency and dependent through one suspended Kustomization, another applies them live',
      repository: {
        'shared/ks.yaml': `${fluxKustomization('redis', [], '  wait: true\n')}---\n${fluxKustomization('app', ['redis'])}`,
        ...Object.fromEntries(['a', 'b'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
          [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
          [`clusters/${cluster}/kustomization.yaml`, 'resources:\n  - flux-system\n  - shared.yaml\n'],
          [`clusters/${cluster}/shared.yaml`, fluxKustomization('shared', [], cluster === 'a' ? '  suspend: true\n' : '').replace('path: ./shared', 'path: ./shared')],
        ])),
        'redis/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\n  namespace: default\n',
        'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\n',
      },
    },
    { name: 'the dependency is reconciled', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } },
    {
      // A trial's probe: staging/app depends on staging/redis, and one suspended Kustomization applies both: never
      // created either, app waits for nothing.
      name: 'the dependent is applied only by the same suspended Kustomization',
      repository: {
        'clusters/prod/staging.yaml': fluxKustomization('staging', [], '  suspend: true\n').replace('  path: ./staging\n', '  path: ./apps\n'),
        'apps/hr.yaml': `${helmRelease('redis')}---\n${helmRelease('app', ['redis'])}`,
      },
    },
    {
      // Only a Kustomization's apply skips it: a root applied by hand (kubectl apply) is created all the same.
      name: 'a dependency annotated kustomize.toolkit.fluxcd.io/reconcile: disabled that no Kustomization applies',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  wait: true\n').replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      // kustomize-controller evaluates the readyExpr in place of its Ready check: one that reads no status holds once
      // the suspended infra exists, and flux-system creates it (a trial's probe).
      name: 'a readyExpr that reads no status, on a suspended dependency its applier creates',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n  wait: true\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']).replace('    - name: infra\n', "    - name: infra\n      readyExpr: dep.metadata.name == 'infra'\n"),
      },
    },
    {
      // flux-operator marks a ResourceSet created with fluxcd.controlplane.io/reconcile: disabled Ready=True
      // ("Initialized with reconciliation suspended", initializeObjectStatus), and a ResourceSet's ready: true item
      // reads it through its HealthCheckExpr: it passes (a review's probe; this was reported as waiting for ever).
      name: 'a ResourceSet item with ready: true on a ResourceSet annotated fluxcd.controlplane.io/reconcile: disabled',
      repository: {
        'clusters/prod/infra.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: infra\n  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcile: disabled\nspec:\n  resources: []\n',
        'clusters/prod/apps.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: fluxcd.controlplane.io/v1\n      kind: ResourceSet\n      name: infra\n      namespace: flux-system\n      ready: true\n  resources: []\n',
      },
    },
    {
      name: 'the dependent is suspended itself',
      repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra'], '  suspend: true\n') },
    },
  ],
  invalid: [
    {
      // A review's probe: cluster a applies infra's file itself, cluster b only through the suspended platform; one file,
      // one object with both clusters' appliers, and cluster a's live one hid cluster b's.
      name: 'one cluster applies the dependency only through a suspended Kustomization, another applies it live',
      repository: {
        'base-infra/ks.yaml': fluxKustomization('infra', [], '  wait: true\n'),
        'base-infra/kustomization.yaml': 'resources:\n  - ks.yaml\n',
        'base-apps/ks.yaml': fluxKustomization('apps', ['infra']),
        'base-apps/kustomization.yaml': 'resources:\n  - ks.yaml\n',
        ...Object.fromEntries(['a', 'b'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
          [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
          [`clusters/${cluster}/kustomization.yaml`, `resources:\n  - flux-system\n  - ${cluster === 'a' ? '../../base-infra' : 'platform.yaml'}\n  - ../../base-apps\n`],
        ])),
        'clusters/b/platform.yaml': fluxKustomization('platform', [], '  suspend: true\n').replace('path: ./platform', 'path: ./base-infra'),
        'infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n  namespace: default\n',
        'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n  namespace: default\n',
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which only the suspended Kustomization flux-system/platform applies in the cluster of clusters/b/flux-system: on a new cluster it is never created, and apps waits for it',
        at: 'base-apps/ks.yaml:14:7',
        fix: 'resume that Kustomization, or drop this dependency while it is suspended',
        dependency: 'infra',
      }],
    },{
    // A trial's probe: kustomize-controller skips what its ExclusionSelector matches (fluxcd/pkg ssa), labels or annotations, any case.
    name: 'a dependency a Kustomization applies with kustomize.toolkit.fluxcd.io/ssa: Ignore: never created on a new cluster',
    repository: {
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n'),
      'apps/hr.yaml': `${helmRelease('postgres').replace('metadata:\n', 'metadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/ssa: Ignore\n')}---\n${helmRelease('api', ['postgres'])}`,
    },
    findings: [{
      message: 'HelmRelease flux-system/api depends on HelmRelease flux-system/postgres, which has kustomize.toolkit.fluxcd.io/ssa: Ignore (apps/hr.yaml:5): kustomize-controller does not apply it, so on a new cluster it is never created, and api waits for it',
      at: 'apps/hr.yaml:20:7',
      fix: 'remove kustomize.toolkit.fluxcd.io/ssa from postgres, or drop this dependency',
    }],
  }, {
    name: 'the dependency is suspended, located at the item',
    repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which is suspended: on a new cluster it is never reconciled, and apps waits for it',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'remove suspend: true from infra, or this dependency while it is suspended',
      dependency: 'infra',
    }],
  }, {
    // A readyExpr that reads status waits for what the controller reports, which a suspended object never does.
    name: 'a readyExpr that reads status, on a suspended dependency',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n  wait: true\n'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']).replace('    - name: infra\n', '    - name: infra\n      readyExpr: dep.status.observedGeneration >= 1\n'),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which is suspended: on a new cluster it is never reconciled, and its status stays as the controller first writes it: apps\'s readyExpr decides whether apps waits for it for ever',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'remove suspend: true from infra, or this dependency while it is suspended',
    }],
  }, {
    // A review's probe: suspended itself and applied only by a suspended Kustomization, the target is never created:
    // resuming it alone would change nothing, so the cause named is the applier.
    name: 'a suspended dependency that only a suspended Kustomization applies: the applier is named',
    repository: {
      'clusters/prod/parked.yaml': fluxKustomization('parked', [], '  suspend: true\n'),
      'parked/inner.yaml': fluxKustomization('inner', [], '  suspend: true\n'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['inner']),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/inner, which only the suspended Kustomization flux-system/parked applies: on a new cluster it is never created, and apps waits for it',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'resume that Kustomization, or drop this dependency while it is suspended',
    }],
  }, {
    // What waits only for existence still waits for ever for what is never created: here only the suspended
    // parked applies inner (before, a ResourceSet item without ready: true was never judged).
    name: 'a ResourceSet item without ready: true, on what only a suspended Kustomization applies',
    repository: {
      'clusters/prod/parked.yaml': fluxKustomization('parked', [], '  suspend: true\n'),
      'parked/inner.yaml': fluxKustomization('inner'),
      'clusters/prod/rs.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: inner\n      namespace: flux-system\n  resources: []\n',
    },
    findings: [{
      message: 'ResourceSet flux-system/rs depends on Kustomization flux-system/inner, which only the suspended Kustomization flux-system/parked applies: on a new cluster it is never created, and rs waits for it',
      at: 'clusters/prod/rs.yaml:8:7',
      fix: 'resume that Kustomization, or drop this dependency while it is suspended',
    }],
  }, {
    // (In any case: flux-operator's IsDisabled lower-cases the value, a trial's probe.)
    name: 'a Kustomization that only a ResourceSet annotated reconcile: Disabled generates',
    repository: {
      'clusters/prod/apps.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcile: Disabled\nspec:\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: inner\n        namespace: flux-system\n      spec:\n        interval: 10m\n        path: ./inner\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n',
      'inner/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inner\n  namespace: default\n',
      'clusters/prod/web.yaml': fluxKustomization('web', ['inner']),
    },
    findings: [{
      message: 'Kustomization flux-system/web depends on Kustomization flux-system/inner, which only the suspended ResourceSet flux-system/apps applies: on a new cluster it is never created, and web waits for it',
      at: 'clusters/prod/web.yaml:14:7',
      fix: 'remove the fluxcd.controlplane.io/reconcile: disabled annotation from ResourceSet apps, or drop this dependency while it is disabled',
    }],
  }, {
    // Review 119's remark: it said the suspended Kustomization applies inner, which the ResourceSet it applies generates.
    name: 'a Kustomization that a ResourceSet generates, which only a suspended Kustomization applies: the message says through which',
    repository: {
      'clusters/prod/parked.yaml': fluxKustomization('parked', [], '  suspend: true\n'),
      'parked/apps.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: inner\n        namespace: flux-system\n      spec:\n        interval: 10m\n        path: ./inner\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n',
      'inner/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inner\n  namespace: default\n',
      'clusters/prod/web.yaml': fluxKustomization('web', ['inner']),
    },
    findings: [{
      message: 'Kustomization flux-system/web depends on Kustomization flux-system/inner, which only the suspended Kustomization flux-system/parked applies (through ResourceSet flux-system/apps): on a new cluster it is never created, and web waits for it',
      at: 'clusters/prod/web.yaml:14:7',
      fix: 'resume that Kustomization, or drop this dependency while it is suspended',
    }],
  }, {
    // A ResourceSet item on a Job only a suspended ResourceSet (or one a suspended Kustomization applies) creates.
    name: 'an object of another kind that only a ResourceSet annotated reconcile: disabled creates',
    repository: {
      'clusters/prod/producer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: producer\n  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcile: disabled\nspec:\n  resources:\n    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}\n',
      'clusters/prod/consumer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: consumer\n  namespace: flux-system\nspec:\n  dependsOn:\n    - {apiVersion: batch/v1, kind: Job, name: push, namespace: flux-system}\n  resources: []\n',
    },
    findings: [{
      message: 'ResourceSet flux-system/consumer depends on Job flux-system/push, which only the suspended ResourceSet flux-system/producer creates: on a new cluster it is never created, and consumer waits for it',
      at: 'clusters/prod/consumer.yaml:8:7',
      fix: 'remove the fluxcd.controlplane.io/reconcile: disabled annotation from ResourceSet producer, or drop this dependency while it is disabled',
    }],
  }, {
    name: 'an object of another kind that only a ResourceSet a suspended Kustomization applies creates',
    repository: {
      'clusters/prod/parked.yaml': fluxKustomization('parked', [], '  suspend: true\n'),
      'parked/producer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: producer\n  namespace: flux-system\nspec:\n  resources:\n    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}\n',
      'clusters/prod/consumer.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: consumer\n  namespace: flux-system\nspec:\n  dependsOn:\n    - {apiVersion: batch/v1, kind: Job, name: push, namespace: flux-system}\n  resources: []\n',
    },
    findings: [{
      message: 'ResourceSet flux-system/consumer depends on Job flux-system/push, which only ResourceSet flux-system/producer creates, and only the suspended Kustomization flux-system/parked applies that: on a new cluster it is never created, and consumer waits for it',
      at: 'clusters/prod/consumer.yaml:8:7',
      fix: 'resume that Kustomization, or drop this dependency while it is suspended',
    }],
  }],
});

// A trial's probe: only cluster b's overlay suspends infra; apps waits in b for b's copy, for ever on a new cluster.
describe.skipIf(!findKustomize())('with kustomize or kubectl on PATH (skipped without: the per-cluster copy is what kustomize builds)', () => {
  ruleTester(rule, {
    valid: [{ name: 'one cluster\'s overlay patches infra, but leaves it reconciled', repository: perClusterOverlay('b', 'suspend', 'false') }],
    invalid: [{
      // A review's probe: the message named b alone, and c's copy is suspended too.
      name: 'two clusters\' overlays of three suspend the dependency: both named',
      repository: perClusterOverlay(['b', 'c'], 'suspend', 'true', ['a', 'b', 'c']),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which is suspended in the clusters of clusters/b/flux-system and clusters/c/flux-system: on a new cluster it is never reconciled, and apps waits for it',
        at: 'base/ks.yaml:28:7',
        fix: 'remove the patches at clusters/b/kustomization.yaml:7 and clusters/c/kustomization.yaml:7 that set suspend: true on infra (its file does not), or this dependency while it is suspended',
        dependency: 'infra',
      }],
    }, {
      name: 'one cluster\'s overlay suspends the dependency (its cluster sorts second)',
      repository: perClusterOverlay('b', 'suspend', 'true'),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which is suspended in the cluster of clusters/b/flux-system: on a new cluster it is never reconciled, and apps waits for it',
        at: 'base/ks.yaml:28:7',
        fix: 'remove the patch at clusters/b/kustomization.yaml:7 that sets suspend: true on infra (its file does not), or this dependency while it is suspended',
        dependency: 'infra',
      }],
    }],
  });
});
