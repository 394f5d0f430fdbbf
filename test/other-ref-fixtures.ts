// Fixtures for a repository whose cluster applies a branch of itself (dependsOn/unread-target and
// dependsOn/unknown-target's rule testers): GitRepository common, this repository's address at branch common.
import { fluxKustomization } from './rule-tester.js';

/** A GitRepository named `name` at the address and branch given. */
export const gitRepository = (name: string, branch: string, url = 'https://github.com/example/fleet') =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${url}\n  ref:\n    branch: ${branch}\n`;

/** Cluster `cluster`'s bootstrap root: GitRepository flux-system at branch main, Kustomization flux-system applying clusters/CLUSTER. */
export const bootstrapOf = (cluster: string) => ({
  [`clusters/${cluster}/flux-system/gotk-sync.yaml`]: `${gitRepository('flux-system', 'main')}---\n${fluxKustomization('flux-system').replace('path: ./flux-system', `path: ./clusters/${cluster}`)}`,
  [`clusters/${cluster}/flux-system/kustomization.yaml`]: 'resources:\n  - gotk-sync.yaml\n',
});

/** Cluster prod: its bootstrap root, apps/ (a ConfigMap) and `files`. */
export const prod = (files: Record<string, string>) => ({
  ...bootstrapOf('prod'),
  'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n',
  ...files,
});

/** Kustomization constraints applying ./constraints from GitRepository common (branch common of this repository), `spec` added. */
export const fromBranch = (spec = '') => `${gitRepository('common', 'common')}---\n${fluxKustomization('constraints', [], spec).replace('name: flux-system\n', 'name: common\n')}`;
