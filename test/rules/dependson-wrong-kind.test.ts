import rule from '../../src/rules/dependson-wrong-kind.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const infra = fluxKustomization('infra', [], '  wait: true\n');

ruleTester(rule, {
  valid: [{ name: 'a HelmRelease depends on a HelmRelease', repository: { 'clusters/prod/infra.yaml': helmRelease('infra'), 'clusters/prod/podinfo.yaml': helmRelease('podinfo', ['infra']) } }],
  invalid: [{
    name: 'a HelmRelease depends on a name only a Kustomization has, located at the item',
    repository: { 'clusters/prod/infra.yaml': infra, 'clusters/prod/podinfo.yaml': helmRelease('podinfo', ['infra']) },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'clusters/prod/podinfo.yaml:8:7',
      fix: 'remove this item and put the dependency on a Kustomization that applies podinfo: dependsOn infra there',
      hr: 'podinfo',
      dependency: 'infra',
    }],
  }],
});
