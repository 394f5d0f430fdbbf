import { isInside } from './inside.js';
import { cleanedSourcePath } from './paths.js';
import type { Location } from './types.js';

// The Flux objects of a whole repository, as plain data. The repository view
// (any Flux repository, no expected DAG needed) is built from these.

/** The kinds whose dependsOn this tool follows. */
export type FluxKind = 'HelmRelease' | 'Kustomization' | 'ResourceSet';

export const FLUX_API_GROUPS: Record<FluxKind, string> = {
  HelmRelease: 'helm.toolkit.fluxcd.io',
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  ResourceSet: 'fluxcd.controlplane.io',
};

export interface FluxDependency {
  name: string;
  /** As written; Flux resolves a missing one to the dependent's own namespace. */
  namespace?: string;
  /** ResourceSet items name the kind they depend on; HelmRelease and Kustomization items depend on their own kind. */
  kind?: string;
  apiVersion?: string;
  /** Where the item's apiVersion is written (a ResourceSet's item). */
  apiVersionLocation?: Location;
  /** Where the item's kind is written (a ResourceSet's item). */
  kindLocation?: Location;
  /**
   * A ResourceSet's item whose apiVersion and kind the Flux the repository installs does not serve (a removed
   * version, a miscased kind): flux-operator finds nothing, whatever exists under the name. Set by the scan,
   * which knows the repository's Flux version pins (flux-api.ts unservedDependencyApi).
   */
  unserved?: { reason: string; fix: string; at: 'kind' | 'apiVersion' };
  readyExpr?: { value: string; location: Location };
  /** The name as written, where the applier's postBuild substitution changed it (`${APP}-db`). */
  written?: string;
  /**
   * With `written`: the Kustomization whose postBuild substituted it (its file says which cluster), and, by variable
   * the item holds, the file its value comes from (the applier's own for postBuild.substitute, a ConfigMap's for
   * substituteFrom); a variable no file sets is absent (unset: empty).
   */
  substitutedBy?: { kind: string; namespace?: string; name: string; file: string; valueFiles: Record<string, string> };
  /**
   * A name a ResourceSet's template gives from an input (`<< inputs.dep >>`): the template as written, the ResourceSet,
   * which input (1-based, in the order flux-operator builds them), and where each input key it reads is written there.
   */
  fromInput?: { written: string; resourceSet: string; input: number; keys: { key: string; location: Location }[] };
  /**
   * After a substitution whose every value is known (postBuild.substitute, no substituteFrom), a `${` left in the name
   * or namespace is text (an escaped `$${`, a value's own): the name the controller looks for, no variable.
   */
  literal?: true;
  /** ResourceSet items: `ready: true`; without it flux-operator only waits for the object to exist. */
  ready?: boolean;
  location: Location;
}

