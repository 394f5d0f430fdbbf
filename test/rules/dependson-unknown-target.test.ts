import rule from '../../src/rules/dependson-unknown-target.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [{ name: 'the dependency exists', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } }],
  invalid: [{
    name: 'a name no object of that kind has, located at the item',
    repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infrastructure']) },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization infrastructure, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'correct the name, or remove this item',
      dependency: 'infrastructure',
    }],
  }],
});
