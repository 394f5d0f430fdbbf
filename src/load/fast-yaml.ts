import type { Position, YamlDocument, YamlMap, YamlMapEntry, YamlNode, YamlScalar, YamlSeq } from './yaml-tree.js';
import { resolvePlainScalar, treeToJS } from './yaml-tree.js';

/*
 * A parser for the plain block YAML that bootstrap kits are written in: block
 * mappings and sequences, plain and simple quoted scalars, one-line flow
 * collections, literal and folded block scalars (`|`, `|-`, `>`, `>-`),
 * anchors and aliases, quoted escapes and empty values (what real Flux
 * repositories' Helm values are full of), plain and quoted scalars and flow
 * collections that go on over several lines (kustomize wraps long scalars,
 * prettier long flow lists), quoted keys, comments and `---` separators. It is
 * conservative by design: anything outside that subset (tags, merge keys,
 * other block scalar headers, deeply nested aliases, rare escapes, an escaped
 * space at a line's end, comments inside flows, tabs, odd indentation, block
 * lines past MAX_BLOCK_INDENT, duplicate keys...)
 * makes it decline, and the file goes to the full `yaml` parser, which also
 * produces every error message. It exists because the full parser costs about
 * half a millisecond per slot file on our machines, which a pre-commit hook
 * and a 10,000-slot monorepo both feel; this one is several times faster. For
 * every text it accepts, it yields the same tree and positions as the `yaml`
 * package (test/fast-yaml.test.ts checks that on generated and real files).
 */

class Decline extends Error {}

const decline = (): never => {
  throw new Decline();
};

/**
 * A document's content lines, blank and comment-only ones left out, as three
 * parallel arrays: no object per line (a 10,000-slot kit has 400,000 lines).
 * `indents` is where each line's content starts (0-based), moved right past
 * `- ` for the content of a sequence item.
 */
interface ContentLines {
  texts: string[];
  indents: number[];
  /** 1-based line numbers in the file. */
  numbers: number[];
  afterMarker: boolean;
  /** Every line of the file, as split: a block scalar's content is read from these (its `#` lines are text). */
  raw: readonly string[];
}

/**
 * A plain key we accept: [A-Za-z0-9_] first, then also `.`, `/`, `-`, and a colon
 * before one of these (`k8s:io.kubernetes.pod.namespace:`, Cilium's label keys), then
 * a colon that ends the line or precedes a space. Regular expressions rather than
 * a loop per character: V8 compiles them to machine code on first use, where a
 * loop runs in the interpreter for the whole of a short check.
 */
const KEY = /[A-Za-z0-9_.](?:[A-Za-z0-9_./-]|:(?=[A-Za-z0-9_./-]))*:(?: |$)/y;

/**
 * End of a `key:` (the colon's index) starting at `at`, or -1; the key may be quoted (`"a.b": x`, `'k': v`), or an
 * alias with a space before its colon (`*app :`, as bjw-s's app-template names a controller after the release).
 */
function keyEnd(text: string, at: number): number {
  let colon: number;
  if (isQuote(text.charCodeAt(at))) colon = quotedKeyEnd(text, at);
  else if (text.charCodeAt(at) === 42 /* * */) colon = aliasKeyEnd(text, at);
  else {
    KEY.lastIndex = at;
    if (!KEY.test(text)) return -1;
    colon = text.charCodeAt(KEY.lastIndex - 1) === 58 /* : */ ? KEY.lastIndex - 1 : KEY.lastIndex - 2;
  }
  // YAML limits an implicit key to 1,024 characters (the yaml package's KEY_OVER_1024_CHARS): an error, its to report.
  if (colon - at > MAX_IMPLICIT_KEY) decline();
  return colon;
}

/**
 * End of an alias key `*name :` (the colon's index), or -1. Without the space the colon is part of the name in YAML
 * (`*app:` names the anchor `app:`): the full parser's, which reads it as go-yaml does (yaml-lib-tree.ts).
 */
function aliasKeyEnd(text: string, at: number): number {
  ANCHOR_NAME.lastIndex = at + 1;
  if (!ANCHOR_NAME.test(text)) return -1;
  const colon = skipSpaces(text, ANCHOR_NAME.lastIndex);
  return text.charCodeAt(colon) === 58 /* : */ && (colon + 1 === text.length || text.charCodeAt(colon + 1) === 32) ? colon : -1;
}

/** The longest implicit block key YAML allows, quotes included. */
export const MAX_IMPLICIT_KEY = 1024;

/**
 * End of a quoted `key:` on one line (the colon's index), or -1 for a quoted
 * value (no colon after it, or a quote left open: a scalar over several
 * lines). Never declines: a mapping is told from a value by it.
 */
function quotedKeyEnd(text: string, at: number): number {
  const close = text.charCodeAt(at) === 39 /* ' */ ? singleQuoteEnd(text, at + 1) : doubleQuoteClose(text, at + 1);
  if (close < 0 || text.charCodeAt(close + 1) !== 58 /* : */) return -1;
  return close + 2 === text.length || text.charCodeAt(close + 2) === 32 ? close + 1 : -1;
}

