import rule from '../../src/rules/kustomization-resource-not-in-artifact.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const kustomization = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((entry) => `  - ${entry}\n`).join('')}`;

/**
 * truxnell/home-cluster's layout: Kustomization cluster syncs kubernetes/main/flux from GitRepository
 * home-kubernetes (its own directory), whose artifact the repository's `.sourceignore` (or, with `ignore`, the
 * GitRepository's spec.ignore) narrows; Kustomization apps builds kubernetes/main/apps, whose kustomization lists
 * `resources`. kubernetes/shared holds a ConfigMap and a kustomization of its own.
 */
const synced = (resources: string[], { sourceIgnore, ignore, extra = {} }: { sourceIgnore?: string; ignore?: string; extra?: Record<string, string> }) => ({
  'kubernetes/main/flux/config/cluster.yaml': [
    'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', '  name: home-kubernetes', '  namespace: flux-system', 'spec:',
    '  interval: 30m', '  url: https://github.com/example/home-ops', '  ref:', '    branch: main', ...(ignore ? ['  ignore: |', ignore.trimEnd()] : []), '---',
    fluxKustomization('cluster').replace('path: ./cluster', 'path: ./kubernetes/main/flux').replace('name: flux-system\n', 'name: home-kubernetes\n'),
  ].join('\n'),
  'kubernetes/main/flux/apps.yaml': syncedFrom('apps', './kubernetes/main/apps'),
  'kubernetes/main/apps/kustomization.yaml': kustomization(...resources),
  'kubernetes/main/apps/cm.yaml': configMap('apps'),
  'kubernetes/shared/cm.yaml': configMap('shared'),
  'kubernetes/shared/kustomization.yaml': kustomization('./cm.yaml'),
  ...(sourceIgnore ? { '.sourceignore': sourceIgnore } : {}),
  ...extra,
});
const syncedFrom = (name: string, path: string) => fluxKustomization(name).replace(`path: ./${name}`, `path: ${path}`).replace('name: flux-system\n', 'name: home-kubernetes\n');
const keepMain = '# Flux ignore\n/*\n!/kubernetes/main\n';
/** The same layout with GitRepository home-kubernetes checking out only `dirs` (spec.sparseCheckout). */
const sparse = (resources: string[], dirs: string[]) => {
  const files = synced(resources, {});
  const cluster = files['kubernetes/main/flux/config/cluster.yaml'].replace('    branch: main\n', `    branch: main\n  sparseCheckout:\n${dirs.map((dir) => `    - ${dir}\n`).join('')}`);
  return { ...files, 'kubernetes/main/flux/config/cluster.yaml': cluster };
};

/**
 * onedr0p/home-ops's layout: a FluxInstance syncs kubernetes/flux/cluster from this repository (flux-operator
 * makes GitRepository flux-system of it: none is written), where Kustomization cluster-apps builds
 * kubernetes/apps (the namespace's kustomization lists the applications' ks.yaml); each application's
 * Kustomization builds its app/ directory.
 */
const instanceSynced = (syncKind: string, extra: Record<string, string>) => ({
  'kubernetes/flux/instance.yaml': `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: ${syncKind}\n    url: ${syncKind === 'GitRepository' ? 'https://github.com/example/home-ops' : 'oci://ghcr.io/example/home-ops'}\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n`,
  'kubernetes/flux/cluster/ks.yaml': fluxKustomization('cluster-apps').replace('path: ./cluster-apps', 'path: ./kubernetes/apps'),
  'kubernetes/apps/default/kustomization.yaml': kustomization('./echo/ks.yaml'),
  'kubernetes/apps/default/echo/ks.yaml': fluxKustomization('echo').replace('path: ./echo', 'path: ./kubernetes/apps/default/echo/app'),
  'kubernetes/apps/default/echo/app/kustomization.yaml': kustomization('./cm.yaml', './secret.sops.yaml'),
  'kubernetes/apps/default/echo/app/cm.yaml': configMap('echo'),
  'kubernetes/apps/default/echo/app/secret.sops.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: echo\nstringData:\n  token: ENC[AES256_GCM,data:x]\n',
  ...extra,
});

