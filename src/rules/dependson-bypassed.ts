import type { AuditModel } from '../model/audit-model.js';
import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { displayPath } from '../model/paths.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// dependsOn holds back a Kustomization's reconciliation, not the objects it
// applies. Where another Kustomization applies the same objects and is not held
// back as far (it installs on an earlier level), kustomize-controller creates
// them with that one's apply, and the dependsOn orders nothing: a HelmRelease
// meant to wait for its CRDs or its operator starts at once. Both then own the
// objects, and either prunes them when it stops applying them. The usual cause
// is a cluster's kustomization that lists an app's directory as well as the
// Flux Kustomization that applies it (a trial's Apocrathia/homelab: flux-system
// applied the bootstrap directories that Kustomizations gated by dependsOn
// apply too).
export default defineRule({
  id: 'dependsOn/bypassed',
  severity: 'warning',
  description: 'a Kustomization with dependsOn applies objects that another Kustomization, installed earlier, applies too: Flux creates them with that one, so the dependsOn does not hold them back',
  help: 'Leave those objects out of what the other Kustomization applies (its path\'s kustomization), so that only the Kustomization with dependsOn applies them.',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux || flux.order.length === 0) return findings;
    const levelOf = new Map<string, number>();
    flux.order.forEach((level, index) => { for (const id of level) levelOf.set(id, index); });
    const held = heldBack(model);
    for (const [kustomization, items] of held) {
      const level = levelOf.get(fluxObjectId(kustomization));
      if (level === undefined) continue;
      // The objects it applies that an earlier Kustomization of its cluster applies too, by that Kustomization.
      const byEarlier = new Map<FluxObject, FluxObject[]>();
      for (const object of flux.applies.get(kustomization) ?? []) {
        // Its own file, applied again (flux bootstrap's flux-system, a ks.yaml below its own path): itself, not an object it holds back.
        if (object === kustomization || fluxObjectId(object) === fluxObjectId(kustomization)) continue;
        for (const copy of flux.byId.get(fluxObjectId(object)) ?? [object]) {
          for (const other of flux.appliedBy.get(copy) ?? []) {
            if (other === kustomization || fluxObjectId(other) === fluxObjectId(kustomization) || fluxObjectId(other) === fluxObjectId(object)) continue;
            const otherLevel = levelOf.get(fluxObjectId(other));
            if (otherLevel === undefined || otherLevel >= level || other.suspend || !sameCluster(model, kustomization, other)) continue;
            const objects = byEarlier.get(other) ?? [];
            if (!objects.some((known) => fluxObjectId(known) === fluxObjectId(object))) objects.push(object);
            byEarlier.set(other, objects);
          }
        }
      }
      const names = [...new Set(items.map((item) => item.name))].join(', ');
      const first = items[0]!;
      for (const [other, objects] of [...byEarlier].sort(([a], [b]) => (fluxObjectId(a) < fluxObjectId(b) ? -1 : 1))) {
        const ids = objects.map(fluxObjectId).sort();
        const shown = ids.slice(0, SHOWN).map(shortId).join(', ');
        const what = ids.length === 1 ? shown : `${ids.length} objects (${shown}${ids.length > SHOWN ? ', …' : ''})`;
        const path = other.appliesDir ? other.path ?? displayPath(flux.repository.root, other.appliesDir) : undefined;
        const them = ids.length === 1 ? 'it' : 'them';
        findings.push({
          message: `${describeObject(kustomization)} waits for ${names} before it applies ${what}, but ${describeObject(other)}${path ? ` (spec.path ${path})` : ''}, reconciled before ${kustomization.name}, applies ${them} too: Flux creates ${them} with ${other.name}'s apply, so this dependsOn does not hold ${them} back`,
          fix: `leave ${ids.length === 1 ? shown : 'those objects'} out of what ${other.name} applies${path ? ` (its spec.path ${path})` : ''}, so that only ${kustomization.name} applies ${them}, after ${names}`,
          ...subject(kustomization),
          dependency: first.name,
          location: first.location,
        });
      }
    }
    return findings;
  },
});

/** At most this many of the objects applied twice are named. */
const SHOWN = 5;

/** Each Kustomization whose reconciliation dependsOn holds back (a resolved item), with those items. */
function heldBack(model: AuditModel): Map<FluxObject, { name: string; location: FluxObject['location'] }[]> {
  const held = new Map<FluxObject, { name: string; location: FluxObject['location'] }[]>();
  for (const { from, dependency, resolution } of repositoryEdges(model)) {
    if (from.kind !== 'Kustomization' || from.suspend || resolution.status !== 'resolved') continue;
    held.set(from, [...held.get(from) ?? [], { name: dependency.name, location: dependency.location }]);
  }
  return held;
}

/** Whether two Kustomizations belong to one cluster (copies of a repository's clusters apply the same directories). */
function sameCluster(model: AuditModel, a: FluxObject, b: FluxObject): boolean {
  const scopesOf = model.flux?.scopesOf;
  if (!scopesOf) return true;
  const mine = scopesOf(a);
  for (const scope of scopesOf(b)) if (mine.has(scope)) return true;
  return false;
}
