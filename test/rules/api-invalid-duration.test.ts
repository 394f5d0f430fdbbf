import rule from '../../src/rules/api-invalid-duration.js';
import { describe, expect, it } from 'vitest';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';
import { hasCommand, runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';

// A trial's probe (mfamador/gitops-demo-multitenant): `interval: 10m0` passed, where the CRD's pattern rejects it.
ruleTester(rule, {
  valid: [
    {
      name: 'durations with a unit after each number, and one a postBuild variable gives',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  timeout: 1h30m\n  retryInterval: 90s\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps').replace('interval: 10m', 'interval: ${APPS_INTERVAL}'),
        // A ResourceSet's template fills it per input, from a provider only the cluster knows: nothing generated here.
        'clusters/prod/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: tenants\n  namespace: flux-system\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: tenants\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: << inputs.tenant >>\n        namespace: flux-system\n      spec:\n        interval: << inputs.every >>\n        path: ./tenants\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n',
        'tenants/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n',
      },
    },
  ],
  invalid: [{
    name: 'a Kustomization\'s interval with a number left without its unit, located at the value',
    repository: { 'clusters/prod/ops.yaml': fluxKustomization('ops').replace('interval: 10m', 'interval: 10m0') },
    findings: [{
      message: 'Kustomization flux-system/ops has spec.interval: 10m0, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the pattern of its CRD since v1beta2 and v2beta2; an older API version fails in the controller), so ops is never reconciled, and what depends on it waits for ever',
      at: 'clusters/prod/ops.yaml:7:13',
      fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
    }],
  }, {
    name: 'a HelmRelease\'s timeout in bare seconds',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n'),
    },
    findings: [{
      message: 'HelmRelease flux-system/web has spec.timeout: 600, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the pattern of its CRD since v1beta2 and v2beta2; an older API version fails in the controller), so web is never reconciled, and what depends on it waits for ever; Kustomization flux-system/apps, which applies it, fails its apply on it (the controller validates every object before it applies any), so applies none of its objects but CRDs, Namespaces and classes, and is never Ready',
      at: 'apps/web.yaml:7:12',
      fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
    }],
  }, {
    // Kustomization v1beta1 has no pattern in its CRD, HelmRelease v2beta1 not before helm-controller v0.37: the object
    // may be created, and fail in the controller alone; its applier's apply is not judged to fail.
    name: 'the same in helm.toolkit.fluxcd.io/v2beta1: its applier\'s apply is not judged to fail',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'),
    },
    findings: [{
      message: 'HelmRelease flux-system/web has spec.timeout: 600, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the pattern of its CRD since v1beta2 and v2beta2; an older API version fails in the controller), so web is never reconciled, and what depends on it waits for ever',
      at: 'apps/web.yaml:7:12',
      fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
    }],
  }],
});

