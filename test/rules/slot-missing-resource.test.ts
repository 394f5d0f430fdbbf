import rule from '../../src/rules/slot-missing-resource.js';
import { helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-flux.yaml': helmRelease('bp-flux') };

ruleTester(rule, {
  valid: [{ name: 'every entry exists', kit }],
  invalid: [{
    name: 'an entry for a file that is not there, located at the entry',
    kit,
    kustomization: kustomization(['01-bp-flux.yaml', '59-bp-rtz-vcluster.yaml']),
    findings: [{ message: 'resources: lists 59-bp-rtz-vcluster.yaml, which does not exist, so kustomize build fails', at: 'kustomization.yaml:5:5', fix: "remove the entry, or correct it to the slot file's current name" }],
  }],
});
