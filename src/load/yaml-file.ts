import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { Finding, Location } from '../model/types.js';
import { parseFastYaml } from './fast-yaml.js';
import { noteInputRead } from './tier-up.js';
import { fileReadFinding, inputFinding, wholeFile } from './input-findings.js';
import type { Position, YamlDocument, YamlNode } from './yaml-tree.js';

/** One YAML file parsed into documents, with a way to turn any node into file:line:column. */
export interface YamlFile {
  path: string;
  documents: YamlDocument[];
  locate(node: YamlNode | Position | null | undefined): Location;
  /** The fast parser read it: its trees are exactly what `toJS()` returns (no merge key; an alias is its anchor's node). */
  fastParsed: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Real slot files are kilobytes (the largest seen is ~75 KB). A file this big is
 * a mistake or an attack; refusing it keeps a pre-commit hook fast and bounded.
 */
export const MAX_YAML_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads and parses a YAML file. Never throws: every way a file can be unusable
 * becomes an `input/*` finding, so one run reports them all.
 */
export async function readYamlFile(
  path: string,
  notFound?: { message: string; fix: string },
  options: { listed?: boolean } = {},
): Promise<{ file?: YamlFile; findings: Finding[]; text?: string }> {
  const read = readYamlText(path, options, notFound);
  if ('finding' in read) return { findings: [read.finding] };
  return parseYamlText(path, read.text);
}

/** A YAML file's text, read and decoded (readYamlFile without the parse), or the finding that refuses it. */
export function readYamlText(
  path: string,
  options: { listed?: boolean } = {},
  notFound?: { message: string; fix: string },
): { text: string } | { finding: Finding } {
  // Decoded at once: the bytes need no copy of their own out of the shared buffer.
  const read = readRegularFile(path, MAX_YAML_FILE_BYTES, notFound, { ...options, transient: true });
  if ('finding' in read) return read;
  return decodeUtf8(path, read.bytes);
}

/** Decodes (UTF-8, located at the first bad byte) and parses bytes already read. */
export async function parseYamlBytes(path: string, bytes: Buffer): Promise<{ file?: YamlFile; findings: Finding[]; text?: string }> {
  const decoded = decodeUtf8(path, bytes);
  if ('finding' in decoded) return { findings: [decoded.finding] };
  return parseYamlText(path, decoded.text);
}

/** What a file that is not a regular file is, for the one line that refuses it. */
function describeSpecialFile(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads a regular file, at most `limit` bytes: a FIFO, a device (`/dev/zero`)
 * or a socket is refused after `fstat`, never read, so a committed link cannot
 * hang a hook or fill memory. Opened non-blocking: opening a FIFO for reading
 * otherwise waits for a writer. Never throws: every refusal is an `input/*`
 * finding. Synchronous on purpose: slot files are small, and measured on 50 to
 * 10,000 of them, one read after another beats a thousand promises in flight.
 */
export function readRegularFile(
  path: string,
  limit: number = MAX_YAML_FILE_BYTES,
  notFound?: { message: string; fix: string },
  /**
   * `listed`: a directory listing already called the file regular (its dirent, no link), so no `fstat`: on a
   * repository of thousands of small files the Stats object (four Dates) per file was a measurable part of
   * the scan. The bytes go through one reused buffer of limit + 1 and are copied out. A file swapped for a
   * FIFO since the listing reads empty (non-blocking) instead of hanging. `transient`: the bytes are used
   * (decoded) before any other read, so a listed file's are not copied out of the shared buffer.
   */
  options: { listed?: boolean; transient?: boolean } = {},
): { bytes: Buffer } | { finding: Finding } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { finding: fileReadFinding(path, error, notFound) };
  }
  try {
    let size: number | undefined;
    if (!options.listed) {
      const info = fstatSync(fd);
      if (info.isDirectory()) return { finding: fileReadFinding(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), notFound) };
      if (!info.isFile()) {
        return {
          finding: inputFinding('input/special-file', wholeFile(path), `is ${describeSpecialFile(info)}, not a regular file`,
            `replace it with the ${inputKind(path)} file itself`),
        };
      }
      if (info.size > limit) return { finding: tooLargeFinding(path, info.size, limit) };
      size = info.size;
    }
    // One byte more than the limit tells a file that grew since fstat (or past the limit) from one that fits.
    const buffer = size === undefined ? sharedBuffer(limit + 1) : Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let length = 0;
    while (length < buffer.length) {
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      // All that fstat promised, read short: the end of the file, without a second
      // call to hear it (one read per slot file, as readFileSync does). At the
      // limit, the next read still tells a file that grew past it.
      if (size !== undefined && length >= size && size < limit) break;
    }
    // Read unstat-ed (listed), only the limit is known: the one stat, here, gives the size the message names.
    if (length > limit) return { finding: tooLargeFinding(path, size ?? fstatSync(fd).size, limit) };
    noteInputRead(length);
    // A UTF-16 file with its byte order mark is what go-yaml reads too (kustomize, kustomize-controller's generated
    // kustomization): read as the UTF-8 it decodes to (a trial's probe: a GitRepository saved as UTF-16 was "no
    // Kubernetes object", and a Flux object so saved was never read).
    const utf16 = utf16AsUtf8(buffer.subarray(0, length));
    if (utf16) return { bytes: utf16 };
    // `transient`: the caller is done with the bytes before the next read, so they may stay in the shared buffer.
    return { bytes: size === undefined && !options.transient ? Buffer.from(buffer.subarray(0, length)) : buffer.subarray(0, length) };
  } catch (error) {
    return { finding: fileReadFinding(path, error, notFound) };
  } finally {
    closeSync(fd);
  }
}

