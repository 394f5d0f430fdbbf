// The repository audit reads what each Flux Kustomization applies as
// kustomize-controller builds it: overlays over a shared base give each cluster
// its own objects; an overlay that renames or patches Flux objects is built by
// the real kustomize (located back to the files); spec.components join the
// build; objects no Kustomization applies are left out, counted.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { runBin, runCli, temporaryDirectory } from './helpers.js';
import { repositoryOf as repository } from './repo-builder.js';
import { audit, fluxKustomization, helmRelease, kustomization, kustomize, twoClusters } from './repository-overlays-shared.js';

describe('overlays over a shared base', () => {
  it('give each cluster its own objects, in the namespace its overlay sets', async () => {
    const { code, report, keys } = await audit(repository(twoClusters()));
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 4, Kustomization: 4, ResourceSet: 0 });
    expect(report.flux!.order.flat().filter((id) => id.startsWith('HelmRelease/')).sort()).toEqual([
      'HelmRelease/prod-apps/redis', 'HelmRelease/prod-apps/web', 'HelmRelease/staging-apps/redis', 'HelmRelease/staging-apps/web',
    ]);
    expect(code).toBe(0);
  });

  it('explain shows which overlay applies which copy', async () => {
    const root = repository(twoClusters());
    const result = await runCli(['explain', 'HelmRelease/staging-apps/web', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(result.stdout)).toMatchObject({ object: 'HelmRelease/staging-apps/web', appliedBy: ['Kustomization/flux-system/apps'], dependsOn: ['HelmRelease/staging-apps/redis'] });
    expect(result.code).toBe(0);
  });
});

describe('an object belongs to the clusters whose entry points reach it', () => {
  it('a dependency on an object only another cluster applies is unknown-target (it resolved to that copy)', async () => {
    // After martinohmann/home-ops: the storage cluster syncs only kubernetes/storage; longhorn is main's.
    const files = {
      'kubernetes/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './kubernetes/main'),
      'kubernetes/main/apps/longhorn.yaml': helmRelease('longhorn'),
      'kubernetes/storage/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './kubernetes/storage'),
      'kubernetes/storage/apps/filebrowser.yaml': helmRelease('filebrowser', ['longhorn']),
    };
    const { code, report, keys } = await audit(repository(files));
    expect(keys).toEqual(['dependsOn/unknown-target@kubernetes/storage/apps/filebrowser.yaml:8:7']);
    expect(report.findings[0]!.message).toBe('HelmRelease filebrowser depends on HelmRelease longhorn, which does not exist where filebrowser is applied (only HelmRelease longhorn, for another cluster): Flux holds filebrowser at DependencyNotReady for ever');
    expect(code).toBe(1);
  });

  it('roots in sibling directories that nothing here applies say nothing of their cluster: their dependencies resolve', async () => {
    // A review's probe: infra/ks.yaml and apps/ks.yaml, applied from elsewhere (by hand, or a sync this repository does not show).
    const files = {
      'infra/ks.yaml': fluxKustomization('infra', './infra/app'), 'infra/app/cilium.yaml': helmRelease('cilium'),
      'apps/ks.yaml': fluxKustomization('apps', './apps/app', '  dependsOn:\n    - name: infra\n'), 'apps/app/web.yaml': helmRelease('web'),
    };
    const { code, keys } = await audit(repository(files));
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });

  it('what one FluxInstance syncs from a directory without a kustomization is one cluster, its ks.yaml roots and all', async () => {
    // After mirceanton/home-ops: a flux-instance HelmRelease syncs apps/, where each app's ks.yaml is a root of its own.
    const instance = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n        path: apps/\n';
    const ks = (name: string, dependsOn: string[] = []) => fluxKustomization(name, `./apps/${name}/app`, dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : '');
    const files = {
      'apps/flux-system/flux-instance/helmrelease.yaml': instance,
      'apps/database/ks.yaml': ks('database'),
      'apps/database/app/helmrelease.yaml': helmRelease('postgres'),
      'apps/web/ks.yaml': ks('web', ['database']),
      'apps/web/app/helmrelease.yaml': helmRelease('web'),
      'docs/old.yaml': helmRelease('old', ['gone']),
    };
    const { code, report, keys } = await audit(repository(files));
    // With no kustomization anywhere below apps/, the sync applies every manifest there, the releases too, as Flux's
    // generated kustomization does: web's dependsOn on database holds its release back from nothing (mirceanton's
    // own tree lists each app's ks.yaml alone, and gives no such finding).
    expect(keys).toEqual(['dependsOn/bypassed@apps/web/ks.yaml:15:7']);
    // (The entry points are known: the example under docs/ is left out.)
    expect(report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'docs/old.yaml', paths: ['docs/old.yaml'] });
    expect(code).toBe(0);
  });
});

describe.skipIf(!kustomize)('overlays that change Flux objects are built by the real kustomize (skipped without kustomize or kubectl)', () => {
  it('a patch that adds a dependsOn item: judged as built, located at the patch', async () => {
    const patch = 'patches:\n  - target:\n      kind: HelmRelease\n      name: web\n    patch: |\n      - op: add\n        path: /spec/dependsOn/-\n        value:\n          name: postgres\n';
    const { code, report, keys } = await audit(repository(twoClusters(patch)));
    // Only production's copy gets the item (located at the name the inline patch writes); it names a HelmRelease that exists nowhere.
    expect(keys).toEqual(['dependsOn/unknown-target@apps/production/kustomization.yaml:14:17']);
    expect(report.findings[0]!.message).toBe('HelmRelease prod-apps/web depends on HelmRelease prod-apps/postgres, which does not exist in the repository: Flux holds web at DependencyNotReady for ever');
    expect(code).toBe(1);
  });

  it('namePrefix renames the release but not what its dependsOn names: the item dangles, with a suggestion', async () => {
    const { code, report, keys } = await audit(repository(twoClusters('namePrefix: prod-\n')));
    expect(keys).toEqual(['dependsOn/unknown-target@apps/base/web.yaml:8:7']);
    expect(report.findings[0]!.message).toBe('HelmRelease prod-apps/prod-web depends on HelmRelease prod-apps/redis, which does not exist where prod-web is applied (only HelmRelease staging-apps/redis, for another cluster): Flux holds prod-web at DependencyNotReady for ever');
    expect(report.findings[0]!.fix).toBe('did you mean prod-redis? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)');
    expect(code).toBe(1);
  });

  it('a kustomization kustomize cannot build is one located kustomization/build-failed, exit 1', async () => {
    const { code, keys, report } = await audit(repository(twoClusters('patches:\n  - path: missing-patch.yaml\n')));
    expect(keys).toEqual(['kustomization/build-failed@apps/production/kustomization.yaml:null:null']);
    expect(report.findings[0]!.message).toMatch(/^(kustomize build|kubectl kustomize) fails: .*missing-patch\.yaml/);
    expect(code).toBe(1);
  });

  it('spec.components: a component that patches dependsOn joins the build of spec.path', async () => {
    const files = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('web', './apps/web', '  targetNamespace: web\n  components:\n    - ../../components/backup\n'),
      'apps/web/kustomization.yaml': kustomization('resources:\n  - helmrelease.yaml\n'),
      'apps/web/helmrelease.yaml': helmRelease('web'),
      'components/backup/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: HelmRelease\n    patch: |\n      - op: add\n        path: /spec/dependsOn\n        value:\n          - name: volsync\n            namespace: storage\n',
    };
    const { code, report, keys } = await audit(repository(files));
    expect(keys).toEqual(['dependsOn/unknown-target@components/backup/kustomization.yaml:10:19']);
    expect(report.findings[0]!.message).toBe('HelmRelease web/web depends on HelmRelease storage/volsync, which does not exist in the repository: Flux holds web at DependencyNotReady for ever');
    expect(code).toBe(1);
  });
});

