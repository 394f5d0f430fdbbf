import rule from '../../src/rules/order-parent-timeout.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

/** A wait: true Kustomization applying ./apps, where three HelmReleases (5 min each by default) form a chain. */
const chain = (parentSpec: string) => ({
  'clusters/prod/apps.yaml': fluxKustomization('apps', [], parentSpec),
  'apps/a.yaml': helmRelease('bp-a'),
  'apps/b.yaml': helmRelease('bp-b', ['bp-a']),
  'apps/c.yaml': helmRelease('bp-c', ['bp-b']),
});

ruleTester(rule, {
  valid: [
    { name: 'a timeout longer than the chain', repository: chain('  wait: true\n  timeout: 20m\n') },
    { name: 'without wait: true the parent does not wait for the chain', repository: chain('  timeout: 1m\n') },
  ],
  invalid: [{
    name: 'a 10 min timeout over a 15 min chain, located at the parent\'s name',
    repository: chain('  wait: true\n  timeout: 10m\n'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:4:9',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }],
});
