// In the slow project (vitest.config.ts): `npm run test:slow`, and `.ci/run` after `npm test`.
// Builds share one kustomize process (see flushBatches in
// src/load/kustomize-build.ts): what each build gives must be what it gives
// alone, whatever namespace it sets or does not set, and a batch kustomize
// refuses must be built again in parts, so that each error is reported where a
// build of its own reports it. The real kustomize, through a logging stand-in
// on PATH that counts processes.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutByWeight, findKustomize, runKustomizeBuild } from '../src/load/kustomize-build.js';
import { mapValue, scalarString } from '../src/load/yaml-tree.js';
import type { Report } from '../src/index.js';
import { runBin, temporaryDirectory } from './helpers.js';
import { repositoryOf } from './repo-builder.js';

const kustomize = findKustomize();

/**
 * The processes `builds` small builds of one weight take: one batch, cut so that every core gets a part of three
 * builds or more (as flushBatches cuts it; their weights are too small to cut it); a part of one build runs alone.
 */
function processesFor(builds: number): { processes: number; parts: number[] } {
  const requests = Array.from({ length: builds }, () => ({ kustomize: kustomize!, dir: '', kustomizationPath: '', subject: '', extra: {} }));
  const parts = cutByWeight(requests, Math.max(1, Math.min(availableParallelism(), Math.floor(builds / 3)))).map((part) => part.length);
  return { processes: parts.length, parts };
}

/**
 * The processes the same builds take when those at `broken` (indexes in the order they were asked for) fail:
 * a part that holds one is refused where kustomize reaches its first broken build, which is then built alone,
 * the builds before it together again, and those after it as a part of their own.
 */
function processesWithBroken(builds: number, broken: readonly number[]): number {
  const part = (first: number, count: number): number => {
    if (count === 0) return 0;
    if (count === 1) return 1;
    const stop = broken.find((index) => index >= first && index < first + count);
    return stop === undefined ? 1 : 1 + part(first, stop - first) + 1 + part(stop + 1, first + count - stop - 1);
  };
  let start = 0;
  return processesFor(builds).parts.reduce((sum, count) => {
    const processes = part(start, count);
    start += count;
    return sum + processes;
  }, 0);
}

const repository = repositoryOf;

const fluxKustomization = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
const helmRelease = (name: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
/** An app directory whose kustomization sets its namespace and patches its HelmRelease: only a build shows the result. */
const app = (name: string, patchFile = 'dependency.yaml') => ({
  [`apps/${name}/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ns-${name}\nresources:\n  - helmrelease.yaml\npatches:\n  - path: ${patchFile}\n    target:\n      kind: HelmRelease\n`,
  [`apps/${name}/helmrelease.yaml`]: helmRelease(name),
  [`apps/${name}/dependency.yaml`]: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  dependsOn:\n    - name: shared\n      namespace: ns-${name}\n`,
});

/** Three apps, each its own kustomization tree (apps/ has none: Flux generates one listing them). */
function threeApps(broken?: string): Record<string, string> {
  return {
    'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
    'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
    ...app('alpha'), ...app('beta', broken === 'beta' ? 'missing.yaml' : undefined), ...app('gamma'),
    'apps/shared/helmrelease.yaml': helmRelease('shared').replace('  name: shared\n', '  name: shared\n  namespace: infra\n'),
  };
}

/**
 * Runs check with a `kustomize` on PATH that logs each process and hands over to the real one; `before`: shell
 * lines it runs first, with the directory to build in $last.
 */
function checkCountingBuilds(root: string, before = ''): { report: Report; code: number | null; processes: number; stubs: string } {
  const bin = temporaryDirectory();
  const log = join(bin, 'runs.log');
  writeFileSync(log, '');
  const stub = join(bin, 'kustomize');
  // `kustomize build ARGS` becomes `kubectl kustomize ARGS` (or the real kustomize, when that is what is installed).
  const real = kustomize!.name === 'kustomize build' ? `exec ${JSON.stringify(kustomize!.command)} "$@"` : `shift\nexec ${JSON.stringify(kustomize!.command)} kustomize "$@"`;
  writeFileSync(stub, `#!/bin/sh\necho run >> ${JSON.stringify(log)}\nfor last; do :; done\n${before}\n${real}\n`);
  chmodSync(stub, 0o755);
  const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: `${bin}:${process.env.PATH}` } });
  return { report: JSON.parse(result.stdout) as Report, code: result.code, processes: readFileSync(log, 'utf8').split('\n').filter(Boolean).length, stubs: bin };
}

