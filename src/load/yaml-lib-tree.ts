import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser } from 'yaml';
import type { Alias, CST, Document, Node, YAMLError } from 'yaml';
import type { Position, YamlDocument, YamlMapEntry, YamlNode } from './yaml-tree.js';
import { lowerBound } from '../model/sorted.js';

// The full YAML parser, for every file the fast parser declines. Loaded on
// demand, so a kit written in plain block YAML never pays for it.

export interface LibParseResult {
  documents?: YamlDocument[];
  error?: { position: Position; message: string };
  /**
   * With `error`, the errors of later documents that go-yaml refuses in each alone (an alias with no anchor before it,
   * a repeated key), the first of each, at most MAX_LATER_ERRORS: a file is fixed in one pass (a trial's probe,
   * JJGadgets/Biohazard's ks.yaml: `*pvc` in two documents, the second said only once the first was fixed). Not after a
   * syntax error, where what follows may be read wrong (an unclosed quote takes in the documents after it).
   */
  laterErrors?: { position: Position; message: string }[];
}

/** At most this many documents' errors of one file after its first (see LibParseResult.laterErrors). */
const MAX_LATER_ERRORS = 20;

/**
 * One parse's result, and where its opening quote is in the text parsed, for a missing closing quote (see
 * quotedLinesIndent); on an error, where its flow collections open (see flowLinesIndent).
 */
type TextParse = LibParseResult & { quoteAt?: number; flowsAt?: number[] };

/**
 * yaml reports a missing closing quote where the file ends; the opening quote,
 * the last one of its kind before that point, is where a person has to look.
 */
function errorOffset(text: string, error: YAMLError): number {
  const [start] = error.pos;
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
  if (error.code === 'MISSING_CHAR' && quote) {
    const last = text.lastIndexOf(quote, Math.max(0, start - 1));
    if (last < 0) return start;
    // The last quote before the error may be one the scalar escapes (`"{\"a\": 1,`, a review's probe): the opening
    // one is where a value starts on that line, past a key, sequence dashes, an anchor or a tag.
    const lineStart = text.lastIndexOf('\n', last) + 1;
    VALUE_START.lastIndex = lineStart;
    const opening = lineStart + VALUE_START.exec(text)![0].length;
    return opening <= last && text[opening] === quote ? opening : last;
  }
  return start;
}

/** What stands on a line before a value: indentation, sequence dashes, a key (plain or quoted) and its colon, anchors and tags. */
const BEFORE_VALUE = String.raw`[ ]*(?:-[ ]+)*(?:(?:[^\s#'"][^\n]*?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'):[ ]+)?(?:[&!][^\s]*[ ]+)*`;
const VALUE_START = new RegExp(BEFORE_VALUE, 'y');
const ONLY_BEFORE_VALUE = new RegExp(`^${BEFORE_VALUE}$`);

/**
 * Deeper than any manifest nests (real kits reach 16 levels, CRD schemas about
 * 100), and far below where the recursion that follows (the composer, our tree
 * conversion, toJS) runs out of stack. Without a bound, 20,000 nested `[` ran the composer out
 * of stack, and where that happened while V8 compiled a regular expression the
 * process died ("RegExpCompiler Allocation failed") instead of throwing.
 */
export const MAX_YAML_DEPTH = 256;

/**
 * yaml's lexer and parser, driven one token at a time: both are iterative, and
 * the parser keeps every open collection on its stack, so the nesting is known
 * as it grows. Parsing stops at the token that opens one level too many, so a
 * hostile file costs as much as its first few hundred levels, located there.
 */
function boundedTokens(text: string, lineCounter: LineCounter): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // what Parser.parse does at the start of input
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    const at = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document, then each collection open at this point.
    if (parser.stack.length > MAX_YAML_DEPTH + 1) return { tooDeepAt: at };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/**
 * An anchor or alias that go-yaml ends before a `:` (`*app:` as a mapping key), and yaml, following
 * the YAML spec, takes the colon into: go-yaml's names are letters, digits, `_` and `-` only.
 */
// Only where a key starts (a block mapping's line, after a sequence dash, or after `{` or `,` in a flow):
// a `*app:` inside a quoted string (`q: "x *app: y"`) is text, and stays as written.
const GO_ANCHOR_BEFORE_COLON = /(^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)([&*][0-9A-Za-z_-]+):/gm;

