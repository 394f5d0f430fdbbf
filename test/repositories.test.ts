// The repository audit on fixtures derived from public Flux repositories
// (names and edges are theirs; the files are written here): the layout of
// fluxcd/flux2-kustomize-helm-example, and a home-ops layout (per-namespace
// kustomizations, ks.yaml with targetNamespace) seeded with one fault per rule.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { copyFixture, fixture, hasCommand, runCli, temporaryDirectory } from './helpers.js';
import { fileWriter, repositoryOf } from './repo-builder.js';
import type { Report } from '../src/index.js';


/** A Flux Kustomization in flux-system named `name` that applies `path` from GitRepository `source`, with `extra` spec lines. */
function kustomizationText(name: string, path: string, extra = '', source = 'flux-system'): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n${extra}`;
}

/** A repository a root flux-system syncs (clusters/prod), with these Flux Kustomizations in clusters/prod/apps.yaml. */
function bootstrapped(kustomizations: string[]): { root: string; write: (path: string, text: string) => void } {
  const root = temporaryDirectory();
  const write = fileWriter(root);
  write('clusters/prod/flux-system.yaml', kustomizationText('flux-system', './clusters/prod'));
  write('clusters/prod/apps.yaml', kustomizations.join('---\n'));
  return { root, write };
}

/** flux bootstrap's files for the cluster directory `dir`: flux-system/gotk-sync.yaml (applying ./DIR) and its kustomization. */
function writeBootstrap(write: (path: string, text: string) => void, dir: string): void {
  write(`${dir}/flux-system/gotk-sync.yaml`, kustomizationText('flux-system', `./${dir}`));
  write(`${dir}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n');
}

/** A ConfigMap: what a Flux Kustomization's path holds where only its order matters. */
const configMapText = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** A HelmRelease in namespace default, depending on nothing. */
const gitRepositoryText = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: ${url}\n  ref:\n    branch: main\n`;
const helmReleaseText = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;

async function audit(root: string, args: string[] = []) {
  const result = await runCli(['check', '--root', root, '--format', 'json', ...args], { cwd: root });
  const report = JSON.parse(result.stdout) as Report;
  const keys = report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`);
  return { ...result, report, keys };
}

/** The install order of fixtures/repositories/kustomize-helm-example, however its sources are written. */
const KUSTOMIZE_HELM_EXAMPLE_ORDER = [
  ['Kustomization/flux-system/infra-controllers'],
  ['HelmRelease/cert-manager/cert-manager', 'HelmRelease/ingress-nginx/ingress-nginx'],
  ['Kustomization/flux-system/infra-configs'],
  ['Kustomization/flux-system/apps'],
  ['HelmRelease/podinfo/podinfo'],
];

describe('any Flux repository, no expected DAG', () => {
  it('fluxcd/flux2-kustomize-helm-example layout: the unwaited infra-configs, in both clusters', async () => {
    const { code, report, keys } = await audit(fixture('repositories', 'kustomize-helm-example'));
    expect(keys).toEqual([
      'dependsOn/unwaited-kustomization@clusters/production/apps.yaml:9:7',
      'dependsOn/unwaited-kustomization@clusters/staging/apps.yaml:9:7',
    ]);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/apps depends on Kustomization flux-system/infra-configs, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early');
    expect(report.findings[0]!.object).toBe('Kustomization/flux-system/apps');
    // Each cluster keeps its own copy of the same three Kustomizations: one identity, two definitions.
    expect(report.flux!.objects).toEqual({ HelmRelease: 3, Kustomization: 6, ResourceSet: 0 });
    expect(report.flux!.skipped).toEqual([{ reason: 'CI workflows (.github/workflows)', count: 1, example: '.github/workflows', paths: ['.github/workflows'] }]);
    // podinfo gets its namespace from the base kustomization; the HelmReleases install after the Kustomization that
    // applies them, and what depends on that (waiting) Kustomization after them.
    expect(report.flux!.order).toEqual(KUSTOMIZE_HELM_EXAMPLE_ORDER);
    expect(report.flux!.teardown[0]).toEqual(['HelmRelease/podinfo/podinfo']);
    expect(report.summary.present).toBe(3);
    expect(code).toBe(0);
  });

  // The example's layout since Flux 2.7: an ArtifactGenerator splits the repository into ExternalArtifacts, and the
  // Kustomizations apply paths of those (./controllers of artifact infrastructure, infrastructure/controllers here).
  // Not read, every object was kept without an applier, and infra-configs' warning could not say what it applies.
  it('the same repository split by an ArtifactGenerator into ExternalArtifacts is read as the directories they copy', async () => {
    const root = copyFixture(fixture('repositories', 'kustomize-helm-example'));
    const generator = (artifacts: string) => `apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  sources:\n    - alias: monorepo\n      kind: GitRepository\n      name: flux-system\n  artifacts:\n${artifacts}`;
    const infrastructure = '    - name: infrastructure\n      copy:\n        - from: "@monorepo/infrastructure/**"\n          to: "@artifact/"\n';
    for (const cluster of ['production', 'staging']) {
      const toArtifact = (file: string, artifact: string, from: string, to: string) => {
        const text = readFileSync(join(root, 'clusters', cluster, file), 'utf8');
        writeFileSync(join(root, 'clusters', cluster, file), text.replaceAll('kind: GitRepository', 'kind: ExternalArtifact').replaceAll('name: flux-system\n  path', `name: ${artifact}\n  path`).replaceAll(from, to));
      };
      toArtifact('infrastructure.yaml', 'infrastructure', './infrastructure/', './');
      toArtifact('apps.yaml', 'apps', `./apps/${cluster}`, `./${cluster}`);
      // The apps artifact: base/ and the cluster's own directory, each where it lies below apps/ (cp -r's `dir/` and `dir/**`).
      writeFileSync(join(root, 'clusters', cluster, 'artifacts.yaml'), generator(`${infrastructure}    - name: apps\n      copy:\n        - from: "@monorepo/apps/base/"\n          to: "@artifact/"\n        - from: "@monorepo/apps/${cluster}/**"\n          to: "@artifact/${cluster}/"\n`));
    }
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@clusters/production/apps.yaml:9:7', 'dependsOn/unwaited-kustomization@clusters/staging/apps.yaml:9:7']);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/apps depends on Kustomization flux-system/infra-configs, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early');
    expect(report.flux!.order).toEqual(KUSTOMIZE_HELM_EXAMPLE_ORDER);
    expect(report.flux!.skipped.map((skip) => skip.reason)).toEqual(['CI workflows (.github/workflows)']);
    expect(code).toBe(0);
    // A copy the tool does not lay out (here with an exclude) leaves that artifact unread, as before: said so.
    for (const cluster of ['production', 'staging']) {
      const file = join(root, 'clusters', cluster, 'artifacts.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('to: "@artifact/"\n', 'to: "@artifact/"\n          exclude: ["*.md"]\n'));
    }
    const unread = await audit(root);
    expect(unread.report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'Flux Kustomizations whose source is not this repository (ExternalArtifact): what they apply is not read',
      paths: ['clusters/production/infrastructure.yaml', 'clusters/staging/infrastructure.yaml'],
    }));
    expect(unread.report.flux!.order.flat()).toContain('HelmRelease/podinfo/podinfo');
    expect(unread.report.findings[0]!.message).toContain('it applies what ExternalArtifact flux-system/infrastructure holds, not read here');
    // The artifact holds only what the copies put in it (a review's probes): a path outside every copy, a build that
    // reads outside them (../base when only the cluster's directory is copied), and a cluster with no generator of
    // its own (not the other cluster's, of the same name) are not read as the repository's directories either.
    const notApplied = async (artifacts: string) => {
      writeFileSync(join(root, 'clusters/staging/artifacts.yaml'), artifacts);
      const { report } = await audit(root);
      return report.flux!.skipped.find((skip) => skip.reason.includes('(ExternalArtifact)'))?.paths;
    };
    const apps = (copies: string) => `${infrastructure.replace('          exclude: ["*.md"]\n', '')}    - name: apps\n      copy:\n${copies}`;
    writeFileSync(join(root, 'clusters/production/artifacts.yaml'), generator(apps('        - from: "@monorepo/apps/base/"\n          to: "@artifact/"\n        - from: "@monorepo/apps/production/**"\n          to: "@artifact/production/"\n')));
    expect(await notApplied(generator(apps('        - from: "@monorepo/apps/base/"\n          to: "@artifact/"\n')))).toEqual(['clusters/staging/apps.yaml']);
    expect(await notApplied(generator(apps('        - from: "@monorepo/apps/staging/**"\n          to: "@artifact/staging/"\n')))).toEqual(['clusters/staging/apps.yaml']);
    // A directory here that no copy reaches, though nothing in it is read: not in the artifact.
    writeFileSync(join(root, 'clusters/staging/artifacts.yaml'), generator(apps('        - from: "@monorepo/apps/base/"\n          to: "@artifact/"\n        - from: "@monorepo/apps/staging/**"\n          to: "@artifact/staging/"\n')));
    mkdirSync(join(root, 'apps/notes'));
    writeFileSync(join(root, 'apps/notes/README.md'), 'notes\n');
    const stagingApps = readFileSync(join(root, 'clusters/staging/apps.yaml'), 'utf8');
    writeFileSync(join(root, 'clusters/staging/apps.yaml'), stagingApps.replace('path: ./staging', 'path: ./notes'));
    expect((await audit(root)).report.flux!.skipped.find((skip) => skip.reason.includes('(ExternalArtifact)'))?.paths).toEqual(['clusters/staging/apps.yaml']);
    writeFileSync(join(root, 'clusters/staging/apps.yaml'), stagingApps);
    rmSync(join(root, 'clusters/staging/artifacts.yaml'));
    const { report: alone } = await audit(root);
    expect(alone.flux!.skipped.find((skip) => skip.reason.includes('(ExternalArtifact)'))?.paths).toEqual(['clusters/staging/apps.yaml', 'clusters/staging/infrastructure.yaml']);
  });

  it('home-ops layout: one finding per seeded fault, exact places', async () => {
    const { code, report, keys } = await audit(fixture('repositories', 'home-ops'));
    const apps = 'kubernetes/apps';
    expect(keys).toEqual([
      `dependsOn/wrong-kind@${apps}/database/dragonfly/app/helmrelease.yaml:7:7`,
      `dependsOn/suspended@${apps}/database/dragonfly/app/helmrelease.yaml:8:7`,
      `dependsOn/suspended@${apps}/database/dragonfly/ks.yaml:7:7`,
      `graph/cycle@${apps}/media/plex/ks.yaml:7:7`,
      `dependsOn/unknown-target@${apps}/network/echo/ks.yaml:7:7`,
      `dependsOn/namespace-mismatch@${apps}/network/external-dns/app/helmrelease.yaml:7:7`,
    ]);
    const byRule = Object.fromEntries(report.findings.map((finding) => [finding.rule, finding]));
    expect(byRule['dependsOn/unknown-target']!.fix).toBe('did you mean external-dns?');
    expect(byRule['graph/cycle']!.message).toBe('dependency cycle: Kustomization media/plex → Kustomization media/sonarr → Kustomization media/radarr → Kustomization media/plex; 5 more objects stall behind it: HelmRelease media/overseerr, HelmRelease media/plex, HelmRelease media/radarr, HelmRelease media/sonarr, Kustomization media/overseerr');
    expect(byRule['dependsOn/wrong-kind']!.fix).toBe('remove this item and put the dependency on the Kustomization that applies dragonfly (Kustomization database/dragonfly): dependsOn db-secrets there');
    expect(byRule['dependsOn/namespace-mismatch']!.fix).toBe('set namespace: cert-manager on this dependsOn item');
    expect(report.flux!.skipped).toEqual([
      { reason: 'Helm chart templates (rendered by Helm, not applied as written)', count: 1, example: 'kubernetes/charts/echo-server/templates', paths: ['kubernetes/charts/echo-server/templates'] },
    ]);
    expect(report.cycles).toEqual([['Kustomization/media/plex', 'Kustomization/media/sonarr', 'Kustomization/media/radarr', 'Kustomization/media/plex']]);
    expect(report.summary).toMatchObject({ cycles: 1, errors: 4, warnings: 2 });
    expect(code).toBe(1);
  });

  it('paths narrow the audit, and --exclude leaves paths out', async () => {
    const root = fixture('repositories', 'home-ops');
    // cert-manager, which external-dns depends on, lies outside the named path: it still resolves.
    const network = await audit(root, ['kubernetes/apps/network']);
    expect(network.keys).toEqual([
      'dependsOn/unknown-target@kubernetes/apps/network/echo/ks.yaml:7:7',
      'dependsOn/namespace-mismatch@kubernetes/apps/network/external-dns/app/helmrelease.yaml:7:7',
    ]);
    const excluded = await audit(root, ['--exclude', 'kubernetes/apps/media', '--exclude', 'kubernetes/apps/database/**']);
    expect(excluded.keys).toEqual([
      'dependsOn/unknown-target@kubernetes/apps/network/echo/ks.yaml:7:7',
      'dependsOn/namespace-mismatch@kubernetes/apps/network/external-dns/app/helmrelease.yaml:7:7',
    ]);
    // Read for what depends on them (every YAML file below, counted), not judged.
    expect(excluded.report.flux!.skipped.find((skip) => skip.reason === 'excluded by --exclude (read for what depends on it, not judged)')?.count).toBe(23);
  });

  it('--exclude leaves a path unjudged, never its objects out of the graph: what depends on them still resolves', async () => {
    const root = fixture('repositories', 'home-ops');
    // external-dns (network) depends on cert-manager: excluding cert-manager must not make that a dangling target.
    const excluded = await audit(root, ['--exclude', 'kubernetes/apps/cert-manager']);
    expect(excluded.keys).not.toContain('dependsOn/unknown-target@kubernetes/apps/network/external-dns/app/helmrelease.yaml:7:7');
    expect(excluded.keys).not.toContain('dependsOn/unknown-target@kubernetes/apps/network/external-dns/ks.yaml:7:7');
    expect(excluded.keys.every((key) => !key.includes('/cert-manager/'))).toBe(true);
  });

  it('an --exclude that matches no YAML file is said, once per glob, as a warning that leaves the exit code alone', async () => {
    const root = fixture('repositories', 'home-ops');
    const typo = await runCli(['check', '--root', '.', '--exclude', 'kubernetes/app/media', '--exclude', 'kubernetes/apps/database/**'], { cwd: root });
    expect(typo.stdout).toContain('warning  the exclude glob "kubernetes/app/media" matches no YAML file under the root (.), so it leaves nothing out  input/exclude-unmatched');
    expect(typo.stdout).not.toContain('"kubernetes/apps/database/**" matches no YAML file');
    const plain = await runCli(['check', '--root', '.', '--exclude', 'kubernetes/apps/database/**'], { cwd: root });
    expect(typo.code).toBe(plain.code);
    const strict = await runCli(['check', '--root', '.', '--strict', '--quiet', '--format', 'json', '--exclude', 'archive/**', 'kubernetes/apps/network'], { cwd: root });
    expect(JSON.parse(strict.stdout).findings.filter((finding: { rule: string }) => finding.rule === 'input/exclude-unmatched')).toHaveLength(1);
  });

  it('in a repository with a bootstrap kit, paths and --exclude narrow the kit audit: they never turn the drift check off', async () => {
    const root = copyFixture(fixture('sovereign'));
    const slot = join(root, 'clusters/_template/bootstrap-kit/19-bp-harbor.yaml');
    writeFileSync(slot, readFileSync(slot, 'utf8').replace(/dependsOn:\n/, 'dependsOn:\n    - name: bp-vpa\n'));
    const rules = async (args: string[]) => {
      const run = await runCli(['check', '--root', '.', '--format', 'json', ...args], { cwd: root });
      const report = JSON.parse(run.stdout) as Report;
      return { code: run.code, rules: report.findings.map((finding) => finding.rule), present: report.summary.present };
    };
    expect(await rules([])).toEqual({ code: 1, rules: ['drift/extra-edge'], present: 49 });
    expect(await rules(['--exclude', 'archive/**'])).toEqual({ code: 1, rules: ['drift/extra-edge', 'input/exclude-unmatched'], present: 49 });
    expect(await rules(['clusters'])).toEqual({ code: 1, rules: ['drift/extra-edge'], present: 49 });
    // Excluding the kit itself, or naming only another path, is asked for: its findings are not reported.
    expect(await rules(['--exclude', 'clusters/**'])).toEqual({ code: 0, rules: [], present: 49 });
    expect(await rules(['scripts'])).toEqual({ code: 0, rules: [], present: 49 });
    // A glob that leaves out one slot file is used, not unmatched (a trial's probe: --strict then failed on a false
    // input/exclude-unmatched), and the expected DAG counts too.
    expect(await rules(['--strict', '--exclude', 'clusters/_template/bootstrap-kit/19-bp-harbor.yaml'])).toEqual({ code: 0, rules: [], present: 49 });
    expect(await rules(['--strict', '--exclude', '**/19-*'])).toEqual({ code: 0, rules: [], present: 49 });
    expect(await rules(['--strict', '--exclude', 'scripts/expected-bootstrap-deps.yaml'])).toEqual({ code: 1, rules: ['drift/extra-edge'], present: 49 });
  });

  it('a file its directory\'s kustomization does not list is never applied: not judged, counted, even where a ${VARIABLE} path keeps everything else', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const ks = (name: string, path: string, dependsOn = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${dependsOn}`;
    write('clusters/main/apps.yaml', ks('apps', './apps/${CLUSTER}'));
    write('apps/observability/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./loki.yaml\n  # - ./grafana.yaml\n');
    write('apps/observability/loki.yaml', ks('loki', './x'));
    write('apps/observability/grafana.yaml', ks('grafana', './x', '  dependsOn:\n    - name: grafana-operatr\n'));
    write('x/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const { keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual({ reason: 'YAML files the kustomization of their directory does not list as resources (never applied as manifests)', count: 1, example: 'apps/observability/grafana.yaml', paths: ['apps/observability/grafana.yaml'] });
  });

  // A trial's probe: the root's directory is the repository's, and its kustomization.yaml lists only flux.yaml. Read as
  // a directory synced whole, archive/ was an entry too, and web's dependency on what only archive/ holds passed.
  it('a root whose directory has a kustomization syncs what that lists, not every file beside it: archive/ stays unapplied', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const release = (name: string, dependsOn = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 1h\n${dependsOn}  chart:\n    spec:\n      chart: ${name}\n`;
    write('flux.yaml', `${kustomizationText('flux-system', './')}---\n${kustomizationText('apps', './apps')}`);
    write('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux.yaml\n');
    write('apps/web.yaml', release('web', '  dependsOn:\n    - name: cache\n'));
    write('archive/cache.yaml', release('cache'));
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/web.yaml:9:7']);
    expect(report.findings[0]!.message).toContain('which is written only in archive/cache.yaml, a file no Flux Kustomization of this repository applies');
    expect(report.flux!.objects).toEqual({ HelmRelease: 1, Kustomization: 2, ResourceSet: 0 });
  });

  // A trial's probe (aws-samples/eks-multi-cluster-gitops, checked from above its root): a HelmRelease counted as never
  // deployed failed the run on its apiVersion, where its siblings, never deployed alike, were judged not: its file is
  // listed by a kustomization in a root's directory, which counted as applied.
  it('a file whose Flux objects are never deployed is not judged on them, whatever kustomization lists it', async () => {
    const parent = temporaryDirectory();
    const write = fileWriter(join(parent, 'repos/sys'));
    write('clusters/mgmt/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/mgmt'));
    write('clusters/mgmt/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    write('clusters/mgmt/crossplane.yaml', kustomizationText('crossplane', './tools/crossplane'));
    write('tools/crossplane/kustomization.yaml', 'resources:\n  - core.yaml\n');
    write('tools/crossplane/core.yaml', kustomizationText('core', './tools/crossplane/core'));
    write('tools/crossplane/core/kustomization.yaml', 'resources:\n  - hr.yaml\n');
    write('tools/crossplane/core/hr.yaml', helmReleaseText('crossplane').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'));
    // From above the root, no path resolves: the HelmRelease is never deployed, and no api/* finding is its.
    const above = await audit(parent);
    expect(above.keys.filter((key) => key.startsWith('api/'))).toEqual([]);
    expect(above.report.flux!.objects.HelmRelease).toBe(0);
    expect(above.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', paths: ['repos/sys/tools/crossplane/core/hr.yaml'] }));
    // From its own root, it is applied, and judged.
    expect((await audit(join(parent, 'repos/sys'))).keys).toEqual(['api/removed-version@tools/crossplane/core/hr.yaml:1:13']);
  });

  // A trial's probe: a pre-commit hook passes the changed files; an archived one that nothing applies passed without a word.
  it('a path named on the command line that the audit passes over is said on stderr, with why: PASSED is not "judged and clean"', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/main/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/main'));
    write('clusters/main/apps.yaml', kustomizationText('apps', './apps'));
    write('apps/web.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: web\n');
    write('archive/old/ks.yaml', kustomizationText('old', './archive/old/app', '  dependsOn:\n    - name: gone\n'));
    const archived = await runCli(['check', 'archive/old/ks.yaml'], { cwd: root });
    expect(archived.stderr).toBe('note: not judged (Flux objects no Flux Kustomization of this repository applies (never deployed from here)): archive/old/ks.yaml\n');
    expect(archived.code).toBe(0);
    // A file the audit judges: no note; nor in a machine format, where skipped says it.
    expect((await runCli(['check', 'apps/web.yaml'], { cwd: root })).stderr).toBe('');
    expect((await runCli(['check', 'archive/old/ks.yaml', '--format', 'json'], { cwd: root })).stderr).toBe('');
  });

  // A new-user trial's probe: a repository as GitHub's "Download ZIP" gives it (no .git), checked from the folder above.
  it('named paths no repository holds: where Flux\'s paths are not found from the working directory, exit 3 says which --root finds them', async () => {
    const parent = temporaryDirectory();
    const write = fileWriter(join(parent, 'home-ops'));
    write('clusters/main/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/main'));
    write('clusters/main/apps.yaml', kustomizationText('apps', './apps'));
    write('apps/web.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n  dependsOn:\n    - name: redis\n  chart:\n    spec:\n      chart: web\n');
    // Another repository beside it, read first: its root is not the one the note names (a review's probe).
    const writeAlpha = fileWriter(join(parent, 'alpha'));
    writeAlpha('clusters/main/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/main'));
    writeAlpha('clusters/main/apps.yaml', kustomizationText('apps-alpha', './apps'));
    writeAlpha('apps/cm.yaml', configMapText('alpha'));
    // (It was PASSED and exit 0 with a note: a CI step or a hook went green on a file with a real error.)
    const above = await runCli(['check', 'home-ops/apps'], { cwd: parent });
    expect(above.stderr).toBe([
      'note: not judged (Flux objects no Flux Kustomization of this repository applies (never deployed from here)): home-ops/apps/web.yaml\n',
      'error: the named paths were not judged: no repository holds the working directory or these paths (no .git above them), so the root is the working directory, where Kustomization flux-system/apps\'s path is not found — pass --root home-ops if that directory is the repository Flux syncs (./apps is there from it), or correct spec.path\n',
    ].join(''));
    expect(above.stdout).toBe('');
    expect(above.code).toBe(3);
    // Every format: one document carrying the input/usage error, exit 3.
    const json = await runCli(['check', 'home-ops/apps', '--format', 'json'], { cwd: parent });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 3, findings: [{ rule: 'input/usage', fix: expect.stringMatching(/^pass --root home-ops /) }] });
    // Paths in two such repositories: no single root holds them, and neither is judged (a review's probe: PASSED).
    const writeBeta = fileWriter(join(parent, 'beta'));
    writeBeta('clusters/main/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/main'));
    writeBeta('clusters/main/apps.yaml', kustomizationText('apps', './apps'));
    writeBeta('apps/web.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: web\n');
    const two = await runCli(['check', 'home-ops/apps', 'beta/apps'], { cwd: parent });
    expect(two.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual([
      'error: the named paths were not judged: no repository holds the working directory or these paths (no .git above them), so the root is the working directory, where the Flux paths of several repositories below it are not found — run once per repository: --root beta, --root home-ops',
    ]);
    expect(two.code).toBe(3);
    rmSync(join(parent, 'beta'), { recursive: true });
    // In a repository (its .git above), the root is its top, as the contract says: no note questions it.
    mkdirSync(join(parent, '.git'));
    expect((await runCli(['check', 'home-ops/apps'], { cwd: parent })).stderr).toBe(above.stderr.split('\n')[0] + '\n');
    rmSync(join(parent, '.git'), { recursive: true });
    // The root it names, or the repository's own directory, judges the file.
    for (const run of [await runCli(['check', 'home-ops/apps', '--root', 'home-ops'], { cwd: parent }), await runCli(['check', 'apps'], { cwd: join(parent, 'home-ops') })]) {
      expect(run.stdout).toContain('dependsOn/unknown-target');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
    }
  });

  // A second trial's probe (matheuscscp/flux-operator-cluster-api-example): a HelmRelease installs charts/spoke, whose
  // template renders Kustomization flux-system/{{ .Values.spokeName }}; a dependsOn on it was missing "for ever".
  it('what a chart of the repository renders may be there: an item it can name is not judged missing', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('spoke-sync', './apps', '  dependsOn:\n    - name: spoke\n    - name: typo\n      namespace: other\n'),
      kustomizationText('hub', './apps', '  dependsOn:\n    - name: hub-web\n      namespace: apps\n'),
    ]);
    write('apps/cm.yaml', configMapText('apps'));
    write('charts/spoke/Chart.yaml', 'apiVersion: v2\nname: spoke\nversion: 1.0.0\n');
    write('charts/spoke/templates/ks.yaml', kustomizationText('{{ .Values.spokeName }}', './tenants'));
    // Neither its name nor its namespace written plainly: it would excuse every Kustomization item; not read.
    write('charts/any/Chart.yaml', 'apiVersion: v2\nname: any\nversion: 1.0.0\n');
    write('charts/any/templates/ks.yaml', kustomizationText('{{ .Release.Name }}', './x').replace('namespace: flux-system', 'namespace: {{ .Release.Namespace }}'));
    const { keys } = await audit(root);
    // spoke (any name the template gives, in flux-system): no finding; typo in other, hub-web in apps: missing.
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/prod/apps.yaml:15:7', 'dependsOn/unknown-target@clusters/prod/apps.yaml:31:7']);
  });

  // A trial's probe (p-lago/lag0-fleet-infra): a GitRepository saved as UTF-16 was "no Kubernetes object" failing the
  // build, and a Flux object so saved was never read. go-yaml (kustomize, kustomize-controller) decodes it by its mark.
  it('a manifest in UTF-16 with its byte order mark is read as the text it encodes, little- or big-endian', async () => {
    const { root, write } = bootstrapped([kustomizationText('apps', './apps')]);
    const utf16 = (text: string, little: boolean) => {
      const units = Buffer.from(`\ufeff${text}`, 'utf16le');
      if (!little) units.swap16();
      return units;
    };
    writeFileSync(join(root, 'clusters/prod/infra.yaml'), utf16(kustomizationText('infra', './apps', '  dependsOn:\n    - name: nonexistent\n'), true));
    mkdirSync(join(root, 'apps'));
    writeFileSync(join(root, 'apps/source.yaml'), utf16(gitRepositoryText('other', 'https://example.com/other.git'), false));
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/prod/infra.yaml:14:7']);
    expect(report.flux!.objects.Kustomization).toBe(3);
  });

  // A trial's probe: run from a folder of clones, `check CLONE/apps` read every clone as one repository rooted at the
  // folder (57 false kustomization/path-not-found errors), and from /tmp it walked all of /tmp.
  it('check PATH from a directory in no repository takes the repository the paths lie in as the root', async () => {
    const parent = temporaryDirectory();
    const write = fileWriter(parent);
    for (const clone of ['one', 'two']) {
      mkdirSync(join(parent, clone, '.git'), { recursive: true });
      writeBootstrap((path, text) => write(`${clone}/${path}`, text), 'clusters/main');
      write(`${clone}/clusters/main/apps.yaml`, kustomizationText('apps', './apps'));
    }
    write('one/apps/web.yaml', helmReleaseText('web').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: cache\n'));
    write('two/apps/cache.yaml', helmReleaseText('cache'));
    const run = async (args: string[], cwd = parent) => {
      const result = await runCli(['check', '--format', 'json', ...args], { cwd });
      return [result.code, (JSON.parse(result.stdout) as Report).findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}`)];
    };
    // Read as one repository rooted at the parent, each clone's ./apps would be missing, and two's cache would resolve.
    expect(await run(['one/apps'])).toEqual([1, ['dependsOn/unknown-target@one/apps/web.yaml:8']]);
    expect(await run(['one/apps/web.yaml', 'one/clusters'])).toEqual([1, ['dependsOn/unknown-target@one/apps/web.yaml:8']]);
    // Paths in two repositories: the working directory is no repository's root (read as one rooted at the parent, two's
    // cache answered one's web, and it passed): one run per repository, exit 3 (a review's probe). An explicit root:
    // the working directory's rule, as before.
    expect(await run(['one/apps', 'two/apps'])).toEqual([3, ['input/usage@null:null']]);
    expect(await run(['--root', '.', 'one/apps'])).toEqual([0, []]);
    // Inside a repository its top stays the root, whatever the paths.
    expect(await run(['apps'], join(parent, 'two'))).toEqual([0, []]);
    // That repository's config file applies, as from inside it (a review's probe: only its baseline did).
    write('one/bootstrap-deps.config.yaml', 'rules:\n  dependsOn/unknown-target: off\n');
    expect(await run(['apps'], join(parent, 'one'))).toEqual([0, []]);
    expect(await run(['one/apps'])).toEqual([0, []]);
  });

  // A trial's probe (the loader's own findings, and the cycles' list, passed by the narrowing): `check apps/a` reported
  // apps/b's removed apiVersion, and `check apps` printed a cycle of clusters/ with PASSED and exit 0.
  // A review's probe: the cycle's finding sits at one of its edges; a hook run on the file whose edge closed it was silent.
  it('a cycle is reported wherever one of its edges is in the named paths, or left by --exclude', async () => {
    const { root, write } = bootstrapped([]);
    write('clusters/prod/a.yaml', kustomizationText('a', './apps/a', '  dependsOn:\n    - name: b\n'));
    write('clusters/prod/b.yaml', kustomizationText('b', './apps/b', '  dependsOn:\n    - name: a\n'));
    write('apps/a/cm.yaml', configMapText('a'));
    write('apps/b/cm.yaml', configMapText('b'));
    const cycle = [['Kustomization/flux-system/a', 'Kustomization/flux-system/b', 'Kustomization/flux-system/a']];
    for (const args of [[], ['clusters/prod/a.yaml'], ['clusters/prod/b.yaml'], ['--exclude', 'clusters/prod/a.yaml'], ['--exclude', 'clusters/prod/b.yaml']]) {
      const run = await audit(root, args);
      expect([args, run.code, run.report.cycles, run.keys.filter((key) => key.startsWith('graph/cycle'))]).toEqual([args, 2, cycle, [expect.stringMatching(/^graph\/cycle@clusters\/prod\/[ab]\.yaml:/)]]);
    }
    const elsewhere = await audit(root, ['apps']);
    expect([elsewhere.code, elsewhere.report.cycles]).toEqual([0, []]);
  });

  it('paths narrow every finding, the loader\'s too, and the cycles listed: only what the named paths hold', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('apps-a', './apps/a'),
      kustomizationText('apps-b', './apps/b'),
      kustomizationText('infra', './apps/a', '  dependsOn:\n    - name: infra\n'),
    ]);
    write('apps/a/web.yaml', helmReleaseText('web').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: cache\n'));
    write('apps/b/old.yaml', helmReleaseText('old').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'));
    const whole = await audit(root);
    expect(whole.keys).toEqual([
      'dependsOn/unknown-target@apps/a/web.yaml:8:7',
      'api/removed-version@apps/b/old.yaml:1:13',
      'dependsOn/bypassed@clusters/prod/apps.yaml:40:7',
      'graph/cycle@clusters/prod/apps.yaml:40:7',
    ]);
    expect([whole.code, whole.report.summary.cycles, whole.report.cycles]).toEqual([1, 1, [['Kustomization/flux-system/infra', 'Kustomization/flux-system/infra']]]);
    const inA = await audit(root, ['apps/a']);
    expect(inA.keys).toEqual(['dependsOn/unknown-target@apps/a/web.yaml:8:7']);
    expect([inA.code, inA.report.summary.cycles, inA.report.cycles]).toEqual([1, 0, []]);
    // The repository's own structure is not narrowed: its cycles stay in flux.cycles, as its order in flux.order.
    expect(inA.report.flux!.cycles).toEqual(whole.report.cycles);
    const inB = await audit(root, ['apps/b']);
    expect([inB.code, inB.keys, inB.report.cycles]).toEqual([1, ['api/removed-version@apps/b/old.yaml:1:13'], []]);
    const inClusters = await runCli(['check', 'clusters'], { cwd: root });
    expect([inClusters.code, inClusters.stdout.includes('Kustomization/flux-system/infra → Kustomization/flux-system/infra')]).toEqual([2, true]);
    // --exclude alike: the cycle's file left out, the cycle is not listed, and the text says PASSED with Cycles 0.
    const excluded = await runCli(['check', '--exclude', 'clusters/**', '--exclude', 'apps/**'], { cwd: root });
    expect([excluded.code, excluded.stdout.includes('Cycles\n'), excluded.stdout.trim().split('\n').at(-1)]).toEqual([0, false, 'PASSED HelmReleases 2 · Kustomizations 4 · ResourceSets 0 · Cycles 0']);
  });

  // A trial's probe (DecentM/fleet-infra's staging): one Kustomization in two files of a path without kustomization.
  // kustomize-controller's generated kustomization takes both, and kustomize refuses the build; it passed, counted twice.
  it('one Flux object twice in what a Kustomization builds is the build error Flux reports: exit 1, at the second, once', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/flux-system.yaml', kustomizationText('flux-system', './clusters/prod'));
    write('clusters/prod/infra.yaml', `${kustomizationText('infra', './x')}---\n${kustomizationText('apps', './x', '  dependsOn:\n    - name: infra\n')}`);
    write('clusters/prod/apps.yaml', kustomizationText('apps', './x'));
    write('x/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual(['kustomization/build-failed@clusters/prod/infra.yaml:17:9']);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/apps is written twice in what Kustomization flux-system builds (also at clusters/prod/apps.yaml:4): kustomize-controller\'s build fails with "may not add resource with an already registered id", and flux-system applies nothing');
    expect(code).toBe(1);
    // A trial's probe: run from above the root, the file the message names is named from there, as the finding's own
    // location is (it was named from the root, and could not be found from where the user stood).
    const above = await runCli(['check', '--root', basename(root), '--format', 'json'], { cwd: dirname(root) });
    const fromAbove = JSON.parse(above.stdout) as { findings: { file: string; message: string }[] };
    expect(fromAbove.findings.map((finding) => [finding.file, finding.message.slice(finding.message.indexOf('(also at'), finding.message.indexOf('):') + 1)]))
      .toEqual([[`${basename(root)}/clusters/prod/infra.yaml`, `(also at ${basename(root)}/clusters/prod/apps.yaml:4)`]]);
  });

  // A trial's probe (AlinaNova21/home-ops): kubernetes/ks.yaml, applied once by hand, applies ./kubernetes, whose
  // kustomization leaves it out so as not to apply itself. It was passed over as an entry commented out: the root
  // went missing, what it applies was "applied by none", and its timeout was never weighed against the chain.
  it('a root its own directory\'s kustomization does not list, whose path holds its file, is the root that applies the tree', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('kubernetes/ks.yaml', kustomizationText('cluster', './kubernetes', '  wait: true\n  timeout: 5m\n'));
    write('kubernetes/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps\n');
    write('kubernetes/apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a.yaml\n  - b.yaml\n');
    write('kubernetes/apps/a.yaml', kustomizationText('a', './kubernetes/a', '  wait: true\n  timeout: 10m\n'));
    write('kubernetes/apps/b.yaml', kustomizationText('b', './kubernetes/b', '  wait: true\n  timeout: 10m\n  dependsOn:\n    - name: a\n'));
    write('kubernetes/apps/old.yaml', kustomizationText('old', './kubernetes/old'));
    for (const dir of ['a', 'b', 'old']) write(`kubernetes/${dir}/cm.yaml`, configMapText(dir));
    // In a directory of its own that nothing lists (commented out of apps/kustomization.yaml): never applied, as the
    // root's tree shows (a sweep's probe: with the root in no tree, no entry was found and every object was kept).
    write('kubernetes/apps/c/ks.yaml', kustomizationText('c', './kubernetes/c'));
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual(['order/parent-timeout@kubernetes/ks.yaml:14:12']);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/cluster'], ['Kustomization/flux-system/a'], ['Kustomization/flux-system/b']]);
    // A file the list leaves out whose path is below it (an application commented out) is still never applied.
    expect(report.flux!.skipped.find((skip) => skip.paths?.includes('kubernetes/apps/old.yaml'))?.reason).toBe('YAML files the kustomization of their directory does not list as resources (never applied as manifests)');
    expect(code).toBe(0);
    // `path: ./` of an upstream project's GitRepository names that repository's root, not this one's: no sync (a
    // review's probe: taken for one, it made this root a leftover, and the root's findings went with it).
    write('kubernetes/upstream.yaml', `${gitRepositoryText('prom-crds', 'https://github.com/someone/prometheus-crds')}---\n${kustomizationText('prom-crds', './', '', 'prom-crds')}`);
    write('kubernetes/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps\n  - upstream.yaml\n');
    expect((await audit(root)).report.flux!.order.flat()).toContain('Kustomization/flux-system/cluster');
    // Where the repository shows how it is synced otherwise (a root of its own directory), such a file is a leftover
    // (rcdailey/home-ops's external-secrets/infisical/ks.yaml, inside the directory it names): passed over, as before.
    write('clusters/prod/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/prod'));
    write('clusters/prod/apps.yaml', kustomizationText('apps', './kubernetes/apps'));
    const synced = await audit(root);
    expect(synced.report.flux!.order.flat()).not.toContain('Kustomization/flux-system/cluster');
    expect(synced.report.flux!.skipped.find((skip) => skip.paths?.includes('kubernetes/ks.yaml'))?.reason).toBe('YAML files the kustomization of their directory does not list as resources (never applied as manifests)');
  });

  // A trial's probe (monosense-io/k8s-gitops, syncs named cluster-apps-config and cluster-infra-config): only a sync
  // named flux-system marked the repository as synced, so an unlisted ks.yaml was read as a root, a cluster of its own,
  // and its dependsOn on what the real cluster has was "for another cluster" (six false errors there).
  it('a sync of any name that applies the directory above its own file marks the repository synced: an unlisted ks.yaml is a leftover', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/flux-system/gotk-sync.yaml', kustomizationText('cluster-prod-sync', './clusters/prod'));
    write('clusters/prod/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    write('clusters/prod/kustomization.yaml', 'resources:\n  - flux-system\n  - infra.yaml\n');
    write('clusters/prod/infra.yaml', kustomizationText('infra', './infra'));
    write('infra/kustomization.yaml', 'resources:\n  - operator/ks.yaml\n');
    write('infra/operator/ks.yaml', kustomizationText('operator', './infra/operator/app'));
    write('infra/operator/app/cm.yaml', configMapText('operator'));
    write('apps/db/kustomization.yaml', 'resources:\n  - cm.yaml\n');
    write('apps/db/cm.yaml', configMapText('db'));
    write('apps/db/ks.yaml', kustomizationText('db', './apps/db', '  dependsOn:\n    - name: operator\n'));
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.order.flat()).not.toContain('Kustomization/flux-system/db');
    expect(report.flux!.skipped.find((skip) => skip.paths?.includes('apps/db/ks.yaml'))?.reason).toBe('YAML files the kustomization of their directory does not list as resources (never applied as manifests)');
    expect(code).toBe(0);
  });

  // A trial's probe (isning/k8s-gitops): a base that the only overlay lists in a comment was taken for a tree applied by
  // hand, and its namespace-less Kustomization answered a dependsOn in any namespace.
  it('a tree that a kustomization names in a commented-out entry is taken out of the build, not applied by hand', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/flux-system.yaml', kustomizationText('flux-system', './clusters/prod'));
    write('clusters/prod/apps.yaml', kustomizationText('apps', './apps/prod', '  dependsOn:\n    - name: ext\n'));
    write('apps/prod/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources:\n  - ../base/web\n  # - ../base/ext\n');
    write('apps/base/web/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cm.yaml\n');
    write('apps/base/web/cm.yaml', configMapText('web'));
    write('apps/base/ext/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ks.yaml\n');
    write('apps/base/ext/ks.yaml', kustomizationText('ext', './apps/base/web').replace('  namespace: flux-system\n', ''));
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/prod/apps.yaml:14:7']);
    expect(report.findings[0]!.message).toContain('which is written only in apps/base/ext/ks.yaml, a file no Flux Kustomization of this repository applies');
    expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  // A trial's probe (ToaHartor/maisonneux): the same where nothing shows how the cluster is synced (a FluxInstance whose
  // sync.path is a variable): the commented-out tree's Kustomization was a root applied by hand, and its dependency on
  // an operator commented out of its own list an error.
  it('a tree named only in a commented-out entry is taken out of the build where the sync path is not known too', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/flux-system/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.x\n  sync:\n    kind: GitRepository\n    url: ${source_repo_url}\n    ref: refs/heads/main\n    path: .${cluster_directory}\n');
    write('clusters/prod/platform.yaml', kustomizationText('platform', './platform/prod', '  wait: true\n'));
    write('platform/prod/kustomization.yaml', 'resources:\n  - ../base/operators\n  # - ../base/mariadb\n');
    write('platform/base/operators/kustomization.yaml', 'namespace: operators\nresources:\n  - ./cnpg/ks.yaml\n  # - ./mariadb-operator/ks.yaml\n');
    for (const app of ['cnpg', 'mariadb-operator']) {
      write(`platform/base/operators/${app}/ks.yaml`, kustomizationText(app, `./platform/base/operators/${app}/app`, '  wait: true\n'));
      write(`platform/base/operators/${app}/app/cm.yaml`, configMapText(app));
    }
    write('platform/base/mariadb/kustomization.yaml', 'namespace: mariadb\nresources:\n  - ./cluster/ks.yaml\n');
    write('platform/base/mariadb/cluster/ks.yaml', kustomizationText('mariadb-cluster', './platform/base/operators/cnpg/app', '  dependsOn:\n    - name: mariadb-operator\n      namespace: operators\n'));
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped.find((skip) => skip.reason.startsWith('Flux objects no Flux Kustomization'))?.paths)
      .toEqual(['platform/base/mariadb/cluster/ks.yaml', 'platform/base/operators/mariadb-operator/ks.yaml']);
    expect(code).toBe(0);
    // A review's probe: an aggregating kustomization nothing applies (`# - ./prod` in clusters/) takes no cluster out.
    write('clusters/kustomization.yaml', 'resources:\n  - ./staging\n  # - ./prod\n');
    write('clusters/prod/kustomization.yaml', 'resources:\n  - flux-system/instance.yaml\n  - platform.yaml\n  - typo.yaml\n');
    write('clusters/prod/typo.yaml', kustomizationText('typo', './platform/base/operators/cnpg/app', '  dependsOn:\n    - name: platfrom\n'));
    write('clusters/staging/kustomization.yaml', 'resources:\n  - cm.yaml\n');
    write('clusters/staging/cm.yaml', configMapText('staging'));
    expect((await audit(root)).keys).toEqual(['dependsOn/unknown-target@clusters/prod/typo.yaml:14:7']);
  });

  // A trial's probe (spietras/clusters): its CI tree lists one app and comments out the rest (`# - aster/aster.yaml`);
  // with no sign of how the cluster is synced, each commented-out app's Kustomization was taken for a root applied by
  // hand, and what it applies, read without the patches the tree gives, raised 29 false unwaited-kustomization warnings.
  it('a file that a kustomization names in a commented-out entry is taken out of the build: no entry point, nor what it applies', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('ci/main/kustomization.yaml', 'resources:\n  - apps\n');
    write('ci/main/apps/kustomization.yaml', 'resources:\n  - web/ks.yaml\n  # - ext/ks.yaml\n');
    write('ci/main/apps/web/ks.yaml', kustomizationText('web', './ci/main/apps/web/app', '  wait: true\n'));
    write('ci/main/apps/web/app/cm.yaml', configMapText('web'));
    write('ci/main/apps/ext/ks.yaml', kustomizationText('ext', './ci/main/apps/ext/app', '  wait: true\n'));
    write('ci/main/apps/ext/app/kustomization.yaml', 'resources:\n  - db.yaml\n  - api.yaml\n');
    write('ci/main/apps/ext/app/db.yaml', kustomizationText('ext-db', './ci/main/apps/ext/db'));
    write('ci/main/apps/ext/app/api.yaml', kustomizationText('ext-api', './ci/main/apps/web/app', '  dependsOn:\n    - name: ext-db\n'));
    write('ci/main/apps/ext/db/release.yaml', helmReleaseText('db'));
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.order.flat()).toEqual(['Kustomization/flux-system/web']);
    expect(report.flux!.skipped.find((skip) => skip.reason.startsWith('Flux objects no Flux Kustomization'))?.paths)
      .toEqual(['ci/main/apps/ext/app/api.yaml', 'ci/main/apps/ext/app/db.yaml', 'ci/main/apps/ext/db/release.yaml', 'ci/main/apps/ext/ks.yaml']);
    expect(code).toBe(0);
    // Listed again, it is applied as before.
    write('ci/main/apps/kustomization.yaml', 'resources:\n  - web/ks.yaml\n  - ext/ks.yaml\n');
    const listed = await audit(root);
    expect(listed.report.flux!.order.flat()).toContain('Kustomization/flux-system/ext-api');
    expect(listed.keys).toEqual(['dependsOn/unwaited-kustomization@ci/main/apps/ext/app/api.yaml:14:7']);
  });

  it('refuses a path that does not exist, and a mix of kit and repository options', async () => {
    const root = fixture('repositories', 'home-ops');
    const missing = await runCli(['check', 'kubernetes/apps/nope'], { cwd: root });
    expect(missing.stderr).toBe(`error: kubernetes/apps/nope does not exist (resolved against ${root}) — name files or directories of the repository\n`);
    const misspelt = await runCli(['check', 'kubernetes/aps'], { cwd: root });
    expect(misspelt.stderr).toBe(`error: kubernetes/aps does not exist (resolved against ${root}) — did you mean kubernetes/apps?\n`);
    expect(missing.code).toBe(3);
    const mixed = await runCli(['check', 'kubernetes', '--kit-dir', 'x'], { cwd: root });
    expect(mixed.stderr).toContain('use one or the other');
    expect(mixed.code).toBe(3);
  });

  it('says so when there is nothing to audit', async () => {
    const root = fixture('repositories', 'kustomize-helm-example', 'infrastructure', 'configs');
    const { code, stderr } = await runCli(['check', '--root', root], { cwd: root });
    expect(stderr).toBe('error: . holds no Flux object (HelmRelease, Kustomization, ResourceSet) and no bootstrap kit — run inside a Flux repository, pass --root DIR, or name the paths to audit\n');
    expect(code).toBe(3);
  });

  it('every JSON run of order, graph and explain prints one document on exit 3: nothing to audit, a bad value, a name that fits several objects', async () => {
    const empty = fixture('repositories', 'kustomize-helm-example', 'infrastructure', 'configs');
    const documentOf = async (args: string[], cwd: string) => {
      const run = await runCli(args, { cwd });
      expect(run.code).toBe(3);
      return JSON.parse(run.stdout) as { schemaVersion: number; exitCode: number; findings: { rule: string; message: string }[] };
    };
    for (const command of [['order'], ['graph'], ['explain', 'x']]) {
      const document = await documentOf([...command, '--root', '.', '--format', 'json'], empty);
      expect(document).toMatchObject({ schemaVersion: 1, exitCode: 3, findings: [{ rule: 'input/empty', message: 'holds no Flux object (HelmRelease, Kustomization, ResourceSet) and no bootstrap kit' }] });
    }
    const repository = fixture('repositories', 'kustomize-helm-example');
    const badInterval = await documentOf(['order', '--root', '.', '--format', 'json', '--requeue-interval', 'soon'], repository);
    expect(badInterval.findings).toMatchObject([{ rule: 'input/usage', message: '--requeue-interval soon is not a duration' }]);
    const unknown = await documentOf(['explain', 'podinf', '--root', '.', '--format', 'json'], repository);
    expect(unknown.findings).toMatchObject([{ rule: 'input/usage', message: 'no HelmRelease, Kustomization or ResourceSet named podinf' }]);
    const unwritable = await documentOf(['graph', '--root', '.', '--format', 'json', '--output', 'no/such/dir/graph.json'], repository);
    expect(unwritable.findings).toMatchObject([{ rule: 'input/usage', message: 'no/such/dir/graph.json cannot write the output (ENOENT)' }]);
  });
});

