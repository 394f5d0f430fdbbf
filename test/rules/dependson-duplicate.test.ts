import rule from '../../src/rules/dependson-duplicate.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const flux = helmRelease('bp-flux');

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
    name: 'the same item twice, located at the repeat',
    kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux', 'bp-flux']) },
    findings: [{ message: 'bp-x lists bp-flux twice in spec.dependsOn (first at line 8)', at: '60-bp-x.yaml:9:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-flux' }],
  }, {
    name: 'a long list, one name three times and one in another namespace: each repeat, with the first line',
    kit: { ...longList, '60-bp-x.yaml': helmRelease('bp-x', [...many, 'bp-flux', 'bp-d3', { name: 'bp-d3', namespace: 'other' }, 'bp-d3']) },
    findings: [
      { message: 'bp-x lists bp-d3 twice in spec.dependsOn (first at line 11)', at: '60-bp-x.yaml:27:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-d3' },
      { message: 'bp-x lists bp-d3 twice in spec.dependsOn (first at line 11)', at: '60-bp-x.yaml:30:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-d3' },
    ],
  }],
});
