import { describe, expect, it } from 'vitest';
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
