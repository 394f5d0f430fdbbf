import rule from '../../src/rules/slot-external-resource.js';
import { helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const kit = { '01-bp-flux.yaml': helmRelease('bp-flux') };
const fix = 'move the file into the kit directory and list it by name';

ruleTester(rule, {
  valid: [
    { name: 'entries inside the kit directory', kit },
    { name: 'no kustomization.yaml: nothing listed', kit, kustomization: null },
  ],
  invalid: [{
    name: 'a parent path, an absolute path and a URL, each located at its entry',
    kit,
    kustomization: kustomization(['01-bp-flux.yaml', '../shared/99-bp-elsewhere.yaml', '/etc/passwd', 'https://example.org/kit.yaml']),
    findings: [
      { message: 'resources: entry ../shared/99-bp-elsewhere.yaml points outside the kit directory; its HelmReleases are not audited', at: 'kustomization.yaml:5:5', fix },
      { message: 'resources: entry /etc/passwd points outside the kit directory; its HelmReleases are not audited', at: 'kustomization.yaml:6:5', fix },
      { message: 'resources: entry https://example.org/kit.yaml points outside the kit directory; its HelmReleases are not audited', at: 'kustomization.yaml:7:5', fix },
    ],
  }],
});