const MARKER = /^---(?: +#.*| *)$/;
// Characters that cannot start a plain scalar (YAML indicators), plus the tab.
export const PLAIN_FIRST_FORBIDDEN = new Set([...'[]{}#&*!|>\'"%@`,?:-\t']);

function position(line: number, column: number): Position {
  return { line, column: column + 1 };
}

const BLOCK_PLAIN_END = /\t|:(?= |$)| #/g;
// A line break ends a plain scalar in a flow that goes on over several lines (see `DocumentParser.flowCollection`).
const FLOW_PLAIN_END = /[\t\n,[\]{}]|:(?=[ \n,[\]{}]|$)| #/g;

/**
 * A plain scalar's text from `start`, with any trailing comment and spaces removed; declines on doubt.
 * It ends at `start + source.length`: the text alone is returned, no object per scalar.
 */
function plainScalarText(text: string, start: number, inFlow: boolean): string {
  const first = text[start];
  if (first === undefined) return decline();
  if (PLAIN_FIRST_FORBIDDEN.has(first)) {
    // `-1`, `-x`, `--flag`, `---`: a dash followed by a safe character starts a plain scalar (in a flow, not by
    // `,[]{}`). A `---` that starts a line is a document marker, split off before parsing. So does a colon
    // (`BIND: :8080`, a listen address in Helm values: the text ":8080", never a number).
    const next = text[start + 1];
    if ((first !== '-' && first !== ':') || next === undefined || next === ' ' || next === '\n' || (inFlow && ',[]{}'.includes(next))) decline();
  }
  // The first of: a tab (decline), `: ` or a colon that ends the text, ` #`, and in a flow `,[]{}` and a colon before them.
  const ends = inFlow ? FLOW_PLAIN_END : BLOCK_PLAIN_END;
  ends.lastIndex = start;
  const stop = ends.exec(text);
  if (stop?.[0] === '\t') decline();
  const end = stop === null ? text.length : stop[0] === ' #' ? stop.index + 1 : stop.index;
  const source = text.slice(start, end).trimEnd();
  if (source.length === 0) decline();
  return source;
}

/**
 * A quoted scalar on one line: `'it''s'`, and in double quotes the escapes
 * real files use (`\"`, `\\`, `\n`, `\t`, `\/`, `\xNN`, `\uNNNN`...). A quote
 * left open at the line's end (a multi-line scalar, a `\` continuation) and the
 * rarer escapes (`\N`, `\_`, `\L`, `\P`, `\UNNNNNNNN`) are the full parser's.
 */
function quotedScalar(text: string, start: number): { value: string; end: number } {
  if (text.charCodeAt(start) === 39 /* ' */) {
    const close = singleQuoteEnd(text, start + 1);
    if (close < 0) decline();
    const value = text.slice(start + 1, close);
    // '' is one quote.
    return { value: value.includes("''") ? value.replaceAll("''", "'") : value, end: close + 1 };
  }
  const close = doubleQuoteClose(text, start + 1);
  if (close < 0) decline(); // open at the line's end (a multi-line scalar), or a `\` continuation
  return { value: unescapedText(text.slice(start + 1, close)), end: close + 1 };
}

/**
 * Where a double-quoted scalar's text that starts at `from` closes (its
 * quote; `\"` is a quote within): the next quote and the next backslash are
 * each searched for once per stretch of the text (`nextOf`), so a flow list of
 * quoted items costs one pass over its line (a search to the closing quote per
 * escape, or for a backslash to the line's end per scalar, made it quadratic),
 * and no match object per stop (a regular expression's made a flow list of
 * 100,000 quoted items spend most of its time collecting them). -1: it goes on
 * past the line; -2: a backslash ends the line (an escaped line break).
 */
function doubleQuoteClose(text: string, from: number): number {
  let at = from;
  for (;;) {
    const quote = nextOf(text, '"', at);
    const backslash = nextOf(text, '\\', at);
    if (quote < 0 && backslash < 0) return -1;
    if (backslash < 0 || (quote >= 0 && quote < backslash)) return quote;
    if (backslash + 1 >= text.length) return -2;
    at = backslash + (ESCAPE_LENGTH[text[backslash + 1]!] ?? 2);
  }
}

/** The last search of each character `nextOf` made: in which text, from where, and what it found (-1: none after). */
const lastSearch: Record<string, { text: string; from: number; found: number }> = {
  '"': { text: '', from: 0, found: -1 },
  '\\': { text: '', from: 0, found: -1 },
};

/**
 * `text.indexOf(character, from)`, answered from the last search of the same
 * text where `from` lies between where that search began and what it found:
 * the scalars of one line ask for positions in order, and each stretch of it
 * is scanned once.
 */
function nextOf(text: string, character: '"' | '\\', from: number): number {
  const last = lastSearch[character]!;
  if (last.text === text && last.from <= from && (last.found < 0 || from <= last.found)) return last.found;
  last.text = text;
  last.from = from;
  last.found = text.indexOf(character, from);
  return last.found;
}

/**
 * For the slot scan, which checks a flow's items without keeping them: the
 * closing quote of the double-quoted scalar at `start`, its escapes read as
 * this parser reads them, or -1 where this parser declines it (its text
 * runs on past the text given, an escape it does not read). The scan judges
 * whether the close is on the item's line.
 */
export function checkedDoubleQuoteClose(text: string, start: number): number {
  try {
    const close = doubleQuoteClose(text, start + 1);
    if (close < 0) return -1;
    unescapedText(text.slice(start + 1, close));
    return close;
  } catch (error) {
    if (error instanceof Decline) return -1;
    throw error;
  }
}

/** The text of a double-quoted scalar (between its quotes, or one line's share of it) with its escapes read. */
function unescapedText(text: string): string {
  let at = text.indexOf('\\');
  if (at < 0) return text;
  let value = '';
  let from = 0;
  while (at >= 0) {
    value += text.slice(from, at) + unescaped(text, at);
    from = at + (ESCAPE_LENGTH[text[at + 1]!] ?? 2);
    at = text.indexOf('\\', from);
  }
  return value + text.slice(from);
}

/**
 * One line's share of a double-quoted scalar, its escapes read: the folding
 * dropped the spaces around its line break, so a backslash left at its end
 * (an escaped break, or an escaped space that lost its space) declines.
 */
function unescapedLine(text: string): string {
  if (text.endsWith('\\')) decline();
  return unescapedText(text);
}

/** Where a single-quoted scalar's text that starts at `from` ends (its closing quote; `''` is a quote within), or -1. */
function singleQuoteEnd(text: string, from: number): number {
  let close = text.indexOf("'", from);
  while (close >= 0 && text.charCodeAt(close + 1) === 39) close = text.indexOf("'", close + 2);
  return close;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', '"': '"', '/': '/', ' ': ' ', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v',
};
const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6 };
const HEX = /^[0-9A-Fa-f]+$/;

