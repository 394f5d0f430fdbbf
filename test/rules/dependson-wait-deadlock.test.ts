import rule from '../../src/rules/dependson-wait-deadlock.js';
import { describe } from 'vitest';
import { findKustomize } from '../../src/load/kustomize-build.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

/**
 * Kustomization a applies a/ (HelmRelease hr-a, which depends on hr-b), b applies b/ (hr-b) and depends on a:
 * after szinn/k8s-homelab's external-secrets and onepassword-connect. `aSpec` is a's extra spec (wait: true...).
 */
const crossed = (aSpec: string) => ({
  'clusters/prod/a.yaml': fluxKustomization('a', [], aSpec),
  'clusters/prod/b.yaml': fluxKustomization('b', ['a']),
  'a/hr-a.yaml': helmRelease('hr-a', ['hr-b']),
  'b/hr-b.yaml': helmRelease('hr-b'),
});

/** A Flux Kustomization named `name` applying `path` (not ./name), with its dependsOn and extra spec. */
const applying = (name: string, path: string, dependsOn: string[] = [], spec = '') => fluxKustomization(name, dependsOn, spec).replace(`path: ./${name}`, `path: ${path}`);

/**
 * A ResourceSet whose spec.steps (flux-operator 0.53) each generate one Kustomization: `[step, name, dependsOn]`,
 * in order. flux-operator applies a step once every resource of the steps before it is Ready.
 */
const stepped = (steps: [step: string, name: string, dependsOn: string[]][]) => [
  'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: release', '  namespace: flux-system', 'spec:', '  steps:',
  ...steps.flatMap(([step, name, dependsOn]) => [
    `    - name: ${step}`, '      resources:', '        - apiVersion: kustomize.toolkit.fluxcd.io/v1', '          kind: Kustomization', '          metadata:',
    `            name: ${name}`, '          spec:',
    ...(dependsOn.length > 0 ? ['            dependsOn:', ...dependsOn.map((dependency) => `              - name: ${dependency}`)] : []),
    '            interval: 1h', '            prune: true', '            sourceRef:', '              kind: GitRepository', '              name: flux-system',
  ]),
  '',
].join('\n');

