import { ruleMeta } from '../../src/rules/index.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/not-found')!, {
  valid: [{ name: 'kit and expected DAG where they belong', kit, expected }],
  invalid: [{
    name: 'no expected DAG',
    kit,
    expected: null,
    findings: [{ message: 'expected DAG file not found', at: EXPECTED, fix: 'pass --expected FILE, or run from the repository (or pass --root DIR)' }],
  }],
});
