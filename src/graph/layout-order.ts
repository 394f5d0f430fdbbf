import type dagre from '@dagrejs/dagre';

type LayoutGraph = InstanceType<typeof dagre.graphlib.Graph>;
type Order = (graph: LayoutGraph, options: { constraints?: { left: string; right: string }[] }) => void;

/*
 * dagre's ordering step (crossing reduction) can lose nodes on a compound
 * graph. Each sweep sorts a rank's clusters under a constraint graph that it
 * grows from the orders of the ranks before; when two clusters stand in one
 * order in one rank and in the other order in another, that graph gets a
 * cycle, and the conflict resolution drops every entry on the cycle. Their
 * nodes keep the order of an earlier sweep, two nodes share a place, and the
 * layout's positions become NaN: dagre then throws "Not possible to find
 * intersection inside of the rectangle" at the end (seen on tyriis/home-ops,
 * 277 objects in 29 namespaces, and gavinmcfall/home-ops, 338 in 20; on every
 * dagre release from 1.1 to 3.1). Drawings then fell back to slower rankings
 * (4.7 s) or to no ordering at all, whose namespace boxes do not hold their
 * members.
 *
 * The cure keeps dagre's own ordering: where it lost nodes, it runs again
 * with every pair of clusters constrained to one order for the whole drawing,
 * taken from where the lost run placed their members. The constraint graph
 * is then acyclic from the start and stays so (each rank's order follows it),
 * so no entry is dropped.
 */

/** dagre's `customOrder`: its own ordering, run again with the clusters in one fixed order where it lost nodes. */
export function orderKeepingEveryNode(graph: LayoutGraph, order: Order): void {
  order(graph, {});
  if (ordersArePlaces(graph)) return;
  const clusters = clustersInPlace(graph);
  const constraints: { left: string; right: string }[] = [];
  for (let left = 0; left < clusters.length; left += 1) {
    for (let right = left + 1; right < clusters.length; right += 1) constraints.push({ left: clusters[left]!, right: clusters[right]! });
  }
  order(graph, { constraints });
}

/** Whether every rank's nodes hold the places 0..n-1, one node each: what dagre's positioning needs. */
export function ordersArePlaces(graph: LayoutGraph): boolean {
  const byRank = new Map<number, Set<number>>();
  for (const id of graph.nodes()) {
    const { rank, order } = graph.node(id) as { rank?: number; order?: number };
    if (rank === undefined) continue;
    let places = byRank.get(rank);
    if (!places) byRank.set(rank, (places = new Set()));
    if (order === undefined || places.has(order)) return false;
    places.add(order);
  }
  for (const places of byRank.values()) {
    for (let place = 0; place < places.size; place += 1) if (!places.has(place)) return false;
  }
  return true;
}

/**
 * The clusters of the layout graph in one order: by the mean place of their
 * members, each place taken as a share of its rank's width (ties by id, so
 * the same graph always gives the same order).
 */
function clustersInPlace(graph: LayoutGraph): string[] {
  const rankSizes = new Map<number, number>();
  for (const id of graph.nodes()) {
    const { rank } = graph.node(id) as { rank?: number };
    if (rank !== undefined) rankSizes.set(rank, (rankSizes.get(rank) ?? 0) + 1);
  }
  const places = new Map<string, { sum: number; count: number }>();
  for (const id of graph.nodes()) {
    const { rank, order } = graph.node(id) as { rank?: number; order?: number };
    const cluster = graph.parent(id);
    if (rank === undefined || order === undefined || cluster === undefined) continue;
    const place = places.get(cluster) ?? { sum: 0, count: 0 };
    place.sum += order / rankSizes.get(rank)!;
    place.count += 1;
    places.set(cluster, place);
  }
  const mean = (cluster: string) => places.get(cluster)!.sum / places.get(cluster)!.count;
  return [...places.keys()].sort((a, b) => mean(a) - mean(b) || (a < b ? -1 : a > b ? 1 : 0));
}
