import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { runCli, temporaryDirectory } from './helpers.js';
// @ts-expect-error: the benchmark's generators are plain JavaScript
import { generateFluxRepository, generateKit } from './bench/bench.mjs';

// Past 150 nodes the drawing takes dagre's faster ranking. It once also turned
// dagre's ordering passes off, which lost the clusters' borders: every
// namespace or wave box came out 6 pixels high, its members outside it
// (szinn/k8s-homelab, 177 nodes). Each box must hold its members.

interface Box { x: number; y: number; width: number; height: number }

const rect = (text: string): Box => {
  const [, x, y, width, height] = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(text)!;
  return { x: Number(x), y: Number(y), width: Number(width), height: Number(height) };
};
const inside = (inner: Box, outer: Box) => inner.x >= outer.x && inner.y >= outer.y
  && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

function boxes(svg: string): { waves: Map<string, Box>; nodes: { name: string; box: Box }[] } {
  const waves = new Map([...svg.matchAll(/<g class="wave" data-wave="([^"]*)">(<rect[^>]*>)/g)].map(([, wave, text]) => [wave!, rect(text!)]));
  const nodes = [...svg.matchAll(/<g class="node[^"]*" id="[^"]*" data-name="([^"]*)"[^>]*><title>[^<]*<\/title>(<rect[^>]*>)/g)].map(([, name, text]) => ({ name: name!, box: rect(text!) }));
  return { waves, nodes };
}

/** Every node of `svg` inside the box of the wave `waveOf` names for it, and as many nodes as expected. */
function expectMembersInside(svg: string, count: number, waveOf: (name: string) => string): void {
  const { waves, nodes } = boxes(svg);
  expect(nodes.length).toBe(count);
  for (const { name, box } of nodes) expect(inside(box, waves.get(waveOf(name))!), `${name} in ${waveOf(name)}`).toBe(true);
}

describe('large drawings keep each wave or namespace box around its members', () => {
  it('a repository of 181 objects: every object inside its namespace\'s box', async () => {
    const root = temporaryDirectory();
    generateFluxRepository(root, 90);
    const { stdout, code } = await runCli(['graph', '--root', root, '--format', 'svg'], { cwd: root });
    expect(code).toBe(0);
    expectMembersInside(stdout, 181, (name) => name.split('/')[1]!);
  });

  it('a kit of 160 slots: every release inside the wave\'s box', async () => {
    const root = temporaryDirectory();
    generateKit(root, 160);
    const { stdout, code } = await runCli(['graph', '--root', root, '--format', 'svg'], { cwd: root });
    expect(code).toBe(0);
    expect([...boxes(stdout).waves.keys()]).toEqual(['present']);
    expectMembersInside(stdout, 160, () => 'present');
  });
});

type Dagre = typeof import('@dagrejs/dagre');
type LayoutGraph = Parameters<Dagre['layout']>[0];
type LayoutOptions = Parameters<Dagre['layout']>[1];

/** formatSvg with dagre's layout replaced by `layout` (given the real one), then dagre restored. */
async function svgWithLayout(view: unknown, layout: (actual: Dagre, graph: LayoutGraph, options?: LayoutOptions) => void): Promise<string> {
  vi.resetModules();
  vi.doMock('@dagrejs/dagre', async () => {
    const actual = (await vi.importActual<{ default: Dagre }>('@dagrejs/dagre')).default;
    return { default: { ...actual, layout: (graph: LayoutGraph, options?: LayoutOptions) => layout(actual, graph, options) } };
  });
  try {
    const { formatSvg } = await import('../src/graph/svg.js');
    return formatSvg(view as never);
  } finally {
    vi.doUnmock('@dagrejs/dagre');
    vi.resetModules();
  }
}

/** A view of one wave, `present`, holding `names`, with `edges` between them. */
const oneWave = (names: string[], edges: [string, string][]) => ({
  nodes: names.map((name) => ({ name, status: 'present' as const, wave: 'present' })),
  edges: edges.map(([from, to]) => ({ from, to, kind: 'agreed' as const })),
  waves: ['present'],
});

describe('a layout dagre cannot finish', () => {
  it('is laid out again with the next ranking, and still drawn', async () => {
    const rankers: string[] = [];
    const names = Array.from({ length: 151 }, (_, index) => `bp-${index}`);
    const svg = await svgWithLayout(oneWave(names, names.slice(1).map((name, index) => [name, names[index]!])), (actual, graph, options) => {
      const ranker = String(graph.graph().ranker);
      rankers.push(ranker);
      // What dagre throws on some compound graphs ranked by tight-tree (haraldkoch/kochhaus-home).
      if (ranker === 'tight-tree') throw new Error('Not possible to find intersection inside of the rectangle');
      actual.layout(graph, options);
    });
    expect(rankers).toEqual(['tight-tree', 'network-simplex']);
    expectMembersInside(svg, 151, () => 'present');
  });
});

describe('a box dagre draws smaller than its members', () => {
  // dagre draws a cluster's box from the border nodes of the last rank it spans; on
  // tyriis/home-ops 10 of 277 objects stood outside their namespace's box.
  it('is grown to hold every member', async () => {
    const svg = await svgWithLayout(oneWave(['bp-a', 'bp-b', 'bp-c'], [['bp-b', 'bp-a'], ['bp-c', 'bp-a']]), (actual, graph, options) => {
      actual.layout(graph, options);
      // The box of the wave shrunk to a sliver at its centre, as dagre leaves it when its borders close in.
      const box = graph.node('wave0');
      box.width = 4;
      box.height = 4;
    });
    expectMembersInside(svg, 3, () => 'present');
    // Grown with a margin: no member's edge on the box's edge.
    const { waves, nodes } = boxes(svg);
    const box = waves.get('present')!;
    expect(Math.min(...nodes.map((node) => node.box.y)) - box.y).toBeGreaterThanOrEqual(6);
  });
});
