import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { displayLocation } from '../model/paths.js';
import { compareText } from '../model/compare.js';
import { childrenWaitingFor, waitMoments, waitWouldDeadlock } from '../model/wait-moments.js';
import { describeLoop } from './dependson-wait-deadlock.js';
import { copyClause, describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { targetCopies } from '../model/flux-graph.js';
import { defineRule } from './rule.js';

// A Kustomization with wait: false and no healthChecks is Ready as soon as its
// objects are applied, not when they run: a Kustomization that depends on it
// starts before its HelmReleases have installed anything. The ordering looks
// right in Git and is not.
export default defineRule({
  id: 'dependsOn/unwaited-kustomization',
  severity: 'warning',
  description: 'a Kustomization depends on a Kustomization with wait: false and no healthChecks, whose Ready says nothing about what it applied',
  help: 'Set wait: true on the dependency, or give it healthChecks for the objects the dependent needs.',
  check(model) {
    // Whether the wait it would advise closes a loop: asked once per target (the moments are built once per model).
    const deadlocks = new Map<FluxObject, boolean>();
    // A dependsOn cycle holds its members whatever they wait for: an edge of one is graph/cycle's alone, and a wait on
    // a member closes no new loop (the search would find the cycle itself, a trial's probe: a false "deadlock").
    const cycleOf = new Map<string, Set<string>>();
    for (const cycle of model.flux?.cycles ?? []) for (const id of cycle) cycleOf.set(id, new Set([...cycleOf.get(id) ?? [], ...cycle]));
    const waitDeadlocks = (target: FluxObject) => {
      if (cycleOf.has(fluxObjectId(target))) return false;
      let known = deadlocks.get(target);
      if (known === undefined && model.flux) deadlocks.set(target, known = waitWouldDeadlock(waitMoments(model.flux), model.flux, target));
      return known ?? false;
    };
    // What a health check must leave out, where wait: true would deadlock: the objects it applies that wait for it, the
    // first with the way it waits (a trial's probe, szinn/k8s-homelab: the only HelmRelease there waited for it, and a
    // health check on it, or on the operator it installs, deadlocked as wait: true would, or passed check unseen).
    const waitingOf = new Map<FluxObject, ReturnType<typeof childrenWaitingFor>>();
    const waitingClause = (target: FluxObject, dependent: FluxObject): string => {
      if (!model.flux) return '';
      const moments = waitMoments(model.flux);
      let found = waitingOf.get(target);
      if (!found) waitingOf.set(target, found = childrenWaitingFor(moments, model.flux, target));
      // (The dependent itself, where the target applies it, goes without saying: it is what waits.)
      const waiting = found.filter(({ child }) => child !== dependent);
      if (waiting.length === 0) return '';
      const named = waiting.slice(0, 3).map(({ child }) => describeObject(child));
      const more = waiting.length > 3 ? ` and ${waiting.length - 3} more` : '';
      const verbs = [...new Set(waiting.map(({ child }) => (child.kind === 'HelmRelease' ? 'install' : child.kind === 'ResourceSet' ? 'generate' : 'apply')))];
      const makes = waiting.length > 1 ? `they ${verbs.join(' or ')}` : `it ${verbs[0] === 'apply' ? 'applies' : `${verbs[0]}s`}`;
      return `; nor for ${named.join(', ')}${more} or what ${makes}, which ${waiting.length > 1 ? 'wait' : 'waits'} for Kustomization ${target.name} to be Ready too (${describeLoop(waiting[0]!.way, moments.objects, model.repository.cwd)}), so a health check there deadlocks as well; where ${dependent.name} needs what ${makes}, first remove one dependency of ${waiting.length > 1 ? 'each such loop' : 'that loop'}`;
    };
    // Whether a copy of the target leaves its dependent unwaited: a Kustomization with neither wait nor healthChecks.
    const unwaited = (target: FluxObject) => target.kind === 'Kustomization' && !target.wait && !target.healthChecks
      // One that applies only what kustomize-controller waits for by itself (an app's Namespace, a CRD bundle) is Ready
      // when that is (fluxcd/pkg ssa's staged apply): wait: true would change nothing (a trial's justingarfield/home-ops).
      && !target.appliesWaitedStagesOnly
      // A suspended one is never Ready on a new cluster: dependsOn/suspended says so, "too early" would not.
      && !target.suspend;
    return repositoryEdges(model)
      // An item with a readyExpr is judged too: the expression replaces the Ready check, but what it can read of the
      // dependency (its status, its conditions: Flux's own example) is what kustomize-controller writes once the
      // objects are applied, without wait or healthChecks (a review's probe).
      // Each cluster's copy of the target is judged: a per-cluster overlay may turn one copy's wait off (a trial's probe).
      .flatMap((edge) => {
        const { from, resolution } = edge;
        if (from.kind !== 'Kustomization' || resolution.status !== 'resolved') return [];
        const copies = targetCopies(resolution);
        const faulty = copies.filter(unwaited);
        const target = faulty[0];
        if (!target || cycleOf.get(fluxObjectId(from))?.has(fluxObjectId(target))) return [];
        // Which clusters' copies, where the copies differ in that; and every patch that turns a copy's wait off.
        const whichCopy = faulty.length === copies.length ? '' : copyClause(model, from, faulty);
        const patches = [...new Set(faulty.flatMap((copy) => (copy.waitTurnedOffAt ? [displayLocation(model.repository.cwd, copy.waitTurnedOffAt)] : [])))].sort(compareText);
        return [{ ...edge, target, whichCopy, patches }];
      })
      .map(({ from, dependency, target, whichCopy, patches }) => {
        // Its file may say wait: true where a patch of the build turns it off: the fix is in the patch (each cluster's).
        const turnedOff = patches.length > 0 ? `${patches.length > 1 ? 'patches' : 'patch'} at ${patches.join(' and ')}` : undefined;
        // wait: true there would make it wait for something that waits for it (a child that depends on its own
        // parent, allenporter/k8s-gitops's flux-system): dependsOn/wait-deadlock would report the advice taken.
        const deadlock = waitDeadlocks(target);
        return {
          // Its healthCheckExprs, if any, judge only what wait or healthChecks select (Diaoul/home-ops's litellm has them alone).
          message: `${describeObject(from)} depends on ${describeObject(target)}, which has neither wait: true nor healthChecks${whichCopy}${turnedOff ? ` (its file says wait: true; the ${turnedOff} ${patches.length > 1 ? 'turn' : 'turns'} it off)` : ''}${target.healthCheckExprs ? ' (its healthCheckExprs judge nothing without them)' : ''}: ${target.appliesUnread
            // Not read here: what it applies may be only what kustomize-controller waits for by itself (a CRD bundle).
            ? `it applies ${target.appliesUnread}, not read here; unless that is only CRDs, Namespaces and ClusterRoles (which kustomize-controller waits for by itself), it is Ready once its objects are applied, before they run`
            : 'it is Ready once its objects are applied, before they run'}, so ${from.name} may start too early`,
          // flux-operator makes it of a FluxInstance's sync: what it is given goes through that FluxInstance's kustomize.patches.
          fix: target.madeBy
            ? `depend on the objects ${from.name} needs instead (Kustomization ${dependency.name} is made by ${shortId(target.madeBy)} of its sync; healthChecks for it go in ${target.madeBy.startsWith('HelmRelease/') ? 'that HelmRelease\'s values.instance.kustomize.patches' : 'the FluxInstance\'s kustomize.patches'}${deadlock ? ', not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock' : ''})`
            : deadlock
            ? `give Kustomization ${dependency.name} healthChecks for the objects ${from.name} needs (not wait: true: it applies what waits, through dependsOn, for it to be Ready, a deadlock)${waitingClause(target, from)}`
            : turnedOff
              ? `keep the ${turnedOff} from setting wait: false on Kustomization ${dependency.name} (or give it healthChecks)`
              : `set wait: true (or healthChecks) on Kustomization ${dependency.name}`,
          ...subject(from),
          dependency: dependency.name,
          location: dependency.location,
        };
      });
  },
});
