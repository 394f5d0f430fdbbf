import rule from '../../src/rules/name-invalid.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'lower-case ASCII names', kit: { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-flux.yaml': helmRelease('bp-flux', ['bp-cilium']) } },
    {
      // A trial's probe (ppat/homelab-ops-kubernetes-apps): Kyverno Chainsaw's assertion templates name what they check
      // with a binding, `($name)`; no manifest Flux applies (counted in skipped, not read).
      name: 'a HelmRelease and a Kustomization named by a Chainsaw binding, in a test\'s assertions',
      repository: {
        'apps/web.yaml': helmRelease('web'),
        'ci/chainsaw/assertions/helmrelease-ready.yaml': helmRelease('($name)').replace('spec:\n', 'status:\n  (conditions[?type == \'Ready\']):\n  - status: "True"\nspec:\n'),
        'ci/chainsaw/assertions/kustomization-ready.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ($name)\n  namespace: ($namespace)\n',
      },
    },
  ],
  invalid: [{
    name: 'an upper-case metadata.name and a Cyrillic letter in a dependsOn item, each located at the name',
    kit: { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-flux.yaml': helmRelease('bp-Flux', ['bp-\u0441ilium']) },
    expected: expectedDag([1, 'bp-cilium', []], [2, 'bp-Flux', ['bp-cilium']]),
    findings: [
      { message: 'HelmRelease name bp-Flux is not a valid Kubernetes name: it contains the upper-case letter F', at: '02-bp-flux.yaml:4:9', fix: 'rename it with lower-case letters, digits, "-" and "." only', hr: 'bp-Flux' },
      {
        message: 'bp-Flux depends on "bp-\\u0441ilium", which is not a valid Kubernetes name (it contains the non-ASCII character "\u0441" (U+0441)): no object can have it, so Flux never finds the dependency',
        at: '02-bp-flux.yaml:8:13',
        fix: "correct the name to the dependency's metadata.name",
        dependency: 'bp-\u0441ilium',
      },
    ],
  }],
});
