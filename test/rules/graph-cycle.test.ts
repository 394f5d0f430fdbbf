import rule from '../../src/rules/graph-cycle.js';
import { EXPECTED } from '../helpers.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const kustomizationListing = (...files: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((file) => `  - ${file}\n`).join('')}`;
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
/** A Flux Kustomization named `name` applying `path`, with its dependsOn. */
const applying = (name: string, path: string, dependsOn: string[] = []) => fluxKustomization(name, dependsOn).replace(`path: ./${name}`, `path: ${path}`);
/** The cycle of `dependent` depending on `target`, which only it applies, at the item in `file` (line 14). */
const onlyItApplies = (dependent: string, target: string, file: string) => ({
  message: `dependency cycle: Kustomization flux-system/${dependent} depends on Kustomization flux-system/${target}, which only ${dependent} applies: ${target} is never created before ${dependent} is Ready, and ${dependent} waits for it`,
  at: `${file}:14:7`,
  fix: `remove this dependency, or apply ${target} from another Kustomization`,
  dependency: target,
});

/** ResourceSet producer, which depends on consumer (with `ready`), creates Job push; consumer (from line 16) waits for push. */
function creationLoop(ready: string): string {
  return ['apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: producer', '  namespace: flux-system', 'spec:', '  dependsOn:',
    '    - apiVersion: fluxcd.controlplane.io/v1', '      kind: ResourceSet', '      name: consumer', `      namespace: flux-system\n${ready}`.replace(/\n$/, ''), '  resources:',
    '    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}', '---', 'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:',
    '  name: consumer', '  namespace: flux-system', 'spec:', '  dependsOn:', '    - {apiVersion: batch/v1, kind: Job, name: push, namespace: flux-system, ready: true}', '  resources:',
    '    - {apiVersion: v1, kind: ConfigMap, metadata: {name: after, namespace: flux-system}}', ''].join('\n');
}