describe('order and graph on the repository graph', () => {
  const root = fixture('repositories', 'kustomize-helm-example');

  it('order: install levels across kinds, the teardown order and a cold-start estimate', async () => {
    const { code, stdout } = await runCli(['order', '--root', root], { cwd: root });
    expect(stdout).toBe([
      'Install levels across kinds (each object one level after the last of what it waits for)',
      // infra-configs depends on infra-controllers, whose wait: true makes it Ready only once cert-manager and
      // ingress-nginx, which it applies, are: infra-configs starts a level after them.
      '   0  Kustomization flux-system/infra-controllers',
      '   1  HelmRelease cert-manager/cert-manager, HelmRelease ingress-nginx/ingress-nginx',
      '   2  Kustomization flux-system/infra-configs',
      '   3  Kustomization flux-system/apps',
      '   4  HelmRelease podinfo/podinfo',
      '',
      'Teardown order (the reverse: what nothing waits on goes first)',
      '   0  HelmRelease podinfo/podinfo',
      '   1  Kustomization flux-system/apps',
      '   2  Kustomization flux-system/infra-configs',
      '   3  HelmRelease cert-manager/cert-manager, HelmRelease ingress-nginx/ingress-nginx',
      '   4  Kustomization flux-system/infra-controllers',
      '',
      'Cold start: 5 levels × 30 s dependency requeue = 2 min 30 s, if every level waited a requeue; in fact the last object starts at least 1 min in (a requeue for each dependsOn wait on the way, none for what an applier creates)',
      '  worst case along the critical path: 11 min 30 s (each object\'s timeout, a waiting applier\'s covering what it applies; one requeue for what does not wait, and one after each dependsOn wait)',
      // infra-configs has neither wait nor healthChecks: Ready right after its apply, one requeue. apps waits for podinfo,
      // which it creates when it applies: its 5 minutes cover podinfo's, they do not come before them (samip5/k8s-cluster).
      '  Kustomization flux-system/infra-controllers 5 min → 30 s requeue → Kustomization flux-system/infra-configs 30 s (no wait: one requeue) → 30 s requeue → Kustomization flux-system/apps applies → HelmRelease podinfo/podinfo 5 min',
      '',
    ].join('\n'));
    expect(code).toBe(0);
    // JSON says which seconds are a requeue, not a timeout (a trial's note: `infra-configs 30 s` read as its timeout).
    const { coldStart } = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { coldStart: { criticalPath: { object: string; readyWithoutWait?: boolean }[] } };
    expect(coldStart.criticalPath.filter((step) => step.readyWithoutWait).map((step) => step.object)).toEqual(['Kustomization/flux-system/infra-configs']);
  });

  it('what depends on a Kustomization with healthChecks comes after the objects they name (kashalls/home-cluster\'s rook-ceph)', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const ks = (name: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    const release = (name: string, namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
    const healthCheck = (namespace: string) => `  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: rook-ceph-cluster\n${namespace}`;
    write('clusters/main/flux-system/gotk-sync.yaml', ks('flux-system').replace('./flux-system', './clusters/main'));
    write('clusters/main/rook.yaml', ks('rook', healthCheck('      namespace: rook-ceph\n')));
    write('clusters/main/app.yaml', ks('app', '  dependsOn:\n    - name: rook\n'));
    write('rook/cluster.yaml', release('rook-ceph-cluster', 'rook-ceph'));
    write('app/release.yaml', release('home-assistant', 'default'));
    const order = async () => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][] }).levels;
    expect(await order()).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/rook'],
      ['HelmRelease/rook-ceph/rook-ceph-cluster'],
      ['Kustomization/flux-system/app'],
      ['HelmRelease/default/home-assistant'],
    ]);
    // An entry without a namespace is not followed (which object it names is not known): app beside rook-ceph-cluster.
    write('clusters/main/rook.yaml', ks('rook', healthCheck('')));
    expect((await order())[2]).toEqual(['HelmRelease/rook-ceph/rook-ceph-cluster', 'Kustomization/flux-system/app']);
  });

  // jasonpanosso/selfhosted (a trial's probe): apps applies flux-instance, which applies a flux-system that applies apps.
  it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('a loop of appliers with no root (a cluster managing its own bootstrap) is entered once, at flux-system: each object once, no false cycle (skipped without kustomize)', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    for (const [path, text] of Object.entries({
      'kubernetes/apps/flux-system/flux-instance/app/gitrepository.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 5m\n  url: https://github.com/example/selfhosted\n  ref:\n    branch: main\n',
      'kubernetes/apps/flux-system/flux-instance/app/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./kubernetes/clusters/prod\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
      'kubernetes/apps/flux-system/flux-instance/app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./gitrepository.yaml\n  - ./ks.yaml\n',
      'kubernetes/apps/flux-system/flux-instance/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-instance\nspec:\n  dependsOn:\n    - name: flux-operator\n  interval: 1h\n  prune: true\n  path: ./kubernetes/apps/flux-system/flux-instance/app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n',
      'kubernetes/apps/flux-system/flux-operator/app/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\n',
      'kubernetes/apps/flux-system/flux-operator/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-operator\nspec:\n  interval: 1h\n  prune: true\n  path: ./kubernetes/apps/flux-system/flux-operator/app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n',
      'kubernetes/apps/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - ./flux-operator/ks.yaml\n  - ./flux-instance/ks.yaml\n',
      'kubernetes/apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./flux-system\n',
      'kubernetes/clusters/prod/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./kubernetes/apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  patches:\n    - target:\n        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization\n      patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n        spec:\n          postBuild:\n            substituteFrom:\n              - kind: Secret\n                name: post-build-substitutions\n',
    })) write(path, text);
    // With kustomize on PATH: apps's patches are built, and flux-instance is reached patched and as written.
    const { stdout } = await runCli(['check', '--root', repository, '--format', 'json'], { cwd: repository, env: process.env });
    const unwaited = (JSON.parse(stdout) as Report).findings.filter((finding) => finding.rule === 'dependsOn/unwaited-kustomization');
    expect(unwaited.map((finding) => `${finding.file}:${finding.line}:${finding.column}`)).toEqual(['kubernetes/apps/flux-system/flux-instance/ks.yaml:7:7']);
    // Nothing is a root: the loop is entered once, at the bootstrap's flux-system, which exists before the loop applies
    // it again. Entered at every member, each Kustomization was two objects (6 for 4) and the loop a false cycle
    // (flux-operator "which only flux-instance applies", where apps applies it).
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((finding) => finding.rule)).toEqual(['dependsOn/unwaited-kustomization']);
    expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 4, ResourceSet: 0 });
    const order = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository, env: process.env });
    expect((JSON.parse(order.stdout) as { levels: string[][] }).levels).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/apps'], ['Kustomization/flux-system/flux-operator'], ['Kustomization/flux-system/flux-instance'],
    ]);
  });

  // A review's probe: with no flux-system in the loop, the first Kustomization by file was aaa, which the loop's apps
  // applies with its patches: entered as written, it lost apps's patch (dependsOn flux-instance) and its applier.
  it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('a loop without a flux-system is entered at a member of the loop, not at what the loop applies (skipped without kustomize)', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const ks = (name: string, path: string, extra = '') => kustomizationText(name, path, extra);
    write('kubernetes/apps/aaa/ks.yaml', ks('aaa', './none'));
    write('kubernetes/apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./aaa/ks.yaml\n  - ./instance/ks.yaml\n');
    write('kubernetes/apps/instance/ks.yaml', ks('flux-instance', './kubernetes/apps/instance/app', '  wait: true\n'));
    write('kubernetes/apps/instance/app/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./ks.yaml\n');
    write('kubernetes/apps/instance/app/ks.yaml', ks('cluster', './kubernetes/clusters/prod'));
    write('kubernetes/clusters/prod/ks.yaml', ks('apps', './kubernetes/apps', '  patches:\n    - target:\n        kind: Kustomization\n        name: aaa\n      patch: |-\n        - op: add\n          path: /spec/dependsOn\n          value: [{name: flux-instance}]\n'));
    write('none/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: none\n');
    const explained = await runCli(['explain', 'ks/flux-system/aaa', '--root', '.', '--format', 'json'], { cwd: repository, env: process.env });
    expect(JSON.parse(explained.stdout)).toMatchObject({ appliedBy: ['Kustomization/flux-system/apps'], dependsOn: ['Kustomization/flux-system/flux-instance'] });
    const { report } = await audit(repository);
    expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 4, ResourceSet: 0 });
  });

  // allenporter/k8s-gitops's nginx-values.yaml: a review's probe (it was skipped as a patch file once its patch cost no build).
  it('a file a kustomization lists both as a resource and as a patch is an object Flux applies', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const release = (name: string, dependsOn = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 30m\n${dependsOn}  chart:\n    spec:\n      chart: ${name}\n`;
    write('clusters/main/apps.yaml', `${kustomizationText('ingress', './apps/ingress')}---\n${kustomizationText('app', './apps/app')}`);
    write('apps/ingress/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - hr.yaml\npatches:\n  - path: hr.yaml\n');
    write('apps/ingress/hr.yaml', release('nginx'));
    write('apps/app/hr.yaml', release('app', '  dependsOn:\n    - name: nginx\n'));
    const { keys, report } = await audit(repository);
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 2, Kustomization: 2, ResourceSet: 0 });
  });

  // A trial's probe (BillyUdders/flux-operator-playground): "1 levels × 30 s ... starts at least 0 s in", "worst case 0 s".
  it('order on one level says that nothing waits, not a requeue of 0 s', async () => {
    const repository = temporaryDirectory();
    fileWriter(repository)('clusters/main/rs.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  resources: []\n');
    const { stdout } = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(stdout).toContain('Cold start: 1 level: nothing waits for anything else, so no dependency requeue comes into it\n  worst case along the critical path: 0 s (nothing on it has a timeout to wait out)\n');
  });

  // A trial's repro: a parent without wait applies a and b, b depends on a. Both are created together; b finds a not
  // Ready and looks again one requeue later: it starts 30 s in, not the 1 min that a requeue per level said.
  it('order: the earliest start counts a requeue for each dependsOn wait, none for what an applier creates', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    write('clusters/main/parent.yaml', kustomizationText('parent', './apps'));
    write('apps/a.yaml', kustomizationText('a', './a-config'));
    write('apps/b.yaml', kustomizationText('b', './b-config', '  dependsOn:\n    - name: a\n'));
    for (const dir of ['a-config', 'b-config']) write(`${dir}/cm.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${dir}\n  namespace: default\n`);
    const { stdout } = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(stdout).toContain('Cold start: 3 levels × 30 s dependency requeue = 1 min 30 s, if every level waited a requeue; in fact the last object starts at least 30 s in (a requeue for each dependsOn wait on the way, none for what an applier creates)\n');
    const json = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(json.coldStart).toMatchObject({ levels: 3, floorSeconds: 90, leastStartSeconds: 30 });
    // A chain of two waits behind one applier: two requeues.
    write('apps/c.yaml', kustomizationText('c', './c-config', '  dependsOn:\n    - name: b\n'));
    write('c-config/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\n');
    const longer = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(longer.coldStart).toMatchObject({ levels: 4, leastStartSeconds: 60 });
  });

  // A review's probe: the earliest start was that of the cluster with the longest worst case, not the latest one.
  it('order: with several clusters, the earliest start is the latest cluster\'s, whichever has the longest worst case', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    // Cluster a: a chain of three dependsOn waits. Cluster b: one Kustomization that waits up to 2 h.
    write('clusters/a/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/a'));
    write('clusters/a/ks.yaml', ['one', 'two', 'three'].map((name, index, all) => kustomizationText(name, './x', index > 0 ? `  dependsOn:\n    - name: ${all[index - 1]}\n` : '')).join('---\n'));
    write('clusters/b/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/b'));
    write('clusters/b/ks.yaml', kustomizationText('slow', './x', '  wait: true\n  timeout: 2h\n'));
    write('x/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: default\n');
    const json = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(json.coldStart.worstCaseSeconds).toBeGreaterThanOrEqual(7200);
    expect(json.coldStart.leastStartSeconds).toBe(60);
  });

  // flux-operator's checkDependencies reads a dependency's status only where the item says `ready: true`.
  it('order: a ResourceSet whose dependsOn item has no ready: true waits for the object to exist, not to be Ready', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const resourceSet = (ready: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: issuers\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: cert-manager\n      namespace: flux-system\n${ready}  inputs:\n    - name: a\n  resources:\n    - apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: << inputs.name >>\n        namespace: flux-system\n`;
    write('clusters/main/apps.yaml', kustomizationText('apps', './clusters/main'));
    write('clusters/main/cert-manager.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cert-manager\n  namespace: flux-system\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: cert-manager\n');
    write('clusters/main/issuers.yaml', resourceSet(''));
    const levels = async () => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][] }).levels;
    expect(await levels()).toEqual([['Kustomization/flux-system/apps'], ['HelmRelease/flux-system/cert-manager', 'ResourceSet/flux-system/issuers']]);
    write('clusters/main/issuers.yaml', resourceSet('      ready: true\n'));
    expect(await levels()).toEqual([['Kustomization/flux-system/apps'], ['HelmRelease/flux-system/cert-manager'], ['ResourceSet/flux-system/issuers']]);
  });

  // A trial's probe: the item's target waited (wait: true) for a HelmRelease, and the levels put the ResourceSet after that
  // wait, though flux-operator goes on once the Kustomization exists and the cold start's critical path said so.
  it('a ResourceSet whose dependsOn item, without ready: true, names what only it generates waits for itself: a cycle, placed by neither check nor order nor explain', async () => {
    // A trial's probe: check reported the cycle, while order placed both ("Not placed: none") and explain gave the
    // ResourceSet level 0 beside inCycle. flux-operator checks its dependencies before it applies anything.
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const resourceSet = (others: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: apps-ks\n      namespace: flux-system\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: apps-ks\n        namespace: flux-system\n      spec:\n        interval: 10m\n        path: ./apps\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n${others}`;
    write('clusters/main/rset.yaml', resourceSet(''));
    write('apps/cm.yaml', configMapText('a'));
    const { keys, report, code } = await audit(repository);
    expect(keys).toEqual(['graph/cycle@clusters/main/rset.yaml:8:7']);
    expect(report.findings[0]!.message).toBe('dependency cycle: ResourceSet flux-system/apps depends on Kustomization flux-system/apps-ks, which only apps applies: apps-ks does not exist before apps applies it, and apps applies nothing until it exists');
    expect(code).toBe(2);
    const order = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    expect(JSON.parse(order.stdout)).toMatchObject({ levels: [], unplaced: ['Kustomization/flux-system/apps-ks', 'ResourceSet/flux-system/apps'] });
    const explained = await runCli(['explain', 'apps', '--root', '.', '--format', 'json'], { cwd: repository });
    expect(JSON.parse(explained.stdout)).toMatchObject({ inCycle: true, installLevel: null });
    expect(explained.code).toBe(2);
    // Another Kustomization that applies it too creates it: no cycle (the ResourceSet waits for that one).
    write('clusters/main/also.yaml', kustomizationText('also', './also'));
    write('also/ks.yaml', kustomizationText('apps-ks', './apps'));
    expect((await audit(repository)).keys).toEqual([]);
  });

  it('order names what is on a cycle as not placed, also where a wrong-kind item would keep it from installing anyway', async () => {
    // A trial's probe: order exited 2 for the cycle and said "Not placed (on a cycle, or waiting for one): none",
    // listing a and b only as never installed (a also depends on the Kustomization apps, a wrong kind).
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const release = (name: string, items: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 10m\n  dependsOn:\n${items}  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: repo\n`;
    write('flux/ks.yaml', kustomizationText('apps', './apps'));
    write('apps/a.yaml', release('a', '    - name: b\n    - name: apps\n      namespace: flux-system\n'));
    write('apps/b.yaml', release('b', '    - name: a\n'));
    const text = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Not placed (on a cycle, or waiting for one): HelmRelease default/a, HelmRelease default/b\n');
    expect(text.stdout).not.toContain('Never installed');
    const json = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    expect(JSON.parse(json.stdout)).toMatchObject({ levels: [['Kustomization/flux-system/apps']], unplaced: ['HelmRelease/default/a', 'HelmRelease/default/b'] });
    expect(JSON.parse(json.stdout).neverInstalled).toBeUndefined();
    const check = await runCli(['check', '--root', '.'], { cwd: repository });
    expect(check.stdout).toContain('HelmRelease default/a depends on HelmRelease flux-system/apps, which does not exist; Kustomization flux-system/apps does');
  });

  it('order: a ResourceSet whose dependsOn item has no ready: true comes right after what applies a waiting Kustomization, not after its wait', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const item = (ready: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infra\n      namespace: flux-system\n${ready}  inputs:\n    - app: web\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.app >>\n        namespace: apps\n      spec:\n        interval: 1h\n        chart:\n          spec:\n            chart: web\n`;
    write('clusters/main/flux-system.yaml', kustomizationText('flux-system', './clusters/main'));
    write('clusters/main/infra.yaml', kustomizationText('infra', './infra', '  wait: true\n  timeout: 20m\n'));
    write('infra/postgres.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: postgres\n  namespace: db\nspec:\n  interval: 1h\n  timeout: 15m\n  chart:\n    spec:\n      chart: postgres\n');
    write('clusters/main/apps.yaml', item(''));
    const order = async () => JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][]; coldStart: { floorSeconds: number } };
    const existing = await order();
    expect(existing.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/infra', 'ResourceSet/flux-system/apps'],
      ['HelmRelease/apps/web', 'HelmRelease/db/postgres'],
    ]);
    // With ready: true, after infra's Ready: after the HelmRelease infra waits for.
    write('clusters/main/apps.yaml', item('      ready: true\n'));
    const ready = await order();
    expect(ready.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/infra'],
      ['HelmRelease/db/postgres'],
      ['ResourceSet/flux-system/apps'],
      ['HelmRelease/apps/web'],
    ]);
    expect(ready.coldStart.floorSeconds).toBeGreaterThan(existing.coldStart.floorSeconds);
  });

  // A trial's probe (Apocrathia/homelab): flux-system's kustomization lists a directory that a Kustomization gated by
  // dependsOn applies too. Flux creates the release with flux-system's first apply; the order put it after the gate.
  it('order: an object two Kustomizations apply installs after the earlier of them, not the later', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    writeBootstrap(write, 'clusters/main');
    write('clusters/main/ks.yaml', `${kustomizationText('early', './apps/early', '  wait: true\n')}---\n${kustomizationText('redis', './shared/redis', '  dependsOn:\n    - name: early\n')}`);
    write('clusters/main/kustomization.yaml', 'resources:\n  - flux-system\n  - ks.yaml\n  - ../../shared/redis\n');
    write('apps/early/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: operator\n  namespace: ops\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: operator\n');
    write('shared/redis/kustomization.yaml', 'resources:\n  - hr.yaml\n');
    write('shared/redis/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: redis\n  namespace: cache\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: redis\n');
    const json = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][]; coldStart: { criticalPath: { object: string }[] } };
    expect(json.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['HelmRelease/cache/redis', 'Kustomization/flux-system/early'],
      ['HelmRelease/ops/operator'],
      ['Kustomization/flux-system/redis'],
    ]);
    // The critical path agrees: the release is not on it behind the gate.
    expect(json.coldStart.criticalPath.map((step) => step.object)).not.toContain('HelmRelease/cache/redis');
    const explained = JSON.parse((await runCli(['explain', 'HelmRelease/cache/redis', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(explained).toMatchObject({ appliedBy: ['Kustomization/flux-system/flux-system', 'Kustomization/flux-system/redis'], installLevel: 1 });
  });

  // A review's probes of the change above.
  it('order: the earliest applier counts within one cluster, with a cycle elsewhere, and for what need only exist', async () => {
    const release = (name: string, namespace: string, dependsOn = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${dependsOn}  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
    const levels = async (repository: string) => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][] }).levels;
    // Two clusters share apps/: cluster a applies it from its own kustomization, cluster b behind dependsOn. In b the
    // release exists only once b's apps applies it: after the later applier, as each cluster's copy waits for its own.
    const clusters = temporaryDirectory();
    const write = fileWriter(clusters);
    write('clusters/a/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/a'));
    write('clusters/a/kustomization.yaml', 'resources:\n  - flux-system/gotk-sync.yaml\n  - ../../apps\n');
    write('clusters/b/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/b'));
    write('clusters/b/kustomization.yaml', 'resources:\n  - flux-system/gotk-sync.yaml\n  - ks.yaml\n');
    write('clusters/b/ks.yaml', `${kustomizationText('infra', './infra', '  wait: true\n')}---\n${kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n')}`);
    write('infra/kustomization.yaml', 'resources:\n  - db.yaml\n');
    write('infra/db.yaml', release('db', 'infra'));
    write('apps/kustomization.yaml', 'resources:\n  - web.yaml\n');
    write('apps/web.yaml', release('web', 'web'));
    expect(await levels(clusters)).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/infra'], ['HelmRelease/infra/db'], ['Kustomization/flux-system/apps'], ['HelmRelease/web/web'],
    ]);
    // One cluster: flux-system applies apps/ itself, before the gate; an unrelated cycle leaves that placement as is,
    // and a ResourceSet that needs the release only to exist comes right after flux-system too.
    const one = temporaryDirectory();
    const add = fileWriter(one);
    add('clusters/main/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/main'));
    add('clusters/main/kustomization.yaml', 'resources:\n  - flux-system/gotk-sync.yaml\n  - ks.yaml\n  - loop.yaml\n  - rs.yaml\n  - ../../apps\n');
    add('clusters/main/ks.yaml', `${kustomizationText('infra', './infra', '  wait: true\n')}---\n${kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n')}`);
    add('clusters/main/loop.yaml', `${release('c1', 'other', '  dependsOn:\n    - name: c2\n')}---\n${release('c2', 'other', '  dependsOn:\n    - name: c1\n')}`);
    add('clusters/main/rs.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: web\n      namespace: web\n  resources: []\n');
    add('infra/kustomization.yaml', 'resources:\n  - db.yaml\n');
    add('infra/db.yaml', release('db', 'infra'));
    add('apps/kustomization.yaml', 'resources:\n  - web.yaml\n');
    add('apps/web.yaml', release('web', 'web'));
    const cyclic = await runCli(['order', '--root', '.'], { cwd: one });
    expect(cyclic.code).toBe(2);
    expect(cyclic.stdout).toContain('   1  HelmRelease web/web, Kustomization flux-system/infra, ResourceSet flux-system/rs\n');
    add('clusters/main/loop.yaml', release('c1', 'other'));
    // The cold start agrees: where the later applier comes before the release (which waits for a chain of its own),
    // the release's start is not its apply (the estimate ran through it: gate 30 min, then "apps applies → web").
    add('clusters/main/ks.yaml', `${kustomizationText('infra', './infra', '  wait: true\n  timeout: 30m\n')}---\n${kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n')}`);
    add('clusters/main/chain.yaml', `${release('g', 'chain')}---\n${release('f', 'chain', '  dependsOn:\n    - name: g\n')}---\n${release('e', 'chain', '  dependsOn:\n    - name: f\n')}`);
    add('clusters/main/kustomization.yaml', 'resources:\n  - flux-system/gotk-sync.yaml\n  - ks.yaml\n  - loop.yaml\n  - chain.yaml\n  - ../../apps\n');
    add('apps/web.yaml', release('web', 'web', '  dependsOn:\n    - name: e\n      namespace: chain\n'));
    const { coldStart } = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: one })).stdout) as { coldStart: { criticalPath: { object: string; applies?: boolean }[] } };
    expect(coldStart.criticalPath.filter((step) => step.object === 'Kustomization/flux-system/apps' && step.applies)).toEqual([]);
    add('clusters/main/ks.yaml', `${kustomizationText('infra', './infra', '  wait: true\n')}---\n${kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n')}`);
    add('clusters/main/kustomization.yaml', 'resources:\n  - flux-system/gotk-sync.yaml\n  - ks.yaml\n  - loop.yaml\n  - rs.yaml\n  - ../../apps\n');
    add('apps/web.yaml', release('web', 'web'));
    expect(await levels(one)).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['HelmRelease/other/c1', 'HelmRelease/web/web', 'Kustomization/flux-system/infra', 'ResourceSet/flux-system/rs'],
      ['HelmRelease/infra/db'],
      ['Kustomization/flux-system/apps'],
    ]);
  });

  // A second review's probes: who creates an object is settled on the final levels, and a copy left out of the apply creates nothing.
  it('order: the earliest applier is worked out again once appliers move, and a copy annotated reconcile: disabled creates nothing', async () => {
    const release = (name: string, namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
    const levelOf = async (repository: string, id: string) => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][] }).levels.findIndex((level) => level.includes(id));
    // k1 is applied by flux-system and by g (behind a chain); placed first after g, its edge to x looked later than
    // k2's. Once k1 moves up to flux-system's level, it is x's earliest applier.
    const moved = temporaryDirectory();
    const write = fileWriter(moved);
    write('clusters/main/flux-system.yaml', kustomizationText('flux-system', './clusters/main'));
    write('clusters/main/k1.yaml', kustomizationText('k1', './apps/x'));
    write('clusters/main/ks.yaml', [
      kustomizationText('operator', './apps/operator', '  wait: true\n'), kustomizationText('k2', './apps/x', '  dependsOn:\n    - name: operator\n'),
      kustomizationText('a', './apps/a', '  wait: true\n'), kustomizationText('b', './apps/b', '  wait: true\n  dependsOn:\n    - name: a\n'),
      kustomizationText('g', './apps/g', '  dependsOn:\n    - name: b\n'),
    ].join('---\n'));
    write('clusters/main/kustomization.yaml', 'resources:\n  - flux-system.yaml\n  - k1.yaml\n  - ks.yaml\n');
    write('apps/g/k1.yaml', kustomizationText('k1', './apps/x'));
    for (const [dir, name, namespace] of [['operator', 'operator', 'ops'], ['a', 'a', 'z'], ['b', 'b', 'z'], ['x', 'x', 'cache']]) write(`apps/${dir}/hr.yaml`, release(name!, namespace!));
    expect(await levelOf(moved, 'Kustomization/flux-system/k1')).toBe(1);
    expect(await levelOf(moved, 'HelmRelease/cache/x')).toBe(2);
    // flux-system's copy of redis is annotated out of the apply: redis comes after the Kustomization that applies it.
    const excluded = temporaryDirectory();
    const add = fileWriter(excluded);
    add('clusters/main/flux-system.yaml', kustomizationText('flux-system', './clusters/main'));
    add('clusters/main/ks.yaml', `${kustomizationText('operator', './apps/operator', '  wait: true\n')}---\n${kustomizationText('redis', './apps/redis', '  dependsOn:\n    - name: operator\n')}`);
    add('clusters/main/placeholder.yaml', release('redis', 'cache').replace('metadata:\n', 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'));
    add('apps/operator/hr.yaml', release('operator', 'ops'));
    add('apps/redis/hr.yaml', release('redis', 'cache'));
    expect(await levelOf(excluded, 'HelmRelease/cache/redis')).toBeGreaterThan(await levelOf(excluded, 'Kustomization/flux-system/redis'));
  });

  // flux-operator's waitForStep: a ResourceSet with spec.wait is Ready once what it applied is (a trial's probe).
  it('order: what depends on a ResourceSet with wait: true comes after what that ResourceSet generates', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const resourceSet = (name: string, spec: string, release: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n${spec}  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: ${release}\n        namespace: flux-system\n      spec:\n        interval: 1h\n        chartRef: {kind: OCIRepository, name: charts}\n`;
    const apps = resourceSet('apps', '  dependsOn:\n    - apiVersion: fluxcd.controlplane.io/v1\n      kind: ResourceSet\n      name: infra\n      namespace: flux-system\n      ready: true\n', 'app');
    write('clusters/main/apps.yaml', kustomizationText('apps', './clusters/main'));
    write('clusters/main/sets.yaml', `${resourceSet('infra', '  wait: true\n', 'cert-manager')}---\n${apps}`);
    const levels = async () => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][] }).levels;
    expect(await levels()).toEqual([
      ['Kustomization/flux-system/apps'], ['ResourceSet/flux-system/infra'], ['HelmRelease/flux-system/cert-manager'], ['ResourceSet/flux-system/apps'], ['HelmRelease/flux-system/app'],
    ]);
    // Its timeout is flux-operator's: the reconcileTimeout annotation (20 min here), else 5 min; with wait, the
    // cold start waits it out (a ResourceSet has no spec.timeout: this read none, 0 s).
    const coldStart = async () => (JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout) as {
      coldStart: { worstCaseSeconds: number; criticalPath: { object: string; timeoutSeconds: number }[] };
    }).coldStart;
    expect((await coldStart()).criticalPath.find((step) => step.object === 'ResourceSet/flux-system/infra')?.timeoutSeconds).toBe(300);
    write('clusters/main/sets.yaml', `${resourceSet('infra', '  wait: true\n', 'cert-manager').replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations:\n    fluxcd.controlplane.io/reconcileTimeout: 20m\n')}---\n${apps}`);
    const annotated = await coldStart();
    expect(annotated.criticalPath.map((step) => `${step.object} ${step.timeoutSeconds}`)).toEqual([
      'Kustomization/flux-system/apps 30', 'ResourceSet/flux-system/infra 1200', 'ResourceSet/flux-system/apps 0', 'HelmRelease/flux-system/app 300',
    ]);
    // (flux-operator sees infra Ready at its own requeue, 5 s by default)
    expect(annotated.worstCaseSeconds).toBe(1505);
    expect((await runCli(['order', '--root', '.'], { cwd: repository })).stdout).toContain(' → 5 s requeue → ResourceSet flux-system/apps applies → ');
    // Without wait, infra is Ready once it has applied: apps beside cert-manager.
    write('clusters/main/sets.yaml', `${resourceSet('infra', '', 'cert-manager')}---\n${apps}`);
    expect((await levels())[2]).toEqual(['HelmRelease/flux-system/cert-manager', 'ResourceSet/flux-system/apps']);
  });

  // A review's probe: dropping the wait for the dependency's Ready dropped the wait for its creation too.
  it('the cold start of a ResourceSet whose dependsOn item has no ready: true waits until what applies that object starts', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const release = (name: string, timeout = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n${timeout}  chart:\n    spec:\n      chart: ${name}\n`;
    write('clusters/main/flux-system.yaml', kustomizationText('flux-system', './clusters/main').replace('interval: 1h', 'interval: 10m'));
    write('clusters/main/ks.yaml', `${kustomizationText('slow', './apps/slow', '  wait: true\n  timeout: 30m\n')}---\n${kustomizationText('late', './apps/late', '  dependsOn:\n    - name: slow\n')}`);
    write('apps/slow/hr.yaml', release('database', '  timeout: 30m\n'));
    write('apps/late/hr.yaml', release('cert-manager'));
    write('clusters/main/issuers.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: issuers\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: cert-manager\n      namespace: flux-system\n  inputs:\n    - name: issuers\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.name >>\n        namespace: flux-system\n      spec:\n        interval: 1h\n        timeout: 20m\n        chart:\n          spec:\n            chart: issuers\n');
    const { stdout } = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    const { coldStart } = JSON.parse(stdout) as { coldStart: { worstCaseSeconds: number; criticalPath: { object: string; applies?: boolean; creates?: string }[] } };
    // slow's 30 min, then late starts and creates cert-manager; issuers then, and its release's 20 min.
    expect(coldStart.criticalPath.map((step) => step.object)).toEqual([
      'Kustomization/flux-system/flux-system', 'Kustomization/flux-system/slow', 'Kustomization/flux-system/late', 'ResourceSet/flux-system/issuers', 'HelmRelease/flux-system/issuers',
    ]);
    // (and a requeue after slow is Ready, before late sees it)
    expect(coldStart.worstCaseSeconds).toBe(3030);
    // late does not apply issuers: it applies cert-manager, which issuers waits only to find (a trial's note).
    expect(coldStart.criticalPath[2]).toEqual({ object: 'Kustomization/flux-system/late', timeoutSeconds: 30, applies: true, creates: 'HelmRelease/flux-system/cert-manager', afterRequeue: true });
    expect(coldStart.criticalPath[3]!.creates).toBeUndefined();
    const text = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(text.stdout).toContain(' → 30 s requeue → Kustomization flux-system/late applies HelmRelease flux-system/cert-manager, which the next waits only to exist → ResourceSet flux-system/issuers applies → HelmRelease flux-system/issuers 20 min\n');
  });

  // A trial's reduction of goochs/home-ops: the moment a waiting Kustomization is Ready took a level of its own, so
  // what depended on it came a level after its slowest child wherever some unrelated chain filled that level.
  it('order: what depends on a Kustomization with wait: true comes right after what it waits for, whatever else is on the levels', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const release = (name: string, dependsOn = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${dependsOn}  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
    write('clusters/main/apps.yaml', kustomizationText('apps', './apps'));
    write('apps/ks.yaml', [kustomizationText('a', './apps/a', '  wait: true\n'), kustomizationText('b', './apps/b', '  wait: true\n  dependsOn:\n    - name: a\n'), kustomizationText('x', './apps/x')].join('---\n'));
    // apps applies its Kustomizations alone (without a kustomization it would apply every release below it too).
    write('apps/kustomization.yaml', 'resources:\n  - ks.yaml\n');
    write('apps/a/hr.yaml', release('a'));
    write('apps/b/hr.yaml', release('b'));
    write('apps/x/hr.yaml', `${release('x1')}---\n${release('x2', '  dependsOn:\n    - name: x1\n')}`);
    const { stdout } = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    expect((JSON.parse(stdout) as { levels: string[][] }).levels).toEqual([
      ['Kustomization/flux-system/apps'],
      ['Kustomization/flux-system/a', 'Kustomization/flux-system/x'],
      ['HelmRelease/default/a', 'HelmRelease/default/x1'],
      ['HelmRelease/default/x2', 'Kustomization/flux-system/b'],
      ['HelmRelease/default/b'],
    ]);
  });

  it('order, graph and explain take --exclude: those files are not read; a glob that matches nothing is said; a kit refuses it', async () => {
    const homeOps = fixture('repositories', 'home-ops');
    // What order places or names as not placed (the media Kustomizations' cycle holds what they apply too).
    const levels = async (args: string[]) => {
      const plan = JSON.parse((await runCli(['order', '--root', homeOps, '--format', 'json', ...args], { cwd: homeOps })).stdout) as { levels: string[][]; unplaced?: string[] };
      return [...plan.levels.flat(), ...plan.unplaced ?? []];
    };
    const all = await levels([]);
    expect(all.some((id) => id.includes('/media/'))).toBe(true);
    const without = await levels(['--exclude', 'kubernetes/apps/media/**']);
    expect(without.filter((id) => id.includes('/media/'))).toEqual([]);
    expect(without.length).toBeLessThan(all.length);
    const graph = JSON.parse((await runCli(['graph', '--root', homeOps, '--format', 'json', '--exclude', 'kubernetes/apps/media'], { cwd: homeOps })).stdout) as { nodes: { id: string }[] };
    expect(graph.nodes.filter((node) => node.id.includes('/media/'))).toEqual([]);
    const explained = await runCli(['explain', 'Kustomization/media/plex', '--root', homeOps, '--exclude', 'kubernetes/apps/media/**'], { cwd: homeOps });
    expect(explained.code).toBe(3);
    const typo = await runCli(['order', '--root', homeOps, '--exclude', 'kubernetes/apps/medai/**'], { cwd: homeOps });
    expect(typo.stderr).toContain('warning: the exclude glob "kubernetes/apps/medai/**" matches no YAML file under the root (.), so it leaves nothing out');
    const kit = await runCli(['order', '--root', fixture('sovereign'), '--exclude', 'x'], { cwd: homeOps });
    expect(kit.stderr).toBe("error: --exclude leaves files out of a repository graph, and this repository has a bootstrap kit: the graph is the kit's — drop --exclude here (check PATH --exclude GLOB narrows the audit of a repository with a kit)\n");
    expect(kit.code).toBe(3);
  });

  // A trial's probe: check reads excluded files for what depends on them; order does not read them, and said web was
  // never installed without a word of why.
  it('order --exclude says, where something is held, that what the excluded files hold reads as missing', async () => {
    const { root: repository, write } = bootstrapped([kustomizationText('apps', './apps')]);
    write('apps/web.yaml', helmReleaseText('web').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: db\n'));
    write('apps/db/db.yaml', helmReleaseText('db'));
    write('archive/old.yaml', helmReleaseText('old'));
    const note = 'note: --exclude leaves its files unread here: an object they hold reads as missing, and what depends on it as never installed (check PATH --exclude GLOB reads them for what depends on them)\n';
    const excluded = await runCli(['order', '--exclude', 'apps/db/**'], { cwd: repository });
    expect([excluded.code, excluded.stderr, excluded.stdout.includes('HelmRelease default/web')]).toEqual([0, note, true]);
    expect((await runCli(['order'], { cwd: repository })).stderr).toBe('');
    expect((await runCli(['order', '--exclude', 'archive/**'], { cwd: repository })).stderr).toBe('');
  });

  it('order --format json with another requeue interval; a bad duration is a usage error', async () => {
    const { stdout } = await runCli(['order', '--root', root, '--format', 'json', '--requeue-interval', '1m'], { cwd: root });
    const plan = JSON.parse(stdout) as { coldStart: { floorSeconds: number; worstCaseSeconds: number; criticalPath: { object: string }[] } };
    expect(plan.coldStart.floorSeconds).toBe(300);
    // 5 min, a 1 min requeue, infra-configs's 1 min (it does not wait), a requeue, apps applies podinfo: 5 min.
    expect(plan.coldStart.worstCaseSeconds).toBe(780);
    expect(plan.coldStart.criticalPath[2]).toEqual({ object: 'Kustomization/flux-system/apps', timeoutSeconds: 300, applies: true, afterRequeue: true });
    expect(plan.coldStart.criticalPath.map((step) => step.object)).toEqual([
      'Kustomization/flux-system/infra-controllers', 'Kustomization/flux-system/infra-configs', 'Kustomization/flux-system/apps', 'HelmRelease/podinfo/podinfo',
    ]);
    const bad = await runCli(['order', '--root', root, '--requeue-interval', 'soon'], { cwd: root });
    expect(bad.stderr).toBe('error: --requeue-interval soon is not a duration — pass a Go duration such as 30s, 1m or 1m30s\n');
    expect(bad.code).toBe(3);
    // Zero is no interval (a trial's probe: the estimate divided by it and printed NaN h NaN min NaN s).
    const zero = await runCli(['order', '--root', root, '--requeue-interval', '0s'], { cwd: root });
    expect(zero.stderr).toBe('error: --requeue-interval 0s is no interval: the estimate counts requeues, and needs one above zero — pass a Go duration such as 30s, 1m or 500ms\n');
    expect(zero.code).toBe(3);
    // A negative one is a duration to Go, and no interval either (a trial's note: "not a duration" misled).
    const negative = await runCli(['order', '--root', root, '--requeue-interval', '-5s'], { cwd: root });
    expect([negative.code, negative.stderr]).toEqual([3, 'error: --requeue-interval -5s is negative: the estimate counts requeues, and needs an interval above zero — pass a Go duration such as 30s, 1m or 500ms\n']);
    // Under a second, as written (the same probe: 500ms read "3 levels × 1 s … = 2 s").
    const fast = await runCli(['order', '--root', root, '--requeue-interval', '500ms'], { cwd: root });
    expect(fast.code).toBe(0);
    expect(fast.stdout).toMatch(/Cold start: 5 levels × 500 ms dependency requeue \(--requeue-interval\) = 2\.5 s, if every level waited a requeue; in fact the last object starts at least 1 s in/);
    const halves = await runCli(['order', '--root', root, '--requeue-interval', '1.5s'], { cwd: root });
    expect(halves.stdout).toMatch(/Cold start: 5 levels × 1\.5 s dependency requeue \(--requeue-interval\) = 7\.5 s, if every level waited a requeue;/);
    // (A review's probes: 1.25s read 1.3 s, 0.5ms read 1 ms, and 59.99s × 5 read "4 min 60 s".)
    const quarters = await runCli(['order', '--root', root, '--requeue-interval', '1.25s'], { cwd: root });
    expect(quarters.stdout).toMatch(/Cold start: 5 levels × 1\.25 s dependency requeue \(--requeue-interval\) = 6\.25 s, if every level waited a requeue;/);
    const tiny = await runCli(['order', '--root', root, '--requeue-interval', '0.5ms'], { cwd: root });
    expect(tiny.stdout).toMatch(/Cold start: 5 levels × 0\.5 ms dependency requeue \(--requeue-interval\) = 2\.5 ms, if every level waited a requeue;/);
    const almost = await runCli(['order', '--root', root, '--requeue-interval', '59.99s'], { cwd: root });
    expect(almost.stdout).toMatch(/Cold start: 5 levels × 59\.99 s dependency requeue \(--requeue-interval\) = 5 min, if every level waited a requeue;/);
    // The unit chosen after the rounding (a second review's probes: "60 s", "1000 ms").
    const minute = await runCli(['order', '--root', root, '--requeue-interval', '59.9996s'], { cwd: root });
    expect(minute.stdout).toMatch(/Cold start: 5 levels × 1 min dependency requeue \(--requeue-interval\) = 5 min, if every level waited a requeue;/);
    const second = await runCli(['order', '--root', root, '--requeue-interval', '0.9999996s'], { cwd: root });
    expect(second.stdout).toMatch(/Cold start: 5 levels × 1 s dependency requeue \(--requeue-interval\) = 5 s, if every level waited a requeue;/);
  });

  it('order takes --requeue-dependency from Helm values a configMapGenerator gives the flux-instance chart (valuesFrom)', async () => {
    // rwlove, jfroy/flatops and chkpwd/iac: kubernetes/apps/flux-system/instance/{kustomization.yaml, helmrelease.yaml, ks/helm-values.yaml}.
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const ks = (name: string, path: string, extra = '') => kustomizationText(name, path, extra);
    write('clusters/main/flux-system.yaml', ks('flux-system', './clusters/main'));
    write('clusters/main/instance.yaml', ks('flux-instance', './instance'));
    write('clusters/main/apps.yaml', ks('apps', './apps', '  dependsOn:\n    - name: flux-instance\n'));
    write('apps/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n');
    write('instance/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - helmrelease.yaml\nconfigMapGenerator:\n  - name: flux-instance-values\n    files:\n      - values.yaml=ks/helm-values.yaml\n');
    write('instance/helmrelease.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: flux-instance\n  valuesFrom:\n    - kind: ConfigMap\n      name: flux-instance-values\n');
    write('instance/ks/helm-values.yaml', 'instance:\n  kustomize:\n    patches:\n      - patch: |\n          - op: add\n            path: /spec/template/spec/containers/0/args/-\n            value: --requeue-dependency=5s\n        target:\n          kind: Deployment\n');
    const json = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(json.coldStart).toMatchObject({ requeueSeconds: 5, requeueSource: 'repository', requeueSettings: [{ seconds: 5, file: 'instance/ks/helm-values.yaml', line: 7, column: 41 }] });
  });

  it('order takes the dependency requeue from the repository\'s own --requeue-dependency, and says where; the flag wins; settings that disagree leave the default', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const patch = (value: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\npatches:\n  - patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: --requeue-dependency=${value}\n    target:\n      kind: Deployment\n`;
    const kustomizationObject = (name: string, dependsOn: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${dependsOn ? `  dependsOn:\n    - name: ${dependsOn}\n` : ''}`;
    write('clusters/prod/flux-system/kustomization.yaml', patch('5s'));
    write('clusters/prod/flux-system/sync.yaml', kustomizationObject('infra', ''));
    write('clusters/prod/apps.yaml', kustomizationObject('apps', 'infra'));
    for (const dir of ['infra', 'apps']) write(`${dir}/cm.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${dir}\n`);
    // Neither an example that Flux does not apply nor a commented-out line is a setting.
    write('docs/tuning.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: helm-controller\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args:\n            - --requeue-dependency=1m\n');
    write('clusters/prod/flux-system/sync.yaml', `${kustomizationObject('infra', '')}# previously: --requeue-dependency=2m\n`);
    const text = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(text.stdout).toContain("Cold start: 2 levels × 5 s dependency requeue (the repository's --requeue-dependency=5s at clusters/prod/flux-system/kustomization.yaml:9:37) = 10 s, if every level waited a requeue; in fact the last object starts at least 5 s in (a requeue for each dependsOn wait on the way, none for what an applier creates)");
    const json = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(json.coldStart).toMatchObject({ requeueSeconds: 5, requeueSource: 'repository', floorSeconds: 10, leastStartSeconds: 5,
      requeueSettings: [{ seconds: 5, file: 'clusters/prod/flux-system/kustomization.yaml', line: 9, column: 37 }] });
    const flagged = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json', '--requeue-interval', '1m'], { cwd: repository })).stdout);
    expect(flagged.coldStart).toMatchObject({ requeueSeconds: 60, requeueSource: 'flag', floorSeconds: 120, leastStartSeconds: 60 });
    // fluxcd/flux2-hub-spoke-example: gotk-sync.yaml is a stub until flux bootstrap writes it; the patched
    // flux-system/kustomization.yaml sits in the directory the cluster syncs (that of its root Kustomizations).
    const hub = temporaryDirectory();
    mkdirSync(join(hub, 'hub/flux-system'), { recursive: true });
    writeFileSync(join(hub, 'hub/flux-system/kustomization.yaml'), patch('5s').replace('sync.yaml', 'gotk-sync.yaml'));
    writeFileSync(join(hub, 'hub/flux-system/gotk-sync.yaml'), '# This file will be generated automatically by flux bootstrap.\n');
    writeFileSync(join(hub, 'hub/infra.yaml'), kustomizationObject('infra', ''));
    mkdirSync(join(hub, 'infra'));
    writeFileSync(join(hub, 'infra/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n');
    const hubPlan = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: hub })).stdout);
    expect(hubPlan.coldStart).toMatchObject({ requeueSeconds: 5, requeueSource: 'repository' });
    write('clusters/staging/flux-system/kustomization.yaml', patch('10s'));
    write('clusters/staging/flux-system/sync.yaml', kustomizationObject('staging', ''));
    write('staging/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: staging\n');
    const disagreeing = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(disagreeing.stdout).toContain('Cold start: 2 levels × 30 s dependency requeue (the default: the repository sets --requeue-dependency to 5s at clusters/prod/flux-system/kustomization.yaml:9:37 and 10s at clusters/staging/flux-system/kustomization.yaml:9:37; pass --requeue-interval to choose) = 1 min, if every level waited a requeue; in fact the last object starts at least 30 s in (a requeue for each dependsOn wait on the way, none for what an applier creates)');
  });

  it('order refuses what it would ignore: --requeue-interval for a kit (no cold-start estimate there), --slot-label in a repository without one', async () => {
    const kit = await runCli(['order', '--root', fixture('sovereign'), '--requeue-interval', '5s'], { cwd: root });
    expect(kit.stderr).toBe("error: --requeue-interval prices the cold-start estimate of the repository audit; a bootstrap kit's order has none — drop --requeue-interval here\n");
    expect(kit.code).toBe(3);
    // Every command alike (a trial's probe: check, graph and explain took it and ignored it).
    for (const command of [['order'], ['check'], ['check', '--all-clusters'], ['graph'], ['explain', 'podinfo']]) {
      const label = await runCli([...command, '--root', root, '--slot-label', 'x'], { cwd: root });
      expect(label.stderr).toBe('error: --slot-label names the slot label of a bootstrap kit, and this repository has none — drop --slot-label, or pass --kit-dir the kit\n');
      expect(label.code).toBe(3);
    }
    // The default typed is what every run has: accepted by every command alike (a review's probe: check refused it).
    for (const command of [['order'], ['check'], ['graph'], ['explain', 'podinfo']]) {
      expect((await runCli([...command, '--root', root, '--slot-label', 'catalyst.openova.io/slot'], { cwd: root })).code).not.toBe(3);
    }
    const json = await runCli(['check', '--root', root, '--slot-label', 'x', '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 3, findings: [{ rule: 'input/usage' }] });
    // A config file's slotLabel is a standing setting for the kits it may find, not a typed option: no refusal.
    const configured = copyFixture(root);
    writeFileSync(join(configured, 'bootstrap-deps.config.yaml'), 'slotLabel: example.org/slot\n');
    expect((await runCli(['check', '--root', '.'], { cwd: configured })).code).not.toBe(3);
  });

  it('check --all-clusters (what the hook and the Action pass) in a repository without kits keeps the config file\'s rule settings', async () => {
    // Found beside the trial's --slot-label probe: the repository audit that --all-clusters falls back to dropped them.
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    write('clusters/main/ks.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n'));
    write('apps/hr.yaml', helmReleaseText('web'));
    write('bootstrap-deps.config.yaml', 'rules:\n  dependsOn/unknown-target: off\n');
    for (const args of [['check'], ['check', '--all-clusters']]) {
      const run = await runCli([...args, '--root', '.', '--format', 'json'], { cwd: repository });
      expect(JSON.parse(run.stdout).findings).toEqual([]);
      expect(run.code).toBe(0);
    }
  });

  // A trial's probe: order printed a schedule and a cold-start estimate for a graph that never finishes, without a word.
  it('order warns of a deadlock through a wait, which its levels place as if it finished: stderr and JSON deadlocks, exit 0', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    write('clusters/main/ks.yaml', [kustomizationText('infra', './infra', '  wait: true\n'), kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n')].join('---\n'));
    write('infra/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ingress\n  namespace: net\nspec:\n  interval: 1h\n  dependsOn:\n    - name: db\n      namespace: data\n  chart:\n    spec:\n      chart: ingress\n');
    write('apps/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: db\n  namespace: data\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: db\n');
    const text = await runCli(['order', '--root', '.'], { cwd: repository });
    expect(text.stderr).toMatch(/^warning: clusters\/main\/ks\.yaml:\d+:\d+ deadlock: Kustomization flux-system\/infra has wait: true, .* — the levels and the estimate assume it finishes; check reports it \(dependsOn\/wait-deadlock\)\n$/);
    expect(text.code).toBe(0);
    const json = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    const { deadlocks } = JSON.parse(json.stdout) as { deadlocks: { message: string; file: string }[] };
    expect(deadlocks).toHaveLength(1);
    expect(deadlocks[0]).toMatchObject({ file: 'clusters/main/ks.yaml' });
    expect(deadlocks[0]!.message).toMatch(/^deadlock: /);
    // explain lists the deadlock on every object of the loop, not only where it is located (a trial's probe:
    // mcfio/home-cluster's cloudflare-tunnel loop said "findings none" on two of its three objects).
    for (const object of ['infra', 'apps', 'ingress', 'db']) {
      const explained = JSON.parse((await runCli(['explain', object, '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
      expect(explained.findings).toEqual([expect.stringMatching(/^dependsOn\/wait-deadlock clusters\/main\/ks\.yaml:\d+ deadlock: /)]);
    }
    // Without the loop, no warning and no field.
    write('infra/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ingress\n  namespace: net\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ingress\n');
    const clean = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository });
    expect(clean.stderr).toBe('');
    expect(JSON.parse(clean.stdout)).not.toHaveProperty('deadlocks');
  });

  it('order exits 2 with the cycle', async () => {
    const cyclic = fixture('repositories', 'home-ops');
    const { code, stderr } = await runCli(['order', '--root', cyclic], { cwd: cyclic });
    expect(stderr).toBe('error: dependency cycle: Kustomization media/plex → Kustomization media/sonarr → Kustomization media/radarr → Kustomization media/plex — remove one of these dependencies; install order is undefined until then\n');
    expect(code).toBe(2);
  });

  it('with a cycle, order still prints what it can place and names the rest; explain exits 2 only for what the cycle holds', async () => {
    const cyclic = fixture('repositories', 'home-ops');
    const text = await runCli(['order', '--root', '.'], { cwd: cyclic });
    // What the cycle's Kustomizations apply waits for them: not placed either (it was placed at level 0 by dependsOn alone).
    expect(text.stdout).toContain('Not placed (on a cycle, or waiting for one): HelmRelease media/overseerr, HelmRelease media/plex, HelmRelease media/radarr, HelmRelease media/sonarr, Kustomization media/overseerr, Kustomization media/plex, Kustomization media/radarr, Kustomization media/sonarr\n');
    const plan = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: cyclic })).stdout);
    expect(plan.unplaced).toEqual([
      'HelmRelease/media/overseerr', 'HelmRelease/media/plex', 'HelmRelease/media/radarr', 'HelmRelease/media/sonarr',
      'Kustomization/media/overseerr', 'Kustomization/media/plex', 'Kustomization/media/radarr', 'Kustomization/media/sonarr',
    ]);
    // Far from the cycle, the order is as without it: the applies edges and the waits place what a root applies after it.
    expect(plan.levels[0]).toEqual(['Kustomization/flux-system/cluster-apps']);
    expect(plan.levels[1]).toContain('Kustomization/cert-manager/cert-manager');
    expect((await runCli(['explain', 'Kustomization/media/plex', '--root', '.'], { cwd: cyclic })).code).toBe(2);
    const certManager = await runCli(['explain', 'Kustomization/cert-manager/cert-manager', '--root', '.', '--format', 'json'], { cwd: cyclic });
    expect(certManager.code).toBe(0);
    expect(JSON.parse(certManager.stdout).installLevel).toBe(1);
    // echo depends on external-dnss, which does not exist (dependsOn/unknown-target): Flux holds it for ever, so it
    // is never installed, not placed (a trial's probe: it had level 1), and that is no cycle's doing (exit 0).
    expect(plan.neverInstalled).toContain('Kustomization/network/echo');
    const echo = await runCli(['explain', 'Kustomization/network/echo', '--root', '.', '--format', 'json'], { cwd: cyclic });
    expect(echo.code).toBe(0);
    expect(JSON.parse(echo.stdout)).toMatchObject({ installLevel: null, neverInstalled: true });
  });

  // A trial's probe (cryptophys-work/platform-gitops): flux-system is applied again by a child of its own (flux, applying
  // clusters/prod/flux-system), so nothing outside the loop applies it; a stale Kustomization elsewhere, nothing
  // applying it either, was taken for the only entry point, and the whole cluster for never deployed (a false PASS).
  it('a bootstrap root that a child of its own applies again is an entry point beside a stale Kustomization', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    writeBootstrap(write, 'clusters/prod');
    write('clusters/prod/kustomization.yaml', 'resources:\n  - ks/flux.yaml\n  - ks/apps.yaml\n');
    write('clusters/prod/ks/flux.yaml', kustomizationText('flux', './clusters/prod/flux-system'));
    write('clusters/prod/ks/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra-typo\n'));
    write('apps/cm.yaml', configMapText('apps'));
    write('archive/old.yaml', kustomizationText('old', './policies', '', 'policies'));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}`)).toContain('dependsOn/unknown-target@clusters/prod/ks/apps.yaml:14');
    // The root, its tree and the loop back to it; the stale one is an archive beside the cluster, never deployed.
    expect(report.flux!.objects.Kustomization).toBe(3);
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect(order.levels.flat()).toContain('Kustomization/flux-system/flux-system');
    expect(result.code).toBe(1);
  });

  // A trial's probe: a shared base's apps depends on monitoring, which only staging applies; check said production's apps
  // waits for ever, while order placed apps and web (which waits for apps) without a word about production.
  it('order and explain name the clusters where a placed object is never installed', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['production', 'staging']) {
      writeBootstrap(write, `clusters/${cluster}`);
      write(`clusters/${cluster}/kustomization.yaml`, `resources:\n  - flux-system\n  - ../../base\n${cluster === 'staging' ? '  - monitoring.yaml\n' : ''}`);
    }
    write('clusters/staging/monitoring.yaml', kustomizationText('monitoring', './monitoring'));
    write('base/apps.yaml', [kustomizationText('apps', './apps', '  dependsOn:\n    - name: monitoring\n'), kustomizationText('web', './web', '  dependsOn:\n    - name: apps\n')].join('---\n'));
    write('base/kustomization.yaml', 'resources:\n  - apps.yaml\n');
    for (const name of ['apps', 'web', 'monitoring']) write(`${name}/cm.yaml`, configMapText(name));
    // (What apps applies is never created there either: a review's probe.)
    write('apps/hr.yaml', helmReleaseText('podinfo'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalledIn?: unknown };
    expect(plan.levels.flat()).toContain('Kustomization/flux-system/web');
    expect(plan.neverInstalledIn).toEqual([
      { object: 'HelmRelease/default/podinfo', clusters: ['clusters/production/flux-system'] },
      { object: 'Kustomization/flux-system/apps', clusters: ['clusters/production/flux-system'] },
      { object: 'Kustomization/flux-system/web', clusters: ['clusters/production/flux-system'] },
    ]);
    const text = await runCli(['order', '--root', root], { cwd: root });
    expect(text.stdout).toContain('\nNever installed in some clusters (placed above for the others; there it is suspended or fails, depends, or waits for what depends, on what that cluster never has, or only such objects apply it): HelmRelease default/podinfo (in the cluster of clusters/production/flux-system), Kustomization flux-system/apps (in the cluster of clusters/production/flux-system), Kustomization flux-system/web (in the cluster of clusters/production/flux-system)\n');
    const explained = await runCli(['explain', 'Kustomization/flux-system/web', '--root', root], { cwd: root });
    expect(explained.stdout).toContain('  install level    3 (levels run 0 to 3, as order prints them); never installed in the cluster of clusters/production/flux-system: there it is suspended or fails, depends, or waits for what depends, on what that cluster never has, or only such objects apply it\n');
    const monitoring = JSON.parse((await runCli(['explain', 'Kustomization/flux-system/monitoring', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalledIn: string[] };
    expect(monitoring.neverInstalledIn).toEqual([]);
  });

  // A new-user trial's probe (DecentM/fleet-infra): each cluster writes its own apps; staging's waits for an
  // infrastructure whose build fails, production's for its own layer2. order called apps, and the HelmRelease it
  // applies, never installed, and explain named no cluster; production installs them.
  it('one cluster\'s copy held for ever does not hold another cluster\'s: order and explain name the cluster it is held in', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['production', 'staging']) writeBootstrap(write, `clusters/${cluster}`);
    write('clusters/production/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: layer2\n'));
    write('clusters/production/infra.yaml', kustomizationText('layer2', './infra/production', '  wait: true\n'));
    write('clusters/staging/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infrastructure\n'));
    write('clusters/staging/infra.yaml', kustomizationText('infrastructure', './infra/staging', '  wait: true\n'));
    write('infra/production/cm.yaml', configMapText('layer2'));
    write('infra/staging/kustomization.yaml', 'resources:\n  - ../base/removed\n');
    write('apps/hr.yaml', helmReleaseText('podinfo'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(plan.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/layer2'], ['Kustomization/flux-system/apps'], ['HelmRelease/default/podinfo']]);
    expect(plan.neverInstalled).toEqual(['Kustomization/flux-system/infrastructure']);
    expect(plan.neverInstalledIn).toEqual([
      { object: 'HelmRelease/default/podinfo', clusters: ['clusters/staging/flux-system'] },
      { object: 'Kustomization/flux-system/apps', clusters: ['clusters/staging/flux-system'] },
    ]);
    const apps = JSON.parse((await runCli(['explain', 'Kustomization/flux-system/apps', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { installLevel: number | null; neverInstalledIn: string[] };
    expect(apps).toMatchObject({ installLevel: 2, neverInstalledIn: ['clusters/staging/flux-system'] });

    // And where staging's own sync fails to build (apps written twice there), what only it applies is never created:
    // infrastructure had an install level.
    write('clusters/staging/apps-copy.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infrastructure\n'));
    write('infra/staging/kustomization.yaml', 'resources:\n  - ../production/cm.yaml\n');
    const broken = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(broken.levels).toEqual(plan.levels);
    expect(broken.neverInstalled).toEqual(['Kustomization/flux-system/infrastructure']);
    expect(broken.neverInstalledIn).toEqual([
      { object: 'HelmRelease/default/podinfo', clusters: ['clusters/staging/flux-system'] },
      { object: 'Kustomization/flux-system/apps', clusters: ['clusters/staging/flux-system'] },
      { object: 'Kustomization/flux-system/flux-system', clusters: ['clusters/staging/flux-system'] },
    ]);
  });

  // A review's probe: staging's own infrastructure is suspended, production's runs; each cluster's apps depends on it.
  // Staging's apps (and what it applies) waits for ever there, and was placed without a word.
  it('a copy suspended in one cluster only holds what depends on it there, and is named for that cluster', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['production', 'staging']) {
      writeBootstrap(write, `clusters/${cluster}`);
      write(`clusters/${cluster}/apps.yaml`, kustomizationText('apps', './apps', '  dependsOn:\n    - name: infrastructure\n'));
      write(`clusters/${cluster}/infra.yaml`, kustomizationText('infrastructure', './infra', cluster === 'staging' ? '  suspend: true\n' : ''));
    }
    write('infra/cm.yaml', configMapText('infrastructure'));
    write('apps/hr.yaml', helmReleaseText('podinfo'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(plan.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/infrastructure'], ['Kustomization/flux-system/apps'], ['HelmRelease/default/podinfo']]);
    expect(plan.neverInstalled).toBeUndefined();
    expect(plan.neverInstalledIn).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/infrastructure'].map((object) => ({ object, clusters: ['clusters/staging/flux-system'] })));
    // Suspended in both: never installed anywhere, as before.
    write('clusters/production/infra.yaml', kustomizationText('infrastructure', './infra', '  suspend: true\n'));
    const both = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(both.neverInstalled).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/infrastructure']);
    expect(both.neverInstalledIn).toBeUndefined();
  });

  // A review's probe (helper 132): staging's base is suspended, so staging's db (which depends on it) is held there, and
  // staging's infra, whose health check waits for db, is never Ready there: staging's apps, which depends on infra,
  // is held there too. With production's apps held as well (it depends on a suspended gate), apps installs nowhere.
  it('a copy held in its cluster is never Ready there: what health-checks it, and what depends on that, is held there', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const healthCheck = (name: string) => `  healthChecks:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: ${name}\n      namespace: flux-system\n`;
    for (const cluster of ['production', 'staging']) {
      writeBootstrap(write, `clusters/${cluster}`);
      write(`clusters/${cluster}/base.yaml`, kustomizationText('base', './base', cluster === 'staging' ? '  suspend: true\n' : ''));
      write(`clusters/${cluster}/db.yaml`, kustomizationText('db', './db', '  dependsOn:\n    - name: base\n'));
      write(`clusters/${cluster}/infra.yaml`, kustomizationText('infra', './infra', healthCheck('db')));
      write(`clusters/${cluster}/apps.yaml`, kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n'));
    }
    for (const name of ['base', 'db', 'infra']) write(`${name}/cm.yaml`, configMapText(name));
    write('apps/hr.yaml', helmReleaseText('podinfo'));
    const order = async () => JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: { object: string; clusters: string[] }[] };
    const held = await order();
    expect(held.neverInstalled).toBeUndefined();
    expect(held.neverInstalledIn?.map((entry) => `${entry.object} ${entry.clusters.join(' ')}`)).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/base', 'Kustomization/flux-system/db']
      .map((object) => `${object} clusters/staging/flux-system`));
    // A health check of the suspended copy itself passes: a suspended object never gets a status (see neverReconciled).
    write('clusters/staging/infra.yaml', kustomizationText('infra', './infra', healthCheck('base')));
    expect((await order()).neverInstalledIn?.map((entry) => entry.object)).toEqual(['Kustomization/flux-system/base', 'Kustomization/flux-system/db']);
    write('clusters/staging/infra.yaml', kustomizationText('infra', './infra', healthCheck('db')));
    write('clusters/production/gate.yaml', kustomizationText('gate', './base', '  suspend: true\n'));
    write('clusters/production/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n    - name: gate\n'));
    const nowhere = await order();
    expect(nowhere.neverInstalled).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/gate']);
    expect(nowhere.levels.flat()).not.toContain('Kustomization/flux-system/apps');
  });

  // A review's probe (helper 133): staging writes redis twice, once under a Kustomization held there, once under a live
  // one: redis is created there, and what depends on it is not held (redis, and its dependent, were named for staging).
  it('an object a held Kustomization applies is not held where a live one of that cluster applies it too', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['production', 'staging']) {
      writeBootstrap(write, `clusters/${cluster}`);
      write(`clusters/${cluster}/held.yaml`, kustomizationText('held', './held', cluster === 'staging' ? '  dependsOn:\n    - name: gate\n' : ''));
      write(`clusters/${cluster}/live.yaml`, kustomizationText('live', './live'));
    }
    write('clusters/staging/gate.yaml', kustomizationText('gate', './gate', '  suspend: true\n'));
    write('gate/cm.yaml', configMapText('gate'));
    write('held/redis.yaml', helmReleaseText('redis'));
    write('live/redis.yaml', helmReleaseText('redis'));
    write('live/web.yaml', helmReleaseText('web').replace('  chart:', '  dependsOn:\n    - name: redis\n  chart:'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled?: string[]; neverInstalledIn?: { object: string; clusters: string[] }[] };
    expect(plan.neverInstalled).toEqual(['Kustomization/flux-system/gate']);
    expect(plan.neverInstalledIn).toEqual([{ object: 'Kustomization/flux-system/held', clusters: ['clusters/staging/flux-system'] }]);
  });

  // A review's probe: staging's infrastructure health-checks a HelmRelease held for ever, so it is never Ready there;
  // production's, Ready. Production's apps waits for it, staging's for nothing: both install, and no cluster is named
  // (one copy's wait made the id never Ready, and production's apps was said held in production).
  it('a target never Ready through one copy\'s wait holds its dependents in that copy\'s cluster only', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['production', 'staging']) writeBootstrap(write, `clusters/${cluster}`);
    write('clusters/production/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infrastructure\n'));
    write('clusters/production/infra.yaml', kustomizationText('infrastructure', './infra/production', '  wait: true\n'));
    write('clusters/staging/apps.yaml', kustomizationText('apps', './apps'));
    write('clusters/staging/infra.yaml', kustomizationText('infrastructure', './infra/staging', '  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: redis\n      namespace: default\n'));
    write('infra/production/cm.yaml', configMapText('infrastructure'));
    write('infra/staging/redis.yaml', helmReleaseText('redis').replace('  chart:', '  dependsOn:\n    - name: nothere\n  chart:'));
    write('apps/hr.yaml', helmReleaseText('podinfo'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(plan.levels.flat()).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'HelmRelease/default/podinfo']));
    expect(plan.neverInstalled).toEqual(['HelmRelease/default/redis']);
    expect(plan.neverInstalledIn).toBeUndefined();
    // Staging's apps waiting for it too: held there, and there only (both were called never installed anywhere).
    write('clusters/staging/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: infrastructure\n'));
    const both = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[]; neverInstalledIn?: unknown };
    expect(both.levels).toEqual(plan.levels);
    expect(both.neverInstalled).toEqual(['HelmRelease/default/redis']);
    expect(both.neverInstalledIn).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps'].map((object) => ({ object, clusters: ['clusters/staging/flux-system'] })));
    // And through a health check of that copy: staging's platform waits for staging's infrastructure, never Ready.
    write('clusters/staging/platform.yaml', kustomizationText('platform', './platform', '  healthChecks:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: infrastructure\n      namespace: flux-system\n'));
    write('platform/cm.yaml', configMapText('platform'));
    write('clusters/staging/apps.yaml', kustomizationText('apps', './apps', '  dependsOn:\n    - name: platform\n'));
    const through = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalledIn?: unknown };
    expect(through.neverInstalledIn).toEqual(['HelmRelease/default/podinfo', 'Kustomization/flux-system/apps'].map((object) => ({ object, clusters: ['clusters/staging/flux-system'] })));
  });

  // A trial's probe (controlplaneio-fluxcd/d1-fleet's shape): each cluster writes its own consumer; prod's depends on
  // update-policies, which only staging applies. check said so; order placed consumer without a word.
  it('order names the cluster whose own copy depends on what only another cluster has', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['prod', 'staging']) {
      write(`clusters/${cluster}/flux-system.yaml`, kustomizationText('flux-system', `./clusters/${cluster}`));
      write(`clusters/${cluster}/consumer.yaml`, kustomizationText('consumer', './apps', cluster === 'prod' ? '  dependsOn:\n    - name: update-policies\n' : ''));
    }
    write('clusters/staging/update.yaml', kustomizationText('update-policies', './apps'));
    write('apps/cm.yaml', configMapText('apps'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalledIn?: unknown };
    expect(plan.levels.flat()).toContain('Kustomization/flux-system/consumer');
    expect(plan.neverInstalledIn).toEqual([{ object: 'Kustomization/flux-system/consumer', clusters: ['clusters/prod'] }]);
  });

  // A trial's probe (makkes/flux-mc-control-plane): apps depends on gatekeeper-constraints, which the branch common holds;
  // the audit said Flux holds apps for ever, and order listed it as never installed.
  it('a target that a Kustomization of an unread source may apply is a warning, and holds nothing back', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('constraints', './gatekeeper', '', 'common').replace('kind: GitRepository', 'kind: OCIRepository'),
      kustomizationText('apps', './apps', '  dependsOn:\n    - name: gatekeeper-constraints\n'),
    ]);
    write('apps/cm.yaml', configMapText('apps'));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.file}:${finding.line}:${finding.column}`))
      .toEqual(['dependsOn/unread-target warning clusters/prod/apps.yaml:27:7']);
    expect(result.code).toBe(0);
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(plan.neverInstalled).toBeUndefined();
    expect(plan.levels.flat()).toContain('Kustomization/flux-system/apps');
    const explained = await runCli(['explain', 'Kustomization/flux-system/apps', '--root', root], { cwd: root });
    expect(explained.stdout).toContain('    unresolved     Kustomization flux-system/gatekeeper-constraints (not in this repository; may be in what Kustomization flux-system/constraints applies from a source not read here)\n');
  });

  // A trial's probe (baloz/flux-fleet): check said db's path is not found and what depends on db waits for ever, while
  // order placed db, web and web's release, with a cold-start chain through them.
  it('a Kustomization whose spec.path the source does not hold is never installed, nor what waits for it', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('db', './apps/dbx', '  wait: true\n'),
      kustomizationText('web', './apps/web', '  dependsOn:\n    - name: db\n'),
    ]);
    write('apps/db/hr.yaml', helmReleaseText('db'));
    write('apps/web/hr.yaml', helmReleaseText('web'));
    const json = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const plan = JSON.parse(json.stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(plan.neverInstalled).toEqual(['HelmRelease/default/web', 'Kustomization/flux-system/db', 'Kustomization/flux-system/web']);
    expect(plan.levels.flat()).not.toContain('Kustomization/flux-system/db');
    const explained = await runCli(['explain', 'Kustomization/flux-system/db', '--root', root], { cwd: root });
    expect(explained.stdout).toContain('  install level    none (its spec.path is not in the source (kustomization/path-not-found): never Ready, and it applies nothing: never installed on a cold start)\n');
    // With no Kustomization of the source finding its path, the root is the doubt (check says to pass --root): placed as before.
    const wrongRoot = temporaryDirectory();
    fileWriter(wrongRoot)('flux/apps.yaml', [kustomizationText('flux-system', './kubernetes/flux'), kustomizationText('db', './kubernetes/apps/db')].join('---\n'));
    const placed = JSON.parse((await runCli(['order', '--root', wrongRoot, '--format', 'json'], { cwd: wrongRoot })).stdout) as { levels: string[][] };
    expect(placed.levels.flat()).toContain('Kustomization/flux-system/db');
    // Unless the root is the repository's top (a .git there): spec.path is relative to it, so every path is missing, as
    // check says (a trial's probe, opencenter-cloud/openCenter-gitops-base's examples/: order placed what check said
    // waits for ever).
    mkdirSync(join(wrongRoot, '.git'));
    const atTop = JSON.parse((await runCli(['order', '--root', wrongRoot, '--format', 'json'], { cwd: wrongRoot })).stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(atTop.neverInstalled).toEqual(['Kustomization/flux-system/db', 'Kustomization/flux-system/flux-system']);
    expect(atTop.levels.flat()).toEqual([]);
    // Not where flux-system's GitRepository is at another address than the checkout's remotes: another repository's
    // paths (a review's probe: a template repository syncing a customer's).
    fileWriter(wrongRoot)('.git/config', '[remote "origin"]\n\turl = https://github.com/acme/fleet-template\n');
    fileWriter(wrongRoot)('flux/source.yaml', gitRepositoryText('flux-system', 'https://github.com/acme/customer-config'));
    const elsewhere = JSON.parse((await runCli(['order', '--root', wrongRoot, '--format', 'json'], { cwd: wrongRoot })).stdout) as { levels: string[][] };
    expect(elsewhere.levels.flat()).toContain('Kustomization/flux-system/db');
    fileWriter(wrongRoot)('.git/config', '[remote "origin"]\n\turl = git@github.com:acme/customer-config.git\n');
    const same = JSON.parse((await runCli(['order', '--root', wrongRoot, '--format', 'json'], { cwd: wrongRoot })).stdout) as { levels: string[][] };
    expect(same.levels.flat()).toEqual([]);
    // One repository at two addresses (Azure DevOps's ssh and https forms): the same repository, by its name.
    fileWriter(wrongRoot)('flux/source.yaml', gitRepositoryText('flux-system', 'ssh://git@ssh.dev.azure.com/v3/acme/platform/customer-config'));
    fileWriter(wrongRoot)('.git/config', '[remote "origin"]\n\turl = https://acme@dev.azure.com/acme/platform/_git/customer-config\n');
    const azure = JSON.parse((await runCli(['order', '--root', wrongRoot, '--format', 'json'], { cwd: wrongRoot })).stdout) as { levels: string[][] };
    expect(azure.levels.flat()).toEqual([]);
    expect([json.code, explained.code]).toEqual([0, 0]);
  });

  // A trial's probe (OSable/infrastructure, wahooli/gitops-repo): a Kustomization that health-checks the Deployment its
  // HelmRelease installs is Ready only once that release is; what depends on it was ordered beside the release.
  it('a health check of a Deployment waits for the HelmReleases the Kustomization applies into its namespace', async () => {
    const healthCheck = (namespace: string) => `  healthChecks:\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: cert-manager\n      namespace: ${namespace}\n`;
    const { root, write } = bootstrapped([
      kustomizationText('cert-manager', './infra/cert-manager', healthCheck('cert-manager')),
      kustomizationText('issuers', './infra/issuers', '  dependsOn:\n    - name: cert-manager\n'),
    ]);
    write('infra/cert-manager/hr.yaml', helmReleaseText('cert-manager').replace('namespace: default', 'namespace: cert-manager'));
    write('infra/issuers/cm.yaml', configMapText('issuers'));
    const levels = async () => (JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] }).levels;
    expect(await levels()).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/cert-manager'],
      ['HelmRelease/cert-manager/cert-manager'], ['Kustomization/flux-system/issuers'],
    ]);
    // Nor does a release installed in another cluster (spec.kubeConfig): helm-controller puts its Deployment there.
    write('infra/cert-manager/hr.yaml', helmReleaseText('cert-manager').replace('namespace: default\nspec:\n', 'namespace: cert-manager\nspec:\n  kubeConfig:\n    secretRef:\n      name: edge\n'));
    expect((await levels()).at(-1)).toEqual(['HelmRelease/cert-manager/cert-manager', 'Kustomization/flux-system/issuers']);
    write('infra/cert-manager/hr.yaml', helmReleaseText('cert-manager').replace('namespace: default', 'namespace: cert-manager'));
    // A Deployment of a namespace none of its HelmReleases installs into says nothing of them.
    write('clusters/prod/apps.yaml', [kustomizationText('cert-manager', './infra/cert-manager', healthCheck('other')), kustomizationText('issuers', './infra/issuers', '  dependsOn:\n    - name: cert-manager\n')].join('---\n'));
    expect((await levels()).at(-1)).toEqual(['HelmRelease/cert-manager/cert-manager', 'Kustomization/flux-system/issuers']);
    // For the levels alone: which release makes a Deployment is not known, and where the guess would loop (a release of
    // that namespace waits for what waits for the Kustomization: a review's probe), no deadlock is claimed, nor any
    // object never installed; the levels go without the guess.
    write('clusters/prod/apps.yaml', [
      kustomizationText('infra', './infra/tools', healthCheck('tools')),
      kustomizationText('db', './infra/db', '  dependsOn:\n    - name: infra\n'),
    ].join('---\n'));
    write('infra/tools/hr.yaml', helmReleaseText('dashboard').replace('namespace: default\nspec:\n', 'namespace: tools\nspec:\n  dependsOn:\n    - name: postgres\n      namespace: db\n'));
    write('infra/db/hr.yaml', helmReleaseText('postgres').replace('namespace: default', 'namespace: db'));
    const { keys } = await audit(root);
    expect(keys).toEqual([]);
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(plan.neverInstalled ?? []).toEqual([]);
    expect(plan.levels.flat()).toContain('HelmRelease/tools/dashboard');
  });

  // A trial's probe (one edge added to osnabrugge/home-ops): with the dependsOn edges alone, one cycle anywhere put
  // every HelmRelease at level 0 beside the root that applies it, and what a waiting Kustomization waits for after it.
  it('with a cycle, what it leaves placeable is ordered as without it: after its applier, and after what a waiting dependency waits for', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('x', './apps/x', '  wait: true\n'), kustomizationText('y', './apps/y', '  dependsOn:\n    - name: x\n'),
      kustomizationText('a', './apps/a', '  dependsOn:\n    - name: b\n'), kustomizationText('b', './apps/b', '  dependsOn:\n    - name: a\n'),
    ]);
    for (const name of ['x', 'y', 'a', 'b']) write(`apps/${name}/hr.yaml`, helmReleaseText(name));
    const result = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const plan = JSON.parse(result.stdout) as { levels: string[][]; unplaced: string[] };
    expect(plan.levels).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/x'], ['HelmRelease/default/x'], ['Kustomization/flux-system/y'], ['HelmRelease/default/y'],
    ]);
    expect(plan.unplaced).toEqual(['HelmRelease/default/a', 'HelmRelease/default/b', 'Kustomization/flux-system/a', 'Kustomization/flux-system/b']);
    expect(result.code).toBe(2);
    const explained = await runCli(['explain', 'HelmRelease/default/y', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explained.stdout).installLevel).toBe(4);
  });

  // A trial's probe (fobiat/home-ops suspends its restore Kustomizations on purpose): they took a tenth level, and the
  // worst case ended in one of them, though a cold start never reconciles them or creates what they apply.
  it('what depends on an object the cluster never has is never installed, nor what waits for it; one a ResourceSet may generate is placed', async () => {
    // A trial's probe: check said "Flux holds web at DependencyNotReady for ever", and order placed web and frontend
    // on levels and in the estimate, and explain gave frontend a level.
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    const release = (name: string, dependsOn: string[]) => `${helmReleaseText(name)}${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : ''}`;
    write('clusters/main/ks.yaml', kustomizationText('apps', './apps'));
    write('apps/hr.yaml', [release('database', []), release('web', ['databse']), release('frontend', ['web']),
      // Another kind of that name (a Kustomization) is held alike: dependsOn/wrong-kind.
      release('worker', ['apps'])].join('---\n'));
    const { keys } = await audit(repository);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/hr.yaml:23:7', 'dependsOn/wrong-kind@apps/hr.yaml:49:7']);
    const order = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(order.levels).toEqual([['Kustomization/flux-system/apps'], ['HelmRelease/default/database']]);
    expect(order.neverInstalled).toEqual(['HelmRelease/default/frontend', 'HelmRelease/default/web', 'HelmRelease/default/worker']);
    const text = await runCli(['explain', 'web', '--root', '.'], { cwd: repository });
    expect(text.stdout).toContain('  install level    none (it depends on what the cluster never has (unresolved, below): Flux holds it at DependencyNotReady for ever: never installed on a cold start)\n');
    expect(text.stdout).toContain('    unresolved     HelmRelease default/databse (no such object here)\n');
    const frontend = await runCli(['explain', 'frontend', '--root', '.', '--format', 'json'], { cwd: repository });
    expect(JSON.parse(frontend.stdout)).toMatchObject({ installLevel: null, neverInstalled: true });
    // Held through what it waits for, its own items all found: named, not "unresolved, below" (a trial's probe).
    expect((await runCli(['explain', 'frontend', '--root', '.'], { cwd: repository })).stdout).toContain('  install level    none (it waits for HelmRelease default/web, which a cold start never installs (explain says why): Flux holds it at DependencyNotReady for ever: never installed on a cold start)\n');
    expect(frontend.code).toBe(0);
    // A name a ResourceSet's template can give may exist on the cluster (no finding): placed, as before.
    write('clusters/main/rset.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: dbs\n  namespace: flux-system\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: dbs\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: datab<< inputs.suffix >>\n        namespace: default\n      spec:\n        interval: 1h\n');
    const open = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(open.neverInstalled).toEqual(['HelmRelease/default/worker']);
    expect(open.levels.flat()).toEqual(expect.arrayContaining(['HelmRelease/default/web', 'HelmRelease/default/frontend']));
  });

  it('a target a ResourceSet template may give holds nothing back, whatever the item says of it; a ResourceSet item with a readyExpr but no ready waits only for existence', async () => {
    // A review's probes: a wrong-kind item whose name a template can give was held for ever (a missing one was not);
    // and flux-operator evaluates a readyExpr only with ready: true, so without it the item waits for the object to
    // exist, which an object only a suspended Kustomization applies never does.
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    write('clusters/main/ks.yaml', kustomizationText('apps', './apps'));
    write('clusters/main/rset.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: releases\n  namespace: default\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: releases\n  resources:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: << inputs.name >>\n        namespace: default\n      spec:\n        interval: 1h\n');
    write('apps/hr.yaml', `${helmReleaseText('web')}  dependsOn:\n    - name: podinfo\n`);
    write('apps/podinfo.yaml', kustomizationText('podinfo', './podinfo').replace('namespace: flux-system', 'namespace: default'));
    write('podinfo/cm.yaml', configMapText('podinfo'));
    const order = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(order.neverInstalled ?? []).toEqual([]);
    expect(order.levels.flat()).toContain('HelmRelease/default/web');
    const parked = temporaryDirectory();
    const put = fileWriter(parked);
    put('clusters/main/ks.yaml', [kustomizationText('parked', './inner', '  suspend: true\n'), kustomizationText('apps', './apps')].join('---\n'));
    put('inner/ks.yaml', kustomizationText('inner', './x'));
    put('apps/rset.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: inner\n      namespace: flux-system\n      readyExpr: "true"\n  resources: []\n');
    const held = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: parked })).stdout);
    expect(held.neverInstalled).toEqual(['Kustomization/flux-system/inner', 'Kustomization/flux-system/parked', 'ResourceSet/flux-system/rs']);
    // A ResourceSet item without namespace is looked up as written: no namespaced object is found, whatever a template
    // gives (a second review's probe: excused, while check reported it).
    write('apps/nons.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: nons\n  namespace: default\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: web\n      ready: true\n  resources: []\n');
    const nons = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: repository })).stdout);
    expect(nons.neverInstalled).toEqual(['ResourceSet/default/nons']);
  });

  it('what a cold start never reconciles is in no level and out of the estimate: the suspended, what waits for them, what only they apply', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('app', './apps/app', '  wait: true\n  timeout: 5m\n'),
      kustomizationText('restore', './apps/restore', '  suspend: true\n  wait: true\n  timeout: 30m\n  dependsOn:\n    - name: app\n'),
      kustomizationText('after-restore', './apps/after', '  dependsOn:\n    - name: restore\n'),
      kustomizationText('shared', './apps/shared'),
    ]);
    write('apps/app/hr.yaml', helmReleaseText('app'));
    write('apps/restore/hr.yaml', helmReleaseText('restore-job'));
    write('apps/restore/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - hr.yaml\n  - ../shared/hr.yaml\n');
    write('apps/after/hr.yaml', helmReleaseText('after'));
    // Applied by the suspended restore and by shared: shared creates it.
    write('apps/shared/hr.yaml', helmReleaseText('both'));
    const result = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const plan = JSON.parse(result.stdout) as { levels: string[][]; neverInstalled: string[]; coldStart: { worstCaseSeconds: number } };
    expect(plan.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/app', 'Kustomization/flux-system/shared'],
      ['HelmRelease/default/app', 'HelmRelease/default/both'],
    ]);
    expect(plan.neverInstalled).toEqual(['HelmRelease/default/after', 'HelmRelease/default/restore-job', 'Kustomization/flux-system/after-restore', 'Kustomization/flux-system/restore']);
    expect(plan.coldStart.worstCaseSeconds).toBe(300);
    expect(result.code).toBe(0);
    const text = await runCli(['order', '--root', root], { cwd: root });
    expect(text.stdout).toContain('\nNever installed on a cold start (suspended, left out of its applier\'s apply, failing to build or apply, its path not found, or depending on what does not exist; or waiting for what is, or applied only by it): HelmRelease default/after, HelmRelease default/restore-job, Kustomization flux-system/after-restore, Kustomization flux-system/restore\n');
    expect(text.stdout).toContain('\nTeardown order (the reverse: what nothing waits on goes first; what is never installed, above, is not in it)\n');
    const explained = await runCli(['explain', 'Kustomization/flux-system/restore', '--root', root], { cwd: root });
    expect(explained.stdout).toContain('  install level    none (suspended: never installed on a cold start)\n');
    expect(explained.code).toBe(0);
    const waiting = await runCli(['explain', 'Kustomization/flux-system/after-restore', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(waiting.stdout)).toMatchObject({ installLevel: null, neverInstalled: true, inCycle: false });
    expect(waiting.code).toBe(0);
  });

  // A trial's probe (mak011p/k8s-gitops-hayden's volsync): a Kustomization with wait: true that applies a suspended
  // HelmRelease held what depended on it, as never installed. kstatus (fluxcd/cli-utils status.Compute) calls an object
  // without conditions Current, and a suspended one gets none on a fresh cluster: the wait passes. One held at
  // DependencyNotReady reports Ready=False, in progress: that wait never passes.
  it('a Kustomization that waits for a suspended object it applies is Ready all the same; one that waits for an object held at a dependency is not', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('volsync', './apps/volsync', '  wait: true\n'),
      kustomizationText('maintenance', './apps/maintenance', '  dependsOn:\n    - name: volsync\n'),
    ]);
    write('apps/volsync/hr.yaml', `${helmReleaseText('volsync')}  suspend: true\n`);
    write('apps/volsync/cm.yaml', configMapText('volsync'));
    write('apps/maintenance/cm.yaml', configMapText('maintenance'));
    const plan = async () => JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(await plan()).toMatchObject({
      levels: [['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/volsync'], ['Kustomization/flux-system/maintenance']],
      neverInstalled: ['HelmRelease/default/volsync'],
    });
    // The release now depends on a suspended one: it reconciles, and stays at DependencyNotReady (Ready=False).
    write('apps/volsync/hr.yaml', `${helmReleaseText('volsync')}  dependsOn:\n    - name: paused\n---\n${helmReleaseText('paused')}  suspend: true\n`);
    // (volsync itself applies: it is reconciled, and never Ready.)
    expect((await plan()).neverInstalled).toEqual(['HelmRelease/default/paused', 'HelmRelease/default/volsync', 'Kustomization/flux-system/maintenance']);
  });

  // A review's probes of the same reading: healthChecks naming a suspended object that nothing creates is not found,
  // and holds; a ResourceSet's ready: true item is judged by kstatus, which a suspended release passes; a readyExpr
  // that reads spec may be false for ever (`!dep.spec.suspend`), and is not taken for a wait for existence.
  it('kstatus waits: a suspended object never created holds a health check; a ResourceSet ready: true item passes a suspended release', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('parked', './apps/parked', '  suspend: true\n'),
      kustomizationText('infra', './apps/infra', '  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: db\n      namespace: default\n'),
      kustomizationText('apps', './apps/apps', '  dependsOn:\n    - name: infra\n'),
      kustomizationText('restore', './apps/restore', '  suspend: true\n'),
      kustomizationText('after', './apps/after', '  dependsOn:\n    - name: restore\n      readyExpr: "!dep.spec.suspend"\n'),
    ]);
    write('apps/parked/db.yaml', `${helmReleaseText('db')}  suspend: true\n`);
    for (const name of ['infra', 'apps', 'restore', 'after']) write(`apps/${name}/cm.yaml`, configMapText(name));
    write('clusters/prod/paused.yaml', `${helmReleaseText('paused')}  suspend: true\n`);
    write('clusters/prod/rs.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: rs\n  namespace: default\nspec:\n  dependsOn:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: paused\n      namespace: default\n      ready: true\n  resources: []\n');
    write('clusters/prod/kustomization.yaml', 'resources:\n  - flux-system.yaml\n  - apps.yaml\n  - paused.yaml\n  - rs.yaml\n');
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(plan.neverInstalled).toEqual([
      'HelmRelease/default/db', 'HelmRelease/default/paused', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/parked', 'Kustomization/flux-system/restore',
    ]);
    // after's readyExpr reads spec: what it gives is not worked out, so after is placed (with a wait for Ready), and
    // check says the expression decides (dependsOn/suspended).
    expect(plan.levels.flat()).toEqual(expect.arrayContaining(['ResourceSet/default/rs', 'Kustomization/flux-system/infra', 'Kustomization/flux-system/after']));
  });

  // A review's probe: run from kubernetes/ of a checkout without .git, check hedged (pass --root ..), while order and
  // explain said flatly that web is never installed. They now say once, on stderr, that the root looks too low.
  it('a root below the repository\'s top: order, explain and graph say so once, on stderr', async () => {
    const top = temporaryDirectory();
    const write = fileWriter(top);
    write('kubernetes/flux.yaml', kustomizationText('apps', './kubernetes/apps'));
    write('kubernetes/apps/hr.yaml', `${helmReleaseText('web')}  dependsOn:\n    - name: db\n`);
    write('infra/hr.yaml', helmReleaseText('db'));
    const note = "warning: the root (.) looks like a directory below the repository's top: a Kustomization's spec.path is there from .., not from the root — pass --root ..; what lies outside the root is not read, so what depends on it reads as missing or never installed\n";
    for (const args of [['order'], ['explain', 'web'], ['graph', '--format', 'text']]) {
      const result = await runCli(args, { cwd: join(top, 'kubernetes') });
      expect(result.stderr).toBe(note);
    }
    // From the top, nothing to say.
    expect((await runCli(['order', '--root', '.'], { cwd: top })).stderr).toBe('');
    // Nor where a path is here but the GitRepository's spec.ignore leaves it out, with ./apps there from above too
    // (a review's probe: the warning said pass --root .., where check said the directory is in the repository).
    const inner = temporaryDirectory();
    const put = fileWriter(inner);
    put('repo/clusters/prod/flux-system/gotk-sync.yaml', `${kustomizationText('flux-system', './clusters/prod')}---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/example/fleet\n  ref:\n    branch: main\n  ignore: |\n    /apps/\n`);
    put('repo/clusters/prod/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    put('repo/clusters/prod/apps.yaml', kustomizationText('apps', './apps'));
    put('repo/apps/web.yaml', helmReleaseText('web'));
    put('apps/cm.yaml', configMapText('outer'));
    expect((await runCli(['order', '--root', '.'], { cwd: join(inner, 'repo') })).stderr).toBe('');
  });

  // A review's probe: held for ever was judged by id over every copy, so cluster b's frontend, waiting for b's web
  // (which names a typo), got a level because cluster a's web installs.
  it('what waits for a held copy is held in its own cluster, whatever another cluster\'s copy does', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const withDependsOn = (name: string, dependency?: string) => `${helmReleaseText(name)}${dependency ? `  dependsOn:\n    - name: ${dependency}\n` : ''}`;
    for (const cluster of ['a', 'b']) {
      writeBootstrap(write, `clusters/${cluster}`);
      write(`clusters/${cluster}/apps.yaml`, kustomizationText('apps', `./apps/${cluster}`));
    }
    write('apps/a/releases.yaml', `${withDependsOn('redis')}---\n${withDependsOn('web', 'redis')}`);
    write('apps/b/releases.yaml', `${withDependsOn('web', 'rediss')}---\n${withDependsOn('frontend', 'web')}`);
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled?: string[] };
    expect(plan.neverInstalled).toEqual(['HelmRelease/default/frontend']);
    expect(plan.levels.flat()).toContain('HelmRelease/default/web');
  });

  // A trial's probe (aws-samples/eks-multi-cluster-gitops's templates): a Kustomization with spec.kubeConfig applies
  // to the workload cluster its kubeconfig names; a release it applies resolved its dependsOn to the management
  // cluster's release of that name, and check passed.
  it('what a Kustomization with spec.kubeConfig applies is another cluster\'s: its dependencies resolve there only', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    writeBootstrap(write, 'clusters/mgmt');
    write('clusters/mgmt/kustomization.yaml', 'resources:\n  - flux-system\n  - redis.yaml\n  - c1-apps.yaml\n');
    write('clusters/mgmt/redis.yaml', helmReleaseText('redis'));
    write('clusters/mgmt/c1-apps.yaml', kustomizationText('c1-apps', './apps/c1', '  kubeConfig:\n    secretRef:\n      name: c1-kubeconfig\n'));
    write('apps/c1/web.yaml', `${helmReleaseText('web')}  dependsOn:\n    - name: redis\n`);
    const { keys, report } = await audit(root);
    expect(keys).toEqual(['dependsOn/unknown-target@apps/c1/web.yaml:12:7']);
    expect(report.findings[0]!.message).toContain('(only HelmRelease default/redis, for another cluster)');
    // Without the kubeconfig, the same files are one cluster: it resolves.
    write('clusters/mgmt/c1-apps.yaml', kustomizationText('c1-apps', './apps/c1'));
    expect((await audit(root)).keys).toEqual([]);
    // Two Kustomizations with one kubeconfig apply to one cluster: redis is there for web (a review's probe); and a
    // health check of the remote db is looked for there, where db is held, so what depends on c1-infra never installs.
    const kubeConfig = '  kubeConfig:\n    secretRef:\n      name: c1-kubeconfig\n';
    write('clusters/mgmt/kustomization.yaml', 'resources:\n  - flux-system\n  - redis.yaml\n  - c1-apps.yaml\n  - c1-infra.yaml\n');
    write('clusters/mgmt/c1-apps.yaml', kustomizationText('c1-apps', './apps/c1', kubeConfig));
    write('clusters/mgmt/c1-infra.yaml', kustomizationText('c1-infra', './infra/c1', kubeConfig));
    write('infra/c1/redis.yaml', helmReleaseText('redis'));
    expect((await audit(root)).keys).toEqual([]);
    write('infra/c1/redis.yaml', `${helmReleaseText('redis')}---\n${helmReleaseText('db')}  dependsOn:\n    - name: dbb\n`);
    write('clusters/mgmt/c1-infra.yaml', kustomizationText('c1-infra', './infra/c1', `${kubeConfig}  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: db\n      namespace: default\n`));
    write('clusters/mgmt/c1-apps.yaml', kustomizationText('c1-apps', './apps/c1', `${kubeConfig}  dependsOn:\n    - name: c1-infra\n`));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled?: string[] };
    expect(plan.neverInstalled).toEqual(['HelmRelease/default/db', 'HelmRelease/default/web', 'Kustomization/flux-system/c1-apps']);
    // A third review's probes: one Secret, two keys, two clusters; and two Kustomizations naming one kubeconfig through
    // the same postBuild variable (its value set by whatever applies them) reach one cluster.
    write('infra/c1/redis.yaml', helmReleaseText('redis'));
    write('clusters/mgmt/c1-infra.yaml', kustomizationText('c1-infra', './infra/c1', kubeConfig.replace('      name: c1-kubeconfig\n', '      name: kubeconfigs\n      key: c2\n')));
    write('clusters/mgmt/c1-apps.yaml', kustomizationText('c1-apps', './apps/c1', kubeConfig.replace('      name: c1-kubeconfig\n', '      name: kubeconfigs\n      key: c1\n')));
    expect((await audit(root)).keys).toEqual(['dependsOn/unknown-target@apps/c1/web.yaml:12:7']);
    const variable = (name: string, path: string) => kustomizationText(name, path, '  kubeConfig:\n    secretRef:\n      name: ${CLUSTER}-kubeconfig\n');
    write('clusters/mgmt/c1-infra.yaml', variable('c1-infra', './infra/c1'));
    write('clusters/mgmt/c1-apps.yaml', variable('c1-apps', './apps/c1').replace('  kubeConfig:', '  postBuild:\n    substitute:\n      CLUSTER: c1\n  kubeConfig:'));
    write('clusters/mgmt/c1-infra.yaml', variable('c1-infra', './infra/c1').replace('  kubeConfig:', '  postBuild:\n    substitute:\n      CLUSTER: c1\n  kubeConfig:'));
    expect((await audit(root)).keys).toEqual([]);
  });

  // A trial's probe (fmind-ai/fgentic's scripts/testdata/flux-build-kustomization.yaml): a Kustomization at `path: ./`,
  // kept as an input of `flux build kustomization` in CI, was taken for the cluster's root: it would apply every file,
  // build failures were reported on lefthook.yml and Chart.yaml, and every object was never installed.
  it('a Kustomization at the repository root that would take in a cluster\'s bootstrap is no root: the bootstrap is', async () => {
    const { root, write } = bootstrapped([kustomizationText('apps', './apps', '  wait: true\n')]);
    write('apps/podinfo.yaml', helmReleaseText('podinfo'));
    write('lefthook.yml', 'pre-commit:\n  commands:\n    lint:\n      run: make lint\n');
    write('scripts/testdata/flux-build.yaml', kustomizationText('ci-validation', './'));
    const { keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/apps'], ['HelmRelease/default/podinfo']]);
    // Where no bootstrap shows how the cluster is synced, a root at ./ is the root, as before.
    const alone = temporaryDirectory();
    const put = fileWriter(alone);
    put('ks.yaml', kustomizationText('everything', './'));
    put('apps/podinfo.yaml', helmReleaseText('podinfo'));
    expect((await audit(alone)).report.flux!.order).toEqual([['Kustomization/flux-system/everything'], ['HelmRelease/default/podinfo']]);
  });

  // A trial's probe (wrmilling/k3s-gitops): flux bootstrap's sync at `path: ./`, and apps whose ks.yaml applies its own
  // directory. Those were taken for clusters' bootstraps, the sync at ./ for a CI input: the sync was dropped, b's
  // dependsOn on a read as "for another cluster" (a false unknown-target), and every other object as never deployed.
  it('a bootstrap at path ./ stays the root where the Kustomizations that apply their own directories are apps', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('flux-system/gotk-sync.yaml', `${gitRepositoryText('flux-system', 'https://github.com/example/fleet')}---\n${kustomizationText('flux-system', './')}`);
    write('flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    write('apps/a/ks.yaml', kustomizationText('a', './apps/a', '  wait: true\n'));
    write('apps/a/cm.yaml', configMapText('a'));
    write('apps/b/ks.yaml', kustomizationText('b', './apps/b', '  dependsOn:\n    - name: a\n'));
    write('apps/b/cm.yaml', configMapText('b'));
    write('apps/b/kustomization.yaml', 'resources:\n  - ks.yaml\n  - cm.yaml\n');
    const { keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toEqual([]);
    expect(report.flux!.order).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/a'], ['Kustomization/flux-system/b']]);
    // An app whose ks.yaml also holds the Kustomization of its config (which depends on it): the sync at ./ stays the
    // root (a review's probe: told by what lies below, that app read as a cluster's bootstrap).
    write('apps/b/ks.yaml', `${kustomizationText('b', './apps/b', '  dependsOn:\n    - name: a\n')}---\n${kustomizationText('b-config', './apps/b/config', '  dependsOn:\n    - name: b\n')}`);
    write('apps/b/config/cm.yaml', configMapText('b-config'));
    // (b-config waits for b, which does not wait; and flux-system at ./ applies b-config too, without waiting for a.)
    const withConfig = await audit(root);
    expect(withConfig.keys).toEqual(['dependsOn/bypassed@apps/b/ks.yaml:14:7', 'dependsOn/unwaited-kustomization@apps/b/ks.yaml:29:7']);
    expect(withConfig.report.flux!.order.at(-1)).toEqual(['Kustomization/flux-system/b-config']);
  });

  // A trial's probe (compose-ai/flux-monorepo): ops syncs branch ops, stage stage, the checkout is azure-prod; ops's order
  // lacked the HelmRelease its branch installs, without a word.
  it('clusters that sync other branches than this checkout\'s, where clusters sync different branches: said not audited in full', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const syncing = (cluster: string, branch: string) => `${gitRepositoryText('flux-system', 'https://github.com/example/fleet').replace('branch: main', `branch: ${branch}`)}---\n${kustomizationText('flux-system', `./clusters/${cluster}`)}`;
    write('clusters/a/flux-system/gotk-sync.yaml', syncing('a', 'a'));
    write('clusters/b/flux-system/gotk-sync.yaml', syncing('b', 'b'));
    for (const cluster of ['a', 'b']) write(`clusters/${cluster}/cm.yaml`, configMapText(cluster));
    write('.git/HEAD', 'ref: refs/heads/b\n');
    const note = 'note: not audited in full (clusters whose GitRepository flux-system syncs another branch than this checkout\'s (b): read as this checkout has them): clusters/a/flux-system/gotk-sync.yaml\n';
    const text = await runCli(['check', '--root', root], { cwd: root });
    expect(text.stderr).toBe(note);
    expect(text.code).toBe(0);
    // Where every cluster syncs one branch, a checkout of another is the change under review: no note.
    write('clusters/b/flux-system/gotk-sync.yaml', syncing('b', 'a'));
    expect((await runCli(['check', '--root', root], { cwd: root })).stderr).toBe('');
  });

  // A trial's probe (nmarghetti/local-kubernetes-infra's k8s/flux/template, which a script copies): spec.path
  // './k8s/.../crds' was read as a tree applied by hand, seven false path-not-found errors beside six synced clusters.
  it('a Kustomization whose spec.path has a `...` part is a template\'s, never deployed, as a ${VARIABLE} name is', async () => {
    const { root, write } = bootstrapped([kustomizationText('level1', './crds')]);
    write('crds/cm.yaml', configMapText('crds'));
    write('template/level1/ks.yaml', kustomizationText('level1', './clusters/.../crds'));
    write('template/level1/kustomization.yaml', 'resources:\n  - ks.yaml\n');
    write('scripts/new-cluster.sh', 'cp -r template/* "clusters/$1/"\n');
    const { keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)', paths: ['template/level1/ks.yaml'] }));
    // A path of two dots is a path: not a template's.
    write('template/level1/ks.yaml', kustomizationText('level1', './clusters/../crds-gone'));
    expect((await audit(root)).keys).toEqual(['kustomization/path-not-found@template/level1/ks.yaml:8:9']);
  });

  // A review's probe: a CI input at ./ above clusters whose syncs apply HelmReleases alone was taken for the root (two
  // false build-failed errors), where only a cluster's bootstrap applying other Kustomizations marked it a CI input.
  it('a Kustomization at ./ that is no bootstrap sync stays a CI input over clusters that apply only HelmReleases', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const cluster of ['prod', 'staging']) writeBootstrap(write, `clusters/${cluster}`);
    write('clusters/prod/cert-manager.yaml', helmReleaseText('cert-manager').replace('namespace: default', 'namespace: cert-manager'));
    for (const cluster of ['prod', 'staging']) write(`clusters/${cluster}/web.yaml`, `${helmReleaseText('web')}  dependsOn:\n    - name: cert-manager\n      namespace: cert-manager\n`);
    write('ci/flux-build.yaml', kustomizationText('ci', './'));
    const { keys, report } = await audit(root);
    // Staging's web waits for what only prod has: that, and no build failure of what ci would take in.
    expect(keys).toEqual(['dependsOn/unknown-target@clusters/staging/web.yaml:12:7']);
    expect(report.flux!.objects.Kustomization).toBe(2);
  });

  // An object the API server rejects (api/invalid-duration) is never created: it and what waits for it get no level.
  it('an object whose duration the CRD rejects is never installed, nor what depends on it', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('ops', './apps/ops').replace('interval: 1h', 'interval: 10m0'),
      kustomizationText('after', './apps/after', '  dependsOn:\n    - name: ops\n'),
    ]);
    for (const name of ['ops', 'after']) write(`apps/${name}/cm.yaml`, configMapText(name));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled?: string[] };
    // flux-system applies ops: its dry-run of every object refuses ops, so its whole apply fails and it is never Ready.
    expect(plan.neverInstalled).toEqual(['Kustomization/flux-system/after', 'Kustomization/flux-system/flux-system', 'Kustomization/flux-system/ops']);
    expect((await runCli(['explain', 'Kustomization/flux-system/ops', '--root', root], { cwd: root })).stdout)
      .toContain('  install level    none (the API server rejects it (spec.interval: 10m0, api/invalid-duration): never installed on a cold start)\n');
  });

  // A review's probes: with a cycle elsewhere, the suspended were placed again, and a wait loop's objects were called
  // "on a cycle"; a dependency whose item has a readyExpr does not hold its dependent at a suspended object.
  it('with a cycle too, what is never reconciled stays apart, and a wait loop is no cycle; a readyExpr item does not hold', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('c1', './apps/c1', '  dependsOn:\n    - name: c2\n'), kustomizationText('c2', './apps/c2', '  dependsOn:\n    - name: c1\n'),
      kustomizationText('restore', './apps/restore', '  suspend: true\n'),
      kustomizationText('after', './apps/after', '  dependsOn:\n    - name: restore\n'),
      kustomizationText('reads', './apps/reads', '  dependsOn:\n    - name: restore\n      readyExpr: dep.metadata.generation >= 1\n'),
      // parent waits for child, which depends on parent: a wait loop (dependsOn/wait-deadlock), no dependsOn cycle.
      kustomizationText('parent', './apps/parent', '  wait: true\n'),
    ]);
    write('apps/parent/child.yaml', kustomizationText('child', './apps/child', '  dependsOn:\n    - name: parent\n'));
    for (const name of ['c1', 'c2', 'restore', 'after', 'reads', 'child']) write(`apps/${name}/cm.yaml`, configMapText(name));
    const result = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
    const plan = JSON.parse(result.stdout) as { levels: string[][]; unplaced: string[]; neverInstalled: string[] };
    expect(plan.unplaced).toEqual(['Kustomization/flux-system/c1', 'Kustomization/flux-system/c2']);
    expect(plan.neverInstalled).toEqual(['Kustomization/flux-system/after', 'Kustomization/flux-system/restore']);
    expect(plan.levels.flat()).toEqual(expect.arrayContaining(['Kustomization/flux-system/parent', 'Kustomization/flux-system/child', 'Kustomization/flux-system/reads']));
    expect(result.code).toBe(2);
    const child = await runCli(['explain', 'Kustomization/flux-system/child', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(child.stdout)).toMatchObject({ inCycle: false, neverInstalled: false });
    expect(JSON.parse(child.stdout).installLevel).not.toBeNull();
    expect(child.code).toBe(0);
  });

  // A trial's probe: kustomize-controller and helm-controller evaluate a readyExpr in place of their Ready check
  // (checkDependencies: the AdditiveCELDependencyCheck gate is off by default), so one that reads no status holds
  // from the moment the object exists; it was ordered as a wait for Ready (apps after db and cache, 16 min worst case).
  it('a readyExpr that reads no status waits only for its dependency to exist; one that reads status waits for what the controller reports', async () => {
    const { root, write } = bootstrapped([
      kustomizationText('infra', './infra', '  wait: true\n  timeout: 10m\n'),
      kustomizationText('apps', './apps', '  dependsOn:\n    - name: infra\n      readyExpr: "true"\n'),
    ]);
    const chart = '  interval: 10m\n  chart:\n    spec:\n      chart: x\n';
    const releaseIn = (name: string, extra = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n${chart}${extra}`;
    write('infra/releases.yaml', `${releaseIn('db')}---\n${releaseIn('cache', "  dependsOn:\n    - name: db\n      readyExpr: dep.metadata.name == 'db'\n")}`);
    write('apps/web.yaml', releaseIn('web'));
    const plan = async () => JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect((await plan()).levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/apps', 'Kustomization/flux-system/infra'],
      ['HelmRelease/flux-system/cache', 'HelmRelease/flux-system/db', 'HelmRelease/flux-system/web'],
    ]);
    // The same items reading status: apps after infra's Ready (after db and cache), cache after db's.
    write('clusters/prod/apps.yaml', [
      kustomizationText('infra', './infra', '  wait: true\n  timeout: 10m\n'),
      kustomizationText('apps', './apps', "  dependsOn:\n    - name: infra\n      readyExpr: dep.status.conditions.exists(c, c.type == 'Ready')\n"),
    ].join('---\n'));
    write('infra/releases.yaml', `${releaseIn('db')}---\n${releaseIn('cache', '  dependsOn:\n    - name: db\n      readyExpr: dep.status.observedGeneration >= 1\n')}`);
    expect((await plan()).levels).toEqual([
      ['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/infra'], ['HelmRelease/flux-system/db'], ['HelmRelease/flux-system/cache'],
      ['Kustomization/flux-system/apps'], ['HelmRelease/flux-system/web'],
    ]);
  });

  // A review's remarks: flux-operator skips a ResourceSet annotated fluxcd.controlplane.io/reconcile: disabled (it has
  // no spec.suspend), and kustomize-controller never creates an object annotated kustomize.toolkit.fluxcd.io/reconcile: disabled.
  it('a disabled ResourceSet, and an object its applier excludes from the apply, are never installed either', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/flux-system.yaml', kustomizationText('flux-system', './clusters/prod'));
    write('clusters/prod/tenants.yaml', [
      'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: tenants', '  namespace: flux-system', '  annotations:',
      '    fluxcd.controlplane.io/reconcile: disabled', 'spec:', '  inputs:', '    - tenant: team-a', '  resources:',
      '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata:', '        name: << inputs.tenant >>', '        namespace: flux-system',
      '      spec:', '        interval: 1h', '        path: ./tenants', '        prune: true', '        sourceRef:', '          kind: GitRepository', '          name: flux-system', '',
    ].join('\n'));
    write('clusters/prod/excluded.yaml', kustomizationText('excluded', './apps/excluded').replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'));
    write('tenants/cm.yaml', configMapText('tenant'));
    write('apps/excluded/cm.yaml', configMapText('excluded'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(plan.levels).toEqual([['Kustomization/flux-system/flux-system']]);
    expect(plan.neverInstalled).toEqual(['Kustomization/flux-system/excluded', 'Kustomization/flux-system/team-a', 'ResourceSet/flux-system/tenants']);
    // explain says why, object by object (it said "waits for what is suspended" of the excluded one: a last read's remark).
    const why = async (id: string) => (await runCli(['explain', id, '--root', root], { cwd: root })).stdout.split('\n').find((line) => line.startsWith('  install level'));
    expect(await why('Kustomization/flux-system/excluded')).toBe('  install level    none (its applier leaves it out of the apply (kustomize.toolkit.fluxcd.io/reconcile: disabled): never installed on a cold start)');
    expect(await why('ResourceSet/flux-system/tenants')).toBe('  install level    none (suspended: never installed on a cold start)');
    expect(await why('Kustomization/flux-system/team-a')).toBe('  install level    none (it waits for what is never installed (suspended, left out of its applier\'s apply, failing to build or apply, its path not found, or depending on what does not exist), or only that applies it: never installed on a cold start)');
  });

  // A trial's probe (prehor/home-ops's flux/config/cluster.yaml, applied by hand): cluster applies ./flux, its own
  // file and repositories with it, and depends on repositories. The bootstrap creates both: repositories comes first.
  it('a root that depends on what its own file creates with it comes after it', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('flux/config/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./cluster.yaml\n');
    write('flux/config/cluster.yaml', [
      kustomizationText('repositories', './repositories', '  wait: true\n'),
      kustomizationText('cluster', './flux', '  dependsOn:\n    - name: repositories\n'),
    ].join('---\n'));
    write('repositories/cm.yaml', configMapText('repositories'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect(plan.levels).toEqual([['Kustomization/flux-system/repositories'], ['Kustomization/flux-system/cluster']]);
  });

  // A trial's probe: flux bootstrap's flux-system (path ./clusters/home) depends on infrastructure, which the
  // flux-system/ kustomization lists beside gotk-sync.yaml: the bootstrap applies both, and flux-system reconciles once
  // infrastructure is Ready. Both were on level 0 ("nothing waits for anything else"); check rightly found no cycle.
  it('a bootstrap root that depends on what its flux-system directory creates with it comes after it; one level up it is a cycle', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/home/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/home', '  dependsOn:\n    - name: infrastructure\n'));
    write('clusters/home/flux-system/infrastructure.yaml', kustomizationText('infrastructure', './infrastructure', '  wait: true\n'));
    write('clusters/home/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n  - infrastructure.yaml\n');
    write('infrastructure/cm.yaml', configMapText('infrastructure'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect(plan.levels).toEqual([['Kustomization/flux-system/infrastructure'], ['Kustomization/flux-system/flux-system']]);
    expect((await audit(root)).keys).toEqual([]);
    // Beside the cluster's directory instead, only flux-system's reconcile creates it: the deadlock check reports.
    write('clusters/home/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n');
    rmSync(join(root, 'clusters/home/flux-system/infrastructure.yaml'));
    write('clusters/home/infrastructure.yaml', kustomizationText('infrastructure', './infrastructure', '  wait: true\n'));
    expect((await audit(root)).keys).toEqual(['graph/cycle@clusters/home/flux-system/gotk-sync.yaml:14:7']);
  });

  // A sweep's check (controlplaneio-fluxcd/d2-fleet): what lies beside a FluxInstance is applied by its sync, not by
  // hand: it stays one level after the Kustomization flux-operator makes.
  it('what lies beside a FluxInstance comes after the Kustomization its sync makes', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/staging/flux-system/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: clusters/staging\n');
    write('clusters/staging/flux-system/operator.yaml', kustomizationText('operator', './operator'));
    write('operator/cm.yaml', configMapText('operator'));
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect(plan.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/operator']]);
  });

  it('explain lists the object\'s own findings, as in the kit audit: text and JSON, and none for a clean object', async () => {
    const homeOps = fixture('repositories', 'home-ops');
    const text = await runCli(['explain', 'HelmRelease/network/external-dns', '--root', '.'], { cwd: homeOps });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\n  findings\n    dependsOn/namespace-mismatch kubernetes/apps/network/external-dns/app/helmrelease.yaml:7 HelmRelease network/external-dns depends on cert-manager with no namespace, so its own (network), but HelmRelease cert-manager lives in cert-manager');
    const json = JSON.parse((await runCli(['explain', 'Kustomization/media/plex', '--root', '.', '--format', 'json'], { cwd: homeOps })).stdout);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatch(/^graph\/cycle kubernetes\/apps\/media\/plex\/ks\.yaml:7 dependency cycle: Kustomization media\/plex → /);
    // As the kit audit's explain: a cycle it is on (reported on one member), and a dependency on it (one on it while it is suspended).
    const onCycle = JSON.parse((await runCli(['explain', 'Kustomization/media/sonarr', '--root', '.', '--format', 'json'], { cwd: homeOps })).stdout);
    expect(onCycle.findings).toEqual([expect.stringMatching(/^graph\/cycle kubernetes\/apps\/media\/plex\/ks\.yaml:7 /)]);
    const suspended = JSON.parse((await runCli(['explain', 'Kustomization/database/cloudnative-pg', '--root', '.', '--format', 'json'], { cwd: homeOps })).stdout);
    expect(suspended.findings).toEqual([expect.stringMatching(/^dependsOn\/suspended kubernetes\/apps\/database\/dragonfly\/ks\.yaml:7 Kustomization database\/dragonfly depends on Kustomization database\/cloudnative-pg, which is suspended/)]);
    // --exclude: what check reports (it reads the excluded files for what depends on them), not a dependency on nothing.
    const excluded = JSON.parse((await runCli(['explain', 'Kustomization/database/dragonfly', '--root', '.', '--format', 'json', '--exclude', 'kubernetes/apps/database/cloudnative-pg/**'], { cwd: homeOps })).stdout);
    expect(excluded.findings).toEqual([expect.stringMatching(/^dependsOn\/suspended /)]);
    const clean = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', '.'], { cwd: homeOps });
    expect(clean.stdout).toMatch(/\n {2}findings {9}none\n$/);
    expect(JSON.parse((await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', '.', '--format', 'json'], { cwd: homeOps })).stdout).findings).toEqual([]);
  });

  it('graph: Mermaid with a subgraph per kind, dependsOn and applies edges', async () => {
    const { code, stdout } = await runCli(['graph', '--root', root], { cwd: root });
    expect(stdout).toBe([
      'flowchart LR',
      '  subgraph Kustomizations',
      '    n3["flux-system/apps"]',
      '    n4["flux-system/infra-configs"]',
      '    n5["flux-system/infra-controllers"]',
      '  end',
      '  subgraph HelmReleases',
      '    n0["cert-manager/cert-manager"]',
      '    n1["ingress-nginx/ingress-nginx"]',
      '    n2["podinfo/podinfo"]',
      '  end',
      '  n3 --> n4',
      '  n4 --> n5',
      '  n3 -. applies .-> n2',
      '  n5 -. applies .-> n0',
      '  n5 -. applies .-> n1',
      '  classDef cycle stroke:#c00,stroke-width:2px',
      '',
    ].join('\n'));
    expect(code).toBe(0);
  });

  it('graph --format text: each namespace, its objects sorted, what each depends on and the Kustomization that applies it', async () => {
    const { code, stdout } = await runCli(['graph', '--root', root, '--format', 'text'], { cwd: root });
    expect(stdout).toBe([
      'a → b: a depends on b; (applied by): the Kustomization or ResourceSet that applies it',
      'cert-manager',
      '  HelmRelease cert-manager/cert-manager        → Kustomization flux-system/infra-controllers (applied by)',
      'flux-system',
      '  Kustomization flux-system/apps               → Kustomization flux-system/infra-configs',
      '  Kustomization flux-system/infra-configs      → Kustomization flux-system/infra-controllers',
      '  Kustomization flux-system/infra-controllers',
      'ingress-nginx',
      '  HelmRelease ingress-nginx/ingress-nginx      → Kustomization flux-system/infra-controllers (applied by)',
      'podinfo',
      '  HelmRelease podinfo/podinfo                  → Kustomization flux-system/apps (applied by)',
      '',
    ].join('\n'));
    expect(code).toBe(0);
  });

  it('graph --format dot: a cluster per namespace, "applied by" edges dotted', async () => {
    const { code, stdout } = await runCli(['graph', '--root', root, '--format', 'dot'], { cwd: root });
    expect(stdout.startsWith('digraph "flux-repository" {\n')).toBe(true);
    expect(stdout).toContain('  subgraph "cluster_1" {\n    label="flux-system";\n    "Kustomization/flux-system/apps" [label="Kustomization flux-system/apps"];\n');
    expect(stdout).toContain('  "Kustomization/flux-system/apps" -> "Kustomization/flux-system/infra-configs";\n');
    expect(stdout).toContain('  "HelmRelease/podinfo/podinfo" -> "Kustomization/flux-system/apps" [style="dotted", color="dodgerblue3", label="applied by"];\n');
    expect(code).toBe(0);
  });

  it('graph marks what lies on a cycle: "(in a cycle)" in text, purple in dot', async () => {
    const cyclic = fixture('repositories', 'home-ops');
    const text = await runCli(['graph', '--root', '.', '--format', 'text', '--focus', 'Kustomization/media/radarr', '--depth', '1'], { cwd: cyclic });
    expect(text.stdout).toContain('\n  Kustomization media/radarr (in a cycle)  → Kustomization media/plex, Kustomization flux-system/cluster-apps (applied by)\n');
    expect(text.stdout).toContain('\n  HelmRelease media/radarr                 → Kustomization media/radarr (applied by)\n');
    const dot = await runCli(['graph', '--root', '.', '--format', 'dot'], { cwd: cyclic });
    expect(dot.stdout).toContain('"Kustomization/media/plex" [label="Kustomization media/plex", peripheries=2, fontcolor="purple3", color="purple3"];\n');
    expect(dot.stdout).toContain('"Kustomization/media/overseerr" [label="Kustomization media/overseerr"];\n');
  });

  // A trial's probe: check reported the cycle (graph/cycle), graph marked nothing.
  it('graph marks a cycle that closes through what the dependent applies, as check reports it', async () => {
    const repository = temporaryDirectory();
    const write = fileWriter(repository);
    write('clusters/hub/spoke.yaml', kustomizationText('spoke-sync', './clusters/spoke', '  dependsOn:\n    - name: spoke\n      namespace: frontend\n'));
    write('clusters/spoke/tenant.yaml', kustomizationText('spoke', './clusters/spoke/none').replace('  namespace: flux-system\nspec', '  namespace: frontend\nspec').replace('    name: flux-system\n', '    name: flux-system\n    namespace: flux-system\n'));
    write('clusters/spoke/none/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const check = await runCli(['check', '--root', '.', '--format', 'json'], { cwd: repository });
    expect((JSON.parse(check.stdout) as Report).findings.map((finding) => finding.rule)).toContain('graph/cycle');
    const { stdout } = await runCli(['graph', '--root', '.', '--format', 'json'], { cwd: repository });
    const nodes = (JSON.parse(stdout) as { nodes: { id: string; cycle: boolean }[] }).nodes;
    expect(nodes.filter((node) => node.cycle).map((node) => node.id)).toEqual(['Kustomization/flux-system/spoke-sync', 'Kustomization/frontend/spoke']);
    const text = await runCli(['graph', '--root', '.', '--format', 'text'], { cwd: repository });
    expect(text.stdout).toContain('(in a cycle)');
  });

  it.skipIf(!hasCommand('dot'))('Graphviz dot renders the repository graph (skipped without Graphviz dot)', async () => {
    const { stdout } = await runCli(['graph', '--root', root, '--format', 'dot'], { cwd: root });
    const svg = execFileSync('dot', ['-Tsvg'], { input: stdout, encoding: 'utf8' });
    expect(svg).toContain('<title>Kustomization/flux&#45;system/apps&#45;&gt;Kustomization/flux&#45;system/infra&#45;configs</title>');
  });

  // A trial's reduction of chaijunkin/home-ops (goochs and oscaromeu failed alike): Kustomizations of four namespaces
  // applied by one root, some depending across namespaces; dot's default ranking failed with "trouble in init_rank".
  it.skipIf(!hasCommand('dot'))('Graphviz dot renders "applied by" edges that cross namespace clusters (skipped without Graphviz dot)', async () => {
    const crossing = temporaryDirectory();
    const write = fileWriter(crossing);
    const byNamespace: Record<string, [string, string, string[]][]> = {
      ns0: [['k8', 'empty', []], ['k11', 'empty', []], ['k15', 'empty', []], ['k19', 'empty', ['k14@ns1']], ['k22', 'empty', []]],
      ns1: [['k3', 'empty', []], ['k5', 'hr-k5', []], ['k6', 'empty', []], ['k12', 'empty', []], ['k13', 'empty', []], ['k14', 'empty', ['k3@ns1']]],
      ns2: [['k1', 'hr-k1', []], ['k9', 'empty', []], ['k20', 'empty', ['k12@ns1', 'k10@ns3']]],
      ns3: [['k0', 'empty', []], ['k2', 'empty', []], ['k4', 'hr-k4', []], ['k10', 'empty', []], ['k16', 'empty', []], ['k17', 'empty', []], ['k18', 'empty', ['k9@ns2']], ['k21', 'empty', ['k12@ns1']]],
    };
    write('clusters/main/apps.yaml', kustomizationText('cluster-apps', './apps'));
    write('apps/kustomization.yaml', `resources:\n${Object.keys(byNamespace).map((namespace) => `  - ${namespace}.yaml\n`).join('')}`);
    write('apps/empty/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n');
    for (const [namespace, kustomizations] of Object.entries(byNamespace)) {
      write(`apps/${namespace}.yaml`, kustomizations.map(([name, dir, dependsOn]) => kustomizationText(name, `./apps/${dir}`,
        dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((item) => `    - name: ${item.split('@')[0]}\n      namespace: ${item.split('@')[1]}\n`).join('')}` : '')
        .replace('namespace: flux-system\nspec', `namespace: ${namespace}\nspec`).replace('name: flux-system\n', 'name: flux-system\n    namespace: flux-system\n')).join('---\n'));
      for (const [name, dir] of kustomizations) {
        if (dir.startsWith('hr-')) write(`apps/${dir}/hr.yaml`, `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: app\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`);
      }
    }
    const { code, stdout } = await runCli(['graph', '--root', crossing, '--format', 'dot'], { cwd: crossing });
    expect(code).toBe(0);
    expect(stdout).toContain('  "HelmRelease/ns2/k1" -> "Kustomization/ns2/k1" [style="dotted", color="dodgerblue3", label="applied by"];\n');
    const svg = execFileSync('dot', ['-Tsvg'], { input: stdout, encoding: 'utf8' });
    expect(svg).toContain('<title>Kustomization/ns2/k20&#45;&gt;Kustomization/ns3/k10</title>');
  });

  it('graph --focus names an object as explain does and keeps what is connected to it; --depth bounds the hops, applies edges included', async () => {
    const near = await runCli(['graph', '--root', root, '--format', 'text', '--focus', 'apps', '--depth', '1'], { cwd: root });
    expect(near.stdout).toBe([
      'a → b: a depends on b; (applied by): the Kustomization or ResourceSet that applies it',
      'flux-system',
      '  Kustomization flux-system/apps           → Kustomization flux-system/infra-configs',
      // Its own dependency lies two hops away: cut, and said so, or it would read as depending on nothing.
      '  Kustomization flux-system/infra-configs  (+1 edge beyond the view)',
      'podinfo',
      '  HelmRelease podinfo/podinfo              → Kustomization flux-system/apps (applied by)',
      '',
    ].join('\n'));
    expect(near.code).toBe(0);
    const json = JSON.parse((await runCli(['graph', '--root', root, '--format', 'json', '--focus', 'HelmRelease/podinfo/podinfo'], { cwd: root })).stdout);
    expect(json.nodes.map((node: { id: string }) => node.id)).toEqual([
      'HelmRelease/podinfo/podinfo', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/infra-configs', 'Kustomization/flux-system/infra-controllers',
    ]);
    expect(json.edges).toEqual([
      { from: 'Kustomization/flux-system/apps', to: 'Kustomization/flux-system/infra-configs', kind: 'dependsOn' },
      { from: 'Kustomization/flux-system/infra-configs', to: 'Kustomization/flux-system/infra-controllers', kind: 'dependsOn' },
      { from: 'Kustomization/flux-system/apps', to: 'HelmRelease/podinfo/podinfo', kind: 'applies' },
    ]);
    const mermaid = await runCli(['graph', '--root', root, '--focus', 'podinfo/podinfo', '--depth', '0'], { cwd: root });
    expect(mermaid.stdout).toBe('flowchart LR\n  subgraph HelmReleases\n    n0["podinfo/podinfo"]\n  end\n  classDef cycle stroke:#c00,stroke-width:2px\n');
    const svg = await runCli(['graph', '--root', root, '--format', 'svg', '--focus', 'podinfo', '--depth', '1'], { cwd: root });
    expect(svg.stdout).toContain('aria-label="dependency graph: 1 HelmRelease, 1 Kustomization, 0 dependsOn edges, 1 applies edge"');
  });

  it('graph --focus that names nothing, or several objects, is a usage error with the way out', async () => {
    const typo = await runCli(['graph', '--root', root, '--focus', 'podinf'], { cwd: root });
    expect(typo.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named podinf — did you mean --focus podinfo?\n');
    expect(typo.code).toBe(3);
    const several = fixture('repositories', 'hub-spoke');
    const ambiguous = await runCli(['graph', '--root', several, '--format', 'json', '--focus', 'apps'], { cwd: several });
    expect(JSON.parse(ambiguous.stdout).findings[0]).toMatchObject({ rule: 'input/usage', fix: 'pass --focus Kustomization/production/apps or Kustomization/staging/apps (Kind/namespace/name)' });
    expect(ambiguous.stderr).toBe('error: apps names 2 objects (Kustomization production/apps, Kustomization staging/apps) — pass --focus Kustomization/production/apps or Kustomization/staging/apps (Kind/namespace/name)\n');
    expect(ambiguous.code).toBe(3);
    const noFocus = await runCli(['graph', '--root', root, '--depth', '1'], { cwd: root });
    expect(noFocus.stderr).toBe('error: --depth counts hops from --focus, which is missing — pass --focus NAME too, or drop --depth\n');
    // An empty $DEPTH or $FOCUS in a script must not draw one node, or everything.
    for (const depth of ['', '-1', '0x1', '1e1', ' 2', '+1']) {
      const bad = await runCli(['graph', '--root', root, '--focus', 'apps', '--depth', depth], { cwd: root });
      expect(bad.stderr, depth).toBe(`error: --depth ${JSON.stringify(depth)} is not a whole number — pass --depth 0, 1, 2, ...\n`);
      expect(bad.code).toBe(3);
    }
    const empty = await runCli(['graph', '--root', root, '--focus', ''], { cwd: root });
    expect(empty.stderr).toBe('error: --focus is empty — pass --focus the name of what to draw around\n');
    expect(empty.code).toBe(3);
  });

  it('graph --format svg draws "applies" as a blue dotted arrow from the object to its Kustomization, and says so', async () => {
    const { stdout, code } = await runCli(['graph', '--root', root, '--format', 'svg'], { cwd: root });
    const titles = [...stdout.matchAll(/<g class="edge applies"[^>]*><title>([^<]*)<\/title>/g)].map((match) => match[1]);
    expect(titles.sort()).toEqual([
      'HelmRelease/cert-manager/cert-manager is applied by Kustomization/flux-system/infra-controllers',
      'HelmRelease/ingress-nginx/ingress-nginx is applied by Kustomization/flux-system/infra-controllers',
      'HelmRelease/podinfo/podinfo is applied by Kustomization/flux-system/apps',
    ]);
    expect(stdout).toContain('Blue dotted: a is applied by b.');
    // Nothing in a repository is deferred, drift or in a wave: the caption and the tooltips say none of it.
    expect(stdout).toMatch(/<title>HelmRelease\/podinfo\/podinfo, namespace podinfo<\/title>/);
    expect(stdout).not.toMatch(/present on disk|, wave /);
    expect(stdout).toContain('>Installs first on the left; an arrow a → b reads &#34;a depends on b&#34;. Purple: a cycle. Blue dotted: a is applied by b.</text>');
    const junit = await runCli(['check', '--root', root, '--format', 'junit'], { cwd: root });
    expect(junit.stdout).toContain('<testsuite name="bootstrap-deps: HelmReleases in the repository"');
    // Its accessible name counts the objects by kind and the edges by kind (it said "6 HelmReleases").
    expect(stdout).toMatch(/aria-label="dependency graph: 3 HelmReleases, 3 Kustomizations, \d+ dependsOn edges, 3 applies edges"/);
    expect(code).toBe(0);
  });
});

