import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { classifyHelmReleaseApi, fluxApiStatus } from '../model/flux-api.js';
import type { FluxDependency, FluxKind, FluxObject } from '../model/flux-objects.js';
import { FLUX_API_GROUPS, isOwnSource, selfChecksAnything } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { closestName } from '../model/names.js';
import type { Finding } from '../model/types.js';
import { specPathTarget } from '../model/paths.js';
import { isFluxInstanceChart } from './flux-version.js';
import { inputFinding } from './input-findings.js';
import { DEPENDS_ON_ITEM_KEYS, readDependsOnItem } from './kit-file.js';
import { readPatchItem } from './patch-fields.js';
import type { YamlFile } from './yaml-file.js';
import type { Position, YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, keptScalar, mapEntry, mapValue, scalarString } from './yaml-tree.js';

// One Flux object (HelmRelease, Kustomization, ResourceSet) as a file writes
// it: the fields the repository rules read, each located, and what about it
// the API server would reject.

/** The kind each Flux API group this tool reads serves. */
export const KIND_BY_GROUP = new Map(Object.entries(FLUX_API_GROUPS).map(([kind, group]) => [group, kind as FluxKind]));

export function listItems(root: YamlNode | null): (YamlNode | null)[] {
  if (root?.kind !== 'map') return [root];
  const kind = scalarString(mapValue(root, ['kind']));
  const items = mapValue(root, ['items']);
  return kind?.endsWith('List') && items?.kind === 'seq' ? items.items : [root];
}

/**
 * One Flux object as written. `problems` (when given) gets what the API server
 * would reject: no metadata.name, a dependsOn item that is not a mapping with
 * a string name; and dependsOn keys the kind does not have (dependsOn/unknown-key).
 */
