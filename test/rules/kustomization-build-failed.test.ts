import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/kustomization-build-failed.js';
import type { Report } from '../../src/index.js';
import { hasCommand, runCli } from '../helpers.js';
import { BASE_KIT, buildRepo, kustomizationYaml, repositoryOf } from '../repo-builder.js';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fluxKustomization, helmRelease, kustomization, ruleTester } from '../rule-tester.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');
const FIX_YAML = 'fix the YAML at this position: kustomize-controller\'s build fails on it, as kubectl kustomize on the file alone does';
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** flux bootstrap's layout: flux-system syncs clusters/prod, where Kustomizations runners and web build ./runners and ./web. */
const synced = (runners: Record<string, string>, webDependsOn: string[] = []) => ({
  'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
  'clusters/prod/runners.yaml': fluxKustomization('runners'),
  'clusters/prod/web.yaml': fluxKustomization('web', webDependsOn),
  'web/kustomization.yaml': kustomization(['./cm.yaml']),
  'web/cm.yaml': configMap('web'),
  'runners/cm.yaml': configMap('runners'),
  ...Object.fromEntries(Object.entries(runners).map(([path, text]) => [`runners/${path}`, text])),
});

ruleTester(rule, {
  valid: [
    { name: 'every kustomization builds', repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml']) }) },
    {
      // A trial's probe (samcday/home-cluster): kustomize-controller builds nothing of a suspended Kustomization, and this
      // page's own advice is to suspend one whose directory was emptied on purpose: that left the error in place.
      name: 'a build only a suspended Kustomization makes (a resource that is gone, a file that is no manifest)',
      repository: {
        ...synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './runner.yaml']), 'values/Chart.yaml': 'name: runner\n' }),
        'clusters/prod/runners.yaml': fluxKustomization('runners', [], '  suspend: true\n'),
        'clusters/prod/values.yaml': fluxKustomization('values', [], '  suspend: true\n'),
      },
    },
    {
      // fluxcd/pkg's generator reads it into an empty Kustomization and gives it buildMetadata: the build applies nothing, and passes.
      name: 'a kustomization at spec.path whose every line is commented out (imerkle/home-ops\'s runners)',
      repository: synced({ 'kustomization.yaml': '# apiVersion: kustomize.config.k8s.io/v1beta1\n# kind: Kustomization\n# resources:\n#   - ./cm.yaml\n' }),
    },
    {
      // A review's probe: the generator unmarshals it into kustomize's type without a strict check, and writes it again.
      name: 'a field kustomize does not know, in the kustomization at spec.path: Flux\'s generator drops it',
      repository: synced({ 'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabel:\n  app: runners\nresources:\n  - ./cm.yaml\n' }),
    },
    {
      // kustomize reads only what the kustomization lists: a broken file beside it is never built.
      name: 'a manifest that does not parse, which the kustomization of its directory does not list',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml']), 'old.yaml': `${configMap('old')}data:\n  hosts: [a, b\n` }),
    },
    {
      name: 'a manifest that does not parse, which no Flux Kustomization applies (an example under docs/)',
      repository: { ...synced({ 'kustomization.yaml': kustomization(['./cm.yaml']) }), 'docs/example.yaml': `${configMap('example')}data:\n  LEVEL: info\n  LEVEL: debug\n` },
    },
    {
      // source-controller leaves the file out of the artifact: the generated kustomization never reads it (a review's probe).
      name: 'a manifest that does not parse, which .sourceignore leaves out of the artifact',
      repository: {
        ...synced({ 'env.yaml': `${configMap('env')}data:\n  LEVEL: info\n  LEVEL: debug\n` }),
        // (The GitRepository flux-system written beside it: the artifact is this repository's, judged by its .sourceignore.)
        'clusters/prod/flux-system/gotk-repository.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/fleet\n  ref:\n    branch: main\n',
        '.sourceignore': 'runners/env.yaml\n',
      },
    },
    {
      // kustomize reads a patch more leniently than a resource: a key written twice builds (a review's probe).
      name: 'a patch file the kustomization names, with one key twice',
      repository: synced({
        'kustomization.yaml': `${kustomization(['./cm.yaml'])}patches:\n  - path: ./patch.yaml\n`,
        'patch.yaml': `${configMap('runners')}data:\n  LEVEL: info\n  LEVEL: debug\n`,
      }),
    },
    {
      // mthorley/k8s-gitops's mosquitto ConfigMap: kubectl kustomize builds it, the yaml package refuses it. kustomize decides.
      name: 'a block scalar\'s | on the line below its key, at the key\'s indentation: kustomize\'s reader takes it',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './conf.yaml']), 'conf.yaml': `${configMap('conf')}data:\n  app.conf:\n  |\n    listen 1883\n` }),
      needsKustomize: true,
    },
    {
      // Where kustomize cannot judge (--no-kustomize, or neither kustomize nor kubectl on PATH), the file is counted in skipped.
      name: 'a manifest that does not parse, with --no-kustomize',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './env.yaml']), 'env.yaml': `${configMap('env')}data:\n  LEVEL: info\n  LEVEL: debug\n` }),
      noKustomize: true,
    },
  ],
  invalid: [
    {
      // A trial's probe (jesse-gonzalez/nai-llm-fleet-infra): seven clusters' roots are each flux-system/flux-system, and
      // "Kustomization flux-system/flux-system applies nothing" did not say which.
      name: 'a failing build of one cluster\'s copy of an id several clusters have: the cluster named',
      repository: {
        'clusters/a/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/a'),
        'clusters/a/cm.yaml': configMap('a'),
        'clusters/b/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/b'),
        'clusters/b/kustomization.yaml': kustomization(['./flux-system/gotk-sync.yaml', './missing.yaml']),
      },
      findings: [{ message: 'resources: lists ./missing.yaml, which does not exist: kustomize build fails; Kustomization flux-system/flux-system in the cluster of clusters/b/flux-system applies nothing, and what depends on it waits', at: 'clusters/b/kustomization.yaml:5:5', fix: 'correct the entry, or remove it' }],
    },
    {
      // A review's probe: a build a suspended and an active Kustomization share is the active one's failure alone.
      name: 'a build a suspended and an active Kustomization share: reported for the active one only',
      repository: {
        ...synced({}),
        'clusters/prod/runners.yaml': fluxKustomization('runners', [], '  suspend: true\n').replace('path: ./runners', 'path: ./apps/a'),
        'clusters/prod/web.yaml': fluxKustomization('web').replace('path: ./web', 'path: ./apps/b'),
        'apps/a/kustomization.yaml': kustomization(['../base']), 'apps/b/kustomization.yaml': kustomization(['../base']),
        'apps/base/kustomization.yaml': kustomization(['./cm.yaml', './missing.yaml']), 'apps/base/cm.yaml': configMap('base'),
      },
      findings: [{ message: 'resources: lists ./missing.yaml, which does not exist: kustomize build fails; Kustomization flux-system/web applies nothing, and what depends on it waits', at: 'apps/base/kustomization.yaml:5:5', fix: 'correct the entry, or remove it' }],
    },
    {
      // A trial's probe (Cloufish/k8s-home-ops): kustomize builds both, their ids differ; the postBuild substitution makes
      // them one, and kustomize-controller's ResMap.Replace fails. It said kustomize's build fails (a user's kustomize
      // build passes), and was located at the object without the variable.
      name: 'two objects one id only once the postBuild substitutes a variable: said so, at the one the variable names',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute:\n      operator: prometheus-operator\n'),
        'apps/operator.yaml': helmRelease('prometheus-operator'),
        'apps/blackbox.yaml': helmRelease('${operator}'),
      },
      findings: [{
        message: 'HelmRelease flux-system/prometheus-operator is written twice in what Kustomization apps builds once its postBuild substitutes HelmRelease flux-system/${operator} (also at apps/operator.yaml:4): kustomize builds both, then kustomize-controller\'s substitution makes them one id and fails with "id matched 2 resources", and apps applies nothing',
        at: 'apps/blackbox.yaml:4:9',
        fix: 'correct the name the variable gives (or the variable\'s value), or remove one of the two from the build',
      }],
    },
    {
      // A review's probe: a variable only in the namespace, which the kustomization's namespace: sets for both anyway:
      // kustomize's own build fails, and the message says so, not that the substitution does it.
      name: 'two objects one id through a kustomization\'s namespace:, one namespace a ${VARIABLE}: kustomize\'s own failure',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  postBuild:\n    substitute:\n      ns: monitoring\n'),
        'apps/kustomization.yaml': 'namespace: monitoring\nresources:\n  - operator.yaml\n  - blackbox.yaml\n',
        'apps/operator.yaml': helmRelease('prometheus-operator', [], { namespace: 'monitoring' }),
        'apps/blackbox.yaml': helmRelease('prometheus-operator', [], { namespace: '${ns}' }),
      },
      needsKustomize: true,
      findings: [{
        message: 'HelmRelease monitoring/prometheus-operator is written twice in what Kustomization apps builds (also at apps/operator.yaml:4): kustomize-controller\'s build fails with "may not add resource with an already registered id", and apps applies nothing',
        at: 'apps/blackbox.yaml:4:9',
        fix: 'keep one of the two (rename one, or remove it from the build)',
      }],
    },
    {
      // A trial's probe (repro-8): kubectl kustomize says 'mapping key "LEVEL" already defined at line 7'.
      name: 'a manifest the kustomization lists, with one key twice',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './env.yaml']), 'env.yaml': `${configMap('env')}data:\n  LEVEL: info\n  LEVEL: debug\n` }),
      needsKustomize: true,
      findings: [{
        message: 'this manifest does not parse (Map keys must be unique), and kustomize build fails on it; Kustomization flux-system/runners applies nothing, and what depends on it waits',
        at: 'runners/env.yaml:7:3',
        fix: FIX_YAML,
      }],
    },
    {
      // fluxcd/pkg's generator decodes every .yaml file below a path without a kustomization: "failed to decode Kubernetes YAML".
      name: 'a manifest that does not parse, in a path without a kustomization, and in a base two Kustomizations build',
      repository: {
        ...synced({ 'env.yaml': `${configMap('env')}data:\n  hosts: [a, b\n` }),
        'web/kustomization.yaml': kustomization(['./cm.yaml', '../base']),
        'clusters/prod/api.yaml': fluxKustomization('api'),
        'api/kustomization.yaml': kustomization(['../base']),
        'base/kustomization.yaml': kustomization(['./broken.yaml']),
        'base/broken.yaml': `${configMap('base')}data:\n  a: "1\n`,
      },
      needsKustomize: true,
      findings: [{
        message: 'this manifest does not parse (Missing closing "quote), and kustomize build fails on it; Kustomization flux-system/api applies nothing, and what depends on it waits',
        at: 'base/broken.yaml:6:6',
        fix: FIX_YAML,
      }, {
        message: 'this manifest does not parse (Missing closing "quote), and kustomize build fails on it; Kustomization flux-system/web applies nothing, and what depends on it waits',
        at: 'base/broken.yaml:6:6',
        fix: FIX_YAML,
      }, {
        message: 'this manifest does not parse (Flow sequence in block collection must be sufficiently indented and end with a ]), and kustomize build fails on it; Kustomization flux-system/runners applies nothing, and what depends on it waits',
        at: 'runners/env.yaml:7:1',
        fix: FIX_YAML,
      }],
    },
    {
      name: 'a resources: entry that does not exist',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './runner.yaml']) }),
      findings: [{ message: 'resources: lists ./runner.yaml, which does not exist: kustomize build fails; Kustomization flux-system/runners applies nothing, and what depends on it waits', at: 'runners/kustomization.yaml:5:5', fix: 'correct the entry, or remove it' }],
    },
    {
      // Below spec.path kustomize decodes strictly (at spec.path Flux's generator drops the field: a valid case).
      name: 'a field kustomize does not know, in a base that spec.path takes in',
      repository: synced({
        'kustomization.yaml': kustomization(['./cm.yaml', './base']),
        'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresource:\n  - ./cm.yaml\n',
        'base/cm.yaml': configMap('base'),
      }),
      findings: [{ message: 'unknown field "resource" in kustomization.yaml: kustomize build fails on it; Kustomization flux-system/runners applies nothing, and what depends on it waits', at: 'runners/base/kustomization.yaml:3:1', fix: 'did you mean resources?' }],
    },
    {
      // A review's probe: only the file at spec.path is rewritten by Flux's generator; one below it is kustomize's "empty".
      name: 'a kustomization of comments alone below spec.path',
      repository: synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './sub']), 'sub/kustomization.yaml': '# resources:\n#   - ./cm.yaml\n' }),
      findings: [{
        message: 'runners/sub/kustomization.yaml holds nothing but comments: kustomize build fails ("kustomization.yaml is empty") where another kustomization takes it in; Kustomization flux-system/runners applies nothing, and what depends on it waits',
        at: 'runners/sub/kustomization.yaml',
        fix: 'write its resources: list, or remove the entry that takes it in',
      }],
    },
    {
      // A trial's probe: kustomize's EnforceFields refuses both (Flux's generator keeps the file's apiVersion and kind).
      name: 'an apiVersion or a kind kustomize does not take: a Flux Kustomization saved as kustomization.yaml, a misspelt kind',
      repository: synced({
        'kustomization.yaml': kustomization(['./cm.yaml', './base']).replace('kustomize.config.k8s.io/v1beta1', 'kustomize.toolkit.fluxcd.io/v1'),
        'base/kustomization.yaml': kustomization(['./cm.yaml']).replace('kind: Kustomization', 'kind: Kustomisation'),
        'base/cm.yaml': configMap('base'),
      }),
      findings: [{
        message: 'kind: Kustomisation in kustomization.yaml: kustomize build fails ("kind should be Kustomization or Component"); Kustomization flux-system/runners applies nothing, and what depends on it waits',
        at: 'runners/base/kustomization.yaml:2:7',
        fix: 'write kind: Kustomization (or Component)',
      }, {
        message: `apiVersion: kustomize.toolkit.fluxcd.io/v1 in kustomization.yaml: kustomize build fails ("apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1"): this is a Flux Kustomization, and a kustomization file is kustomize's own; Kustomization flux-system/runners applies nothing, and what depends on it waits`,
        at: 'runners/kustomization.yaml:1:13',
        fix: 'rename the file (ks.yaml, say) and list it in a kustomization.yaml of kustomize\'s own',
      }],
    },
    {
      // After jesse-gonzalez/nai-llm-fleet-infra: one cluster's kustomization names a profile directory that is not there.
      name: 'a components: entry that is no directory with a kustomization file',
      repository: synced({ 'kustomization.yaml': `${kustomization(['./cm.yaml'])}components:\n  - ../profiles/gpu\n` }),
      findings: [{
        message: 'components: lists ../profiles/gpu, which is not a directory with a kustomization file: kustomize build fails; Kustomization flux-system/runners applies nothing, and what depends on it waits',
        at: 'runners/kustomization.yaml:6:5',
        fix: 'correct the entry (a component is a directory with a kustomization.yaml of kind Component), or remove it',
      }],
    },
  ],
});

