import { closestName } from './names.js';

// Flux's APIs as the controllers serve them. The reference is the CRDs that
// helm-controller installs: helm.toolkit.fluxcd.io serves v2 only since Flux 2.8.

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const HELM_SERVED_VERSION = 'v2';
/** Versions Flux served once and no longer does (removed in Flux 2.8). */
const HELM_REMOVED_VERSIONS = new Set(['v2beta1', 'v2beta2']);

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
