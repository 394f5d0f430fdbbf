import { classifyHelmReleaseApi } from '../model/flux-api.js';
import type { DependsOnRef, HelmRelease, KubeObject, Location } from '../model/types.js';
import type { KitFileOptions } from './kit-file.js';
import { IGNORE_ANNOTATION } from '../suppress/annotation.js';
import { optimizerIsOn } from './tier-up.js';
import { checkedDoubleQuoteClose, MAX_IMPLICIT_KEY, PLAIN_FIRST_FORBIDDEN } from './fast-yaml.js';
import { keptSlice, keptText, resolvePlainScalar } from './yaml-tree.js';

/*
 * The slot file reader of the exact kit path (issue 18): it reads the few
 * fields a kit's rules use straight from the text, without a tree. The rest of
 * the file is still read line by line, so that a text the `yaml` package would
 * reject (or read differently) is never accepted: the scan takes a strict
 * subset of what the fast parser (fast-yaml.ts) takes, with the same rules of
 * indentation, keys, scalars and block scalars, and declines everything else,
 * which then goes the usual way (the fast parser, then the `yaml` package,
 * which reports every error). It declines as well wherever the tree path would
 * report something (a HelmRelease without a name, a dependsOn that is not a
 * list of `name:` items, a List, anchors, flows, escapes...): it only ever
 * returns the records the tree path would have built, and no finding.
 * test/slot-scan.test.ts holds the two paths to the same records, on
 * generated texts and on real kits.
 *
 * Why: the rules read a few fields of each object, and building a tree of
 * every file to drop it made garbage for the collector to sweep. Without the
 * tree, a check of 1,000 slots or more takes about 0.9x the instructions
 * (README, Performance). Reading stays what it was: checked as exactly as the
 * fast parser checks it, a line costs the scan about what it costs there.
 */

class Decline extends Error {}

/** One instance, thrown again and again: an Error made per decline took its stack each time (11 µs a file). */
const DECLINED = new Decline();

const decline = (): never => {
  throw DECLINED;
};

/** What one file's scan gives: loadKitFile's records, in document order. */
export interface ScannedSlotFile {
  objects: KubeObject[];
  helmReleases: HelmRelease[];
}

/**
 * A value kept, and where it sits. `value`: the text, undefined for a null,
 * or IN_PLACE when the value is the text from `start` to `end` as written
 * (then kept with keptSlice, with no string cut for it when it repeats).
 */
interface Scalar {
  value: string | undefined | typeof IN_PLACE;
  start: number;
  end: number;
  line: number;
  column: number;
}

const IN_PLACE = 0;

/** The characters a plain scalar can start with and be something other than its text (a null, a boolean, a number). */
const RESOLVED_FIRST = '-+.0123456789~nNtTfF';

/** One dependsOn item as read. */
interface Item {
  line: number;
  column: number;
  name?: Scalar;
  namespace?: Scalar;
}

/** The fields of one document the kit's rules read. */
interface DocumentFields {
  line: number;
  kind?: Scalar;
  apiVersion?: Scalar;
  name?: Scalar;
  namespace?: Scalar;
  label?: Scalar;
  ignore?: Scalar;
  version?: Scalar;
  /** The `dependsOn:` key, when there is one. */
  dependsOnKey?: { line: number; column: number };
  items: Item[];
}

// What a mapping or sequence is, on the way to a field the rules read. OTHER: read only to check it.
const OTHER = 0;
const ROOT = 1;
const METADATA = 2;
const LABELS = 3;
const ANNOTATIONS = 4;
const SPEC = 5;
const DEPENDS_ON = 6;
const DEPENDS_ON_ITEM = 7;
const CHART = 8;
const CHART_SPEC = 9;
// A key whose scalar value is kept (a value context: never a collection).
const FIELD = 10;

/**
 * A plain key, fast-yaml's KEY: [A-Za-z0-9_] first, then also `.`, `/` and `-`, then a colon before a space
 * or the line's end. As a regular expression (which cannot pass a line break) and as a loop: see `loops`.
 */
const PLAIN_KEY = /[A-Za-z0-9_][A-Za-z0-9_./-]*:(?: |$)/my;

/** A character of a plain key (PLAIN_KEY's, for the loop). */
function isKeyCharacter(char: number): boolean {
  return (char >= 97 && char <= 122) || (char >= 65 && char <= 90) || (char >= 48 && char <= 57) || char === 95 || char === 45 || char === 46 || char === 47;
}

const KEY_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** Whether a key starting with this character could be one of KEY_WORDS (n, t, f in either case). */
function isWordStart(char: number): boolean {
  return char === 110 || char === 78 || char === 116 || char === 84 || char === 102 || char === 70;
}

