import rule from '../../src/rules/kustomization-path-not-found.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/**
 * truxnell/home-cluster's layout: GitRepository home-kubernetes keeps only kubernetes/main (`/*` then
 * `!/kubernetes/main`), and Kustomization cluster syncs kubernetes/main/flux from it (its own directory).
 * `extra` adds files; `ignore` replaces the spec.ignore.
 */
const synced = (extra: Record<string, string>, ignore = '    /*\n    !/kubernetes/main\n') => ({
  'kubernetes/main/flux/config/cluster.yaml': [
    'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', '  name: home-kubernetes', '  namespace: flux-system', 'spec:',
    '  interval: 30m', '  url: https://github.com/example/home-ops', '  ref:', '    branch: main', '  ignore: |', ignore.trimEnd(), '---',
    fluxKustomization('cluster').replace('path: ./cluster', 'path: ./kubernetes/main/flux').replace('name: flux-system\n', 'name: home-kubernetes\n'),
  ].join('\n'),
  'kubernetes/main/apps/cm.yaml': configMap('apps'),
  'kubernetes/shared/cm.yaml': configMap('shared'),
  ...extra,
});
/** The same layout with GitRepository home-kubernetes written without a spec.ignore: the .sourceignore files decide. */
const withoutSpecIgnore = () => {
  const { 'kubernetes/main/flux/config/cluster.yaml': cluster, ...rest } = synced({});
  return { ...rest, 'kubernetes/main/flux/config/cluster.yaml': cluster!.replace(/ {2}ignore: \|\n(?: {4}.*\n)*/, '') };
};
/** The same layout with GitRepository home-kubernetes checking out only `dirs` (spec.sparseCheckout) instead of a spec.ignore. */
const sparse = (extra: Record<string, string>, dirs: string[] = ['kubernetes/main']) => {
  const { 'kubernetes/main/flux/config/cluster.yaml': cluster, ...rest } = withoutSpecIgnore();
  return { ...rest, 'kubernetes/main/flux/config/cluster.yaml': cluster!.replace('    branch: main\n', `    branch: main\n  sparseCheckout:\n${dirs.map((dir) => `    - ${dir}\n`).join('')}`), ...extra };
};
/** The finding for Kustomization apps (clusters/main/apps.yaml) applying ./apps/podinf beside apps/podinfo. */
const podinfMisspelt = [{
  message: 'Kustomization flux-system/apps applies ./apps/podinf, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
  at: 'clusters/main/apps.yaml:8:9',
  fix: 'did you mean ./apps/podinfo?',
}];
const syncedFrom = (name: string, path: string) => fluxKustomization(name).replace(`path: ./${name}`, `path: ${path}`).replace('name: flux-system\n', 'name: home-kubernetes\n');

/**
 * clusters/prod/flux-system.yaml: GitRepositories flux-system and common, both at this repository's address, each with
 * the `ref:` lines given, the root flux-system (./clusters/prod), and Kustomization common applying ./shared/policies
 * from GitRepository common.
 */
const sameAddress = (refs: Record<'flux-system' | 'common', string[]>) => ({
  'clusters/prod/flux-system.yaml': [
    ...(['flux-system', 'common'] as const).flatMap((name) => [
      'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', `  name: ${name}`, '  namespace: flux-system', 'spec:',
      '  interval: 10m', '  url: https://github.com/example/fleet', '  ref:', ...refs[name], '---',
    ]),
    fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'), '---',
    fluxKustomization('common').replace('path: ./common', 'path: ./shared/policies').replace('    name: flux-system\n', '    name: common\n'),
  ].join('\n'),
});

