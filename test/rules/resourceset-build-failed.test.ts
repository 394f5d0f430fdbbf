import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/resourceset-build-failed.js';
import { runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';
import { ruleTester } from '../rule-tester.js';

/**
 * rs.yaml: ResourceSet flux-system/apps with `inputs` (each line of it an input, the first on line 7) and a
 * resourcesTemplate of one Kustomization named `<< inputs.name >>` whose path is `path` (line 19 or after), then a
 * Kustomization consumer that depends on Kustomization a.
 */
const resourceSet = (inputs: string[], path = '<< inputs.path >>', spec = '') => [
  'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: apps', '  namespace: flux-system', 'spec:',
  ...(inputs.length > 0 ? ['  inputs:', ...inputs.map((input) => `    - ${input}`)] : []),
  ...spec.split('\n').filter(Boolean),
  '  resourcesTemplate: |', '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: << inputs.name >>',
  '      namespace: flux-system', '    spec:', '      interval: 30m', '      prune: true', `      path: ${path}`, '      sourceRef:', '        kind: GitRepository', '        name: flux-system',
  '---', 'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: consumer', '  namespace: flux-system', 'spec:',
  '  dependsOn:', '    - name: a', '  interval: 30m', '  prune: true', '  path: ./x', '  sourceRef:', '    kind: GitRepository', '    name: flux-system', '',
].join('\n');
const files = (text: string) => ({ 'rs.yaml': text, 'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n' });
const FIX = 'add path to this input, or read it as << get inputs "path" >>, empty where an input lacks it';
const failed = (what: string) => `${what}: flux-operator renders its templates with missingkey=error, so it fails to build and applies nothing, and what waits for it or for what it would apply waits for ever`;

ruleTester(rule, {
  valid: [
    { name: 'every input has every key the template reads', repository: files(resourceSet(['{name: a, path: ./x}', '{name: b, path: ./x}'])) },
    { name: 'an optional key read with get and default', repository: files(resourceSet(['{name: a, path: ./x}', '{name: b}'], '<< get inputs "path" | default "./x" >>')) },
    {
      // Go's and stops at its first false argument (ionfury/homelab's guard): inputs.path is read only where the input has it.
      name: 'a key read behind hasKey, in an if or in an and',
      repository: files(resourceSet(['{name: a, path: ./x}', '{name: b}'], './x\n      << if hasKey inputs "path" >>timeout: << inputs.path >><< end >>\n      << if and (hasKey inputs "path") inputs.path >>wait: true<< end >>')),
    },
    {
      name: 'inputs from providers are not known here',
      repository: files(resourceSet([], '<< inputs.path >>', '  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: apps')),
    },
    { name: 'provider, which flux-operator gives every input', repository: files(resourceSet(['{name: a}'], './<< inputs.provider.name >>')) },
    {
      // A review's probe: the applier's postBuild fills the inputs (`INPUTS: '[{"name": "a"}]'`): not known here.
      name: 'inputs written as a variable the applier substitutes',
      repository: files(resourceSet([], '<< inputs.path >>', '  inputs: ${INPUTS}')),
    },
  ],
  invalid: [
    {
      // A trial's probe: b was generated with an empty path, a applied, and consumer placed after it.
      name: 'an input without the key the template reads',
      repository: files(resourceSet(['name: a\n      path: ./x', 'name: b'])),
      findings: [{ message: failed('input 2 of ResourceSet flux-system/apps has no path, which its template reads (<< inputs.path >>)'), at: 'rs.yaml:10:7', fix: FIX }],
    },
    {
      name: 'an if on the key itself reads it',
      repository: files(resourceSet(['{name: a, path: ./x}', '{name: b}'], './x\n      << if inputs.path >>wait: true<< end >>')),
      findings: [{ message: failed('input 2 of ResourceSet flux-system/apps has no path, which its template reads (<< if inputs.path >>)'), at: 'rs.yaml:9:7', fix: FIX }],
    },
    {
      name: 'no inputs at all, and a template that reads one',
      repository: files(resourceSet([])),
      findings: [{
        message: failed('ResourceSet flux-system/apps has no inputs, and its template reads input name (<< inputs.name >>)'),
        at: 'rs.yaml:4:9', fix: 'give it spec.inputs with name, or write the value in the template',
      }],
    },
    {
      // A review's probe: flux-operator adds provider to each input there is; without any, the nil map has no key.
      name: 'no inputs, and a template that reads only provider',
      repository: { 'rs.yaml': resourceSet([], './x').replace('name: << inputs.name >>', 'name: << inputs.provider.name >>') },
      findings: [{
        message: failed('ResourceSet flux-system/apps has no inputs, and its template reads input provider (<< inputs.provider.name >>)'),
        at: 'rs.yaml:4:9', fix: 'give it spec.inputs with provider, or write the value in the template',
      }],
    },
  ],
});

describe('a ResourceSet whose build fails', () => {
  it('holds what it would apply and what waits for that: never installed, exit 1, explain says why', async () => {
    const root = repositoryOf(files(resourceSet(['{name: a, path: ./x}', '{name: b}'])));
    const check = await runCli(['check', '--root', root], { cwd: root, env: process.env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('resourceset/build-failed');
    const order = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
    const report = JSON.parse(order.stdout) as { neverInstalled?: string[] };
    expect(report.neverInstalled).toEqual(['Kustomization/flux-system/a', 'Kustomization/flux-system/b', 'Kustomization/flux-system/consumer', 'ResourceSet/flux-system/apps']);
    const explain = await runCli(['explain', 'ResourceSet/flux-system/apps', '--root', root], { cwd: root, env: process.env });
    expect(explain.stdout).toContain('install level    none (its build fails (resourceset/build-failed): never Ready, and it applies nothing: never installed on a cold start)');
  });
});
