import type { FluxModel } from '../model/flux-graph.js';
import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { isWait, waitMoments } from '../model/wait-moments.js';
import type { Step, StepKind } from '../model/wait-moments.js';
import { describeObject, stalledBehind, subject } from './flux-subjects.js';
import { displayLocation } from '../model/paths.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A Kustomization with wait: true is Ready only once everything it applies is.
// When one of those objects depends, through dependsOn and the Kustomizations
// that apply things, on something that waits for that Kustomization to be
// Ready, neither ever is: kustomize-controller times out, retries, and times
// out again. No dependsOn cycle shows it (graph/cycle sees none): the loop
// closes through the wait. The commonest form is a HelmRelease that depends on
// a HelmRelease of a Kustomization that depends on the applier, or a child
// Kustomization that depends on its own waiting parent.
//
// Each object has two moments: it is applied and it is Ready (see
// src/model/wait-moments.ts). A loop among these moments that passes through
// a wait is a deadlock: one may be missed, none is claimed that is not there.
//
// A ResourceSet's spec.steps (flux-operator 0.53) wait too: a step is applied
// only once every resource of the steps before it is Ready. An object of an
// early step that depends on one of a later step closes a loop through that wait.

export default defineRule({
  id: 'dependsOn/wait-deadlock',
  severity: 'error',
  description: 'a Kustomization with wait: true applies an object that waits, through dependsOn, for something that waits for that Kustomization: neither ever becomes Ready',
  help: 'Drop wait: true and give the Kustomization healthChecks for only what its dependents need, or remove one dependency of the loop.',
  check(model) {
    return model.flux ? waitDeadlocks(model.flux, model.repository.cwd) : [];
  },
});

/** The deadlocks of a repository's graph, one finding per knot (order reads them too: it cannot place them). */
export function waitDeadlocks(flux: FluxModel, cwd: string): RuleFinding[] {
  return waitDeadlockKnots(flux, cwd).map(({ finding }) => finding);
}

/**
 * Each deadlock's finding with the ids of the objects on its loop and of those that stall behind it (explain lists
 * the finding on each of them, as it lists a cycle's on each member: a trial's probe, only the object the finding
 * is located at had it).
 */
