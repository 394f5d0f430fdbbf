import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/dependson-bypassed.js';
import { runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';
import { fluxKustomization, kustomization, ruleTester } from '../rule-tester.js';

const helmRelease = (name: string, namespace: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ${name}\n`;

/**
 * Apocrathia/homelab's shape (a trial's probe): flux-system syncs clusters/main, whose kustomization lists ks.yaml
 * (Kustomization operator, with wait: true, and redis, which depends on it) and `listed` besides.
 */
const cluster = (listed: string[], extra: Record<string, string> = {}, redisSpec = '') => ({
  'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
  'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', './ks.yaml', ...listed]),
  'clusters/main/ks.yaml': `${fluxKustomization('operator', [], '  wait: true\n').replace('path: ./operator', 'path: ./apps/operator')}---\n${fluxKustomization('redis', ['operator'], redisSpec).replace('path: ./redis', 'path: ./apps/redis')}`,
  'apps/operator/hr.yaml': helmRelease('operator', 'ops'),
  'apps/redis/kustomization.yaml': kustomization(['./hr.yaml']),
  'apps/redis/hr.yaml': helmRelease('redis', 'cache'),
  ...extra,
});

ruleTester(rule, {
  valid: [
    { name: 'only the Kustomization with dependsOn applies its directory', repository: cluster([]) },
    {
      // Both wait for operator: neither creates the release before operator is Ready.
      name: 'the other Kustomization that applies the directory is held back as far',
      repository: {
        ...cluster([]),
        'clusters/main/more.yaml': fluxKustomization('redis-copy', ['operator']).replace('path: ./redis-copy', 'path: ./apps/redis'),
        'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', './ks.yaml', './more.yaml']),
      },
    },
    {
      // Copies of one directory in two clusters: each cluster's own Kustomizations, no object applied twice in one.
      name: 'two clusters apply the same directory, each behind its own dependsOn',
      repository: {
        ...cluster([]),
        'clusters/other/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/other'),
        'clusters/other/kustomization.yaml': kustomization(['./flux-system.yaml', './redis.yaml']),
        'clusters/other/redis.yaml': fluxKustomization('redis-other').replace('path: ./redis-other', 'path: ./apps/redis'),
      },
    },
    {
      name: 'the other Kustomization that applies the directory is suspended: it applies nothing',
      repository: {
        ...cluster([]),
        'clusters/main/more.yaml': fluxKustomization('early', [], '  suspend: true\n').replace('path: ./early', 'path: ./apps/redis'),
        'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', './ks.yaml', './more.yaml']),
      },
    },
    {
      // A review's probe: the other Kustomization is on an earlier level than redis (redis's applier sits behind a
      // chain), yet it waits for operator too.
      name: 'the other Kustomization waits for the same dependency, whatever the levels',
      repository: {
        ...cluster([]),
        'clusters/main/ks.yaml': [
          fluxKustomization('operator', [], '  wait: true\n').replace('path: ./operator', 'path: ./apps/operator'),
          fluxKustomization('a', [], '  wait: true\n').replace('path: ./a', 'path: ./apps/a'),
          fluxKustomization('b', ['a'], '  wait: true\n').replace('path: ./b', 'path: ./apps/b'),
          fluxKustomization('late', ['b']).replace('path: ./late', 'path: ./apps/late'),
          fluxKustomization('early', ['operator']).replace('path: ./early', 'path: ./apps/redis'),
        ].join('---\n'),
        'apps/a/hr.yaml': helmRelease('a', 'ops'),
        'apps/b/hr.yaml': helmRelease('b', 'ops'),
        'apps/late/ks.yaml': fluxKustomization('redis', ['operator']).replace('path: ./redis', 'path: ./apps/redis'),
      },
    },
    {
      // A review's probe: kustomize-controller leaves a copy annotated so out of its apply (fluxcd/pkg ssa's exclusion).
      name: 'the other Kustomization\'s copy is annotated kustomize.toolkit.fluxcd.io/reconcile: disabled',
      repository: cluster(['./placeholder.yaml'], {
        'clusters/main/placeholder.yaml': helmRelease('redis', 'cache').replace('metadata:\n', 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'),
      }),
    },
    {
      // A trial's probe: apps waits for infra, whose wait: true covers the Kustomization op it applies, so apps waits
      // for op's Ready too, though no dependsOn of its names op.
      name: 'the other Kustomization waits for the dependency through a waiting Kustomization it depends on',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', './ks.yaml']),
        'clusters/main/ks.yaml': `${fluxKustomization('infra', [], '  wait: true\n')}---\n${fluxKustomization('apps', ['infra'])}`,
        'infra/op.yaml': fluxKustomization('op', [], '  wait: true\n'),
        'op/hr.yaml': helmRelease('operator', 'ops'),
        // apps/ has no kustomization: Flux takes in redis.yaml and the redis/ directory as a whole.
        'apps/redis.yaml': fluxKustomization('redis', ['op']).replace('path: ./redis', 'path: ./apps/redis'),
        'apps/redis/kustomization.yaml': kustomization(['./hr.yaml']),
        'apps/redis/hr.yaml': helmRelease('redis', 'cache'),
      },
    },
    {
      // A trial's probe: op-config applies the directory of op's own file (op itself, and op's release through op's
      // app/ directory): neither the dependency nor what it creates is held back by waiting for it.
      name: 'the objects applied twice are the dependency itself, or come from it',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', '../../op/ks.yaml', './config.yaml']),
        'clusters/main/config.yaml': fluxKustomization('op-config', ['op']).replace('path: ./op-config', 'path: ./op'),
        'op/ks.yaml': fluxKustomization('op', [], '  wait: true\n').replace('path: ./op', 'path: ./op/app'),
        'op/app/kustomization.yaml': kustomization(['./hr.yaml']),
        'op/app/hr.yaml': helmRelease('operator', 'ops'),
      },
    },
  ],
  invalid: [{
    // A review's probe: b waits for a, not for operator, and sits on redis's level; each holds back nothing of the other's.
    name: 'two Kustomizations behind different dependencies apply one directory: each bypasses the other\'s',
    repository: {
      ...cluster([]),
      'clusters/main/more.yaml': `${fluxKustomization('a', [], '  wait: true\n').replace('path: ./a', 'path: ./apps/a')}---\n${fluxKustomization('b', ['a']).replace('path: ./b', 'path: ./apps/redis')}`,
      'apps/a/hr.yaml': helmRelease('a', 'ops'),
      'clusters/main/kustomization.yaml': kustomization(['./flux-system.yaml', './ks.yaml', './more.yaml']),
    },
    findings: [{
      message: 'Kustomization flux-system/redis waits for operator before it applies HelmRelease cache/redis, but Kustomization flux-system/b (spec.path ./apps/redis) applies it too, and does not wait for operator: Flux creates it with b\'s apply, so this dependsOn does not hold it back',
      at: 'clusters/main/ks.yaml:28:7',
      fix: 'leave HelmRelease cache/redis out of what b applies (its spec.path ./apps/redis), so that only redis applies it, after operator',
      dependency: 'operator',
    }, {
      message: 'Kustomization flux-system/b waits for a before it applies HelmRelease cache/redis, but Kustomization flux-system/redis (spec.path ./apps/redis) applies it too, and does not wait for a: Flux creates it with redis\'s apply, so this dependsOn does not hold it back',
      at: 'clusters/main/more.yaml:28:7',
      fix: 'leave HelmRelease cache/redis out of what redis applies (its spec.path ./apps/redis), so that only b applies it, after a',
      dependency: 'a',
    }],
  }, {
    name: 'the cluster\'s kustomization lists the directory that a Kustomization behind dependsOn applies',
    repository: cluster(['../../apps/redis']),
    findings: [{
      message: 'Kustomization flux-system/redis waits for operator before it applies HelmRelease cache/redis, but Kustomization flux-system/flux-system (spec.path ./clusters/main) applies it too, and does not wait for operator: Flux creates it with flux-system\'s apply, so this dependsOn does not hold it back',
      at: 'clusters/main/ks.yaml:28:7',
      fix: 'leave HelmRelease cache/redis out of what flux-system applies (its spec.path ./clusters/main), so that only redis applies it, after operator',
      dependency: 'operator',
    }],
  }, {
    // Apocrathia/homelab's bootstrap-1password: it waits for flux-system and for bootstrap-helm, and flux-system applies
    // its release. flux-system is not said to skip itself; the wait for helm is what it bypasses.
    name: 'the other Kustomization is one of the dependencies: the others are what it bypasses',
    repository: {
      ...cluster(['../../apps/redis']),
      'clusters/main/ks.yaml': `${fluxKustomization('operator', [], '  wait: true\n').replace('path: ./operator', 'path: ./apps/operator')}---\n${fluxKustomization('redis', ['flux-system', 'operator']).replace('path: ./redis', 'path: ./apps/redis')}`,
    },
    findings: [{
      message: 'Kustomization flux-system/redis waits for operator before it applies HelmRelease cache/redis, but Kustomization flux-system/flux-system (spec.path ./clusters/main) applies it too, and does not wait for operator: Flux creates it with flux-system\'s apply, so this dependsOn does not hold it back',
      at: 'clusters/main/ks.yaml:29:7',
      fix: 'leave HelmRelease cache/redis out of what flux-system applies (its spec.path ./clusters/main), so that only redis applies it, after operator',
      dependency: 'operator',
    }],
  }, {
    name: 'several objects: counted, and named',
    repository: cluster(['../../apps/redis'], { 'apps/redis/hr.yaml': `${helmRelease('redis', 'cache')}---\n${helmRelease('sentinel', 'cache')}` }),
    findings: [{
      message: 'Kustomization flux-system/redis waits for operator before it applies 2 objects (HelmRelease cache/redis, HelmRelease cache/sentinel), but Kustomization flux-system/flux-system (spec.path ./clusters/main) applies them too, and does not wait for operator: Flux creates them with flux-system\'s apply, so this dependsOn does not hold them back',
      at: 'clusters/main/ks.yaml:28:7',
      fix: 'leave those objects out of what flux-system applies (its spec.path ./clusters/main), so that only redis applies them, after operator',
      dependency: 'operator',
    }],
  }],
});

describe('dependsOn/bypassed across clusters', () => {
  // A trial's probe (tyzbit/fleet-infra): cluster b's nr applies cluster a's directory (its ks.yaml too); a's nr, which
  // waits for secrets, was said to be bypassed by b's apps, which "does not wait for secrets": it waits for b's.
  it('an applier of another cluster that waits for its own cluster\'s copy of the item bypasses nothing', async () => {
    const sync = (cluster: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  ref: {branch: main}\n  url: https://github.com/example/fleet.git\n---\n${fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}/flux`)}`;
    const files: Record<string, string> = { 'crds/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: crds\n  namespace: default\n' };
    for (const cluster of ['a', 'b']) {
      files[`clusters/${cluster}/flux/flux-system/gotk-sync.yaml`] = sync(cluster);
      files[`clusters/${cluster}/flux/flux-system/kustomization.yaml`] = kustomization(['./gotk-sync.yaml']);
      files[`clusters/${cluster}/flux/secrets.yaml`] = fluxKustomization('secrets', [], '  wait: true\n').replace('path: ./secrets', 'path: ./crds');
      files[`clusters/${cluster}/flux/apps.yaml`] = fluxKustomization('apps', ['secrets']).replace('path: ./apps', `path: ./clusters/${cluster}/apps`);
      files[`clusters/${cluster}/apps/nr/ks.yaml`] = fluxKustomization('nr', ['secrets']).replace('path: ./nr', 'path: ./clusters/a/apps/nr');
      files[`clusters/${cluster}/apps/nr/hr.yaml`] = helmRelease('nr', 'flux-system');
    }
    const root = repositoryOf(files);
    const json = JSON.parse((await runCli(['check', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { findings: { rule: string; message: string }[] };
    expect(json.findings.filter((finding) => finding.rule === 'dependsOn/bypassed' && finding.message.includes('does not wait for secrets'))).toEqual([]);
  });

  // The same trial's other half: in cluster a, apps also waits for crds (b has none). a's nr, one object with an
  // applier in each cluster (a's apps, and b's nr through a's directory), was said to bypass that wait; in a, only
  // apps creates it, after crds. Where a's nr is not applied by apps (a root of its own), it does bypass it.
  const twoClusters = (aApps: string) => {
    const files: Record<string, string> = { 'crds/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: crds\n  namespace: default\n' };
    for (const cluster of ['a', 'b']) {
      files[`clusters/${cluster}/flux/flux-system.yaml`] = fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}/flux`);
      files[`clusters/${cluster}/flux/secrets.yaml`] = fluxKustomization('secrets', [], '  wait: true\n').replace('path: ./secrets', 'path: ./crds');
      files[`clusters/${cluster}/flux/apps.yaml`] = fluxKustomization('apps', ['secrets']).replace('path: ./apps', `path: ./clusters/${cluster}/apps`);
      files[`clusters/${cluster}/apps/nr/ks.yaml`] = fluxKustomization('nr', ['secrets']).replace('path: ./nr', 'path: ./clusters/a/apps/nr');
      files[`clusters/${cluster}/apps/nr/hr.yaml`] = helmRelease('nr', 'flux-system');
    }
    files['clusters/a/flux/crds.yaml'] = fluxKustomization('crds', [], '  wait: true\n').replace('path: ./crds', 'path: ./crds');
    files['clusters/a/flux/apps.yaml'] = fluxKustomization('apps', ['secrets', 'crds']).replace('path: ./apps', `path: ${aApps}`);
    return files;
  };
  const bypassedCrds = async (files: Record<string, string>) => {
    const root = repositoryOf(files);
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    return (JSON.parse(result.stdout) as { findings: { rule: string; message: string; file: string; line: number }[] }).findings
      .filter((finding) => finding.rule === 'dependsOn/bypassed')
      .map((finding) => `${finding.file}:${finding.line} ${finding.message.slice(0, finding.message.indexOf(':'))}`);
  };

  it('one file two clusters apply, created in this one by the Kustomization that waits, bypasses nothing there', async () => {
    expect(await bypassedCrds(twoClusters('./clusters/a/apps'))).toEqual([]);
  });

  it('where an applier of this cluster that does not wait creates that file\'s Kustomization, the wait is bypassed', async () => {
    // a's apps applies only the HelmRelease of nr's directory; a's nr is created in a by nr-root, which waits for nothing.
    const files = twoClusters('./clusters/a/apps');
    files['clusters/a/apps/kustomization.yaml'] = kustomization(['./nr/hr.yaml']);
    files['clusters/a/flux/nr-root.yaml'] = fluxKustomization('nr-root').replace('path: ./nr-root', 'path: ./clusters/a/apps/nr');
    expect((await bypassedCrds(files)).filter((line) => line.includes('but Kustomization flux-system/nr '))).toEqual([
      'clusters/a/flux/apps.yaml:15 Kustomization flux-system/apps waits for crds before it applies HelmRelease flux-system/nr, but Kustomization flux-system/nr (spec.path ./clusters/a/apps/nr) applies it too, and does not wait for crds',
    ]);
  });
});
