import type { AuditModel } from '../model/audit-model.js';
import type { FluxModel } from '../model/flux-graph.js';
import { fluxObjectId } from '../model/flux-objects.js';
import { groupBy } from '../model/group.js';

export type NodeStatus = 'present' | 'deferred' | 'undeclared';

/**
 * `agreed`: declared and on disk. `missing`: declared, but the HelmRelease on
 * disk lacks it (drift). `extra`: on disk only (drift). `planned`: declared for
 * a slot that has not landed yet.
 */
export type EdgeKind = 'agreed' | 'missing' | 'extra' | 'planned' | 'applies';

export interface GraphViewNode {
  name: string;
  slot: string | null;
  wave: string | null;
  status: NodeStatus;
}

export interface GraphViewEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

/** The merged DAG as the graph command draws it: nodes in slot order, grouped by wave. */
export interface GraphView {
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
  /** Wave names in the order they first appear. */
  waves: string[];
}

export const UNDECLARED_WAVE = '(not declared)';

/** How an edge of the merged graph relates the kit on disk to the expected DAG. */
export function edgeKind({ graph, releasesByName, expectedByName }: AuditModel, from: string, to: string): EdgeKind {
  const sources = graph.edgeSources(from, to)!;
  return sources.declared && sources.onDisk ? 'agreed'
    : sources.onDisk ? 'extra'
      : releasesByName.has(from) && expectedByName.has(from) ? 'missing' : 'planned';
}

/** What graph text and check's DAG write after an edge of each kind. */
export const EDGE_NOTE: Record<EdgeKind, string> = { agreed: '', planned: '', missing: ' (missing on disk)', extra: ' (not declared)', applies: ' (applied by)' };

export function buildGraphView(model: AuditModel, focus?: { name: string; depth?: number }): GraphView {
  const { repository, releasesByName, slotFilesByPath, graph } = model;
  const nodes: GraphViewNode[] = [];
  // Each node's position by name: what `seen` was, kept for the drawings (positionsOf), which needed a Map of their own.
  const seen = new Map<string, number>();
  for (const entry of model.expectedInSlotOrder) {
    if (seen.has(entry.name)) continue;
    seen.set(entry.name, nodes.length);
    nodes.push({ name: entry.name, slot: entry.slot.display, wave: entry.wave ?? null, status: releasesByName.has(entry.name) ? 'present' : 'deferred' });
  }
  for (const release of repository.helmReleases) {
    if (seen.has(release.name)) continue;
    seen.set(release.name, nodes.length);
    nodes.push({ name: release.name, slot: slotFilesByPath.get(release.file)?.slot?.display ?? null, wave: UNDECLARED_WAVE, status: 'undeclared' });
  }
  const edges: GraphViewEdge[] = [];
  for (const node of nodes) {
    for (const dependency of graph.dependencies(node.name)) edges.push({ from: node.name, to: dependency, kind: edgeKind(model, node.name, dependency) });
  }
  // A dependency that nobody declares and nothing holds still gets drawn, so the edge has an end.
  for (const edge of edges) {
    if (!seen.has(edge.to)) {
      seen.set(edge.to, nodes.length);
      nodes.push({ name: edge.to, slot: null, wave: UNDECLARED_WAVE, status: 'undeclared' });
    }
  }
  const waves = new Set<string>();
  for (const node of nodes) waves.add(node.wave ?? '(no wave)');
  const view = { nodes, edges, waves: [...waves] };
  if (focus) return focusView(view, focus.name, focus.depth);
  positionsOfView.set(view, seen);
  return view;
}

/** The positions buildGraphView found its nodes at, by view (its names are unique). */
const positionsOfView = new WeakMap<GraphView, ReadonlyMap<string, number>>();

/**
 * Each node name's last position in `view.nodes` (what `new Map(nodes.map((node, i) => [node.name, i]))`
 * gives): the Map buildGraphView kept, else made now. One Map of 520,000 names, not one per drawing.
 */
export function positionsOf(view: GraphView): ReadonlyMap<string, number> {
  return positionsOfView.get(view) ?? new Map(view.nodes.map((node, index) => [node.name, index]));
}

