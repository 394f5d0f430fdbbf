import { isInside } from './inside.js';
import { buildFluxModel, readsFailure, REMOTE_SCOPE, targetCopies } from './flux-graph.js';
import { appliedDirsOf, fluxObjectId } from './flux-objects.js';
import type { FluxObject } from './flux-objects.js';
import type { FluxModel } from './flux-graph.js';

/*
 * One cluster of a repository that several share (`order`, `graph` and
 * `explain` with --cluster). The repository graph is by id: the copies of
 * Kustomization flux-system/apps in staging and production are one node
 * there, with the union of their dependsOn and their appliers. That is the
 * right graph for what every cluster must satisfy, and the wrong one for
 * "in which order does staging install": where the two clusters order the
 * same objects differently, the union puts them on one level; where one
 * cluster holds what another installs, the order names both. Flux itself
 * reconciles each cluster alone.
 */

/**
 * Whether a scope (FluxModel.scopesOf) is a cluster an entry point marks: a FluxInstance's sync path, the directory
 * of a root that applies its own directory (where every object is reached from one), or the cluster a Kustomization's
 * kubeConfig reaches. Other scopes are the directories of roots nothing marks (a repository without flux bootstrap's
 * flux-system, whose clusters/<name>/ hold Kustomizations applied by hand).
 */
export function isMarkedCluster(model: FluxModel, scope: string): boolean {
  const { syncDirs = [], entryDirs = [], fromEntryPoints } = model.repository;
  return syncDirs.includes(scope) || (fromEntryPoints === true && entryDirs.includes(scope)) || isRemoteScope(scope);
}

/** A kubeConfig's cluster: its scope is its management cluster's, then the kubeConfig (flux-graph's REMOTE_SCOPE). */
export function isRemoteScope(scope: string): boolean {
  return scope.includes(REMOTE_SCOPE);
}

/** The management cluster's scope of a kubeConfig's cluster (what comes before REMOTE_SCOPE). */
export function managementScope(scope: string): string {
  return scope.slice(0, scope.indexOf(REMOTE_SCOPE));
}

/**
 * Every scope some object of the model is in, as `scopesOf` gives them, and every kubeConfig's cluster a Kustomization
 * applies into, Flux objects there or not (a trial's probe: hub-and-spoke spokes that get only Deployments were "no
 * cluster of this repository").
 */
export function modelScopes(model: FluxModel): Set<string> {
  const scopes = new Set<string>();
  for (const object of model.objects) {
    for (const scope of model.scopesOf?.(object) ?? []) scopes.add(scope);
    if (object.remote !== undefined) for (const scope of model.intoScopesOf?.(object) ?? []) if (isRemoteScope(scope)) scopes.add(scope);
  }
  return scopes;
}

/**
 * The directories that a kubeConfig's cluster is applied from: the spec.path of each Kustomization whose applies land
 * there (olga-mir/k8s-multi-cluster's clusters/cluster-mgmt, which the management cluster's flux-remote applies).
 */
export function remoteScopeDirs(model: FluxModel): Map<string, Set<string>> {
  const dirs = new Map<string, Set<string>>();
  for (const object of model.objects) {
    if (!object.remote || object.appliesDir === undefined) continue;
    for (const scope of model.intoScopesOf?.(object) ?? []) if (isRemoteScope(scope)) dirs.set(scope, new Set([...dirs.get(scope) ?? [], object.appliesDir]));
  }
  return dirs;
}

/**
 * For a kubeConfig's cluster, what drives its install from its management cluster: the Kustomizations that apply there,
 * what they wait for through dependsOn (and what those wait for to be Ready), and what applies those, transitively (a
 * review's probe: a hub's apps, applied there after its infra, put the workload cluster's HelmReleases of both on
 * level 0).
 */
