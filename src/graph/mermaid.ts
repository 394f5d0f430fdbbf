import type { GraphView, GraphViewEdge, GraphViewNode } from './view.js';
import { joinChunks } from '../report/chunks.js';
import { nodeLabel } from './view.js';
import { printable } from '../report/printable.js';

// Mermaid labels are quoted strings; a double quote inside one is written as #quot;.
// Control characters are escaped (\x1b, \n): raw, they reach the terminal, and a newline ends the label.
const label = (text: string) => `"${printable(text).replace(/"/g, '#quot;')}"`;

/**
 * What a drawing reads: nodes by position, edges in order. A GraphView is one;
 * a report's DAG of 520,000 dependsOn items is another, whose nodes and edges
 * are made as they are read instead of held as a million objects.
 */
export interface MermaidSource {
  nodeCount: number;
  node(index: number): GraphViewNode;
  edges(): Iterable<GraphViewEdge>;
  waves: readonly string[];
  /** The last position of a node of this name, when the source already knows it (else it is looked up here). */
  positionOf?: (name: string) => number | undefined;
}

export function viewSource(view: GraphView): MermaidSource {
  return { nodeCount: view.nodes.length, node: (index) => view.nodes[index]!, edges: () => view.edges, waves: view.waves };
}

/**
 * Mermaid's default maxEdges: a flowchart with more is not drawn at all ("Edge limit exceeded", on GitHub
 * too), and a diagram cannot raise it (mermaid-js/mermaid#5086). Two trial home-ops repositories had 784 and 815.
 */
export const MERMAID_MAX_EDGES = 500;

/** What the graph command says on stderr when its flowchart has more edges than Mermaid draws. */
export function mermaidEdgeNote(edges: number): string | undefined {
  if (edges <= MERMAID_MAX_EDGES) return undefined;
  return `note: ${edges} edges: Mermaid draws at most ${MERMAID_MAX_EDGES} by default (maxEdges), so GitHub and mermaid.live show "Edge limit exceeded" — narrow it with --focus NAME --depth N, or use --format svg or dot\n`;
}

/** A Mermaid flowchart, which GitHub renders in Markdown. Ids are n0, n1, ... so any name is safe. */
export function formatMermaid(view: GraphView): string {
  return `${joinChunks(mermaidChunks(viewSource(view)))}\n`;
}

/** The flowchart in pieces, without the newline after its last line. */
export function* mermaidChunks(source: MermaidSource): Generator<string> {
  // A name's id is its last node's position (as a Map built from the nodes in order gives).
  let positionOf = source.positionOf;
  if (!positionOf) {
    const ids = new Map<string, number>();
    for (let index = 0; index < source.nodeCount; index += 1) ids.set(source.node(index).name, index);
    positionOf = (name) => ids.get(name);
  }
  const id = (name: string) => {
    const index = positionOf(name);
    return index === undefined ? 'undefined' : `n${index}`;
  };
  yield 'flowchart LR';
  for (const [index, wave] of source.waves.entries()) {
    yield `\n  subgraph w${index}[${label(wave)}]`;
    for (let position = 0; position < source.nodeCount; position += 1) {
      const node = source.node(position);
      if ((node.wave ?? '(no wave)') === wave) yield `\n    ${id(node.name)}[${label(nodeLabel(node))}]`;
    }
    yield '\n  end';
  }
  const styled: Record<'missing' | 'extra', number[]> = { missing: [], extra: [] };
  let index = 0;
  for (const edge of source.edges()) {
    const from = id(edge.from);
    const to = id(edge.to);
    if (edge.kind === 'agreed') yield `\n  ${from} --> ${to}`;
    else if (edge.kind === 'planned') yield `\n  ${from} -.-> ${to}`;
    else {
      yield `\n  ${from} -->|${edge.kind}| ${to}`;
      styled[edge.kind as 'missing' | 'extra']!.push(index);
    }
    index += 1;
  }
  yield '\n  classDef deferred stroke-dasharray:5 5,color:#777';
  yield '\n  classDef undeclared stroke:#c00,stroke-width:2px';
  for (const status of ['deferred', 'undeclared'] as const) {
    let first = true;
    for (let position = 0; position < source.nodeCount; position += 1) {
      const node = source.node(position);
      if (node.status !== status) continue;
      yield `${first ? '\n  class ' : ','}${id(node.name)}`;
      first = false;
    }
    if (!first) yield ` ${status}`;
  }
  if (styled.missing.length > 0) yield* listLine('  linkStyle ', styled.missing, ' stroke:#c00,stroke-dasharray:4 4');
  if (styled.extra.length > 0) yield* listLine('  linkStyle ', styled.extra, ' stroke:#c00,stroke-width:2px');
}

/** A line listing numbers, a number at a time. */
function* listLine(start: string, numbers: readonly number[], end: string): Generator<string> {
  for (const [position, number] of numbers.entries()) yield `${position === 0 ? `\n${start}` : ','}${number}`;
  yield end;
}
