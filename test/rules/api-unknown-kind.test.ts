import rule from '../../src/rules/api-unknown-kind.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]);

ruleTester(rule, {
  valid: [{ name: 'kind: HelmRelease', kit: { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-flux.yaml': helmRelease('bp-flux', ['bp-cilium']) }, expected }],
  invalid: [{
    name: 'kind: Helmrelease is a near miss, located at the kind',
    kit: { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-flux.yaml': helmRelease('bp-flux', ['bp-cilium']).replace('kind: HelmRelease', 'kind: Helmrelease') },
    expected,
    findings: [{ message: 'kind "Helmrelease" is not a Flux kind; this object is not audited as a HelmRelease', at: '02-bp-flux.yaml:2:7', fix: 'did you mean kind: HelmRelease? (kinds are case-sensitive)' }],
  }],
});
