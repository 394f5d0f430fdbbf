import rule from '../../src/rules/expected-shared-slot.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '60-bp-a.yaml': helmRelease('bp-a'), '61-bp-b.yaml': helmRelease('bp-b', ['bp-a']) };

ruleTester(rule, {
  valid: [
    { name: 'a sub-slot is a slot of its own', kit, expected: expectedDag([60, 'bp-a', []], ['60a', 'bp-b', ['bp-a']]) },
    { name: 'one name twice is expected/duplicate-slot, not a shared slot', kit, expected: expectedDag([60, 'bp-a', []], [61, 'bp-b', ['bp-a']], [60, 'bp-a', []]) },
  ],
  invalid: [{
    name: 'two names on slot 60 (06 and 60 differ, 60 and 060 do not), located at the second slot',
    kit,
    expected: expectedDag([60, 'bp-a', []], [6, 'bp-c', []], ['060', 'bp-b', ['bp-a']]),
    findings: [{ message: 'slot 60 is declared for both bp-a (line 2) and bp-b', at: `${EXPECTED}:8:11`, fix: 'give bp-b a slot of its own (a free sub-slot such as 60a works)', hr: 'bp-b' }],
  }],
});
