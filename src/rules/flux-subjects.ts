import type { AuditModel } from '../model/audit-model.js';
import type { FluxEdge } from '../model/flux-graph.js';
import type { FluxDependency, FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { displayPath } from '../model/paths.js';
import { compareText } from '../model/compare.js';
import { variablesIn } from '../load/flux-substitute.js';

/**
 * The repository's dependsOn edges a repository rule judges. With a kit audit
 * in the same run, a HelmRelease of the audited kit is the kit rules' to judge
 * (they know the expected DAG), so only edges from objects elsewhere count.
 */
export function repositoryEdges(model: AuditModel): FluxEdge[] {
  if (!model.flux) return [];
  return model.flux.edges.filter((edge) => !inAuditedKit(model, edge.from));
}

/**
 * Which of the dependent's clusters the faulty copies of a target are in, where only some copies are at fault
 * (` in the cluster of clusters/b/flux-system`; ` in the clusters of A and B`): a cluster by the directory of its
 * sync or bootstrap root, or by the kubeConfig that reaches it (` in the cluster of kubeConfig secretRef prod`).
 */
export function copyClause(model: AuditModel, from: FluxObject, faulty: readonly FluxObject[]): string {
  const scopesOf = model.flux?.scopesOf;
  if (!scopesOf) return '';
  const fromScopes = scopesOf(from);
  return clustersClause(model, faulty.flatMap((copy) => [...scopesOf(copy)].filter((scope) => fromScopes.has(scope))));
}

/** ` in the cluster of A`, ` in the clusters of A and B`: clusters (FluxModel.scopesOf's scopes) as a message names them. */
export function clustersClause(model: AuditModel, scopes: Iterable<string>): string {
  const sorted = [...new Set([...scopes].map((scope) => clusterLabel(model.repository.cwd, scope)))].sort(compareText);
  return sorted.length > 0 ? ` in the cluster${sorted.length > 1 ? 's' : ''} of ${sorted.join(' and ')}` : '';
}

/** A cluster (FluxModel.scopesOf's scope) as a message names it, its directory shown from `cwd`. */
export function clusterLabel(cwd: string, scope: string): string {
  // A kubeConfig's cluster: `${scope}\0kubeConfig\0${namespace}/${reference}/${name}/${key}` (flux-graph's REMOTE_SCOPE).
  const remote = scope.split('\u0000').at(-1)!;
  // (Without the namespace remoteKey puts before FluxObject.remote.)
  if (scope.includes('\u0000')) return remote.startsWith('?') ? kubeConfigLabel('?') : kubeConfigLabel(remote.slice(remote.indexOf('/') + 1));
  // A directory just below the working directory as one: run inside clusters/staging, `./flux-system`, where
  // `flux-system` read as a namespace, the same word every other cluster's gets from its own directory (trial 8's D3).
  const path = displayPath(cwd, scope);
  return path.includes('/') || path === '.' ? path : `./${path}`;
}

/** A kubeconfig (FluxObject.remote: `secretRef/NAME/KEY`, `?` where not read) as a message names it. */
export function kubeConfigLabel(remote: string): string {
  const [reference, name, key] = remote.split('/');
  return name === undefined ? 'a kubeConfig' : `kubeConfig ${reference} ${name}${key ? ` key ${key}` : ''}`;
}

export function inAuditedKit(model: AuditModel, object: FluxObject): boolean {
  return (model.kitDirs ?? []).some((dir) => isInside(dir, object.file));
}

/**
 * The Kustomization whose build makes this one a copy of itself (kustomization/copies-itself): it applies the
 * object written at its own place (same file, line and column) under another id, moved by its targetNamespace
 * (or its path's kustomization namespace) or renamed by its namePrefix or nameSuffix. undefined for anything else:
 * flux-system applying itself unchanged; a copy that is never made, because its applier is suspended or is such a
 * copy itself (never built: its source is looked up in the wrong namespace), or because it is excluded from the
 * apply (reconcile: disabled), has no namespace (kustomize-controller's apply refuses a namespaced object without
 * one), or holds a ${VARIABLE} the applier's postBuild leaves to the cluster.
 */
export function selfCopier(model: AuditModel, copy: FluxObject): FluxObject | undefined {
  if (copy.kind !== 'Kustomization' || copy.applyExcluded || !copy.namespace || `${copy.namespace}/${copy.name}`.includes('${')) return undefined;
  const appliers = model.flux?.appliedBy.get(copy) ?? [];
  const copier = appliers.find((applier) => applier.kind === 'Kustomization' && applier.file === copy.file
    && applier.location.line === copy.location.line && applier.location.column === copy.location.column
    && fluxObjectId(applier) !== fluxObjectId(copy));
  if (!copier || copier.suspend || selfCopier(model, copier) !== undefined) return undefined;
  return copier;
}

/** `HelmRelease flux-system/bp-flux`, as messages name an object. */
export function describeObject(object: { kind: string; namespace?: string | undefined; name: string }): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/**
 * ` (written ${DB}, which Kustomization flux-system/apps (clusters/b/apps.yaml) substitutes, DB from clusters/b/vars.yaml)`:
 * for a dependsOn name a postBuild made, the name as written, whose postBuild made it (its file says which cluster), and
 * the file each value comes from (a trial's probe: one cluster's ConfigMap held the typo, and the finding named only the
 * shared file that holds `${DB}`). `shown`: how the written name is printed.
 */
export function substitutedNote(dependency: Pick<FluxDependency, 'written' | 'substitutedBy'>, cwd: string, shown: (name: string) => string = (name) => name): string {
  if (dependency.written === undefined) return '';
  const by = dependency.substitutedBy;
  if (!by) return ` (written ${shown(dependency.written)}, as the postBuild of what applies it substitutes it)`;
  // Each variable the name holds, by name: where its value comes from, or unset.
  const variables = variablesIn(dependency.written).sort(compareText);
  const values = variables.map((variable) => (by.valueFiles[variable] === undefined ? `, ${variable} unset` : `, ${variable} from ${displayPath(cwd, by.valueFiles[variable])}`)).join('');
  return ` (written ${shown(dependency.written)}, which ${describeObject(by)} (${displayPath(cwd, by.file)}) substitutes${values})`;
}

/**
 * ` (written << inputs.dep >>, which input 2 of ResourceSet flux-system/tenants gives: dep at apps/rs.yaml:11:12)`: for
 * a dependsOn name a ResourceSet's template gives from an input, where that input writes what the name reads (a trial's
 * probe: one input's typo was told at the template line every input shares).
 */
export function fromInputNote(dependency: Pick<FluxDependency, 'fromInput'>, cwd: string): string {
  const from = dependency.fromInput;
  if (!from) return '';
  const keys = from.keys.map(({ key, location }) => `${key} at ${displayPath(cwd, location.file)}:${location.line}:${location.column}`).join(', ');
  return ` (written ${from.written.trim()}, which input ${from.input} of ${from.resourceSet} gives: ${keys})`;
}

/** The finding fields that name the object judged: `object` always, `hr` for a HelmRelease. */
export function subject(object: FluxObject): { hr?: string; object: string } {
  return { ...(object.kind === 'HelmRelease' ? { hr: object.name } : {}), object: fluxObjectId(object) };
}

/** At most this many of the objects that stall behind a cycle or a deadlock are named. */
const SHOWN_STALLED = 8;

/** `3 more objects stall behind it: A, B, C` for the ids of what waits on a loop (at least one). */
export function stalledBehind(stalled: readonly string[]): string {
  const shown = stalled.slice(0, SHOWN_STALLED).map(shortId).join(', ');
  return `${stalled.length} more object${stalled.length === 1 ? ' stalls' : 's stall'} behind it: ${shown}${stalled.length > SHOWN_STALLED ? ', …' : ''}`;
}
