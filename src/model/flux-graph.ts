import { dirname, join } from 'node:path';
import { sameNamespace } from './audit-model.js';
import { unseenTargets } from './unseen-targets.js';
import type { FluxDependency, FluxKind, FluxObject, FluxRepository } from './flux-objects.js';
import { appliedDirsOf, appliesOwnDirectory, createdObjectKey, FLUX_API_GROUPS, fluxObjectId, isOwnSource, judgedByKstatus, pathInIncluded, readyExprEvaluated, remoteKey, waitsForExistenceOnly } from './flux-objects.js';
import { condensedLevels, DependencyGraph, findCycles, installLevels, placeInLevels } from './graph.js';
import { isInside } from './inside.js';
import { cleanedSourcePath } from './paths.js';
import { compareText } from './compare.js';

// One graph across kinds: nodes are Flux objects by kind, namespace and name;
// edges are dependsOn (HelmRelease → HelmRelease, Kustomization →
// Kustomization, ResourceSet → any kind it names) and "applies" (a Flux
// Kustomization → what its spec.path holds).

/** How Flux resolves one dependsOn item. */
export type Resolution =
  /**
   * `copies`: where the target has several copies in the clusters the dependent is in (a per-cluster overlay patches
   * one), each of them, `target` first: each cluster's dependent waits for its own cluster's copy.
   */
  | {
    status: 'resolved'; target: FluxObject; copies?: FluxObject[];
    /**
     * Clusters of the dependent (entry points' scopes) that no copy of the target is in: a shared base's dependent
     * waits there for what only other clusters apply. Only where every copy's cluster is known.
     */
    missingIn?: string[];
  }
  /** Objects of the wanted kind and name exist, but in other namespaces. */
  | { status: 'other-namespace'; candidates: FluxObject[]; wanted: string | undefined }
  /** Nothing of the wanted kind has that name; objects of other Flux kinds do. */
  | { status: 'other-kind'; candidates: FluxObject[]; wantedKind: FluxKind }
  /**
   * `elsewhere`: objects of that kind and name that exist only for other clusters (another overlay's copy).
   * `unreadIn`: Kustomizations of the dependent's cluster that apply what this tool does not read (another repository,
   * another ref of this one, an OCI artifact, a bucket), into the namespace wanted: the target may be there.
   */
  | { status: 'missing'; wantedKind: FluxKind; elsewhere?: FluxObject[]; unreadIn?: FluxObject[]; unservedApiVersion?: string; unserved?: { reason: string; fix: string; at: 'kind' | 'apiVersion' } }
  /** A ResourceSet item without namespace: flux-operator looks it up as written, so a namespaced object is never found. */
  | { status: 'no-namespace'; candidates: FluxObject[]; wantedKind: FluxKind }
  /**
   * A ResourceSet dependency on a kind this tool does not read (a CRD, a Deployment): not judged. `createdBy`: the
   * ResourceSets whose spec.resources create that object (FluxRepository.createdObjects), of the dependent's clusters:
   * it waits at least until one has applied it.
   */
  | { status: 'not-followed'; createdBy?: FluxObject[] };

/** The copies of a resolved target a dependent may wait for, one per cluster it shares with the dependent (`copies`), the resolved one first. */
export function targetCopies(resolution: Extract<Resolution, { status: 'resolved' }>): readonly FluxObject[] {
  return resolution.copies ?? [resolution.target];
}

export interface FluxEdge {
  from: FluxObject;
  dependency: FluxDependency;
  resolution: Resolution;
  /**
   * FluxModel.appliesCycles: the clusters (scopes) where only the dependent applies the target, where other clusters
   * have other appliers of it (a tree two clusters apply, whose dependsOn only one of them writes). Absent: everywhere.
   */
  inClusters?: readonly string[];
}

export interface FluxModel {
  repository: FluxRepository;
  objects: FluxObject[];
  byId: Map<string, FluxObject[]>;
  edges: FluxEdge[];
  /** Parent Kustomization → the objects it applies. */
  applies: Map<FluxObject, FluxObject[]>;
  /** Object → the Kustomizations that apply it. */
  appliedBy: Map<FluxObject, FluxObject[]>;
  /** dependsOn edges that resolve, by object id. */
  graph: DependencyGraph;
  cycles: string[][];
  /**
   * dependsOn edges to an object that only the dependent itself applies
   * (directly or through Kustomizations it applies): a cycle through "applies".
   */
  appliesCycles: FluxEdge[];
  /** Install levels by id, dependsOn and applies both respected (dependsOn only where applies would loop). */
  order: string[][];
  /**
   * Ids never reconciled on a cold start, so in no level: the suspended, what depends on one (or on a waiting
   * Kustomization that waits for one), and what only such objects apply. By id: suspended where every copy is.
   */
  neverInstalled?: ReadonlySet<string>;
  /** Ids of Kustomizations whose build fails (kustomization/build-failed) on every copy, so never Ready: among neverInstalled. */
  failingBuilds?: ReadonlySet<string>;
  /**
   * Ids of Kustomizations of the bootstrap source flux-system whose spec.path it does not hold, on every copy
   * (kustomization/path-not-found): kustomize-controller fails them before any build, never Ready, applying nothing.
   * Among neverInstalled. Only where the root serves other Kustomizations of that source (else the root is the doubt).
   */
  missingPaths?: ReadonlySet<string>;
  /**
   * Ids of Kustomizations (and ResourceSets) whose apply fails on every copy, on an object of theirs the API server
   * rejects (api/invalid-duration, an api/* error: FluxRepository.applyRejected): never Ready, and they apply nothing
   * of that stage. Among neverInstalled.
   */
  failingApplies?: ReadonlySet<string>;
  /** Ids whose dependsOn names what the cluster never has, on every copy (see heldForEver): among neverInstalled. */
  heldByDependency?: ReadonlySet<string>;
  /**
   * ResourceSet items on an object of another kind whose every creator waits, through dependsOn items on Ready, for
   * the dependent (see creationLoops): each with its loop as ids, `[dependent, createdTargetId, creator, ..., dependent]`.
   * Every id on such a loop is among neverInstalled; graph/cycle reports it, and the report lists it among the cycles.
   */
  creationLoops?: readonly { edge: FluxEdge; cycle: readonly string[] }[];
  /**
   * Ids placed in the levels whose copy in some of their clusters (scopes, as scopesOf gives them) waits for what that
   * cluster never has, or for what is held so there, or that only such Kustomizations apply there (see
   * heldInSomeClusters): never installed in those clusters.
   */
  heldInClusters?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Of neverInstalled, the ids only a cycle through "applies" that some clusters have keeps from every cluster they are
   * in (appliesCycles with inClusters: the dependent, and what waits for it or only it applies there): on the cycle, or
   * waiting for it, as order and explain name them.
   */
  waitingForCycle?: ReadonlySet<string>;
  /**
   * The clusters an object belongs to: those of the roots it is reached from (a FluxInstance's sync path, or the
   * directory of a root that applies its own directory; a root's own directory where neither marks it). A loop
   * is one a cluster has only when its objects share one.
   */
  scopesOf?: (object: FluxObject) => ReadonlySet<string>;
  /** Whether an object's cluster is known from an entry point (a sync path, an entry directory, a kubeconfig): else any copy may be any cluster's. */
  anchored?: (object: FluxObject) => boolean;
  /** Where what a Kustomization applies lands: its scopes, or, with spec.kubeConfig, the cluster its kubeconfig names (FluxObject.remote). */
  intoScopesOf?: (object: FluxObject) => ReadonlySet<string>;
  /**
   * What a Kustomization's Ready waits for: with wait: true, everything it applies; else with healthChecks, the
   * HelmReleases and Kustomizations they name; a ResourceSet's with spec.wait: everything it generates. What
   * depends on it starts only after those are Ready.
   */
  readyAfter?: ReadonlyMap<FluxObject, readonly FluxObject[]>;
  /**
   * What must be Ready before an object is applied at all: for what a ResourceSet generates from one of its
   * `spec.steps`, the objects of the step before it that generated any (flux-operator applies a step only once
   * every resource of the steps before it is Ready; the steps before that one, it waited for in turn).
   */
  appliedAfter?: ReadonlyMap<FluxObject, readonly FluxObject[]>;
  /**
   * Dependencies that need only exist, by dependent id and target id (a ResourceSet's items without `ready: true`):
   * the ids of what applies the target, after which the dependent may start (none: the target is not applied here).
   */
  existsAfter?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /**
   * Of existsAfter's entries for objects of other kinds (createdTargetId), those whose item asks for the object's
   * Ready (`ready: true`), as `${dependent id}\0${target}`: seen Ready at a later look, one requeue at least.
   */
  readyCreated?: ReadonlySet<string>;
  /**
   * Applies edges that create nothing on a cold start, as `${applier id}\0${object id}`: another Kustomization of
   * the same cluster, on an earlier level, applies the object first (see laterAppliers). The levels and the
   * cold-start estimate go without them; explain and graph still name every applier.
   */
  laterAppliers?: ReadonlySet<string>;
}

const FLUX_KINDS: readonly FluxKind[] = ['HelmRelease', 'Kustomization', 'ResourceSet'];

/**
 * The API versions whose CRDs validate durations against Flux's pattern (api/invalid-duration): the API server
 * rejects the object. Kustomization v1beta2 and v1, HelmRelease v2beta2 and v2 (helm-controller's v2beta2 schema has
 * it throughout; v2beta1 only from v0.37, and Kustomization v1beta1 never: there the controller fails alone).
 */
export const REJECTING_VERSIONS: ReadonlySet<string> = new Set([
  'kustomize.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1beta2', 'helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta2',
]);

/** Marks a scope that a Kustomization with spec.kubeConfig opens: `${its scope}${REMOTE_SCOPE}${remoteKey(it)}`. */
export const REMOTE_SCOPE = '\u0000kubeConfig\u0000';

/** Whether two objects belong to one cluster (FluxModel.scopesOf); where clusters are not known, any two do. */
export function sharesScope(scopesOf: ((object: FluxObject) => ReadonlySet<string>) | undefined, a: FluxObject, b: FluxObject): boolean {
  if (!scopesOf) return true;
  const mine = scopesOf(a);
  for (const scope of scopesOf(b)) if (mine.has(scope)) return true;
  return false;
}

/** The key of an applies edge, applier to object, by id (FluxModel.laterAppliers). */
export const applierKey = (applier: string, object: string) => `${applier}\u0000${object}`;

/**
 * Whether `applier` applies nothing before the edge's missing target exists: it is never reconciled (suspended, left
 * out of its own applier's apply, rejected by the API server), or waits, through its dependsOn or what applies it
 * (every applier), for such an object, or for an item that names the same missing target (the edge's dependent holds
 * one, so waiting for it counts). kustomize-controller applies nothing of a Kustomization before its dependencies are
 * Ready, and nothing exists before its applier applies it (a review's probes: an applier only a suspended Kustomization
 * applies, one with reconcile: disabled, one depending on a suspended one, one whose applier depends on the dependent).
 */
