import rule from '../../src/rules/dependson-suspended.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [{ name: 'the dependency is reconciled', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } }],
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
