import rule from '../../src/rules/kustomization-path-not-found.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

ruleTester(rule, {
  valid: [
    { name: 'the path exists', repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/cm.yaml': configMap('apps') } },
    {
      // xunholy/k8s-gitops: `flux push artifact --path=./kubernetes`, so ./apps/overlays/cluster-00 is kubernetes/apps/overlays/cluster-00.
      name: 'an OCIRepository artifact pushed from a directory above the Kustomization\'s file: the path is found there',
      repository: {
        'kubernetes/clusters/cluster-00/ks.yaml': fluxKustomization('cluster').replace('path: ./cluster', 'path: ./apps/overlays/cluster-00').replace('kind: GitRepository', 'kind: OCIRepository'),
        'kubernetes/apps/overlays/cluster-00/cm.yaml': configMap('apps'),
      },
    },
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
  }, {
    name: 'an OCIRepository path found neither at the root nor above its file: the message says where it was looked for',
    repository: {
      'kubernetes/clusters/cluster-00/ks.yaml': fluxKustomization('cluster').replace('path: ./cluster', 'path: ./apps/overlays/cluster-01').replace('kind: GitRepository', 'kind: OCIRepository'),
      'kubernetes/apps/overlays/cluster-00/cm.yaml': configMap('apps'),
    },
    findings: [{
      message: 'Kustomization flux-system/cluster applies ./apps/overlays/cluster-01, which does not exist under the repository root (.), nor under any directory above its file that an OCIRepository artifact could be pushed from: kustomize-controller fails it with "kustomization path not found", and what depends on cluster waits for ever',
      at: 'kubernetes/clusters/cluster-00/ks.yaml:8:9',
      fix: 'correct spec.path (relative to the repository root), or pass --root the repository root',
    }],
  }],
});