export function readFluxObject(
  file: YamlFile, root: YamlNode | null, namespaceOverride: string | undefined, repositoryRoot: string, problems: Finding[] = [], walked?: ReadonlySet<string>,
): FluxObject | undefined {
  if (root?.kind !== 'map') return undefined;
  const apiVersion = keptScalar(mapValue(root, ['apiVersion']));
  const kind = keptScalar(mapValue(root, ['kind']));
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.slice(0, Math.max(0, apiVersion.lastIndexOf('/')));
  if (KIND_BY_GROUP.get(group) !== kind) return undefined;
  const nameNode = mapValue(root, ['metadata', 'name']);
  const name = keptScalar(nameNode);
  if (!name) {
    problems.push(inputFinding('input/invalid-resource', file.locate(nameNode ?? mapValue(root, ['kind'])),
      `${kind} has no metadata.name${nameNode ? ' that is a string' : ''}: the API server rejects it`, 'give it a metadata.name'));
    return undefined;
  }
  const spec = mapValue(root, ['spec']);
  const kubeConfig = mapValue(spec, ['kubeConfig']);
  const dependsOnEntry = mapEntry(spec, 'dependsOn');
  const location = file.locate(nameNode);
  const namespace = namespaceOverride ?? keptScalar(mapValue(root, ['metadata', 'namespace']));
  const pathNode = mapValue(spec, ['path']);
  const path = keptScalar(pathNode);
  const targetNamespace = keptScalar(mapValue(spec, ['targetNamespace']));
  const namePrefix = kind === 'Kustomization' ? keptScalar(mapValue(spec, ['namePrefix'])) : undefined;
  const nameSuffix = kind === 'Kustomization' ? keptScalar(mapValue(spec, ['nameSuffix'])) : undefined;
  // A ResourceSet has no spec.timeout: flux-operator reads the fluxcd.controlplane.io/reconcileTimeout annotation (GetTimeout).
  const timeoutNode = kind === 'ResourceSet' ? mapValue(root, ['metadata', 'annotations', 'fluxcd.controlplane.io/reconcileTimeout']) : mapValue(spec, ['timeout']);
  const timeout = keptScalar(timeoutNode);
  const installTimeout = kind === 'HelmRelease' ? keptScalar(mapValue(spec, ['install', 'timeout'])) : undefined;
  const interval = keptScalar(mapValue(spec, ['interval']));
  const sourceKind = keptScalar(mapValue(spec, ['sourceRef', 'kind']));
  const sourceName = keptScalar(mapValue(spec, ['sourceRef', 'name']));
  const sourceNamespace = keptScalar(mapValue(spec, ['sourceRef', 'namespace']));
  const wait = mapValue(spec, ['wait']);
  const ignoreNode = mapValue(root, ['metadata', 'annotations', 'bootstrap-deps.io/ignore']);
  const excluded = applyExclusionOf(root);
  // spec.path is relative to the source's root: this repository's only for its own source, the
  // GitRepository bootstrap names flux-system (or any GitRepository, which is most often this one).
  const ownSource = isOwnSource({ ...(sourceKind ? { sourceKind } : {}), ...(sourceName ? { sourceName } : {}) });
  const appliesDir = kind === 'Kustomization' && path !== undefined && ownSource && !path.includes('${')
    ? resolveSourcePath(repositoryRoot, file.path, path, sourceKind, walked) : undefined;
  return {
    kind: kind as FluxKind,
    apiVersion,
    name,
    file: file.path,
    location,
    dependsOn: readDependencies(file, dependsOnEntry?.value ?? null, kind as FluxKind, problems),
    dependsOnLocation: dependsOnEntry ? file.locate(dependsOnEntry.keyPosition) : location,
    // A ResourceSet has no spec.suspend: flux-operator skips one annotated fluxcd.controlplane.io/reconcile: disabled
    // (IsDisabled, which lower-cases the value: "Disabled" too, a trial's probe), and generates nothing of it.
    suspend: isTrue(mapValue(spec, ['suspend'])) || (kind === 'ResourceSet' && scalarString(mapValue(root, ['metadata', 'annotations', 'fluxcd.controlplane.io/reconcile']))?.toLowerCase() === 'disabled'),
    ...(namespace ? { namespace } : {}),
    ...(kind === 'Kustomization' ? {
      wait: isTrue(wait),
      // healthCheckExprs only tell how to judge what wait or healthChecks select (kustomize-controller's checkHealth).
      // An empty list checks nothing, and kustomize-controller drops an entry naming the Kustomization itself (checkHealth's
      // guard against waiting on itself): such a list waits for nothing (a trial's probe: it hid dependsOn/unwaited-kustomization).
      ...healthChecksOf(mapValue(spec, ['healthChecks']), name, namespace),
      ...healthCheckTargetsOf(mapValue(spec, ['healthChecks'])),
      ...(isEmptyNode(mapValue(spec, ['healthCheckExprs'])) ? {} : { healthCheckExprs: true }),
      ...(isTrue(wait) ? { waitLocation: file.locate(wait) } : {}),
      ...(isEmptyNode(kubeConfig) ? {} : { remote: kubeConfigOf(kubeConfig) }),
    } : {}),
    ...(kind === 'HelmRelease' && !isEmptyNode(kubeConfig) ? { installsElsewhere: true as const } : {}),
    ...invalidDurationsOf(file, spec, kind),
    // A ResourceSet with spec.wait is Ready only once what its last step applied is (flux-operator's waitForStep).
    ...(kind === 'ResourceSet' && isTrue(wait) ? { wait: true, waitLocation: file.locate(wait) } : {}),
    ...(timeout ? { timeout, ...(kind === 'Kustomization' ? { timeoutLocation: file.locate(timeoutNode) } : {}) } : {}),
    ...(path !== undefined ? { path, pathLocation: file.locate(pathNode) } : {}),
    ...(appliesDir ? { appliesDir } : {}),
    ...componentsOf(appliesDir, mapEntry(spec, 'components'), file),
    ...(targetNamespace ? { targetNamespace } : {}),
    ...(namePrefix ? { namePrefix } : {}),
    ...(kind === 'Kustomization' && isTrue(mapValue(spec, ['ignoreMissingComponents'])) ? { ignoreMissingComponents: true } : {}),
    ...(nameSuffix ? { nameSuffix } : {}),
    ...(interval ? { interval } : {}),
    ...(sourceKind ? { sourceKind } : {}),
    ...(sourceName ? { sourceName } : {}),
    ...(sourceNamespace ? { sourceNamespace } : {}),
    ...(kind === 'HelmRelease' && isTrue(mapValue(spec, ['install', 'disableWait'])) ? { disableWait: true } : {}),
    ...(kind === 'HelmRelease' && installTimeout ? { installTimeout } : {}),
    ...(ignoreNode ? { ignoreAnnotation: { value: keptScalar(ignoreNode) ?? '', location: file.locate(ignoreNode) } } : {}),
    ...(excluded ? { applyExcluded: { written: excluded.written, location: file.locate(excluded.node) } } : {}),
    // kustomize-controller creates such an object when it is absent and never writes it again (ssa's IfNotPresentSelector).
    ...(['annotations', 'labels'].some((field) => scalarString(mapValue(root, ['metadata', field, 'kustomize.toolkit.fluxcd.io/ssa']))?.toLowerCase() === 'ifnotpresent')
      ? { createdOnlyIfAbsent: true } : {}),
    ...(kind === 'Kustomization' ? postBuildOf(mapValue(spec, ['postBuild'])) : {}),
    ...(kind === 'Kustomization' && !isEmptyNode(mapValue(spec, ['patches'])) ? { fluxPatches: true, ...patchesOf(mapEntry(spec, 'patches'), file) } : {}),
    // kustomize-controller leaves an object alone whose label or annotation turns substitution off.
    ...(['labels', 'annotations'].some((field) => scalarString(mapValue(root, ['metadata', field, 'kustomize.toolkit.fluxcd.io/substitute'])) === 'disabled')
      ? { substituteDisabled: true } : {}),
  };
}