export interface FluxObject {
  kind: FluxKind;
  apiVersion: string;
  name: string;
  /**
   * The namespace the object gets when Flux applies it: a parent Flux
   * Kustomization's targetNamespace, else the `namespace:` of the kustomization
   * that lists its file, else metadata.namespace; undefined when none says.
   */
  namespace?: string;
  file: string;
  /** The `metadata.name` node. */
  location: Location;
  dependsOn: FluxDependency[];
  /** `spec.dependsOn` key, else the name. */
  dependsOnLocation: Location;
  suspend: boolean;
  /**
   * A label or annotation that tells kustomize-controller not to apply it (`kustomize.toolkit.fluxcd.io/reconcile:
   * disabled`, or `kustomize.toolkit.fluxcd.io/ssa: ignore`, in any case: fluxcd/pkg ssa's ExclusionSelector): what a
   * Kustomization applies with it is never created on a new cluster. As written, and where.
   */
  applyExcluded?: { written: string; location: Location };
  /** `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent` (any case): kustomize-controller creates it when absent and never writes it again. */
  createdOnlyIfAbsent?: true;
  /** Kustomization, ResourceSet: `spec.wait`. */
  wait?: boolean;
  /**
   * Kustomization a ResourceSet generates whose template decides wait and healthChecks (not read offline): both are
   * taken as set, so that no warning about not waiting rests on them, and none about waiting either.
   */
  waitAssumed?: true;
  /** Kustomization: where `wait: true` is written, when it is. */
  waitLocation?: Location;
  /**
   * Kustomization: where a transformation of the build turned off the wait: true its file writes (a parent's
   * spec.patches, a kustomization's patch), so that a finding about its not waiting points there, not at the file.
   */
  waitTurnedOffAt?: Location;
  /** Where a patch of the build sets suspend: true that its file does not say: the fix is in the patch. */
  suspendPatchedAt?: Location;
  /** Kustomization: where a patch of the build sets wait: true that its file does not say. */
  waitPatchedAt?: Location;
  /**
   * Kustomization without wait or healthChecks: everything its spec.path applies is of the kinds kustomize-controller
   * applies first and waits for whatever spec.wait says (CRDs, Namespaces, ClusterRoles, *Class kinds), or of kinds
   * ready once they exist (ConfigMaps, Secrets, RBAC bindings...), so its Ready already means they are
   * (src/load/waited-stages.ts).
   */
  appliesWaitedStagesOnly?: true;
  /**
   * Kustomization without wait or healthChecks: what it applies that this tool does not read, where all it does read
   * is of those kinds (`the remote resource URL`, `what GitRepository NS/NAME holds`): whether its Ready means what it
   * applies runs is not known here (dependsOn/unwaited-kustomization says so).
   */
  appliesUnread?: string;
  /**
   * Kustomization: where a patch of the build sets its spec.timeout (a parent's spec.patches giving every child
   * one), when the build's differs from what its file says: the place to change it (order/parent-timeout's fix).
   */
  timeoutPatchedAt?: Location;
  /**
   * Items of its own dependsOn, as its file writes them, that a patch of the build took away while giving others:
   * a patch's list replaces the list it patches (kustomize merges no list of a Flux kind), and where the patch is.
   */
  dependsOnReplaced?: {
    items: FluxDependency[]; at: Location;
    /** The JSON 6902 path into one item the patch writes there (`/spec/dependsOn/0/name`), where it is such an operation. */
    rewrite?: string;
  };
  /** Kustomization: where `spec.timeout` is written, when it is (order/parent-timeout is located there). */
  timeoutLocation?: Location;
  /** Kustomization: `spec.healthChecks` is set (`healthCheckExprs` alone are not: they only judge what wait or healthChecks select). */
  healthChecks?: boolean;
  /**
   * Kustomization: the `spec.healthChecks` entries that name a Flux object this tool reads (a HelmRelease,
   * a Kustomization), by kind, namespace (as written; an entry without one is not followed) and name.
   */
  healthCheckTargets?: { kind: FluxKind; namespace: string; name: string }[];
  /**
   * Kustomization: the namespaces of its `spec.healthChecks` entries of a workload (apps/v1 Deployment, StatefulSet,
   * DaemonSet), most often what a HelmRelease it applies installs there: the install levels alone wait for those.
   */
  healthCheckNamespaces?: string[];
  /**
   * HelmRelease: `spec.kubeConfig` is set. helm-controller installs the release in the cluster that kubeconfig names:
   * a health check of this cluster's workloads says nothing of it (healthCheckNamespaces).
   */
  installsElsewhere?: true;
  /** Kustomization: `spec.healthCheckExprs` is set (they judge only what wait or healthChecks select). */
  healthCheckExprs?: boolean;
  /**
   * Kustomization: `spec.kubeConfig` is set. kustomize-controller applies what it builds to the cluster that
   * kubeconfig names, not to its own: what it applies is another cluster's (FluxModel.scopesOf). The value names the
   * kubeconfig as written, `secretRef/NAME/KEY` or `configMapRef/NAME/KEY` (KEY empty where not written; ${VARIABLE}s
   * substituted as the rest of the object), read in the Kustomization's namespace (remoteKey), so that Kustomizations
   * using one kubeconfig apply to one cluster; `?` where the kubeconfig names neither.
   */
  remote?: string;
  /**
   * Durations written that are no duration the CRD accepts (`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$` on a Kustomization's
   * interval, retryInterval and timeout, a HelmRelease's interval, timeout and install.timeout): the API server
   * rejects the object (api/invalid-duration). Not one holding a ${VARIABLE}, substituted in the cluster.
   */
  invalidDurations?: { field: string; written: string; location: Location }[];
  /**
   * Kustomization: where every `spec.healthChecks` entry names the Kustomization itself (kind and name), the
   * namespaces they name: kustomize-controller drops an entry that names the object itself, by its namespace as
   * applied (checkHealth's guard), so `healthChecks` is worked out again wherever the namespace changes.
   */
  selfHealthChecks?: string[];
  /** `spec.timeout` as written (`5m`), where set. */
  timeout?: string;
  /** Kustomization: `spec.path` resolved against the repository root, when it exists there. */
  appliesDir?: string;
  /** Kustomization: `spec.components`, resolved against spec.path (the controller adds them to that build). */
  components?: string[];
  /** Kustomization: `spec.components` as written (relative to spec.path), and the `components` key. */
  componentEntries?: string[];
  componentsLocation?: Location;
  /** `kustomize.toolkit.fluxcd.io/substitute: disabled` (label or annotation): a parent's postBuild leaves it as written. */
  substituteDisabled?: boolean;
  /** Kustomization: `spec.patches` is set (kustomize-controller applies them; this tool does not). */
  fluxPatches?: boolean;
  /**
   * Kustomization: its `spec.patches`, each patch text with its target selector, where they are written plainly:
   * kustomize-controller adds them to the build of spec.path, and so does this tool, with the real kustomize.
   */
  patches?: { patch: string; target?: Record<string, string> }[];
  /** Kustomization: where `spec.patches` is written. */
  patchesLocation?: Location;
  /**
   * Kustomization: `spec.postBuild.substitute`, the literal values it substitutes in what it applies. ResourceSet: the
   * values its applier's postBuild substituted in its text, which so reach what it generates.
   */
  substitute?: Record<string, string>;
  /** Kustomization: `spec.postBuild.substituteFrom` is set (values known only in the cluster). */
  substituteFrom?: boolean;
  /** Kustomization: the items of `spec.postBuild.substituteFrom`, as written (kind and name; empty where not plain text). */
  substituteFromRefs?: readonly { kind: string; name: string }[];
  /**
   * Kustomization: the GitRepository (this repository's own) whose `spec.ignore`, or the repository's
   * `.sourceignore`, leaves spec.path's directory out
   * of its artifact: the directory is here, but kustomize-controller does not find it (`appliesDir` is then unset).
   */
  pathLeftOutBy?: string;
  /** Kustomization: the `.sourceignore` file (from the root) whose pattern leaves it out, where one does rather than the spec.ignore. */
  pathLeftOutIn?: string;
  /**
   * Kustomization: the `spec.sparseCheckout` of that GitRepository, where it is what leaves spec.path out (no
   * directory it checks out holds the path's files), rather than a pattern.
   */
  pathLeftOutBySparseCheckout?: readonly string[];
  /**
   * Kustomization: its GitRepository is another repository (written here with an address that is not this
   * repository's own): what it applies is that repository's, not read (`appliesDir` is then unset).
   */
  foreignSource?: boolean;
  /**
   * Kustomization: with `foreignSource`, known for another repository only because no address here says which is this
   * one and no Kustomization of its GitRepository finds its spec.path here (flux-scan's sourcesRead): said so.
   */
  foreignByPath?: true;
  /**
   * Kustomization: with `foreignSource`, its GitRepository is this repository's address at another ref (a branch, a
   * tag): its paths are this repository's, at that ref, which this checkout may or may not match.
   */
  otherRefSource?: boolean;
  /**
   * Kustomization of an ExternalArtifact that an ArtifactGenerator written here makes of a directory of this
   * repository (load/artifact-generator.ts): that directory, relative (`''` the root). Its spec.path is read below it.
   */
  artifactOf?: string;
  /**
   * Kustomization of an ExternalArtifact that an ArtifactGenerator written here makes, not laid out as here (so not
   * read: no appliesDir): the directories here its copies may take (each ends with a copy's source directory), the
   * only ones whose objects it may apply from this repository. Undefined where its copies are not all directories.
   */
  artifactDirs?: readonly string[];
  /** Kustomization: `spec.path` as written, and where. */
  path?: string;
  pathLocation?: Location;
  targetNamespace?: string;
  /**
   * Kustomization: `spec.namePrefix` and `spec.nameSuffix`, which kustomize-controller writes over the prefix and
   * suffix of spec.path's kustomization: every object it applies is renamed, what names it (dependsOn) is not.
   */
  namePrefix?: string;
  nameSuffix?: string;
  /** Kustomization: `spec.ignoreMissingComponents`: a spec.components entry that is not there is left out of the build. */
  ignoreMissingComponents?: boolean;
  /** `spec.interval` as written: a Kustomization's timeout defaults to it. */
  interval?: string;
  /**
   * HelmRelease: `spec.install.timeout` as written, where set: what a first install waits at most (helm-controller's
   * install action takes it over spec.timeout), so the cold-start estimate reads it.
   */
  installTimeout?: string;
  /** HelmRelease: `spec.install.disableWait` (Ready once installed, without waiting for its resources). */
  disableWait?: boolean;
  /** Kustomization: `spec.sourceRef.kind`. */
  sourceKind?: string;
  /** Kustomization: `spec.sourceRef.name`. */
  sourceName?: string;
  /** Kustomization: `spec.sourceRef.namespace`, where written (else the source is looked up in the Kustomization's own). */
  sourceNamespace?: string;
  /** `metadata.annotations["bootstrap-deps.io/ignore"]`: findings about this object it suppresses, with reasons. */
  ignoreAnnotation?: { value: string; location: Location };
  /** Set on an object a ResourceSet generates from its templates and inputs: that ResourceSet's id. */
  generatedBy?: string;
  /**
   * Set on the Kustomization flux-operator makes of a FluxInstance's `spec.sync` (or of the flux-instance chart's
   * `instance.sync`), which no file writes: the id of what writes the sync (`FluxInstance/flux-system/flux`). It is
   * located at `sync.path`, and applies that directory as flux bootstrap's flux-system does.
   */
  madeBy?: string;
  /**
   * Set on an object a ResourceSet generates from one of its `spec.steps` (flux-operator 0.53): flux-operator
   * applies a step only once every resource of the steps before it is Ready.
   */
  step?: ResourceSetStep;
}

