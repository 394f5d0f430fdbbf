import { isAbsolute, relative, sep } from 'node:path';
import { isInside } from '../model/inside.js';
import { displayPath } from '../model/paths.js';
import type { Finding } from '../model/types.js';
import { GlobPatternError, globMatcher } from './kit-dirs.js';

// --exclude: the globs a user leaves out of a repository, matched against root-relative paths
// (check reads them for what depends on them and judges nothing there; graph, order and explain do not read them).

/**
 * The `--exclude` globs, matched against root-relative paths. One that can never
 * match is a usage error (GlobPatternError), never an exclusion that silently
 * leaves nothing out: an invalid glob (`[`), an empty one, or an absolute or
 * `../` path.
 */
export async function excludeMatcher(given: readonly string[], root: string): Promise<{ matches: (path: string) => boolean; unmatched: () => string[] }> {
  const matchers: ((path: string) => boolean)[] = [];
  const globs = [...new Set(given)];
  for (const glob of globs) {
    const rootRelative = 'give a glob relative to the repository root, such as apps/legacy or apps/**/old';
    if (glob.trim() === '') throw new GlobPatternError(glob, 'is empty', rootRelative, '--exclude');
    if (isAbsolute(glob) || glob === '..' || glob.startsWith('../')) {
      const inside = isAbsolute(glob) && isInside(root, glob) && glob !== root ? relative(root, glob).split(sep).join('/') : undefined;
      throw new GlobPatternError(glob, 'can never match: --exclude is matched against paths relative to the repository root',
        inside ? `write it as ${inside}` : rootRelative, '--exclude');
    }
    matchers.push(await globMatcher('--exclude', glob, glob, { dot: true }));
  }
  // A directory matches when it or one of its ancestors matches: `--exclude apps/legacy` leaves out all below it.
  const matchesPath = (matches: (path: string) => boolean, path: string) =>
    matches(path) || path.split('/').some((_, index, parts) => matches(parts.slice(0, index + 1).join('/')));
  // Every glob is tried on every path (not just until one matches), so that each one's use is known.
  const used = new Set<number>();
  return {
    matches: (path) => {
      let any = false;
      matchers.forEach((matches, index) => {
        if (matchesPath(matches, path)) {
          used.add(index);
          any = true;
        }
      });
      return any;
    },
    unmatched: () => globs.filter((_, index) => !used.has(index)),
  };
}

/** An --exclude glob that left nothing out: a typo would otherwise pass as an exclusion that works. */
export function unmatchedExclude(glob: string, root: string, cwd: string): Finding {
  return {
    rule: 'input/exclude-unmatched',
    severity: 'warning',
    // Typed (--exclude) or from the config's exclude: the same glob either way.
    message: `the exclude glob ${JSON.stringify(glob)} matches no YAML file under the root (${displayPath(cwd, root)}), so it leaves nothing out`,
    fix: 'correct the glob (it is matched against paths relative to the repository root, such as kubernetes/apps/legacy/**), or drop it',
    location: null,
  };
}
