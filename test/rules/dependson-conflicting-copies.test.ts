import rule from '../../src/rules/dependson-conflicting-copies.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

/** A Flux Kustomization named `name` that applies `path`. */
const applying = (name: string, path: string) => fluxKustomization(name).replace(`path: ./${name}`, `path: ${path}`);

/**
 * One cluster, clusters/<cluster> (its flux-system applies that directory), whose Kustomizations ks-a and ks-b
 * apply ./a and ./b: HelmRelease apps/x is written in both, depending on `inA` there and `inB` here.
 */
const oneCluster = (inA: string[], inB: string[], cluster = 'main') => ({
  [`clusters/${cluster}/flux-system.yaml`]: applying('flux-system', `./clusters/${cluster}`),
  [`clusters/${cluster}/ks.yaml`]: `${applying('ks-a', './a')}---\n${applying('ks-b', './b')}`,
  'a/hr.yaml': `${helmRelease('x', inA, { namespace: 'apps' })}---\n${helmRelease('y', [], { namespace: 'apps' })}`,
  'b/hr.yaml': helmRelease('x', inB, { namespace: 'apps' }),
});

ruleTester(rule, {
  valid: [
    { name: 'both copies wait for the same, written alike', repository: oneCluster(['y'], ['y']) },
    {
      // The same dependency, once with the namespace the object has anyway: what the controller looks up agrees.
      name: 'both copies wait for the same, once with its own namespace written',
      repository: oneCluster(['y'], [{ name: 'y', namespace: 'apps' }]),
    },
    {
      name: 'one file applied by two Kustomizations of one cluster agrees with itself',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': `${applying('ks-a', './a')}---\n${applying('ks-b', './a')}`,
        'a/hr.yaml': `${helmRelease('x', ['y'], { namespace: 'apps' })}---\n${helmRelease('y', [], { namespace: 'apps' })}`,
      },
    },
    {
      // Each cluster has its own apps/x: two objects, however different their dependsOn.
      name: 'two clusters, each applying its own copy with its own dependsOn',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': applying('ks-a', './a'),
        'clusters/edge/flux-system.yaml': applying('flux-system', './clusters/edge'),
        'clusters/edge/ks.yaml': applying('ks-b', './b'),
        'a/hr.yaml': `${helmRelease('x', ['y'], { namespace: 'apps' })}---\n${helmRelease('y', [], { namespace: 'apps' })}`,
        'b/hr.yaml': helmRelease('x', [], { namespace: 'apps' }),
      },
    },
    {
      // kustomize refuses a build that holds one object twice: kustomization/build-failed's finding, not this one.
      name: 'two copies in one Kustomization\'s build',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': applying('ks-a', './a'),
        'a/x.yaml': helmRelease('x', ['y'], { namespace: 'apps' }),
        'a/x-again.yaml': `${helmRelease('x', [], { namespace: 'apps' })}---\n${helmRelease('y', [], { namespace: 'apps' })}`,
      },
    },
    {
      // A sweep's probe: each Kustomization fills NAME from its own Secret (only the cluster has them): app-a and app-b.
      name: 'copies whose name holds a ${VARIABLE} each applier fills from the cluster',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': ['a', 'b'].map((side) => applying(`ks-${side}`, `./${side}`)
          .replace('  sourceRef:', `  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: vars-${side}\n  sourceRef:`)).join('---\n'),
        'a/hr.yaml': `${helmRelease('app-${NAME}', ['dep'], { namespace: 'apps' })}---\n${helmRelease('dep', [], { namespace: 'apps' })}`,
        'b/hr.yaml': helmRelease('app-${NAME}', [], { namespace: 'apps' }),
      },
    },
    {
      name: 'the other copy is applied only by a suspended Kustomization: applied no more',
      repository: {
        ...oneCluster(['y'], []),
        'clusters/main/ks.yaml': `${applying('ks-a', './a')}---\n${applying('ks-b', './b').replace('  prune: true\n', '  prune: true\n  suspend: true\n')}`,
      },
    },
    ...[['reconcile', 'disabled'], ['ssa', 'Ignore'], ['ssa', 'IfNotPresent']].map(([key, value]) => ({
      // A review's probe: kustomize-controller never writes such a copy (or only once, where absent).
      name: `the other copy is annotated kustomize.toolkit.fluxcd.io/${key}: ${value}`,
      repository: {
        ...oneCluster(['y'], []),
        'b/hr.yaml': helmRelease('x', [], { namespace: 'apps' }).replace('  namespace: apps\n', `  namespace: apps\n  annotations:\n    kustomize.toolkit.fluxcd.io/${key}: ${value}\n`),
      },
    })),
    {
      // kustomize-controller reads spec.path inside the source: ./apps/, apps and /apps are one directory.
      name: 'two copies of a Kustomization whose spec.path is written differently but names one directory',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': `${applying('ks-a', './a')}---\n${applying('ks-b', './b')}`,
        'a/apps.yaml': applying('apps', './apps/'),
        'b/apps.yaml': applying('apps', 'apps'),
        'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n',
      },
    },
    {
      // A review's probe: ./apps/${CLUSTER}, which one applier fills from a ConfigMap only the cluster has, may well be
      // the other's ./apps/a: not compared.
      name: 'copies whose path holds a ${VARIABLE} an applier fills in the cluster',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': [
          applying('one', './shared').replace('  sourceRef:', '  postBuild:\n    substitute:\n      CLUSTER: a\n  sourceRef:'),
          applying('two', './shared').replace('  sourceRef:', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n  sourceRef:'),
        ].join('---\n'),
        'shared/inner.yaml': applying('inner', './apps/${CLUSTER}'),
        'apps/a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n',
      },
    },
    {
      // kustomize-controller cleans the joined path (securejoin), and reads a kubeconfig Secret's `value` where no key
      // is given (fluxcd/pkg runtime/client): written differently, one directory and one cluster (a review's probe).
      name: 'copies whose path and kubeConfig key are written differently but name the same',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': `${applying('ks-a', './a')}---\n${applying('ks-b', './b')}`,
        'a/apps.yaml': applying('apps', './x/../apps').replace('  sourceRef:', '  kubeConfig:\n    secretRef:\n      name: edge\n      key: value\n  sourceRef:'),
        'b/apps.yaml': applying('apps', './apps').replace('  sourceRef:', '  kubeConfig:\n    secretRef:\n      name: edge\n  sourceRef:'),
        'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n',
      },
    },
    ...[true, false].map((templated) => ({
      // A review's probe: flux-operator's hub and spokes. The ResourceSet's Kustomizations each apply a spoke's directory
      // through its kubeconfig; the spokes' own flux-system/apps differ, in two clusters. The kubeConfig was not read.
      name: `a hub ResourceSet generates a Kustomization per spoke with spec.kubeConfig (${templated ? 'resourcesTemplate' : 'resources'})`,
      repository: {
        'clusters/hub/flux-system.yaml': applying('flux-system', './clusters/hub'),
        'clusters/hub/spokes.yaml': [
          'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: spokes', '  namespace: flux-system', 'spec:',
          '  inputs:', '    - cluster: staging', '    - cluster: production',
          ...(templated ? ['  resourcesTemplate: |'] : ['  resources:']),
          ...[
            'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: << inputs.cluster >>', '  namespace: flux-system',
            'spec:', '  interval: 10m', '  path: ./clusters/<< inputs.cluster >>', '  prune: true', '  kubeConfig:', '    secretRef:',
            '      name: << inputs.cluster >>-kubeconfig', '  sourceRef:', '    kind: GitRepository', '    name: flux-system',
          ].map((line, index) => (templated ? `    ${line}` : `${index === 0 ? '    - ' : '      '}${line}`)),
          '',
        ].join('\n'),
        'clusters/staging/apps.yaml': `${fluxKustomization('apps', ['infra-staging'])}---\n${fluxKustomization('infra-staging')}`,
        'clusters/production/apps.yaml': `${fluxKustomization('apps', ['infra-production'])}---\n${fluxKustomization('infra-production')}`,
      },
    })),
  ],
  invalid: [
    {
      // A trial's probe: check passed, and explain said x depends on y, though each apply of ks-b removes that.
      name: 'one HelmRelease applied by two Kustomizations of one cluster, with and without its dependsOn',
      repository: oneCluster(['y'], []),
      findings: [{
        message: 'HelmRelease apps/x is applied into one cluster with different dependsOn: by Kustomization flux-system/ks-a from a/hr.yaml:4 (dependsOn HelmRelease apps/y); by Kustomization flux-system/ks-b from b/hr.yaml:4 (no dependsOn). Each Kustomization\'s apply writes its own spec.dependsOn over the other\'s, so what x waits for changes with every reconcile',
        at: 'a/hr.yaml:7:3',
        fix: 'apply HelmRelease apps/x from one place, give each copy its own name or namespace, or make their dependsOn agree',
      }],
    },
    {
      // A trial's probe (hub and spokes without spec.kubeConfig on the hub's Kustomizations): both spokes'
      // directories land in the hub, and so do their two Kustomizations flux-system/apps.
      name: 'two Kustomizations of one cluster each apply a Kustomization of the same name, depending on different ones',
      repository: {
        'clusters/hub/flux-system.yaml': applying('flux-system', './clusters/hub'),
        'clusters/hub/spokes.yaml': `${applying('staging', './clusters/staging')}---\n${applying('production', './clusters/production')}`,
        'clusters/staging/apps.yaml': `${fluxKustomization('apps', ['infra-staging'])}---\n${fluxKustomization('infra-staging')}`,
        'clusters/production/apps.yaml': `${fluxKustomization('apps', ['infra-production'])}---\n${fluxKustomization('infra-production')}`,
      },
      findings: [{
        message: 'Kustomization flux-system/apps is applied into one cluster with different dependsOn: by Kustomization flux-system/production from clusters/production/apps.yaml:4 (dependsOn Kustomization flux-system/infra-production); by Kustomization flux-system/staging from clusters/staging/apps.yaml:4 (dependsOn Kustomization flux-system/infra-staging). Each Kustomization\'s apply writes its own spec.dependsOn over the other\'s, so what apps waits for changes with every reconcile',
        at: 'clusters/production/apps.yaml:13:3',
        fix: 'apply Kustomization flux-system/apps from one place, give each copy its own name or namespace, or make their dependsOn agree',
      }],
    },
    {
      // The last note's sweep (a management cluster): its flux-system applies its own infrastructure, and the hub
      // Kustomizations meant for the workload clusters apply theirs, of the same name, into the management cluster
      // itself (their directories hold Kustomizations with spec.kubeConfig): three copies overwrite each other.
      name: 'three Kustomizations of one cluster each apply a Kustomization of the same name with another path and kubeConfig',
      repository: {
        'clusters/mgmt/flux-system.yaml': applying('flux-system', './clusters/mgmt'),
        'clusters/mgmt/infrastructure.yaml': applying('infrastructure', './infrastructure/mgmt'),
        'clusters/mgmt/spokes.yaml': `${applying('prod', './clusters/prod')}---\n${applying('stage', './clusters/stage')}`,
        ...Object.fromEntries(['prod', 'stage'].map((spoke) => [`clusters/${spoke}/infrastructure.yaml`,
          applying('infrastructure', `./infrastructure/${spoke}`).replace('  sourceRef:', `  kubeConfig:\n    secretRef:\n      name: ${spoke}-kubeconfig\n  sourceRef:`)])),
        ...Object.fromEntries(['mgmt', 'prod', 'stage'].map((cluster) => [`infrastructure/${cluster}/cm.yaml`,
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n'])),
      },
      findings: [{
        message: 'Kustomization flux-system/infrastructure is applied into one cluster in copies with different spec.path and spec.kubeConfig: by Kustomization flux-system/flux-system from clusters/mgmt/infrastructure.yaml:4 (path ./infrastructure/mgmt, no kubeConfig); by Kustomization flux-system/prod from clusters/prod/infrastructure.yaml:4 (path ./infrastructure/prod, kubeConfig secretRef prod-kubeconfig); by Kustomization flux-system/stage from clusters/stage/infrastructure.yaml:4 (path ./infrastructure/stage, kubeConfig secretRef stage-kubeconfig). Each Kustomization\'s apply writes its own copy over the other\'s, so what it applies and which cluster it applies to change with every reconcile',
        at: 'clusters/mgmt/infrastructure.yaml:8:9',
        fix: 'apply Kustomization flux-system/infrastructure from one place, give each copy its own name or namespace, or make the copies agree',
      }],
    },
    {
      // One copy suspended, the other not: whichever Kustomization applied last decides whether x reconciles.
      name: 'one HelmRelease applied by two Kustomizations of one cluster, suspended in one copy',
      repository: {
        ...oneCluster(['y'], ['y']),
        'b/hr.yaml': helmRelease('x', ['y'], { namespace: 'apps' }).replace('spec:\n', 'spec:\n  suspend: true\n'),
      },
      findings: [{
        message: 'HelmRelease apps/x is applied into one cluster in copies with different spec.suspend: by Kustomization flux-system/ks-a from a/hr.yaml:4 (suspend: false); by Kustomization flux-system/ks-b from b/hr.yaml:4 (suspend: true). Each Kustomization\'s apply writes its own copy over the other\'s, so whether it reconciles changes with every reconcile',
        at: 'a/hr.yaml:4:9',
        fix: 'apply HelmRelease apps/x from one place, give each copy its own name or namespace, or make the copies agree',
      }],
    },
    {
      // Different dependsOn and a different wait: both named, at the dependsOn.
      name: 'a Kustomization applied twice into one cluster, with another dependsOn and wait in one copy',
      repository: {
        'clusters/main/flux-system.yaml': applying('flux-system', './clusters/main'),
        'clusters/main/ks.yaml': `${applying('ks-a', './a')}---\n${applying('ks-b', './b')}`,
        'a/apps.yaml': `${fluxKustomization('apps', ['infra'])}---\n${fluxKustomization('infra')}`,
        'b/apps.yaml': fluxKustomization('apps', [], '  wait: true\n'),
      },
      findings: [{
        message: 'Kustomization flux-system/apps is applied into one cluster in copies with different spec.dependsOn and spec.wait: by Kustomization flux-system/ks-a from a/apps.yaml:4 (dependsOn Kustomization flux-system/infra, wait: false); by Kustomization flux-system/ks-b from b/apps.yaml:4 (no dependsOn, wait: true). Each Kustomization\'s apply writes its own copy over the other\'s, so what it waits for and whether its Ready waits for what it applies change with every reconcile',
        at: 'a/apps.yaml:13:3',
        fix: 'apply Kustomization flux-system/apps from one place, give each copy its own name or namespace, or make the copies agree',
      }],
    },
  ],
});