/** The character the escape at `at` (a backslash) stands for; declines what it does not read. */
function unescaped(text: string, at: number): string {
  const kind = text[at + 1];
  if (kind === undefined) return decline(); // a line continuation
  const simple = Object.hasOwn(SIMPLE_ESCAPES, kind) ? SIMPLE_ESCAPES[kind] : undefined;
  if (simple !== undefined) return simple;
  const length = ESCAPE_LENGTH[kind];
  if (length === undefined) return decline();
  const digits = text.slice(at + 2, at + length);
  if (digits.length !== length - 2 || !HEX.test(digits)) return decline();
  const code = Number.parseInt(digits, 16);
  // A lone surrogate half is the yaml package's to judge.
  if (code >= 0xd800 && code <= 0xdfff) return decline();
  return String.fromCharCode(code);
}

/** Spaces and a comment, or spaces alone, to the end of the line (sticky: tested where a value ended). */
const LINE_END = /(?: +#.*| *)$/y;

/**
 * The rest of a line after a value: nothing, or spaces and a comment. Only
 * the space counts as a space: any other character there (a no-break space,
 * which String#trim would have passed over) is the full parser's to judge.
 */
function expectLineEnd(text: string, from: number): void {
  LINE_END.lastIndex = from;
  if (!LINE_END.test(text)) decline();
}

/**
 * Declines a key the mapping already has (the yaml package reports the
 * duplicate), and returns the Set of its keys once it needs one: looked up in
 * the entries while the mapping is tiny (a Set per mapping was a twentieth of
 * all a kit's parse allocated), in a Set past eight keys (a scan per key made
 * a flow map of 100,000 keys quadratic).
 */
function newKey(entries: readonly YamlMapEntry[], keys: Set<string> | undefined, key: string): Set<string> | undefined {
  if (keys === undefined && entries.length < 8) {
    // A loop, not entries.some(): no closure per key, nor a call back into one per entry (measured: a
    // twelfth of the embedded kit's parse, which runs in V8's interpreter).
    for (let index = 0; index < entries.length; index += 1) if (entries[index]!.key === key) decline();
    return undefined;
  }
  const seen = keys ?? new Set(entries.map((entry) => entry.key));
  if (seen.has(key)) decline();
  seen.add(key);
  return seen;
}

/** Flow collections nested deeper than this go to the full parser, which bounds and locates deep nesting (MAX_YAML_DEPTH). */
const MAX_FLOW_DEPTH = 64;
/** The deepest indentation a block line may have here (blockNode says why). */
export const MAX_BLOCK_INDENT = 94;

/**
 * A flow node at `start`; `depth` counts the collections it sits in, itself
 * included when it is one. Lists are returned at their exact length (slice):
 * grown by push() they keep spare room, 17 slots for a one-entry `{name: x}`,
 * which in a 520,000-item list was a third of the tree.
 */
function flowNode(line: number, text: string, start: number, depth = 1): { node: YamlNode; end: number } {
  const char = text[start];
  // The nesting, not the number of collections on the line: a 520,000-item list of `{name: x}` is one level deep.
  if ((char === '[' || char === '{') && depth > MAX_FLOW_DEPTH) decline();
  if (char === '[') {
    const items: (YamlNode | null)[] = [];
    let at = skipFlowSpaces(text, start + 1);
    for (;;) {
      // The end: of an empty list, after an item, or after a comma (YAML allows one before the `]`).
      if (text[at] === ']') return { node: { kind: 'seq', position: position(line, start), items: items.slice() }, end: at + 1 };
      const item = flowNode(line, text, at, depth + 1);
      items.push(item.node);
      at = afterFlowItem(text, item.end, ']');
    }
  }
  if (char === '{') {
    const entries: YamlMapEntry[] = [];
    let keys: Set<string> | undefined;
    let at = skipFlowSpaces(text, start + 1);
    for (;;) {
      // The end: of an empty mapping, after an entry, or after a comma (YAML allows one before the `}`).
      if (text[at] === '}') return { node: { kind: 'map', position: position(line, start), entries: entries.slice() }, end: at + 1 };
      // A quoted key (manifests written as JSON: `"apiVersion": "v1"`) is its text, escapes read; a plain one resolved.
      let keyValue: string | number | boolean | null;
      let afterKey: number;
      if (isQuote(text.charCodeAt(at))) {
        const quoted = flowQuotedScalar(text, at);
        keyValue = quoted.value;
        afterKey = quoted.end;
      } else {
        const key = plainScalarText(text, at, true);
        keyValue = resolvePlainScalar(key);
        afterKey = at + key.length;
      }
      if (text[afterKey] !== ':' || text[afterKey + 1] !== ' ') decline();
      if (keyValue === null || typeof keyValue === 'boolean' || keyValue === '<<') decline();
      keys = newKey(entries, keys, String(keyValue));
      const value = flowNode(line, text, skipFlowSpaces(text, afterKey + 1), depth + 1);
      entries.push({ key: sharedKey(String(keyValue)), keyPosition: position(line, at), value: value.node });
      at = afterFlowItem(text, value.end, '}');
    }
  }
  if (char === '*') {
    // An alias among a flow's items (`hostnames: [*host]`). In a flow over several lines each node is then moved to
    // its own line (flowCollection), which would move the anchor's node too: the full parser's.
    const document = readingDocument;
    if (flowOverLines || document === undefined) return decline();
    return document.flowAlias(text, start);
  }
  if (char === '"' || char === "'") {
    const quoted = flowQuotedScalar(text, start);
    return { node: { kind: 'scalar', position: position(line, start), value: quoted.value, source: quoted.value }, end: quoted.end };
  }
  const plain = plainScalarText(text, start, true);
  return { node: scalar(line, start, plain), end: start + plain.length };
}

/**
 * Where the next item of a flow collection starts, from the end of one: past a comma (a doubled one declines),
 * or at the collection's `close`; anything else declines.
 */
function afterFlowItem(text: string, end: number, close: ']' | '}'): number {
  let at = skipFlowSpaces(text, end);
  if (text[at] === ',') {
    at = skipFlowSpaces(text, at + 1);
    if (text[at] === ',') decline(); // a doubled comma
  } else if (text[at] !== close) decline();
  return at;
}

/** A quoted scalar in a flow, a key or a value: over a line break it folds, which is the full parser's. */
function flowQuotedScalar(text: string, start: number): { value: string; end: number } {
  const quoted = quotedScalar(text, start);
  if (flowOverLines && text.slice(start, quoted.end).includes('\n')) decline();
  return quoted;
}

/** The last flow-map key seen: `{name: d0},{name: d1},...` then holds one `name` string, not one per item. */
let lastKey = '';

function sharedKey(key: string): string {
  if (key !== lastKey) lastKey = key;
  return lastKey;
}

function isQuote(char: number): boolean {
  return char === 34 /* " */ || char === 39 /* ' */;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ') at += 1;
  return at;
}

/** In a flow, a line break is a space too (a flow over one line has none). */
function skipFlowSpaces(text: string, from: number): number {
  let at = from;
  for (let char = text.charCodeAt(at); char === 32 || char === 10; char = text.charCodeAt(at)) at += 1;
  return at;
}

/**
 * The spaces before a line break dropped, and nothing else: String#trimEnd
 * would drop a no-break space or U+2028 too, which YAML keeps as text.
 */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** A flow that goes on over several lines is being read: see `DocumentParser.flowCollection`. */
let flowOverLines = false;

/** The document being parsed: the anchors an alias in a flow (`flowNode`, a function of its own) refers to. */
let readingDocument: DocumentParser | undefined;

function scalar(line: number, column: number, source: string): YamlScalar {
  const value = resolvePlainScalar(source);
  // An empty plain scalar never reaches here; a null word (`~`, `null`) is a value the full parser places the same way.
  return { kind: 'scalar', position: position(line, column), value, source };
}

/** The null of a key or item with no value, where the yaml package places it: the first column after the indicator's spaces. */
function emptyValue(line: number, at: number): YamlScalar {
  return { kind: 'scalar', position: position(line, at), value: null, source: '' };
}

/** A value that sits on one line: quoted, flow, or plain. */
function inlineValue(line: number, text: string, start: number): YamlNode {
  const char = text[start];
  if (char === '[' || char === '{') {
    // One recursive call per level, bounded in flowNode (MAX_FLOW_DEPTH).
    const flow = flowNode(line, text, start);
    expectLineEnd(text, flow.end);
    return flow.node;
  }
  if (char === '"' || char === "'") {
    const quoted = quotedScalar(text, start);
    expectLineEnd(text, quoted.end);
    return { kind: 'scalar', position: position(line, start), value: quoted.value, source: quoted.value };
  }
  const plain = plainScalarText(text, start, false);
  // A plain scalar that stopped at ": " would be a mapping the full parser must judge.
  expectLineEnd(text, start + plain.length);
  return scalar(line, start, plain);
}

/**
 * An anchor's name, after the `&` or `*`, up to a space or the line's end:
 * letters, digits and `_.-` (YAML allows more; the rest is the full parser's).
 */
const ANCHOR_NAME = /[A-Za-z0-9_.-]+(?= |$)/y;
/** An alias's name in a flow, where a comma or a closing bracket also ends it (YAML's names never hold them). */
const FLOW_ALIAS_NAME = /[A-Za-z0-9_.-]+(?=[ ,\]}]|$)/y;

