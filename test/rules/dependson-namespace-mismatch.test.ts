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
  ],
  invalid: [
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
