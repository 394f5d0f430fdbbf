import { chainSeconds, defaultedKustomizationTimeout, defaultTimeoutIsFloor, formatDuration, parseDuration, readyWithoutWaiting, repositoryRequeue, timeoutSeconds } from '../model/cold-start.js';
import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId } from '../model/flux-objects.js';
import { displayLocation } from '../model/paths.js';
import { describeObject, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A Kustomization with wait: true is Ready only when everything it applies is,
// and gives up after its timeout. When what it applies installs in a chain
// (dependsOn among its own children), the chain runs one link after another:
// a timeout shorter than the chain's timeouts added up can fail the parent on
// a cold start although every child would have come up.
export default defineRule({
  id: 'order/parent-timeout',
  severity: 'warning',
  description: 'a Kustomization with wait: true (or healthChecks) whose timeout is shorter than the slowest dependsOn chain among the objects it waits for',
  help: 'Raise the parent\'s spec.timeout to the chain\'s total, or split the chain across Kustomizations that depend on each other.',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux) return findings;
    // What does not wait costs one dependency requeue: the repository's own --requeue-dependency where it sets one.
    const requeue = repositoryRequeue(flux.repository.requeueSettings).seconds;
    // Each object's own dependencies: copies of one file in two clusters share an id, and the graph by id holds
    // the edges of both (a trial's probe: aclerici38/home-ops's cloud copy of a release got the home copy's chain).
    const dependenciesOf = new Map<FluxObject, string[]>();
    for (const { from, resolution } of flux.edges) {
      if (resolution.status !== 'resolved') continue;
      const known = dependenciesOf.get(from);
      if (known) known.push(fluxObjectId(resolution.target));
      else dependenciesOf.set(from, [fluxObjectId(resolution.target)]);
    }
    const levelOf = new Map<string, number>();
    flux.order.forEach((level, index) => { for (const id of level) levelOf.set(id, index); });
    // What each parent waits for: with wait: true, everything it applies; else with healthChecks, the HelmReleases and
    // Kustomizations they name (FluxModel.readyAfter), which kustomize-controller waits for up to the same spec.timeout
    // (a trial's probe: CloudHub-Social's 15 min health checks of rook-ceph releases given 30 min and 1 h).
    const waiting = new Map<FluxObject, readonly FluxObject[]>();
    for (const [parent, children] of flux.applies) if (parent.kind === 'Kustomization' && parent.wait) waiting.set(parent, children);
    for (const [parent, checked] of flux.readyAfter ?? []) if (parent.kind === 'Kustomization' && !parent.wait && parent.healthChecks) waiting.set(parent, checked);
    for (const [parent, children] of waiting) {
      // A wait a ResourceSet's template decides is not known: taken as set, it is no ground for a warning here.
      // A chain of one counts too: one HelmRelease whose install may outlast the parent's health check (a trial's
      // probe: eleboucher/homelab's webhook-ovh waits 5 min for a release given 10).
      if (parent.waitAssumed || children.length === 0) continue;
      // The slowest chain that can be judged: not a chain of one with a default timeout (a review's probe: a sibling
      // with helm-controller's default hid one given 4 min under a parent waiting 3), nor one whose only member that
      // waits has such a timeout (what does not wait adds a requeue each, and the default says nothing of how long the
      // install takes: a trial's probe, shelken/home-ops, where a sibling without wait made certificates-import's
      // 1 h interval a "1 h chain"); a slower chain of those never hides one that can (a review's probe).
      const chain = slowestJudgedChain(children, dependenciesOf, levelOf, requeue, parent);
      if (chain.objects.length === 0) continue;
      const limit = timeoutSeconds(parent);
      if (chain.seconds <= limit) continue;
      // A timeout a patch of the build gives it (a parent's spec.patches for every child): raised there, or the
      // patch writes over whatever its file says (a trial's probe: aclerici38/home-ops).
      const patchedAt = parent.timeoutPatchedAt ? displayLocation(model.repository.cwd, parent.timeoutPatchedAt) : undefined;
      // A figure no file shows: where it comes from (a trial's note: "9 min 30 s" read as a mistake).
      const defaulted = patchedAt ? undefined : defaultedKustomizationTimeout(parent);
      findings.push({
        message: `${describeObject(parent)} waits at most ${formatDuration(limit)} (${parent.wait ? 'wait: true' : 'healthChecks'}${patchedAt ? `; the timeout is set by the patch at ${patchedAt}` : ''}${defaulted ? `; ${defaulted}` : ''}) for ${parent.wait ? 'what it applies' : 'what its health checks name'}, but ${chain.objects.length === 1
          ? `${describeObject(chain.objects[0]!)} alone can take ${formatDuration(chain.seconds)} (its timeout); on a cold start it may fail before that install finishes`
          : `its slowest chain can take ${formatDuration(chain.seconds)}: ${chain.objects.map((object) => `${describeObject(object)} ${formatDuration(chainSeconds(object, requeue))}`).join(' → ')}${defaultsNote(chain.objects)}; on a cold start it may fail before the chain finishes`}`,
        fix: `${patchedAt
          ? `raise the timeout the patch at ${patchedAt} gives ${parent.name} to at least ${formatDuration(chain.seconds)} (it overrides any spec.timeout of its own file)`
          : `raise spec.timeout of ${parent.name} to at least ${formatDuration(chain.seconds)}`}, ${chain.objects.length === 1
          ? `or give ${chain.objects[0]!.name} a timeout within it` : 'or split the chain into Kustomizations that depend on each other'}`,
        ...subject(parent),
        // At what the fix changes: the patch that sets the timeout, spec.timeout, else the wait: true that makes the parent wait.
        location: parent.timeoutPatchedAt ?? parent.timeoutLocation ?? parent.waitLocation ?? parent.location,
      });
    }
    return findings;
  },
});

