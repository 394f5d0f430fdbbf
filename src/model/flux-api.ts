import { closestName } from './names.js';
import type { Location } from './types.js';

// Flux's APIs as the controllers serve them. The reference is the CRDs the
// controllers install, tag by tag (kustomize-controller v1.0 to v1.8 are Flux
// 2.0 to 2.8, helm-controller v1.0 to v1.5 are Flux 2.3 to 2.8):
// helm.toolkit.fluxcd.io serves v2 only since Flux 2.8 (v2beta1 went in 2.7),
// kustomize.toolkit.fluxcd.io v1 only since 2.8 (v1beta1 went in 2.7).

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const HELM_SERVED_VERSION = 'v2';
export const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';

const NEWEST = Number.POSITIVE_INFINITY;

/**
 * For each Flux API group this tool reads, its kind, its current version, and the Flux 2 minor versions
 * that serve each version, first to last (a Flux before 2.0: its 0.x minor less 100, see fluxMinorOf).
 */
const FLUX_API_VERSIONS: Readonly<Record<string, { kind: string; current: string; served: Readonly<Record<string, readonly [number, number]>> }>> = {
  [HELM_GROUP]: { kind: 'HelmRelease', current: HELM_SERVED_VERSION, served: { v2beta1: [-100, 6], v2beta2: [2, 7], v2: [3, NEWEST] } },
  // (Kustomization v1beta2 came with Flux 0.26: -74.)
  [KUSTOMIZE_GROUP]: { kind: 'Kustomization', current: 'v1', served: { v1beta1: [-100, 6], v1beta2: [-74, 7], v1: [0, NEWEST] } },
};

/** `group/version` split, with the group's table, when it is a Flux API group this tool knows the versions of. */
function apiOf(apiVersion: string) {
  const slash = apiVersion.lastIndexOf('/');
  const group = apiVersion.slice(0, Math.max(0, slash));
  const api = FLUX_API_VERSIONS[group];
  return api ? { group, version: apiVersion.slice(slash + 1), ...api } : undefined;
}

/**
 * What a Flux API version is today: `current`, `removed` (with the first Flux minor that no longer serves it),
 * or `unknown` (never served); undefined for a group whose versions are not known here.
 */
export function fluxApiStatus(apiVersion: string): { status: 'current' } | { status: 'removed'; removedIn: number; kind: string; current: string } | { status: 'unknown'; kind: string; current: string } | undefined {
  const api = apiOf(apiVersion);
  if (!api) return undefined;
  const served = api.served[api.version];
  if (!served) return { status: 'unknown', kind: api.kind, current: `${api.group}/${api.current}` };
  return served[1] === NEWEST ? { status: 'current' } : { status: 'removed', removedIn: served[1] + 1, kind: api.kind, current: `${api.group}/${api.current}` };
}

/** A Flux version a repository installs, and where it says so (src/load/flux-version.ts). */
export interface FluxVersionPin {
  /** As written: `v2.2.2`, `2.4.x`, `2.x`. */
  written: string;
  /** The Flux 2 minor version it installs (a Flux before 2.0: its 0.x minor less 100); undefined for the newest (`2.x`, or a range not understood). */
  minor: number | undefined;
  location: Location;
}

/** Whether the Flux a pin installs serves `apiVersion` (`helm.toolkit.fluxcd.io/v2beta2`); the newest Flux where it says no version. */
export function apiVersionServedBy(apiVersion: string, pin: FluxVersionPin): boolean {
  const api = apiOf(apiVersion);
  const served = api?.served[api.version];
  if (!served) return false;
  return pin.minor === undefined ? served[1] === NEWEST : pin.minor >= served[0] && pin.minor <= served[1];
}

/**
 * api/removed-version for a repository that installs an older Flux: when every Flux version it
 * installs still serves the beta, the object is applied today and the finding is the warning
 * that upgrading Flux past the last release that serves it will reject it, with the way there
 * (HelmRelease v2 needs Flux 2.3). Otherwise (no pin, or one cluster on a Flux that rejects it) the finding stands.
 */
export function removedVersionUnderPins(apiVersion: string, pins: readonly FluxVersionPin[], shown: (location: Location) => string): { severity: 'warning'; message: string; fix: string } | undefined {
  const api = apiOf(apiVersion);
  const served = api?.served[api.version];
  if (!api || !served || served[1] === NEWEST || pins.length === 0 || !pins.every((pin) => apiVersionServedBy(apiVersion, pin))) return undefined;
  const last = served[1];
  const current = `${api.group}/${api.current}`;
  const currentFrom = api.served[api.current]![0];
  return {
    severity: 'warning',
    message: `${apiVersion} is deprecated and Flux 2.${last + 1} no longer serves it; the Flux this repository installs (${listedPins(pins, shown)}) still does, but rejects this ${api.kind} once upgraded past 2.${last}`,
    fix: pins.every((pin) => apiVersionServedBy(current, pin))
      ? `change apiVersion to ${current} before upgrading Flux past 2.${last} (the installed Flux serves it; flux migrate updates stored objects)`
      : `upgrade Flux to a 2.${currentFrom} to 2.${last} release first (${api.current} is served since 2.${currentFrom}), then change apiVersion to ${current} before going past 2.${last}`,
  };
}

