import { describe, expect, it } from 'vitest';

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { checkJson, hasCommand, runCli, temporaryDirectory } from './helpers.js';
import { repositoryOf } from './repo-builder.js';

// Kustomizations whose source is an ExternalArtifact that an ArtifactGenerator of the repository makes of its own
// directories, where the artifact does not lie as the repository does (a trial's probe, xunholy/k8s-gitops: each app's
// `@repo/apps/base/NS/APP/app/` copied to `@artifact/apps/base/NS/APP/app/`, which cp -r's way puts it at
// `.../app/app/`, applied at `./apps/base/NS/APP/app`). Before, one such Kustomization kept every object of the
// repository in: Kustomizations commented out of the only kustomization that lists them were warned about and placed
// on level 0, and what the artifacts hold was placed on level 0, "applied by none".

const SYNC = [
  'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata: {name: flux-system, namespace: flux-system}',
  'spec: {interval: 1m, url: "https://example.org/fleet", ref: {branch: main}}', '---',
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: flux-system, namespace: flux-system}',
  'spec: {interval: 10m, path: ./clusters/prod, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}', '',
].join('\n');
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n';
const kustomization = (...entries: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${entries.map((entry) => `  ${entry}\n`).join('')}`;
const generator = (copies: Record<string, string[]>, source = 'GitRepository') => [
  'apiVersion: source.extensions.fluxcd.io/v1beta1', 'kind: ArtifactGenerator', 'metadata: {name: gen, namespace: flux-system}', 'spec:',
  '  sources:', `    - {alias: repo, kind: ${source}, name: flux-system}`, '  artifacts:',
  ...Object.entries(copies).flatMap(([name, pairs]) => [`    - name: ${name}`, '      copy:', ...pairs.map((pair) => `        - {from: "${pair.split(' ')[0]}", to: "${pair.split(' ')[1]}"}`)]), '',
].join('\n');
const artifactKustomization = (name: string, path: string, extra = '') => [
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', `metadata: {name: ${name}, namespace: flux-system}`, 'spec:',
  '  interval: 10m', `  path: ${path}`, '  prune: true', '  wait: true', `  targetNamespace: ${name}`, `  sourceRef: {kind: ExternalArtifact, name: ${name}}`, extra, '',
].join('\n');
const release = (name: string, dependsOn?: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${name}}\nspec:\n  interval: 10m\n  chart: {spec: {chart: ${name}, sourceRef: {kind: HelmRepository, name: charts, namespace: flux-system}}}\n${dependsOn ? `  dependsOn: [{name: ${dependsOn}}]\n` : ''}`;
// Two retired Kustomizations, commented out of apps/kustomization.yaml: never applied.
const RETIRED = [
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: old-crds, namespace: flux-system}',
  'spec: {interval: 10m, path: ./apps/old/crds, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}', '---',
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: old-app, namespace: flux-system}',
  'spec:', '  interval: 10m', '  path: ./apps/old/app', '  prune: true', '  sourceRef: {kind: GitRepository, name: flux-system}', '  dependsOn: [{name: old-crds}]', '',
].join('\n');

function fleet(files: Record<string, string>): string {
  return repositoryOf({
    'clusters/prod/flux-system/gotk-sync.yaml': SYNC, 'clusters/prod/flux-system/kustomization.yaml': kustomization('- gotk-sync.yaml'),
    'clusters/prod/apps.yaml': APPS,
    'apps/old/ks.yaml': RETIRED, 'apps/old/crds/hr.yaml': release('old-crds'), 'apps/old/app/hr.yaml': release('old', 'old-crds'),
    ...files,
  });
}

async function orderOf(root: string): Promise<string[][]> {
  const result = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { levels: string[][] }).levels;
}