ruleTester(rule, {
  valid: [
    { name: 'the path exists', repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/cm.yaml': configMap('apps') } },
    // A trial's probe (samcday/home-cluster): kustomize-controller never builds a suspended Kustomization.
    { name: 'a suspended Kustomization whose path is not here', repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  suspend: true\n') } },
    {
      // A trial's probe (makkes/flux-mc-control-plane): GitRepository common is this repository's address at branch
      // common, whose tree is not this checkout (main's): its Kustomization's path is that branch's, not judged here.
      name: 'a path of a GitRepository at this address but another branch',
      repository: sameAddress({ 'flux-system': ['    branch: main'], common: ['    branch: common'] }),
    },
    {
      // A review's probe: source-controller copies platform-lib's deploy/ into the artifact at vendor/platform
      // (spec.include): the path is that repository's, not in this checkout.
      name: 'a path into what the GitRepository\'s spec.include copies in from another repository',
      repository: {
        'clusters/prod/flux-system.yaml': [
          'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', '  name: flux-system', '  namespace: flux-system', 'spec:',
          '  interval: 10m', '  url: https://github.com/example/fleet', '  ref:', '    branch: main', '  include:', '    - repository:', '        name: platform-lib',
          '      fromPath: deploy', '      toPath: ./vendor/platform', '---',
          fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
        ].join('\n'),
        'clusters/prod/platform.yaml': fluxKustomization('platform').replace('path: ./platform', 'path: ./vendor/platform/base'),
      },
    },
    ...['../apps', '../../apps', '/apps', './clusters/../apps'].map((path) => ({
      // A trial's probe (equinor/radix-flux): kustomize-controller joins spec.path to the artifact's root with
      // securejoin, where a `..` at the root stays there, so ../apps is apps; it was an error (exit 1).
      name: `a path that climbs above the source's root (${path}) stays at the root, where apps is`,
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', `path: ${path}`), 'apps/cm.yaml': configMap('apps') },
    })),
    {
      // xunholy/k8s-gitops: `flux push artifact --path=./kubernetes`, so ./apps/overlays/cluster-00 is kubernetes/apps/overlays/cluster-00.
      name: 'an OCIRepository artifact pushed from a directory above the Kustomization\'s file: the path is found there',
      repository: {
        'kubernetes/clusters/cluster-00/ks.yaml': fluxKustomization('cluster').replace('path: ./cluster', 'path: ./apps/overlays/cluster-00').replace('kind: GitRepository', 'kind: OCIRepository'),
        'kubernetes/apps/overlays/cluster-00/cm.yaml': configMap('apps'),
      },
    },
    {
      // Another repository's, under the name of none this one is synced through.
      name: 'a GitRepository at another address than GitRepository flux-system\'s: its Kustomization\'s path is not judged',
      repository: {
        'clusters/main/flux-system/gotk-sync.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ssh://git@github.com/example/home-ops\n  ref:\n    branch: main\n---\n'
          + fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/tenant.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home-kubernetes\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/tenant-apps\n  ref:\n    branch: main\n',
        'clusters/main/apps.yaml': syncedFrom('apps', './apps/podinf'),
      },
    },
    {
      // A review's probe: GitRepository apps in flux-system is this repository, apps in team-a another (a sourceRef's
      // namespace is not read): the name is not known to be this repository's.
      name: 'two GitRepositories of one name, one at this repository\'s address and one at another\'s: their Kustomizations\' paths are not judged',
      repository: {
        'clusters/prod/flux-system/gotk-sync.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ssh://git@github.com/example/home-ops\n  ref:\n    branch: main\n---\n'
          + fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
        'clusters/prod/apps.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/home-ops.git\n  ref:\n    branch: main\n',
        'clusters/staging/tenant.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: apps\n  namespace: team-a\nspec:\n  interval: 1h\n  url: https://github.com/example/team-a-apps\n  ref:\n    branch: main\n---\n'
          + fluxKustomization('team-a').replace('path: ./team-a', 'path: ./deploy/production').replace('namespace: flux-system', 'namespace: team-a').replace('name: flux-system\n', 'name: apps\n'),
      },
    },
    {
      name: 'a ${VARIABLE} in the path, or another source (maybe another repository), is not judged',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./apps/${CLUSTER}'),
        'clusters/prod/tenant.yaml': fluxKustomization('tenant').replace('name: flux-system', 'name: tenant-repo'),
      },
    },
    {
      // A review's probe: source-controller walks into an ignored directory and keeps each file a later pattern brings back.
      name: 'a directory whose files a later pattern keeps (`/*` then `!/kubernetes/**/*.yaml`) is in the artifact',
      repository: synced({ 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared') }, '    /*\n    !/kubernetes/**/*.yaml\n'),
    },
    {
      name: 'a path the spec.ignore keeps (`!/kubernetes/main` after `/*`) is in the artifact',
      repository: synced({ 'kubernetes/main/flux/apps.yaml': syncedFrom('apps', './kubernetes/main/apps') }),
    },
    {
      // carpenike/k8s-gitops: one GitRepository of that name per cluster, each keeping its own cluster's directory.
      name: 'a path that one GitRepository of the name keeps and another leaves out is not judged',
      repository: synced({
        'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared'),
        'kubernetes/other/flux/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home-kubernetes\n  namespace: flux-system\nspec:\n  interval: 30m\n  url: https://github.com/example/home-ops\n',
      }),
    },
    {
      // source-controller reads .sourceignore first, then the spec.ignore: a later "!" line there keeps the directory.
      name: 'a path the .sourceignore leaves out and the spec.ignore brings back is in the artifact',
      repository: synced({
        '.sourceignore': '# Flux ignore\n/*\n!/kubernetes/main\n',
        'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared'),
      }, '    !/kubernetes/shared\n'),
    },
    {
      // Lstat: a file is as good as a directory, and `..` is cleaned inside the checkout (securejoin).
      name: 'a spec.sparseCheckout entry that names a file, or climbs above the root and back, is in the repository',
      repository: sparse({}, ['kubernetes/main', 'kubernetes/shared/cm.yaml', '../kubernetes/shared']),
    },
    {
      name: 'a path below a directory the GitRepository checks out (spec.sparseCheckout, `./` or not) is in the artifact',
      repository: sparse({ 'kubernetes/main/flux/apps.yaml': syncedFrom('apps', './kubernetes/main/apps') }, ['./kubernetes/main']),
    },
    {
      // go-git keeps every file whose path starts with a listed directory, as text (index.SkipUnless); the entry itself
      // must be there (validateSparseCheckoutPaths).
      name: 'a directory whose path starts with a sparse checkout entry, as text (`kubernetes/shared` keeps kubernetes/shared-old), is in the artifact',
      repository: sparse({ 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared-old'), 'kubernetes/shared-old/cm.yaml': configMap('old') },
        ['kubernetes/main', 'kubernetes/shared']),
    },
    {
      // carpenike/k8s-gitops's layout, sparsely: one GitRepository of the name per cluster.
      name: 'a path that one GitRepository of the name checks out and another does not is not judged',
      repository: sparse({
        'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared'),
        'kubernetes/other/flux/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home-kubernetes\n  namespace: flux-system\nspec:\n  interval: 30m\n  url: https://github.com/example/home-ops\n  sparseCheckout:\n    - kubernetes/shared\n',
      }),
    },
    {
      name: 'a .sourceignore below the root speaks only of the paths below it',
      repository: {
        ...withoutSpecIgnore(),
        'kubernetes/other/.sourceignore': 'shared/\n',
        'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared'),
      },
    },
  ],
  invalid: [{
    // A trial's probe (tuxpeople/k8s-homelab's exporters): a path one directory too deep, where the kustomization is one up.
    // The root serves the other Kustomizations, so it is no root too high: no "or pass --root" either.
    name: 'a path one directory below a kustomization: did you mean that directory',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/cm.yaml': configMap('apps'),
      'clusters/prod/prowlarr.yaml': fluxKustomization('prowlarr').replace('path: ./prowlarr', 'path: ./exporters/prowlarr/app'),
      'exporters/prowlarr/kustomization.yaml': 'resources:\n  - cm.yaml\n', 'exporters/prowlarr/cm.yaml': configMap('prowlarr'),
      'clusters/prod/sonarr.yaml': fluxKustomization('sonarr').replace('path: ./sonarr', 'path: ./exporters/sonarr/app'),
      'exporters/sonarr/cm.yaml': configMap('sonarr'),
    },
    findings: [{
      message: 'Kustomization flux-system/prowlarr applies ./exporters/prowlarr/app, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on prowlarr waits for ever',
      at: 'clusters/prod/prowlarr.yaml:8:9',
      fix: 'did you mean ./exporters/prowlarr?',
    }, {
      // (No kustomization one up: no guess.)
      message: 'Kustomization flux-system/sonarr applies ./exporters/sonarr/app, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on sonarr waits for ever',
      at: 'clusters/prod/sonarr.yaml:8:9',
      fix: 'correct spec.path (relative to the repository root)',
    }],
  }, {
    // A review's probe: one directory up is the Kustomization's own (its ks.yaml beside the kustomization): applied so, it
    // would reconcile itself and deploy nothing. No guess then.
    name: 'a path one directory below the Kustomization\'s own directory: no did-you-mean',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/cm.yaml': configMap('apps'),
      'exporters/prowlarr/ks.yaml': fluxKustomization('prowlarr').replace('path: ./prowlarr', 'path: ./exporters/prowlarr/app'),
      'exporters/prowlarr/kustomization.yaml': 'resources:\n  - ks.yaml\n',
    },
    findings: [{
      message: 'Kustomization flux-system/prowlarr applies ./exporters/prowlarr/app, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on prowlarr waits for ever',
      at: 'exporters/prowlarr/ks.yaml:8:9',
      fix: 'correct spec.path (relative to the repository root)',
    }],
  }, {
    // A trial's probe (AdamDomagalsky/flux-eks-gitops-config): an overlay's patch sets the path its base does not write;
    // it was located at the base's metadata.name, in a file with no spec.path to correct.
    name: 'a path an overlay\'s patch sets: located at the patch, merge or JSON 6902',
    needsKustomize: true,
    repository: {
      'clusters/prod/tenants.yaml': fluxKustomization('tenants').replace('path: ./tenants', 'path: ./tenants/prod'),
      'tenants/base/team/kustomization.yaml': 'resources:\n  - sync.yaml\n',
      'tenants/base/team/sync.yaml': ['team', 'web', 'api'].map((name) => fluxKustomization(name).replace(`  path: ./${name}\n`, '')).join('---\n'),
      // (Two JSON 6902 patches: each Kustomization's at its own value, a review's probe.)
      'tenants/prod/kustomization.yaml': `resources:\n  - ../base/team\npatches:\n  - path: team-patch.yaml\n${['web', 'api'].map((name) => `  - target: {kind: Kustomization, name: ${name}}\n    patch: |-\n      - op: add\n        path: /spec/path\n        value: ./${name}-prod\n`).join('')}`,
      'tenants/prod/team-patch.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: team\n  namespace: flux-system\nspec:\n  path: ./prod\n',
      'tenants/cm.yaml': configMap('tenants'),
    },
    findings: [{
      message: 'Kustomization flux-system/web applies ./web-prod, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on web waits for ever',
      at: 'tenants/prod/kustomization.yaml:9:16',
      fix: 'correct spec.path (relative to the repository root)',
    }, {
      message: 'Kustomization flux-system/api applies ./api-prod, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on api waits for ever',
      at: 'tenants/prod/kustomization.yaml:14:16',
      fix: 'correct spec.path (relative to the repository root)',
    }, {
      message: 'Kustomization flux-system/team applies ./prod, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on team waits for ever',
      at: 'tenants/prod/team-patch.yaml:7:9',
      fix: 'correct spec.path (relative to the repository root)',
    }],
  }, {
    // A trial's probe: source-controller reads ref.name refs/heads/main as branch main, the checkout flux-system syncs:
    // the path is this checkout's, and missing (it was taken for another ref's, not judged).
    name: 'a path of a GitRepository at this address whose ref.name is the branch flux-system syncs',
    repository: sameAddress({ 'flux-system': ['    branch: main'], common: ['    name: refs/heads/main'] }),
    findings: [{
      message: 'Kustomization flux-system/common applies ./shared/policies, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on common waits for ever',
      at: 'clusters/prod/flux-system.yaml:44:9',
      fix: 'correct spec.path (relative to the repository root)',
    }],
  }, {
    // A review's probe: fluxcd/pkg's clone takes the tag before the semver range (the API's comments say otherwise):
    // common checks out tag v1.0.0, as flux-system does, so its path is this checkout's, and missing.
    name: 'a path of a GitRepository at this address with the tag flux-system syncs and a semver range beside it',
    repository: sameAddress({ 'flux-system': ['    tag: v1.0.0'], common: ['    tag: v1.0.0', '    semver: ">=2.0.0"'] }),
    findings: [{
      message: 'Kustomization flux-system/common applies ./shared/policies, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on common waits for ever',
      at: 'clusters/prod/flux-system.yaml:45:9',
      fix: 'correct spec.path (relative to the repository root)',
    }],
  }, {
    // A trial's probe (renata-dm/flux-fleet): the path a ResourceSet's template gives with its inputs was not judged.
    name: 'a Kustomization a ResourceSet generates, at a path its template gives that is not here: located at the template',
    repository: { 'clusters/prod/addons.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: addons\n  namespace: flux-system\nspec:\n  inputs:\n    - tenant: certs\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: << inputs.tenant >>-controllers\n        namespace: flux-system\n      spec:\n        interval: 30m\n        wait: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n        path: ./addons/<< inputs.tenant >>/controllers\n        prune: true\n' },
    findings: [{
      message: 'Kustomization flux-system/certs-controllers (which ResourceSet flux-system/addons generates) applies ./addons/certs/controllers, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on certs-controllers waits for ever',
      at: 'clusters/prod/addons.yaml:13:15',
      fix: 'correct spec.path (relative to the repository root), or pass --root the repository root',
    }],
  }, 
    {
      // A trial's probe (aws-samples/eks-multi-cluster-gitops): the Flux repository is a directory of a monorepo, its
      // paths relative to repos/gitops-system: the fix names that directory, not a near-miss of the path.
      name: 'audited from above the directory Flux syncs: the fix names the directory from which the path is there',
      repository: { 'repos/gitops/clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./clusters/apps'), 'repos/gitops/clusters/apps/cm.yaml': configMap('apps') },
      findings: [{
        message: 'Kustomization flux-system/apps applies ./clusters/apps, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
        at: 'repos/gitops/clusters/prod/apps.yaml:8:9',
        fix: 'pass --root repos/gitops if that directory is the repository Flux syncs (./clusters/apps is there from it), or correct spec.path',
      }],
    },
    {
      // A review's probe: a path written from the Kustomization's own directory, where flux-system's resolves from the
      // root: the root is right, and the fix is the path (before, it said to pass --root clusters/prod, which broke
      // flux-system's and sent the user back).
      name: 'a path written from its own directory, where the root serves the other Kustomizations: the path, not --root',
      repository: {
        'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
        'clusters/prod/flux-system/kustomization.yaml': 'resources:\n  - gotk-sync.yaml\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps'),
        'clusters/prod/apps/cm.yaml': configMap('apps'),
      },
      findings: [{
        message: 'Kustomization flux-system/apps applies ./apps, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
        at: 'clusters/prod/apps.yaml:8:9',
        fix: 'did you mean ./clusters/prod/apps?',
      }],
    },
    {
      // A trial's probe: an unpacked archive (no .git), `check` run from kubernetes/: every path is there from above.
      name: 'audited from a directory below the repository\'s top where no .git marks it: the fix names the root to pass',
      repository: { 'kubernetes/flux/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./kubernetes/apps'), 'kubernetes/apps/cm.yaml': configMap('apps') },
      root: 'kubernetes',
      findings: [{
        message: 'Kustomization flux-system/apps applies ./kubernetes/apps, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
        at: 'flux/apps.yaml:8:9',
        fix: 'pass --root .. (the repository root: spec.path is relative to it, and ./kubernetes/apps is there)',
      }],
    },{
    // source-controller's validateSparseCheckoutPaths: os.Lstat of each entry in the checkout, or the GitRepository fails.
    name: 'a spec.sparseCheckout entry that is not in the repository fails the GitRepository: located at the entry, with the directory it most likely means',
    repository: sparse({}, ['kubernetes/main', './kubernetes/shraed']),
    findings: [{
      message: 'GitRepository home-kubernetes checks out ./kubernetes/shraed (spec.sparseCheckout), which is not in the checkout its entries make (no such path, or a link to what they leave out): source-controller fails the GitRepository ("sparse checkout dir \'./kubernetes/shraed\' does not exist in repository") and makes no artifact, so no Kustomization that syncs from it is applied (Kustomization flux-system/cluster), and what depends on them waits for ever',
      at: 'kubernetes/main/flux/config/cluster.yaml:13:7',
      fix: 'did you mean kubernetes/shared?',
    }],
  }, {
    // A review's probes: go-git checks out what starts with the entry as text (nothing starts with `/`), and securejoin
    // follows a link before lstat looks (kubernetes/current points at kubernetes/shared, which no entry checks out).
    name: 'a spec.sparseCheckout entry with a leading slash, or a link to a directory no entry checks out',
    repository: sparse({}, ['kubernetes/main', '/kubernetes/shared', 'kubernetes/current']),
    setup: (root) => symlinkSync('shared', join(root, 'kubernetes/current')),
    findings: ['/kubernetes/shared', 'kubernetes/current'].map((dir, index) => ({
      message: `GitRepository home-kubernetes checks out ${dir} (spec.sparseCheckout), which is not in the checkout its entries make (no such path, or a link to what they leave out): source-controller fails the GitRepository ("sparse checkout dir '${dir}' does not exist in repository") and makes no artifact, so no Kustomization that syncs from it is applied (Kustomization flux-system/cluster), and what depends on them waits for ever`,
      at: `kubernetes/main/flux/config/cluster.yaml:${13 + index}:7`,
      fix: 'write the entry as kubernetes/shared (go-git checks out what starts with an entry as written, and the check follows links)',
    })),
  }, {
    // source-controller checks out only the listed directories (gitrepository_controller: SparseCheckoutDirectories).
    name: 'a path outside every directory the GitRepository checks out (spec.sparseCheckout)',
    repository: sparse({ 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared'), 'charts/app/Chart.yaml': 'name: app\n' }, ['./kubernetes/main', 'charts']),
    findings: [{
      message: 'Kustomization flux-system/shared applies ./kubernetes/shared, which the spec.sparseCheckout of GitRepository home-kubernetes leaves out of its artifact (it checks out only kubernetes/main, charts): the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on shared waits for ever',
      at: 'kubernetes/main/flux/shared.yaml:8:9',
      fix: 'add kubernetes/shared (or a directory above it) to the spec.sparseCheckout of GitRepository home-kubernetes, or correct spec.path',
    }],
  }, {
    // goochs/home-ops: a FluxInstance syncs the repository as GitRepository home-kubernetes, and every Kustomization uses it.
    name: 'a misspelt path of a Kustomization whose GitRepository is this repository under another name (a FluxInstance\'s sync)',
    repository: {
      'flux-instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.x"\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    name: home-kubernetes\n    url: https://github.com/example/home-ops.git\n    ref: refs/heads/main\n    path: clusters/main\n',
      'clusters/main/apps.yaml': syncedFrom('apps', './apps/podinf'),
      'apps/podinfo/cm.yaml': configMap('podinfo'),
    },
    findings: podinfMisspelt,
  }, {
    name: 'a misspelt path of a Kustomization whose GitRepository has the address GitRepository flux-system has',
    repository: {
      'clusters/main/flux-system/gotk-sync.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ssh://git@github.com/example/home-ops\n  ref:\n    branch: main\n---\n'
        + fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
      'clusters/main/mirror.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home-kubernetes\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/home-ops.git\n  ref:\n    branch: main\n',
      'clusters/main/apps.yaml': syncedFrom('apps', './apps/podinf'),
      'apps/podinfo/cm.yaml': configMap('podinfo'),
    },
    findings: podinfMisspelt,
  }, {
    name: 'a misspelt path, located at spec.path, with the directory it most likely means',
    repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./infrastructure/controlers'), 'infrastructure/controllers/cm.yaml': configMap('c') },
    findings: [{
      message: 'Kustomization flux-system/apps applies ./infrastructure/controlers, which does not exist under the repository root (.): kustomize-controller fails it with "kustomization path not found", and what depends on apps waits for ever',
      at: 'clusters/prod/apps.yaml:8:9',
      fix: 'did you mean ./infrastructure/controllers?',
    }],
  }, {
    name: 'an OCIRepository path found neither at the root nor above its file: the message says where it was looked for',
    repository: {
      'kubernetes/clusters/cluster-00/ks.yaml': fluxKustomization('cluster').replace('path: ./cluster', 'path: ./apps/overlays/cluster-01').replace('kind: GitRepository', 'kind: OCIRepository'),
      'kubernetes/apps/overlays/cluster-00/cm.yaml': configMap('apps'),
    },
    findings: [{
      message: 'Kustomization flux-system/cluster applies ./apps/overlays/cluster-01, which does not exist under the repository root (.), nor under any directory above its file that an OCIRepository artifact could be pushed from: kustomize-controller fails it with "kustomization path not found", and what depends on cluster waits for ever',
      at: 'kubernetes/clusters/cluster-00/ks.yaml:8:9',
      fix: 'correct spec.path (relative to the repository root), or pass --root the repository root',
    }],
  }, {
    // Diaoul/home-ops, xunholy/k8s-gitops: the repository's .sourceignore, read for every GitRepository of it.
    name: 'a path that is here but that the repository\'s .sourceignore leaves out (a GitRepository without a spec.ignore)',
    repository: { ...withoutSpecIgnore(), '.sourceignore': '# Flux ignore\n/*\n!/kubernetes/main\n', 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared') },
    findings: [{
      message: 'Kustomization flux-system/shared applies ./kubernetes/shared, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on shared waits for ever',
      at: 'kubernetes/main/flux/shared.yaml:8:9',
      fix: 'keep the directory in the artifact (a "!/kubernetes/shared" line after the pattern that excludes it in .sourceignore), or correct spec.path',
    }],
  }, {
    name: 'a path that a .sourceignore below the root leaves out: the line to add is written from that file\'s directory',
    repository: { ...withoutSpecIgnore(), 'kubernetes/.sourceignore': 'shared/\n', 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared') },
    findings: [{
      message: 'Kustomization flux-system/shared applies ./kubernetes/shared, which kubernetes/.sourceignore leaves out of the artifact of GitRepository home-kubernetes: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on shared waits for ever',
      at: 'kubernetes/main/flux/shared.yaml:8:9',
      fix: 'keep the directory in the artifact (a "!/shared" line after the pattern that excludes it in kubernetes/.sourceignore), or correct spec.path',
    }],
  }, {
    // onedr0p/home-ops and most home-ops repositories since: flux-operator makes GitRepository flux-system of the
    // FluxInstance's sync (none is written), and source-controller reads the repository's .sourceignore for it too.
    name: 'a path that the .sourceignore leaves out of the artifact of the GitRepository a FluxInstance makes',
    repository: {
      'kubernetes/flux/instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/home-ops\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n',
      'kubernetes/flux/cluster/shared.yaml': fluxKustomization('shared').replace('path: ./shared', 'path: ./kubernetes/shared'),
      'kubernetes/shared/cm.yaml': configMap('shared'),
      '.sourceignore': '/*\n!/kubernetes/flux\n!/kubernetes/apps\n',
    },
    findings: [{
      message: 'Kustomization flux-system/shared applies ./kubernetes/shared, which .sourceignore leaves out of the artifact of GitRepository flux-system: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on shared waits for ever',
      at: 'kubernetes/flux/cluster/shared.yaml:8:9',
      fix: 'keep the directory in the artifact (a "!/kubernetes/shared" line after the pattern that excludes it in .sourceignore), or correct spec.path',
    }],
  }, {
    // A .sourceignore that keeps kubernetes/apps and forgets kubernetes/flux: the FluxInstance's own sync path.
    name: 'the sync path of a FluxInstance, which the .sourceignore leaves out: located at sync.path',
    repository: {
      'kubernetes/flux/instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/home-ops\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n',
      'kubernetes/flux/cluster/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./kubernetes/apps'),
      'kubernetes/apps/cm.yaml': configMap('apps'),
      '.sourceignore': '/*\n!/kubernetes/apps\n',
    },
    findings: [{
      message: 'the FluxInstance syncs kubernetes/flux/cluster, which .sourceignore leaves out of the artifact of GitRepository flux-system: the directory is in the repository, but the Kustomization flux-operator makes of the sync fails the build with "kustomization path not found", and nothing it would apply is applied',
      at: 'kubernetes/flux/instance.yaml:11:11',
      fix: 'keep the directory in the artifact (a "!/kubernetes/flux/cluster" line after the pattern that excludes it in .sourceignore), or correct sync.path',
    }],
  }, {
    name: 'a path that is here but that the spec.ignore of the GitRepository the repository syncs through leaves out',
    repository: synced({ 'kubernetes/main/flux/shared.yaml': syncedFrom('shared', './kubernetes/shared') }),
    findings: [{
      message: 'Kustomization flux-system/shared applies ./kubernetes/shared, which the spec.ignore of GitRepository home-kubernetes leaves out of its artifact: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on shared waits for ever',
      at: 'kubernetes/main/flux/shared.yaml:8:9',
      fix: 'keep the directory in the artifact (a "!/kubernetes/shared" line after the pattern that excludes it in the spec.ignore of GitRepository home-kubernetes), or correct spec.path',
    }],
  }],
});
