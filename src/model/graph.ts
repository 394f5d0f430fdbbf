import { Graph, alg } from '@dagrejs/graphlib';
import type { Location } from './types.js';

/** Where an edge comes from: the expected DAG, the kit on disk, or both. */
export interface EdgeSources {
  declared?: Location;
  onDisk?: Location;
}

/**
 * The merged dependency graph: an edge `a → b` means "a depends on b", from
 * either the expected DAG or a HelmRelease on disk. Cycles are searched here,
 * so a cycle that only appears when both are combined is still found.
 *
 * Adjacency lives in plain Maps: building them is linear and cheap at 10,000
 * slots, where graphlib's setEdge was a tenth of the run. graphlib's tarjan is
 * brought in only when Kahn's algorithm has already shown there is a cycle.
 */
export class DependencyGraph {
  private readonly outgoing = new Map<string, Map<string, EdgeSources>>();
  private readonly incoming = new Map<string, Set<string>>();

  addNode(name: string): void {
    if (this.outgoing.has(name)) return;
    this.outgoing.set(name, new Map());
    this.incoming.set(name, new Set());
  }

  addEdge(from: string, to: string, source: keyof EdgeSources, location: Location): void {
    this.addNode(from);
    this.addNode(to);
    const edges = this.outgoing.get(from)!;
    let sources = edges.get(to);
    if (!sources) {
      sources = {};
      edges.set(to, sources);
      this.incoming.get(to)!.add(from);
    }
    sources[source] ??= location;
  }

  edgeSources(from: string, to: string): EdgeSources | undefined {
    return this.outgoing.get(from)?.get(to);
  }

  hasNode(name: string): boolean {
    return this.outgoing.has(name);
  }

  nodes(): string[] {
    return [...this.outgoing.keys()];
  }

  nodeCount(): number {
    return this.outgoing.size;
  }

  /** What `name` depends on, unsorted (for algorithms). */
  successors(name: string): Iterable<string> {
    return this.outgoing.get(name)?.keys() ?? [];
  }

  /** What depends on `name`, unsorted (for algorithms). */
  predecessors(name: string): Iterable<string> {
    return this.incoming.get(name) ?? [];
  }

  /** What `name` depends on, sorted. */
  dependencies(name: string): string[] {
    return [...this.successors(name)].sort();
  }

  /** What depends on `name`, sorted. */
  dependents(name: string): string[] {
    return [...this.predecessors(name)].sort();
  }

  toGraphlib(): Graph {
    const graph = new Graph({ directed: true });
    for (const [from, edges] of this.outgoing) {
      graph.setNode(from);
      for (const to of edges.keys()) graph.setEdge(from, to);
    }
    return graph;
  }
}

/**
 * Every cycle worth reporting, each as a closed path `[a, b, c, a]` that starts
 * at its smallest name. For each strongly connected component (tarjan), the
 * shortest cycle through each of its members is taken and duplicates dropped:
 * all nodes of every cycle are covered in O(V·E) per component, where listing
 * every elementary cycle could be exponential.
 */
export function findCycles(dependencyGraph: DependencyGraph): string[][] {
  if (dependencyGraph.nodeCount() === 0 || installLevels(dependencyGraph).length > 0) return [];
  const graph = dependencyGraph.toGraphlib();
  const cycles = new Map<string, string[]>();
  for (const component of alg.tarjan(graph)) {
    const members = new Set(component);
    if (component.length === 1) {
      const only = component[0]!;
      if (graph.hasEdge(only, only)) cycles.set(only, [only, only]);
      continue;
    }
    for (const start of [...component].sort()) {
      const path = shortestCycleThrough(dependencyGraph, start, members);
      if (!path) continue;
      const canonical = rotateToSmallest(path);
      cycles.set(canonical.join('\u0000'), [...canonical, canonical[0]!]);
    }
  }
  return [...cycles.values()].sort(compareNamePaths);
}

function shortestCycleThrough(graph: DependencyGraph, start: string, members: Set<string>): string[] | undefined {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let index = 0; index < queue.length; index += 1) {
    const current = queue[index]!;
    for (const next of graph.dependencies(current)) { // sorted: the same cycle is found whatever the file order
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [current];
        for (let step = current; step !== start; ) {
          step = parent.get(step)!;
          path.push(step);
        }
        return path.reverse();
      }
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

function rotateToSmallest(path: string[]): string[] {
  let smallest = 0;
  path.forEach((name, index) => {
    if (name < path[smallest]!) smallest = index;
  });
  return [...path.slice(smallest), ...path.slice(0, smallest)];
}

function compareNamePaths(a: string[], b: string[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Install levels: level 0 depends on nothing, level N only on levels before N,
 * i.e. what Flux can reconcile in parallel. Empty when the graph has a cycle.
 */
export function installLevels(graph: DependencyGraph): string[][] {
  const remaining = new Map<string, number>();
  for (const name of graph.nodes()) {
    let count = 0;
    for (const _ of graph.successors(name)) count += 1;
    remaining.set(name, count);
  }
  let level = [...remaining].filter(([, count]) => count === 0).map(([name]) => name);
  const levels: string[][] = [];
  let placed = 0;
  while (level.length > 0) {
    levels.push(level.sort());
    placed += level.length;
    const next: string[] = [];
    for (const name of level) {
      for (const dependent of graph.predecessors(name)) {
        const count = remaining.get(dependent)! - 1;
        remaining.set(dependent, count);
        if (count === 0) next.push(dependent);
      }
    }
    level = next;
  }
  return placed === graph.nodeCount() ? levels : [];
}

/** Install order facts derived from the levels of an acyclic graph. */
export interface InstallPlan {
  levels: string[][];
  /** Level index of each HelmRelease: how many HelmReleases must be Ready below it, at the most. */
  depth: Map<string, number>;
  /** The longest dependency chain, in install order (first installs first). */
  longestChain: string[];
  /** For each HelmRelease, the longest chain below it (ending with it) and above it (starting with it). */
  chainBelow: Map<string, string[]>;
  chainAbove: Map<string, string[]>;
}

/**
 * Longest chains by dynamic programming over the levels: every dependency sits
 * on an earlier level, so one pass upward and one downward suffice (linear in
 * nodes plus edges). Ties go to the alphabetically first name, for stable output.
 */
export function installPlan(dependencyGraph: DependencyGraph, levels: string[][]): InstallPlan {
  const depth = new Map<string, number>();
  levels.forEach((level, index) => level.forEach((name) => depth.set(name, index)));
  const below = new Map<string, string[]>();
  for (const level of levels) {
    for (const name of level) {
      let best: string[] = [];
      for (const dependency of dependencyGraph.dependencies(name)) {
        const chain = below.get(dependency)!;
        if (chain.length > best.length) best = chain;
      }
      below.set(name, [...best, name]);
    }
  }
  const above = new Map<string, string[]>();
  for (const level of [...levels].reverse()) {
    for (const name of level) {
      let best: string[] = [];
      for (const dependent of dependencyGraph.dependents(name)) {
        const chain = above.get(dependent)!;
        if (chain.length > best.length) best = chain;
      }
      above.set(name, [name, ...best]);
    }
  }
  let longestChain: string[] = [];
  for (const level of levels) {
    for (const name of level) {
      const chain = below.get(name)!;
      if (chain.length > longestChain.length) longestChain = chain;
    }
  }
  return { levels, depth, longestChain, chainBelow: below, chainAbove: above };
}
