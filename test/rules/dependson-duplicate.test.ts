import rule from '../../src/rules/dependson-duplicate.js';
import { helmRelease, ruleTester } from '../rule-tester.js';

const flux = helmRelease('bp-flux');

ruleTester(rule, {
  valid: [{
    name: 'one name in two namespaces is two dependencies',
    kit: { '03-bp-flux.yaml': flux, '04-bp-flux-rtz.yaml': helmRelease('bp-flux', [], { namespace: 'rtz' }).replace('name: bp-flux', 'name: bp-flux-rtz'), '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux', { name: 'bp-flux', namespace: 'rtz' }]) },
  }],
  invalid: [{
    name: 'the same item twice, located at the repeat',
    kit: { '03-bp-flux.yaml': flux, '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux', 'bp-flux']) },
    findings: [{ message: 'bp-x lists bp-flux twice in spec.dependsOn (first at line 8)', at: '60-bp-x.yaml:9:7', fix: 'delete this item', hr: 'bp-x', dependency: 'bp-flux' }],
  }],
});
