import type { AuditModel } from '../model/audit-model.js';
import type { FluxModel } from '../model/flux-graph.js';
import { sharesScope } from '../model/flux-graph.js';
import type { FluxObject } from '../model/flux-objects.js';
import { waitMoments } from '../model/wait-moments.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { displayPath } from '../model/paths.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// dependsOn holds back a Kustomization's reconciliation, not the objects it
// applies. Where another Kustomization applies the same objects and does not
// wait for those dependencies itself (through its own dependsOn, a dependency's
// wait, or what applies it), kustomize-controller creates them with that one's
// apply, and the dependsOn orders nothing: a HelmRelease meant to wait for its
// CRDs or its operator starts at once. Both then set their owner labels on the
// objects in turn. The usual causes: a cluster's kustomization that lists an
// app's directory as well as the Flux Kustomization that applies it (a trial's
// Apocrathia/homelab), and a spec.path without kustomization.yaml, whose
// generated one takes in each app's app/ directory beside its ks.yaml
// (j0sh3rs/home-ops's velero).
export default defineRule({
  id: 'dependsOn/bypassed',
  severity: 'warning',
  description: 'a Kustomization with dependsOn applies objects that another Kustomization applies too without waiting for those dependencies: Flux creates them with that one, so the dependsOn does not hold them back',
  help: 'Leave those objects out of what the other Kustomization applies (its path\'s kustomization), so that only the Kustomization with dependsOn applies them.',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux) return findings;
    // The ids more than one Kustomization applies: most repositories have none, and then nothing more is worked out.
    const appliersById = new Map<string, Set<FluxObject>>();
    for (const [object, appliers] of flux.appliedBy) {
      const id = fluxObjectId(object);
      const known = appliersById.get(id) ?? new Set<FluxObject>();
      for (const applier of appliers) known.add(applier);
      appliersById.set(id, known);
    }
    const shared = new Set([...appliersById].filter(([, appliers]) => appliers.size > 1).map(([id]) => id));
    if (shared.size === 0) return findings;
    const waits = waitsFor(flux);
    for (const [kustomization, items] of heldBack(model)) {
      // Whether `object` applies nothing, in the cluster where `kustomization`'s applies land, before a copy of the
      // item's target is Ready: it waits for one itself, or each of its appliers there so waits (`kustomization` does).
      // One file two clusters apply is one object with an applier in each, and the moments follow a single applier
      // only (a trial's probe, tyzbit/fleet-infra: cluster b's nr applies cluster a's directory, a's nr with it; in
      // a, only a's apps creates that nr, after crds, yet nr was said "not to wait for crds").
      // (Each object answered once: an applier reached twice, through two appliers of one parent, gets its answer again;
      // one on a loop of appliers, still being worked out, is none.)
      const waitsThere = (object: FluxObject, copies: readonly FluxObject[], known: Map<FluxObject, boolean>): boolean => {
        const answer = known.get(object);
        if (answer !== undefined) return answer;
        if (copies.some((copy) => waits(object, copy))) return true;
        known.set(object, false);
        const appliers = (flux.appliedBy.get(object) ?? []).filter((applier) => sharesScope(flux.intoScopesOf ?? flux.scopesOf, kustomization, applier));
        const waited = appliers.length > 0 && appliers.every((applier) => waitsThere(applier, copies, known));
        known.set(object, waited);
        return waited;
      };
      // The objects it applies that another Kustomization of its cluster applies too, by that Kustomization.
      const byOther = new Map<FluxObject, FluxObject[]>();
      for (const object of flux.applies.get(kustomization) ?? []) {
        // Its own file, applied again (flux bootstrap's flux-system, a ks.yaml below its own path): itself, not an object it holds back.
        if (!shared.has(fluxObjectId(object)) || object === kustomization || fluxObjectId(object) === fluxObjectId(kustomization)) continue;
        // A dependency it applies itself is no object held back (a trial's probe: the fix would have removed it).
        if (items.some((item) => fluxObjectId(item.target) === fluxObjectId(object))) continue;
        for (const copy of flux.byId.get(fluxObjectId(object)) ?? [object]) {
          // A copy kustomize-controller leaves out of its apply (reconcile: disabled) creates nothing (a review's probe).
          if (copy.applyExcluded) continue;
          for (const other of flux.appliedBy.get(copy) ?? []) {
            if (other === kustomization || fluxObjectId(other) === fluxObjectId(kustomization) || fluxObjectId(other) === fluxObjectId(object)) continue;
            if (other.suspend || flux.neverInstalled?.has(fluxObjectId(other)) || !sharesScope(flux.intoScopesOf ?? flux.scopesOf, kustomization, other)) continue;
            const objects = byOther.get(other) ?? [];
            if (!objects.some((known) => fluxObjectId(known) === fluxObjectId(object))) objects.push(object);
            byOther.set(other, objects);
          }
        }
      }
      for (const [other, objects] of [...byOther].sort(([a], [b]) => (fluxObjectId(a) < fluxObjectId(b) ? -1 : 1))) {
        // The items the other Kustomization does not wait for, through its own dependsOn or what applies it: another
        // with the same dependsOn holds the objects back as far (a review's probe: judged by levels, it was reported).
        // Nor is it said to skip itself, where it is one of the dependencies: what it creates comes with it (a trial's
        // probe: "op ... does not wait for op", with a fix that emptied op). Its other items still count (Apocrathia's
        // bootstrap-1password waits for flux-system and bootstrap-helm, and flux-system applies its release).
        // (Any copy of the item's target: a Kustomization of another cluster waits for that cluster's copy, a trial's
        // probe, tyzbit/fleet-infra: "does not wait for kubernetes-secrets" of one that does, for its own cluster's.)
        const bypassed = items.filter((item) => fluxObjectId(item.target) !== fluxObjectId(other)
          && !waitsThere(other, flux.byId.get(fluxObjectId(item.target)) ?? [item.target], new Map()));
        if (bypassed.length === 0) continue;
        const names = [...new Set(bypassed.map((item) => item.name))].join(', ');
        const ids = objects.map(fluxObjectId).sort();
        const shown = ids.slice(0, SHOWN).map(shortId).join(', ');
        const what = ids.length === 1 ? shown : `${ids.length} objects (${shown}${ids.length > SHOWN ? ', …' : ''})`;
        const path = other.appliesDir ? other.path ?? displayPath(flux.repository.root, other.appliesDir) : undefined;
        const them = ids.length === 1 ? 'it' : 'them';
        findings.push({
          message: `${describeObject(kustomization)} waits for ${names} before it applies ${what}, but ${describeObject(other)}${path ? ` (spec.path ${path})` : ''} applies ${them} too, and does not wait for ${names}: Flux creates ${them} with ${other.name}'s apply, so this dependsOn does not hold ${them} back`,
          fix: `leave ${ids.length === 1 ? shown : 'those objects'} out of what ${other.name} applies${path ? ` (its spec.path ${path})` : ''}, so that only ${kustomization.name} applies ${them}, after ${names}`,
          ...subject(kustomization),
          dependency: bypassed[0]!.name,
          location: bypassed[0]!.location,
        });
      }
    }
    return findings;
  },
});

