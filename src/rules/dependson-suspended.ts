import type { AuditModel } from '../model/audit-model.js';
import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, judgedByKstatus, readyExprEvaluated, waitsForExistenceOnly } from '../model/flux-objects.js';
import { displayLocation } from '../model/paths.js';
import { compareText } from '../model/compare.js';
import { clustersClause, copyClause, describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { targetCopies } from '../model/flux-graph.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A suspended object is not reconciled: its Ready condition stays what it was
// when it was suspended. On a fresh cluster it never becomes Ready, and every
// object that depends on it waits. The same holds for an object that only a
// suspended Kustomization applies: it is never created.
export default defineRule({
  id: 'dependsOn/suspended',
  severity: 'warning',
  description: 'a dependsOn target is suspended, or applied only by a suspended Kustomization, so on a fresh cluster it never becomes Ready',
  help: 'Resume the dependency (remove spec.suspend), or drop the dependency while it is suspended.',
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { from, dependency, resolution } of repositoryEdges(model)) {
      if (resolution.status === 'not-followed' && resolution.createdBy) {
        const finding = heldCreation(model, from, dependency.kind ?? 'object', dependency.namespace, dependency.name, resolution.createdBy);
        if (finding) findings.push({ ...finding, ...subject(from), dependency: dependency.name, location: dependency.location });
        continue;
      }
      if (resolution.status !== 'resolved') continue;
      // An item that waits only for the object to exist (a ResourceSet's without ready: true, a readyExpr that reads
      // neither status nor spec) does not wait for a suspended object its applier creates; only for one that is never
      // created. Nor does a ResourceSet's ready: true without readyExpr: kstatus calls a suspended object, which has
      // no conditions on a fresh cluster, Current (a review's probe).
      const existenceOnly = waitsForExistenceOnly(from, dependency);
      const passesSuspended = existenceOnly || judgedByKstatus(from, dependency);
      // A readyExpr that reads the status or spec of a suspended object: what it gives there is not worked out
      // (helm-controller writes status.observedGeneration on a suspended release, kustomize-controller nothing): said
      // so, not asserted.
      const expressionDecides = readyExprEvaluated(from, dependency) && !existenceOnly;
      // A dependent that is itself suspended, or never created for the same reason, waits for nothing: a trial's
      // probe, where one suspended Kustomization applies both (staging/app and the staging/redis it depends on).
      if (from.suspend || suspendedApplier(model, from, new Set()) || excludedFromApply(model, from)) continue;
      // Each cluster's copy of the target is judged: a per-cluster overlay may suspend one copy (a trial's probe).
      const copies = targetCopies(resolution);
      const held = (copy: FluxObject) => excludedFromApply(model, copy) || suspendedApplier(model, copy, new Set()) !== undefined || (copy.suspend && !passesSuspended);
      const faulty = copies.filter(held);
      // One copy that two clusters apply is one object with both clusters' appliers: held where that cluster's are all
      // suspended, though the other cluster's apply it (a review's probe: the healthy cluster hid the held one).
      const heldThere = faulty.length > 0 ? undefined : heldInSomeCluster(model, from, copies);
      const target = faulty[0] ?? heldThere?.copy ?? resolution.target;
      // Which clusters' copies, where the copies differ in that.
      const whichCopy = heldThere ? clustersClause(model, heldThere.scopes) : faulty.length === copies.length ? '' : copyClause(model, from, faulty);
      // Suspended by a patch of its build, its file saying nothing of it (a review's probe: the fix said to remove
      // suspend: true from a file that has none): every such patch, where each faulty cluster's is another.
      const patches = [...new Set(faulty.flatMap((copy) => (copy.suspend && copy.suspendPatchedAt ? [displayLocation(model.repository.cwd, copy.suspendPatchedAt)] : [])))].sort(compareText);
      // kustomize-controller does not apply an object labelled or annotated so (fluxcd/pkg ssa's ExclusionSelector):
      // applied by a Kustomization, on a new cluster it is never created (a trial's probe).
      if (excludedFromApply(model, target)) {
        const at = displayLocation(model.repository.cwd, target.applyExcluded!.location);
        findings.push({
          message: `${describeObject(from)} depends on ${describeObject(target)}, which has ${target.applyExcluded!.written} (${at})${whichCopy}: kustomize-controller does not apply it, so on a new cluster it is never created, and ${from.name} waits for it`,
          fix: `remove ${target.applyExcluded!.written.replace(/:.*$/, '')} from ${dependency.name}, or drop this dependency`,
          ...subject(from),
          dependency: dependency.name,
          location: dependency.location,
        });
        continue;
      }
      const applier = heldThere?.applier ?? suspendedApplier(model, target, new Set());
      // Never created is the cause where only a suspended Kustomization applies it, the target's own suspend or not
      // (a review's probe: the fix said to resume the target, which would still never be created).
      const why = applier ? `which only the suspended ${describeObject(applier)} applies${through(model, target, applier)}`
        : target.suspend && !passesSuspended ? 'which is suspended' : undefined;
      if (!why) continue;
      const outcome = applier ? `it is never created, and ${from.name} waits for it`
        : expressionDecides ? `it is never reconciled, and its status stays as the controller first writes it: ${from.name}'s readyExpr decides whether ${from.name} waits for it for ever`
          : `it is never reconciled, and ${from.name} waits for it`;
      findings.push({
        message: `${describeObject(from)} depends on ${describeObject(target)}, ${why}${whichCopy}: on a new cluster ${outcome}`,
        fix: !applier
          // A ResourceSet is suspended by flux-operator's annotation (it has no spec.suspend).
          ? target.kind === 'ResourceSet' ? `remove the fluxcd.controlplane.io/reconcile: disabled annotation from ${dependency.name}, or this dependency while it is disabled`
            : patches.length > 0 ? `remove the ${patches.length > 1 ? 'patches' : 'patch'} at ${patches.join(' and ')} that ${patches.length > 1 ? 'set' : 'sets'} suspend: true on ${dependency.name} (its file does not), or this dependency while it is suspended`
              : `remove suspend: true from ${dependency.name}, or this dependency while it is suspended`
          // (A ResourceSet that applies it is suspended by the same annotation: a review's note, the fix said Kustomization.)
          : applier.kind === 'ResourceSet' ? `remove the fluxcd.controlplane.io/reconcile: disabled annotation from ResourceSet ${applier.name}, or drop this dependency while it is disabled`
            : 'resume that Kustomization, or drop this dependency while it is suspended',
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
    return findings;
  },
});

/**
 * A ResourceSet item on an object of another kind (a Job, a ConfigMap) that only suspended ResourceSets create
 * (annotated reconcile: disabled, or applied only by suspended Kustomizations): on a new cluster it is never created,
 * and the dependent waits for ever, `order` says so; this said nothing (a review's note). What only the dependent
 * itself creates is graph/cycle's.
 */
function heldCreation(model: AuditModel, from: FluxObject, kind: string, namespace: string | undefined, name: string, creators: readonly FluxObject[]): { message: string; fix: string } | undefined {
  const others = creators.filter((creator) => fluxObjectId(creator) !== fluxObjectId(from));
  if (others.length === 0 || from.suspend || suspendedApplier(model, from, new Set()) || excludedFromApply(model, from)) return undefined;
  const blocked = others.map((creator) => ({ creator, applier: creator.suspend ? undefined : suspendedApplier(model, creator, new Set()) }));
  if (!blocked.every(({ creator, applier }) => creator.suspend || applier || excludedFromApply(model, creator))) return undefined;
  const { creator, applier } = blocked[0]!;
  const target = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  const why = creator.suspend ? `which only the suspended ${describeObject(creator)} creates`
    : applier ? `which only ${describeObject(creator)} creates, and only the suspended ${describeObject(applier)} applies that${through(model, creator, applier)}` : `which only ${describeObject(creator)} creates, and its applier leaves it out (${creator.applyExcluded!.written})`;
  return {
    message: `${describeObject(from)} depends on ${target}, ${why}: on a new cluster it is never created, and ${from.name} waits for it`,
    fix: creator.suspend ? `remove the fluxcd.controlplane.io/reconcile: disabled annotation from ResourceSet ${creator.name}, or drop this dependency while it is disabled`
      : applier?.kind === 'ResourceSet' ? `remove the fluxcd.controlplane.io/reconcile: disabled annotation from ResourceSet ${applier.name}, or drop this dependency while it is disabled`
        : applier ? 'resume that Kustomization, or drop this dependency while it is suspended' : `remove ${creator.applyExcluded!.written.replace(/:.*$/, '')} from ResourceSet ${creator.name}, or drop this dependency`,
  };
}

/** Whether kustomize-controller skips applying the object (see FluxObject.applyExcluded): a Kustomization applies it. */
function excludedFromApply(model: AuditModel, object: FluxObject): boolean {
  return object.applyExcluded !== undefined && (model.flux?.appliedBy.get(object)?.length ?? 0) > 0;
}

/**
 * A copy of the target that some of the dependent's clusters apply only through suspended Kustomizations, while
 * others apply it live: the copy, the first such Kustomization, and those clusters. undefined where there is none.
 */
function heldInSomeCluster(model: AuditModel, from: FluxObject, copies: readonly FluxObject[]): { copy: FluxObject; applier: FluxObject; scopes: string[] } | undefined {
  const flux = model.flux;
  const scopesOf = flux?.scopesOf;
  const into = flux?.intoScopesOf ?? scopesOf;
  if (!flux || !scopesOf || !into) return undefined;
  const fromScopes = scopesOf(from);
  // The suspended Kustomization every applier of `object` into that cluster goes through, where all do.
  const heldBy = (object: FluxObject, scope: string): FluxObject | undefined => {
    const here = (flux.appliedBy.get(object) ?? []).filter((applier) => into(applier).has(scope));
    const blocked = here.map((applier) => (applier.suspend ? applier : suspendedApplier(model, applier, new Set())));
    return here.length > 0 && blocked.every((found) => found !== undefined) ? blocked[0] : undefined;
  };
  for (const copy of copies) {
    if ((flux.appliedBy.get(copy)?.length ?? 0) < 2) continue;
    const scopes: string[] = [];
    let first: FluxObject | undefined;
    for (const scope of scopesOf(copy)) {
      // Where what applies the dependent there is held too, it waits for nothing there (a review's probe: one
      // suspended Kustomization of cluster a applies both).
      if (!fromScopes.has(scope) || heldBy(from, scope)) continue;
      const by = heldBy(copy, scope);
      if (!by) continue;
      scopes.push(scope);
      first ??= by;
    }
    if (first) return { copy, applier: first, scopes };
  }
  return undefined;
}

/** The suspended Kustomization that every path of appliers to `object` goes through, if any. */
/**
 * Where the suspended applier applies the object through others (a Kustomization that applies the ResourceSet that
 * generates it): the one that applies it itself, so the message does not say the suspended one applies it (review
 * 119's remark). Empty where the suspended one applies it itself.
 */
function through(model: AuditModel, object: FluxObject, suspended: FluxObject): string {
  const direct = model.flux?.appliedBy.get(object) ?? [];
  if (direct.length === 0 || direct.includes(suspended)) return '';
  return ` (through ${describeObject([...direct].sort((a, b) => compareText(fluxObjectId(a), fluxObjectId(b)))[0]!)})`;
}

function suspendedApplier(model: AuditModel, object: FluxObject, seen: Set<FluxObject>): FluxObject | undefined {
  const appliers = model.flux?.appliedBy.get(object) ?? [];
  if (appliers.length === 0 || seen.has(object)) return undefined;
  seen.add(object);
  let found: FluxObject | undefined;
  for (const applier of appliers) {
    const blocked = applier.suspend ? applier : suspendedApplier(model, applier, seen);
    if (!blocked) return undefined;
    found ??= blocked;
  }
  return found;
}