describe('kustomization/build-failed beside the rest of the audit', () => {
  it('holds one Kustomization only: the other findings are reported, and the exit code is 1, not 3', async () => {
    const root = repositoryOf(synced({ 'kustomization.yaml': kustomization(['./cm.yaml', './runner.yaml']) }, ['databse']));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'dependsOn/unknown-target@clusters/prod/web.yaml:14:7',
      'kustomization/build-failed@runners/kustomization.yaml:5:5',
    ]);
    // What depends on it is still resolved (read as written), but a cold start never gets it Ready (a trial's probe):
    // order lists it, and what only it applies, as never installed.
    expect(report.flux!.order.flat()).not.toContain('Kustomization/flux-system/runners');
    const plan = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled: string[] };
    expect(plan.neverInstalled).toContain('Kustomization/flux-system/runners');
    const why = (await runCli(['explain', 'Kustomization/flux-system/runners', '--root', root], { cwd: root })).stdout.split('\n').find((line) => line.startsWith('  install level'));
    expect(why).toBe('  install level    none (its build fails (kustomization/build-failed): never Ready, and it applies nothing: never installed on a cold start)');
    // What its files hold is what it would apply, said as such (a trial's probe: "applies" contradicted the level).
    const withRelease = repositoryOf({
      ...synced({ 'kustomization.yaml': kustomization(['./hr.yaml', './runner.yaml']) }),
      'runners/hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: runner\n  namespace: ci\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: runner\n',
    });
    const applies = (await runCli(['explain', 'Kustomization/flux-system/runners', '--root', withRelease], { cwd: withRelease })).stdout.split('\n').find((line) => line.startsWith('  applies'));
    expect(applies).toBe('  applies          HelmRelease ci/runner (as its files write them: its build fails, so none of them is applied)');
    expect(result.code).toBe(1);
    // The finding is the failing Kustomization's: explain lists it there (a review's probe: 'findings none').
    expect(report.findings[1]!.object).toBe('Kustomization/flux-system/runners');
    const explained = await runCli(['explain', 'Kustomization/flux-system/runners', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explained.stdout).findings).toEqual([
      'kustomization/build-failed runners/kustomization.yaml:5 resources: lists ./runner.yaml, which does not exist: kustomize build fails; Kustomization flux-system/runners applies nothing, and what depends on it waits',
    ]);
  });

  it('a manifest that does not parse and is not reported is counted as skipped, never silent: unjudged, or too large to check', async () => {
    const broken = `${configMap('example')}data:\n  hosts: [a, b\n`;
    const skippedOf = async (files: Record<string, string>, flags: string[] = []) => {
      const root = repositoryOf(files);
      const result = await runCli(['check', '--root', root, '--format', 'json', ...flags], { cwd: root });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings).toEqual([]);
      expect(result.code).toBe(0);
      return report.flux!.skipped;
    };
    // A vendored bundle is not parsed (over 256 KiB): counted, whatever it holds.
    expect(await skippedOf(synced({ 'bundle.yaml': `${configMap('bundle')}data:\n  big: "${'x'.repeat(256 * 1024)}"\n  big: twice\n` }))).toContainEqual({
      reason: 'manifests of no Flux object over 256 KiB, in what a Flux Kustomization builds (not checked for YAML syntax: a vendored bundle, say)',
      count: 1, example: 'runners/bundle.yaml', paths: ['runners/bundle.yaml'],
    });
    expect(await skippedOf(synced({ 'broken.yaml': broken }), ['--no-kustomize'])).toContainEqual({
      reason: 'YAML that does not parse, in what a Flux Kustomization builds, with no kustomize here to confirm it (--no-kustomize): a build that may fail',
      count: 1, example: 'runners/broken.yaml', paths: ['runners/broken.yaml'], incomplete: true,
    });
  });

  it.skipIf(!HAS_KUSTOMIZE)('spec.patches kustomize refuses: the finding is the Kustomization\'s whose patches they are, so explain lists it there (skipped without kustomize or kubectl)', async () => {
    // A JSON patch that replaces what the patched Kustomization does not have (a last read's remark: no object, no suffix).
    const patches = '  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: replace\n          path: /spec/dependsOn/0/name\n          value: web\n';
    const root = repositoryOf({
      ...synced({}),
      'clusters/prod/runners.yaml': fluxKustomization('runners', [], patches),
      'runners/inner.yaml': fluxKustomization('inner').replace('path: ./inner', 'path: ./web'),
    });
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column} ${finding.object}`)).toEqual([
      'kustomization/build-failed@clusters/prod/runners.yaml:10:3 Kustomization/flux-system/runners',
    ]);
    expect(report.findings[0]!.message).toMatch(/^(kustomize build|kubectl kustomize) fails on spec\.path with these spec\.patches: replace operation does not apply: .*; Kustomization flux-system\/runners applies nothing, and what depends on it waits$/);
    expect(result.code).toBe(1);
  });

  // A trial's probe: a Deployment patch that matched nothing, in a nested kustomization beside a HelmRelease, passed (no
  // build: it touches no Flux object), and the HelmRelease was ordered as installed; kustomize-controller fails the build.
  it.skipIf(!HAS_KUSTOMIZE)('a strategic merge patch of a non-Flux kind that matches nothing fails the build (skipped without kustomize or kubectl)', async () => {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n`;
    const tree = (patched: string) => repositoryOf({
      ...synced({}),
      'runners/kustomization.yaml': kustomization(['./cm.yaml', './app']),
      'runners/app/kustomization.yaml': 'resources:\n  - release.yaml\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n',
      'runners/app/release.yaml': helmRelease('runner'),
      'runners/app/deployment.yaml': deployment('runner'),
      'runners/app/patch.yaml': deployment(patched),
    });
    const gone = tree('gone');
    const failing = await runCli(['check', '--root', gone, '--format', 'json'], { cwd: gone });
    const report = JSON.parse(failing.stdout) as Report;
    // Located at the nested kustomization's patches:, not the top of the tree with no line (a trial's probe).
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column} ${finding.object}`))
      .toEqual(['kustomization/build-failed@runners/app/kustomization.yaml:4:1 Kustomization/flux-system/runners']);
    expect(report.findings[0]!.message).toMatch(/no matches for Id Deployment\.v1\.apps\/gone/);
    // Through a link to the repository (kustomize names real paths): located as the repository is written.
    const link = `${gone}-link`;
    symlinkSync(gone, link);
    const linked = JSON.parse((await runCli(['check', '--root', link, '--format', 'json'], { cwd: link })).stdout) as Report;
    expect(linked.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['runners/app/kustomization.yaml:4']);
    // The patch's target is there: no build needed, none failing.
    const matching = tree('runner');
    const passing = await runCli(['check', '--root', matching, '--format', 'json'], { cwd: matching });
    expect((JSON.parse(passing.stdout) as Report).findings).toEqual([]);
  });

  it.skipIf(!HAS_KUSTOMIZE)('a chart\'s templates below a path without a kustomization: the first is reported, the others counted, not one kustomize run each (skipped without kustomize or kubectl)', async () => {
    const templates = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`chart/templates/t${String(index).padStart(2, '0')}.yaml`, '{{- if .Values.enabled }}\nkind: ConfigMap\n{{- end }}\n']));
    const root = repositoryOf(synced(templates));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column} ${finding.object}`)).toEqual([
      'kustomization/build-failed@runners/chart/templates/t00.yaml:1:3 Kustomization/flux-system/runners',
    ]);
    expect(report.flux!.skipped).toContainEqual(expect.objectContaining({
      reason: 'YAML that does not parse, in a build that already fails on another such file (reported there; kustomize stops at the first)', count: 11,
    }));
    expect(result.code).toBe(1);
  });

  it.skipIf(!HAS_KUSTOMIZE)('a manifest kustomize builds, where the yaml package refuses it, is counted as skipped (skipped without kustomize or kubectl)', async () => {
    const root = repositoryOf(synced({ 'conf.yaml': `${configMap('conf')}data:\n  app.conf:\n  |\n    listen 1883\n` }));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.flux!.skipped).toContainEqual({
      reason: 'YAML that kustomize reads where this tool\'s parser does not (audited as if absent: it holds no Flux object)', count: 1, example: 'runners/conf.yaml', paths: ['runners/conf.yaml'], incomplete: true,
    });
  });

  it('in a bootstrap kit the kit audit says it, once: slot/missing-resource, not this rule beside it', async () => {
    // A review's probe: a Flux Kustomization that builds the kit's directory made the scan report the kit's entry too.
    const root = buildRepo({ kustomization: kustomizationYaml([...Object.keys(BASE_KIT).sort(), '61-missing.yaml']) });
    writeFileSync(join(root, 'clusters/_template/kustomization.yaml'), kustomization(['sync.yaml', 'bootstrap-kit']));
    writeFileSync(join(root, 'clusters/_template/sync.yaml'), fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/_template'));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => finding.rule)).toEqual(['slot/missing-resource']);
    expect(result.code).toBe(1);
  });
});
