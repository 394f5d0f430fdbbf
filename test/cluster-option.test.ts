// order, graph and explain with --cluster: one cluster of a repository that several share, its own copies of objects
// with their own dependsOn. Without it the repository graph is by id, the copies of one object in several clusters one.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryDirectory } from './helpers.js';
import { fileWriter } from './repo-builder.js';


const fluxKustomization = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
const helmRelease = (name: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;
const dependsOn = (name: string) => `  dependsOn:\n    - name: ${name}\n`;

/**
 * flux bootstrap's layout for clusters a and b, each applying infra (./infra) and apps (./apps): a installs infra
 * first, b apps first (`aExtra`, `bExtra`: more files of each cluster directory).
 */
function oppositeClusters(aExtra: Record<string, string> = {}, bExtra: Record<string, string> = {}): string {
  const root = temporaryDirectory();
  const write = fileWriter(root);
  for (const [cluster, first, extra] of [['a', 'infra', aExtra], ['b', 'apps', bExtra]] as const) {
    write(`clusters/${cluster}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system', `./clusters/${cluster}`));
    write(`clusters/${cluster}/flux-system/kustomization.yaml`, 'resources:\n  - gotk-sync.yaml\n');
    const second = first === 'infra' ? 'apps' : 'infra';
    write(`clusters/${cluster}/${first}.yaml`, fluxKustomization(first, `./${first}`, '  wait: true\n'));
    write(`clusters/${cluster}/${second}.yaml`, fluxKustomization(second, `./${second}`, `  wait: true\n${dependsOn(first)}`));
    for (const [path, text] of Object.entries(extra)) write(`clusters/${cluster}/${path}`, text);
  }
  write('infra/release.yaml', helmRelease('infra-chart'));
  write('apps/release.yaml', helmRelease('apps-chart'));
  return root;
}

const levelsOf = async (root: string, args: string[]) => {
  const result = await runCli(['order', '--format', 'json', ...args], { cwd: root });
  return { ...result, order: JSON.parse(result.stdout) as { cluster?: string; levels: string[][]; unplaced?: string[] } };
};

describe('order --cluster', () => {
  it('orders one cluster\'s copies by their own dependsOn, where the clusters together put them on one level', async () => {
    const root = oppositeClusters();
    const together = await levelsOf(root, []);
    // Each cluster's order is the other's reversed: together, infra and apps wait for each other, and share a level.
    expect(together.order.levels[1]).toEqual(['Kustomization/flux-system/apps', 'Kustomization/flux-system/infra']);
    expect(together.order.cluster).toBeUndefined();
    const a = await levelsOf(root, ['--cluster', 'clusters/a']);
    expect(a.code).toBe(0);
    expect(a.order.cluster).toBe('clusters/a/flux-system');
    expect(a.order.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/infra'],
      ['HelmRelease/default/infra-chart'],
      ['Kustomization/flux-system/apps'],
      ['HelmRelease/default/apps-chart'],
    ]);
    const b = await levelsOf(root, ['--cluster', 'clusters/b/flux-system']);
    expect(b.order.cluster).toBe('clusters/b/flux-system');
    expect(b.order.levels.slice(1)).toEqual([
      ['Kustomization/flux-system/apps'],
      ['HelmRelease/default/apps-chart'],
      ['Kustomization/flux-system/infra'],
      ['HelmRelease/default/infra-chart'],
    ]);
  });

  it('text names the cluster in its heading; without --cluster, a closing note names the clusters ordered together', async () => {
    const root = oppositeClusters();
    const one = await runCli(['order', '--cluster', 'clusters/a'], { cwd: root });
    expect(one.stdout.split('\n')[0]).toBe('Install levels across kinds in the cluster of clusters/a/flux-system (each object one level after the last of what it waits for)');
    expect(one.stdout).not.toContain('ordered together');
    const together = await runCli(['order'], { cwd: root });
    expect(together.stdout.trimEnd().split('\n').at(-1)).toBe(
      '2 clusters (clusters/a/flux-system, clusters/b/flux-system) are ordered together here, the copies of an object in several of them as one: --cluster DIR gives one cluster\'s order');
  });

  it('a cycle in one cluster leaves that cluster\'s order undefined (exit 2), and the other\'s whole (exit 0)', async () => {
    // In b, infra also depends on apps-chart's applier's dependent: infra → apps → infra.
    const root = oppositeClusters({}, {});
    writeFileSync(join(root, 'clusters/b/apps.yaml'), fluxKustomization('apps', './apps', `  wait: true\n${dependsOn('infra')}`));
    const b = await levelsOf(root, ['--cluster', 'clusters/b']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('error: dependency cycle: Kustomization flux-system/');
    expect(b.order.unplaced).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'Kustomization/flux-system/infra']));
    const a = await levelsOf(root, ['--cluster', 'clusters/a']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.order.levels.flat()).toHaveLength(5);
  });

  it('refuses, with exit 3, a directory that is no cluster, one that holds several, and a misspelt one (did you mean)', async () => {
    const root = oppositeClusters();
    const none = await runCli(['order', '--cluster', 'clusters/c'], { cwd: root });
    expect(none.code).toBe(3);
    expect(none.stderr).toBe('error: --cluster clusters/c is no cluster of this repository (its clusters: clusters/a/flux-system, clusters/b/flux-system) — pass one of them: a cluster\'s directory, as messages name it\n');
    expect(none.stdout).toBe('');
    const several = await runCli(['order', '--cluster', 'clusters'], { cwd: root });
    expect(several.code).toBe(3);
    expect(several.stderr).toBe('error: --cluster clusters holds 2 clusters: clusters/a/flux-system, clusters/b/flux-system — pass the directory of one of them\n');
    const typo = await runCli(['order', '--cluster', 'clusters/a/flux-sytem'], { cwd: root });
    expect(typo.stderr).toContain('— did you mean --cluster clusters/a/flux-system?\n');
    // JSON output: the error document, as for every usage error.
    const json = await runCli(['order', '--cluster', 'clusters/c', '--format', 'json'], { cwd: root });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).findings).toEqual([expect.objectContaining({ rule: 'input/usage', message: expect.stringContaining('--cluster clusters/c is no cluster') })]);
  });

  it('refuses an empty --cluster (exit 3); of two, the last counts, as for every option of one value', async () => {
    const root = oppositeClusters();
    const empty = await runCli(['order', '--cluster', ''], { cwd: root });
    expect([empty.code, empty.stderr]).toEqual([3, 'error: --cluster is empty — pass a cluster\'s directory, as messages name it\n']);
    // (The Action appends --format markdown to the audit's own arguments: the last value of an option counts.)
    expect((await levelsOf(root, ['--cluster', 'clusters/a', '--cluster', 'clusters/b'])).order.cluster).toBe('clusters/b/flux-system');
  });

  it('takes a directory from the working directory, as every path option does', async () => {
    const root = oppositeClusters();
    const fromBelow = await levelsOf(join(root, 'clusters'), ['--root', '..', '--cluster', 'b']);
    expect(fromBelow.code).toBe(0);
    expect(fromBelow.order.cluster).toBe('b/flux-system');
    // From inside the cluster's directory its label is a path still, not a word that reads as a namespace (trial 8's D3).
    const inside = await runCli(['order', '--root', '../..', '--cluster', '.'], { cwd: join(root, 'clusters/b') });
    expect(inside.stdout).toContain('Install levels across kinds in the cluster of ./flux-system (');
    expect((await levelsOf(join(root, 'clusters/b'), ['--root', '../..', '--cluster', './flux-system'])).order.cluster).toBe('./flux-system');
  });

  it('a cluster of a kubeConfig is named by its label, as messages print it; what applies there comes first, the rest of its management cluster not', async () => {
    const root = oppositeClusters({
      'remote.yaml': fluxKustomization('remote', './remote', '  kubeConfig:\n    secretRef:\n      name: edge-kubeconfig\n'),
    });
    fileWriter(root)('remote/release.yaml', helmRelease('edge-chart'));
    const together = await runCli(['order'], { cwd: root });
    expect(together.stdout).toContain('3 clusters (clusters/a/flux-system, clusters/b/flux-system, kubeConfig secretRef edge-kubeconfig)');
    // With what drives it from the management cluster: a's root, then the Kustomization that applies there.
    const edge = await levelsOf(root, ['--cluster', 'kubeConfig secretRef edge-kubeconfig']);
    expect(edge.code).toBe(0);
    expect(edge.order.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/remote'], ['HelmRelease/default/edge-chart']]);
    const management = await levelsOf(root, ['--cluster', 'clusters/a']);
    expect(management.order.levels.flat()).toContain('Kustomization/flux-system/remote');
    expect(management.order.levels.flat()).not.toContain('HelmRelease/default/edge-chart');
    expect((await runCli(['order', '--cluster', 'kubeConfig secretRef edge-kubeconfig'], { cwd: root })).stdout.split('\n')[0])
      .toBe('Install levels across kinds in the cluster of kubeConfig secretRef edge-kubeconfig, with what its management cluster applies there and waits for first (each object one level after the last of what it waits for)');
  });

  it('a kubeConfig cluster that gets no Flux object is a cluster too: its order is what applies there (a trial\'s probe)', async () => {
    const root = oppositeClusters({ 'remote.yaml': fluxKustomization('remote', './spoke', '  kubeConfig:\n    secretRef:\n      name: spoke-kubeconfig\n') });
    fileWriter(root)('spoke/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spoke\n');
    const spoke = await levelsOf(root, ['--cluster', 'kubeConfig secretRef spoke-kubeconfig']);
    expect(spoke.code).toBe(0);
    expect(spoke.order.levels).toEqual([['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/remote']]);
    expect((await runCli(['order'], { cwd: root })).stdout).toContain('3 clusters (clusters/a/flux-system, clusters/b/flux-system, kubeConfig secretRef spoke-kubeconfig)');
  });

  it('a kubeConfig cluster\'s order keeps the order its management cluster\'s dependsOn gives what it applies there', async () => {
    // A review's probe: the hub's remote-apps waits for remote-infra; both apply into the workload cluster, whose order had
    // both charts on level 0.
    const remote = (name: string, extra = '') => fluxKustomization(name, `./remote/${name}`, `  wait: true\n  kubeConfig:\n    secretRef:\n      name: workload-kubeconfig\n${extra}`);
    // remote-infra also waits for the hub's own infra: that comes first too, and nothing else of the hub (its apps).
    const root = oppositeClusters({ 'remote-infra.yaml': remote('remote-infra', dependsOn('infra')), 'remote-apps.yaml': remote('remote-apps', dependsOn('remote-infra')) });
    fileWriter(root)('remote/remote-infra/release.yaml', helmRelease('infra-remote'));
    fileWriter(root)('remote/remote-apps/release.yaml', helmRelease('apps-remote'));
    const { order } = await levelsOf(root, ['--cluster', 'kubeConfig secretRef workload-kubeconfig']);
    expect(order.levels).toEqual([
      ['Kustomization/flux-system/flux-system'],
      ['Kustomization/flux-system/infra'],
      ['HelmRelease/default/infra-chart'],
      ['Kustomization/flux-system/remote-infra'],
      ['HelmRelease/default/infra-remote'],
      ['Kustomization/flux-system/remote-apps'],
      ['HelmRelease/default/apps-remote'],
    ]);
  });

  it('where no flux-system marks the clusters, a root directory is one (fluxcd/flux2-kustomize-helm-example\'s clusters/staging)', async () => {
    const root = fixture('repositories/kustomize-helm-example');
    // (--root: the fixture lies inside this project's checkout, whose top is the root otherwise.)
    const staging = await levelsOf(root, ['--root', '.', '--cluster', 'clusters/staging']);
    expect(staging.code).toBe(0);
    expect(staging.order.cluster).toBe('clusters/staging');
    expect(staging.order.levels[0]).toEqual(['Kustomization/flux-system/infra-controllers']);
    // Nothing marks a cluster there: no note that clusters are ordered together.
    const together = await runCli(['order', '--root', '.'], { cwd: root });
    expect(together.code).toBe(0);
    expect(together.stdout).not.toContain('ordered together');
  });
});

describe('order --cluster: the cluster\'s own settings, and its names (a review\'s probes)', () => {
  const requeuePatch = (seconds: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\npatches:\n  - patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: --requeue-dependency=${seconds}\n    target:\n      kind: Deployment\n      name: "(kustomize-controller|helm-controller)"\n`;

  it('a setting beside the cluster\'s flux-system, or of a kubeConfig\'s cluster, is that cluster\'s (a review\'s probes)', async () => {
    const root = oppositeClusters({ 'controllers/kustomization.yaml': requeuePatch('5s').replace('gotk-sync.yaml', 'deployment.yaml') });
    fileWriter(root)('clusters/a/controllers/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kustomize-controller\n');
    const seconds = async (args: string[]) => (JSON.parse((await runCli(['order', '--format', 'json', ...args], { cwd: root })).stdout) as { coldStart: { requeueSeconds: number } }).coldStart.requeueSeconds;
    expect(await seconds(['--cluster', 'clusters/a'])).toBe(5);
    expect(await seconds(['--cluster', 'clusters/b'])).toBe(30);
    // A workload cluster's controllers, applied from a's flux-remote into it: that cluster's, not a's.
    const hub = oppositeClusters({ 'remote.yaml': fluxKustomization('remote', './workload', '  kubeConfig:\n    secretRef:\n      name: workload-kubeconfig\n') });
    fileWriter(hub)('workload/flux-system/kustomization.yaml', requeuePatch('5s'));
    fileWriter(hub)('workload/flux-system/gotk-sync.yaml', fluxKustomization('flux-system', './workload'));
    const hubSeconds = async (args: string[]) => (JSON.parse((await runCli(['order', '--format', 'json', ...args], { cwd: hub })).stdout) as { coldStart: { requeueSeconds: number } }).coldStart.requeueSeconds;
    expect(await hubSeconds(['--cluster', 'clusters/a'])).toBe(30);
    expect(await hubSeconds(['--cluster', 'kubeConfig secretRef workload-kubeconfig'])).toBe(5);
    expect((await runCli(['order', '--cluster', 'clusters/a'], { cwd: root })).stdout).toContain(' dependency requeue (the cluster\'s --requeue-dependency=5s at clusters/a/controllers/kustomization.yaml:');
  });

  it('prices the cold start with the requeue its own controllers are given, not the repository\'s two values', async () => {
    const root = oppositeClusters({ 'flux-system/kustomization.yaml': requeuePatch('5s') }, { 'flux-system/kustomization.yaml': requeuePatch('2m') });
    const seconds = async (args: string[]) => (JSON.parse((await runCli(['order', '--format', 'json', ...args], { cwd: root })).stdout) as { coldStart: { requeueSeconds: number; requeueSource: string } }).coldStart;
    // Together: two values, so the default, as before.
    expect(await seconds([])).toMatchObject({ requeueSeconds: 30, requeueSource: 'default' });
    expect(await seconds(['--cluster', 'clusters/a'])).toMatchObject({ requeueSeconds: 5, requeueSource: 'repository' });
    expect(await seconds(['--cluster', 'clusters/b'])).toMatchObject({ requeueSeconds: 120, requeueSource: 'repository' });
  });

  it('names a bootstrap nested in another\'s directory by the nearest; a FluxInstance\'s cluster by a directory in it; a part by did-you-mean', async () => {
    const nested = temporaryDirectory();
    const write = fileWriter(nested);
    write('clusters/a/flux-system/gotk-sync.yaml', fluxKustomization('flux-system', './clusters/a'));
    write('clusters/a/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    write('clusters/a/kustomization.yaml', 'resources:\n  - flux-system\n  - apps.yaml\n');
    write('clusters/a/apps.yaml', fluxKustomization('apps', './apps'));
    write('clusters/a/sub/flux-system/gotk-sync.yaml', fluxKustomization('flux-system', './clusters/a/sub'));
    write('clusters/a/sub/flux-system/kustomization.yaml', 'resources:\n  - gotk-sync.yaml\n');
    write('clusters/a/sub/infra.yaml', fluxKustomization('infra', './infra'));
    write('apps/release.yaml', helmRelease('a1'));
    write('infra/release.yaml', helmRelease('i1'));
    expect((await levelsOf(nested, ['--cluster', 'clusters/a'])).order.cluster).toBe('clusters/a/flux-system');
    expect((await levelsOf(nested, ['--cluster', 'clusters/a/sub'])).order.cluster).toBe('clusters/a/sub/flux-system');
    const fleet = temporaryDirectory();
    const put = fileWriter(fleet);
    for (const cluster of ['dev', 'prod']) {
      put(`clusters/${cluster}/flux-system/flux-instance.yaml`, `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.x"\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: clusters/${cluster}\n`);
      put(`clusters/${cluster}/apps.yaml`, fluxKustomization('apps', './apps'));
    }
    put('apps/release.yaml', helmRelease('web'));
    expect((await levelsOf(fleet, ['--cluster', 'clusters/prod/flux-system'])).order.cluster).toBe('clusters/prod');
    expect((await runCli(['order', '--cluster', 'prod'], { cwd: fleet })).stderr).toBe('error: --cluster prod is no cluster of this repository (its clusters: clusters/dev, clusters/prod) — did you mean --cluster clusters/prod?\n');
  });

  it('tells apart two kubeConfig clusters of one label in one management cluster by their namespaces; a directory of two side by side holds both', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    write('clusters/mgmt/flux-system/gotk-sync.yaml', fluxKustomization('flux-system', './clusters/mgmt'));
    write('clusters/prod/flux-system.yaml', `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.x"\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    url: https://github.com/example/fleet.git\n    ref: refs/heads/main\n    path: clusters/prod\n`);
    write('clusters/prod/apps.yaml', fluxKustomization('apps', './apps'));
    write('apps/release.yaml', helmRelease('web'));
    for (const tenant of ['tenant-a', 'tenant-b']) {
      write(`clusters/mgmt/${tenant}.yaml`, fluxKustomization('remote', `./remote/${tenant}`, '  kubeConfig:\n    secretRef:\n      name: kubeconfig\n').replace('namespace: flux-system', `namespace: ${tenant}`));
      write(`remote/${tenant}/release.yaml`, helmRelease(`${tenant}-chart`));
    }
    const label = 'kubeConfig secretRef kubeconfig (namespace tenant-b, from clusters/mgmt/flux-system)';
    expect((await levelsOf(root, ['--cluster', label])).order.levels.at(-1)).toEqual(['HelmRelease/default/tenant-b-chart']);
    // clusters/ holds mgmt and prod side by side (one a bootstrap's, one a FluxInstance's sync path): neither is nearer.
    expect((await runCli(['order', '--cluster', 'clusters'], { cwd: root })).stderr).toMatch(/^error: --cluster clusters holds 2 clusters: clusters\/mgmt\/flux-system, clusters\/prod — /);
  });

  it('tells apart two kubeConfig clusters of one label by their management cluster, and names one by the directory applied there', async () => {
    const root = temporaryDirectory();
    const write = fileWriter(root);
    for (const management of ['mgmt-eu', 'mgmt-us']) {
      write(`clusters/${management}/flux-system/gotk-sync.yaml`, fluxKustomization('flux-system', `./clusters/${management}`));
      write(`clusters/${management}/remote.yaml`, fluxKustomization('remote', `./remote/${management}`, '  kubeConfig:\n    secretRef:\n      name: workload-kubeconfig\n'));
      write(`remote/${management}/release.yaml`, helmRelease(`${management}-chart`));
    }
    const label = 'kubeConfig secretRef workload-kubeconfig';
    const plain = await runCli(['order', '--cluster', label], { cwd: root });
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe(`error: --cluster ${label} names 2 clusters: ${label} (namespace flux-system, from clusters/mgmt-eu/flux-system), ${label} (namespace flux-system, from clusters/mgmt-us/flux-system) — pass one of them as written here, or the directory applied there\n`);
    const eu = await levelsOf(root, ['--cluster', `${label} (namespace flux-system, from clusters/mgmt-eu/flux-system)`]);
    expect(eu.order).toMatchObject({ cluster: `${label} (namespace flux-system, from clusters/mgmt-eu/flux-system)`, levels: [['Kustomization/flux-system/flux-system'], ['Kustomization/flux-system/remote'], ['HelmRelease/default/mgmt-eu-chart']] });
    expect((await levelsOf(root, ['--cluster', 'remote/mgmt-us'])).order.levels.at(-1)).toEqual(['HelmRelease/default/mgmt-us-chart']);
    // What holds both is said to.
    expect((await runCli(['order', '--cluster', 'remote'], { cwd: root })).stderr).toContain('error: --cluster remote holds 2 clusters: ');
  });
});

describe('order --cluster where another cluster fails (a trial\'s probes)', () => {
  // jesse-gonzalez/nai-llm-fleet-infra: one cluster of seven failed to build, and every cluster's order was empty, its
  // flux-system "never installed": the failure was of the id flux-system/flux-system, which every cluster's root has.
  it('a build failure of one cluster\'s root holds that cluster alone', async () => {
    const root = oppositeClusters({}, {
      'flux-system/kustomization.yaml': 'resources:\n  - gotk-sync.yaml\n  - missing.yaml\n',
    });
    const check = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: root })).stdout) as { findings: { rule: string; file: string }[] };
    expect(check.findings.map((finding) => `${finding.rule}@${finding.file}`)).toContain('kustomization/build-failed@clusters/b/flux-system/kustomization.yaml');
    const a = await levelsOf(root, ['--cluster', 'clusters/a']);
    expect(a.order.levels.flat()).toHaveLength(5);
    const b = await runCli(['order', '--cluster', 'clusters/b'], { cwd: root });
    expect(b.stdout).toContain('\nNever installed on a cold start ');
    // Nothing installs there: said, not priced at 0 s.
    expect(b.stdout.split('\n').slice(0, 2)).toEqual(['Install levels across kinds in the cluster of clusters/b/flux-system (each object one level after the last of what it waits for)', '  none']);
    expect(b.stdout.trimEnd().split('\n').at(-1)).toBe('Cold start: nothing here is installed on a cold start (every object is never installed, above): no estimate');
  });

  it('a failing base that only one cluster\'s overlay lists fails that cluster\'s copy alone (a review\'s probe)', async () => {
    const root = oppositeClusters();
    const write = fileWriter(root);
    // Each cluster's apps applies its own overlay of apps/base; only b's lists the broken one.
    write('clusters/a/apps.yaml', fluxKustomization('apps', './apps/a', `  wait: true\n${dependsOn('infra')}`));
    write('clusters/b/apps.yaml', fluxKustomization('apps', './apps/b', '  wait: true\n'));
    write('apps/base/web/kustomization.yaml', 'resources:\n  - ../../release.yaml\n');
    write('apps/base/broken/kustomization.yaml', 'resources:\n  - missing.yaml\n');
    write('apps/a/kustomization.yaml', 'resources:\n  - ../base/web\n');
    write('apps/b/kustomization.yaml', 'resources:\n  - ../base/web\n  - ../base/broken\n');
    const check = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: root })).stdout) as { findings: { rule: string; message: string }[] };
    expect(check.findings.filter((finding) => finding.rule === 'kustomization/build-failed').map((finding) => finding.message))
      .toEqual([expect.stringContaining('; Kustomization flux-system/apps in the cluster of clusters/b/flux-system applies nothing')]);
    expect((await levelsOf(root, ['--cluster', 'clusters/a'])).order.levels.flat()).toContain('Kustomization/flux-system/apps');
    expect((await levelsOf(root, ['--cluster', 'clusters/b'])).order.levels.flat()).not.toContain('Kustomization/flux-system/apps');
  });

  it('takes the cluster\'s directory from the root too, as flux bootstrap\'s --path, where the working directory is elsewhere', async () => {
    const root = oppositeClusters();
    const above = dirname(root);
    const result = await levelsOf(above, ['--root', root, '--cluster', 'clusters/b']);
    expect(result.code).toBe(0);
    expect(result.order.cluster).toBe(`${basename(root)}/clusters/b/flux-system`);
    // Inside a cluster's directory, another cluster's name is that cluster, and no name is none (a review's probe: the
    // working directory's cluster was taken for any name).
    // (--root: no .git here, so the root is not found from below.)
    const inside = join(root, 'clusters/a');
    expect((await levelsOf(inside, ['--root', '../..', '--cluster', 'clusters/b'])).order.cluster).toBe('../b/flux-system');
    const typo = await runCli(['order', '--root', '../..', '--cluster', 'typo'], { cwd: inside });
    expect(typo.code).toBe(3);
    expect(typo.stderr).toMatch(/^error: --cluster typo is no cluster of this repository/);
    // A directory that is, inside a cluster's: that cluster.
    expect((await levelsOf(inside, ['--root', '../..', '--cluster', 'flux-system'])).order.cluster).toBe('./flux-system');
  });
});