describe('an ExternalArtifact an ArtifactGenerator makes of this repository, not laid out as the repository is', () => {
  it('one copy of a directory (cp -r\'s `dir/`), applied at its `to`: read as that directory; what nothing applies stays out', async () => {
    const root = fleet({
      'apps/kustomization.yaml': kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
      'apps/previews.yaml': generator({ web: ['@repo/apps/web/app/ @artifact/apps/web/app/'] }),
      'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'),
      'apps/web/app/hr.yaml': release('web'),
    });
    const { report, code } = await checkJson(root);
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}`)).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux!.skipped.map((skip) => skip.reason).filter((reason) => reason.includes('ExternalArtifact'))).toEqual([]);
    expect(await orderOf(root)).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/apps'], ['Kustomization/flux-system/web'], ['HelmRelease/web/web'],
    ]);
    const explained = await runCli(['explain', 'HelmRelease/web/web', '--root', root], { cwd: root });
    expect(explained.stdout).toMatch(/applied by {7}Kustomization flux-system\/web\n/);
    // Its contents (`dir/**`) to the path applied, and a path below the copy's landing, read alike.
    for (const [copy, path] of [['@repo/apps/web/app/** @artifact/site/', './site'], ['@repo/apps/web/ @artifact/', './web/app']] as const) {
      const other = fleet({
        'apps/kustomization.yaml': kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
        'apps/previews.yaml': generator({ web: [copy] }), 'apps/web/ks.yaml': artifactKustomization('web', path), 'apps/web/app/hr.yaml': release('web'),
      });
      expect((await orderOf(other)).at(-1), copy).toEqual(['HelmRelease/web/web']);
    }
  });

  it('from an artifact pushed from a directory of the repository, the generator in a directory of its own: read by the copied directory\'s ending', async () => {
    // (As xunholy/k8s-gitops: the bootstrap source is an OCIRepository its CI pushes from ./kubernetes, so the copy's
    // `apps/base/web/app` is kubernetes/apps/base/web/app here; the generator sits beside the apps, above none of them.)
    const root = fleet({
      'apps/kustomization.yaml': kustomization('- generator/gen.yaml', '- ../kubernetes/apps/base/web/ks.yaml', '# - old/ks.yaml'),
      'apps/generator/gen.yaml': generator({ web: ['@repo/apps/base/web/app/ @artifact/apps/base/web/app/'] }, 'OCIRepository'),
      'kubernetes/apps/base/web/ks.yaml': artifactKustomization('web', './apps/base/web/app'),
      'kubernetes/apps/base/web/app/kustomization.yaml': kustomization('- hr.yaml'),
      'kubernetes/apps/base/web/app/hr.yaml': release('web'),
    });
    expect((await orderOf(root)).at(-1)).toEqual(['HelmRelease/web/web']);
    // A build that reads outside the copied directory (../common) fails inside the artifact: not read as applied.
    const outside = fleet({
      'apps/kustomization.yaml': kustomization('- generator/gen.yaml', '- ../kubernetes/apps/base/web/ks.yaml', '# - old/ks.yaml'),
      'apps/generator/gen.yaml': generator({ web: ['@repo/apps/base/web/app/ @artifact/apps/base/web/app/'] }, 'OCIRepository'),
      'kubernetes/apps/base/web/ks.yaml': artifactKustomization('web', './apps/base/web/app'),
      'kubernetes/apps/base/web/app/kustomization.yaml': kustomization('- hr.yaml', '- ../common'),
      'kubernetes/apps/base/web/app/hr.yaml': release('web'),
      'kubernetes/apps/base/web/common/kustomization.yaml': kustomization('- cm.yaml'),
      'kubernetes/apps/base/web/common/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: common}\n',
    });
    expect((await orderOf(outside)).flat()).not.toContain('HelmRelease/web/web');
    // Two directories here end so: which one the artifact holds is not known, and neither is read as applied.
    const twice = fleet({
      'apps/kustomization.yaml': kustomization('- generator/gen.yaml', '- ../kubernetes/apps/base/web/ks.yaml', '# - old/ks.yaml'),
      'apps/generator/gen.yaml': generator({ web: ['@repo/base/web/app/ @artifact/base/web/app/'] }, 'OCIRepository'),
      'kubernetes/apps/base/web/ks.yaml': artifactKustomization('web', './base/web/app'),
      'kubernetes/apps/base/web/app/hr.yaml': release('web'), 'archive/base/web/app/hr.yaml': release('web-old'),
    });
    const levels = (await orderOf(twice)).flat();
    expect(levels).not.toContain('HelmRelease/web/web');
    // What they hold is kept in (either may be the artifact's), each a root of its own; the retired ones stay out.
    expect(levels).toEqual(expect.arrayContaining(['HelmRelease//web', 'HelmRelease//web-old']));
    expect(levels.filter((id) => id.includes('old-'))).toEqual([]);
  });

  it('only a copy of the bootstrap source is read, matched below the root: not another repository\'s, nor the checkout\'s own name', async () => {
    // A review's probes: podinfo's `kustomize/` read as this repository's tools/kustomize (the object renamed into
    // podinfo, the note gone); a checkout at .../deploy taken whole for a copy of `deploy/`.
    const foreign = fleet({
      'apps/kustomization.yaml': kustomization('- podinfo.yaml'),
      'apps/podinfo.yaml': [
        'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata: {name: podinfo, namespace: flux-system}',
        'spec: {interval: 1h, url: "https://github.com/stefanprodan/podinfo", ref: {branch: master}}', '---',
        generator({ podinfo: ['@repo/kustomize/ @artifact/'] }).replace('{alias: repo, kind: GitRepository, name: flux-system}', '{alias: repo, kind: GitRepository, name: podinfo}'), '---',
        artifactKustomization('podinfo', './kustomize'),
      ].join('\n'),
      'tools/kustomize/hr.yaml': release('scratch'),
    });
    const explained = JSON.parse((await runCli(['explain', 'Kustomization/flux-system/podinfo', '--root', foreign, '--format', 'json'], { cwd: foreign })).stdout) as { applies: string[]; appliesUnreadFrom: string[] };
    expect(explained).toMatchObject({ applies: [], appliesUnreadFrom: ['ExternalArtifact flux-system/podinfo'] });
    const checkout = join(temporaryDirectory(), 'deploy');
    const files: Record<string, string> = {
      'clusters/prod/flux-system/gotk-sync.yaml': SYNC, 'clusters/prod/flux-system/kustomization.yaml': kustomization('- gotk-sync.yaml'),
      'clusters/prod/apps.yaml': APPS, 'apps/kustomization.yaml': kustomization('- gen.yaml', '- web.yaml'),
      'apps/gen.yaml': generator({ web: ['@repo/deploy/ @artifact/'] }), 'apps/web.yaml': artifactKustomization('web', './'),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(checkout, path)), { recursive: true });
      writeFileSync(join(checkout, path), text);
    }
    const { report, code } = await checkJson(checkout);
    expect(report.findings.map((finding) => finding.rule)).toEqual([]);
    expect(code).toBe(0);
    expect((await orderOf(checkout)).flat()).toEqual(['Kustomization/flux-system/flux-system', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/web']);
  });

  it('a generator in a directory of its own serves its own cluster only: another cluster has no such artifact', async () => {
    // A review's probe: staging's generator, in clusters/staging/artifacts/, served prod's Kustomization of that name.
    const sync = (cluster: string) => SYNC.replace('path: ./clusters/prod', `path: ./clusters/${cluster}`);
    const root = repositoryOf({
      ...Object.fromEntries(['prod', 'staging'].flatMap((cluster) => [
        [`clusters/${cluster}/flux-system/gotk-sync.yaml`, sync(cluster)], [`clusters/${cluster}/flux-system/kustomization.yaml`, kustomization('- gotk-sync.yaml')],
        [`clusters/${cluster}/apps/web.yaml`, artifactKustomization('web', './apps/web')],
      ])),
      'clusters/staging/artifacts/gen.yaml': generator({ web: ['@repo/deploy/web/ @artifact/apps/'] }),
      'deploy/web/hr.yaml': release('web'),
    });
    const json = JSON.parse((await runCli(['explain', 'HelmRelease/web/web', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { clusters: { cluster: string; appliedBy: string[] }[]; appliedBy: string[] };
    expect(json.appliedBy).toEqual(['Kustomization/flux-system/web']);
    expect(json.clusters).toEqual([]);
    const web = JSON.parse((await runCli(['explain', 'Kustomization/flux-system/web', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { clusters: { cluster: string }[]; appliesUnreadFrom: string[] };
    // Read in staging; prod's copy, whose artifact no generator makes, is not read.
    expect(web.appliesUnreadFrom).toEqual(['ExternalArtifact flux-system/web']);
    // A Kustomization written in no cluster's directory (apps/, which the cluster applies) may be any cluster's: the one
    // cluster's generator serves it (a second review's probe, where it was left out).
    const single = fleet({
      'clusters/prod/gen.yaml': generator({ web: ['@repo/apps/web/app/ @artifact/apps/web/app/'] }),
      'apps/kustomization.yaml': kustomization('- web/ks.yaml'), 'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'), 'apps/web/app/hr.yaml': release('web'),
    });
    expect((await orderOf(single)).at(-1)).toEqual(['HelmRelease/web/web']);
  });

  it('a generator of another namespace makes another ExternalArtifact: not read as this one', async () => {
    const root = fleet({
      'apps/kustomization.yaml': kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
      // (Its source still the bootstrap GitRepository, named with its namespace.)
      'apps/previews.yaml': generator({ web: ['@repo/apps/web/app/ @artifact/apps/web/app/'] }).replace('{name: gen, namespace: flux-system}', '{name: gen, namespace: tenants}')
        .replace('name: flux-system}', 'name: flux-system, namespace: flux-system}'),
      'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'),
      'apps/web/app/hr.yaml': release('web'),
    });
    const web = JSON.parse((await runCli(['explain', 'Kustomization/flux-system/web', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { applies: string[]; appliesUnreadFrom: string[] };
    expect(web).toMatchObject({ applies: [], appliesUnreadFrom: ['ExternalArtifact flux-system/web'] });
  });

  it('where the copies cannot be read (two of them), what lies outside the copied directories stays out: no warning on what nothing applies', async () => {
    const root = fleet({
      'apps/kustomization.yaml': kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
      'apps/previews.yaml': generator({ web: ['@repo/apps/web/app/ @artifact/apps/web/app/', '@repo/apps/shared/ @artifact/apps/web/app/'] }),
      'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'),
      'apps/web/app/hr.yaml': release('web'), 'apps/shared/hr.yaml': release('shared'),
    });
    const { report } = await checkJson(root);
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}`)).toEqual([]);
    expect(report.flux!.skipped.find((skip) => skip.reason.includes('(ExternalArtifact)'))?.paths).toEqual(['apps/web/ks.yaml']);
    const levels = (await orderOf(root)).flat();
    expect(levels).toEqual(expect.arrayContaining(['HelmRelease//web', 'HelmRelease//shared']));
    expect(levels.filter((id) => id.includes('old'))).toEqual([]);
    // A copy of what is not a directory (a glob): what it holds is not known, and every object is kept in, as before.
    const glob = fleet({
      'apps/kustomization.yaml': kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
      'apps/previews.yaml': generator({ web: ['@repo/apps/web/app/*.yaml @artifact/apps/web/app/'] }),
      'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'), 'apps/web/app/hr.yaml': release('web'),
    });
    expect((await checkJson(glob)).report.findings.map((finding) => finding.rule)).toEqual(['dependsOn/unwaited-kustomization']);
  });

  it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('a Kustomization a kustomize build gives (an overlay\'s patch) is read as the one written (skipped without kustomize)', async () => {
    const root = fleet({
      'apps/kustomization.yaml': [
        kustomization('- previews.yaml', '- web/ks.yaml', '# - old/ks.yaml'),
        'patches:', '  - target: {kind: Kustomization}', '    patch: |-', '      - {op: add, path: /spec/timeout, value: 20m}', '',
      ].join('\n'),
      'apps/previews.yaml': generator({ web: ['@repo/apps/web/app/ @artifact/apps/web/app/'] }),
      'apps/web/ks.yaml': artifactKustomization('web', './apps/web/app'),
      'apps/web/app/hr.yaml': release('web'),
    });
    expect((await orderOf(root)).at(-1)).toEqual(['HelmRelease/web/web']);
    expect((await checkJson(root)).report.findings).toEqual([]);
  });

  it('a ResourceSet whose inputs come from providers, generating a Kustomization of a plain path, keeps in what that path\'s build reads', async () => {
    // xunholy/k8s-gitops's preview ResourceSet kept every object in. A review's probes: confined to below the path, the
    // ../base its kustomization reads was dropped and an error there passed; and a path of an OCI source is not this tree's.
    const resourceSet = (source = 'GitRepository') => [
      'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata: {name: previews, namespace: flux-system}', 'spec:',
      '  inputsFrom: [{kind: ResourceSetInputProvider, name: prs}]', '  resources:',
      '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata: {name: "preview-<< inputs.id >>", namespace: flux-system}',
      `      spec: {interval: 5m, path: ./apps/preview, prune: true, sourceRef: {kind: ${source}, name: flux-system}}`, '',
    ].join('\n');
    const files = (source?: string) => ({
      'apps/kustomization.yaml': kustomization('- previews.yaml', '# - old/ks.yaml'),
      'apps/previews.yaml': resourceSet(source), 'apps/preview/kustomization.yaml': kustomization('- ../base'),
      'apps/base/kustomization.yaml': kustomization('- hr.yaml'), 'apps/base/hr.yaml': release('web', 'db'),
    });
    const { report } = await checkJson(fleet(files()));
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}`)).toEqual(['dependsOn/unknown-target@apps/base/hr.yaml']);
    expect((await orderOf(fleet(files()))).flat().filter((id) => id.includes('old'))).toEqual([]);
    // A component its path's kustomization names is built too (a second review's probe: its HelmRelease read as never
    // deployed, and its error passed).
    const withComponent = fleet({
      ...files(), 'apps/preview/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - ../comp\n',
      'apps/comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - hr.yaml\n', 'apps/comp/hr.yaml': release('comp', 'cache'),
    });
    expect((await checkJson(withComponent)).report.findings.map((finding) => `${finding.rule}@${finding.file}`)).toContain('dependsOn/unknown-target@apps/comp/hr.yaml');
    // Of an OCIRepository: its path is the artifact's, not this tree's; every object is kept in, as before (the retired
    // pair is warned about).
    const oci = await checkJson(fleet(files('OCIRepository')));
    expect(oci.report.findings.map((finding) => finding.rule).sort()).toEqual(['dependsOn/unknown-target', 'dependsOn/unwaited-kustomization']);
  });
});

describe('explain of a Kustomization whose source this tool does not read', () => {
  it('names the source whose contents it applies unread, where "applies none" read as "applies nothing" (text and JSON)', async () => {
    const oci = [
      'apiVersion: source.toolkit.fluxcd.io/v1beta2', 'kind: OCIRepository', 'metadata: {name: team-a, namespace: flux-system}',
      'spec: {interval: 10m, url: "oci://ghcr.io/other-org/team-a-manifests", ref: {tag: latest}}', '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: team-a, namespace: flux-system}',
      'spec: {interval: 10m, path: ./deploy, prune: true, sourceRef: {kind: OCIRepository, name: team-a}}', '',
    ].join('\n');
    const root = fleet({ 'apps/kustomization.yaml': kustomization('- team-a.yaml'), 'apps/team-a.yaml': oci });
    const text = await runCli(['explain', 'team-a', '--root', root], { cwd: root });
    expect(text.stdout).toContain('  applies          what OCIRepository flux-system/team-a holds, not read here (not this repository\'s files as they lie here)\n');
    const json = await runCli(['explain', 'team-a', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout)).toMatchObject({ applies: [], appliesUnreadFrom: ['OCIRepository flux-system/team-a'] });
    // One whose source is read says what it applies, and nothing unread.
    const apps = JSON.parse((await runCli(['explain', 'apps', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { applies: string[]; appliesUnreadFrom: string[] };
    expect(apps).toMatchObject({ applies: ['Kustomization/flux-system/team-a'], appliesUnreadFrom: [] });
  });
});