function neverAppliesBefore(
  edgesFrom: ReadonlyMap<FluxObject, readonly FluxEdge[]>, appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>, applier: FluxObject, edge: FluxEdge,
): boolean {
  const wanted = edge.dependency.namespace ?? edge.from.namespace;
  const kind = edge.resolution.status === 'missing' ? edge.resolution.wantedKind : undefined;
  const known = new Map<FluxObject, boolean>();
  const held = (object: FluxObject): boolean => {
    const answer = known.get(object);
    if (answer !== undefined) return answer;
    known.set(object, false); // a loop of waits ends here
    let result = object.suspend === true || object.applyExcluded !== undefined || (object.invalidDurations?.length ?? 0) > 0;
    for (const { from, dependency, resolution } of result ? [] : edgesFrom.get(object) ?? []) {
      if ((resolution.status === 'missing' && resolution.wantedKind === kind && dependency.name === edge.dependency.name
        && (dependency.namespace ?? from.namespace) === wanted) || (resolution.status === 'resolved' && held(resolution.target))) {
        result = true;
        break;
      }
    }
    const parents = appliedBy.get(object) ?? [];
    if (!result && parents.length > 0 && parents.every(held)) result = true;
    known.set(object, result);
    return result;
  };
  return held(applier);
}

function wantedKind(from: FluxObject, dependency: FluxDependency): FluxKind | undefined {
  if (from.kind !== 'ResourceSet') return from.kind;
  return FLUX_KINDS.find((kind) => kind === dependency.kind);
}