describe('graph and explain --cluster', () => {
  it('graph draws one cluster: its dependsOn edges alone, the cluster in the JSON', async () => {
    const root = oppositeClusters();
    const result = await runCli(['graph', '--format', 'json', '--cluster', 'clusters/b'], { cwd: root });
    expect(result.code).toBe(0);
    const graph = JSON.parse(result.stdout) as { cluster: string; edges: { from: string; to: string; kind: string }[] };
    expect(graph.cluster).toBe('clusters/b/flux-system');
    expect(graph.edges.filter((edge) => edge.kind === 'dependsOn')).toEqual([{ from: 'Kustomization/flux-system/infra', to: 'Kustomization/flux-system/apps', kind: 'dependsOn' }]);
  });

  it('graph\'s drawings say which cluster they draw: a comment in Mermaid and DOT, a first line in text', async () => {
    const root = oppositeClusters();
    const drawn = async (format: string) => (await runCli(['graph', '--format', format, '--cluster', 'clusters/b'], { cwd: root })).stdout.split('\n').slice(0, 2);
    expect(await drawn('mermaid')).toEqual(['flowchart LR', '  %% the cluster of clusters/b/flux-system']);
    expect(await drawn('dot')).toEqual(['digraph "flux-repository" {', '  // the cluster of clusters/b/flux-system']);
    expect((await drawn('text'))[0]).toBe('the cluster of clusters/b/flux-system');
    // Without --cluster, as before.
    expect((await runCli(['graph', '--format', 'dot'], { cwd: root })).stdout.split('\n')[1]).toBe('  rankdir=LR;');
  });

  it('explain says the cluster, and what the object depends on there', async () => {
    const root = oppositeClusters();
    const result = await runCli(['explain', 'Kustomization/flux-system/apps', '--cluster', 'clusters/a'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Kustomization flux-system/apps in the cluster of clusters/a/flux-system');
    expect(result.stdout).toContain('\n  depends on       Kustomization flux-system/infra\n');
    expect(result.stdout).toContain('\n  install level    3 (levels run 0 to 4, as order prints them)\n');
    const json = await runCli(['explain', 'Kustomization/flux-system/apps', '--cluster', 'clusters/b', '--format', 'json'], { cwd: root });
    const facts = JSON.parse(json.stdout) as { cluster: string; dependsOn: string[]; installLevel: number };
    expect([facts.cluster, facts.dependsOn, facts.installLevel]).toEqual(['clusters/b/flux-system', [], 1]);
  });

  it('explain\'s findings are check\'s, of the whole repository: judged on one cluster, a dependency another has reads as written nowhere', async () => {
    // b's apps depends on what only a has: check says so of b's copy, naming the clusters; explain in b or in a says the same.
    const root = oppositeClusters({ 'only-a.yaml': fluxKustomization('only-a', './apps') });
    writeFileSync(join(root, 'clusters/b/extra.yaml'), fluxKustomization('needs-a', './apps', `  wait: true\n${dependsOn('only-a')}`));
    const check = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: root })).stdout) as { findings: { rule: string; message: string }[] };
    const unknown = check.findings.filter((finding) => finding.rule === 'dependsOn/unknown-target');
    expect(unknown).toHaveLength(1);
    for (const args of [['--cluster', 'clusters/b'], []]) {
      const result = await runCli(['explain', 'ks/needs-a', '--format', 'json', ...args], { cwd: root });
      expect((JSON.parse(result.stdout) as { findings: string[] }).findings).toEqual([`dependsOn/unknown-target clusters/b/extra.yaml:15 ${unknown[0]!.message}`]);
    }
    // Judged on b's objects alone, it read "does not exist in the repository".
    expect(unknown[0]!.message).toContain('(only Kustomization flux-system/only-a, for another cluster)');
  });

  it('explain --cluster lists the findings located in that cluster\'s files: not another cluster\'s copy\'s (a trial\'s probe)', async () => {
    // a's infra does not wait: a's apps gets the warning; b's apps depends on nothing.
    const root = oppositeClusters({ 'infra.yaml': fluxKustomization('infra', './infra') });
    const findingsOf = async (cluster: string) => (JSON.parse((await runCli(['explain', 'ks/apps', '--format', 'json', '--cluster', cluster], { cwd: root })).stdout) as { findings: string[] }).findings;
    expect(await findingsOf('clusters/a')).toEqual([expect.stringMatching(/^dependsOn\/unwaited-kustomization clusters\/a\/apps\.yaml:\d+ /)]);
    expect(await findingsOf('clusters/b')).toEqual([]);
  });

  it('an object the cluster does not have is refused with the cluster named (exit 3)', async () => {
    const root = oppositeClusters({}, { 'only-b.yaml': fluxKustomization('only-b', './apps') });
    const result = await runCli(['explain', 'only-b', '--cluster', 'clusters/a'], { cwd: root });
    expect(result.code).toBe(3);
    // The fix names the cluster that has it.
    expect(result.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named only-b in the cluster of clusters/a/flux-system — it is in the cluster of clusters/b/flux-system: pass --cluster clusters/b/flux-system\n');
    const focus = await runCli(['graph', '--focus', 'only-b', '--cluster', 'clusters/a'], { cwd: root });
    expect(focus.code).toBe(3);
    expect(focus.stderr).toContain('named only-b in the cluster of clusters/a/flux-system — it is in the cluster of clusters/b/flux-system');
    // A name no cluster has: the usual fix.
    expect((await runCli(['explain', 'nowhere', '--cluster', 'clusters/a'], { cwd: root })).stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named nowhere in the cluster of clusters/a/flux-system — pass the metadata.name of a Flux object, or Kind/namespace/name\n');
  });

  it('a bootstrap kit\'s graph, order and explain refuse --cluster (exit 3): the graph is the kit\'s', async () => {
    const root = fixture('sovereign');
    for (const args of [['order'], ['graph'], ['explain', 'bp-cilium']]) {
      const result = await runCli([...args, '--cluster', 'clusters/x'], { cwd: root });
      expect(result.code).toBe(3);
      expect(result.stderr).toBe('error: --cluster chooses one cluster of a repository graph, and this repository has a bootstrap kit: the graph is the kit\'s — drop --cluster; for another cluster\'s kit, pass --kit-dir clusters/<cluster>/bootstrap-kit\n');
    }
  });
});
