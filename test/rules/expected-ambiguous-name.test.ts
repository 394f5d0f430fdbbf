import rule from '../../src/rules/expected-ambiguous-name.js';
import { EXPECTED, KIT } from '../helpers.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const kit = {
  '01-bp-cilium.yaml': helmRelease('bp-cilium'),
  '02-bp-flux.yaml': helmRelease('bp-flux', ['bp-cilium']),
  '03-bp-flux-edge.yaml': helmRelease('bp-flux', [{ name: 'bp-cilium', namespace: 'flux-system' }], { namespace: 'edge' }),
};

ruleTester(rule, {
  valid: [{
    name: 'the entry says which namespace it declares',
    kit,
    expected: 'slots:\n  - slot: 1\n    name: bp-cilium\n    depends_on: []\n  - slot: 2\n    name: bp-flux\n    namespace: flux-system\n    depends_on: [bp-cilium]\n',
  }],
  invalid: [{
    name: 'one name in two namespaces, declared without namespace:, located at the entry\'s name',
    kit,
    expected: expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]),
    findings: [{
      message: `bp-flux names 2 HelmReleases (flux-system at ${KIT}/02-bp-flux.yaml:4; edge at ${KIT}/03-bp-flux-edge.yaml:4): the entry does not say which one it declares`,
      at: `${EXPECTED}:6:11`,
      fix: 'add "namespace: flux-system" (or the other\'s namespace) to this entry',
      hr: 'bp-flux',
    }],
  }],
});