describe('what is read as written', () => {
  it('--no-kustomize reads an overlay that would need kustomize as written, and says so', async () => {
    const patch = 'patches:\n  - target:\n      kind: HelmRelease\n    path: timeout.yaml\n';
    const files = { ...twoClusters(patch), 'apps/production/timeout.yaml': '- op: add\n  path: /spec/timeout\n  value: 10m\n' };
    const { code, report, keys } = await audit(repository(files), ['--no-kustomize']);
    expect(keys).toEqual(['input/kustomize-skipped@apps/production/kustomization.yaml:6:1']);
    expect(report.findings[0]!.message).toBe('the kustomization uses patches, which can change Flux objects; with --no-kustomize its files are audited as written');
    expect(report.flux!.objects).toEqual({ HelmRelease: 4, Kustomization: 4, ResourceSet: 0 });
    expect(code).toBe(0);
  });

  it('a patch of a Flux object that sets nothing the audit reads (values, chart source, remediation) needs no kustomize', () => {
    // rafaribe/home-ops: a component points every HelmRelease at app-template; the build took two thirds of the check.
    const strategic = 'patches:\n  - target:\n      kind: HelmRelease\n    patch: |\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: _\n      spec:\n        chart:\n          spec:\n            chart: app-template\n            sourceRef:\n              kind: OCIRepository\n              name: app-template\n        values:\n          timeout: 5\n        install:\n          remediation:\n            retries: 3\n';
    const json = '  - target:\n      kind: HelmRelease\n    patch: |\n      - op: replace\n        path: /spec/values/replicas\n        value: 2\n';
    const bin = temporaryDirectory();
    symlinkSync(process.execPath, join(bin, 'node'));
    // Neither kustomize nor kubectl on PATH: a tree that needed a build would be an input/kustomize-missing error.
    const result = runBin(['check', '--root', repository(twoClusters(`${strategic}${json}`)), '--format', 'json'], { env: { PATH: bin } });
    expect((JSON.parse(result.stdout) as Report).findings).toEqual([]);
    expect(result.code).toBe(0);
    // A field it reads, at any place a patch sets it: spec.timeout, install.disableWait, the substitute annotation.
    for (const audited of [
      'spec:\n  timeout: 5m\n', 'spec:\n  install:\n    disableWait: true\n', 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n', 'spec:\n  $patch: delete\n',
    ]) {
      const patch = `patches:\n  - target:\n      kind: HelmRelease\n    patch: |\n${`apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: _\n${audited}`.replace(/^/gm, '      ').replace(/ +$/, '')}`;
      const needed = runBin(['check', '--root', repository(twoClusters(patch)), '--format', 'json'], { env: { PATH: bin } });
      expect([audited, (JSON.parse(needed.stdout) as Report).findings.map((finding) => finding.rule)]).toEqual([audited, ['input/kustomize-missing']]);
    }
  });

  it('labels and a patch of another kind change no Flux object: no kustomize run needed', async () => {
    const extra = 'labels:\n  - pairs:\n      team: web\npatches:\n  - target:\n      kind: Deployment\n    patch: |\n      - op: add\n        path: /spec/replicas\n        value: 2\n';
    // With --no-kustomize there is nothing to skip: the overlay is read as written either way.
    const { code, keys } = await audit(repository(twoClusters(extra)), ['--no-kustomize']);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });

  it('a component that only adds a HelmRelease is read as written: the release is applied, in the targetNamespace', async () => {
    const files = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('web', './apps/web', '  targetNamespace: web\n  components:\n    - ../../components/proxy\n'),
      'apps/web/kustomization.yaml': kustomization('resources:\n  - helmrelease.yaml\n'),
      'apps/web/helmrelease.yaml': helmRelease('web'),
      'components/proxy/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - helmrelease.yaml\n',
      'components/proxy/helmrelease.yaml': helmRelease('proxy', ['web']),
    };
    const { code, report, keys } = await audit(repository(files), ['--no-kustomize']);
    expect(keys).toEqual([]);
    expect(report.flux!.order).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/web'],
      ['HelmRelease/web/web'],
      ['HelmRelease/web/proxy'],
    ]);
    expect(code).toBe(0);
  });
});