/** One of a ResourceSet's `spec.steps`: its place in the list (from 0) and its name. */
export interface ResourceSetStep {
  index: number;
  name: string;
}

/** `Kind/namespace/name` (namespace empty when unknown): the graph's node for an object. */
/** The directories a Kustomization's build takes in: its spec.path's and its spec.components (none for other kinds). */
export function appliedDirsOf(object: FluxObject): string[] {
  return [...(object.appliesDir ? [object.appliesDir] : []), ...(object.components ?? [])];
}

/**
 * A Kustomization whose spec.path holds its own file: flux bootstrap's flux-system, a self-applying
 * flux/config. Such a root is how a cluster is bootstrapped, and marks that cluster.
 */
export function appliesOwnDirectory(object: FluxObject): boolean {
  return object.appliesDir !== undefined && isInside(object.appliesDir, object.file);
}

export function fluxObjectId(object: { kind: string; namespace?: string | undefined; name: string }): string {
  // The graph asks for an object's id many times; objects do not change once the loader made them.
  let id = objectIds.get(object);
  if (id === undefined) objectIds.set(object, id = `${object.kind}/${object.namespace ?? ''}/${object.name}`);
  return id;
}

const objectIds = new WeakMap<object, string>();

/** `HelmRelease/flux-system/bp-flux` → `HelmRelease flux-system/bp-flux`, as messages print an id. */
export function shortId(id: string): string {
  const [kind, namespace, ...name] = id.split('/');
  return `${kind} ${namespace ? `${namespace}/` : ''}${name.join('/')}`;
}