/** A block scalar's header starts here; `blockScalar` reads `|`, `|-`, `>` and `>-`, and declines the others (`|+`, `|2`). */
function isBlockScalarStart(text: string, at: number): boolean {
  const char = text.charCodeAt(at);
  return char === 124 /* | */ || char === 62 /* > */;
}

/** How many spaces a line starts with. */
function leadingSpaces(text: string): number {
  let count = 0;
  while (text.charCodeAt(count) === 32) count += 1;
  return count;
}

/** A line of spaces only, or none: inside a block scalar, a blank line whatever its indentation. */
function isBlankLine(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) !== 32) return false;
  return true;
}

class DocumentParser {
  /** The next line to read: blank and comment lines are not in `texts`, so every line has content. */
  private cursor = 0;
  private readonly texts: string[];
  private readonly indents: number[];
  private readonly numbers: number[];
  private readonly raw: readonly string[];
  /** Each anchor of the document as last defined: its node, whether an alias sits inside it, how often it is used. */
  private readonly anchors = new Map<string, { node: YamlNode; holdsAlias: boolean; uses: number }>();
  /** An alias to a node that holds an alias was read: the document's aliases are then bounded (see `alias`). */
  private nestedAlias = false;
  /** Anchors whose node is still being read: an alias to one would make the node contain itself. */
  private readonly openAnchors = new Set<string>();
  private aliasCount = 0;

  hasAliases(): boolean {
    return this.aliasCount > 0;
  }

  constructor(lines: ContentLines) {
    ({ texts: this.texts, indents: this.indents, numbers: this.numbers, raw: this.raw } = lines);
  }

  parseDocument(): YamlNode | null {
    if (this.texts.length === 0) return null;
    if (this.indents[0] !== 0) decline();
    const root = this.blockNode(0);
    if (this.cursor < this.texts.length) decline(); // content the block structure did not take: let the full parser judge it
    return root;
  }

  private static isSeqItem(text: string, indent: number): boolean {
    return text.charCodeAt(indent) === 45 /* - */ && (indent + 1 === text.length || text.charCodeAt(indent + 1) === 32);
  }