describe('objects no Flux Kustomization applies', () => {
  const withExample = {
    ...twoClusters(),
    'docs/examples/broken.yaml': helmRelease('example', ['not-there']),
  };

  it('a Kustomization nothing applies, beside a self-applying flux-system, is no entry point; one its own directory\'s kustomization lists is', async () => {
    const { code, report, keys } = await audit(repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/web.yaml': helmRelease('web'),
      // ishioni/homelab-ops: an archived application, nothing applies it.
      'archive/old/ks.yaml': fluxKustomization('old', './apps', '  dependsOn:\n    - name: gone\n'),
      // sulibot/home-ops: a cluster without a flux-system of its own, applied by hand (kubectl apply -k).
      'clusters/cluster-102/kustomization.yaml': kustomization('resources:\n  - apps.yaml\n'),
      'clusters/cluster-102/apps.yaml': fluxKustomization('apps-102', './apps', '  dependsOn:\n    - name: missing\n'),
      // JJGadgets/Biohazard: a template whose name holds a variable nothing substitutes, listed all the same.
      'templates/test/kustomization.yaml': kustomization('resources:\n  - ks.yaml\n'),
      'templates/test/ks.yaml': fluxKustomization('${APPNAME}-app', './apps', '  dependsOn:\n    - name: nope\n'),
      // olga-mir/k8s-multi-cluster (a trial's): a template whose namespace is the variable, which a script fills in
      // with envsubst; its kustomization lists a file only the copies have. Nothing here applies it.
      'templates/cluster/kustomization.yaml': kustomization('resources:\n  - namespace.yaml\n  - platform.yaml\n'),
      'templates/cluster/platform.yaml': fluxKustomization('cni', './apps', '  dependsOn:\n    - name: nope\n').replace('namespace: flux-system', 'namespace: ${CLUSTER_NAME}'),
      // A review's probe: a cluster beside clusters/main whose sync is not written here (a FluxInstance made elsewhere).
      'clusters/edge/apps.yaml': fluxKustomization('apps-edge', './apps', '  dependsOn:\n    - name: absent\n'),
      // KevinNitroG/homelab: applications parked in kubernetes-later/, each ks/ listed by its application's kustomization,
      // their paths still naming where they lived (seven false path-not-found errors, as roots): a part, not a tree's top.
      'later/app/cloudflared/kustomization.yaml': kustomization('resources:\n  - ./ks/\n'),
      'later/app/cloudflared/ks/kustomization.yaml': kustomization('resources:\n  - ./cloudflared.yaml\n'),
      'later/app/cloudflared/ks/cloudflared.yaml': fluxKustomization('cloudflared', './app/cloudflared/moved', '  dependsOn:\n    - name: nowhere\n'),
      // A review's probe: the same shape beside a known cluster is a cluster applied by hand (kubectl apply -k clusters/cluster-103).
      'clusters/cluster-103/kustomization.yaml': kustomization('resources:\n  - apps\n'),
      'clusters/cluster-103/apps/kustomization.yaml': kustomization('resources:\n  - ks.yaml\n'),
      'clusters/cluster-103/apps/ks.yaml': fluxKustomization('apps-103', './apps', '  dependsOn:\n    - name: lost\n'),
    }));
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/cluster-102/apps.yaml:15:7', 'dependsOn/unknown-target@clusters/cluster-103/apps/ks.yaml:15:7', 'dependsOn/unknown-target@clusters/edge/apps.yaml:15:7']);
    expect(report.flux!.skipped).toContainEqual({
      reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 4, example: 'archive/old/ks.yaml',
      paths: ['archive/old/ks.yaml', 'later/app/cloudflared/ks/cloudflared.yaml', 'templates/cluster/platform.yaml', 'templates/test/ks.yaml'],
    });
    expect(code).toBe(1);
  });

  it('beside a root that applies only its own directory (a part of its cluster\'s directory), a Kustomization nothing applies is no entry point, unless its directory marks another cluster\'s', async () => {
    // A trial's probe (h3mmy/bloopySphere): bootstrap/ applies itself; deploy/ beside it is applied by nothing, and its
    // path's broken kustomization made every command exit 3. A sibling that marks itself a cluster's (its own
    // kustomization file) stays a hand-applied cluster.
    const { code, report, keys } = await audit(repository({
      'clusters/a/bootstrap/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/a/bootstrap'),
      'clusters/a/bootstrap/apps.yaml': fluxKustomization('apps', './apps', '  dependsOn:\n    - name: infra-typo\n'),
      'apps/web.yaml': helmRelease('web'),
      'clusters/a/deploy/config.yaml': fluxKustomization('cluster-config', './clusters/a/config'),
      'clusters/a/config/kustomization.yaml': kustomization('resources:\n  - settings.yaml\n'),
      'clusters/a/edge/kustomization.yaml': kustomization('resources:\n  - apps.yaml\n'),
      'clusters/a/edge/apps.yaml': fluxKustomization('apps-edge', './apps', '  dependsOn:\n    - name: absent\n'),
      // A review's probe: nor one that writes a copy of an object the root's directory writes (another cluster's apps).
      'clusters/a/staging/apps.yaml': fluxKustomization('apps', './apps', '  dependsOn:\n    - name: gone\n'),
    }));
    expect(keys).toEqual([
      'dependsOn/unknown-target@clusters/a/bootstrap/apps.yaml:15:7', 'dependsOn/unknown-target@clusters/a/edge/apps.yaml:15:7',
      'dependsOn/unknown-target@clusters/a/staging/apps.yaml:15:7',
    ]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', paths: ['clusters/a/deploy/config.yaml'],
    }));
    expect(code).toBe(1);
  });

  it('a bootstrap moved below the root (its path is its own directory from there) is no entry point beside a live one; alone, path-not-found', async () => {
    // A trial's probe (tvories/k8s-gitops): archive/cluster/base/flux-system syncs ./cluster/base, where it lived before
    // the move; the live cluster is applied by hand from k8s/clusters/c0. It was a root: a false path-not-found.
    const archived = {
      'archive/cluster/base/flux-system/kustomization.yaml': kustomization('resources:\n  - gotk-sync.yaml\n'),
      'archive/cluster/base/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './cluster/base'),
    };
    const { code, report, keys } = await audit(repository({
      ...archived,
      'k8s/clusters/c0/kustomization.yaml': kustomization('resources:\n  - deploy.yaml\n'),
      'k8s/clusters/c0/deploy.yaml': fluxKustomization('cluster-deployment', './k8s/clusters/c0/flux'),
      'k8s/clusters/c0/flux/hr.yaml': helmRelease('podinfo'),
    }));
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual({
      reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1,
      example: 'archive/cluster/base/flux-system/gotk-sync.yaml', paths: ['archive/cluster/base/flux-system/gotk-sync.yaml'],
    });
    expect(code).toBe(0);
    // With no live root beside it, --root may be above the repository: the finding and its hint stay.
    const alone = await audit(repository(archived));
    expect(alone.keys).toEqual(['kustomization/path-not-found@archive/cluster/base/flux-system/gotk-sync.yaml:8:9']);
    // A review's probe: a cluster whose stale path is its own directory seen from clusters/, where a live cluster is:
    // broken, not archived.
    const stale = await audit(repository({
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './clusters/prod/apps'),
      'clusters/prod/apps/hr.yaml': helmRelease('podinfo'),
      'clusters/staging/flux-system/kustomization.yaml': kustomization('resources:\n  - gotk-sync.yaml\n'),
      'clusters/staging/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './staging'),
    }));
    expect(stale.keys).toEqual(['kustomization/path-not-found@clusters/staging/flux-system/gotk-sync.yaml:8:9']);
  });

  it('a bootstrap moved with its top directory renamed is no entry point where what syncs the cluster now has its id', async () => {
    // A trial's probe (andycooney/infrastructure): zholding/cluster/home/flux-system syncs ./kubernetes/cluster/home, as
    // it did before the move, beside the FluxInstance that syncs the cluster now (its Kustomization flux-system/flux-system
    // too): a false path-not-found, on one node merged with the FluxInstance's Kustomization.
    const fluxInstance = 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/infrastructure.git\n    ref: refs/heads/main\n    path: clusters/home\n';
    const files = (archivedName: string) => ({
      'clusters/home/flux-instance.yaml': fluxInstance,
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps/demo'),
      'apps/demo/hr.yaml': helmRelease('podinfo'),
      'archive/cluster/home/flux-system/kustomization.yaml': kustomization('resources:\n  - gotk-sync.yaml\n'),
      'archive/cluster/home/flux-system/gotk-sync.yaml': fluxKustomization(archivedName, './kubernetes/cluster/home'),
    });
    const { code, report, keys } = await audit(repository(files('flux-system')));
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual({
      reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1,
      example: 'archive/cluster/home/flux-system/gotk-sync.yaml', paths: ['archive/cluster/home/flux-system/gotk-sync.yaml'],
    });
    expect(code).toBe(0);
    // A review's probe: a bootstrap cluster whose directory was renamed (kubernetes/home syncing ./k8s/home) beside another
    // bootstrap cluster, which has the id flux-system/flux-system too: a broken cluster, reported, not an archive.
    const renamedBroken = await audit(repository({
      'clusters/staging/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
      'kubernetes/home/flux-system/kustomization.yaml': kustomization('resources:\n  - gotk-sync.yaml\n'),
      'kubernetes/home/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './k8s/home'),
    }));
    expect(renamedBroken.keys).toEqual(['kustomization/path-not-found@kubernetes/home/flux-system/gotk-sync.yaml:8:9']);
    // Of another id, nothing live stands for it: a cluster whose directory was renamed and its sync not told, reported.
    expect((await audit(repository(files('home-sync')))).keys).toEqual(['kustomization/path-not-found@archive/cluster/home/flux-system/gotk-sync.yaml:8:9']);
    // Parked beside it in the archive (andycooney's zholding/): default.yaml, syncing the moved ./kubernetes/default,
    // listed by a kustomization nothing applies (with files that are gone): no root either, no path-not-found.
    const parked = {
      ...files('flux-system'),
      'archive/kustomization.yaml': kustomization('resources:\n  - default.yaml\n  - infrastructure.yaml\n'),
      'archive/default.yaml': fluxKustomization('default', './kubernetes/default'),
    };
    const parkedAudit = await audit(repository(parked));
    expect(parkedAudit.keys).toEqual([]);
    expect(parkedAudit.report.flux!.skipped).toContainEqual(expect.objectContaining({ paths: ['archive/cluster/home/flux-system/gotk-sync.yaml', 'archive/default.yaml'] }));
    // Where the directory it would have been moved into holds what a live sync applies, it is no archive: reported.
    const live = { ...files('flux-system'), 'clusters/home/flux-instance.yaml': fluxInstance.replace('path: clusters/home', 'path: archive/live'), 'archive/live/apps.yaml': fluxKustomization('apps', './apps/demo') };
    expect((await audit(repository(live))).keys).toContain('kustomization/path-not-found@archive/cluster/home/flux-system/gotk-sync.yaml:8:9');
  });

  it('are left out and counted where the repository shows how it is applied', async () => {
    const { code, report, keys } = await audit(repository(withExample));
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 4, Kustomization: 4, ResourceSet: 0 });
    expect(report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'docs/examples/broken.yaml', paths: ['docs/examples/broken.yaml'] });
    expect(code).toBe(0);
  });

  it('a Kustomization commented out of the kustomization that would list it is no entry point: left out with what it applies', async () => {
    // After haraldkoch/kochhaus-home: kubernetes/main/apps/joomla/kustomization.yaml has `#- ./rtr/ks.yaml`,
    // and rtr/ks.yaml's dependsOn names a HelmRelease (a wrong-kind error, were it ever applied).
    const files = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('cluster-apps', './apps'),
      'apps/joomla/kustomization.yaml': kustomization('resources:\n  - ./mariadb/ks.yaml\n  #- ./rtr/ks.yaml\n'),
      'apps/joomla/mariadb/ks.yaml': fluxKustomization('joomla-mariadb', './apps/joomla/mariadb/app'),
      'apps/joomla/mariadb/app/helmrelease.yaml': helmRelease('mariadb'),
      'apps/joomla/rtr/ks.yaml': fluxKustomization('joomla-rtr', './apps/joomla/rtr/app', '  dependsOn:\n    - name: mariadb\n'),
      'apps/joomla/rtr/app/helmrelease.yaml': helmRelease('ridetoremember'),
    };
    const { code, report, keys } = await audit(repository(files));
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 3, ResourceSet: 0 });
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 2, example: 'apps/joomla/rtr/app/helmrelease.yaml' }));
    expect(code).toBe(0);
    // Listed again, it is applied and judged.
    const listed = await audit(repository({ ...files, 'apps/joomla/kustomization.yaml': kustomization('resources:\n  - ./mariadb/ks.yaml\n  - ./rtr/ks.yaml\n') }));
    expect(listed.keys).toEqual(['dependsOn/wrong-kind@apps/joomla/rtr/ks.yaml:15:7']);
  });

  it('a ${VARIABLE} after a literal directory keeps what lies below that directory, and the filter stays on for the rest', async () => {
    // After sulibot/home-ops: path ./…/postgres/app-${CNPG_RECOVERY_MODE:=false}, a variable a substituteFrom may set.
    const files = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/postgres.yaml': fluxKustomization('postgres', './apps/postgres/app-${RECOVERY:=false}',
        '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n'),
      'apps/postgres/app-false/cluster.yaml': helmRelease('postgres', ['operator']),
      'apps/postgres/app-true/cluster.yaml': helmRelease('postgres-recovery', ['cnpg']),
      'clusters/main/cnpg.yaml': helmRelease('cnpg'),
      'docs/example.yaml': helmRelease('example', ['nope']),
    };
    const { code, report, keys } = await audit(repository(files));
    // Both directories the variable may name are audited (postgres's missing operator is reported); docs/ is not.
    // Which cluster applies them is not known: their dependencies resolve wherever the target is (cnpg, main's),
    // and a dependency on them from main's objects resolves too (web -> postgres).
    expect(keys).toEqual(['dependsOn/unknown-target@apps/postgres/app-false/cluster.yaml:8:7']);
    const withWeb = await audit(repository({ ...files, 'clusters/main/web.yaml': fluxKustomization('web', './apps/web'), 'apps/web/hr.yaml': helmRelease('web', ['postgres']) }));
    expect(withWeb.keys).toEqual(['dependsOn/unknown-target@apps/postgres/app-false/cluster.yaml:8:7']);
    expect(report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'docs/example.yaml', paths: ['docs/example.yaml'] });
    expect(report.flux!.objects).toEqual({ HelmRelease: 3, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  it('the repository\'s .sourceignore is not another repository\'s: a root of that source in a directory it leaves out stays; an unreadable one is counted', async () => {
    // An independent review's probe: GitRepository platform is another repository, and this repository's
    // .sourceignore (`/bootstrap/`) says nothing of its artifact. Read for every source, it dropped the root
    // platform and left apps depending on nothing (a false dependsOn/unknown-target).
    const gitRepository = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: ${url}\n---\n`;
    const files = (sourceIgnore: string) => ({
      '.sourceignore': sourceIgnore,
      'clusters/prod/flux-system/gotk-sync.yaml': gitRepository('flux-system', 'https://github.com/me/fleet') + fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/prod', '  dependsOn:\n    - name: platform\n'),
      'apps/prod/podinfo.yaml': helmRelease('podinfo'),
      'bootstrap/platform.yaml': gitRepository('platform', 'https://github.com/other/platform') + fluxKustomization('platform', './deploy').replace('name: flux-system\n', 'name: platform\n'),
      // Applied by hand (kubectl apply -k bootstrap), as its own directory's kustomization lists it.
      'bootstrap/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - platform.yaml\n',
    });
    const foreign = await audit(repository(files('/bootstrap/\n')));
    expect(foreign.keys).toEqual([]);
    expect(foreign.report.flux!.objects.Kustomization).toBe(3);
    // Read, `/apps/` leaves this repository's apps/prod out of the artifact flux-system makes of it; over the size
    // limit, the file is not read, and said so.
    expect((await audit(repository(files('/apps/\n')))).keys).toEqual(['kustomization/path-not-found@clusters/prod/apps.yaml:8:9']);
    const unread = await audit(repository(files(`# ${'x'.repeat(8 * 1024 * 1024)}\n/apps/\n`)));
    expect(unread.report.flux!.skipped).toContainEqual({ reason: 'unreadable .sourceignore (its patterns are not applied)', count: 1, example: '.sourceignore', paths: ['.sourceignore'] });
    expect(unread.keys).toEqual([]);
  });

  it('a file the artifact leaves out (.sourceignore, spec.ignore) is not applied from the directory a Kustomization applies', async () => {
    const gitRepository = (ignore: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://example.com/home.git\n${ignore}---\n`;
    const files = (sourceIgnore: string, ignore = '') => ({
      ...(sourceIgnore ? { '.sourceignore': sourceIgnore } : {}),
      'clusters/prod/flux-system/gotk-sync.yaml': gitRepository(ignore) + fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/podinfo.yaml': helmRelease('podinfo'),
      // A draft kept beside the manifests, left out of what Flux fetches: its dangling dependsOn never reaches a cluster.
      'apps/drafts/next.yaml': helmRelease('next', ['gone']),
    });
    const unknownTarget = 'dependsOn/unknown-target@apps/drafts/next.yaml:8:7';
    const kept = await audit(repository(files('')));
    expect(kept.keys).toEqual([unknownTarget]);
    for (const [sourceIgnore, ignore] of [['drafts/\n', ''], ['', '  ignore: |\n    drafts/\n']]) {
      const leftOut = await audit(repository(files(sourceIgnore!, ignore)));
      expect(leftOut.keys).toEqual([]);
      expect(leftOut.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'YAML files the artifact of their GitRepository leaves out (spec.ignore or .sourceignore: never applied)', paths: ['apps/drafts/next.yaml'] }));
      expect(leftOut.report.flux!.objects.HelmRelease).toBe(1);
    }
  });

  it('a Kustomization the GitRepository it syncs from leaves out of its artifact (spec.ignore) is no entry point', async () => {
    // After truxnell/home-cluster: `/*` then `!/kubernetes` keeps archive/ and templates/ out of what Flux fetches.
    const gitRepository = (ignore: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://example.com/home.git\n${ignore}---\n`;
    const withIgnore = (ignore: string) => ({
      'kubernetes/flux-system/gotk-sync.yaml': gitRepository(ignore) + fluxKustomization('flux-system', './kubernetes'),
      'kubernetes/apps/podinfo.yaml': helmRelease('podinfo'),
      'archive/old/ks.yaml': fluxKustomization('old', './archive/old/app', '  dependsOn:\n    - name: gone\n'),
      'archive/old/app/helmrelease.yaml': helmRelease('old', ['gone']),
    });
    const ignored = await audit(repository(withIgnore('  ignore: |\n    # exclude all\n    /*\n    # include gitops dirs\n    !/kubernetes\n')));
    expect(ignored.keys).toEqual([]);
    expect(ignored.report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 1, ResourceSet: 0 });
    expect(ignored.report.flux!.skipped).toContainEqual({ reason: 'Flux Kustomizations outside the artifact of the GitRepository they sync from (its spec.ignore leaves them out)', count: 1, example: 'archive/old/ks.yaml', paths: ['archive/old/ks.yaml'] });
    expect(ignored.report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'archive/old/app/helmrelease.yaml', paths: ['archive/old/app/helmrelease.yaml'] });
    expect(ignored.code).toBe(0);
    // Without the ignore the archive is no entry point either: nothing applies it, and flux-system shows how the
    // cluster is synced (ishioni/homelab-ops's archive/ had 35 false errors when every such root was one).
    const judged = await audit(repository(withIgnore('')));
    expect(judged.keys).toEqual([]);
    expect(judged.report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 2, example: 'archive/old/app/helmrelease.yaml', paths: ['archive/old/app/helmrelease.yaml', 'archive/old/ks.yaml'] });
    // After Ramblurr/home-ops: the archive keeps its own old GitRepository (another name), which leaves the archive
    // out too, and beside it a Kustomization of Flux's own manifests (an OCIRepository): no entry points either.
    const oldSource = gitRepository('  ignore: |\n    /*\n    !/k8s\n').replace('name: flux-system', 'name: old-system');
    const fluxManifests = fluxKustomization('flux', './').replace('kind: GitRepository\n    name: flux-system', 'kind: OCIRepository\n    name: flux-manifests');
    const archived = await audit(repository({
      ...withIgnore('  ignore: |\n    /*\n    !/kubernetes\n'),
      'archive/k8s/config/cluster.yaml': oldSource + fluxKustomization('cluster', './k8s/prod/flux').replace('name: flux-system\n', 'name: old-system\n'),
      'archive/k8s/config/flux.yaml': fluxManifests,
    }));
    expect(archived.keys).toEqual([]);
    expect(archived.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations outside the artifact of the GitRepository they sync from (its spec.ignore leaves them out)', count: 3, example: 'archive/k8s/config/cluster.yaml' }));
    // Another GitRepository of the same name without a spec.ignore keeps everything: a second cluster's root stays.
    const secondCluster = await audit(repository({
      'clusters/a/flux-system/gotk-sync.yaml': gitRepository('  ignore: |\n    /*\n    !/clusters/a\n    !/apps/a\n') + fluxKustomization('flux-system', './clusters/a'),
      'clusters/a/apps.yaml': fluxKustomization('apps', './apps/a'),
      'apps/a/web.yaml': helmRelease('web-a', ['missing-a']),
      'clusters/b/flux-system/gotk-sync.yaml': gitRepository('') + fluxKustomization('flux-system', './clusters/b'),
      'clusters/b/apps.yaml': fluxKustomization('apps', './apps/b'),
      'apps/b/web.yaml': helmRelease('web-b', ['missing-b']),
    }));
    expect(secondCluster.keys).toEqual(['dependsOn/unknown-target@apps/a/web.yaml:8:7', 'dependsOn/unknown-target@apps/b/web.yaml:8:7']);
    // A root outside the artifact that is the only one of its source is how the cluster is bootstrapped (kubectl
    // apply -k bootstrap/): an entry point still, with what it applies.
    const bootstrap = await audit(repository({
      'bootstrap/gotk-sync.yaml': gitRepository('  ignore: |\n    /*\n    !/kubernetes\n') + fluxKustomization('flux-system', './kubernetes'),
      'kubernetes/apps/podinfo.yaml': helmRelease('podinfo', ['gone']),
      'docs/example.yaml': helmRelease('example', ['nope']),
    }));
    expect(bootstrap.keys).toEqual(['dependsOn/unknown-target@kubernetes/apps/podinfo.yaml:8:7']);
    expect(bootstrap.report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 1, ResourceSet: 0 });
    // (The entry point is what keeps the example under docs/ out as never deployed.)
    expect(bootstrap.report.flux!.skipped).toContainEqual({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 1, example: 'docs/example.yaml', paths: ['docs/example.yaml'] });
  });

  it('a Flux file that does not parse is counted where nothing applies it, and an error wherever its objects would be audited', async () => {
    // A ResourceSet whose `<< range >>` sits in its YAML, not in a resourcesTemplate: no parser reads that.
    const broken = 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: x\nspec:\n  resources:\n    <<- range $t := inputs.tenants >>\n    - kind: Namespace\n    <<- end >>\n';
    const counted = await audit(repository({ ...twoClusters(), 'docs/examples/broken.yaml': broken }));
    expect(counted.keys).toEqual([]);
    expect(counted.report.flux!.skipped).toContainEqual({ reason: 'YAML that does not parse, which no kustomization or Flux Kustomization applies', count: 1, example: 'docs/examples/broken.yaml', paths: ['docs/examples/broken.yaml'] });
    expect(counted.code).toBe(0);
    // Counted too where a ResourceSet (it may generate Kustomizations) keeps every other object audited (a review's probe).
    const resourceSet = 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: flux-system\nspec:\n  inputs: []\n';
    const withResourceSet = await audit(repository({ ...twoClusters(), 'clusters/production/rs.yaml': resourceSet, 'docs/examples/broken.yaml': broken }));
    expect(withResourceSet.keys).toEqual([]);
    expect(withResourceSet.code).toBe(0);
    // The only Flux file of a repository: its error, not "holds no Flux object"; beside a root Kustomization, the same.
    for (const files of [{ 'rs.yaml': broken }, { 'rs.yaml': broken, 'ks.yaml': fluxKustomization('ok', './apps'), 'apps/cm.yaml': 'kind: ConfigMap\n' }]) {
      const root = repository(files);
      const result = await runCli(['check', '--root', root], { cwd: root });
      expect(result.stderr).toBe('error: rs.yaml:7:5 invalid YAML: Implicit keys need to be on a single line — fix the YAML syntax at this position\n');
      expect(result.code).toBe(3);
    }
  });

  it('a cluster bootstrapped inside the tree another cluster builds keeps its entry point: its flux-system applies its own directory', async () => {
    // A review's probe: the root kustomization.yaml lists clusters/prod only; staging is bootstrapped on its own.
    const files = {
      'kustomization.yaml': kustomization('resources:\n  - clusters/prod\n'),
      'clusters/prod/kustomization.yaml': kustomization('resources:\n  - flux-system/gotk-sync.yaml\n'),
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './'),
      'clusters/staging/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
      'clusters/staging/apps.yaml': fluxKustomization('apps', './apps/staging', '  dependsOn:\n    - name: not-there\n'),
      'apps/staging/web.yaml': helmRelease('web'),
    };
    const { keys, code } = await audit(repository(files));
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/staging/apps.yaml:15:7']);
    expect(code).toBe(1);
  });

  it('another source\'s Kustomization, or one never applied, leaves the filter on; a file under an applied directory that its kustomization does not list is not judged', async () => {
    // A second trial's repositories (carpenike/k8s-gitops, truxnell/home-cluster, toboshii/home-ops) lost the filter to
    // flux-manifests from an OCI registry, an upstream project's CRDs, or an archived ks.yaml whose path is gone.
    const files = {
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('cluster-apps', './apps'),
      'clusters/prod/flux.yaml': fluxKustomization('flux', './').replace('kind: GitRepository\n    name: flux-system', 'kind: OCIRepository\n    name: flux-manifests'),
      'clusters/prod/cilium-crds.yaml': fluxKustomization('cilium-crds', './').replace('  path: ./\n', '').replace('name: flux-system\n', 'name: cilium-source\n'),
      'archive/old/ks.yaml': fluxKustomization('old', './archive/old/gone', '  dependsOn:\n    - name: ghost\n'),
      'apps/kustomization.yaml': kustomization('resources:\n  - ./a/ks.yaml\n  # - ./b/ks.yaml\n'),
      'apps/a/ks.yaml': fluxKustomization('a', './apps/a/app'),
      'apps/a/app/hr.yaml': helmRelease('web'),
      'apps/b/ks.yaml': fluxKustomization('b', './apps/b/app'),
      'apps/b/app/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/b/app/hr.yaml': helmRelease('old', ['ghost']).replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'),
    };
    const { keys, report, code } = await audit(repository(files));
    // The archived ks.yaml is no entry point (nothing applies it, and flux-system shows how the cluster is synced),
    // nor does its missing path turn the filter off: b, commented out, and its v2beta1 HelmRelease are left out.
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', count: 3, example: 'apps/b/app/hr.yaml' }));
    expect(code).toBe(0);
  });

  it('are kept where an OCI artifact other than flux-system, maybe built from this repository, is applied (a review\'s probe)', async () => {
    const files = {
      'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', './prod').replace('kind: GitRepository\n    name: flux-system', 'kind: OCIRepository\n    name: apps'),
      'clusters/prod/monitoring.yaml': helmRelease('monitoring', ['database']),
      'apps/prod/kustomization.yaml': kustomization('resources:\n  - hr.yaml\n'),
      'apps/prod/hr.yaml': helmRelease('database'),
    };
    const { keys, code } = await audit(repository(files));
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    // Its path ends no directory here: another project's artifact (a trial's probe: flagger's ./tester), which
    // keeps nothing; what no Kustomization applies is left out again (old's dependency on gone is not judged), and
    // monitoring's database, never deployed, is said to be.
    const foreign = { ...files, 'clusters/prod/apps.yaml': files['clusters/prod/apps.yaml'].replace('path: ./prod', 'path: ./tester'), 'old/hr.yaml': helmRelease('old', ['gone']) };
    const other = await audit(repository(foreign));
    expect(other.keys).toEqual(['dependsOn/unknown-target@clusters/prod/monitoring.yaml:8:7']);
    expect(other.report.findings[0]!.message).toContain('which is written only in apps/prod/hr.yaml, a file no Flux Kustomization of this repository applies');
    expect(other.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', paths: ['apps/prod/hr.yaml', 'old/hr.yaml'] }));
    // At the artifact's root (`path: ./`), but in GitHub's registry under another owner than this repository's (its
    // checkout's remote): another project's artifact too, which a repository's workflows cannot push (a trial's probe,
    // aws-samples/eks-saas-gitops: Weave GitOps's capacitor kept a template whose name is a placeholder: exit 3).
    const oci = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: oci://ghcr.io/OWNER/ui-manifests\n  ref:\n    tag: latest\n';
    const atRoot = { ...foreign, 'clusters/prod/apps.yaml': files['clusters/prod/apps.yaml'].replace('path: ./prod', 'path: ./'), 'templates/tenant.yaml': helmRelease('tenant').replace('name: tenant', 'name: {TENANT_ID}') };
    const remote = (owner: string) => ({ '.git/config': `[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:${owner}/fleet.git\n` });
    const elsewhere = await audit(repository({ ...atRoot, ...remote('acme'), 'clusters/prod/oci.yaml': oci.replace('OWNER', 'gimlet-io') }));
    expect(elsewhere.keys).toEqual(['dependsOn/unknown-target@clusters/prod/monitoring.yaml:8:7']);
    expect(elsewhere.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', paths: ['apps/prod/hr.yaml', 'old/hr.yaml', 'templates/tenant.yaml'] }));
    expect(elsewhere.code).toBe(1);
    // Under this repository's owner (or with no remote to tell), it may be pushed from here: everything is kept.
    for (const kept of [{ ...atRoot, ...remote('acme'), 'clusters/prod/oci.yaml': oci.replace('OWNER', 'ACME') }, { ...atRoot, 'clusters/prod/oci.yaml': oci.replace('OWNER', 'gimlet-io') }]) {
      const result = await audit(repository(kept));
      expect(result.code).toBe(3);
      expect(result.keys).toEqual(['input/invalid-resource@templates/tenant.yaml:4:9']);
    }
  });

  it('are kept where a Kustomization applies a path that cannot be read offline', async () => {
    // (A variable first: the path may name any directory. After a literal directory it could only name what is below.)
    const files = { ...withExample, 'clusters/production/more.yaml': fluxKustomization('more', './${CLUSTERS_DIR}/production/more') };
    const { code, keys } = await audit(repository(files));
    expect(keys).toEqual(['dependsOn/unknown-target@docs/examples/broken.yaml:8:7']);
    expect(code).toBe(1);
  });

  it('are all kept in a repository without Flux Kustomizations (applied from elsewhere)', async () => {
    const { code, keys } = await audit(repository({ 'apps/a.yaml': helmRelease('a', ['b']) }));
    expect(keys).toEqual(['dependsOn/unknown-target@apps/a.yaml:8:7']);
    expect(code).toBe(1);
  });
});

