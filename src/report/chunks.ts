// Reports as pieces of text, written as they are made: a report of 520,000
// findings as one string is 150-420 MB (one byte per character, more once
// copied into a Buffer), on top of the findings it was made from. The
// formatters yield pieces; `joinChunks` gives the same text as one string.

/** Text in pieces, in order; joined, it is the formatter's output byte for byte. */
export type Chunks = Iterable<string>;

export function joinChunks(chunks: Chunks): string {
  const pieces: string[] = [];
  for (const chunk of chunks) pieces.push(chunk);
  return pieces.join('');
}

/**
 * About 64 KB per write: few system calls, and little held at once. Pieces
 * held across two young-generation collections are moved to the old one:
 * gathering 1 MB left 50 MB of such garbage over a 260 MB report.
 */
const WRITE_SIZE = 1 << 16;

/** Hands `write` the pieces gathered into strings of about 64 KB (never split, only joined). */
export function writeChunks(chunks: Chunks, write: (text: string) => void, size = WRITE_SIZE): void {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      write(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  if (length > 0) write(pending.join(''));
}

/** Lines joined by `\n`, as `lines.join('\n')` would, one line at a time. */
export function* joinLines(lines: Iterable<string>): Generator<string> {
  let first = true;
  for (const line of lines) {
    if (!first) yield '\n';
    first = false;
    yield line;
  }
}

/**
 * `JSON.stringify(value, null, 2)` in pieces: arrays and objects down to
 * `depth` levels (and longer arrays at any depth) are written item by item,
 * anything else deeper (and anything with `toJSON`) by JSON.stringify itself,
 * re-indented. Same keys, order, omissions
 * (undefined, functions) and `null` for such array items as JSON.stringify.
 */
export function* jsonChunks(value: unknown, depth: number, indent = '', map?: (item: never) => unknown): Generator<string> {
  if (value instanceof JsonItems && depth > 0) {
    yield* jsonChunks(value.items, depth, indent, value.map);
    return;
  }
  // A long array is written item by item at any depth: one install level of 520,000 names is a 10 MB string.
  const leaf = depth <= 0 && !(Array.isArray(value) && value.length > LONG_ARRAY);
  if (leaf || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value, null, 2);
    // A JSON string never holds a raw line break: every `\n` here is the layout's.
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let index = 0; index < value.length; index += 1) {
      yield inner;
      const item: unknown = map ? map(value[index] as never) : value[index];
      if (omitted(item)) yield 'null';
      else yield* jsonChunks(item, depth - 1, inner);
      yield index < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (omitted(item)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(item, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

const LONG_ARRAY = 256;

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * A JSON array whose items are made as they are written (`map` of each of
 * `items`), so a 520,000-item list of derived objects never exists at once.
 */
export class JsonItems<T> {
  constructor(readonly items: readonly T[], readonly map: (item: T) => unknown) {}

  /** The whole array, for JSON.stringify. */
  toJSON(): unknown[] {
    return this.items.map(this.map);
  }
}