describe('a batch cut for the cores (cutByWeight)', () => {
  const builds = (...weights: number[]) => weights.map((weight, index) => ({
    kustomize: { command: 'kustomize', args: [], name: 'kustomize build' }, dir: `b${index}`, kustomizationPath: '', subject: '', extra: { weight },
  }));
  const cut = (weights: number[], parts: number) => cutByWeight(builds(...weights), parts).map((part) => part.map((build) => build.extra.weight));

  it('gives each part about its share of the weight, in the order the builds were asked for', () => {
    expect(cut([143, 64, 32], 2)).toEqual([[143], [64, 32]]);
    expect(cut([32, 64, 143], 2)).toEqual([[32, 64], [143]]);
    expect(cut([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 3)).toEqual([[1, 1, 1], [1, 1, 1, 1], [1, 1, 1]]);
    // Not two heavy builds in one part where one of them alone is about half.
    expect(cut([100, 100, 1, 1], 2)).toEqual([[100], [100, 1, 1]]);
  });

  it('leaves no part empty, and makes no more parts than builds', () => {
    expect(cut([500, 1, 1], 3)).toEqual([[500], [1], [1]]);
    expect(cut([1, 1, 500], 3)).toEqual([[1], [1], [500]]);
    expect(cut([5, 5], 4)).toEqual([[5], [5]]);
    expect(cut([7], 2)).toEqual([[7]]);
  });
});

describe.skipIf(!kustomize)('builds batched into one kustomize process (skipped without kustomize or kubectl)', () => {
  it('give each tree what its own build gives: namespace, patch, and the place it was written', () => {
    const root = repository(threeApps());
    const { report, code, processes, stubs } = checkCountingBuilds(root);
    // Three builds in one process (too few to be cut for another core).
    expect(processes).toBe(processesFor(3).processes);
    expect(processes).toBe(1);
    // The patch made each app depend on `shared` in its own namespace; shared lives in infra. One finding per app,
    // located at the item the patch file writes (what a build adds is located where a patch writes it): the same
    // findings, byte for byte, as the build before batching gave.
    const mismatches = report.findings.filter((finding) => finding.rule === 'dependsOn/namespace-mismatch');
    expect(mismatches.map((finding) => `${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'apps/alpha/dependency.yaml:7:13', 'apps/beta/dependency.yaml:7:13', 'apps/gamma/dependency.yaml:7:13',
    ]);
    expect(mismatches[1]!.message).toBe('HelmRelease ns-beta/beta depends on shared with namespace: ns-beta, but HelmRelease shared lives in infra (apps/shared/helmrelease.yaml:4)');
    expect(report.findings).toHaveLength(3);
    // Each built object is located at the object it came from (kustomize's origins, relative to the batch's top).
    const explained = runBin(['explain', 'HelmRelease/ns-beta/beta', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: `${stubs}:${process.env.PATH}` } });
    expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['apps/beta/helmrelease.yaml:4'], appliedBy: ['Kustomization/flux-system/apps'] });
    expect(report.flux!.objects).toEqual({ HelmRelease: 4, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  });

  it('refuse a build kustomize refuses alone over its name references, batched or not (reviews\' probes: two renamed ServiceAccounts a Deployment names, two renamed admission policies a binding names)', () => {
    const cases = [
      { kind: 'ServiceAccount', object: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n',
        referrer: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      serviceAccountName: sa\n' },
      { kind: 'ValidatingAdmissionPolicy', object: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: sa}\nspec:\n  validations: [{expression: "true"}]\n',
        referrer: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: pb}\nspec:\n  policyName: sa\n  validationActions: [Deny]\n' },
    ];
    for (const { kind, object, referrer } of cases) {
      const files = threeApps();
      // alpha: two objects renamed from `sa` (a JSON patch in a/ and one in b/), and one that names `sa`: kustomize fixes
      // name references at the top of the build and finds two candidates.
      files['apps/alpha/kustomization.yaml'] = files['apps/alpha/kustomization.yaml']!.replace('  - helmrelease.yaml\n', '  - helmrelease.yaml\n  - a\n  - b\n  - referrer.yaml\n');
      for (const [dir, name] of [['a', 'x'], ['b', 'y']]) {
        files[`apps/alpha/${dir}/kustomization.yaml`] = `resources: [object.yaml]\npatches:\n  - target: {kind: ${kind}}\n    patch: '[{"op": "replace", "path": "/metadata/name", "value": "${name}"}]'\n`;
        files[`apps/alpha/${dir}/object.yaml`] = object;
      }
      files['apps/alpha/referrer.yaml'] = referrer;
      const root = repository(files);
      // What the installed kustomize does with the tree alone (a kustomize before 5.5 knows no admission policy's reference).
      const alone = spawnSync(kustomize!.command, [...kustomize!.args, join(root, 'apps/alpha')], { encoding: 'utf8' });
      expect(alone.status === 0 || /found multiple possible referrals/.test(alone.stderr), alone.stderr).toBe(true);
      const { report, code } = checkCountingBuilds(root);
      const failed = report.findings.filter((finding) => finding.rule === 'kustomization/build-failed');
      // (kustomize's message, cut at its length limit, ends with the second candidate's annotations.)
      expect(failed.map((finding) => `${finding.file} ${/^kustomize build fails: .*previousNames: sa,/.test(finding.message)}`), kind)
        .toEqual(alone.status === 0 ? [] : ['apps/alpha/kustomization.yaml true']);
      // beta and gamma are still read as built: each depends on shared in its own namespace.
      expect(report.findings.filter((finding) => finding.rule === 'dependsOn/namespace-mismatch').map((finding) => finding.file)).toEqual([
        'apps/beta/dependency.yaml', 'apps/gamma/dependency.yaml',
      ]);
      expect(code).toBe(1);
    }
  });

  it('cut a batch of few builds for another core when they are large (joryirving/home-ops\'s three cluster trees)', () => {
    // Two trees of 72 entries each (a kustomization, a HelmRelease and 70 ConfigMaps): too few builds to cut by their
    // number, enough to read for a part each.
    const configMaps = (name: string) => Object.fromEntries(Array.from({ length: 70 }, (_, index) => [
      `apps/${name}/config-${index}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${index}\n`,
    ]));
    const files: Record<string, string> = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/shared/helmrelease.yaml': helmRelease('shared').replace('  name: shared\n', '  name: shared\n  namespace: infra\n'),
    };
    for (const name of ['alpha', 'beta']) {
      Object.assign(files, app(name), configMaps(name));
      files[`apps/${name}/kustomization.yaml`] = files[`apps/${name}/kustomization.yaml`]!.replace('  - helmrelease.yaml\n',
        `  - helmrelease.yaml\n${Array.from({ length: 70 }, (_, index) => `  - config-${index}.yaml\n`).join('')}`);
    }
    const { report, code, processes } = checkCountingBuilds(repository(files));
    // One process a core, up to one a build (before: one process for both).
    expect(processes).toBe(Math.min(2, availableParallelism()));
    expect(report.findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`)).toEqual([
      'dependsOn/namespace-mismatch apps/alpha/dependency.yaml:7', 'dependsOn/namespace-mismatch apps/beta/dependency.yaml:7',
    ]);
    expect(code).toBe(1);
  });

  it('build again in parts when kustomize refuses the batch, so each broken tree\'s error is its own and the others are read', () => {
    // Six apps, two broken (a patch file that does not exist): asked for in the order of their paths, beta second and epsilon fourth.
    const files: Record<string, string> = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/shared/helmrelease.yaml': helmRelease('shared').replace('  name: shared\n', '  name: shared\n  namespace: infra\n'),
    };
    const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    for (const name of names) Object.assign(files, app(name, name === 'beta' || name === 'epsilon' ? 'missing.yaml' : undefined));
    const root = repository(files);
    const { report, code, processes } = checkCountingBuilds(root);
    // On two cores: parts (alpha, beta, delta) and (epsilon, gamma, zeta), each refused once: then alpha, beta and delta
    // each alone (kustomize stopped at the second), epsilon alone and gamma with zeta: 7 processes, where building
    // every build of a refused part alone took 8.
    expect(processes).toBe(processesWithBroken(6, [1, 3]));
    if (availableParallelism() === 2) expect(processes).toBe(7);
    // kustomization/build-failed: the repository's own fault, one Kustomization each (exit 1, the rest audited).
    const errors = report.findings.filter((finding) => finding.rule === 'kustomization/build-failed');
    expect(errors.map((finding) => finding.file)).toEqual(['apps/beta/kustomization.yaml', 'apps/epsilon/kustomization.yaml']);
    expect(errors[0]!.message).toContain('missing.yaml');
    // The build's own error, as it gives it alone: not the batch's (which names its wrapper, `from 'b1'`).
    expect(errors.map((finding) => finding.message)).not.toContainEqual(expect.stringMatching(/from 'b\d+'/));
    expect(code).toBe(1);
    // The same findings, in the same order, from a second run, though beta's build (alone) now finishes a second after epsilon's.
    const slow = temporaryDirectory();
    const real = kustomize!.name === 'kustomize build' ? `exec ${JSON.stringify(kustomize!.command)} "$@"` : `shift\nexec ${JSON.stringify(kustomize!.command)} kustomize "$@"`;
    writeFileSync(join(slow, 'kustomize'), `#!/bin/sh\nfor last; do :; done\nif grep -q 'apps/beta' "$last/kustomization.yaml"; then sleep 1; fi\n${real}\n`);
    chmodSync(join(slow, 'kustomize'), 0o755);
    const again = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: `${slow}:${process.env.PATH}` } });
    expect((JSON.parse(again.stdout) as Report).findings.filter((finding) => finding.rule === 'kustomization/build-failed').map((finding) => finding.file)).toEqual([
      'apps/beta/kustomization.yaml', 'apps/epsilon/kustomization.yaml',
    ]);
  });

  /** Ten apps like `app`'s without their namespace, each adding `extra` (file name to text) to its tree. */
  function tenAppsEach(extra: Record<string, string>): Record<string, string> {
    const files: Record<string, string> = {
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/shared/helmrelease.yaml': helmRelease('shared').replace('  name: shared\n', '  name: shared\n  namespace: infra\n'),
    };
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'b0']) {
      Object.assign(files, app(name));
      files[`apps/${name}/kustomization.yaml`] = files[`apps/${name}/kustomization.yaml`]!.replace(`namespace: ns-${name}\n`, '')
        .replace('  - helmrelease.yaml\n', `  - helmrelease.yaml\n${Object.keys(extra).map((file) => `  - ${file}\n`).join('')}`);
      for (const [file, text] of Object.entries(extra)) files[`apps/${name}/${file}`] = text;
    }
    return files;
  }

  it('keep the builds of a batch apart, so that one object in every tree (a ClusterRole) is no refusal: one process a part, not one build per tree', () => {
    const { report, code, processes } = checkCountingBuilds(repository(tenAppsEach({
      'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: same\nrules: []\n',
    })));
    // Every name prefixed per build from the first batch: one process a part (a run that learned it from kustomize's
    // refusal took two; building each tree alone after the refusal took 6 + 6).
    expect(processes).toBe(processesFor(10).processes);
    // Every tree read as built alone: each app depends on shared in its own namespace, shared lives in infra.
    expect(report.findings.filter((finding) => finding.rule === 'dependsOn/namespace-mismatch')).toHaveLength(10);
    expect(report.findings.filter((finding) => finding.rule.startsWith('input/'))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('bootstrap-deps-');
    expect(code).toBe(1);
  });

  it('drop from each build of a batch what cannot be renamed (a Namespace every tree writes, a ConfigMap: its hash covers its name), so the batch builds', () => {
    // Every kind kustomize cannot rename, in every tree; a CRD in its old version too (one patch drops them all).
    const { report, code, processes } = checkCountingBuilds(repository(tenAppsEach({
      'namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shared\n',
      'settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n  namespace: shared\n',
      'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: same\n  namespace: shared\n',
      'crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n',
      'crd-old.yaml': 'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\n',
      'apiservice.yaml': 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1.example.com\n',
    })));
    // One process a part: kept apart, the builds never give kustomize one object twice (building each tree alone
    // took k + 1).
    expect(processes).toBe(processesFor(10).processes);
    expect(report.findings.filter((finding) => finding.rule === 'dependsOn/namespace-mismatch')).toHaveLength(10);
    expect(report.findings.filter((finding) => finding.rule.startsWith('input/'))).toEqual([]);
    expect(code).toBe(1);
  });

  it('a kustomize without the PrefixTransformer (before 4.5) builds as before: batches not kept apart, and what follows a build that gives an object an earlier build gave built alone', () => {
    // The stand-in refuses a wrapper with the PrefixTransformer, as kustomize 4.4 and older do, and reports a
    // refusal in kustomize 4's form of an id: nothing to rename or drop is learned from it.
    const real = kustomize!.name === 'kustomize build' ? `${JSON.stringify(kustomize!.command)} "$@"` : `shift\n${JSON.stringify(kustomize!.command)} kustomize "$@"`;
    const { report, code, processes } = checkCountingBuilds(repository(tenAppsEach({
      'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: same\nrules: []\n',
    })), `if grep -qrs 'kind: PrefixTransformer' "$last"; then echo 'Error: unable to load builtin PrefixTransformer.builtin.[noGrp]' >&2; exit 1; fi\nerrors=$(mktemp)\n${real} 2>"$errors"\nstatus=$?\nsed -E 's/already registered id: [^ ]+/already registered id: ~G_v1_ClusterRole|~X|same/' "$errors" >&2\nrm -f "$errors"\nexit $status`);
    // Each part is refused for its PrefixTransformer, then built plainly and refused at its second build; then its
    // first goes alone as the builds before it, and so does each build after it: a part of k builds takes k + 2
    // processes (the run that never kept apart took k + 1).
    expect(processes).toBe(processesFor(10).parts.reduce((sum, count) => sum + (count === 1 ? 1 : count + 2), 0));
    expect(report.findings.filter((finding) => finding.rule === 'dependsOn/namespace-mismatch')).toHaveLength(10);
    expect(report.findings.filter((finding) => finding.rule.startsWith('input/'))).toEqual([]);
    expect(code).toBe(1);
  });

  it('give each build its own names back, and the references kustomize kept in step with them, after renaming (eleboucher/homelab\'s components)', async () => {
    // Each tree: a Flux Kustomization ${APP}-db in flux-system and a PersistentVolume (cluster-scoped) that a claim
    // names, as a component that every app takes gives them. Asked for in one turn, the two builds share a batch.
    const root = repository({
      ...Object.fromEntries(['one', 'two'].flatMap((name) => [
        [`apps/${name}/kustomization.yaml`, 'resources:\n  - db.yaml\n  - volume.yaml\n'],
        [`apps/${name}/db.yaml`, fluxKustomization('${APP}-db', './db')],
        [`apps/${name}/volume.yaml`, 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${APP}-nfs\nspec:\n  capacity:\n    storage: 1Gi\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  volumeName: ${APP}-nfs\n'],
      ])),
    });
    const bin = temporaryDirectory();
    const log = join(bin, 'runs.log');
    writeFileSync(log, '');
    writeFileSync(join(bin, 'kustomize'), `#!/bin/sh\necho run >> ${JSON.stringify(log)}\nexec ${JSON.stringify(kustomize!.command)} ${kustomize!.args.map((arg) => JSON.stringify(arg)).join(' ')} "$@"\n`);
    chmodSync(join(bin, 'kustomize'), 0o755);
    const counting = { command: join(bin, 'kustomize'), args: [], name: kustomize!.name };
    const builds = await Promise.all(['one', 'two'].map((name) => runKustomizeBuild(counting, join(root, 'apps', name), join(root, 'apps', name, 'kustomization.yaml'), 'this kustomization', { shareable: true })));
    const objects = builds.map((build) => {
      if ('findings' in build) throw new Error(JSON.stringify(build.findings));
      return build.file.documents.map((document) => {
        const name = scalarString(mapValue(document.root, ['metadata', 'name']));
        const namespace = scalarString(mapValue(document.root, ['metadata', 'namespace']));
        const volume = scalarString(mapValue(document.root, ['spec', 'volumeName']));
        return `${scalarString(mapValue(document.root, ['kind']))} ${namespace ?? '-'}/${name}${volume ? ` -> ${volume}` : ''}`;
      }).sort();
    });
    // What each build alone gives: namespaces as written (none for the claim), names as written, and the claim's
    // volumeName (a batch keeps the kinds kustomize's name references join, so that it fixes them as alone).
    for (const index of [0, 1]) {
      expect(objects[index]).toEqual(['Kustomization flux-system/${APP}-db', 'PersistentVolume -/${APP}-nfs', 'PersistentVolumeClaim -/data -> ${APP}-nfs']);
    }
    // The builds kept apart, PersistentVolumes too: one process (a run that learned it from the refusal over the
    // Kustomizations took two; one build each after the refusal, three).
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('share a process among builds that set no namespace, or one namespace, though each gives an object of the same name', () => {
    const root = sameNamedObjects();
    const { report, code, processes, stubs } = checkCountingBuilds(root);
    // One batch, too small to be cut for another core: one process (before, four: one build per process).
    expect(processes).toBe(processesFor(4).processes);
    expectSameNamedObjectsRead(report, code);
    const graph = runBin(['graph', '--root', root, '--format', 'text'], { cwd: root, env: { PATH: `${stubs}:${process.env.PATH}` } });
    expect(graph.stdout).toContain('(no namespace)\n  HelmRelease alpha ');
    expect(graph.stdout).toContain('team\n  HelmRelease team/delta ');
    expect(graph.stdout).not.toContain('bootstrap-deps-batch');
    expect(graph.code).toBe(0);
  });

  it('build alone what sets no namespace, where kustomize ignores unsetOnly (before kustomize 5) and would give every object the placeholder', () => {
    // The stand-in drops unsetOnly from every transformer before kustomize reads it, as an older kustomize ignores it.
    const { report, code, processes } = checkCountingBuilds(sameNamedObjects(), 'find "$last" -name unset-namespace.yaml -exec sed -i /unsetOnly/d {} +');
    // The batch with its probe, then gamma and delta together, alpha and beta each alone.
    expect(processes).toBe(4);
    expectSameNamedObjectsRead(report, code);
  });

  it('build alone what sets no namespace, where kustomize refuses unsetOnly', () => {
    const { report, code, processes } = checkCountingBuilds(sameNamedObjects(),
      'if grep -rq unsetOnly "$last"; then echo \'Error: json: unknown field "unsetOnly"\' >&2; exit 1; fi');
    expect(processes).toBe(4);
    expectSameNamedObjectsRead(report, code);
  });

  /**
   * Every app adds a ConfigMap named ${APP} (Flux substitutes the name later) and patches its HelmRelease to depend
   * on shared. alpha and beta set no namespace (beta's HelmRelease names its own), gamma and delta both set team:
   * built together as they are written, kustomize would refuse two ConfigMaps of one id.
   */
  function sameNamedObjects(): string {
    const appOf = (name: string, namespace?: string, releaseNamespace?: string) => ({
      [`apps/${name}/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${namespace ? `namespace: ${namespace}\n` : ''}resources:\n  - helmrelease.yaml\n  - claim.yaml\npatches:\n  - path: dependency.yaml\n    target:\n      kind: HelmRelease\n`,
      [`apps/${name}/helmrelease.yaml`]: releaseNamespace ? helmRelease(name).replace(`  name: ${name}\n`, `  name: ${name}\n  namespace: ${releaseNamespace}\n`) : helmRelease(name),
      [`apps/${name}/claim.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${APP}\n',
      [`apps/${name}/dependency.yaml`]: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  dependsOn:\n    - name: shared\n`,
    });
    return repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': fluxKustomization('apps', './apps'),
      ...appOf('alpha'), ...appOf('beta', undefined, 'beta-ns'), ...appOf('gamma', 'team'), ...appOf('delta', 'team'),
      'apps/shared/helmrelease.yaml': helmRelease('shared').replace('  name: shared\n', '  name: shared\n  namespace: infra\n'),
    });
  }

  /** Each release of `sameNamedObjects` in the namespace its build alone gives it: beta's own, team, and none for alpha. */
  function expectSameNamedObjectsRead(report: Report, code: number | null): void {
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.message.split(',')[0]}`)).toEqual([
      'apps/beta/dependency.yaml:7 HelmRelease beta-ns/beta depends on shared with no namespace',
      'apps/delta/dependency.yaml:7 HelmRelease team/delta depends on shared with no namespace',
      'apps/gamma/dependency.yaml:7 HelmRelease team/gamma depends on shared with no namespace',
    ]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 5, Kustomization: 2, ResourceSet: 0 });
    expect(code).toBe(1);
  }

  it('never share a process with a tree whose configurations reach beyond it: Flux builds each tree alone', () => {
    // Tree a teaches kustomize that dependsOn names HelmReleases (a nameReference) and prefixes its names; in one
    // build with b, kustomize applied that to b's objects too and renamed b's dependsOn to b-db, hiding b's finding.
    const prefixedApp = (name: string, extra: string) => ({
      [`clusters/main/apps-${name}.yaml`]: fluxKustomization(`apps-${name}`, `./apps/${name}`),
      [`apps/${name}/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ns-${name}\nnamePrefix: ${name}-\n${extra}resources:\n  - hr.yaml\n`,
      [`apps/${name}/hr.yaml`]: `${helmRelease('app').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: db\n')}---\n${helmRelease('db')}`,
    });
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      ...prefixedApp('a', 'configurations:\n  - references.yaml\n'),
      'apps/a/references.yaml': 'nameReference:\n  - kind: HelmRelease\n    fieldSpecs:\n      - path: spec/dependsOn/name\n        kind: HelmRelease\n',
      ...prefixedApp('b', ''), ...prefixedApp('c', ''),
    });
    const { report, code } = checkCountingBuilds(root);
    // a's own dependsOn follows its prefix (a-db exists); b's and c's still name db, which their prefix renamed.
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}`)).toEqual([
      'dependsOn/unknown-target@apps/b/hr.yaml:7', 'dependsOn/unknown-target@apps/c/hr.yaml:7',
    ]);
    expect(code).toBe(1);
  });

  it('locate a built ResourceSet\'s dependsOn inputs where they are written, whatever the batch (not at lines of kustomize\'s output)', () => {
    // A ResourceSet whose template ranges over each input's deps; its tree patches it, so it is built (in a batch with three apps).
    const resourceSet = (inputs: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: tenants\n  namespace: flux-system\nspec:\n  inputs:\n${inputs}  resourcesTemplate: |\n    apiVersion: kustomize.toolkit.fluxcd.io/v1\n    kind: Kustomization\n    metadata:\n      name: infra-<< inputs.tenant >>\n      namespace: flux-system\n    spec:\n      dependsOn:\n        << range $dep := inputs.deps >>\n        - name: << $dep >>\n        << end >>\n      interval: 1h\n      path: ./apps/shared\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n`;
    const tree = (patch: string) => ({
      'apps/zeta/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - resourceset.yaml\npatches:\n  - target:\n      kind: ResourceSet\n    patch: |\n${patch}`,
      'apps/zeta/resourceset.yaml': resourceSet('    - tenant: a\n      deps:\n        - shared-typo\n        - alsomissing\n'),
    });
    const labelled = checkCountingBuilds(repository({ ...threeApps(), ...tree('      - op: add\n        path: /metadata/labels\n        value: {patched: "yes"}\n') }));
    const places = (report: Report) => report.findings.filter((finding) => finding.rule === 'dependsOn/unknown-target').map((finding) => `${finding.file}:${finding.line}:${finding.column}`);
    // The build left the spec as written: each value at its own line.
    expect(places(labelled.report)).toEqual(['apps/zeta/resourceset.yaml:10:11', 'apps/zeta/resourceset.yaml:11:11']);
    // A patch that changes the inputs: the values are kustomize's, placed at the ResourceSet itself.
    const changed = checkCountingBuilds(repository({ ...threeApps(), ...tree('      - op: add\n        path: /spec/inputs/0/deps/-\n        value: third\n') }));
    expect(places(changed.report)).toEqual(['apps/zeta/resourceset.yaml:4:9', 'apps/zeta/resourceset.yaml:4:9', 'apps/zeta/resourceset.yaml:4:9']);
  });

  it('locate what a built Kustomization says of its path at its own file, whatever the batch (not in kustomize\'s output)', () => {
    const withKustomization = (name: string) => ({
      [`apps/${name}/ks.yaml`]: fluxKustomization(`k-${name}`, './nothere'),
      [`apps/${name}/kustomization.yaml`]: readFileSync(join(threeAppsRoot, `apps/${name}/kustomization.yaml`), 'utf8').replace('  - helmrelease.yaml\n', '  - helmrelease.yaml\n  - ks.yaml\n'),
    });
    const files = threeApps();
    const threeAppsRoot = repository(files);
    const root = repository({ ...files, ...withKustomization('alpha'), ...withKustomization('beta'), ...withKustomization('gamma') });
    const { report } = checkCountingBuilds(root);
    expect(report.findings.filter((finding) => finding.rule === 'kustomization/path-not-found').map((finding) => `${finding.file}:${finding.line}`)).toEqual([
      'apps/alpha/ks.yaml:8', 'apps/beta/ks.yaml:8', 'apps/gamma/ks.yaml:8',
    ]);
  });

  it('build with a TMPDIR that is a symbolic link (as macOS\'s is): the wrapper names directories from its real path', () => {
    const root = repository(threeApps());
    const link = join(temporaryDirectory(), 'tmp-link');
    symlinkSync(temporaryDirectory(), link);
    const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: process.env.PATH, TMPDIR: link } });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => finding.rule)).toEqual(['dependsOn/namespace-mismatch', 'dependsOn/namespace-mismatch', 'dependsOn/namespace-mismatch']);
    expect(result.code).toBe(1);
  });

  it('say that no temporary directory can be made, at each kustomization that needed a build, and exit 3 (no internal error)', () => {
    const root = repository(threeApps());
    const result = runBin(['check', '--root', root, '--format', 'json'], { cwd: root, env: { PATH: process.env.PATH, TMPDIR: join(root, 'no-such-directory') } });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}`)).toEqual([
      'input/kustomize-error@apps/alpha/kustomization.yaml', 'input/kustomize-error@apps/beta/kustomization.yaml', 'input/kustomize-error@apps/gamma/kustomization.yaml',
    ]);
    expect(report.findings[0]!.message).toMatch(/^cannot run (kustomize build|kubectl kustomize): no temporary directory for its wrapper kustomization \(ENOENT/);
    expect(report.findings[0]!.fix).toBe('set TMPDIR to a writable directory, or pass --no-kustomize to audit the files as written');
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(3);
  });
});

describe.skipIf(!kustomize)('a remote resource this machine cannot reach (skipped without kustomize or kubectl)', () => {
  it('is said to be one, not a fault of the kustomization, and the audit goes on with that tree as written', () => {
    // A second trial ran without network: toboshii/home-ops's dashboards are URLs, and kustomize said "no such host".
    // A later trial (h3mmy/bloopySphere): one unreachable configMapGenerator file stopped the whole audit (exit 3),
    // and --no-kustomize, the way on, gave up every other build too. Now a warning; the rest is audited.
    const root = repository(threeApps());
    const { report, code } = checkCountingBuilds(root, 'echo \'Error: accumulating resources: ... lookup raw.githubusercontent.com on 127.0.0.53:53: no such host\' >&2\nexit 1');
    expect(report.findings.filter((finding) => finding.rule === 'input/kustomize-error')).toEqual([]);
    const warnings = report.findings.filter((finding) => finding.rule === 'input/kustomize-skipped');
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning.severity).toBe('warning');
      expect(warning.message).toMatch(/^(?:kubectl kustomize|kustomize build) cannot fetch a remote resource from this machine \(lookup raw\.githubusercontent\.com on 127\.0\.0\.53:53: no such host\): .*; what this kustomization builds is audited as written$/);
      expect(warning.fix).toBe('run where the network reaches it to audit what Flux builds (kustomize-controller fetches it in the cluster)');
    }
    // Nothing else stops the audit: the warnings alone, exit 0.
    expect(report.findings.every((finding) => finding.rule === 'input/kustomize-skipped')).toBe(true);
    expect(code).toBe(0);
  });

  it('under a Flux Kustomization\'s spec.patches: the patches are said not to be applied, and the audit not to be whole', () => {
    // A trial's probe (JJGadgets/Biohazard): a remote configMapGenerator file out of reach failed the build of the
    // root's spec.patches (wait: true on every Kustomization): 81 false unwaited-kustomization warnings, one line in
    // skipped without incomplete, and nothing in the text, nor any warning naming the file.
    const waitEverywhere = '  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: any\n        spec:\n          wait: true\n      target:\n        kind: Kustomization\n';
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/apps.yaml': `${fluxKustomization('apps', './apps')}${waitEverywhere}`,
      'apps/kustomization.yaml': 'resources:\n  - a.yaml\n  - b.yaml\n  - dash\n',
      'apps/a.yaml': fluxKustomization('a', './a'),
      'apps/b.yaml': `${fluxKustomization('b', './b')}  dependsOn:\n    - name: a\n`,
      'apps/dash/kustomization.yaml': 'configMapGenerator:\n  - name: dash\n    files:\n      - dash.json=https://raw.githubusercontent.com/example/dash.json\n',
      'a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      'b/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    });
    const unreachable = `echo "Error: accumulating resources: recursed accumulation of path '${join(realpathSync(root), 'apps/dash')}': loading KV pairs: lookup raw.githubusercontent.com on 127.0.0.53:53: no such host" >&2\nexit 1`;
    const { report, code, stubs } = checkCountingBuilds(root, unreachable);
    const skipped = report.findings.filter((finding) => finding.rule === 'input/kustomize-skipped');
    expect(skipped.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['apps/dash/kustomization.yaml:4']);
    expect(skipped[0]!.message).toMatch(/; the spec\.patches of the Flux Kustomization that builds it are not applied: what they patch is audited as written$/);
    expect(report.flux!.skipped).toContainEqual({
      reason: 'spec.patches of a Flux Kustomization whose build with them fails here (not applied: what they patch is audited as written)',
      count: 1, example: 'clusters/main/apps.yaml', paths: ['clusters/main/apps.yaml'], incomplete: true,
    });
    expect(code).toBe(0);
    // In text, the note that PASSED is no whole audit.
    const text = runBin(['check', '--root', root], { cwd: root, env: { PATH: `${stubs}:${process.env.PATH}` } });
    expect(text.stderr).toContain('note: not audited in full (spec.patches of a Flux Kustomization whose build with them fails here (not applied: what they patch is audited as written)): clusters/main/apps.yaml\n');
  });

  it('is one line, however many Flux Kustomizations build the tree that names it', () => {
    // A trial's probe (Apocrathia/homelab): flux-system's kustomization lists the CRD tree, which its own Kustomization
    // applies too; the two builds gave two exit-3 lines at one entry.
    const root = repository({
      'clusters/main/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/main'),
      'clusters/main/kustomization.yaml': 'resources:\n  - flux-system/gotk-sync.yaml\n  - crds.yaml\n  - ../../crds\n',
      'clusters/main/crds.yaml': fluxKustomization('crds', './crds'),
      // A patch of a Flux kind's dependsOn: the tree is built.
      'crds/kustomization.yaml': 'resources:\n  - https://example.invalid/storage/install.yaml\npatches:\n  - patch: \'[{"op": "add", "path": "/spec/dependsOn", "value": [{"name": "x"}]}]\'\n    target:\n      kind: HelmRelease\n',
    });
    // As kustomize says it: the directory it was accumulating, then the host; the rest of each build's message is
    // its own (its process here, the trees it went through in the trial).
    const { report, code } = checkCountingBuilds(root, `echo "Error: accumulating resources: recursed accumulation of path '${join(realpathSync(root), 'crds')}': lookup example.invalid on 127.0.0.53:53: no such host (process $$)" >&2\nexit 1`);
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['input/kustomize-skipped@crds/kustomization.yaml:2:5']);
    expect(code).toBe(0);
  });

  it('is located at the entry that names the host: in the kustomization built, or in the nested one its error goes through', () => {
    // gavinmcfall/home-ops lists a CRD by URL in dragonfly/app; toboshii/home-ops's dashboards are a nested
    // kustomization's configMapGenerator files. Both were errors at the kustomization, with no line.
    const direct = repository({
      ...threeApps(),
      // (A comment naming the same host comes first: a review's probe located the error there.)
      'apps/alpha/kustomization.yaml': app('alpha')['apps/alpha/kustomization.yaml']!.replace('  - helmrelease.yaml\n', '  - helmrelease.yaml\n  - https://raw.githubusercontent.com/example/operator/v1/crd.yaml\n')
        .replace('kind: Kustomization\n', 'kind: Kustomization\n# from https://raw.githubusercontent.com/example/operator\n'),
    });
    const noHost = 'lookup raw.githubusercontent.com on 127.0.0.53:53: no such host';
    const first = checkCountingBuilds(direct, `case "$(cat "$last"/kustomization.yaml)" in *alpha*) echo 'Error: accumulating resources: ${noHost}' >&2; exit 1;; esac`);
    expect(first.report.findings.filter((finding) => finding.rule === 'input/kustomize-skipped').map((finding) => `${finding.file}:${finding.line}:${finding.column}`))
      .toEqual(['apps/alpha/kustomization.yaml:7:5']);
    const nested = repository({
      ...threeApps(),
      'apps/alpha/kustomization.yaml': app('alpha')['apps/alpha/kustomization.yaml']!.replace('  - helmrelease.yaml\n', '  - helmrelease.yaml\n  - dash\n'),
      'apps/alpha/dash/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: dash\n    files:\n      - dash.json=https://raw.githubusercontent.com/example/dash.json\n',
    });
    const second = checkCountingBuilds(nested, `case "$(cat "$last"/kustomization.yaml)" in *alpha*) echo "Error: accumulating resources: recursed accumulation of path '${nested}/apps/alpha/dash': loading KV pairs: ${noHost}" >&2; exit 1;; esac`);
    expect(second.report.findings.filter((finding) => finding.rule === 'input/kustomize-skipped').map((finding) => `${finding.file}:${finding.line}:${finding.column}`))
      .toEqual(['apps/alpha/dash/kustomization.yaml:6:19']);
  });

  it('is not claimed for an error that merely quotes a timeout (a review\'s probe: an alert text in a replacement\'s target)', () => {
    const root = repository(threeApps());
    const { report } = checkCountingBuilds(root, 'echo \'Error: unable to find field "spec.values.alerts" in replacement target: description: check failed (dial tcp: i/o timeout)\' >&2\nexit 1');
    // A refusal, not the network: kustomization/build-failed, with the kustomization's fix.
    const errors = report.findings.filter((finding) => finding.rule === 'kustomization/build-failed');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.fix).toMatch(/^fix the kustomization: Flux's build of /);
  });
});
