import rule from '../../src/rules/api-unknown-version.js';
import { fluxManifests, gotkComponents, syncingAll, unheadedGotkComponents } from '../flux-pins.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const cilium = helmRelease('bp-cilium');
/** A Flux Kustomization named `name` that applies `path`. */
const applying = (name: string, path: string) => fluxKustomization(name).replace(`path: ./${name}`, `path: ${path}`);
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', []]);

ruleTester(rule, {
  valid: [
    { name: 'helm.toolkit.fluxcd.io/v2', kit: { '01-bp-cilium.yaml': cilium, '02-bp-flux.yaml': helmRelease('bp-flux') }, expected },
    {
      name: 'an archived cluster\'s gotk-components.yaml that no Flux Kustomization here applies: no Flux anything runs, no pin',
      repository: { 'archive/old/flux-system/gotk-components.yaml': gotkComponents('v0.31.4'), 'apps/podinfo.yaml': helmRelease('podinfo') },
    },
    {
      name: 'v2 where one cluster installs Flux 2.2 and another 2.5: which applies it is not known, no finding',
      repository: { ...syncingAll, 'clusters/a/flux.yaml': fluxManifests('v2.2.2'), 'clusters/b/flux.yaml': fluxManifests('v2.5.1'), 'apps/podinfo.yaml': helmRelease('podinfo') },
    },
  ],
  invalid: [
    {
      // A review's probe: the older cluster rejects what the newer one serves; a union of their pins hid it.
      name: 'one file applied by two clusters on Flux 2.2 and 2.5: the 2.2 cluster rejects v2, an error',
      repository: {
        'clusters/a/flux-system.yaml': applying('flux-system', './clusters/a'), 'clusters/a/flux.yaml': fluxManifests('v2.2.3'), 'clusters/a/apps.yaml': applying('apps-a', './apps/shared'),
        'clusters/b/flux-system.yaml': applying('flux-system', './clusters/b'), 'clusters/b/flux.yaml': fluxManifests('v2.5.1'), 'clusters/b/apps.yaml': applying('apps-b', './apps/shared'),
        'apps/shared/podinfo.yaml': helmRelease('podinfo'),
      },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2 is served from Flux 2.3 on; the Flux this repository installs (v2.2.3 at clusters/a/flux.yaml:10) does not serve it: the cluster rejects this HelmRelease',
        at: 'apps/shared/podinfo.yaml:1:13',
        fix: 'upgrade Flux to 2.3 or later, or write apiVersion: helm.toolkit.fluxcd.io/v2beta2 until then',
      }],
    },
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
    {
      name: 'v2 in a repository that installs Flux 2.2 only, which never served it: the fix is the upgrade, or v2beta2',
      repository: { ...syncingAll, 'clusters/main/flux.yaml': fluxManifests('v2.2.2'), 'apps/podinfo.yaml': helmRelease('podinfo') },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2 is served from Flux 2.3 on; the Flux this repository installs (v2.2.2 at clusters/main/flux.yaml:10) does not serve it: the cluster rejects this HelmRelease; Kustomization flux-system/flux-system, which applies it, fails its apply on it (the controller validates every object before it applies any), so applies none of its objects but CRDs, Namespaces and classes, and is never Ready',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'upgrade Flux to 2.3 or later, or write apiVersion: helm.toolkit.fluxcd.io/v2beta2 until then',
      }],
    },
    {
      name: 'a Kustomization version Flux never served',
      repository: { 'clusters/main/apps.yaml': fluxKustomization('apps').replace('kustomize.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1beta9') },
      findings: [{ message: '"kustomize.toolkit.fluxcd.io/v1beta9" is not a version Flux serves for Kustomization', at: 'clusters/main/apps.yaml:1:13', fix: 'change apiVersion to kustomize.toolkit.fluxcd.io/v1' }],
    },
    {
      name: 'a v1 Kustomization on a Flux before 2.0, which never served v1',
      repository: { 'clusters/main/flux-system/gotk-components.yaml': gotkComponents('v0.31.3'), 'clusters/main/apps.yaml': fluxKustomization('apps') },
      findings: [{
        message: 'kustomize.toolkit.fluxcd.io/v1 is served from Flux 2.0 on; the Flux this repository installs (v0.31.3 at clusters/main/flux-system/gotk-components.yaml:3) does not serve it: the cluster rejects this Kustomization',
        at: 'clusters/main/apps.yaml:1:13',
        fix: 'upgrade Flux to 2.0 or later, or write apiVersion: kustomize.toolkit.fluxcd.io/v1beta2 until then',
      }],
    },
    {
      // A review's probe: Kustomization v1beta2 came with Flux 0.26; a 0.16 was told to write it.
      name: 'the same on Flux 0.16 (its components labelled, without the header): the beta it serves is v1beta1',
      repository: { 'clusters/main/flux-system/gotk-components.yaml': unheadedGotkComponents('v0.16.0'), 'clusters/main/apps.yaml': fluxKustomization('apps') },
      findings: [{
        message: 'kustomize.toolkit.fluxcd.io/v1 is served from Flux 2.0 on; the Flux this repository installs (v0.16.0 at clusters/main/flux-system/gotk-components.yaml:7) does not serve it: the cluster rejects this Kustomization',
        at: 'clusters/main/apps.yaml:1:13',
        fix: 'upgrade Flux to 2.0 or later, or write apiVersion: kustomize.toolkit.fluxcd.io/v1beta1 until then',
      }],
    },
    {
      name: 'on Flux 2.1 (flux bootstrap\'s gotk-components.yaml) the beta it serves is v2beta1',
      repository: { ...syncingAll, 'clusters/main/flux-system/gotk-components.yaml': gotkComponents('v2.1.2'), 'apps/podinfo.yaml': helmRelease('podinfo') },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2 is served from Flux 2.3 on; the Flux this repository installs (v2.1.2 at clusters/main/flux-system/gotk-components.yaml:3) does not serve it: the cluster rejects this HelmRelease; Kustomization flux-system/flux-system, which applies it, fails its apply on it (the controller validates every object before it applies any), so applies none of its objects but CRDs, Namespaces and classes, and is never Ready',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'upgrade Flux to 2.3 or later, or write apiVersion: helm.toolkit.fluxcd.io/v2beta1 until then',
      }],
    },
  ],
});
