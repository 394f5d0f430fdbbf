import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FluxModel } from '../model/flux-graph.js';

/** The nearest directory above the root from which a spec.path names a directory: the repository's top, where the root is below it. */
export function rootAbove(root: string, path: string): string | undefined {
  const relativePath = path.replace(/^\.?\//, '');
  // A root that is a repository's top (.git) has no repository above it.
  if (relativePath === '' || relativePath.startsWith('..') || existsSync(resolve(root, '.git'))) return undefined;
  for (let dir = dirname(root); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (statSync(resolve(dir, relativePath)).isDirectory()) return dir;
    } catch {
      // not from here
    }
    if (existsSync(resolve(dir, '.git'))) break;
  }
  return undefined;
}

/**
 * The repository's top, where the audit's root looks like a directory below it (no .git marks the top: an unpacked
 * archive, `check` run from kubernetes/apps): the directory above from which the spec.path of a Kustomization of
 * this repository's source, missing under the root, is there. undefined where none is.
 */
export function suspectedRoot(flux: FluxModel | undefined): string | undefined {
  if (!flux) return undefined;
  const root = flux.repository.root;
  // The sources known to be this repository, as kustomization/path-not-found judges them; not a path the artifact leaves
  // out (it is here), nor an OCI or bucket sync's, whose artifact's place is not known (a review's probe: a false alarm).
  const ownSources = new Set(['flux-system', ...flux.repository.ownSources ?? []]);
  for (const object of flux.objects) {
    if (object.kind !== 'Kustomization' || object.path === undefined || object.appliesDir !== undefined || object.path.includes('${')) continue;
    if (object.sourceName === undefined || !ownSources.has(object.sourceName) || (object.sourceKind ?? 'GitRepository') !== 'GitRepository') continue;
    if (object.pathLeftOutBy !== undefined) continue;
    const above = rootAbove(root, object.path);
    if (above !== undefined) return above;
  }
  return undefined;
}
