import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isInside } from '../model/inside.js';

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

/** What makes a `--kit-dir` value a pattern: `*`, `?`, `[...]`, `{a,b}` (bash, with globstar). */
export const GLOB_CHARACTERS = /[*?[{]/;

/** A glob given to an option (`--kit-dir`, `--exclude`) that cannot be used: a usage error, exit 3. */
export class GlobPatternError extends Error {
  constructor(readonly pattern: string, readonly why: string, readonly fix: string, readonly option = '--kit-dir') {
    super(`${option} ${pattern === '' ? "''" : pattern} ${why}`);
  }
}

/**
 * Compiles a glob with picomatch, strictly: an unbalanced `[`, `{` or `(`, or a
 * class its regular expression cannot hold (`[z-a]`), throws a GlobPatternError
 * naming `option`, where picomatch would by default read it as a pattern that
 * silently matches nothing.
 */
export async function globMatcher(option: string, pattern: string, glob: string, options: Record<string, boolean>): Promise<(path: string) => boolean> {
  const { default: picomatch } = await import('picomatch');
  try {
    // debug: picomatch then throws on a regular expression it cannot build, instead of returning one that never matches.
    return picomatch(glob, { ...options, strictBrackets: true, debug: true });
  } catch (error) {
    throw new GlobPatternError(pattern, `is not a valid glob pattern (${(error as Error).message})`,
      'balance its brackets and braces, or escape a literal one with a backslash', option);
  }
}

/**
 * Expands `--kit-dir` values, each a directory or a glob (`clusters/*\/bootstrap-kit`,
 * `clusters/[!_]*\/bootstrap-kit`, `clusters/**\/bootstrap-kit`, `{a,b}`), against
 * the working directory, with bash semantics (picomatch, loaded only when a
 * pattern is given). A pattern walks only below its fixed part, which must lie
 * inside the repository root: `/*\/*\/*` never walks the disk. A pattern
 * matching nothing is kept as written, so the loader reports it as not found
 * instead of silently auditing nothing. Throws GlobPatternError on a bad
 * pattern.
 */
export async function expandKitDirs(patterns: readonly string[], cwd: string, root: string = cwd): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (!GLOB_CHARACTERS.test(pattern)) {
      found.add(resolve(cwd, pattern));
      continue;
    }
    const absolute = resolve(cwd, pattern);
    const matches = await expandPattern(pattern, absolute, root);
    if (matches.length === 0) found.add(absolute);
    for (const match of matches) found.add(match);
  }
  return [...found];
}

async function expandPattern(pattern: string, absolute: string, root: string): Promise<string[]> {
  const { default: picomatch } = await import('picomatch');
  const { base, glob } = picomatch.scan(absolute);
  const start = base === '' ? sep : base;
  if (!isInside(root, start)) {
    throw new GlobPatternError(pattern, `reaches outside the repository (${root})`,
      'give a pattern below the repository root, such as clusters/*/bootstrap-kit');
  }
  // posix: `[!_]` negates as in bash; nonegate: a leading `!` is a literal; dot files only when named.
  // An unbalanced `[` leaves no glob part: compiling the whole pattern says what is wrong with it.
  const matches = await globMatcher('--kit-dir', pattern, glob === '' ? absolute : glob, { posix: true, nonegate: true, dot: false });
  if (glob === '') return existsSync(absolute) ? [absolute] : [];
  // Without `**`, a match is exactly as deep as the pattern: no need to look deeper.
  const maxDepth = /\*\*/.test(glob) ? Infinity : glob.split('/').filter(Boolean).length;
  const results: string[] = [];
  const seen = new Set<string>();
  const queue: Array<{ dir: string; relative: string; depth: number }> = [{ dir: start, relative: '', depth: 0 }];
  for (let head = 0; head < queue.length; head += 1) {
    const { dir, relative: fromBase, depth } = queue[head]!;
    if (depth >= maxDepth) continue;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      continue;
    }
    // A link back up the tree would otherwise make `**` walk for ever.
    if (seen.has(real)) continue;
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // not a readable directory: nothing matches below it
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (!entry.isDirectory()) {
        if (!entry.isSymbolicLink()) continue;
        try {
          if (!statSync(path).isDirectory()) continue;
        } catch {
          continue;
        }
      }
      const relativePath = fromBase === '' ? entry.name : `${fromBase}/${entry.name}`;
      if (matches(relativePath)) results.push(path);
      queue.push({ dir: path, relative: relativePath, depth: depth + 1 });
    }
  }
  return results.sort();
}

/** `clusters/<cluster>/bootstrap-kit` → `<cluster>`; any other kit is named by its path from the root. */
export function clusterName(root: string, kitDir: string): string {
  const fromRoot = relative(root, kitDir).split(sep).join('/');
  const match = /^clusters\/([^/]+)\/bootstrap-kit$/.exec(fromRoot);
  if (match) return match[1]!;
  return isAbsolute(fromRoot) || fromRoot.startsWith('..') ? kitDir : fromRoot;
}
