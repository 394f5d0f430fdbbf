import type { GraphView } from './view.js';
import { EDGE_NOTE } from './view.js';
import { printable } from '../report/printable.js';
import { plainStyle } from '../report/style.js';
import type { TextStyle } from '../report/style.js';

/**
 * The merged DAG as text, grouped by wave; names padded so the arrows line up;
 * drift edges annotated. Names and waves are printed escaped (an ESC or newline
 * in one would rewrite the terminal), and padded by their escaped width.
 */
export function formatGraphText(view: GraphView, style: TextStyle = plainStyle): string {
  const mark = { present: style.green('[P]'), deferred: style.dim('[.]'), undeclared: style.red('[!]') };
  let nameWidth = 0;
  for (const node of view.nodes) nameWidth = Math.max(nameWidth, printable(node.name).length);
  const lines = [`${mark.present} present  ${mark.deferred} deferred  ${mark.undeclared} not declared`];
  for (const wave of view.waves) {
    lines.push(style.bold(printable(wave)));
    for (const node of view.nodes.filter((candidate) => (candidate.wave ?? '(no wave)') === wave)) {
      const dependencies = view.edges
        .filter((edge) => edge.from === node.name)
        .map((edge) => (EDGE_NOTE[edge.kind] ? style.red(`${printable(edge.to)}${EDGE_NOTE[edge.kind]}`) : printable(edge.to)));
      const arrow = dependencies.length > 0 ? `  → ${dependencies.join(', ')}` : '';
      lines.push(`  ${mark[node.status]} ${printable(node.slot ?? '--').padEnd(4)}${printable(node.name).padEnd(arrow ? nameWidth : 0)}${arrow}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