  /**
   * The cursor past every content line through line `lineNumber` (1-based):
   * the lines a block scalar, a multi-line scalar or a flow took that looked
   * like YAML are their text.
   */
  private skipThrough(lineNumber: number): void {
    while (this.cursor < this.texts.length && this.numbers[this.cursor]! <= lineNumber) this.cursor += 1;
  }

  /** Whether the line at `at` exists and starts at `indent`. */
  private at(at: number, indent: number): boolean {
    return at < this.texts.length && this.indents[at] === indent;
  }

  private blockNode(at: number): YamlNode {
    const indent = this.indents[at]!;
    const text = this.texts[at]!;
    // Each level is a recursive call and adds at least one column every two levels: keep it shallow (see above), and
    // below the full path's 256 levels (yaml-lib-tree.ts's MAX_YAML_DEPTH), which it must never read past: 2 x 94
    // block levels and MAX_FLOW_DEPTH in a line's flow make 252 with the document. 94, not 64: the CRDs repositories
    // vendor nest that deep (cert-manager's crds.yaml to 74 columns), and went whole to the yaml package (trial 7's
    // D8, fdk-infra: 2.5 s).
    if (indent > MAX_BLOCK_INDENT) decline();
    if (DocumentParser.isSeqItem(text, indent)) return this.sequence(indent);
    if (keyEnd(text, indent) >= 0) return this.mapping(indent);
    // A flow collection on a line of its own below its key (`args:` then `[` ...), as prettier writes long ones, or a
    // document's root (manifests written as JSON: `{` then `apiVersion: "v1",` ...), whose lines may stand at the
    // margin. A `---` there is the stream's even so: parseFastYaml splits the documents at it first, and the one after
    // it would have to start with what goes on with the flow (`,`, `]`, `}`, `:`), which no document it takes does; a
    // `...` line declines the text.
    const first = text.charCodeAt(indent);
    if (first === 91 /* [ */ || first === 123 /* { */) return this.flowCollection(this.numbers[at]!, text, indent, indent);
    // An anchor on a line of its own below its key, its value after it (`runAsGroup:` then `&gid 100`).
    if (first === 38 /* & */ && at > 0) return this.anchoredLineValue(at);
    return decline(); // a multi-line or document-level scalar
  }

  /**
   * `&name value` on line `at`, the whole node: a value on that one line
   * (scalar or flow). An anchor alone on its line (the node below it), a
   * key or an item after it, and a block scalar are the full parser's; a
   * line below it indented past its parent makes the caller decline.
   */
  private anchoredLineValue(at: number): YamlNode {
    const text = this.texts[at]!;
    const anchor = this.openAnchor(text, this.indents[at]!);
    const valueStart = skipSpaces(text, anchor.end);
    if (valueStart >= text.length || text.charCodeAt(valueStart) === 35 /* # */ || isBlockScalarStart(text, valueStart)) decline();
    if (keyEnd(text, valueStart) >= 0 || DocumentParser.isSeqItem(text, valueStart)) decline();
    this.cursor = at + 1;
    const value = inlineValue(this.numbers[at]!, text, valueStart);
    this.defineAnchor(anchor, value);
    return value;
  }

  private mapping(indent: number): YamlMap {
    const entries: YamlMapEntry[] = [];
    let keys: Set<string> | undefined;
    let start: Position | undefined;
    while (this.at(this.cursor, indent)) {
      const text = this.texts[this.cursor]!;
      const line = this.numbers[this.cursor]!;
      const colon = keyEnd(text, indent);
      if (colon < 0) break;
      const keySource = text.slice(indent, colon);
      // A quoted key is its text (escapes read), never a number, a boolean or a null; an alias key is its anchor's value.
      const keyFirst = text.charCodeAt(indent);
      const keyValue = isQuote(keyFirst) ? quotedScalar(text, indent).value : keyFirst === 42 /* * */ ? this.aliasKey(keySource) : resolvePlainScalar(keySource);
      const key = String(keyValue);
      // A merge key (`<<`) is expanded by kustomize: the full parser handles it (and a quoted one, to be sure).
      if (keyValue === null || key === '<<') decline();
      keys = newKey(entries, keys, key);
      const keyPosition = position(line, indent);
      start ??= keyPosition;
      let valueStart = skipSpaces(text, indent + keySource.length + 1);
      let value: YamlNode;
      this.cursor += 1;
      const first = text.charCodeAt(valueStart);
      if (first === 42 /* * */) value = this.alias(text, valueStart);
      else {
        const anchor = first === 38 /* & */ ? this.openAnchor(text, valueStart) : undefined;
        if (anchor) valueStart = skipSpaces(text, anchor.end);
        if (isBlockScalarStart(text, valueStart)) value = this.blockScalar(line, text, valueStart, indent);
        else if (valueStart < text.length && text.charCodeAt(valueStart) !== 35 /* # */) value = this.lineValue(line, text, valueStart, indent);
        else if (this.cursor < this.texts.length && this.indents[this.cursor]! > indent) value = this.blockNode(this.cursor);
        // A compact sequence: `key:` then `- item` at the key's own indentation.
        else if (this.at(this.cursor, indent) && DocumentParser.isSeqItem(this.texts[this.cursor]!, indent)) value = this.sequence(indent);
        // Nothing: a null, placed where its value would start (the yaml package's place). An anchored null is the full parser's.
        else if (anchor) return decline();
        else value = emptyValue(line, valueStart);
        if (anchor) this.defineAnchor(anchor, value);
      }
      entries.push({ key, keyPosition, value });
    }
    if (this.cursor < this.texts.length && this.indents[this.cursor]! > indent) decline();
    return { kind: 'map', position: start ?? decline(), entries };
  }

