import rule from '../../src/rules/slot-prefix-mismatch.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: '06 in the file name and 6 in the expected DAG are one slot', kit: { '06-bp-x.yaml': helmRelease('bp-x') }, expected: expectedDag([6, 'bp-x', []]) },
    { name: 'a file without a slot prefix is not compared', kit: { 'extra.yaml': helmRelease('bp-x') }, expected: expectedDag([6, 'bp-x', []]) },
  ],
  invalid: [{
    name: 'the file says 61, the expected DAG 60: located at metadata.name, with the new file name',
    kit: { '61-bp-vcluster-helmrepo.yaml': helmRelease('bp-vcluster-helmrepo') },
    expected: expectedDag([60, 'bp-vcluster-helmrepo', []]),
    findings: [{
      message: `61-bp-vcluster-helmrepo.yaml has slot prefix 61, but the expected DAG declares bp-vcluster-helmrepo at slot 60 (${EXPECTED}:2)`,
      at: '61-bp-vcluster-helmrepo.yaml:4:9',
      fix: 'rename the file to 60-bp-vcluster-helmrepo.yaml, or change slot: in the expected DAG',
      hr: 'bp-vcluster-helmrepo',
    }],
  }],
});
