import { cleanedSourcePath } from '../model/paths.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue, scalarString } from './yaml-tree.js';

// What source-controller leaves out of a GitRepository's artifact: the
// patterns of every `.sourceignore` file in the repository (each for the
// paths below its own directory), then those of its `spec.ignore`
// (source-controller's gitrepository_controller, fluxcd/pkg's
// sourceignore.LoadIgnorePatterns), in gitignore format, matched the way
// source-controller matches them (fluxcd/pkg's sourceignore, a copy of
// go-git's gitignore package; its default exclusions, images and CI files,
// apply only where no pattern at all is written, and none of them holds a
// Flux object in practice: cloudbuild.yaml, .gitlab-ci.yml, .sops.yaml; they
// are judged only for the files a kustomize generator reads, an icon in a
// ConfigMap: flux-scan.ts's defaultLeftOut; spec.sparseCheckout narrows the
// artifact too: see gitRepositoryIgnoreOf), which is not
// quite git's: the last pattern that matches a path decides, and a pattern
// matches a path when it matches the path or one of the directories above it.
// So `/*` then `!/kubernetes` keeps everything under kubernetes/ and nothing
// else, and `!/kubernetes/cluster-0` after `/*` keeps that directory although
// git itself would not re-include a path below an excluded directory.

export interface IgnorePattern {
  /** `!pattern`: keeps what an earlier pattern left out. */
  keeps: boolean;
  /** `pattern/`: directories only. */
  dirOnly: boolean;
  /** A pattern with a `/` is matched from the root, part by part; one without, against any part of the path. */
  anchored: boolean;
  /** The pattern's parts between slashes; `''` for a leading slash, `'**'` for any depth. */
  parts: string[];
  /**
   * The directory it is written in, as parts from the root: a `.sourceignore` below the root speaks only of
   * the paths below it, and matches them from there (empty for the root's and for spec.ignore).
   */
  domain: readonly string[];
  /** The `.sourceignore` file it is written in, from the root; undefined for a spec.ignore's. */
  origin?: string;
  /** The line as written (what a message quotes), and its number in the text (1-based). */
  written: string;
  line: number;
}

/** One part of a path against one part of a pattern (Go's filepath.Match: `*`, `?`, `[...]`, never a `/`). */
type PartMatcher = (pattern: string, name: string) => boolean;

/**
 * The patterns of a `spec.ignore` text or a `.sourceignore` file (`domain`: its directory's parts from the
 * root): comments and blank lines dropped, as source-controller reads them.
 */
export function ignorePatterns(text: string, domain: readonly string[] = [], origin?: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const written = lines[index]!;
    // Go's bufio.ScanLines drops one CR at the end of every line, the last one too.
    const raw = written.endsWith('\r') ? written.slice(0, -1) : written;
    if (raw.startsWith('#') || raw.trim() === '') continue;
    let line = raw;
    const keeps = line.startsWith('!');
    if (keeps) line = line.slice(1);
    // Trailing spaces are dropped, unless escaped (`\ `).
    if (!line.endsWith('\\ ')) line = line.replace(/ +$/, '');
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    patterns.push({
      keeps, dirOnly, anchored: line.includes('/'), parts: line.split('/'), domain, ...(origin !== undefined ? { origin } : {}), written: raw, line: index + 1,
    });
  }
  return patterns;
}

/**
 * Whether the artifact leaves out `path` (relative to the repository root, `/`-separated; a file
 * unless `isDir`). `matchPart` is a glob matcher for one part (picomatch, loaded by the caller).
 */
export function isIgnored(patterns: readonly IgnorePattern[], path: string, isDir: boolean, matchPart: PartMatcher): boolean {
  return decidingPattern(patterns, path, isDir, matchPart)?.keeps === false;
}

/** The pattern that decides whether `path` is left out (the last that matches it; see isIgnored), if any matches. */
export function decidingPattern(patterns: readonly IgnorePattern[], path: string, isDir: boolean, matchPart: PartMatcher): IgnorePattern | undefined {
  const parts = path.split('/');
  for (let index = patterns.length - 1; index >= 0; index -= 1) {
    const pattern = patterns[index]!;
    const within = pattern.domain.length === 0 ? parts : belowDomain(parts, pattern.domain);
    if (within === undefined) continue;
    if (pattern.anchored ? anchoredMatch(pattern, within, isDir, matchPart) : anyPartMatch(pattern, within, isDir, matchPart)) return pattern;
  }
  return undefined;
}

