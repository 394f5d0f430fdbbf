import rule from '../../src/rules/dependson-unknown-target.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';
import { fluxManifests, syncingAll } from '../flux-pins.js';
import { fromBranch, prod } from '../other-ref-fixtures.js';

/** A flux-operator ResourceSet: the Flux objects it generates are dependsOn targets too. */
const resourceSet = (spec: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: tenants\n  namespace: flux-system\nspec:\n${spec}`;
const kustomizationTemplate = (name: string, indent: string, namespace = 'flux-system') =>
  `${indent}apiVersion: kustomize.toolkit.fluxcd.io/v1\n${indent}kind: Kustomization\n${indent}metadata:\n${indent}  name: ${name}\n${indent}  namespace: ${namespace}\n`;
/** A ResourceSet whose inputs come from a provider, generating Kustomizations in `namespace`. */
const providerSet = (namespace: string) => resourceSet(`  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: tenants\n  resourcesTemplate: |\n${kustomizationTemplate('infra-<< inputs.tenant >>', '    ', namespace)}`);

/** A ResourceSetInputProvider in flux-system (`type`, Static by default) with `values` as its defaultValues and `labels`. */
const inputProvider = (name: string, values: Record<string, string | string[]>, labels: Record<string, string> = {}, type = 'Static') => [
  'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSetInputProvider', 'metadata:', `  name: ${name}`, '  namespace: flux-system',
  ...(Object.keys(labels).length > 0 ? ['  labels:', ...Object.entries(labels).map(([key, value]) => `    ${key}: ${value}`)] : []),
  'spec:', `  type: ${type}`, '  defaultValues:',
  ...Object.entries(values).map(([key, value]) => (Array.isArray(value) ? `    ${key}: [${value.join(', ')}]` : `    ${key}: ${value}`)), '',
].join('\n');
/** A ResourceSet in flux-system whose inputs come from `from` (inputsFrom items), generating Kustomization `name` (a template). */
/** Kustomization flux-system applying clusters/CLUSTER: what applies a ResourceSet applies the providers it may use. */
const syncing = (cluster: string) => ({ [`clusters/${cluster}/flux-system.yaml`]: fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`) });
const fromProviders = (from: string, name: string, spec = '') => resourceSet(`  inputsFrom:\n${from}  resources:\n    - ${kustomizationTemplate(name, '      ').trimStart()}${spec}`);

/** A ResourceSet whose one dependsOn item names HelmRelease flux-system/db as `apiVersion` and `kind` (ready: true). */
const waitingFor = (apiVersion: string, kind = 'HelmRelease') => resourceSet(`  dependsOn:\n    - apiVersion: ${apiVersion}\n      kind: ${kind}\n      name: db\n      namespace: flux-system\n      ready: true\n  resources: []\n`);

/**
 * ResourceSet my-apps with inputStrategy Permute and inline inputs tenant a and b: Kustomizations infra-<tenant> and
 * app-<tenant>, which depends on `dependency` (a template), read through `key` (`my_apps.tenant` under Permute).
 */
