import rule from '../../src/rules/dependson-invalid-ready-expr.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const withReadyExpr = (expression: string) => ({
  '01-bp-cilium.yaml': helmRelease('bp-cilium'),
  '02-bp-flux.yaml': helmRelease('bp-flux').replace('spec:\n', `spec:\n  dependsOn:\n    - name: bp-cilium\n      readyExpr: ${expression}\n`),
});
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]);
const fix = "write a CEL expression over self and dep that evaluates to a bool, e.g. dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')";

ruleTester(rule, {
  valid: [{ name: 'a bool over dep', kit: withReadyExpr("dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')"), expected }],
  invalid: [
    {
      name: 'a variable other than self and dep, located at the expression',
      kit: withReadyExpr('other.ready'),
      expected,
      findings: [{ message: "readyExpr of bp-flux's dependency on bp-cilium is not usable: Unknown variable: other (only self and dep exist)", at: '02-bp-flux.yaml:9:18', fix, hr: 'bp-flux', dependency: 'bp-cilium' }],
    },
    {
      name: 'an expression that is not a bool',
      kit: withReadyExpr('dep.metadata.generation + 1'),
      expected,
      findings: [{ message: "readyExpr of bp-flux's dependency on bp-cilium is not usable: it evaluates to int, not bool", at: '02-bp-flux.yaml:9:18', fix }],
    },
  ],
});