/**
 * A Flux Kustomization's spec.components as written, and resolved against its
 * spec.path when that is known (kustomize-controller adds them to that build).
 */
function componentsOf(appliesDir: string | undefined, entry: { value: YamlNode | null; keyPosition: Position } | undefined, file: YamlFile): Pick<FluxObject, 'components' | 'componentEntries' | 'componentsLocation'> {
  const node = entry?.value ?? null;
  if (node?.kind !== 'seq') return {};
  const entries = node.items.flatMap((item) => {
    const written = scalarString(item);
    return written ? [written] : [];
  });
  if (entries.length === 0) return {};
  return {
    componentEntries: entries,
    componentsLocation: file.locate(entry!.keyPosition),
    ...(appliesDir ? { components: entries.map((written) => resolve(appliesDir, written)) } : {}),
  };
}

/**
 * A Kustomization's postBuild: its literal `substitute` map, and whether `substituteFrom` adds values known
 * only in the cluster. A postBuild at all turns substitution on (kustomize-controller substitutes then, even
 * with no values: `${VAR:=default}` takes its default), so it gives a map, empty if need be.
 */
export function postBuildOf(node: YamlNode | null): Pick<FluxObject, 'substitute' | 'substituteFrom' | 'substituteFromRefs'> {
  if (node?.kind !== 'map') return {};
  const map = mapValue(node, ['substitute']);
  const substitute = map?.kind === 'map'
    ? Object.fromEntries(map.entries.flatMap((entry) => { const value = scalarString(entry.value); return value === undefined ? [] : [[entry.key, value]]; }))
    : {};
  const from = mapValue(node, ['substituteFrom']);
  // Each item as written, in order (a later one's values win, as kustomize-controller merges them); an item with
  // no plain kind and name names nothing known here (substitute-from.ts).
  const refs = from?.kind === 'seq' ? from.items.map((item) => ({
    kind: scalarString(mapValue(item, ['kind'])) ?? '', name: scalarString(mapValue(item, ['name'])) ?? '',
  })) : [];
  // fluxcd/pkg substitutes only where some variable is defined, unless substituteStrategy is Always
  // (kustomize_varsub.go: len(vars) > 0 || Always): a postBuild with no values substitutes nothing, `${DB:=db}` stays
  // as written (a review's probe; it was read as db).
  if (Object.keys(substitute).length === 0 && isEmptyNode(from) && scalarString(mapValue(node, ['substituteStrategy'])) !== 'Always') return {};
  return {
    substitute,
    ...(!isEmptyNode(from) ? { substituteFrom: true } : {}),
    ...(refs.length > 0 ? { substituteFromRefs: refs } : {}),
  };
}

/**
 * What a FluxInstance syncs the cluster from (flux-operator syncs it as flux bootstrap's flux-system does),
 * written as a FluxInstance or, as most home-lab repositories do, as the values of a HelmRelease of
 * flux-operator's flux-instance chart (`spec.values.instance.sync`): the directory of this repository its
 * `sync.path` names (where it is here), and the `sync.url` of a GitRepository sync (the repository's own
 * address: another GitRepository at another address is another repository). The chart's sync of another kind
 * (an OCI artifact) is relative to that artifact: neither. And for a GitRepository sync, the name of the
 * GitRepository flux-operator makes of it: its sync.name, else the namespace of the FluxInstance (flux-system, as
 * flux bootstrap names it).
 */
