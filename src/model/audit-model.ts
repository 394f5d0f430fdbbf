import { DependencyGraph, findCycles, installLevels } from './graph.js';
import { compareSlots } from './slot.js';
import type { ExpectedSlot, HelmRelease, Repository, SlotFile } from './types.js';

/** The repository plus the indexes and graph every rule needs, computed once. */
export interface AuditModel {
  repository: Repository;
  /** HelmReleases on disk by name (the first one, if a name repeats). */
  releasesByName: Map<string, HelmRelease>;
  /** Expected entries by name (the first one, if a name repeats). */
  expectedByName: Map<string, ExpectedSlot>;
  slotFilesByPath: Map<string, SlotFile>;
  /** Expected entries in slot order. */
  expectedInSlotOrder: ExpectedSlot[];
  /** Declared but not on disk, in slot order. */
  deferred: ExpectedSlot[];
  /** Declared and on-disk edges merged. */
  graph: DependencyGraph;
  cycles: string[][];
  order: string[][];
}

function firstByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

export function buildAuditModel(repository: Repository): AuditModel {
  const releasesByName = firstByName(repository.helmReleases);
  const expectedByName = firstByName(repository.expected);
  const graph = new DependencyGraph();
  for (const entry of repository.expected) {
    graph.addNode(entry.name);
    for (const dependency of entry.dependsOn) graph.addEdge(entry.name, dependency.value, 'declared', dependency.location);
  }
  for (const release of repository.helmReleases) {
    graph.addNode(release.name);
    for (const dependency of release.dependsOn) graph.addEdge(release.name, dependency.name, 'onDisk', dependency.location);
  }
  // Kahn's algorithm places every node exactly when there is no cycle; tarjan runs only otherwise.
  const order = installLevels(graph);
  const cycles = order.length > 0 || graph.nodeCount() === 0 ? [] : findCycles(graph);
  const expectedInSlotOrder = [...repository.expected].sort(
    (a, b) => compareSlots(a.slot, b.slot) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return {
    repository,
    releasesByName,
    expectedByName,
    slotFilesByPath: new Map(repository.slotFiles.map((file) => [file.path, file])),
    expectedInSlotOrder,
    deferred: expectedInSlotOrder.filter((entry) => !releasesByName.has(entry.name) && expectedByName.get(entry.name) === entry),
    graph,
    cycles,
    order,
  };
}
