// Issue 13: cycles and chains at scale. No recursion (a deep graph must not
// overflow the stack), no per-node copies, each cycle once with a short path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DependencyGraph, findCycles, installLevels, installPlan } from '../src/model/graph.js';
import { EXPECTED, KIT, runCli, temporaryDirectory } from './helpers.js';
import { helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

const at = { file: 'x.yaml', line: 1, column: 1 };

function graphOf(edges: Array<[string, string]>): DependencyGraph {
  const graph = new DependencyGraph();
  for (const [from, to] of edges) graph.addEdge(from, to, 'onDisk', at);
  return graph;
}

const name = (index: number) => `n${String(index).padStart(6, '0')}`;

describe('findCycles', () => {
  it('a ring of 20,000 is one cycle, found without recursion', () => {
    const edges: Array<[string, string]> = [];
    for (let index = 0; index < 20_000; index += 1) edges.push([name(index), name((index + 1) % 20_000)]);
    const cycles = findCycles(graphOf(edges));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(20_001);
    expect(cycles[0]![0]).toBe(name(0));
    expect(cycles[0]![1]).toBe(name(1));
  });

  it('a 5,000-deep chain into a 2-cycle: the 2-cycle alone', () => {
    const edges: Array<[string, string]> = [];
    for (let index = 0; index < 5_000; index += 1) edges.push([name(index), name(index + 1)]);
    edges.push([name(5_000), 'z-a'], ['z-a', 'z-b'], ['z-b', 'z-a']);
    expect(findCycles(graphOf(edges))).toEqual([['z-a', 'z-b', 'z-a']]);
  });

  it('a group with a long and a short way round reports the short one through its first name', () => {
    // a → b → c → d → a, and a → d → a: the short cycle covers a and d; b and c need the long one.
    const cycles = findCycles(graphOf([['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'a'], ['a', 'd']]));
    expect(cycles).toEqual([['a', 'b', 'c', 'd', 'a'], ['a', 'd', 'a']]);
  });

  it('two loops sharing a name: each once, every member covered', () => {
    expect(findCycles(graphOf([['a', 'b'], ['b', 'a'], ['b', 'c'], ['c', 'b']]))).toEqual([['a', 'b', 'a'], ['b', 'c', 'b']]);
  });

  it('a self-dependency and two separate groups', () => {
    expect(findCycles(graphOf([['s', 's'], ['x', 'y'], ['y', 'x'], ['p', 'q'], ['q', 'r'], ['r', 'p']]))).toEqual([
      ['p', 'q', 'r', 'p'], ['s', 's'], ['x', 'y', 'x'],
    ]);
  });

  it('every cycle path is elementary: no name twice before it closes', () => {
    // A dense group: every i depends on i+1 and i+3 (mod 40).
    const edges: Array<[string, string]> = [];
    for (let index = 0; index < 40; index += 1) edges.push([name(index), name((index + 1) % 40)], [name(index), name((index + 3) % 40)]);
    const cycles = findCycles(graphOf(edges));
    const covered = new Set(cycles.flat());
    expect(covered.size).toBe(40);
    for (const cycle of cycles) expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
  });
});

describe('installPlan', () => {
  it('keeps links, not a chain per HelmRelease: a 40,000-long chain', () => {
    const edges: Array<[string, string]> = [];
    for (let index = 1; index < 40_000; index += 1) edges.push([name(index), name(index - 1)]);
    const graph = graphOf(edges);
    const plan = installPlan(graph, installLevels(graph));
    expect(plan.longestChain).toHaveLength(40_000);
    expect(plan.longestChain[0]).toBe(name(0));
    expect(plan.chainBelow(name(3))).toEqual([name(0), name(1), name(2), name(3)]);
    expect(plan.chainAbove(name(39_997))).toEqual([name(39_997), name(39_998), name(39_999)]);
  });

  it('ties go to the alphabetically first dependency', () => {
    const graph = graphOf([['top', 'b'], ['top', 'a'], ['a', 'root'], ['b', 'root']]);
    const plan = installPlan(graph, installLevels(graph));
    expect(plan.longestChain).toEqual(['root', 'a', 'top']);
    expect(plan.chainAbove('root')).toEqual(['root', 'a', 'top']);
  });
});

describe('check on a ring of 3,000 HelmReleases', () => {
  it('reports the one cycle and exits 2 (was a stack overflow, exit 3)', async () => {
    const root = temporaryDirectory();
    mkdirSync(join(root, KIT), { recursive: true });
    mkdirSync(join(root, 'scripts'));
    const size = 3_000;
    const files: string[] = [];
    const expected = ['slots:'];
    for (let index = 0; index < size; index += 1) {
      const file = `${index + 1}-${name(index)}.yaml`;
      files.push(file);
      writeFileSync(join(root, KIT, file), helmReleaseYaml(name(index), [name((index + 1) % size)]));
      expected.push(`  - slot: ${index + 1}`, `    name: ${name(index)}`, `    depends_on: [${name((index + 1) % size)}]`);
    }
    writeFileSync(join(root, KIT, 'kustomization.yaml'), kustomizationYaml(files));
    writeFileSync(join(root, EXPECTED), `${expected.join('\n')}\n`);
    const result = await runCli(['check', '--format', 'json'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.summary.cycles).toBe(1);
    expect(report.cycles[0]).toHaveLength(size + 1);
    expect(report.findings).toMatchObject([{ rule: 'graph/cycle', file: `${KIT}/1-${name(0)}.yaml` }]);
  }, 60_000);
});