ruleTester(rule, {
  valid: [
    {
      // A review's probe: shared bases applied in two clusters; only y's w waits. Every step exists in one cluster or
      // the other (x's t depends on s2, y's v depends on w), but no single cluster holds the whole loop.
      name: 'a loop made of two clusters\' copies is none: each cluster is judged on its own, as graph/cycle judges cycles',
      repository: {
        'apps/s1/hr.yaml': helmRelease('s1', ['t']), 'apps/s2/hr.yaml': helmRelease('s2', ['v']),
        'apps/t-x/hr.yaml': helmRelease('t', ['s2']), 'apps/t-y/hr.yaml': helmRelease('t'),
        'apps/v-a/hr.yaml': helmRelease('v'), 'apps/v-b/hr.yaml': helmRelease('v'),
        'clusters/x/s2.yaml': applying('s2', './apps/s2'), 'clusters/x/t.yaml': applying('t', './apps/t-x'),
        'clusters/x/v.yaml': applying('v', './apps/v-b'), 'clusters/x/w.yaml': applying('w', './apps/s1'),
        'clusters/y/s2.yaml': applying('s2', './apps/s2'), 'clusters/y/t.yaml': applying('t', './apps/t-y'),
        'clusters/y/v.yaml': applying('v', './apps/v-a', ['w']), 'clusters/y/w.yaml': applying('w', './apps/s1', [], '  wait: true\n'),
      },
    },
    { name: 'without wait: true, a is Ready once it has applied hr-a, and b may start', repository: crossed('') },
    {
      name: 'wait: true where what it applies depends on nothing that waits for it',
      repository: {
        'clusters/prod/a.yaml': fluxKustomization('a', [], '  wait: true\n'),
        'clusters/prod/b.yaml': fluxKustomization('b'),
        'a/hr-a.yaml': helmRelease('hr-a', ['hr-b']),
        'b/hr-b.yaml': helmRelease('hr-b'),
      },
    },
    {
      name: 'a child Kustomization may depend on its parent when the parent does not wait',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/child.yaml': fluxKustomization('child', ['apps']) },
    },
    {
      name: 'with wait: true, healthChecks are ignored (kustomize-controller reads them only without wait): no loop through them',
      repository: {
        'clusters/prod/a.yaml': fluxKustomization('a', [], '  wait: true\n  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: hr-b\n      namespace: flux-system\n'),
        'clusters/prod/b.yaml': fluxKustomization('b', ['a']),
        'a/hr-a.yaml': helmRelease('hr-a'),
        'b/hr-b.yaml': helmRelease('hr-b'),
      },
    },
    {
      name: 'a healthChecks entry without a namespace is not followed (which object it names is not known): no deadlock is claimed on it',
      repository: crossed('  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: hr-a\n'),
    },
    {
      name: 'a ResourceSet step that depends on an earlier step waits for what flux-operator has made Ready already: no loop',
      repository: { 'clusters/prod/release.yaml': stepped([['first', 'early', []], ['second', 'late', ['early']]]) },
    },
  ],
  invalid: [
    {
      name: 'healthChecks naming a HelmRelease whose dependency waits for the checking Kustomization: the same deadlock',
      repository: crossed('  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: hr-a\n      namespace: flux-system\n'),
      findings: [{
        message: 'deadlock: Kustomization flux-system/a health-checks HelmRelease flux-system/hr-a, so it is Ready only once that is; HelmRelease flux-system/hr-a depends on HelmRelease flux-system/hr-b; HelmRelease flux-system/hr-b is applied by Kustomization flux-system/b; Kustomization flux-system/b depends on Kustomization flux-system/a: none of them ever becomes Ready, and a times out on every retry',
        at: 'clusters/prod/a.yaml:4:9',
        fix: 'remove HelmRelease flux-system/hr-a from the healthChecks of a, or remove one dependency of this loop',
        dependency: 'hr-a',
      }],
    },
    {
      name: 'a waiting Kustomization applies a HelmRelease that depends on one applied only after it is Ready, located at wait: true',
      repository: crossed('  wait: true\n'),
      findings: [{
        message: 'deadlock: Kustomization flux-system/a has wait: true, so it is Ready only once HelmRelease flux-system/hr-a, which it applies, is; HelmRelease flux-system/hr-a depends on HelmRelease flux-system/hr-b; HelmRelease flux-system/hr-b is applied by Kustomization flux-system/b; Kustomization flux-system/b depends on Kustomization flux-system/a: none of them ever becomes Ready, and a times out on every retry',
        at: 'clusters/prod/a.yaml:10:9',
        fix: 'drop wait: true from a and give it healthChecks for what its dependents need (not HelmRelease flux-system/hr-a), or remove one dependency of this loop',
        dependency: 'hr-a',
      }],
    },
    {
      // A trial's probe: a sibling that waits for nothing is applied before apps waits, and becomes Ready on its own:
      // it was named among what stalls.
      name: 'a child Kustomization that depends on its waiting parent, with what stalls behind them (not a sibling that waits for nothing)',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n'),
        'apps/child.yaml': fluxKustomization('child', ['apps']),
        'apps/sibling.yaml': fluxKustomization('sibling'),
        'clusters/prod/web.yaml': fluxKustomization('web', ['apps']),
      },
      findings: [{
        message: 'deadlock: Kustomization flux-system/apps has wait: true, so it is Ready only once Kustomization flux-system/child, which it applies, is; Kustomization flux-system/child depends on Kustomization flux-system/apps: none of them ever becomes Ready, and apps times out on every retry; 1 more object stalls behind it: Kustomization flux-system/web',
        at: 'clusters/prod/apps.yaml:10:9',
        fix: 'drop wait: true from apps and give it healthChecks for what its dependents need (not Kustomization flux-system/child), or remove one dependency of this loop',
        dependency: 'child',
      }],
    },
    {
      // A review's probe with 4,000 children took 16.8 s: a finding, and a search through the knot, per child.
      name: 'one finding for one knot: a parent waiting for children that depend on it and wait themselves, at the parent',
      repository: {
        'clusters/prod/hub.yaml': fluxKustomization('hub', [], '  wait: true\n'),
        ...Object.fromEntries(['c1', 'c2', 'c3'].flatMap((child) => [
          [`hub/${child}.yaml`, fluxKustomization(child, ['hub'], '  wait: true\n')],
          [`${child}/hr.yaml`, helmRelease(`${child}-app`)],
        ])),
      },
      findings: [{
        message: 'deadlock: Kustomization flux-system/hub has wait: true, so it is Ready only once Kustomization flux-system/c1, which it applies, is; Kustomization flux-system/c1 depends on Kustomization flux-system/hub: none of them ever becomes Ready, and hub times out on every retry; 5 more objects stall behind it: HelmRelease flux-system/c1-app, HelmRelease flux-system/c2-app, HelmRelease flux-system/c3-app, Kustomization flux-system/c2, Kustomization flux-system/c3',
        at: 'clusters/prod/hub.yaml:10:9',
        fix: 'drop wait: true from hub and give it healthChecks for what its dependents need (not Kustomization flux-system/c1), or remove one dependency of this loop',
        dependency: 'c1',
      }],
    },
    {
      // flux-operator's steps: the second is applied only once the first is Ready, and early waits for late.
      name: 'an object of a ResourceSet\'s first step that depends on one of its second: the step never passes its health check',
      repository: { 'clusters/prod/release.yaml': stepped([['first', 'early', ['late']], ['second', 'late', []]]) },
      findings: [{
        message: 'deadlock: Kustomization flux-system/late is in step "second" of ResourceSet flux-system/release, applied only once Kustomization flux-system/early of step "first" is Ready; Kustomization flux-system/early depends on Kustomization flux-system/late: none of them ever becomes Ready, and ResourceSet flux-system/release stops at step "first" on every retry',
        at: 'clusters/prod/release.yaml:27:19',
        fix: 'nothing can wait for a later step: move Kustomization flux-system/early into step "second" or a later one, or remove one dependency of this loop',
        dependency: 'early',
      }],
    },
  ],
});

