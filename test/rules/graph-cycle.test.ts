import rule from '../../src/rules/graph-cycle.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [{
    name: 'a chain is no cycle',
    kit: { '01-bp-a.yaml': helmRelease('bp-a'), '02-bp-b.yaml': helmRelease('bp-b', ['bp-a']), '03-bp-c.yaml': helmRelease('bp-c', ['bp-b']) },
  }, {
    // carpenike/k8s-gitops: `kubectl apply -k flux/config` creates cluster and flux together; cluster applies that
    // directory again, and depends on flux, which exists from the bootstrap on.
    name: 'a root Kustomization that applies its own directory may depend on what that directory holds',
    repository: {
      'flux/config/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux.yaml\n  - cluster.yaml\n',
      'flux/config/flux.yaml': fluxKustomization('flux').replace('path: ./flux', 'path: ./manifests'),
      'flux/config/cluster.yaml': fluxKustomization('cluster', ['flux']).replace('path: ./cluster', 'path: ./flux/config'),
      'manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    },
  }],
  // (What a Kustomization the root applies would create is not created by the bootstrap: see the invalid case below.)
  invalid: [
    {
      // A review's probe: flux bootstrap applies flux-system/ alone; infra, beside it in the cluster directory that
      // flux-system's path holds, is created only by flux-system, which waits for it.
      name: 'flux bootstrap\'s flux-system depending on a Kustomization of its cluster directory',
      repository: {
        'clusters/prod/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n',
        'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', ['infra']).replace('path: ./flux-system', 'path: ./clusters/prod'),
        'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./manifests'),
        'manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      },
      findings: [{
        message: 'dependency cycle: Kustomization flux-system/flux-system depends on Kustomization flux-system/infra, which only flux-system applies: infra is never created before flux-system is Ready, and flux-system waits for it',
        at: 'clusters/prod/flux-system/gotk-sync.yaml:14:7',
        fix: 'remove this dependency, or apply infra from another Kustomization',
        dependency: 'infra',
      }],
    },
    {
      // The bootstrap creates cluster and apps; infra exists only once apps reconciles, which waits for cluster.
      name: 'a root that applies its own directory depending on what only a Kustomization it applies creates',
      repository: {
        'flux/config/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps.yaml\n  - cluster.yaml\n',
        'flux/config/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./nested'),
        'flux/config/cluster.yaml': fluxKustomization('cluster', ['infra']).replace('path: ./cluster', 'path: ./flux/config'),
        'nested/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./manifests'),
        'manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      },
      findings: [{
        message: 'dependency cycle: Kustomization flux-system/cluster depends on Kustomization flux-system/infra, which only cluster applies: infra is never created before cluster is Ready, and cluster waits for it',
        at: 'flux/config/cluster.yaml:14:7',
        fix: 'remove this dependency, or apply infra from another Kustomization',
        dependency: 'infra',
      }],
    },
    {
      name: 'a cycle on disk, reported as its path and located at its first edge',
      kit: { '01-bp-a.yaml': helmRelease('bp-a', ['bp-c']), '02-bp-b.yaml': helmRelease('bp-b', ['bp-a']), '03-bp-c.yaml': helmRelease('bp-c', ['bp-b']) },
      findings: [{ message: 'dependency cycle: bp-a → bp-c → bp-b → bp-a', at: '01-bp-a.yaml:8:7', fix: 'remove one of these dependencies', hr: 'bp-a', dependency: 'bp-c' }],
    },
    {
      name: 'a cycle only in the merged graph (one edge declared, one on disk)',
      kit: { '01-bp-a.yaml': helmRelease('bp-a'), '02-bp-b.yaml': helmRelease('bp-b', ['bp-a']) },
      expected: expectedDag([1, 'bp-a', ['bp-b']], [2, 'bp-b', ['bp-a']]),
      findings: [{ message: 'dependency cycle: bp-a → bp-b → bp-a', at: `${EXPECTED}:4:18`, fix: 'remove one of these dependencies' }],
    },
  ],
});
