import { describe, expect, it } from 'vitest';
import { patchSetsAuditedField } from '../src/load/patch-fields.js';

// Whether a patch of a Flux object needs the real kustomize: only where it may set what the audit reads (judged
// here where no Kustomization has patches of its own that count; the replacing case is the last test).
describe('patchSetsAuditedField', () => {
  const merge = (body: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: _\n${body}`;
  it.each([
    ['a HelmRelease\'s chart source, nested sourceRef included', merge('spec:\n  chart:\n    spec:\n      chart: app-template\n      sourceRef:\n        kind: OCIRepository\n        name: app-template\n'), false],
    ['values that hold a key named like an audited field', merge('spec:\n  values:\n    timeout: 5\n    dependsOn: x\n'), false],
    ['remediation under install', merge('spec:\n  install:\n    remediation:\n      retries: 3\n'), false],
    ['a Kustomization\'s decryption and deletionPolicy', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  decryption:\n    provider: sops\n  deletionPolicy: WaitForTermination\n', false],
    ['labels and annotations of its own', merge('  labels:\n    app: web\n  annotations:\n    team: a\n'), false],
    ['JSON patches of values', '- op: replace\n  path: /spec/values/replicas\n  value: 2\n', false],
    ['JSON, as JSON', '[{"op": "add", "path": "/spec/chart/spec/version", "value": "1.2.3"}]', false],
    ['spec.timeout', merge('spec:\n  timeout: 5m\n'), true],
    ['spec.dependsOn', merge('spec:\n  dependsOn:\n    - name: db\n'), true],
    ['install.disableWait', merge('spec:\n  install:\n    disableWait: true\n'), true],
    // A review's probe: a kubeconfig patched onto a Kustomization sends what it applies to another cluster.
    ['a Kustomization\'s spec.kubeConfig', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  kubeConfig:\n    secretRef:\n      name: c1\n', true],
    ['a child Kustomization\'s own patches that set remediation (onedr0p/home-ops)', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  patches:\n    - patch: |\n        spec:\n          install:\n            remediation:\n              retries: -1\n      target:\n        kind: HelmRelease\n', false],
    ['a child Kustomization\'s own patches that set a HelmRelease timeout (joryirving/home-ops)', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  patches:\n    - patch: |\n        spec:\n          timeout: 10m\n      target:\n        kind: HelmRelease\n', true],
    ['a child Kustomization\'s patches in a form not read here', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  patches:\n    - path: patch.yaml\n', true],
    ['the substitute annotation', merge('  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n'), true],
    ['the ignore annotation', merge('  annotations:\n    bootstrap-deps.io/ignore: "dependsOn/suspended: on purpose"\n'), true],
    ['a $patch directive', merge('$patch: delete\n'), true],
    ['a ResourceSet (read whole)', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: _\nspec:\n  inputs: []\n', true],
    ['spec set to null', merge('spec: ~\n'), true],
    ['a text the fast parser declines (a tab)', merge('spec:\n\tvalues: {}\n'), true],
    ['JSON patch of spec.wait', '- op: add\n  path: /spec/wait\n  value: true\n', true],
    ['JSON patch of the name', '- op: replace\n  path: /metadata/name\n  value: other\n', true],
    ['JSON patch of the substitute annotation', '- op: add\n  path: /metadata/annotations/kustomize.toolkit.fluxcd.io~1substitute\n  value: disabled\n', true],
    ['JSON patch moving an audited field away', '- op: move\n  from: /spec/dependsOn\n  path: /spec/values/x\n', true],
    ['JSON patch of the whole spec', '- op: replace\n  path: /spec\n  value: {}\n', true],
    ['JSON patch with no path', '- op: test\n', true],
    // A review's probes: a merge patch that holds a JSON one (postRenderers) is judged by its own fields.
    ['a merge patch of spec.dependsOn beside a JSON postRenderer', merge('spec:\n  dependsOn:\n    - name: postgres\n  postRenderers:\n    - kustomize:\n        patches:\n          - target: {kind: Deployment}\n            patch: |\n              - op: add\n                path: /spec/template/spec/hostNetwork\n                value: true\n'), true],
    ['a JSON postRenderer alone', merge('spec:\n  postRenderers:\n    - kustomize:\n        patches:\n          - patch: |\n              - op: add\n                path: /spec/dependsOn\n                value: []\n'), false],
    ['values that hold op and path keys', merge('spec:\n  values:\n    op: add\n    path: /spec/dependsOn\n'), false],
    ['JSON patch adding a child\'s spec.patches', '- op: add\n  path: /spec/patches\n  value:\n    - patch: |\n        spec: {suspend: true}\n', true],
    ['JSON patch removing one of them', '- op: remove\n  path: /spec/patches/0\n', true],
    ['JSON patch of a ResourceSet\'s template, by name', '- op: replace\n  path: /spec/resources/0/spec/dependsOn/0/name\n  value: postgres\n', true],
  ])('%s', (_name, patch, audited) => {
    expect(patchSetsAuditedField(patch, false)).toBe(audited);
  });

  // check reads a HelmRelease's timeout only under a Kustomization that waits (order/parent-timeout): judged without
  // it, a patch whose only audited field is a HelmRelease's spec.timeout counts only where it may reach another Flux
  // kind (a Kustomization's or ResourceSet's timeout is read wherever it waits).
  const kustomizationPatch = (nested: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  patches:\n${nested}`;
  const helmReleaseDefaults = '    - patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: _\n        spec:\n          timeout: 10m\n          install:\n            crds: CreateReplace\n';
  it.each([
    ['a HelmRelease merge patch of spec.timeout, no target', merge('spec:\n  timeout: 5m\n'), undefined, false],
    ['the same, targeting kind HelmRelease', merge('spec:\n  timeout: 5m\n'), { kind: 'HelmRelease' }, false],
    ['the same, targeting the helm group', merge('spec:\n  timeout: 5m\n'), { group: 'helm.toolkit.fluxcd.io' }, false],
    ['the same, targeting a kind pattern that takes Kustomizations too', merge('spec:\n  timeout: 5m\n'), { kind: 'HelmRelease|Kustomization' }, true],
    ['the same, targeting by name alone (any kind)', merge('spec:\n  timeout: 5m\n'), {}, true],
    ['a Kustomization merge patch of spec.timeout (its own limit)', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  timeout: 5m\n', undefined, true],
    ['a HelmRelease timeout beside a dependsOn', merge('spec:\n  timeout: 5m\n  dependsOn:\n    - name: db\n'), { kind: 'HelmRelease' }, true],
    ['a JSON patch of spec.timeout targeting HelmReleases', '- op: add\n  path: /spec/timeout\n  value: 10m\n', { kind: 'HelmRelease' }, false],
    ['a JSON patch of spec.timeout targeting by label (any kind)', '- op: add\n  path: /spec/timeout\n  value: 10m\n', {}, true],
    ['a child Kustomization\'s HelmRelease defaults, timeout among them (bjw-s-labs/home-ops)', kustomizationPatch(`${helmReleaseDefaults}      target:\n        group: helm.toolkit.fluxcd.io\n        kind: HelmRelease\n`), { kind: 'Kustomization' }, false],
    ['the same defaults without a target: the patch\'s own kind', kustomizationPatch(helmReleaseDefaults), { kind: 'Kustomization' }, false],
    ['the same defaults targeting by label (any kind)', kustomizationPatch(`${helmReleaseDefaults}      target:\n        labelSelector: app=web\n`), { kind: 'Kustomization' }, true],
  ])('%s, HelmRelease timeouts not read', (_name, patch, target, audited) => {
    expect(patchSetsAuditedField(patch, false, { helmReleaseTimeouts: false, ...(target ? { target } : {}) })).toBe(audited);
    // Read, every one of them counts.
    expect(patchSetsAuditedField(patch, false, { ...(target ? { target } : {}) })).toBe(true);
  });

  // Only a Kustomization's interval is read (its timeout defaults to it): a patch that reaches HelmReleases alone and
  // sets their interval needs no build, whether timeouts are read or not (oscaromeu/home-ops built 86 overlays for it).
  const intervalDefaults = '    - patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: _\n        spec:\n          interval: 1h\n';
  it.each([
    ['a HelmRelease merge patch of spec.interval, no target', merge('spec:\n  interval: 1h\n'), undefined, false],
    ['the same, targeting kind HelmRelease', merge('spec:\n  interval: 1h\n'), { kind: 'HelmRelease' }, false],
    ['the same, targeting by name alone (any kind: a Kustomization\'s counts)', merge('spec:\n  interval: 1h\n'), {}, true],
    ['a Kustomization merge patch of spec.interval', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  interval: 1h\n', undefined, true],
    ['a JSON patch of spec.interval targeting HelmReleases', '- op: add\n  path: /spec/interval\n  value: 1h\n', { kind: 'HelmRelease' }, false],
    ['a JSON patch of spec.interval targeting by label (any kind)', '- op: add\n  path: /spec/interval\n  value: 1h\n', {}, true],
    ['a child Kustomization\'s HelmRelease interval defaults', kustomizationPatch(`${intervalDefaults}      target:\n        kind: HelmRelease\n`), { kind: 'Kustomization' }, false],
    ['the same defaults targeting by label (any kind)', kustomizationPatch(`${intervalDefaults}      target:\n        labelSelector: app=web\n`), { kind: 'Kustomization' }, true],
  ])('%s: a HelmRelease\'s interval is never read', (_name, patch, target, audited) => {
    expect(patchSetsAuditedField(patch, false, { ...(target ? { target } : {}) })).toBe(audited);
    expect(patchSetsAuditedField(patch, false, { helmReleaseTimeouts: false, ...(target ? { target } : {}) })).toBe(audited);
  });

  // kustomize has no merge key for a Kustomization's spec.patches: a merge patch that sets them replaces the list.
  it('a merge patch that sets a child\'s spec.patches counts where some Kustomization has patches of its own that count', () => {
    const remediation = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  patches:\n    - patch: |\n        spec:\n          install:\n            remediation:\n              retries: 3\n';
    expect([patchSetsAuditedField(remediation, true), patchSetsAuditedField(remediation, false)]).toEqual([true, false]);
  });
});