const permuted = (dependency: string, key = 'my_apps.tenant') => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: my-apps\n  namespace: flux-system\nspec:\n  inputStrategy:\n    name: Permute\n  inputs:\n    - tenant: a\n    - tenant: b\n  resources:\n    - ${kustomizationTemplate(`infra-<< inputs.${key} >>`, '      ').trimStart()}    - ${kustomizationTemplate(`app-<< inputs.${key} >>`, '      ').trimStart()}      spec:\n        dependsOn:\n          - name: ${dependency}\n`;

/** Kustomization apps (./apps), substituting values from a ConfigMap only the cluster holds. */
const substitutingFrom = fluxKustomization('apps', [], '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: settings\n');

/**
 * An unpacked archive (no .git) of kubernetes/apps/{infra,web}, each a ks.yaml whose path names its app/ from the
 * repository's top: Kustomization `infra` (named `name`) and web, which depends on `dependency`.
 */
const belowTop = (name: string, dependency: string) => ({
  'kubernetes/apps/infra/ks.yaml': fluxKustomization(name).replace(`path: ./${name}`, 'path: ./kubernetes/apps/infra/app'),
  'kubernetes/apps/infra/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n',
  'kubernetes/apps/web/ks.yaml': fluxKustomization('web', [dependency]).replace('path: ./web', 'path: ./kubernetes/apps/web/app'),
  'kubernetes/apps/web/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
});

/** Cluster prod, where Kustomization constraints applies from branch common of this repository (`spec` added) and apps depends on gatekeeper-constraints. */
const withBranchSource = (spec = '') => prod({ 'clusters/prod/common.yaml': fromBranch(spec), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['gatekeeper-constraints']) });

ruleTester(rule, {
  valid: [
    {
      // The branch may hold it: dependsOn/unread-target's warning, not this error (a trial's probe, makkes/flux-mc-control-plane).
      name: 'a target that what the cluster applies from another branch may hold',
      repository: withBranchSource(),
    },
    {
      // A review's probe: one kubeconfig Secret, written with its default key once and without it once, is one cluster.
      name: 'a dependency applied through the same kubeconfig Secret, once written with key: value',
      repository: {
        'clusters/mgmt/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/mgmt'),
        'clusters/mgmt/remotes.yaml': [['prod-apps', './base', ''], ['prod-infra', './infra-ks', '      key: value\n']].map(([name, path, key]) =>
          fluxKustomization(name!).replace(`path: ./${name}`, `path: ${path}`).replace('  sourceRef:', `  kubeConfig:\n    secretRef:\n      name: prod-kc\n${key}  sourceRef:`)).join('---\n'),
        'base/apps.yaml': fluxKustomization('apps', ['infra']),
        'infra-ks/infra.yaml': fluxKustomization('infra'),
        'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
        'infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n',
      },
    },
    {
      // flux-operator scopes a ResourceSet's own inputs under its normalized name when the strategy is Permute.
      name: 'inputStrategy Permute: items read through the ResourceSet\'s scope (inputs.my_apps.tenant) resolve per input',
      repository: { 'clusters/prod/apps.yaml': permuted('infra-<< inputs.my_apps.tenant >>') },
    },
    { name: 'the dependency exists', repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']) } },
    {
      // flux-operator gets the object by the item's apiVersion: a Flux that still serves the beta finds it.
      name: 'a ResourceSet item written in a beta that the Flux the repository installs (2.5) still serves',
      repository: { ...syncingAll, 'clusters/main/flux.yaml': fluxManifests('v2.5.1'), 'apps/db.yaml': helmRelease('db'), 'apps/tenants.yaml': waitingFor('helm.toolkit.fluxcd.io/v2beta2') },
    },
    {
      name: 'a ResourceSet generates it (resources:)',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet(`  resources:\n    - ${kustomizationTemplate('infra', '      ').trimStart()}`),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra']),
      },
    },
    {
      name: 'dependsOn items a ResourceSet template writes resolve per input, in resources: and in resourcesTemplate',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: a', '    - tenant: b', '  resources:',
          `    - ${kustomizationTemplate('infra-<< inputs.tenant >>', '      ').trimStart()}`,
          `    - ${kustomizationTemplate('apps-<< inputs.tenant >>', '      ').trimStart()}      spec:`,
          '        dependsOn:', '          - name: infra-<< inputs.tenant >>', '            namespace: flux-system', '          - name: << inputs.missing >>',
          '  resourcesTemplate: |',
          `${kustomizationTemplate('web-<< inputs.tenant >>', '    ')}    spec:`, '      dependsOn:', '        - name: apps-<< inputs.tenant >>', '',
        ].join('\n')),
      },
    },
    {
      // A review's probes: which items exist is the template language's to decide per input, or a line ends the list.
      name: 'a resourcesTemplate dependsOn under a conditional, an item named by a variable, a whitespace-only line before the next key: not judged',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: a', '    - tenant: b', '  resourcesTemplate: |',
          `${kustomizationTemplate('infra-<< inputs.tenant >>', '    ')}    spec:`,
          '      <<- if ne inputs.tenant "a" >>', '      dependsOn:', '        - name: infra-a-only-when-not-a', '      <<- end >>',
          '    ---', `${kustomizationTemplate('apps-<< inputs.tenant >>', '    ')}    spec:`,
          '      dependsOn:', '        - name: << $missing >>', '          namespace: elsewhere', '        - name: infra-<< inputs.tenant >>', '      ',
          '      healthChecks:', '        - name: not-a-dependency', '          namespace: apps', '',
        ].join('\n')),
      },
    },
    {
      // A trial's probe (Jdavid77/home-cluster): an anchor on the templated name is YAML's, once the template is rendered.
      name: 'a templated name with a YAML anchor before it (`name: &app << inputs.name >>-runner`)',
      repository: {
        'clusters/prod/runners.yaml': resourceSet('  inputs:\n    - name: alpha\n  resourcesTemplate: |\n    apiVersion: kustomize.toolkit.fluxcd.io/v1\n    kind: Kustomization\n    metadata:\n      name: &app << inputs.name >>-runner # the runner\n      namespace: flux-system\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['alpha-runner']),
      },
    },
    {
      // A trial's probe: flux-operator makes a Kustomization of the FluxInstance's sync, named after its namespace.
      name: 'the Kustomization a FluxInstance\'s sync makes (flux-system in flux-system)',
      repository: {
        'clusters/prod/flux.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: clusters/prod\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['flux-system']),
      },
    },
    {
      // A review's probe: flux-operator makes the Kustomization whatever the sync's source kind.
      name: 'the Kustomization a FluxInstance\'s OCIRepository sync makes',
      repository: {
        'clusters/prod/flux.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: OCIRepository\n    url: oci://ghcr.io/example/fleet\n    ref: latest\n    path: clusters/prod\n',
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['flux-system']),
      },
    },
    {
      // Only a Static provider's input is written here; one of another type, or one whose name a ${VARIABLE} gives, is
      // the cluster's to know.
      name: 'inputs from a provider of another type: names taken as open',
      repository: {
        'clusters/prod/inputs.yaml': inputProvider('prs', { name: 'pr-1' }, { kind: 'pr' }, 'GitHubPullRequest'),
        'clusters/prod/prs.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      selector: {matchLabels: {kind: pr}}\n', 'infra-<< inputs.name >>'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-pr-42']),
      },
    },
    {
      name: 'inputs from a Static provider with a ${VARIABLE} (its applier\'s postBuild may change it): names taken as open',
      repository: {
        'clusters/prod/inputs.yaml': inputProvider('vars', { name: 'pr-${NUMBER}' }, { kind: 'var' }),
        'clusters/prod/vars.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      selector: {matchLabels: {kind: var}}\n', 'infra-<< inputs.name >>'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-pr-42']),
      },
    },
    {
      // A trial's probe: one shared ResourceSet two clusters apply, each with its own provider: expanded with the first
      // cluster's, it said db-a was missing in cluster b. Not expanded: each cluster's inputs differ.
      name: 'a shared ResourceSet two clusters apply as one object, each with its own Static provider: names taken as open',
      repository: {
        ...Object.fromEntries(['a', 'b'].flatMap((cluster) => [
          [`clusters/${cluster}/flux/flux-system/gotk-sync.yaml`, `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  ref: {branch: main}\n  url: https://github.com/example/fleet.git\n---\n${fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}/flux`)}`],
          [`clusters/${cluster}/flux/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
          [`clusters/${cluster}/flux/info.yaml`, inputProvider('cluster-info', { env: cluster })],
          [`clusters/${cluster}/flux/tenants.yaml`, fluxKustomization('tenants').replace('path: ./tenants', 'path: ./shared/tenants')],
        ])),
        'clusters/a/flux/db.yaml': helmRelease('db-a'),
        'clusters/b/flux/db.yaml': helmRelease('db-b'),
        'shared/tenants/apps.yaml': resourceSet([
          '  inputsFrom:', '    - kind: ResourceSetInputProvider', '      name: cluster-info', '  resources:', '    - apiVersion: helm.toolkit.fluxcd.io/v2',
          '      kind: HelmRelease', '      metadata:', '        name: app-<< inputs.env >>', '        namespace: flux-system', '      spec:', '        interval: 10m',
          '        dependsOn:', '          - name: db-<< inputs.env >>', '        chart: {spec: {chart: app, sourceRef: {kind: HelmRepository, name: charts}}}', '',
        ].join('\n')),
      },
    },
    {
      // A review's probe: what an overlay makes of a provider (a patch of its values) is not read as written: the
      // ResourceSet is not expanded over it.
      name: 'a Static provider an overlay patches: names taken as open',
      repository: {
        ...syncing('prod'),
        'clusters/prod/kustomization.yaml': 'resources:\n  - flux-system.yaml\n  - ../../base\n  - web.yaml\npatches:\n  - target: {kind: ResourceSetInputProvider}\n    patch: |-\n      - {op: replace, path: /spec/defaultValues/tenant, value: prod}\n',
        'base/kustomization.yaml': 'resources:\n  - team.yaml\n  - apps.yaml\n',
        'base/team.yaml': inputProvider('team', { tenant: 'base' }),
        'base/apps.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      name: team\n', 'app-<< inputs.tenant >>'),
        'clusters/prod/web.yaml': fluxKustomization('web', ['app-prod']),
      },
      needsKustomize: true,
    },
    {
      // A review's probe: flux-operator never reconciles a provider so annotated, and it exports no inputs.
      name: 'a Static provider annotated reconcile: disabled: names taken as open',
      repository: {
        ...syncing('prod'),
        'clusters/prod/team.yaml': inputProvider('team', { tenant: 'a' }).replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations: {fluxcd.controlplane.io/reconcile: disabled}\n'),
        'clusters/prod/apps.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      name: team\n', 'app-<< inputs.tenant >>'),
        'clusters/prod/web.yaml': fluxKustomization('web', ['app-x']),
      },
    },
    {
      name: 'inputs from a provider: the generated names cannot be known offline, so nothing is claimed',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet(`  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: tenants\n  resourcesTemplate: |\n${kustomizationTemplate('infra-<< inputs.tenant >>', '    ')}`),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-x']),
      },
    },
    {
      // A trial's probe: a value only the cluster knows (postBuild.substituteFrom) names the HelmRelease.
      name: 'an object a ${VARIABLE} names may be the one named: redis, where DB_NAME comes from substituteFrom',
      repository: { 'clusters/prod/apps.yaml': substitutingFrom, 'apps/db.yaml': helmRelease('${DB_NAME}'), 'apps/web.yaml': helmRelease('web', ['redis']) },
    },
    {
      // fluxcd/pkg substitutes with no variable defined only under substituteStrategy: Always (kustomize_varsub.go).
      name: 'the same ${VARIABLE} where what applies the dependent has an empty postBuild with substituteStrategy: Always: its default is taken, and db exists',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substituteStrategy: Always\n    substitute: {}\n'), 'apps/db.yaml': helmRelease('db'), 'apps/web.yaml': helmRelease('web', ['${DB_NAME:-db}']) },
    },
    {
      // The same object, marked substitute: disabled but naming db as written: nothing to say.
      name: 'an object marked kustomize.toolkit.fluxcd.io/substitute: disabled whose items name existing objects',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute:\n      DB_NAME: db\n'),
        'apps/db.yaml': helmRelease('db'),
        'apps/web.yaml': helmRelease('web', ['db'], { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }),
      },
    },
  ],
  invalid: [
    {
      // A review's probe: only the namespace is substituted (`namespace: ${NS}`); the name is as written, no note of it.
      name: 'a misspelt name whose namespace a postBuild substitutes: no "written" note, the did-you-mean alone',
      repository: {
        'clusters/prod/web.yaml': fluxKustomization('web', [], '  postBuild:\n    substitute:\n      NS: flux-system\n'),
        'web/hr.yaml': helmRelease('web', [{ name: 'postgress', namespace: '${NS}' }]),
        'web/db.yaml': helmRelease('postgres'),
      },
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/postgress, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'web/hr.yaml:8:7',
        fix: 'did you mean postgres?',
      }],
    },
    {
      // A trial's probe: one input's value is a typo; the template line `- name: << inputs.dep >>` is every input's, and
      // the finding said nothing of the input: now it names the input and where its value is written.
      name: 'a name one input of a ResourceSet gives: the input and where its value is written',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: team-a', '      dep: base', '    - tenant: team-b', '      dep: bsae', '  resources:',
          `    - ${kustomizationTemplate('app-<< inputs.tenant >>', '      ').trimStart()}      spec:`, '        dependsOn:', '          - name: << inputs.dep >>', '',
        ].join('\n')),
        'clusters/prod/base.yaml': fluxKustomization('base'),
      },
      findings: [
        {
          message: 'Kustomization flux-system/app-team-b depends on Kustomization flux-system/bsae (written << inputs.dep >>, which input 2 of ResourceSet flux-system/tenants gives: dep at clusters/prod/tenants.yaml:11:12), which does not exist in the repository: Flux holds app-team-b at DependencyNotReady for ever',
          at: 'clusters/prod/tenants.yaml:20:13',
          fix: 'did you mean base? (inputs.dep is written at clusters/prod/tenants.yaml:11:12)',
        },
      ],
    },
    {
      // A trial's probe: clusters a and b apply the shared apps/ with each its own ConfigMap of values; b's is a typo. The
      // finding stood at the shared `${DB}` alone: now it says whose postBuild made the name, and whence DB's value.
      name: 'a name one cluster\'s substituteFrom value makes: the Kustomization that substitutes it and the file the value comes from',
      repository: {
        ...Object.fromEntries(['a', 'b'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
          [`clusters/${cluster}/apps.yaml`, fluxKustomization('apps', [], '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n')],
          [`clusters/${cluster}/vars.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  DB: postgres-${cluster === 'a' ? 'a' : 'bb'}\n`],
        ])),
        'apps/app.yaml': helmRelease('app', ['${DB}']),
        'apps/dbs.yaml': `${helmRelease('postgres-a')}---\n${helmRelease('postgres-b')}`,
      },
      findings: [
        {
          message: 'HelmRelease flux-system/app depends on HelmRelease flux-system/postgres-bb (written ${DB}, which Kustomization flux-system/apps (clusters/b/apps.yaml) substitutes, DB from clusters/b/vars.yaml), which does not exist in the repository: Flux holds app at DependencyNotReady for ever',
          at: 'apps/app.yaml:8:7',
          fix: 'did you mean postgres-b? (${DB} comes from clusters/b/vars.yaml)',
        },
      ],
    },
    {
      // Review 119's remark: it said "which does not exist in the repository", where the template writes it plainly.
      name: 'a target a ResourceSet template annotates reconcile: disabled, written plainly and decided by an input',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: a', '      reconcile: enabled', '    - tenant: b', '      reconcile: disabled', '  resources:',
          `    - ${kustomizationTemplate('infra', '      ').trimStart()}        annotations:`, '          fluxcd.controlplane.io/reconcile: disabled',
          `    - ${kustomizationTemplate('apps-<< inputs.tenant >>', '      ').trimStart()}        annotations:`, '          fluxcd.controlplane.io/reconcile: << inputs.reconcile >>', '',
        ].join('\n')),
        'clusters/prod/web.yaml': fluxKustomization('web', ['infra', 'apps-a', 'apps-b']),
      },
      findings: [
        {
          message: 'Kustomization flux-system/web depends on Kustomization flux-system/infra, which ResourceSet flux-system/tenants leaves out: its template at clusters/prod/tenants.yaml:16 annotates it fluxcd.controlplane.io/reconcile: disabled, so flux-operator never creates it: Flux holds web at DependencyNotReady for ever',
          at: 'clusters/prod/web.yaml:14:7',
          fix: 'enable it in ResourceSet flux-system/tenants (the annotation, or the input that sets it to disabled), or remove this item',
          dependency: 'infra',
        },
        {
          message: 'Kustomization flux-system/web depends on Kustomization flux-system/apps-b, which ResourceSet flux-system/tenants leaves out: its template at clusters/prod/tenants.yaml:23 annotates it fluxcd.controlplane.io/reconcile: disabled, so flux-operator never creates it: Flux holds web at DependencyNotReady for ever',
          at: 'clusters/prod/web.yaml:16:7',
          fix: 'enable it in ResourceSet flux-system/tenants (the annotation, or the input that sets it to disabled), or remove this item',
          dependency: 'apps-b',
        },
      ],
    },
    {
      // A review's probe: cluster a's ResourceSet disables infra; cluster b has none, and was told to enable it in a's.
      name: 'a target only another cluster\'s ResourceSet disables: it does not exist, as for any missing name',
      repository: {
        ...syncing('a'), ...syncing('b'),
        'clusters/a/tenants.yaml': resourceSet(`  inputs:\n    - tenant: a\n  resources:\n    - ${kustomizationTemplate('infra', '      ').trimStart()}        annotations: {fluxcd.controlplane.io/reconcile: disabled}\n`),
        'clusters/b/web.yaml': fluxKustomization('web', ['infra']),
      },
      findings: [{
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/infra, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'clusters/b/web.yaml:14:7',
        fix: 'correct the name, or remove this item',
        dependency: 'infra',
      }],
    },
    {
      // A suspended Kustomization of the other branch applies nothing on a new cluster: nothing may hold the target.
      name: 'a target that only a suspended Kustomization of another branch might have applied',
      repository: withBranchSource('  suspend: true\n'),
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/gatekeeper-constraints, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'correct the name, or remove this item',
        dependency: 'gatekeeper-constraints',
      }],
    },
    {
      // Reviews' probes: production has redis in another namespace; namespace-mismatch, which judges the item by all its
      // copies, does not report it, so this finding names the namespace there.
      name: 'a dependent two clusters apply, whose target one cluster has in another namespace',
      repository: {
        'base/app.yaml': helmRelease('app', ['redis'], { namespace: 'apps' }),
        'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
        ...Object.fromEntries(['production', 'staging'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
          [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
          [`clusters/${cluster}/kustomization.yaml`, 'resources:\n  - flux-system\n  - ../../base\n  - redis.yaml\n'],
          [`clusters/${cluster}/redis.yaml`, helmRelease('redis', [], { namespace: cluster === 'production' ? 'db' : 'apps' })],
        ])),
      },
      findings: [{
        message: 'HelmRelease apps/app depends on HelmRelease apps/redis, which does not exist in the cluster of clusters/production/flux-system in namespace apps (there it lives in db), where app is applied too (redis is there only in the cluster of clusters/staging/flux-system): Flux holds app there at DependencyNotReady for ever',
        at: 'base/app.yaml:8:7',
        fix: 'give this item namespace db in that cluster (a patch of its overlay), or apply HelmRelease redis in namespace apps there',
        dependency: 'redis',
      }],
    },
    {
      // A trial's probe: a shared base's apps depends on monitoring, which only staging's overlay adds; production's
      // apps waits for ever, and the audit passed.
      name: 'a dependent two clusters apply depends on what only one of them applies',
      repository: {
        'base/ks.yaml': `${fluxKustomization('infra')}---\n${fluxKustomization('apps', ['infra', 'monitoring'])}`,
        'base/kustomization.yaml': 'resources:\n  - ks.yaml\n',
        ...Object.fromEntries(['production', 'staging'].flatMap((cluster) => [
          [`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)],
          [`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n'],
          [`clusters/${cluster}/kustomization.yaml`, `resources:\n  - flux-system\n  - ../../base\n${cluster === 'staging' ? '  - monitoring.yaml\n' : ''}`],
        ])),
        'clusters/staging/monitoring.yaml': fluxKustomization('monitoring'),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/monitoring, which does not exist in the cluster of clusters/production/flux-system, where apps is applied too (monitoring is there only in the cluster of clusters/staging/flux-system): Flux holds apps there at DependencyNotReady for ever',
        at: 'base/ks.yaml:28:7',
        fix: 'apply Kustomization monitoring in that cluster too, or drop this item from apps there (a patch of its overlay)',
        dependency: 'monitoring',
      }],
    },
    {
      // A trial's probe: `check` from kubernetes/apps/web of an unpacked archive (no .git): infra is there, outside the root.
      name: 'audited from a directory below the repository\'s top where no .git marks it: the fix names the root, not a rename',
      repository: belowTop('infra', 'infra'),
      root: 'kubernetes/apps/web',
      findings: [{
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/infra, which is nowhere under the root (.): Flux holds web at DependencyNotReady for ever',
        at: 'ks.yaml:14:7',
        fix: 'pass --root ../../.. (the repository root, as the Kustomizations\' spec.path show: what lies outside the root is not read), then judge this item again',
      }],
    },
    {
      // A review's probe: a typo under such a root keeps its did-you-mean; passing --root would not mend it.
      name: 'audited from below the repository\'s top, a name close to one under the root: did you mean, not --root',
      repository: belowTop('cert-manager', 'cert-manger'),
      root: 'kubernetes/apps',
      findings: [{
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/cert-manger, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'web/ks.yaml:14:7',
        fix: 'did you mean cert-manager?',
      }],
    },
    {
      // A trial's probe: kustomize-controller substitutes only with spec.postBuild; without one, ${DB_NAME:-db} is the name.
      name: 'a ${VARIABLE} in an item where what applies the dependent has no postBuild: the name stays as written',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps'), 'apps/db.yaml': helmRelease('db'), 'apps/web.yaml': helmRelease('web', ['${DB_NAME:-db}']) },
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/${DB_NAME:-db}, but Kustomization flux-system/apps, which applies it, has no postBuild variables: Flux substitutes no variable there, so the name stays as written, no object has it, and Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:8:7',
        fix: 'add spec.postBuild (substitute or substituteFrom) to Kustomization apps, or write the name itself',
      }],
    },
    {
      // A review's probe: a postBuild with no variable defined substitutes nothing (WithVariables, the default).
      name: 'a ${VARIABLE} where what applies the dependent has a postBuild with no values: the name stays as written',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute: {}\n'), 'apps/db.yaml': helmRelease('db'), 'apps/web.yaml': helmRelease('web', ['${DB_NAME:-db}']) },
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/${DB_NAME:-db}, but Kustomization flux-system/apps, which applies it, has no postBuild variables: Flux substitutes no variable there, so the name stays as written, no object has it, and Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:8:7',
        fix: 'add spec.postBuild (substitute or substituteFrom) to Kustomization apps, or write the name itself',
      }],
    },
    {
      // A trial's probe: kustomize-controller skips an object marked substitute: disabled, whatever postBuild says
      // (fluxcd/pkg kustomize's varsub); ${DB_NAME} is then the name, which helm-controller never finds.
      name: 'a ${VARIABLE} in an item of an object marked kustomize.toolkit.fluxcd.io/substitute: disabled (label or annotation), under a postBuild',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute:\n      DB_NAME: db\n'),
        'apps/db.yaml': helmRelease('db'),
        'apps/web.yaml': helmRelease('web', ['${DB_NAME}'], { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }),
        'apps/api.yaml': helmRelease('api', ['${DB_NAME}']).replace('metadata:\n', 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n'),
      },
      findings: [{
        message: 'HelmRelease flux-system/api depends on HelmRelease flux-system/${DB_NAME}, but it is marked kustomize.toolkit.fluxcd.io/substitute: disabled: Flux substitutes no variable in it, so the name stays as written, no object has it, and Flux holds api at DependencyNotReady for ever',
        at: 'apps/api.yaml:10:7',
        fix: 'write the name itself, or remove the kustomize.toolkit.fluxcd.io/substitute: disabled label or annotation',
      }, {
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/${DB_NAME}, but it is marked kustomize.toolkit.fluxcd.io/substitute: disabled: Flux substitutes no variable in it, so the name stays as written, no object has it, and Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:10:7',
        fix: 'write the name itself, or remove the kustomize.toolkit.fluxcd.io/substitute: disabled label or annotation',
      }],
    },
    {
      // A trial's probe (samip5/k8s-cluster): both clusters comment db out; the fix named media's file for nebula's snap.
      name: 'a target written only in files no Kustomization applies, one per cluster: the fix names the dependent\'s own cluster\'s',
      repository: Object.fromEntries(['media', 'nebula'].flatMap((cluster) => [
        [`clusters/${cluster}/flux-system/gotk-sync.yaml`, `${fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)}---\n${fluxKustomization('apps').replace('path: ./apps', `path: ./clusters/${cluster}/apps`)}`],
        [`clusters/${cluster}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux-system/gotk-sync.yaml\n'],
        [`clusters/${cluster}/apps/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${cluster === 'nebula' ? '  - snap.yaml\n' : '  []\n'}#  - db.yaml\n`.replace('resources:\n  []\n', 'resources: []\n')],
        [`clusters/${cluster}/apps/db.yaml`, helmRelease('db', [], { namespace: 'data' })],
        ...(cluster === 'nebula' ? [[`clusters/${cluster}/apps/snap.yaml`, helmRelease('snap', [{ name: 'db', namespace: 'data' }])]] : []),
      ])),
      findings: [{
        message: 'HelmRelease flux-system/snap depends on HelmRelease data/db, which is written only in clusters/nebula/apps/db.yaml (and 1 other file like it), a file no Flux Kustomization of this repository applies (never deployed from here): Flux holds snap at DependencyNotReady for ever',
        at: 'clusters/nebula/apps/snap.yaml:8:7',
        fix: 'uncomment its entry `- db.yaml` at clusters/nebula/apps/kustomization.yaml:5, or remove this item',
      }],
    },
    {
      // A trial's probe: flux-operator gets the object by the item's apiVersion and kind, and no group but
      // kustomize.toolkit.fluxcd.io serves a Kustomization; infra exists, and is never found.
      name: 'a ResourceSet item whose apiVersion serves no such kind: located at the apiVersion, whatever exists under the name',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra'),
        'clusters/prod/tenants.yaml': resourceSet('  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n      ready: true\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n  resources: []\n'),
      },
      findings: [{
        message: 'ResourceSet flux-system/tenants depends on Kustomization flux-system/infra as apiVersion helm.toolkit.fluxcd.io/v2, which serves no Kustomization: flux-operator never finds it, and holds tenants at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:8:19',
        fix: 'set apiVersion: kustomize.toolkit.fluxcd.io/v1 on this item',
      }],
    },
    {
      // A review's probe: a ResourceSet looks an item up as written (no namespace: none, dependsOn/namespace-mismatch),
      // so its target is named as written, not in the ResourceSet's namespace as a Kustomization's item would be.
      name: 'a ResourceSet item without a namespace is named as written',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra'),
        'clusters/prod/tenants.yaml': resourceSet('  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: Kustomization\n      name: infra\n'),
      },
      findings: [{
        message: 'ResourceSet flux-system/tenants depends on Kustomization infra as apiVersion helm.toolkit.fluxcd.io/v2, which serves no Kustomization: flux-operator never finds it, and holds tenants at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:8:19',
        fix: 'set apiVersion: kustomize.toolkit.fluxcd.io/v1 on this item',
      }],
    },
    {
      // A trial's probe: it passed, and ordered the ResourceSet after the HelmRelease. No version pinned: the newest Flux.
      name: 'a ResourceSet item written in a version Flux no longer serves: located at the apiVersion, db exists all the same',
      repository: { 'clusters/prod/db.yaml': helmRelease('db'), 'clusters/prod/tenants.yaml': waitingFor('helm.toolkit.fluxcd.io/v2beta1') },
      findings: [{
        message: 'ResourceSet flux-system/tenants depends on HelmRelease flux-system/db as apiVersion helm.toolkit.fluxcd.io/v2beta1, but helm.toolkit.fluxcd.io/v2beta1 is no longer served since Flux 2.7: flux-operator never finds it, and holds tenants at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:8:19',
        fix: 'set apiVersion: helm.toolkit.fluxcd.io/v2 on this item',
      }],
    },
    {
      name: 'the same under a Flux that no longer serves it (2.8 pinned), and a version no Flux ever served',
      repository: {
        ...syncingAll, 'clusters/main/flux.yaml': fluxManifests('v2.8.0'), 'apps/db.yaml': helmRelease('db'), 'apps/tenants.yaml': waitingFor('helm.toolkit.fluxcd.io/v2beta2'),
        'apps/more.yaml': waitingFor('helm.toolkit.fluxcd.io/v3').replace('name: tenants', 'name: more'),
      },
      findings: [
        {
          message: 'ResourceSet flux-system/more depends on HelmRelease flux-system/db as apiVersion helm.toolkit.fluxcd.io/v3, but no Flux serves helm.toolkit.fluxcd.io/v3: flux-operator never finds it, and holds more at DependencyNotReady for ever',
          at: 'apps/more.yaml:8:19',
          fix: 'set apiVersion: helm.toolkit.fluxcd.io/v2 on this item',
        },
        {
          message: 'ResourceSet flux-system/tenants depends on HelmRelease flux-system/db as apiVersion helm.toolkit.fluxcd.io/v2beta2, but helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: flux-operator never finds it, and holds tenants at DependencyNotReady for ever',
          at: 'apps/tenants.yaml:8:19',
          fix: 'set apiVersion: helm.toolkit.fluxcd.io/v2 on this item',
        },
      ],
    },
    {
      // A trial's probe: kind helmrelease was a kind this tool does not follow, and the wait was dropped from the order.
      name: 'a ResourceSet item whose kind is miscased: located at the kind (kinds are case-sensitive)',
      repository: { 'clusters/prod/db.yaml': helmRelease('db'), 'clusters/prod/tenants.yaml': waitingFor('helm.toolkit.fluxcd.io/v2', 'helmrelease') },
      findings: [{
        message: 'ResourceSet flux-system/tenants depends on helmrelease flux-system/db as apiVersion helm.toolkit.fluxcd.io/v2, but helm.toolkit.fluxcd.io serves no kind helmrelease, only HelmRelease (kinds are case-sensitive): flux-operator never finds it, and holds tenants at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:9:13',
        fix: 'write kind: HelmRelease',
      }],
    },
    {
      // A trial's probe: under Permute the inputs were not expanded at all, and this typo passed.
      name: 'inputStrategy Permute: a typo in a template item, found per input',
      repository: { 'clusters/prod/apps.yaml': permuted('infra-db-<< inputs.my_apps.tenant >>') },
      findings: ['a', 'b'].map((tenant) => ({
        message: `Kustomization flux-system/app-${tenant} depends on Kustomization flux-system/infra-db-${tenant}, which does not exist in the repository: Flux holds app-${tenant} at DependencyNotReady for ever`,
        at: 'clusters/prod/apps.yaml:25:13',
        fix: `did you mean infra-${tenant}?`,
      })),
    },
    {
      // A review's probe: the range's dotted key was not read, and the dependsOn it builds was dropped.
      name: 'inputStrategy Permute: a dependsOn a template ranges over (inputs.my_apps.deps), each value judged',
      repository: {
        'clusters/prod/apps.yaml': [
          helmRelease('base'),
          '---',
          'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: my-apps', '  namespace: flux-system', 'spec:',
          '  inputStrategy:', '    name: Permute', '  inputs:', '    - app: one', '      deps:', '        - bsae', '    - app: two', '      deps:', '        - base',
          '  resourcesTemplate: |', '    apiVersion: helm.toolkit.fluxcd.io/v2', '    kind: HelmRelease', '    metadata:', '      name: << inputs.my_apps.app >>',
          '      namespace: flux-system', '    spec:', '      interval: 10m', '      dependsOn:', '        << range $dep := inputs.my_apps.deps >>',
          '        - name: << $dep >>', '        << end >>', '',
        ].join('\n'),
      },
      findings: [{
        message: 'HelmRelease flux-system/one depends on HelmRelease flux-system/bsae, which does not exist in the repository: Flux holds one at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:23:11',
        fix: 'did you mean base?',
      }],
    },
    {
      name: 'an object a ${VARIABLE} names excuses only the names its literal parts allow: ${APP}-db is never redis',
      repository: { 'clusters/prod/apps.yaml': substitutingFrom, 'apps/db.yaml': helmRelease('${APP}-db'), 'apps/web.yaml': helmRelease('web', ['cache-db', 'redis']) },
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/redis, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:9:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // A review's probe: without substituteFrom, Flux leaves ${DB_NAME} as written (no postBuild) or empties it.
      name: 'an object a ${VARIABLE} names excuses nothing where what applies it has no substituteFrom',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute:\n      CLUSTER: main\n'), 'apps/db.yaml': helmRelease('${DB_NAME}'), 'apps/web.yaml': helmRelease('web', ['redis']) },
      findings: [{
        message: 'HelmRelease flux-system/web depends on HelmRelease flux-system/redis, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'apps/web.yaml:8:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // A trial's probe: a Static provider's input is written here (its defaultValues); a typo passed as "known only in
      // the cluster". flux-operator finds it by name in the ResourceSet's namespace.
      name: 'inputs from a Static provider written here, by name: the generated name is known, a typo an error',
      repository: {
        ...syncing('prod'),
        'clusters/prod/inputs.yaml': inputProvider('infra-inputs', { name: 'infra-controllers' }),
        'clusters/prod/infra.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      name: infra-inputs\n', '<< inputs.name >>'),
        'clusters/prod/configs.yaml': fluxKustomization('configs', ['infra-controllers', 'infra-controlers']),
      },
      findings: [{
        message: 'Kustomization flux-system/configs depends on Kustomization flux-system/infra-controlers, which does not exist in the repository: Flux holds configs at DependencyNotReady for ever',
        at: 'clusters/prod/configs.yaml:15:7',
        fix: 'did you mean infra-controllers? (configs lists infra-controllers already: if that is the one meant, remove this item)',
      }],
    },
    {
      // By label selector (matchLabels, matchExpressions): each provider one input, after the ResourceSet's own, with
      // provider.name its own name; a dependsOn list an input gives is located in the provider's file.
      name: 'inputs from Static providers a selector picks: one object each, provider.name theirs, ranged dependsOn located there',
      repository: {
        ...syncing('prod'),
        'clusters/prod/team-a.yaml': inputProvider('team-a', { tenant: 'a', deps: [] }, { tier: 'apps' }),
        'clusters/prod/team-b.yaml': inputProvider('team-b', { tenant: 'b', deps: ['app-a', 'app-z'] }, { tier: 'apps' }),
        'clusters/prod/team-c.yaml': inputProvider('team-c', { tenant: 'c', deps: [] }, { tier: 'apps', stage: 'legacy' }),
        'clusters/prod/apps.yaml': resourceSet([
          '  inputs:', '    - tenant: own', '      deps: []', '  inputsFrom:', '    - kind: ResourceSetInputProvider', '      selector:',
          '        matchLabels: {tier: apps}', '        matchExpressions: [{key: stage, operator: NotIn, values: [legacy]}]', '  resourcesTemplate: |',
          `${kustomizationTemplate('app-<< inputs.tenant >>', '    ')}    spec:`,
          '      dependsOn:', '        <<- range $dep := inputs.deps >>', '        - name: << $dep >>', '        <<- end >>', '    ---',
          kustomizationTemplate('<< inputs.provider.name >>-ks', '    ').trimEnd(), '',
        ].join('\n')),
        'clusters/prod/web.yaml': fluxKustomization('web', ['app-own', 'app-a', 'app-b', 'app-c', 'team-a-ks', 'tenants-ks']),
      },
      findings: [{
        message: 'Kustomization flux-system/app-b depends on Kustomization flux-system/app-z, which does not exist in the repository: Flux holds app-b at DependencyNotReady for ever',
        at: 'clusters/prod/team-b.yaml:12:19',
        fix: 'did you mean app-a? (app-b lists app-a already: if that is the one meant, remove this item)',
      }, {
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/app-c, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'clusters/prod/web.yaml:17:7',
        fix: 'did you mean app-a? (web lists app-a already: if that is the one meant, remove this item)',
      }],
    },
    {
      // A trial's probe (a fleet's shape): the cluster's root applies its provider, a Kustomization below it the shared
      // ResourceSet; one shared by two clusters as one object is not expanded (each cluster's provider differs).
      name: 'a Static provider the cluster\'s root applies, for a ResourceSet a Kustomization below it applies',
      repository: {
        ...syncing('a'),
        'clusters/a/info.yaml': inputProvider('cluster-info', { env: 'a' }),
        'clusters/a/tenants.yaml': fluxKustomization('tenants').replace('path: ./tenants', 'path: ./shared/tenants'),
        'shared/tenants/apps.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      name: cluster-info\n', 'app-<< inputs.env >>'),
        'clusters/a/web.yaml': fluxKustomization('web', ['app-a', 'app-b']),
      },
      findings: [{
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/app-b, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'clusters/a/web.yaml:15:7',
        fix: 'did you mean app-a? (web lists app-a already: if that is the one meant, remove this item)',
      }],
    },
    {
      // A review's probe: each cluster applies a provider its ResourceSet selects; cluster a's gave app-b too.
      name: 'a Static provider only another cluster applies gives this cluster\'s ResourceSet nothing',
      repository: {
        ...syncing('a'), ...syncing('b'),
        'clusters/a/team.yaml': inputProvider('team-a', { tenant: 'a' }, { tier: 'apps' }),
        'clusters/b/team.yaml': inputProvider('team-b', { tenant: 'b' }, { tier: 'apps' }),
        'clusters/a/apps.yaml': fromProviders('    - kind: ResourceSetInputProvider\n      selector: {matchLabels: {tier: apps}}\n', 'app-<< inputs.tenant >>'),
        'clusters/a/web.yaml': fluxKustomization('web', ['app-a', 'app-b']),
      },
      findings: [{
        message: 'Kustomization flux-system/web depends on Kustomization flux-system/app-b, which does not exist in the repository: Flux holds web at DependencyNotReady for ever',
        at: 'clusters/a/web.yaml:15:7',
        fix: 'did you mean app-a? (web lists app-a already: if that is the one meant, remove this item)',
      }],
    },
    {
      // A trial's probe: infra-<< inputs.tenant >> can be infra-anything, never a name without that beginning.
      name: 'inputs from a provider: a name the template cannot give is still judged',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet(`  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: tenants\n  resourcesTemplate: |\n${kustomizationTemplate('infra-<< inputs.tenant >>', '    ')}`),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-x', 'typo-infra']),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/typo-infra, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:15:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // A review's probe: two Kustomizations apply one directory under their own spec.namePrefix; each copy of app
      // is told of the redis renamed as it was, not of the first by name.
      name: 'of several renamed copies, the guess is the one renamed as the dependent was',
      repository: {
        'clusters/main/stacks.yaml': `${fluxKustomization('stack-staging', [], '  namePrefix: staging-\n').replace('path: ./stack-staging', 'path: ./apps/stack')}---\n${fluxKustomization('stack-prod', [], '  namePrefix: prod-\n').replace('path: ./stack-prod', 'path: ./apps/stack')}`,
        'apps/stack/hr.yaml': `${helmRelease('redis')}---\n${helmRelease('app', ['redis'])}`,
      },
      findings: [{
        message: 'HelmRelease flux-system/prod-app depends on HelmRelease flux-system/redis, which does not exist in the repository: Flux holds prod-app at DependencyNotReady for ever',
        at: 'apps/stack/hr.yaml:18:7',
        fix: 'did you mean prod-redis? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)',
      }, {
        message: 'HelmRelease flux-system/staging-app depends on HelmRelease flux-system/redis, which does not exist in the repository: Flux holds staging-app at DependencyNotReady for ever',
        at: 'apps/stack/hr.yaml:18:7',
        fix: 'did you mean staging-redis? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)',
      }],
    },
    {
      // samip5/k8s-cluster's rook-ceph-operator: its file is commented out of its kustomization.
      name: 'a target written only where Flux never applies it: the message says where, not that it does not exist',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/apps.yaml': fluxKustomization('apps', ['db']),
        'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
        'archive/db/ks.yaml': fluxKustomization('db'),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/db, which is written only in archive/db/ks.yaml, a file no Flux Kustomization of this repository applies (never deployed from here): Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/main/apps.yaml:14:7',
        fix: 'apply archive/db/ks.yaml (list it where Flux builds it), or remove this item',
      }],
    },
    {
      // A trial's probe: the target's file beside the dependent, its entry commented out of their kustomization.
      name: 'a target whose entry is commented out of its directory\'s kustomization: the message says where it is written',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./apps'),
        'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - b.yaml\n  # - a.yaml\n',
        'apps/a.yaml': fluxKustomization('a'),
        'apps/b.yaml': fluxKustomization('b', ['a']),
      },
      findings: [{
        message: 'Kustomization flux-system/b depends on Kustomization flux-system/a, which is written only in apps/a.yaml, a file no Flux Kustomization of this repository applies (never deployed from here): Flux holds b at DependencyNotReady for ever',
        at: 'apps/b.yaml:14:7',
        fix: 'uncomment its entry `- a.yaml` at apps/kustomization.yaml:5, or remove this item',
      }],
    },
    {
      // A trial's probe (trial 7's D9): the file is applied, the parent's `$patch: delete` takes the target out of its
      // build; the message said "a file no Flux Kustomization applies" and its fix (apply the file) would not help.
      name: 'a target its applier\'s own spec.patches delete: the message names that Kustomization, not an unapplied file',
      needsKustomize: true,
      repository: {
        'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
        'clusters/prod/tenants.yaml': fluxKustomization('tenants', [], '  patches:\n    - patch: |\n        $patch: delete\n        apiVersion: all\n        kind: all\n        metadata:\n          name: all\n      target:\n        labelSelector: role=automation\n'),
        'tenants/ks.yaml': `${fluxKustomization('a').replace('  namespace: flux-system\n', '  namespace: flux-system\n  labels:\n    role: automation\n')}---\n${fluxKustomization('b', ['a'])}`,
      },
      findings: [{
        message: 'Kustomization flux-system/b depends on Kustomization flux-system/a, which tenants/ks.yaml writes, but Kustomization flux-system/tenants builds that file without it (a patch\'s $patch: delete), so it is never deployed: Flux holds b at DependencyNotReady for ever',
        at: 'tenants/ks.yaml:29:7',
        fix: 'remove this item, or keep Kustomization a out of what the patches of Kustomization flux-system/tenants delete',
      }],
    },
    {
      // A trial's probe: the closest name to "apx" is the dependent's own; following that guess makes a self-dependency.
      name: 'the guess is never the dependent itself',
      repository: { 'clusters/prod/app.yaml': fluxKustomization('app', ['apx']) },
      findings: [{
        message: 'Kustomization flux-system/app depends on Kustomization flux-system/apx, which does not exist in the repository: Flux holds app at DependencyNotReady for ever',
        at: 'clusters/prod/app.yaml:14:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // A review's probe: the renamed-copy guess (a name that starts with the missing one and a dash) took the dependent.
      name: 'nor, as a renamed copy, the dependent whose name starts with the missing one',
      repository: { 'clusters/prod/issuers.yaml': fluxKustomization('cert-manager-issuers', ['cert-manager']) },
      findings: [{
        message: 'Kustomization flux-system/cert-manager-issuers depends on Kustomization flux-system/cert-manager, which does not exist in the repository: Flux holds cert-manager-issuers at DependencyNotReady for ever',
        at: 'clusters/prod/issuers.yaml:14:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // JJGadgets/Biohazard: vm-jj's items name zz-vm-1-kubevirt-app's old name, and it lives in flux-system.
      name: 'a guess that lives in another namespace names that namespace, which the item then needs',
      repository: {
        'clusters/main/kubevirt.yaml': fluxKustomization('kubevirt-app'),
        'clusters/main/vm.yaml': fluxKustomization('vm', ['kubevirt-ap']).replace('  namespace: flux-system\n', '  namespace: vm-jj\n'),
      },
      findings: [{
        message: 'Kustomization vm-jj/vm depends on Kustomization vm-jj/kubevirt-ap, which does not exist in the repository: Flux holds vm at DependencyNotReady for ever',
        at: 'clusters/main/vm.yaml:14:7',
        fix: 'did you mean kubevirt-app? (it is in namespace flux-system: add namespace: flux-system to this item)',
      }],
    },
    {
      name: 'a ResourceSet with inputs: [] and no provider makes no object to depend on: a typo elsewhere is still one',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet(`  inputs: []\n  resourcesTemplate: |\n${kustomizationTemplate('infra-<< inputs.tenant >>', '    ')}`),
        'clusters/prod/platform.yaml': fluxKustomization('platform'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['platfrom']),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/platfrom, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'did you mean platform?',
      }],
    },
    {
      name: 'inputs from a provider excuse a missing name only in the namespace the ResourceSet generates into',
      repository: {
        'clusters/prod/tenants.yaml': providerSet('tenants'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-x']),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra-x, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'correct the name, or remove this item',
      }],
    },
    {
      // A trial's probe: flux-operator's builder drops what is annotated fluxcd.controlplane.io/reconcile: disabled,
      // as written or as its documented conditional decides for each input.
      name: 'what a ResourceSet leaves out with fluxcd.controlplane.io/reconcile: disabled (for the inputs it decides so) is never created: said so',
      repository: {
        'clusters/prod/dbs.yaml': resourceSet('  inputs:\n    - tenant: team1\n    - tenant: team2\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: db-<< inputs.tenant >>\n        namespace: flux-system\n        annotations:\n          fluxcd.controlplane.io/reconcile: << if eq inputs.tenant "team1" >>enabled<< else >>disabled<< end >>\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: cache\n        namespace: flux-system\n        annotations:\n          fluxcd.controlplane.io/reconcile: disabled\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['db-team1', 'db-team2', 'cache']),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/db-team2, which ResourceSet flux-system/tenants leaves out: its template at clusters/prod/dbs.yaml:14 annotates it fluxcd.controlplane.io/reconcile: disabled, so flux-operator never creates it: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:15:7',
        fix: 'enable it in ResourceSet flux-system/tenants (the annotation, or the input that sets it to disabled), or remove this item',
      }, {
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/cache, which ResourceSet flux-system/tenants leaves out: its template at clusters/prod/dbs.yaml:21 annotates it fluxcd.controlplane.io/reconcile: disabled, so flux-operator never creates it: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:16:7',
        fix: 'enable it in ResourceSet flux-system/tenants (the annotation, or the input that sets it to disabled), or remove this item',
      }],
    },
    {
      name: 'a name no object of that kind has, located at the item',
      repository: { 'clusters/prod/infra.yaml': fluxKustomization('infra'), 'clusters/prod/apps.yaml': fluxKustomization('apps', ['infrastructure']) },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infrastructure, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:14:7',
        fix: 'correct the name, or remove this item',
        dependency: 'infrastructure',
      }],
    },
    {
      name: 'a ResourceSet template expanded over static inputs makes infra-a and infra-b, not infra-c',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet(`  inputs:\n    - tenant: a\n    - tenant: b\n  resourcesTemplate: |\n${kustomizationTemplate('infra-<< inputs.tenant >>', '    ')}`),
        'clusters/prod/apps.yaml': fluxKustomization('apps', ['infra-a', 'infra-c']),
      },
      findings: [{
        message: 'Kustomization flux-system/apps depends on Kustomization flux-system/infra-c, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever',
        at: 'clusters/prod/apps.yaml:15:7',
        // (A review's probe: a guess the dependent lists already says so.)
        fix: 'did you mean infra-a? (apps lists infra-a already: if that is the one meant, remove this item)',
      }],
    },
    {
      // controlplaneio-fluxcd/d2-fleet's tenants: infra-configs depends on infra-controllers, both from `resources:` items.
      name: 'a dependsOn item written in a ResourceSet\'s resources: template, per input, located at the item',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: a', '  resources:',
          `    - ${kustomizationTemplate('infra-controllers', '      ', '<< inputs.tenant >>').trimStart()}`,
          `    - ${kustomizationTemplate('infra-configs', '      ', '<< inputs.tenant >>').trimStart()}      spec:`,
          '        dependsOn:', '          - name: infra-controllers', '          - name: infra-controlers', '',
        ].join('\n')),
      },
      findings: [{
        message: 'Kustomization a/infra-configs depends on Kustomization a/infra-controlers, which does not exist in the repository: Flux holds infra-configs at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:24:13',
        // (A review's probe: a guess the dependent lists already says so.)
        fix: 'did you mean infra-controllers? (infra-configs lists infra-controllers already: if that is the one meant, remove this item)',
      }],
    },
    {
      name: 'a dependsOn item written out in a resourcesTemplate beside those a range makes, located at its line',
      repository: {
        'clusters/prod/tenants.yaml': resourceSet([
          '  inputs:', '    - tenant: a', '      deps: [infra-a]', '  resourcesTemplate: |',
          kustomizationTemplate('infra-<< inputs.tenant >>', '    ').trimEnd(), '    ---',
          `${kustomizationTemplate('apps-<< inputs.tenant >>', '    ')}    spec:`,
          '      dependsOn:', '        <<- range $dep := inputs.deps >>', '        - name: << $dep >>', '        <<- end >>',
          '        - name: infra-<< inputs.tenant >>', '        - name: platfrom', '          namespace: flux-system', '',
        ].join('\n')),
        'clusters/prod/platform.yaml': fluxKustomization('platform'),
      },
      findings: [{
        message: 'Kustomization flux-system/apps-a depends on Kustomization flux-system/platfrom, which does not exist in the repository: Flux holds apps-a at DependencyNotReady for ever',
        at: 'clusters/prod/tenants.yaml:28:11',
        fix: 'did you mean platform?',
      }],
    },
  ],
});