  private sequence(indent: number): YamlSeq {
    const items: (YamlNode | null)[] = [];
    let start: Position | undefined;
    while (this.at(this.cursor, indent) && DocumentParser.isSeqItem(this.texts[this.cursor]!, indent)) {
      const text = this.texts[this.cursor]!;
      const line = this.numbers[this.cursor]!;
      start ??= position(line, indent);
      let contentStart = skipSpaces(text, indent + 1);
      if (text.charCodeAt(contentStart) === 42 /* * */) {
        this.cursor += 1;
        items.push(this.alias(text, contentStart));
        continue;
      }
      const anchor = text.charCodeAt(contentStart) === 38 /* & */ ? this.openAnchor(text, contentStart) : undefined;
      if (anchor) contentStart = skipSpaces(text, anchor.end);
      let item: YamlNode;
      if (contentStart >= text.length || text.charCodeAt(contentStart) === 35 /* # */) {
        this.cursor += 1;
        if (this.cursor < this.texts.length && this.indents[this.cursor]! > indent) item = this.blockNode(this.cursor);
        // An empty item: a null where it would start (an anchored one is the full parser's).
        else if (anchor) return decline();
        else item = emptyValue(line, contentStart);
      } else if (keyEnd(text, contentStart) >= 0 || DocumentParser.isSeqItem(text, contentStart)) {
        // `- &a key: v`: whether the anchor names the key or the mapping is the full parser's to say.
        if (anchor) decline();
        // `- key: value` or `- - x`: the rest of the line is a node at the column after the dash.
        this.indents[this.cursor] = contentStart;
        item = this.blockNode(this.cursor);
      } else {
        this.cursor += 1;
        item = isBlockScalarStart(text, contentStart) ? this.blockScalar(line, text, contentStart, indent) : this.lineValue(line, text, contentStart, indent);
      }
      if (anchor) this.defineAnchor(anchor, item);
      items.push(item);
    }
    if (this.cursor < this.texts.length && this.indents[this.cursor]! > indent) decline();
    return { kind: 'seq', position: start ?? decline(), items };
  }

  /** `&name` at `at`, before the node it names; the node is read next, then `defineAnchor`. */
  private openAnchor(text: string, at: number): { name: string; end: number; aliasesBefore: number } {
    ANCHOR_NAME.lastIndex = at + 1;
    if (!ANCHOR_NAME.test(text)) decline();
    const name = text.slice(at + 1, ANCHOR_NAME.lastIndex);
    if (this.openAnchors.has(name)) decline();
    this.openAnchors.add(name);
    return { name, end: ANCHOR_NAME.lastIndex, aliasesBefore: this.aliasCount };
  }

  private defineAnchor(anchor: { name: string; aliasesBefore: number }, node: YamlNode): void {
    this.openAnchors.delete(anchor.name);
    this.anchors.set(anchor.name, { node, holdsAlias: this.aliasCount > anchor.aliasesBefore, uses: 0 });
  }

  /**
   * `*name` at `at`: the very node its anchor named, shared as the yaml package
   * shares it. Declined: an unknown anchor, one still open (a node containing
   * itself), and what the yaml package's toJS may refuse as an expansion attack
   * (its maxAliasCount, 1,000: uses times the aliases a node holds). So a
   * thousandth use of one anchor declines, and an alias to a node that holds
   * aliases (bjw-s's app-template: probes holding `port: *port`) is read one
   * level deep only, in a document of at most 31 aliases (31 x 31 < 1,000);
   * aliases of aliases of aliases are how a small text expands exponentially.
   */
  private alias(text: string, at: number): YamlNode {
    ANCHOR_NAME.lastIndex = at + 1;
    if (!ANCHOR_NAME.test(text)) decline();
    const end = ANCHOR_NAME.lastIndex;
    expectLineEnd(text, end);
    return this.aliasedNode(text.slice(at + 1, end));
  }

  /**
   * The value of an alias key (`*app ` before its colon): its anchor's scalar, as the yaml package's toJS keys the
   * mapping (a null, like a plain null key, and `<<` decline in `mapping`). An alias of a collection is the full parser's.
   */
  private aliasKey(keySource: string): string | number | boolean | null {
    const node = this.aliasedNode(keySource.slice(1).trimEnd());
    return node?.kind === 'scalar' ? node.value : decline();
  }

  /** `*name` at `at` in a flow, and where it ends: the flow's next comma, bracket or space. */
  flowAlias(text: string, at: number): { node: YamlNode; end: number } {
    FLOW_ALIAS_NAME.lastIndex = at + 1;
    if (!FLOW_ALIAS_NAME.test(text)) decline();
    const end = FLOW_ALIAS_NAME.lastIndex;
    return { node: this.aliasedNode(text.slice(at + 1, end)), end };
  }

  /** The node anchor `name` named, within the bounds `alias` describes. */
  private aliasedNode(name: string): YamlNode {
    const anchor = this.anchors.get(name);
    if (!anchor || this.openAnchors.has(name) || anchor.uses >= 999) return decline();
    if (anchor.holdsAlias) {
      // Inside another anchor's node, this would be a second level.
      if (this.openAnchors.size > 0) return decline();
      this.nestedAlias = true;
    }
    if (this.nestedAlias && this.aliasCount >= 31) return decline();
    anchor.uses += 1;
    this.aliasCount += 1;
    return anchor.node;
  }

  /**
   * The value that starts at `start` of line `line` (the cursor already past
   * it), in a collection at `parentIndent`: on that line alone, or, when the
   * next line with content is indented past the parent, a plain or quoted
   * scalar that goes on over the lines below (`multiLineScalar`).
   */
  private lineValue(line: number, text: string, start: number, parentIndent: number): YamlNode {
    if (!(this.cursor < this.texts.length && this.indents[this.cursor]! > parentIndent)) return inlineValue(line, text, start);
    const first = text.charCodeAt(start);
    if (first === 91 /* [ */ || first === 123 /* { */) return this.flowCollection(line, text, start, parentIndent + 1);
    return this.multiLineScalar(line, text, start, parentIndent);
  }

