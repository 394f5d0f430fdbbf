import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers.js';
import { repositoryOf } from './repo-builder.js';
import { requeueSettingsIn } from '../src/load/requeue.js';
import { DEFAULT_REQUEUE_SECONDS, repositoryRequeue } from '../src/model/cold-start.js';

// The controllers' --requeue-dependency as repositories set it: in a kustomize
// patch (Flux's docs, flux2-kustomize-helm-example), in the flux-operator
// chart's values (the home-ops repositories), or in a Deployment's args.
const kustomizationPatch = [
  'apiVersion: kustomize.config.k8s.io/v1beta1',
  'kind: Kustomization',
  'resources:',
  '  - gotk-components.yaml',
  'patches:',
  '  - patch: |',
  '      - op: add',
  '        path: /spec/template/spec/containers/0/args/-',
  '        value: --requeue-dependency=5s',
  '    target:',
  '      kind: Deployment',
  '      name: "(kustomize-controller|helm-controller)"',
  '',
].join('\n');

describe('--requeue-dependency read from a file', () => {
  it('finds the setting in a kustomize patch, located at its value', () => {
    expect(requeueSettingsIn('k.yaml', kustomizationPatch)).toEqual([
      { seconds: 5, written: '5s', location: { file: 'k.yaml', line: 9, column: 37 } },
    ]);
  });

  it('reads the other ways to write it, and passes over what is not a duration', () => {
    const text = 'args:\n  - --requeue-dependency\n  - 1m30s\n  - "--requeue-dependency=10s"\n  - --requeue-dependency=soon\n  - --requeue-dependency-x\n';
    expect(requeueSettingsIn('d.yaml', text).map((setting) => [setting.seconds, setting.location.line, setting.location.column])).toEqual([[90, 3, 5], [10, 4, 27]]);
    expect(requeueSettingsIn('d.yaml', 'args: [--concurrent=10]\n')).toEqual([]);
    // Zero requeues no dependency by time: no interval to price (it once made the estimate NaN).
    expect(requeueSettingsIn('d.yaml', 'args:\n  - --requeue-dependency=0s\n  - --requeue-dependency=0ms\n')).toEqual([]);
  });

  it('passes over a setting in a comment, and prose that names the flag', () => {
    expect(requeueSettingsIn('k.yaml', kustomizationPatch.replace('        value: --requeue-dependency=5s', '#        value: --requeue-dependency=1m'))).toEqual([]);
    expect(requeueSettingsIn('k.yaml', 'args:\n  - --concurrent=4 # was --requeue-dependency=1m\n')).toEqual([]);
    expect(requeueSettingsIn('d.yaml', 'notes: "raise --requeue-dependency 2m when the cluster is slow"\n')).toEqual([]);
  });
});

describe('the interval a repository gives', () => {
  const at = (seconds: number, file: string) => ({ seconds, written: `${seconds}s`, location: { file, line: 1, column: 1 } });

  it('is its one value wherever it is set, else the controllers\' default', () => {
    expect(repositoryRequeue([])).toEqual({ seconds: DEFAULT_REQUEUE_SECONDS });
    expect(repositoryRequeue([at(5, 'a'), at(5, 'b')])).toEqual({ seconds: 5, from: at(5, 'a') });
  });

  it('is the default when settings disagree, with one of each value to say so', () => {
    expect(repositoryRequeue([at(5, 'a'), at(10, 'b'), at(5, 'c')])).toEqual({ seconds: DEFAULT_REQUEUE_SECONDS, conflicting: [at(5, 'a'), at(10, 'b')] });
  });
});

