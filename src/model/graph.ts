import { Graph } from '@dagrejs/graphlib';
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
 * slots, where graphlib's setEdge was a tenth of the run. Cycles are searched
 * (iteratively) only when Kahn's algorithm has already shown there is one.
 */
export class DependencyGraph {
  // Allocated on first edge, and predecessors as a plain array: a HelmRelease
  // with 500,000 dependsOn items makes 500,000 leaves, and an empty Map plus a
  // Set for each cost more than the rest of the run.
  private readonly outgoing = new Map<string, Map<string, EdgeSources> | undefined>();
  private readonly incoming = new Map<string, string[] | undefined>();

  addNode(name: string): void {
    if (this.outgoing.has(name)) return;
    this.outgoing.set(name, undefined);
    this.incoming.set(name, undefined);
  }

  addEdge(from: string, to: string, source: keyof EdgeSources, location: Location): void {
    this.addNode(from);
    this.addNode(to);
    let edges = this.outgoing.get(from);
    if (!edges) {
      edges = new Map();
      this.outgoing.set(from, edges);
    }
    let sources = edges.get(to);
    if (!sources) {
      sources = {};
      edges.set(to, sources);
      // Each edge is added here once (the Map above dedups), so the array holds no repeats.
      const into = this.incoming.get(to);
      if (into) into.push(from);
      else this.incoming.set(to, [from]);
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

  /** How many nodes `name` depends on. */
  outDegree(name: string): number {
    return this.outgoing.get(name)?.size ?? 0;
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
      for (const to of edges?.keys() ?? []) graph.setEdge(from, to);
    }
    return graph;
  }
}

/**
 * Every cycle worth reporting, each as a closed path `[a, b, c, a]` that starts
 * at its smallest name, each once, and together covering every HelmRelease
 * that lies on a cycle. Per strongly connected component (found without
 * recursion: a ring of 100,000 must not overflow the stack), the shortest
 * cycle through its smallest member comes first; then each member not yet
 * covered gets one cycle through it, cut from the breadth-first paths to and
 * from that smallest member. Two searches per component and one short walk per
 * reported cycle: near linear, where a search from every member was quadratic.
 */
export function findCycles(dependencyGraph: DependencyGraph): string[][] {
  if (dependencyGraph.nodeCount() === 0 || installLevels(dependencyGraph).length > 0) return [];
  const names = dependencyGraph.nodes().sort();
  const id = new Map<string, number>();
  names.forEach((name, index) => id.set(name, index));
  // Neighbours sorted by name once (ids follow name order): the same cycle whatever the file order.
  const out: number[][] = names.map((name) => [...dependencyGraph.successors(name)].map((next) => id.get(next)!).sort((a, b) => a - b));
  const into: number[][] = names.map(() => []);
  out.forEach((targets, from) => targets.forEach((to) => into[to]!.push(from)));
  const cycles: string[][] = [];
  for (const component of stronglyConnectedComponents(out)) {
    const selfLoops = component.filter((node) => out[node]!.includes(node));
    for (const node of selfLoops) cycles.push([names[node]!, names[node]!]);
    if (component.length === 1) continue;
    for (const path of coveringCycles(component, out, into)) {
      const canonical = rotateToSmallest(path.map((node) => names[node]!));
      cycles.push([...canonical, canonical[0]!]);
    }
  }
  return cycles.sort(compareNamePaths);
}

/** Tarjan's algorithm with an explicit stack; components come out with their members sorted. */
function stronglyConnectedComponents(out: readonly number[][]): number[][] {
  const count = out.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const nextEdge = new Int32Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let start = 0; start < count; start += 1) {
    if (index[start] !== -1) continue;
    const work = [start];
    index[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (work.length > 0) {
      const node = work[work.length - 1]!;
      const targets = out[node]!;
      if (nextEdge[node]! < targets.length) {
        const next = targets[nextEdge[node]!]!;
        nextEdge[node] = nextEdge[node]! + 1;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push(next);
        } else if (onStack[next]) {
          low[node] = Math.min(low[node]!, index[next]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[node]!);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}

/** Breadth-first parents from `root` inside the component, along `edges`; `firstBack` is the first node seen with an edge to root. */
function searchFrom(root: number, edges: readonly number[][], members: Set<number>): { parent: Map<number, number>; firstBack?: number } {
  const parent = new Map<number, number>([[root, root]]);
  const queue = [root];
  let firstBack: number | undefined;
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head]!;
    for (const next of edges[current]!) {
      if (!members.has(next)) continue;
      if (next === root && firstBack === undefined && current !== root) firstBack = current;
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return firstBack === undefined ? { parent } : { parent, firstBack };
}

/** Elementary cycles (as open paths) that together cover a component of two or more members. */
function coveringCycles(component: readonly number[], out: readonly number[][], into: readonly number[][]): number[][] {
  const members = new Set(component);
  const root = component[0]!;
  const forward = searchFrom(root, out, members);
  const backward = searchFrom(root, into, members);
  const pathFromRoot = (node: number) => {
    const path = [node];
    for (let step = node; step !== root; ) {
      step = forward.parent.get(step)!;
      path.push(step);
    }
    return path.reverse();
  };
  const covered = new Set<number>();
  const cycles: number[][] = [];
  const take = (cycle: number[]) => {
    for (const node of cycle) covered.add(node);
    cycles.push(cycle);
  };
  // The shortest cycle through the root: root → … → firstBack → root.
  take(pathFromRoot(forward.firstBack!));
  for (const node of component) {
    if (covered.has(node)) continue;
    // root → … → node along the forward tree, node → … → root along the backward one; the walk is
    // cut at the first node of the way back that the way there already holds, so no name repeats.
    const there = pathFromRoot(node);
    const position = new Map(there.map((step, at) => [step, at]));
    const back: number[] = [];
    let step = backward.parent.get(node)!;
    while (!position.has(step)) {
      back.push(step);
      step = backward.parent.get(step)!;
    }
    take([...there.slice(position.get(step)!), ...back]);
  }
  return cycles;
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
/** Every node reachable from `name` by `step` (transitive dependencies or dependents), sorted; `name` itself excluded. */
export function reachable(name: string, step: (node: string) => Iterable<string>): string[] {
  const seen = new Set<string>();
  const stack = [...step(name)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    stack.push(...step(next));
  }
  return [...seen].sort();
}

export function installLevels(graph: DependencyGraph): string[][] {
  const { levels, placed } = placeInLevels(graph);
  return placed === graph.nodeCount() ? levels : [];
}

/**
 * Kahn's algorithm: the levels of every node it can place, and how many that
 * is. What it cannot place is on a cycle, or waits for one.
 */
export function placeInLevels(graph: DependencyGraph): { levels: string[][]; placed: number } {
  const remaining = new Map<string, number>();
  let level: string[] = [];
  for (const name of graph.nodes()) {
    const count = graph.outDegree(name);
    remaining.set(name, count);
    if (count === 0) level.push(name);
  }
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
  return { levels, placed };
}

/** Install order facts derived from the levels of an acyclic graph. */
export interface InstallPlan {
  levels: string[][];
  /** Level index of each HelmRelease: how many HelmReleases must be Ready below it, at the most. */
  depth: Map<string, number>;
  /** The longest dependency chain, in install order (first installs first). */
  longestChain: string[];
  /** The longest chain below a HelmRelease, ending with it (rebuilt from links on each call). */
  chainBelow(name: string): string[];
  /** The longest chain above a HelmRelease, starting with it (rebuilt from links on each call). */
  chainAbove(name: string): string[];
}

/**
 * Longest chains by dynamic programming over the levels: every dependency sits
 * on an earlier level, so one pass upward and one downward suffice (linear in
 * nodes plus edges). Each HelmRelease keeps its chain's length and one link to
 * the next member, never a copy of the chain: a 10,000-long chain would
 * otherwise hold fifty million names. Ties go to the alphabetically first
 * name, for stable output.
 */
export function installPlan(dependencyGraph: DependencyGraph, levels: string[][]): InstallPlan {
  const depth = new Map<string, number>();
  levels.forEach((level, index) => level.forEach((name) => depth.set(name, index)));
  const longest = (order: Iterable<string>, neighbours: (name: string) => string[]) => {
    const length = new Map<string, number>();
    const link = new Map<string, string>();
    for (const name of order) {
      let best = 0;
      let bestNeighbour: string | undefined;
      for (const neighbour of neighbours(name)) {
        const candidate = length.get(neighbour)!;
        if (candidate > best) {
          best = candidate;
          bestNeighbour = neighbour;
        }
      }
      length.set(name, best + 1);
      if (bestNeighbour !== undefined) link.set(name, bestNeighbour);
    }
    const follow = (name: string) => {
      const chain = [name];
      for (let next = link.get(name); next !== undefined; next = link.get(next)) chain.push(next);
      return chain;
    };
    return { length, follow };
  };
  function* upward() {
    for (const level of levels) yield* level;
  }
  function* downward() {
    for (let index = levels.length - 1; index >= 0; index -= 1) yield* levels[index]!;
  }
  const below = longest(upward(), (name) => dependencyGraph.dependencies(name));
  const above = longest(downward(), (name) => dependencyGraph.dependents(name));
  let top: string | undefined;
  for (const name of upward()) {
    if (top === undefined || below.length.get(name)! > below.length.get(top)!) top = name;
  }
  return {
    levels,
    depth,
    longestChain: top === undefined ? [] : below.follow(top).reverse(),
    chainBelow: (name) => below.follow(name).reverse(),
    chainAbove: (name) => above.follow(name),
  };
}

/**
 * Install levels of a graph that may hold cycles: each strongly connected
 * group counts as one node (its members share a level), so everything gets a
 * level. For a repository whose clusters hold copies of one object that
 * depend on each other in opposite ways (no cycle inside any one cluster), the
 * merged graph has a loop that no cluster has.
 */
export function condensedLevels(graph: DependencyGraph): string[][] {
  const names = graph.nodes().sort();
  const id = new Map<string, number>();
  names.forEach((name, index) => id.set(name, index));
  const out: number[][] = names.map((name) => [...graph.successors(name)].map((next) => id.get(next)!));
  const components = stronglyConnectedComponents(out);
  const componentOf = new Int32Array(names.length);
  components.forEach((members, index) => members.forEach((member) => { componentOf[member] = index; }));
  const condensed = new DependencyGraph();
  components.forEach((_, index) => condensed.addNode(String(index)));
  out.forEach((targets, from) => {
    for (const to of targets) {
      if (componentOf[from] !== componentOf[to]) condensed.addEdge(String(componentOf[from]), String(componentOf[to]), 'onDisk', { file: '', line: null, column: null });
    }
  });
  return installLevels(condensed).map((level) => level.flatMap((component) => components[Number(component)]!.map((member) => names[member]!)).sort());
}