export function buildFluxModel(
  repository: FluxRepository, appliesRead: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  /** `kit`: the audited kit's HelmReleases and its expected DAG's names (see heldForEver). */
  options: { kit?: { objects: ReadonlySet<FluxObject>; expectedNames: ReadonlySet<string> } } = {},
): FluxModel {
  const objects = repository.objects;
  const byId = new Map<string, FluxObject[]>();
  const byName = new Map<string, FluxObject[]>();
  for (const object of objects) {
    const id = fluxObjectId(object);
    byId.set(id, [...(byId.get(id) ?? []), object]);
    byName.set(object.name, [...(byName.get(object.name) ?? []), object]);
  }
  const resolve = (from: FluxObject, dependency: FluxDependency): Resolution => {
    // An apiVersion and kind the repository's Flux does not serve (set by the scan): flux-operator finds nothing.
    if (from.kind === 'ResourceSet' && dependency.unserved && dependency.apiVersion !== undefined && !dependency.name.includes('${') && !dependency.namespace?.includes('${')) {
      const group = dependency.apiVersion.slice(0, Math.max(0, dependency.apiVersion.lastIndexOf('/')));
      const groupKind = FLUX_KINDS.find((one) => FLUX_API_GROUPS[one] === group);
      if (groupKind) return { status: 'missing', wantedKind: groupKind, unservedApiVersion: dependency.apiVersion, unserved: dependency.unserved };
    }
    const kind = wantedKind(from, dependency);
    // A postBuild variable (${NAME}) is substituted in the cluster: not judged offline.
    if (!kind || (!dependency.literal && (dependency.name.includes('${') || dependency.namespace?.includes('${')))) {
      const createdBy = kind ? undefined : creatorsOf(from, dependency);
      return createdBy ? { status: 'not-followed', createdBy } : { status: 'not-followed' };
    }
    // flux-operator gets the object by the item's apiVersion and kind: a group that serves no such kind finds nothing,
    // whatever exists under the name (a trial's probe: helm.toolkit.fluxcd.io/v2 with kind: Kustomization).
    if (from.kind === 'ResourceSet' && dependency.apiVersion !== undefined && !dependency.apiVersion.includes('${')
      && dependency.apiVersion.slice(0, Math.max(0, dependency.apiVersion.lastIndexOf('/'))) !== FLUX_API_GROUPS[kind]) {
      return { status: 'missing', wantedKind: kind, unservedApiVersion: dependency.apiVersion };
    }
    const named = byName.get(dependency.name) ?? [];
    const ofKind = named.filter((object) => object.kind === kind);
    // HelmRelease and Kustomization default a missing namespace to the dependent's;
    // a ResourceSet does not (flux-operator's checkDependencies uses the item as written).
    // Whether or not one is written: every Flux kind is namespaced, so none is ever found (a second review's probe:
    // with none written, a template that might give the name excused it).
    if (from.kind === 'ResourceSet' && dependency.namespace === undefined) return { status: 'no-namespace', candidates: ofKind, wantedKind: kind };
    const wanted = dependency.namespace ?? from.namespace;
    const matching = ofKind.filter((object) => sameNamespace(object.namespace, wanted));
    // For a dependent in a known cluster, a copy only another cluster applies is not there for it
    // (martinohmann/home-ops's storage cluster syncs only kubernetes/storage). A copy whose cluster is not known
    // (kept for what a variable path may apply) may be this cluster's; a dependent whose cluster is not known
    // (a root of its own, or no entry point known) takes any copy.
    const sharing = matching.filter((object) => shareScope(from, object));
    const target = sharing[0] ?? matching.find((object) => !anchored(object)) ?? (anchored(from) ? undefined : matching[0]);
    // A dependent applied into several clusters waits in each for that cluster's copy: where their overlays each make
    // their own (only cluster b's patch turns the target's wait off: a trial's probe), each is judged, not the copy
    // whose cluster sorts first; where only some of them apply the target (a shared base's apps depends on monitoring,
    // which only staging applies: another trial's probe), in the others it waits for ever.
    if (target) {
      let missingIn: string[] | undefined;
      // (A dependent of one cluster shares it with every copy in `sharing`: nothing to look for.)
      if (sharing.length > 0 && scopes(from).size > 1 && anchored(from) && matching.every(anchored)) {
        const covered = new Set(sharing.flatMap((copy) => [...scopes(copy)]));
        const lacking = [...scopes(from)].filter((scope) => !covered.has(scope) && isEntryScope(scope));
        if (lacking.length > 0) missingIn = lacking;
      }
      return { status: 'resolved', target, ...(sharing.length > 1 ? { copies: sharing } : {}), ...(missingIn ? { missingIn } : {}) };
    }
    // Copies in other clusters only (another overlay's namespace or name prefix) are not there for this one.
    const inScope = ofKind.filter((object) => shareScope(from, object));
    if (inScope.length > 0) return { status: 'other-namespace', candidates: inScope, wanted };
    const others = named.filter((object) => object.kind !== kind);
    if (others.length > 0 && ofKind.length === 0) return { status: 'other-kind', candidates: others, wantedKind: kind };
    // (Not where the repository writes one itself, for another cluster or in a file nothing applies: that copy is the
    // likelier fault, and dependsOn/unknown-target names it.)
    // A file under the path such a Kustomization of another ref of this repository applies (a tag) is no copy nothing
    // applies: that ref may hold it there too (a trial's probe: "apply infra/cert-manager.yaml", which ./infra at
    // v1.0.0 applies).
    const writtenHere = ofKind.length > 0 || repository.leftOut?.some((object) => object.kind === kind && object.name === dependency.name
      && (object.namespace === undefined || object.namespace === wanted) && !underUnreadPath(object.file))
      || repository.disabledGenerated?.some((object) => object.kind === kind && object.name === dependency.name && object.namespace === wanted);
    const unread = writtenHere ? [] : unreadKustomizations.filter((applier) => applier !== from && mayApplyInto(applier, from, wanted));
    return { status: 'missing', wantedKind: kind, ...(ofKind.length > 0 ? { elsewhere: ofKind } : {}), ...(unread.length > 0 ? { unreadIn: unread } : {}) };
  };
  // Kustomizations whose source this tool does not read (isOwnSource: another repository's GitRepository, another ref
  // of this one, an OCIRepository, a Bucket, an ExternalArtifact): what they apply is unknown here, so an object a
  // dependsOn item names and the repository lacks may come from them (a trial's probe, makkes/flux-mc-control-plane:
  // gatekeeper-constraints lives on the branch common, which a Kustomization of the cluster applies). A suspended one
  // applies nothing on a new cluster.
  // Also one of a GitRepository not known to be this repository (where this repository's address is not written,
  // every GitRepository is taken for it) whose spec.path is not here: from this checkout it would apply nothing, so
  // what it applies lies elsewhere, most likely in another repository (a trial's probe: a platform GitRepository's
  // ./tenants, and an item naming what it applies, reported as missing "for ever").
  // Not where another Kustomization of that GitRepository finds its path here: one source is one artifact, so that
  // one is this checkout, and a path missing in it applies nothing (a review's probe: a typo's error became this
  // warning).
  const ownSources = new Set(repository.ownSources ?? []);
  const sourceKey = (object: FluxObject) => `${object.sourceNamespace ?? object.namespace ?? ''}/${object.sourceName}`;
  const foundHere = new Set(objects.filter((object) => object.kind === 'Kustomization' && object.appliesDir !== undefined
    && (object.sourceKind ?? 'GitRepository') === 'GitRepository' && object.sourceName !== undefined).map(sourceKey));
  const pathNotHere = (object: FluxObject) => (object.sourceKind ?? 'GitRepository') === 'GitRepository' && object.sourceName !== undefined
    && object.sourceName !== 'flux-system' && !ownSources.has(object.sourceName) && !foundHere.has(sourceKey(object))
    && object.path !== undefined && !object.path.includes('${') && object.pathLeftOutBy === undefined;
  const unreadKustomizations = objects.filter((object) => object.kind === 'Kustomization' && !object.appliesDir && !object.suspend
    && (!isOwnSource(object) || pathNotHere(object)));
  const unreadPaths = unreadKustomizations.flatMap((object) => (!object.otherRefSource || object.path === undefined || object.path.includes('${') ? []
    : [join(repository.root, cleanedSourcePath(object.path))]));
  const underUnreadPath = (file: string) => unreadPaths.some((dir) => isInside(dir, file));
  // Into the dependent's cluster, and into the namespace wanted where the applier forces one (targetNamespace).
  const mayApplyInto = (applier: FluxObject, from: FluxObject, namespace: string | undefined) => {
    if (namespace !== undefined && applier.targetNamespace !== undefined && !applier.targetNamespace.includes('${') && applier.targetNamespace !== namespace) return false;
    const into = intoScopes(applier);
    for (const scope of scopes(from)) if (into.has(scope)) return true;
    return false;
  };

  // What each Kustomization applies, as the loader read it (kustomize's view of its spec.path).
  const present = new Set(objects);
  const applies = new Map<FluxObject, FluxObject[]>();
  const appliedBy = new Map<FluxObject, FluxObject[]>();
  for (const [parent, children] of appliesRead) {
    if (!present.has(parent)) continue;
    const kept = children.filter((child) => child !== parent && present.has(child));
    applies.set(parent, kept);
    for (const child of kept) {
      const parents = appliedBy.get(child);
      if (parents) parents.push(parent);
      else appliedBy.set(child, [parent]);
    }
  }

  // Scopes: the directory of each root Kustomization (one that nothing applies) an
  // object is reached from, its own directory where nothing applies it. One
  // repository often holds several clusters (clusters/production, clusters/staging)
  // with copies of the same objects: a dependency resolves inside its own cluster
  // first, and a cycle must close inside one cluster to be reported.
  // What a FluxInstance syncs from a directory without a kustomization is a set of roots, one cluster's: the
  // deepest sync path that holds an object nothing applies is its cluster. Else the outermost directory of a
  // root that applies its own directory (flux bootstrap's flux-system) that holds it; else its own directory,
  // a cluster no entry point marks (anchored() says which are marked).
  const syncDirs = new Set(repository.fromEntryPoints ? repository.syncDirs : []);
  const entryDirs = new Set(repository.fromEntryPoints ? repository.entryDirs : []);
  const dirsAbove = (file: string, dirs: ReadonlySet<string>): string[] => {
    const found: string[] = [];
    for (let dir = dirname(file); dirs.size > 0; dir = dirname(dir)) {
      if (dirs.has(dir)) found.push(dir);
      if (dirname(dir) === dir) break;
    }
    return found;
  };
  const entryDirOf = (file: string) => dirsAbove(file, syncDirs)[0] ?? dirsAbove(file, entryDirs).at(-1) ?? dirname(file);
  // An object whose cluster is an entry point's: its dependencies resolve in that cluster only. Not so one kept
  // because a variable path may apply it, or any object where the entry points are not known (any copy serves).
  // A cluster an entry point marks: a sync path, a bootstrap root's directory, a kubeconfig's cluster.
  const isEntryScope = (scope: string) => syncDirs.has(scope) || entryDirs.has(scope) || scope.includes(REMOTE_SCOPE);
  const anchored = (object: FluxObject) => {
    for (const scope of scopes(object)) if (isEntryScope(scope)) return true;
    return false;
  };
  const scopesOf = new Map<FluxObject, Set<string>>();
  const scopes = (object: FluxObject): Set<string> => {
    const known = scopesOf.get(object);
    if (known) return known;
    const found = new Set<string>();
    scopesOf.set(object, found); // a loop of appliers ends here
    const parents = appliedBy.get(object) ?? [];
    // (The Kustomization flux-operator makes of a sync is written nowhere: its cluster is the directory it syncs.)
    if (parents.length === 0) found.add(object.madeBy && object.appliesDir ? object.appliesDir : entryDirOf(object.file));
    // What a Kustomization with spec.kubeConfig applies lands in the cluster that kubeconfig names: a cluster of its
    // own, whose dependencies resolve there only (a trial's probe, aws-samples/eks-multi-cluster-gitops's templates:
    // a workload release's dependsOn resolved to the management cluster's release of that name).
    for (const parent of parents) for (const scope of intoScopes(parent)) found.add(scope);
    return found;
  };
  // Where an object's applies land (and its health checks look): its own cluster, or the one its kubeconfig names.
  const intoScopesOf = new Map<FluxObject, Set<string>>();
  const intoScopes = (object: FluxObject): ReadonlySet<string> => {
    const remote = remoteKey(object);
    if (remote === undefined) return scopes(object);
    let into = intoScopesOf.get(object);
    if (!into) intoScopesOf.set(object, into = new Set([...scopes(object)].map((scope) => `${scope}${REMOTE_SCOPE}${remote}`)));
    return into;
  };
  const shareScope = (a: FluxObject, b: FluxObject) => sharesScope(scopes, a, b);
  // The ResourceSets that create the object of another kind a ResourceSet's item names, as the target's copies are
  // chosen: of the dependent's clusters, else of no known cluster (any where the dependent's is not known).
  const kept = new Set(objects);
  const creatorsOf = (from: FluxObject, dependency: FluxDependency): FluxObject[] | undefined => {
    if (from.kind !== 'ResourceSet' || !repository.createdObjects || dependency.apiVersion === undefined || dependency.kind === undefined
      || [dependency.name, dependency.namespace, dependency.apiVersion, dependency.kind].some((value) => value?.includes('${'))) return undefined;
    const group = dependency.apiVersion.slice(0, Math.max(0, dependency.apiVersion.lastIndexOf('/')));
    const creators = (repository.createdObjects.get(createdObjectKey(group, dependency.kind, dependency.namespace, dependency.name)) ?? []).filter((creator) => kept.has(creator));
    const sharing = creators.filter((creator) => shareScope(from, creator));
    const chosen = sharing.length > 0 ? sharing : anchored(from) ? creators.filter((creator) => !anchored(creator)) : creators;
    return chosen.length > 0 ? chosen : undefined;
  };

  const edges: FluxEdge[] = [];
  const edgeScopes = new Map<string, Set<string>>();
  const graph = new DependencyGraph();
  for (const object of objects) graph.addNode(fluxObjectId(object));
  for (const object of objects) {
    for (const dependency of object.dependsOn) {
      const resolution = resolve(object, dependency);
      edges.push({ from: object, dependency, resolution });
      if (resolution.status !== 'resolved') continue;
      const from = fluxObjectId(object);
      const to = fluxObjectId(resolution.target);
      graph.addEdge(from, to, 'onDisk', dependency.location);
      const key = `${from}\u0000${to}`;
      const edgeScope = edgeScopes.get(key) ?? new Set<string>();
      for (const scope of scopes(object)) edgeScope.add(scope);
      edgeScopes.set(key, edgeScope);
    }
  }
  // A Kustomization applies nothing before what it depends on is Ready, nor before it is created: one that is never
  // reconciled, or waits (through its dependsOn or its appliers) for such an object or for an item naming the same
  // missing target (the dependent's, say), cannot be where that target comes from
  // (cryptophys-work/platform-gitops: every Kustomization of its other repository waited for the missing 20-policy, or
  // for one that did).
  let edgesFrom: Map<FluxObject, FluxEdge[]> | undefined;
  for (const [index, edge] of edges.entries()) {
    if (edge.resolution.status !== 'missing' || !edge.resolution.unreadIn) continue;
    if (!edgesFrom) {
      edgesFrom = new Map();
      for (const one of edges) {
        const known = edgesFrom.get(one.from);
        if (known) known.push(one);
        else edgesFrom.set(one.from, [one]);
      }
    }
    const { unreadIn, ...missing } = edge.resolution;
    const free = unreadIn.filter((applier) => !neverAppliesBefore(edgesFrom!, appliedBy, applier, edge));
    // Only where every cluster of the dependent keeps one: in another, nothing may hold it (a review's probe: a shared
    // base's dependent excused in prod by staging's OCI Kustomization).
    const covered = new Set(free.flatMap((applier) => [...intoScopes(applier)]));
    const everyCluster = [...scopes(edge.from)].every((scope) => covered.has(scope));
    edges[index] = { ...edge, resolution: free.length > 0 && everyCluster ? { ...missing, unreadIn: free } : missing };
  }

  const appliers = (object: FluxObject) => appliersAbove(object, appliedBy);
  // A root Kustomization that applies its own directory (flux bootstrap's flux-system, or a cluster's `kubectl
  // apply -k flux/config`, carpenike/k8s-gitops) is created by that bootstrap together with everything its own
  // kustomization lists: a dependency on one of those exists before it reconciles, so it is no cycle. (What a
  // Kustomization it applies would create is not created by the bootstrap: that stays a cycle.)
  const bootstrapped = (object: FluxObject) => appliesOwnDirectory(object) && (appliedBy.get(object)?.length ?? 0) === 0;
  const appliesCycles = edges.flatMap((edge): FluxEdge[] => {
    const { from, resolution } = edge;
    if (resolution.status !== 'resolved') return [];
    const direct = appliedBy.get(resolution.target) ?? [];
    // Only what sits beside the root's own file: flux bootstrap applies flux-system/ alone, not the rest of the
    // cluster directory its Kustomization's path holds.
    if (bootstrapped(from) && direct.length > 0 && direct.every((parent) => parent === from) && dirname(resolution.target.file) === dirname(from.file)) return [];
    // Only when every way the target gets applied goes through the dependent.
    const throughDependent = (parents: readonly FluxObject[]) => parents.length > 0 && parents.every((parent) => parent === from || appliers(parent).has(from));
    if (throughDependent(direct)) return [edge];
    // Or every way in one of the dependent's clusters, where its dependsOn looks: another cluster's applier creates
    // the target there only (a trial's probe, monosense-io/k8s-gitops: the apps cluster's root waits for cilium-core,
    // which only it applies there; the infra cluster applies the same tree without that dependsOn).
    if (!anchored(from)) return [];
    const inClusters = [...scopes(from)].filter((scope) => throughDependent(direct.filter((parent) => intoScopes(parent).has(scope))));
    return inClusters.length > 0 ? [{ ...edge, inClusters: inClusters.sort() }] : [];
  });

  const installLevelsOfAll = installLevels(graph);
  // A cycle whose edges come from different clusters' copies is not one any cluster has.
  const cycles = (installLevelsOfAll.length > 0 || graph.nodeCount() === 0 ? [] : findCycles(graph)).filter((cycle) => {
    let common: Set<string> | undefined;
    for (let index = 0; index + 1 < cycle.length; index += 1) {
      const here = edgeScopes.get(`${cycle[index]}\u0000${cycle[index + 1]}`) ?? new Set<string>();
      common = common === undefined ? new Set(here) : new Set([...common].filter((scope) => here.has(scope)));
    }
    return (common?.size ?? 0) > 0;
  });
  // What a Kustomization's Ready waits for: with wait: true, everything it applies; with healthChecks, the Flux
  // objects they name (in its own cluster). Not read for one a ResourceSet generates (its template may decide).
  const readyAfter = new Map<FluxObject, FluxObject[]>();
  for (const object of objects) {
    // A ResourceSet with spec.wait: everything it generates (each step before the last is waited for before the next).
    if (object.kind === 'ResourceSet' && object.wait) {
      const generated = (applies.get(object) ?? []).filter((child) => child !== object);
      if (generated.length > 0) readyAfter.set(object, generated);
      continue;
    }
    if (object.kind !== 'Kustomization' || object.generatedBy) continue;
    const waited = new Set<FluxObject>(object.wait ? applies.get(object) ?? [] : []);
    // With wait: true, kustomize-controller ignores healthChecks (checkHealth reads them only without wait).
    for (const target of object.wait ? [] : object.healthCheckTargets ?? []) {
      const found = byId.get(`${target.kind}/${target.namespace}/${target.name}`) ?? [];
      // Looked for where the Kustomization applies: a kubeconfig's cluster for one that has spec.kubeConfig (a review's
      // probe: its health check was tied to the management cluster's copy).
      const into = intoScopes(object);
      const inScope = found.filter((candidate) => [...scopes(candidate)].some((scope) => into.has(scope)));
      for (const candidate of inScope.length > 0 || anchored(object) ? inScope : found) waited.add(candidate);
    }
    waited.delete(object);
    if (waited.size > 0) readyAfter.set(object, [...waited]);
  }
  const appliedAfter = stepPredecessors(applies);

  // An item that waits only for the object to exist (waitsForExistenceOnly: a ResourceSet's item without `ready:
  // true`, a readyExpr that reads neither status nor spec): the object exists once what applies it has, so in the
  // install order the dependent comes after those appliers, not after the object's Ready (a trial's probe). By pair
  // of ids, where no item of the pair asks for Ready.
  const existsAfter = new Map<string, Map<string, string[]>>();
  const readyWanted = new Set<string>();
  for (const { from, dependency, resolution } of edges) {
    if (resolution.status !== 'resolved') continue;
    const fromId = fluxObjectId(from);
    const toId = fluxObjectId(resolution.target);
    if (!waitsForExistenceOnly(from, dependency)) {
      readyWanted.add(`${fromId}\u0000${toId}`);
      continue;
    }
    const byTarget = existsAfter.get(fromId) ?? new Map<string, string[]>();
    existsAfter.set(fromId, byTarget);
    // Where the ResourceSet itself is the only applier, the object never exists before the ResourceSet applies it,
    // and it applies nothing before its dependency check passes: it waits for itself, a cycle graph/cycle reports
    // (a trial's probe: order and explain placed both, "Not placed: none" beside the cycle).
    const all = (appliedBy.get(resolution.target) ?? []).map(fluxObjectId);
    const appliers = all.some((id) => id !== fromId) ? all.filter((id) => id !== fromId) : all;
    byTarget.set(toId, [...new Set([...(byTarget.get(toId) ?? []), ...appliers])]);
  }
  for (const [fromId, byTarget] of existsAfter) for (const toId of byTarget.keys()) if (readyWanted.has(`${fromId}\u0000${toId}`)) byTarget.delete(toId);
  // An object of another kind that ResourceSets here create (a Job, ready: true or not): it exists once one of them has
  // applied it, and is Ready no sooner, so the dependent comes after them (a trial's probe, matheuscscp's
  // flux-operator-zot-example: tenants, waiting for the Job push-artifacts creates, was placed a level before it). By
  // the item as written (`Kind/namespace/name`), which no Flux object's id is; where the item asks for its Ready, the
  // pair is in readyCreated (the estimate counts a requeue for it). A dependent that only itself creates the object
  // waits for ever: flux-operator applies nothing of it before its dependencies pass (selfWaiting: never installed).
  const readyCreated = new Set<string>();
  const selfWaitingCopies = new Set<FluxObject>();
  for (const edge of edges) {
    const { from, dependency, resolution } = edge;
    if (resolution.status !== 'not-followed' || !resolution.createdBy) continue;
    if (waitsOnItsOwnCreation(edge)) {
      selfWaitingCopies.add(from);
      continue;
    }
    const fromId = fluxObjectId(from);
    const creators = resolution.createdBy.map(fluxObjectId).filter((id) => id !== fromId);
    const byTarget = existsAfter.get(fromId) ?? new Map<string, string[]>();
    existsAfter.set(fromId, byTarget);
    const target = createdTargetId(dependency);
    byTarget.set(target, [...new Set([...(byTarget.get(target) ?? []), ...creators])]);
    if (!waitsForExistenceOnly(from, dependency)) readyCreated.add(`${fromId}\u0000${target}`);
  }
  const selfWaiting = new Set([...selfWaitingCopies].map(fluxObjectId).filter((id) => (byId.get(id) ?? []).every((copy) => selfWaitingCopies.has(copy))));
  // Every member of a loop through what a ResourceSet creates waits for ever, as one waiting for its own creation does.
  const loopsThroughCreation = creationLoops(edges);
  for (const { cycle } of loopsThroughCreation) for (const id of cycle) if (byId.has(id)) selfWaiting.add(id);

  // Kustomizations whose build fails (kustomization/build-failed): created, never Ready, and they apply nothing. Where
  // clusters each write a copy of one id, only the copies whose build reads the failing file fail (a review's probe:
  // one broken cluster of seven emptied the order of all); where no copy is seen to read it (a base above the path),
  // every copy does.
  const failingBuilds = new Set<string>();
  // The failing copies of an id whose other copies build (and, below, the suspended ones of an id others run): held in
  // their own clusters (heldInSomeClusters), where what only they apply is never created (a trial's probe: staging's
  // flux-system listed apps twice, and the Kustomization only staging's applies got an install level).
  const failingInSome = new Set<FluxObject>();
  for (const failure of repository.buildFailures ?? []) {
    for (const id of failure.objects ?? []) {
      const copies = byId.get(id) ?? [];
      const reading = copies.filter((copy) => readsFailure(failure, copy));
      if (reading.length === 0 || reading.length === copies.length) failingBuilds.add(id);
      else for (const copy of reading) failingInSome.add(copy);
    }
  }
  // Likewise a copy suspended where another cluster's is not (an overlay's patch, or a cluster's own copy): it applies
  // nothing there and, on a fresh cluster, never gets a Ready condition, so what depends on it there waits for ever (a
  // review's probe: staging's infrastructure suspended, and staging's apps was placed). Every copy suspended: never
  // installed anywhere (neverReconciled).
  for (const [, copies] of byId) {
    if (copies.length > 1 && copies.some((copy) => copy.suspend) && !copies.every((copy) => copy.suspend)) {
      for (const copy of copies) if (copy.suspend) failingInSome.add(copy);
    }
  }
  // Kustomizations whose apply fails on an object the API server rejects (api/invalid-duration here; the scan's
  // applyRejected for an api/* error): kustomize-controller
  // dry-runs every object of a stage before it applies any (fluxcd/pkg ssa's ApplyAll), so one refusal leaves the whole
  // stage unapplied, Flux objects included, and the Kustomization never Ready, as a failing build does. Per copy: an
  // id fails where every copy of it applies such an object.
  const failingApplies = new Set<string>();
  const failingCopies = new Set<FluxObject>();
  // (The v1 and v2 CRDs hold the pattern: an older version is created, and fails in the controller alone.)
  // (An object the apply leaves out, reconcile: disabled or ssa: Ignore, is skipped before the dry-run: it fails
  // nothing. flux-operator applies a ResourceSet's objects the same staged way: a generated one fails its ResourceSet.)
  for (const object of objects) {
    if (!object.invalidDurations?.length || !REJECTING_VERSIONS.has(object.apiVersion) || object.applyExcluded) continue;
    for (const applier of appliedBy.get(object) ?? []) if ((applier.kind === 'Kustomization' || applier.kind === 'ResourceSet') && !applier.suspend) failingCopies.add(applier);
  }
  for (const applier of repository.applyRejected ?? []) failingCopies.add(applier);
  for (const applier of failingCopies) {
    const id = fluxObjectId(applier);
    if ((byId.get(id) ?? []).every((copy) => failingCopies.has(copy))) failingApplies.add(id);
  }
  // Kustomizations whose spec.path the source does not hold (kustomization/path-not-found): kustomize-controller stops
  // at "kustomization path not found", never Ready, applying nothing (a trial's probe: order placed them, and all
  // that waited for them, where check said they wait for ever). Only where the root serves other Kustomizations of
  // that source, or is the repository's top (a .git there: spec.path is relative to it, a trial's probe,
  // opencenter-cloud/openCenter-gitops-base's examples/): elsewhere, where none resolves, the root is more likely
  // wrong than every path (the rule says so).
  // Of the bootstrap source only: another GitRepository at this address may be at another ref, whose tree is not this
  // checkout (a review's probe); nor a path into what a spec.include copies in from another repository.
  const ofThisSource = (object: FluxObject) => object.kind === 'Kustomization' && object.sourceName === 'flux-system'
    && (object.sourceKind ?? 'GitRepository') === 'GitRepository' && !object.foreignSource;
  const pathMissing = (object: FluxObject) => ofThisSource(object) && object.path !== undefined && object.appliesDir === undefined && !object.path.includes('${')
    && !pathInIncluded(repository, object);
  const missingPaths = new Set<string>();
  if (repository.rootIsRepositoryTop || objects.some((object) => ofThisSource(object) && object.appliesDir !== undefined)) {
    for (const [id, copies] of byId) if (copies.length > 0 && copies.every(pathMissing)) missingPaths.add(id);
  }
  const { ids: heldByDependency, copies: heldCopies } = heldForEver(repository, byId, edges, appliedBy, options.kit);
  // A cycle through "applies" in some of the dependent's clusters only (appliesCycles' inClusters: a tree two clusters
  // apply, whose dependsOn only one of them writes) holds the dependent there, and what only it applies there, as a
  // missing target does; the other clusters install them (a trial's probe, monosense-io/k8s-gitops: the apps cluster's
  // cycle left 37 objects unplaced in order, explain's level none, where the infra cluster installs them).
  const partialAppliesCycles = appliesCycles.filter((edge) => edge.inClusters !== undefined);
  // What is never installed anywhere, and what only some clusters never install, again until nothing more is (most
  // repositories hold nothing in some clusters only: one pass). An id held in every cluster it is in is never
  // installed; a copy held in every cluster it is in is never Ready there, so what waits for it there (a health check
  // too) is held in the next pass (a review's probe: staging's infra health-checked staging's db, held by a base
  // suspended there). A pass a link of such holds: bounded, as a chain of 300 links across clusters took 22 s; a
  // longer chain's far end is placed without its cluster's name (real repositories hold a few links at most).
  const heldThroughout = (copy: FluxObject, held: ReadonlySet<string>) => scopes(copy).size > 0 && [...scopes(copy)].every((scope) => held.has(scope));
  const holdPasses = (cycleEdges: readonly FluxEdge[]): { neverInstalled: Set<string>; heldInSome: Map<string, Set<string>> } => {
    const neverSeeds = new Set([...failingBuilds, ...missingPaths, ...failingApplies, ...heldByDependency, ...selfWaiting]);
    const neverReadyAt = new Set<FluxObject>();
    for (let pass = 1; ; pass += 1) {
      const reconciled = neverReconciled(objects, byId, edges, appliedBy, readyAfter, existsAfter, neverSeeds, neverReadyAt);
      const seeds = reconciled.held.size > 0 || failingInSome.size > 0 ? new Set([...heldCopies, ...reconciled.held, ...failingInSome]) : heldCopies;
      const heldInSome = heldInSomeClusters(edges, scopes, applies, appliedBy, seeds, byId, cycleEdges);
      let more = false;
      for (const [id, held] of heldInSome) {
        if (reconciled.never.has(id)) continue;
        const copies = byId.get(id) ?? [];
        if (copies.every((copy) => heldThroughout(copy, held))) {
          neverSeeds.add(id);
          more = true;
          continue;
        }
        // (Not a suspended copy: with no status, it passes a health check.)
        for (const copy of copies) {
          if (!copy.suspend && !neverReadyAt.has(copy) && heldThroughout(copy, held)) {
            neverReadyAt.add(copy);
            more = true;
          }
        }
      }
      if (!more || pass === MAX_HOLD_PASSES) return { neverInstalled: reconciled.never, heldInSome };
    }
  };
  const { neverInstalled, heldInSome } = holdPasses(partialAppliesCycles);
  // What such a cycle alone keeps from every cluster it is in waits for that cycle: order lists it with the cycle's
  // members (unplaced), explain says a cycle leaves its order undefined, as before; only the dependent's cycle held it.
  const waitingForCycle = partialAppliesCycles.length === 0 ? new Set<string>()
    : ((without) => new Set([...neverInstalled].filter((id) => !without.has(id))))(holdPasses([]).neverInstalled);
  // The order of what a cold start installs: the graph and its relations without what is never reconciled.
  // For the levels alone: a health check of a workload (a Deployment, a StatefulSet) is most often what a chart installs,
  // so the Kustomization is Ready once the HelmReleases it applies (itself or through its Kustomizations, not into
  // another cluster) into that namespace have installed (trial D's probe: OSable/infrastructure's cert-manager
  // health-checks Deployment cert-manager/cert-manager, and what depends on it was ordered beside the release). Which
  // release makes the workload is not known offline: not a wait the deadlock search or the never-installed read (a
  // review's probes: a Deployment the Kustomization applies itself made a false deadlock), and where these waits
  // loop, the levels go without them (waitedLevels).
  const levelWaits = new Map(readyAfter);
  for (const object of objects) {
    if (object.kind !== 'Kustomization' || object.wait || !object.healthCheckNamespaces) continue;
    const wanted = new Set(object.healthCheckNamespaces);
    const waited = new Set(levelWaits.get(object) ?? []);
    const seen = new Set<FluxObject>([object]);
    const queue = [...applies.get(object) ?? []];
    while (queue.length > 0) {
      const child = queue.pop()!;
      if (seen.has(child)) continue;
      seen.add(child);
      if (child.kind === 'HelmRelease' && !child.installsElsewhere && wanted.has(child.targetNamespace ?? child.namespace ?? '')) waited.add(child);
      else if (child.kind === 'Kustomization' && !child.remote) queue.push(...applies.get(child) ?? []);
    }
    if (waited.size > 0) levelWaits.set(object, [...waited]);
  }
  const installed = neverInstalled.size === 0 ? { graph, applies, existsAfter, readyAfter: levelWaits, appliedAfter, edges }
    : withoutIds(neverInstalled, { graph, applies, existsAfter, readyAfter: levelWaits, appliedAfter, edges });
  let order: string[][] = [];
  let later: Set<string> | undefined;
  if (cycles.length === 0) {
    const { graph, existsAfter, readyAfter, appliedAfter, edges } = installed;
    // What the bootstrap itself creates with its root, beside the root's own file (`kubectl apply -k flux/config`:
    // cluster.yaml's repositories beside cluster; flux bootstrap's flux-system/ with an infrastructure.yaml its
    // kustomization lists), exists before the root reconciles: it does not wait for the root to apply it, so a dependsOn
    // of the root on it orders the two (trials' probes, prehor/home-ops and a bootstrap's flux-system depending on
    // infrastructure: both were on level 0, the edge lost in the loop the applies edge made). Its directory where that
    // is a directory below what the root applies (flux bootstrap's <path>/flux-system/, which the bootstrap applies
    // alone, as appliesCycles takes it: no cycle there, and the root one level after); else its own file only (a root
    // beside what it applies: the bootstrap applied the whole directory or only that file, which is not known).
    // (Not the Kustomization a FluxInstance's sync makes: its file is the FluxInstance's, and what lies beside that is
    // applied by the sync, not by hand: controlplaneio-fluxcd/d2-fleet's flux-operator ResourceSet, a sweep's check.)
    const bootstrapDir = (parent: FluxObject) => parent.madeBy === undefined && dirname(parent.file) !== parent.appliesDir;
    const applies = new Map([...installed.applies].map(([parent, children]) => [parent,
      bootstrapped(parent) ? children.filter((child) => (bootstrapDir(parent) ? dirname(child.file) !== dirname(parent.file) : child.file !== parent.file)) : children]));
    const levels = neverInstalled.size === 0 ? installLevelsOfAll : installLevels(graph);
    const levelsWith = (applies: ReadonlyMap<FluxObject, FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>): string[][] => {
      // An object cannot install before the Kustomization that applies it.
      const dependsOnAndApplies = () => withAppliesEdges(graph, applies, existsAfter);
      // The waits are added to that graph in place (a copy cost a third of the order at 2,000 objects); where they
      // loop, it is built again without them.
      let withApplies = dependsOnAndApplies();
      let placed = waitedLevels(withApplies, readyAfter, appliedAfter, edges, existsAfter);
      if (placed.length === 0 && (readyAfter.size > 0 || appliedAfter.size > 0)) placed = installLevels(withApplies = dependsOnAndApplies());
      // No dependsOn cycle, yet the graph with "applies" loops: two roots that apply each other (a second
      // self-applying Kustomization of the same directory, gabe565/home-ops's private repository), or copies that
      // depend on each other in opposite ways, one per cluster. Each loop shares a level, and the rest keeps its
      // order: dropping the applies edges put every object on one level (a trial's probe).
      if (placed.length === 0) placed = condensedLevels(withApplies);
      return placed.length === 0 ? levels : placed;
    };
    // Appliers of one id create it in one cluster where they apply to the same one (a review's probe: a kubeconfig's).
    ({ order, later } = withEarliestAppliers(applies, existsAfter, levelsWith, (a, b) => sharesScope(intoScopes, a, b)));
  }
  return {
    repository, objects, byId, edges, applies, appliedBy, graph, cycles, appliesCycles, order, scopesOf: scopes, anchored, intoScopesOf: intoScopes, readyAfter, appliedAfter, existsAfter,
    ...(readyCreated.size > 0 ? { readyCreated } : {}),
    ...(later ? { laterAppliers: later } : {}),
    ...(neverInstalled.size > 0 ? { neverInstalled } : {}),
    ...(failingBuilds.size > 0 ? { failingBuilds } : {}),
    ...(missingPaths.size > 0 ? { missingPaths } : {}),
    ...(failingApplies.size > 0 ? { failingApplies } : {}),
    ...(heldByDependency.size > 0 ? { heldByDependency } : {}),
    ...(loopsThroughCreation.length > 0 ? { creationLoops: loopsThroughCreation } : {}),
    ...(heldInSome.size > 0 ? { heldInClusters: new Map([...heldInSome].filter(([id]) => !neverInstalled.has(id))) } : {}),
    ...(waitingForCycle.size > 0 ? { waitingForCycle } : {}),
  };
}

