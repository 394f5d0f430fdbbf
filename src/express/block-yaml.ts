import { resolvePlainScalar } from '../load/yaml-tree.js';

/*
 * The express path's YAML reader (issue 18): block YAML of the plainest kind,
 * read a line at a time with one regular expression per line, and nothing
 * kept but what a visitor asks for. It accepts a strict subset of what the
 * `yaml` package accepts and reads it as that package does; everything else
 * (anchors, tags, flows over several lines, escapes, a scalar over several
 * lines, tabs, CRLF, a key that YAML would resolve to something other than a
 * string, a duplicate key, past its bounds...) throws DECLINED, and the full
 * path then reads the file. It never reports: a text it declines may be
 * perfectly good YAML.
 *
 * Why a reader of its own: the full path's readers walk a text a character
 * at a time, which costs V8's interpreter about 10 ms for a 50-slot kit
 * before the optimiser is on; this one, about 3 ms (a regular expression
 * checks each line natively, and the loop only follows the structure).
 * test/express-block-yaml.test.ts holds it to the `yaml` package on the
 * fixtures and on generated texts. Slot files, most of a kit, are read first
 * by its port to WebAssembly (wasm/slot-reader.ts, through
 * wasm-slot-reader.ts), which leaves to this reader every file it does not
 * take; the expected DAG and the kit's kustomization are read here.
 */

/** Thrown wherever the reader (or a visitor) cannot prove what the full path would read. One instance: no stack taken. */
export const DECLINED: unique symbol = Symbol('declined');

export const decline = (): never => {
  throw DECLINED;
};

/**
 * A value written on its key's line (or an item's), as written: a plain
 * scalar, a quoted one, a block scalar's header, or a flow collection on one
 * line; its first character tells which (valueStyle). Kept as the text, so
 * that a value no visitor reads costs no object.
 */
export type WrittenValue = string;

/**
 * What a caller reads of a document: roles are small numbers it hands out for
 * the collections it wants to see into (0: read, never shown to it). A
 * visitor declines (throws DECLINED) where the shape is not what it proves.
 */
export interface BlockVisitor {
  /** A document starts (also the first). */
  startDocument(): void;
  /** The document's top-level mapping opens: its role. A document that is a list or a scalar declines. */
  rootRole(): number;
  /**
   * A key of a mapping of role `role`, with its value when written on the same
   * line (undefined: a collection or nothing follows). Returns the role of the
   * collection its value is, if one follows.
   */
  entry(role: number, key: string, value: WrittenValue | undefined): number;
  /** An item of a list of role `role`: its scalar, or undefined when the item is a mapping. Returns the mapping's role. */
  item(role: number, value: WrittenValue | undefined): number;
  /**
   * The document ended: `empty` when it held nothing but comments. `marked`: it
   * began with `---`. YAML counts an empty document that a marker begins, not
   * the comments before the first marker.
   */
  endDocument(empty: boolean, marked: boolean): void;
}

