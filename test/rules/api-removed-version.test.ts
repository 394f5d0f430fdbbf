import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/api-removed-version.js';
import { fluxInstance, fluxManifests, fluxRepository, gotkComponents, syncingAll, unheadedGotkComponents } from '../flux-pins.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';
import { runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';

const release = (apiVersion: string) => ({ '01-bp-cilium.yaml': helmRelease('bp-cilium').replace('helm.toolkit.fluxcd.io/v2', apiVersion) });
const fix = 'change apiVersion to helm.toolkit.fluxcd.io/v2 (the v2 API is a drop-in for these manifests; flux migrate updates stored objects)';

/** The end of the message where Kustomization flux-system/NAME applies the refused object: its whole apply fails. */
const failing = (name: string) => `; Kustomization flux-system/${name}, which applies it, fails its apply on it (the controller validates every object before it applies any), so applies none of its objects but CRDs, Namespaces and classes, and is never Ready`;

const repositoryRelease = (apiVersion: string) => helmRelease('podinfo').replace('helm.toolkit.fluxcd.io/v2', apiVersion);
/** A Flux Kustomization named `name` that applies `path`. */
const applying = (name: string, path: string) => fluxKustomization(name).replace(`path: ./${name}`, `path: ${path}`);
/** flux bootstrap's flux-system of cluster `cluster`: it applies its own directory, clusters/<cluster>. */
const selfApplying = (cluster: string) => applying('flux-system', `./clusters/${cluster}`);

ruleTester(rule, {
  valid: [
    { name: 'helm.toolkit.fluxcd.io/v2', kit: release('helm.toolkit.fluxcd.io/v2'), expected: expectedDag([1, 'bp-cilium', []]) },
    { name: 'v2 in a repository that installs Flux 2.5', repository: { ...syncingAll, 'clusters/main/flux.yaml': fluxManifests('v2.5.1'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2') } },
    {
      // A review's probe: the GitRepository's spec.ignore leaves the file out of the artifact, so no cluster sees it.
      name: 'a file the source\'s spec.ignore leaves out of the artifact',
      repository: {
        'clusters/prod/flux-system.yaml': applying('flux-system', './clusters/prod'),
        'clusters/prod/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.org/fleet.git\n  ref:\n    branch: main\n  ignore: |\n    /apps/web.yaml\n',
        'clusters/prod/apps.yaml': applying('apps', './apps'),
        'apps/web.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta1'),
        'apps/db.yaml': helmRelease('db'),
      },
    },
  ],
  invalid: [
    {
      // A note's gap: kustomize builds (and the API server refuses) what a kustomization's `components:` takes in, as it
      // does what `resources:` lists; the apply of the Kustomization that builds it failed no more than before.
      name: 'a HelmRelease a kustomize component adds, in a version the cluster refuses: the apply that builds it fails',
      repository: {
        'clusters/main/flux-system.yaml': `${selfApplying('main')}---\n${applying('apps', './apps')}`,
        'apps/kustomization.yaml': 'resources:\n  - web.yaml\ncomponents:\n  - ../components/old\n',
        'apps/web.yaml': helmRelease('web'),
        'components/old/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - old.yaml\n',
        'components/old/old.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta1'),
      },
      findings: [{
        message: `helm.toolkit.fluxcd.io/v2beta1 is no longer served since Flux 2.7: the cluster rejects this HelmRelease${failing('apps')}`,
        at: 'components/old/old.yaml:1:13',
        fix,
      }],
    },
    {
      name: 'v2beta2, located at the version',
      kit: release('helm.toolkit.fluxcd.io/v2beta2'),
      expected: expectedDag([1, 'bp-cilium', []]),
      findings: [{ message: 'helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease', at: '01-bp-cilium.yaml:1:13', fix }],
    },
    {
      name: 'v2beta1',
      kit: release('helm.toolkit.fluxcd.io/v2beta1'),
      expected: expectedDag([1, 'bp-cilium', []]),
      findings: [{ message: 'helm.toolkit.fluxcd.io/v2beta1 is no longer served since Flux 2.7: the cluster rejects this HelmRelease', at: '01-bp-cilium.yaml:1:13', fix }],
    },
    {
      name: 'a repository that installs Flux 2.2 by its OCI manifests: served today, a warning, and v2 only after an upgrade to 2.3',
      repository: { ...syncingAll, 'clusters/main/flux.yaml': fluxManifests('v2.2.2'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2') },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2beta2 is deprecated and Flux 2.8 no longer serves it; the Flux this repository installs (v2.2.2 at clusters/main/flux.yaml:10) still does, but rejects this HelmRelease once upgraded past 2.7',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'upgrade Flux to a 2.3 to 2.7 release first (v2 is served since 2.3), then change apiVersion to helm.toolkit.fluxcd.io/v2 before going past 2.7',
        severity: 'warning',
      }],
    },
    {
      name: 'a FluxInstance on Flux 2.4 in two clusters: one entry per version, v2 now',
      repository: {
        ...syncingAll,
        'clusters/a/flux.yaml': fluxInstance('2.4.x'), 'clusters/b/flux.yaml': fluxInstance('2.4.x'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta1'),
      },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2beta1 is deprecated and Flux 2.7 no longer serves it; the Flux this repository installs (2.4.x at clusters/a/flux.yaml:8 and clusters/b/flux.yaml:8) still does, but rejects this HelmRelease once upgraded past 2.6',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'change apiVersion to helm.toolkit.fluxcd.io/v2 before upgrading Flux past 2.6 (the installed Flux serves it; flux migrate updates stored objects)',
        severity: 'warning',
      }],
    },
    {
      // A trial's probe (Chrtol/home-cluster): the flux-instance chart's values in a file a configMapGenerator gives it.
      name: 'the flux-instance chart installing Flux 2.5 by a values file (configMapGenerator, valuesFrom): served, a warning',
      repository: {
        ...syncingAll,
        'apps/fi/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - hr.yaml\nconfigMapGenerator:\n  - name: flux-instance-values\n    files:\n      - values.yaml=./helm/values.yaml\n',
        'apps/fi/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  valuesFrom:\n    - kind: ConfigMap\n      name: flux-instance-values\n',
        'apps/fi/helm/values.yaml': 'instance:\n  distribution:\n    version: 2.5.1\n',
        'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta1'),
      },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2beta1 is deprecated and Flux 2.7 no longer serves it; the Flux this repository installs (2.5.1 at apps/fi/helm/values.yaml:3) still does, but rejects this HelmRelease once upgraded past 2.6',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'change apiVersion to helm.toolkit.fluxcd.io/v2 before upgrading Flux past 2.6 (the installed Flux serves it; flux migrate updates stored objects)',
        severity: 'warning',
      }],
    },
    {
      name: 'Flux before 2.0 from its own Git repository at a tag: v2beta1 served, a warning',
      repository: { ...syncingAll, 'cluster/flux/flux-installation.yaml': fluxRepository('v0.31.4'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta1') },
      findings: [{
        message: 'helm.toolkit.fluxcd.io/v2beta1 is deprecated and Flux 2.7 no longer serves it; the Flux this repository installs (v0.31.4 at cluster/flux/flux-installation.yaml:9) still does, but rejects this HelmRelease once upgraded past 2.6',
        at: 'apps/podinfo.yaml:1:13',
        fix: 'upgrade Flux to a 2.3 to 2.6 release first (v2 is served since 2.3), then change apiVersion to helm.toolkit.fluxcd.io/v2 before going past 2.6',
        severity: 'warning',
      }],
    },
    {
      name: 'flux bootstrap\'s gotk-components.yaml says Flux 2.1, which never served v2beta2: an error',
      repository: { ...syncingAll, 'clusters/main/flux-system/gotk-components.yaml': gotkComponents('v2.1.2'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2') },
      findings: [{ message: `helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease${failing('flux-system')}`, at: 'apps/podinfo.yaml:1:13', fix }],
    },
    {
      name: 'one cluster on Flux 2.2, another on the newest (2.x): the newest rejects it, an error',
      repository: {
        ...syncingAll,
        'clusters/a/flux.yaml': fluxManifests('v2.2.2'), 'clusters/b/flux.yaml': fluxInstance('2.x'), 'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2'),
      },
      findings: [{ message: `helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease${failing('flux-system')}`, at: 'apps/podinfo.yaml:1:13', fix }],
    },
    {
      // samip5/k8s-cluster: nebula installs Flux 2.5.1, media 2.9.4; nebula's HelmReleases were errors by media's pin.
      name: 'two clusters on Flux 2.5 and 2.9: each HelmRelease judged by the Flux of the cluster that applies it',
      repository: {
        'clusters/a/flux-system.yaml': selfApplying('a'), 'clusters/a/flux.yaml': fluxManifests('v2.5.1'), 'clusters/a/apps.yaml': applying('apps-a', './apps/a'),
        'clusters/b/flux-system.yaml': selfApplying('b'), 'clusters/b/flux.yaml': fluxManifests('v2.9.4'), 'clusters/b/apps.yaml': applying('apps-b', './apps/b'),
        'apps/a/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2'), 'apps/b/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2'),
      },
      findings: [
        {
          message: 'helm.toolkit.fluxcd.io/v2beta2 is deprecated and Flux 2.8 no longer serves it; the Flux this repository installs (v2.5.1 at clusters/a/flux.yaml:10) still does, but rejects this HelmRelease once upgraded past 2.7',
          at: 'apps/a/podinfo.yaml:1:13', severity: 'warning',
          fix: 'change apiVersion to helm.toolkit.fluxcd.io/v2 before upgrading Flux past 2.7 (the installed Flux serves it; flux migrate updates stored objects)',
        },
        { message: `helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease${failing('apps-b')}`, at: 'apps/b/podinfo.yaml:1:13', fix },
      ],
    },
    {
      name: 'a Kustomization of kustomize.toolkit.fluxcd.io/v1beta2, served up to Flux 2.7 (ahgraber/homelab-gitops-k3s in 2022)',
      repository: { 'clusters/main/apps.yaml': fluxKustomization('apps').replace('kustomize.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1beta2') },
      findings: [{
        message: 'kustomize.toolkit.fluxcd.io/v1beta2 is no longer served since Flux 2.8: the cluster rejects this Kustomization',
        at: 'clusters/main/apps.yaml:1:13',
        fix: 'change apiVersion to kustomize.toolkit.fluxcd.io/v1 (flux migrate updates stored objects)',
      }],
    },
    {
      name: 'the same on a Flux before 2.0 (gotk-components.yaml v0.31.3): served, a warning, and v1 only after an upgrade to 2.0',
      repository: {
        'clusters/main/flux-system/gotk-components.yaml': gotkComponents('v0.31.3'),
        'clusters/main/apps.yaml': fluxKustomization('apps').replace('kustomize.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1beta2'),
      },
      findings: [{
        message: 'kustomize.toolkit.fluxcd.io/v1beta2 is deprecated and Flux 2.8 no longer serves it; the Flux this repository installs (v0.31.3 at clusters/main/flux-system/gotk-components.yaml:3) still does, but rejects this Kustomization once upgraded past 2.7',
        at: 'clusters/main/apps.yaml:1:13',
        fix: 'upgrade Flux to a 2.0 to 2.7 release first (v1 is served since 2.0), then change apiVersion to kustomize.toolkit.fluxcd.io/v1 before going past 2.7',
        severity: 'warning',
      }],
    },
    {
      // A trial's probe (Smana/flux-demo): an older flux bootstrap wrote no header; its objects' labels give the version.
      name: 'a gotk-components.yaml without the header (v0.16.0): its objects\' version label is the pin, a warning',
      repository: {
        'clusters/main/flux-system/gotk-components.yaml': unheadedGotkComponents('v0.16.0'),
        'clusters/main/apps.yaml': fluxKustomization('apps').replace('kustomize.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1beta1'),
      },
      findings: [{
        message: 'kustomize.toolkit.fluxcd.io/v1beta1 is deprecated and Flux 2.7 no longer serves it; the Flux this repository installs (v0.16.0 at clusters/main/flux-system/gotk-components.yaml:7) still does, but rejects this Kustomization once upgraded past 2.6',
        at: 'clusters/main/apps.yaml:1:13',
        fix: 'upgrade Flux to a 2.0 to 2.6 release first (v1 is served since 2.0), then change apiVersion to kustomize.toolkit.fluxcd.io/v1 before going past 2.6',
        severity: 'warning',
      }],
    },
    {
      name: 'a pin Flux never applies (an example beside the cluster the repository syncs) says nothing of the cluster: an error',
      repository: {
        'clusters/main/apps.yaml': fluxKustomization('apps'),
        'apps/podinfo.yaml': repositoryRelease('helm.toolkit.fluxcd.io/v2beta2'),
        'docs/example/flux.yaml': fluxManifests('v2.2.2'),
      },
      findings: [{ message: `helm.toolkit.fluxcd.io/v2beta2 is no longer served since Flux 2.8: the cluster rejects this HelmRelease${failing('apps')}`, at: 'apps/podinfo.yaml:1:13', fix }],
    },
  ],
});

