import rule from '../../src/rules/api-unknown-version.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const cilium = helmRelease('bp-cilium');
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', []]);

ruleTester(rule, {
  valid: [{ name: 'helm.toolkit.fluxcd.io/v2', kit: { '01-bp-cilium.yaml': cilium, '02-bp-flux.yaml': helmRelease('bp-flux') }, expected }],
  invalid: [
    {
      name: 'no apiVersion, located at the kind',
      kit: { '01-bp-cilium.yaml': cilium, '02-bp-flux.yaml': helmRelease('bp-flux').replace('apiVersion: helm.toolkit.fluxcd.io/v2\n', '') },
      expected,
      findings: [{ message: 'HelmRelease has no apiVersion: kustomize and the API server reject it', at: '02-bp-flux.yaml:1:7', fix: 'add apiVersion: helm.toolkit.fluxcd.io/v2' }],
    },
    {
      name: 'a version Flux never served, located at the version',
      kit: { '01-bp-cilium.yaml': cilium, '02-bp-flux.yaml': helmRelease('bp-flux').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v3') },
      expected,
      findings: [{ message: '"helm.toolkit.fluxcd.io/v3" is not a version Flux serves for HelmRelease', at: '02-bp-flux.yaml:1:13', fix: 'change apiVersion to helm.toolkit.fluxcd.io/v2' }],
    },
  ],
});
