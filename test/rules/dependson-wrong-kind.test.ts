import rule from '../../src/rules/dependson-wrong-kind.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const infra = fluxKustomization('infra', [], '  wait: true\n');

ruleTester(rule, {
  valid: [{ name: 'a HelmRelease depends on a HelmRelease', repository: { 'clusters/prod/infra.yaml': helmRelease('infra'), 'clusters/prod/podinfo.yaml': helmRelease('podinfo', ['infra']) } }, {
    // A review's probe: the order placed podinfo (the model's judgement), while this said it waited for ever.
    name: 'a ResourceSet whose inputs come from a provider may generate a HelmRelease of that name: not judged',
    repository: {
      'clusters/prod/infra.yaml': infra,
      'clusters/prod/podinfo.yaml': helmRelease('podinfo', ['infra']),
      'clusters/prod/releases.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: releases\n  namespace: flux-system\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: releases\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.name >>\n        namespace: flux-system\n      spec:\n        interval: 1h\n',
    },
  }],
  invalid: [{
    // A trial's probe: flux-system applies operators, app and later; each fix as given made an error the tool then
    // reported (a graph/cycle, a wait-deadlock).
    name: 'where the applier applies the target too, or the dependent too: fixes that make no cycle',
    repository: {
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/operators.yaml': fluxKustomization('operators', [], '  wait: true\n'),
      'clusters/prod/app.yaml': helmRelease('app', ['operators']),
      'clusters/prod/later.yaml': fluxKustomization('later', ['app']),
    },
    findings: [{
      message: 'HelmRelease flux-system/app depends on HelmRelease operators, which does not exist; Kustomization flux-system/operators does (clusters/prod/operators.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds app at DependencyNotReady for ever',
      at: 'clusters/prod/app.yaml:8:7',
      fix: 'remove this item, and move HelmRelease app out of what Kustomization flux-system/flux-system applies into a Kustomization of its own that depends on operators (flux-system applies operators too: a dependsOn on it there would wait for what only flux-system applies)',
      dependency: 'operators',
    }, {
      message: 'Kustomization flux-system/later depends on Kustomization app, which does not exist; HelmRelease flux-system/app does (clusters/prod/app.yaml:4), but Kustomization dependsOn only looks for Kustomizations: Flux holds later at DependencyNotReady for ever',
      at: 'clusters/prod/later.yaml:14:7',
      fix: 'depend on Kustomization flux-system, which applies app (give it a healthCheck on app: not wait: true, which would have it wait for this Kustomization, which it applies and which waits for it)',
      dependency: 'app',
    }],
  }, {
    // The same where flux-system has wait: true already: depending on it is the deadlock, so its wait goes first.
    name: 'where the applier that applies the dependent too waits already: its wait goes to a healthCheck first',
    repository: {
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system', [], '  wait: true\n').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/app.yaml': helmRelease('app'),
      'clusters/prod/later.yaml': fluxKustomization('later', ['app']),
    },
    findings: [{
      message: 'Kustomization flux-system/later depends on Kustomization app, which does not exist; HelmRelease flux-system/app does (clusters/prod/app.yaml:4), but Kustomization dependsOn only looks for Kustomizations: Flux holds later at DependencyNotReady for ever',
      at: 'clusters/prod/later.yaml:14:7',
      fix: 'give Kustomization flux-system a healthCheck on app in place of wait: true (it applies this Kustomization too, which would wait for it while it waits for this one), then depend on it',
      dependency: 'app',
    }],
  }, {
    name: 'a HelmRelease depends on a name only a Kustomization has, located at the item',
    repository: { 'clusters/prod/infra.yaml': infra, 'clusters/prod/podinfo.yaml': helmRelease('podinfo', ['infra']) },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'clusters/prod/podinfo.yaml:8:7',
      // Which Kustomization applies podinfo is not known here, nor its namespace: the item names infra's.
      fix: 'remove this item and put the dependency on a Kustomization that applies podinfo: dependsOn infra (namespace: flux-system) there',
      hr: 'podinfo',
      dependency: 'infra',
    }],
  }, {
    name: 'the fix names the applier, and the target\'s namespace only where the applier lives elsewhere',
    repository: {
      'clusters/prod/infra.yaml': infra,
      'clusters/prod/platform.yaml': infra.replace('name: infra', 'name: platform').replace('namespace: flux-system', 'namespace: platform'),
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/podinfo.yaml': helmRelease('podinfo', ['infra', { name: 'platform', namespace: 'platform' }]),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:8:7',
      fix: 'remove this item and put the dependency on the Kustomization that applies podinfo (Kustomization flux-system/apps): dependsOn infra there',
      dependency: 'infra',
    }, {
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease platform/platform, which does not exist; Kustomization platform/platform does (clusters/prod/platform.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:9:7',
      fix: 'remove this item and put the dependency on the Kustomization that applies podinfo (Kustomization flux-system/apps): dependsOn platform (namespace: platform) there',
      dependency: 'platform',
    }],
  }, {
    // A trial's probe: apps already depends on infra; the fix said to add that dependency, a duplicate.
    name: 'the Kustomization that applies it depends on that Kustomization already: the fix only removes the item',
    repository: {
      'clusters/prod/infra.yaml': infra,
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      'apps/podinfo.yaml': helmRelease('podinfo', ['infra']),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:8:7',
      fix: 'remove this item: Kustomization flux-system/apps, which applies podinfo, depends on infra already',
      dependency: 'infra',
    }],
  }, {
    // A review's probe: cluster a's apps depends on infra, cluster b's does not: the item's removal alone leaves b's
    // release unordered, so the fix is the usual one.
    name: 'only one cluster\'s Kustomization that applies it depends on that Kustomization: the usual fix',
    repository: {
      'apps/podinfo.yaml': helmRelease('podinfo', ['infra']),
      ...Object.fromEntries(['a', 'b'].flatMap((cluster) => [
        [`clusters/${cluster}/flux-system.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
        [`clusters/${cluster}/ks.yaml`, `${infra}---\n${fluxKustomization('apps', cluster === 'a' ? ['infra'] : [])}`],
      ])),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/a/ks.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:8:7',
      fix: 'remove this item and put the dependency on the Kustomization that applies podinfo (Kustomization flux-system/apps): dependsOn infra there',
      dependency: 'infra',
    }],
  }, {
    // A review's probe: the fix said to depend on the applier from the applier itself.
    name: 'a dependency on the very Kustomization that applies it: the fix removes the item, and names no dependency of the applier on itself',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/podinfo.yaml': helmRelease('podinfo', ['apps']),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease apps, which does not exist; Kustomization flux-system/apps does (clusters/prod/apps.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:8:7',
      fix: 'remove this item: Kustomization flux-system/apps applies podinfo, which so starts only once it is applied; to order podinfo after something, depend on that HelmRelease',
      dependency: 'apps',
    }],
  }, {
    // A review's probe: moving the item to the applier (app) made app wait for platform, which waits for what app applies.
    name: 'a dependency on a Kustomization that applies it through another: the fix removes the item too, and says through which',
    repository: {
      'clusters/prod/platform.yaml': fluxKustomization('platform', [], '  wait: true\n'),
      'platform/app.yaml': fluxKustomization('app'),
      'app/podinfo.yaml': helmRelease('podinfo', ['platform']),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease platform, which does not exist; Kustomization flux-system/platform does (clusters/prod/platform.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'app/podinfo.yaml:8:7',
      fix: 'remove this item: Kustomization flux-system/platform applies podinfo (through Kustomization flux-system/app), which so starts only once it is applied; to order podinfo after something, depend on that HelmRelease',
      dependency: 'platform',
    }],
  }, {
    // What applies it directly is a ResourceSet, which a lookup of Kustomization appliers does not find.
    name: 'the same where a ResourceSet that Kustomization applies generates the HelmRelease: the fix names the ResourceSet between',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/rs.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: gen\n  namespace: flux-system\nspec:\n  inputs:\n    - name: web\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.name >>\n        namespace: flux-system\n      spec:\n        interval: 1h\n        dependsOn:\n          - name: apps\n        chart:\n          spec:\n            chart: web\n',
    },
    findings: [{
      message: 'HelmRelease flux-system/web depends on HelmRelease apps, which does not exist; Kustomization flux-system/apps does (clusters/prod/apps.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds web at DependencyNotReady for ever',
      at: 'apps/rs.yaml:18:13',
      fix: 'remove this item: Kustomization flux-system/apps applies web (through ResourceSet flux-system/gen), which so starts only once it is applied; to order web after something, depend on that HelmRelease',
      dependency: 'apps',
    }],
  }, {
    // A trial's probe: a ResourceSet's item names the kind it looks for; the message said it looks for HelmReleases only.
    name: 'a ResourceSet item that names the wrong kind: the message says the item names it, the fix the kind to write',
    repository: {
      'clusters/prod/infra.yaml': infra,
      'clusters/prod/apps.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: infra\n      namespace: flux-system\n  resources: []\n',
    },
    findings: [{
      message: 'ResourceSet flux-system/apps depends on HelmRelease flux-system/infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but this item names kind HelmRelease, and a ResourceSet looks up only the kind its item names: Flux holds apps at DependencyNotReady for ever',
      at: 'clusters/prod/apps.yaml:8:7',
      fix: 'correct kind and apiVersion of this item to Kustomization (kustomize.toolkit.fluxcd.io/v1)',
      dependency: 'infra',
    }],
  }],
});
