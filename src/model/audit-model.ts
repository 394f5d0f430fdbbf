import type { FluxModel } from './flux-graph.js';
import type { ReadyExprProblems } from './ready-expr.js';
import { DependencyGraph, findCycles, installLevels } from './graph.js';
import { compareText } from './compare.js';
import { compareSlots } from './slot.js';
import type { DependsOnRef, ExpectedSlot, HelmRelease, Repository, SlotFile } from './types.js';

/** The repository plus the indexes and graph every rule needs, computed once. */
export interface AuditModel {
  repository: Repository;
  /** HelmReleases on disk by name (the first one, if a name repeats). */
  releasesByName: Map<string, HelmRelease>;
  /** Every HelmRelease of each name: one name may live in several namespaces. */
  releasesNamed: Map<string, HelmRelease[]>;
  /** The expected entry that declares this release, if one does unambiguously (see `ambiguous`). */
  expectedFor(release: HelmRelease): ExpectedSlot | undefined;
  /** The release an expected entry declares: by name, and by namespace where the entry gives one. */
  releaseFor(entry: ExpectedSlot): HelmRelease | undefined;
  /** Entries without `namespace:` whose name several HelmReleases share. */
  ambiguous: ExpectedSlot[];
  /** What a dependsOn item points at, as Flux resolves it (its namespace, else the dependent's). */
  resolveDependency(release: HelmRelease, ref: DependsOnRef): HelmRelease | undefined;
  /** The graph's node for a release: its name, or namespace/name where the name is not unique. */
  nodeKey(release: HelmRelease): string;
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
  /** The repository view: every Flux object under the root (absent when only a kit is audited). */
  flux?: FluxModel;
  /** Kit directories the kit rules cover: repository rules leave what those rules judge to them. */
  kitDirs?: readonly string[];
  /** Every dependsOn readyExpr checked as CEL (see `checkReadyExprs`); absent when none exists. */
  readyExprProblems?: ReadyExprProblems;
}

function firstByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

/** Namespaces match when equal, or when either is unknown (then the applying Flux Kustomization decides). */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export function buildAuditModel(repository: Repository): AuditModel {
  const releasesByName = firstByName(repository.helmReleases);
  const expectedByName = firstByName(repository.expected);
  const releasesNamed = new Map<string, HelmRelease[]>();
  for (const release of repository.helmReleases) {
    const named = releasesNamed.get(release.name);
    if (named) named.push(release);
    else releasesNamed.set(release.name, [release]);
  }
  const nodeKey = (release: HelmRelease) =>
    releasesNamed.get(release.name)!.length > 1 ? `${release.namespace ?? ''}/${release.name}` : release.name;
  const releaseFor = (entry: ExpectedSlot): HelmRelease | undefined => {
    const named = releasesNamed.get(entry.name) ?? [];
    if (entry.namespace !== undefined) return named.find((release) => sameNamespace(release.namespace, entry.namespace));
    return named.length === 1 ? named[0] : undefined;
  };
  const expectedFor = (release: HelmRelease): ExpectedSlot | undefined => {
    const entry = expectedByName.get(release.name);
    return entry && releaseFor(entry) === release ? entry : undefined;
  };
  const ambiguous = repository.expected.filter((entry) =>
    entry.namespace === undefined && (releasesNamed.get(entry.name)?.length ?? 0) > 1 && expectedByName.get(entry.name) === entry);
  const resolveDependency = (release: HelmRelease, ref: DependsOnRef): HelmRelease | undefined => {
    const wanted = ref.namespace ?? release.namespace;
    return releasesNamed.get(ref.name)?.find((candidate) => sameNamespace(candidate.namespace, wanted));
  };
  // Where a dependsOn name resolves to nothing, the edge still goes to the name,
  // so a cycle through it is seen; the rules say why it does not resolve.
  const keyForName = (name: string) => {
    const named = releasesNamed.get(name);
    if (!named || named.length === 1) return name;
    const entry = expectedByName.get(name);
    const declared = entry ? releaseFor(entry) : undefined;
    return declared ? nodeKey(declared) : name;
  };

  const graph = new DependencyGraph();
  for (const entry of repository.expected) {
    const from = keyForName(entry.name);
    graph.addNode(from);
    for (const dependency of entry.dependsOn) graph.addEdge(from, keyForName(dependency.value), 'declared', dependency.location);
  }
  for (const release of repository.helmReleases) {
    const from = nodeKey(release);
    graph.addNode(from);
    for (const dependency of release.dependsOn) {
      const target = resolveDependency(release, dependency);
      graph.addEdge(from, target ? nodeKey(target) : keyForName(dependency.name), 'onDisk', dependency.location);
    }
  }
  // Kahn's algorithm places every node exactly when there is no cycle; tarjan runs only otherwise.
  const order = installLevels(graph);
  const cycles = order.length > 0 || graph.nodeCount() === 0 ? [] : findCycles(graph);
  const expectedInSlotOrder = [...repository.expected].sort(
    (a, b) => compareSlots(a.slot, b.slot) || compareText(a.name, b.name),
  );
  const ambiguousSet = new Set(ambiguous);
  return {
    repository,
    releasesByName,
    releasesNamed,
    expectedByName,
    expectedFor,
    releaseFor,
    ambiguous,
    resolveDependency,
    nodeKey,
    slotFilesByPath: new Map(repository.slotFiles.map((file) => [file.path, file])),
    expectedInSlotOrder,
    deferred: expectedInSlotOrder.filter((entry) =>
      !releaseFor(entry) && !ambiguousSet.has(entry) && expectedByName.get(entry.name) === entry),
    graph,
    cycles,
    order,
  };
}
