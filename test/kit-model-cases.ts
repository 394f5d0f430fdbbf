// Kits that exercise the object model: what kustomize and Flux do with them.
// Each case is a small repository written to a temp dir; `findings` are the
// exact `rule@file:line:column` the audit must report, sorted as the report
// sorts them. The differential test (test/integration/kustomize.test.ts) builds
// every case that has a kustomization with the real kustomize and holds the
// audited HelmReleases to what it produces.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { temporaryDirectory } from './helpers.js';

export const KIT = 'clusters/_template/bootstrap-kit';
export const EXPECTED = 'scripts/expected-bootstrap-deps.yaml';

export interface Dependency {
  name: string;
  namespace?: string;
}

/** A HelmRelease as real kits write it; `namespace: null` leaves metadata.namespace out. */
export function hr(name: string, dependsOn: (string | Dependency)[] = [], options: { namespace?: string | null; apiVersion?: string; kind?: string } = {}): string {
  const namespace = options.namespace === undefined ? 'flux-system' : options.namespace;
  const items = dependsOn.map((dependency) => typeof dependency === 'string' ? { name: dependency } : dependency);
  return [
    `apiVersion: ${options.apiVersion ?? 'helm.toolkit.fluxcd.io/v2'}`,
    `kind: ${options.kind ?? 'HelmRelease'}`,
    'metadata:',
    `  name: ${name}`,
    ...(namespace === null ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  interval: 15m',
    ...(items.length > 0 ? ['  dependsOn:'] : []),
    ...items.flatMap((item) => [`    - name: ${item.name}`, ...(item.namespace ? [`      namespace: ${item.namespace}`] : [])]),
    '  chart:',
    '    spec:',
    `      chart: ${name}`,
    '',
  ].join('\n');
}

export function expectedDag(entries: { slot: number | string; name: string; dependsOn?: string[]; namespace?: string }[]): string {
  return ['slots:', ...entries.flatMap((entry) => [
    `  - slot: ${typeof entry.slot === 'string' ? JSON.stringify(entry.slot) : entry.slot}`,
    `    name: ${entry.name}`,
    ...(entry.namespace ? [`    namespace: ${entry.namespace}`] : []),
    `    depends_on: [${(entry.dependsOn ?? []).join(', ')}]`,
  ]), ''].join('\n');
}

export function kustomization(resources: string[], extra = ''): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${extra}resources:\n${resources.map((resource) => `  - ${resource}\n`).join('')}`;
}

const TWO = expectedDag([
  { slot: 1, name: 'bp-cilium' },
  { slot: 2, name: 'bp-flux', dependsOn: ['bp-cilium'] },
]);

export interface KitCase {
  name: string;
  /** Paths relative to the repository root. */
  files: Record<string, string>;
  args?: string[];
  exitCode: number;
  /** `rule@file:line:column`, file relative to the repository root. */
  findings: string[];
  /** Exact messages of some findings, by the same key. */
  messages?: Record<string, string>;
  /** The kustomization transforms objects: only the real kustomize can read it. */
  needsKustomize?: boolean;
}

const k = (file: string) => `${KIT}/${file}`;

export const kitCases: KitCase[] = [
  {
    name: 'kustomize namespace: moves every release; an item naming the old namespace points at nothing',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'namespace: platform\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', [{ name: 'bp-cilium', namespace: 'flux-system' }]),
      [EXPECTED]: TWO,
    },
    exitCode: 1,
    findings: [`dependsOn/namespace-mismatch@${k('02-bp-flux.yaml')}:9:7`],
    messages: {
      [`dependsOn/namespace-mismatch@${k('02-bp-flux.yaml')}:9:7`]: `bp-flux depends on bp-cilium with namespace: flux-system, but bp-cilium lives in platform (${k('01-bp-cilium.yaml')}:4); the kit's kustomization sets namespace: platform, which kustomize applies to every release but not to dependsOn items`,
    },
  },
  {
    name: 'kustomize namespace: with items that name the new namespace passes',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'namespace: platform\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', [{ name: 'bp-cilium', namespace: 'platform' }]),
      [EXPECTED]: TWO,
    },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'kustomize namespace: renames Namespace objects too: two of them collide and the build fails',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'namespace: platform\n'),
      [k('01-bp-cilium.yaml')]: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cilium\n---\n${hr('bp-cilium')}`,
      [k('02-bp-flux.yaml')]: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux\n---\n${hr('bp-flux', ['bp-cilium'])}`,
      [EXPECTED]: TWO,
    },
    needsKustomize: true,
    exitCode: 3,
    findings: [`input/kustomize-error@${k('kustomization.yaml')}`],
  },
  {
    name: 'a strategic-merge patch that rewrites dependsOn is audited as built',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml', '03-bp-extra.yaml'],
        'patches:\n  - target:\n      kind: HelmRelease\n      name: bp-flux\n    patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: bp-flux\n      spec:\n        dependsOn:\n          - name: bp-extra\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [k('03-bp-extra.yaml')]: hr('bp-extra'),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }, { slot: 2, name: 'bp-flux', dependsOn: ['bp-cilium'] }, { slot: 3, name: 'bp-extra' }]),
    },
    needsKustomize: true,
    exitCode: 1,
    // The patch replaced the list: bp-cilium is gone (missing edge, at the release's dependsOn:), bp-extra
    // added (located at the patches: field, where it was written).
    findings: [`drift/missing-edge@${k('02-bp-flux.yaml')}:8:3`, `drift/extra-edge@${k('kustomization.yaml')}:3:1`],
  },
  {
    name: 'a patch file in the kit directory is a partial object: neither a slot file to register nor a second release',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'patches:\n  - path: flux-interval-patch.yaml\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [k('flux-interval-patch.yaml')]: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-flux\n  namespace: flux-system\nspec:\n  interval: 5m\n',
      [EXPECTED]: TWO,
    },
    needsKustomize: true,
    exitCode: 0,
    findings: [],
  },
  {
    name: 'a JSON 6902 patch that adds a dependsOn item',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'],
        'patches:\n  - target:\n      kind: HelmRelease\n      name: bp-cilium\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value: [{name: bp-flux}]\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    needsKustomize: true,
    exitCode: 1,
    findings: [`drift/extra-edge@${k('kustomization.yaml')}:3:1`, `graph/cycle@${k('kustomization.yaml')}:3:1`],
  },
  {
    name: 'namePrefix renames releases but not the names inside dependsOn: every edge breaks',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'namePrefix: eu-\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    needsKustomize: true,
    exitCode: 1,
    findings: [
      `drift/undeclared-hr@${k('01-bp-cilium.yaml')}:4:9`,
      `drift/undeclared-hr@${k('02-bp-flux.yaml')}:4:9`,
      `dependsOn/unresolved@${k('02-bp-flux.yaml')}:9:7`,
    ],
  },
  {
    name: 'a component that adds a dependsOn item',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'components:\n  - ../components/flux-after-cilium\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux'),
      ['clusters/_template/components/flux-after-cilium/kustomization.yaml']:
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: HelmRelease\n      name: bp-flux\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value: [{name: bp-cilium}]\n',
      [EXPECTED]: TWO,
    },
    needsKustomize: true,
    exitCode: 0,
    findings: [],
  },
  {
    name: 'a subdirectory with its own kustomization, a .json file and a .YAML file are read',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.YAML', 'storage', '03-bp-extra.json']),
      [k('01-bp-cilium.YAML')]: hr('bp-cilium'),
      [k('storage/kustomization.yaml')]: kustomization(['02-bp-flux.yaml']),
      [k('storage/02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium', 'bp-extra']),
      [k('03-bp-extra.json')]: JSON.stringify({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'bp-extra', namespace: 'flux-system' }, spec: { interval: '5m' } }, null, 2),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }, { slot: 2, name: 'bp-flux', dependsOn: ['bp-cilium', 'bp-extra'] }, { slot: 3, name: 'bp-extra' }]),
    },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'a List and a HelmReleaseList are unpacked',
    files: {
      [k('kustomization.yaml')]: kustomization(['releases.yaml']),
      [k('releases.yaml')]: `apiVersion: v1\nkind: List\nitems:\n${hr('bp-cilium').replace(/^/gm, '    ').replace(/^    apiVersion/, '  - apiVersion').trimEnd()}\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmReleaseList\nitems:\n${hr('bp-flux', ['bp-cilium']).replace(/^/gm, '    ').replace(/^    apiVersion/, '  - apiVersion').trimEnd()}\n`,
      [EXPECTED]: TWO,
    },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'the same file twice in resources: fails kustomize build',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml', '01-bp-cilium.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    exitCode: 3,
    findings: [`input/kustomize-error@${k('kustomization.yaml')}:6:5`],
  },
  {
    name: 'kustomization.yaml and kustomization.yml side by side fail kustomize build',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('kustomization.yml')]: kustomization(['01-bp-cilium.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    exitCode: 3,
    findings: [`input/kustomize-error@${k('kustomization.yml')}`],
  },
  {
    name: 'an unknown kustomization field fails kustomize build, with did-you-mean',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'], 'namespce: platform\n'),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    exitCode: 3,
    findings: [`input/kustomize-error@${k('kustomization.yaml')}:3:1`],
    messages: {
      [`input/kustomize-error@${k('kustomization.yaml')}:3:1`]: 'unknown field "namespce" in kustomization.yaml: kustomize build fails on it',
    },
  },
  {
    name: 'one name in two namespaces is two releases; the expected DAG says which with namespace:',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml', '03-bp-flux-edge.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [k('03-bp-flux-edge.yaml')]: hr('bp-flux', [{ name: 'bp-cilium', namespace: 'flux-system' }], { namespace: 'edge' }),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }, { slot: 2, name: 'bp-flux', namespace: 'flux-system', dependsOn: ['bp-cilium'] }]),
    },
    exitCode: 1,
    // The edge copy is not declared; nothing else is wrong, and nothing is a duplicate.
    findings: [`drift/undeclared-hr@${k('03-bp-flux-edge.yaml')}:4:9`],
  },
  {
    name: 'one name in two namespaces, declared without namespace: ambiguous',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml', '03-bp-flux-edge.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [k('03-bp-flux-edge.yaml')]: hr('bp-flux', [{ name: 'bp-cilium', namespace: 'flux-system' }], { namespace: 'edge' }),
      [EXPECTED]: TWO,
    },
    exitCode: 1,
    findings: [`expected/ambiguous-name@${EXPECTED}:6:11`],
  },
  {
    name: 'kind: Helmrelease is a near miss, never a silent Deferred',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium'], { kind: 'Helmrelease' }),
      [EXPECTED]: TWO,
    },
    exitCode: 1,
    findings: [`api/unknown-kind@${k('02-bp-flux.yaml')}:2:7`],
    messages: {
      [`api/unknown-kind@${k('02-bp-flux.yaml')}:2:7`]: 'kind "Helmrelease" is not a Flux kind; this object is not audited as a HelmRelease',
    },
  },
  {
    name: 'kind HelmRelease of another API group is not a Flux release',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-other.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-other.yaml')]: hr('bp-other', [], { apiVersion: 'example.com/v1' }),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }]),
    },
    exitCode: 0,
    findings: [`api/unknown-kind@${k('02-bp-other.yaml')}:1:13`],
  },
  {
    name: 'a HelmRepository in the helm API group is a wrong group, not a silent skip',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: `apiVersion: helm.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: cilium\n---\n${hr('bp-cilium')}`,
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: TWO,
    },
    exitCode: 1,
    findings: [`api/unknown-kind@${k('01-bp-cilium.yaml')}:2:7`],
    messages: {
      [`api/unknown-kind@${k('01-bp-cilium.yaml')}:2:7`]: 'helm.toolkit.fluxcd.io has no kind "HelmRepository" (it serves HelmRelease only): the cluster rejects this object',
    },
  },
  {
    name: 'helm.toolkit.fluxcd.io/v2beta1 and v2beta2 are no longer served',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium', [], { apiVersion: 'helm.toolkit.fluxcd.io/v2beta1' }),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium'], { apiVersion: 'helm.toolkit.fluxcd.io/v2beta2' }),
      [EXPECTED]: TWO,
    },
    exitCode: 1,
    findings: [`api/removed-version@${k('01-bp-cilium.yaml')}:1:13`, `api/removed-version@${k('02-bp-flux.yaml')}:1:13`],
    messages: {
      [`api/removed-version@${k('01-bp-cilium.yaml')}:1:13`]: 'helm.toolkit.fluxcd.io/v2beta1 is no longer served since Flux 2.7: the cluster rejects this HelmRelease',
    },
  },
  {
    name: 'names Kubernetes rejects, in metadata.name and in a dependsOn item',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-Flux', ['bp-\u0441ilium']),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }, { slot: 2, name: 'bp-Flux', dependsOn: ['bp-cilium'] }]),
    },
    exitCode: 1,
    findings: [
      `name/invalid@${k('02-bp-flux.yaml')}:4:9`,
      `drift/missing-edge@${k('02-bp-flux.yaml')}:8:3`,
      `drift/extra-edge@${k('02-bp-flux.yaml')}:9:7`,
      `name/invalid@${k('02-bp-flux.yaml')}:9:13`,
    ],
    messages: {
      [`name/invalid@${k('02-bp-flux.yaml')}:9:13`]: 'bp-Flux depends on "bp-\\u0441ilium", which is not a valid Kubernetes name (it contains the non-ASCII character "с" (U+0441)): no object can have it, so Flux never finds the dependency',
    },
  },
  {
    name: 'a dependsOn namespace that is a list is refused, never ignored',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', []).replace('spec:\n', 'spec:\n  dependsOn:\n    - name: bp-cilium\n      namespace: [flux-system]\n'),
      [EXPECTED]: TWO,
    },
    exitCode: 3,
    findings: [`input/invalid-resource@${k('02-bp-flux.yaml')}:9:18`],
  },
  {
    name: 'readyExpr is checked as CEL: a bool over self and dep',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml', '03-bp-extra.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', []).replace('spec:\n', "spec:\n  dependsOn:\n    - name: bp-cilium\n      readyExpr: dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')\n"),
      [k('03-bp-extra.yaml')]: hr('bp-extra', []).replace('spec:\n', 'spec:\n  dependsOn:\n    - name: bp-cilium\n      readyExpr: other.ready\n    - name: bp-flux\n      readyExpr: dep.metadata.generation + 1\n'),
      [EXPECTED]: expectedDag([{ slot: 1, name: 'bp-cilium' }, { slot: 2, name: 'bp-flux', dependsOn: ['bp-cilium'] }, { slot: 3, name: 'bp-extra', dependsOn: ['bp-cilium', 'bp-flux'] }]),
    },
    exitCode: 1,
    findings: [`dependsOn/invalid-ready-expr@${k('03-bp-extra.yaml')}:9:18`, `dependsOn/invalid-ready-expr@${k('03-bp-extra.yaml')}:11:18`],
    messages: {
      [`dependsOn/invalid-ready-expr@${k('03-bp-extra.yaml')}:9:18`]: 'readyExpr of bp-extra\'s dependency on bp-cilium is not usable: Unknown variable: other (only self and dep exist)',
      [`dependsOn/invalid-ready-expr@${k('03-bp-extra.yaml')}:11:18`]: 'readyExpr of bp-extra\'s dependency on bp-flux is not usable: it evaluates to int, not bool',
    },
  },
  {
    name: 'a YAML merge key inside a HelmRelease is expanded, as kustomize does',
    files: {
      [k('kustomization.yaml')]: kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml']),
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-flux\n  namespace: flux-system\nspec:\n  common: &common\n    dependsOn:\n      - name: bp-cilium\n  <<: *common\n  interval: 15m\n',
      [EXPECTED]: TWO,
    },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'a trailing --- in the expected file and in kustomization.yaml is an empty document, not an error',
    files: {
      [k('kustomization.yaml')]: `${kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'])}---\n`,
      [k('01-bp-cilium.yaml')]: hr('bp-cilium'),
      [k('02-bp-flux.yaml')]: hr('bp-flux', ['bp-cilium']),
      [EXPECTED]: `${TWO}---\n`,
    },
    exitCode: 0,
    findings: [],
  },
];

/** Writes a case's files into a fresh temp directory (removed after the test) and returns it. */
export function writeCase(kitCase: KitCase): string {
  const root = temporaryDirectory();
  for (const [path, content] of Object.entries(kitCase.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