/**
 * Whether a copy of a failing Kustomization reads the failing file: the scan saw its build take the kustomization in
 * (an overlay's `../base` too: a review's probe, where only spec.path's own directory counted), or the file is its own,
 * or under its spec.path or a component of it.
 */
export function readsFailure(failure: NonNullable<FluxRepository['buildFailures']>[number], object: FluxObject): boolean {
  return (failure.readBy?.includes(object) ?? false) || object.file === failure.location.file || appliedDirsOf(object).some((dir) => isInside(dir, failure.location.file));
}

/** At most this many passes of the never-installed search with what some clusters hold (see buildFluxModel). */
const MAX_HOLD_PASSES = 32;

/**
 * Ids whose copy in some of their clusters waits for what that cluster never has (Resolution.missingIn: a shared
 * base's apps depends on monitoring, which only staging applies), with those clusters: there Flux holds it at
 * DependencyNotReady for ever, what waits for its Ready in that cluster with it, and what only held Kustomizations
 * apply there. Elsewhere it installs, so the levels keep it (they are by id); order and explain name these clusters
 * (FluxModel.heldInClusters).
 */
function heldInSomeClusters(
  edges: readonly FluxEdge[], scopesOf: (object: FluxObject) => ReadonlySet<string>,
  applies: ReadonlyMap<FluxObject, readonly FluxObject[]>, appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  /**
   * The copies held in their own clusters: heldForEver's (one cluster's own copy whose item names what only another
   * cluster has, a trial's probe), neverReconciled's (a copy waiting for what is never installed, where another copy
   * of its id is not), and a copy whose build fails, or that is suspended, where another copy of its id is not.
   */
  heldCopies: ReadonlySet<FluxObject>,
  byId: ReadonlyMap<string, readonly FluxObject[]>,
  /** Edges of a cycle through "applies" in some clusters only: the dependent is held in those (inClusters). */
  partialAppliesCycles: readonly FluxEdge[] = [],
): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  const waiting: [FluxObject, string][] = [];
  const hold = (object: FluxObject, scope: string) => {
    const id = fluxObjectId(object);
    const known = held.get(id) ?? new Set<string>();
    if (known.has(scope)) return;
    held.set(id, known.add(scope));
    waiting.push([object, scope]);
  };
  for (const { from, resolution } of edges) {
    if (resolution.status === 'resolved' && resolution.missingIn) for (const scope of resolution.missingIn) hold(from, scope);
  }
  for (const copy of heldCopies) for (const scope of scopesOf(copy)) hold(copy, scope);
  for (const { from, inClusters } of partialAppliesCycles) for (const scope of inClusters ?? []) if (scopesOf(from).has(scope)) hold(from, scope);
  if (waiting.length === 0) return held;
  // What waits for a held copy's Ready in the same cluster (not an item that needs it only to exist, nor one whose
  // readyExpr the controller evaluates: see heldForEver).
  const dependents = new Map<string, FluxObject[]>();
  for (const { from, dependency, resolution } of edges) {
    if (resolution.status !== 'resolved' || readyExprEvaluated(from, dependency) || waitsForExistenceOnly(from, dependency)) continue;
    for (const copy of targetCopies(resolution)) {
      const id = fluxObjectId(copy);
      const known = dependents.get(id);
      if (known) known.push(from);
      else dependents.set(id, [from]);
    }
  }
  const heldThere = (object: FluxObject, scope: string) => held.get(fluxObjectId(object))?.has(scope) ?? false;
  for (let next = waiting.pop(); next !== undefined; next = waiting.pop()) {
    const [object, scope] = next;
    for (const dependent of dependents.get(fluxObjectId(object)) ?? []) if (scopesOf(dependent).has(scope)) hold(dependent, scope);
    // What only held Kustomizations apply in that cluster is never created there (a review's probe: the HelmRelease
    // that apps applies).
    // Every copy of it there, each written by what only such Kustomizations apply: one applied by a live Kustomization
    // of that cluster too is created there (a review's probe: staging wrote redis twice, one under a held parent).
    const createdThereByHeldOnly = (copy: FluxObject) => {
      const parents = (appliedBy.get(copy) ?? []).filter((parent) => scopesOf(parent).has(scope));
      return parents.length > 0 && parents.every((parent) => heldThere(parent, scope));
    };
    for (const child of applies.get(object) ?? []) {
      if (!scopesOf(child).has(scope)) continue;
      const there = (byId.get(fluxObjectId(child)) ?? [child]).filter((copy) => scopesOf(copy).has(scope));
      if (there.every(createdThereByHeldOnly)) hold(child, scope);
    }
  }
  return held;
}