// Anything YAML reads as other than plain text, or that this reader does not follow: control characters (tab and
// carriage return among them), a byte-order mark, the characters YAML 1.1 readers take for line breaks, and U+FFFD
// (what bytes that are no UTF-8 decode to: the full path reports them).
const UNREAD_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff\ufffd]/;
const DOCUMENT_START = /^---(?: +#.*| *)$/;
// A plain scalar on one line: no indicator first (`-`, `?`, `:` only before a non-space), no `: ` or ` #` inside,
// no `:` last; the spaces after it are not its own. Taken greedily, a piece at a time (a character but a space or a
// colon, a colon before a non-space, spaces before a character that is none of them nor `#`): each character is
// read once, where a lazy scalar tried the line's end after every one (a third of the reader's time at 10,000 slots).
// A `#` inside always follows a non-space, so it starts no comment. A quoted one without escapes.
const PLAIN = String.raw`(?:[^\s[\]{}#&*!|>'"%@${'`'},?:-]|[?:-](?=\S))(?:[^ \n:]|:(?=\S)| +(?=[^ \n#]))*`;
const QUOTED = String.raw`"[^"\\\n]*"|'[^'\n]*'`;
// A key: a plain name YAML reads as a string (a letter or `_` first, not a null or a boolean), or one quoted
// without escapes; at most 1,024 characters with its quotes, as YAML allows an implicit key.
const KEY = String.raw`(?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE):)[A-Za-z_][A-Za-z0-9_./-]{0,1023}|"[^"\\\n]{0,1022}"|'[^'\n]{0,1022}'`;
// A flow collection on one line, without a `#` (checked further by checkFlow).
const FLOW = String.raw`[[{][^#\n]*[\]}]`;
/**
 * One line (the text is read with it from start to end, multiline), checked as
 * far as one line can be: its indentation (1); then a comment, or one `- ` at
 * most (2), `key:` (3) and a value (4), or a value alone, then a comment or
 * nothing. A value is a plain scalar, a quoted one, a block scalar's header or
 * a flow collection on one line (its first character tells which). Anything
 * else (5) is the full path's. Checked natively, a line costs V8's interpreter
 * a few comparisons; each group more costs every line its capture. The spaces
 * after `- ` and after `key:` are taken whole (a lookahead ends each run), so
 * that a line the branch cannot take reaches (5) at once: tried run by
 * shorter run, `-`, 40,000 spaces and `x: :` took 5 s (a review's probe).
 */
const LINE = new RegExp(String.raw`^( *)(?:#.*|(- +(?! ))?(?:(${KEY}):(?= |$)(?: +(?=[^ \n#]))?)?(${PLAIN}|${QUOTED}|[|>][-+]?|${FLOW})?(?: +#.*| *)|(.*))$`, 'gm');
/**
 * A flow collection's tokens (1): an indicator, `: `, a quoted scalar without
 * escapes, or a plain scalar of the characters names, numbers, versions and
 * sizes are made of, `-` first only before one of them. Anything else in a
 * flow (a colon without a space, a plain scalar with a space inside, an
 * anchor) is the full path's.
 */
const FLOW_TOKEN = / *([[\]{},]|: |"[^"\\\n]*"|'[^'\n]*'|(?:[A-Za-z0-9_./+]|-(?=[A-Za-z0-9_./+]))[A-Za-z0-9_./+-]*)/y;
/** Flows nested deeper than this are the full path's. */
const MAX_FLOW_DEPTH = 32;
/**
 * Bounds on what the express path reads before it leaves a file to the full
 * path, so that hostile input (a mapping of 100,000 keys, an 8 MiB flow list)
 * costs it a linear scan: keys are checked for repeats against a list.
 */
const MAX_KEYS_PER_MAPPING = 256;
const MAX_FLOW_TOKENS = 4096;
/**
 * Collections nested deeper than this are the full path's, which refuses a
 * document nested more than 256 levels (yaml-lib-tree.ts): with a flow of
 * MAX_FLOW_DEPTH in the deepest, the reader stays far below it. Real kits
 * nest 16 levels at most.
 */
const MAX_BLOCK_DEPTH = 64;

/**
 * Reads `text` as block YAML, calling `visitor` for what it asks to see.
 * Throws DECLINED where the text is outside the subset.
 */
export function readBlockYaml(text: string, visitor: BlockVisitor): void {
  if (UNREAD_CHARACTER.test(text)) decline();
  // The open collections, outermost first, as parallel lists (no object per collection): each one's indentation,
  // whether it is a list, the role its visitor gave it, and where its keys start in `keys` (a mapping's keys so
  // far, for the yaml package refuses a key twice; a collection closed drops its keys). The innermost one's four
  // are also kept in locals (top*), which nearly every line reads: V8 runs this loop unoptimised in a short run,
  // where a local costs a fraction of an array element's load.
  const indents: number[] = [];
  const lists: boolean[] = [];
  const roles: number[] = [];
  const keysFrom: number[] = [];
  const keys: string[] = [];
  let depth = 0;
  let topIndent = -1;
  let topList = false;
  let topRole = 0;
  let topFrom = 0;
  // A `key:` with nothing after it: its column and the role of what may follow.
  let pendingColumn = -1;
  let pendingRole = 0;
  // Inside a block scalar: the column its key sits at, and its content's indentation once known (-1 before).
  let blockParent = -1;
  let blockIndent = -1;
  let blankBeforeContent = 0;
  let empty = true;
  let marked = false;
  const end = text.length;
  visitor.startDocument();
  LINE.lastIndex = 0;
  for (let match = LINE.exec(text); match !== null && match.index < end; match = LINE.exec(text)) {
    const line = match[0];
    const lineLength = line.length;
    // An empty line matches nothing: step over its line break.
    if (lineLength === 0) LINE.lastIndex += 1;
    const indent = match[1]!.length;
    if (blockParent >= 0) {
      if (indent === lineLength) {
        if (blockIndent < 0 && indent > blankBeforeContent) blankBeforeContent = indent;
        continue;
      }
      if (blockIndent < 0 && indent > blockParent) {
        // YAML refuses a blank line before the first content line that is longer than that line's indentation.
        if (blankBeforeContent > indent) decline();
        blockIndent = indent;
        continue;
      }
      if (blockIndent >= 0 && indent >= blockIndent) continue;
      blockParent = -1;
    }
    const rawKey = match[3];
    const dash = match[2];
    const value = match[4];
    if (rawKey === undefined && dash === undefined) {
      if (match[5] !== undefined) decline();
      // Blank, or a comment.
      if (value === undefined) continue;
      // A document marker; any other value alone at the margin, or a marker with content after it, declines.
      if (indent !== 0 || !DOCUMENT_START.test(line)) decline();
      depth = 0;
      topIndent = -1;
      keys.length = 0;
      pendingColumn = -1;
      visitor.endDocument(empty, marked);
      visitor.startDocument();
      empty = true;
      marked = true;
      continue;
    }
    empty = false;
    if (pendingColumn >= 0) {
      const column = pendingColumn;
      pendingColumn = -1;
      if (dash !== undefined ? indent >= column : indent > column) {
        // A list may sit at its key's column; a mapping only right of it.
        topList = dash !== undefined;
        indents[depth] = topIndent = indent;
        lists[depth] = topList;
        roles[depth] = topRole = pendingRole;
        keysFrom[depth] = topFrom = keys.length;
        if ((depth += 1) > MAX_BLOCK_DEPTH) decline();
      }
    }
    if (depth === 0) {
      // A document's first content: its top-level mapping, at the left edge.
      if (indent !== 0 || dash !== undefined) decline();
      indents[0] = topIndent = 0;
      lists[0] = topList = false;
      roles[0] = topRole = visitor.rootRole();
      keysFrom[0] = topFrom = 0;
      depth = 1;
    }
    // Collections the line is left of close, and their keys with them.
    if (topIndent > indent) {
      do {
        depth -= 1;
        keys.length = keysFrom[depth]!;
      } while (indents[depth - 1]! > indent);
      topIndent = indents[depth - 1]!;
      topList = lists[depth - 1]!;
      topRole = roles[depth - 1]!;
      topFrom = keysFrom[depth - 1]!;
    }
    // The value's kind, by its first character (LINE constrains it): a block scalar's header, a flow, or a scalar.
    const valueFirst = value === undefined ? -1 : value.charCodeAt(0);
    const blockHeader = valueFirst === 124 /* | */ || valueFirst === 62 /* > */;
    // A flow is checked whole before any visitor reads it (MAX_FLOW_TOKENS bounds a hostile one).
    if (valueFirst === 91 /* [ */ || valueFirst === 123 /* { */) checkFlow(value!);
    let keyColumn = indent;
    if (dash !== undefined) {
      if (!topList || topIndent !== indent) decline();
      const role = topRole;
      if (rawKey === undefined) {
        // `- ` with nothing after it is a null item; a block scalar item is not followed here.
        if (value === undefined || blockHeader) decline();
        if (role !== 0) visitor.item(role, value!);
        continue;
      }
      // An item that is a mapping: it opens at its first key's column.
      keyColumn = indent + dash.length;
      indents[depth] = topIndent = keyColumn;
      lists[depth] = topList = false;
      roles[depth] = topRole = role === 0 ? 0 : visitor.item(role, undefined);
      keysFrom[depth] = topFrom = keys.length;
      if ((depth += 1) > MAX_BLOCK_DEPTH) decline();
    } else {
      // A list written at its key's own indentation ends where the next key of that mapping starts.
      if (topList && topIndent === indent) {
        depth -= 1;
        keys.length = topFrom;
        if (depth > 0) {
          topIndent = indents[depth - 1]!;
          topList = lists[depth - 1]!;
          topRole = roles[depth - 1]!;
          topFrom = keysFrom[depth - 1]!;
        }
      }
      if (depth === 0 || topList || topIndent !== indent) decline();
    }
    // A quoted key is its text (no escapes: LINE takes none).
    const first = rawKey!.charCodeAt(0);
    const key = first === 34 /* " */ || first === 39 /* ' */ ? rawKey!.slice(1, -1) : rawKey!;
    if (keys.length - topFrom >= MAX_KEYS_PER_MAPPING || keys.indexOf(key, topFrom) >= 0) decline();
    keys.push(key);
    if (value === undefined) {
      pendingColumn = keyColumn;
      pendingRole = topRole === 0 ? 0 : visitor.entry(topRole, key, undefined);
      continue;
    }
    if (blockHeader) {
      blockParent = keyColumn;
      blockIndent = -1;
      blankBeforeContent = 0;
    }
    if (topRole !== 0) visitor.entry(topRole, key, value);
  }
  visitor.endDocument(empty, marked);
}

/** Which kind of value LINE accepted: its first character tells. */
export function valueStyle(value: WrittenValue): 'plain' | 'quoted' | 'block' | 'list' | 'map' {
  const first = value.charCodeAt(0);
  if (first === 34 /* " */ || first === 39 /* ' */) return 'quoted';
  if (first === 124 /* | */ || first === 62 /* > */) return 'block';
  if (first === 91 /* [ */) return 'list';
  if (first === 123 /* { */) return 'map';
  return 'plain';
}

function isFlow(value: WrittenValue): boolean {
  const first = value.charCodeAt(0);
  return first === 91 /* [ */ || first === 123 /* { */;
}

/** An empty flow collection: `[]` or `{}`. */
export function isEmptyFlow(value: WrittenValue): boolean {
  return isFlow(value) && flowTokens(value).length === 2;
}

// The last flow tokenised, and its tokens: the reader checks a flow (checkFlow) just before a visitor reads its items.
let lastFlow: WrittenValue | undefined;
let lastFlowTokens: readonly string[] = [];

/** The tokens of a flow value, as written (`: ` as ':'); declines on a character FLOW_TOKEN does not take. */
function flowTokens(value: WrittenValue): readonly string[] {
  if (value === lastFlow) return lastFlowTokens;
  const tokens: string[] = [];
  FLOW_TOKEN.lastIndex = 0;
  while (FLOW_TOKEN.lastIndex < value.length) {
    const at = FLOW_TOKEN.lastIndex;
    const token = FLOW_TOKEN.exec(value);
    if (token === null) {
      // Spaces up to the end are no token.
      if (value.slice(at).trim() === '') break;
      decline();
    }
    const written = token![1]!;
    if (tokens.push(written === ': ' ? ':' : written) > MAX_FLOW_TOKENS) decline();
  }
  lastFlow = value;
  lastFlowTokens = tokens;
  return tokens;
}

/**
 * Checks a flow collection on one line as YAML reads it: lists of nodes,
 * mappings of `key: node` with keys YAML reads as strings and none twice, a
 * trailing comma allowed, as deep as MAX_FLOW_DEPTH. Declines anything else.
 */
function checkFlow(value: WrittenValue): void {
  const tokens = flowTokens(value);
  let at = 0;
  const node = (depth: number): void => {
    if (depth > MAX_FLOW_DEPTH) decline();
    const token = tokens[at++];
    if (token === '[') {
      while (tokens[at] !== ']') {
        node(depth + 1);
        if (tokens[at] === ',') at += 1;
        else if (tokens[at] !== ']') decline();
      }
      at += 1;
    } else if (token === '{') {
      const keys: string[] = [];
      while (tokens[at] !== '}') {
        const key = scalarKey(tokens[at++]);
        if (keys.includes(key)) decline();
        keys.push(key);
        if (tokens[at++] !== ':') decline();
        node(depth + 1);
        if (tokens[at] === ',') at += 1;
        else if (tokens[at] !== '}') decline();
      }
      at += 1;
    } else if (token === undefined || token === ']' || token === '}' || token === ',' || token === ':') {
      decline();
    }
  };
  node(0);
  if (at !== tokens.length) decline();
}

/** A flow mapping's key: a scalar YAML reads as a string (a number or a boolean key is the full path's). */
function scalarKey(token: string | undefined): string {
  if (token === undefined || token.length === 1 && '[]{},:'.includes(token)) return decline();
  const key = stringValue(token);
  return key === undefined ? decline() : key;
}

/** A one-line flow list's items (the reader has checked it), each a scalar as written; declines on a nested collection. */
export function listItems(value: WrittenValue): string[] {
  const tokens = flowTokens(value);
  if (tokens[0] !== '[') decline();
  const items: string[] = [];
  for (let at = 1; at < tokens.length - 1; at += 1) {
    const token = tokens[at]!;
    if (token === ',') continue;
    if (token.length === 1 && '[]{}:'.includes(token)) decline();
    items.push(token);
  }
  return items;
}

/** A scalar's text where YAML reads it as a string; undefined for a null, a boolean, a number or a collection. */
export function stringValue(value: WrittenValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const style = valueStyle(value);
  if (style === 'quoted') return value.slice(1, -1);
  if (style !== 'plain') return undefined;
  const resolved = resolvePlainScalar(value);
  return typeof resolved === 'string' ? resolved : undefined;
}
