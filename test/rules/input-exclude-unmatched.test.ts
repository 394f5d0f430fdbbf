import { ruleMeta } from '../../src/rules/index.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const repository = {
  'kubernetes/apps/cilium/app/helmrelease.yaml': helmRelease('cilium'),
  'kubernetes/apps/legacy/old/helmrelease.yaml': helmRelease('old', ['gone']),
  'kubernetes/flux/apps.yaml': fluxKustomization('apps'),
};

ruleTester(ruleMeta('input/exclude-unmatched')!, {
  valid: [
    { name: 'a glob that leaves out a directory', repository, exclude: ['kubernetes/apps/legacy'] },
    { name: 'a glob that matches files, and one matching only what the first already left out', repository, exclude: ['**/legacy/**', 'kubernetes/apps/legacy/old/*.yaml'] },
    { name: 'no --exclude at all', repository },
    {
      name: 'globs over what the walk passes over by itself (a hidden directory, CI workflows): redundant, not unmatched',
      repository: { ...repository, '.archive/ks.yaml': helmRelease('archived'), '.github/workflows/ci.yaml': 'on: push\n' },
      exclude: ['.archive/**', '.github/workflows/**'],
    },
  ],
  invalid: [
    {
      name: 'a misspelt directory: nothing is left out, and the run says so',
      repository,
      exclude: ['kubernetes/app/legacy/**'],
      findings: [{
        message: 'the exclude glob "kubernetes/app/legacy/**" matches no YAML file under the root (.), so it leaves nothing out',
        at: null,
        fix: 'correct the glob (it is matched against paths relative to the repository root, such as kubernetes/apps/legacy/**), or drop it',
      }],
    },
    {
      name: 'of two globs, only the one that matches nothing is reported, once however often it is given',
      repository,
      exclude: ['kubernetes/apps/legacy', 'archive/**', 'archive/**'],
      findings: [{
        message: 'the exclude glob "archive/**" matches no YAML file under the root (.), so it leaves nothing out',
        at: null,
        fix: 'correct the glob (it is matched against paths relative to the repository root, such as kubernetes/apps/legacy/**), or drop it',
      }],
    },
  ],
});