/**
 * An object that several Kustomizations of one cluster apply exists once the first of them has applied it: it
 * installs after the earliest, not the latest (a trial's probe, Apocrathia/homelab: flux-system's kustomization lists
 * the bootstrap directories that Kustomizations gated by dependsOn apply too; the releases came after those gates).
 * The applier edges that create nothing so, as `${parent id}\0${child id}`: a parent whose level (in `order`, placed
 * with every applier) is later than another's that applies the same id in the same cluster. Copies of one directory
 * that each cluster applies keep every applier: each cluster's copy waits for its own (a review's probe: a shared
 * apps/ came before cluster b's gate). undefined where there is none (most repositories).
 */
function laterAppliers(
  applies: ReadonlyMap<FluxObject, readonly FluxObject[]>, order: readonly (readonly string[])[], sameCluster: (a: FluxObject, b: FluxObject) => boolean,
): Set<string> | undefined {
  const levelOf = new Map<string, number>();
  order.forEach((level, index) => { for (const id of level) levelOf.set(id, index); });
  const appliersOf = new Map<string, { parent: FluxObject; level: number }[]>();
  for (const [parent, children] of applies) {
    const level = levelOf.get(fluxObjectId(parent));
    if (level === undefined) continue;
    for (const child of children) {
      // A copy kustomize-controller leaves out of its apply (reconcile: disabled) creates nothing (a review's probe).
      if (child.applyExcluded) continue;
      const id = fluxObjectId(child);
      const known = appliersOf.get(id);
      if (!known) appliersOf.set(id, [{ parent, level }]);
      else if (!known.some((applier) => applier.parent === parent)) known.push({ parent, level });
    }
  }
  const later = new Set<string>();
  for (const [id, appliers] of appliersOf) {
    if (appliers.length < 2) continue;
    for (const { parent, level } of appliers) {
      if (appliers.some((other) => other.level < level && sameCluster(parent, other.parent))) later.add(applierKey(fluxObjectId(parent), id));
    }
  }
  return later.size > 0 ? later : undefined;
}

