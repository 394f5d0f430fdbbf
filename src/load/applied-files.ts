import { dirname, sep } from 'node:path';
import type { AppliedFile } from './kustomization.js';
import { lowerBound } from '../model/sorted.js';

// Which files a Flux Kustomization's spec.path applies, as kustomize-controller
// reads the directory (no objects involved: paths only).

/**
 * What a Flux Kustomization applies from its spec.path, as kustomize-controller
 * reads the directory: its kustomization tree, or, without one, what the
 * controller generates: every manifest below (`loose`), a subdirectory with its
 * own kustomization standing for that kustomization's tree (`trees`, the
 * outermost ones only).
 */
export function appliedParts(dir: string, treeDirs: ReadonlyMap<string, unknown> | ReadonlySet<string>, allFiles: readonly string[]): AppliedParts {
  // Asked for again and again of one directory (each Kustomization that applies it, the roots, the clusters):
  // found once per pair of collections, which, like sortedOnce's, do not change once asked about.
  let byFiles = partsCache.get(treeDirs);
  if (!byFiles) partsCache.set(treeDirs, byFiles = new WeakMap());
  let byDir = byFiles.get(allFiles);
  if (!byDir) byFiles.set(allFiles, byDir = new Map());
  let parts = byDir.get(dir);
  if (!parts) byDir.set(dir, parts = partsOf(dir, treeDirs, allFiles));
  return parts;
}

/** What appliedParts gives: never changed by its callers (it is shared). */
export interface AppliedParts {
  readonly loose: readonly string[];
  readonly trees: readonly string[];
}

const partsCache = new WeakMap<object, WeakMap<object, Map<string, AppliedParts>>>();

function partsOf(dir: string, treeDirs: ReadonlyMap<string, unknown> | ReadonlySet<string>, allFiles: readonly string[]): AppliedParts {
  if (treeDirs.has(dir)) return { loose: [], trees: [dir] };
  // The outermost directory with its own kustomization from `start` up to (not including) `dir`, walking up:
  // linear in the depth, where comparing every file with every kustomization was quadratic. Files come
  // sorted, so those of one directory come together: each directory is walked once.
  const ownerOf = new Map<string, string | undefined>();
  const treeAbove = (start: string): string | undefined => {
    if (ownerOf.has(start)) return ownerOf.get(start);
    let outermost: string | undefined;
    for (let current = start; current.length > dir.length && current.startsWith(dir); current = dirname(current)) {
      if (treeDirs.has(current)) outermost = current;
    }
    ownerOf.set(start, outermost);
    return outermost;
  };
  const loose: string[] = [];
  const trees = new Set<string>();
  const below = `${dir}${sep}`;
  // What lies below `dir` is one run of the sorted paths: found by bisection, not by testing every file
  // of the repository for each Kustomization (1,000 of them over 3,000 files was a few percent of a run).
  for (const file of startingWith(sortedOnce(allFiles), below)) {
    const owner = treeAbove(dirname(file));
    if (owner) trees.add(owner);
    else loose.push(file);
  }
  // Kustomizations below whose files all lie elsewhere (../base) count too.
  for (const treeDir of startingWith(sortedOnce(treeDirs), below)) {
    if (treeAbove(treeDir) === treeDir) trees.add(treeDir);
  }
  return { loose, trees: [...trees].sort() };
}

const sortedCopies = new WeakMap<object, string[]>();

/** The paths of a list, or a map's or set's keys, sorted (once per collection: callers pass the same ones many times). */
function sortedOnce(paths: readonly string[] | ReadonlyMap<string, unknown> | ReadonlySet<string>): string[] {
  let sorted = sortedCopies.get(paths);
  if (!sorted) sortedCopies.set(paths, sorted = [...(Array.isArray(paths) ? paths : (paths as ReadonlySet<string>).keys())].sort());
  return sorted;
}

/** The run of sorted paths that start with `prefix`. */
function* startingWith(sorted: readonly string[], prefix: string): Generator<string> {
  for (let index = lowerBound(sorted, prefix); index < sorted.length && sorted[index]!.startsWith(prefix); index += 1) yield sorted[index]!;
}

/** The files a Flux Kustomization applies from its spec.path (see `appliedParts`), from the kustomization trees by directory. */
export function appliedFilesOf(dir: string, trees: ReadonlyMap<string, { files: readonly AppliedFile[] }>, allFiles: readonly string[]): string[] {
  const parts = appliedParts(dir, trees, allFiles);
  return [...parts.loose, ...parts.trees.flatMap((tree) => (trees.get(tree)?.files ?? []).map((file) => file.path))];
}
