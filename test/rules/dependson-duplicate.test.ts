import rule from '../../src/rules/dependson-duplicate.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const flux = helmRelease('bp-flux');
/** A ResourceSet in flux-system with these dependsOn items (written under `  dependsOn:`) and no resources. */
const resourceSet = (items: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n${items}  resources: []\n`;

// Past sixteen items the rule keeps a Map instead of comparing in place: the same findings, every repeat located.
const many = Array.from({ length: 18 }, (_, index) => `bp-d${index}`);
const longList = { '03-bp-flux.yaml': flux, ...Object.fromEntries(many.map((name, index) => [`${10 + index}-${name}.yaml`, helmRelease(name)])) };

ruleTester(rule, {
  valid: [{
    name: 'a repository\'s Kustomization that names one dependency in two namespaces',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra'),
      'clusters/prod/apps.yaml': `${fluxKustomization('apps', ['infra'])}    - name: infra\n      namespace: other\n`,
    },
  }, {
    // flux-operator looks a ResourceSet's item up as written: without a namespace, it is another object.
    name: 'a ResourceSet item without a namespace and one with the ResourceSet\'s own',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra'),
      'clusters/prod/apps.yaml': resourceSet('    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n'),
    },
  }, {
    name: 'one name in two namespaces is two dependencies',
    kit: { '03-bp-flux.yaml': flux, '04-bp-flux-rtz.yaml': helmRelease('bp-flux', [], { namespace: 'rtz' }).replace('name: bp-flux', 'name: bp-flux-rtz'), '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux', { name: 'bp-flux', namespace: 'rtz' }]) },
  }],
  invalid: [{
    // A trial's probe: the rule judged only a kit's HelmReleases.
    name: 'a repository\'s Kustomization that lists one dependency twice (once with its own namespace written out)',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra'),
      'clusters/prod/apps.yaml': `${fluxKustomization('apps', ['infra'])}    - name: infra\n      namespace: flux-system\n`,
    },
    findings: [{ message: 'Kustomization flux-system/apps lists infra twice in spec.dependsOn (first at line 14)', at: 'clusters/prod/apps.yaml:15:7', fix: 'delete this item', dependency: 'infra' }],
  }, {
    // A trial's remark: each repeat of an item listed four times said "twice".
    name: 'a repository\'s item listed four times: each repeat says how often',
    repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra', 'infra', 'infra', 'infra']) },
    findings: [15, 16, 17].map((line, index) => ({
      message: `Kustomization flux-system/apps lists infra ${['twice', 'a third time', 'a fourth time'][index]} in spec.dependsOn (first at line 14)`,
      at: `clusters/prod/apps.yaml:${line}:7`, fix: 'delete this item', dependency: 'infra',
    })),
  }, {
    // A review's probe: the repeat is the one with ready: true; deleting it would drop the wait for Ready.
    name: 'a ResourceSet\'s item twice, one with ready: true: the fix merges them',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra'),
      'clusters/prod/apps.yaml': resourceSet('    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n      ready: true\n'),
    },
    findings: [{
      message: 'ResourceSet flux-system/apps lists infra twice in spec.dependsOn (first at line 8)',
      at: 'clusters/prod/apps.yaml:12:7',
      fix: 'merge the two items into one that keeps what each says (ready, readyExpr), and delete the other',
      dependency: 'infra',
    }],
  }, {
    name: 'the same item twice, located at the repeat',
    kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux', 'bp-flux']) },
    findings: [{ message: 'bp-x lists bp-flux twice in spec.dependsOn (first at line 8)', at: '60-bp-x.yaml:9:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-flux' }],
  }, {
    name: 'a long list, one name three times and one in another namespace: each repeat, with the first line',
    kit: { ...longList, '60-bp-x.yaml': helmRelease('bp-x', [...many, 'bp-flux', 'bp-d3', { name: 'bp-d3', namespace: 'other' }, 'bp-d3']) },
    findings: [
      { message: 'bp-x lists bp-d3 twice in spec.dependsOn (first at line 11)', at: '60-bp-x.yaml:27:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-d3' },
      { message: 'bp-x lists bp-d3 a third time in spec.dependsOn (first at line 11)', at: '60-bp-x.yaml:30:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-d3' },
    ],
  }],
});
