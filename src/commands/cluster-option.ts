import { resolve } from 'node:path';
import { compareText } from '../model/compare.js';
import { isMarkedCluster, modelScopes } from '../model/clusters.js';
import { REMOTE_SCOPE } from '../model/flux-graph.js';
import type { FluxModel } from '../model/flux-graph.js';
import { isInside } from '../model/inside.js';
import { closestName } from '../model/names.js';
import { clusterLabel } from '../rules/flux-subjects.js';

/** A cluster (a scope of FluxModel.scopesOf) and its label, as messages name it (clusterLabel). */
export interface LabelledCluster {
  scope: string;
  label: string;
}

/** Every scope of the model with its label, sorted by label. */
function labelledScopes(model: FluxModel, cwd: string): LabelledCluster[] {
  return [...modelScopes(model)].map((scope) => ({ scope, label: clusterLabel(cwd, scope) || '.' }))
    .sort((a, b) => compareText(a.label, b.label) || compareText(a.scope, b.scope));
}

/**
 * The clusters a repository shows: the marked ones (isMarkedCluster), else, where none is marked, the scope of every
 * root (a repository of clusters/<name>/ directories applied by hand has those).
 */
export function repositoryClusters(model: FluxModel, cwd: string): LabelledCluster[] {
  const scopes = labelledScopes(model, cwd);
  const marked = scopes.filter(({ scope }) => isMarkedCluster(model, scope));
  return marked.length > 0 ? marked : scopes;
}

/**
 * The cluster `--cluster` names: a directory (from the working directory) that is a cluster's, or a cluster's label
 * as messages print it (`kubeConfig secretRef prod key value`). Any scope of the model is taken, marked or not; what
 * names none, or several, is said with the clusters there are, and the nearest name.
 */
export function chooseCluster(model: FluxModel, cwd: string, named: string): LabelledCluster | { message: string; fix: string } {
  const scopes = labelledScopes(model, cwd);
  const path = resolve(cwd, named);
  const clusters = repositoryClusters(model, cwd);
  // The cluster's own directory; else the one cluster below the directory named (flux bootstrap's --path, whose
  // flux-system/ marks the cluster: clusters/staging for clusters/staging/flux-system); else a kubeConfig's label.
  const exact = scopes.filter(({ scope }) => scope === path);
  // (Not a kubeConfig's cluster: its scope is written after its management cluster's directory, and names no directory.)
  const below = clusters.filter(({ scope }) => !scope.includes(REMOTE_SCOPE) && isInside(path, scope));
  const matches = exact.length > 0 ? exact : below.length > 0 ? below : scopes.filter(({ label }) => label === named);
  if (matches.length === 1) return matches[0]!;
  const listed = clusters.length > 0 ? clusters.map(({ label }) => label).join(', ') : 'none';
  if (matches.length > 1) {
    return {
      message: `--cluster ${named} holds ${matches.length} clusters: ${matches.map(({ label }) => label).join(', ')}`,
      fix: 'pass the directory of one of them',
    };
  }
  const guess = closestName(named, clusters.map(({ label }) => label));
  return {
    message: `--cluster ${named} is no cluster of this repository (its clusters: ${listed})`,
    fix: guess !== undefined ? `did you mean --cluster ${guess}?` : clusters.length > 0 ? 'pass one of them: a cluster\'s directory, as messages name it' : 'drop --cluster: the repository shows no cluster',
  };
}