  /**
   * A flow collection from `start` of line `line`, over as many of the raw
   * lines below as it takes, each indented `minIndent` or more (or blank): a
   * line break in it is a space, and a comma may stand before its closing
   * bracket. Read by `flowNode` on the lines joined, each node then placed
   * on its own line. Declined within: a comment, a plain or quoted scalar
   * over a line break (they fold), a key and its colon on different lines.
   */
  private flowCollection(line: number, text: string, start: number, minIndent: number): YamlNode {
    const { raw } = this;
    // The lines it may take: raw indexes are 0-based, so this line is raw[line - 1].
    const starts = [0];
    let joined = text;
    for (let at = line; at < raw.length; at += 1) {
      const next = raw[at]!;
      if (!isBlankLine(next) && leadingSpaces(next) < minIndent) break;
      starts.push(joined.length + 1);
      joined += `\n${next}`;
    }
    flowOverLines = starts.length > 1;
    let flow: { node: YamlNode; end: number };
    try {
      flow = flowNode(line, joined, start);
    } finally {
      flowOverLines = false;
    }
    // The line it ends on, and what follows it there: nothing, or a comment.
    let last = starts.length - 1;
    while (starts[last]! > flow.end) last -= 1;
    expectLineEnd(last === 0 ? text : raw[line - 1 + last]!, flow.end - starts[last]!);
    if (last > 0) {
      // Each node where it stands: flowNode placed it on the first line, at the column of its offset in the joined text.
      const place = (position: Position) => {
        const offset = position.column - 1;
        // The last line that starts at or before the offset: a binary search (a flow of 100,000 lines has as many nodes).
        let low = 0;
        let high = last;
        while (low < high) {
          const middle = (low + high + 1) >> 1;
          if (starts[middle]! <= offset) low = middle;
          else high = middle - 1;
        }
        position.line = line + low;
        position.column = offset - starts[low]! + 1;
      };
      const visit = (node: YamlNode | null) => {
        if (node === null) return;
        place(node.position);
        if (node.kind === 'seq') for (const item of node.items) visit(item);
        else if (node.kind === 'map') for (const entry of node.entries) { place(entry.keyPosition); visit(entry.value); }
      };
      visit(flow.node);
    }
    this.skipThrough(line + last);
    return flow.node;
  }

