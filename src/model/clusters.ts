import { buildFluxModel, REMOTE_SCOPE } from './flux-graph.js';
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
  return syncDirs.includes(scope) || (fromEntryPoints === true && entryDirs.includes(scope)) || scope.includes(REMOTE_SCOPE);
}

/** Every scope some object of the model is in, as `scopesOf` gives them. */
export function modelScopes(model: FluxModel): Set<string> {
  const scopes = new Set<string>();
  for (const object of model.objects) for (const scope of model.scopesOf?.(object) ?? []) scopes.add(scope);
  return scopes;
}

/**
 * The model of one cluster: its objects alone (those whose scopes hold it), built again, so that everything the
 * model derives (the levels, what is held, what a cycle keeps, the cold start) is that cluster's. An object several
 * clusters apply is there with the dependsOn and appliers of this one. What reaches a kubeConfig's cluster from a
 * management cluster is not in it: there, what it applies is where that cluster's install begins.
 */
export function clusterModel(model: FluxModel, scope: string): FluxModel {
  const objects = model.objects.filter((object) => model.scopesOf?.(object).has(scope) ?? true);
  return buildFluxModel({ ...model.repository, objects }, model.applies);
}
