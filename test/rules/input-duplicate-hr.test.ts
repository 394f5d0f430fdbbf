import { ruleMeta } from '../../src/rules/index.js';
import { KIT } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/duplicate-hr')!, {
  valid: [{ name: 'one HelmRelease per name', kit, expected }],
  invalid: [{
    name: 'a second bp-cilium, located at its name, naming the first',
    kit: { ...kit, '40-bp-cilium-again.yaml': helmRelease('bp-cilium') },
    expected,
    findings: [{
      message: `HelmRelease bp-cilium is also defined in ${KIT}/01-bp-cilium.yaml:4`,
      at: '40-bp-cilium-again.yaml:4:9',
      fix: 'keep one of the two (an old slot file left behind after a renumbering is the usual cause)',
      hr: 'bp-cilium',
    }],
  }],
});
