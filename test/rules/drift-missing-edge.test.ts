import rule from '../../src/rules/drift-missing-edge.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'the kit matches the expected DAG', kit: { '01-bp-flux.yaml': helmRelease('bp-flux'), '58-bp-mgmt-vcluster.yaml': helmRelease('bp-mgmt-vcluster', ['bp-flux']) } },
    {
      name: 'an undeclared HelmRelease is drift/undeclared-hr, not a missing edge',
      kit: { '01-bp-flux.yaml': helmRelease('bp-flux'), '02-bp-extra.yaml': helmRelease('bp-extra') },
      expected: expectedDag([1, 'bp-flux', []]),
    },
  ],
  invalid: [
    {
      name: 'a declared dependency missing from spec.dependsOn, located at the dependsOn key',
      kit: {
        '01-bp-flux.yaml': helmRelease('bp-flux'),
        '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager'),
        '58-bp-mgmt-vcluster.yaml': helmRelease('bp-mgmt-vcluster', ['bp-flux']),
      },
      expected: expectedDag([1, 'bp-flux', []], [2, 'bp-cert-manager', []], [58, 'bp-mgmt-vcluster', ['bp-flux', 'bp-cert-manager']]),
      findings: [{
        message: `bp-mgmt-vcluster does not depend on bp-cert-manager, which the expected DAG declares (${EXPECTED}:10)`,
        at: '58-bp-mgmt-vcluster.yaml:7:3',
        fix: 'add "- name: bp-cert-manager" to spec.dependsOn, or remove it from depends_on in the expected DAG',
        hr: 'bp-mgmt-vcluster',
        dependency: 'bp-cert-manager',
      }],
    },
    {
      name: 'without spec.dependsOn, located at metadata.name; a repeated declaration is one finding',
      kit: { '01-bp-flux.yaml': helmRelease('bp-flux'), '02-bp-a.yaml': helmRelease('bp-a') },
      expected: expectedDag([1, 'bp-flux', []], [2, 'bp-a', ['bp-flux', 'bp-flux']]),
      findings: [{
        message: `bp-a does not depend on bp-flux, which the expected DAG declares (${EXPECTED}:7)`,
        at: '02-bp-a.yaml:4:9',
        fix: 'add "- name: bp-flux" to spec.dependsOn, or remove it from depends_on in the expected DAG',
      }],
    },
  ],
});
