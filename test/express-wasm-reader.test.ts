import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECLINED } from '../src/express/block-yaml.js';
import { expressCheck } from '../src/express/express-check.js';
import { readSlotObjects } from '../src/express/kit-reader.js';
import type { ExpressObject } from '../src/express/kit-reader.js';
import { wasmSlotObjects, wasmSlotReader } from '../src/express/wasm-slot-reader.js';
import { DEFAULT_SLOT_LABEL } from '../src/load/defaults.js';
import { projectRoot, yamlFilesUnder } from './helpers.js';
import { buildRepo, helmReleaseYaml } from './repo-builder.js';

// The WebAssembly slot-file reader (src/express/wasm/slot-reader.ts) may leave
// any file to the JavaScript reader; what it reads must read as the JavaScript
// reader reads it (which test/express-block-yaml.test.ts holds to the `yaml`
// package), objects or a decline alike.

type Reading = ExpressObject[] | 'declined';

function javascriptReading(text: string): Reading {
  try {
    return readSlotObjects(text, DEFAULT_SLOT_LABEL);
  } catch (error) {
    if (error === DECLINED) return 'declined';
    throw error;
  }
}

/** The module's reading of `text`, or 'left to JavaScript' where it declines the file. */
function wasmReading(text: string): Reading | 'left to JavaScript' {
  const wasm = wasmSlotReader(DEFAULT_SLOT_LABEL);
  if (wasm === null) throw new Error('no WebAssembly here');
  const bytes = Buffer.from(text, 'utf8');
  bytes.copy(wasm.input);
  try {
    return wasmSlotObjects(wasm, bytes.length) ?? 'left to JavaScript';
  } catch (error) {
    if (error === DECLINED) return 'declined';
    throw error;
  }
}

/** Asserts the property; true where the module read the text itself. */
function readsAlike(text: string): boolean {
  const wasm = wasmReading(text);
  if (wasm === 'left to JavaScript') return false;
  expect(wasm, JSON.stringify(text)).toEqual(javascriptReading(text));
  return true;
}

