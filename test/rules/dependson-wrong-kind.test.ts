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
      // Which Kustomization applies podinfo is not known here, nor its namespace: the item names infra's.
      fix: 'remove this item and put the dependency on a Kustomization that applies podinfo: dependsOn infra (namespace: flux-system) there',
      hr: 'podinfo',
      dependency: 'infra',
    }],
  }, {
    name: 'the fix names the applier, and the target\'s namespace only where the applier lives elsewhere',
    repository: {
      'clusters/prod/infra.yaml': infra,
      'clusters/prod/platform.yaml': infra.replace('name: infra', 'name: platform').replace('namespace: flux-system', 'namespace: platform'),
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/podinfo.yaml': helmRelease('podinfo', ['infra', { name: 'platform', namespace: 'platform' }]),
    },
    findings: [{
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease infra, which does not exist; Kustomization flux-system/infra does (clusters/prod/infra.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:8:7',
      fix: 'remove this item and put the dependency on the Kustomization that applies podinfo (Kustomization flux-system/apps): dependsOn infra there',
      dependency: 'infra',
    }, {
      message: 'HelmRelease flux-system/podinfo depends on HelmRelease platform, which does not exist; Kustomization platform/platform does (clusters/prod/platform.yaml:4), but HelmRelease dependsOn only looks for HelmReleases: Flux holds podinfo at DependencyNotReady for ever',
      at: 'apps/podinfo.yaml:9:7',
      fix: 'remove this item and put the dependency on the Kustomization that applies podinfo (Kustomization flux-system/apps): dependsOn platform (namespace: platform) there',
      dependency: 'platform',
    }],
  }],
});
