import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helmReleasesInFile } from '../src/load/kit-file.js';
import type { KitFileOptions } from '../src/load/kit-file.js';
import { scanSlotFile } from '../src/load/slot-scan.js';
import { parseYamlText } from '../src/load/yaml-file.js';
import { parseWithYamlLibrary } from '../src/load/yaml-lib-tree.js';
import type { Finding, KubeObject } from '../src/model/types.js';
import { projectRoot, yamlFilesUnder } from './helpers.js';

// The slot scan (src/load/slot-scan.ts) may decline any text; for every text it
// reads, the yaml package must parse it without error, and the tree path must
// build the very same records, with no finding.

const SLOT_LABEL = 'catalyst.openova.io/slot';

async function treeRecords(text: string, options: KitFileOptions) {
  const { file, findings } = await parseYamlText('/kit/01-a.yaml', text);
  const objects: KubeObject[] = [];
  const all: Finding[] = [...findings];
  const helmReleases = file ? helmReleasesInFile(file, options, all, objects) : [];
  return { objects, helmReleases, findings: all };
}

/** Whether the scan read `text`; when it did, the tree path and the yaml package agree with it. */
async function expectSameAsTreePath(text: string, options: KitFileOptions = { slotLabel: SLOT_LABEL }): Promise<boolean> {
  const scanned = scanSlotFile('/kit/01-a.yaml', text, options, true);
  // The scan's two ways of finding ends (loops, regular expressions: see SlotScanner.loops) agree, declines included.
  expect(JSON.stringify(scanSlotFile('/kit/01-a.yaml', text, options, false)), text).toBe(JSON.stringify(scanned));
  if (!scanned) return false;
  const library = parseWithYamlLibrary(text);
  expect(library.error, `the yaml package rejects a text the scan read:\n${text}`).toBeUndefined();
  const tree = await treeRecords(text, options);
  expect(tree.findings, `the tree path reports what the scan read without a word:\n${text}`).toEqual([]);
  // As JSON: the same fields in the same order, as every formatter sees them.
  expect(JSON.stringify(scanned.objects), text).toBe(JSON.stringify(tree.objects));
  expect(JSON.stringify(scanned.helmReleases), text).toBe(JSON.stringify(tree.helmReleases));
  return true;
}

/** The slot files of every kit under `dir`: its YAML files but kustomization.yaml. */
const slotFilesUnder = (dir: string) => yamlFilesUnder(dir).filter((file) => file.includes('bootstrap-kit') && !file.endsWith('/kustomization.yaml'));