// A review's probe: only cluster b's overlay gives infra wait: true, which closes the loop there (infra waits for db,
// db for web, web's apps for infra); the loop was found only where b's copy sorted first.
describe.skipIf(!findKustomize())('with kustomize or kubectl on PATH (skipped without: the per-cluster copy is what kustomize builds)', () => {
  const overlay = (clusters: readonly string[]) => ({
    'base/ks.yaml': `${fluxKustomization('infra')}---\n${fluxKustomization('apps', ['infra'])}`,
    'base/kustomization.yaml': 'resources:\n  - ks.yaml\n',
    'infra/db.yaml': helmRelease('db', ['web'], { namespace: 'data' }),
    'apps/web.yaml': helmRelease('web', [], { namespace: 'data' }),
    ...Object.fromEntries(clusters.flatMap((cluster) => [
      [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
      [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
      [`clusters/${cluster}/kustomization.yaml`, `resources:\n  - flux-system\n  - ../../base\n${cluster === 'b'
        ? 'patches:\n  - patch: |\n      - op: add\n        path: /spec/wait\n        value: true\n    target:\n      kind: Kustomization\n      name: infra\n' : ''}`],
    ])),
  });
  const finding = {
    // Its file has no wait: the patch that gives it is named, and the finding located there (a review's probe).
    message: 'deadlock: Kustomization flux-system/infra has wait: true (the patch at clusters/b/kustomization.yaml:7 sets it), so it is Ready only once HelmRelease data/db, which it applies, is; HelmRelease data/db depends on HelmRelease data/web; HelmRelease data/web is applied by Kustomization flux-system/apps; Kustomization flux-system/apps depends on Kustomization flux-system/infra: none of them ever becomes Ready, and infra times out on every retry',
    at: 'clusters/b/kustomization.yaml:7:15',
    fix: 'drop wait: true from infra and give it healthChecks for what its dependents need (not HelmRelease data/db), or remove one dependency of this loop',
  };
  ruleTester(rule, {
    valid: [{ name: 'no cluster\'s overlay gives the dependency a wait', repository: overlay(['a', 'c']) }],
    invalid: [
      { name: 'one cluster\'s overlay gives the dependency the wait that closes the loop (its cluster sorts second)', repository: overlay(['a', 'b']), findings: [finding] },
      { name: 'the same, its cluster sorting first', repository: overlay(['b', 'c']), findings: [finding] },
    ],
  });
});