/**
 * A current API version (`helm.toolkit.fluxcd.io/v2`) in a repository whose every installed Flux is older
 * than the release that first served it: the cluster rejects the object (an api/unknown-version error),
 * and the fix is the upgrade, or the newest beta that Flux serves until then.
 */
export function servedVersionUnderPins(apiVersion: string, pins: readonly FluxVersionPin[], shown: (location: Location) => string): { message: string; fix: string } | undefined {
  const api = apiOf(apiVersion);
  if (!api || pins.length === 0 || pins.some((pin) => apiVersionServedBy(apiVersion, pin))) return undefined;
  const from = api.served[api.version]?.[0];
  if (from === undefined) return undefined;
  // The newest version every installed Flux serves, if any.
  const betas = Object.keys(api.served).filter((version) => version !== api.version).reverse();
  const beta = betas.find((version) => pins.every((pin) => apiVersionServedBy(`${api.group}/${version}`, pin)));
  return {
    message: `${apiVersion} is served from Flux ${minorLabel(from)} on; the Flux this repository installs (${listedPins(pins, shown)}) does not serve it: the cluster rejects this ${api.kind}`,
    fix: `upgrade Flux to ${minorLabel(from)} or later${beta ? `, or write apiVersion: ${api.group}/${beta} until then` : ''}`,
  };
}

/**
 * Why a ResourceSet's dependsOn item written with `apiVersion` and `kind` finds nothing in a Flux API group this
 * tool knows the versions of, whatever exists under its name: flux-operator gets the object by exactly what the
 * item writes. A kind the group does not serve (kinds are case-sensitive: `helmrelease`), a version no Flux
 * serves, or one the Flux the repository installs no longer serves (every pin, or the newest Flux where none
 * says). undefined: served, or a group not known here.
 */
export function unservedDependencyApi(apiVersion: string, kind: string, pins: readonly FluxVersionPin[]): { reason: string; fix: string; at: 'kind' | 'apiVersion' } | undefined {
  const api = apiOf(apiVersion);
  if (!api) return undefined;
  // A kind another known group serves (Kustomization under helm.toolkit.fluxcd.io) is the apiVersion's fault:
  // flux-graph.ts names the group that serves it.
  if (kind !== api.kind && Object.values(FLUX_API_VERSIONS).some((other) => other.kind === kind)) return undefined;
  if (kind !== api.kind) {
    return { reason: `${api.group} serves no kind ${kind}, only ${api.kind}${kind.toLowerCase() === api.kind.toLowerCase() ? ' (kinds are case-sensitive)' : ''}`, fix: `write kind: ${api.kind}`, at: 'kind' };
  }
  const served = api.served[api.version];
  const current = `${api.group}/${api.current}`;
  if (!served) return { reason: `no Flux serves ${apiVersion}`, fix: `set apiVersion: ${current} on this item`, at: 'apiVersion' };
  if (served[1] === NEWEST) return undefined;
  if (pins.length > 0 && pins.every((pin) => apiVersionServedBy(apiVersion, pin))) return undefined;
  return { reason: `${apiVersion} is no longer served since Flux 2.${served[1] + 1}`, fix: `set apiVersion: ${current} on this item`, at: 'apiVersion' };
}

/** A minor as the tables hold it, as Flux numbers it: 2.3, or 0.26 for one before 2.0 (see fluxMinorOf). */
function minorLabel(minor: number): string {
  return minor < 0 ? `0.${minor + 100}` : `2.${minor}`;
}

/** One entry per version written, with where (two places at most, then a count): clusters often pin alike. */
function listedPins(pins: readonly FluxVersionPin[], shown: (location: Location) => string): string {
  const byWritten = new Map<string, string[]>();
  for (const pin of pins) byWritten.set(pin.written, [...(byWritten.get(pin.written) ?? []), shown(pin.location)]);
  return [...byWritten].map(([written, places]) => `${written} at ${places.slice(0, 2).join(' and ')}${places.length > 2 ? ` and ${places.length - 2} more` : ''}`).join('; ');
}

interface ApiClassification {
  isHelmRelease: boolean;
  finding?: { rule: 'api/removed-version' | 'api/unknown-version' | 'api/unknown-kind'; severity: 'error' | 'warning'; message: string; fix: string; at: 'kind' | 'apiVersion' };
}

/**
 * Whether an object is Flux's HelmRelease, and what is wrong with one that
 * nearly is. A near miss is an error, never a silent "not a HelmRelease": a
 * release that the tool skips would show up as Deferred although its file is there.
 */
