import rule from '../../src/rules/slot-unregistered-file.js';
import { KIT } from '../helpers.js';
import { helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-flux.yaml': helmRelease('bp-flux'), '60-bp-x.yaml': helmRelease('bp-x', ['bp-flux']) };

ruleTester(rule, {
  valid: [
    { name: 'every slot file is listed', kit },
    { name: 'without a kustomization.yaml Flux applies every file: nothing to check', kit, kustomization: null },
  ],
  invalid: [{
    name: 'a slot file missing from resources:, with the line to paste',
    kit,
    kustomization: kustomization(['01-bp-flux.yaml']),
    findings: [{
      message: '60-bp-x.yaml is not listed in resources: of kustomization.yaml, so Flux never applies it',
      at: '60-bp-x.yaml:1:1',
      fix: `add the line "  - 60-bp-x.yaml" under resources: (${KIT}/kustomization.yaml:3)`,
      hr: 'bp-x',
    }],
  }],
});
