import { ruleMeta } from '../../src/rules/index.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/empty')!, {
  valid: [{ name: 'slot files with HelmReleases, an expected DAG with slots', kit, expected }],
  invalid: [
    {
      name: 'a slot file of only comments',
      kit: { ...kit, '03-bp-flux.yaml': '# TODO: bp-flux lands here\n' },
      expected,
      findings: [{ message: 'the slot file holds no Kubernetes object (it is empty or only comments)', at: '03-bp-flux.yaml:1:1', fix: 'add its resources, or delete the file' }],
    },
    {
      name: 'an expected DAG without slots',
      kit,
      expected: 'slots: []\n',
      findings: [{ message: 'the expected DAG declares no slots', at: `${EXPECTED}:1:1`, fix: 'add entries under slots:' }],
    },
  ],
});
