import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium') };
const prefixed = kustomization(['01-bp-cilium.yaml']).replace('resources:', 'namePrefix: x-\nresources:');

ruleTester(ruleMeta('input/kustomize-skipped')!, {
  valid: [
    { name: 'a kustomization that only lists files is read as written anyway', kit, expected: expectedDag([1, 'bp-cilium', []]), noKustomize: true },
    { name: 'without --no-kustomize the kit is built', kit, kustomization: prefixed, expected: expectedDag([1, 'x-bp-cilium', []]) },
  ],
  invalid: [{
    name: '--no-kustomize on a kit that transforms objects: a warning at the transformation',
    kit,
    kustomization: prefixed,
    expected: expectedDag([1, 'x-bp-cilium', []]),
    noKustomize: true,
    findings: [{ message: 'the kustomization uses namePrefix; with --no-kustomize the kit is audited as written, without these transformations', at: 'kustomization.yaml:3:1', fix: 'drop --no-kustomize to audit what Flux applies' }],
  }],
});