/** At most this many of the objects applied twice are named. */
const SHOWN = 5;

interface HeldItem { name: string; location: FluxObject['location']; target: FluxObject }

/** Each Kustomization whose reconciliation dependsOn holds back (a resolved item), with those items and their targets' ids. */
function heldBack(model: AuditModel): Map<FluxObject, HeldItem[]> {
  const held = new Map<FluxObject, HeldItem[]>();
  for (const { from, dependency, resolution } of repositoryEdges(model)) {
    if (from.kind !== 'Kustomization' || from.suspend || resolution.status !== 'resolved') continue;
    held.set(from, [...held.get(from) ?? [], { name: dependency.name, location: dependency.location, target: resolution.target }]);
  }
  return held;
}

/**
 * Whether an object's apply waits for another's Ready, through the moments dependsOn/wait-deadlock reads
 * (wait-moments.ts): its dependsOn items, what applies it, and what their wait: true or healthChecks cover (a trial's
 * probe: a parent behind a waiting Kustomization that applies the dependency waits for it too). Each object's search
 * runs once.
 */
function waitsFor(flux: FluxModel): (object: FluxObject, target: FluxObject) => boolean {
  const moments = waitMoments(flux);
  const reached = new Map<FluxObject, Uint8Array>();
  return (object, target) => {
    if (!moments.index.has(object) || !moments.index.has(target)) return false;
    let seen = reached.get(object);
    if (!seen) {
      seen = new Uint8Array(moments.steps.length);
      const queue = [moments.applied(object)];
      seen[queue[0]!] = 1;
      for (let head = 0; head < queue.length; head += 1) {
        for (const { to } of moments.steps[queue[head]!]!) {
          if (seen[to]) continue;
          seen[to] = 1;
          queue.push(to);
        }
      }
      reached.set(object, seen);
    }
    return seen[moments.ready(target)] === 1;
  };
}