export function parseWithYamlLibrary(text: string): LibParseResult {
  const first = parseText(text, []);
  const { quoteAt: _quoteAt, flowsAt: _flowsAt, ...result } = first;
  let current = text;
  let spacesAt: number[] = [];
  let reread = first;
  // Flow collections over several lines, their lines indented again first (go-yaml takes any indentation there).
  const flowSpaces = first.error && first.flowsAt ? flowLinesIndent(text, first.flowsAt) : undefined;
  if (flowSpaces) {
    current = withSpaces(text, flowSpaces);
    spacesAt = flowSpaces.map((at, index) => at + index);
    reread = parseText(current, spacesAt);
    if (!reread.error) return { documents: reread.documents! };
  }
  // One scalar at a time, as yaml finds them (a file may hold several), each indented again and read again: the spaces
  // inserted so far move with each pass. Where a quote still does not close, the file's own first error stands.
  // Each pass reads the whole text again: as many as REPARSE_BUDGET allows for its length (a file of 1 MiB, one).
  const passes = Math.min(MAX_INDENT_PASSES, Math.max(1, Math.floor(REPARSE_BUDGET / Math.max(1, text.length))));
  for (let pass = 0; pass < passes && reread.quoteAt !== undefined; pass += 1) {
    const added = quotedLinesIndent(current, reread.quoteAt);
    if (!added) break;
    // (Both ascending: each earlier space moves by the new ones at or before it, counted in one walk.)
    let moved = 0;
    spacesAt = [...spacesAt.map((offset) => {
      while (moved < added.length && added[moved]! <= offset) moved += 1;
      return offset + moved;
    }), ...added.map((at, index) => at + index)].sort((a, b) => a - b);
    current = withSpaces(current, added);
    reread = parseText(current, spacesAt);
    if (!reread.error) return { documents: reread.documents! };
  }
  // Past the quotes go-yaml takes, another error: that one, where the file has it.
  if (reread !== first && reread.error && reread.quoteAt === undefined) return { error: reread.error };
  // Kustomize and Flux read YAML with go-yaml: `*app:` is the alias app as a key, and the file applies. Read
  // again with a space before each such colon (columns mapped back to the file's), only where yaml refused it.
  GO_ANCHOR_BEFORE_COLON.lastIndex = 0;
  if (!result.error || !GO_ANCHOR_BEFORE_COLON.test(text)) return result;
  const inserted: number[] = [];
  const spaced = text.replace(GO_ANCHOR_BEFORE_COLON, (_match: string, before: string, name: string, at: number) => {
    inserted.push(at + inserted.length + before.length + name.length);
    return `${before}${name} :`;
  });
  const retried = parseText(spaced, inserted);
  return retried.error ? result : retried;
}

/** At most this many quoted scalars of one file indented again (see quotedLinesIndent). */
const MAX_INDENT_PASSES = 64;
/**
 * Characters read again, at most, by those passes together (one pass at least): 64 such scalars in a file of 2 MB
 * were 64 reads of 2 MB (minutes, before uniqueKeys was checked with a set; still a minute after). Real files with such scalars are manifests of a few kB: a file of 20 kB gets 51 passes.
 */
const REPARSE_BUDGET = 1024 * 1024;

/**
 * A quoted scalar over several lines whose later lines are indented no deeper than its key (ShadyF/k8s-homelab's
 * `log-format-upstream: '{` closed by `}'` at the key's column, a trial's probe): the YAML spec wants them deeper, and
 * yaml refuses the file ("Missing closing quote"); go-yaml, which kustomize and Flux read with, takes it. Where to insert
 * a space (offsets of `text`, ascending, one per space) so that those lines sit one past the key's column: a flow
 * scalar's line breaks fold and its lines' leading spaces go, so the value is the same. Undefined where the quote at
 * `opening` does not start a key's value or a sequence item, where the scalar does not close, or where no line is short.
 */
function quotedLinesIndent(text: string, opening: number): number[] | undefined {
  const quote = text[opening];
  if (quote !== '"' && quote !== "'") return undefined;
  const lineStart = text.lastIndexOf('\n', opening - 1) + 1;
  const before = text.slice(lineStart, opening);
  if (!ONLY_BEFORE_VALUE.test(before)) return undefined;
  const key = keyColumn(before);
  const spaces: number[] = [];
  for (let at = opening + 1; at < text.length; at += 1) {
    const char = text[at];
    if (char === '\\' && quote === '"') {
      at += 1;
    } else if (char === quote) {
      if (quote === "'" && text[at + 1] === "'") at += 1;
      else return spaces.length > 0 ? spaces : undefined;
    } else if (char === '\n' && !padLine(text, at, key, spaces, false)) {
      return undefined;
    }
  }
  return undefined;
}

