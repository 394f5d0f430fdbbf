import dagre from '@dagrejs/dagre';
import type { EdgeKind, GraphView, GraphViewEdge, GraphViewNode, NodeStatus } from './view.js';
import { positionsOf } from './view.js';
import { nodeLabel } from './view.js';
import { orderKeepingEveryNode } from './layout-order.js';

// This module is reached only through dynamic imports (`graph --format svg`,
// `check --format html`), so dagre is loaded on those paths alone.

/**
 * Past this many nodes the picture is one box per wave instead of one per
 * release: dagre's layout grows faster than linearly (about 1 s at 1,000
 * nodes on the benchmark machine), and a drawing of thousands of boxes is
 * not something a person reads. `--focus NAME` still draws any neighbourhood.
 */
export const MAX_DRAWN_NODES = 600;
/** Past this many nodes the layout takes the faster options (see drawSvg). */
const LARGE_LAYOUT = 150;

export interface SvgOptions {
  /** Closed paths (`[a, b, a]`) from the model: their edges and nodes are highlighted. */
  cycles?: readonly (readonly string[])[];
  /** Prefix for ids inside the SVG, so several drawings can share one HTML page. */
  idPrefix?: string;
  /** Draw one box per wave past this many nodes (default MAX_DRAWN_NODES). */
  maxNodes?: number;
  /** Without the caption and styles (the HTML report has its own). */
  bare?: boolean;
  /** A repository's graph: nothing there is deferred or drift, so the caption names neither (and counts objects, not HelmReleases). */
  repository?: boolean;
  /** Releases with findings: a red (error) or amber (warning) dot on their box. */
  flagged?: ReadonlyMap<string, 'error' | 'warning'>;
}

/** What was drawn: the SVG text, and whether the graph was collapsed to waves. */
export interface SvgDrawing {
  svg: string;
  collapsed: boolean;
  width: number;
  height: number;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
    // Characters XML 1.0 forbids outright (controls other than tab and newline) become U+FFFD.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

const FONT_SIZE = 12;
const CHAR_WIDTH = 7.5;
const NODE_HEIGHT = 26;
const MAX_LABEL = 44;
const round = (value: number) => Math.round(value * 10) / 10;

const truncate = (text: string) => ([...text].length > MAX_LABEL ? `${[...text].slice(0, MAX_LABEL - 1).join('')}…` : text);

const STATUS_TEXT: Record<NodeStatus, string> = {
  present: 'present on disk',
  deferred: 'deferred: declared, not on disk yet',
  undeclared: 'on disk, not declared in the expected DAG',
};
const EDGE_TEXT: Record<EdgeKind, string> = {
  agreed: 'depends on',
  applies: 'is applied by',
  planned: 'will depend on (deferred)',
  missing: 'should depend on, but the HelmRelease lacks it (drift)',
  extra: 'depends on, but the expected DAG does not declare it (drift)',
};

/** The CSS of a drawing; the HTML report reuses it for its legend. */
export const SVG_STYLE = `
.bd-graph{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:${FONT_SIZE}px}
.bd-graph .wave rect{fill:#f6f8fa;stroke:#d0d7de;rx:6px}
.bd-graph .wave text{fill:#57606a;font-weight:600;font-size:11px}
.bd-graph .node rect{fill:#fff;stroke:#57606a;stroke-width:1.2px;rx:4px}
.bd-graph .node text{fill:#1f2328}
.bd-graph .node.deferred rect{stroke:#8c959f;stroke-dasharray:4 3;fill:#fafbfc}
.bd-graph .node.deferred text{fill:#6e7781}
.bd-graph .node.undeclared rect{stroke:#cf222e;stroke-width:2px;fill:#ffebe9}
.bd-graph .node.in-cycle rect{stroke:#8250df;stroke-width:2.5px}
.bd-graph .edge path{fill:none;stroke:#8c959f;stroke-width:1.2px}
.bd-graph .edge.planned path{stroke-dasharray:5 4}
.bd-graph .edge.applies path{stroke:#0969da;stroke-dasharray:2 3}
.bd-graph .edge.missing path{stroke:#cf222e;stroke-dasharray:5 4;stroke-width:1.8px}
.bd-graph .edge.extra path{stroke:#cf222e;stroke-width:2.2px}
.bd-graph .edge.in-cycle path{stroke:#8250df;stroke-width:2.5px}
.bd-graph .caption{fill:#57606a}
.bd-graph .marker-gray{fill:#8c959f}.bd-graph .marker-red{fill:#cf222e}.bd-graph .marker-cycle{fill:#8250df}
`;

interface DrawNode {
  id: string;
  name: string;
  label: string;
  status: NodeStatus;
  wave: string;
  title: string;
  inCycle: boolean;
}

interface DrawEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  inCycle: boolean;
  title: string;
}

