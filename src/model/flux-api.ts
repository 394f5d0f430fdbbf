import { closestName } from './names.js';
import type { Location } from './types.js';

// Flux's APIs as the controllers serve them. The reference is the CRDs that
// helm-controller installs: helm.toolkit.fluxcd.io serves v2 only since Flux 2.8.

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const HELM_SERVED_VERSION = 'v2';
/** Versions Flux served once and no longer does (removed in Flux 2.8). */
const HELM_REMOVED_VERSIONS = new Set(['v2beta1', 'v2beta2']);

/**
 * The Flux 2 minor versions whose helm-controller serves each HelmRelease version, first to last
 * (-1: any Flux before 2.0): v2beta2 came with Flux 2.2, v2 with 2.3 (GA), and 2.8 dropped both betas.
 */
const HELM_SERVED_BY_FLUX_MINOR: Readonly<Record<string, readonly [number, number]>> = {
  v2beta1: [-1, 7],
  v2beta2: [2, 7],
  v2: [3, Number.POSITIVE_INFINITY],
};

/** A Flux version a repository installs, and where it says so (src/load/flux-version.ts). */
export interface FluxVersionPin {
  /** As written: `v2.2.2`, `2.4.x`, `2.x`. */
  written: string;
  /** The Flux 2 minor version it installs, -1 for a Flux before 2.0; undefined for the newest (`2.x`, or a range not understood). */
  minor: number | undefined;
  location: Location;
}

/** Whether the Flux a pin installs serves HelmRelease `version` (`v2beta2`); the newest Flux where it says no version. */
export function helmVersionServedBy(version: string, pin: FluxVersionPin): boolean {
  const served = HELM_SERVED_BY_FLUX_MINOR[version];
  if (!served) return false;
  return pin.minor === undefined ? served[1] === Number.POSITIVE_INFINITY : pin.minor >= served[0] && pin.minor <= served[1];
}

/**
 * api/removed-version for a repository that installs an older Flux: when every Flux version it
 * installs still serves the beta, the HelmRelease is applied today and the finding is the warning
 * that upgrading Flux past 2.7 will reject it, with the way there (v2 needs Flux 2.3). Otherwise
 * (no pin, or one cluster on a Flux that rejects it) the finding stands as an error.
 */
export function removedVersionUnderPins(apiVersion: string, pins: readonly FluxVersionPin[], shown: (location: Location) => string): { severity: 'warning'; message: string; fix: string } | undefined {
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  if (pins.length === 0 || !pins.every((pin) => helmVersionServedBy(version, pin))) return undefined;
  const listed = listedPins(pins, shown);
  const v2Served = pins.every((pin) => helmVersionServedBy(HELM_SERVED_VERSION, pin));
  return {
    severity: 'warning',
    message: `${apiVersion} is deprecated and Flux 2.8 no longer serves it; the Flux this repository installs (${listed}) still does, but rejects this HelmRelease once upgraded past 2.7`,
    fix: v2Served
      ? `change apiVersion to ${HELM_GROUP}/${HELM_SERVED_VERSION} before upgrading Flux past 2.7 (the installed Flux serves it; flux migrate updates stored objects)`
      : `upgrade Flux to a 2.3 to 2.7 release first (v2 is served since 2.3), then change apiVersion to ${HELM_GROUP}/${HELM_SERVED_VERSION} before going past 2.7`,
  };
}

/**
 * `helm.toolkit.fluxcd.io/v2` in a repository whose every installed Flux is older than 2.3, which
 * never served it: the cluster rejects the HelmRelease (an api/unknown-version error), and the
 * fix is the upgrade, or the newest beta that Flux serves until then.
 */
export function servedVersionUnderPins(pins: readonly FluxVersionPin[], shown: (location: Location) => string): { message: string; fix: string } | undefined {
  if (pins.length === 0 || pins.some((pin) => helmVersionServedBy(HELM_SERVED_VERSION, pin))) return undefined;
  const beta = pins.every((pin) => helmVersionServedBy('v2beta2', pin)) ? 'v2beta2' : 'v2beta1';
  return {
    message: `${HELM_GROUP}/${HELM_SERVED_VERSION} is served from Flux 2.3 on; the Flux this repository installs (${listedPins(pins, shown)}) does not serve it: the cluster rejects this HelmRelease`,
    fix: `upgrade Flux to 2.3 or later, or write apiVersion: ${HELM_GROUP}/${beta} until then`,
  };
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
  if (HELM_REMOVED_VERSIONS.has(version)) {
    return {
      isHelmRelease: true,
      finding: { rule: 'api/removed-version', severity: 'error', at: 'apiVersion',
        message: `${apiVersion} is no longer served since Flux 2.8: the cluster rejects this HelmRelease`,
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
