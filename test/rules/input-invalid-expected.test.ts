import { ruleMeta } from '../../src/rules/index.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/invalid-expected')!, {
  valid: [{ name: 'slot, name and depends_on of the right types', kit, expected }],
  invalid: [{
    name: 'a number in depends_on, located at it, with the field path',
    kit,
    expected: expected.replace('depends_on: [bp-cilium]', 'depends_on: [bp-cilium, 42]'),
    findings: [{
      message: 'slots[1].depends_on[1]: Invalid input: expected string, received number',
      at: `${EXPECTED}:7:29`,
      fix: 'each entry needs slot (7 or "15a"), name, and depends_on as a list of names',
    }],
  }],
});