/** The column of a line's key, from what stands before its value: past the indentation and any `- ` of sequence items. */
function keyColumn(before: string): number {
  return /^[ ]*(?:-[ ]+)*/.exec(before)![0].length;
}

/**
 * Where to insert spaces (pushed onto `spaces`) so that the line after the line break at `lineBreak` sits one past the
 * key's column, where it sits at that column or left of it (a blank line too where `padBlank`). False where the line
 * starts with a document marker, which ends the document inside a quoted scalar or a flow too (go-yaml fails there,
 * "found unexpected end of stream", and so does kustomize: a review's probe), or where the spaces would outnumber the
 * text's characters (a key far right above many short lines): the error stands.
 */
function padLine(text: string, lineBreak: number, key: number, spaces: number[], padBlank: boolean): boolean {
  if (/^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(lineBreak + 1, lineBreak + 5))) return false;
  let indent = 0;
  while (text[lineBreak + 1 + indent] === ' ') indent += 1;
  const next = text[lineBreak + 1 + indent];
  if (indent > key || (!padBlank && (next === '\n' || next === '\r' || next === undefined))) return true;
  if (spaces.length + key + 1 - indent > text.length) return false;
  for (let pad = indent; pad <= key; pad += 1) spaces.push(lineBreak + 1);
  return true;
}

/** `text` with a space inserted before each offset of `spaces` (ascending; an offset given twice gets two). */
function withSpaces(text: string, spaces: readonly number[]): string {
  return spaces.map((at, index) => text.slice(index === 0 ? 0 : spaces[index - 1], at)).join(' ') + ' ' + text.slice(spaces.at(-1));
}

/**
 * Flow collections over several lines whose later lines sit at their key's column or left of it
 * (`command: [` with its items and `]` under the `c`): the YAML spec wants them deeper, and yaml refuses the file
 * ("Flow sequence in block collection must be sufficiently indented"); go-yaml, which kustomize and Flux read with,
 * takes any indentation inside a flow (kubectl kustomize renders such a list). Where to insert a space (offsets of
 * `text`, ascending, one per space) so that those lines sit one past the key's column: inside a flow, a line's
 * leading spaces separate tokens or fold into a scalar's single space, so what the file means is the same.
 * `starts`: where yaml's parser saw a flow collection open. Undefined where no such line is short; a flow that does
 * not close, or holds a document marker at a line's start (go-yaml fails there too), is left as it is.
 */
function flowLinesIndent(text: string, starts: readonly number[]): number[] | undefined {
  const spaces: number[] = [];
  let scannedTo = -1;
  for (const start of [...starts].sort((a, b) => a - b)) {
    // A flow inside one already scanned is part of it.
    if (start < scannedTo) continue;
    // A flow that never closes fails in go-yaml too: the error stands (and no later start is scanned to the end again).
    const end = flowEnd(text, start);
    if (end === undefined) return undefined;
    scannedTo = end;
    const key = keyColumn(text.slice(text.lastIndexOf('\n', start - 1) + 1, start));
    // (A blank line is padded too: inside a flow, spaces are only spaces.)
    for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) if (!padLine(text, at, key, spaces, true)) return undefined;
  }
  return spaces.length > 0 ? spaces : undefined;
}

/**
 * Where the flow collection opening at `start` closes (the offset past its last bracket), read as go-yaml reads a
 * flow: brackets nest, quoted scalars (with `\\` escapes in double quotes) and comments (`#` after
 * a space, a tab or a line break) hold none. Undefined where it does not close.
 */