describe('api/invalid-duration fails the apply of the Kustomization that applies it', () => {
  // kustomize-controller dry-runs every object of a stage before it applies any (fluxcd/pkg ssa ApplyAll): one
  // refusal, and nothing of the stage is applied; the Kustomization is never Ready (a session's reading of the source).
  it('its sibling is never installed, nor what waits for the applier; explain and order say why', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'clusters/prod/later.yaml': fluxKustomization('later', ['apps']),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n'),
      'apps/db.yaml': helmRelease('db'),
      'later/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: later\n',
    });
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled: string[] };
    expect(order.neverInstalled).toEqual(['HelmRelease/flux-system/db', 'HelmRelease/flux-system/web', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/later']);
    const explained = (await runCli(['explain', 'Kustomization/flux-system/apps', '--root', root], { cwd: root })).stdout.split('\n');
    expect(explained.find((line) => line.startsWith('  install level'))).toBe('  install level    none (its apply fails on an object the API server rejects (an api/* error: a duration, version or kind it does not accept): never Ready, and it applies nothing: never installed on a cold start)');
    expect(explained.find((line) => line.startsWith('  applies'))).toBe('  applies          HelmRelease flux-system/db, HelmRelease flux-system/web (as its files write them: its apply fails on one the API server rejects, so none of them is applied)');
  });

  // A review's probe: kustomize-controller skips such an object before its dry-run (ssa's shouldSkipApply).
  it('an object the apply leaves out (reconcile: disabled) fails nothing', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n').replace('  namespace: flux-system\n', '  namespace: flux-system\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'),
      'apps/db.yaml': helmRelease('db'),
    });
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][]; neverInstalled: string[] };
    expect(order.levels.flat()).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'HelmRelease/flux-system/db']));
    expect(order.neverInstalled).toEqual(['HelmRelease/flux-system/web']);
  });

  // A review's probe: flux-operator applies a ResourceSet's objects staged too; a generated duration was not judged.
  it('a ResourceSet whose generated HelmRelease has a duration the CRD rejects: the finding, and the ResourceSet applies nothing', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': [
        'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: apps', '  namespace: flux-system', 'spec:', '  resources:',
        '    - apiVersion: helm.toolkit.fluxcd.io/v2', '      kind: HelmRelease', '      metadata:', '        name: web', '        namespace: flux-system',
        '      spec:', '        interval: 1h', '        timeout: 600', '        chart:', '          spec:', '            chart: web',
        '    - apiVersion: helm.toolkit.fluxcd.io/v2', '      kind: HelmRelease', '      metadata:', '        name: db', '        namespace: flux-system',
        '      spec:', '        interval: 1h', '        chart:', '          spec:', '            chart: db', '',
      ].join('\n'),
    });
    const check = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(check.stdout).findings.map((finding: { rule: string; line: number }) => `${finding.rule}:${finding.line}`)).toEqual(['api/invalid-duration:11']);
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled: string[] };
    expect(order.neverInstalled).toEqual(['HelmRelease/flux-system/db', 'HelmRelease/flux-system/web', 'ResourceSet/flux-system/apps']);
  });

  // A review's probe: check skipped a build for patches that set only a HelmRelease's timeout (nothing it read), and
  // reported the apply failing where order, which built the patch, installed it all.
  it.skipIf(!hasCommand('kustomize') && !hasCommand('kubectl'))('a Flux Kustomization\'s spec.patches that mend the duration: check and order agree (needs kustomize)', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps').replace('  sourceRef:', '  patches:\n    - target:\n        kind: HelmRelease\n        name: web\n      patch: |\n        - op: replace\n          path: /spec/timeout\n          value: 10m\n  sourceRef:'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n'),
    });
    const check = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(check.stdout).findings.map((finding: { rule: string }) => finding.rule)).toEqual([]);
    expect(check.code).toBe(0);
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled?: string[] };
    expect(order.neverInstalled).toBeUndefined();
  });

  // A review's probe: a HelmRelease's interval patch was never built (only a Kustomization's interval is read), so
  // the duration it mends was reported, and the applier's apply failed, in check and order alike.
  it.skipIf(!hasCommand('kustomize') && !hasCommand('kubectl'))('a spec.patches that mends a HelmRelease\'s interval is built: no finding (needs kustomize)', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps').replace('  sourceRef:', '  patches:\n    - target:\n        kind: HelmRelease\n      patch: |\n        - op: replace\n          path: /spec/interval\n          value: 1h\n  sourceRef:'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  interval: 10m0\n'),
    });
    for (const command of ['check', 'order']) {
      const result = JSON.parse((await runCli([command, '--root', root, '--format', 'json'], { cwd: root })).stdout);
      if (command === 'check') expect(result.findings).toEqual([]);
      else expect(result.neverInstalled).toBeUndefined();
    }
  });

  // A review's probe: a HelmRelease that a spec.components component adds was not looked at, and kustomize applies the
  // parent's patches after its components: the mending patch was not built, a false failing apply.
  it.skipIf(!hasCommand('kustomize') && !hasCommand('kubectl'))('the same for a HelmRelease a component of spec.components adds (needs kustomize)', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      'clusters/prod/apps.yaml': fluxKustomization('apps').replace('  sourceRef:', '  components:\n    - ../components/extra\n  patches:\n    - target:\n        kind: HelmRelease\n        name: cache\n      patch: |\n        - op: replace\n          path: /spec/interval\n          value: 1h\n  sourceRef:'),
      'apps/db.yaml': helmRelease('db'),
      'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - cache.yaml\n',
      'components/extra/cache.yaml': helmRelease('cache').replace('spec:\n', 'spec:\n  interval: 10m0\n'),
    });
    for (const command of ['check', 'order']) {
      const result = JSON.parse((await runCli([command, '--root', root, '--format', 'json'], { cwd: root })).stdout);
      if (command === 'check') expect(result.findings).toEqual([]);
      else expect(result.neverInstalled).toBeUndefined();
    }
  });

  it('several appliers are named, a few at most, with the plural', async () => {
    const root = repositoryOf({
      'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
      ...Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [`clusters/prod/${name}.yaml`, fluxKustomization(name).replace(`path: ./${name}`, 'path: ./apps')])),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n'),
    });
    const [finding] = JSON.parse((await runCli(['check', '--root', root, '--format', 'json'], { cwd: root })).stdout).findings as { message: string }[];
    expect(finding!.message).toMatch(/; Kustomization flux-system\/a, Kustomization flux-system\/b, Kustomization flux-system\/c and 2 more, which apply it, each fail their apply on it \(.*\), so apply none of their objects but CRDs, Namespaces and classes, and are never Ready$/);
  });
});
