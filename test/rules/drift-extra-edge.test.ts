import rule from '../../src/rules/drift-extra-edge.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = {
  '01-bp-flux.yaml': helmRelease('bp-flux'),
  '02-bp-a.yaml': helmRelease('bp-a'),
  '03-bp-b.yaml': helmRelease('bp-b', ['bp-flux', 'bp-a', 'bp-a']),
};

ruleTester(rule, {
  valid: [
    { name: 'every dependsOn item is declared', kit },
    { name: 'an undeclared HelmRelease is drift/undeclared-hr, not extra edges', kit, expected: expectedDag([1, 'bp-flux', []], [2, 'bp-a', []]) },
  ],
  invalid: [{
    name: 'an undeclared dependsOn item, located at the item; a repeat is one finding',
    kit,
    expected: expectedDag([1, 'bp-flux', []], [2, 'bp-a', []], [3, 'bp-b', ['bp-flux']]),
    findings: [{
      message: 'bp-b depends on bp-a, which the expected DAG does not declare',
      at: '03-bp-b.yaml:9:7',
      fix: `remove it from spec.dependsOn, or add bp-a to depends_on of bp-b (${EXPECTED}:8)`,
      hr: 'bp-b',
      dependency: 'bp-a',
    }],
  }],
});
