// The small YAML tree the loaders read. Two parsers produce it: a fast one for
// the plain block YAML that kits are written in (fast-yaml.ts), and the `yaml`
// package for everything else (yaml-lib-tree.ts). Both give the same tree, with
// the same 1-based positions, for any text the fast one accepts; a property
// test holds them to that.

export interface Position {
  line: number;
  column: number;
}

export interface YamlMapEntry {
  key: string;
  keyPosition: Position;
  value: YamlNode | null;
}

export interface YamlMap {
  kind: 'map';
  position: Position;
  entries: YamlMapEntry[];
}

export interface YamlSeq {
  kind: 'seq';
  position: Position;
  items: (YamlNode | null)[];
}

export interface YamlScalar {
  kind: 'scalar';
  position: Position;
  /** Resolved with the YAML 1.2 core schema, as the `yaml` package does by default. */
  value: string | number | boolean | null;
  /** The text as written (unquoted), so `slot: 06` can still be read as "06". */
  source: string;
}

export type YamlNode = YamlMap | YamlSeq | YamlScalar;

export interface YamlDocument {
  /** null for an empty document (only comments, or nothing after `---`). */
  root: YamlNode | null;
  /** Plain JS value of the document; may throw on hostile aliases (the yaml package's limit). */
  toJS(): unknown;
}

// Indexed loops, not find() with a closure or for...of: these run for every field of every object, and a
// short check runs them in V8's interpreter (src/load/tier-up.ts), where each closure call and iterator step costs.
export function mapEntry(node: YamlNode | null | undefined, key: string): YamlMapEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  const { entries } = node;
  for (let index = 0; index < entries.length; index += 1) if (entries[index]!.key === key) return entries[index];
  return undefined;
}

export function mapValue(node: YamlNode | null | undefined, path: readonly string[]): YamlNode | null {
  let current: YamlNode | null | undefined = node;
  for (let index = 0; index < path.length; index += 1) {
    current = mapEntry(current, path[index]!)?.value;
    if (!current) return null;
  }
  return current ?? null;
}

/**
 * The one copy of `text` that records keep: equal texts come back as the same
 * string, and never as a slice of the file they were cut from.
 * - One instance per text: the model and the rules look releases up by name
 *   in Maps tens of thousands of times, and V8 compares two keys of equal hash
 *   by identity before it compares their characters. Measured at 10,000 slots,
 *   steady state: model and rules 240 ms with a string per occurrence, 150 ms
 *   with one per name; the pool also stores each name once.
 * - No slice: V8 makes a substring of 13 or more characters a slice of its
 *   parent, and the parser's lines are slices of the file's text, so a name
 *   kept to the end of the run kept its whole file (at 10,000 slots, 21 MB of
 *   file texts in a 71 MB heap). Joining a space flattens the pair into a new
 *   string; the slice is of that.
 * The pool lives for one load (`startKeptTexts`), so a process that audits
 * repository after repository does not keep every name it ever read.
 */
export function keptText(text: string): string;
export function keptText(text: string | undefined): string | undefined;
export function keptText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const known = keptTexts.get(text);
  if (known !== undefined) return known;
  const copy = unsliced(text);
  keptTexts.set(copy, copy);
  return copy;
}

/**
 * `text` as a string of its own, not a slice that keeps its parent alive (see keptText); without keptText's pool,
 * for a reader whose names are not looked up thousands of times (the express path: a Map lookup per name cost
 * more than it saved there).
 */
