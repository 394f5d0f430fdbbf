import rule from '../../src/rules/slot-label-mismatch.js';
import { helmRelease, ruleTester } from '../rule-tester.js';

const labelled = (value: string, label = 'catalyst.openova.io/slot') => ({ '60-bp-x.yaml': helmRelease('bp-x', [], { labels: { [label]: value } }) });

ruleTester(rule, {
  valid: [
    { name: 'the label says the file\'s slot', kit: labelled('60') },
    { name: 'no label: nothing to compare', kit: { '60-bp-x.yaml': helmRelease('bp-x') } },
    { name: 'another label than --slot-label is not read', kit: labelled('6', 'example.org/slot') },
  ],
  invalid: [
    {
      name: 'label 6 on a slot-60 file, located at the label value',
      kit: labelled('6'),
      findings: [{ message: 'bp-x carries catalyst.openova.io/slot: "6", but its file is slot 60', at: '60-bp-x.yaml:7:31', fix: 'set catalyst.openova.io/slot: "60"', hr: 'bp-x' }],
    },
    {
      name: '--slot-label reads another label',
      kit: labelled('7', 'example.org/slot'),
      slotLabel: 'example.org/slot',
      findings: [{ message: 'bp-x carries example.org/slot: "7", but its file is slot 60', at: '60-bp-x.yaml:7:23', fix: 'set example.org/slot: "60"' }],
    },
  ],
});
