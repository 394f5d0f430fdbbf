// Reports are written in pieces (src/report/chunks.ts): a report of 520,000
// findings as one string was hundreds of MB. These tests hold the pieces to
// the text they replace: JSON.stringify for the JSON layout, the formatter's
// whole string for every format, and the CLI's output for both.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/audit.js';
import { joinChunks, joinLines, JsonItems, jsonChunks, writeChunks } from '../src/report/chunks.js';
import { FORMAT_NAMES, loadChunkFormatter, loadFormatter } from '../src/report/formatter.js';
import { formatMarkdown } from '../src/report/markdown.js';
import type { Report } from '../src/report/report.js';
import type { GraphView, GraphViewNode } from '../src/graph/view.js';
import { caseRoot, runCli } from './helpers.js';
import { buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

describe('jsonChunks', () => {
  it('joins to JSON.stringify(value, null, 2) at every depth', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 5 }), (value, depth) => {
      expect(joinChunks(jsonChunks(value, depth))).toBe(JSON.stringify(value, null, 2));
    }), { numRuns: 300 });
  });

  it('leaves out what JSON.stringify leaves out, and calls toJSON', () => {
    const value = {
      a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s'), 1], d: {}, e: [], f: { toJSON: () => ({ g: [1, 2] }) },
      h: new Date(0), i: { j: { k: 'x\ny' } }, only: { gone: undefined },
    };
    for (const depth of [0, 1, 2, 3, 4]) expect(joinChunks(jsonChunks(value, depth))).toBe(JSON.stringify(value, null, 2));
  });

  it('writes long arrays item by item at any depth, as JSON.stringify would', () => {
    const long = Array.from({ length: 1000 }, (_, index) => (index % 3 === 0 ? `n${index}` : index % 3 === 1 ? { a: [index], b: undefined } : [index, null]));
    const value = { order: [long, ['x']], deep: { deeper: { long, empty: [] } }, sparse: [...long, undefined, () => 1] };
    for (const depth of [0, 1, 2, 3]) expect(joinChunks(jsonChunks(value, depth))).toBe(JSON.stringify(value, null, 2));
    // The 1,000 items of `order`'s first level are pieces of their own, though that level is past depth 2.
    expect([...jsonChunks(value, 2)].filter((piece) => piece === '{\n  "a": [\n    1\n  ]\n}'.replaceAll('\n', '\n      '))).toHaveLength(1);
  });

  it('writes a JsonItems list as the array of its mapped items, one item per piece', () => {
    const value = { list: new JsonItems([1, 2, 3], (item) => ({ n: item, twice: item * 2 })), empty: new JsonItems([], (item) => item) };
    const expected = JSON.stringify({ list: [1, 2, 3].map((n) => ({ n, twice: n * 2 })), empty: [] }, null, 2);
    expect(joinChunks(jsonChunks(value, 2))).toBe(expected);
    expect(JSON.stringify(value, null, 2)).toBe(expected);
    expect([...jsonChunks(value, 2)].filter((piece) => piece.includes('"twice"'))).toHaveLength(3);
  });
});

describe('writeChunks and joinLines', () => {
  it('hands over the pieces joined, in order, in writes of about the given size', () => {
    const pieces = Array.from({ length: 1000 }, (_, index) => `piece ${index};`);
    const writes: string[] = [];
    writeChunks(pieces, (text) => writes.push(text), 100);
    expect(writes.join('')).toBe(pieces.join(''));
    expect(writes.length).toBeGreaterThan(50);
    // A write ends where a piece ends, once it has reached the size.
    for (const write of writes.slice(0, -1)) {
      expect(write.length).toBeGreaterThanOrEqual(100);
      expect(write.endsWith(';')).toBe(true);
    }
    const none: string[] = [];
    writeChunks([], (text) => none.push(text));
    expect(none).toEqual([]);
  });

  it('joinLines is lines.join("\\n")', () => {
    for (const lines of [[], [''], ['a'], ['a', '', 'b'], ['', '']]) expect(joinChunks(joinLines(lines))).toBe(lines.join('\n'));
  });
});

/** A kit whose one HelmRelease depends on `count` names that exist nowhere: `count` located findings. */
function manyFindingsRepo(count: number): string {
  const names = Array.from({ length: count }, (_, index) => `d${index}`);
  return buildRepo({
    kit: { '03-bp-flow.yaml': helmReleaseYaml('bp-flow', names) },
    kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flow.yaml']),
  });
}

describe('every format in pieces', () => {
  // On many findings, the next test: the CLI writes the chunk formatter's pieces, compared there with the whole string.
  it('joins to the formatter\'s string, on the showcase', async () => {
    for (const root of [caseRoot('formatter-showcase')]) {
      const report = await check({ root, cwd: root });
      for (const format of FORMAT_NAMES) {
        const whole = (await loadFormatter(format))(report);
        const pieces = [...(await loadChunkFormatter(format))(report)];
        expect(pieces.length, format).toBeGreaterThan(1);
        expect(pieces.join(''), format).toBe(whole);
      }
    }
  });

  it('the CLI prints, in writes of about 1 MB, exactly the formatter\'s string', async () => {
    // 6,000 findings: every format is over 1.5 MB (text, the smallest, 1.6 MB), so it is written in several pieces.
    const root = manyFindingsRepo(6000);
    const report = await check({ root, cwd: root });
    expect(report.summary.errors).toBe(6001);
    for (const format of FORMAT_NAMES) {
      const result = await runCli(['check', '--format', format], { cwd: root });
      expect(result.code, format).toBe(1);
      expect(result.stdout.length, format).toBeGreaterThan(1 << 20);
      expect(result.stdout === (await loadFormatter(format))(report), format).toBe(true);
    }
  });
});

