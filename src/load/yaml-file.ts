import { readFile } from 'node:fs/promises';
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node, ParsedNode, YAMLError, YAMLMap } from 'yaml';
import type { Finding, Location } from '../model/types.js';
import { inputFinding, fileReadFinding } from './input-findings.js';

/** One YAML file parsed into documents, with a way to turn any node into file:line:column. */
export interface YamlFile {
  path: string;
  documents: Document.Parsed[];
  locate(node: Node | null | undefined): Location;
  locateOffset(offset: number): Location;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Real slot files are kilobytes (the largest seen is ~75 KB). A file this big is
 * a mistake or an attack; refusing it keeps a pre-commit hook fast and bounded.
 */
export const MAX_YAML_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads and parses a YAML file. Never throws: every way a file can be unusable
 * becomes an `input/*` finding, so one run reports all of them.
 */
export async function readYamlFile(
  path: string,
  notFound?: { message: string; fix: string },
): Promise<{ file?: YamlFile; findings: Finding[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { findings: [fileReadFinding(path, error, notFound)] };
  }
  if (bytes.length > MAX_YAML_FILE_BYTES) {
    const size = (bytes.length / 1024 / 1024).toFixed(1);
    return {
      findings: [inputFinding('input/too-large', { file: path, line: null, column: null },
        `the file is ${size} MiB, over the ${MAX_YAML_FILE_BYTES / 1024 / 1024} MiB limit for a YAML file`,
        'split it, or check that it is the file you meant')],
    };
  }
  const decoded = decodeUtf8(path, bytes);
  if ('finding' in decoded) return { findings: [decoded.finding] };
  return parseYamlText(path, decoded.text);
}

/** Parses YAML text (already decoded); exported so tests can feed strings. */
export function parseYamlText(path: string, text: string): { file?: YamlFile; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const locateOffset = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, column: col };
  };
  let list: Document.Parsed[];
  try {
    // prettyErrors off: we print our own one-line message with the position.
    const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
    list = Array.isArray(documents) ? documents : [];
  } catch (error) {
    // The parser recurses; absurd nesting can exhaust the stack. Say so instead of crashing.
    return {
      findings: [inputFinding('input/parse-error', locateOffset(0),
        describeYamlError((error as Error).message), 'fix the YAML syntax at this position')],
    };
  }
  const findings: Finding[] = [];
  for (const document of list) {
    for (const error of document.errors) {
      findings.push(
        inputFinding('input/parse-error', locateOffset(errorOffset(text, error)), describeYamlError(error.message),
          'fix the YAML syntax at this position'),
      );
    }
  }
  if (findings.length > 0) return { findings: findings.slice(0, 1) };
  const file: YamlFile = {
    path,
    documents: list,
    locateOffset,
    locate(node) {
      const offset = node?.range?.[0];
      return offset === undefined ? { file: path, line: null, column: null } : locateOffset(offset);
    },
  };
  return { file, findings };
}

/**
 * yaml reports a missing closing quote where the file ends; the opening quote,
 * the last one of its kind before that point, is where a person has to look.
 */
function errorOffset(text: string, error: YAMLError): number {
  const [start] = error.pos;
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
  if (error.code === 'MISSING_CHAR' && quote) {
    const opening = text.lastIndexOf(quote, Math.max(0, start - 1));
    if (opening >= 0) return opening;
  }
  return start;
}

function describeYamlError(message: string): string {
  // The parser catches its own stack overflow and reports it as a document error.
  if (/Maximum call stack size exceeded/.test(message)) return 'invalid YAML: the document is nested too deeply to parse';
  // yaml's messages end with "at line N, column M" when prettyErrors is on; ours carry the place separately.
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.replace(/\s+at line \d+, column \d+:?$/, '')}`;
}

function decodeUtf8(path: string, bytes: Buffer): { text: string } | { finding: Finding } {
  try {
    // TextDecoder drops a leading UTF-8 BOM, which editors on Windows add.
    return { text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const before = bytes.subarray(0, offset).toString('utf8');
    const lines = before.split('\n');
    const location = { file: path, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
    return {
      finding: inputFinding('input/parse-error', location, 'the file is not valid UTF-8 text',
        're-save it as UTF-8'),
    };
  }
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (low < high) {
    const middle = (low + high) >>> 1;
    try {
      utf8.decode(bytes.subarray(0, middle + 1), { stream: false });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  // The prefix up to `low` may end mid-character; step back to the start of that character.
  let start = low;
  while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  return start;
}

// ---- Reading values off the AST without converting whole documents to JS ----
// Working on nodes keeps every position and never expands aliases, so an alias
// bomb costs nothing here.

export function resolveNode(document: Document.Parsed, node: unknown): ParsedNode | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 16; hops += 1) {
    current = current.resolve(document);
  }
  return (current ?? null) as ParsedNode | null;
}

/** The value node under `key` in a map, and the key node itself (for locating). */
export function mapEntry(
  document: Document.Parsed,
  map: unknown,
  key: string,
): { key: ParsedNode; value: ParsedNode | null } | undefined {
  const resolved = resolveNode(document, map);
  if (!isMap(resolved)) return undefined;
  for (const pair of (resolved as YAMLMap<unknown, unknown>).items) {
    const keyNode = pair.key;
    const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
    if (keyValue === key) {
      return { key: keyNode as ParsedNode, value: resolveNode(document, pair.value) };
    }
  }
  return undefined;
}

export function mapValue(document: Document.Parsed, map: unknown, path: readonly string[]): ParsedNode | null {
  let current: unknown = map;
  for (const key of path) {
    const entry = mapEntry(document, current, key);
    if (!entry) return null;
    current = entry.value;
  }
  return (current ?? null) as ParsedNode | null;
}

/** A scalar's value as a string (numbers too: labels and versions are often unquoted). */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const { value } = node;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return node.source ?? String(value);
  return undefined;
}

export function describeNodeType(node: unknown): string {
  if (node === null || node === undefined) return 'empty';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value === 'string' ? 'string' : typeof node.value}`;
  return 'an unsupported node';
}