describe('--format junit in the repository audit', () => {
  // A trial's probe: the suite of HelmReleases was empty (103 HelmReleases, tests="0"), a HelmRelease had a case
  // only where it had a finding, named without its namespace, a Kustomization never, and the kit's families passed.
  it('has a case per HelmRelease by namespace and name, a suite of Kustomizations and ResourceSets, and skips the kit\'s rule families', async () => {
    const root = temporaryDirectory('bootstrap-deps-junit-');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('flux/ks.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./apps\n  prune: true\n  wait: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  dependsOn:\n    - name: infra\n');
    const release = (name: string, dependsOn: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: web\nspec:\n  interval: 1h\n${dependsOn}  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`;
    write('apps/a.yaml', release('a', ''));
    write('apps/b.yaml', release('b', '  dependsOn:\n    - name: a\n'));
    // No namespace written, none given: named by its name alone (a review's probe: `/c`).
    write('apps/c.yaml', release('c', '').replace('  namespace: web\n', ''));
    const { stdout, code } = await runCli(['check', '--root', root, '--format', 'junit'], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toContain([
      '  <testsuite name="bootstrap-deps: HelmReleases in the repository" tests="3" failures="0" errors="0" skipped="0" time="0">',
      '    <testcase classname="helmrelease" name="c" time="0"/>',
      '    <testcase classname="helmrelease" name="web/a" time="0"/>',
      '    <testcase classname="helmrelease" name="web/b" time="0"/>',
      '  </testsuite>',
      '  <testsuite name="bootstrap-deps: Kustomizations and ResourceSets in the repository" tests="1" failures="1" errors="0" skipped="0" time="0">',
      '    <testcase classname="kustomization" name="flux-system/apps" time="0">',
      '      <failure message="Kustomization flux-system/apps depends on Kustomization flux-system/infra, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever" type="dependsOn/unknown-target">error: flux/ks.yaml:15:7 Kustomization flux-system/apps depends on Kustomization flux-system/infra, which does not exist in the repository: Flux holds apps at DependencyNotReady for ever — correct the name, or remove this item</failure>',
      '    </testcase>',
      '  </testsuite>',
    ].join('\n'));
    expect(stdout).toContain('    <testcase classname="rules" name="drift" time="0">\n      <skipped message="no bootstrap kit is audited in this run"/>\n    </testcase>');
    expect(stdout).toMatch(/<testsuites name="bootstrap-deps" tests="16" failures="2" errors="0" skipped="3" time="0">/);
  });
});

describe('a bootstrap kit inside a Flux repository', () => {
  it('keeps the kit audit exact and adds the repository rules: a parent that gives up too early, a Kustomization depending on a HelmRelease', async () => {
    const root = fixture('repositories', 'kit-with-parent');
    const { code, report, keys } = await audit(root);
    expect(keys).toEqual([
      'order/parent-timeout@clusters/_template/bootstrap.yaml:8:12',
      'dependsOn/wrong-kind@clusters/_template/bootstrap.yaml:23:7',
    ]);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/bootstrap-kit waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-cilium 5 min → HelmRelease flux-system/bp-cert-manager 5 min → HelmRelease flux-system/bp-flux 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes');
    expect(report.findings[1]!.fix).toBe('depend on Kustomization bootstrap-kit, which applies bp-flux and waits for it');
    // The kit's own verdict is unchanged: everything present, no drift.
    expect(report.summary).toMatchObject({ present: 3, expected: 3, deferred: 0, drift: 0, cycles: 0, errors: 1, warnings: 1 });
    expect(report.flux!.objects).toEqual({ HelmRelease: 3, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  it('a kit release that waits for a deferred slot waits until it lands, not for ever: the repository order and the parent\'s timeout still count it', async () => {
    // A review's probe: bp-flux depending on a slot the expected DAG defers was "never installed" in the repository
    // model, so the order dropped it and order/parent-timeout lost the chain through it.
    const root = copyFixture(fixture('repositories', 'kit-with-parent'));
    const flux = join(root, 'clusters/_template/bootstrap-kit/03-bp-flux.yaml');
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('  dependsOn:\n', '  dependsOn:\n    - name: bp-continuum\n'));
    const expected = join(root, 'scripts/expected-bootstrap-deps.yaml');
    writeFileSync(expected, `${readFileSync(expected, 'utf8').replace('depends_on: [bp-cert-manager]', 'depends_on: [bp-cert-manager, bp-continuum]')}  - slot: 62\n    name: bp-continuum\n    depends_on: [bp-cilium]\n    wave: W4\n`);
    const { report, keys } = await audit(root);
    expect(keys).toContain('order/parent-timeout@clusters/_template/bootstrap.yaml:8:12');
    expect(report.summary).toMatchObject({ present: 3, deferred: 1, drift: 0 });
    expect(report.flux!.order.flat()).toContain('HelmRelease/flux-system/bp-flux');
    // A name no slot declares (a typo) holds it for ever, as anywhere else (a second review's probe: every kit
    // release was let through).
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('    - name: bp-continuum\n', '    - name: bp-continum\n'));
    const typo = await audit(root);
    expect(typo.report.flux!.order.flat()).not.toContain('HelmRelease/flux-system/bp-flux');
  });

  it('shows no repository section where the repository holds nothing but the kit', async () => {
    const { report } = await audit(fixture('sovereign'));
    expect(report.flux).toBeUndefined();
  });
});

describe('explain on the repository graph', () => {
  const root = fixture('repositories', 'kustomize-helm-example');

  // A trial's probe: explain called ${DB_NAME} "not judged offline" beside check's finding that Flux never substitutes it.
  it('an item whose variable Flux never substitutes is explained as such, not as unjudged', async () => {
    const { root: repository, write } = bootstrapped([
      kustomizationText('apps', './apps', '  postBuild:\n    substitute:\n      DB_NAME: db\n'),
      kustomizationText('tools', './tools'),
    ]);
    write('apps/db.yaml', helmReleaseText('db'));
    write('apps/web.yaml', helmReleaseText('web').replace('metadata:\n', 'metadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: ${DB_NAME}\n'));
    write('tools/cli.yaml', helmReleaseText('cli').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: ${DB_NAME}\n'));
    const why = async (name: string) => (JSON.parse((await runCli(['explain', name, '--format', 'json'], { cwd: repository })).stdout) as { dependsOnUnresolved: unknown[] }).dependsOnUnresolved;
    expect(await why('hr/web')).toEqual([{ item: 'HelmRelease/default/${DB_NAME}', why: 'no such object: a variable Flux does not substitute in it (kustomize.toolkit.fluxcd.io/substitute: disabled)' }]);
    expect(await why('hr/cli')).toEqual([{ item: 'HelmRelease/default/${DB_NAME}', why: 'no such object: a variable Flux does not substitute (Kustomization flux-system/tools, which applies it, has no postBuild variables)' }]);
    // order agrees with check: both are held at DependencyNotReady for ever (a review's probe: order placed them).
    const order = JSON.parse((await runCli(['order', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(order.levels.flat()).not.toContain('HelmRelease/default/web');
    expect(order.neverInstalled).toEqual(expect.arrayContaining(['HelmRelease/default/cli', 'HelmRelease/default/web']));
  });

  // A trial's probe: with every value known (postBuild.substitute, no substituteFrom), `${APPP}-db` (a typo) reaches
  // helm-controller as `-db` and `$${APP}-db` as `${APP}-db`: both were "a variable, not judged", check passed.
  it('an item substituted with every value known is judged as Flux gives it: an unset variable empty, an escape as text', async () => {
    const items = '  dependsOn:\n    - name: ${APP}-db\n    - name: ${APPP}-db\n    - name: $${APP}-db\n';
    const { root: repository, write } = bootstrapped([
      kustomizationText('apps', './apps', '  postBuild:\n    substitute:\n      APP: shop\n'),
      kustomizationText('open', './open', '  postBuild:\n    substitute:\n      APP: shop\n    substituteFrom:\n      - kind: ConfigMap\n        name: vars\n'),
    ]);
    write('apps/db.yaml', helmReleaseText('shop-db'));
    // (A function: a replacement string would read $$ as one $.)
    write('apps/web.yaml', helmReleaseText('web').replace('spec:\n', () => `spec:\n${items}`));
    write('open/cli.yaml', helmReleaseText('cli').replace('spec:\n', () => `spec:\n${items}`));
    // Only the escaped item: the name helm-controller looks for is ${APP}-db, which nothing is named.
    write('apps/api.yaml', helmReleaseText('api').replace('spec:\n', () => 'spec:\n  dependsOn:\n    - name: $${APP}-db\n'));
    const result = await runCli(['check', '--format', 'json'], { cwd: repository });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}: ${finding.message}`)).toEqual([
      'name/invalid@apps/api.yaml:8: HelmRelease default/api depends on ${APP}-db (written $${APP}-db, which Kustomization flux-system/apps (clusters/prod/apps.yaml) substitutes), which is not a valid Kubernetes name (it contains the character "$"): no object can have it, so Flux never finds the dependency',
      'name/invalid@apps/web.yaml:9: HelmRelease default/web depends on -db (written ${APPP}-db, which Kustomization flux-system/apps (clusters/prod/apps.yaml) substitutes, APPP unset), which is not a valid Kubernetes name (it must start and end with a lower-case letter or digit): no object can have it, so Flux never finds the dependency',
      'name/invalid@apps/web.yaml:10: HelmRelease default/web depends on ${APP}-db (written $${APP}-db, which Kustomization flux-system/apps (clusters/prod/apps.yaml) substitutes), which is not a valid Kubernetes name (it contains the character "$"): no object can have it, so Flux never finds the dependency',
    ]);
    // With substituteFrom, a ConfigMap may set APPP: not judged. Both web items held; cli's known one placed.
    const order = JSON.parse((await runCli(['order', '--format', 'json'], { cwd: repository })).stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(order.neverInstalled).toEqual(['HelmRelease/default/api', 'HelmRelease/default/web']);
  });

  // A review's probe: kustomize-controller reads the mark on the object as built, which commonAnnotations gives.
  it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('substitute: disabled given by a kustomization\'s commonAnnotations or labels is read as built (skipped without kustomize)', async () => {
    const { root: repository, write } = bootstrapped([
      kustomizationText('one', './one', '  postBuild:\n    substitute:\n      DB: db\n'),
      kustomizationText('two', './two', '  postBuild:\n    substitute:\n      DB: db\n'),
    ]);
    write('one/db.yaml', helmReleaseText('db'));
    write('one/web.yaml', helmReleaseText('web').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: ${DB}\n'));
    write('one/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonAnnotations:\n  kustomize.toolkit.fluxcd.io/substitute: disabled\nresources:\n  - db.yaml\n  - web.yaml\n');
    write('two/api.yaml', helmReleaseText('api').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: ${DB}\n      namespace: default\n'));
    write('two/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nlabels:\n  - pairs:\n      kustomize.toolkit.fluxcd.io/substitute: disabled\nresources:\n  - api.yaml\n');
    const { keys } = await audit(repository);
    expect(keys).toEqual(['dependsOn/unknown-target@one/web.yaml:8:7', 'dependsOn/unknown-target@two/api.yaml:8:7']);
    // Without the mark, ${DB} is db, which one applies.
    write('one/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonAnnotations:\n  team: data\nresources:\n  - db.yaml\n  - web.yaml\n');
    expect((await audit(repository)).keys).toEqual(['dependsOn/unknown-target@two/api.yaml:8:7']);
  });

  it('explains an object by name: where it is defined, what applies it, its level and neighbours', async () => {
    const { code, stdout } = await runCli(['explain', 'podinfo', '--root', root], { cwd: root });
    expect(stdout).toBe([
      'HelmRelease podinfo/podinfo',
      '  defined at       apps/base/podinfo/release.yaml:4',
      '  applied by       Kustomization flux-system/apps',
      '  install level    4 (levels run 0 to 4, as order prints them)',
      '  depends on       none',
      '    through them   none',
      '  needed by        none',
      '    through them   none',
      '  findings         none',
      '',
    ].join('\n'));
    expect(code).toBe(0);
  });

  it('suggests a name, and asks for Kind/namespace/name where a name is not unique', async () => {
    const typo = await runCli(['explain', 'infra-config', '--root', root], { cwd: root });
    expect(typo.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named infra-config — did you mean infra-configs?\n');
    expect(typo.code).toBe(3);
    const homeOps = fixture('repositories', 'home-ops');
    const twice = await runCli(['explain', 'plex', '--root', homeOps], { cwd: homeOps });
    expect(twice.stderr).toBe('error: plex names 2 objects (HelmRelease media/plex, Kustomization media/plex) — pass HelmRelease/media/plex or Kustomization/media/plex (Kind/name or Kind/namespace/name)\n');
    // One of them written without a namespace: its id, Kind//name, is said to be one (a trial's remark: it read as a typo).
    const { root: loose, write } = bootstrapped([kustomizationText('apps', './apps')]);
    const release = (namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bazarr\n${namespace}spec:\n  interval: 1h\n  chart:\n    spec:\n      chart: bazarr\n`;
    write('apps/media.yaml', release('  namespace: media\n'));
    write('apps/loose.yaml', release(''));
    const unnamespaced = await runCli(['explain', 'bazarr', '--root', loose], { cwd: loose });
    expect(unnamespaced.stderr).toBe('error: bazarr names 2 objects (HelmRelease bazarr, HelmRelease media/bazarr) — pass HelmRelease//bazarr or HelmRelease/media/bazarr (Kind/namespace/name, and Kind//name for one without a namespace)\n');
    expect(unnamespaced.code).toBe(3);
    const pasted = await runCli(['explain', 'HelmRelease//bazarr', '--root', loose], { cwd: loose });
    expect(pasted.stdout).toContain('  defined at       apps/loose.yaml:4\n');
    // namespace/name misspelt: the guess is by namespace and name too (a trial's probe: media/sonar had none).
    const nearly = await runCli(['explain', 'media/sonar', '--root', homeOps], { cwd: homeOps });
    expect(nearly.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named media/sonar — did you mean HelmRelease/media/sonarr or Kustomization/media/sonarr?\n');
    // Kind/name, in any case or as flux's short names, picks one of them (HelmRelease/plex was read as namespace/name).
    // So does Kind/namespace/name, written the same ways (a trial's probe: ks/cert-manager/cert-manager-issuers was refused).
    for (const written of ['HelmRelease/plex', 'helmrelease/plex', 'hr/plex', 'hr/media/plex', 'HELMRELEASE/media/plex']) {
      const kindName = await runCli(['explain', written, '--root', homeOps, '--format', 'json'], { cwd: homeOps });
      expect(JSON.parse(kindName.stdout), written).toMatchObject({ object: 'HelmRelease/media/plex' });
    }
    const ks = await runCli(['graph', '--root', homeOps, '--focus', 'ks/plex', '--format', 'json'], { cwd: homeOps });
    expect(ks.code).toBe(0);
    const ksWithNamespace = await runCli(['explain', 'ks/media/plex', '--root', homeOps, '--format', 'json'], { cwd: homeOps });
    expect(JSON.parse(ksWithNamespace.stdout)).toMatchObject({ object: 'Kustomization/media/plex' });
    // A misspelt name that several objects share: their ids, which are accepted, not the bare name, which is not.
    const sharedTypo = await runCli(['explain', 'plx', '--root', homeOps], { cwd: homeOps });
    expect(sharedTypo.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named plx — did you mean HelmRelease/media/plex or Kustomization/media/plex?\n');
    expect(sharedTypo.code).toBe(3);
    const focusTypo = await runCli(['graph', '--root', homeOps, '--focus', 'plx'], { cwd: homeOps });
    expect(focusTypo.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named plx — did you mean --focus HelmRelease/media/plex or --focus Kustomization/media/plex?\n');
    const exact = await runCli(['explain', 'Kustomization/media/plex', '--root', homeOps, '--format', 'json'], { cwd: homeOps });
    expect(JSON.parse(exact.stdout)).toMatchObject({ object: 'Kustomization/media/plex', inCycle: true, installLevel: null, applies: ['HelmRelease/media/plex'] });
  });
});

describe('Flux semantics the repository audit follows', () => {
  it('ResourceSet items: namespace as written, readyExpr over the dependency object, ready: true to wait; spec.path only in this repository\'s own source', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const ks = (name: string, extra: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n${extra}`;
    write('clusters/a/ks.yaml', [
      ks('operators', '  path: ./operators\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  suspend: true\n'),
      // Another source's path: ./ is that artifact's root, not this repository's.
      ks('kyverno', '  path: ./\n  wait: true\n  timeout: 5m\n  sourceRef:\n    kind: OCIRepository\n    name: kyverno\n'),
    ].join('---\n'));
    write('clusters/a/rset.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  dependsOn:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: operators\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: operators\n      namespace: flux-system\n      readyExpr: status.conditions.exists(c, c.type == \'Ready\')\n  resources: []\n');
    write('operators/app.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: op\n  namespace: flux-system\nspec:\n  interval: 1h\n');
    const { report, keys } = await audit(root);
    // The item without namespace never finds the Kustomization; the suspended one is only waited on to exist (its
    // readyExpr, without ready: true, is never evaluated: said, a warning).
    expect(keys).toEqual(['dependsOn/namespace-mismatch@clusters/a/rset.yaml:8:7', 'dependsOn/invalid-ready-expr@clusters/a/rset.yaml:15:18']);
    expect(report.findings[0]!.message).toBe('ResourceSet flux-system/apps depends on Kustomization operators without namespace: a ResourceSet looks the object up as written, so it never finds operators, which lives in flux-system');
    expect(report.findings[1]).toMatchObject({ severity: 'warning', fix: 'add ready: true to this dependsOn item' });
    const explained = await runCli(['explain', 'kyverno', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explained.stdout)).toMatchObject({ object: 'Kustomization/flux-system/kyverno', applies: [] });
  });
});

it('two roots that apply the same directory (and so each other) share a level; what they apply keeps its order', async () => {
  // A trial's probe (gabe565/home-ops): cluster and cluster-private both apply ./cluster, from two GitRepositories.
  // The applies edges loop, and the order fell back to dependsOn alone: every object on one level.
  const root = temporaryDirectory();
  const write = fileWriter(root);
  const ks = (name: string, path: string, source: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
  write('cluster/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n  - private.yaml\n  - apps.yaml\n');
  write('cluster/config.yaml', ks('cluster', './cluster', 'home-ops'));
  write('cluster/private.yaml', ks('cluster-private', './cluster', 'home-ops-private'));
  write('cluster/apps.yaml', ks('apps', './apps', 'home-ops'));
  write('apps/hr.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: default\nspec:\n  interval: 1h\n');
  const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  expect(order.levels).toEqual([
    ['Kustomization/flux-system/cluster', 'Kustomization/flux-system/cluster-private'],
    ['Kustomization/flux-system/apps'],
    ['HelmRelease/default/podinfo'],
  ]);
  // With the GitRepositories' addresses written and the checkout's remote naming one, the other is another
  // repository: what its Kustomization applies is not read, and the order is this repository's alone.
  const gitRepository = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: ${url}\n---\n`;
  write('cluster/config.yaml', gitRepository('home-ops', 'ssh://git@github.com/me/home-ops.git') + ks('cluster', './cluster', 'home-ops'));
  write('cluster/private.yaml', gitRepository('home-ops-private', 'ssh://git@github.com/me/home-ops-private.git') + ks('cluster-private', './cluster', 'home-ops-private'));
  // (A submodule's url is another repository's: a review's probe.)
  write('.git/config', '[core]\n\tbare = false\n[submodule "secrets"]\n\turl = git@github.com:me/home-ops-private.git\n[remote "origin"]\n\turl = https://github.com/me/home-ops.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
  const { report } = await audit(root);
  expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['cluster/private.yaml'] }));
  const own = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  expect(own.levels).toEqual([
    ['Kustomization/flux-system/cluster'],
    ['Kustomization/flux-system/apps', 'Kustomization/flux-system/cluster-private'],
    ['HelmRelease/default/podinfo'],
  ]);
});

describe('which GitRepository is this repository, where nothing written says', () => {
  const gitRepository = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: ${url}\n---\n`;
  const ks = (name: string, path: string, source: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
  const flux = (otherPath: string) => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('flux/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - root.yaml\n  - other.yaml\n');
    write('flux/root.yaml', `${gitRepository('home', 'https://github.com/example/home.git')}${ks('home', 'flux', 'home')}---\n${ks('apps', 'apps', 'home')}`);
    write('flux/other.yaml', gitRepository('other', 'https://git.example.org/me/other') + ks('other', otherPath, 'other'));
    write('apps/hr.yaml', helmReleaseText('web'));
    // A values file: no manifest, which the other repository's `.` would have taken in here.
    write('other/values.yaml', 'replicaCount: 2\n');
    return root;
  };

  it('another repository\'s Kustomization at path: . that holds this one\'s root: the checkout\'s remote decides; without one, both are this repository', async () => {
    // A trial's probe (samcday/home-cluster, checked out with no remote of GitHub's): the seedbox repository's
    // Kustomization applies `.`, which here holds the root's own file. Both then applied their own directory, both
    // sources were taken for this repository, and other/values.yaml failed a build that Flux makes of the other
    // repository. A real clone's remote names the repository: then the other is another. Two tie-breaks for a checkout
    // without one were tried and dropped (the reviews' probes): the source most Kustomizations sync from (a fleet with
    // more tenant Kustomizations than its own), and not the source at `path: ./` (a repository whose own root is there).
    const root = flux('.');
    expect((await audit(root)).keys).toEqual(['kustomization/build-failed@other/values.yaml:1:1']);
    fileWriter(root)('.git/config', '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/example/home.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    const { code, report } = await audit(root);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['flux/other.yaml'] }));
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
    // As with the GitRepository named flux-system: the root's own apply creates what its directory holds.
    expect(order.levels).toEqual([
      ['Kustomization/flux-system/apps', 'Kustomization/flux-system/home'],
      ['HelmRelease/default/web', 'Kustomization/flux-system/other'],
    ]);
    expect(order.neverInstalled ?? []).toEqual([]);
  });

  it('without a remote, a source whose every path is missing here is another repository; one typo among paths found is not', async () => {
    // A trial's probe (samcday/home-cluster): seedbox, another repository, at `path: .` (which holds the root's file here
    // too) and `path: secrets`, missing here: its paths say it is another repository.
    const root = flux('.');
    const write = fileWriter(root);
    write('flux/other.yaml', `${gitRepository('other', 'https://git.example.org/me/other') + ks('other', '.', 'other')}---\n${ks('other-secrets', 'secrets', 'other')}`);
    const missing = await audit(root);
    expect(missing.keys).toEqual([]);
    expect(missing.report.flux!.skipped).toContainEqual(expect.objectContaining({ paths: ['flux/other.yaml'] }));
    // A review's probe: one of this repository's own paths mistyped, among others found, is a typo to report (it made
    // this repository's source "another repository", and hid the error); the other's `.` says nothing either way.
    write('flux/other.yaml', gitRepository('other', 'https://git.example.org/me/other') + ks('other', '.', 'other'));
    write('flux/root.yaml', `${gitRepository('home', 'https://github.com/example/home.git')}${ks('home', 'flux', 'home')}---\n${ks('apps', 'apps', 'home')}---\n${ks('gone', 'apsp', 'home')}`);
    expect((await audit(root)).keys).toEqual(['kustomization/path-not-found@flux/root.yaml:43:9', 'kustomization/build-failed@other/values.yaml:1:1']);
    // Nor is a suspended root evidence against its source (a review's probe: the other repository was taken for this one).
    write('flux/root.yaml', `${gitRepository('home', 'https://github.com/example/home.git')}${ks('home', 'flux', 'home').replace('  prune: true\n', '  prune: true\n  suspend: true\n')}---\n${ks('apps', 'apps', 'home')}`);
    expect((await audit(root)).keys).toEqual(['kustomization/build-failed@other/values.yaml:1:1']);
  });

  it('where only another source applies its own directory, a checkout whose remote is not that repository is not it', async () => {
    // A trial's probe (USA-RedDragon/home-cluster-flux): no file writes this repository's address; GitRepository private
    // (home-private) at `path: ./` was the only self-applying source, so taken for this checkout: what its `./` holds
    // here failed a build Flux never makes. The clone's remote (home) says otherwise.
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/home/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - private.yaml\n  - apps.yaml\n');
    write('clusters/home/flux-system/private.yaml', gitRepository('private', 'https://github.com/example/home-private.git') + ks('private', './', 'private'));
    write('clusters/home/flux-system/apps.yaml', ks('apps', './apps', 'flux-system'));
    write('apps/hr.yaml', helmReleaseText('web'));
    write('other/values.yaml', 'replicaCount: 2\n');
    expect((await audit(root)).keys).toEqual(['kustomization/build-failed@other/values.yaml:1:1']);
    write('.git/config', '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/example/home.git\n');
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['clusters/home/flux-system/private.yaml'] }));
    // Nor where its path is a directory below the root that holds its own file, while flux-system's apps finds its path
    // here too (a review's probe: home-private's ./clusters/home was read as this checkout, a false unknown-target).
    // apps depends on secrets, which the other repository holds: unread there, unknown if it were this one.
    write('clusters/home/flux-system/apps.yaml', `${ks('apps', './apps', 'flux-system')}  dependsOn:\n    - name: secrets\n`);
    for (const path of ['./clusters/home', './clusters/home/flux-system']) {
      write('clusters/home/flux-system/private.yaml', gitRepository('private', 'https://github.com/example/home-private.git') + ks('private', path, 'private'));
      const { keys, code } = await audit(root);
      expect(keys).toEqual(['dependsOn/unread-target@clusters/home/flux-system/apps.yaml:14:7']);
      expect(code).toBe(0);
    }
    write('clusters/home/flux-system/apps.yaml', ks('apps', './apps', 'flux-system'));
    write('clusters/home/flux-system/private.yaml', gitRepository('private', 'https://github.com/example/home-private.git') + ks('private', './', 'private'));
    // A fork (another owner, the same repository name) is still that repository.
    write('.git/config', '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/fork/home-private.git\n');
    expect((await audit(root)).keys).toEqual(['kustomization/build-failed@other/values.yaml:1:1']);
  });

  it('a source whose Kustomization applies, below the root, the directory its own file is in is this repository whatever the remote is called', async () => {
    // A trial's probe (gi8lino/k8s-gitops, cloned from a mirror): GitRepository cluster was taken for another
    // repository, since the remote's name differs, and nothing it applies was read (a dangling dependsOn passed).
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/prod/sync.yaml', `${gitRepository('cluster', 'https://github.com/example/gitops')}${ks('cluster', './clusters/prod', 'cluster')}---\n${ks('apps', './apps', 'cluster')}`);
    write('apps/hr.yaml', helmReleaseText('a').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: does-not-exist\n'));
    for (const remote of ['https://github.com/example/gitops', 'https://gitlab.example.org/mirrors/gitops-mirror.git', '/srv/mirrors/example+gitops/repo']) {
      write('.git/config', `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${remote}\n`);
      const { code, keys, report } = await audit(root);
      expect(keys).toEqual(['dependsOn/unknown-target@apps/hr.yaml:8:7']);
      expect(report.flux!.objects.HelmRelease).toBe(1);
      expect(code).toBe(1);
    }
    // Also where a kustomization of the tree transforms its files (gi8lino's tree patches some of them): the path as
    // resolved holds the very file.
    write('clusters/prod/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - team=platform\n');
    expect((await audit(root)).keys).toEqual(['dependsOn/unknown-target@apps/hr.yaml:8:7']);
    // Nor does a second source at the same address, or another repository's at `path: ./`, which any checkout holds,
    // speak against it (a second review's probes: each made the repository's own source another's).
    write('clusters/prod/more.yaml', `${gitRepository('apps', 'https://github.com/example/gitops')}${ks('more', './apps', 'apps')}---\n${gitRepository('tenant', 'https://github.com/example/tenant')}${ks('tenant', './', 'tenant')}`);
    write('clusters/prod/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n  - more.yaml\n');
    const both = await audit(root);
    // (The missing target may be in the tenant's repository, not read: a warning now, about the release still read.)
    expect(both.keys).toEqual(['dependsOn/unread-target@apps/hr.yaml:8:7']);
    expect(both.report.flux!.objects.HelmRelease).toBe(1);
  });

  it('a GitRepository a ResourceSet generates at another address is another repository: its Kustomization applies none of this checkout', async () => {
    // A trial's probe (ssouthcity/homelab-fleet, flux-d2-ai-fleet): updates-apps of homelab-apps.git at ./update-policies
    // was read from this checkout ("applies none"; a directory of that name here was judged as applied).
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('.git/config', '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/example/fleet\n');
    write('clusters/prod/flux-system/gotk-sync.yaml', `${gitRepository('flux-system', 'https://github.com/example/fleet')}${ks('flux-system', './clusters/prod', 'flux-system')}`);
    const updates = (url: string) => ['apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: updates', '  namespace: flux-system', 'spec:',
      '  inputs:', '    - namespace: updates-apps', `      repository: ${url}`, '  resources:',
      '    - apiVersion: source.toolkit.fluxcd.io/v1', '      kind: GitRepository', '      metadata:', '        name: << inputs.namespace >>', '        namespace: << inputs.namespace >>',
      '      spec:', '        interval: 1h', '        ref:', '          branch: main', '        url: << inputs.repository >>',
      '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata:', '        name: << inputs.namespace >>', '        namespace: << inputs.namespace >>',
      '      spec:', '        interval: 1h', '        path: ./update-policies', '        prune: true', '        sourceRef:', '          kind: GitRepository', '          name: << inputs.namespace >>', ''].join('\n');
    write('clusters/prod/updates.yaml', updates('https://github.com/me/other-apps.git'));
    write('update-policies/hr.yaml', helmReleaseText('thing').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: does-not-exist\n'));
    const other = await audit(root);
    expect(other.keys).toEqual([]);
    expect(other.code).toBe(0);
    expect(other.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['clusters/prod/updates.yaml'] }));
    // At this repository's address, it is this checkout: what it applies here is read.
    write('clusters/prod/updates.yaml', updates('https://github.com/example/fleet.git'));
    expect((await audit(root)).keys).toEqual(['dependsOn/unknown-target@update-policies/hr.yaml:8:7']);
    // Where no GitRepository is written (a FluxInstance syncing from an OCI artifact, ssouthcity's), the checkout's remote
    // says which address is this repository's, where the path is not here either (the remote may be a mirror's, whose
    // name says nothing: a second review's probe, where this repository's own generated GitRepository was lost).
    write('clusters/prod/flux-system/gotk-sync.yaml', ks('flux-system', './clusters/prod', 'flux-system'));
    write('clusters/prod/updates.yaml', updates('https://github.com/me/other-apps.git'));
    expect((await audit(root)).keys).toEqual(['dependsOn/unknown-target@update-policies/hr.yaml:8:7']);
    rmSync(join(root, 'update-policies'), { recursive: true });
    const unread = await audit(root);
    expect(unread.keys).toEqual([]);
    expect(unread.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['clusters/prod/updates.yaml'] }));
    // A second review's probes, with this repository's address written again: a tenant's GitRepository named flux-system
    // in its own namespace, a Kustomization in another namespace that names it by sourceRef.namespace, and a
    // resourcesTemplate whose sourceRef name is `<< inputs.x >>` with spaces, as flux-operator's guides write it. None is
    // read from this checkout, and the missing path of what is not this repository's is no path-not-found.
    write('clusters/prod/flux-system/gotk-sync.yaml', `${gitRepository('flux-system', 'https://github.com/example/fleet')}${ks('flux-system', './clusters/prod', 'flux-system')}`);
    const tenants = ['apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: tenants', '  namespace: flux-system', 'spec:',
      '  inputs:', '    - tenant: tenant-a', '      source: flux-system', '      repository: https://github.com/me/tenant-a.git', '  resourcesTemplate: |',
      '    apiVersion: source.toolkit.fluxcd.io/v1', '    kind: GitRepository', '    metadata:', '      name: flux-system', '      namespace: << inputs.tenant >>',
      // (A blank line before spec: its block came out empty, and the url with it: a second review's probe.)
      '', '    spec:', '      interval: 1h', '      url: << inputs.repository >>', '    ---',
      '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: apps', '      namespace: << inputs.tenant >>',
      '    spec:', '      interval: 1h', '      path: ./tenant-apps', '      prune: true', '      sourceRef:', '        kind: GitRepository', '        name: << inputs.source >>', '    ---',
      '    apiVersion: kustomize.toolkit.fluxcd.io/v1', '    kind: Kustomization', '    metadata:', '      name: << inputs.tenant >>-cross', '      namespace: flux-system',
      '    spec:', '      interval: 1h', '      path: ./tenant-missing', '      prune: true', '      sourceRef:', '        kind: GitRepository', '        name: flux-system', '        namespace: << inputs.tenant >>', ''].join('\n');
    write('clusters/prod/updates.yaml', tenants);
    // (What apps would apply, were it read here: a dangling dependsOn.)
    write('tenant-apps/hr.yaml', helmReleaseText('tenant-thing').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: does-not-exist\n'));
    const tenant = await audit(root);
    expect(tenant.keys).toEqual([]);
    expect(tenant.code).toBe(0);
    expect(tenant.report.flux!.skipped).toContainEqual(expect.objectContaining({ reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['clusters/prod/updates.yaml'] }));
  });

  it('a GitRepository whose URL has a substitution is another repository where its name, written out, is another', async () => {
    // A trial's probe (mrwulf/home-cluster): http://git.home.${SECRET_DOMAIN}/brandon/other.git, path ./, was taken
    // for this repository (its address unknown), and 7 files that are no manifests failed its build.
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/main/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.x"\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/home.git\n    ref: refs/heads/main\n    path: clusters/main\n');
    write('clusters/main/apps.yaml', ks('apps', './apps', 'flux-system'));
    write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - hr.yaml\n  - other.yaml\n');
    write('apps/hr.yaml', helmReleaseText('web'));
    write('apps/other.yaml', gitRepository('other-git', 'http://git.home.${SECRET_DOMAIN}/me/other.git') + ks('other-apps', './', 'other-git'));
    write('notes/Taskfile.yaml', 'tasks: {}\n');
    const { code, report } = await audit(root);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({ paths: ['apps/other.yaml'] }));
    // The same name, or a substitution in the name itself: in doubt, this repository (its build reads the files here).
    for (const url of ['http://git.home.${SECRET_DOMAIN}/me/home.git', 'https://github.com/example/${REPOSITORY}']) {
      write('apps/other.yaml', gitRepository('other-git', url) + ks('other-apps', './', 'other-git'));
      expect((await audit(root)).keys).toEqual(['kustomization/build-failed@notes/Taskfile.yaml:1:1']);
    }
  });
});

it('explain of an object that stalls behind a cycle lists the cycle, as check names it there', async () => {
  // A trial's probe: check said "1 more object stalls behind it: HelmRelease default/c", explain c "findings none".
  const root = temporaryDirectory();
  const write = fileWriter(root);
  write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
  const release = (name: string, dependency: string) => helmReleaseText(name).replace('spec:\n', `spec:\n  dependsOn:\n    - name: ${dependency}\n`);
  write('apps/hr.yaml', [release('a', 'b'), release('b', 'a'), release('c', 'a'), helmReleaseText('d')].join('---\n'));
  // (explain's JSON findings are lines: rule, file:line, message.)
  const explained = async (name: string) => JSON.parse((await runCli(['explain', name, '--root', root, '--format', 'json'], { cwd: root })).stdout) as { findings: string[] };
  expect((await explained('c')).findings.map((finding) => finding.split(' ')[0])).toEqual(['graph/cycle']);
  // What neither is on it nor stalls behind it: none.
  expect((await explained('d')).findings).toEqual([]);
});

it('a cycle through "applies" in one cluster leaves the other cluster\'s copies placed, in order and explain', async () => {
  // A trial's probe (monosense-io/k8s-gitops): only the apps cluster's root waits for what only it applies there; the
  // infra cluster applies the same tree without that dependsOn. order left 37 objects "Not placed", explain's level
  // none, where the infra cluster installs them.
  const root = temporaryDirectory();
  const write = fileWriter(root);
  for (const cluster of ['a', 'b']) write(`clusters/${cluster}/flux-system/gotk-sync.yaml`, kustomizationText('flux-system', `./clusters/${cluster}`));
  write('clusters/a/infra.yaml', kustomizationText('infra-a', './infra', '  dependsOn:\n    - name: core\n'));
  write('clusters/b/infra.yaml', kustomizationText('infra-b', './infra'));
  write('infra/core.yaml', kustomizationText('core', './apps', '  wait: true\n'));
  write('apps/hr.yaml', helmReleaseText('podinfo'));
  // What waits for core in cluster a alone, and is in no other cluster: it waits for the cycle (unplaced, as before).
  write('clusters/a/extra.yaml', kustomizationText('extra', './extra', '  dependsOn:\n    - name: core\n'));
  write('extra/cm.yaml', configMapText('extra'));
  const order = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
  const json = JSON.parse(order.stdout) as { levels: string[][]; unplaced: string[]; neverInstalled?: string[] };
  expect(json.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/infra-b'], ['Kustomization/flux-system/core'], ['HelmRelease/default/podinfo']]);
  expect(json.unplaced).toEqual(['Kustomization/flux-system/extra', 'Kustomization/flux-system/infra-a']);
  expect(json.neverInstalled).toBeUndefined();
  expect(order.code).toBe(2);
  const core = await runCli(['explain', 'core', '--root', root], { cwd: root });
  expect(core.stdout).toContain('  install level    2 (levels run 0 to 3, as order prints them); never installed in the cluster of clusters/a/flux-system: ');
  expect(core.code).toBe(2);
  const infra = await runCli(['explain', 'infra-a', '--root', root, '--format', 'json'], { cwd: root });
  expect(JSON.parse(infra.stdout)).toMatchObject({ installLevel: null, neverInstalled: false, inCycle: true });
  const extra = await runCli(['explain', 'extra', '--root', root], { cwd: root });
  expect(extra.stdout).toContain('  install level    none (a cycle leaves the order undefined)\n');
  expect(extra.code).toBe(2);
  // The check is as before: the cycle, in cluster a.
  expect((await audit(root)).keys).toEqual(['graph/cycle@clusters/a/infra.yaml:14:7']);
  // Where the dependent has one id in both clusters (each cluster's root, flux-system), the levels by id still loop:
  // what has no level names no cluster it is never installed in either (a review's probe: neverInstalledIn beside
  // installLevel null).
  write('clusters/a/flux-system/gotk-sync.yaml', kustomizationText('flux-system', './clusters/a', '  dependsOn:\n    - name: core\n'));
  write('clusters/a/infra.yaml', kustomizationText('infra-a', './infra'));
  rmSync(join(root, 'clusters/a/extra.yaml'));
  const podinfo = JSON.parse((await runCli(['explain', 'podinfo', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { installLevel: number | null; neverInstalledIn: string[] };
  expect(podinfo.installLevel).toBeNull();
  expect(podinfo.neverInstalledIn).toEqual([]);
});

it('explain of a suspended Kustomization on a dependsOn cycle says it is suspended, as before', async () => {
  // A review's probe: the change above first said "a cycle leaves the order undefined" of every object on a cycle.
  const { root, write } = bootstrapped([
    kustomizationText('k1', './x', '  suspend: true\n  dependsOn:\n    - name: k2\n'),
    kustomizationText('k2', './x', '  dependsOn:\n    - name: k1\n'),
  ]);
  write('x/cm.yaml', configMapText('x'));
  const explained = await runCli(['explain', 'k1', '--root', root], { cwd: root });
  expect(explained.stdout).toContain('  install level    none (suspended: never installed on a cold start)\n');
  expect(explained.code).toBe(2);
});

it('a Kustomization that depends on what only it applies is a cycle through "applies", in check and in order', async () => {
  const root = temporaryDirectory();
  mkdirSync(join(root, 'apps'));
  writeFileSync(join(root, 'parent.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: parent\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./apps\n  wait: true\n  dependsOn:\n    - name: child\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
  writeFileSync(join(root, 'apps', 'child.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: child\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./x\n  wait: true\n');
  const { code, report, keys } = await audit(root);
  expect(keys).toEqual(['graph/cycle@parent.yaml:11:7']);
  expect(report.findings[0]!.message).toBe('dependency cycle: Kustomization flux-system/parent depends on Kustomization flux-system/child, which only parent applies: child is never created before parent is Ready, and parent waits for it');
  expect(report.cycles).toEqual([['Kustomization/flux-system/parent', 'Kustomization/flux-system/child', 'Kustomization/flux-system/parent']]);
  expect(report.summary.cycles).toBe(1);
  expect(code).toBe(2);
  const order = await runCli(['order', '--root', root], { cwd: root });
  expect(order.code).toBe(2);
  // Both are on the cycle, placed by neither dependsOn nor applies (larivierec/home-cluster once printed nothing here).
  expect(order.stdout.trimEnd().split('\n').at(-1)).toBe('Not placed (on a cycle, or waiting for one): Kustomization flux-system/child, Kustomization flux-system/parent');
  const json = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  expect(json).toMatchObject({ levels: [], unplaced: ['Kustomization/flux-system/child', 'Kustomization/flux-system/parent'] });
  // explain agrees (a trial's probe: sob/home-ops's stores had a level, and exit 0).
  const explained = await runCli(['explain', 'child', '--root', root], { cwd: root });
  expect(explained.code).toBe(2);
  expect(explained.stdout).toContain('Kustomization flux-system/child (in a dependency cycle)');
  expect(explained.stdout).toContain('install level    none (a cycle leaves the order undefined)');
});

it('apps that each apply their own directory, all listed by one kustomization applied by hand, are one cluster; bootstrap roots of several clusters never are', async () => {
  // A sweep's probe (nce/oci-free-cloud-k8s): each app's Kustomization applies its own directory, the cluster's
  // gitops/core/kustomization.yaml lists every app's flux.yaml, and nothing here applies that. Each app that applied
  // its own flux.yaml was taken for a cluster of its own, and each dependency between them said "for another
  // cluster" (fifteen errors; order then installed none of them), whether or not their path's kustomization lists it.
  const root = temporaryDirectory();
  const write = fileWriter(root);
  const app = (name: string, dependsOn: string[], listsItself: boolean) => {
    write(`core/${name}/flux.yaml`, kustomizationText(name, `./core/${name}`, `  wait: true\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : ''}`));
    write(`core/${name}/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${listsItself ? '  - flux.yaml\n' : ''}  - hr.yaml\n`);
    write(`core/${name}/hr.yaml`, helmReleaseText(name));
  };
  app('external-secrets', [], false);
  app('external-dns', ['external-secrets'], true);
  app('teleport', ['external-dns', 'external-secrets'], true);
  write('core/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - external-secrets/flux.yaml\n  - external-dns/flux.yaml\n  - teleport/flux.yaml\n');
  const { keys, code } = await audit(root);
  expect(keys).toEqual([]);
  expect(code).toBe(0);
  const order = JSON.parse((await runCli(['order', '--root', '.', '--format', 'json'], { cwd: root })).stdout);
  expect(order.neverInstalled ?? []).toEqual([]);
  // A kustomization above that lists two copies of one id (two clusters' external-dns) could not be built: no one
  // cluster, so other's copy finds no external-secrets in its own.
  write('other/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - external-dns/flux.yaml\n');
  write('other/external-dns/flux.yaml', kustomizationText('external-dns', './other/external-dns', '  wait: true\n  dependsOn:\n    - name: external-secrets\n'));
  write('other/external-dns/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux.yaml\n');
  write('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - core\n  - other\n');
  const apart = await audit(root);
  expect(apart.keys).toEqual(['dependsOn/unknown-target@other/external-dns/flux.yaml:15:7']);
  expect(apart.report.findings[0]!.message).toContain('for another cluster');
  // flux bootstrap's layout, each cluster's root of its own name (so a kustomization over both could be built), listed
  // by a clusters/kustomization.yaml kept for CI, each cluster's kustomization leaving its flux-system out: still two
  // clusters (a review's probes: merged, or no cluster at all, web found staging's redis and passed).
  const fleet = temporaryDirectory();
  const put = fileWriter(fleet);
  for (const cluster of ['prod', 'staging']) {
    put(`clusters/${cluster}/flux-system/gotk-sync.yaml`, kustomizationText(cluster, `./clusters/${cluster}`, '', cluster));
    put(`clusters/${cluster}/flux-system/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n');
    put(`clusters/${cluster}/apps.yaml`, kustomizationText(`apps-${cluster}`, `./apps/${cluster}`, '', cluster));
  }
  put('apps/prod/hr.yaml', `${helmReleaseText('web')}  dependsOn:\n    - name: redis\n`);
  put('apps/staging/hr.yaml', helmReleaseText('redis'));
  put('clusters/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - prod/flux-system\n  - staging/flux-system\n');
  expect((await audit(fleet)).keys).toEqual(['dependsOn/unknown-target@apps/prod/hr.yaml:12:7']);
  for (const cluster of ['prod', 'staging']) put(`clusters/${cluster}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps.yaml\n');
  expect((await audit(fleet)).keys).toEqual(['dependsOn/unknown-target@apps/prod/hr.yaml:12:7']);
  // App roots grouped per cluster (clusters/a/apps, clusters/b/apps), both groups listed by a kustomization above: one
  // cluster per group, not one of both (a second review's probe: web found b's db and passed).
  const grouped = temporaryDirectory();
  const add = fileWriter(grouped);
  const appIn = (cluster: string, name: string, dependsOn: string) => {
    add(`clusters/${cluster}/apps/${name}/ks.yaml`, kustomizationText(name, `./clusters/${cluster}/apps/${name}`, `  wait: true\n${dependsOn ? `  dependsOn:\n    - name: ${dependsOn}\n` : ''}`));
    add(`clusters/${cluster}/apps/${name}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ks.yaml\n');
  };
  appIn('a', 'web', 'db');
  appIn('b', 'db', '');
  add('clusters/a/apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web\n');
  add('clusters/b/apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - db\n');
  add('clusters/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a/apps\n  - b/apps\n');
  expect((await audit(grouped)).keys).toEqual(['dependsOn/unknown-target@clusters/a/apps/web/ks.yaml:15:7']);
});

describe('several clusters in one repository', () => {
  const ks = (name: string, extra: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./x\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
  function clusters(a: string, b: string): string {
    const root = temporaryDirectory();
    for (const [cluster, text] of [['a', a], ['b', b]] as const) {
      mkdirSync(join(root, 'clusters', cluster), { recursive: true });
      writeFileSync(join(root, 'clusters', cluster, 'ks.yaml'), text);
    }
    // What every Kustomization here applies (spec.path: ./x): a path that exists, with something that runs (a
    // ConfigMap alone is ready once it exists: what depends on it needs no wait).
    mkdirSync(join(root, 'x'));
    writeFileSync(join(root, 'x', 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
    return root;
  }

  // A trial's probe (samip5/k8s-cluster): the worst case ran from cluster a's x (1 h) on to z, which only cluster b has.
  it('order\'s worst case is the slowest cluster\'s: a chain never runs from one cluster\'s copy to another cluster\'s object', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const timed = (name: string, timeout: string, dependsOn = '') => ks(name, `  wait: true\n  timeout: ${timeout}\n${dependsOn}`).replace('interval: 1h', 'interval: 2h');
    for (const [cluster, text] of [['a', [timed('x', '1h'), timed('y', '1m', '  dependsOn:\n    - name: x\n')]], ['b', [timed('x', '1m'), timed('z', '1h', '  dependsOn:\n    - name: x\n')]]] as const) {
      write(`clusters/${cluster}/flux-system/gotk-sync.yaml`, kustomizationText('flux-system', `./clusters/${cluster}`));
      write(`clusters/${cluster}/ks.yaml`, text.join('---\n'));
    }
    write('x/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const { stdout } = await runCli(['order', '--root', '.', '--format', 'json'], { cwd: root });
    const { coldStart } = JSON.parse(stdout) as { coldStart: { worstCaseSeconds: number; criticalPath: { object: string }[] } };
    // Either cluster: 1 h, a requeue, 1 min (it was 2 h 30 s: a's x, then b's z).
    expect(coldStart.worstCaseSeconds).toBe(3690);
    expect(coldStart.criticalPath.map((step) => step.object)).toEqual(['Kustomization/flux-system/flux-system', 'Kustomization/flux-system/x', 'Kustomization/flux-system/y']);
  });

  it('a dependency resolves to the copy in its own cluster', async () => {
    const root = clusters(
      [ks('infra', '  wait: true\n'), ks('apps', '  wait: true\n  dependsOn:\n    - name: infra\n')].join('---\n'),
      [ks('infra', '  wait: false\n'), ks('apps', '  wait: true\n  dependsOn:\n    - name: infra\n')].join('---\n'),
    );
    const { keys } = await audit(root);
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@clusters/b/ks.yaml:27:7']);
  });

  /**
   * flux bootstrap's layout twice: clusters/a and clusters/b each apply their own directory; apps is in both, depending
   * on infra in a (which only a has), and in b with `bAppsSpec`.
   */
  const selfApplyingClusters = (bAppsSpec: string) => {
    const root = temporaryDirectory();
    const selfApplying = (cluster: string) => ks('flux-system', '').replace('path: ./x', `path: ./clusters/${cluster}`);
    mkdirSync(join(root, 'clusters', 'a'), { recursive: true });
    mkdirSync(join(root, 'clusters', 'b'), { recursive: true });
    mkdirSync(join(root, 'x'));
    writeFileSync(join(root, 'x', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    writeFileSync(join(root, 'clusters', 'a', 'flux.yaml'), [selfApplying('a'), ks('infra', '  wait: true\n'), ks('apps', '  dependsOn:\n    - name: infra\n')].join('---\n'));
    writeFileSync(join(root, 'clusters', 'b', 'flux.yaml'), [selfApplying('b'), ks('apps', bAppsSpec)].join('---\n'));
    return root;
  };

  it('explain names the clusters an object is in, and what its copy in each depends on where they differ', async () => {
    const root = selfApplyingClusters('');
    const text = await runCli(['explain', 'apps', '--root', root], { cwd: root });
    expect(text.stdout.split('\n').slice(4, 7)).toEqual([
      '  in clusters      clusters/a, clusters/b (a copy in each: the lists merge them)',
      '    clusters/a depends on Kustomization flux-system/infra',
      '    clusters/b depends on none',
    ]);
    const json = await runCli(['explain', 'apps', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout).clusters).toEqual([
      { cluster: 'clusters/a', dependsOn: ['Kustomization/flux-system/infra'], appliedBy: ['Kustomization/flux-system/flux-system'] },
      { cluster: 'clusters/b', dependsOn: [], appliedBy: ['Kustomization/flux-system/flux-system'] },
    ]);
    // One cluster: no line of its own.
    const infra = await runCli(['explain', 'infra', '--root', root], { cwd: root });
    expect(infra.stdout).not.toContain('in clusters');
    expect([text.code, json.code, infra.code]).toEqual([0, 0, 0]);
  });

  // A trial's probe (olga-mir/k8s-multi-cluster): a management cluster's flux-remote applies the workload cluster's
  // flux-system through spec.kubeConfig; both clusters' flux-system are one id, which read as applied by flux-remote.
  it('explain names, per cluster, what applies the copy there: a kubeconfig\'s cluster among them', async () => {
    const root = temporaryDirectory();
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const sync = (cluster: string) => ks('flux-system', '').replace('path: ./x', `path: ./clusters/${cluster}`);
    write('clusters/mgmt/flux-system/sync.yaml', sync('mgmt'));
    write('clusters/mgmt/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n');
    write('clusters/mgmt/remote.yaml', ks('flux-remote', '  kubeConfig:\n    secretRef:\n      name: workload-kubeconfig\n').replace('path: ./x', 'path: ./clusters/workload/flux-system').replace('namespace: flux-system', 'namespace: workload'));
    write('clusters/workload/flux-system/sync.yaml', sync('workload'));
    write('clusters/workload/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n');
    write('x/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const json = await runCli(['explain', 'Kustomization/flux-system/flux-system', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout).clusters).toEqual([
      // (A root no entry point marks is a cluster of its own directory, as messages name it.)
      { cluster: 'clusters/mgmt/flux-system', dependsOn: [], appliedBy: [] },
      { cluster: 'kubeConfig secretRef workload-kubeconfig', dependsOn: [], appliedBy: ['Kustomization/workload/flux-remote'] },
    ]);
    const text = await runCli(['explain', 'Kustomization/flux-system/flux-system', '--root', root], { cwd: root });
    expect(text.stdout).toContain([
      '  in clusters      clusters/mgmt/flux-system, kubeConfig secretRef workload-kubeconfig (a copy in each: the lists merge them)',
      '    clusters/mgmt/flux-system applied by none',
      '    kubeConfig secretRef workload-kubeconfig applied by Kustomization workload/flux-remote',
    ].join('\n'));
  });

  it('explain lists, for a cluster whose copy waits for what that cluster lacks, the id it waits for', async () => {
    // A trial's probe: the cluster whose apps waits for ever read "depends on none".
    const root = selfApplyingClusters('  dependsOn:\n    - name: infra-b\n');
    const json = await runCli(['explain', 'apps', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout).clusters).toEqual([
      { cluster: 'clusters/a', dependsOn: ['Kustomization/flux-system/infra'], appliedBy: ['Kustomization/flux-system/flux-system'] },
      { cluster: 'clusters/b', dependsOn: ['Kustomization/flux-system/infra-b'], appliedBy: ['Kustomization/flux-system/flux-system'] },
    ]);
    expect(json.code).toBe(0);
  });

  it('edges of two clusters never make a cycle together', async () => {
    const root = clusters(
      [ks('infra', '  wait: true\n  dependsOn:\n    - name: apps\n'), ks('apps', '  wait: true\n')].join('---\n'),
      [ks('infra', '  wait: true\n'), ks('apps', '  wait: true\n  dependsOn:\n    - name: infra\n')].join('---\n'),
    );
    const { code, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });
});

it('names Kubernetes rejects are name/invalid in the repository audit too', async () => {
  const root = temporaryDirectory();
  writeFileSync(join(root, 'ks.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: Old_Apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  dependsOn:\n    - name: infra Configs\n    - name: ${INFRA}\n');
  const { keys, report } = await audit(root);
  expect(keys).toEqual(['name/invalid@ks.yaml:4:9', 'name/invalid@ks.yaml:9:7']);
  expect(report.findings[1]!.message).toBe('Kustomization flux-system/Old_Apps depends on "infra Configs", which is not a valid Kubernetes name (it contains a space): no object can have it, so Flux never finds the dependency');
});

it('ResourceSet templates: generated Kustomizations resolve, and their dependsOn ranged over an input is checked, located at the value in that input list', async () => {
  const root = fixture('repositories', 'resourceset');
  const { code, report, keys } = await audit(root);
  expect(keys).toEqual(['dependsOn/unknown-target@kubernetes/platform/config.yaml:18:37']);
  expect(report.findings[0]!.fix).toBe('correct the name, or remove this item');
  expect(report.findings[0]!.message).toBe('Kustomization flux-system/velero-config depends on Kustomization flux-system/snapshot-controler, which does not exist in the repository: Flux holds velero-config at DependencyNotReady for ever');
  expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 4, ResourceSet: 1 });
  // A generated object comes after the ResourceSet that applies it. velero-config, held for ever by its typo, is
  // never installed, nor velero-restore, which waits for it.
  expect(report.flux!.order).toEqual([
    ['ResourceSet/flux-system/platform-kustomizations'],
    ['Kustomization/flux-system/cilium'],
    ['Kustomization/flux-system/external-secrets'],
  ]);
  const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  expect(order.neverInstalled).toEqual(['Kustomization/flux-system/velero-config', 'Kustomization/flux-system/velero-restore']);
  expect(code).toBe(1);
});

/**
 * A repository of one ResourceSet after controlplaneio-fluxcd/d2-fleet's tenants: for input tenant=monitoring, resources:
 * items infra-controllers and infra-configs (line 18 names it), each followed by its `spec:` lines as given.
 */
function tenantsRepository(controllersSpec: string[], configsSpec: string[]): string {
  const root = temporaryDirectory();
  const kustomization = (name: string, spec: string[]) => [
    '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata:', `        name: ${name}`, '        namespace: << inputs.tenant >>',
    ...(spec.length > 0 ? ['      spec:', ...spec.map((line) => `        ${line}`)] : []),
  ];
  writeFileSync(join(root, 'tenants.yaml'), [
    'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: infra', '  namespace: flux-system', 'spec:',
    '  inputs:', '    - tenant: monitoring', '  resources:',
    ...kustomization('infra-controllers', controllersSpec), ...kustomization('infra-configs', configsSpec), '',
  ].join('\n'));
  return root;
}

it('an object a ResourceSet\'s resources: item generates is defined where that item names it, and its written dependsOn orders it', async () => {
  // infra-configs depends on infra-controllers, both from resources: items.
  const root = tenantsRepository([], ['dependsOn:', '  - name: infra-controllers']);
  const explained = await runCli(['explain', 'infra-configs', '--root', root], { cwd: root });
  expect(explained.stdout.split('\n').slice(0, 6)).toEqual([
    'Kustomization monitoring/infra-configs',
    '  defined at       tenants.yaml:18',
    '  applied by       ResourceSet flux-system/infra',
    '  applies          none',
    '  install level    2 (levels run 0 to 2, as order prints them)',
    '  depends on       Kustomization monitoring/infra-controllers',
  ]);
  expect(explained.code).toBe(0);
});

it('what a ResourceSet\'s resources: item writes of wait and timeout prices its objects in the cold start', async () => {
  // d2-fleet's generated Kustomizations (wait: true, timeout: 5m) the worst case left out.
  const root = tenantsRepository(['interval: 30m', 'wait: true', 'timeout: 5m'], ['dependsOn:', '  - name: infra-controllers', 'interval: 30m', 'timeout: 10m']);
  const { stdout, code } = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root });
  // infra-controllers waits up to its 5 minutes; infra-configs sees it Ready a requeue later, and does not wait (no
  // wait: written), so one requeue more.
  expect(JSON.parse(stdout).coldStart).toMatchObject({
    worstCaseSeconds: 360,
    criticalPath: [
      { object: 'ResourceSet/flux-system/infra', timeoutSeconds: 0, applies: true },
      { object: 'Kustomization/monitoring/infra-controllers', timeoutSeconds: 300 }, { object: 'Kustomization/monitoring/infra-configs', timeoutSeconds: 30, afterRequeue: true },
    ],
  });
  expect(code).toBe(0);
});

it('a ResourceSet\'s spec.steps (flux-operator 0.53): what each step generates is read, and a step installs after the steps before it', async () => {
  // Before steps were read, dashboards' dependency on app-billing was a false dependsOn/unknown-target.
  const root = fixture('repositories', 'resourceset-steps');
  const { code, report, keys } = await audit(root);
  expect(keys).toEqual([]);
  expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 4, ResourceSet: 1 });
  // The migrate step holds a Job alone: infra waits for it, and the apps for infra.
  expect(report.flux!.order).toEqual([
    ['ResourceSet/flux-system/release'],
    ['Kustomization/flux-system/infra'],
    ['Kustomization/flux-system/app-billing', 'Kustomization/flux-system/app-search'],
    ['Kustomization/flux-system/dashboards'],
  ]);
  expect(code).toBe(0);
  // The cold start waits for the steps too (a review's probe: the worst case ignored them): infra's hour, then an app's
  // (its template's interval, which its timeout defaults to less 30 s, and its wait: true, are read from the resourcesTemplate).
  const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  expect(order.coldStart.criticalPath.map((step: { object: string }) => step.object)).toEqual([
    'ResourceSet/flux-system/release', 'Kustomization/flux-system/infra', 'Kustomization/flux-system/app-billing', 'Kustomization/flux-system/dashboards',
  ]);
  expect(order.coldStart.worstCaseSeconds).toBe(7200);
});

it('explain names the step an object is generated from, and what flux-operator waits for before it', async () => {
  const root = fixture('repositories', 'resourceset-steps');
  const app = await runCli(['explain', 'app-billing', '--root', root], { cwd: root });
  expect(app.stdout.split('\n')[3]).toBe('  step             apps of ResourceSet flux-system/release, applied once Kustomization flux-system/infra is Ready');
  // infra's step comes after one of Jobs alone: nothing this tool draws.
  const infra = await runCli(['explain', 'infra', '--root', root, '--format', 'json'], { cwd: root });
  expect(JSON.parse(infra.stdout).step).toEqual({ name: 'infra', of: 'ResourceSet/flux-system/release', after: [] });
  const dashboards = await runCli(['explain', 'dashboards', '--root', root, '--format', 'json'], { cwd: root });
  expect(JSON.parse(dashboards.stdout).step).toBeNull();
  expect([app.code, infra.code, dashboards.code]).toEqual([0, 0, 0]);
  // The ResourceSet's own explanation lists what it generates, as a Kustomization's lists what it applies (a trial's probe).
  const release = await runCli(['explain', 'release', '--root', root], { cwd: root });
  expect(release.stdout.split('\n').find((line) => line.startsWith('  applies '))).toBe(
    '  applies          Kustomization flux-system/app-billing, Kustomization flux-system/app-search, Kustomization flux-system/infra',
  );
});

describe('a GitRepository at another address is another repository', () => {
  // After larivierec/home-cluster: a FluxInstance syncs clusters/main from this repository, and the CRDs of
  // gateway-api come from that project's own repository at `path: .`, which is not this whole repository.
  /** GitRepository gateway-api-crd, at `url`. */
  const upstreamCrds = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: gateway-api-crd\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: ${url}\n  ref:\n    tag: v1.2.0\n`;
  function repository(syncUrl: string): string {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    const ks = kustomizationText;
    write('clusters/main/instance.yaml', `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: ${syncUrl}\n    ref: refs/heads/main\n    path: clusters/main\n`);
    write('clusters/main/ks.yaml', [ks('cluster-meta', './meta', '  wait: true\n'), ks('apps', './apps', '  dependsOn:\n    - name: cluster-meta\n')].join('---\n'));
    write('meta/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: meta\n');
    write('apps/crds/gateway-api.yaml', [
      upstreamCrds('https://github.com/kubernetes-sigs/gateway-api'),
      ks('gateway-api', '.', '', 'gateway-api-crd'),
    ].join('---\n'));
    return root;
  }

  it('what a Kustomization of it applies is not read from here: no false cycle through cluster-meta', async () => {
    // The sync's address in another form than the upstream's: ssh, and a trailing .git.
    const root = repository('ssh://git@github.com/example/home-ops.git');
    const { code, keys, report } = await audit(root);
    expect(keys).toEqual([]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', count: 1,
    }));
    const explained = await runCli(['explain', 'cluster-meta', '--root', root], { cwd: root });
    // Applied by the Kustomization flux-operator makes of the FluxInstance's sync.
    expect(explained.stdout.split('\n')[2]).toBe('  applied by       Kustomization flux-system/flux-system');
    expect(code).toBe(0);
  });

  it('a Kustomization a ResourceSet generates from another repository\'s GitRepository applies nothing from here either', async () => {
    // The review's suspicion: generated objects did not go through the source check, so `path: .` was this repository.
    const root = repository('https://github.com/example/home-ops.git');
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('https://github.com/kubernetes-sigs/gateway-api'),
      'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: crds\n  namespace: flux-system\nspec:\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: gateway-api\n      spec:\n        interval: 1h\n        path: .\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: gateway-api-crd\n',
    ].join('---\n'));
    const { code, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });

  it('a repository of this name of another owner on GitHub is another repository', async () => {
    // A trial's probe (nicolerenee/infra and freckleapps/infra): only the name was compared, and the other owner's
    // repository was read from this checkout.
    const root = repository('https://github.com/example/home-ops.git');
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('ssh://git@github.com/someone-else/home-ops.git'),
      kustomizationText('gateway-api', './meta', '', 'gateway-api-crd'),
    ].join('---\n'));
    const { report } = await audit(root);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read', paths: ['apps/crds/gateway-api.yaml'],
    }));
  });

  it('one repository written at two addresses (Azure DevOps\'s ssh and https forms) is one: in doubt, this repository', async () => {
    // A review's probe: the ssh form of the FluxInstance's sync, a second GitRepository at the https form.
    const root = repository('ssh://git@ssh.dev.azure.com/v3/contoso/platform/home-ops');
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('https://dev.azure.com/contoso/platform/_git/home-ops'),
      kustomizationText('gateway-api', './meta', '', 'gateway-api-crd'),
    ].join('---\n'));
    const { report } = await audit(root);
    expect(report.flux!.skipped.map((skip) => skip.reason)).not.toContain('Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read');
  });

  it('where no address says which repository this is, every GitRepository is taken for it, as before', async () => {
    // Without the FluxInstance's url, gateway-api's `path: .` is this whole repository, cluster-meta with it: read
    // from here. That makes a loop (the sync applies apps, which applies gateway-api, which applies clusters/main
    // again), entered where the sync starts: cluster-meta and apps exist before gateway-api applies them again, so
    // apps's dependsOn on cluster-meta is no cycle (it was one before the loop was entered once).
    const root = repository('${GIT_URL}');
    const { code, keys, report } = await audit(root);
    expect(report.flux!.skipped.map((skip) => skip.reason)).not.toContain('Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read');
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    const explained = await runCli(['explain', 'gateway-api', '--root', root], { cwd: root });
    expect(explained.stdout).toContain('  applied by       Kustomization flux-system/apps\n');
  });

  it('where no address says so, one whose Kustomizations find no spec.path here is another repository: said, and warnings hedged', async () => {
    // A trial's probe (ToaHartor/maisonneux): ./config/crd/experimental of gateway-api "applied none", nothing said so,
    // and traefik's unwaited-kustomization warning was stated as fact.
    const root = repository('${GIT_URL}');
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('https://github.com/kubernetes-sigs/gateway-api'),
      kustomizationText('gateway-api', './config/crd/experimental', '', 'gateway-api-crd'),
      kustomizationText('traefik', './meta', '  dependsOn:\n    - name: gateway-api\n'),
    ].join('---\n'));
    const { code, keys, report } = await audit(root);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'Flux Kustomizations whose source is not this repository (a GitRepository whose Kustomizations\' paths are none of them here, where nothing says which address is this repository\'s): what they apply is not read', paths: ['apps/crds/gateway-api.yaml'],
    }));
    expect(keys).toEqual(['dependsOn/unwaited-kustomization@apps/crds/gateway-api.yaml:38:7']);
    expect(report.findings[0]!.message).toContain('it applies what GitRepository flux-system/gateway-api-crd holds, not read here; unless that is only CRDs');
    expect(code).toBe(0);
    // One of its Kustomizations whose path is here makes it this repository again, as before.
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('https://github.com/kubernetes-sigs/gateway-api'),
      kustomizationText('gateway-api', './config/crd/experimental', '', 'gateway-api-crd'),
      kustomizationText('gateway-api-meta', './meta', '', 'gateway-api-crd'),
    ].join('---\n'));
    expect((await audit(root)).report.flux!.skipped.map((skip) => skip.reason)).not.toContain('Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read');
  });

  // A review's probe: a path written as a placeholder that an overlay's patch sets to one that is here is judged as
  // built, not as written.
  it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('a placeholder path an overlay\'s patch sets to one here makes no other repository (skipped without kustomize)', async () => {
    const root = repository('${GIT_URL}');
    writeFileSync(join(root, 'apps/crds/gateway-api.yaml'), [
      upstreamCrds('https://github.com/example/platform'),
      kustomizationText('gateway-api', './CHANGEME', '', 'gateway-api-crd'),
    ].join('---\n'));
    writeFileSync(join(root, 'apps/crds/kustomization.yaml'), 'resources:\n  - gateway-api.yaml\npatches:\n  - target: {kind: Kustomization, name: gateway-api}\n    patch: |-\n      - {op: replace, path: /spec/path, value: ./meta}\n');
    expect((await audit(root)).report.flux!.skipped.map((skip) => skip.reason)).not.toContain('Flux Kustomizations whose source is not this repository (a GitRepository at another address): what they apply is not read');
  });
});

