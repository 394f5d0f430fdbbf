import rule from '../../src/rules/api-removed-version.js';
import { expectedDag, helmRelease, ruleTester } from '../rule-tester.js';

const release = (apiVersion: string) => ({ '01-bp-cilium.yaml': helmRelease('bp-cilium').replace('helm.toolkit.fluxcd.io/v2', apiVersion) });
const fix = 'change apiVersion to helm.toolkit.fluxcd.io/v2 (the v2 API is a drop-in for these manifests; flux migrate updates stored objects)';

ruleTester(rule, {
  valid: [{ name: 'helm.toolkit.fluxcd.io/v2', kit: release('helm.toolkit.fluxcd.io/v2'), expected: expectedDag([1, 'bp-cilium', []]) }],
  invalid: [
    {
      name: 'v2beta2, located at the version',
      kit: release('helm.toolkit.fluxcd.io/v2beta2'),
      expected: expectedDag([1, 'bp-cilium', []]),
      findings: [{ message: 'helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease', at: '01-bp-cilium.yaml:1:13', fix }],
    },
    {
      name: 'v2beta1',
      kit: release('helm.toolkit.fluxcd.io/v2beta1'),
      expected: expectedDag([1, 'bp-cilium', []]),
      findings: [{ message: 'helm.toolkit.fluxcd.io/v2beta1 is no longer served since Flux 2.8: the cluster rejects this HelmRelease', at: '01-bp-cilium.yaml:1:13', fix }],
    },
  ],
});
