import type { GraphView, GraphViewNode } from './view.js';
import { nodeLabel } from './view.js';
import { printable } from '../report/printable.js';

// DOT strings are double-quoted; backslashes and quotes are escaped. Control characters are
// shown escaped (\x1b, \n: the backslash doubled, so a label prints it rather than breaking
// the line): raw, they reach the terminal, and a newline dropped made `a\nb` and `a b` one node.
// A backslash of the name itself is doubled first: else a name with a newline and one with a
// backslash and an n were one node (`\\n` in the name shows as `\\n`, the newline as `\n`).
const quote = (text: string) => `"${printable(text.replace(/\\/g, '\\\\')).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const NODE_STYLE = {
  present: '',
  deferred: ', style="dashed", fontcolor="gray40", color="gray40"',
  undeclared: ', color="red3", penwidth=2',
};

const CYCLE_STYLE = ', color="purple3", fontcolor="purple3", penwidth=2';

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
  const lines = [`digraph ${quote(graphName)} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  view.waves.forEach((wave, index) => {
    lines.push(`  subgraph "cluster_${index}" {`, `    label=${quote(wave)};`);
    for (const node of view.nodes.filter((candidate) => (candidate.wave ?? '(no wave)') === wave)) {
      lines.push(`    ${quote(node.name)} [label=${quote(label(node))}${NODE_STYLE[node.status]}${inCycle.has(node.name) ? CYCLE_STYLE : ''}];`);
    }
    lines.push('  }');
  });
  for (const edge of view.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${EDGE_STYLE[edge.kind]};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
