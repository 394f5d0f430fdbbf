import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareText } from '../model/compare.js';
import { isMarkedCluster, isRemoteScope, managementScope, modelScopes, remoteScopeDirs } from '../model/clusters.js';
import { REMOTE_SCOPE } from '../model/flux-graph.js';
import type { FluxModel } from '../model/flux-graph.js';
import { appliesOwnDirectory } from '../model/flux-objects.js';
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
 * clusters that each reach a workload cluster through a secret of one name) are told apart by the secret's namespace and
 * their management cluster: `kubeConfig secretRef NAME (namespace flux-system, from clusters/mgmt-eu/flux-system)` (a
 * review's probe: neither could be chosen).
 */
function labelledScopes(model: FluxModel, cwd: string): LabelledCluster[] {
  const scopes = [...modelScopes(model)].map((scope) => ({ scope, label: clusterLabel(cwd, scope) || '.' }));
  const count = new Map<string, number>();
  for (const { label } of scopes) count.set(label, (count.get(label) ?? 0) + 1);
  // (And by the kubeConfig's namespace: one management cluster may read secrets of one name in two namespaces.)
  const namespaceOf = (scope: string) => scope.slice(scope.indexOf(REMOTE_SCOPE) + REMOTE_SCOPE.length).split('/')[0] || '?';
  return scopes.map(({ scope, label }) => ({
    scope, label: count.get(label)! > 1 && isRemoteScope(scope) ? `${label} (namespace ${namespaceOf(scope)}, from ${clusterLabel(cwd, managementScope(scope)) || '.'})` : label,
  })).sort((a, b) => compareText(a.label, b.label) || compareText(a.scope, b.scope));
}

/**
 * The clusters a repository shows: the marked ones (isMarkedCluster), else, where none is marked, the scope of every
 * root (a repository of clusters/<name>/ directories applied by hand has those).
 */
export function repositoryClusters(model: FluxModel, cwd: string, scopes = labelledScopes(model, cwd)): LabelledCluster[] {
  const marked = scopes.filter(({ scope }) => isMarkedCluster(model, scope));
  return marked.length > 0 ? marked : scopes;
}

/**
 * The cluster `--cluster` names: a cluster's own directory (the directory messages name it by), its label (`kubeConfig
 * secretRef prod`), or the directory it syncs (flux bootstrap's `--path`: clusters/staging for the cluster of
 * clusters/staging/flux-system; for a kubeConfig's cluster, what its management cluster applies there); else the one
 * cluster a directory holds, the outer one where one holds the others (a bootstrap nested in another's directory); else,
 * for a directory that exists, the innermost cluster it is in (a FluxInstance's clusters/prod/flux-system). Read from
 * the working directory, as every path option, else from the root, as flux bootstrap's --path is (a trial's probe:
 * `--root R --cluster clusters/production` from outside R was no cluster); the working directory's cluster is never
 * taken for a name that is none (a review's probe: run inside clusters/test, `--cluster typo` ordered test). What names
 * none, or several, is said with the clusters there are, and the nearest name.
 */
export function chooseCluster(model: FluxModel, cwd: string, named: string): LabelledCluster | { message: string; fix: string } {
  const root = model.repository.root;
  const bases = resolve(root) === resolve(cwd) ? [cwd] : [cwd, root];
  const scopes = labelledScopes(model, cwd);
  const clusters = repositoryClusters(model, cwd, scopes);
  const dirs = clusterDirs(model);
  const dirsOf = ({ scope }: LabelledCluster) => dirs.get(scope) ?? [scope];
  for (const base of bases) {
    const found = clusterNamedBy(resolve(base, named), named, scopes, clusters, dirsOf);
    if (found) return found;
  }
  // A directory that exists, inside a cluster's: the innermost such cluster.
  for (const base of bases) {
    const path = resolve(base, named);
    if (!existsSync(path)) continue;
    const around = clusters.flatMap((cluster) => dirsOf(cluster).filter((dir) => isInside(dir, path)).map((dir) => ({ cluster, depth: depth(dir) })))
      .sort((a, b) => b.depth - a.depth);
    if (around.length > 0 && (around.length === 1 || around[0]!.depth > around[1]!.depth)) return around[0]!.cluster;
  }
  // A kubeConfig's label that two of its clusters share: each is named with its management cluster.
  const sameLabel = scopes.filter(({ scope }) => isRemoteScope(scope) && clusterLabel(cwd, scope) === named);
  if (sameLabel.length > 1) {
    return { message: `--cluster ${named} names ${sameLabel.length} clusters: ${sameLabel.map(({ label }) => label).join(', ')}`, fix: 'pass one of them as written here, or the directory applied there' };
  }
  const labels = clusters.map(({ label }) => label);
  // A misspelling, one part of a cluster's directory (`prod` for clusters/prod), or the start of one.
  const parts = labels.filter((label) => label.split('/').includes(named) || label.startsWith(named));
  const guess = closestName(named, labels) ?? (parts.length === 1 ? parts[0] : undefined);
  const listed = clusters.length > 0 ? labels.join(', ') : 'none';
  return {
    message: `--cluster ${named} is no cluster of this repository (its clusters: ${listed})`,
    fix: guess !== undefined ? `did you mean --cluster ${guess}?` : clusters.length > 0 ? 'pass one of them: a cluster\'s directory, as messages name it' : 'drop --cluster: the repository shows no cluster',
  };
}

/** How many parts a directory has: nearer the root, fewer. */
const depth = (dir: string) => dir.split('/').length;

/**
 * The cluster that `path` names (or `named`, a label), or that is the only one it holds, the outer where one holds the
 * others; an error where it holds several side by side; undefined where it names none.
 */
function clusterNamedBy(path: string, named: string, scopes: readonly LabelledCluster[], clusters: readonly LabelledCluster[],
  dirsOf: (cluster: LabelledCluster) => readonly string[]): LabelledCluster | { message: string; fix: string } | undefined {
  const exact = scopes.filter(({ scope, label }) => scope === path || label === named);
  if (exact.length === 1) return exact[0]!;
  const syncing = clusters.filter((cluster) => dirsOf(cluster).includes(path));
  if (syncing.length === 1) return syncing[0]!;
  // Below the directory: each cluster by its outermost directory there; those no other's holds.
  const below = clusters.flatMap((cluster) => {
    const inside = dirsOf(cluster).filter((dir) => isInside(path, dir)).sort((a, b) => depth(a) - depth(b));
    return inside.length > 0 ? [{ cluster, dir: inside[0]! }] : [];
  });
  const outer = below.filter((one) => !below.some((other) => other !== one && other.dir !== one.dir && isInside(other.dir, one.dir)));
  const distinct = [...new Set(outer.map((one) => one.cluster))];
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.length > 1) return { message: `--cluster ${named} holds ${distinct.length} clusters: ${distinct.map(({ label }) => label).join(', ')}`, fix: 'pass the directory of one of them' };
  return undefined;
}

/**
 * Each cluster's directories: its scope, the directory a bootstrap root there syncs (its spec.path, where it applies
 * its own directory: clusters/staging for clusters/staging/flux-system), and for a kubeConfig's cluster, what its
 * management cluster applies there.
 */
function clusterDirs(model: FluxModel): Map<string, string[]> {
  const dirs = new Map<string, string[]>([...remoteScopeDirs(model)].map(([scope, applied]) => [scope, [...applied]]));
  for (const object of model.objects) {
    if (object.kind !== 'Kustomization' || object.appliesDir === undefined || (model.appliedBy.get(object)?.length ?? 0) > 0 || !appliesOwnDirectory(object)) continue;
    for (const scope of model.scopesOf?.(object) ?? []) if (!isRemoteScope(scope)) dirs.set(scope, [...new Set([...dirs.get(scope) ?? [scope], object.appliesDir])]);
  }
  return dirs;
}
