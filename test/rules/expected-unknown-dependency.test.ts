import rule from '../../src/rules/expected-unknown-dependency.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-flux.yaml': helmRelease('bp-flux'), '02-bp-a.yaml': helmRelease('bp-a', ['bp-flux']) };

ruleTester(rule, {
  valid: [{ name: 'every depends_on name is a slot', kit }],
  invalid: [{
    name: 'a misspelt name in depends_on, located at the name',
    kit,
    expected: expectedDag([1, 'bp-flux', []], [2, 'bp-a', ['bp-flux', 'bp-fluxx']]),
    findings: [{
      message: 'bp-a depends on bp-fluxx, which no slot declares',
      at: `${EXPECTED}:7:27`,
      fix: 'correct the name: did you mean bp-flux?',
      hr: 'bp-a',
      dependency: 'bp-fluxx',
    }],
  }],
});
