import { fluxKustomization, helmRelease } from './rule-tester.js';

/**
 * Two clusters (a and b, or the names given), each bootstrapped from clusters/<name>/flux-system, each taking in
 * base/: Kustomization infra (wait: true, applying ./infra, a HelmRelease) and apps, which depends on it. Only the `patched`
 * clusters' kustomization.yaml patches infra with `field: value` (a JSON 6902 op on /spec/...): each cluster holds its own infra,
 * and apps there waits for that copy (a trial's probe: the verdict followed the cluster whose name sorts first).
 */
export function perClusterOverlay(patched: string | readonly string[], field: string, value: string, clusters: readonly string[] = ['a', 'b']): Record<string, string> {
  const files: Record<string, string> = {
    'base/ks.yaml': `${fluxKustomization('infra', [], '  wait: true\n')}---\n${fluxKustomization('apps', ['infra'])}`,
    'base/kustomization.yaml': 'resources:\n  - ks.yaml\n',
    // What infra applies runs after its apply (a release): Ready says so only with wait.
    'infra/db.yaml': helmRelease('db', [], { namespace: 'data' }),
    'apps/web.yaml': helmRelease('web', [], { namespace: 'data' }),
  };
  for (const cluster of clusters) {
    files[`clusters/${cluster}/flux-system/gotk-sync.yaml`] = fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`);
    files[`clusters/${cluster}/flux-system/kustomization.yaml`] = 'resources:\n  - gotk-sync.yaml\n';
    files[`clusters/${cluster}/kustomization.yaml`] = `resources:\n  - flux-system\n  - ../../base\n${(typeof patched === 'string' ? [patched] : patched).includes(cluster)
      ? `patches:\n  - patch: |\n      - op: add\n        path: /spec/${field}\n        value: ${value}\n    target:\n      kind: Kustomization\n      name: infra\n`
      : ''}`;
  }
  return files;
}
