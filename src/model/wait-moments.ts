import type { FluxModel } from './flux-graph.js';
import { sharesScope, targetCopies } from './flux-graph.js';
import type { FluxObject } from './flux-objects.js';
import { waitsForExistenceOnly } from './flux-objects.js';

// What waits for what when Flux installs a repository, as a graph of moments:
// each object is applied (its dependencies are Ready and its parent applied it)
// and then Ready (applied, and for a waiting Kustomization, everything it
// applies Ready). dependsOn/wait-deadlock looks for a loop through a wait in
// it; dependsOn/unwaited-kustomization asks whether the wait it would advise
// closes one. What this tool cannot read is left out (a ResourceSet's wait, a
// template's wait, healthChecks without a namespace or naming other kinds, a
// ResourceSet dependency without ready: true, an object with several appliers):
// a loop may be missed, none is found that is not there.

/**
 * Why one moment waits for another: `wait` (a Kustomization's wait: true), `healthCheck` (an object its
 * healthChecks name), `step` (a ResourceSet's later step, applied once its earlier steps are Ready),
 * `dependsOn`, `appliedBy`, or `self` (Ready after applied).
 */
export type StepKind = 'wait' | 'healthCheck' | 'step' | 'dependsOn' | 'appliedBy' | 'self';

/** The steps that wait for something's Ready beyond what dependsOn says: a loop through one is a deadlock. */
export const isWait = (kind: StepKind) => kind === 'wait' || kind === 'healthCheck' || kind === 'step';

export interface Step {
  to: number;
  kind: StepKind;
}

export interface WaitMoments {
  /** The model's objects, in its order; moment 2i is object i Ready, 2i + 1 object i applied. */
  objects: readonly FluxObject[];
  index: ReadonlyMap<FluxObject, number>;
  /** The moments each moment waits for. */
  steps: Step[][];
  /** The steps that are waits, as [from, to]. */
  waits: [from: number, to: number][];
  ready: (object: FluxObject) => number;
  applied: (object: FluxObject) => number;
}

/** One graph per model: dependsOn/wait-deadlock and dependsOn/unwaited-kustomization both read it. */
const built = new WeakMap<FluxModel, WaitMoments>();

export function waitMoments(flux: FluxModel): WaitMoments {
  let moments = built.get(flux);
  if (!moments) built.set(flux, moments = buildWaitMoments(flux));
  return moments;
}

function buildWaitMoments(flux: FluxModel): WaitMoments {
  // In the model's order (by file and place), so what is reported (and its wording) is the same every run.
  const objects = flux.objects;
  const index = new Map<FluxObject, number>(objects.map((object, at) => [object, at]));
  const ready = (object: FluxObject) => 2 * index.get(object)!;
  const applied = (object: FluxObject) => 2 * index.get(object)! + 1;
  const steps: Step[][] = Array.from({ length: 2 * objects.length }, () => []);
  const waits: [from: number, to: number][] = [];
  for (const object of objects) {
    steps[ready(object)]!.push({ to: applied(object), kind: 'self' });
    const parents = flux.appliedBy.get(object) ?? [];
    if (parents.length === 1 && index.has(parents[0]!)) steps[applied(object)]!.push({ to: applied(parents[0]!), kind: 'appliedBy' });
    // What its Ready waits for: what it applies (wait: true), the objects its healthChecks name.
    const appliedHere = new Set(object.wait ? flux.applies.get(object) ?? [] : []);
    for (const target of flux.readyAfter?.get(object) ?? []) {
      if (!index.has(target)) continue;
      waits.push([ready(object), ready(target)]);
      steps[ready(object)]!.push({ to: ready(target), kind: appliedHere.has(target) ? 'wait' : 'healthCheck' });
    }
    for (const earlier of flux.appliedAfter?.get(object) ?? []) {
      if (!index.has(earlier)) continue;
      waits.push([applied(object), ready(earlier)]);
      steps[applied(object)]!.push({ to: ready(earlier), kind: 'step' });
    }
  }
  for (const { from, dependency, resolution } of flux.edges) {
    if (resolution.status !== 'resolved' || !index.has(from)) continue;
    // An item that waits only for the object to exist (a ResourceSet's without ready: true, a readyExpr that reads no status).
    if (waitsForExistenceOnly(from, dependency)) continue;
    // Each cluster's copy of the target, where the dependent's clusters have their own (a review's probe: only cluster
    // b's overlay sets the wait that closes the loop, and the loop was found only where b sorted first).
    for (const target of targetCopies(resolution)) {
      if (index.has(target)) steps[applied(from)]!.push({ to: ready(target), kind: 'dependsOn' });
    }
  }
  return { objects, index, steps, waits, ready, applied };
}

/**
 * Moments a model's searches may visit in all (see waitWouldDeadlock): a search per unwaited Kustomization over a
 * chain of thousands made a repository of 6,000 Kustomizations quadratic (a review's probe: 2.6 s to 9.3 s).
 */
const SEARCH_BUDGET = 2_000_000;

/** What each search of a model shares: the budget left, the moments marked (by search), who depends on what. */
interface SearchState {
  left: number;
  marks: Int32Array;
  search: number;
  dependents: Map<FluxObject, FluxObject[]>;
}
const searches = new WeakMap<WaitMoments, SearchState>();