ruleTester(rule, {
  valid: [{
    name: 'a chain is no cycle',
    kit: { '01-bp-a.yaml': helmRelease('bp-a'), '02-bp-b.yaml': helmRelease('bp-b', ['bp-a']), '03-bp-c.yaml': helmRelease('bp-c', ['bp-b']) },
  }, {
    // carpenike/k8s-gitops: `kubectl apply -k flux/config` creates cluster and flux together; cluster applies that
    // directory again, and depends on flux, which exists from the bootstrap on.
    name: 'a root Kustomization that applies its own directory may depend on what that directory holds',
    repository: {
      'flux/config/kustomization.yaml': kustomizationListing('flux.yaml', 'cluster.yaml'),
      'flux/config/flux.yaml': applying('flux', './manifests'),
      'flux/config/cluster.yaml': applying('cluster', './flux/config', ['flux']),
      'manifests/cm.yaml': configMap,
    },
  }],
  // (What a Kustomization the root applies would create is not created by the bootstrap: see the invalid case below.)
  invalid: [
    {
      // A review's probe: flux bootstrap applies flux-system/ alone; infra, beside it in the cluster directory that
      // flux-system's path holds, is created only by flux-system, which waits for it.
      name: 'flux bootstrap\'s flux-system depending on a Kustomization of its cluster directory',
      repository: {
        'clusters/prod/flux-system/kustomization.yaml': kustomizationListing('gotk-sync.yaml'),
        'clusters/prod/flux-system/gotk-sync.yaml': applying('flux-system', './clusters/prod', ['infra']),
        'clusters/prod/infra.yaml': applying('infra', './manifests'),
        'manifests/cm.yaml': configMap,
      },
      findings: [onlyItApplies('flux-system', 'infra', 'clusters/prod/flux-system/gotk-sync.yaml')],
    },
    {
      // The bootstrap creates cluster and apps; infra exists only once apps reconciles, which waits for cluster.
      name: 'a root that applies its own directory depending on what only a Kustomization it applies creates',
      repository: {
        'flux/config/kustomization.yaml': kustomizationListing('apps.yaml', 'cluster.yaml'),
        'flux/config/apps.yaml': applying('apps', './nested'),
        'flux/config/cluster.yaml': applying('cluster', './flux/config', ['infra']),
        'nested/infra.yaml': applying('infra', './manifests'),
        'manifests/cm.yaml': configMap,
      },
      findings: [onlyItApplies('cluster', 'infra', 'flux/config/cluster.yaml')],
    },
    {
      // A trial's probe (monosense-io/k8s-gitops): two clusters apply one tree; only prod's Kustomization of it waits
      // for what the tree creates. dependsOn looks in prod, where only that Kustomization creates core: stage's copy
      // of core was taken for the one prod's infra waits for.
      name: 'a tree two clusters apply, where one cluster\'s applier waits for what only it creates there',
      repository: {
        ...Object.fromEntries(['prod', 'stage'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system/kustomization.yaml`, kustomizationListing('gotk-sync.yaml')],
          [`clusters/${cluster}/flux-system/gotk-sync.yaml`, applying('flux-system', `./clusters/${cluster}`)],
        ])),
        'clusters/prod/infra.yaml': applying('infra', './infra', ['core']),
        'clusters/stage/infra.yaml': applying('infra-stage', './infra'),
        'infra/kustomization.yaml': kustomizationListing('core.yaml'),
        'infra/core.yaml': applying('core', './manifests'),
        'manifests/cm.yaml': configMap,
      },
      findings: [{
        ...onlyItApplies('infra', 'core', 'clusters/prod/infra.yaml'),
        message: 'dependency cycle: Kustomization flux-system/infra depends on Kustomization flux-system/core, which only infra applies in the cluster of clusters/prod/flux-system: core is never created before infra is Ready, and infra waits for it',
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
    {
      // A review's note: producer waits for consumer's Ready, consumer for the Job only producer creates: the levels
      // condensed the two, and check passed.
      name: 'a ResourceSet waiting for a Job whose only creator waits for it',
      repository: { 'rs.yaml': creationLoop('      ready: true\n') },
      findings: [{
        message: 'dependency cycle: ResourceSet flux-system/consumer depends on Job flux-system/push, which only ResourceSet flux-system/producer creates, and that waits for consumer (ResourceSet flux-system/producer → ResourceSet flux-system/consumer): it does not exist before ResourceSet flux-system/producer applies it, and that applies nothing until its dependencies pass',
        at: 'rs.yaml:23:7',
        fix: 'remove this dependency, or the wait of ResourceSet flux-system/producer on consumer',
      }],
    },
  ],
});

// The same loop, where the creator waits through a third ResourceSet: a chain of Ready waits.
ruleTester(rule, {
  valid: [{
    // Without ready: true, producer needs consumer only to exist, which it does once applied: no loop.
    name: 'the creator needs the waiter only to exist',
    repository: { 'rs.yaml': creationLoop('') },
  }, {
    // Another ResourceSet creates the Job too, waiting for nothing: the Job exists, and both install.
    name: 'another creator that does not wait for the waiter',
    repository: {
      'rs.yaml': creationLoop('      ready: true\n'),
      'other.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: other\n  namespace: flux-system\nspec:\n  resources:\n    - {apiVersion: batch/v1, kind: Job, metadata: {name: push, namespace: flux-system}}\n',
    },
  }],
  invalid: [{
    name: 'the creator waits for the waiter through another ResourceSet',
    repository: {
      'rs.yaml': creationLoop('      ready: true\n').replace('      name: consumer\n      namespace: flux-system\n      ready: true', '      name: middle\n      namespace: flux-system\n      ready: true'),
      'middle.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: middle\n  namespace: flux-system\nspec:\n  dependsOn:\n    - {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSet, name: consumer, namespace: flux-system, ready: true}\n  resources: []\n',
    },
    findings: [{
      message: 'dependency cycle: ResourceSet flux-system/consumer depends on Job flux-system/push, which only ResourceSet flux-system/producer creates, and that waits for consumer (ResourceSet flux-system/producer → ResourceSet flux-system/middle → ResourceSet flux-system/consumer): it does not exist before ResourceSet flux-system/producer applies it, and that applies nothing until its dependencies pass',
      at: 'rs.yaml:23:7',
      fix: 'remove this dependency, or the wait of ResourceSet flux-system/producer on consumer',
    }],
  }],
});