export function classifyHelmReleaseApi(apiVersion: string | undefined, kind: string | undefined): ApiClassification {
  if (kind === undefined) return { isHelmRelease: false };
  // A kit repeats a handful of apiVersion/kind pairs thousands of times: judge each pair once
  // (kept by apiVersion, then kind: no key string built per object).
  let byKind = classified.get(apiVersion);
  if (!byKind) classified.set(apiVersion, byKind = new Map());
  let known = byKind.get(kind);
  if (!known) {
    known = classifyOnce(apiVersion, kind);
    byKind.set(kind, known);
  }
  return known;
}

const classified = new Map<string | undefined, Map<string, ApiClassification>>();

function classifyOnce(apiVersion: string | undefined, kind: string): ApiClassification {
  const slash = apiVersion?.lastIndexOf('/') ?? -1;
  const group = apiVersion === undefined || slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion === undefined ? '' : apiVersion.slice(slash + 1);
  const wanted = `${HELM_GROUP}/${HELM_SERVED_VERSION}`;
  const groupNearMiss = group !== HELM_GROUP && group !== '' && closestName(group, [HELM_GROUP]) !== undefined;
  if (kind !== 'HelmRelease') {
    const kindNearMiss = closestName(kind, ['HelmRelease']) !== undefined;
    if (!kindNearMiss && group !== HELM_GROUP) return { isHelmRelease: false };
    if (!kindNearMiss) {
      return {
        isHelmRelease: false,
        finding: { rule: 'api/unknown-kind', severity: 'error', at: 'kind',
          message: `${HELM_GROUP} has no kind ${JSON.stringify(kind)} (it serves HelmRelease only): the cluster rejects this object`,
          fix: kind === 'HelmRepository' || kind === 'HelmChart' ? `${kind} is in source.toolkit.fluxcd.io: use apiVersion: source.toolkit.fluxcd.io/v1` : 'correct the kind or the apiVersion' },
      };
    }
    return {
      isHelmRelease: false,
      finding: { rule: 'api/unknown-kind', severity: 'error', at: 'kind',
        message: `kind ${JSON.stringify(kind)} is not a Flux kind; this object is not audited as a HelmRelease`,
        fix: 'did you mean kind: HelmRelease? (kinds are case-sensitive)' },
    };
  }
  if (apiVersion === undefined) {
    return {
      isHelmRelease: true,
      finding: { rule: 'api/unknown-version', severity: 'error', at: 'kind',
        message: 'HelmRelease has no apiVersion: kustomize and the API server reject it',
        fix: `add apiVersion: ${wanted}` },
    };
  }
  if (group !== HELM_GROUP) {
    return {
      isHelmRelease: false,
      finding: groupNearMiss || group.toLowerCase() === HELM_GROUP
        ? { rule: 'api/unknown-kind', severity: 'error', at: 'apiVersion',
          message: `apiVersion ${JSON.stringify(apiVersion)} is not Flux's HelmRelease API group; this object is not audited as a HelmRelease`,
          fix: `did you mean apiVersion: ${wanted}?` }
        : { rule: 'api/unknown-kind', severity: 'warning', at: 'apiVersion',
          message: `kind HelmRelease in API group ${JSON.stringify(group || 'core')} is not Flux's HelmRelease (${HELM_GROUP}); it is not audited, and nothing can depend on it through Flux's dependsOn`,
          fix: `use apiVersion: ${wanted} if this is meant for Flux's helm-controller` },
    };
  }
  if (version === HELM_SERVED_VERSION) return { isHelmRelease: true };
  const status = fluxApiStatus(apiVersion);
  if (status?.status === 'removed') {
    return {
      isHelmRelease: true,
      finding: { rule: 'api/removed-version', severity: 'error', at: 'apiVersion',
        message: `${apiVersion} is no longer served since Flux 2.${status.removedIn}: the cluster rejects this HelmRelease`,
        fix: `change apiVersion to ${wanted} (the v2 API is a drop-in for these manifests; flux migrate updates stored objects)` },
    };
  }
  return {
    isHelmRelease: true,
    finding: { rule: 'api/unknown-version', severity: 'error', at: 'apiVersion',
      message: `${JSON.stringify(apiVersion)} is not a version Flux serves for HelmRelease`,
      fix: `change apiVersion to ${wanted}` },
  };
}

/**
 * What an object the API server refuses does to those that apply it (described, sorted: `Kustomization ns/name`):
 * each one's whole apply fails, since its controller dry-runs every object before it applies any (fluxcd/pkg ssa
 * ApplyAll). The end of such a finding's message; empty where nothing applies it. Three by name at most.
 */
export function failingApplyText(appliers: readonly string[]): string {
  if (appliers.length === 0) return '';
  const several = appliers.length > 1;
  const named = appliers.length > 3 ? `${appliers.slice(0, 3).join(', ')} and ${appliers.length - 3} more` : appliers.join(' and ');
  return `; ${named}, which ${several ? 'apply' : 'applies'} it, ${several ? 'each fail their' : 'fails its'} apply on it (the controller validates every object before it applies any), so ${several ? 'apply' : 'applies'} none of ${several ? 'their' : 'its'} objects but CRDs, Namespaces and classes, and ${several ? 'are' : 'is'} never Ready`;
}