/** What an input is, as its messages name it: a package.json, a config or a baseline may be JSON. */
function inputKind(path: string): 'JSON' | 'YAML' {
  return /\.json$/i.test(path) ? 'JSON' : 'YAML';
}

let shared: Buffer | undefined;

function sharedBuffer(size: number): Buffer {
  if (!shared || shared.length < size) shared = Buffer.allocUnsafe(size);
  return shared.subarray(0, size);
}

function tooLargeFinding(path: string, bytes: number, limit: number): Finding {
  const size = (bytes / 1024 / 1024).toFixed(1);
  return inputFinding('input/too-large', wholeFile(path),
    `the file is ${size} MiB, over the ${limit / 1024 / 1024} MiB limit for a ${inputKind(path)} file`,
    'split it, or check that it is the file you meant');
}

/** Some of a parsed file's documents, as a file of their own named `path` (one tree's share of a batched kustomize build). */
export function documentsAsFile(file: YamlFile, path: string, documents: YamlDocument[]): YamlFile {
  return yamlFile(path, documents, file.fastParsed);
}

function yamlFile(path: string, documents: YamlDocument[], fastParsed = false): YamlFile {
  return {
    path,
    documents,
    fastParsed,
    locate(node) {
      if (!node) return { file: path, line: null, column: null };
      const { line, column } = 'kind' in node ? node.position : node;
      return { file: path, line, column };
    },
  };
}

/** Whether the fast parser read this file (see YamlFile.fastParsed). */
export function isFastParsed(file: YamlFile): boolean {
  return file.fastParsed;
}

/**
 * Parses YAML text (already decoded). Plain block YAML takes the fast parser;
 * anything else, and every error, goes to the `yaml` package, loaded on demand.
 */
export async function parseYamlText(path: string, text: string): Promise<{ file?: YamlFile; findings: Finding[]; text?: string }> {
  const fast = parseFastYaml(text);
  // A flag on the file, not a WeakSet of files: weak collections cost every garbage collection of a 10,000-file run.
  if (fast) return { file: yamlFile(path, fast, true), findings: [], text };
  const { parseWithYamlLibrary } = await import('./yaml-lib-tree.js');
  const parsed = parseWithYamlLibrary(text);
  if (parsed.error) {
    // A file left half-merged reads as a YAML error at some token of the markers; the marker itself says what to do
    // (a trial's probe, hmajid2301/k8s-gitops: `Unexpected scalar token "======="`).
    const conflict = mergeConflictMarker(text);
    if (conflict) {
      return {
        findings: [inputFinding('input/parse-error', { file: path, line: conflict.line, column: 1 },
          `unresolved merge conflict: a ${conflict.marker} marker of git`, 'resolve the conflict: keep the side you want and delete the <<<<<<<, ======= and >>>>>>> lines')],
      };
    }
    return {
      findings: [parsed.error, ...parsed.laterErrors ?? []].map(({ position: { line, column }, message }) => inputFinding('input/parse-error', { file: path, line, column },
        describeYamlError(message), 'fix the YAML syntax at this position')),
    };
  }
  return { file: yamlFile(path, parsed.documents!), findings: [], text };
}

/**
 * The first line of a git merge conflict: a `<<<<<<<` line with a `>>>>>>>` line after it (seven of each at the
 * line's start, then a space or the end). A lone `=======` is an underline as often (a review's probe: one in a block
 * scalar hid the file's real error).
 */
function mergeConflictMarker(text: string): { line: number; marker: string } | undefined {
  const found = /^(<{7})(?: |\r?$)/m.exec(text);
  if (!found || !/^>{7}(?: |\r?$)/m.test(text.slice(found.index))) return undefined;
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < found.index; at = text.indexOf('\n', at + 1)) line += 1;
  return { line, marker: found[1]! };
}

function describeYamlError(message: string): string {
  // The parser catches its own stack overflow and reports it as a document error.
  if (/Maximum call stack size exceeded/.test(message)) return 'invalid YAML: the document is nested too deeply to parse';
  // yaml's messages end with "at line N, column M" when prettyErrors is on; ours carry the place separately.
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.replace(/\s+at line \d+, column \d+:?$/, '')}`;
}

/**
 * `bytes` as UTF-8 where they begin with a UTF-16 byte order mark (FF FE little-endian, FE FF big-endian), as go-yaml
 * determines a stream's encoding; undefined otherwise (then they are read as UTF-8, with or without its own mark).
 * Characters UTF-16 cannot pair come out as U+FFFD, which no Kubernetes name holds.
 */
function utf16AsUtf8(bytes: Buffer): Buffer | undefined {
  if (bytes.length < 2) return undefined;
  const little = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (!little && !(bytes[0] === 0xfe && bytes[1] === 0xff)) return undefined;
  // (TextDecoder drops the mark itself.)
  return Buffer.from(new TextDecoder(little ? 'utf-16le' : 'utf-16be').decode(bytes), 'utf8');
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
      finding: inputFinding('input/parse-error', location, 'the file is not valid UTF-8 text', 're-save it as UTF-8'),
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