/** `cwd`: what the paths a message names are relative to. */
export function waitDeadlockKnots(flux: FluxModel, cwd: string): { finding: RuleFinding; members: string[]; stalled: string[] }[] {
  // The moments of the install and what each waits for (src/model/wait-moments.ts), in the model's order.
  const { objects, index, steps, waits, ready, applied } = waitMoments(flux);
  // Most repositories have no loop through a wait at all: one pass over every moment says so.
  const loose = stronglyConnected(steps);
  if (!waits.some(([from, to]) => loose[from] === loose[to])) return [];
  // A loop that closes without any wait is a dependsOn cycle (or a dependency on what only the dependent
  // applies), graph/cycle's finding with or without wait: the moments on one are left out here.
  const withoutWaits = stronglyConnected(steps.map((list) => list.filter((step) => !isWait(step.kind))));
  const sizes = new Map<number, number>();
  for (const component of withoutWaits) sizes.set(component, (sizes.get(component) ?? 0) + 1);
  const cyclic = (moment: number) => sizes.get(withoutWaits[moment]!)! > 1;
  for (let moment = 0; moment < steps.length; moment += 1) steps[moment] = cyclic(moment) ? [] : steps[moment]!.filter((step) => !cyclic(step.to));
  const component = stronglyConnected(steps);

  const knots: { finding: RuleFinding; members: string[]; stalled: string[] }[] = [];
  const reported = new Set<string>();
  // What waits for each moment (built once, where there is a loop to tell what stalls behind).
  let waitedBy: number[][] | undefined;
  // One finding per knot (strongly connected set of moments), at the Kustomization in it that waits for most of
  // it (a hub waiting for thousands of children that depend on it is one mistake, not one per child; a finding
  // per wait, each with its own search through the knot, made such a repository quadratic).
  // (A later step's object waits at its applied moment, a Kustomization at its Ready one.)
  const chosen = new Map<number, { waiting: FluxObject; from: number; closing: Step; waits: number }>();
  for (const waiting of objects) {
    for (const from of [ready(waiting), applied(waiting)]) {
      const inside = steps[from]!.filter((step) => isWait(step.kind) && component[step.to] === component[from]);
      const known = chosen.get(component[from]!);
      if (inside.length > 0 && (!known || inside.length > known.waits)) chosen.set(component[from]!, { waiting, from, closing: inside[0]!, waits: inside.length });
    }
  }
  for (const { waiting, from, closing } of [...chosen.values()].sort((a, b) => index.get(a.waiting)! - index.get(b.waiting)!)) {
    const loop = [{ at: from, kind: closing.kind }, ...pathWithin(steps, component, closing.to, from)];
    // Copies of one base in several clusters are distinct objects, but a dependency may resolve to another
    // cluster's copy: a loop no single cluster holds is none (as graph/cycle judges its cycles).
    if (!inOneCluster(loop.map(({ at }) => objects[at >> 1]!), flux.scopesOf)) continue;
    const members = new Set(loop.map(({ at }) => fluxObjectId(objects[at >> 1]!)));
    waitedBy ??= reverseSteps(steps);
    const stalled = stalledBehindLoop(waitedBy, loop.map(({ at }) => at), objects, members);
    const behind = stalled.length === 0 ? '' : `; ${stalledBehind(stalled)}`;
    const child = objects[closing.to >> 1]!;
    // A step loop: the earlier step's health check never passes, and flux-operator retries from the first step.
    const stuck = closing.kind === 'step' ? `${stepOwner(waiting)} stops at step "${child.step?.name}" on every retry` : `${waiting.name} times out on every retry`;
    const message = `deadlock: ${describeLoop(loop, objects, cwd)}: none of them ever becomes Ready, and ${stuck}${behind}`;
    const location = (closing.kind === 'wait' ? waiting.waitPatchedAt ?? waiting.waitLocation : undefined) ?? waiting.location;
    const key = `${message}\u0000${location.file}:${location.line}:${location.column}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const finding: RuleFinding = {
      message,
      // A ResourceSet has no healthChecks (flux-operator's ResourceSetSpec): its wait goes, or the loop is cut.
      fix: closing.kind === 'wait' && waiting.kind === 'ResourceSet'
        ? `drop spec.wait from ResourceSet ${waiting.name}, or remove one dependency of this loop`
        : closing.kind === 'wait'
        ? `drop wait: true from ${waiting.name} and give it healthChecks for what its dependents need (not ${describeObject(child)}), or remove one dependency of this loop`
        : closing.kind === 'step'
          ? `nothing can wait for a later step: move ${describeObject(child)} into step "${waiting.step?.name}" or a later one, or remove one dependency of this loop`
          : `remove ${describeObject(child)} from the healthChecks of ${waiting.name}, or remove one dependency of this loop`,
      ...subject(waiting),
      dependency: child.name,
      location,
    };
    knots.push({ finding, members: [...members].sort(), stalled });
  }
  return knots;
}

/** For each moment, the moments that wait for it. */
function reverseSteps(steps: readonly Step[][]): number[][] {
  const waitedBy: number[][] = Array.from({ length: steps.length }, () => []);
  steps.forEach((list, moment) => {
    for (const step of list) waitedBy[step.to]!.push(moment);
  });
  return waitedBy;
}

/**
 * The objects, other than the loop's, that never become Ready because of it: every moment that waits, through
 * any chain of waits, for a moment of the loop never comes. Moments, not objects: a waiting Kustomization of the
 * loop has applied its children before it waits, so a child that waits for nothing stalls behind nothing (a
 * trial's probe: "1 more object stalls behind it" named a sibling that becomes Ready on its own).
 */
function stalledBehindLoop(waitedBy: readonly number[][], loop: readonly number[], objects: readonly FluxObject[], members: ReadonlySet<string>): string[] {
  const stalled = new Uint8Array(waitedBy.length);
  const queue = [...loop];
  for (const moment of loop) stalled[moment] = 1;
  while (queue.length > 0) {
    for (const waiting of waitedBy[queue.pop()!]!) {
      if (stalled[waiting]) continue;
      stalled[waiting] = 1;
      queue.push(waiting);
    }
  }
  const ids = new Set<string>();
  objects.forEach((object, index) => {
    const id = fluxObjectId(object);
    if (stalled[2 * index] && !members.has(id)) ids.add(id);
  });
  return [...ids].sort();
}

function inOneCluster(objects: readonly FluxObject[], scopesOf: ((object: FluxObject) => ReadonlySet<string>) | undefined): boolean {
  if (!scopesOf) return true;
  let common: Set<string> | undefined;
  for (const object of objects) {
    const scopes = scopesOf(object);
    common = common === undefined ? new Set(scopes) : new Set([...common].filter((scope) => scopes.has(scope)));
    if (common.size === 0) return false;
  }
  return true;
}

/** The ResourceSet that generated an object from its steps, as messages name it. */
function stepOwner(object: FluxObject): string {
  return object.generatedBy ? shortId(object.generatedBy) : 'its ResourceSet';
}

/** At most this many steps of a loop are spelt out; a longer one says how many more. */
const SHOWN_STEPS = 12;

/**
 * The loop in words, one clause per step that says something (Ready after applied goes without saying); a way that
 * is no loop ends with a `self` step, which says nothing (dependsOn/unwaited-kustomization's).
 */
export function describeLoop(loop: readonly { at: number; kind: StepKind }[], objects: readonly FluxObject[], cwd: string): string {
  const clauses: string[] = [];
  for (let position = 0; position < loop.length; position += 1) {
    const { at, kind } = loop[position]!;
    const here = objects[at >> 1]!;
    const next = objects[loop[(position + 1) % loop.length]!.at >> 1]!;
    if (kind === 'wait') clauses.push(`${describeObject(here)} has wait: true${here.waitPatchedAt ? ` (the patch at ${displayLocation(cwd, here.waitPatchedAt)} sets it)` : ''}, so it is Ready only once ${describeObject(next)}, which it applies, is`);
    else if (kind === 'healthCheck') clauses.push(`${describeObject(here)} health-checks ${describeObject(next)}, so it is Ready only once that is`);
    else if (kind === 'step') clauses.push(`${describeObject(here)} is in step "${here.step?.name}" of ${stepOwner(here)}, applied only once ${describeObject(next)} of step "${next.step?.name}" is Ready`);
    else if (kind === 'dependsOn') clauses.push(`${describeObject(here)} depends on ${describeObject(next)}`);
    else if (kind === 'appliedBy') clauses.push(`${describeObject(here)} is applied by ${describeObject(next)}`);
  }
  if (clauses.length <= SHOWN_STEPS) return clauses.join('; ');
  return `${clauses.slice(0, SHOWN_STEPS).join('; ')}; … ${clauses.length - SHOWN_STEPS} more steps back to ${describeObject(objects[loop[0]!.at >> 1]!)}`;
}

/**
 * The shortest way from moment `start` back to `goal` inside their strongly
 * connected component (breadth first): each moment with the step taken from it.
 */
function pathWithin(steps: readonly Step[][], component: Int32Array, start: number, goal: number): { at: number; kind: StepKind }[] {
  const previous = new Map<number, { from: number; kind: StepKind }>([[start, { from: -1, kind: 'self' }]]);
  const queue = [start];
  for (let head = 0; head < queue.length && !previous.has(goal); head += 1) {
    const at = queue[head]!;
    for (const step of steps[at]!) {
      if (component[step.to] !== component[start] || previous.has(step.to)) continue;
      previous.set(step.to, { from: at, kind: step.kind });
      queue.push(step.to);
    }
  }
  const path: { at: number; kind: StepKind }[] = [];
  for (let at = goal; at !== start;) {
    const { from, kind } = previous.get(at)!;
    path.push({ at: from, kind });
    at = from;
  }
  return path.reverse();
}

/** Tarjan's strongly connected components, iterative (a repository's chains may be deep): the component of each moment. */
function stronglyConnected(steps: readonly Step[][]): Int32Array {
  const count = steps.length;
  const component = new Int32Array(count).fill(-1);
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < count; root += 1) {
    if (order[root] !== -1) continue;
    const frames: { at: number; next: number }[] = [{ at: root, next: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const out = steps[frame.at]!;
      if (frame.next < out.length) {
        const to = out[frame.next++]!.to;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push(to);
          onStack[to] = 1;
          frames.push({ at: to, next: 0 });
        } else if (onStack[to]) low[frame.at] = Math.min(low[frame.at]!, order[to]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames.at(-1)!.at;
        low[parent] = Math.min(low[parent]!, low[frame.at]!);
      }
      if (low[frame.at] === order[frame.at]) {
        for (;;) {
          const member = stack.pop()!;
          onStack[member] = 0;
          component[member] = components;
          if (member === frame.at) break;
        }
        components += 1;
      }
    }
  }
  return component;
}
