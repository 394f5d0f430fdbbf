// How the artifact rules (kustomization/path-not-found, kustomization/resource-not-in-artifact) name what leaves
// a path out of a GitRepository's artifact, and the line that brings it back.

/** `.sourceignore leaves out of the artifact of GitRepository S`, or the GitRepository's own spec.ignore. */
export function leavesOut(ignoreFile: string | undefined, source: string): string {
  return ignoreFile ? `${ignoreFile} leaves out of the artifact of GitRepository ${source}` : `the spec.ignore of GitRepository ${source} leaves out of its artifact`;
}

/** Where the pattern is written: the `.sourceignore` file (with `:line` when known), or the spec.ignore. */
export function ignoreWritten(ignoreFile: string | undefined, source: string, line?: number): string {
  return ignoreFile ? `${ignoreFile}${line !== undefined ? `:${line}` : ''}` : `the spec.ignore of GitRepository ${source}`;
}

/**
 * The `!` line that keeps `path` (from the repository root) in the artifact, written from the directory of the
 * `.sourceignore` it goes in: one below the root speaks of the paths below it, from there.
 */
export function keepLine(ignoreFile: string | undefined, path: string): string {
  const base = ignoreFile?.includes('/') ? ignoreFile.slice(0, ignoreFile.lastIndexOf('/')) : '';
  return `!/${base && path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path}`;
}

/** What a GitRepository's spec.sparseCheckout does to a path: it checks out only the directories it lists. */
export function sparseLeavesOut(dirs: readonly string[], source: string): string {
  return `the spec.sparseCheckout of GitRepository ${source} leaves out of its artifact (it checks out only ${dirs.join(', ')})`;
}
