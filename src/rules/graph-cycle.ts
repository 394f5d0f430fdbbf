import { blastRadius, createdTargetId, waitsOnItsOwnCreation } from '../model/flux-graph.js';
import { fluxObjectId, shortId, waitsForExistenceOnly } from '../model/flux-objects.js';
import { clustersClause, inAuditedKit, stalledBehind } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';
import type { Location } from '../model/types.js';

/**
 * The cycle each finding reports, as the report lists it (a closed path of ids), and where each of its edges is
 * written. Paths and --exclude keep a cycle's finding where any of its edges is in what they leave judged (the
 * finding sits at one edge; a hook run on the file that closed the cycle must still see it: a review's probe), and
 * the report lists only the cycles whose finding it keeps (audit.ts), so that no narrowed run lists a cycle it
 * does not count in its exit code. Kept beside the findings, not in them: no field is added to a finding's JSON.
 */
export const reportedCycle = new WeakMap<RuleFinding, { cycle: readonly string[]; edges: readonly (Location | null)[] }>();

/** `finding`, remembered as the one of `cycle`, whose edges are written at `edges`. */
function ofCycle(finding: RuleFinding, cycle: readonly string[], edges: readonly (Location | null)[]): RuleFinding {
  reportedCycle.set(finding, { cycle, edges });
  return finding;
}

/** The consecutive pairs of a closed path: its edges. */
function edgesOf(cycle: readonly string[]): [string, string][] {
  return cycle.slice(0, -1).map((from, index) => [from, cycle[index + 1]!]);
}

export default defineRule({
  id: 'graph/cycle',
  severity: 'error',
  description: 'a dependency cycle in the merged graph (declared and on-disk edges), or among the repository\'s Flux objects',
  help: 'Remove one dependency of the cycle; Flux would wait on it forever.',
  check(model) {
    const { cycles, graph } = model;
    const findings: RuleFinding[] = cycles.map((cycle) => {
      const [from, to] = cycle as [string, string];
      const sources = graph.edgeSources(from, to);
      return ofCycle({
        message: `dependency cycle: ${cycle.join(' → ')}`,
        fix: 'remove one of these dependencies',
        hr: from,
        dependency: to,
        location: sources?.onDisk ?? sources?.declared ?? null,
      }, cycle, edgesOf(cycle).map(([a, b]) => {
        const edge = graph.edgeSources(a, b);
        return edge?.onDisk ?? edge?.declared ?? null;
      }));
    });
    const flux = model.flux;
    if (!flux) return findings;
    // The repository view: across kinds, with what stalls behind each cycle.
    for (const cycle of flux.cycles) {
      const members = cycle.slice(0, -1);
      const objects = members.map((id) => flux.byId.get(id)![0]!);
      if (objects.every((object) => inAuditedKit(model, object))) continue; // the kit's own cycle is reported above
      const [from, to] = cycle as [string, string];
      const stalled = blastRadius(flux, members);
      const behind = stalled.length === 0 ? 'nothing else waits on it' : stalledBehind(stalled);
      findings.push(ofCycle({
        message: `dependency cycle: ${cycle.map(shortId).join(' → ')}; ${behind}`,
        fix: 'remove one of these dependencies',
        ...(objects[0]!.kind === 'HelmRelease' ? { hr: objects[0]!.name } : {}),
        object: from,
        dependency: flux.byId.get(to)![0]!.name,
        location: flux.graph.edgeSources(from, to)?.onDisk ?? objects[0]!.location,
      }, cycle, edgesOf(cycle).map(([a, b], index) => flux.graph.edgeSources(a, b)?.onDisk ?? objects[index]!.location)));
    }
    for (const { from, dependency, resolution, inClusters } of flux.appliesCycles) {
      if (resolution.status !== 'resolved' || inAuditedKit(model, from)) continue;
      const target = resolution.target;
      // Where other clusters apply it by other means: the clusters where only the dependent does.
      const where = inClusters ? clustersClause(model, inClusters) : '';
      findings.push(ofCycle({
        // (An item that waits only for the object to exist, a ResourceSet's without ready: true or a readyExpr that
        // reads no status, waits for what never exists before its dependent applies it; nothing is applied before
        // the dependency check passes.)
        message: waitsForExistenceOnly(from, dependency)
          ? `dependency cycle: ${shortId(fluxObjectId(from))} depends on ${shortId(fluxObjectId(target))}, which only ${from.name} applies${where}: ${target.name} does not exist before ${from.name} applies it, and ${from.name} applies nothing until it exists`
          : `dependency cycle: ${shortId(fluxObjectId(from))} depends on ${shortId(fluxObjectId(target))}, which only ${from.name} applies${where}: ${target.name} is never created before ${from.name} is Ready, and ${from.name} waits for it`,
        fix: `remove this dependency, or apply ${target.name} from another Kustomization`,
        ...(from.kind === 'HelmRelease' ? { hr: from.name } : {}),
        object: fluxObjectId(from),
        dependency: dependency.name,
        location: dependency.location,
      }, [fluxObjectId(from), fluxObjectId(target), fluxObjectId(from)], [dependency.location]));
    }
    // A ResourceSet waiting for an object of another kind (a Job) that only it creates: flux-operator applies none of
    // its resources before its dependency check passes, so the object never exists (a review's probe: order held it,
    // and check passed). By the item as written, `Kind/namespace/name`.
    for (const edge of flux.edges) {
      const { from, dependency } = edge;
      if (!waitsOnItsOwnCreation(edge) || inAuditedKit(model, from)) continue;
      const target = createdTargetId(dependency);
      findings.push(ofCycle({
        message: `dependency cycle: ${shortId(fluxObjectId(from))} depends on ${shortId(target)}, which only ${from.name} creates: it does not exist before ${from.name} applies it, and ${from.name} applies nothing until its dependencies pass`,
        fix: `remove this dependency, or create ${dependency.name} from another ResourceSet or Kustomization`,
        object: fluxObjectId(from),
        dependency: dependency.name,
        location: dependency.location,
      }, [fluxObjectId(from), target, fluxObjectId(from)], [dependency.location]));
    }
    // The same where the object's every creator waits, through dependsOn on Ready, for the dependent (creationLoops).
    for (const { edge: { from, dependency }, cycle } of flux.creationLoops ?? []) {
      if (inAuditedKit(model, from)) continue;
      const creator = cycle[2]!;
      const through = cycle.slice(2).map(shortId).join(' → ');
      findings.push(ofCycle({
        message: `dependency cycle: ${shortId(fluxObjectId(from))} depends on ${shortId(cycle[1]!)}, which only ${shortId(creator)} creates, and that waits for ${from.name} (${through}): it does not exist before ${shortId(creator)} applies it, and that applies nothing until its dependencies pass`,
        fix: `remove this dependency, or the wait of ${shortId(creator)} on ${from.name}`,
        object: fluxObjectId(from),
        dependency: dependency.name,
        location: dependency.location,
      }, [...cycle], [dependency.location, null, ...edgesOf(cycle.slice(2)).map(([waiter, waited]) => flux.edges.find((one) => one.resolution.status === 'resolved'
        && fluxObjectId(one.from) === waiter && fluxObjectId(one.resolution.target) === waited)?.dependency.location ?? null)]));
    }
    return findings;
  },
});