// A trial's probe: flux-operator's size profiles set the flag (builder/profiles.go), and every size was read as 30 s.
describe('the interval a FluxInstance\'s cluster.size gives', () => {
  const instance = (cluster: string, patches = '') => ['apiVersion: fluxcd.controlplane.io/v1', 'kind: FluxInstance', 'metadata:', '  name: flux', '  namespace: flux-system', 'spec:',
    '  distribution:', '    version: 2.7.x', '    registry: ghcr.io/fluxcd', '  cluster:', `    ${cluster}`, ...(patches ? ['  kustomize:', '    patches:', ...patches.split('\n')] : []),
    '  sync:', '    kind: GitRepository', '    url: https://github.com/example/fleet.git', '    ref: refs/heads/main', '    path: clusters/prod', ''].join('\n');
  const coldStart = async (cluster: string, patches = '') => {
    const root = repositoryOf({
      'clusters/prod/flux-system/flux-instance.yaml': instance(cluster, patches),
      'clusters/prod/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\n',
    });
    const json = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
    const text = await runCli(['order', '--root', root], { cwd: root, env: process.env });
    const { requeueSeconds, requeueSettings } = JSON.parse(json.stdout).coldStart as { requeueSeconds: number; requeueSettings: unknown[] };
    return { requeueSeconds, requeueSettings, line: text.stdout.split('\n').find((one) => one.startsWith('Cold start')) };
  };

  it('small is 10 s, medium and large 5 s, located at the size; none is the default', async () => {
    const small = await coldStart('size: small');
    expect(small.requeueSeconds).toBe(10);
    expect(small.requeueSettings).toEqual([{ seconds: 10, file: 'clusters/prod/flux-system/flux-instance.yaml', line: 11, column: 11, profile: 'cluster.size: small' }]);
    expect(small.line).toContain('(the repository\'s --requeue-dependency=10s, as the FluxInstance\'s cluster.size: small gives it, at clusters/prod/flux-system/flux-instance.yaml:11:11)');
    expect((await coldStart('size: medium')).requeueSeconds).toBe(5);
    expect((await coldStart('size: large')).requeueSeconds).toBe(5);
    expect((await coldStart('type: kubernetes')).requeueSeconds).toBe(DEFAULT_REQUEUE_SECONDS);
  });

  it('the flux-instance chart\'s values, with the sync beside the size (the last read: it was read only without one)', async () => {
    const chart = ['apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: flux', '  namespace: flux-system', 'spec:', '  interval: 1h',
      '  chart:', '    spec:', '      chart: flux-instance', '      sourceRef: {kind: HelmRepository, name: controlplane}', '  values:', '    instance:', '      cluster:',
      '        size: small', '      sync:', '        kind: GitRepository', '        url: https://github.com/example/fleet.git', '        ref: refs/heads/main', '        path: clusters/prod', ''].join('\n');
    const root = repositoryOf({
      'clusters/prod/flux-system/flux-instance.yaml': chart,
      'clusters/prod/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\n',
    });
    const json = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
    expect(JSON.parse(json.stdout).coldStart.requeueSettings).toEqual([{ seconds: 10, file: 'clusters/prod/flux-system/flux-instance.yaml', line: 15, column: 15, profile: 'cluster.size: small' }]);
  });

  it('a values file no generator reads (Terraform\'s bootstrap values) sets nothing, even where what is applied is not all known', async () => {
    // A trial's probe (izerecord/d2-fleet): what the repository cannot show it applies (there, Kustomizations of OCI
    // artifacts) left every file possibly applied, and terraform/values/instance.yaml's 10s against the FluxInstance's 5s made the cold start 30 s.
    const root = repositoryOf({
      'clusters/prod/flux-system/flux-instance.yaml': instance('size: medium'),
      // Kustomizations whose names and paths only the cluster knows (inputs from a provider not written here).
      'clusters/prod/tenants.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata: {name: tenants, namespace: flux-system}\nspec:\n  inputsFrom:\n    - {kind: ResourceSetInputProvider, name: tenants}\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata: {name: << inputs.tenant >>, namespace: flux-system}\n      spec: {interval: 10m, path: << inputs.path >>, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n',
      'terraform/values/instance.yaml': 'instance:\n  kustomize:\n    patches:\n      - target: {kind: Deployment}\n        patch: |\n          - op: add\n            path: /spec/template/spec/containers/0/args/-\n            value: --requeue-dependency=10s\n',
    });
    const json = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
    const { requeueSeconds, requeueSettings } = JSON.parse(json.stdout).coldStart as { requeueSeconds: number; requeueSettings: { file: string }[] };
    expect(requeueSettings.map((setting) => setting.file)).toEqual(['clusters/prod/flux-system/flux-instance.yaml']);
    expect(requeueSeconds).toBe(5);
    // An object written as a flow mapping is an object all the same (the sweep's d4rkfella/home-ops lost its setting).
    writeFileSync(join(root, 'clusters/prod/flux-system/controller.yaml'), '{apiVersion: apps/v1, kind: Deployment, metadata: {name: kustomize-controller, namespace: flux-system},\n  spec: {template: {spec: {containers: [{name: manager, args: ["--requeue-dependency=5s"]}]}}}}\n');
    const flow = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env })).stdout).coldStart as { requeueSettings: { file: string }[] };
    expect(flow.requeueSettings.map((setting) => setting.file)).toEqual(['clusters/prod/flux-system/controller.yaml', 'clusters/prod/flux-system/flux-instance.yaml']);
  });

  it('its own kustomize patch of the flag comes after the profile, and wins', async () => {
    const patched = await coldStart('size: medium', '      - target: {kind: Deployment}\n        patch: |\n          - op: add\n            path: /spec/template/spec/containers/0/args/-\n            value: --requeue-dependency=10s');
    expect(patched.requeueSeconds).toBe(10);
    expect(patched.requeueSettings).toHaveLength(1);
  });
});