/**
 * The chain of children, each depending on the one before, whose timeouts add up to the most among those that can be
 * judged (see judgedAlone): one with a member judged alone, or two members that wait, or two or more that do not wait
 * (each a requeue). One pass over the install levels (every dependency sits on an earlier level), each child keeping
 * its slowest chain in each of four states, so no recursion however long the chain.
 */
function slowestJudgedChain(
  children: readonly FluxObject[], dependenciesOf: ReadonlyMap<FluxObject, readonly string[]>, levelOf: ReadonlyMap<string, number>, requeue: number, parent: FluxObject,
): { objects: FluxObject[]; seconds: number } {
  const byId = new Map(children.map((child) => [fluxObjectId(child), child]));
  // The children in install order (what no level holds is never installed: in no chain). Each parent's own children,
  // not the whole order once per parent: at 2,000 objects, a thousand Kustomizations of one child each.
  const placed = [...byId.keys()].filter((id) => levelOf.has(id)).sort((a, b) => levelOf.get(a)! - levelOf.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  // States: JUDGED; ONE_DEFAULT, a single waiting member not judged alone (and members that do not wait); NO_WAIT_ONE
  // and NO_WAIT_MORE, members none of which waits. JUDGED and NO_WAIT_MORE can be judged.
  const best = new Map<string, (ChainStep | undefined)[]>();
  let end: [string, number] | undefined;
  const secondsAt = ([id, state]: [string, number]) => best.get(id)![state]!.seconds;
  for (const id of placed) {
    const object = byId.get(id)!;
    const own = chainSeconds(object, requeue);
    const waits = waitsOut(object);
    const alone = waits && judgedAlone(object, parent, own);
    const next = (state: number | undefined): number => {
      if (alone) return JUDGED;
      if (waits) return state === ONE_DEFAULT || state === JUDGED ? JUDGED : ONE_DEFAULT;
      if (state === undefined) return NO_WAIT_ONE;
      return state === NO_WAIT_ONE ? NO_WAIT_MORE : state;
    };
    const steps: (ChainStep | undefined)[] = [];
    const offer = (state: number, seconds: number, previous?: [string, number]) => {
      if (steps[state] === undefined || seconds > steps[state]!.seconds) steps[state] = { seconds, ...(previous ? { previous } : {}) };
    };
    offer(next(undefined), own);
    for (const dependency of dependenciesOf.get(object) ?? []) {
      (best.get(dependency) ?? []).forEach((step, state) => { if (step) offer(next(state), step.seconds + own, [dependency, state]); });
    }
    best.set(id, steps);
    for (const state of [JUDGED, NO_WAIT_MORE]) if (steps[state] && (end === undefined || steps[state]!.seconds > secondsAt(end))) end = [id, state];
  }
  const objects: FluxObject[] = [];
  for (let at = end; at !== undefined; at = best.get(at[0])![at[1]]!.previous) objects.unshift(byId.get(at[0])!);
  return { objects, seconds: end === undefined ? 0 : secondsAt(end) };
}

/**
 * Where the chain's figures are defaults no file writes, whose (a trial's note: sulibot/home-ops's "29 min" chain
 * was two Kustomizations' 15m intervals less 30 s, which read as install times someone had written). Per kind, in
 * the chain's order; a member that does not wait adds a requeue, said so too.
 */
function defaultsNote(objects: readonly FluxObject[]): string {
  const notes = new Set<string>();
  for (const object of objects) {
    if (readyWithoutWaiting(object)) notes.add('one without wait, a dependency requeue');
    else if (object.kind === 'HelmRelease' && object.installTimeout === undefined && object.timeout === undefined) notes.add('a HelmRelease without a timeout, helm-controller\'s 5 min');
    else if (object.kind === 'Kustomization' && object.timeout === undefined) {
      // (Never under kustomize-controller's 30 s: an interval of 45 s gives 30 s, not 15: a review's probe.)
      notes.add(defaultTimeoutIsFloor(object)
        ? 'a Kustomization without spec.timeout, the 30 s kustomize-controller gives at least' : 'a Kustomization without spec.timeout, its interval less 30 s');
    }
    else if (object.kind === 'ResourceSet' && object.timeout === undefined) notes.add('a ResourceSet without a reconcileTimeout, flux-operator\'s 5 min');
  }
  return notes.size === 0 ? '' : ` (${[...notes].join('; ')})`;
}

interface ChainStep { seconds: number; previous?: [string, number] }
const JUDGED = 0;
const ONE_DEFAULT = 1;
const NO_WAIT_ONE = 2;
const NO_WAIT_MORE = 3;

/**
 * Whether one object, alone under a waiting parent, is judged: only where its timeout is written (or patched), a
 * default (helm-controller's 5 min against a 5 min interval's 4 min 30 s) saying nothing of how long the install
 * takes; and not where the parent's timeout is its default, its interval less 30 s, and the object's is within that
 * interval (onedr0p's template: ks.yaml every 10 min, each HelmRelease patched to 10 min: 67 warnings in one
 * repository of a sweep, over the controller's 30 s margin alone).
 */
function judgedAlone(object: FluxObject, parent: FluxObject, seconds: number): boolean {
  // Written, and a duration: `${HR_TIMEOUT}` is left to the cluster, as is a parent's `${INTERVAL}` (a review's probes).
  if (parseDuration(object.installTimeout ?? object.timeout ?? '') === undefined) return false;
  if (parent.timeout !== undefined || parent.timeoutPatchedAt !== undefined) return parseDuration(parent.timeout ?? '') !== undefined || parent.timeoutPatchedAt !== undefined;
  const interval = parseDuration(parent.interval ?? '');
  return interval !== undefined && seconds > interval;
}

/** Whether an object's timeout is waited out on the chain: it waits for what it installs (see chainSeconds). */
function waitsOut(object: FluxObject): boolean {
  return !readyWithoutWaiting(object) && !(object.kind === 'ResourceSet' && !object.wait);
}