/** The flux-instance chart, its values (and instance.sync) in a file a configMapGenerator feeds to it through valuesFrom. */
const syncInValuesFile = (valuesFromName = 'flux-instance-values', values = 'instance:\n  distribution:\n    version: 2.x\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/home-ops\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n') => {
  const { 'kubernetes/flux/instance.yaml': _instance, ...files } = instanceSynced('GitRepository', { '.sourceignore': '*.sops.yaml\n' });
  return {
    ...files,
    'kubernetes/apps/flux-system/flux-instance/app/kustomization.yaml': `${kustomization('./helmrelease.yaml')}configMapGenerator:\n  - name: flux-instance-values\n    files:\n      - values.yaml=./helm/values.yaml\n`,
    'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  valuesFrom:\n    - kind: ConfigMap\n      name: ${valuesFromName}\n`,
    'kubernetes/apps/flux-system/flux-instance/app/helm/values.yaml': values,
  };
};

ruleTester(rule, {
  valid: [
    { name: 'every listed file is in the artifact', repository: synced(['./cm.yaml'], { sourceIgnore: keepMain }) },
    { name: 'every listed file is in a directory the GitRepository checks out (spec.sparseCheckout)', repository: sparse(['./cm.yaml', '../../shared'], ['kubernetes/main', './kubernetes/shared']) },
    {
      // A review's probe: source-controller reads the .sourceignore files of its checkout, and a sparse one holds none at the root.
      name: 'a root .sourceignore is not in a sparse checkout: its patterns leave nothing out',
      repository: { ...sparse(['./cm.yaml', '../../shared'], ['kubernetes/main', 'kubernetes/shared']), '.sourceignore': '/kubernetes/shared/\n' },
    },
    {
      name: 'a file outside the kept directory that a later "!" line brings back',
      repository: synced(['./cm.yaml', '../../shared/cm.yaml'], { sourceIgnore: `${keepMain}!/kubernetes/shared\n` }),
    },
    { name: 'no .sourceignore and no spec.ignore: the artifact is the repository', repository: synced(['./cm.yaml', '../../shared/cm.yaml'], {}) },
    {
      // Any pattern written turns source-controller's default exclusions off: the image is in the artifact.
      name: 'a .sourceignore written (whatever it says): a generator\'s image is in the artifact',
      repository: instanceSynced('GitRepository', {
        '.sourceignore': '# nothing left out but the docs\n/docs/\n',
        'kubernetes/apps/default/echo/app/kustomization.yaml': `${kustomization('./cm.yaml')}configMapGenerator:\n  - name: echo-assets\n    files:\n      - assets/logo.png\n`,
        'kubernetes/apps/default/echo/app/assets/logo.png': 'not really a png\n',
      }),
    },
    {
      // carpenike/k8s-gitops: one GitRepository of the name per cluster; only where every one of them leaves it out is it judged.
      name: 'a file that one GitRepository of the name leaves out and another keeps is not judged',
      repository: synced(['./cm.yaml', '../../shared/cm.yaml'], {
        ignore: '    /*\n    !/kubernetes/main\n',
        extra: { 'kubernetes/other/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home-kubernetes\n  namespace: flux-system\nspec:\n  interval: 30m\n  url: https://github.com/example/home-ops\n' },
      }),
    },
    {
      name: 'a kustomization no Flux Kustomization builds is not judged (kustomize build on a checkout passes)',
      repository: synced(['./cm.yaml'], { sourceIgnore: keepMain, extra: { 'kubernetes/main/unused/kustomization.yaml': kustomization('../../shared/cm.yaml') } }),
    },
    {
      // kustomize-controller generates a kustomization from what the artifact holds where the file is left out.
      name: 'a kustomization whose own file the artifact leaves out is not read, so not judged',
      repository: synced(['./cm.yaml', '../../shared/cm.yaml'], { sourceIgnore: `${keepMain}/kubernetes/main/apps/kustomization.yaml\n` }),
    },
    {
      // Below a generated path, a directory is a unit of its own only with its kustomization file in the artifact.
      name: 'below a path without a kustomization, a directory whose kustomization file the artifact leaves out is not judged',
      repository: synced(['./cm.yaml'], {
        sourceIgnore: `${keepMain}/kubernetes/main/tenants/a/kustomization.yaml\n`,
        extra: {
          'kubernetes/main/flux/tenants.yaml': syncedFrom('tenants', './kubernetes/main/tenants'),
          'kubernetes/main/tenants/a/kustomization.yaml': kustomization('./cm.yaml', '../../../shared/cm.yaml'),
          'kubernetes/main/tenants/a/cm.yaml': configMap('a'),
        },
      }),
    },
    {
      // A review's probes: only the ConfigMap valuesFrom names, and only the first document (Helm reads no other).
      name: 'a values file valuesFrom does not name, or a sync past the first document of one, is no sync',
      repository: syncInValuesFile('other-values'),
    },
    {
      name: 'a sync in the second document of the values file is none',
      repository: syncInValuesFile(undefined, 'instance:\n  distribution:\n    version: 2.x\n---\ninstance:\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/home-ops\n    path: kubernetes/flux/cluster\n'),
    },
    {
      name: 'a FluxInstance that syncs from an OCI artifact: its artifact is not this repository\'s files, nothing is judged',
      repository: instanceSynced('OCIRepository', { '.sourceignore': '.sops.yaml\n*.sops.yaml\n' }),
    },
    { name: 'a FluxInstance\'s GitRepository whose .sourceignore leaves out only what nothing lists', repository: instanceSynced('GitRepository', { '.sourceignore': '.sops.yaml\n' }) },
  ],
  invalid: [{
    // source-controller checks out only the listed directories: kubernetes/shared is not in the artifact.
    name: 'a listed directory outside every directory the GitRepository checks out (spec.sparseCheckout)',
    repository: sparse(['./cm.yaml', '../../shared'], ['kubernetes/main']),
    findings: [{
      message: 'resources: entry ../../shared is built from kubernetes/shared/kustomization.yaml, which the spec.sparseCheckout of GitRepository home-kubernetes leaves out of its artifact (it checks out only kubernetes/main): the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails (kustomize finds no kustomization file in the directory), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'add kubernetes/shared (or a directory above it) to the spec.sparseCheckout of GitRepository home-kubernetes, or remove the entry',
    }],
  }, {
    // A .sourceignore meant for the SOPS configuration (.sops.yaml) that also matches every encrypted secret.
    name: 'the GitRepository a FluxInstance makes (none is written): the repository\'s .sourceignore decides its artifact',
    repository: instanceSynced('GitRepository', { '.sourceignore': '.github/\n*.sops.yaml\n' }),
    findings: [{
      message: 'resources: entry ./secret.sops.yaml is kubernetes/apps/default/echo/app/secret.sops.yaml, which .sourceignore leaves out of the artifact of GitRepository flux-system: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/echo fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on echo waits for ever',
      at: 'kubernetes/apps/default/echo/app/kustomization.yaml:5:5',
      fix: 'the pattern "*.sops.yaml" (.sourceignore:2) leaves it out: add a "!/kubernetes/apps/default/echo/app/secret.sops.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'a listed file that the repository\'s .sourceignore leaves out: located at the entry, with the line that keeps it',
    repository: synced(['./cm.yaml', '../../shared/cm.yaml'], { sourceIgnore: keepMain }),
    findings: [{
      message: 'resources: entry ../../shared/cm.yaml is kubernetes/shared/cm.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'the pattern "/*" (.sourceignore:2) leaves it out: add a "!/kubernetes/shared/cm.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'a component the kustomization names, left out whole: located at its components key, with the directory to keep',
    repository: synced(['./cm.yaml'], {
      sourceIgnore: keepMain,
      extra: {
        'kubernetes/main/apps/kustomization.yaml': `${kustomization('./cm.yaml')}components:\n  - ../../components/common\n`,
        'kubernetes/components/common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./secret.sops.yaml\n',
        'kubernetes/components/common/secret.sops.yaml': configMap('secret'),
      },
    }),
    findings: [{
      message: 'components: entry ../../components/common is built from kubernetes/components/common/kustomization.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails (kustomize finds no kustomization file in the directory), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:1',
      fix: 'the pattern "/*" (.sourceignore:2) leaves it out: add a "!/kubernetes/components/common" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    // Diaoul/home-ops: every namespace's kustomization names components/common, whose sops component lists the secret.
    name: 'a file a component lists, left out: located at the component\'s entry',
    repository: synced(['./cm.yaml'], {
      sourceIgnore: `${keepMain}!/kubernetes/components\n*.sops.yaml\n`,
      extra: {
        'kubernetes/main/apps/kustomization.yaml': `${kustomization('./cm.yaml')}components:\n  - ../../components/common\n`,
        'kubernetes/components/common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./secret.sops.yaml\n',
        'kubernetes/components/common/secret.sops.yaml': configMap('secret'),
      },
    }),
    findings: [{
      message: 'resources: entry ./secret.sops.yaml is kubernetes/components/common/secret.sops.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/components/common/kustomization.yaml:4:5',
      fix: 'the pattern "*.sops.yaml" (.sourceignore:5) leaves it out: add a "!/kubernetes/components/common/secret.sops.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'a patch file the kustomization names, left out: located at its patches key',
    repository: synced(['./cm.yaml'], {
      sourceIgnore: `${keepMain}patch.yaml\n`,
      extra: {
        'kubernetes/main/apps/kustomization.yaml': `${kustomization('./cm.yaml')}patches:\n  - path: ./patch.yaml\n`,
        'kubernetes/main/apps/patch.yaml': configMap('apps'),
      },
    }),
    findings: [{
      message: 'patches: entry patch.yaml is kubernetes/main/apps/patch.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:1',
      fix: 'the pattern "patch.yaml" (.sourceignore:4) leaves it out: add a "!/kubernetes/main/apps/patch.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    // A trial's probe: a configMapGenerator's file that the .sourceignore leaves out (docs as *.md) passed, though
    // kustomize-controller's build fails to load it.
    name: 'a file a configMapGenerator or secretGenerator reads (files:, envs:), left out: located at the entry',
    repository: synced(['./cm.yaml'], {
      sourceIgnore: `${keepMain}*.md\n*.env\n`,
      extra: {
        'kubernetes/main/apps/kustomization.yaml': `${kustomization('./cm.yaml')}configMapGenerator:\n  - name: docs\n    files:\n      - index=docs/readme.md\n      - ./values.yaml\nsecretGenerator:\n  - name: app\n    envs:\n      - app.env\n`,
        'kubernetes/main/apps/docs/readme.md': '# docs\n',
        'kubernetes/main/apps/values.yaml': 'replicas: 1\n',
        'kubernetes/main/apps/app.env': 'TOKEN=x\n',
      },
    }),
    findings: [{
      message: 'configMapGenerator: entry docs/readme.md is kubernetes/main/apps/docs/readme.md, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:8:9',
      fix: 'the pattern "*.md" (.sourceignore:4) leaves it out: add a "!/kubernetes/main/apps/docs/readme.md" line after it (or narrow the pattern), or remove the entry',
    }, {
      message: 'secretGenerator: entry app.env is kubernetes/main/apps/app.env, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:13:9',
      fix: 'the pattern "*.env" (.sourceignore:5) leaves it out: add a "!/kubernetes/main/apps/app.env" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    // sulibot/home-ops writes a .sourceignore beside its authentik brand assets, saying why: the defaults drop them.
    name: 'no pattern written: source-controller\'s default exclusions leave out an image a generator reads',
    repository: instanceSynced('GitRepository', {
      'kubernetes/apps/default/echo/app/kustomization.yaml': `${kustomization('./cm.yaml')}configMapGenerator:\n  - name: echo-assets\n    files:\n      - logo.png=assets/logo.png\n      - theme.css=assets/theme.css\n`,
      'kubernetes/apps/default/echo/app/assets/logo.png': 'not really a png\n',
      'kubernetes/apps/default/echo/app/assets/theme.css': 'body {}\n',
    }),
    findings: [{
      message: 'configMapGenerator: entry assets/logo.png is kubernetes/apps/default/echo/app/assets/logo.png, which source-controller leaves out of the artifact of GitRepository flux-system by default (no .sourceignore and no spec.ignore is written, so its default exclusions apply, "*.png" among them): the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/echo fails ("no such file or directory"), so it applies nothing and what depends on echo waits for ever',
      at: 'kubernetes/apps/default/echo/app/kustomization.yaml:8:9',
      fix: 'write the patterns yourself: a .sourceignore at the repository root (any pattern turns the default exclusions off) or the GitRepository\'s spec.ignore; or remove the entry',
    }],
  }, {
    name: 'a component the Flux Kustomization\'s spec.components names, left out: located at spec.components',
    repository: synced(['./cm.yaml'], {
      sourceIgnore: keepMain,
      extra: {
        'kubernetes/main/flux/apps.yaml': syncedFrom('apps', './kubernetes/main/apps').replace('prune: true\n', 'prune: true\n  components:\n    - ../../components/common\n'),
        'kubernetes/components/common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./secret.sops.yaml\n',
        'kubernetes/components/common/secret.sops.yaml': configMap('secret'),
      },
    }),
    findings: [{
      message: 'spec.components: entry ../../components/common is built from kubernetes/components/common/kustomization.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails (kustomize finds no kustomization file in the directory), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/flux/apps.yaml:10:3',
      fix: 'the pattern "/*" (.sourceignore:2) leaves it out: add a "!/kubernetes/components/common" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    // blthazr/area0, anthony-spruyt/spruyt-labs: the flux-instance chart's values come from a file a configMapGenerator
    // feeds to the HelmRelease (valuesFrom), and its instance.sync is written there.
    name: 'the GitRepository of a flux-instance chart whose sync is given in a values file',
    repository: syncInValuesFile(),
    findings: [{
      message: 'resources: entry ./secret.sops.yaml is kubernetes/apps/default/echo/app/secret.sops.yaml, which .sourceignore leaves out of the artifact of GitRepository flux-system: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/echo fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on echo waits for ever',
      at: 'kubernetes/apps/default/echo/app/kustomization.yaml:5:5',
      fix: 'the pattern "*.sops.yaml" (.sourceignore:1) leaves it out: add a "!/kubernetes/apps/default/echo/app/secret.sops.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    // flux-operator names the GitRepository sync.name where it is set (else after the FluxInstance's namespace).
    name: 'the GitRepository a FluxInstance makes under its sync.name',
    repository: (() => {
      const files: Record<string, string> = instanceSynced('GitRepository', { '.sourceignore': '*.sops.yaml\n' });
      files['kubernetes/flux/instance.yaml'] = files['kubernetes/flux/instance.yaml']!.replace('    kind: GitRepository\n', '    kind: GitRepository\n    name: home-ops\n');
      for (const file of ['kubernetes/flux/cluster/ks.yaml', 'kubernetes/apps/default/echo/ks.yaml']) files[file] = files[file]!.replace('    name: flux-system\n', '    name: home-ops\n');
      return files;
    })(),
    findings: [{
      message: 'resources: entry ./secret.sops.yaml is kubernetes/apps/default/echo/app/secret.sops.yaml, which .sourceignore leaves out of the artifact of GitRepository home-ops: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/echo fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on echo waits for ever',
      at: 'kubernetes/apps/default/echo/app/kustomization.yaml:5:5',
      fix: 'the pattern "*.sops.yaml" (.sourceignore:1) leaves it out: add a "!/kubernetes/apps/default/echo/app/secret.sops.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'a listed directory whose kustomization the spec.ignore leaves out',
    repository: synced(['./cm.yaml', '../../shared'], { ignore: '    /*\n    !/kubernetes/main\n' }),
    findings: [{
      message: 'resources: entry ../../shared is built from kubernetes/shared/kustomization.yaml, which the spec.ignore of GitRepository home-kubernetes leaves out of its artifact: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails (kustomize finds no kustomization file in the directory), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'the pattern "/*" (the spec.ignore of GitRepository home-kubernetes) leaves it out: add a "!/kubernetes/shared" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'a .sourceignore below the root: the line to add is written from its directory',
    repository: synced(['./cm.yaml', './notes.yaml'], { extra: { 'kubernetes/main/.sourceignore': 'notes.yaml\n', 'kubernetes/main/apps/notes.yaml': configMap('notes') } }),
    findings: [{
      message: 'resources: entry ./notes.yaml is kubernetes/main/apps/notes.yaml, which kubernetes/main/.sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'the pattern "notes.yaml" (kubernetes/main/.sourceignore:1) leaves it out: add a "!/apps/notes.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }, {
    name: 'two Kustomizations that build the same kustomization: each is told its build fails',
    repository: synced(['./cm.yaml', '../../shared/cm.yaml'], { sourceIgnore: keepMain, extra: { 'kubernetes/main/flux/apps-again.yaml': syncedFrom('apps-again', './kubernetes/main/apps').replace('prune: true\n', 'prune: true\n  targetNamespace: again\n') } }),
    findings: [{
      message: 'resources: entry ../../shared/cm.yaml is kubernetes/shared/cm.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'the pattern "/*" (.sourceignore:2) leaves it out: add a "!/kubernetes/shared/cm.yaml" line after it (or narrow the pattern), or remove the entry',
    }, {
      message: 'resources: entry ../../shared/cm.yaml is kubernetes/shared/cm.yaml, which .sourceignore leaves out of the artifact of GitRepository home-kubernetes: the file is in the repository, but kustomize-controller\'s build of Kustomization flux-system/apps-again fails ("accumulating resources: ... no such file or directory"), so it applies nothing and what depends on apps-again waits for ever',
      at: 'kubernetes/main/apps/kustomization.yaml:5:5',
      fix: 'the pattern "/*" (.sourceignore:2) leaves it out: add a "!/kubernetes/shared/cm.yaml" line after it (or narrow the pattern), or remove the entry',
    }],
  }],
});