/** What the scan passed over, counted by reason, so nothing is skipped silently. */
export interface ScanSkip {
  reason: string;
  count: number;
  /** One path of that kind, relative to the working directory, as an example. */
  example: string;
  /** Every file passed over for that reason (relative to the working directory, sorted, each once). */
  paths: string[];
  /**
   * What Flux applies is not read in full for that reason (another source's content, a file that cannot be read, a
   * ResourceSet not expanded, patches not applied): findings there may be missing. Absent for what Flux never
   * applies (CI workflows, hidden directories, files no kustomization lists).
   */
  incomplete?: true;
}

/**
 * Where a repository sets the controllers' `--requeue-dependency` (how long
 * kustomize-controller and helm-controller wait before looking again at an
 * object whose dependencies are not Ready). It is a controller argument, so it
 * lives in text, not in a field: a kustomize patch (`value:
 * --requeue-dependency=5s`, as Flux's docs and the flux-operator chart show
 * it), a FluxInstance or a Deployment's args.
 */
export interface RequeueSetting {
  seconds: number;
  /** As written, such as `5s`. */
  written: string;
  location: Location;
  /** Set by a FluxInstance's size profile, not written as a flag: `cluster.size: small` (located at the size). */
  profile?: string;
}

/** The key of FluxRepository.createdObjects: API group (no version: every version is the one object), kind, namespace (none: cluster-scoped), name. */
export function createdObjectKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