/** After `---`: nothing, spaces, or spaces and a comment (fast-yaml's MARKER). */
const MARKER_REST = /(?: +#.*| *)$/my;
/** After a value: nothing, spaces, or spaces and a comment (fast-yaml's LINE_END). */
const LINE_END = /(?: +#.*| *)$/my;
/**
 * What ends a plain scalar on its line: a colon before a space or the line's end (a mapping, or an error:
 * declined), or ` #`. Sticky, and unable to pass a line break: the search never runs on past the line. Also
 * written as a loop: see `loops`.
 */
const PLAIN_STOP = /[^\n]*?(?::(?= |$)| #)/my;

/**
 * The keys of one mapping, as [start, end) pairs of the text: a key it
 * already has declines (the yaml package reports the duplicate). Compared
 * in place while the mapping is small; past 32 keys, in a Set (a scan per
 * key would make a mapping of 100,000 keys quadratic).
 */
class KeySet {
  private readonly ranges: number[] = [];
  /** How much of `ranges` is in use: the array is reused, with no `length = 0` (a call into the runtime). */
  private count = 0;
  private seen: Set<string> | undefined;

  reset(): void {
    this.count = 0;
    this.seen = undefined;
  }

  add(text: string, start: number, end: number): void {
    if (this.seen !== undefined) {
      const key = text.slice(start, end);
      if (this.seen.has(key)) decline();
      this.seen.add(key);
      return;
    }
    const { ranges } = this;
    const length = end - start;
    for (let index = 0; index < this.count; index += 2) {
      const other = ranges[index]!;
      if (ranges[index + 1]! - other !== length) continue;
      let offset = 0;
      while (offset < length && text.charCodeAt(other + offset) === text.charCodeAt(start + offset)) offset += 1;
      if (offset === length) decline();
    }
    ranges[this.count] = start;
    ranges[this.count + 1] = end;
    this.count += 2;
    if (this.count > 64) {
      this.seen = new Set();
      for (let index = 0; index < this.count; index += 2) this.seen.add(text.slice(ranges[index]!, ranges[index + 1]!));
    }
  }
}

class SlotScanner {
  private readonly text: string;
  /**
   * Key and plain-scalar ends found by loops per character (true) or by regular expressions. In V8's
   * interpreter, where a check below 800 files runs (tier-up.ts), a regular expression runs as machine code
   * and a loop does not; once TurboFan compiles the scan, the loop spares the regular expression's call.
   * Counted in instructions (valgrind, whole runs): regular expressions against loops, the embedded kit
   * 629 against 645 million, 20 kits of 60 slots 1,912 against 2,181; 10,000 slots, with the optimiser on,
   * 8,403 against 8,009. Both ways give the same ends (test/slot-scan.test.ts runs both).
   */
  private readonly loops: boolean;
  /** The current content line: its start, its end (the `\n` or the text's end), where its content starts, its number. */
  private lineStart = 0;
  private lineEnd = 0;
  /** Where the line's content starts, from its start; moved past `- ` for a sequence item's mapping, as fast-yaml does. */
  private indent = 0;
  private lineNumber = 0;
  /** 'line', a `---` marker, or the end of the text. */
  private state: 'line' | 'marker' | 'end' = 'line';
  /** Where the next line starts, and its number. */
  private next = 0;
  private nextNumber = 1;
  /** The keys of the block mappings being read, one set per depth, reused. */
  private readonly keys: KeySet[] = [];
  private fields: DocumentFields = { line: 0, items: [] };
  /**
   * While a flow that goes on over several lines is read (flowOverLines): the indentation every line of it must have
   * (a blank one aside); -1 otherwise, when a flow is on one line.
   */
  private flowMinIndent = -1;

  constructor(text: string, private readonly slotLabel: string, loops: boolean) {
    this.text = text;
    this.loops = loops;
  }

  /** Every document's fields, or a decline. */
  documents(): DocumentFields[] {
    const documents: DocumentFields[] = [];
    this.advance();
    for (;;) {
      if (this.state === 'line') {
        if (this.indent !== 0) decline();
        this.fields = { line: this.lineNumber, items: [] };
        if (this.keyEnd(this.lineStart) < 0) decline(); // a document that is not a mapping: the tree path reports it
        this.mapping(0, ROOT, 0);
        if (this.state === 'line') decline(); // content the block structure did not take
        documents.push(this.fields);
      }
      if (this.state === 'end') return documents;
      this.advance(); // past the marker
    }
  }

  /** To the next line with content (blank and comment lines pass), a `---` marker, or the end. */
  private advance(): void {
    const { text } = this;
    for (;;) {
      const start = this.next;
      if (start >= text.length) {
        this.state = 'end';
        return;
      }
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.next = end + 1;
      const number = this.nextNumber;
      this.nextNumber += 1;
      const first = text.charCodeAt(start);
      if (first === 45 /* - */ && text.startsWith('---', start)) {
        MARKER_REST.lastIndex = start + 3;
        if (!MARKER_REST.test(text)) decline(); // content on the marker line
        this.state = 'marker';
        this.lineNumber = number;
        return;
      }
      if ((first === 46 /* . */ && text.startsWith('...', start)) || first === 37 /* % */) decline(); // document end, directives
      let at = start;
      while (at < end && text.charCodeAt(at) === 32) at += 1;
      if (at === end || text.charCodeAt(at) === 35 /* # */) continue;
      this.state = 'line';
      this.lineStart = start;
      this.lineEnd = end;
      this.indent = at - start;
      this.lineNumber = number;
      return;
    }
  }

  /** The current line has content and starts at `indent`. */
  private at(indent: number): boolean {
    return this.state === 'line' && this.indent === indent;
  }

  /** The current line has content indented past `indent`. */
  private below(indent: number): boolean {
    return this.state === 'line' && this.indent > indent;
  }

  private isSeqItem(at: number): boolean {
    return this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === 32);
  }

  /**
   * Where the `key:` that starts at `at` has its colon, or -1 for no key (fast-yaml's keyEnd, on one line).
   * A key fast-yaml would resolve to a number, a boolean or a null, or a quoted key with an escape or a doubled
   * quote, declines: the scan's keys are their text.
   */
  private keyEnd(at: number): number {
    const { text } = this;
    const first = text.charCodeAt(at);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      let close = text.indexOf(first === 34 ? '"' : "'", at + 1);
      if (close >= this.lineEnd) close = -1;
      // An escape or a doubled quote: fast-yaml reads them; the scan's keys and values are their text.
      if (first === 34 && this.hasBackslash(at + 1, close < 0 ? this.lineEnd : close)) decline();
      if (first === 39 && close >= 0 && text.charCodeAt(close + 1) === 39) decline();
      // A quoted value (also one over several lines), not a key.
      if (close < 0 || text.charCodeAt(close + 1) !== 58 /* : */) return -1;
      if (close + 2 !== this.lineEnd && text.charCodeAt(close + 2) !== 32) return -1;
      // `"<<"`: fast-yaml declines every merge-key spelling, and the scan takes only what it takes.
      if (close - at === 3 && text.startsWith('<<', at + 1)) decline();
      if (close + 1 - at > MAX_IMPLICIT_KEY) decline();
      return close + 1;
    }
    let colon: number;
    if (this.loops) {
      if (!isKeyCharacter(first) || first === 45 || first === 46 || first === 47) return -1;
      colon = at + 1;
      while (isKeyCharacter(text.charCodeAt(colon))) colon += 1;
      if (text.charCodeAt(colon) !== 58 /* : */ || (colon + 1 !== this.lineEnd && text.charCodeAt(colon + 1) !== 32)) return -1;
    } else {
      PLAIN_KEY.lastIndex = at;
      if (!PLAIN_KEY.test(text)) return -1;
      colon = PLAIN_KEY.lastIndex - (text.charCodeAt(PLAIN_KEY.lastIndex - 1) === 58 ? 1 : 2);
    }
    // Digits first (a number, or a key equal to another written as a number), null and booleans: fast-yaml's.
    if (first >= 48 && first <= 57) decline();
    if (colon - at <= 5 && isWordStart(first) && KEY_WORDS.has(text.slice(at, colon))) decline();
    // YAML limits an implicit key to 1,024 characters: the yaml package reports a longer one.
    if (colon - at > MAX_IMPLICIT_KEY) decline();
    return colon;
  }

  /**
   * The closing quote of the quoted scalar at `start`, on the current line: `''` is a quote within single
   * quotes; a double-quoted one with an escape, and one that goes on past the line, are fast-yaml's.
   */
  private quotedClose(start: number): number {
    const { text } = this;
    const quote = text.charCodeAt(start);
    let close = text.indexOf(quote === 39 ? "'" : '"', start + 1);
    if (quote === 39) while (close >= 0 && close < this.lineEnd && text.charCodeAt(close + 1) === 39) close = text.indexOf("'", close + 2);
    if (close < 0 || close >= this.lineEnd || (quote === 34 && this.hasBackslash(start + 1, close))) decline();
    return close;
  }

  /** Whether a backslash stands in [from, to): a loop, where indexOf would search on past `to`, to the end of the text. */
  private hasBackslash(from: number, to: number): boolean {
    for (let at = from; at < to; at += 1) if (this.text.charCodeAt(at) === 92 /* backslash */) return true;
    return false;
  }

  /** Whether the text between start and end is `word`, without a string cut for it. */
  private is(start: number, end: number, word: string): boolean {
    return end - start === word.length && this.text.startsWith(word, start);
  }

  /** What a key of a mapping read as `context` leads to. */
  private childOf(context: number, start: number, end: number): number {
    switch (context) {
      case ROOT:
        if (this.is(start, end, 'metadata')) return METADATA;
        if (this.is(start, end, 'spec')) return SPEC;
        if (this.is(start, end, 'kind') || this.is(start, end, 'apiVersion')) return FIELD;
        return OTHER;
      case METADATA:
        if (this.is(start, end, 'name') || this.is(start, end, 'namespace')) return FIELD;
        if (this.is(start, end, 'labels')) return LABELS;
        if (this.is(start, end, 'annotations')) return ANNOTATIONS;
        return OTHER;
      case LABELS:
        return this.is(start, end, this.slotLabel) ? FIELD : OTHER;
      case ANNOTATIONS:
        return this.is(start, end, IGNORE_ANNOTATION) ? FIELD : OTHER;
      case SPEC:
        if (this.is(start, end, 'dependsOn')) return DEPENDS_ON;
        if (this.is(start, end, 'chart')) return CHART;
        return OTHER;
      case CHART:
        return this.is(start, end, 'spec') ? CHART_SPEC : OTHER;
      case CHART_SPEC:
        return this.is(start, end, 'version') ? FIELD : OTHER;
      case DEPENDS_ON_ITEM:
        // readyExpr and keys Flux does not know are the tree path's (a CEL check, a warning).
        if (this.is(start, end, 'name') || this.is(start, end, 'namespace')) return FIELD;
        return decline();
      default:
        return OTHER;
    }
  }

  /** Keeps a FIELD's value where the rules look for it. */
  private keep(context: number, start: number, end: number, value: Scalar): void {
    const fields = this.fields;
    switch (context) {
      case ROOT:
        if (this.is(start, end, 'kind')) fields.kind = value;
        else fields.apiVersion = value;
        return;
      case METADATA:
        if (this.is(start, end, 'name')) fields.name = value;
        else fields.namespace = value;
        return;
      case LABELS:
        fields.label = value;
        return;
      case ANNOTATIONS:
        fields.ignore = value;
        return;
      case CHART_SPEC:
        fields.version = value;
        return;
      default: {
        const item = fields.items[fields.items.length - 1]!;
        if (this.is(start, end, 'name')) item.name = value;
        else item.namespace = value;
      }
    }
  }

  /** A mapping whose keys start at column `indent` (fast-yaml's DocumentParser.mapping). */
  private mapping(indent: number, context: number, depth: number): void {
    const { text } = this;
    if (depth >= this.keys.length) this.keys.push(new KeySet());
    const keys = this.keys[depth]!;
    keys.reset();
    while (this.at(indent)) {
      const keyStart = this.lineStart + indent;
      const colon = this.keyEnd(keyStart);
      if (colon < 0) break;
      // The key's text: within its quotes for a quoted key.
      const quoted = text.charCodeAt(keyStart) === 34 || text.charCodeAt(keyStart) === 39 ? 1 : 0;
      const start = keyStart + quoted;
      const end = colon - quoted;
      keys.add(text, start, end);
      const child = this.childOf(context, start, end);
      const line = this.lineNumber;
      let valueStart = colon + 1;
      while (text.charCodeAt(valueStart) === 32) valueStart += 1;
      if (child === DEPENDS_ON) this.fields.dependsOnKey = { line, column: indent + 1 };
      this.value(indent, child, depth, line, valueStart, context, start, end);
    }
    if (this.below(indent)) decline();
  }

  /**
   * The value of the key on the current line, from `valueStart`: inline, a block scalar, or the block below it.
   * A FIELD's value is kept for the key [keyStart, keyEnd) of a mapping read as `context`.
   */
  private value(indent: number, child: number, depth: number, line: number, valueStart: number, context: number, keyStart: number, keyEnd: number): void {
    const first = this.text.charCodeAt(valueStart);
    const column = valueStart - this.lineStart + 1;
    if (valueStart >= this.lineEnd || first === 35 /* # */) {
      // Nothing on the line: the block below, a compact sequence, or a null.
      this.advance();
      if (this.below(indent)) this.blockNode(child, depth + 1);
      else if (this.at(indent) && this.isSeqItem(this.lineStart + indent)) this.sequence(indent, child, depth + 1);
      else if (child === FIELD) this.keep(context, keyStart, keyEnd, { value: undefined, start: valueStart, end: valueStart, line, column });
      // A container that is null has none of its fields (the tree path's mapValue); a null dependsOn is no dependency.
      return;
    }
    const scalar = this.inlineScalar(child, line, valueStart, indent);
    if (child === FIELD) this.keep(context, keyStart, keyEnd, scalar!);
    else if (child !== OTHER) {
      // A container written inline: only a null reads as the tree path reads it (absent); anything else is its to judge.
      if (scalar === undefined || scalar.value !== undefined) decline();
    }
    if (this.below(indent)) decline(); // a scalar over several lines, or more of a flow: fast-yaml's
  }

  private blockNode(context: number, depth: number): void {
    const { indent } = this;
    if (indent > 64) decline();
    if (this.isSeqItem(this.lineStart + indent)) this.sequence(indent, context, depth);
    else if (this.keyEnd(this.lineStart + indent) >= 0) {
      if (context === DEPENDS_ON || context === FIELD) decline(); // not what the tree path reads there
      this.mapping(indent, context, depth);
    } else {
      // A flow collection on a line of its own below its key (`args:` then `[` ...), as prettier writes long ones.
      const first = this.text.charCodeAt(this.lineStart + indent);
      if (context !== OTHER || (first !== 91 /* [ */ && first !== 123 /* { */)) decline(); // an anchor line, a scalar over lines: fast-yaml's
      this.flowOverLines(this.lineStart + indent, indent);
    }
  }

  /**
   * A flow collection from `start` of the current line over as many lines below it as it takes, each indented
   * `minIndent` or more, or blank (fast-yaml's flowCollection), checked only; the scan goes on after the line it
   * closes on. A line break in it is a space; a comment in it, a scalar over a line break, a key apart from its
   * colon and a line indented less are fast-yaml's to decline.
   */
  private flowOverLines(start: number, minIndent: number): void {
    const { text } = this;
    const firstLineEnd = this.lineEnd;
    this.flowMinIndent = minIndent;
    this.lineEnd = text.length;
    let end: number;
    try {
      end = this.flowNode(start, 1);
    } finally {
      this.flowMinIndent = -1;
    }
    // The line it closes on, and how many lines down.
    let lineEnd = firstLineEnd;
    let lines = 0;
    while (lineEnd < end) {
      const next = text.indexOf('\n', lineEnd + 1);
      lineEnd = next < 0 ? text.length : next;
      lines += 1;
    }
    this.lineEnd = lineEnd;
    this.expectLineEnd(end);
    this.next = lineEnd + 1;
    this.nextNumber = this.lineNumber + lines + 1;
    this.advance();
  }

  /** The indentation of the next line with content (not blank, not only a comment), or -1 at the text's end. */
  private nextContentIndent(): number {
    const { text } = this;
    for (let start = this.next; start < text.length;) {
      let at = start;
      while (text.charCodeAt(at) === 32) at += 1;
      const char = text.charCodeAt(at);
      if (char !== 10 && char !== 35 /* # */ && at < text.length) return at - start;
      const end = text.indexOf('\n', at);
      if (end < 0) return -1;
      start = end + 1;
    }
    return -1;
  }

  private sequence(indent: number, context: number, depth: number): void {
    const { text } = this;
    // Only OTHER and dependsOn hold sequences the tree path reads as this scan does.
    if (context !== OTHER && context !== DEPENDS_ON) decline();
    const itemContext = context === DEPENDS_ON ? DEPENDS_ON_ITEM : OTHER;
    while (this.at(indent) && this.isSeqItem(this.lineStart + indent)) {
      let contentStart = this.lineStart + indent + 1;
      while (text.charCodeAt(contentStart) === 32) contentStart += 1;
      const first = text.charCodeAt(contentStart);
      if (contentStart >= this.lineEnd || first === 35 /* # */) {
        // An empty item: the tree path reports one in dependsOn.
        if (itemContext !== OTHER) decline();
        this.advance();
        if (this.below(indent)) this.blockNode(OTHER, depth);
      } else if (this.keyEnd(contentStart) >= 0 || this.isSeqItem(contentStart)) {
        // `- key: value` or `- - x`: a node at the column after the dash.
        if (itemContext === DEPENDS_ON_ITEM) {
          if (!(this.keyEnd(contentStart) >= 0)) decline();
          this.fields.items.push({ line: this.lineNumber, column: contentStart - this.lineStart + 1 });
        }
        this.indent = contentStart - this.lineStart;
        this.blockNode(itemContext, depth);
      } else {
        if (itemContext !== OTHER) decline(); // a scalar item in dependsOn: the tree path reports it
        this.inlineScalar(OTHER, this.lineNumber, contentStart, indent);
        if (this.below(indent)) decline();
      }
    }
    if (this.below(indent)) decline();
  }

  /**
   * A scalar from `start` of the current line to its end (plain, or quoted without escapes), a block scalar
   * (only where nothing is kept), or an empty flow, in a collection at `parentIndent`; the line is then
   * passed. Returns the scalar read.
   */
  private inlineScalar(context: number, line: number, start: number, parentIndent: number): Scalar | undefined {
    const { text } = this;
    const first = text.charCodeAt(start);
    const column = start - this.lineStart + 1;
    if (first === 124 /* | */ || first === 62 /* > */) {
      if (context !== OTHER) decline();
      this.blockScalar(start, parentIndent);
      return undefined;
    }
    if (first === 91 /* [ */ || first === 123 /* { */) {
      // A flow, checked only: nothing the rules read is written as a flow here. Over the lines below where the
      // next line with content is indented past the parent (fast-yaml's lineValue), else on this line.
      if (context !== OTHER) decline();
      if (this.nextContentIndent() > parentIndent) {
        this.flowOverLines(start, parentIndent + 1);
        return undefined;
      }
      this.expectLineEnd(this.flowNode(start, 1));
      this.advance();
      return undefined;
    }
    let value: Scalar['value'] = IN_PLACE;
    let valueStart = start;
    let valueEnd: number;
    if (first === 39 /* ' */ || first === 34 /* " */) {
      const close = this.quotedClose(start);
      this.expectLineEnd(close + 1);
      valueStart = start + 1;
      valueEnd = close;
      // `''` is one quote: the value is not the text as written.
      if (first === 39 && context !== OTHER) {
        const written = text.slice(valueStart, valueEnd);
        if (written.includes("''")) value = written.replaceAll("''", "'");
      }
    } else {
      valueEnd = this.plainEnd(start);
      if (context !== OTHER && RESOLVED_FIRST.includes(text[start]!)) {
        const source = text.slice(start, valueEnd);
        const resolved = resolvePlainScalar(source);
        // As scalarString: numbers and booleans as written; a null is no value.
        value = resolved === null ? undefined : typeof resolved === 'string' ? resolved : source;
      }
    }
    this.advance();
    return { value, start: valueStart, end: valueEnd, line, column };
  }

  /**
   * The end of a plain scalar in block context that starts at `start` (its trailing spaces left out), checking
   * what fast-yaml's plainScalarText and expectLineEnd check: the first character, no `: ` within, nothing
   * after it but a comment.
   */
  private plainEnd(start: number): number {
    const { text } = this;
    const first = text[start]!;
    if (PLAIN_FIRST_FORBIDDEN.has(first)) {
      // `-x`, `-1`: a dash followed by a character other than a space starts a plain scalar.
      const next = text.charCodeAt(start + 1);
      if (first !== '-' || start + 1 >= this.lineEnd || next === 32) decline();
    }
    let end = this.lineEnd;
    if (this.loops) {
      for (let at = start; at < this.lineEnd; at += 1) {
        const char = text.charCodeAt(at);
        if (char === 58 /* : */ && (at + 1 === this.lineEnd || text.charCodeAt(at + 1) === 32)) decline(); // a mapping, or an error
        if (char === 35 /* # */ && text.charCodeAt(at - 1) === 32) {
          end = at;
          break;
        }
      }
    } else {
      PLAIN_STOP.lastIndex = start;
      if (PLAIN_STOP.test(text)) {
        if (text.charCodeAt(PLAIN_STOP.lastIndex - 1) === 58 /* : */) decline(); // a mapping, or an error
        end = PLAIN_STOP.lastIndex - 1; // the comment's `#`
      }
    }
    // Only the space ends a plain scalar here: a no-break space or another Unicode space before the end
    // (which String#trimEnd would drop) is fast-yaml's to decline.
    return this.withoutTrailingSpaces(start, end);
  }

  /**
   * The end of the flow node at `start` on the current line (fast-yaml's flowNode, checking only; `depth`
   * counts the collections it sits in, itself included when it is one). Aliases, keys that are not plain
   * text, and a flow that goes on past its line are fast-yaml's.
   */
  private flowNode(start: number, depth: number): number {
    const { text } = this;
    const char = text.charCodeAt(start);
    if (char === 91 /* [ */ || char === 123 /* { */) {
      if (depth > 64) decline();
      const close = char === 91 ? 93 /* ] */ : 125; /* } */
      const keys = char === 123 ? new KeySet() : undefined;
      let at = this.flowSpaces(start + 1);
      for (;;) {
        if (text.charCodeAt(at) === close) return at + 1;
        let valueStart = at;
        if (char === 123) {
          const keyEnd = this.flowPlainEnd(at);
          if (text.charCodeAt(keyEnd) !== 58 /* : */ || text.charCodeAt(keyEnd + 1) !== 32) decline();
          const first = text.charCodeAt(at);
          // A letter or `_` first, and no null or boolean word: the key is its text (see keyEnd).
          if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) decline();
          if (keyEnd - at <= 5 && isWordStart(first) && KEY_WORDS.has(text.slice(at, keyEnd))) decline();
          keys!.add(text, at, keyEnd);
          valueStart = this.flowSpaces(keyEnd + 1);
        }
        const end = this.flowNode(valueStart, depth + 1);
        // Past a comma (a doubled one declines), or at the close.
        at = this.flowSpaces(end);
        if (text.charCodeAt(at) === 44 /* , */) {
          at = this.flowSpaces(at + 1);
          if (text.charCodeAt(at) === 44) decline();
        } else if (text.charCodeAt(at) !== close) decline();
      }
    }
    // A double-quoted item may hold escapes here (checked as fast-yaml reads them; nothing of it is kept).
    if (char === 34 /* " */) {
      const close = checkedDoubleQuoteClose(text, start);
      if (close < 0 || close >= this.lineEnd) decline();
      // Over a line break a quoted scalar folds: fast-yaml's (only a flow over lines reads past its first line).
      if (this.flowMinIndent >= 0) this.onOneLine(start, close);
      return close + 1;
    }
    if (char === 39 /* ' */) {
      const close = this.quotedClose(start);
      if (this.flowMinIndent >= 0) this.onOneLine(start, close);
      return close + 1;
    }
    return this.flowPlainEnd(start);
  }

  /** Declines where a line break stands between `start` and `end`. */
  private onOneLine(start: number, end: number): void {
    const lineEnd = this.text.indexOf('\n', start);
    if (lineEnd >= 0 && lineEnd < end) decline();
  }

  /**
   * Past the spaces from `from`; in a flow over lines (flowMinIndent), past line breaks too, up to a line with
   * content indented less than it must be (the flow's lines end there: the `\n` before it is returned).
   */
  private flowSpaces(from: number): number {
    const { text } = this;
    let at = from;
    for (;;) {
      let char = text.charCodeAt(at);
      while (char === 32) char = text.charCodeAt(at += 1);
      if (char !== 10 || this.flowMinIndent < 0) return at;
      let lineAt = at + 1;
      while (text.charCodeAt(lineAt) === 32) lineAt += 1;
      const first = text.charCodeAt(lineAt);
      if (first !== 10 && lineAt < text.length && lineAt - (at + 1) < this.flowMinIndent) return at;
      at = lineAt;
    }
  }

  /**
   * The end of a plain scalar in a flow, its trailing spaces left out (fast-yaml's plainScalarText with
   * inFlow): it ends before `,[]{}`, a `:` followed by a space, one of those or the line's end, and ` #`.
   */
  private flowPlainEnd(start: number): number {
    const { text } = this;
    const first = text[start];
    if (start >= this.lineEnd) decline();
    if (PLAIN_FIRST_FORBIDDEN.has(first!)) {
      const next = text[start + 1];
      if (first !== '-' || start + 1 >= this.lineEnd || next === ' ' || next === '\n' || ',[]{}'.includes(next!)) decline();
    }
    let end = this.lineEnd;
    // (A line break ends it too: in a flow over lines, where lineEnd is the text's end.)
    for (let at = start; at < this.lineEnd; at += 1) {
      const char = text.charCodeAt(at);
      if (char === 44 || char === 91 || char === 93 || char === 123 || char === 125 || char === 10) {
        end = at;
        break;
      }
      if (char === 58 /* : */) {
        const next = text.charCodeAt(at + 1);
        if (at + 1 === this.lineEnd || next === 32 || next === 10 || next === 44 || next === 91 || next === 93 || next === 123 || next === 125) {
          end = at;
          break;
        }
      }
      // A comment ends the line inside the flow: what follows is no `,` or close, and the caller declines.
      if (char === 35 /* # */ && text.charCodeAt(at - 1) === 32) {
        end = at;
        break;
      }
    }
    return this.withoutTrailingSpaces(start, end);
  }

  /** `end` moved back past spaces; a scalar empty then, or ending in another Unicode space, declines (as String#trimEnd and the checks after it). */
  private withoutTrailingSpaces(start: number, end: number): number {
    const { text } = this;
    let at = end;
    while (at > start && text.charCodeAt(at - 1) === 32) at -= 1;
    if (at === start) decline();
    const last = text.charCodeAt(at - 1);
    if ((last < 33 || last === 0xa0 || last >= 0x1680) && /\s/.test(text[at - 1]!)) decline();
    return at;
  }

  /** Spaces and a comment, or spaces alone, to the end of the line. */
  private expectLineEnd(from: number): void {
    LINE_END.lastIndex = from;
    if (!LINE_END.test(this.text) || LINE_END.lastIndex !== this.lineEnd) decline();
  }

  /**
   * A literal or folded block scalar whose header is at `start` (fast-yaml's blockScalar, checking only):
   * `|`, `|-`, `>` and `>-`, with the same declines. The lines it takes are passed, and the next content line read.
   */
  private blockScalar(start: number, parentIndent: number): void {
    const { text } = this;
    const folded = text.charCodeAt(start) === 62;
    const strip = text.charCodeAt(start + 1) === 45;
    this.expectLineEnd(start + (strip ? 2 : 1));
    // Raw lines from the one after the header, each as [start, end).
    let at = this.lineEnd + 1;
    let number = this.lineNumber + 1;
    const lineEndOf = (from: number) => {
      const end = text.indexOf('\n', from);
      return end < 0 ? text.length : end;
    };
    const blankLength = (from: number, end: number) => {
      for (let index = from; index < end; index += 1) if (text.charCodeAt(index) !== 32) return -1;
      return end - from;
    };
    let leadingBlanks = 0;
    const blankLengths: number[] = [];
    while (at < text.length) {
      const end = lineEndOf(at);
      const blank = blankLength(at, end);
      if (blank < 0) break;
      blankLengths.push(blank);
      leadingBlanks += 1;
      at = end + 1;
      number += 1;
    }
    if (at >= text.length) decline(); // empty content
    let indent = 0;
    while (text.charCodeAt(at + indent) === 32) indent += 1;
    if (indent <= parentIndent) decline();
    if (folded && leadingBlanks > 0) decline();
    for (const length of blankLengths) if (length > indent) decline();
    // Past the content: text lines indented `indent` or more, and blank lines no longer than `indent`.
    let afterText = at;
    let afterTextNumber = number;
    while (at < text.length) {
      const end = lineEndOf(at);
      const blank = blankLength(at, end);
      if (blank >= 0) {
        if (blank > indent) decline();
      } else {
        let spaces = 0;
        while (spaces < indent && text.charCodeAt(at + spaces) === 32) spaces += 1;
        if (spaces < indent) break;
        if (folded && text.charCodeAt(at + indent) === 32) decline();
        afterText = end + 1;
        afterTextNumber = number + 1;
      }
      at = end + 1;
      number += 1;
    }
    this.next = afterText;
    this.nextNumber = afterTextNumber;
    this.advance();
  }

}

