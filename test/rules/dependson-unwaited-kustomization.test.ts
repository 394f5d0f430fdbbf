import rule from '../../src/rules/dependson-unwaited-kustomization.js';
import { describe } from 'vitest';
import { findKustomize } from '../../src/load/kustomize-build.js';
import { perClusterOverlay } from '../per-cluster-overlay.js';
import { fluxKustomization, ruleTester } from '../rule-tester.js';

/**
 * A tree nothing here applies (applied by hand, or by a Flux Kustomization made outside the repository) whose top
 * kustomization gives its Kustomizations traefik and aster, which depends on traefik, the namespace and wait: true.
 */
const handAppliedTree = {
  'cluster/kustomization.yaml': [
    'resources:', '  - apps/ks.yaml', 'patches:', '  - target:', '      group: kustomize.toolkit.fluxcd.io', '      kind: Kustomization', '    patch: |-',
    '      - op: add', '        path: /metadata/namespace', '        value: flux-system', '  - target:', '      group: kustomize.toolkit.fluxcd.io',
    '      kind: Kustomization', '    patch: |-', '      kind: Kustomization', '      metadata:', '        name: _', '      spec:', '        wait: true', '',
  ].join('\n'),
  'cluster/apps/ks.yaml': `${fluxKustomization('traefik').replace('  namespace: flux-system\n', '')}---\n${fluxKustomization('aster', ['traefik']).replace('  namespace: flux-system\n', '')}`,
  ...Object.fromEntries(['traefik', 'aster'].map((name) => [`${name}/deploy.yaml`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: ${name}, image: ${name}}]}\n`])),
};


/**
 * Two clusters, a and b, each synced from clusters/X with base/ (its ks.yaml) and a k.yaml of its own; cdir/ holds
 * what k applies in cluster a, x/ and empty/ a ConfigMap each (the paths the Kustomizations apply).
 */
function twoClusters(base: string, cdir: string, kOf: (cluster: 'a' | 'b') => string): Record<string, string> {
  return {
    'base/ks.yaml': base,
    'base/kustomization.yaml': 'resources:\n  - ks.yaml\n',
    'cdir/ks.yaml': cdir,
    'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n',
    'empty/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n  namespace: default\n',
    ...Object.fromEntries((['a', 'b'] as const).flatMap((cluster) => [
      [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
      [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
      [`clusters/${cluster}/kustomization.yaml`, 'resources:\n  - flux-system\n  - ../../base\n  - k.yaml\n'],
      [`clusters/${cluster}/k.yaml`, kOf(cluster)],
    ])),
  };
}

ruleTester(rule, {
  valid: [
    {
      // A trial's probe (spietras/clusters, applied by `flux create kustomization --path`): the top of a tree nothing here
      // applies patches wait: true and the namespace into every Kustomization; read as written, it gave 141 warnings.
      name: 'a tree applied by hand whose kustomization patches wait: true into its Kustomizations',
      needsKustomize: true,
      repository: handAppliedTree,
    },
    { name: 'the dependency waits for what it applies', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } },
    {
      name: 'or checks the health of it',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  healthChecks:\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: ingress-nginx\n      namespace: ingress\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      // fluxcd/pkg ssa's ApplyAllStaged: CRDs, Namespaces, ClusterRoles, then *Class kinds, each stage waited for
      // whatever spec.wait says (a trial's justingarfield/home-ops: an `-ns` Kustomization per app).
      name: 'the dependency applies only what kustomize-controller waits for by itself: a Namespace, CRDs, a ClusterRole, a StorageClass',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./infra/definitions'),
        'infra/definitions/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n  - crds.yaml\n',
        'infra/definitions/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n',
        // The tag makes the fast parser decline the file (as a vendored CRD bundle's descriptions do): the yaml package reads it.
        'infra/definitions/crds.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: !!str example.com\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: widget-reader\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: example.com/fast\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      // kstatus calls what has no status of its own Current once it exists (toboshii/home-ops's config, tholinka/home-ops's
      // multus-networks, jfroy/flatops's cluster-vap: a trial's false warnings).
      name: 'the dependency applies only what is ready once it exists: a ConfigMap and a generated Secret beside a Namespace, RBAC bindings, a NetworkAttachmentDefinition, a ValidatingAdmissionPolicy',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./infra/config'),
        'infra/config/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n  - settings.yaml\nsecretGenerator:\n  - name: tokens\n    literals: [a=b]\n',
        'infra/config/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n',
        'infra/config/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n---\napiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: iot\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: no-latest\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      // A review's probe: generators alone counted no object, and the warning stayed (ionfury/homelab's cluster-chart-values).
      name: 'the dependency applies only what its configMapGenerator makes: the values a postBuild.substituteFrom reads',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./infra/settings'),
        'infra/settings/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nconfigMapGenerator:\n  - name: cluster-settings\n    literals: [A=b]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      name: 'the same without a kustomization in the directory (kustomize-controller generates one of every manifest)',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./infra/namespaces'),
        'infra/namespaces/media.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      // A trial's probe: both this and dependsOn/suspended on one line, "may start too early" beside "waits for ever".
      name: 'a suspended dependency is dependsOn/suspended\'s',
      repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  suspend: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) },
    },
    {
      // A trial's probe: the warnings on a cycle's own edges said again what graph/cycle says at the same line.
      name: 'the edges of a dependsOn cycle are graph/cycle\'s',
      repository: { 'clusters/prod/a.yaml': fluxKustomization('a', ['b']), 'clusters/prod/b.yaml': fluxKustomization('b', ['a']), 'b/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: b\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: b\n' },
    },
  ],
  invalid: [
    {
      // A review's probe: the build is this tool's choice, not Flux's: without kustomize the tree is read as written
      // (counted in skipped), where the run stopped at exit 3 (the tester fails on any input error).
      name: 'a tree applied by hand, with neither kustomize nor kubectl on PATH: read as written',
      path: '/nonexistent',
      repository: handAppliedTree,
      findings: [{
        message: 'Kustomization aster depends on Kustomization traefik, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so aster may start too early',
        at: 'cluster/apps/ks.yaml:25:7',
        fix: 'set wait: true (or healthChecks) on Kustomization traefik',
      }],
    },
    {
      // A review's probe: the advice search went k (a) → c → s → t (b's copy) → u → k, through two clusters, and called
      // wait: true on k a deadlock; in cluster a nothing of it loops.
      name: 'the wait advised closes a loop only through another cluster\'s copy: advised all the same',
      repository: twoClusters(
        `${fluxKustomization('s', ['t']).replace('path: ./s', 'path: ./x')}---\n${fluxKustomization('u', ['k']).replace('path: ./u', 'path: ./x')}`,
        fluxKustomization('c', ['s']).replace('path: ./c', 'path: ./x'),
        (cluster) => (cluster === 'a'
          ? `${fluxKustomization('k').replace('path: ./k', 'path: ./cdir')}---\n${fluxKustomization('t').replace('path: ./t', 'path: ./x')}`
          : `${fluxKustomization('k', [], '  wait: true\n').replace('path: ./k', 'path: ./empty')}---\n${fluxKustomization('t', ['u']).replace('path: ./t', 'path: ./x')}`),
      ),
      findings: [{
        message: 'Kustomization flux-system/u depends on Kustomization flux-system/k, which has neither wait: true nor healthChecks in the cluster of clusters/a/flux-system: it is Ready once its objects are applied, before they run, so u may start too early',
        at: 'base/ks.yaml:29:7',
        fix: 'set wait: true (or healthChecks) on Kustomization k',
        dependency: 'k',
      }],
    },
    {
      // A review's remark (R13): the objects named as waiting for the Kustomization are found inside its cluster, as the
      // deadlock itself is. In cluster a, k applies c and d: c waits for k through u (a loop of that cluster, so wait:
      // true would deadlock); d's way runs through t, which depends on u only in cluster b: not a loop of cluster a.
      name: 'the objects a health check must leave out are those waiting inside the cluster, not through another cluster\'s copy',
      repository: twoClusters(
        [fluxKustomization('s', ['t'], '  wait: true\n'), fluxKustomization('u', ['k'], '  wait: true\n')].map((text) => text.replace(/path: \.\/[su]/, 'path: ./x')).join('---\n'),
        `${fluxKustomization('c', ['u'], '  wait: true\n').replace('path: ./c', 'path: ./x')}---\n${fluxKustomization('d', ['s'], '  wait: true\n').replace('path: ./d', 'path: ./x')}`,
        (cluster) => (cluster === 'a'
          ? `${fluxKustomization('k').replace('path: ./k', 'path: ./cdir')}---\n${fluxKustomization('t', [], '  wait: true\n').replace('path: ./t', 'path: ./x')}`
          : `${fluxKustomization('k', [], '  wait: true\n').replace('path: ./k', 'path: ./empty')}---\n${fluxKustomization('t', ['u'], '  wait: true\n').replace('path: ./t', 'path: ./x')}`),
      ),
      findings: [{
        message: 'Kustomization flux-system/u depends on Kustomization flux-system/k, which has neither wait: true nor healthChecks in the cluster of clusters/a/flux-system: it is Ready once its objects are applied, before they run, so u may start too early',
        at: 'base/ks.yaml:31:7',
        fix: 'give Kustomization k healthChecks for the objects u needs (not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock); nor for Kustomization flux-system/c or what it applies, which waits for Kustomization k to be Ready too (Kustomization flux-system/c depends on Kustomization flux-system/u; Kustomization flux-system/u depends on Kustomization flux-system/k), so a health check there deadlocks as well; where u needs what it applies, first remove one dependency of that loop',
      }],
    },...[
    // A trial's probe: kustomize-controller's checkHealth returns at once for an empty list, and drops an entry naming
    // the Kustomization itself (its guard against waiting on itself): both wait for nothing, as no healthChecks do.
    ['healthChecks: [] checks nothing', '  healthChecks: []\n'],
    ['healthChecks naming only the Kustomization itself', '  healthChecks:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n'],
    // A review's probe: written without a namespace, placed in flux-system by the kustomization that lists it; the
    // controller compares the namespace it is applied in.
    ['healthChecks naming only itself, its namespace given by the kustomization that lists it', '  healthChecks:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n', true],
  ].map(([name, spec, unplaced]) => ({
    name: name as string,
    repository: {
      'clusters/prod/infra.yaml': unplaced ? fluxKustomization('infra', [], spec as string).replace('  namespace: flux-system\n', '') : fluxKustomization('infra', [], spec as string),
      ...(unplaced ? { 'clusters/prod/kustomization.yaml': 'namespace: flux-system\nresources:\n  - infra.yaml\n  - apps.yaml\n' } : {}), 'infra/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: db\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: db\n', 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  })), {
    // The same probe: the search for a deadlock that wait: true would close found the cycle itself, and the fix said
    // "not wait: true: it applies what waits, through dependsOn, for it", which b's HelmRelease does not.
    name: 'a dependency on a member of a cycle: the usual fix, no deadlock that wait: true would close',
    repository: {
      'clusters/prod/a.yaml': fluxKustomization('a', ['b']), 'clusters/prod/b.yaml': fluxKustomization('b', ['a']), 'b/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: b\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: b\n',
      'clusters/prod/c.yaml': fluxKustomization('c', ['b']),
    },
    findings: [{
      message: 'Kustomization flux-system/c depends on Kustomization flux-system/b, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so c may start too early',
      at: 'clusters/prod/c.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization b',
      dependency: 'b',
    }],
  }, ...[
    ['a Namespace beside a Deployment: the Deployment is applied without waiting for its rollout', { 'infra/ns/kustomization.yaml': 'resources:\n  - namespace.yaml\n  - deploy.yaml\n', 'infra/ns/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' }],
    ['a Namespace beside a custom resource its controller still works on (an ExternalSecret)', { 'infra/ns/kustomization.yaml': 'resources:\n  - namespace.yaml\n  - secret.yaml\n', 'infra/ns/secret.yaml': 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: settings\n' }],
    ['a namespace of apiVersion other than v1 (not the staged kind)', { 'infra/ns/kustomization.yaml': 'resources:\n  - namespace.yaml\n', 'infra/ns/namespace.yaml': 'apiVersion: example.com/v1\nkind: Namespace\nmetadata:\n  name: media\n' }],
  ].map(([name, files]) => ({
    name: name as string,
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', 'path: ./infra/ns'),
      'infra/ns/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n',
      ...(files as Record<string, string>),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  })), ...[
    // A trial's probe (PingCAP-QE/ee-ops's prow-crd): a CRD bundle by URL. What it holds is not known here: the warning
    // says so, where it had said the objects run after Ready (a local CRD file is known, and not warned of).
    ['a Namespace beside a remote resource (what it holds is not known here)', './infra/ns', {
      'infra/ns/kustomization.yaml': 'resources:\n  - namespace.yaml\n  - https://github.com/example/crds/releases/download/v1/crds.yaml\n',
      'infra/ns/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n',
    }, 'the remote resource https://github.com/example/crds/releases/download/v1/crds.yaml'],
    ['two remote resources alone', './infra/crds', {
      'infra/crds/kustomization.yaml': 'resources:\n  - https://example.com/a.yaml\n  - github.com/example/crds//deploy?ref=v1\n',
    }, '2 remote resources (https://example.com/a.yaml, ...)'],
    // fdk-infra's external-secrets-crds: the upstream project's deploy/crds, from its own GitRepository.
    ['what another repository holds', './deploy/crds', {
      // (This repository's own address, so that the other one is known for another.)
      'clusters/prod/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/fleet\n  ref:\n    branch: main\n',
      'clusters/prod/upstream.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: upstream\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://github.com/example/upstream\n  ref:\n    tag: v1.0.0\n',
    }, 'what GitRepository flux-system/upstream holds'],
  ].map(([name, path, files, unread]) => ({
    name: name as string,
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra').replace('path: ./infra', `path: ${path as string}`)
        .replace('name: flux-system\n', (files as Record<string, string>)['clusters/prod/upstream.yaml'] ? 'name: upstream\n' : 'name: flux-system\n'),
      ...(files as Record<string, string>),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
    },
    findings: [{
      message: `Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks: it applies ${unread as string}, not read here; unless that is only CRDs, Namespaces and ClusterRoles (which kustomize-controller waits for by itself), it is Ready once its objects are applied, before they run, so apps may start too early`,
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  })), {
    // A trial's probe (allenporter/k8s-gitops): every Kustomization flux-system applies depends on flux-system.
    // wait: true there would make flux-system wait for apps, which waits for it: dependsOn/wait-deadlock's finding.
    name: 'a child that depends on its own parent: the fix is healthChecks, never the wait: true that would deadlock',
    repository: {
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['flux-system']),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/flux-system, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'give Kustomization flux-system healthChecks for the objects apps needs (not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock)',
      dependency: 'flux-system',
    }],
  }, {
    // A trial's probe (szinn/k8s-homelab): external-secrets applies the HelmRelease that installs the operator, which
    // depends on onepassword's HelmRelease, whose Kustomization depends on external-secrets. A health check on that
    // HelmRelease, or on the operator it installs, deadlocks as wait: true would: the fix says so, with the loop.
    name: 'the only HelmRelease the dependency applies waits for it: the fix leaves it and what it installs out, and names the loop',
    repository: {
      'clusters/prod/external-secrets.yaml': fluxKustomization('external-secrets'),
      'external-secrets/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: external-secrets\n  namespace: security\nspec:\n  interval: 1h\n  dependsOn:\n    - name: onepassword\n  chart:\n    spec:\n      chart: external-secrets\n',
      'clusters/prod/onepassword.yaml': fluxKustomization('onepassword', ['external-secrets']),
      'onepassword/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: onepassword\n  namespace: security\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: connect\n',
      'clusters/prod/web.yaml': fluxKustomization('web', ['external-secrets']),
    },
    findings: ['onepassword', 'web'].map((dependent) => ({
      message: `Kustomization flux-system/${dependent} depends on Kustomization flux-system/external-secrets, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so ${dependent} may start too early`,
      at: `clusters/prod/${dependent}.yaml:14:7`,
      fix: `give Kustomization external-secrets healthChecks for the objects ${dependent} needs (not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock); nor for HelmRelease security/external-secrets or what it installs, which waits for Kustomization external-secrets to be Ready too (HelmRelease security/external-secrets depends on HelmRelease security/onepassword; HelmRelease security/onepassword is applied by Kustomization flux-system/onepassword; Kustomization flux-system/onepassword depends on Kustomization flux-system/external-secrets), so a health check there deadlocks as well; where ${dependent} needs what it installs, first remove one dependency of that loop`,
      dependency: 'external-secrets',
    })),
  }, {
    // A trial's probe (Apocrathia/homelab): flux-system applies `stack`, which applies infra and does not wait, so
    // flux-system's wait would end with stack's Ready, before infra runs: no loop, the usual fix.
    name: 'a grandchild that depends on its grandparent through an applier that does not wait: the usual fix',
    repository: {
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/stack.yaml': fluxKustomization('stack'),
      'stack/infra.yaml': fluxKustomization('infra', ['flux-system']),
    },
    findings: [{
      message: 'Kustomization flux-system/infra depends on Kustomization flux-system/flux-system, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so infra may start too early',
      at: 'stack/infra.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization flux-system',
      dependency: 'flux-system',
    }],
  }, {
    // The same, with stack waiting: flux-system would wait for stack, stack for infra, infra for flux-system.
    name: 'a grandchild that depends on its grandparent through an applier that waits: healthChecks, not the wait: true that would deadlock',
    repository: {
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/stack.yaml': fluxKustomization('stack', [], '  wait: true\n'),
      'stack/infra.yaml': fluxKustomization('infra', ['flux-system']),
    },
    findings: [{
      message: 'Kustomization flux-system/infra depends on Kustomization flux-system/flux-system, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so infra may start too early',
      at: 'stack/infra.yaml:14:7',
      // stack waits for infra, which waits for flux-system: a health check on stack (or what it applies) deadlocks too.
      fix: 'give Kustomization flux-system healthChecks for the objects infra needs (not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock); nor for Kustomization flux-system/stack or what it applies, which waits for Kustomization flux-system to be Ready too (Kustomization flux-system/stack has wait: true, so it is Ready only once Kustomization flux-system/infra, which it applies, is; Kustomization flux-system/infra depends on Kustomization flux-system/flux-system), so a health check there deadlocks as well; where infra needs what it applies, first remove one dependency of that loop',
      dependency: 'flux-system',
    }],
  }, {
    name: 'a Kustomization with neither wait nor healthChecks, located at the item',
    repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  }, {
    // A review's probe: Flux's documented readyExpr reads the dependency's own status, written once its objects are applied.
    name: 'an item with a readyExpr: what it reads of the dependency is written at apply time too',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']).replace('    - name: infra\n', "    - name: infra\n      readyExpr: dep.metadata.generation == dep.status.observedGeneration\n"),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  }, {
    name: 'healthCheckExprs alone judge nothing (they apply to what wait or healthChecks select): said so',
    repository: {
      'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  healthCheckExprs:\n    - apiVersion: example.com/v1\n      kind: Widget\n      current: status.ready == true\n'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks (its healthCheckExprs judge nothing without them): it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: 'set wait: true (or healthChecks) on Kustomization infra',
      dependency: 'infra',
    }],
  }, {
    // flux-operator's sync template writes neither wait nor healthChecks; no file of the repository writes the Kustomization.
    name: 'the Kustomization a FluxInstance\'s sync makes: its fix goes through the FluxInstance, or past it',
    repository: {
      'clusters/prod/flux-instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: clusters/prod\n',
      'clusters/prod/apps.yaml': fluxKustomization('apps', ['flux-system']),
    },
    findings: [{
      message: 'Kustomization flux-system/apps depends on Kustomization flux-system/flux-system, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early',
      at: 'clusters/prod/apps.yaml:14:7',
      fix: "depend on the objects apps needs instead (Kustomization flux-system is made by FluxInstance flux-system/flux of its sync; healthChecks for it go in the FluxInstance's kustomize.patches, not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock)",
      dependency: 'flux-system',
    }],
  }],
});

// A trial's probe: only cluster b's overlay turns infra's wait off. apps, applied into both clusters, waits in b for
// b's copy; the verdict followed whichever cluster's copy sorted first (a: nothing; renamed c: the warning).
describe.skipIf(!findKustomize())('with kustomize or kubectl on PATH (skipped without: the per-cluster copy is what kustomize builds)', () => {
  const finding = (cluster: string) => ({
    message: `Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks in the cluster of clusters/${cluster}/flux-system (its file says wait: true; the patch at clusters/${cluster}/kustomization.yaml:7 turns it off): it is Ready once its objects are applied, before they run, so apps may start too early`,
    at: 'base/ks.yaml:28:7',
    fix: `keep the patch at clusters/${cluster}/kustomization.yaml:7 from setting wait: false on Kustomization infra (or give it healthChecks)`,
    dependency: 'infra',
  });
  ruleTester(rule, {
    valid: [{ name: 'one cluster\'s overlay patches infra, but leaves it waiting', repository: perClusterOverlay('b', 'timeout', '5m') }],
    invalid: [
      { name: 'one cluster\'s overlay turns the dependency\'s wait off: its cluster sorts second', repository: perClusterOverlay('b', 'wait', 'false'), findings: [finding('b')] },
      { name: 'one cluster\'s overlay turns the dependency\'s wait off: its cluster sorts first', repository: perClusterOverlay('b', 'wait', 'false', ['b', 'c']), findings: [finding('b')] },
      {
        // A review's probe: two clusters' patches (alike), one copy kept, and its fix named one patch of the two.
        name: 'two clusters\' overlays turn the dependency\'s wait off, each with its own patch: both named',
        repository: perClusterOverlay(['b', 'c'], 'wait', 'false', ['a', 'b', 'c']),
        findings: [{
          message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra, which has neither wait: true nor healthChecks in the clusters of clusters/b/flux-system and clusters/c/flux-system (its file says wait: true; the patches at clusters/b/kustomization.yaml:7 and clusters/c/kustomization.yaml:7 turn it off): it is Ready once its objects are applied, before they run, so apps may start too early',
          at: 'base/ks.yaml:28:7',
          fix: 'keep the patches at clusters/b/kustomization.yaml:7 and clusters/c/kustomization.yaml:7 from setting wait: false on Kustomization infra (or give it healthChecks)',
          dependency: 'infra',
        }],
      },
    ],
  });
});
