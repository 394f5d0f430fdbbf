import { resolve } from 'node:path';
import { compareText } from '../model/compare.js';
import { isMarkedCluster, isRemoteScope, managementScope, modelScopes, remoteScopeDirs } from '../model/clusters.js';
import type { FluxModel } from '../model/flux-graph.js';
import { isInside } from '../model/inside.js';
import { closestName } from '../model/names.js';
import { clusterLabel } from '../rules/flux-subjects.js';

/** A cluster (a scope of FluxModel.scopesOf) and its label, as messages name it (clusterLabel). */
export interface LabelledCluster {
  scope: string;
  label: string;
}

/**
 * Every scope of the model with its label, sorted by label. Two kubeConfig clusters of one label (management
 * clusters that each reach a workload cluster through a secret of one name) are told apart by their management
 * cluster: `kubeConfig secretRef NAME (from clusters/mgmt-eu/flux-system)` (a review's probe: neither could be chosen).
 */
function labelledScopes(model: FluxModel, cwd: string): LabelledCluster[] {
  const scopes = [...modelScopes(model)].map((scope) => ({ scope, label: clusterLabel(cwd, scope) || '.' }));
  const count = new Map<string, number>();
  for (const { label } of scopes) count.set(label, (count.get(label) ?? 0) + 1);
  return scopes.map(({ scope, label }) => ({
    scope, label: count.get(label)! > 1 && isRemoteScope(scope) ? `${label} (from ${clusterLabel(cwd, managementScope(scope)) || '.'})` : label,
  })).sort((a, b) => compareText(a.label, b.label) || compareText(a.scope, b.scope));
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
 * The cluster `--cluster` names, from the working directory: a cluster's own directory (the directory messages name
 * it by), or its label (`kubeConfig secretRef prod`); else the one cluster a directory holds (flux bootstrap's `--path`,
 * clusters/staging for clusters/staging/flux-system; a kubeConfig's cluster by what its management cluster applies
 * there, clusters/cluster-mgmt), the nearest where they nest; else the cluster the directory is in (a FluxInstance's
 * clusters/prod/flux-system, in its sync path clusters/prod). What names none, or several, is said with the clusters
 * there are, and the nearest name.
 */
export function chooseCluster(model: FluxModel, cwd: string, named: string): LabelledCluster | { message: string; fix: string } {
  // From the working directory, as every path option; else from the root, as flux bootstrap's --path and --exclude are
  // (a trial's probe: `--root R --cluster clusters/production` from outside R was no cluster).
  const fromCwd = clusterAt(model, cwd, resolve(cwd, named), named);
  const root = model.repository.root;
  if ('scope' in fromCwd || resolve(root) === resolve(cwd)) return fromCwd;
  const fromRoot = clusterAt(model, cwd, resolve(root, named), named);
  return 'scope' in fromRoot ? fromRoot : fromCwd;
}

/** chooseCluster's reading of `named` as the directory `path` (or a label). */
function clusterAt(model: FluxModel, cwd: string, path: string, named: string): LabelledCluster | { message: string; fix: string } {
  const scopes = labelledScopes(model, cwd);
  const clusters = repositoryClusters(model, cwd);
  const listed = clusters.length > 0 ? clusters.map(({ label }) => label).join(', ') : 'none';
  const exact = scopes.filter(({ scope, label }) => scope === path || label === named);
  if (exact.length === 1) return exact[0]!;
  // Each cluster's directories: its own, and for a kubeConfig's, those its management cluster applies there.
  const remoteDirs = remoteScopeDirs(model);
  const dirsOf = ({ scope }: LabelledCluster) => (isRemoteScope(scope) ? [...remoteDirs.get(scope) ?? []] : [scope]);
  const applied = clusters.filter((cluster) => dirsOf(cluster).includes(path));
  if (applied.length === 1) return applied[0]!;
  // Below the directory: the nearest, where one is nearer than the rest (a bootstrap nested in another's directory).
  const depth = (dir: string) => dir.split('/').length;
  const below = clusters.flatMap((cluster) => dirsOf(cluster).filter((dir) => isInside(path, dir)).map((dir) => ({ cluster, depth: depth(dir) })));
  const nearest = Math.min(...below.map((one) => one.depth));
  const nearestBelow = [...new Set(below.filter((one) => one.depth === nearest).map((one) => one.cluster))];
  if (nearestBelow.length === 1) return nearestBelow[0]!;
  if (nearestBelow.length > 1) {
    return { message: `--cluster ${named} holds ${nearestBelow.length} clusters: ${nearestBelow.map(({ label }) => label).join(', ')}`, fix: 'pass the directory of one of them' };
  }
  // The cluster whose directory holds it, the innermost.
  const around = clusters.filter(({ scope }) => !isRemoteScope(scope) && isInside(scope, path)).sort((a, b) => depth(b.scope) - depth(a.scope));
  if (around.length > 0 && (around.length === 1 || depth(around[0]!.scope) > depth(around[1]!.scope))) return around[0]!;
  // A kubeConfig's label that two management clusters' secrets share: each is named with its management cluster.
  const sameLabel = scopes.filter(({ scope }) => isRemoteScope(scope) && clusterLabel(cwd, scope) === named);
  if (sameLabel.length > 1) {
    return { message: `--cluster ${named} names ${sameLabel.length} clusters: ${sameLabel.map(({ label }) => label).join(', ')}`, fix: 'pass one of them as written here' };
  }
  const labels = clusters.map(({ label }) => label);
  // A misspelling, or one part of a cluster's directory (`prod` for clusters/prod).
  const parts = labels.filter((label) => label.split('/').includes(named));
  const guess = closestName(named, labels) ?? (parts.length === 1 ? parts[0] : undefined);
  return {
    message: `--cluster ${named} is no cluster of this repository (its clusters: ${listed})`,
    fix: guess !== undefined ? `did you mean --cluster ${guess}?` : clusters.length > 0 ? 'pass one of them: a cluster\'s directory, as messages name it' : 'drop --cluster: the repository shows no cluster',
  };
}