export function fluxInstanceSync(node: YamlNode | null, root: string, file: string): InstanceSync | undefined {
  const instance = fluxInstanceSpec(node);
  const sync = mapValue(instance?.spec, ['sync']);
  if (!instance || sync === null) return undefined;
  const kind = instance.chart ? 'HelmRelease' : 'FluxInstance';
  // flux-operator names the GitRepository sync.name, else after the FluxInstance's namespace (the chart's lands in
  // the release's namespace).
  const namespace = instance.chart ? fluxInstanceChartNamespace(node) : scalarString(mapValue(node, ['metadata', 'namespace']));
  const patches = mapValue(instance.spec, ['kustomize', 'patches']);
  const writtenNamespace = scalarString(mapValue(node, ['metadata', 'namespace']));
  const fixedNamespace = kind === 'HelmRelease' ? scalarString(mapValue(node, ['spec', 'targetNamespace'])) : undefined;
  const owner = `${kind}/${writtenNamespace ?? ''}/${scalarString(mapValue(node, ['metadata', 'name'])) ?? ''}`;
  const read = syncOf(sync, namespace, root, file, owner, patches);
  return read && { ...read, ...(writtenNamespace ? { writtenNamespace } : {}), ...(fixedNamespace ? { fixedNamespace } : {}) };
}

/**
 * What makes a FluxInstance in `node`: a FluxInstance's spec, or the `instance` values of a HelmRelease of the
 * flux-instance chart (`chart`); undefined for anything else.
 */
export function fluxInstanceSpec(node: YamlNode | null): { spec: YamlNode | null; chart: boolean } | undefined {
  if (node?.kind !== 'map') return undefined;
  const kind = scalarString(mapValue(node, ['kind']));
  const apiVersion = scalarString(mapValue(node, ['apiVersion']));
  if (kind === 'FluxInstance' && apiVersion?.startsWith('fluxcd.controlplane.io/')) return { spec: mapValue(node, ['spec']), chart: false };
  if (kind === 'HelmRelease' && apiVersion?.startsWith('helm.toolkit.fluxcd.io/') && isFluxInstanceChart(node)) return { spec: mapValue(node, ['spec', 'values', 'instance']), chart: true };
  return undefined;
}

/**
 * Whether a FluxInstance's `kustomize.patches` may give the Kustomization it makes a postBuild: a patch of
 * Kustomizations (or of every kind) whose text names postBuild. flux-operator applies those patches to what it
 * generates, its sync Kustomization included; what the patch sets is not read, only that substitution may happen.
 */
export function patchesGivePostBuild(patches: YamlNode | null | undefined): boolean {
  return kustomizationPatches(patches).some((text) => text.includes('postBuild'));
}

/** The fields of a Kustomization's spec the audit reads, other than postBuild and interval (see patchesChangeSync). */
const READ_SYNC_FIELDS = 'wait|healthChecks|healthCheckExprs|timeout|path|targetNamespace|dependsOn|suspend|namePrefix|nameSuffix|components|sourceRef|patches';

/**
 * Whether a FluxInstance's `kustomize.patches` set something the audit reads of the Kustomization it makes, other
 * than a postBuild (wait, a timeout, the path...): a JSON 6902 operation on `/spec/<field>`, or a merge patch that
 * writes the field. Such a Kustomization is built with its patches by the real kustomize (flux-scan.ts, patchedSync), not
 * read from the template alone (a review's probes: a patched `wait: true` read as absent hid a deadlock; a patched path
 * applied the old one).
 */
