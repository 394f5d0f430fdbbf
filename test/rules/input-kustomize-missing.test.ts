import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium') };
const prefixed = kustomization(['01-bp-cilium.yaml']).replace('resources:', 'namePrefix: x-\nresources:');
const noKustomize = '/nonexistent-bin'; // a PATH with neither kustomize nor kubectl

ruleTester(ruleMeta('input/kustomize-missing')!, {
  valid: [
    { name: 'a kustomization that only lists files needs no kustomize', kit, expected: expectedDag([1, 'bp-cilium', []]), path: noKustomize },
    { name: '--no-kustomize reads the files as written', kit, kustomization: prefixed, expected: expectedDag([1, 'x-bp-cilium', []]), path: noKustomize, noKustomize: true },
  ],
  invalid: [{
    name: 'a transforming kustomization and no kustomize on PATH, located at the transformation',
    kit,
    kustomization: prefixed,
    expected: expectedDag([1, 'x-bp-cilium', []]),
    path: noKustomize,
    findings: [{
      message: 'the kustomization uses namePrefix (line 3), which only kustomize can apply, and neither kustomize nor kubectl is on PATH',
      at: 'kustomization.yaml:3:1',
      fix: 'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or pass --no-kustomize to audit the files as written',
    }],
  }],
});