/** Cycle membership: the nodes on a reported cycle and its consecutive edges. */
function cycleSets(cycles: readonly (readonly string[])[]) {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const cycle of cycles) {
    cycle.forEach((name, index) => {
      nodes.add(name);
      if (index + 1 < cycle.length) edges.add(`${name}\u0000${cycle[index + 1]}`);
    });
  }
  return { nodes, edges };
}

const waveOf = (node: GraphViewNode) => node.wave ?? '(no wave)';

/**
 * Longest dependsOn chain below each node (0: depends on nothing drawn); undefined when there is a cycle.
 * Names are numbered once and the search runs on the numbers: a Map, a Set and a
 * list per name for 520,000 dependency leaves were 70 MB of garbage per drawing.
 */
function installLevels(view: GraphView): { get(name: string): number | undefined; numberOf: { get(name: string): number | undefined } } | undefined {
  // A node is numbered by its position in the view; a name only an edge reaches, after them.
  const positions = positionsOf(view);
  const others = new Map<string, number>();
  const numberOf = { get: (name: string) => positions.get(name) ?? others.get(name) };
  const number = (name: string) => {
    let found = numberOf.get(name);
    if (found === undefined) others.set(name, found = view.nodes.length + others.size);
    return found;
  };
  // Dependencies of the nodes drawn, in edge order (a name not drawn has none).
  const dependencies: (number[] | undefined)[] = [];
  for (const edge of view.edges) {
    const from = positions.get(edge.from);
    if (from === undefined) continue;
    const to = number(edge.to);
    (dependencies[from] ??= []).push(to);
  }
  const size = view.nodes.length + others.size;
  const level = new Int32Array(size).fill(-1);
  const onStack = new Uint8Array(size);
  const stackNode: number[] = [];
  const stackChild: number[] = [];
  for (const start of view.nodes) {
    const first = numberOf.get(start.name)!;
    if (level[first] !== -1) continue;
    // Iterative depth-first search: a deep chain must not overflow the stack.
    stackNode.push(first);
    stackChild.push(0);
    onStack[first] = 1;
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const children = dependencies[stackNode[top]!] ?? [];
      if (stackChild[top]! < children.length) {
        const child = children[stackChild[top]!]!;
        stackChild[top] = stackChild[top]! + 1;
        if (onStack[child]) return undefined;
        if (level[child] === -1) {
          stackNode.push(child);
          stackChild.push(0);
          onStack[child] = 1;
        }
        continue;
      }
      // A loop, not Math.max(...levels): a release with 520,000 dependencies overflows the stack with a spread.
      let deepest = -1;
      for (const child of children) deepest = Math.max(deepest, level[child]!);
      level[stackNode[top]!] = deepest + 1;
      onStack[stackNode[top]!] = 0;
      stackNode.pop();
      stackChild.pop();
    }
  }
  return {
    get: (name: string) => {
      const found = numberOf.get(name);
      return found === undefined || level[found] === -1 ? undefined : level[found];
    },
    numberOf,
  };
}

/** Past this many boxes the collapsed drawing groups by wave alone. */
const MAX_GROUPS = 150;

/**
 * One box per wave and install level (per wave alone when there is a cycle or
 * too many levels); edges between boxes counted, the worst kind shown.
 */