describe('kustomize errors where Flux builds', () => {
  it('a kustomization that lists itself, or a directory that includes it, is located at the entry', async () => {
    const files = { ...twoClusters(), 'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - kustomization.yaml\n  - web.yaml\n  - .\n') };
    const { code, keys, report } = await audit(repository(files));
    expect(keys).toEqual([
      'kustomization/build-failed@apps/base/kustomization.yaml:5:5',
      'kustomization/build-failed@apps/base/kustomization.yaml:7:5',
    ]);
    // Each finding names the Kustomization whose build it fails (explain lists it there).
    expect(report.findings[0]!.message).toBe('resources: lists kustomization.yaml, the kustomization itself: kustomize build fails ("missing Resource metadata"); Kustomization flux-system/apps applies nothing, and what depends on it waits');
    expect(report.findings[0]!.object).toBe('Kustomization/flux-system/apps');
    expect(code).toBe(1);
  });

  it('a kustomization no Flux Kustomization applies is not judged', async () => {
    const files = { ...twoClusters(), 'scratch/kustomization.yaml': kustomization('resources:\n  - .\n') };
    const { code, keys } = await audit(repository(files));
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('what the kit audit checks in every file, the repository audit checks too', () => {
  const root = () => repository({
    'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main').replace('  wait: true\n', ''),
    'clusters/main/infra.yaml': fluxKustomization('infra', './infra').replace('  wait: true\n', '  wait: false\n'),
    'clusters/main/apps.yaml': fluxKustomization('apps', './apps', '  dependsOn:\n    - name: infra\n      namespac: flux-system\n'),
    'infra/old.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease\nmetadata:\n  name: old\n  namespace: infra\nspec:\n  interval: 1h\n',
    'apps/typo.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomisation\nmetadata:\n  name: typo\n  namespace: flux-system\nspec:\n  interval: 1h\n',
  });

  it('api near misses and unknown dependsOn keys, located', async () => {
    const { code, report, keys } = await audit(root());
    expect(keys).toEqual([
      'api/unknown-kind@apps/typo.yaml:2:7',
      'dependsOn/unwaited-kustomization@clusters/main/apps.yaml:15:7',
      'dependsOn/unknown-key@clusters/main/apps.yaml:16:7',
      'api/removed-version@infra/old.yaml:1:13',
    ]);
    expect(report.findings.map((finding) => finding.fix)).toEqual([
      'did you mean kind: Kustomization? (kinds are case-sensitive)',
      'set wait: true (or healthChecks) on Kustomization infra',
      'did you mean namespace?',
      'change apiVersion to helm.toolkit.fluxcd.io/v2 (the v2 API is a drop-in for these manifests; flux migrate updates stored objects)',
    ]);
    // The removed version is still audited as a HelmRelease.
    expect(report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 3, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  it('a dependsOn item that is not a mapping with a name is an input error, exit 3', async () => {
    const dir = root();
    writeFileSync(join(dir, 'clusters/main/apps.yaml'), fluxKustomization('apps', './apps', '  dependsOn:\n    - infra\n'));
    const { code, keys, report } = await audit(dir);
    // Exit 3 reports what kept the audit from running, not the api/* findings of other files.
    expect(keys).toEqual(['input/invalid-resource@clusters/main/apps.yaml:15:7']);
    expect(report.findings[0]!.message).toBe('dependsOn item is a string');
    expect(code).toBe(3);
  });

  it('bootstrap-deps.io/ignore on a repository object suppresses its findings, with the reason; a stale entry is reported', async () => {
    const dir = root();
    const annotated = (entries: string) => fluxKustomization('apps', './apps', '  dependsOn:\n    - name: infra\n').replace('  namespace: flux-system\n',
      `  namespace: flux-system\n  annotations:\n    bootstrap-deps.io/ignore: |\n${entries}`);
    writeFileSync(join(dir, 'clusters/main/apps.yaml'), annotated('      dependsOn/unwaited-kustomization: infra only creates namespaces\n'));
    const { code, report, keys } = await audit(dir);
    expect(keys).toEqual(['api/unknown-kind@apps/typo.yaml:2:7', 'api/removed-version@infra/old.yaml:1:13']);
    expect(report.suppressed).toMatchObject([{ rule: 'dependsOn/unwaited-kustomization', object: 'Kustomization/flux-system/apps', suppression: { kind: 'annotation', reason: 'infra only creates namespaces' } }]);
    expect(code).toBe(1);

    writeFileSync(join(dir, 'clusters/main/apps.yaml'), annotated('      dependsOn/unwaited-kustomization: infra only creates namespaces\n      graph/cycle: none here\n      dependsOn/nope: typo\n'));
    const stale = await audit(dir);
    expect(stale.keys).toEqual([
      'api/unknown-kind@apps/typo.yaml:2:7',
      'suppression/invalid-annotation@clusters/main/apps.yaml:7:31',
      'suppression/unused@clusters/main/apps.yaml:7:31',
      'api/removed-version@infra/old.yaml:1:13',
    ]);
    expect(stale.report.findings[2]!.message).toBe('the bootstrap-deps.io/ignore annotation of Kustomization flux-system/apps suppresses graph/cycle, which no longer reports anything here');
  });
});

it('order, explain and their errors print repository names escaped: a control character never reaches the terminal raw', async () => {
  const root = repository({ 'apps/a.yaml': helmRelease('a\u001b[2Kb'), 'apps/c.yaml': helmRelease('c', ['a\u001b[2Kb']) });
  const order = await runCli(['order', '--root', root], { cwd: root });
  expect(order.stdout).not.toContain('\u001b');
  expect(order.stdout).toContain('HelmRelease a\\x1b[2Kb');
  const explain = await runCli(['explain', 'c', '--root', root], { cwd: root });
  expect(explain.stdout).toContain('depends on       HelmRelease a\\x1b[2Kb');
  expect(explain.stdout).not.toContain('\u001b');
  const missing = await runCli(['explain', 'x\u001by', '--root', root], { cwd: root });
  expect(missing.stderr).toContain('named x\\x1by');
  expect(missing.stderr).not.toContain('\u001b');
  expect(missing.code).toBe(3);
});

describe('postBuild substitution, as far as it is known offline', () => {
  // The cluster's variables come from flux-system's postBuild (it substitutes the path of apps); apps substitutes its own.
  const files = (postBuild: string) => ({
    'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main', '  postBuild:\n    substitute:\n      APP_DIR: web\n'),
    'clusters/main/apps.yaml': fluxKustomization('apps', './apps/${APP_DIR}', `  targetNamespace: apps\n  postBuild:\n${postBuild}`),
    'apps/web/kustomization.yaml': kustomization('resources:\n  - helmrelease.yaml\n  - storage.yaml\n'),
    'apps/web/helmrelease.yaml': helmRelease('${APP}', ['${STORAGE:=rook-ceph}']),
    'apps/web/storage.yaml': helmRelease('rook-ceph'),
  });

  it('substitute values name objects, their dependsOn and the path a Kustomization applies; a default holds without substituteFrom', async () => {
    const { code, report, keys } = await audit(repository(files('    substitute:\n      APP: web\n')));
    expect(keys).toEqual([]);
    expect(report.flux!.order.flat()).toEqual(['Kustomization/flux-system/flux-system', 'Kustomization/flux-system/apps', 'HelmRelease/apps/rook-ceph', 'HelmRelease/apps/web']);
    expect(code).toBe(0);
  });

  it('a targetNamespace substituted to nothing sets none: the kustomization\'s namespace holds', async () => {
    // A review's probe: the parent's postBuild leaves ${NS} empty; what apps applies keeps its kustomization's namespace.
    const { report } = await audit(repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main', '  postBuild:\n    substitute:\n      NS: ""\n'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps/web', '  targetNamespace: ${NS}\n'),
      'apps/web/kustomization.yaml': kustomization('namespace: web\nresources:\n  - helmrelease.yaml\n'),
      'apps/web/helmrelease.yaml': helmRelease('web'),
    }));
    expect(report.flux!.order.flat()).toContain('HelmRelease/web/web');
  });

  it('a substituted dependsOn that names nothing is judged; with substituteFrom a default is not certain, and the item is not judged', async () => {
    const typo = files('    substitute:\n      APP: web\n      STORAGE: rook-cep\n');
    const judged = await audit(repository(typo));
    expect(judged.keys).toEqual(['dependsOn/unknown-target@apps/web/helmrelease.yaml:8:7']);
    expect(judged.report.findings[0]!.fix).toBe('did you mean rook-ceph? (${STORAGE} comes from clusters/main/apps.yaml)');
    const open = await audit(repository(files('    substitute:\n      APP: web\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n')));
    expect(open.keys).toEqual([]);
    expect(open.report.flux!.order.flat()).toContain('HelmRelease/apps/web');
    expect(open.code).toBe(0);
  });
});

describe.skipIf(!kustomize)('fluxcd/flux2-hub-spoke-example layout (skipped without kustomize or kubectl)', () => {
  const root = join(import.meta.dirname, '..', 'fixtures', 'repositories', 'hub-spoke');

  it('one base, one copy per spoke in its targetNamespace; the apps overlays (values patches) read as written, located at the base', async () => {
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 6, Kustomization: 9, ResourceSet: 0 });
    expect(report.flux!.order).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/production/tenants', 'Kustomization/staging/tenants'],
      ['Kustomization/production/infra-controllers', 'Kustomization/staging/infra-controllers'],
      ['HelmRelease/production/cert-manager', 'HelmRelease/production/ingress-nginx', 'HelmRelease/staging/cert-manager', 'HelmRelease/staging/ingress-nginx'],
      // infra-controllers waits (wait: true) for the HelmReleases it applies: infra-configs, depending on it, comes after them.
      ['Kustomization/production/infra-configs', 'Kustomization/staging/infra-configs'],
      ['Kustomization/production/apps', 'Kustomization/staging/apps'],
      ['HelmRelease/production/podinfo', 'HelmRelease/staging/podinfo'],
    ]);
    expect(code).toBe(0);
    const explained = await runCli(['explain', 'HelmRelease/staging/podinfo', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['deploy/apps/podinfo.yaml:4'], appliedBy: ['Kustomization/staging/apps'] });
  });

  it('--no-kustomize changes nothing: the apps overlays patch only podinfo\'s values, and flux-system a Deployment, so nothing needs a build', async () => {
    const { code, keys, report } = await audit(root, ['--no-kustomize']);
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 6, Kustomization: 9, ResourceSet: 0 });
    expect(code).toBe(0);
  });
});
