import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/parse-error')!, {
  valid: [{ name: 'valid YAML everywhere', kit, expected }],
  invalid: [
    {
      name: 'an unclosed quote in a slot file, located where the parser stops',
      kit: { ...kit, '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: "bp-flux\n' },
      expected,
      findings: [{ message: 'invalid YAML: Missing closing "quote', at: '03-bp-flux.yaml:3:9', fix: 'fix the YAML syntax at this position' }],
    },
    {
      name: 'bytes that are not UTF-8, located at the first bad byte',
      kit: { ...kit, '03-bp-flux.yaml': Buffer.from([...Buffer.from('kind: HelmRelease\nmetadata:\n  name: bp-'), 0xff, 0x0a]) },
      expected,
      findings: [{ message: 'the file is not valid UTF-8 text', at: '03-bp-flux.yaml:3:12', fix: 're-save it as UTF-8' }],
    },
  ],
});