const release = (lines: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: bp-a
  namespace: flux-system
  labels:
    ${SLOT_LABEL}: "05"
spec:
${lines}`;

describe('slot scan', () => {
  it('reads every kit file of the fixtures as the tree path does', async () => {
    const files = slotFilesUnder(join(projectRoot, 'fixtures'));
    expect(files.length).toBeGreaterThan(49);
    let read = 0;
    for (const file of files) if (await expectSameAsTreePath(readFileSync(file, 'utf8'))) read += 1;
    // The sovereign kit is plain block YAML throughout: the scan must read all of it, or it saves nothing.
    expect(read / files.length).toBeGreaterThan(0.9);
  });

  const corpus = join(projectRoot, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('reads the real kits of ../shared/corpus as the tree path does (skipped without it)', async () => {
    const files = slotFilesUnder(corpus);
    let read = 0;
    for (const file of files) if (await expectSameAsTreePath(readFileSync(file, 'utf8'))) read += 1;
    expect(read / files.length).toBeGreaterThan(0.95);
  });

  it('reads the fields of a HelmRelease with their locations', async () => {
    const text = release(`  dependsOn:
    - name: bp-b  # first
    - name: '12'
      namespace: other
  chart:
    spec:
      version: 1.2.0
  values:
    script: |
      #!/bin/sh
      echo "a: b"
    list: []
`);
    expect(await expectSameAsTreePath(text)).toBe(true);
    const scanned = scanSlotFile('/kit/01-a.yaml', text, { slotLabel: SLOT_LABEL })!;
    expect(scanned.helmReleases[0]).toMatchObject({
      name: 'bp-a',
      namespace: 'flux-system',
      dependsOnLocation: { line: 9, column: 3 },
      dependsOn: [
        { name: 'bp-b', location: { line: 10, column: 7 }, nameLocation: { line: 10, column: 13 } },
        { name: '12', namespace: 'other', location: { line: 11, column: 7 } },
      ],
      slotLabel: { value: '05', location: { line: 7, column: 31 } },
      chartVersion: { value: '1.2.0', location: { line: 15, column: 16 } },
    });
  });

  it('reads block and flow mappings of many keys (a Set past 32)', async () => {
    const keys = Array.from({ length: 100 }, (_, index) => `k${index}`);
    expect(await expectSameAsTreePath(release(`  values:\n${keys.map((key) => `    ${key}: v`).join('\n')}\n`))).toBe(true);
    expect(await expectSameAsTreePath(release(`  values: {${keys.map((key) => `${key}: v`).join(', ')}}\n`))).toBe(true);
  });

  // The bench's flow list of 100,000 items like "v\t1" went to the tree path, 12 times slower per item than a plain one.
  it('reads double-quoted flow items with escapes fast-yaml reads, and leaves it those it declines', async () => {
    expect(await expectSameAsTreePath(release('  values: ["v\\t1", "\\u00e9", "a\\"b", "\\x41", "\\\\", {k: "\\n"}]\n'))).toBe(true);
    // A quote of a later line closing an item that does not close on its own: the tree path's (it declines too).
    expect(scanSlotFile('/kit/01-a.yaml', release('  values: ["a\\"]\n  x: "b"\n'), { slotLabel: SLOT_LABEL }, true)).toBeUndefined();
    for (const escape of ['\\q', '\\x4', '\\ud800', '\\']) {
      expect(scanSlotFile('/kit/01-a.yaml', release(`  values: ["${escape}"]\n`), { slotLabel: SLOT_LABEL }, true), escape).toBeUndefined();
    }
  });

  // Prettier writes a long flow list one item a line, below its key or after it: the bench's 100,000 such lines went to
  // the tree path, 2.7 times the time of the same list on one line.
  it('reads a flow collection over several lines as fast-yaml does, and leaves it those it declines', async () => {
    const read = [
      '  values:\n    [\n      "v\\t0",\n      v1,\n\n      \'v2\',\n    ]\n  interval: 5m\n',
      '  values:\n    {\n      a: 1,\n      b: [x,\n        y],\n    }  # after\n',
      '  values: [a,\n    b, {c: d,\n      e: f}]\n  interval: 5m\n',
      '  values:\n    - [a,\n      b]\n    - c\n',
      '  values:\n    args:\n      [--a, --b,\n       --c]\n',
    ];
    for (const lines of read) expect(await expectSameAsTreePath(release(lines)), lines).toBe(true);
    const fields = scanSlotFile('/kit/01-a.yaml', release(`${read[0]}  dependsOn:\n    - name: bp-b\n`), { slotLabel: SLOT_LABEL }, true);
    expect(fields?.helmReleases[0]?.dependsOn).toEqual([{ name: 'bp-b', location: { file: '/kit/01-a.yaml', line: 18, column: 7 }, nameLocation: { file: '/kit/01-a.yaml', line: 18, column: 13 } }]);
    const declined = [
      ['a comment inside', '  values:\n    [\n      a, # c\n      b,\n    ]\n'],
      ['a comment line inside', '  values:\n    [\n      a,\n      # c\n      b,\n    ]\n'],
      ['a quoted item over a line break', '  values:\n    [\n      "a\n      b",\n    ]\n'],
      ['a plain item over a line break', '  values:\n    [\n      a\n      b,\n    ]\n'],
      ['a key apart from its colon', '  values:\n    {\n      a\n      : 1,\n    }\n'],
      ['a line indented less than the flow', '  values:\n    [\n      a,\n   b,\n    ]\n'],
      ['a close at the key\'s indentation after the key', '  values: [\n    a,\n  ]\n'],
      ['content after the close', '  values:\n    [\n      a,\n    ] b\n'],
      ['a dependsOn over lines', '  dependsOn:\n    [\n      {name: bp-b},\n    ]\n'],
      ['an unclosed flow', '  values:\n    [\n      a,\n'],
    ];
    for (const [what, lines] of declined) {
      expect(scanSlotFile('/kit/01-a.yaml', release(lines!), { slotLabel: SLOT_LABEL }, true), what).toBeUndefined();
      expect(scanSlotFile('/kit/01-a.yaml', release(lines!), { slotLabel: SLOT_LABEL }, false), what).toBeUndefined();
    }
  });

  it('agrees with the tree path on generated flows over several lines, whatever it declines', async () => {
    // Mostly what it reads, and some of what it must leave to the tree path.
    const item = fc.oneof(
      { arbitrary: fc.constantFrom('a', '"b"', "'c'", '-d', 'e f', '{k: v}', '[x, y]', '{}', '[]', '"t\\tu"', 'g:h'), weight: 6 },
      { arbitrary: fc.constantFrom('#i', 'j # c', '"k', "l'", '*m', 'n: o', '"p\n      q"'), weight: 1 },
    );
    // Between two tokens: a space, a line break to a line of some indentation, or a blank line between.
    const gap = fc.oneof(
      { arbitrary: fc.constant(' '), weight: 3 },
      { arbitrary: fc.constantFrom(5, 6, 8).map((indent) => `\n${' '.repeat(indent)}`), weight: 3 },
      { arbitrary: fc.constantFrom(0, 2, 3, 4).map((indent) => `\n${' '.repeat(indent)}`), weight: 1 },
      { arbitrary: fc.constantFrom('\n\n      ', '\n   \n      ', '\n      # c\n      '), weight: 1 },
    );
    const flow = fc.tuple(fc.constantFrom('[', '{'), fc.array(fc.tuple(item, gap, gap), { minLength: 1, maxLength: 6 }), fc.boolean(), gap)
      .map(([open, items, trailingComma, last]) => {
        const body = items.map(([value, before, after], index) => `${before}${open === '{' && !value.includes(':') ? `k${index}: ${value}` : value}${index < items.length - 1 || trailingComma ? ',' : ''}${after}`).join('');
        return `${open}${body}${last}${open === '[' ? ']' : '}'}`;
      });
    const texts = fc.tuple(flow, fc.constantFrom('  values:\n    ', '  values: ', '  values:\n    - ', '  values:\n    args:\n      '), fc.constantFrom('', '  # after', ' x', '\n  interval: 5m', '\n      deeper: 1', '\n  dependsOn:\n    - name: bp-b'))
      .map(([value, head, tail]) => release(`${head}${value}${tail}\n`));
    let read = 0;
    await fc.assert(fc.asyncProperty(texts, async (text) => {
      if (await expectSameAsTreePath(text)) read += 1;
    }), { numRuns: Number(process.env.SLOT_SCAN_RUNS ?? 1500) });
    expect(read).toBeGreaterThan(100);
  });

  it('gives a namespace override to every HelmRelease, as kustomize does', async () => {
    expect(await expectSameAsTreePath(release('  interval: 5m\n'), { slotLabel: SLOT_LABEL, namespaceOverride: 'kit' })).toBe(true);
  });

  // Each of these the tree path reports, or reads in a way the scan does not: the scan leaves them to it.
  it.each([
    ['a tab', release('\tinterval: 5m\n')],
    ['a CRLF line end', release('  interval: 5m\r\n')],
    ['a HelmRelease without a name', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  interval: 5m\n'],
    ['a dependsOn that is a string', release('  dependsOn: bp-b\n')],
    ['a dependsOn item that is a string', release('  dependsOn:\n    - bp-b\n')],
    ['a dependsOn item with an unknown key', release('  dependsOn:\n    - name: bp-b\n      nmespace: x\n')],
    ['a dependsOn item with a readyExpr', release('  dependsOn:\n    - name: bp-b\n      readyExpr: dep.status.ready\n')],
    ['a dependsOn item without a name', release('  dependsOn:\n    - namespace: x\n')],
    ['a dependsOn in flow style', release('  dependsOn: [{name: bp-b}]\n')],
    ['a List', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n'],
    ['a duplicate key', release('  interval: 5m\n  interval: 6m\n')],
    ['a scalar over two lines', release('  interval: 5m\n    more\n')],
    ['an anchor', release('  interval: &i 5m\n')],
    ['an escape', release('  interval: "5\\u006d"\n')],
    ['a key that is a number', release('  values:\n    1: x\n')],
    ['a document that is not a mapping', '- a\n'],
    ['a file of comments only', '# nothing yet\n'],
    ['a value with ": " in it', release('  interval: a: b\n')],
    ['a no-break space ending a value', release('  interval: 5m\u00a0\n')],
    ['a U+2028 after a marker (no marker to YAML)', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\u2028\nkind: ConfigMap\n'],
    ['a U+2028 after a key\'s colon (one plain scalar to YAML)', 'kind:\u2028x\n'],
    ['a U+2029 in a value', 'kind: a:\u2029b\n'],
    ['a key over 1,024 characters', release(`  values:\n    ${'k'.repeat(1025)}: v\n`)],
    ['a quoted merge key', release('  values:\n    "<<": x\n')],
    ['a duplicate key past the 32nd of a block mapping', release(`  values:\n${Array.from({ length: 40 }, (_, index) => `    k${index}: v`).join('\n')}\n    k35: w\n`)],
    ['a duplicate key past the 32nd of a flow mapping', release(`  values: {${Array.from({ length: 40 }, (_, index) => `k${index}: v`).join(', ')}, k35: w}\n`)],
  ])('declines %s', (_, text) => {
    expect(scanSlotFile('/kit/01-a.yaml', text, { slotLabel: SLOT_LABEL }, true)).toBeUndefined();
    expect(scanSlotFile('/kit/01-a.yaml', text, { slotLabel: SLOT_LABEL }, false)).toBeUndefined();
  });

  it('agrees with the tree path on generated slot files, whatever it declines', async () => {
    const scalar = fc.constantFrom('bp-b', 'flux-system', '"05"', '05', '5', "'it''s'", '""', "''", '~', 'null', 'true', '1.2.0', '-x', 'a b', 'x # c', 'a#b', '"a: b"', 'x:y', "'x'  # c", 'x ');
    const key = fc.constantFrom('name', 'namespace', 'interval', 'values', '"quoted"', "'q'", 'kind', 'spec', 'version', SLOT_LABEL, 'bootstrap-deps.io/ignore', 'dependsOn', 'readyExpr', 'True');
    const line = fc.tuple(fc.constantFrom(0, 2, 4, 6, 8), fc.oneof(
      fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`),
      key.map((k) => `${k}:`),
      scalar.map((v) => `- ${v}`),
      fc.tuple(key, scalar).map(([k, v]) => `- ${k}: ${v}`),
      fc.constantFrom('- ', '-', '# comment', '', '   ', '---', '--- # c', 'script: |', 'text: >-', '|', 'list: []', 'map: {}', '  body of a block', 'x: [a]',
        'a: &x 1', 'b: *x', '...', '- - x', '"k\\"x": 1', "'a''b': 1", '"a": 1', "'name': x", 'k:  # c', 'k: "open', 'k: x:', '? k', '!t x', 'k: |2', 'k: |+',
        'r: { requests: { cpu: 100m, memory: 128Mi } }', 'f: [a, "b", \'c\', {d: e}]', 'f: [a, , b]', 'f: {a: }', 'f: {a:b}', 'f: [a # c]',
        'f: {"q": 1}', 'f: {a: 1, a: 2}', 'f: [a,]', 'f: [a', 'f: [*x]', 'f: {true: 1}', 'f: [-a, - a, :x]',
        'f: ["a\\tb", "\\u00e9", "x\\"y"]', 'f: ["\\q"]', 'f: ["\\x4", b]', 'f: {a: "\\\\"}', 'f: ["a\\"]', 'f: ["\\ud800"]',
        // Pieces of flows over several lines (prettier's long lists).
        '[', ']', '{', '}', '],', '},', 'f: [a,', 'f: {k: v,', 'a,', 'b]', 'k: v}', '"q", \'r\',', 'x: y,', '[a,', '{k: [x,', 'y]}', 'a, # c', '"a', 'b"]'),
    )).map(([indent, text]) => ' '.repeat(indent) + text);
    const skeleton = fc.constantFrom(
      release(''),
      release('  dependsOn:\n'),
      release('  dependsOn:\n    - name: bp-b\n'),
      release('  dependsOn:\n  - name: bp-b\n    namespace: x\n'),
      release('  chart:\n    spec:\n'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n',
      'metadata:\n  name: bp-a\n  annotations:\n',
      '',
    );
    const texts = fc.tuple(skeleton, fc.array(line, { maxLength: 8 }), fc.constantFrom('', '\n---\n', '\n---\napiVersion: v1\nkind: Namespace\n'))
      .map(([head, lines, tail]) => `${head}${lines.join('\n')}${tail}`);
    let read = 0;
    await fc.assert(fc.asyncProperty(texts, async (text) => {
      if (await expectSameAsTreePath(text)) read += 1;
    }), { numRuns: Number(process.env.SLOT_SCAN_RUNS ?? 3000) });
    // Enough of them are read for the agreement to mean something.
    expect(read).toBeGreaterThan(300);
  });
});
