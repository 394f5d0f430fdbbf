import type { FluxModel } from './flux-graph.js';
import type { FluxObject, RequeueSetting } from './flux-objects.js';
import { fluxObjectId } from './flux-objects.js';

// How long a fresh cluster takes, at the least and at the most. Both
// controllers requeue an object whose dependencies are not Ready after
// --requeue-dependency (30 s by default), so each install level costs at
// least one requeue; each object may take up to its timeout.

export const DEFAULT_REQUEUE_SECONDS = 30;
/**
 * The interval the repository's own settings give: its one value wherever it
 * is set (every cluster alike), else the controllers' default; settings that
 * disagree leave the default, and say so (`conflicting`, one per value).
 */
export function repositoryRequeue(settings: readonly RequeueSetting[]): { seconds: number; from?: RequeueSetting; conflicting?: RequeueSetting[] } {
  const firstByValue = new Map<number, RequeueSetting>();
  for (const setting of settings) if (!firstByValue.has(setting.seconds)) firstByValue.set(setting.seconds, setting);
  if (firstByValue.size === 1) return { seconds: settings[0]!.seconds, from: settings[0]! };
  if (firstByValue.size === 0) return { seconds: DEFAULT_REQUEUE_SECONDS };
  return { seconds: DEFAULT_REQUEUE_SECONDS, conflicting: [...firstByValue.values()] };
}

/** helm-controller's default `spec.timeout`. */
const HELM_RELEASE_TIMEOUT_SECONDS = 300;

/** A Go duration (`1h30m`, `45s`, `500ms`) in seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ms|h|m|s)/g) : null;
  if (!match) return undefined;
  let seconds = 0;
  for (const part of match) {
    const value = Number.parseFloat(part);
    const unit = part.replace(/^[\d.]+/, '');
    seconds += unit === 'h' ? value * 3600 : unit === 'm' ? value * 60 : unit === 's' ? value : value / 1000;
  }
  return seconds;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}

/**
 * An object's timeout as its controller applies it: a HelmRelease's
 * spec.timeout (default 5m); a Kustomization's spec.timeout, else its
 * interval, never under a minute (kustomize-controller's GetTimeout).
 */
export function timeoutSeconds(object: FluxObject): number {
  const written = object.timeout === undefined ? undefined : parseDuration(object.timeout);
  if (object.kind === 'HelmRelease') return written ?? HELM_RELEASE_TIMEOUT_SECONDS;
  if (object.kind === 'Kustomization') return Math.max(60, written ?? parseDuration(object.interval ?? '') ?? 60);
  return written ?? 0;
}

/**
 * What an object can add to a chain on a cold start: its timeout, except
 * where it is Ready without waiting (a Kustomization with neither wait nor
 * healthChecks, a HelmRelease with install.disableWait), which costs about
 * one dependency requeue.
 */
export function chainSeconds(object: FluxObject, requeueSeconds = DEFAULT_REQUEUE_SECONDS): number {
  if (object.kind === 'Kustomization' && !object.wait && !object.healthChecks) return requeueSeconds;
  if (object.kind === 'HelmRelease' && object.disableWait) return requeueSeconds;
  return timeoutSeconds(object);
}

export interface ColdStart {
  floorSeconds: number;
  worstCaseSeconds: number;
  /** The chain whose timeouts add up to the worst case, first to install first. */
  criticalPath: { id: string; seconds: number }[];
}

export function coldStart(model: FluxModel, requeueSeconds: number): ColdStart {
  const timeoutOf = new Map<string, number>();
  for (const object of model.objects) {
    const id = fluxObjectId(object);
    timeoutOf.set(id, Math.max(timeoutOf.get(id) ?? 0, chainSeconds(object, requeueSeconds)));
  }
  // What each object waits for: its dependencies and the Kustomizations that apply it.
  const waitsFor = new Map<string, Set<string>>();
  for (const id of model.graph.nodes()) waitsFor.set(id, new Set(model.graph.dependencies(id)));
  for (const [parent, children] of model.applies) {
    for (const child of children) waitsFor.get(fluxObjectId(child))?.add(fluxObjectId(parent));
  }
  const best = new Map<string, { total: number; previous?: string }>();
  // Only what sits on an earlier level counts: copies in two clusters that wait on each other share a level
  // (no cluster has that loop), and the critical path must not run through it.
  const levelOf = new Map<string, number>();
  model.order.forEach((level, index) => level.forEach((id) => levelOf.set(id, index)));
  for (const [index, level] of model.order.entries()) {
    for (const id of level) {
      let total = 0;
      let previous: string | undefined;
      for (const dependency of waitsFor.get(id) ?? []) {
        if ((levelOf.get(dependency) ?? -1) >= index) continue;
        const candidate = best.get(dependency)?.total ?? 0;
        if (candidate > total || (candidate === total && previous !== undefined && dependency < previous)) {
          total = candidate;
          previous = dependency;
        }
      }
      best.set(id, { total: total + (timeoutOf.get(id) ?? 0), ...(previous ? { previous } : {}) });
    }
  }
  let end: string | undefined;
  for (const [id, entry] of best) if (end === undefined || entry.total > best.get(end)!.total || (entry.total === best.get(end)!.total && id < end)) end = id;
  const criticalPath: { id: string; seconds: number }[] = [];
  for (let id = end; id !== undefined; id = best.get(id)!.previous) criticalPath.unshift({ id, seconds: timeoutOf.get(id) ?? 0 });
  return {
    floorSeconds: model.order.length * requeueSeconds,
    worstCaseSeconds: end === undefined ? 0 : best.get(end)!.total,
    criticalPath,
  };
}