describe('an object the cluster rejects for its API version fails the apply of the Kustomization that builds it', () => {
  // kustomize-controller dry-runs every object of a stage before it applies any (fluxcd/pkg ssa ApplyAll): "no matches
  // for kind HelmRelease in version helm.toolkit.fluxcd.io/v2beta1", and nothing of the stage is applied.
  const cluster = (extra: Record<string, string> = {}) => repositoryOf({
    'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
    'clusters/prod/apps.yaml': fluxKustomization('apps'),
    'apps/web.yaml': helmRelease('web').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'),
    'apps/db.yaml': helmRelease('db'),
    ...extra,
  });

  it('no Flux version pinned (the newest, which serves no v2beta1): the applier and its siblings are never installed; explain says why', async () => {
    const root = cluster();
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled: string[] };
    expect(order.neverInstalled).toEqual(['HelmRelease/flux-system/db', 'HelmRelease/flux-system/web', 'Kustomization/flux-system/apps']);
    const why = (await runCli(['explain', 'Kustomization/flux-system/apps', '--root', root], { cwd: root })).stdout.split('\n').find((line) => line.startsWith('  install level'));
    expect(why).toBe('  install level    none (its apply fails on an object the API server rejects (an api/* error: a duration, version or kind it does not accept): never Ready, and it applies nothing: never installed on a cold start)');
  });

  it('a Flux that still serves it (2.5 pinned: a warning): the apply goes through', async () => {
    const root = cluster({ 'clusters/prod/flux.yaml': fluxManifests('v2.5.1') });
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(order.levels.flat()).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'HelmRelease/flux-system/db']));
    expect(order.neverInstalled ?? []).not.toContain('Kustomization/flux-system/apps');
  });

  // A review's probes: a cascade where the Flux objects never reach the cluster, or where the apply skips the object.
  it('no failing apply for a file .sourceignore leaves out, nor for an object the apply skips (reconcile: disabled)', async () => {
    // (The .sourceignore is read where the repository's GitRepository is known: flux bootstrap's, here.)
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.org/fleet.git\n  ref:\n    branch: main\n';
    for (const extra of [{ '.sourceignore': '/apps/web.yaml\n', 'clusters/prod/source.yaml': source }, {
      'apps/web.yaml': helmRelease('web').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1')
        .replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'),
    }]) {
      const root = cluster(extra);
      const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
      expect(order.levels.flat(), Object.keys(extra)[0]).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'HelmRelease/flux-system/db']));
    }
  });

  // A review's probe: cluster a's Flux (2.5) serves v2beta1, cluster b's (2.7) does not. Which applier is b's is not told
  // apart here: neither is failed (the finding stands), where both were.
  it('two clusters that apply the file, one of whose Flux still serves the version: no applier fails', async () => {
    const root = repositoryOf({
      ...Object.fromEntries(['a', 'b'].flatMap((name) => [
        [`clusters/${name}/flux-system.yaml`, fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${name}`)],
        [`clusters/${name}/apps.yaml`, fluxKustomization(`apps-${name}`).replace(`path: ./apps-${name}`, 'path: ./apps')],
        [`clusters/${name}/flux.yaml`, fluxManifests(name === 'a' ? 'v2.5.1' : 'v2.7.0')],
      ])),
      'apps/web.yaml': helmRelease('web').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'),
      'apps/db.yaml': helmRelease('db'),
    });
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(order.neverInstalled ?? []).not.toContain('Kustomization/flux-system/apps-a');
    expect(order.levels.flat()).toContain('HelmRelease/flux-system/db');
  });
});
