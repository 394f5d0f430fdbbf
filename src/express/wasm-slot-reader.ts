import slotReaderModule from './wasm/slot-reader.wasm';
import { IGNORE_ANNOTATION } from '../suppress/annotation.js';
import { text } from './kit-reader.js';
import type { ExpressObject } from './kit-reader.js';

/*
 * The slot-file reader in WebAssembly (wasm/slot-reader.ts, compiled by the
 * build), and what turns the places of the fields it finds into the objects
 * readSlotObjects gives. Why (issue 18, README Performance): the JavaScript
 * reader runs as V8's baseline code in a run this short, at about 5,000
 * instructions a line; the 20 kits of the benchmark spent 53 ms in it against
 * 8 ms here (a first measure, before the fields' strings). A file is read
 * straight into the module's memory and decoded once, for its fields' strings;
 * a file the module declines is read by the JavaScript reader, so what the
 * express path accepts is the JavaScript reader's
 * (test/express-wasm-reader.test.ts).
 */

/**
 * The part of the WebAssembly API used here, typed locally: this project's
 * library types (ES2023, @types/node 20) declare none, and the global is
 * absent where V8 runs without it (`--jitless`).
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

interface SlotReaderExports {
  memory: { buffer: ArrayBuffer };
  setup(): number;
  configPointer(): number;
  outputPointer(): number;
  inputPointer(): number;
  inputCapacity(): number;
  configure(labelLength: number, ignoreLength: number): void;
  readSlotFile(length: number): number;
}

/** The module, set up, with views of its memory: where a file is read to, and where the objects come out. */
export interface WasmSlotReader {
  readonly exports: SlotReaderExports;
  /** The input region: a file's bytes are read here (its length is the largest file and a byte). */
  readonly input: Buffer;
  /** The output region, as numbers. */
  readonly output: Int32Array;
  /** The slot label it was configured with. */
  label: string;
}

let reader: WasmSlotReader | null | undefined;

/**
 * The reader, made at the first call; null where this Node cannot run it
 * (WebAssembly off: `--jitless`, or memory refused), and the JavaScript reader
 * then reads every file.
 */
export function wasmSlotReader(slotLabel: string): WasmSlotReader | null {
  if (reader === undefined) {
    try {
      const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
      if (webAssembly === undefined) throw new Error('no WebAssembly');
      const instance = new webAssembly.Instance(new webAssembly.Module(slotReaderModule), {});
      const exports = instance.exports as unknown as SlotReaderExports;
      if (exports.setup() < 0) throw new Error('no memory');
      const buffer = exports.memory.buffer;
      reader = {
        exports,
        input: Buffer.from(buffer, exports.inputPointer(), exports.inputCapacity()),
        output: new Int32Array(buffer, exports.outputPointer()),
        label: '',
      };
    } catch {
      reader = null;
    }
  }
  if (reader === null || (reader.label !== slotLabel && !configure(reader, slotLabel))) return null;
  return reader;
}

/**
 * Writes the slot label's key and the ignore annotation's into the module's
 * configuration; false for a label too long for it (the JavaScript reader takes any).
 */
function configure(wasm: WasmSlotReader, slotLabel: string): boolean {
  const config = Buffer.from(wasm.exports.memory.buffer, wasm.exports.configPointer(), CONFIG_BYTES);
  const labelLength = Buffer.byteLength(slotLabel);
  if (labelLength + Buffer.byteLength(IGNORE_ANNOTATION) > CONFIG_BYTES) return false;
  config.write(slotLabel, 0, 'utf8');
  wasm.exports.configure(labelLength, config.write(IGNORE_ANNOTATION, labelLength, 'utf8'));
  wasm.label = slotLabel;
  return true;
}

/** The module's configuration region (wasm/slot-reader.ts's CONFIG_BYTES). */
const CONFIG_BYTES = 4096;

// The output's layout (wasm/slot-reader.ts's FIELD_* and *_INTS): per object, five fields of three numbers each and
// its count of dependencies; then per dependency two fields.
const OBJECT_API_VERSION = 0;
const OBJECT_KIND = 3;
const OBJECT_NAME = 6;
const OBJECT_NAMESPACE = 9;
const OBJECT_LABEL = 12;
const OBJECT_DEPENDENCIES = 15;
const OBJECT_INTS = 16;
const DEPENDENCY_NAME = 0;
const DEPENDENCY_NAMESPACE = 3;
const DEPENDENCY_INTS = 6;

/**
 * The objects of the slot file whose `length` bytes are in wasm.input, as
 * readSlotObjects gives them; undefined where the module declines the file
 * (the caller reads it with the JavaScript reader).
 */
export function wasmSlotObjects(wasm: WasmSlotReader, length: number): ExpressObject[] | undefined {
  const count = wasm.exports.readSlotFile(length);
  if (count < 0) return undefined;
  const { input, output } = wasm;
  // The file decoded once, its fields sliced from it by their offsets in it (a Buffer decode per field cost the 20
  // kits of the benchmark 2.5 ms more).
  const source = input.toString('utf8', 0, length);
  // A field (wasm/slot-reader.ts: where its text starts and ends, -1 where not written, and whether that text is
  // the string already): as the JavaScript reader's visitor reads it with text().
  const field = (at: number): string | undefined => {
    const start = output[at]!;
    if (start < 0) return undefined;
    const written = source.slice(start, output[at + 1]);
    return output[at + 2] === 1 ? written : text(written);
  };
  const objects: ExpressObject[] = [];
  let at = 0;
  for (let object = 0; object < count; object += 1) {
    const dependencies = output[at + OBJECT_DEPENDENCIES]!;
    const dependsOn: string[] = [];
    const dependsOnNamespaces: (string | undefined)[] = [];
    for (let dependency = 0, from = at + OBJECT_INTS; dependency < dependencies; dependency += 1, from += DEPENDENCY_INTS) {
      dependsOn.push(field(from + DEPENDENCY_NAME)!);
      dependsOnNamespaces.push(field(from + DEPENDENCY_NAMESPACE));
    }
    objects.push({
      apiVersion: field(at + OBJECT_API_VERSION)!, kind: field(at + OBJECT_KIND)!, name: field(at + OBJECT_NAME)!,
      namespace: field(at + OBJECT_NAMESPACE), label: field(at + OBJECT_LABEL), dependsOn, dependsOnNamespaces,
    });
    at += OBJECT_INTS + dependencies * DEPENDENCY_INTS;
  }
  return objects;
}
