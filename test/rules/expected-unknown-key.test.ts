import { ruleMeta } from '../../src/rules/index.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('expected/unknown-key')!, {
  valid: [{ name: 'slots:, and slot, name, depends_on, wave in each entry', kit, expected: expectedDag([1, 'bp-cilium', [], 'present'], [2, 'bp-cert-manager', ['bp-cilium'], 'present']) }],
  invalid: [{
    name: 'dependsOn instead of depends_on, and a top-level key, each located at its value',
    kit,
    expected: `version: 2\n${expected.replace('depends_on: []', 'depends_on: []\n    dependsOn: [bp-x]')}`,
    findings: [
      { message: 'unknown key version', at: `${EXPECTED}:1:10`, fix: 'use only slots (a typo here is ignored, not checked)' },
      { message: 'unknown key slots[0].dependsOn', at: `${EXPECTED}:6:16`, fix: 'did you mean depends_on? (a key this file does not know is ignored, not checked)' },
    ],
  }],
});
