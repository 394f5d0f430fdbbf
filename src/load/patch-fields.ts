import { parseFastYaml } from './fast-yaml.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue, scalarString } from './yaml-tree.js';

// Whether a patch of a Flux object can change what the audit reads of it, so
// that the tree it patches needs the real kustomize. Most do not: home-ops
// repositories patch every HelmRelease's chart source (a component that
// points each at app-template), remediation and values, and every child
// Kustomization's decryption; building each tree for those took most of a
// check (rafaribe/home-ops: 915 ms with the build, 381 ms without). What the audit reads is
// what src/load/flux-object.ts reads: the name and namespace, two metadata
// keys, and these fields of spec.

/**
 * The fields of a Flux object's spec that the audit reads (flux-object.ts). A Kustomization's own spec.patches
 * count by what they set in turn: a parent's patch that gives every child patches of HelmRelease timeouts
 * (joryirving/home-ops) changes what the audit reads; one that gives them remediation defaults (onedr0p's) does not.
 */
const AUDITED_SPEC = new Set([
  'dependsOn', 'wait', 'timeout', 'healthChecks', 'healthCheckExprs', 'suspend', 'path', 'targetNamespace', 'namePrefix', 'nameSuffix',
  'postBuild', 'sourceRef', 'components', 'interval',
  // A Kustomization's: what it applies goes to the cluster a kubeconfig names (FluxObject.remote).
  'kubeConfig',
  // A ResourceSet's (src/load/resource-set.ts), for a patch that names no kind: what it generates, from what inputs.
  'inputs', 'inputsFrom', 'resources', 'resourcesTemplate', 'steps',
]);
/** Of spec.install, the fields read (a HelmRelease's install.disableWait; install.timeout, a timeout as spec.timeout is). */
const AUDITED_INSTALL = new Set(['disableWait', 'timeout']);
/** The label and annotation keys read: the ignore annotation, and kustomize-controller's substitute switch. */
const AUDITED_METADATA_KEY = /^(?:kustomize\.toolkit\.fluxcd\.io|bootstrap-deps\.io)\//;

/**
 * How a patch is judged beyond its text. `helmReleaseTimeouts: false`: a
 * HelmRelease's spec.timeout does not count, where the patch can reach no
 * other Flux kind (its target, else its own kind, says so). The caller knows
 * when nothing reads those timeouts: `check` reads them only of what a
 * Kustomization with wait: true applies (order/parent-timeout). Nested
 * patches (a Kustomization's spec.patches set by a patch) are judged alike.
 */
export interface PatchJudging {
  helmReleaseTimeouts?: boolean;
  /**
   * A HelmRelease's spec.interval counts too (not by default: only a Kustomization's is read). The caller asks where
   * a HelmRelease the patch may reach has a duration the CRD rejects (api/invalid-duration), which a patch may mend.
   */
  helmReleaseIntervals?: boolean;
  /** The patch's target as written beside it (kustomize reads kind and group as regular expressions). */
  target?: { kind?: string; group?: string };
}

/**
 * Whether the patch text (a strategic merge patch, or a JSON 6902 one in
 * YAML or JSON) may set a field the audit reads of the object it patches. In
 * doubt (a text the fast parser declines, a directive such as `$patch`), yes.
 * `patchesReplaced`: whether a Kustomization's spec.patches that a merge
 * patch sets may replace patches that count (kustomize has no merge key for
 * that list: it replaces it whole); callers know whether any Kustomization
 * of the repository has patches of its own that count.
 */