function searchState(moments: WaitMoments, flux: FluxModel): SearchState {
  let state = searches.get(moments);
  if (!state) {
    const dependents = new Map<FluxObject, FluxObject[]>();
    for (const { from, resolution } of flux.edges) {
      if (resolution.status !== 'resolved') continue;
      for (const target of targetCopies(resolution)) {
        const known = dependents.get(target);
        if (known) known.push(from);
        else dependents.set(target, [from]);
      }
    }
    searches.set(moments, state = { left: SEARCH_BUDGET, marks: new Int32Array(moments.steps.length), search: 0, dependents });
  }
  return state;
}

/**
 * Whether wait: true on `kustomization` would close a loop: its Ready would wait for each object it applies,
 * and one of those waits (through dependsOn, appliers and other waits) for its Ready. First the common case, at
 * the cost of a walk up the appliers: something it applies (or applies through others) depends on it, as a child
 * on its own parent. Then a breadth-first search from those objects' Ready moments, within what is left of the
 * model's budget: past it, no loop is claimed (the advice is then the usual one).
 */
export function waitWouldDeadlock(moments: WaitMoments, flux: FluxModel, kustomization: FluxObject): boolean {
  if (!moments.index.has(kustomization)) return false;
  const state = searchState(moments, flux);
  for (const dependent of state.dependents.get(kustomization) ?? []) {
    const seen = new Set<FluxObject>();
    for (let applier = flux.appliedBy.get(dependent); applier?.length === 1 && !seen.has(applier[0]!); applier = flux.appliedBy.get(applier[0]!)) {
      if (applier[0] === kustomization) return true;
      // An applier in between that does not wait is Ready without the dependent: no loop through it (Apocrathia/
      // homelab: flux-system applies `manifests`, which applies children that depend on flux-system, and does not
      // wait). Its healthChecks, if any, are the search's below.
      if (!applier[0]!.wait) break;
      seen.add(applier[0]!);
    }
  }
  // Each search marks with its own number: no array cleared (or made) per search.
  state.search += 1;
  const { marks, search } = state;
  const goal = moments.ready(kustomization);
  const queue: number[] = [];
  for (const child of flux.applies.get(kustomization) ?? []) {
    if (!moments.index.has(child)) continue;
    const start = moments.ready(child);
    if (marks[start] !== search) {
      marks[start] = search;
      queue.push(start);
    }
  }
  for (let head = 0; head < queue.length; head += 1) {
    if (state.left <= 0) return false;
    state.left -= 1;
    for (const { to } of moments.steps[queue[head]!]!) {
      if (to === goal) return true;
      if (marks[to] === search) continue;
      // A loop closes inside one cluster (as dependsOn/wait-deadlock judges it): a step into another cluster's copy is
      // no part of one (a review's probe: k_a → c → s → t_b → u → k_a was advised against as a deadlock).
      if (!sharesScope(flux.scopesOf, kustomization, moments.objects[to >> 1]!)) continue;
      marks[to] = search;
      queue.push(to);
    }
  }
  return false;
}

/**
 * Of what `kustomization` applies, each object whose Ready waits (through dependsOn, appliers and other waits, inside
 * its cluster) for the Kustomization's Ready, with the way there: a health check on such an object, or on what it
 * creates, closes the loop wait: true would (a trial's probe, szinn/k8s-homelab: external-secrets applies a
 * HelmRelease that depends on onepassword, whose Kustomization depends on external-secrets; the advice was a health
 * check, which deadlocks as well). Each way as moments with the step taken from each, ending at the Kustomization's
 * Ready. Within the model's search budget, as waitWouldDeadlock: past it, fewer are named.
 */
export function childrenWaitingFor(moments: WaitMoments, flux: FluxModel, kustomization: FluxObject): { child: FluxObject; way: { at: number; kind: StepKind }[] }[] {
  if (!moments.index.has(kustomization)) return [];
  const state = searchState(moments, flux);
  const goal = moments.ready(kustomization);
  const found: { child: FluxObject; way: { at: number; kind: StepKind }[] }[] = [];
  for (const child of flux.applies.get(kustomization) ?? []) {
    if (!moments.index.has(child)) continue;
    state.search += 1;
    const { marks, search } = state;
    const start = moments.ready(child);
    const previous = new Map<number, { from: number; kind: StepKind }>();
    marks[start] = search;
    const queue = [start];
    for (let head = 0; head < queue.length && !previous.has(goal); head += 1) {
      if (state.left <= 0) return found;
      state.left -= 1;
      for (const { to, kind } of moments.steps[queue[head]!]!) {
        if (marks[to] === search || (to !== goal && !sharesScope(flux.scopesOf, kustomization, moments.objects[to >> 1]!))) continue;
        marks[to] = search;
        previous.set(to, { from: queue[head]!, kind });
        if (to === goal) break;
        queue.push(to);
      }
    }
    if (!previous.has(goal)) continue;
    const way: { at: number; kind: StepKind }[] = [{ at: goal, kind: 'self' }];
    for (let at = goal; at !== start;) {
      const { from, kind } = previous.get(at)!;
      way.unshift({ at: from, kind });
      at = from;
    }
    found.push({ child, way });
  }
  return found;
}