const fixtureTexts = yamlFilesUnder(join(projectRoot, 'fixtures')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('the WebAssembly slot-file reader', () => {
  it('reads every fixture file the JavaScript reader reads, alike, and leaves none of them to it', () => {
    let read = 0;
    for (const { path, text } of fixtureTexts) {
      const javascript = javascriptReading(text);
      const wasm = wasmReading(text);
      if (javascript !== 'declined') expect(wasm, path).not.toBe('left to JavaScript');
      if (wasm !== 'left to JavaScript') {
        expect(wasm, path).toEqual(javascript);
        if (wasm !== 'declined') read += wasm.length;
      }
    }
    expect(read).toBeGreaterThan(300);
  });

  // What the reader takes apart: indentation, dashes, keys (plain, quoted, reserved words), values of each style,
  // comments, document markers, flows, block scalars, and characters it reads more strictly than the JavaScript reader.
  const pieces = [' ', '  ', '\n', '\n  ', '\n    ', '\n- ', '- ', '-', ':', ': ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '|-', '>+',
    '&a', '*a', '!', '%', '@', '`', '?', '\\', '\t', '\r', 'é', '\u00a0', '\u2028', '\ufeff', '\u0085', '\u0080', '\ufffd', '😀', 'null', 'true',
    'TRUE', 'Null', '~', '0', '07', '1.5', '-1', 'x', 'name', 'namespace', 'dependsOn', 'spec', 'metadata', 'labels', 'annotations',
    'bootstrap-deps.io/ignore', DEFAULT_SLOT_LABEL, '---', '...', '{}', '[]', '{ }', 'readyExpr', 'kind', 'apiVersion', '  - name: a\n',
    'a: b', '"a": 1', "'b': 2", '{a: 1, "a": 2}', '[a, [b, {c: d}]]', '{x: }', 'x:y'];

  it('reads fixture files edited at random as the JavaScript reader does, or leaves them to it', () => {
    const seeds = fixtureTexts.filter(({ text }) => text.length < 4000 && javascriptReading(text) !== 'declined').map(({ text }) => text);
    const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...pieces), fc.integer({ min: 1, max: 4 }));
    let read = 0;
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 }), (seed, edits) => {
      let text = seed;
      for (const [position, kind, piece, length] of edits) {
        const at = position % (text.length + 1);
        if (kind === 'insert') text = text.slice(0, at) + piece + text.slice(at);
        else if (kind === 'delete') text = text.slice(0, at) + text.slice(at + length);
        else text = text.slice(0, at) + piece + text.slice(at + 1);
      }
      if (readsAlike(text)) read += 1;
    }), { numRuns: 4000 });
    // Most edits keep a file readable or make it one both decline: the module takes a good share itself.
    expect(read).toBeGreaterThan(1000);
  });

  it('reads generated slot files as the JavaScript reader does, or leaves them to it', () => {
    // Documents in the shape of slot files, each part in one of its spellings (the first, which both read, the
    // likeliest), then a line indented, outdented, dropped or doubled.
    const choice = (...options: string[][]) => fc.oneof({ arbitrary: fc.constant(options[0]!), weight: 6 }, { arbitrary: fc.constantFrom(...options), weight: 1 });
    const dependency = choice(['    - name: bp-a'], ['    - name: "bp-b"', '      namespace: flux-system'], ['    - namespace: x', '      name: bp-c'],
      ['  - name: bp-d'], ['    - name: bp-e', '      readyExpr: x'], ['    - bp-f'], ['    -'], ['    - name: 07'], ['    - name: bp-a']);
    const document = fc.tuple(
      choice(['apiVersion: helm.toolkit.fluxcd.io/v2'], ['apiVersion: v1'], ["apiVersion: 'source.toolkit.fluxcd.io/v1'"], []),
      choice(['kind: HelmRelease'], ['kind: "Namespace"'], ['kind: ConfigMap  # c'], ['kind: |', '  x'], ['kind: null']),
      choice(['metadata:'], ['metadata: {}'], ['metadata: []'], ['metadata:  # c']),
      choice(['  name: bp-a'], ["  name: 'bp-b'"], ['  name: 7'], ['  name: ""'], ['  name: true'], ['  name: ~x'], ['  "name": bp-c'], ['  name: -x']),
      choice([], ['  namespace: flux-system'], ['  namespace: {}'], ['  namespace: ns # c']),
      choice([], ['  labels:', `    ${DEFAULT_SLOT_LABEL}: "05"`], ['  labels:', `    '${DEFAULT_SLOT_LABEL}': 5`, '    other: x'], ['  labels: {}'],
        ['  labels: {a: b}'], ['  annotations:', '    bootstrap-deps.io/ignore: "x"'], ['  annotations:', '    a: |', '      text', '    b: c']),
      choice(['spec:'], ['spec: {}'], ['spec:', '  interval: 15m']),
      fc.oneof(choice([]), choice(['  dependsOn: []'], ['  dependsOn: [a]'], ['  dependsOn:']), fc.array(dependency, { minLength: 1, maxLength: 3 }).map((items) => ['  dependsOn:', ...items.flat()])),
      choice([], ['  values:', '    a: {b: [1, 2], "c": d}', '    e: [x, {y: z}, ]'], ['  values:', '    b: >-', '', '      folded', '    c: "q"'],
        ['  values:', '    x: {a: 1, a: 2}'], ['  values:', '    x: [a, b'], ['  values:', '    k: v: w'], ['  values:', '    k: aé # ü'], ['  values:', '    "k": \'v\''],
        ['  values:', '    k: "q"#c'], ['  values:', '    k: [a]#c'], ['  values:', '    k: |#c', '      x'], ['  values:', '    true: x'], ['  values:', '    NULL: y'],
        ['  values:', '    Nulls: y']),
    ).map((parts) => parts.flat());
    const edit = fc.tuple(fc.constantFrom('none', 'none', 'none', 'none', 'indent', 'outdent', 'drop', 'double'), fc.nat());
    const texts = fc.tuple(fc.array(document, { minLength: 1, maxLength: 3 }), edit, fc.constantFrom('---', '--- # next')).map(([documents, [kind, position], marker]) => {
      const lines = documents.flatMap((document, index) => (index === 0 ? document : [marker, ...document]));
      const at = position % lines.length;
      if (kind === 'indent') lines[at] = ` ${lines[at]}`;
      else if (kind === 'outdent') lines[at] = lines[at]!.replace(/^ /, '');
      else if (kind === 'drop') lines.splice(at, 1);
      else if (kind === 'double') lines.splice(at, 0, lines[at]!);
      return `${lines.join('\n')}\n`;
    });
    let read = 0;
    fc.assert(fc.property(texts, (text) => {
      if (readsAlike(text)) read += 1;
    }), { numRuns: 3000 });
    expect(read).toBeGreaterThan(600);
  });

  it('reads texts at each of its bounds and rules the generators seldom reach as the JavaScript reader does', () => {
    const head = 'apiVersion: v1\nkind: K\nmetadata:\n  name: n\n';
    // Each bound, at it and one past it: the readers agree on both (a review's mutants loosened each by one).
    const keys = (count: number) => `${head}x:\n${Array.from({ length: count }, (_, at) => `  k${at}: v\n`).join('')}`;
    const depth = (levels: number) => `${head}${Array.from({ length: levels }, (_, at) => `${' '.repeat(at)}k:\n`).join('')}${' '.repeat(levels)}v: w\n`;
    const flowTokens = (count: number) => `${head}x: [${Array.from({ length: (count - 1) / 2 }, () => 'a').join(', ')}]\n`;
    const flowDepth = (levels: number) => `${head}x: ${'['.repeat(levels)}a${']'.repeat(levels)}\n`;
    const plainKey = (length: number) => `${head}${'k'.repeat(length)}: v\n`;
    const quotedKey = (length: number) => `${head}"${'k'.repeat(length)}": v\n`;
    const cases: [string, string, string][] = [
      ['256 keys in a mapping', keys(256), keys(257)],
      ['64 levels of nesting', depth(63), depth(64)],
      ['4,096 flow tokens', flowTokens(4095), flowTokens(4097)],
      ['flows 32 deep', flowDepth(32), flowDepth(33)],
      ['a plain key of 1,024 characters', plainKey(1024), plainKey(1025)],
      ['a quoted key of 1,022 characters', quotedKey(1022), quotedKey(1023)],
      // A blank line before a block scalar's first content line, longer than that line's indentation (YAML refuses it).
      ['a blank line before a block scalar\'s content', `${head}x: |\n  \n  a\n`, `${head}x: |\n   \n  a\n`],
      // Keys of a flow mapping YAML reads as no string.
      ['a flow mapping\'s key', `${head}x: {nulls: a}\n`, `${head}x: {null: a}\n`],
    ];
    for (const [bound, within, past] of cases) {
      expect(javascriptReading(within), bound).not.toBe('declined');
      expect(wasmReading(within), bound).toEqual(javascriptReading(within));
      expect(javascriptReading(past), bound).toBe('declined');
      expect(wasmReading(past), bound).not.toEqual(javascriptReading(within));
      readsAlike(past);
    }
  });

  it('leaves to the JavaScript reader what it reads more strictly: a C1 control, a value that starts past ASCII', () => {
    const file = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  note: ${value}\n`;
    for (const value of ['\u0080x', 'éa', '\u00a0x']) {
      expect(wasmReading(file(value)), JSON.stringify(value)).toBe('left to JavaScript');
    }
    // What the JavaScript reader reads of them, where it does: both readers end at one reading.
    expect(javascriptReading(file('éa'))).not.toBe('declined');
    // Characters past ASCII anywhere else, and comments of any text, it reads (each field where the decoded text has
    // it: a character of two, three or four bytes before it, one of four bytes two units in JavaScript's string).
    expect(wasmReading(file('aé😀 # — ü'))).toEqual(javascriptReading(file('aé😀 # — ü')));
    const shifted = '# é — 😀\napiVersion: v1 # ü😀\nkind: Config😀Map\nmetadata:\n  name: a—b\n  namespace: n😀s\n';
    expect(wasmReading(shifted)).toEqual([{ apiVersion: 'v1', kind: 'Config😀Map', name: 'a—b', namespace: 'n😀s', label: undefined, dependsOn: [], dependsOnNamespaces: [] }]);
    expect(javascriptReading(shifted)).toEqual(wasmReading(shifted));
  });

  it('lets the express path pass a kit whose slot file the module leaves to the JavaScript reader', () => {
    const slotFile = `${helmReleaseYaml('bp-cert-manager', ['bp-cilium'])}  values:\n    greeting: élan\n`;
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': slotFile } });
    expect(wasmReading(slotFile)).toBe('left to JavaScript');
    expect(expressCheck({ argv: ['check', '--quiet', '--root', root], cwd: root, env: {}, isTTY: false })?.stdout).toMatch(/^PASSED Present 2 /);
  });

  it('gives way to the JavaScript reader where this Node runs without WebAssembly (--jitless)', () => {
    const run = spawnSync(process.execPath, ['--jitless', join(projectRoot, 'bin', 'bootstrap-deps.js'), 'check', '--quiet', '--root', join(projectRoot, 'fixtures', 'sovereign')], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^PASSED Present 49 /);
    expect(run.status).toBe(0);
  });
});