export function patchSetsAuditedField(patch: string, patchesReplaced = true, judging: PatchJudging = {}): boolean {
  const documents = parseFastYaml(patch);
  const timeoutCounts = judging.helmReleaseTimeouts !== false;
  // What counts where the patch reaches HelmReleases only: their timeout (where the caller reads it), never their
  // interval (only a Kustomization's is read: its timeout defaults to it; oscaromeu/home-ops built 86 overlays for a
  // HelmRelease patch's `interval: 1h`).
  const reach = (helmOnly: boolean): SpecCounts => ({ timeout: timeoutCounts || !helmOnly, interval: !helmOnly || judging.helmReleaseIntervals === true });
  // Not read here: a JSON 6902 patch (a list of operations) is judged by the paths its text names, anything else is built.
  if (!documents) return /^\s*(?:#.*\n\s*)*[[-]/.test(patch) ? jsonTextSetsAuditedField(patch, reach(onlyHelmReleases(judging.target))) : true;
  return documents.some((document) => (document.root?.kind === 'seq'
    ? jsonOperationsSetAuditedField(document.root.items, reach(onlyHelmReleases(judging.target)))
    : mergePatchSetsAuditedField(document.root, patchesReplaced, reach(onlyHelmReleases(judging.target, patchKind(document.root))), timeoutCounts)));
}

/** Whether a patch's spec.timeout and spec.interval count (see patchSetsAuditedField): both, unless it reaches HelmReleases only. */
interface SpecCounts {
  timeout: boolean;
  interval: boolean;
}

/** The other Flux kinds a spec.timeout patch matters for, and their API groups. */
const TIMED_KINDS = new Set(['Kustomization', 'ResourceSet']);
const TIMED_GROUPS = new Set(['kustomize.toolkit.fluxcd.io', 'fluxcd.controlplane.io']);

/**
 * Whether a patch can reach no Flux kind but HelmRelease: its target names a kind or group that selects neither
 * Kustomization nor ResourceSet, or it has no target and its own kind is HelmRelease (a strategic merge patch
 * selects by its own kind and name). A target by name or labels alone may select any kind.
 */
function onlyHelmReleases(target: PatchJudging['target'], kind?: string): boolean {
  if (target?.kind !== undefined) return !selects(target.kind, TIMED_KINDS);
  if (target?.group !== undefined) return !selects(target.group, TIMED_GROUPS);
  return target === undefined && kind === 'HelmRelease';
}

function patchKind(root: YamlNode | null): string | undefined {
  const value = root?.kind === 'map' ? root.entries.find((entry) => entry.key === 'kind')?.value : undefined;
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/** A JSON 6902 patch as read: each operation by the paths it writes (and those it moves from); one not read so, yes. */
function jsonOperationsSetAuditedField(operations: readonly (YamlNode | null)[], counts: SpecCounts): boolean {
  return operations.some((operation) => {
    if (operation?.kind !== 'map') return true;
    const text = (key: string) => {
      const value = operation.entries.find((entry) => entry.key === key)?.value;
      return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
    };
    const path = text('path');
    const from = text('from');
    return path === undefined || jsonPathAudited(path, counts) || (from !== undefined && jsonPathAudited(from, counts));
  });
}

/** A JSON 6902 patch the fast parser does not read: by the paths its text names. */
function jsonTextSetsAuditedField(patch: string, counts: SpecCounts): boolean {
  const paths = [...patch.matchAll(/["']?(?:path|from)["']?\s*:\s*["']?([^"',}\s]*)/g)].map((match) => match[1]!);
  return paths.length === 0 || paths.some((path) => jsonPathAudited(path, counts));
}

function jsonPathAudited(path: string, counts: SpecCounts): boolean {
  const parts = path.split('/').slice(1);
  const [top, field, key] = parts;
  // The whole object, or its kind: anything may change.
  if (top === undefined || top === '' || top === 'apiVersion' || top === 'kind') return true;
  if (top === 'spec' && (field === 'timeout' || (field === 'install' && key === 'timeout')) && !counts.timeout) return false;
  if (top === 'spec' && field === 'interval' && !counts.interval) return false;
  // A Kustomization's own patches: what an added one sets is in its value, and a removed one may have counted.
  if (top === 'spec') return field === undefined || AUDITED_SPEC.has(field) || field === 'patches' || (field === 'install' && (key === undefined || AUDITED_INSTALL.has(key)));
  if (top === 'metadata') {
    if (field === undefined || field === 'name' || field === 'namespace') return true;
    // `~1` is a `/` inside a JSON pointer's part.
    if (field === 'labels' || field === 'annotations') return key === undefined || AUDITED_METADATA_KEY.test(key.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return false;
}

/**
 * A strategic merge patch: its name and namespace select, so only the fields it sets count. `timeoutCounts`: its
 * own spec.timeout; `nestedTimeoutsCount`: a HelmRelease's, in the spec.patches it sets (see PatchJudging).
 */
function mergePatchSetsAuditedField(root: YamlNode | null, patchesReplaced: boolean, counts: SpecCounts, nestedTimeoutsCount: boolean): boolean {
  if (root === null) return false;
  if (root.kind !== 'map') return true;
  for (const { key, value } of root.entries) {
    if (key.startsWith('$')) return true;
    // A ResourceSet's spec is read whole (its inputs and templates).
    if (key === 'kind' && value?.kind === 'scalar' && value.value === 'ResourceSet') return true;
    if (key === 'metadata' && metadataSetsAuditedField(value)) return true;
    if (key === 'spec' && specSetsAuditedField(value, patchesReplaced, counts, nestedTimeoutsCount)) return true;
  }
  return false;
}

function metadataSetsAuditedField(metadata: YamlNode | null): boolean {
  if (metadata === null) return false;
  if (metadata.kind !== 'map') return true;
  return metadata.entries.some(({ key, value }) => {
    if (key.startsWith('$')) return true;
    if (key !== 'labels' && key !== 'annotations') return false;
    if (value === null) return false;
    return value.kind !== 'map' || value.entries.some((entry) => entry.key.startsWith('$') || AUDITED_METADATA_KEY.test(entry.key));
  });
}

function specSetsAuditedField(spec: YamlNode | null, patchesReplaced: boolean, counts: SpecCounts, nestedTimeoutsCount: boolean): boolean {
  if (spec === null) return false;
  if (spec.kind !== 'map') return true;
  return spec.entries.some(({ key, value }) => {
    if (key === 'timeout' && !counts.timeout) return false;
    if (key === 'interval' && !counts.interval) return false;
    if (key.startsWith('$') || AUDITED_SPEC.has(key)) return true;
    if (key === 'patches') return patchesReplaced || nestedPatchesSetAuditedField(value, nestedTimeoutsCount);
    if (key !== 'install' || value === null) return false;
    return value.kind !== 'map' || value.entries.some((entry) => entry.key.startsWith('$') || (AUDITED_INSTALL.has(entry.key) && (entry.key !== 'timeout' || counts.timeout)));
  });
}

/**
 * One item of a Flux Kustomization's spec.patches, as kustomize-controller reads it: the patch text and its target
 * selector (each field as written); undefined where it is not written so (a path, a target that is no mapping).
 */
export function readPatchItem(item: YamlNode | null): { patch: string; target?: Record<string, string> } | undefined {
  const patch = scalarString(mapValue(item, ['patch']));
  const target = mapValue(item, ['target']);
  if (item?.kind !== 'map' || patch === undefined || (target !== null && target.kind !== 'map')) return undefined;
  if (target === null) return { patch };
  const selector: Record<string, string> = {};
  for (const field of target.entries) {
    const value = scalarString(field.value);
    if (value === undefined) return undefined;
    selector[field.key] = value;
  }
  return { patch, target: selector };
}

/** A Kustomization's spec.patches as a patch sets them: each item's patch text, judged in turn (in doubt, yes). */
function nestedPatchesSetAuditedField(patches: YamlNode | null, helmReleaseTimeouts: boolean): boolean {
  if (patches === null) return false;
  if (patches.kind !== 'seq') return true;
  return patches.items.some((node) => {
    const item = readPatchItem(node);
    return item === undefined || patchSetsAuditedField(item.patch, false, { helmReleaseTimeouts, ...(item.target ? { target: item.target } : {}) });
  });
}

/**
 * Whether a Kustomization of the repository has spec.patches of its own that set a field the audit reads: then a
 * parent's patch that sets spec.patches (which replaces the list) may take them away, and counts. Kept per scan.
 */
export function ownPatchesCount(written: ReadonlyMap<string, readonly { kind: string; patches?: readonly { patch: string }[] }[]>): boolean {
  let known = ownPatchesCounted.get(written);
  if (known === undefined) {
    known = false;
    for (const objects of written.values()) {
      if (objects.some((object) => object.kind === 'Kustomization' && object.patches?.some(({ patch }) => patchSetsAuditedField(patch, false)))) known = true;
    }
    ownPatchesCounted.set(written, known);
  }
  return known;
}

const ownPatchesCounted = new WeakMap<object, boolean>();

/** Whether a patch target's field, a regular expression kustomize matches whole, selects one of `values` (in doubt, yes). */
export function selects(pattern: string, values: ReadonlySet<string>): boolean {
  try {
    const expression = new RegExp(`^(?:${pattern})$`);
    return [...values].some((value) => expression.test(value));
  } catch {
    return true; // not a regular expression this tool reads: in doubt, built
  }
}