/** The parts of a path below `domain`, or undefined for a path not below it (the directory itself included), as go-git's gitignore matches. */
function belowDomain(parts: readonly string[], domain: readonly string[]): readonly string[] | undefined {
  if (parts.length <= domain.length) return undefined;
  for (let index = 0; index < domain.length; index += 1) if (parts[index] !== domain[index]) return undefined;
  return parts.slice(domain.length);
}

/**
 * The patterns of a repository's `.sourceignore` files, in the order source-controller loads them: a
 * directory's own file before those of the directories below it, these in name order. `files`: each file's
 * directory as a path from the root (`''` for the root) and its text.
 */
export function sourceIgnoreFilePatterns(files: readonly { dir: string; text: string }[]): IgnorePattern[] {
  const domainOf = (dir: string) => (dir === '' ? [] : dir.split('/'));
  const ordered = [...files].sort((a, b) => {
    const left = domainOf(a.dir);
    const right = domainOf(b.dir);
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
      if (left[index] !== right[index]) return left[index]! < right[index]! ? -1 : 1;
    }
    return left.length - right.length;
  });
  return ordered.flatMap((file) => ignorePatterns(file.text, domainOf(file.dir), file.dir === '' ? '.sourceignore' : `${file.dir}/.sourceignore`));
}

function anyPartMatch(pattern: IgnorePattern, parts: readonly string[], isDir: boolean, matchPart: PartMatcher): boolean {
  for (let index = 0; index < parts.length; index += 1) {
    if (!matchPart(pattern.parts[0]!, parts[index]!)) continue;
    // `name/` on the file itself is no match.
    return !(pattern.dirOnly && !isDir && index === parts.length - 1);
  }
  return false;
}

function anchoredMatch(pattern: IgnorePattern, path: readonly string[], isDir: boolean, matchPart: PartMatcher): boolean {
  let rest = path;
  let matched = false;
  let anyDepth = false;
  for (let index = 0; index < pattern.parts.length; index += 1) {
    const part = pattern.parts[index]!;
    if (part === '') {
      anyDepth = false;
      continue;
    }
    if (part === '**') {
      if (index === pattern.parts.length - 1) break;
      anyDepth = true;
      continue;
    }
    if (part.includes('**')) return false;
    if (rest.length === 0) return false;
    if (anyDepth) {
      anyDepth = false;
      matched = false;
      while (rest.length > 0) {
        const name = rest[0]!;
        rest = rest.slice(1);
        if (matchPart(part, name)) {
          matched = true;
          break;
        }
      }
    } else {
      if (!matchPart(part, rest[0]!)) return false;
      matched = true;
      rest = rest.slice(1);
    }
  }
  return !(matched && pattern.dirOnly && !isDir && rest.length === 0) && matched;
}

/**
 * A GitRepository's name, its address (`spec.url`, as `repositoryAddress` compares it), the patterns of its
 * `spec.ignore` (undefined without one: its artifact keeps everything), and its `spec.sparseCheckout`: the
 * directories source-controller checks out, each with a leading `./` dropped (gitrepository_controller's
 * clone options). go-git then keeps the files whose path starts with one of them, as text (index.SkipUnless:
 * `apps` keeps `apps-old/x.yaml` too), and nothing at the root; a listed directory that does not exist fails
 * the GitRepository (validateSparseCheckoutPaths). An entry with a substitution, or a list that is not one of
 * plain strings, is not read (undefined): the artifact is then taken whole, as before.
 */
