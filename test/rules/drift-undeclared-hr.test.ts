import rule from '../../src/rules/drift-undeclared-hr.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [{ name: 'every HelmRelease is declared', kit: { '01-bp-flux.yaml': helmRelease('bp-flux'), '02-bp-a.yaml': helmRelease('bp-a', ['bp-flux']) } }],
  invalid: [{
    name: 'a HelmRelease without a slots: entry, located at metadata.name',
    kit: { '01-bp-flux.yaml': helmRelease('bp-flux'), '61-bp-sandbox.yaml': helmRelease('bp-sandbox', ['bp-flux']) },
    expected: expectedDag([1, 'bp-flux', []]),
    findings: [{ message: 'bp-sandbox is not declared in the expected DAG', at: '61-bp-sandbox.yaml:4:9', fix: `add a slots: entry for bp-sandbox to ${EXPECTED}`, hr: 'bp-sandbox' }],
  }],
});