/**
 * The levels without the later appliers' edges, worked out again until the later appliers no longer change: an
 * applier that itself moves up once an edge is dropped may become the earliest of another object (a review's probe:
 * judged on the first levels alone, order and check disagreed on who creates an object). At most a few rounds.
 */
function withEarliestAppliers(
  applies: ReadonlyMap<FluxObject, FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
  levelsWith: (applies: ReadonlyMap<FluxObject, FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>) => string[][],
  sameCluster: (a: FluxObject, b: FluxObject) => boolean,
): { order: string[][]; later: Set<string> | undefined } {
  let order = levelsWith(applies, existsAfter);
  let later: Set<string> | undefined;
  for (let round = 0; round < 4; round += 1) {
    const appliersLater = laterAppliers(applies, order, sameCluster);
    const creatorsLater = laterCreators(existsAfter, order);
    const next = creatorsLater.length === 0 ? appliersLater : new Set([...appliersLater ?? [], ...creatorsLater]);
    if (next?.size === later?.size && [...next ?? []].every((pair) => later!.has(pair))) break;
    later = next;
    order = later ? levelsWith(...withoutLaterAppliers(later, applies, existsAfter)) : levelsWith(applies, existsAfter);
  }
  return { order, later };
}

/**
 * Of the ResourceSets that create one object of another kind a dependent waits for (createdTargetId: creatorsOf
 * chose them from the dependent's clusters), those on a later level than the earliest, as applierKey pairs: the
 * object exists once the first has applied it (a review's probe: the waiter came after the latest).
 */
function laterCreators(existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>, order: readonly (readonly string[])[]): string[] {
  const levelOf = new Map<string, number>();
  order.forEach((level, index) => { for (const id of level) levelOf.set(id, index); });
  const pairs: string[] = [];
  for (const byTarget of existsAfter.values()) {
    for (const [target, creators] of byTarget) {
      if (creators.length < 2 || !isCreatedTarget(target)) continue;
      const earliest = Math.min(...creators.map((creator) => levelOf.get(creator) ?? Infinity));
      if (earliest === Infinity) continue;
      for (const creator of creators) if ((levelOf.get(creator) ?? Infinity) > earliest) pairs.push(applierKey(creator, target));
    }
  }
  return pairs;
}

/** The applies map and the appliers of what need only exist, without the later appliers' edges. */
function withoutLaterAppliers(
  later: ReadonlySet<string>, applies: ReadonlyMap<FluxObject, FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
): [Map<FluxObject, FluxObject[]>, Map<string, Map<string, string[]>>] {
  return [
    new Map([...applies].map(([parent, children]) => [parent, children.filter((child) => !later.has(applierKey(fluxObjectId(parent), fluxObjectId(child))))])),
    new Map([...existsAfter].map(([from, byTarget]) => [from, new Map([...byTarget].map(([target, appliers]) => [target, appliers.filter((applier) => !later.has(applierKey(applier, target)))]))])),
  ];
}

/**
 * What a cold start never reconciles (kustomize-controller, helm-controller and flux-operator skip a suspended
 * object; fobiat/home-ops suspends its restore Kustomizations on purpose), by id: an id whose every copy is
 * suspended; one that depends on what never becomes Ready (its dependency check fails for ever; a dependency that
 * need only exist, a ResourceSet's item without ready, holds it only where it is never created); one whose every
 * applier is never reconciled (it is never created). What never becomes Ready: those, and a Kustomization that
 * waits (wait: true, healthChecks) for one of them that reports so (not a suspended one: see holdsWaitOf), which
 * applies but is never Ready.
 */
function neverReconciled(
  objects: readonly FluxObject[], byId: ReadonlyMap<string, FluxObject[]>, edges: readonly FluxEdge[], appliedBy: ReadonlyMap<FluxObject, FluxObject[]>,
  readyAfter: ReadonlyMap<FluxObject, readonly FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
  failingBuilds: ReadonlySet<string> = new Set(),
  /** Copies held in every cluster they are in, and not suspended (a suspended one has no status, which passes a health check): never Ready there. */
  neverReadyAt: ReadonlySet<FluxObject> = new Set(),
): { never: Set<string>; held: Set<FluxObject> } {
  const never = new Set<string>();
  // Suspended; or never created: applied by a Kustomization but excluded from its apply (kustomize.toolkit.fluxcd.io/
  // reconcile: disabled, fluxcd/pkg ssa's ExclusionSelector: dependsOn/suspended's own reading); or a Kustomization
  // whose build fails: kustomize-controller creates it, it is never Ready, and it applies nothing (a trial's probe:
  // order placed all a broken cluster-apps would apply, where check said it applies nothing).
  // Also one whose duration the CRD rejects (api/invalid-duration): the API server refuses it, so it is never created.
  const rejected = (copy: FluxObject) => (copy.invalidDurations?.length ?? 0) > 0;
  const neverRuns = (copy: FluxObject) => copy.suspend || rejected(copy) || (copy.applyExcluded !== undefined && (appliedBy.get(copy)?.length ?? 0) > 0);
  for (const [id, copies] of byId) if (copies.length > 0 && (copies.every(neverRuns) || failingBuilds.has(id))) never.add(id);
  if (never.size === 0 && neverReadyAt.size === 0) return { never, held: new Set() };
  // What each id's dependency check waits for. An item whose readyExpr reads status or spec is left out: the
  // expression replaces the Ready check (kustomize-controller's checkDependencies, without the
  // AdditiveCELDependencyCheck gate), and what it gives is not worked out here (a review's probe). One that reads
  // neither needs the object to exist, as a ResourceSet's item without ready: true does (existsAfter, below: held
  // only where the object is never created).
  // Copy by copy: clusters that each write a copy of one id may give it different dependsOn, and one cluster's
  // copy held for ever does not hold another's (a trial's probe, DecentM/fleet-infra: staging's apps waited for a
  // failing infrastructure, and production's apps, waiting for its own layer2, was called never installed).
  // Each item as the id it names and the copies it waits for: in a cluster, that cluster's own copy (Resolution).
  const dependencies = new Map<FluxObject, { target: string; copies: readonly FluxObject[] }[]>();
  // Pairs of ids whose item a ResourceSet's ready: true judges by kstatus (judgedByKstatus).
  const byKstatus = new Set<string>();
  for (const { from, dependency, resolution } of edges) {
    if (resolution.status !== 'resolved' || (readyExprEvaluated(from, dependency) && !waitsForExistenceOnly(from, dependency))) continue;
    const item = { target: fluxObjectId(resolution.target), copies: targetCopies(resolution) };
    const items = dependencies.get(from);
    if (items) items.push(item);
    else dependencies.set(from, [item]);
    if (judgedByKstatus(from, dependency)) byKstatus.add(`${fluxObjectId(from)}\u0000${item.target}`);
  }
  const neverReady = new Set(never);
  // Copies never Ready while another copy of their id may be: held by a health check of their own (readyAfter), in
  // their cluster (a review's probe: staging's infrastructure waited for a HelmRelease held for ever, and
  // production's apps, waiting for production's infrastructure, was held with it). An id every copy of which is
  // here is in neverReady.
  const neverReadyCopies = new Set<FluxObject>(neverReadyAt);
  for (const [id, copies] of byId) if (copies.length > 0 && copies.every((copy) => neverReadyCopies.has(copy))) neverReady.add(id);
  // What is excluded from its applier's apply is never created either (a ResourceSet item that needs it only to exist waits).
  const neverCreated = new Set([...never].filter((id) => (byId.get(id) ?? []).every((copy) => copy.applyExcluded !== undefined || rejected(copy))));
  // Which of what a waiting object waits for holds its Ready for ever. Its health check is kstatus's (fluxcd/cli-utils
  // status.Compute), which calls an object without conditions Current: a suspended one gets none on a fresh cluster
  // (helm-controller and kustomize-controller return before setting any), so what waits for it is Ready all the same
  // (a trial's probe, mak011p: a Kustomization applying a suspended HelmRelease held what depended on it). One held
  // at DependencyNotReady reports Ready=False, in progress for kstatus, and holds the wait. With wait: true, what its
  // applier excludes from the apply is not among what is waited for; named in healthChecks, it is not found, and holds.
  const statusless = (id: string) => (byId.get(id) ?? []).every((copy) => copy.suspend);
  // Held by kstatus: reported not Ready, or never created (a suspended object no one creates is not found: it holds,
  // a review's probe). `excludedIsWaited`: false for a wait: true applier's own children, which its apply leaves out.
  const holdsKstatus = (id: string, excludedIsWaited = true, copy?: FluxObject) => {
    if (!neverReady.has(id) && !(copy !== undefined && neverReadyCopies.has(copy))) return false;
    if (neverCreated.has(id)) return excludedIsWaited || !(byId.get(id) ?? []).every((copy) => copy.applyExcluded !== undefined);
    return !(never.has(id) && statusless(id));
  };
  const holdsWaitOf = (waiter: FluxObject, target: FluxObject) => holdsKstatus(fluxObjectId(target), !waiter.wait, target);
  // A work list, not passes over every object until nothing changes: a chain of thousands ending at a suspended object
  // took a pass per link (a review's probe: 4,000 releases, 15 s). When an id changes, what reads it is looked at again:
  // what depends on it, what waits for it, what it applies.
  const appliersOfId = new Map<string, string[]>();
  const readersOf = new Map<string, FluxObject[]>();
  const reads = (id: string, reader: FluxObject) => {
    const known = readersOf.get(id);
    if (known) known.push(reader);
    else readersOf.set(id, [reader]);
  };
  for (const object of objects) {
    const id = fluxObjectId(object);
    for (const applier of appliedBy.get(object) ?? []) {
      const applierId = fluxObjectId(applier);
      const known = appliersOfId.get(id);
      if (known) known.push(applierId);
      else appliersOfId.set(id, [applierId]);
      reads(applierId, object);
    }
    for (const target of readyAfter.get(object) ?? []) reads(fluxObjectId(target), object);
    for (const { target } of dependencies.get(object) ?? []) reads(target, object);
    for (const [target, creators] of existsAfter.get(id) ?? []) if (isCreatedTarget(target)) for (const creator of creators) reads(creator, object);
  }
  // Whether a copy's dependency check never passes: a target never created where it needs only existence, held by
  // kstatus where a ResourceSet's ready: true judges it so, else never Ready.
  // (An item a shared dependent resolves to one copy per cluster blocks it only where every copy does.)
  const blocks = (id: string, existing: ReadonlyMap<string, readonly string[]> | undefined, { target, copies }: { target: string; copies: readonly FluxObject[] }) => (existing?.has(target)
    ? neverCreated.has(target)
    : copies.every((copy) => (byKstatus.has(`${id}\u0000${target}`) ? holdsKstatus(target, true, copy) : neverReady.has(target) || neverReadyCopies.has(copy))));
  const copyBlocked = (copy: FluxObject, id: string, existing: ReadonlyMap<string, readonly string[]> | undefined) =>
    (dependencies.get(copy) ?? []).some((item) => blocks(id, existing, item));
  // An object of another kind (createdTargetId) that only never-reconciled ResourceSets create is never created.
  const createdByNone = (existing: ReadonlyMap<string, readonly string[]> | undefined) =>
    [...existing ?? []].some(([target, creators]) => isCreatedTarget(target) && creators.every((creator) => never.has(creator)));
  const queue = [...objects];
  const queued = new Set<FluxObject>(queue);
  const changedId = (id: string) => {
    for (const reader of readersOf.get(id) ?? []) {
      if (queued.has(reader)) continue;
      queued.add(reader);
      queue.push(reader);
    }
  };
  for (let object = queue.pop(); object !== undefined; object = queue.pop()) {
    queued.delete(object);
    const id = fluxObjectId(object);
    if (!neverReady.has(id) && !neverReadyCopies.has(object) && (readyAfter.get(object) ?? []).some((target) => holdsWaitOf(object, target))) {
      neverReadyCopies.add(object);
      if ((byId.get(id) ?? [object]).every((copy) => neverReadyCopies.has(copy))) neverReady.add(id);
      changedId(id);
    }
    if (neverCreated.has(id)) continue;
    const appliers = appliersOfId.get(id) ?? [];
    const uncreated = appliers.length > 0 && appliers.every((applier) => never.has(applier));
    // Never reconciled already (suspended): whether it is created too still matters to what looks for it (a health
    // check of a suspended object nothing creates does not find it: a review's probe).
    if (never.has(id)) {
      if (uncreated) {
        neverCreated.add(id);
        changedId(id);
      }
      continue;
    }
    const existing = existsAfter.get(id);
    const blocked = (byId.get(id) ?? [object]).every((copy) => copyBlocked(copy, id, existing)) || createdByNone(existing);
    if (uncreated || blocked) {
      never.add(id);
      neverReady.add(id);
      if (uncreated) neverCreated.add(id);
      changedId(id);
    }
  }
  // The copies held where another copy of their id is not: never installed in their own clusters (heldInSomeClusters),
  // each by what its own items wait for (a target never Ready through one cluster's copy holds that cluster's
  // dependents, no other cluster's: neverReadyCopies). Not the never-Ready copy itself: it applies what it applies.
  const held = new Set<FluxObject>();
  for (const object of objects) {
    const id = fluxObjectId(object);
    if (never.has(id)) continue;
    if (copyBlocked(object, id, existsAfter.get(id))) held.add(object);
  }
  return { never, held };
}

