// AssemblyScript, compiled to WebAssembly by `npm run build` (src/bundle/build-wasm.cjs), not by tsc.
//
// The express path's slot-file reader (issue 18), for the files that are most
// of a kit: what readSlotObjects (../kit-reader.ts) reads with readBlockYaml
// (../block-yaml.ts), read from the file's UTF-8 bytes in WebAssembly. V8 runs
// the JavaScript reader as baseline code in a short run, where each line cost
// about 5,000 instructions in property loads, calls and the regular
// expression's match array; here a line costs a few hundred.
//
// It takes a subset of what the JavaScript reader takes and reads it alike: a
// file it cannot take (result -1) is decoded and read by the JavaScript reader,
// so that what the express path accepts is unchanged. Each rule below is the
// JavaScript reader's (its LINE expression, its loop, checkFlow, the slot
// visitor), or stricter where that is simpler (marked "stricter"). It returns
// where the fields the visitor reads are written, as offsets in the file's
// decoded text (UTF-16, as JavaScript indexes it), each settled as a string or
// left to the caller's text() (field()).
// test/express-wasm-reader.test.ts holds it to the JavaScript reader.

// Bounds, as block-yaml.ts's.
const MAX_BLOCK_DEPTH: i32 = 64;
const MAX_KEYS_PER_MAPPING: i32 = 256;
const MAX_FLOW_TOKENS: i32 = 4096;
const MAX_FLOW_DEPTH: i32 = 32;
// The largest file the caller reads: MAX_YAML_FILE_BYTES (8 MiB) and a byte, which tells it the file is larger.
const INPUT_BYTES: i32 = 8 * 1024 * 1024 + 1;
// Output: per object OBJECT_INTS (16) numbers and DEPENDENCY_INTS (6) per dependency: 16,384 objects, or some 43,000
// dependencies; a file that needs more is the JavaScript reader's.
const OUTPUT_INTS: i32 = 262144;
const CONFIG_BYTES: i32 = 4096;
// Open collections: four numbers each.
const STACK_INTS: i32 = (MAX_BLOCK_DEPTH + 2) * 4;
// Keys of the open mappings (start and end each): at most MAX_KEYS_PER_MAPPING in each of MAX_BLOCK_DEPTH.
const KEY_INTS: i32 = MAX_KEYS_PER_MAPPING * MAX_BLOCK_DEPTH * 2 + 2;
// Flow tokens (start and end each), then the open flow mappings' keys.
const FLOW_INTS: i32 = (MAX_FLOW_TOKENS + 1) * 3;

// Roles, as kit-reader.ts's.
const ROOT: i32 = 1;
const METADATA: i32 = 2;
const LABELS: i32 = 3;
const ANNOTATIONS: i32 = 4;
const SPEC: i32 = 5;
const DEPENDS_ON: i32 = 6;
const DEPENDENCY: i32 = 7;

// Where each region starts (set by setup, above whatever AssemblyScript placed in memory).
let config: usize = 0;
let output: usize = 0;
let stack: usize = 0;
let keyRanges: usize = 0;
let flowTokens: usize = 0;
let flowKeys: usize = 0;
let input: usize = 0;
let labelLength: i32 = 0;
let ignoreLength: i32 = 0;

/** Grows memory for the regions; returns 0, or -1 where it cannot. */
export function setup(): i32 {
  const bytes = CONFIG_BYTES + (OUTPUT_INTS + STACK_INTS + KEY_INTS + FLOW_INTS) * 4 + INPUT_BYTES;
  const pages = (bytes + 0xffff) >> 16;
  const before = memory.grow(pages);
  if (before < 0) return -1;
  config = <usize>before << 16;
  output = config + CONFIG_BYTES;
  stack = output + OUTPUT_INTS * 4;
  keyRanges = stack + STACK_INTS * 4;
  flowTokens = keyRanges + KEY_INTS * 4;
  flowKeys = flowTokens + (MAX_FLOW_TOKENS + 1) * 8;
  input = flowTokens + FLOW_INTS * 4;
  return 0;
}

export function configPointer(): usize { return config; }
export function outputPointer(): usize { return output; }
export function inputPointer(): usize { return input; }
export function inputCapacity(): i32 { return INPUT_BYTES; }

/** The slot label's key and the ignore annotation's, written at configPointer() one after the other. */
export function configure(label: i32, ignore: i32): void {
  labelLength = label;
  ignoreLength = ignore;
}

// Thrown as a result: any rule not met ends the read with -1.
let declined = false;

