import { describe } from 'vitest';
import { findKustomize } from '../../src/load/kustomize-build.js';
import rule from '../../src/rules/order-parent-timeout.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

/** A wait: true Kustomization applying ./apps, where three HelmReleases (5 min each by default) form a chain. */
const chain = (parentSpec: string) => ({
  'clusters/prod/apps.yaml': fluxKustomization('apps', [], parentSpec),
  'apps/a.yaml': helmRelease('bp-a'),
  'apps/b.yaml': helmRelease('bp-b', ['bp-a']),
  'apps/c.yaml': helmRelease('bp-c', ['bp-b']),
});

/**
 * A wait: true Kustomization (timeout 1m) applying three Kustomizations in a chain, none of which waits:
 * each costs one dependency requeue, 30 s by default, or what the repository's --requeue-dependency says.
 */
const unwaited = (requeuePatch: boolean) => ({
  'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 1m\n'),
  'apps/ka.yaml': fluxKustomization('ka'),
  'apps/kb.yaml': fluxKustomization('kb', ['ka']),
  'apps/kc.yaml': fluxKustomization('kc', ['kb']),
  'ka/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'kb/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  'kc/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  // The controllers' argument as a Deployment that the parent applies (Flux's own bootstrap patches it in flux-system).
  ...(requeuePatch ? {
    'apps/controllers.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kustomize-controller\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args:\n            - --requeue-dependency=5s\n',
  } : {}),
});

/** The same chain, each HelmRelease with its own spec.install.timeout (what a first install waits at most). */
const installTimeouts = (parentSpec: string, timeout: string) => Object.fromEntries(Object.entries(chain(parentSpec))
  .map(([path, text]) => [path, path.startsWith('apps/') ? text.replace('spec:\n', `spec:\n  install:\n    timeout: ${timeout}\n`) : text]));