it('two Kustomizations that each apply their own directory (a cluster synced from a mirror too) are both roots: the cluster is kept', async () => {
  // After JJGadgets/Biohazard: 0-config (GitRepository flux-system) and 0-mirror (GitRepository mirror) both apply
  // kube/clusters/main/flux, so each applies the other; an orphan Kustomization elsewhere is a root of its own.
  const root = temporaryDirectory();
  const write = fileWriter(root);
  const ks = (name: string, path: string, source: string, extra = '') => kustomizationText(name, path, extra, source);
  write('kube/clusters/main/flux/flux-repo.yaml', [ks('0-config', './kube/clusters/main/flux', 'flux-system'), ks('0-mirror', './kube/clusters/main/flux', 'mirror')].join('---\n'));
  write('kube/clusters/main/flux/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux-repo.yaml\n  - ../../../deploy/crds/\n  - ../../../deploy/app/\n');
  for (const dir of ['crds', 'app']) write(`kube/deploy/${dir}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ks.yaml\n');
  write('kube/deploy/crds/ks.yaml', ks('crds', './kube/deploy/crds/app', 'flux-system', '  wait: true\n'));
  write('kube/deploy/crds/app/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: crds\n');
  write('kube/deploy/app/ks.yaml', ks('app', './kube/deploy/crds/app', 'flux-system', '  dependsOn:\n    - name: crds\n'));
  write('kube/templates/test/ks.yaml', ks('orphan', './kube/deploy/crds/app', 'flux-system'));
  const { code, keys, report } = await audit(root);
  expect(keys).toEqual([]);
  // (The orphan is no entry point: the roots show how the cluster is synced.)
  expect(report.flux!.objects).toEqual({ HelmRelease: 0, Kustomization: 4, ResourceSet: 0 });
  const explained = await runCli(['explain', 'app', '--root', root], { cwd: root });
  expect(explained.stdout.split('\n')[2]).toBe('  applied by       Kustomization flux-system/0-config, Kustomization flux-system/0-mirror');
  expect(code).toBe(0);
});

it('explain of an object written only where Flux never applies it says so, not that nothing has the name', async () => {
  // JJGadgets/Biohazard: `explain crds` said "no … named crds" for an object the audit had left out.
  const root = temporaryDirectory();
  const ks = (name: string, path: string) => kustomizationText(name, path);
  for (const dir of ['clusters/main', 'apps', 'archive/db']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'clusters/main/flux-system.yaml'), ks('flux-system', './clusters/main'));
  writeFileSync(join(root, 'clusters/main/apps.yaml'), ks('apps', './apps'));
  writeFileSync(join(root, 'apps/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n');
  writeFileSync(join(root, 'archive/db/ks.yaml'), ks('db', './apps'));
  const result = await runCli(['explain', 'db', '--root', root], { cwd: root });
  expect(result.stderr).toBe('error: db is written only in archive/db/ks.yaml, which no Flux Kustomization of this repository applies (never deployed from here, so not in the graph) — list the file where Flux builds it, or name an object Flux applies\n');
  expect(result.code).toBe(3);
});

it.skipIf(!hasCommand('kubectl') && !hasCommand('kustomize'))('explain of an object its applier\'s spec.patches delete names that Kustomization, not an unapplied file (skipped without kustomize)', async () => {
  // Trial 7's D9: the file is applied; `$patch: delete` takes the object out of the build.
  const root = repositoryOf({
    'clusters/prod/flux-system.yaml': kustomizationText('flux-system', './clusters/prod'),
    'clusters/prod/tenants.yaml': kustomizationText('tenants', './tenants').replace('spec:\n', 'spec:\n  patches:\n    - patch: |\n        $patch: delete\n        apiVersion: all\n        kind: all\n        metadata:\n          name: all\n      target:\n        name: a\n        kind: Kustomization\n'),
    'tenants/ks.yaml': `${kustomizationText('a', './apps')}---\n${kustomizationText('b', './apps')}`,
    'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
  });
  const result = await runCli(['explain', 'a', '--root', root], { cwd: root });
  expect(result.stderr).toBe('error: a is written in tenants/ks.yaml, but Kustomization flux-system/tenants builds that file without it (a patch\'s $patch: delete): never deployed, so not in the graph — keep it out of what the patches of Kustomization flux-system/tenants delete, or name an object Flux applies\n');
  expect(result.code).toBe(3);
  // Its sibling, which no patch deletes, is applied by that Kustomization.
  expect((await runCli(['explain', 'b', '--root', root], { cwd: root })).stdout).toContain('applied by       Kustomization flux-system/tenants');
});

it('explain of an object a ResourceSet annotates reconcile: disabled says who leaves it out, not that nothing has the name', async () => {
  // Review 119's remark: it said "no … named apps-b — did you mean apps-a?".
  const root = temporaryDirectory();
  mkdirSync(join(root, 'clusters/main'), { recursive: true });
  writeFileSync(join(root, 'clusters/main/tenants.yaml'), [
    'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: tenants', '  namespace: flux-system', 'spec:',
    '  inputs:', '    - {tenant: a, reconcile: enabled}', '    - {tenant: b, reconcile: disabled}', '  resources:',
    '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata:', '        name: apps-<< inputs.tenant >>',
    '        annotations: {fluxcd.controlplane.io/reconcile: << inputs.reconcile >>}', '      spec: {interval: 1h, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}', '',
  ].join('\n'));
  const result = await runCli(['explain', 'apps-b', '--root', root], { cwd: root });
  expect(result.stderr).toBe('error: apps-b is left out by ResourceSet flux-system/tenants (its template at clusters/main/tenants.yaml:14), annotated fluxcd.controlplane.io/reconcile: disabled: flux-operator never creates it, so it is not in the graph — enable it in the ResourceSet (the annotation, or the input that sets it to disabled), or name an object Flux applies\n');
  expect(result.code).toBe(3);
  expect((await runCli(['explain', 'apps-a', '--root', root], { cwd: root })).code).toBe(0);
});

it('the cold start\'s worst case: what depends on a waiting Kustomization starts once what it applies is Ready, even past its timeout', async () => {
  // A review's probe: p (wait: true, 5m) applies HelmRelease c (timeout 20m); x (10m) depends on p. p is Ready only
  // when c is (it retries past its 5 minutes), so x ends at 30 minutes, not at 5 + 10.
  const root = temporaryDirectory();
  mkdirSync(join(root, 'p'));
  const ks = (name: string, path: string, extra: string) => kustomizationText(name, path, extra);
  writeFileSync(join(root, 'ks.yaml'), [ks('p', './p', '  wait: true\n  timeout: 5m\n'), ks('x', './x', '  wait: true\n  timeout: 10m\n  dependsOn:\n    - name: p\n')].join('---\n'));
  mkdirSync(join(root, 'x'));
  writeFileSync(join(root, 'x/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  writeFileSync(join(root, 'p/hr.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: c\n  namespace: flux-system\nspec:\n  interval: 1h\n  timeout: 20m\n  chart:\n    spec:\n      chart: c\n');
  const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout);
  // (and x sees p Ready at its next requeue)
  expect(order.coldStart.worstCaseSeconds).toBe(1830);
  expect(order.coldStart.criticalPath.map((step: { object: string }) => step.object)).toEqual(['Kustomization/flux-system/p', 'HelmRelease/flux-system/c', 'Kustomization/flux-system/x']);
});

it('a ResourceSet dependsOn item without apiVersion or kind, which flux-operator\'s CRD requires: exit 3, located at the item', async () => {
  // A trial's probe: both passed, the item without kind read as a ResourceSet of that name, "not judged offline".
  const root = temporaryDirectory();
  const resourceSet = (name: string, item: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  dependsOn:\n${item}  resources: []\n`;
  writeFileSync(join(root, 'sets.yaml'), [
    resourceSet('no-api-version', '    - kind: HelmRelease\n      name: redis\n      namespace: flux-system\n'),
    resourceSet('no-kind', '    - apiVersion: helm.toolkit.fluxcd.io/v2\n      name: redis\n      namespace: flux-system\n'),
    resourceSet('complete', '    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: redis\n      namespace: flux-system\n'),
  ].join('---\n'));
  writeFileSync(join(root, 'redis.yaml'), helmReleaseText('redis').replace('namespace: default', 'namespace: flux-system'));
  const { keys, report, code } = await audit(root);
  expect(keys).toEqual(['input/invalid-resource@sets.yaml:8:7', 'input/invalid-resource@sets.yaml:20:7']);
  expect(report.findings.map((finding) => finding.message)).toEqual([
    'ResourceSet dependsOn item without apiVersion: flux-operator\'s CRD requires apiVersion, kind and name, so the cluster rejects this ResourceSet',
    'ResourceSet dependsOn item without kind: flux-operator\'s CRD requires apiVersion, kind and name, so the cluster rejects this ResourceSet',
  ]);
  expect(code).toBe(3);
});

it('a ResourceSet\'s steps that flux-operator refuses: a step name used twice, one object in two steps (exit 3, located)', async () => {
  // A review's probes: both were audited as valid, the first with a deadlock message naming step "first" twice.
  const root = temporaryDirectory();
  const step = (name: string, object: string) => [`    - name: ${name}`, '      resources:', '        - apiVersion: kustomize.toolkit.fluxcd.io/v1', '          kind: Kustomization',
    '          metadata:', `            name: ${object}`, '          spec:', '            interval: 1h', '            prune: true', '            sourceRef:', '              kind: GitRepository', '              name: flux-system'];
  const resourceSet = (steps: string[][]) => ['apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: release', '  namespace: flux-system', 'spec:', '  steps:', ...steps.flat(), ''].join('\n');
  writeFileSync(join(root, 'release.yaml'), resourceSet([step('first', 'a'), step('first', 'b')]));
  const twice = await audit(root);
  expect(twice.keys).toEqual(['input/invalid-resource@release.yaml:20:13']);
  expect(twice.report.findings[0]!.message).toBe('ResourceSet release names two of its steps "first": flux-operator\'s API requires unique step names, and the cluster rejects the ResourceSet');
  expect(twice.code).toBe(3);
  writeFileSync(join(root, 'release.yaml'), resourceSet([step('first', 'a'), step('second', 'a')]));
  const inTwo = await audit(root);
  expect(inTwo.keys).toEqual(['input/invalid-resource@release.yaml:25:19']);
  expect(inTwo.report.findings[0]!.message).toBe('Kustomization flux-system/a is in step "first" and again in step "second" of ResourceSet release: flux-operator fails its build, and applies none of its steps');
  expect(inTwo.code).toBe(3);
});