@inline function at(position: usize): i32 { return <i32>load<u8>(position); }

// ---- the file's characters (block-yaml.ts's UNREAD_CHARACTER) ----

// Whether the file is ASCII alone: its byte offsets are then its characters' (utf16Offset).
let asciiOnly = false;

/**
 * Whether every character is one the reader follows: no control character (tab and carriage return among them) but
 * the line break, valid UTF-8 (bytes that are none decode to U+FFFD, which the JavaScript reader declines), no
 * byte-order mark, no U+FFFD, U+2028 or U+2029, and (stricter) no C1 control, where the JavaScript reader refuses
 * only U+0085.
 */
function charactersRead(from: usize, end: usize): bool {
  let position = from;
  while (position < end) {
    const byte = at(position);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != 0x0a) || byte == 0x7f) return false;
      position += 1;
      continue;
    }
    asciiOnly = false;
    if (byte < 0xc2 || byte > 0xf4) return false;
    if (byte < 0xe0) {
      if (position + 1 >= end) return false;
      const second = at(position + 1);
      // C1 controls: U+0080 to U+009F.
      if (byte == 0xc2 && second < 0xa0) return false;
      if ((second & 0xc0) != 0x80) return false;
      position += 2;
      continue;
    }
    if (byte < 0xf0) {
      if (position + 2 >= end) return false;
      const second = at(position + 1);
      const third = at(position + 2);
      if ((second & 0xc0) != 0x80 || (third & 0xc0) != 0x80) return false;
      // Overlong, and the surrogates.
      if (byte == 0xe0 && second < 0xa0) return false;
      if (byte == 0xed && second >= 0xa0) return false;
      // U+2028, U+2029.
      if (byte == 0xe2 && second == 0x80 && (third == 0xa8 || third == 0xa9)) return false;
      // U+FEFF, U+FFFD.
      if (byte == 0xef && second == 0xbb && third == 0xbf) return false;
      if (byte == 0xef && second == 0xbf && third == 0xbd) return false;
      position += 3;
      continue;
    }
    if (position + 3 >= end) return false;
    const second = at(position + 1);
    if ((second & 0xc0) != 0x80 || (at(position + 2) & 0xc0) != 0x80 || (at(position + 3) & 0xc0) != 0x80) return false;
    if (byte == 0xf0 && second < 0x90) return false;
    if (byte == 0xf4 && second >= 0x90) return false;
    position += 4;
  }
  return true;
}

// ---- one line's parts (block-yaml.ts's LINE) ----

// What lineParts found, for the loop: the dash's end (-1: none), the key's content (quotes off) and the value.
let dashEnd: i32 = -1;
let keyStart: i32 = -1;
let keyEnd: i32 = -1;
let valueStart: i32 = -1;
let valueEnd: i32 = -1;