describe('markdown with a very long findings table', () => {
  it('writes 200,000 rows (spreading them into push() overflowed the stack)', async () => {
    const root = caseRoot('formatter-showcase');
    const base = await check({ root, cwd: root });
    const report: Report = { ...base, dag: [], findings: Array.from({ length: 200000 }, () => base.findings[0]!) };
    const text = formatMarkdown(report);
    expect(text.split('\n').filter((line) => line.startsWith('| ❌ error |') || line.startsWith('| ⚠️ warning |'))).toHaveLength(200000);
  });
});

describe('text DAG lines in pieces', () => {
  it('trims the end of a line as the whole line trimmed would, names ending in spaces included', async () => {
    const root = caseRoot('formatter-showcase');
    const base = await check({ root, cwd: root });
    const { formatText } = await import('../src/report/text.js');
    const entry = (name: string, edges: string[]): Report['dag'][number] => ({
      slot: '01', name, wave: 'w', present: true, declared: true, dependsOn: edges, edges: edges.map((to) => ({ to, kind: 'agreed' as const })), file: null,
    });
    const dag = [entry('a', []), entry('b', ['x ', '  ']), entry('c', ['y', 'z  ']), entry('d', ['   ']), entry('e', ['p', ' q '])];
    const text = formatText({ ...base, findings: [], cycles: [], dag });
    // The line as it was made before: joined, then trimmed.
    const expected = (name: string, edges: string[]) => `    [P] 01  ${name}  ${edges.length > 0 ? `→ ${edges.join(', ')}` : ''}`.trimEnd();
    for (const { name, dependsOn } of dag) expect(text.split('\n')).toContain(expected(name, dependsOn));
    expect(text).toContain(`${expected('a', [])}\n${expected('b', ['x ', '  '])}\n`);
  });
});

describe('markdown Mermaid drawing made as it is written', () => {
  // The drawing as it was made before: the DAG and drift findings as a GraphView, then formatMermaid.
  function referenceDrawing(report: Report, formatMermaid: (view: GraphView) => string): string {
    const nodes: GraphViewNode[] = report.dag.map((entry) => ({
      name: entry.name, slot: entry.slot, wave: entry.declared ? entry.wave : '(not declared)',
      status: !entry.declared ? 'undeclared' : entry.present ? 'present' : 'deferred',
    }));
    const drift = [...report.findings, ...(report.suppressed ?? [])];
    const has = (rule: string, from: string, to: string) => drift.some((finding) => finding.rule === rule && finding.hr === from && finding.dependency === to);
    const edges: GraphView['edges'] = [];
    for (const entry of report.dag) {
      const extra = drift.filter((finding) => finding.rule === 'drift/extra-edge' && finding.hr === entry.name && finding.dependency).map((finding) => finding.dependency!);
      for (const dependency of [...new Set([...entry.dependsOn, ...extra])].sort()) {
        const kind = !entry.declared || !entry.dependsOn.includes(dependency) ? 'extra'
          : !entry.present ? 'planned' : has('drift/missing-edge', entry.name, dependency) ? 'missing' : 'agreed';
        edges.push({ from: entry.name, to: dependency, kind });
      }
    }
    const known = new Set(nodes.map((node) => node.name));
    for (const edge of edges) {
      if (known.has(edge.to)) continue;
      known.add(edge.to);
      nodes.push({ name: edge.to, slot: null, wave: '(not declared)', status: 'undeclared' });
    }
    return formatMermaid({ nodes, edges, waves: [...new Set(nodes.map((node) => node.wave ?? '(no wave)'))] }).trimEnd();
  }

  it('is the drawing the report\'s DAG and drift findings made before', async () => {
    const { formatMermaid } = await import('../src/graph/mermaid.js');
    const root = caseRoot('formatter-showcase');
    const base = await check({ root, cwd: root });
    const entry = (name: string, dependsOn: string[], declared: boolean, present: boolean, wave: string | null): Report['dag'][number] =>
      ({ slot: declared ? '01' : null, name, wave, present, declared, dependsOn, file: null });
    const finding = (rule: string, hr: string, dependency: string) => ({ ...base.findings[0]!, rule: rule as never, hr, dependency });
    const dag = [
      entry('a', ['b', 'c', 'x'], true, true, 'w1'), entry('b', [], true, true, 'w1'), entry('c', ['z', 'b'], true, false, null),
      entry('d', ['y', 'a', 'y'], false, true, null), entry('a', ['q'], false, true, null), entry('e', ['b', 'a'], true, true, 'w2'),
    ];
    const report: Report = {
      ...base, dag, cycles: [],
      findings: [finding('drift/missing-edge', 'a', 'c'), finding('drift/extra-edge', 'a', 'w'), finding('drift/extra-edge', 'e', 'b')],
      suppressed: [{ ...finding('drift/extra-edge', 'e', 'v'), suppression: { kind: 'baseline', file: 'x' } }],
    };
    const section = formatMarkdown(report).split('```mermaid\n')[1]!.split('\n```')[0]!;
    expect(section).toBe(referenceDrawing(report, formatMermaid));
    expect(section).toContain('-->|missing|');
    // And on a checked kit, its 5,000 unknown targets each a node of its own.
    const many = await check({ root: manyFindingsRepo(5000), cwd: root });
    expect(formatMarkdown(many).split('```mermaid\n')[1]!.split('\n```')[0]).toBe(referenceDrawing(many, formatMermaid));
  });
});
