import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium') };
const expected = expectedDag([1, 'bp-cilium', []]);

ruleTester(ruleMeta('input/kustomize-error')!, {
  valid: [
    { name: 'each resource once, known fields only', kit, expected },
    {
      // allenporter/k8s-gitops: kustomize reads the file through Go's encoding/json, which matches field names
      // regardless of case; kubectl kustomize builds it. A duplicate resource under `Resources:` is still seen (below).
      name: 'a known field in another case (apiversion:, Resources:) is that field',
      kit,
      kustomization: kustomization(['01-bp-cilium.yaml']).replace('apiVersion:', 'apiversion:').replace('resources:', 'Resources:'),
      expected,
    },
  ],
  invalid: [
    {
      name: 'the same file twice in resources:, located at the repeat',
      kit,
      kustomization: kustomization(['01-bp-cilium.yaml', '01-bp-cilium.yaml']),
      expected,
      findings: [{ message: 'resources: lists 01-bp-cilium.yaml again (first at line 4): kustomize build fails with "already registered id"', at: 'kustomization.yaml:5:5', fix: 'delete this entry' }],
    },
    {
      name: 'an unknown field, with did-you-mean',
      kit,
      kustomization: kustomization(['01-bp-cilium.yaml']).replace('resources:', 'namespce: platform\nresources:'),
      expected,
      findings: [{ message: 'unknown field "namespce" in kustomization.yaml: kustomize build fails on it', at: 'kustomization.yaml:3:1', fix: 'did you mean namespace?' }],
    },
    {
      // kustomize's YAML-to-JSON step sorts the keys and the decoder keeps the last match: `resources` (lower case sorts last).
      name: 'Resources: and resources: both written: kustomize reads resources:, and so does the audit',
      kit,
      kustomization: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - 01-bp-cilium.yaml\n  - 01-bp-cilium.yaml\nResources:\n  - 01-bp-cilium.yaml\n',
      expected,
      findings: [{ message: 'resources: lists 01-bp-cilium.yaml again (first at line 4): kustomize build fails with "already registered id"', at: 'kustomization.yaml:5:5', fix: 'delete this entry' }],
    },
    {
      name: 'the same file twice under Resources: (a known field in another case is read as that field)',
      kit,
      kustomization: kustomization(['01-bp-cilium.yaml', '01-bp-cilium.yaml']).replace('resources:', 'Resources:'),
      expected,
      findings: [{ message: 'resources: lists 01-bp-cilium.yaml again (first at line 4): kustomize build fails with "already registered id"', at: 'kustomization.yaml:5:5', fix: 'delete this entry' }],
    },
  ],
});