ruleTester(rule, {
  valid: [
    // A trial's probe (aclerici38/home-ops): helm-controller's install action takes spec.install.timeout over spec.timeout.
    { name: 'install.timeout 2m each: a 6 min chain within the parent\'s 10 min', repository: installTimeouts('  wait: true\n  timeout: 10m\n', '2m') },
    {
      // A trial's probe (aclerici38/home-ops): one release in two clusters' directories, only one copy with dependsOn.
      // The copies share an id; each parent's chain is its own children's.
      name: 'a chain only another cluster\'s copy of the same objects has',
      repository: {
        'clusters/a/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/a'),
        'clusters/a/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 6m\n').replace('path: ./apps', 'path: ./apps/a'),
        'apps/a/x.yaml': helmRelease('x'),
        'apps/a/x-resources.yaml': helmRelease('x-resources'),
        'clusters/b/flux-system/gotk-sync.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/b'),
        'clusters/b/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 20m\n').replace('path: ./apps', 'path: ./apps/b'),
        'apps/b/x.yaml': helmRelease('x', ['x-resources']),
        'apps/b/x-resources.yaml': helmRelease('x-resources'),
      },
    },
    { name: 'a chain of Kustomizations that do not wait, each one requeue of the repository\'s --requeue-dependency=5s', repository: unwaited(true) },
    { name: 'a timeout longer than the chain', repository: chain('  wait: true\n  timeout: 20m\n') },
    {
      // helm-controller's default 5 min says nothing of how long the install takes (a sweep: 66 such in one repository).
      name: 'one HelmRelease with the default timeout, under a parent that waits 4 min 30 s',
      repository: { 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 4m30s\n'), 'apps/a.yaml': helmRelease('bp-a') },
    },
    {
      // A trial's probe (shelken/home-ops): a Kustomization without wait depending on it adds a requeue, not a judgement
      // of the default (interval 1h: 59 min 30 s), which alone is not judged.
      name: 'one Kustomization with the default timeout, and a sibling without wait that depends on it',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 5m\n'),
        'apps/ka.yaml': fluxKustomization('ka', [], '  wait: true\n').replace('interval: 10m', 'interval: 1h'),
        'apps/kb.yaml': fluxKustomization('kb', ['ka']),
        'ka/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
        'kb/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
      },
    },
    {
      // Left to the cluster (a review's probes): a timeout that is a variable, and a parent whose interval is one.
      name: 'a HelmRelease timeout of ${HR_TIMEOUT}, and a parent interval of ${INTERVAL}',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n').replace('interval: 10m', 'interval: ${INTERVAL}'),
        'apps/a.yaml': helmRelease('bp-a').replace('spec:\n', 'spec:\n  timeout: 10m\n'),
        'clusters/prod/other.yaml': fluxKustomization('other', [], '  wait: true\n  timeout: 1m\n'),
        'other/a.yaml': helmRelease('bp-o').replace('spec:\n', 'spec:\n  timeout: ${HR_TIMEOUT}\n'),
      },
    },
    {
      // onedr0p's template: the parent's default timeout is its interval less 30 s, the release's within the interval.
      name: 'one HelmRelease given 10 min, under a parent every 10 min with its default timeout (9 min 30 s)',
      repository: {
        'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n'),
        'apps/a.yaml': helmRelease('bp-a').replace('spec:\n', 'spec:\n  timeout: 10m\n'),
      },
    },
    { name: 'without wait: true the parent does not wait for the chain', repository: chain('  timeout: 1m\n') },
  ],
  invalid: [{
    // A trial's probe (CloudHub-Social/CloudHub-Cluster): health checks of rook-ceph's releases, waited 15 min, where the
    // releases are given 30 min and 1 h; the rule judged wait: true alone. kustomize-controller waits for health checks
    // up to the same spec.timeout.
    name: 'healthChecks on a HelmRelease whose written timeout outlasts the parent\'s',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  timeout: 15m\n  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: bp-a\n      namespace: flux-system\n'),
      'apps/a.yaml': helmRelease('bp-a').replace('spec:\n', 'spec:\n  timeout: 30m\n'),
    },
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 15 min (healthChecks) for what its health checks name, but HelmRelease flux-system/bp-a alone can take 30 min (its timeout); on a cold start it may fail before that install finishes',
      at: 'clusters/prod/apps.yaml:10:12',
      fix: 'raise spec.timeout of apps to at least 30 min, or give bp-a a timeout within it',
    }],
  }, {
    // A trial's probe (eleboucher/homelab's webhook-ovh): one release given 10 min, under a parent that waits 5.
    name: 'one HelmRelease whose written timeout outlasts the parent\'s: a chain of one',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 5m\n'),
      'apps/a.yaml': helmRelease('bp-a').replace('spec:\n', 'spec:\n  timeout: 10m\n'),
    },
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 5 min (wait: true) for what it applies, but HelmRelease flux-system/bp-a alone can take 10 min (its timeout); on a cold start it may fail before that install finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 10 min, or give bp-a a timeout within it',
    }],
  }, {
    // A review's probe: the slowest chain was the sibling with the default 5 min, which is not judged alone, and hid a.
    name: 'a chain of one beside a sibling with the default timeout: the one with a written timeout is judged',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n  timeout: 3m\n'),
      'apps/a.yaml': helmRelease('bp-a').replace('spec:\n', 'spec:\n  timeout: 4m\n'),
      'apps/b.yaml': helmRelease('bp-b'),
    },
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 3 min (wait: true) for what it applies, but HelmRelease flux-system/bp-a alone can take 4 min (its timeout); on a cold start it may fail before that install finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 4 min, or give bp-a a timeout within it',
    }],
  }, {
    name: 'install.timeout 10m each: a 30 min chain outlasts the parent\'s 20 min',
    repository: installTimeouts('  wait: true\n  timeout: 20m\n', '10m'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 20 min (wait: true) for what it applies, but its slowest chain can take 30 min: HelmRelease flux-system/bp-a 10 min → HelmRelease flux-system/bp-b 10 min → HelmRelease flux-system/bp-c 10 min; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 30 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    // A review's probe: a slower chain that cannot be judged (ka, waiting with its 1 h interval's default, then kb, which
    // does not wait) hid the 15 min chain of default HelmRelease timeouts, which can.
    name: 'a chain of three default HelmRelease timeouts beside a slower one whose only waiting member has a default',
    repository: {
      ...chain('  wait: true\n  timeout: 10m\n'),
      'apps/ka.yaml': fluxKustomization('ka', [], '  wait: true\n').replace('interval: 10m', 'interval: 1h'),
      'apps/kb.yaml': fluxKustomization('kb', ['ka']),
      'ka/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      'kb/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    },
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    // A trial's probe: a written timeout under a minute was read as a minute, so a chain of 1 min passed.
    name: 'a timeout of 30 s is 30 s (kustomize-controller\'s floor), not a minute: a chain of three 20 s installs outlasts it',
    repository: installTimeouts('  wait: true\n  timeout: 30s\n', '20s'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 30 s (wait: true) for what it applies, but its slowest chain can take 1 min: HelmRelease flux-system/bp-a 20 s → HelmRelease flux-system/bp-b 20 s → HelmRelease flux-system/bp-c 20 s; on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 1 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    // A trial's note (sulibot/home-ops): a chain of Kustomizations without spec.timeout, each its interval less 30 s
    // (15m there: 29 min), read as install times someone had written: where each figure comes from is said.
    name: 'a chain of waiting Kustomizations without spec.timeout: their figures said to be their intervals less 30 s',
    repository: {
      'clusters/prod/tier0.yaml': fluxKustomization('tier0', [], '  wait: true\n  timeout: 10m\n'),
      'tier0/ks.yaml': `${fluxKustomization('crds', [], '  wait: true\n').replace('path: ./crds', 'path: ./x')}---\n${fluxKustomization('ctrl', ['crds'], '  wait: true\n').replace('path: ./ctrl', 'path: ./x')}`,
      'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n',
    },
    findings: [{
      message: 'Kustomization flux-system/tier0 waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 19 min: Kustomization flux-system/crds 9 min 30 s → Kustomization flux-system/ctrl 9 min 30 s (a Kustomization without spec.timeout, its interval less 30 s); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/tier0.yaml:11:12',
      fix: 'raise spec.timeout of tier0 to at least 19 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    // A review's probe: an interval of 45 s gives kustomize-controller's 30 s floor, not the interval less 30 s.
    name: 'a chain of waiting Kustomizations whose intervals are under a minute: their figures said to be the 30 s floor',
    repository: {
      'clusters/prod/tier0.yaml': fluxKustomization('tier0', [], '  wait: true\n  timeout: 45s\n'),
      'tier0/ks.yaml': `${fluxKustomization('crds', [], '  wait: true\n').replace('interval: 10m', 'interval: 45s').replace('path: ./crds', 'path: ./x')}---\n${fluxKustomization('ctrl', ['crds'], '  wait: true\n').replace('interval: 10m', 'interval: 45s').replace('path: ./ctrl', 'path: ./x')}`,
      'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n',
    },
    findings: [{
      message: 'Kustomization flux-system/tier0 waits at most 45 s (wait: true) for what it applies, but its slowest chain can take 1 min: Kustomization flux-system/crds 30 s → Kustomization flux-system/ctrl 30 s (a Kustomization without spec.timeout, the 30 s kustomize-controller gives at least); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/tier0.yaml:11:12',
      fix: 'raise spec.timeout of tier0 to at least 1 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'the same chain at the default requeue of 30 s outlasts the parent\'s 1 min',
    repository: unwaited(false),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 1 min (wait: true) for what it applies, but its slowest chain can take 1 min 30 s: Kustomization flux-system/ka 30 s → Kustomization flux-system/kb 30 s → Kustomization flux-system/kc 30 s (one without wait, a dependency requeue); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 1 min 30 s, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'a 10 min timeout over a 15 min chain, located at the timeout the fix raises',
    repository: chain('  wait: true\n  timeout: 10m\n'),
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 10 min (wait: true) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:11:12',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'no timeout (it defaults to the interval less 30 s: 9 min 30 s): located at the wait: true',
    repository: chain('  wait: true\n'),
    findings: [{
      // The figure no file shows, said with where it comes from (a trial's note: 9 min 30 s read as a mistake).
      message: 'Kustomization flux-system/apps waits at most 9 min 30 s (wait: true; no spec.timeout: its interval, 10m, less 30 s) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:10:9',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }, {
    name: 'no timeout and an interval of 45 s: kustomize-controller\'s 30 s floor, said so',
    repository: { ...chain('  wait: true\n'), 'clusters/prod/apps.yaml': fluxKustomization('apps', [], '  wait: true\n').replace('interval: 10m', 'interval: 45s') },
    findings: [{
      message: 'Kustomization flux-system/apps waits at most 30 s (wait: true; no spec.timeout: the 30 s kustomize-controller gives at least) for what it applies, but its slowest chain can take 15 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min → HelmRelease flux-system/bp-c 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
      at: 'clusters/prod/apps.yaml:10:9',
      fix: 'raise spec.timeout of apps to at least 15 min, or split the chain into Kustomizations that depend on each other',
    }],
  }],
});

// A trial's probe (aclerici38/home-ops): the parent's spec.patches give every child timeout: 3m and wait: true, so
// raising the child's own spec.timeout changes nothing. What a patch builds is kustomize's: the case needs it.
describe.skipIf(!findKustomize())('with kustomize or kubectl on PATH (skipped without: the timeout a patch gives is what kustomize builds)', () => {
  const patched = '  patches:\n    - target:\n        kind: Kustomization\n      patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n        spec:\n          timeout: 3m\n          wait: true\n';
  const files = (timeout: string) => ({
    'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
    'clusters/main/apps.yaml': fluxKustomization('apps', [], patched.replace('timeout: 3m', `timeout: ${timeout}`)).replace('path: ./apps', 'path: ./ks'),
    'ks/demo.yaml': fluxKustomization('demo', [], '  timeout: 1m\n').replace('path: ./demo', 'path: ./apps/demo'),
    'apps/demo/a.yaml': helmRelease('bp-a'),
    'apps/demo/b.yaml': helmRelease('bp-b', ['bp-a']),
  });
  ruleTester(rule, {
    valid: [{ name: 'a timeout a parent\'s patch gives that covers the chain (over the 1 min the file says)', repository: files('20m') }],
    invalid: [{
      name: 'a timeout a parent\'s patch gives: located at the patch\'s line, and the fix raises it there',
      repository: {
        'clusters/main/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/main'),
        'clusters/main/apps.yaml': fluxKustomization('apps', [], patched).replace('path: ./apps', 'path: ./ks'),
        'ks/demo.yaml': fluxKustomization('demo', [], '  timeout: 10m\n').replace('path: ./demo', 'path: ./apps/demo'),
        'apps/demo/a.yaml': helmRelease('bp-a'),
        'apps/demo/b.yaml': helmRelease('bp-b', ['bp-a']),
      },
      findings: [{
        message: 'Kustomization flux-system/demo waits at most 3 min (wait: true; the timeout is set by the patch at clusters/main/apps.yaml:19) for what it applies, but its slowest chain can take 10 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
        at: 'clusters/main/apps.yaml:19:20',
        fix: 'raise the timeout the patch at clusters/main/apps.yaml:19 gives demo to at least 10 min (it overrides any spec.timeout of its own file), or split the chain into Kustomizations that depend on each other',
      }],
    }, {
      // A review's probe: one block with a HelmRelease's timeout patch first (it reaches no HelmRelease here: they
      // are demo's), then the Kustomizations'.
      name: 'a timeout a parent\'s patch gives, after a HelmRelease\'s timeout patch in the same block: at the Kustomization\'s',
      repository: {
        ...files('3m'),
        'clusters/main/apps.yaml': fluxKustomization('apps', [], `  patches:\n    - target:\n        kind: HelmRelease\n      patch: |-\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: _\n        spec:\n          timeout: 30m\n${patched.replace('  patches:\n', '')}`).replace('path: ./apps', 'path: ./ks'),
      },
      findings: [{
        message: 'Kustomization flux-system/demo waits at most 3 min (wait: true; the timeout is set by the patch at clusters/main/apps.yaml:28) for what it applies, but its slowest chain can take 10 min: HelmRelease flux-system/bp-a 5 min → HelmRelease flux-system/bp-b 5 min (a HelmRelease without a timeout, helm-controller\'s 5 min); on a cold start it may fail before the chain finishes',
        at: 'clusters/main/apps.yaml:28:20',
        fix: 'raise the timeout the patch at clusters/main/apps.yaml:28 gives demo to at least 10 min (it overrides any spec.timeout of its own file), or split the chain into Kustomizations that depend on each other',
      }],
    }],
  });
});
