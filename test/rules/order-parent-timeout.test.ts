import rule from '../../src/rules/order-parent-timeout.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

/** A wait: true Kustomization applying ./apps, where three HelmReleases (5 min each by default) form a chain. */
const chain = (parentSpec: string) => ({
  'clusters/prod/apps.yaml': fluxKustomization('apps', [], parentSpec),
  'apps/a.yaml': helmRelease('bp-a'),
  'apps/b.yaml': helmRelease('bp-b', ['bp-a']),
  'apps/c.yaml': helmRelease('bp-c', ['bp-b']),
});

/**
 * A wait: true Kustomization (timeout 1m) applying three Kustomizations in a chain, none of which waits:
 * each costs one dependency requeue, 30 s by default, or what the repository's --requeue-dependency says.
 */
const unwaited = (requeuePatch: boolean) => ({
  'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 1m\n'),
  'apps/ka.yaml': fluxKustomization('ka'),
  'apps/kb.yaml': fluxKustomization('kb', ['ka']),
  'apps/kc.yaml': fluxKustomization('kc', ['kb']),
  'ka/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'kb/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  'kc/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  // The controllers' argument as a Deployment that the parent applies (Flux's own bootstrap patches it in flux-system).
  ...(requeuePatch ? {
    'apps/controllers.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kustomize-controller\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args:\n            - --requeue-dependency=5s\n',
  } : {}),
});

ruleTester(rule, {
  valid: [
    { name: 'a chain of Kustomizations that do not wait, each one requeue of the repository\'s --requeue-dependency=5s', repository: unwaited(true) },
    { name: 'a timeout longer than the chain', repository: chain('  wait: true\n  timeout: 20m\n') },
    { name: 'without wait: true the parent does not wait for the chain', repository: chain('  timeout: 1m\n') },
  ],
  invalid: [{
    name: 'the same chain at the default requeue of 30 s outlasts the parent\'s 1 min',
    repository: unwaited(false),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 1 min (wait: true) for what it applies, but its slowest chain can take 1 min 30 s: Kustomization flux-system/ka 30 s → Kustomization flux-system/kb 30 s → Kustomization flux-system/kc 30 s; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 1 min 30 s, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'a 10 min timeout over a 15 min chain, located at the timeout the fix raises',
    repository: chain('  wait: true\n  timeout: 10m\n'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'no timeout (it defaults to the interval, 10 min): located at the wait: true',
    repository: chain('  wait: true\n'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:10:9',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }],
});