export interface FluxRepository {
  root: string;
  objects: FluxObject[];
  /**
   * Builds kustomize-controller cannot complete on the repository's own content (kustomization/build-failed), and
   * ResourceSets flux-operator cannot build (`rule`: resourceset/build-failed): each where the fault is written. What
   * such a build would apply is read as written.
   */
  buildFailures?: {
    location: Location; message: string; fix: string; objects?: string[]; named?: boolean; rule?: 'resourceset/build-failed';
    /**
     * The copies of those Kustomizations whose build reads the failing kustomization (an overlay's `../base` too), where
     * the scan saw them: a cluster whose copy does not read it builds (see readsFailure).
     */
    readBy?: readonly FluxObject[];
  }[];
  /**
   * Kustomizations (copies, not suspended) whose build takes in a file with an object the API server refuses (an
   * api/* error: a version or kind not served): their apply fails whole (kustomize-controller dry-runs every object
   * first), so they apply nothing and are never Ready.
   */
  applyRejected?: ReadonlySet<FluxObject>;
  /**
   * Kinds of which ResourceSets generate objects whose names cannot be known
   * offline (input providers, template logic), each with the ResourceSet and
   * the namespace the objects land in when known: a dependsOn target of such a
   * kind there that is not found may still exist in the cluster.
   */
  openKinds: Map<string, { owner: string; namespace?: string; names?: readonly string[] }[]>;
  /**
   * Objects of kinds this tool does not read (a Job, a ConfigMap) that ResourceSets' spec.resources create under names
   * known offline, by createdObjectKey: the ResourceSets (copies applied) that create each. A ResourceSet's dependsOn
   * on one waits at least until one of them has applied it. Absent when none.
   */
  createdObjects?: ReadonlyMap<string, readonly FluxObject[]>;
  /**
   * Flux objects a ResourceSet's template would generate but annotates `fluxcd.controlplane.io/reconcile: disabled`
   * (flux-operator leaves them out of its build), by the names they would have, with the ResourceSet (its id) and
   * the template's place: what a dependsOn on one is told. Absent when none.
   */
  disabledGenerated?: readonly { kind: FluxKind; name: string; namespace?: string; location: Location; resourceSet: string }[];
  skipped: ScanSkip[];
  /** YAML files read (parsed) and files looked at. */
  filesParsed: number;
  filesSeen: number;
  /** Every directory the walk listed (absolute): what the rules may name without reading the disk again. */
  directories: ReadonlySet<string>;
  /** The directories below the root that hold a kustomization file (absolute paths), as the scan found them. */
  kustomizationDirs?: ReadonlySet<string>;
  /** The entries kustomizations name in commented-out list items (`# - ./parked`), with where each comment is written. */
  commentedOutEntries?: readonly { path: string; entry: string; location: Location }[];
  /** Where the repository sets the controllers' --requeue-dependency, by file and line. */
  requeueSettings: RequeueSetting[];
  /**
   * Every object kept is reached from an entry point (a root Kustomization, a FluxInstance's sync):
   * what no entry point reaches was left out as never deployed. Then an object's clusters are known.
   */
  fromEntryPoints?: boolean;
  /**
   * What marks a cluster: a FluxInstance's sync paths (`syncDirs`), and the directories of root Kustomizations
   * that apply their own directory, as flux bootstrap's flux-system does (`entryDirs`). An object nothing
   * applies belongs to the cluster of the deepest sync path that holds it (a FluxInstance syncing apps/ with
   * no kustomization there makes every apps/x/ks.yaml a root: one cluster, not one each), else of the
   * outermost such root directory; else its cluster is not known.
   */
  syncDirs?: readonly string[];
  entryDirs?: readonly string[];
  /**
   * The Kustomizations a FluxInstance's `spec.sync` makes (flux-operator names it and its source after the
   * instance's namespace, as flux bootstrap does): not written here, yet a dependsOn may name one.
   */
  instanceKustomizations?: readonly { name: string; namespace: string; syncDir?: string }[];
  /**
   * Flux objects in files that no Flux Kustomization of the repository applies (never deployed from here): what a
   * dependsOn on one is told. `removedBy`: the file is applied, by this Kustomization (id), whose build leaves the
   * object out (a patch's `$patch: delete`).
   */
  leftOut?: readonly { kind: FluxKind; namespace?: string; name: string; file: string; removedBy?: string }[];
  /**
   * Entries (`resources:`, `components:`, patch files, spec.components) of the kustomizations a Flux Kustomization
   * here builds, whose file the artifact of its GitRepository leaves out (a `.sourceignore`, the spec.ignore): its
   * build fails. In file order; absent when none.
   */
  resourcesLeftOut?: readonly ResourceLeftOut[];
  /**
   * The sync paths of FluxInstances written here that the artifact of their GitRepository leaves out whole (the
   * `.sourceignore` files): flux-operator's Kustomization fails with "kustomization path not found". Absent when none.
   */
  syncPathsLeftOut?: readonly { path: string; location: Location; source: string; ignoreFile?: string }[];
  /**
   * The spec.sparseCheckout entries of the GitRepositories this repository is synced through that are not in it
   * (`dir` as written, located at the entry): source-controller fails such a GitRepository ("sparse checkout dir
   * ... does not exist in repository"), so nothing of it is applied. Absent when none.
   */
  sparseCheckoutMissing?: readonly {
    source: string; dir: string; location: Location;
    /** The path of the repository the entry names, cleaned and its links followed, where one is there: what to write. */
    resolvesTo?: string;
  }[];
  /**
   * The GitRepositories besides flux-system known to be this repository, by name: a FluxInstance's sync, one that a
   * Kustomization applying its own directory syncs from (at this repository's address, where one is known), one at
   * that address. Absent when none.
   */
  ownSources?: readonly string[];
  /** The root is a repository's top (a `.git` there): spec.path of this repository's source is relative to it. */
  rootIsRepositoryTop?: true;
  /**
   * The GitRepositories with a spec.include, by name: the directories of their artifact that another repository's
   * files are copied to (`''`: one not known). A spec.path there is the included repository's, not read here.
   */
  includedPaths?: Readonly<Record<string, readonly string[]>>;
}