/**
 * Keeps what lies within `depth` hops of `name`: what it depends on, then
 * what depends on it, each followed in its direction. Each node's
 * neighbours are looked up, not searched for among all edges per hop (a
 * chain of 100,000 was quadratic).
 */
export function focusView(view: GraphView, name: string, depth = Number.POSITIVE_INFINITY): GraphView {
  const keep = new Set([name]);
  const outgoing = edgesFromEach(view);
  const incoming = groupBy(view.edges, (edge) => edge.to);
  // What it depends on (outgoing edges, to their targets), then what depends on it (incoming, to their sources).
  for (const [edgesOf, farEnd] of [[outgoing, 'to'], [incoming, 'from']] as const) {
    let frontier = [name];
    for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
      const reached: string[] = [];
      for (const here of frontier) {
        for (const edge of edgesOf.get(here) ?? []) {
          const there = edge[farEnd];
          if (keep.has(there)) continue;
          keep.add(there);
          reached.push(there);
        }
      }
      frontier = reached;
    }
  }
  const nodes = view.nodes.filter((node) => keep.has(node.name));
  const keptWaves = new Set(nodes.map((node) => node.wave ?? '(no wave)'));
  const focused = {
    nodes,
    edges: view.edges.filter((edge) => keep.has(edge.from) && keep.has(edge.to)),
    waves: view.waves.filter((wave) => keptWaves.has(wave)),
  };
  // An object at the edge of the view would read as one with no dependency, or nothing waiting on it: count what was cut.
  const beyond = new Map<string, number>();
  for (const edge of view.edges) {
    if (keep.has(edge.from) === keep.has(edge.to)) continue;
    const inside = keep.has(edge.from) ? edge.from : edge.to;
    beyond.set(inside, (beyond.get(inside) ?? 0) + 1);
  }
  edgesBeyondOfView.set(focused, beyond);
  return focused;
}

const edgesBeyondOfView = new WeakMap<GraphView, ReadonlyMap<string, number>>();

/** For a view cut by --focus/--depth: each node's edges (either way) to what the view leaves out. Empty for a whole graph. */
export function edgesBeyond(view: GraphView): ReadonlyMap<string, number> {
  return edgesBeyondOfView.get(view) ?? new Map();
}

/** The view's nodes of each wave (`(no wave)` for none), in the view's order: grouped once, not filtered per wave. */
export function nodesByWave(view: GraphView, none = '(no wave)'): Map<string, GraphViewNode[]> {
  return groupBy(view.nodes, (node) => node.wave ?? none);
}

/** Each node's outgoing edges, in the view's order: found once, not filtered per node (quadratic at 10,000 slots). */
export function edgesFromEach(view: GraphView): Map<string, GraphViewEdge[]> {
  return groupBy(view.edges, (edge) => edge.from);
}

export function nodeLabel(node: GraphViewNode): string {
  return node.slot ? `${node.slot} ${node.name}` : node.name;
}

/**
 * The repository view (no kit, no expected DAG) as a picture: every Flux
 * object by its id `Kind/namespace/name`, grouped by namespace, and the
 * dependsOn edges that resolve. Nothing is declared, so nothing is deferred
 * or drift: every node is present, every edge agreed.
 */
export function buildFluxGraphView(flux: FluxModel): GraphView {
  const nodes: GraphViewNode[] = [];
  const seen = new Set<string>();
  for (const object of flux.objects) {
    const name = fluxObjectId(object);
    if (seen.has(name)) continue;
    seen.add(name);
    nodes.push({ name, slot: null, wave: object.namespace ?? '(no namespace)', status: 'present' });
  }
  const edges: GraphViewEdge[] = nodes.flatMap((node) => flux.graph.dependencies(node.name).map((to) => ({ from: node.name, to, kind: 'agreed' as const })));
  // "applies", drawn the way dependsOn is (from what waits to what it waits for): a child after its parent.
  const applies = new Set<string>();
  for (const [parent, children] of flux.applies) {
    for (const child of children) applies.add(`${fluxObjectId(child)}\u0000${fluxObjectId(parent)}`);
  }
  for (const key of [...applies].sort()) {
    const [from, to] = key.split('\u0000') as [string, string];
    if (from !== to) edges.push({ from, to, kind: 'applies' });
  }
  return { nodes, edges, waves: [...new Set(nodes.map((node) => node.wave!))] };
}