function collapse(view: GraphView, cycles: ReturnType<typeof cycleSets>, repository = false): { nodes: DrawNode[]; edges: DrawEdge[] } {
  let levels = cycles.nodes.size > 0 ? undefined : installLevels(view);
  // One key string per group, shared by its nodes (520,000 nodes in a few groups made 520,000 copies).
  const keys = new Map<string, Map<number | undefined, string>>();
  const groupKey = (node: GraphViewNode) => {
    if (!levels) return waveOf(node);
    const level = levels.get(node.name);
    let byLevel = keys.get(waveOf(node));
    if (!byLevel) keys.set(waveOf(node), byLevel = new Map());
    let key = byLevel.get(level);
    if (key === undefined) byLevel.set(level, key = `${waveOf(node)}\u0000${level}`);
    return key;
  };
  if (levels) {
    const distinct = new Set<string>();
    for (const node of view.nodes) distinct.add(groupKey(node));
    if (distinct.size > MAX_GROUPS) levels = undefined;
  }
  const groups = new Map<string, { wave: string; level: number | undefined; count: Record<NodeStatus, number>; inCycle: boolean }>();
  // Each name's group, by the numbers the levels were found with when there are any (no second Map of every name).
  const numbered = levels?.numberOf;
  const groupOfNumber: string[] = [];
  const groupOfName = new Map<string, string>();
  const groupOf = (name: string) => (numbered ? groupOfNumber[numbered.get(name) ?? -1] : groupOfName.get(name));
  for (const node of view.nodes) {
    const key = groupKey(node);
    if (numbered) groupOfNumber[numbered.get(node.name)!] = key;
    else groupOfName.set(node.name, key);
    const group = groups.get(key) ?? { wave: waveOf(node), level: levels?.get(node.name), count: { present: 0, deferred: 0, undeclared: 0 }, inCycle: false };
    group.count[node.status] += 1;
    group.inCycle ||= cycles.nodes.has(node.name);
    groups.set(key, group);
  }
  // Waves in their order, levels ascending inside each.
  const waveIndex = new Map(view.waves.map((wave, index) => [wave, index]));
  const ordered = [...groups].sort(([, a], [, b]) => waveIndex.get(a.wave)! - waveIndex.get(b.wave)! || (a.level ?? 0) - (b.level ?? 0));
  const ids = new Map(ordered.map(([key], index) => [key, `g${index}`]));
  const nodes: DrawNode[] = ordered.map(([key, group]) => {
    const { count } = group;
    const total = count.present + count.deferred + count.undeclared;
    const status: NodeStatus = count.undeclared > 0 ? 'undeclared' : count.present === 0 ? 'deferred' : 'present';
    const parts = [`${count.present} present`, ...(count.deferred ? [`${count.deferred} deferred`] : []), ...(count.undeclared ? [`${count.undeclared} not declared`] : [])];
    // A repository's boxes are namespaces of Flux objects, none of them declared or deferred.
    const unit = repository ? 'namespace' : 'wave';
    const where = group.level === undefined ? `${unit} ${group.wave}` : `${unit} ${group.wave}, install level ${group.level}`;
    return {
      id: ids.get(key)!, name: key, label: group.level === undefined ? `${truncate(group.wave)} (${total})` : `level ${group.level} (${total})`,
      status, wave: group.wave, inCycle: group.inCycle,
      title: repository ? `${where}: ${total} object${total === 1 ? '' : 's'}` : `${where}: ${total} HelmReleases (${parts.join(', ')})`,
    };
  });
  // A dependsOn edge between two boxes outranks the applies edges there: it is the ordering the user wrote.
  const RANK: Record<EdgeKind, number> = { applies: -1, agreed: 0, planned: 1, missing: 2, extra: 3 };
  const byPair = new Map<string, DrawEdge & { count: number; applies: number }>();
  for (const edge of view.edges) {
    const from = groupOf(edge.from)!;
    const to = groupOf(edge.to)!;
    if (from === to) continue;
    const key = `${from}\u0001${to}`;
    const entry = byPair.get(key) ?? { from: ids.get(from)!, to: ids.get(to)!, kind: edge.kind, inCycle: false, title: '', count: 0, applies: 0 };
    entry.count += 1;
    if (RANK[edge.kind] > RANK[entry.kind]) entry.kind = edge.kind;
    entry.inCycle ||= cycles.edges.size > 0 && cycles.edges.has(`${edge.from}\u0000${edge.to}`);
    if (edge.kind === 'applies') entry.applies += 1;
    const dependsOn = entry.count - entry.applies;
    entry.title = [
      dependsOn > 0 ? `${dependsOn} dependsOn edge${dependsOn === 1 ? '' : 's'}` : '',
      entry.applies > 0 ? `${entry.applies} applies edge${entry.applies === 1 ? '' : 's'}` : '',
    ].filter(Boolean).join(' and ') + ' between these boxes';
    byPair.set(key, entry);
  }
  return { nodes, edges: [...byPair.values()] };
}