function flowEnd(text: string, start: number): number | undefined {
  let depth = 0;
  // The last character outside whitespace, quotes and comments: a quote opens a scalar only where one starts, after
  // `[`, `{`, `,`, `:` or `?` (`it's` is a plain scalar: a review's probe, whose apostrophe ran the scan past the end).
  let previous = '';
  // The first character of the last word before a space: a tag (`!!str`) or an anchor (`&a`) may stand before a scalar.
  let wordFirst = '';
  for (let at = start; at < text.length; at += 1) {
    const char = text[at]!;
    const afterProperty = (wordFirst === '!' || wordFirst === '&') && /[ \t\n]/.test(text[at - 1] ?? '');
    if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') {
      if ((depth -= 1) === 0) return at + 1;
    } else if ((char === '"' || char === "'") && ('[{,:?'.includes(previous) || afterProperty)) {
      // `\\` escapes in a double-quoted scalar, `''` in a single-quoted one.
      for (at += 1; at < text.length; at += 1) {
        if (char === '"' && text[at] === '\\') at += 1;
        else if (text[at] === char) {
          if (char !== "'" || text[at + 1] !== "'") break;
          at += 1;
        }
      }
    } else if (char === '#' && (text[at - 1] === ' ' || text[at - 1] === '\t' || text[at - 1] === '\n')) {
      const lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) return undefined;
      at = lineEnd;
      continue;
    }
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
      if (/[ \t\n[{,]/.test(text[at - 1] ?? ' ')) wordFirst = char;
      previous = char;
    }
  }
  return undefined;
}

/** Where yaml's parser saw a flow collection open, in its tokens (nested ones too; the nesting is bounded by boundedTokens). */
function flowStarts(tokens: readonly CST.Token[]): number[] {
  const starts: number[] = [];
  const visit = (token: CST.Token | undefined): void => {
    if (!token) return;
    if (token.type === 'flow-collection') starts.push(token.start.offset);
    if (token.type === 'document') visit(token.value);
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item) visit(item.key ?? undefined);
        visit(item.value);
      }
    }
  };
  for (const token of tokens) visit(token);
  return starts;
}

/** One parse of `text`, into which spaces were inserted at the offsets `inserted` (ascending): positions are the file's. */
function parseText(text: string, inserted: readonly number[]): TextParse {
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    if (inserted.length === 0) return { line, column: col };
    // Spaces inserted on this line before the offset moved it right.
    const lineStart = offset - col + 1;
    // Counted by binary search: a filter per node made a parse cost nodes times spaces (a review's probe: 84 kB of
    // padded flows took 76 s).
    const before = lowerBound(inserted, offset) - lowerBound(inserted, lineStart);
    return { line, column: col - before };
  };
  let documents: Document.Parsed[];
  let tokens: CST.Token[];
  try {
    const parsed = boundedTokens(text, lineCounter);
    if ('tooDeepAt' in parsed) {
      return { error: { position: position(parsed.tooDeepAt), message: `the document is nested more than ${MAX_YAML_DEPTH} levels deep` } };
    }
    // As parseAllDocuments does; prettyErrors off: the message is ours, with the position beside it.
    tokens = parsed.tokens;
    // uniqueKeys off: yaml compares each key of a mapping with every key before it (50,000 keys of one mapping took
    // 16 s, a file of 8 MiB minutes); convert() finds a repeated key with a set, as yaml would (Unresolved.duplicateKey).
    documents = Array.from(new Composer({ prettyErrors: false, uniqueKeys: false }).compose(tokens)) as Document.Parsed[];
  } catch (error) {
    return { error: { position: position(0), message: (error as Error).message } };
  }
  for (const document of documents) {
    const [first] = document.errors;
    if (first) {
      const offset = errorOffset(text, first);
      return {
        error: { position: position(offset), message: first.message }, ...(offset !== first.pos[0] ? { quoteAt: offset } : {}), flowsAt: flowStarts(tokens),
      };
    }
  }
  const converted: YamlDocument[] = [];
  const errors: { position: Position; message: string }[] = [];
  for (const document of documents) {
    // An alias with no anchor before it: yaml leaves it unresolved, go-yaml (kustomize, Flux) refuses the file.
    const unknown: Unresolved = {};
    const root = convert(document, document.contents, position, new Map(), unknown);
    if (unknown.alias) {
      errors.push({ position: position(unknown.alias.range?.[0] ?? 0), message: `unknown anchor '${unknown.alias.source}' referenced (no &${unknown.alias.source} before it): kustomize and Flux refuse the file` });
    } else if (unknown.duplicateKey) {
      // yaml compares an alias key with no other key; go-yaml (kustomize, Flux) refuses the mapping, as yaml does two plain ones.
      errors.push({ position: position(unknown.duplicateKey.range?.[0] ?? 0), message: 'Map keys must be unique' });
    }
    if (errors.length > MAX_LATER_ERRORS) break;
    // maxAliasCount bounds alias expansion: a "billion laughs" document throws here, quickly.
    if (errors.length === 0) converted.push({ root, toJS: () => document.toJS({ maxAliasCount: 1000 }) });
  }
  if (errors.length > 0) return { error: errors[0]!, ...(errors.length > 1 ? { laterErrors: errors.slice(1) } : {}) };
  return { documents: converted };
}

