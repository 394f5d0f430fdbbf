import rule from '../../src/rules/slot-shared-prefix.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [{ name: 'a sub-slot is a prefix of its own', kit: { '60-bp-a.yaml': helmRelease('bp-a'), '60a-bp-b.yaml': helmRelease('bp-b', ['bp-a']) } }],
  invalid: [{
    name: 'two files on slot 60 (06 and 6 too), located at the second file',
    kit: { '60-bp-a.yaml': helmRelease('bp-a'), '60-bp-b.yaml': helmRelease('bp-b', ['bp-a']), '06-bp-c.yaml': helmRelease('bp-c'), '6-bp-d.yaml': helmRelease('bp-d') },
    expected: expectedDag([6, 'bp-c', []], [6, 'bp-d', []], [60, 'bp-a', []], [60, 'bp-b', ['bp-a']]),
    findings: [
      { message: '6-bp-d.yaml shares slot prefix 06 with 06-bp-c.yaml', at: '6-bp-d.yaml:1:1', fix: 'renumber one of them (a free sub-slot such as 06a keeps it next to its neighbour)', hr: 'bp-d' },
      { message: '60-bp-b.yaml shares slot prefix 60 with 60-bp-a.yaml', at: '60-bp-b.yaml:1:1', fix: 'renumber one of them (a free sub-slot such as 60a keeps it next to its neighbour)', hr: 'bp-b' },
    ],
  }],
});