export function patchesChangeSync(patches: YamlNode | null | undefined): boolean {
  return kustomizationPatches(patches).some((text) => (/^\s*[-[]/.test(text)
    ? new RegExp(`/spec/(?:${READ_SYNC_FIELDS})\\b`).test(text)
    : new RegExp(`^\\s+(?:${READ_SYNC_FIELDS}):`, 'm').test(text)));
}

/** Every item of a kustomize.patches list, as readPatchItem reads it; undefined where one is not written plainly. */
function readablePatches(patches: YamlNode | null | undefined): { patch: string; target?: Record<string, string> }[] | undefined {
  if (patches?.kind !== 'seq') return undefined;
  const items = patches.items.map(readPatchItem);
  return items.every((item) => item !== undefined) ? items as { patch: string; target?: Record<string, string> }[] : undefined;
}

/** The texts of the patches that target Kustomizations (or every kind). */
function kustomizationPatches(patches: YamlNode | null | undefined): string[] {
  if (patches?.kind !== 'seq') return [];
  return patches.items.flatMap((item) => {
    const kind = scalarString(mapValue(item, ['target', 'kind']));
    return kind === undefined || kind === 'Kustomization' ? [scalarString(mapValue(item, ['patch'])) ?? ''] : [];
  });
}

/** The namespace a HelmRelease of flux-operator's flux-instance chart installs its FluxInstance in; undefined for any other object. */
/**
 * The label or annotation kustomize-controller skips an object for (its apply's ExclusionSelector:
 * `kustomize.toolkit.fluxcd.io/reconcile: disabled`, `kustomize.toolkit.fluxcd.io/ssa: ignore`, values in any case).
 */
/** Whether kustomize-controller's apply leaves the object out (see applyExclusionOf): skipped before its dry-run. */
export function excludedFromApply(root: YamlNode | null): boolean {
  return applyExclusionOf(root) !== undefined;
}

function applyExclusionOf(root: YamlNode | null): { written: string; node: YamlNode } | undefined {
  for (const field of ['annotations', 'labels']) {
    for (const [key, value] of [['kustomize.toolkit.fluxcd.io/reconcile', 'disabled'], ['kustomize.toolkit.fluxcd.io/ssa', 'ignore']] as const) {
      const node = mapValue(root, ['metadata', field, key]);
      const written = scalarString(node);
      if (node && written !== undefined && written.toLowerCase() === value) return { written: `${key}: ${written}`, node };
    }
  }
  return undefined;
}

export function fluxInstanceChartNamespace(node: YamlNode | null): string | undefined {
  if (node?.kind !== 'map' || scalarString(mapValue(node, ['kind'])) !== 'HelmRelease' || !scalarString(mapValue(node, ['apiVersion']))?.startsWith('helm.toolkit.fluxcd.io/')) return undefined;
  if (!isFluxInstanceChart(node)) return undefined;
  return scalarString(mapValue(node, ['spec', 'targetNamespace'])) ?? scalarString(mapValue(node, ['metadata', 'namespace'])) ?? 'flux-system';
}

/**
 * A FluxInstance's `spec.sync` (`fluxInstance`), or the chart's `instance.sync` (written in the HelmRelease's
 * values, or in a values file a configMapGenerator feeds to it), read as fluxInstanceSync says.
 */
/** What a FluxInstance syncs: the directory, the address, the GitRepository's name, and the `path` value as written (to locate it). */
export interface InstanceSync {
  path?: string;
  url?: string;
  sourceName?: string;
  /** The FluxInstance's namespace (the chart's target namespace), where it makes the source and the Kustomization. */
  namespace?: string;
  /** The name of the source and the Kustomization it makes, whatever the source's kind (`sync.name`, else the namespace). */
  madeName?: string;
  pathNode?: YamlNode;
  /** `sync.kind` (GitRepository where not written): the kind of the source the Kustomization it makes syncs from. */
  kind: string;
  /** What writes the sync: `FluxInstance/namespace/name`, or the HelmRelease of the flux-instance chart. */
  owner?: string;
  /** Its kustomize.patches may give the Kustomization it makes a postBuild (see patchesGivePostBuild). */
  postBuildPatched?: true;
  /** Its kustomize.patches set what the audit reads of the Kustomization it makes, beyond a postBuild (see patchesChangeSync). */
  patchedBeyondReading?: true;
  /** Those patches, each as written (undefined where one is not written plainly: a path, a target that is no mapping). */
  kustomizePatches?: { patch: string; target?: Record<string, string> }[];
  /** `sync.name` as written, where it is not empty (an empty one is the default: the chart leaves it out). */
  writtenName?: string;
  /**
   * The namespace as the FluxInstance's or HelmRelease's own text says it (metadata.namespace), where its applier
   * may still place it elsewhere (a targetNamespace, a kustomization's namespace); `fixedNamespace`: the chart's
   * spec.targetNamespace, which nothing overrides.
   */
  writtenNamespace?: string;
  fixedNamespace?: string;
}

export function syncOf(
  /** `file`: where the sync is written (the FluxInstance, or the chart's values file): an OCI artifact's path is looked for above it. */
  sync: YamlNode, namespace: string | undefined, root: string, file: string, owner?: string, patches?: YamlNode | null,
): InstanceSync | undefined {
  const syncKind = scalarString(mapValue(sync, ['kind']));
  const git = syncKind === undefined || syncKind === 'GitRepository';
  // (The flux-instance chart's sync of any kind too, as a FluxInstance's: flux-operator renders the chart into one, and
  // makes the Kustomization for every sync kind: a review's probe, eleboucher/homelab's and xunholy's charts.)
  // A value SOPS encrypted (`ENC[AES256_GCM,...]`, in a values file given as a Secret) says nothing.
  const plain = (value: string | undefined) => (value === undefined || value.startsWith('ENC[') ? undefined : value);
  const pathNode = mapValue(sync, ['path']);
  const written = plain(scalarString(pathNode));
  // An OCI artifact's path is relative to what was pushed, often a subdirectory (`flux push artifact --path=./kubernetes`):
  // looked for as a Kustomization's is, under the directories above the file that writes it (a trial's probe,
  // mak011p/k8s-gitops-hayden: `./clusters/cluster-00` of kubernetes/ was not found, and nothing was applied).
  const path = written === undefined || written.includes('${') ? undefined : resolveSourcePath(root, file, written, syncKind);
  const url = git ? plain(scalarString(mapValue(sync, ['url']))) : undefined;
  // An empty sync.name is none: the chart leaves it out, and flux-operator names the sync after the namespace.
  const writtenName = scalarString(mapValue(sync, ['name'])) || undefined;
  const named = writtenName ?? namespace;
  const sourceName = git ? (named === undefined || named.includes('${') ? 'flux-system' : named) : undefined;
  return {
    ...(path ? { path, pathNode: pathNode! } : {}), ...(url && !url.includes('${') ? { url } : {}), ...(sourceName ? { sourceName } : {}),
    ...(namespace && !namespace.includes('${') ? { namespace } : {}),
    ...(named && !named.includes('${') ? { madeName: named } : {}),
    kind: syncKind ?? 'GitRepository',
    ...(writtenName !== undefined && !writtenName.includes('${') ? { writtenName } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(patchesGivePostBuild(patches) ? { postBuildPatched: true as const } : {}),
    ...(patchesChangeSync(patches) ? { patchedBeyondReading: true as const, kustomizePatches: readablePatches(patches) } : {}),
  };
}

/**
 * A Kustomization's `spec.patches`, as kustomize-controller adds them to its build: each `patch` text with its
 * `target` selector, where every item is written so (a patch text, a target of plain strings); else none, and
 * what they patch is audited as written. Where the key is written, to locate what a build of them says.
 */
function patchesOf(entry: { value: YamlNode | null; keyPosition: Position } | undefined, file: YamlFile): Pick<FluxObject, 'patches' | 'patchesLocation'> {
  const list = entry?.value;
  if (list?.kind !== 'seq') return {};
  const patches: NonNullable<FluxObject['patches']> = [];
  for (const node of list.items) {
    const item = readPatchItem(node);
    if (!item) return {};
    patches.push(item);
  }
  return patches.length > 0 ? { patches, patchesLocation: file.locate(entry!.keyPosition) } : {};
}

/** The workloads a chart most often installs, by apps/v1 kind: what a health check of a chart's outcome names. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The healthChecks entries naming a HelmRelease or a Kustomization, with a namespace and a name written plainly, and
 * the namespaces of those naming a workload (WORKLOAD_KINDS).
 */
function healthCheckTargetsOf(list: YamlNode | null): Pick<FluxObject, 'healthCheckTargets' | 'healthCheckNamespaces'> {
  if (list?.kind !== 'seq') return {};
  const targets: NonNullable<FluxObject['healthCheckTargets']> = [];
  const namespaces = new Set<string>();
  for (const item of list.items) {
    const kind = keptScalar(mapValue(item, ['kind']));
    const name = keptScalar(mapValue(item, ['name']));
    const namespace = keptScalar(mapValue(item, ['namespace']));
    if (!kind || !name || !namespace || name.includes('${') || namespace.includes('${')) continue;
    if (kind === 'HelmRelease' || kind === 'Kustomization') targets.push({ kind, namespace, name });
    else if (WORKLOAD_KINDS.has(kind) && keptScalar(mapValue(item, ['apiVersion']))?.startsWith('apps/')) namespaces.add(namespace);
  }
  return { ...(targets.length > 0 ? { healthCheckTargets: targets } : {}), ...(namespaces.size > 0 ? { healthCheckNamespaces: [...namespaces].sort() } : {}) };
}

/** The Go duration the Flux CRDs' pattern accepts (kubebuilder's validation on metav1.Duration fields). */
const CRD_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/**
 * Whether the CRDs' pattern rejects a duration: `written` as the file has it (a ${VARIABLE} is substituted in the
 * cluster, by postBuild: not judged), `value` as YAML reads it.
 */
export function rejectedDuration(written: string, value: string): boolean {
  return !written.includes('${') && !CRD_DURATION.test(value);
}

/** The fields of a Kustomization or HelmRelease this tool reads whose duration the API server would reject (FluxObject.invalidDurations). */
function invalidDurationsOf(file: YamlFile, spec: YamlNode | null, kind: string): Pick<FluxObject, 'invalidDurations'> {
  const fields = kind === 'Kustomization' ? [['interval'], ['retryInterval'], ['timeout']] : kind === 'HelmRelease' ? [['interval'], ['timeout'], ['install', 'timeout']] : [];
  const invalid: NonNullable<FluxObject['invalidDurations']> = [];
  for (const field of fields) {
    const node = mapValue(spec, field);
    if (node?.kind !== 'scalar' || node.value === null) continue;
    const written = node.source;
    if (!rejectedDuration(written, String(node.value))) continue;
    invalid.push({ field: field.join('.'), written, location: file.locate(node) });
  }
  return invalid.length > 0 ? { invalidDurations: invalid } : {};
}

/** What names the cluster a spec.kubeConfig reaches, as written (FluxObject.remote): its Secret or ConfigMap, and the key in it. */
export function kubeConfigOf(kubeConfig: YamlNode | null): string {
  for (const reference of ['secretRef', 'configMapRef']) {
    const written = scalarString(mapValue(kubeConfig, [reference, 'name']));
    if (written) return kubeConfigKey(reference, written, scalarString(mapValue(kubeConfig, [reference, 'key'])));
  }
  return '?';
}

/**
 * FluxObject.remote for a kubeconfig's Secret or ConfigMap and key: `REFERENCE/NAME/KEY`, the key left empty where it
 * is the one the controller reads without one (`value`, else `value.yaml`: fluxcd/pkg runtime/client's impersonator),
 * so that one Secret written with and without its default key is one cluster (a review's probe).
 */
export function kubeConfigKey(reference: string, name: string, key: string | undefined): string {
  return `${reference}/${name}/${key === undefined || key === 'value' || key === 'value.yaml' ? '' : key}`;
}

/**
 * `healthChecks`: whether the list names anything but the Kustomization itself, which kustomize-controller drops
 * (an empty list checks nothing either: a trial's probe); where every entry names it by kind and name, the
 * namespaces they name, for the namespace it is applied in to decide (FluxObject.selfHealthChecks).
 */
function healthChecksOf(list: YamlNode | null, name: string, namespace: string | undefined): Pick<FluxObject, 'healthChecks' | 'selfHealthChecks'> {
  if (isEmptyNode(list)) return { healthChecks: false };
  if (list?.kind !== 'seq') return { healthChecks: true };
  const self = list.items.every((item) => scalarString(mapValue(item, ['kind'])) === 'Kustomization' && scalarString(mapValue(item, ['name'])) === name);
  if (!self) return { healthChecks: true };
  const namespaces = list.items.map((item) => scalarString(mapValue(item, ['namespace'])) ?? '');
  return { healthChecks: selfChecksAnything(namespaces, namespace), selfHealthChecks: namespaces };
}

function isTrue(node: YamlNode | null): boolean {
  return node?.kind === 'scalar' && node.value === true;
}

/**
 * spec.path of a Kustomization of this repository's own source, written in `file`: relative to the
 * repository root; for an OCIRepository, whose artifact is often pushed from a subdirectory
 * (`flux push artifact --path=./kubernetes`), else relative to the first directory above the file, from
 * the top, that holds it (the artifact holds the file that names the path too).
 */
export function resolveSourcePath(root: string, file: string, path: string, sourceKind: string | undefined, walked?: ReadonlySet<string>): string | undefined {
  const fromRoot = resolveSpecPath(root, path, walked);
  if (fromRoot !== undefined || sourceKind !== 'OCIRepository') return fromRoot;
  const above = relative(root, dirname(file)).split(sep).filter((part) => part !== '');
  for (let depth = 1; depth <= above.length; depth += 1) {
    const found = resolveSpecPath(join(root, ...above.slice(0, depth)), path, walked);
    if (found !== undefined && isInside(root, found)) return found;
  }
  return undefined;
}

/** spec.path is relative to the source's root; for this repository's own source, the repository root. */
export function resolveSpecPath(root: string, path: string, walked?: ReadonlySet<string>): string | undefined {
  const target = specPathTarget(root, path);
  if (!isInside(root, target)) return undefined;
  // A directory the walk listed needs no stat of its own.
  if (walked?.has(target)) return target;
  try {
    return statSync(target).isDirectory() ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of a dependsOn item, by the kind that holds it (flux-operator's ResourceSet names any object). */
const DEPENDENCY_KEYS: Record<FluxKind, readonly string[]> = {
  HelmRelease: DEPENDS_ON_ITEM_KEYS,
  Kustomization: DEPENDS_ON_ITEM_KEYS,
  ResourceSet: ['apiVersion', 'kind', 'name', 'namespace', 'ready', 'readyExpr'],
};

function readDependencies(file: YamlFile, node: YamlNode | null, owner: FluxKind, problems: Finding[]): FluxDependency[] {
  if (!node || isEmptyNode(node)) return [];
  if (node.kind !== 'seq') {
    problems.push(inputFinding('input/invalid-resource', file.locate(node), `spec.dependsOn is ${describeNodeType(node)}, not a list`,
      'write dependsOn as a list of items such as "- name: infra-controllers"'));
    return [];
  }
  const dependencies: FluxDependency[] = [];
  for (const item of node.items) {
    const checked = readDependsOnItem(file, item, problems, DEPENDENCY_KEYS[owner]);
    if (!checked || item?.kind !== 'map') continue;
    const kind = keptScalar(mapValue(item, ['kind']));
    const apiVersionNode = mapValue(item, ['apiVersion']);
    const apiVersion = keptScalar(apiVersionNode);
    // flux-operator's CRD requires both in a ResourceSet's item (Dependency: +required apiVersion, kind, name): the
    // cluster rejects the ResourceSet, and the apply of whatever applies it fails (a trial's probe: it passed, the
    // item read as a ResourceSet of that name).
    if (owner === 'ResourceSet' && (!kind || !apiVersion)) {
      const missing = [...(apiVersion ? [] : ['apiVersion']), ...(kind ? [] : ['kind'])].join(' and ');
      problems.push(inputFinding('input/invalid-resource', file.locate(item), `ResourceSet dependsOn item without ${missing}: flux-operator's CRD requires apiVersion, kind and name, so the cluster rejects this ResourceSet`,
        `add ${missing} of the object it waits for (apiVersion: helm.toolkit.fluxcd.io/v2 and kind: HelmRelease, say)`));
      continue;
    }
    dependencies.push({
      name: checked.name,
      location: checked.location,
      ...(checked.namespace ? { namespace: checked.namespace } : {}),
      ...(kind ? { kind, kindLocation: file.locate(mapValue(item, ['kind'])) } : {}),
      ...(apiVersion ? { apiVersion, apiVersionLocation: file.locate(apiVersionNode) } : {}),
      ...(checked.readyExpr ? { readyExpr: checked.readyExpr } : {}),
      ...(isTrue(mapValue(item, ['ready'])) ? { ready: true } : {}),
    });
  }
  return dependencies;
}

/** Kinds each Flux API group serves (flux-operator's group serves more than ResourceSet). */
const SERVED_KINDS: Record<string, readonly string[]> = {
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'fluxcd.controlplane.io': ['ResourceSet', 'ResourceSetInputProvider', 'FluxInstance', 'FluxReport'],
};

/**
 * An object that nearly is a Flux object this tool reads: a removed or unknown
 * HelmRelease version, a misspelt kind or group (api/*, as in the kit audit).
 * Such an object is not audited: without the finding it would vanish silently.
 */
export function apiProblems(file: YamlFile, root: YamlNode | null): Finding[] {
  if (root?.kind !== 'map') return [];
  const kindNode = mapValue(root, ['kind']);
  const apiVersionNode = mapValue(root, ['apiVersion']);
  const kind = scalarString(kindNode);
  const apiVersion = scalarString(apiVersionNode);
  if (kind === undefined) return [];
  const at = (which: 'kind' | 'apiVersion') => file.locate(which === 'kind' ? kindNode : apiVersionNode ?? kindNode);
  const helm = classifyHelmReleaseApi(apiVersion, kind).finding;
  if (helm) return [{ rule: helm.rule, severity: helm.severity, message: helm.message, fix: helm.fix, location: at(helm.at) }];
  const group = apiVersion?.slice(0, Math.max(0, apiVersion.lastIndexOf('/')));
  const served = group === undefined ? undefined : SERVED_KINDS[group];
  if (served?.includes(kind) && kind === 'Kustomization') {
    // A Kustomization's version, as kustomize-controller's CRD serves it (ahgraber's 2022 tree is all v1beta2).
    const status = fluxApiStatus(apiVersion!);
    if (status?.status === 'removed') {
      return [{ rule: 'api/removed-version', severity: 'error', location: at('apiVersion'),
        message: `${apiVersion} is no longer served since Flux 2.${status.removedIn}: the cluster rejects this Kustomization`,
        fix: `change apiVersion to ${status.current} (flux migrate updates stored objects)` }];
    }
    if (status?.status === 'unknown') {
      return [{ rule: 'api/unknown-version', severity: 'error', location: at('apiVersion'),
        message: `${JSON.stringify(apiVersion)} is not a version Flux serves for Kustomization`, fix: `change apiVersion to ${status.current}` }];
    }
  }
  if (!served || served.includes(kind)) return [];
  const guess = closestName(kind, served);
  return [{
    rule: 'api/unknown-kind', severity: 'error', location: at('kind'),
    message: `${group} has no kind ${JSON.stringify(kind)}: the cluster rejects this object, and it is not audited`,
    fix: guess ? `did you mean kind: ${guess}? (kinds are case-sensitive)` : `correct the kind (${group} serves ${served.join(', ')}) or the apiVersion`,
  }];
}