function expand(view: GraphView, cycles: ReturnType<typeof cycleSets>, repository = false): { nodes: DrawNode[]; edges: DrawEdge[] } {
  const ids = new Map(view.nodes.map((node, index) => [node.name, `n${index}`]));
  const nodes = view.nodes.map((node): DrawNode => ({
    id: ids.get(node.name)!, name: node.name, label: truncate(nodeLabel(node)), status: node.status, wave: waveOf(node),
    inCycle: cycles.nodes.has(node.name),
    title: repository ? `${nodeLabel(node)}, namespace ${waveOf(node)}` : `${nodeLabel(node)} — ${STATUS_TEXT[node.status]}, wave ${waveOf(node)}`,
  }));
  const edges = view.edges.map((edge: GraphViewEdge): DrawEdge => {
    const inCycle = cycles.edges.has(`${edge.from}\u0000${edge.to}`);
    return {
      from: ids.get(edge.from)!, to: ids.get(edge.to)!, kind: edge.kind, inCycle,
      title: `${edge.from} ${EDGE_TEXT[edge.kind]} ${edge.to}${inCycle ? ' (on a cycle)' : ''}`,
    };
  });
  return { nodes, edges };
}

/** A smooth path through dagre's bend points. */
function pathData(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let data = `M${round(first.x)},${round(first.y)}`;
  if (rest.length === 1) return `${data}L${round(rest[0]!.x)},${round(rest[0]!.y)}`;
  for (let index = 0; index < rest.length - 1; index += 1) {
    const control = rest[index]!;
    const next = rest[index + 1]!;
    const end = index === rest.length - 2 ? next : { x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 };
    data += `Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
  }
  return data;
}

const markerFor = (edge: DrawEdge) => (edge.inCycle ? 'cycle' : edge.kind === 'missing' || edge.kind === 'extra' ? 'red' : 'gray');

/**
 * Lays out the merged DAG with dagre and draws it as one standalone SVG:
 * installs first on the left, an arrow `a → b` reads "a depends on b", each
 * wave a shaded box. Deterministic: the same view gives the same bytes.
 */
export function drawSvg(view: GraphView, options: SvgOptions = {}): SvgDrawing {
  const prefix = options.idPrefix ?? 'bd-';
  const cycles = cycleSets(options.cycles ?? []);
  const collapsed = view.nodes.length > (options.maxNodes ?? MAX_DRAWN_NODES);
  const { nodes, edges } = collapsed ? collapse(view, cycles, options.repository) : expand(view, cycles, options.repository);

  const waveIds = new Map(view.waves.map((wave, index) => [wave, `wave${index}`]));
  const graph = laidOut(nodes, edges, waveIds);

  const graphLabel = graph.graph();
  const captionHeight = options.bare ? 0 : collapsed ? 40 : 24;
  // dagre's size leaves the last box and its dot flush with the edge: a margin on the far sides too.
  const width = Math.ceil(Math.max((graphLabel.width ?? 0) + 12, options.bare ? 0 : 640));
  const height = Math.ceil((graphLabel.height ?? 0) + 12 + captionHeight);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="bd-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`dependency graph: ${describeContents(view)}`)}">`);
  if (!options.bare) out.push(`<style>${SVG_STYLE.trim()}</style>`);
  out.push('<defs>');
  for (const colour of ['gray', 'red', 'cycle']) {
    out.push(`<marker id="${prefix}arrow-${colour}" class="marker-${colour}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker>`);
  }
  out.push('</defs>');
  if (!options.bare) {
    const text = collapsed
      ? [`${view.nodes.length} ${options.repository ? 'objects' : 'HelmReleases'} are more than ${options.maxNodes ?? MAX_DRAWN_NODES} can be drawn one by one: one box per ${options.repository ? 'namespace' : 'wave'} and install level, edges between boxes.`,
        'Draw one neighbourhood with: bootstrap-deps graph --format svg --focus NAME --depth 2']
      : [`Installs first on the left; an arrow a → b reads "a depends on b".${options.repository ? '' : ' Dashed: deferred. Red: drift or not declared.'} Purple: a cycle.${view.edges.some((edge) => edge.kind === 'applies') ? ' Blue dotted: a is applied by b.' : ''}`];
    text.forEach((line, index) => out.push(`<text class="caption" x="12" y="${16 + index * 16}">${escapeXml(line)}</text>`));
  }
  out.push(`<g transform="translate(0,${captionHeight})">`);
  const boxes = waveBoxes(graph, nodes, waveIds);
  for (const [wave, box] of boxes) {
    // dagre has no room for a cluster's label; the wide edgesep (which also spaces
    // a cluster's border from its members) leaves a band for it at the top.
    out.push(`<g class="wave" data-wave="${escapeXml(wave)}"><rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}"/><text x="${round(box.x + 6)}" y="${round(box.y + 11)}">${escapeXml(truncate(wave))}</text></g>`);
  }
  out.push('<g class="edges">');
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const laid = graph.edge(edge.from, edge.to);
    const classes = ['edge', edge.kind, ...(edge.inCycle ? ['in-cycle'] : [])].join(' ');
    out.push(`<g class="${classes}" data-from="${edge.from}" data-to="${edge.to}"><title>${escapeXml(edge.title)}</title><path d="${pathData(laid?.points ?? [])}" marker-end="url(#${prefix}arrow-${markerFor(edge)})"/></g>`);
  }
  out.push('</g>');
  out.push('<g class="nodes">');
  for (const node of nodes) {
    const box = graph.node(node.id);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const classes = ['node', node.status, ...(node.inCycle ? ['in-cycle'] : [])].join(' ');
    const flag = collapsed ? undefined : options.flagged?.get(node.name);
    out.push(
      `<g class="${classes}" id="${prefix}${node.id}" data-name="${escapeXml(node.name)}" tabindex="0"><title>${escapeXml(node.title)}</title>`
      + `<rect x="${round(x)}" y="${round(y)}" width="${round(box.width)}" height="${round(box.height)}"/>`
      + `<text x="${round(x + 10)}" y="${round(y + NODE_HEIGHT / 2 + FONT_SIZE / 2 - 2)}">${escapeXml(node.label)}</text>`
      + `${flag ? `<circle class="flag ${flag}" cx="${round(x + box.width - 1)}" cy="${round(y + 1)}" r="4.5"/>` : ''}</g>`,
    );
  }
  out.push('</g></g></svg>');
  return { svg: `${out.join('\n')}\n`, collapsed, width, height };
}

