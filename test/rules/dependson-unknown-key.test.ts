import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const withItem = (item: string) => ({
  '01-bp-cilium.yaml': helmRelease('bp-cilium'),
  '02-bp-flux.yaml': helmRelease('bp-flux').replace('spec:\n', `spec:\n  dependsOn:\n    - name: bp-cilium\n${item}`),
});
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]);

ruleTester(ruleMeta('dependsOn/unknown-key')!, {
  valid: [{ name: 'name and namespace', kit: withItem('      namespace: flux-system\n'), expected }],
  invalid: [{
    name: 'a misspelt namespace, located at the key, with did-you-mean',
    kit: withItem('      namepsace: flux-system\n'),
    expected,
    findings: [{ message: 'dependsOn item has the key "namepsace", which Flux does not know (it is dropped when the object is applied)', at: '02-bp-flux.yaml:9:7', fix: 'did you mean namespace?' }],
  }],
});