@inline function isKeyStart(byte: i32): bool {
  return (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95;
}

@inline function isKeyCharacter(byte: i32): bool {
  return isKeyStart(byte) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 47 || byte == 45;
}

/** Whether the bytes from..end spell `lower` in one of YAML's three spellings: null, Null, NULL. */
function isWord(from: usize, end: usize, lower: string): bool {
  const length = lower.length;
  if (<i32>(end - from) != length) return false;
  let asLower = true;
  let asCapital = true;
  let asUpper = true;
  for (let index = 0; index < length; index += 1) {
    const byte = at(from + index);
    const low = <i32>lower.charCodeAt(index);
    if (byte != low) asLower = false;
    if (byte != low - 32) asUpper = false;
    if (byte != (index == 0 ? low - 32 : low)) asCapital = false;
  }
  return asLower || asCapital || asUpper;
}

/** A plain key YAML reads as no string (KEY's lookahead): null, true and false in their three spellings. */
function isReservedKey(from: usize, end: usize): bool {
  return isWord(from, end, 'null') || isWord(from, end, 'true') || isWord(from, end, 'false');
}

/**
 * Where a key (block-yaml.ts's KEY and `:(?= |$)`) written at `from` ends, past its colon; -1 where none is (the
 * line may still be a value). Sets keyStart and keyEnd to its text. Declines a reserved word as a key, and a key
 * longer than KEY allows, which the JavaScript reader declines too (KEY fails, and the line is no value either);
 * stricter only in counting a quoted key's length in bytes, where KEY counts UTF-16 units.
 */
function keyAt(from: usize, lineEnd: usize): i32 {
  const first = at(from);
  let end: usize = from;
  let contentStart: usize = from;
  let contentEnd: usize = from;
  if (isKeyStart(first)) {
    end = from + 1;
    while (end < lineEnd && isKeyCharacter(at(end))) end += 1;
    contentEnd = end;
    if (end >= lineEnd || at(end) != 58 /* : */) return -1;
    if (end + 1 < lineEnd && at(end + 1) != 32) return -1;
    if (end - from > 1024 || isReservedKey(from, end)) declined = true;
  } else if (first == 34 /* " */ || first == 39 /* ' */) {
    end = from + 1;
    while (end < lineEnd && at(end) != first) {
      if (first == 34 && at(end) == 92 /* \ */) return -1;
      end += 1;
    }
    if (end >= lineEnd) return -1;
    contentStart = from + 1;
    contentEnd = end;
    end += 1;
    if (end >= lineEnd || at(end) != 58) return -1;
    if (end + 1 < lineEnd && at(end + 1) != 32) return -1;
    if (contentEnd - contentStart > 1022) declined = true;
  } else {
    return -1;
  }
  keyStart = <i32>contentStart;
  keyEnd = <i32>contentEnd;
  return <i32>(end + 1);
}

/** Whether the rest of a line from `from` is spaces, or spaces and then a comment after at least one: `(?: +#.*| *)$`. */
function restIsBlank(from: usize, lineEnd: usize): bool {
  let position = from;
  while (position < lineEnd && at(position) == 32) position += 1;
  if (position == lineEnd) return true;
  return at(position) == 35 /* # */ && position > from;
}

/**
 * Reads a value written at `from` (the first character after the spaces): a plain scalar, a quoted one, a block
 * scalar's header or a flow collection on one line, then the line's rest (blank or a comment). Sets valueStart and
 * valueEnd; declines anything else.
 */
function valueAt(from: usize, lineEnd: usize): void {
  const first = at(from);
  let end: usize = from + 1;
  if (first == 34 /* " */ || first == 39 /* ' */) {
    while (end < lineEnd && at(end) != first) {
      if (first == 34 && at(end) == 92 /* \ */) { declined = true; return; }
      end += 1;
    }
    if (end >= lineEnd) { declined = true; return; }
    end += 1;
  } else if (first == 124 /* | */ || first == 62 /* > */) {
    if (end < lineEnd && (at(end) == 45 || at(end) == 43)) end += 1;
  } else if (first == 91 /* [ */ || first == 123 /* { */) {
    // FLOW: to the last closing bracket before a `#` or the line's end.
    let hash = from;
    while (hash < lineEnd && at(hash) != 35) hash += 1;
    let close = hash;
    while (close > from && at(close - 1) != 93 && at(close - 1) != 125) close -= 1;
    if (close <= from + 1) { declined = true; return; }
    end = close;
  } else {
    // PLAIN's first character: none of the indicators, or `?`, `:` or `-` before a non-space (stricter: an ASCII
    // one); (stricter) no character past ASCII first, where the JavaScript reader takes any but its spaces.
    if (first >= 0x80 || first == 32) { declined = true; return; }
    if (first == 63 /* ? */ || first == 58 /* : */ || first == 45 /* - */) {
      if (end >= lineEnd) { declined = true; return; }
      const next = at(end);
      if (next == 32 || next >= 0x80) { declined = true; return; }
    } else if (first == 91 || first == 93 || first == 123 || first == 125 || first == 35 || first == 38 || first == 42 || first == 33 || first == 37 || first == 64 || first == 96 || first == 44) {
      declined = true;
      return;
    }
    // The rest: any character but a space or a colon; a colon before a non-space (stricter: an ASCII one); spaces
    // before a character that is no space and no `#` (spaces before a `#` or the end are the line's rest).
    while (end < lineEnd) {
      const byte = at(end);
      if (byte == 32) {
        let next = end + 1;
        while (next < lineEnd && at(next) == 32) next += 1;
        if (next == lineEnd || at(next) == 35) break;
        end = next;
      } else if (byte == 58) {
        if (end + 1 >= lineEnd) break;
        const next = at(end + 1);
        if (next == 32) break;
        if (next >= 0x80) { declined = true; return; }
        end += 1;
      } else {
        end += 1;
      }
    }
  }
  if (!restIsBlank(end, lineEnd)) { declined = true; return; }
  valueStart = <i32>from;
  valueEnd = <i32>end;
}

/**
 * Splits a line that is no comment, no blank and not inside a block scalar: one `- ` at most, then `key:` and a
 * value, or a value alone. Sets dashEnd, keyStart/keyEnd (-1: none) and valueStart/valueEnd (-1: none).
 */
function lineParts(from: usize, lineEnd: usize): void {
  dashEnd = -1;
  keyStart = keyEnd = -1;
  valueStart = valueEnd = -1;
  let position = from;
  if (at(position) == 45 /* - */ && position + 1 < lineEnd && at(position + 1) == 32) {
    position += 1;
    while (position < lineEnd && at(position) == 32) position += 1;
    dashEnd = <i32>position;
    // `- ` with nothing, or a comment, after it: the JavaScript reader declines both.
    if (position == lineEnd || at(position) == 35) { declined = true; return; }
  }
  const afterKey = keyAt(position, lineEnd);
  if (declined) return;
  if (afterKey >= 0) {
    position = <usize>afterKey;
    while (position < lineEnd && at(position) == 32) position += 1;
    // Nothing, or a comment after a space, follows the colon: no value.
    if (position == lineEnd) return;
    if (at(position) == 35) {
      if (position == <usize>afterKey) declined = true;
      return;
    }
  }
  valueAt(position, lineEnd);
}

// ---- flows (block-yaml.ts's FLOW_TOKEN and checkFlow) ----

let tokenCount: i32 = 0;
let tokenAt: i32 = 0;
// The keys of the flow mappings open now, as token numbers.
let flowKeyCount: i32 = 0;

@inline function isFlowCharacter(byte: i32): bool {
  return (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || byte == 46 || byte == 47 || byte == 43;
}

/** Tokenises a flow value into flowTokens (start and end of each; `: ` as its colon alone). */
function tokeniseFlow(from: usize, end: usize): void {
  tokenCount = 0;
  let position = from;
  while (true) {
    while (position < end && at(position) == 32) position += 1;
    if (position >= end) return;
    const byte = at(position);
    let tokenEnd = position + 1;
    if (byte == 91 || byte == 93 || byte == 123 || byte == 125 || byte == 44) {
      // An indicator.
    } else if (byte == 58 /* : */) {
      if (tokenEnd >= end || at(tokenEnd) != 32) { declined = true; return; }
    } else if (byte == 34 || byte == 39) {
      while (tokenEnd < end && at(tokenEnd) != byte) {
        if (byte == 34 && at(tokenEnd) == 92) { declined = true; return; }
        tokenEnd += 1;
      }
      if (tokenEnd >= end) { declined = true; return; }
      tokenEnd += 1;
    } else if (isFlowCharacter(byte) || (byte == 45 && tokenEnd < end && isFlowCharacter(at(tokenEnd)))) {
      while (tokenEnd < end && (isFlowCharacter(at(tokenEnd)) || at(tokenEnd) == 45)) tokenEnd += 1;
    } else {
      declined = true;
      return;
    }
    if (tokenCount >= MAX_FLOW_TOKENS) { declined = true; return; }
    store<i32>(flowTokens + (<usize>tokenCount << 3), <i32>position);
    store<i32>(flowTokens + (<usize>tokenCount << 3) + 4, <i32>tokenEnd);
    tokenCount += 1;
    position = tokenEnd;
  }
}

@inline function tokenStart(index: i32): usize { return <usize>load<i32>(flowTokens + (<usize>index << 3)); }
@inline function tokenEndOf(index: i32): usize { return <usize>load<i32>(flowTokens + (<usize>index << 3) + 4); }

/** The first byte of token `index`, or -1 past the last. */
function tokenByte(index: i32): i32 {
  return index < tokenCount ? at(tokenStart(index)) : -1;
}

@inline function isIndicatorToken(index: i32): bool {
  const byte = tokenByte(index);
  return byte == 91 || byte == 93 || byte == 123 || byte == 125 || byte == 44 || byte == 58;
}

/** Whether tokens a and b have the same text, quotes off. */
function sameKeyText(a: i32, b: i32): bool {
  let aStart = tokenStart(a);
  let aEnd = tokenEndOf(a);
  let bStart = tokenStart(b);
  let bEnd = tokenEndOf(b);
  if (at(aStart) == 34 || at(aStart) == 39) { aStart += 1; aEnd -= 1; }
  if (at(bStart) == 34 || at(bStart) == 39) { bStart += 1; bEnd -= 1; }
  return sameBytes(aStart, aEnd, bStart, bEnd);
}

/**
 * A flow mapping's key, which YAML must read as a string: quoted, or (stricter) a plain token that KEY would take
 * (a letter or `_` first, no null or boolean word). A number or another token is the JavaScript reader's.
 */
function flowKeyReadAsString(index: i32): bool {
  if (index >= tokenCount || isIndicatorToken(index)) return false;
  const first = tokenByte(index);
  if (first == 34 || first == 39) return true;
  return isKeyStart(first) && !isReservedKey(tokenStart(index), tokenEndOf(index));
}

/** checkFlow's node: a list, a mapping of string keys (none twice) or a scalar. */
function flowNode(depth: i32): void {
  if (depth > MAX_FLOW_DEPTH || tokenAt >= tokenCount) { declined = true; return; }
  const byte = tokenByte(tokenAt);
  tokenAt += 1;
  if (byte == 91) {
    while (!declined && tokenByte(tokenAt) != 93) {
      flowNode(depth + 1);
      if (declined) return;
      if (tokenByte(tokenAt) == 44) tokenAt += 1;
      else if (tokenByte(tokenAt) != 93) { declined = true; return; }
    }
    tokenAt += 1;
  } else if (byte == 123) {
    // This mapping's keys (token numbers) go on flowKeys from here, and leave with it.
    const keysFrom = flowKeyCount;
    while (!declined && tokenByte(tokenAt) != 125) {
      const key = tokenAt;
      if (!flowKeyReadAsString(key)) { declined = true; return; }
      for (let index = keysFrom; index < flowKeyCount; index += 1) {
        if (sameKeyText(load<i32>(flowKeys + (<usize>index << 2)), key)) { declined = true; return; }
      }
      store<i32>(flowKeys + (<usize>flowKeyCount << 2), key);
      flowKeyCount += 1;
      tokenAt += 1;
      if (tokenByte(tokenAt) != 58) { declined = true; return; }
      tokenAt += 1;
      flowNode(depth + 1);
      if (declined) return;
      if (tokenByte(tokenAt) == 44) tokenAt += 1;
      else if (tokenByte(tokenAt) != 125) { declined = true; return; }
    }
    flowKeyCount = keysFrom;
    tokenAt += 1;
  } else if (byte == 93 || byte == 125 || byte == 44 || byte == 58) {
    declined = true;
  }
}

function checkFlow(from: usize, end: usize): void {
  tokeniseFlow(from, end);
  if (declined) return;
  tokenAt = 0;
  flowKeyCount = 0;
  flowNode(0);
  if (!declined && tokenAt != tokenCount) declined = true;
}

/** An empty flow collection: its two brackets alone (the value was checked). */
function isEmptyFlow(from: usize, end: usize): bool {
  let position = from + 1;
  while (position < end - 1 && at(position) == 32) position += 1;
  return position == end - 1;
}

// ---- the slot file's visitor (kit-reader.ts's readSlotObjects) ----

// The output: per object, at its start, apiVersion, kind, name, namespace and the slot label, each as three numbers
// (below), then the count of dependencies; then per dependency its name and namespace, three numbers each. A field's
// three numbers: where its text starts and ends in the file's decoded text (-1 where it is not written), and 1 where that text is the
// string text() reads (a quoted scalar's content; a plain scalar that no number, null or boolean can be), 0 where
// the caller must read the written value with text().
const FIELD_API_VERSION: i32 = 0;
const FIELD_KIND: i32 = 3;
const FIELD_NAME: i32 = 6;
const FIELD_NAMESPACE: i32 = 9;
const FIELD_LABEL: i32 = 12;
const FIELD_DEPENDENCIES: i32 = 15;
const OBJECT_INTS: i32 = 16;
const DEPENDENCY_INTS: i32 = 6;

let outputLength: i32 = 0;
let objectStart: i32 = 0;
let objects: i32 = 0;
// The dependency the last `- ` of dependsOn opened (its first number in the output).
let dependencyStart: i32 = 0;

@inline function outputSet(index: i32, value: i32): void { store<i32>(output + (<usize>index << 2), value); }
@inline function outputGet(index: i32): i32 { return load<i32>(output + (<usize>index << 2)); }

function startDocument(): void {
  objectStart = outputLength;
  if (outputLength + OBJECT_INTS > OUTPUT_INTS) { declined = true; return; }
  for (let index = 0; index < FIELD_DEPENDENCIES; index += 1) outputSet(objectStart + index, -1);
  outputSet(objectStart + FIELD_DEPENDENCIES, 0);
  outputLength += OBJECT_INTS;
}

function endDocument(empty: bool): void {
  if (empty) {
    outputLength = objectStart;
    return;
  }
  if (outputGet(objectStart + FIELD_API_VERSION) < 0 || outputGet(objectStart + FIELD_KIND) < 0 || outputGet(objectStart + FIELD_NAME) < 0) {
    declined = true;
    return;
  }
  const count = outputGet(objectStart + FIELD_DEPENDENCIES);
  for (let index = 0; index < count; index += 1) {
    if (outputGet(objectStart + OBJECT_INTS + index * DEPENDENCY_INTS) < 0) { declined = true; return; }
  }
  objects += 1;
}

/**
 * Records a field's value, which text() must read as a non-empty string: declines where none is written, a block
 * scalar, a flow, an empty quoted scalar or a null or boolean word; settles a quoted scalar and a plain one that
 * starts past `9` (no number can), and leaves the rest (a digit or a sign first) to the caller's text().
 */
function field(index: i32): void {
  if (valueStart < 0) { declined = true; return; }
  let start = valueStart;
  let end = valueEnd;
  let settled = 0;
  const first = at(<usize>start);
  if (first == 124 || first == 62 || first == 91 || first == 123) { declined = true; return; }
  if (first == 34 || first == 39) {
    start += 1;
    end -= 1;
    if (start == end) { declined = true; return; }
    settled = 1;
  } else if (first > 57 && first != 126) {
    if (isReservedKey(<usize>start, <usize>end)) { declined = true; return; }
    settled = 1;
  }
  outputSet(index, utf16Offset(<usize>start));
  outputSet(index + 1, utf16Offset(<usize>end));
  outputSet(index + 2, settled);
}

// How far utf16Offset has counted, and the difference between byte and UTF-16 offsets there.
let countedTo: usize = 0;
let utf16Shift: i32 = 0;

/**
 * A byte's offset in the file as an offset in its text decoded (UTF-16, as JavaScript indexes strings), so that
 * the caller decodes a file once and slices its fields. Asked in increasing order within a file: counted on from the
 * last. A continuation byte adds no unit; a four-byte character's lead adds one (it is two units).
 */
function utf16Offset(position: usize): i32 {
  if (!asciiOnly) {
    while (countedTo < position) {
      const byte = at(countedTo);
      if ((byte & 0xc0) == 0x80) utf16Shift -= 1;
      else if (byte >= 0xf0) utf16Shift += 1;
      countedTo += 1;
    }
  }
  return <i32>(position - input) + utf16Shift;
}



function sameBytes(aStart: usize, aEnd: usize, bStart: usize, bEnd: usize): bool {
  const length = aEnd - aStart;
  if (bEnd - bStart != length) return false;
  for (let index: usize = 0; index < length; index += 1) if (load<u8>(aStart + index) != load<u8>(bStart + index)) return false;
  return true;
}

function keyIs(word: string): bool {
  const length = word.length;
  if (keyEnd - keyStart != length) return false;
  for (let index = 0; index < length; index += 1) if (at(<usize>keyStart + index) != <i32>word.charCodeAt(index)) return false;
  return true;
}

/** nested(): a mapping written on the next lines (its role), or `{}` (read no further); anything else declines. */
function nested(role: i32): i32 {
  if (valueStart < 0) return role;
  if (at(<usize>valueStart) == 123 && isEmptyFlow(<usize>valueStart, <usize>valueEnd)) return 0;
  declined = true;
  return 0;
}

/** The visitor's entry(): the key is keyStart..keyEnd, its value valueStart..valueEnd (-1: none). */
function entry(role: i32): i32 {
  if (role == ROOT) {
    if (keyIs('apiVersion')) field(objectStart + FIELD_API_VERSION);
    else if (keyIs('kind')) field(objectStart + FIELD_KIND);
    else if (keyIs('metadata')) return nested(METADATA);
    else if (keyIs('spec')) return nested(SPEC);
    return 0;
  }
  if (role == METADATA) {
    if (keyIs('name')) field(objectStart + FIELD_NAME);
    else if (keyIs('namespace')) field(objectStart + FIELD_NAMESPACE);
    else if (keyIs('labels')) return nested(LABELS);
    else if (keyIs('annotations')) return nested(ANNOTATIONS);
    return 0;
  }
  if (role == LABELS) {
    if (sameBytes(<usize>keyStart, <usize>keyEnd, config, config + labelLength)) field(objectStart + FIELD_LABEL);
    return 0;
  }
  if (role == ANNOTATIONS) {
    if (sameBytes(<usize>keyStart, <usize>keyEnd, config + labelLength, config + labelLength + ignoreLength)) declined = true;
    return 0;
  }
  if (role == SPEC) {
    if (!keyIs('dependsOn')) return 0;
    if (valueStart < 0) return DEPENDS_ON;
    // `dependsOn: []` is no dependency; any other value is the full path's.
    if (at(<usize>valueStart) != 91 || !isEmptyFlow(<usize>valueStart, <usize>valueEnd)) declined = true;
    return 0;
  }
  if (role == DEPENDENCY) {
    if (keyIs('name')) field(dependencyStart);
    else if (keyIs('namespace')) field(dependencyStart + 3);
    else declined = true;
    return 0;
  }
  declined = true;
  return 0;
}

/** The visitor's item(): only dependsOn's items, each a mapping (`scalar`: the item is a value, which declines). */
function item(role: i32, scalar: bool): i32 {
  if (role != DEPENDS_ON || scalar) { declined = true; return 0; }
  if (outputLength + DEPENDENCY_INTS > OUTPUT_INTS) { declined = true; return 0; }
  dependencyStart = outputLength;
  for (let index = 0; index < DEPENDENCY_INTS; index += 1) outputSet(outputLength + index, -1);
  outputLength += DEPENDENCY_INTS;
  outputSet(objectStart + FIELD_DEPENDENCIES, outputGet(objectStart + FIELD_DEPENDENCIES) + 1);
  return DEPENDENCY;
}

// ---- the loop (block-yaml.ts's readBlockYaml) ----

@inline function stackIndent(depth: i32): i32 { return load<i32>(stack + (<usize>depth << 4)); }
@inline function stackList(depth: i32): i32 { return load<i32>(stack + (<usize>depth << 4) + 4); }
@inline function stackRole(depth: i32): i32 { return load<i32>(stack + (<usize>depth << 4) + 8); }
@inline function stackKeysFrom(depth: i32): i32 { return load<i32>(stack + (<usize>depth << 4) + 12); }
@inline function push(depth: i32, indent: i32, list: i32, role: i32, keysFrom: i32): void {
  const base = stack + (<usize>depth << 4);
  store<i32>(base, indent);
  store<i32>(base + 4, list);
  store<i32>(base + 8, role);
  store<i32>(base + 12, keysFrom);
}

/**
 * Reads the `length` bytes at inputPointer() as a slot file. Returns how many objects it wrote at
 * outputPointer(), or -1 where the JavaScript reader must read the file.
 */
export function readSlotFile(length: i32): i32 {
  declined = false;
  outputLength = 0;
  objects = 0;
  const text = input;
  const end = input + <usize>length;
  asciiOnly = true;
  countedTo = input;
  utf16Shift = 0;
  if (length < 0 || length > INPUT_BYTES || !charactersRead(text, end)) return -1;
  let depth = 0;
  let topIndent = -1;
  let topList = 0;
  let topRole = 0;
  let topFrom = 0;
  let keys = 0;
  let pendingColumn = -1;
  let pendingRole = 0;
  let blockParent = -1;
  let blockIndent = -1;
  let blankBeforeContent = 0;
  let empty = true;
  startDocument();
  let lineStart = text;
  while (lineStart < end && !declined) {
    let lineEnd = lineStart;
    while (lineEnd < end && load<u8>(lineEnd) != 10) lineEnd += 1;
    const next = lineEnd + 1;
    let contentStart = lineStart;
    while (contentStart < lineEnd && load<u8>(contentStart) == 32) contentStart += 1;
    const indent = <i32>(contentStart - lineStart);
    const lineLength = <i32>(lineEnd - lineStart);
    if (blockParent >= 0) {
      if (indent == lineLength) {
        if (blockIndent < 0 && indent > blankBeforeContent) blankBeforeContent = indent;
        lineStart = next;
        continue;
      }
      if (blockIndent < 0 && indent > blockParent) {
        if (blankBeforeContent > indent) return -1;
        blockIndent = indent;
        lineStart = next;
        continue;
      }
      if (blockIndent >= 0 && indent >= blockIndent) {
        lineStart = next;
        continue;
      }
      blockParent = -1;
    }
    // Blank, or a comment.
    if (contentStart == lineEnd || load<u8>(contentStart) == 35) {
      lineStart = next;
      continue;
    }
    lineParts(contentStart, lineEnd);
    if (declined) return -1;
    if (keyStart < 0 && dashEnd < 0) {
      // A value alone: a document marker at the margin, nothing else.
      if (indent != 0 || !isDocumentStart(contentStart, lineEnd)) return -1;
      depth = 0;
      topIndent = -1;
      keys = 0;
      pendingColumn = -1;
      endDocument(empty);
      if (declined) return -1;
      startDocument();
      if (declined) return -1;
      empty = true;
      lineStart = next;
      continue;
    }
    empty = false;
    if (pendingColumn >= 0) {
      const column = pendingColumn;
      pendingColumn = -1;
      if (dashEnd >= 0 ? indent >= column : indent > column) {
        topList = dashEnd >= 0 ? 1 : 0;
        topIndent = indent;
        topRole = pendingRole;
        topFrom = keys;
        push(depth, topIndent, topList, topRole, topFrom);
        depth += 1;
        if (depth > MAX_BLOCK_DEPTH) return -1;
      }
    }
    if (depth == 0) {
      if (indent != 0 || dashEnd >= 0) return -1;
      topIndent = 0;
      topList = 0;
      topRole = ROOT;
      topFrom = 0;
      push(0, 0, 0, ROOT, 0);
      depth = 1;
    }
    if (topIndent > indent) {
      do {
        depth -= 1;
        keys = stackKeysFrom(depth);
      } while (depth > 1 && stackIndent(depth - 1) > indent);
      topIndent = stackIndent(depth - 1);
      topList = stackList(depth - 1);
      topRole = stackRole(depth - 1);
      topFrom = stackKeysFrom(depth - 1);
    }
    const valueFirst = valueStart < 0 ? -1 : at(<usize>valueStart);
    const blockHeader = valueFirst == 124 || valueFirst == 62;
    if (valueFirst == 91 || valueFirst == 123) {
      checkFlow(<usize>valueStart, <usize>valueEnd);
      if (declined) return -1;
    }
    let keyColumn = indent;
    if (dashEnd >= 0) {
      if (topList == 0 || topIndent != indent) return -1;
      const role = topRole;
      if (keyStart < 0) {
        if (valueStart < 0 || blockHeader) return -1;
        if (role != 0) item(role, true);
        if (declined) return -1;
        lineStart = next;
        continue;
      }
      keyColumn = <i32>(<usize>dashEnd - lineStart);
      topIndent = keyColumn;
      topList = 0;
      topRole = role == 0 ? 0 : item(role, false);
      if (declined) return -1;
      topFrom = keys;
      push(depth, topIndent, 0, topRole, topFrom);
      depth += 1;
      if (depth > MAX_BLOCK_DEPTH) return -1;
    } else {
      if (topList != 0 && topIndent == indent) {
        depth -= 1;
        keys = topFrom;
        if (depth > 0) {
          topIndent = stackIndent(depth - 1);
          topList = stackList(depth - 1);
          topRole = stackRole(depth - 1);
          topFrom = stackKeysFrom(depth - 1);
        }
      }
      if (depth == 0 || topList != 0 || topIndent != indent) return -1;
    }
    // The key, against this mapping's keys so far.
    if (keys - topFrom >= MAX_KEYS_PER_MAPPING) return -1;
    for (let index = topFrom; index < keys; index += 1) {
      const base = keyRanges + (<usize>index << 3);
      if (sameBytes(<usize>load<i32>(base), <usize>load<i32>(base + 4), <usize>keyStart, <usize>keyEnd)) return -1;
    }
    store<i32>(keyRanges + (<usize>keys << 3), keyStart);
    store<i32>(keyRanges + (<usize>keys << 3) + 4, keyEnd);
    keys += 1;
    if (valueStart < 0) {
      pendingColumn = keyColumn;
      pendingRole = topRole == 0 ? 0 : entry(topRole);
      if (declined) return -1;
      lineStart = next;
      continue;
    }
    if (blockHeader) {
      blockParent = keyColumn;
      blockIndent = -1;
      blankBeforeContent = 0;
    }
    if (topRole != 0) entry(topRole);
    if (declined) return -1;
    lineStart = next;
  }
  if (declined) return -1;
  endDocument(empty);
  if (declined) return -1;
  return objects;
}

/** block-yaml.ts's DOCUMENT_START: `---`, then spaces, or spaces and a comment. */
function isDocumentStart(from: usize, lineEnd: usize): bool {
  if (lineEnd - from < 3 || at(from) != 45 || at(from + 1) != 45 || at(from + 2) != 45) return false;
  return restIsBlank(from + 3, lineEnd);
}