function managementDrivers(model: FluxModel, scope: string): Set<FluxObject> {
  const management = managementScope(scope);
  const inManagement = (object: FluxObject) => model.scopesOf?.(object).has(management) ?? false;
  const waitsFor = new Map<FluxObject, FluxObject[]>();
  for (const { from, resolution } of model.edges) if (resolution.status === 'resolved') waitsFor.set(from, [...waitsFor.get(from) ?? [], ...targetCopies(resolution)]);
  const drivers = new Set<FluxObject>();
  const queue = model.objects.filter((object) => object.remote !== undefined && (model.intoScopesOf?.(object).has(scope) ?? false));
  while (queue.length > 0) {
    const object = queue.pop()!;
    if (drivers.has(object)) continue;
    drivers.add(object);
    // (And what its Ready waits for, with wait: true or healthChecks: a dependent starts only after those are Ready.)
    const next = [...waitsFor.get(object) ?? [], ...model.appliedBy.get(object) ?? [], ...model.readyAfter?.get(object) ?? []];
    for (const other of next) if (inManagement(other) && !drivers.has(other)) queue.push(other);
  }
  return drivers;
}

/**
 * The model of one cluster: its objects alone (those whose scopes hold it), built again, so that everything the
 * model derives (the levels, what is held, what a cycle keeps, the cold start) is that cluster's. An object several
 * clusters apply is there with the dependsOn and appliers of this one. A kubeConfig's cluster has with it what drives
 * its install from its management cluster (managementDrivers), and nothing else of that cluster. The controllers'
 * requeue settings are the cluster's own, else those of no other cluster (a review's probe: staging's 5s and
 * production's 2m made staging's cold start the default 30 s, "the repository sets two values").
 */
export function clusterModel(model: FluxModel, scope: string): FluxModel {
  const drivers = isRemoteScope(scope) ? managementDrivers(model, scope) : new Set<FluxObject>();
  const inCluster = (object: FluxObject) => drivers.has(object) || (model.scopesOf?.(object).has(scope) ?? true);
  const objects = model.objects.filter(inCluster);
  // A build failure is this cluster's where a copy here reads the failing file, or where no copy anywhere is seen to read
  // it (a base above the path: every copy fails, as buildFluxModel takes it). Kept whole, another cluster's failure made
  // this cluster's copy of the same id fail (every cluster's root is flux-system/flux-system: a trial's probe,
  // jesse-gonzalez/nai-llm-fleet-infra, where one broken cluster of seven emptied the order of the six others).
  const buildFailures = model.repository.buildFailures?.filter((failure) => {
    const readers = model.objects.filter((object) => (failure.objects ?? []).includes(fluxObjectId(object)) && readsFailure(failure, object));
    return readers.length === 0 || readers.some(inCluster);
  });
  // A cluster's own: in its directory, or in what one of its Kustomizations applies (a review's probe: flux bootstrap's
  // cluster is clusters/staging/flux-system, and a setting in clusters/staging/ beside it was no one's). Else those in
  // no other cluster's (a base every cluster applies).
  const settings = model.repository.requeueSettings;
  // (What a Kustomization applies lands where its kubeConfig reaches: a management cluster's flux-remote applies a
  // workload cluster's controllers, whose settings are that cluster's.)
  // Each cluster's directories, gathered in one pass over the Kustomizations (not one per setting and cluster).
  const dirs = new Map([...modelScopes(model)].map((cluster) => [cluster, isRemoteScope(cluster) ? [] : [cluster]]));
  for (const object of model.objects) {
    if (object.kind !== 'Kustomization') continue;
    for (const cluster of model.intoScopesOf?.(object) ?? []) dirs.get(cluster)?.push(...appliedDirsOf(object));
  }
  const holds = (cluster: string, file: string) => (dirs.get(cluster) ?? []).some((dir) => isInside(dir, file));
  const own = settings.filter((setting) => holds(scope, setting.location.file));
  const others = [...dirs.keys()].filter((other) => other !== scope);
  const shared = settings.filter((setting) => !others.some((other) => holds(other, setting.location.file)));
  return buildFluxModel({ ...model.repository, objects, requeueSettings: own.length > 0 ? own : shared, ...(buildFailures ? { buildFailures } : {}) }, model.applies);
}