/** Space between a box that had to grow and the member it grew for. */
const BOX_MARGIN = 6;

/**
 * Each wave's (or namespace's) box, top-left corner and size: dagre's, grown
 * where a member stands outside it. dagre draws a cluster's box from its
 * border nodes in the last rank it spans only, and the positioning does not
 * always keep every rank's members between them (seen on tyriis/home-ops:
 * 10 of 277 objects outside their namespace's box). A box must hold what it
 * says it holds.
 */
function waveBoxes(graph: InstanceType<typeof dagre.graphlib.Graph>, nodes: readonly DrawNode[], waveIds: ReadonlyMap<string, string>): Map<string, { x: number; y: number; width: number; height: number }> {
  const bounds = new Map<string, { left: number; top: number; right: number; bottom: number }>();
  for (const [wave, id] of waveIds) {
    const box = graph.node(id);
    if (!box || box.x === undefined) continue;
    bounds.set(wave, { left: box.x - box.width / 2, top: box.y - box.height / 2, right: box.x + box.width / 2, bottom: box.y + box.height / 2 });
  }
  for (const node of nodes) {
    const bound = bounds.get(node.wave);
    const box = graph.node(node.id);
    if (!bound || !box) continue;
    const left = box.x - box.width / 2;
    const top = box.y - box.height / 2;
    if (left < bound.left) bound.left = left - BOX_MARGIN;
    if (top < bound.top) bound.top = top - BOX_MARGIN;
    if (left + box.width > bound.right) bound.right = left + box.width + BOX_MARGIN;
    if (top + box.height > bound.bottom) bound.bottom = top + box.height + BOX_MARGIN;
  }
  return new Map([...bounds].map(([wave, bound]) => [wave, { x: bound.left, y: bound.top, width: bound.right - bound.left, height: bound.bottom - bound.top }]));
}

