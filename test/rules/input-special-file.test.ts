import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ruleMeta } from '../../src/rules/index.js';
import { KIT } from '../helpers.js';
import { expectedDag, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']]);

ruleTester(ruleMeta('input/special-file')!, {
  valid: [{ name: 'regular slot files', kit, expected }],
  invalid: [{
    name: 'a slot file that is a FIFO is refused at once, never waited on',
    kit,
    expected,
    kustomization: kustomization(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flux.yaml']),
    setup: (root) => execFileSync('mkfifo', [join(root, KIT, '03-bp-flux.yaml')]),
    findings: [{ message: 'is a FIFO, not a regular file', at: '03-bp-flux.yaml', fix: 'replace it with the YAML file itself' }],
  }],
});
