import { dirname, join, sep } from 'node:path';
import type { AppliedFile } from './kustomization.js';

// Which files a Flux Kustomization's spec.path applies, as kustomize-controller
// reads the directory (no objects involved: paths only).

/**
 * What a Flux Kustomization applies from its spec.path, as kustomize-controller
 * reads the directory: its kustomization tree, or, without one, what the
 * controller generates: every manifest below (`loose`), a subdirectory with its
 * own kustomization standing for that kustomization's tree (`trees`, the
 * outermost ones only).
 */
export function appliedParts(dir: string, treeDirs: ReadonlyMap<string, unknown> | ReadonlySet<string>, allFiles: readonly string[]): { loose: string[]; trees: string[] } {
  if (treeDirs.has(dir)) return { loose: [], trees: [dir] };
  // The nearest directory with its own kustomization between a path and `dir`, walking up: linear in
  // the depth, where comparing every file with every kustomization was quadratic.
  const treeAbove = (path: string): string | undefined => {
    let outermost: string | undefined;
    for (let current = dirname(path); current.length > dir.length && current.startsWith(dir); current = dirname(current)) {
      if (treeDirs.has(current)) outermost = current;
    }
    return outermost;
  };
  const loose: string[] = [];
  const trees = new Set<string>();
  for (const file of allFiles) {
    if (!file.startsWith(`${dir}${sep}`)) continue;
    const owner = treeAbove(file);
    if (owner) trees.add(owner);
    else loose.push(file);
  }
  // Kustomizations below whose files all lie elsewhere (../base) count too.
  for (const treeDir of treeDirs.keys()) {
    if (treeDir.startsWith(`${dir}${sep}`) && treeAbove(join(treeDir, 'kustomization.yaml')) === treeDir) trees.add(treeDir);
  }
  return { loose, trees: [...trees].sort() };
}

/** The files a Flux Kustomization applies from its spec.path (see `appliedParts`), from the kustomization trees by directory. */
export function appliedFilesOf(dir: string, trees: ReadonlyMap<string, { files: readonly AppliedFile[] }>, allFiles: readonly string[]): string[] {
  const parts = appliedParts(dir, trees, allFiles);
  return [...parts.loose, ...parts.trees.flatMap((tree) => (trees.get(tree)?.files ?? []).map((file) => file.path))];
}
