// What the two files of the repository audit's overlay tests share: the audit run in process, and the
// Flux objects and kustomizations their repositories are written of.
import { runCli } from './helpers.js';
import { findKustomize } from '../src/load/kustomize-build.js';
import type { Report } from '../src/index.js';

export const kustomize = findKustomize();

export async function audit(root: string, args: string[] = []) {
  const result = await runCli(['check', '--root', root, '--format', 'json', ...args], { cwd: root });
  const report = JSON.parse(result.stdout) as Report;
  const keys = report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`);
  return { ...result, report, keys };
}

export const fluxKustomization = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  wait: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
export const helmRelease = (name: string, dependsOn: string[] = []) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 1h\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : ''}  chart:\n    spec:\n      chart: ${name}\n`;
export const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

/** Two clusters whose apps overlays take one base into their own namespace. */
export function twoClusters(overlayExtra = ''): Record<string, string> {
  return {
    'clusters/production/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/production'),
    'clusters/production/apps.yaml': fluxKustomization('apps', './apps/production'),
    'clusters/staging/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
    'clusters/staging/apps.yaml': fluxKustomization('apps', './apps/staging'),
    'apps/base/kustomization.yaml': kustomization('resources:\n  - redis.yaml\n  - web.yaml\n'),
    'apps/base/redis.yaml': helmRelease('redis'),
    'apps/base/web.yaml': helmRelease('web', ['redis']),
    'apps/production/kustomization.yaml': kustomization(`namespace: prod-apps\nresources:\n  - ../base\n${overlayExtra}`),
    'apps/staging/kustomization.yaml': kustomization('namespace: staging-apps\nresources:\n  - ../base\n'),
  };
}
