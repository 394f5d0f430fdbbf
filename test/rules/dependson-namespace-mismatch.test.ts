import rule from '../../src/rules/dependson-namespace-mismatch.js';
import { KIT } from '../helpers.js';
import { helmRelease, ruleTester } from '../rule-tester.js';

const flux = helmRelease('bp-flux');

ruleTester(rule, {
  valid: [
    { name: 'the item names the dependency\'s namespace', kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', [{ name: 'bp-flux', namespace: 'flux-system' }], { namespace: 'rtz' }) } },
    { name: 'no namespace: the dependent\'s own, where the dependency lives', kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux']) } },
    {
      // A review's probe: `namespace: << inputs.dbNamespace >>` (spaces in it) was dropped, and a namespace under an item
      // named by an input was given to the item before it.
      name: 'a ResourceSet template item\'s namespace from an input, and one under an item whose name is an input',
      repository: {
        'clusters/prod/apps.yaml': [
          'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: apps', '  namespace: flux-system', 'spec:',
          '  inputs:', '    - name: web', '      dbNamespace: apps', '      extra: cache', '  resourcesTemplate: |',
          '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: << inputs.name >>', '      namespace: flux-system',
          '    spec:', '      dependsOn:', '        - name: db', '          namespace: << inputs.dbNamespace >>', '        - name: infra',
          '        - name: << inputs.extra >>', '          namespace: apps', '    ---',
          '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: db', '      namespace: apps', '    ---',
          '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: cache', '      namespace: apps', '    ---',
          '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: infra', '      namespace: flux-system', '',
        ].join('\n'),
      },
    },
    {
      // A review's probe: the order placed web (the model's judgement), while this said it was never found.
      name: 'a ResourceSet whose inputs come from a provider may generate a HelmRelease of that name in the namespace wanted',
      repository: {
        'clusters/prod/podinfo.yaml': helmRelease('podinfo', [], { namespace: 'apps' }),
        'clusters/prod/web.yaml': helmRelease('web', ['podinfo'], { namespace: 'default' }),
        'clusters/prod/releases.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: releases\n  namespace: default\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: releases\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.name >>\n        namespace: default\n      spec:\n        interval: 1h\n',
      },
    },
  ],
  invalid: [{
    // A trial's probe: the fix said to write the dependency's namespace, where dropping the key resolves it in the
    // dependent's own (under a targetNamespace, writing it would fix one overlay's namespace into the base).
    name: 'a repository HelmRelease names another namespace for a dependency that lives in its own',
    repository: {
      'clusters/prod/web.yaml': `${helmRelease('db', [], { namespace: 'web' })}---\n${helmRelease('cache', [{ name: 'db', namespace: 'other' }], { namespace: 'web' })}`,
    },
    findings: [{
      message: 'HelmRelease web/cache depends on db with namespace: other, but HelmRelease db lives in web (clusters/prod/web.yaml:4)',
      at: 'clusters/prod/web.yaml:18:7',
      fix: "remove namespace: other from this dependsOn item (db lives in cache's own namespace, web)",
      dependency: 'db',
    }],
  }, {
    // A review's probe: the fix said to remove the namespace, which flux-operator then never defaults.
    name: 'a ResourceSet item names another namespace for a dependency in the ResourceSet\'s own: the fix writes it',
    repository: {
      'clusters/prod/apps.yaml': `${helmRelease('db', [], { namespace: 'apps' })}---\napiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: apps\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: db\n      namespace: flux-system\n  resources: []\n`,
    },
    findings: [{
      message: 'ResourceSet apps/rs depends on db with namespace: flux-system, but HelmRelease db lives in apps (clusters/prod/apps.yaml:4)',
      at: 'clusters/prod/apps.yaml:18:7',
      fix: 'set namespace: apps on this dependsOn item',
      dependency: 'db',
    }],
  }, {
    // A second review's probe: with nothing of that name written, a template that might give it excused the item.
    name: 'a ResourceSet item without namespace, with no object of that name written: never found all the same',
    repository: {
      'clusters/prod/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n  resources: []\n',
    },
    findings: [{
      message: 'ResourceSet flux-system/apps depends on Kustomization infra without namespace: a ResourceSet looks the object up as written, and a Kustomization always has a namespace, so it never finds one',
      at: 'clusters/prod/rset.yaml:8:7',
      fix: 'add the namespace of the Kustomization it waits for to this dependsOn item',
      dependency: 'infra',
    }],
  }, {
    // A trial's probe (matheuscscp/flux-operator-cluster-api-example): the Kustomization spoke-sync waits for is rendered
    // by a chart; the one of that name in these files, spoke-sync applies itself.
    name: 'the only object of that name in another namespace is applied by the dependent itself: no fix that would deadlock',
    repository: {
      'clusters/hub/spoke.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: spoke-sync\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: spoke\n  interval: 1h\n  path: clusters/spoke\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
      'clusters/spoke/tenant.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: spoke\n  namespace: frontend\nspec:\n  interval: 1h\n  path: clusters/spoke/none\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n',
      'clusters/spoke/none/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    },
    findings: [{
      message: 'Kustomization flux-system/spoke-sync depends on spoke with no namespace, so its own (flux-system), but Kustomization spoke lives in frontend (clusters/spoke/tenant.yaml:4); it is applied by spoke-sync itself, which a dependency on it would deadlock',
      at: 'clusters/hub/spoke.yaml:8:7',
      fix: 'name the object spoke-sync waits for as it is in the cluster (one a chart renders is not in these files), or remove this item',
      dependency: 'spoke',
    }],
  },
    {
      name: 'namespace: mgmt, but the dependency lives in flux-system',
      kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', [{ name: 'bp-flux', namespace: 'mgmt' }]) },
      findings: [{
        message: `bp-x depends on bp-flux with namespace: mgmt, but bp-flux lives in flux-system (${KIT}/03-bp-flux.yaml:4)`,
        at: '60-bp-x.yaml:8:7',
        fix: "remove namespace: mgmt from this dependsOn item (bp-flux lives in bp-x's own namespace, flux-system)",
        hr: 'bp-x',
        dependency: 'bp-flux',
      }],
    },
    {
      name: 'namespace: mgmt from another namespace: the fix names where the dependency lives',
      kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', [{ name: 'bp-flux', namespace: 'mgmt' }], { namespace: 'rtz' }) },
      findings: [{
        message: `bp-x depends on bp-flux with namespace: mgmt, but bp-flux lives in flux-system (${KIT}/03-bp-flux.yaml:4)`,
        at: '60-bp-x.yaml:8:7',
        fix: 'set namespace: flux-system on this dependsOn item',
      }],
    },
    {
      name: 'no namespace resolves to the dependent\'s own, as in Flux',
      kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux'], { namespace: 'rtz' }) },
      findings: [{
        message: `bp-x depends on bp-flux with no namespace, so bp-x's own (rtz), but bp-flux lives in flux-system (${KIT}/03-bp-flux.yaml:4)`,
        at: '60-bp-x.yaml:8:7',
        fix: 'set namespace: flux-system on this dependsOn item',
      }],
    },
  ],
});