export function gitRepositoryIgnoreOf(node: YamlNode | null): {
  name: string; patterns: IgnorePattern[] | undefined; url?: string; sparseCheckout?: string[];
  /**
   * Of a URL with a substitution (`http://git.home.${SECRET_DOMAIN}/me/other.git`), whose address is not known: the
   * repository's name, where its last part is written out (`other`). Whatever the variable becomes, a repository of
   * another name is another repository (a trial's probe, mrwulf/home-cluster).
   */
  urlName?: string;
  /** The spec.sparseCheckout entries as written, each with its node (to locate it), where `sparseCheckout` is read. */
  sparseCheckoutWritten?: { dir: string; node: YamlNode }[];
  /**
   * spec.include: the directories of the artifact that other GitRepositories' files are copied to (each entry's
   * toPath, else the included repository's name, as source-controller defaults it); `''` where one is not known.
   */
  includes?: string[];
  /** What spec.ref checks out (`branch:main`, `tag:v1.0`, ...: checkedOutRef), where one is written, with no variable. */
  ref?: string;
} | undefined {
  if (node?.kind !== 'map' || scalarString(mapValue(node, ['kind'])) !== 'GitRepository') return undefined;
  if (!scalarString(mapValue(node, ['apiVersion']))?.startsWith('source.toolkit.fluxcd.io/')) return undefined;
  const name = scalarString(mapValue(node, ['metadata', 'name']));
  const ignore = scalarString(mapValue(node, ['spec', 'ignore']));
  const url = scalarString(mapValue(node, ['spec', 'url']));
  if (name === undefined) return undefined;
  const sparseNode = mapValue(node, ['spec', 'sparseCheckout']);
  const sparse = sparseNode?.kind === 'seq' ? sparseNode.items.map((item) => scalarString(item)) : [];
  const sparseCheckout = sparse.length > 0 && sparse.every((dir) => dir !== undefined && dir !== '' && !dir.includes('${'))
    ? (sparse as string[]).map((dir) => dir.replace(/^\.\//, '')) : undefined;
  const urlName = url?.includes('${') ? literalRepositoryName(url) : undefined;
  const includeNode = mapValue(node, ['spec', 'include']);
  const includes = includeNode?.kind === 'seq' && includeNode.items.length > 0 ? includeNode.items.map((item) => {
    const toPath = scalarString(mapValue(item, ['toPath'])) ?? scalarString(mapValue(item, ['repository', 'name']));
    return toPath === undefined || toPath.includes('${') ? '' : cleanedSourcePath(toPath);
  }) : undefined;
  const ref = checkedOutRef(mapValue(node, ['spec', 'ref']));
  return {
    name, patterns: ignore === undefined ? undefined : ignorePatterns(ignore), ...(url && !url.includes('${') ? { url: repositoryAddress(url) } : {}),
    ...(urlName ? { urlName } : {}),
    ...(includes ? { includes } : {}),
    ...(ref ? { ref } : {}),
    ...(sparseCheckout ? { sparseCheckout, sparseCheckoutWritten: (sparseNode as { items: YamlNode[] }).items.map((item, index) => ({ dir: sparse[index]!, node: item })) } : {}),
  };
}

/** The last part of a Git URL's address (its repository's name), where no substitution is in it; else undefined. */
function literalRepositoryName(url: string): string | undefined {
  const address = repositoryAddress(url);
  const name = address.slice(address.lastIndexOf('/') + 1);
  return address.includes('/') && name !== '' && !name.includes('$') ? name : undefined;
}

/**
 * What a GitRepository's spec.ref checks out, as one string to compare (`branch:main`, `tag:v1.0`, ...): the field
 * source-controller's clone takes first (fluxcd/pkg's gogit: commit, then name, tag, semver, branch; the API's
 * comments put semver before tag, the code does not), and a name of the form
 * refs/heads/X or refs/tags/X as the branch or tag X (a trial's probe: `name: refs/heads/main` beside flux-system's
 * `branch: main` was taken for another ref of the repository). undefined where none is written, or a variable is.
 */
function checkedOutRef(refNode: YamlNode | null | undefined): string | undefined {
  if (refNode?.kind !== 'map') return undefined;
  for (const key of ['commit', 'name', 'tag', 'semver', 'branch']) {
    const value = scalarString(mapValue(refNode, [key]));
    if (value === undefined) continue;
    if (value.includes('${')) return undefined;
    if (key === 'name' && value.startsWith('refs/heads/')) return `branch:${value.slice('refs/heads/'.length)}`;
    if (key === 'name' && value.startsWith('refs/tags/')) return `tag:${value.slice('refs/tags/'.length)}`;
    return `${key}:${value}`;
  }
  return undefined;
}

/** Whether a path (from the root, with `/`) is in an artifact checked out sparsely from `dirs`: go-git's prefix test. */
export function inSparseCheckout(dirs: readonly string[], path: string): boolean {
  return dirs.some((dir) => path.startsWith(dir));
}

/**
 * A Git URL reduced to host and path, so that the forms one repository is written in compare equal:
 * `https://github.com/o/r.git`, `ssh://git@github.com/o/r`, `git@github.com:o/r` all give `github.com/o/r`.
 */
export function repositoryAddress(url: string): string {
  const written = url.trim().toLowerCase();
  const scheme = /^[a-z+]+:\/\//.exec(written);
  let address = written.slice(scheme?.[0].length ?? 0).replace(/^[^@/]+@/, '');
  // With a scheme, a colon after the host is a port (ssh://git@host:22/o/r); without one, scp-like syntax
  // (git@host:o/r): the colon separates host and path.
  address = scheme ? address.replace(/^([^/:]+):\d*\//, '$1/') : address.replace(/^([^/:]+):/, '$1/');
  return address.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

/**
 * One part of a pattern as Go's filepath.Match reads it (go-git's gitignore, which source-controller uses,
 * matches each part of a path with it): `*` any run of characters, `?` one, `[...]` a class (`^` negates,
 * `a-z` a range), `\c` the character c, anything else itself. A malformed pattern (an unclosed class, a
 * trailing backslash) is an error there, which go-git takes for no match: so here. An empty pattern (a line
 * that is only `/` or `!`) matches no name. A glob library reads these differently: picomatch took `(apps)`
 * for a group, `!x` for a negation and `[[:alpha:]]` for a POSIX class, and so left out directories that
 * source-controller keeps, and threw on an empty pattern (an independent review's probes).
 */
export async function partMatcher(): Promise<PartMatcher> {
  const compiled = new Map<string, RegExp | null>();
  return (pattern, name) => {
    let expression = compiled.get(pattern);
    if (expression === undefined) compiled.set(pattern, expression = goMatchExpression(pattern));
    return expression !== null && expression.test(name);
  };
}

/** Go's filepath.Match pattern as a regular expression over one name, or null where Go reports ErrBadPattern. */
function goMatchExpression(pattern: string): RegExp | null {
  if (pattern === '') return null;
  let source = '';
  for (let at = 0; at < pattern.length; at += 1) {
    const char = pattern[at]!;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '\\') {
      if (at + 1 >= pattern.length) return null;
      at += 1;
      source += escaped(pattern[at]!);
    } else if (char === '[') {
      const parsed = characterClass(pattern, at + 1);
      if (parsed === null) return null;
      source += parsed.source;
      at = parsed.end;
    } else source += escaped(char);
  }
  return new RegExp(`^${source}$`, 'su');
}

/**
 * A class from just after its `[`: its expression, and the index of its `]`; null where Go reports a bad
 * pattern (never closed, empty, a range that starts with `-` or an unescaped `]`, a trailing backslash).
 */
function characterClass(pattern: string, from: number): { source: string; end: number } | null {
  let at = from;
  const negated = pattern[at] === '^';
  if (negated) at += 1;
  const ranges: [string, string][] = [];
  const character = (): string | null => {
    let char = pattern[at];
    if (char === undefined || char === '-' || char === ']') return null;
    if (char === '\\') {
      at += 1;
      char = pattern[at];
      if (char === undefined) return null;
    }
    at += 1;
    return char;
  };
  for (;;) {
    if (pattern[at] === ']' && ranges.length > 0) break;
    const low = character();
    if (low === null) return null;
    let high = low;
    if (pattern[at] === '-') {
      at += 1;
      const end = character();
      if (end === null) return null;
      high = end;
    }
    ranges.push([low, high]);
  }
  // A range whose ends are out of order matches nothing, as in Go (no error there).
  const kept = ranges.filter(([low, high]) => low <= high).map(([low, high]) => (low === high ? escaped(low, true) : `${escaped(low, true)}-${escaped(high, true)}`));
  const source = kept.length === 0 ? (negated ? '.' : '(?!)') : `[${negated ? '^' : ''}${kept.join('')}]`;
  return { source, end: at };
}

/** A character as itself in a regular expression (a `u` one: only syntax characters may be escaped, `-` only in a class). */
function escaped(char: string, inClass = false): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) || (inClass && char === '-') ? `\\${char}` : char;
}