/**
 * The layouts tried, in order. Large drawings rank with tight-tree: network-simplex
 * takes 9.5 s at 600 nodes against 1.4 s. dagre's ordering passes stay on: without
 * them (`disableOptimalOrderHeuristic`, tried once for speed) dagre loses its
 * clusters' borders, and every namespace or wave box came out 6 pixels high past
 * 150 nodes (a trial on szinn/k8s-homelab). With them a drawing takes about 1.3x
 * as long (500 slots 1.15 s against 0.85 s, 600 slots 1.4 s against 1.1 s), the
 * price of boxes that hold their members. Where dagre's ordering loses nodes (its
 * positions then NaN, and dagre throws "Not possible to find intersection inside of the
 * rectangle"), `orderKeepingEveryNode` orders again (layout-order.ts). Should a layout
 * throw still: network-simplex, then the layout without ordering, which never threw,
 * so a drawing always comes out.
 */
function layouts(large: boolean): { ranker: 'tight-tree' | 'network-simplex'; ordering: boolean }[] {
  return [
    ...(large ? [{ ranker: 'tight-tree' as const, ordering: true }] : []),
    { ranker: 'network-simplex', ordering: true },
    { ranker: 'tight-tree', ordering: false },
  ];
}

/** The drawing's graph, laid out by dagre: each wave a cluster of its nodes. */
function laidOut(nodes: readonly DrawNode[], edges: readonly DrawEdge[], waveIds: ReadonlyMap<string, string>): InstanceType<typeof dagre.graphlib.Graph> {
  const large = nodes.length > LARGE_LAYOUT;
  const attempts = layouts(large);
  for (let attempt = 0; ; attempt += 1) {
    const { ranker, ordering } = attempts[attempt]!;
    // dagre writes its layout into the graph it is given: each attempt builds its own.
    const graph = new dagre.graphlib.Graph({ compound: true, multigraph: false });
    graph.setGraph({ rankdir: 'RL', nodesep: 10, ranksep: 56, edgesep: large ? 6 : 18, marginx: 12, marginy: 12, ranker });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const [wave, id] of waveIds) graph.setNode(id, { label: wave, paddingTop: 22, paddingBottom: 8, paddingLeft: 8, paddingRight: 8 });
    for (const node of nodes) {
      graph.setNode(node.id, { width: Math.ceil([...node.label].length * CHAR_WIDTH + 22), height: NODE_HEIGHT });
      graph.setParent(node.id, waveIds.get(node.wave)!);
    }
    for (const edge of edges) if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to);
    try {
      dagre.layout(graph, ordering ? { customOrder: orderKeepingEveryNode } : { disableOptimalOrderHeuristic: true });
      return graph;
    } catch (error) {
      if (attempt + 1 >= attempts.length) throw error;
    }
  }
}

/** `graph --format svg`: the drawing on its own, with its caption and styles. */
export function formatSvg(view: GraphView, options: SvgOptions = {}): string {
  return drawSvg(view, options).svg;
}

/** What a drawing holds, for its accessible name: a kit's HelmReleases, or a repository's objects by kind, and its edges by kind. */
function describeContents(view: GraphView): string {
  const kinds = new Map<string, number>();
  for (const node of view.nodes) {
    const kind = /^(HelmRelease|Kustomization|ResourceSet)\//.exec(node.name)?.[1] ?? 'HelmRelease';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const applies = view.edges.filter((edge) => edge.kind === 'applies').length;
  // One of each is singular: a focused graph is often one HelmRelease.
  const counted = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const objects = [...kinds].map(([kind, count]) => counted(count, kind)).join(', ');
  return `${objects || '0 HelmReleases'}, ${counted(view.edges.length - applies, 'dependsOn edge')}${applies > 0 ? `, ${counted(applies, 'applies edge')}` : ''}`;
}
