import rule from '../../src/rules/expected-duplicate-slot.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-flux.yaml': helmRelease('bp-flux'), '02-bp-a.yaml': helmRelease('bp-a', ['bp-flux']) };

ruleTester(rule, {
  valid: [{ name: 'one entry per name', kit }],
  invalid: [{
    name: 'a name declared twice, located at the second name',
    kit,
    expected: expectedDag([1, 'bp-flux', []], [2, 'bp-a', ['bp-flux']], [3, 'bp-flux', ['bp-a']]),
    findings: [{ message: `bp-flux is declared twice (first at ${EXPECTED}:2)`, at: `${EXPECTED}:9:11`, fix: 'remove one of the two entries', hr: 'bp-flux' }],
  }],
});
