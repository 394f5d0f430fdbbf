import rule from '../../src/rules/dependson-unresolved.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'the dependency is in the kit', kit: { '58-bp-mgmt.yaml': helmRelease('bp-mgmt'), '60-bp-x.yaml': helmRelease('bp-x', ['bp-mgmt']) } },
    { name: 'a dependency nobody declares is drift, not a deferred slot', kit: { '60-bp-x.yaml': helmRelease('bp-x', ['bp-nowhere']) }, expected: expectedDag([60, 'bp-x', ['bp-nowhere']]) },
  ],
  invalid: [{
    name: 'a dependency on a deferred slot, once per name, located at the item',
    kit: { '60-bp-x.yaml': helmRelease('bp-x', ['bp-mgmt', 'bp-mgmt']) },
    expected: expectedDag([58, 'bp-mgmt', [], 'W3.vcluster'], [60, 'bp-x', ['bp-mgmt']]),
    findings: [{
      message: 'bp-x depends on bp-mgmt (slot 58, wave W3.vcluster), which is not in the kit: Flux holds bp-x at DependencyNotReady until it lands',
      at: '60-bp-x.yaml:8:7',
      fix: 'add the slot file for bp-mgmt to the kit, or remove this dependency until it lands',
      hr: 'bp-x',
      dependency: 'bp-mgmt',
    }],
  }],
});