/**
 * Ids whose dependency check never passes, on every copy: an item that names no object the cluster will have, as
 * dependsOn/unknown-target, dependsOn/wrong-kind and dependsOn/namespace-mismatch report them (a target missing, of
 * another kind, in another namespace, or a ResourceSet item without namespace). Each controller requeues such an
 * object at DependencyNotReady for ever, so a cold start never installs it, nor what waits for it (a trial's probe:
 * order placed web on a level and counted it in the estimate while check said Flux holds it for ever). Not an item
 * whose target the cluster may have unseen (model/unseen-targets.ts), nor one not judged offline; but an item whose
 * ${VARIABLE} nothing substitutes (unsubstitutedBecause), which names what no object is named.
 */
function heldForEver(
  repository: FluxRepository, byId: ReadonlyMap<string, FluxObject[]>, edges: readonly FluxEdge[], appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  /**
   * The audited kit's HelmReleases and the names its expected DAG declares: a release that depends on a slot the DAG
   * declares but the kit does not hold yet waits until it lands (the kit audit's Deferred), not for ever (a review's
   * probe: the kit's parent lost its order/parent-timeout warning).
   */
  kit?: { objects: ReadonlySet<FluxObject>; expectedNames: ReadonlySet<string> },
): { ids: Set<string>; copies: ReadonlySet<FluxObject> } {
  const held = new Set<FluxObject>();
  let mayExistUnseen: ReturnType<typeof unseenTargets> | undefined;
  for (const { from, dependency, resolution } of edges) {
    if (resolution.status === 'resolved' || held.has(from)) continue;
    // Not followed: a variable the cluster substitutes, or a kind not read; but a variable nothing substitutes names
    // what no object is named (dependsOn/unknown-target: a review's probe, where order placed such an object).
    if (resolution.status === 'not-followed') {
      if (unsubstitutedBecause(appliedBy, from, dependency)) held.add(from);
      continue;
    }
    // A kit release waiting for a slot the expected DAG declares (deferred) waits until it lands; one naming what no
    // slot declares (a typo) is held for ever like any other (a second review's probe).
    if (kit?.objects.has(from) && kit.expectedNames.has(dependency.name)) continue;
    // A target that what the cluster applies from an unread source may hold (dependsOn/unread-target): not known to
    // be missing, so not held.
    if (resolution.status === 'missing' && resolution.unreadIn) continue;
    // An object of that kind and name a ResourceSet may generate in the namespace wanted is one the cluster may have
    // (a review's probe: a wrong-kind item a template could give was held, a missing one not). Not for a ResourceSet
    // item without namespace: flux-operator looks it up as written, and finds no namespaced object whatever exists.
    // Nor for an item whose apiVersion is not served, or not of its kind's group: flux-operator finds nothing by it,
    // whatever the name (a trial's probe: check said held for ever, order placed the waiter, a template could give the name).
    if (resolution.status !== 'no-namespace' && !(resolution.status === 'missing' && resolution.unservedApiVersion !== undefined)) {
      mayExistUnseen ??= unseenTargets(repository.objects, appliedBy, repository);
      const kind = 'wantedKind' in resolution ? resolution.wantedKind : wantedKind(from, dependency);
      if (kind && mayExistUnseen(from, dependency, kind)) continue;
    }
    held.add(from);
  }
  // What waits for the Ready of a held copy is held too, copy by copy: one cluster's copy of an id may be held where
  // another's is not, and what depends on it in the first is held with it (a review's probe: cluster b's web named a
  // typo, and frontend, only in b, got a level because a's web installs). Not an item that needs only existence (a held
  // object exists), nor one whose readyExpr the controller evaluates in place of Ready (see neverReconciled).
  if (held.size > 0) {
    const dependents = new Map<FluxObject, FluxObject[]>();
    for (const { from, dependency, resolution } of edges) {
      if (resolution.status !== 'resolved' || readyExprEvaluated(from, dependency) || waitsForExistenceOnly(from, dependency)) continue;
      const known = dependents.get(resolution.target);
      if (known) known.push(from);
      else dependents.set(resolution.target, [from]);
    }
    const waiting = [...held];
    for (let object = waiting.pop(); object !== undefined; object = waiting.pop()) {
      for (const dependent of dependents.get(object) ?? []) {
        if (held.has(dependent)) continue;
        held.add(dependent);
        waiting.push(dependent);
      }
    }
  }
  const ids = new Set<string>();
  for (const object of held) {
    const id = fluxObjectId(object);
    if ((byId.get(id) ?? []).every((copy) => held.has(copy))) ids.add(id);
  }
  return { ids, copies: held };
}

/** The graph and the relations the order reads, without the objects of these ids. */
function withoutIds(ids: ReadonlySet<string>, parts: {
  graph: DependencyGraph; applies: ReadonlyMap<FluxObject, FluxObject[]>; existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readyAfter: ReadonlyMap<FluxObject, readonly FluxObject[]>; appliedAfter: ReadonlyMap<FluxObject, readonly FluxObject[]>; edges: readonly FluxEdge[];
}) {
  const kept = (object: FluxObject) => !ids.has(fluxObjectId(object));
  const graph = new DependencyGraph();
  for (const id of parts.graph.nodes()) if (!ids.has(id)) graph.addNode(id);
  for (const from of graph.nodes()) {
    for (const to of parts.graph.successors(from)) {
      if (ids.has(to)) continue;
      const sources = parts.graph.edgeSources(from, to);
      for (const source of ['onDisk', 'declared'] as const) if (sources?.[source]) graph.addEdge(from, to, source, sources[source]!);
    }
  }
  const objectsMap = (map: ReadonlyMap<FluxObject, readonly FluxObject[]>) => new Map([...map].filter(([object]) => kept(object)).map(([object, others]) => [object, others.filter(kept)]));
  return {
    graph,
    applies: objectsMap(parts.applies) as Map<FluxObject, FluxObject[]>,
    existsAfter: new Map([...parts.existsAfter].filter(([id]) => !ids.has(id)).map(([id, byTarget]) => [id, new Map([...byTarget].filter(([target]) => !ids.has(target)).map(([target, appliers]) => [target, appliers.filter((applier) => !ids.has(applier))]))])),
    readyAfter: objectsMap(parts.readyAfter),
    appliedAfter: objectsMap(parts.appliedAfter),
    edges: parts.edges.filter(({ from, resolution }) => kept(from) && (resolution.status !== 'resolved' || kept(resolution.target))),
  };
}

/** Every Kustomization or ResourceSet that stands between an object and the roots: all its appliers, transitively. */
/**
 * Why the `${VARIABLE}` in `dependency`, an item of `from`, is never substituted, so the name stays as written (no
 * object can have it): `from` is marked `kustomize.toolkit.fluxcd.io/substitute: disabled` (kustomize-controller skips
 * it whatever postBuild says), or every Kustomization that applies it (one at least) has no spec.postBuild (the first
 * of them). undefined where the item holds no variable, where one may substitute it, or nothing known applies it. A
 * ResourceSet's items are flux-operator's.
 */
export function unsubstitutedBecause(
  appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>, from: FluxObject, dependency: FluxDependency,
): { disabled: true } | { applier: FluxObject } | undefined {
  if (dependency.literal || (!dependency.name.includes('${') && !dependency.namespace?.includes('${'))) return undefined;
  if (from.kind === 'ResourceSet') return undefined;
  if (from.substituteDisabled) return { disabled: true };
  const appliers = appliedBy.get(from) ?? [];
  if (appliers.length === 0 || appliers.some((applier) => applier.kind !== 'Kustomization' || applier.substitute !== undefined || applier.substituteFrom)) return undefined;
  return { applier: appliers[0]! };
}

export function appliersAbove(object: FluxObject, appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>): Set<FluxObject> {
  const seen = new Set<FluxObject>();
  const stack = [...(appliedBy.get(object) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(appliedBy.get(next) ?? []));
  }
  return seen;
}

/**
 * Whether an edge is a ResourceSet's wait for an object of another kind that only it creates: flux-operator applies
 * none of its resources before its dependencies pass, so it waits for ever (graph/cycle reports it; the report lists
 * it among the cycles as `[dependent, createdTargetId, dependent]`).
 */
export function waitsOnItsOwnCreation({ from, resolution }: FluxEdge): boolean {
  return resolution.status === 'not-followed' && resolution.createdBy !== undefined
    && resolution.createdBy.every((creator) => fluxObjectId(creator) === fluxObjectId(from));
}

/**
 * ResourceSet items on an object of another kind (a Job) whose every creator, other than the dependent, waits for the
 * dependent's Ready through dependsOn items (not one that needs only existence, nor one whose readyExpr the
 * controller evaluates in Ready's place): the creator applies nothing before that, so the object never exists, and
 * neither is ever installed (a review's note: the levels condensed such a loop, and check said nothing). Each with
 * the loop, `[dependent, createdTargetId, creator, ..., dependent]`, through the first creator (by id) and the
 * shortest wait from it.
 */