export function unsliced(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

let keptTexts = new Map<string, string>();

/**
 * The texts `keptSlice` returned last, tried before the pool: a kit repeats
 * a few kinds, apiVersions, namespaces and versions thousands of times, and
 * comparing in place costs neither a string cut from the file nor a lookup
 * in the pool (at 10,000 slots those were a twentieth of a check).
 */
const RECENT = 16;
let recent: string[] = [];
let recentNext = 0;

/** A new pool for `keptText`: called where a load starts, which drops the previous load's names. */
export function startKeptTexts(): void {
  keptTexts = new Map();
  recent = [];
  recentNext = 0;
}

/** `keptText` of `source.slice(start, end)`, compared in place with the recent texts first. */
export function keptSlice(source: string, start: number, end: number): string {
  const length = end - start;
  for (let index = 0; index < recent.length; index += 1) {
    const known = recent[index]!;
    if (known.length === length && source.startsWith(known, start)) return known;
  }
  const kept = keptText(source.slice(start, end));
  recent[recentNext] = kept;
  recentNext = (recentNext + 1) % RECENT;
  return kept;
}

/** A scalar's value as a string: numbers and booleans as written (labels and versions are often unquoted). */
export function scalarString(node: YamlNode | null | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return typeof node.value === 'string' ? node.value : node.source;
}

/** `scalarString` as a record keeps it (see `keptText`): records outlive the parse. */
export function keptScalar(node: YamlNode | null | undefined): string | undefined {
  return keptText(scalarString(node));
}

/** The map keys and string scalars below `node`, in document order: what a text search of a template reads. */
export function* textsBelow(node: YamlNode | null | undefined): Generator<string> {
  if (node?.kind === 'map') {
    for (const entry of node.entries) {
      yield entry.key;
      yield* textsBelow(entry.value);
    }
  } else if (node?.kind === 'seq') {
    for (const item of node.items) yield* textsBelow(item);
  } else if (node?.kind === 'scalar' && typeof node.value === 'string') {
    yield node.value;
  }
}

export function isEmptyNode(node: YamlNode | null | undefined): boolean {
  return !node || (node.kind === 'scalar' && node.value === null);
}

export function describeNodeType(node: YamlNode | null | undefined): string {
  if (!node) return 'empty';
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a mapping';
  if (node.value === null) return 'null';
  return typeof node.value === 'string' ? 'a string' : `a ${typeof node.value}`;
}

/**
 * The plain JS value of a tree; with `shared`, a node reached twice (an alias) gives the same value both
 * times, so the work is bounded by the tree, not by what its aliases expand to.
 */
export function treeToJS(node: YamlNode | null, shared?: Map<YamlNode, unknown>): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (shared?.has(node)) return shared.get(node);
  if (node.kind === 'seq') {
    const items: unknown[] = [];
    shared?.set(node, items);
    for (const item of node.items) items.push(treeToJS(item, shared));
    return items;
  }
  const object: Record<string, unknown> = {};
  shared?.set(node, object);
  for (const entry of node.entries) {
    const value = treeToJS(entry.value, shared);
    // `__proto__: x` is an own key, as the yaml package makes it: assigned, it would set the object's prototype.
    if (entry.key === '__proto__') Object.defineProperty(object, entry.key, { value, enumerable: true, writable: true, configurable: true });
    else object[entry.key] = value;
  }
  return object;
}

// YAML 1.2 core schema resolution of plain scalars (what the yaml package does by default).
const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INTEGER = /^[-+]?[0-9]+$/;
const OCTAL = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INFINITY = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

export function resolvePlainScalar(source: string): string | number | boolean | null {
  const first = source.charCodeAt(0);
  // Most scalars are names: a first character that starts no null, boolean or number settles it. Past `9`, only `~`
  // starts one, or a word of four or five letters (null, true, false), which the expressions below settle.
  if (first > 57 /* 9 */ ? first !== 126 /* ~ */ && (source.length < 4 || source.length > 5) : source !== '' && !'-+.0123456789'.includes(source[0]!)) return source;
  // 0x1F and 0o17 are the regular expressions' to judge.
  if (first >= 48 && first <= 57 && !(first === 48 && (source[1] === 'x' || source[1] === 'o'))) {
    // Digit-leading values are mostly durations, sizes and versions (15m, 128Mi, 1.0.0):
    // one scan settles them instead of eight regular expressions.
    let digitsOnly = true;
    for (let index = 1; index < source.length; index += 1) {
      const code = source.charCodeAt(index);
      if (code >= 48 && code <= 57) continue;
      digitsOnly = false;
      // Only these characters can follow a leading digit in a number.
      if (code !== 46 /* . */ && code !== 101 /* e */ && code !== 69 /* E */ && code !== 43 /* + */ && code !== 45 /* - */) return source;
    }
    if (digitsOnly) return Number.parseInt(source, 10);
  }
  if (NULL.test(source)) return null;
  if (BOOLEAN.test(source)) return source[0] === 't' || source[0] === 'T';
  // A word that is not null or a boolean (name, namespace, flux-system) is no number either: the numeric forms start with a sign, a dot or a digit.
  if (first > 57 && first !== 126 /* ~ */) return source;
  // After a sign only a digit, a dot or `.inf` can follow; after a leading dot only a digit, `inf` or `nan`:
  // a path (./apps), a flag (--concurrent=10) or a version range settles here, without six expressions.
  const second = source.charCodeAt(1);
  const digit = second >= 48 && second <= 57;
  if ((first === 45 || first === 43) && !digit && second !== 46) return source;
  if (first === 46 && !digit && second !== 105 && second !== 73 && second !== 110 && second !== 78) return source;
  if (INTEGER.test(source)) return Number.parseInt(source, 10);
  if (OCTAL.test(source)) return Number.parseInt(source.slice(2), 8);
  if (HEX.test(source)) return Number.parseInt(source.slice(2), 16);
  if (FLOAT.test(source)) return Number.parseFloat(source);
  if (INFINITY.test(source)) return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (NAN.test(source)) return Number.NaN;
  return source;
}