/** An entry of a kustomization whose file the artifact leaves out (see FluxRepository.resourcesLeftOut). */
export interface ResourceLeftOut {
  /** The field it is an entry of: `resources`, `components`, `patches` (or another patch field), or a Flux Kustomization's `spec.components`. */
  field: string;
  /** The entry as written (a component's or patch file's path from its kustomization), and where: the item, or the field's key. */
  entry: string;
  location: Location;
  /** The file left out: the one listed, or a listed directory's kustomization file. */
  path: string;
  /** The entry is a directory (`path` is its kustomization file, or the directory itself when it is a link). */
  directory?: true;
  /** Left out because it is a symbolic link (source-controller archives regular files and directories only), not by a pattern. */
  link?: true;
  /** The linked directory (absolute) the file lies below, where the file itself is no link. */
  linkedDirectory?: string;
  /** Left out by source-controller's default exclusions (`pattern` names which), where no .sourceignore or spec.ignore is written. */
  byDefault?: true;
  /** The GitRepository whose artifact leaves it out. */
  source: string;
  /** The `.sourceignore` file (relative to the root) whose pattern leaves it out, and the pattern's line; absent: the GitRepository's spec.ignore. */
  ignoreFile?: string;
  ignoreLine?: number;
  /** That pattern as written. */
  pattern?: string;
  /** Left out by the GitRepository's `spec.sparseCheckout` (these directories, as written less a leading `./`), not by a pattern. */
  sparseCheckout?: readonly string[];
  /** The Flux Kustomizations whose build fails for it, in the audit's order. */
  appliedBy: FluxObject[];
}

/**
 * Whether a dependsOn item waits only for its target to exist, not for its Ready:
 * - a ResourceSet's item without `ready: true` (flux-operator's checkDependencies gets the object and reads its
 *   status only where the item says ready);
 * - an item whose readyExpr the controller evaluates (a HelmRelease's or a Kustomization's; a ResourceSet's with
 *   `ready: true`) and that reads no `status`: kustomize-controller and helm-controller then skip their own Ready
 *   check (the AdditiveCELDependencyCheck gate is off by default), and flux-operator evaluates the expression in
 *   its place, so what decides is the expression, and what it reads of metadata and spec is there from the moment
 *   the object exists (a trial's probe: `readyExpr: "true"` was ordered as a wait for Ready). Any mention of
 *   `status`, even in a string, keeps the Ready wait: the expression may then wait for what the controller reports;
 *   so does one of `spec`, which may hold for ever what exists (`!dep.spec.suspend` on a suspended object: a
 *   review's probe). What such an expression gives is not worked out here.
 */