/** What go-yaml refuses and yaml lets through: an alias with no anchor before it, a key an alias key repeats. */
interface Unresolved {
  alias?: Alias;
  duplicateKey?: Node;
}

/**
 * Converts the yaml AST to our tree. An alias becomes the very same converted
 * object as its anchor (shared, never copied), so hostile aliases cost nothing.
 */
function convert(
  document: Document.Parsed,
  node: unknown,
  position: (offset: number) => Position,
  converted: Map<unknown, YamlNode | null>,
  unknown: Unresolved,
): YamlNode | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(document);
    if (target === undefined) {
      unknown.alias ??= node;
      return null;
    }
    if (!converted.has(target)) converted.set(target, null); // a self-referencing alias resolves to empty
    return converted.get(target) ?? convert(document, target, position, converted, unknown);
  }
  if (converted.has(node)) return converted.get(node)!;
  const at = position((node as Node).range?.[0] ?? 0);
  if (isScalar(node)) {
    const value = node.value;
    const resolved = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
      ? value
      : String(value);
    const result: YamlNode = { kind: 'scalar', position: at, value: resolved, source: node.source ?? String(value) };
    converted.set(node, result);
    return result;
  }
  if (isSeq(node)) {
    const result: YamlNode = { kind: 'seq', position: at, items: [] };
    converted.set(node, result);
    for (const item of node.items) result.items.push(convert(document, item, position, converted, unknown));
    return result;
  }
  if (isMap(node)) {
    const entries: YamlMapEntry[] = [];
    const result: YamlNode = { kind: 'map', position: at, entries };
    converted.set(node, result);
    const merged: YamlNode[] = [];
    // From the first alias key on, each key is compared with those before it (yaml compares no alias key).
    let keysSoFar: Set<string> | undefined;
    // The scalar keys so far, by value, as yaml's uniqueKeys compares them (`a.value === b.value`: 1 and "1" differ;
    // a NaN equals nothing; an alias key is compared below, by its text, as go-yaml does).
    const scalarKeys = new Set<unknown>();
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && !(typeof key.value === 'number' && Number.isNaN(key.value))) {
        if (scalarKeys.has(key.value)) unknown.duplicateKey ??= key;
        scalarKeys.add(key.value);
      }
      // Complex keys (a mapping as a key) never name anything the audit reads; an alias key must still resolve.
      const resolvedKey = isAlias(key) ? key.resolve(document) : key;
      if (isAlias(key) && resolvedKey === undefined) unknown.alias ??= key;
      // An alias key (`*app :`) is its anchor's scalar, as toJS and go-yaml key the mapping. Not a merge key here, as the yaml
      // package reads it; go-yaml merges where the anchor is a plain `<<` (left: no real file seen does so).
      if (!isScalar(resolvedKey)) {
        // Read for what go-yaml refuses in it (a repeated key: yaml's uniqueKeys is off, a second review's probe).
        if (resolvedKey === key && (isMap(key) || isSeq(key))) convert(document, key, position, converted, unknown);
        continue;
      }
      const value = convert(document, pair.value, position, converted, unknown);
      // `<<: *base` (or a list of them): a YAML 1.1 merge key, which kustomize
      // (go-yaml) expands. A quoted '<<' is an ordinary key.
      if (resolvedKey === key && resolvedKey.value === '<<' && resolvedKey.type === 'PLAIN') {
        if (value?.kind === 'map') merged.push(value);
        else if (value?.kind === 'seq') for (const item of value.items) if (item?.kind === 'map') merged.push(item);
        continue;
      }
      const keyText = String(resolvedKey.value);
      if (isAlias(key)) keysSoFar ??= new Set(entries.map((entry) => entry.key));
      if (keysSoFar) {
        if (keysSoFar.has(keyText)) unknown.duplicateKey ??= key as Node;
        keysSoFar.add(keyText);
      }
      entries.push({ key: keyText, keyPosition: position((key as Node).range?.[0] ?? 0), value });
    }
    // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
    const present = merged.length > 0 ? new Set(entries.map((entry) => entry.key)) : undefined;
    for (const source of merged) {
      for (const entry of source.kind === 'map' ? source.entries : []) {
        if (present!.has(entry.key)) continue;
        present!.add(entry.key);
        entries.push(entry);
      }
    }
    return result;
  }
  return null;
}
