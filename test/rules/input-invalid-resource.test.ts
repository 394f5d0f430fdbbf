import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/invalid-resource')!, {
  valid: [{ name: 'every HelmRelease named, dependsOn a list of items', kit, expected }],
  invalid: [
    {
      name: 'a HelmRelease without metadata.name',
      kit: { ...kit, '03-bp-flux.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  namespace: flux-system\n' },
      expected,
      findings: [{ message: 'HelmRelease has no metadata.name', at: '03-bp-flux.yaml:1:1', fix: 'give the HelmRelease a metadata.name' }],
    },
    {
      name: 'dependsOn written as a string, located at the value',
      kit: { ...kit, '03-bp-flux.yaml': helmRelease('bp-flux').replace('spec:\n', 'spec:\n  dependsOn: bp-cilium\n') },
      expected,
      findings: [{ message: 'spec.dependsOn is a string, not a list', at: '03-bp-flux.yaml:7:14', fix: 'write dependsOn as a list of items such as "- name: bp-flux"' }],
    },
  ],
});
