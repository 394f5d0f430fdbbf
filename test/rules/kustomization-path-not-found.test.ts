import rule from '../../src/rules/kustomization-path-not-found.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

ruleTester(rule, {
  valid: [
    { name: 'the path exists', repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/cm.yaml': configMap('apps') } },
    {
      name: 'a ${VARIABLE} in the path, or another source (maybe another repository), is not judged',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./apps/${CLUSTER}'),
        'clusters/prod/tenant.yaml': fluxKustomization('tenant').replace('name: flux-system', 'name: tenant-repo'),
      },
    },
  ],
  invalid: [{
    name: 'a misspelt path, located at spec.path, with the directory it most likely means',
    repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./infrastructure/controlers'), 'infrastructure/controllers/cm.yaml': configMap('c') },
    findings: [{
      message: 'Kustomization flux-system/apps applies ./infrastructure/controlers, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
      at: 'clusters/prod/apps.yaml:8:9',
      fix: 'did you mean ./infrastructure/controllers?',
    }],
  }],
});