function creationLoops(edges: readonly FluxEdge[]): { edge: FluxEdge; cycle: string[] }[] {
  const waitsFor = new Map<string, Set<string>>();
  for (const { from, dependency, resolution } of edges) {
    if (resolution.status !== 'resolved' || waitsForExistenceOnly(from, dependency) || readyExprEvaluated(from, dependency)) continue;
    const id = fluxObjectId(from);
    waitsFor.set(id, (waitsFor.get(id) ?? new Set()).add(fluxObjectId(resolution.target)));
  }
  // The shortest chain of Ready waits from `start` to `goal`, both included; undefined where there is none.
  const chain = (start: string, goal: string): string[] | undefined => {
    const before = new Map<string, string>([[start, start]]);
    for (let queue = [start]; queue.length > 0;) {
      const next: string[] = [];
      for (const id of queue) {
        for (const target of waitsFor.get(id) ?? []) {
          if (before.has(target)) continue;
          before.set(target, id);
          if (target === goal) {
            const path = [goal];
            for (let at = goal; at !== start;) path.unshift(at = before.get(at)!);
            return path;
          }
          next.push(target);
        }
      }
      queue = next;
    }
    return undefined;
  };
  const loops: { edge: FluxEdge; cycle: string[] }[] = [];
  for (const edge of edges) {
    const { from, dependency, resolution } = edge;
    if (resolution.status !== 'not-followed' || !resolution.createdBy) continue;
    const fromId = fluxObjectId(from);
    const creators = [...new Set(resolution.createdBy.map(fluxObjectId))].filter((id) => id !== fromId).sort(compareText);
    if (creators.length === 0) continue; // what only the dependent creates: waitsOnItsOwnCreation
    const chains = creators.map((creator) => chain(creator, fromId));
    if (chains.some((found) => found === undefined)) continue;
    loops.push({ edge, cycle: [fromId, createdTargetId(dependency), ...chains[0]!] });
  }
  return loops;
}

/** The id an item naming an object of another kind stands for in FluxModel.existsAfter: as written, `Kind/namespace/name`. */
export function createdTargetId(dependency: FluxDependency): string {
  return `${dependency.kind ?? ''}/${dependency.namespace ?? ''}/${dependency.name}`;
}

/** Whether an existsAfter target is such an object of another kind (createdTargetId), not a Flux object's id. */
function isCreatedTarget(target: string): boolean {
  return !FLUX_KINDS.includes(target.slice(0, target.indexOf('/')) as FluxKind);
}

/** The dependsOn graph with an edge from each applied object to what applies it: an object installs after its applier. */
export function withAppliesEdges(
  graph: DependencyGraph, applies: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  /** Dependencies that need only exist (a ResourceSet's items without ready): by dependent and target, the target's appliers. */
  existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map(),
): DependencyGraph {
  const built = new DependencyGraph();
  const nowhere = { file: '', line: null, column: null };
  for (const name of graph.nodes()) {
    built.addNode(name);
    const existing = existsAfter.get(name);
    for (const dependency of graph.successors(name)) {
      const appliers = existing?.get(dependency);
      if (appliers) for (const applier of appliers) built.addEdge(name, applier, 'declared', nowhere);
      else built.addEdge(name, dependency, 'onDisk', nowhere);
    }
  }
  // What an object of another kind waits for (no node of its own: createdTargetId): after what creates it.
  for (const [name, byTarget] of existsAfter) {
    if (!graph.hasNode(name)) continue;
    for (const [target, appliers] of byTarget) if (isCreatedTarget(target)) for (const applier of appliers) built.addEdge(name, applier, 'declared', nowhere);
  }
  for (const [parent, children] of applies) {
    for (const child of children) if (child !== parent) built.addEdge(fluxObjectId(child), fluxObjectId(parent), 'declared', parent.location);
  }
  return built;
}

/**
 * For each object a ResourceSet generates from a step after its first: the objects of the nearest step before
 * it that generated any (a step of Jobs alone generates none: the wait for it is the wait for the steps before).
 */
function stepPredecessors(applies: ReadonlyMap<FluxObject, FluxObject[]>): Map<FluxObject, FluxObject[]> {
  const after = new Map<FluxObject, FluxObject[]>();
  for (const [parent, children] of applies) {
    if (parent.kind !== 'ResourceSet') continue;
    const byStep = new Map<number, FluxObject[]>();
    for (const child of children) if (child.step) byStep.set(child.step.index, [...(byStep.get(child.step.index) ?? []), child]);
    let before: FluxObject[] = [];
    for (const index of [...byStep.keys()].sort((a, b) => a - b)) {
      const step = byStep.get(index)!;
      if (before.length > 0) for (const child of step) after.set(child, before);
      before = step;
    }
  }
  return after;
}

/**
 * Install levels where what depends on a waiting Kustomization comes after what that Kustomization waits for
 * (its Ready comes only then): a node for each such Kustomization's Ready moment stands between them, so the
 * graph grows by the waits, not by dependents times children, and is dropped from the levels. The waits are
 * added to `withApplies` itself. Empty when they close a loop (dependsOn/wait-deadlock's finding): the caller
 * then orders without them.
 */
function waitedLevels(withApplies: DependencyGraph, readyAfter: ReadonlyMap<FluxObject, readonly FluxObject[]>, appliedAfter: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  edges: readonly FluxEdge[], existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>, partial = false): string[][] {
  if (!partial && readyAfter.size === 0 && appliedAfter.size === 0) return installLevels(withApplies);
  const readyOf = (object: FluxObject) => `\u0000ready\u0000${fluxObjectId(object)}`;
  // An object's Ready: its own node, or the node of the moment it waits for where it waits.
  const readyNode = (object: FluxObject) => (readyAfter.has(object) ? readyOf(object) : fluxObjectId(object));
  for (const [object, objects] of readyAfter) {
    withApplies.addEdge(readyOf(object), fluxObjectId(object), 'declared', object.location);
    for (const target of objects) withApplies.addEdge(readyOf(object), readyNode(target), 'declared', object.location);
  }
  for (const { from, resolution } of edges) {
    if (resolution.status !== 'resolved' || !readyAfter.has(resolution.target)) continue;
    // A ResourceSet's item without ready: true waits for the object to exist, not for its Ready (a trial's probe: a
    // waiting Kustomization's Ready put it after that Kustomization's HelmReleases, where the critical path did not).
    if (existsAfter.get(fluxObjectId(from))?.has(fluxObjectId(resolution.target))) continue;
    withApplies.addEdge(fluxObjectId(from), readyOf(resolution.target), 'declared', from.location);
  }
  for (const [object, before] of appliedAfter) {
    for (const earlier of before) withApplies.addEdge(fluxObjectId(object), readyNode(earlier), 'declared', object.location);
  }
  return levelsWithMoments(withApplies, (id) => id.startsWith('\u0000'), partial);
}

/**
 * Where a dependsOn cycle leaves the order undefined: the levels of what can still be placed, with everything that
 * orders it as without the cycle (what applies an object, and what a waiting Kustomization waits for), and what is
 * not placed (on a cycle, or waiting for one, or applied by what does). With the dependsOn edges alone, one cycle
 * anywhere put every HelmRelease at level 0, beside the root that applies them (a trial's probe on
 * osnabrugge/home-ops).
 */
export function placeableLevels(model: FluxModel): { levels: string[][]; unplaced: string[] } {
  // What a cold start never reconciles is in no level here either (named apart: FluxModel.neverInstalled).
  const never = model.neverInstalled ?? new Set<string>();
  const parts = { graph: model.graph, applies: model.applies, existsAfter: model.existsAfter ?? new Map(), readyAfter: model.readyAfter ?? new Map(), appliedAfter: model.appliedAfter ?? new Map(), edges: model.edges };
  const { graph, applies, existsAfter, readyAfter, appliedAfter, edges } = never.size === 0 ? parts : withoutIds(never, parts);
  const levelsWith = (applies: ReadonlyMap<FluxObject, FluxObject[]>, existsAfter: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>): string[][] => {
    let levels = waitedLevels(withAppliesEdges(graph, applies, existsAfter), readyAfter, appliedAfter, edges, existsAfter, true);
    // A wait loop (dependsOn/wait-deadlock) is no cycle: where the waits hold back more than the cycle does, the order
    // goes without them, as it does without a cycle (a review's probe: an unrelated cycle left a deadlock's objects
    // "on a cycle", and explain exited 2 for them).
    const withoutWaits = placeInLevels(withAppliesEdges(graph, applies, existsAfter)).levels;
    if (withoutWaits.flat().length > levels.flat().length) levels = withoutWaits;
    return levels;
  };
  // After the earliest applier of a cluster, as without a cycle (a review's probe: an unrelated cycle put them after the latest).
  const { order: levels } = withEarliestAppliers(applies, existsAfter, levelsWith, (a, b) => sharesScope(model.intoScopesOf ?? model.scopesOf, a, b));
  const placed = new Set(levels.flat());
  // An object on a cycle is unplaced for that, also where it would never be installed anyway (a trial's probe: a
  // wrong-kind item as well, and order said "Not placed: none" beside the cycle it exited 2 for).
  // (And what a cycle through "applies" that only some clusters have keeps from every cluster it is in, its dependent
  // among them: held there, it is never installed, but for that cycle.)
  const onCycles = new Set([...model.cycles.flat(), ...model.waitingForCycle ?? []]);
  return { levels, unplaced: model.graph.nodes().filter((id) => !placed.has(id) && (!never.has(id) || onCycles.has(id))).sort() };
}

/**
 * Install levels where a moment node (a Kustomization's Ready) takes no level of its own: it is at the level of
 * the last thing it waits for, and what waits for it comes on the next. Counted as a level, it pushed what depends
 * on a waiting Kustomization one level further than its slowest child, and how far depended on unrelated objects
 * (a trial's goochs/home-ops: external-secrets-stores on level 4, not 3). Empty when the graph has a cycle.
 */
function levelsWithMoments(graph: DependencyGraph, isMoment: (id: string) => boolean, partial = false): string[][] {
  const { levels: order, placed } = placeInLevels(graph);
  // (What is placed waits only for what is placed: `partial` keeps those where a cycle leaves the rest out.)
  if (!partial && placed !== graph.nodeCount()) return [];
  const levelOf = new Map<string, number>();
  const byLevel: string[][] = [];
  for (const id of order.flat()) {
    let level = 0;
    const step = isMoment(id) ? 0 : 1;
    for (const dependency of graph.successors(id)) level = Math.max(level, levelOf.get(dependency)! + step);
    levelOf.set(id, level);
    if (!isMoment(id)) (byLevel[level] ??= []).push(id);
  }
  return byLevel.filter((level) => level !== undefined && level.length > 0).map((level) => level.sort());
}

/** Everything that waits on `ids`: their dependents, transitively, and what stalled Kustomizations would apply. */
export function blastRadius(model: FluxModel, ids: readonly string[]): string[] {
  const members = new Set(ids);
  const seen = new Set<string>();
  const queue = [...ids];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const next = [...model.graph.predecessors(id)];
    for (const object of model.byId.get(id) ?? []) {
      for (const child of model.applies.get(object) ?? []) next.push(fluxObjectId(child));
    }
    for (const other of next) {
      if (seen.has(other) || members.has(other)) continue;
      seen.add(other);
      queue.push(other);
    }
  }
  return [...seen].sort();
}
