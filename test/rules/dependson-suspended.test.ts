import rule from '../../src/rules/dependson-suspended.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'the dependency is reconciled', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } },
    {
      // A trial's probe: staging/app depends on staging/redis, and one suspended Kustomization applies both: never
      // created either, app waits for nothing.
      name: 'the dependent is applied only by the same suspended Kustomization',
      repository: {
        'clusters/prod/staging.yaml': fluxKustomization('staging', [], '  suspend: true\n').replace('  path: ./staging\n', '  path: ./apps\n'),
        'apps/hr.yaml': `${helmRelease('redis')}---\n${helmRelease('app', ['redis'])}`,
      },
    },
    {
      name: 'the dependent is suspended itself',
      repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra'], '  suspend: true\n') },
    },
  ],
  invalid: [{
    name: 'the dependency is suspended, located at the item',
    repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which is suspended: on a new cluster it is never reconciled, and apps waits for it',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'remove suspend: true from infra, or this dependency while it is suspended',
      dependency: 'infra',
    }],
  }],
});