/**
 * A slot file's records, read by the scan, or undefined where the tree path
 * must read it (see the top of this file): the same `objects` and
 * HelmReleases, with the same locations, that `helmReleasesInFile` builds.
 */
export function scanSlotFile(path: string, text: string, options: KitFileOptions, loops = optimizerIsOn()): ScannedSlotFile | undefined {
  // Tabs and carriage returns: fast-yaml's (it declines a tab; it reads a CRLF file). U+2028 and U+2029 are
  // line breaks to JavaScript's `$` (the scan's regular expressions, multiline) and not to YAML: a line the
  // scan would end there goes on for YAML (a `---\u2028` is no marker).
  if (text.includes('\t') || text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) return undefined;
  let documents: DocumentFields[];
  try {
    documents = new SlotScanner(text, options.slotLabel, loops).documents();
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
  // Only comments, or nothing: the tree path's input/empty.
  if (documents.length === 0) return undefined;
  const objects: KubeObject[] = [];
  const helmReleases: HelmRelease[] = [];
  for (const fields of documents) {
    if (!addRecords(path, text, fields, options, objects, helmReleases)) return undefined;
  }
  return { objects, helmReleases };
}

/** One document's records, as readHelmRelease builds them; false where it would report something. */
function addRecords(path: string, text: string, fields: DocumentFields, options: KitFileOptions, objects: KubeObject[], helmReleases: HelmRelease[]): boolean {
  const at = (scalar: { line: number; column: number }): Location => ({ file: path, line: scalar.line, column: scalar.column });
  const kept = (scalar: Scalar | undefined): string | undefined =>
    scalar === undefined ? undefined : scalar.value === IN_PLACE ? keptSlice(text, scalar.start, scalar.end) : keptText(scalar.value);
  const kind = kept(fields.kind);
  const apiVersion = kept(fields.apiVersion);
  // A List's items are objects of their own: expandLists reads them.
  if (kind?.endsWith('List')) return false;
  if (kind !== undefined) {
    const location = { file: path, line: fields.line, column: 1 };
    const kindLocation = at(fields.kind!);
    // One literal per shape, as readHelmRelease writes them (see there).
    objects.push(apiVersion !== undefined
      ? { kind, file: path, location, kindLocation, apiVersion, apiVersionLocation: at(fields.apiVersion!) }
      : { kind, file: path, location, kindLocation });
  }
  if (!classifyHelmReleaseApi(apiVersion, kind).isHelmRelease) return true;
  const name = kept(fields.name);
  if (!name) return false; // no metadata.name: reported
  const namespace = options.namespaceOverride ?? kept(fields.namespace);
  const dependsOn: DependsOnRef[] = [];
  for (const item of fields.items) {
    // An item without a name is reported, or (`name:` alone) dropped: the tree path says which.
    const itemName = kept(item.name);
    if (itemName === undefined) return false;
    const itemNamespace = kept(item.namespace);
    dependsOn.push({
      name: itemName,
      location: at(item),
      nameLocation: at(item.name!),
      ...(itemNamespace ? { namespace: itemNamespace } : {}),
    });
  }
  const location = at(fields.name!);
  const label = kept(fields.label);
  const chartVersion = kept(fields.version);
  helmReleases.push({
    name,
    file: path,
    location,
    dependsOnLocation: fields.dependsOnKey ? at(fields.dependsOnKey) : location,
    dependsOn,
    ...(apiVersion ? { apiVersion } : {}),
    ...(namespace ? { namespace } : {}),
    ...(label !== undefined ? { slotLabel: { value: label, location: at(fields.label!) } } : {}),
    ...(chartVersion ? { chartVersion: { value: chartVersion, location: at(fields.version!) } } : {}),
    ...(fields.ignore ? { ignoreAnnotation: { value: kept(fields.ignore) ?? '', location: at(fields.ignore) } } : {}),
  });
  return true;
}