export function waitsForExistenceOnly(from: FluxObject, dependency: FluxDependency): boolean {
  if (from.kind === 'ResourceSet' && !dependency.ready) return true;
  const expression = dependency.readyExpr?.value;
  return expression !== undefined && expression !== '' && !/status|spec/.test(expression);
}

/**
 * Whether a ResourceSet's item with `ready: true` and no readyExpr is judged by kstatus (flux-operator's
 * checkDependencies: status.Compute for any kind but a ResourceSet or provider, whose HealthCheckExpr a disabled
 * one passes with Ready=True): an object without conditions, a suspended one on a fresh cluster, is Current, so only
 * what reports not Ready, or is never created, holds it (a review's probe).
 */
export function judgedByKstatus(from: FluxObject, dependency: FluxDependency): boolean {
  return from.kind === 'ResourceSet' && dependency.ready === true && !dependency.readyExpr?.value;
}

/** Whether the controller evaluates the item's readyExpr (a ResourceSet's only with `ready: true`). */
export function readyExprEvaluated(from: FluxObject, dependency: FluxDependency): boolean {
  return Boolean(dependency.readyExpr?.value) && (from.kind !== 'ResourceSet' || dependency.ready === true);
}

/** The cluster a Kustomization's spec.kubeConfig reaches, by its Secret or ConfigMap in the Kustomization's namespace. */
export function remoteKey(object: FluxObject): string | undefined {
  if (object.remote === undefined) return undefined;
  return object.remote === '?' ? `?${fluxObjectId(object)}` : `${object.namespace ?? ''}/${object.remote}`;
}

/** Whether healthChecks with these self entries check anything in `namespace` (see FluxObject.selfHealthChecks). */
export function selfChecksAnything(selfHealthChecks: readonly string[], namespace: string | undefined): boolean {
  return namespace === undefined || selfHealthChecks.some((written) => written !== namespace);
}

/**
 * Whether a Kustomization's spec.path may lead into what its GitRepository's spec.include copies in from another
 * repository (not in this checkout): below an include's directory, or anywhere where an include's is not known (a
 * review's probe: platform-lib copied to vendor/platform, and the path there was reported missing).
 */
export function pathInIncluded(repository: Pick<FluxRepository, 'includedPaths'>, object: FluxObject): boolean {
  const included = object.sourceName === undefined ? undefined : repository.includedPaths?.[object.sourceName];
  if (!included || object.path === undefined) return false;
  const cleaned = cleanedSourcePath(object.path);
  return included.some((dir) => dir === '' || cleaned === dir || cleaned.startsWith(`${dir}/`));
}

/**
 * Whether a Kustomization's spec.path is relative to this repository: its own
 * source is a GitRepository (but one written here at another repository's
 * address: `foreignSource`), or the one flux bootstrap (or flux-operator's OCI
 * sync) names flux-system, or an ExternalArtifact made of a directory of it (`artifactOf`).
 */
export function isOwnSource(object: { sourceKind?: string; sourceName?: string; foreignSource?: boolean; artifactOf?: string }): boolean {
  if (object.foreignSource) return false;
  if (object.artifactOf !== undefined) return true;
  return object.sourceKind === undefined || object.sourceKind === 'GitRepository' || object.sourceName === 'flux-system';
}

/**
 * A Kustomization whose spec.path is read from a source this tool does not read (another repository, an OCI artifact,
 * an ExternalArtifact not read as this repository's directories): what it applies is not known here.
 */
export function appliesFromUnreadSource(object: FluxObject): boolean {
  return object.kind === 'Kustomization' && !object.appliesDir && !isOwnSource(object);
}

/** A Kustomization's source as messages name it: `KIND NAMESPACE/NAME` (its own namespace where the sourceRef has none). */
export function sourceLabel(object: FluxObject): string {
  return `${object.sourceKind ?? 'GitRepository'} ${object.sourceNamespace ?? object.namespace ?? 'default'}/${object.sourceName ?? '?'}`;
}
