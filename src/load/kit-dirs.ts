import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Every `clusters/<cluster>/bootstrap-kit/` under the root, the template included, sorted. */
export function clusterKitDirs(root: string): string[] {
  const clusters = join(root, 'clusters');
  if (!existsSync(clusters)) return [];
  return readdirSync(clusters, { withFileTypes: true })
    // A cluster directory may be a symbolic link; the kit loader reports one that leaves the repository.
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => join(clusters, entry.name, 'bootstrap-kit'))
    .filter((dir) => existsSync(dir) && statSync(dir).isDirectory())
    .sort();
}

const GLOB_CHARACTERS = /[*?[]/;

function segmentPattern(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * Expands `--kit-dir` values, each a directory or a pattern with `*`, `?` or
 * `[...]` in its segments (`clusters/*\/bootstrap-kit`), against the working
 * directory. A pattern matching nothing is kept as written, so the loader
 * reports it as not found instead of silently auditing nothing.
 */
export function expandKitDirs(patterns: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (!GLOB_CHARACTERS.test(pattern)) {
      found.add(resolve(cwd, pattern));
      continue;
    }
    const absolute = resolve(cwd, pattern);
    const segments = absolute.split(sep);
    let bases = [segments[0] === '' ? sep : segments[0]!];
    for (const segment of segments.slice(1)) {
      if (segment === '') continue;
      const next: string[] = [];
      for (const base of bases) {
        if (!GLOB_CHARACTERS.test(segment)) {
          const path = join(base, segment);
          if (existsSync(path)) next.push(path);
          continue;
        }
        const matcher = segmentPattern(segment);
        try {
          for (const entry of readdirSync(base, { withFileTypes: true })) {
            if (entry.isDirectory() && matcher.test(entry.name)) next.push(join(base, entry.name));
          }
        } catch {
          // not a readable directory: nothing matches below it
        }
      }
      bases = next;
    }
    if (bases.length === 0) found.add(absolute);
    for (const base of bases.sort()) found.add(base);
  }
  return [...found];
}

/** `clusters/<cluster>/bootstrap-kit` → `<cluster>`; any other kit is named by its path from the root. */
export function clusterName(root: string, kitDir: string): string {
  const fromRoot = relative(root, kitDir).split(sep).join('/');
  const match = /^clusters\/([^/]+)\/bootstrap-kit$/.exec(fromRoot);
  if (match) return match[1]!;
  return isAbsolute(fromRoot) || fromRoot.startsWith('..') ? kitDir : fromRoot;
}
