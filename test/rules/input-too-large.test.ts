import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/too-large')!, {
  valid: [{ name: 'slot files of a few hundred bytes', kit, expected }],
  invalid: [{
    name: 'a 9 MiB slot file is refused, not parsed',
    kit: { ...kit, '03-bp-big.yaml': `# ${'x'.repeat(9 * 1024 * 1024)}\n` },
    expected,
    findings: [{ message: 'the file is 9.0 MiB, over the 8 MiB limit for a YAML file', at: '03-bp-big.yaml', fix: 'split it, or check that it is the file you meant' }],
  }],
});
