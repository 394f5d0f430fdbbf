import { ruleMeta } from '../../src/rules/index.js';
import { expectedDag, fluxKustomization, helmRelease, kustomization, ruleTester } from '../rule-tester.js';
import { hasCommand } from '../helpers.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');

const kit = { '01-bp-cilium.yaml': helmRelease('bp-cilium') };
const prefixed = kustomization(['01-bp-cilium.yaml']).replace('resources:', 'namePrefix: x-\nresources:');

ruleTester(ruleMeta('input/kustomize-skipped')!, {
  valid: [
    { name: 'a kustomization that only lists files is read as written anyway', kit, expected: expectedDag([1, 'bp-cilium', []]), noKustomize: true },
    { name: 'without --no-kustomize the kit is built', kit, kustomization: prefixed, expected: expectedDag([1, 'x-bp-cilium', []]) },
  ],
  invalid: [{
    name: '--no-kustomize on a kit that transforms objects: a warning at the transformation',
    kit,
    kustomization: prefixed,
    expected: expectedDag([1, 'x-bp-cilium', []]),
    noKustomize: true,
    findings: [{ message: 'the kustomization uses namePrefix; with --no-kustomize the kit is audited as written, without these transformations', at: 'kustomization.yaml:3:1', fix: 'drop --no-kustomize to audit what Flux applies' }],
  }, ...(HAS_KUSTOMIZE ? [{
    // A trial's probe (h3mmy/bloopySphere): Grafana dashboards fetched over https by a configMapGenerator, in a tree that
    // needs a build (a namePrefix here), stopped every command offline with exit 3. A reserved .invalid host never resolves.
    name: 'a remote file a generator reads, unreachable here: the tree is audited as written, with a warning, not exit 3',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: x-\nresources:\n  - web.yaml\nconfigMapGenerator:\n  - name: dashboards\n    files:\n      - board.json=https://bootstrap-deps.invalid/board.json\n',
      'apps/web.yaml': helmRelease('web'),
    },
    findings: [{
      message: 'kubectl kustomize cannot fetch a remote file that a generator of this kustomization reads (bootstrap-deps.invalid is out of reach here), so the build of this kustomization cannot run: its files are audited as written, without what the build\'s transformations change',
      at: 'apps/kustomization.yaml:9:20',
      fix: 'run where the network reaches it (Flux fetches it in the cluster): a generator makes only ConfigMap or Secret data, never a Flux object, but the rest of the build may change one',
    }],
  }] : [])],
});
