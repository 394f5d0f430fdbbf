import type { FluxModel } from './flux-graph.js';
import { applierKey } from './flux-graph.js';
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
/** flux-operator's default --requeue-dependency. */
const RESOURCE_SET_REQUEUE_SECONDS = 5;
/** flux-operator's ResourceSet timeout without its reconcileTimeout annotation (ResourceSet.GetTimeout). */
const RESOURCE_SET_TIMEOUT_SECONDS = 300;
/** kustomize-controller's least timeout, and how much less than the interval it defaults to (Kustomization.GetTimeout). */
const KUSTOMIZATION_TIMEOUT_FLOOR_SECONDS = 30;

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
  // Below a minute, as precisely as a requeue interval is written (500ms, 1.25s, 0.5ms): rounded to whole seconds,
  // 3 levels × 500 ms read "3 × 1 s = 2 s" (a trial's probe), and to tenths, 1.25 s read 1.3 s (a review's).
  // (The unit is chosen after the rounding: 59.9996 s is a minute, not "60 s", and 0.9999996 s a second.)
  const rounded = Number(seconds.toFixed(3));
  if (seconds > 0 && rounded < 1) return `${Number((seconds * 1000).toFixed(3))} ms`;
  if (rounded < 60) return `${rounded} s`;
  // From a minute on, whole seconds, rounded before they are split (59.99 s × 5 read "4 min 60 s").
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes < 60) return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}${rest === 0 ? '' : ` ${rest} s`}`;
}

/**
 * An object's timeout on a cold start, as its controller applies it: a HelmRelease's spec.install.timeout, else
 * its spec.timeout (default 5m: helm-controller's install action, GetInstall().GetTimeout(GetTimeout())); a
 * Kustomization's spec.timeout, else its interval less 30 s, never under 30 s (kustomize-controller's
 * Kustomization.GetTimeout; a trial's note: this said the interval, never under a minute); a ResourceSet's
 * reconcileTimeout annotation, else 5 min (flux-operator's ResourceSet.GetTimeout).
 */
export function timeoutSeconds(object: FluxObject): number {
  const written = object.timeout === undefined ? undefined : parseDuration(object.timeout);
  if (object.kind === 'HelmRelease') return (object.installTimeout === undefined ? undefined : parseDuration(object.installTimeout)) ?? written ?? HELM_RELEASE_TIMEOUT_SECONDS;
  if (object.kind === 'Kustomization') {
    const unwritten = (parseDuration(object.interval ?? '') ?? 0) - KUSTOMIZATION_TIMEOUT_FLOOR_SECONDS;
    return Math.max(KUSTOMIZATION_TIMEOUT_FLOOR_SECONDS, written ?? unwritten);
  }
  return written ?? RESOURCE_SET_TIMEOUT_SECONDS;
}

/**
 * Where a Kustomization's timeout comes from when it writes none (`timeoutSeconds`): its interval less 30 s, or the
 * 30 s floor; undefined where spec.timeout is written. Said beside the figure, which no file shows.
 */
export function defaultedKustomizationTimeout(object: FluxObject): string | undefined {
  if (object.kind !== 'Kustomization' || object.timeout !== undefined) return undefined;
  return defaultTimeoutIsFloor(object) ? 'no spec.timeout: the 30 s kustomize-controller gives at least' : `no spec.timeout: its interval, ${object.interval}, less 30 s`;
}

/** Whether a Kustomization without spec.timeout gets kustomize-controller's 30 s floor, its interval less 30 s being no more. */
export function defaultTimeoutIsFloor(object: FluxObject): boolean {
  return (parseDuration(object.interval ?? '') ?? 0) - KUSTOMIZATION_TIMEOUT_FLOOR_SECONDS <= KUSTOMIZATION_TIMEOUT_FLOOR_SECONDS;
}

/**
 * What an object can add to a chain on a cold start: its timeout, except
 * where it is Ready without waiting (a Kustomization with neither wait nor
 * healthChecks, a HelmRelease with install.disableWait), which costs about
 * one dependency requeue.
 */
export function chainSeconds(object: FluxObject, requeueSeconds = DEFAULT_REQUEUE_SECONDS): number {
  if (readyWithoutWaiting(object)) return requeueSeconds;
  // A ResourceSet without spec.wait is Ready once it has applied: its timeout is waited out only with wait.
  if (object.kind === 'ResourceSet' && !object.wait) return 0;
  return timeoutSeconds(object);
}

/** A Kustomization with neither wait nor healthChecks, or a HelmRelease with install.disableWait: Ready once applied. */
export function readyWithoutWaiting(object: FluxObject): boolean {
  return (object.kind === 'Kustomization' && !object.wait && !object.healthChecks) || (object.kind === 'HelmRelease' && object.disableWait === true);
}

export interface ColdStart {
  /** The issue's floor: install levels × the dependency requeue. */
  floorSeconds: number;
  /**
   * When the last object starts at the earliest, every object taking no time: a requeue for each dependsOn wait on
   * the way (its controller finds the dependency not Ready yet and looks again a requeue later), none for what an
   * applier creates (reconciled at once) nor for a ResourceSet's later step.
   */
  leastStartSeconds: number;
  worstCaseSeconds: number;
  /**
   * The chain whose timeouts add up to the worst case, first to install first. A step that `applies` the next is
   * on the chain for when it starts, not for its timeout (that covers what it applies): not added. Where the next
   * waits only for an object it applies to exist (a ResourceSet's dependsOn item without ready: true), `creates`
   * names that object: the applier does not apply the next; `createsReady`: an object of another kind a ResourceSet
   * creates whose Ready the next waits for (`ready: true`), seen a requeue later at least. A step that waited for
   * the one before it through dependsOn starts `afterRequeue`: its controller sees that dependency Ready at its next
   * dependency requeue.
   */
  /**
   * `readyWithoutWait`: the object is Ready without waiting for what it applies or installs, so its seconds are the
   * one requeue it costs, not a timeout (a trial's note: `flux-system 30 s` read as its timeout).
   */
  criticalPath: { id: string; seconds: number; applies?: boolean; creates?: string; createsReady?: boolean; afterRequeue?: boolean; requeueSeconds?: number; readyWithoutWait?: boolean }[];
}

export function coldStart(model: FluxModel, requeueSeconds: number): ColdStart {
  // Each cluster installs its own copies: a chain that runs from one cluster's copy to an object only another cluster
  // has is no cluster's (a trial's probe, samip5/k8s-cluster: flux-deploy of media on to shared of nebula). Where the
  // repository shows clusters, the slowest cluster's estimate, else the whole repository's.
  // (A cluster as explain names them: a FluxInstance's sync path, or a root that applies its own directory. An object
  // of no known cluster counts in each.)
  const scopesOf = model.scopesOf;
  const marked = new Set([...model.repository.syncDirs ?? [], ...(model.repository.fromEntryPoints ? model.repository.entryDirs ?? [] : [])]);
  // (Each object's clusters once: every estimate asks of every object, edge and relation.)
  const clustersOf = new Map(model.objects.map((object) => [object, [...scopesOf?.(object) ?? []].filter((scope) => marked.has(scope))]));
  const clusters = [...new Set([...clustersOf.values()].flat())].sort();
  if (clusters.length <= 1) return coldStartOf(model, requeueSeconds, () => true);
  let slowest: ColdStart | undefined;
  // (The earliest start is the latest cluster's, which need not be the one whose worst case is longest: a review's probe.)
  let leastStartSeconds = 0;
  for (const cluster of clusters) {
    const estimate = coldStartOf(model, requeueSeconds, (object) => {
      const own = clustersOf.get(object) ?? [];
      return own.length === 0 || own.includes(cluster);
    });
    if (!slowest || estimate.worstCaseSeconds > slowest.worstCaseSeconds) slowest = estimate;
    leastStartSeconds = Math.max(leastStartSeconds, estimate.leastStartSeconds);
  }
  return { ...slowest!, leastStartSeconds };
}

/** The estimate over the objects `inScope` keeps (a cluster's copies), by their own relations only. */
function coldStartOf(model: FluxModel, requeueSeconds: number, inScope: (object: FluxObject) => boolean): ColdStart {
  const timeoutOf = new Map<string, number>();
  // Ids whose every copy is Ready without waiting: their seconds are a requeue.
  const waitless = new Map<string, boolean>();
  for (const object of model.objects) {
    if (!inScope(object)) continue;
    const id = fluxObjectId(object);
    timeoutOf.set(id, Math.max(timeoutOf.get(id) ?? 0, chainSeconds(object, requeueSeconds)));
    waitless.set(id, (waitless.get(id) ?? true) && readyWithoutWaiting(object));
  }
  // The dependency requeue of each object's controller: flux-operator's --requeue-dependency defaults to 5 s (its
  // cmd/operator/main.go), never more than the controllers' here (a review's note: 30 s was added for a ResourceSet).
  const resourceSets = new Set(model.objects.filter((object) => object.kind === 'ResourceSet').map(fluxObjectId));
  const requeueOf = (id: string) => (resourceSets.has(id) ? Math.min(requeueSeconds, RESOURCE_SET_REQUEUE_SECONDS) : requeueSeconds);
  // What each copy here depends on, by id (the graph merges every cluster's copies).
  const dependenciesOf = new Map<string, Set<string>>();
  for (const edge of model.edges) {
    if (edge.resolution.status !== 'resolved' || !inScope(edge.from) || !inScope(edge.resolution.target)) continue;
    const from = fluxObjectId(edge.from);
    const to = fluxObjectId(edge.resolution.target);
    if (from !== to) dependenciesOf.set(from, (dependenciesOf.get(from) ?? new Set()).add(to));
  }
  // For each object: when it starts at the latest, and the object whose Ready decides that (the path runs back through it).
  const start = new Map<string, { at: number; after?: string; applies?: boolean; creates?: string; createsReady?: boolean; requeue?: boolean }>();
  const best = new Map<string, { total: number; previous?: string; applies?: boolean; creates?: string; createsReady?: boolean; requeue?: boolean }>();
  // Only what sits on an earlier level counts: copies in two clusters that wait on each other share a level
  // (no cluster has that loop), and the critical path must not run through it.
  const levelOf = new Map<string, number>();
  model.order.forEach((level, index) => level.forEach((id) => levelOf.set(id, index)));
  const later = (candidate: number, after: string | undefined, current: { at: number; after?: string }) =>
    candidate > current.at || (candidate === current.at && after !== undefined && current.after !== undefined && after < current.after);
  // Relations between objects, by id (copies of one object merged; an object and a copy of itself are no pair).
  const byIds = (relation: ReadonlyMap<FluxObject, readonly FluxObject[]> | undefined) => {
    const ids = new Map<string, Set<string>>();
    for (const [object, others] of relation ?? []) {
      if (!inScope(object)) continue;
      const id = fluxObjectId(object);
      for (const other of others) if (inScope(other) && fluxObjectId(other) !== id) ids.set(id, (ids.get(id) ?? new Set()).add(fluxObjectId(other)));
    }
    return ids;
  };
  // What each object waits for: its dependencies' Ready, and the start of the Kustomizations that apply it (it is
  // created when its applier applies; a waiting applier's timeout covers its children, it does not come before them).
  const appliersOf = byIds(model.appliedBy);
  // Whether an applier creates the object on a cold start: not where an earlier one of its cluster already has (the
  // levels go without those edges too: FluxModel.laterAppliers).
  const creates = (applier: string, id: string) => !model.laterAppliers?.has(applierKey(applier, id));
  // What a Kustomization's Ready waits for (wait: true, healthChecks): it is Ready when they are, even past its own
  // timeout (it retries); and what a ResourceSet's later step waits for before it is applied (the earlier steps).
  const readyAfter = byIds(model.readyAfter);
  const appliedAfter = byIds(model.appliedAfter);
  // When an object is Ready at the latest, and the object whose Ready decides that, where it is another's.
  const readyTimes = new Map<string, { at: number; after: string }>();
  const readyTime = (id: string): { at: number; after: string } => {
    let known = readyTimes.get(id);
    if (known) return known;
    known = { at: best.get(id)?.total ?? 0, after: id };
    readyTimes.set(id, known); // a loop of waits ends here
    for (const target of readyAfter.get(id) ?? []) {
      const candidate = readyTime(target);
      if (candidate.at > known.at) known = { at: candidate.at, after: candidate.after };
    }
    readyTimes.set(id, known);
    return known;
  };
  // The earliest start of each object, and its earliest Ready (no time taken, but what its wait covers Ready first).
  const least = new Map<string, number>();
  const leastReadyTimes = new Map<string, number>();
  const leastReady = (id: string): number => {
    let known = leastReadyTimes.get(id);
    if (known !== undefined) return known;
    leastReadyTimes.set(id, known = least.get(id) ?? 0); // a loop of waits ends here
    for (const target of readyAfter.get(id) ?? []) known = Math.max(known, leastReady(target));
    leastReadyTimes.set(id, known);
    return known;
  };
  /** The earliest start of `id` on level `index`, from those of what is on earlier levels. */
  const leastStart = (id: string, index: number): number => {
    const earlier = (other: string) => (levelOf.get(other) ?? -1) < index;
    const existing = model.existsAfter?.get(id);
    let created = 0;
    for (const applier of appliersOf.get(id) ?? []) if (earlier(applier) && creates(applier, id)) created = Math.max(created, least.get(applier) ?? 0);
    // (An object of another kind whose Ready the item asks for is seen Ready a requeue after it is created, at least.)
    let readyCreated = 0;
    for (const [target, appliers] of existing ?? []) {
      const readyWanted = model.readyCreated?.has(`${id}\u0000${target}`) ?? false;
      for (const applier of appliers) {
        if (!earlier(applier) || !creates(applier, target)) continue;
        if (readyWanted) readyCreated = Math.max(readyCreated, (least.get(applier) ?? 0) + requeueOf(id));
        else created = Math.max(created, least.get(applier) ?? 0);
      }
    }
    let at = Math.max(created, readyCreated);
    for (const step of appliedAfter.get(id) ?? []) if (earlier(step)) at = Math.max(at, leastReady(step));
    // A dependency Ready no sooner than the object exists is seen Ready at a later look, one requeue after another.
    for (const dependency of dependenciesOf.get(id) ?? []) {
      if (!earlier(dependency) || existing?.has(dependency)) continue;
      const ready = leastReady(dependency);
      if (ready >= created) at = Math.max(at, created + (Math.floor((ready - created) / requeueOf(id)) + 1) * requeueOf(id));
    }
    return at;
  };
  for (const [index, level] of model.order.entries()) {
    for (const id of level) {
      if (!timeoutOf.has(id)) continue; // no copy in this cluster
      least.set(id, leastStart(id, index));
      let latest: { at: number; after?: string; applies?: boolean; creates?: string; createsReady?: boolean; requeue?: boolean } = { at: 0 };
      // When what creates it starts, at the latest: a dependency Ready before that costs no requeue.
      let created = 0;
      // A dependency that need only exist (a ResourceSet's item without ready) is waited for until what applies it
      // starts, not until it is Ready (a review's probe: dropped, the wait for its applier went with it).
      const existing = model.existsAfter?.get(id);
      for (const [target, appliers] of existing ?? []) {
        // An object of another kind whose Ready the item asks for (FluxModel.readyCreated): not found Ready when the
        // dependent is first looked at, so seen at a later look, one requeue at least (a review's probe).
        const readyWanted = model.readyCreated?.has(`${id}\u0000${target}`) ?? false;
        for (const applier of appliers) {
          if ((levelOf.get(applier) ?? -1) >= index || !creates(applier, target)) continue;
          const applied = start.get(applier);
          if (!applied) continue;
          if (!readyWanted) created = Math.max(created, applied.at);
          const at = readyWanted ? applied.at + requeueOf(id) : applied.at;
          if (later(at, applier, latest)) latest = { at, after: applier, applies: true, creates: target, ...(readyWanted ? { requeue: true, createsReady: true } : {}) };
        }
      }
      const dependsOn = [...dependenciesOf.get(id) ?? []];
      for (const dependency of [...dependsOn, ...(appliedAfter.get(id) ?? [])]) {
        if ((levelOf.get(dependency) ?? -1) >= index || existing?.has(dependency)) continue;
        const ready = readyTime(dependency);
        // (A later step of a ResourceSet is applied in the same reconciliation: no requeue.)
        if (later(ready.at, ready.after, latest)) latest = { at: ready.at, after: ready.after, ...(dependsOn.includes(dependency) ? { requeue: true } : {}) };
      }
      for (const applier of appliersOf.get(id) ?? []) {
        if ((levelOf.get(applier) ?? -1) >= index || !creates(applier, id)) continue;
        const applied = start.get(applier);
        if (applied) created = Math.max(created, applied.at);
        // (At a tie with nothing before it, the applier still goes on the path: it says where the object comes from.)
        if (applied && (later(applied.at, applier, latest) || (applied.at === latest.at && latest.after === undefined))) latest = { at: applied.at, after: applier, applies: true };
      }
      // Its controller finds a dependency not Ready when it is created, and looks again one dependency requeue later
      // (--requeue-dependency): one Ready after the object exists is seen up to a requeue late (a trial's note: the
      // worst case came out under the floor of levels × requeue).
      // (One for an object of another kind whose Ready it waits for is counted above.)
      if (latest.requeue && !latest.createsReady && latest.at > created) latest = { ...latest, at: latest.at + requeueOf(id) };
      else if (latest.requeue && !latest.createsReady) delete latest.requeue;
      start.set(id, latest);
      best.set(id, {
        total: latest.at + (timeoutOf.get(id) ?? 0), ...(latest.after ? { previous: latest.after } : {}), ...(latest.applies ? { applies: true } : {}),
        ...(latest.creates ? { creates: latest.creates } : {}), ...(latest.createsReady ? { createsReady: true } : {}), ...(latest.requeue ? { requeue: true } : {}),
      });
    }
  }
  let end: string | undefined;
  for (const [id, entry] of best) if (end === undefined || entry.total > best.get(end)!.total || (entry.total === best.get(end)!.total && id < end)) end = id;
  const criticalPath: ColdStart['criticalPath'] = [];
  // An applier on the chain stands for its start: the chain goes on from what its start waited for.
  let appliesNext = false;
  let createsNext: string | undefined;
  let createsReadyNext = false;
  for (let id = end; id !== undefined;) {
    const entry = best.get(id)!;
    criticalPath.unshift({
      id, seconds: timeoutOf.get(id) ?? 0, ...(appliesNext ? { applies: true } : {}), ...(createsNext ? { creates: createsNext } : {}),
      ...(createsNext && createsReadyNext ? { createsReady: true } : {}),
      ...(entry.requeue ? { afterRequeue: true, requeueSeconds: requeueOf(id) } : {}),
      // (An applier's step counts no seconds of its own: nothing to say of them.)
      ...(waitless.get(id) && !appliesNext ? { readyWithoutWait: true } : {}),
    });
    appliesNext = entry.applies === true;
    createsNext = entry.creates;
    createsReadyNext = entry.createsReady === true;
    id = entry.previous;
  }
  return {
    floorSeconds: model.order.length * requeueSeconds,
    // (A loop, not a spread: a repository of a hundred thousand objects would pass as many arguments.)
    leastStartSeconds: [...least.values()].reduce((latest, at) => Math.max(latest, at), 0),
    worstCaseSeconds: end === undefined ? 0 : best.get(end)!.total,
    criticalPath,
  };
}