  /**
   * A plain or quoted scalar from `start` of line `line` over the raw lines
   * below it, folded as YAML folds a flow scalar: a line break between two
   * lines is a space, each empty line between them a line break, and the
   * spaces around a break are dropped. Every line below must be indented
   * past `parentIndent` (so a `---` or `...` at the margin always ends it). A
   * plain scalar ends before a comment line or a line indented no further
   * than the parent; a line of it that holds `: ` or ` #`, or ends in `:`, is
   * the full parser's to judge (a mapping, a comment, an error). A quoted
   * scalar's lines are its text whatever they look like (`# x` included),
   * up to its closing quote, with a double-quoted one's escapes read line by
   * line. A double-quoted line that ends in an escaped line break (`\` right
   * before it, as Go's YAML emitters wrap long strings: CRDs' descriptions)
   * joins the next line with nothing between them (one empty line between
   * them is a space, two a line feed, as the yaml package folds them), its
   * own spaces before the backslash kept and the next line's leading ones
   * dropped; one that ends in a
   * backslash otherwise (an escaped space the folding would drop) is the
   * full parser's.
   */
  private multiLineScalar(line: number, text: string, start: number, parentIndent: number): YamlScalar {
    const quote = text.charCodeAt(start);
    // The line before ended in an escaped line break: no space for the break.
    let escapedBreak = false;
    const quoted = isQuote(quote);
    const { raw } = this;
    // The first line's share: after the quote, or the plain scalar, which must then run to the line's end.
    let head: string;
    if (quoted) {
      // Closed on its own line, a quoted scalar with more below it is an error (or a key): the full parser's.
      const close = quote === 39 ? singleQuoteEnd(text, start + 1) : doubleQuoteClose(text, start + 1);
      if (close >= 0) decline();
      // -2: a backslash ends the line, an escaped line break (its escapes read: not an escaped backslash).
      escapedBreak = close === -2;
      head = escapedBreak ? unescapedText(text.slice(start + 1, -1)) : withoutTrailingSpaces(text.slice(start + 1));
      if (quote === 34 && !escapedBreak) head = unescapedLine(head);
    } else {
      head = plainScalarText(text, start, false);
      if (!isBlankLine(text.slice(start + head.length))) decline(); // a comment, or `: `: then no line may follow
    }
    const lines = [head];
    let breaks = 0;
    // Raw line indexes are 0-based: the first line is raw[line - 1].
    let at = line;
    let last = line - 1;
    let closedAt = -1;
    for (; at < raw.length; at += 1) {
      const content = raw[at]!;
      if (isBlankLine(content)) {
        breaks += 1;
        continue;
      }
      const indent = leadingSpaces(content);
      if (!quoted && (indent <= parentIndent || content.charCodeAt(indent) === 35 /* # */)) break;
      if (indent <= parentIndent) decline(); // a quoted scalar's line at or left of its parent's indentation
      let part = content.slice(indent);
      if (quoted) {
        const end = quote === 39 ? singleQuoteEnd(part, 0) : doubleQuoteClose(part, 0);
        const escapes = end === -2;
        if (end >= 0) {
          expectLineEnd(part, end + 1);
          part = part.slice(0, end);
          closedAt = at;
        } else if (escapes) part = part.slice(0, -1);
        else part = withoutTrailingSpaces(part);
        if (quote === 34) part = escapes ? unescapedText(part) : unescapedLine(part);
        // After an escaped break the break itself is no space, and its empty lines fold as one fewer would (the yaml
        // package's reading: one empty line a space, two a line feed).
        lines.push(escapedBreak ? (breaks <= 1 ? ' '.repeat(breaks) : '\n'.repeat(breaks - 1)) : breaks === 0 ? ' ' : '\n'.repeat(breaks), part);
        escapedBreak = escapes;
      } else {
        part = withoutTrailingSpaces(part);
        if (part.endsWith(':') || part.includes(': ') || part.includes(' #')) decline();
        lines.push(breaks === 0 ? ' ' : '\n'.repeat(breaks), part);
      }
      breaks = 0;
      last = at;
      if (closedAt >= 0) break;
    }
    if (quoted && closedAt < 0) decline(); // never closed
    if (!quoted && last === line - 1) decline(); // nothing followed after all (a comment line): the caller's line alone
    let value = lines.join('');
    if (quote === 39) value = value.replaceAll("''", "'");
    this.skipThrough(last + 1);
    return quoted
      ? { kind: 'scalar', position: position(line, start), value, source: value }
      : scalar(line, start, value);
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `start` of
   * line `line`, inside a collection at `parentIndent`: its text is the raw
   * lines after the header that are indented past the parent. The cursor has
   * already passed the header line; it is moved past the content. Declined
   * (the yaml package reads them): the keep (`+`) chomping and indentation
   * indicators, empty content, a blank line longer than the content's
   * indentation, and in folded scalars blank lines before the text and
   * more-indented lines, where folding has rules of its own.
   */
  private blockScalar(line: number, text: string, start: number, parentIndent: number): YamlScalar {
    const folded = text.charCodeAt(start) === 62; /* > */
    const strip = text.charCodeAt(start + 1) === 45; /* - */
    expectLineEnd(text, start + (strip ? 2 : 1));
    const { raw } = this;
    // Raw line indexes are 0-based: the header is raw[line - 1].
    let at = line;
    const leadingBlank = at;
    while (at < raw.length && isBlankLine(raw[at]!)) at += 1;
    if (at >= raw.length) decline(); // empty content
    const indent = leadingSpaces(raw[at]!);
    if (indent <= parentIndent) decline(); // empty content: the header's value is "", or an error
    if (folded && at > leadingBlank) decline();
    const parts: string[] = [];
    for (let blank = leadingBlank; blank < at; blank += 1) {
      if (raw[blank]!.length > indent) decline();
      parts.push('');
    }
    let lastText = at;
    for (; at < raw.length; at += 1) {
      const content = raw[at]!;
      if (isBlankLine(content)) {
        if (content.length > indent) decline();
        parts.push('');
        continue;
      }
      let spaces = 0;
      while (spaces < indent && content.charCodeAt(spaces) === 32) spaces += 1;
      if (spaces < indent) break; // a line less indented ends the scalar
      if (folded && content.charCodeAt(indent) === 32) decline();
      parts.push(content.slice(indent));
      lastText = at;
    }
    // Blank lines after the text are chomped: clip keeps one line break, strip none.
    parts.length -= at - 1 - lastText;
    let value: string;
    if (!folded) value = parts.join('\n');
    else {
      value = parts[0]!;
      let breaks = 0;
      for (let index = 1; index < parts.length; index += 1) {
        const part = parts[index]!;
        if (part === '') breaks += 1;
        else {
          value += breaks === 0 ? ` ${part}` : '\n'.repeat(breaks) + part;
          breaks = 0;
        }
      }
    }
    if (!strip) value += '\n';
    this.skipThrough(lastText + 1);
    return { kind: 'scalar', position: position(line, start), value, source: value };
  }
}

/**
 * Parses `text` if it is plain block YAML; returns undefined when the full
 * parser has to decide (including every text with an error).
 */
export function parseFastYaml(source: string): YamlDocument[] | undefined {
  if (source.includes('\t')) return undefined;
  // CRLF files: the CR only ever ends a line, so columns are unchanged without it. A lone CR declines.
  const text = source.includes('\r') ? source.replace(/\r\n/g, '\n') : source;
  // (Checked on every text with a CR, not only those with a CRLF: `a: x\r#` alone once parsed as the scalar "x\r#".)
  if (text.includes('\r')) return undefined;
  const rawLines = text.split('\n');
  let lines: ContentLines = { texts: [], indents: [], numbers: [], afterMarker: false, raw: rawLines };
  const segments = [lines];
  for (let index = 0; index < rawLines.length; index += 1) {
    const raw = rawLines[index]!;
    const first = raw.charCodeAt(0);
    if (first === 45 /* - */ && raw.startsWith('---')) {
      if (!MARKER.test(raw)) return undefined; // content on the marker line
      lines = { texts: [], indents: [], numbers: [], afterMarker: true, raw: rawLines };
      segments.push(lines);
      continue;
    }
    if ((first === 46 /* . */ && raw.startsWith('...')) || first === 37 /* % */) return undefined; // document end, directives
    const indent = leadingSpaces(raw);
    // Blank, or only a comment: nothing for the parser.
    if (indent === raw.length || raw.charCodeAt(indent) === 35 /* # */) continue;
    lines.texts.push(raw);
    lines.indents.push(indent);
    lines.numbers.push(index + 1);
  }
  try {
    const documents: YamlDocument[] = [];
    for (const segment of segments) {
      const parser = new DocumentParser(segment);
      readingDocument = parser;
      const root = parser.parseDocument();
      // Comments before the first `---` belong to the document after it.
      if (!segment.afterMarker && root === null) continue;
      // An empty document after `---` is a null scalar in the full parser; the position is immaterial to the loaders.
      // With aliases, each shared node becomes one shared value, as the yaml package's toJS makes it.
      documents.push({ root, toJS: parser.hasAliases() ? () => treeToJS(root, new Map()) : () => treeToJS(root) });
    }
    return documents;
  } catch (error) {
    // Absurd nesting overflows the stack here too; the full parser reports it properly.
    if (error instanceof Decline || error instanceof RangeError) return undefined;
    throw error;
  } finally {
    // The parse's trees are the caller's now: none kept alive from here.
    readingDocument = undefined;
  }
}
