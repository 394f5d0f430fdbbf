import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ruleMeta } from '../../src/rules/index.js';
import { EXPECTED, KIT } from '../helpers.js';
import { expectedDag, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium'), '02-bp-cert-manager.yaml': helmRelease('bp-cert-manager', ['bp-cilium']) };
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-cert-manager', ['bp-cilium']], [3, 'bp-flux', ['bp-cert-manager']]);
const listed = kustomization(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flux.yaml']);
const outside = mkdtempSync(join(tmpdir(), 'bootstrap-deps-outside-'));
writeFileSync(join(outside, 'flux.yaml'), helmRelease('bp-flux', ['bp-cert-manager']));
writeFileSync(join(outside, 'expected.yaml'), expected);
afterAll(() => rmSync(outside, { recursive: true, force: true }));

ruleTester(ruleMeta('input/outside-root')!, {
  valid: [{
    name: 'a slot file that links inside the repository is followed',
    kit,
    expected,
    kustomization: listed,
    setup: (root) => {
      writeFileSync(join(root, 'flux.yaml'), helmRelease('bp-flux', ['bp-cert-manager']));
      symlinkSync('../../../flux.yaml', join(root, KIT, '03-bp-flux.yaml'));
    },
  }],
  invalid: [{
    name: 'a slot file that links outside the repository is reported, never read',
    kit,
    expected,
    kustomization: listed,
    setup: (root) => symlinkSync(join(outside, 'flux.yaml'), join(root, KIT, '03-bp-flux.yaml')),
    findings: [{
      message: `resolves through a symbolic link to ${join(outside, 'flux.yaml')}, outside the repository`,
      at: '03-bp-flux.yaml',
      fix: 'commit the file itself, or point the link inside the repository',
    }],
  }, {
    name: 'an expected DAG that links outside the repository is reported, never read',
    kit: { ...kit, '03-bp-flux.yaml': helmRelease('bp-flux', ['bp-cert-manager']) },
    expected,
    kustomization: listed,
    setup: (root) => {
      unlinkSync(join(root, EXPECTED));
      symlinkSync(join(outside, 'expected.yaml'), join(root, EXPECTED));
    },
    findings: [{
      message: `resolves through a symbolic link to ${join(outside, 'expected.yaml')}, outside the repository`,
      at: EXPECTED,
      fix: 'commit the file itself, or point the link inside the repository',
    }],
  }],
});
