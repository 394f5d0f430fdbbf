import type { AuditModel } from '../model/audit-model.js';
import { DependencyGraph, placeInLevels } from '../model/graph.js';

/** A chain end as the dynamic programme keeps it: its length, how many of it are not in the kit, the next node. */
interface ChainLink {
  length: number;
  absent: number;
  next: string | undefined;
}

/** Install order as Flux sees it; see `fluxInstallOrder`. */
export interface FluxInstallOrder {
  /** The edges the levels are computed from. */
  graph: DependencyGraph;
  /** Level 0 depends on nothing; every node of level N only on earlier levels. Nodes on or after a cycle are left out. */
  levels: string[][];
  depth: Map<string, number>;
  /** Nodes no level can hold: on a cycle of these edges, or depending on one. Sorted. */
  unplaced: string[];
  /** Declared edges of HelmReleases in the kit that are not on disk: Flux does not wait for them. */
  declaredOnly: { from: string; to: string }[];
  /** The longest chain, first to install first. */
  longestChain: string[];
  /** The longest chain through a placed node (empty for an unplaced one). */
  chainThrough(name: string): string[];
  /** Whether a node is a HelmRelease in the kit. */
  present(name: string): boolean;
}

/**
 * Levels, depths and chains from the edges Flux acts on: a HelmRelease in the
 * kit waits for its `dependsOn` on disk, whatever the expected DAG says. A
 * deferred slot (declared, not in the kit) has no dependsOn yet, so its
 * declared edges stand in for where it will land. Linear in nodes plus edges;
 * chains are kept as one link per node, not one array per node.
 */
export function fluxInstallOrder(model: AuditModel): FluxInstallOrder {
  const { graph: merged, releasesByName } = model;
  const present = (name: string) => releasesByName.has(name);
  const graph = new DependencyGraph();
  const declaredOnly: { from: string; to: string }[] = [];
  for (const from of merged.nodes()) {
    graph.addNode(from);
    for (const to of merged.dependencies(from)) {
      const sources = merged.edgeSources(from, to)!;
      if (present(from) ? sources.onDisk : sources.declared) graph.addEdge(from, to, present(from) ? 'onDisk' : 'declared', (sources.onDisk ?? sources.declared)!);
      else declaredOnly.push({ from, to });
    }
  }
  declaredOnly.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));

  // Whatever Kahn's algorithm cannot place is on a cycle or after one.
  const { levels } = placeInLevels(graph);
  const depth = new Map<string, number>();
  levels.forEach((names, index) => names.forEach((name) => depth.set(name, index)));
  const unplaced = graph.nodes().filter((name) => !depth.has(name)).sort(compare);

  // Longer is better; at equal length, fewer releases that are not in the kit;
  // then the first in sorted order, for stable output.
  const better = (a: ChainLink, b: ChainLink | undefined) => !b || a.length > b.length || (a.length === b.length && a.absent < b.absent);
  const link = (name: string, neighbours: string[], table: Map<string, ChainLink>): ChainLink => {
    let best: ChainLink | undefined;
    let bestName: string | undefined;
    for (const neighbour of neighbours) {
      const candidate = table.get(neighbour);
      if (candidate && better(candidate, best)) {
        best = candidate;
        bestName = neighbour;
      }
    }
    return { length: (best?.length ?? 0) + 1, absent: (best?.absent ?? 0) + (present(name) ? 0 : 1), next: bestName };
  };
  const below = new Map<string, ChainLink>(); // the longest chain ending at a node, linked downward
  for (const names of levels) for (const name of names) below.set(name, link(name, graph.dependencies(name), below));
  const above = new Map<string, ChainLink>(); // the longest chain starting at a node, linked upward
  for (const names of [...levels].reverse()) for (const name of names) above.set(name, link(name, graph.dependents(name), above));
  const walk = (start: string | undefined, table: Map<string, ChainLink>) => {
    const chain: string[] = [];
    for (let name = start; name !== undefined; name = table.get(name)!.next) chain.push(name);
    return chain;
  };
  let longest: string | undefined;
  for (const names of levels) for (const name of names) if (better(below.get(name)!, longest === undefined ? undefined : below.get(longest))) longest = name;
  return {
    graph,
    levels,
    depth,
    unplaced,
    declaredOnly,
    longestChain: walk(longest, below).reverse(),
    chainThrough: (name) => (depth.has(name) ? [...walk(name, below).reverse(), ...walk(name, above).slice(1)] : []),
    present,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
