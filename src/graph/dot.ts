import type { GraphView, GraphViewNode } from './view.js';
import { nodeLabel, nodesByWave } from './view.js';
import { printable } from '../report/printable.js';

// DOT strings are double-quoted; backslashes and quotes are escaped. Control characters are
// shown escaped (\x1b, \n: the backslash doubled, so a label prints it rather than breaking
// the line): raw, they reach the terminal, and a newline dropped made `a\nb` and `a b` one node.
const quote = (text: string) => `"${printable(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
// A node's id also doubles a backslash of the name itself first: else a name with a newline and
// one with a backslash and an n were one node. Its label shows the name as the text format does.
const quoteId = (name: string) => quote(name.replace(/\\/g, '\\\\'));

const NODE_STYLE = {
  present: '',
  deferred: ', style="dashed", fontcolor="gray40", color="gray40"',
  undeclared: ', color="red3", penwidth=2',
};

// On a cycle: a double border, and purple where the status sets no colour of its own (a not declared node
// keeps its red border, a deferred one its grey): Graphviz keeps the last of two equal attributes.
const CYCLE_STYLE: Record<GraphViewNode['status'], string> = {
  present: ', peripheries=2, fontcolor="purple3", color="purple3"',
  undeclared: ', peripheries=2, fontcolor="purple3"',
  deferred: ', peripheries=2',
};

const EDGE_STYLE = {
  agreed: '',
  planned: ' [style="dashed", color="gray40"]',
  applies: ' [style="dotted", color="dodgerblue3", label="applied by"]',
  missing: ' [style="dashed", color="red3", label="missing"]',
  extra: ' [color="red3", penwidth=2, label="extra"]',
};

/**
 * Graphviz DOT; each wave (a namespace, in a repository's graph) is a cluster. Render with `dot -Tsvg`.
 * `inCycle`: nodes on a dependency cycle, drawn purple as the SVG draws them (the repository's graph).
 */
export function formatDot(view: GraphView, graphName = 'bootstrap-kit', label: (node: GraphViewNode) => string = nodeLabel, inCycle: ReadonlySet<string> = new Set()): string {
  // newrank: Graphviz's older ranking fails ("trouble in init_rank", exit 1, Debian's dot 2.43) on labelled edges
  // between clusters, which a repository's "applied by" edges across namespaces are (a trial's chaijunkin/home-ops).
  const lines = [`digraph ${quote(graphName)} {`, '  rankdir=LR;', '  newrank=true;', '  node [shape=box, fontname="Helvetica"];'];
  const byWave = nodesByWave(view);
  view.waves.forEach((wave, index) => {
    lines.push(`  subgraph "cluster_${index}" {`, `    label=${quote(wave)};`);
    for (const node of byWave.get(wave) ?? []) {
      lines.push(`    ${quoteId(node.name)} [label=${quote(label(node))}${NODE_STYLE[node.status]}${inCycle.has(node.name) ? CYCLE_STYLE[node.status] : ''}];`);
    }
    lines.push('  }');
  });
  for (const edge of view.edges) lines.push(`  ${quoteId(edge.from)} -> ${quoteId(edge.to)}${EDGE_STYLE[edge.kind]};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
