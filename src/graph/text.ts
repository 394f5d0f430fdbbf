import type { GraphView } from './view.js';
import { EDGE_NOTE } from './view.js';
import { plainStyle } from '../report/style.js';
import type { TextStyle } from '../report/style.js';

/** The merged DAG as text, grouped by wave; names padded so the arrows line up; drift edges annotated. */
export function formatGraphText(view: GraphView, style: TextStyle = plainStyle): string {
  const mark = { present: style.green('[P]'), deferred: style.dim('[.]'), undeclared: style.red('[!]') };
  const nameWidth = Math.max(0, ...view.nodes.map((node) => node.name.length));
  const lines = [`${mark.present} present  ${mark.deferred} deferred  ${mark.undeclared} not declared`];
  for (const wave of view.waves) {
    lines.push(style.bold(wave));
    for (const node of view.nodes.filter((candidate) => (candidate.wave ?? '(no wave)') === wave)) {
      const dependencies = view.edges
        .filter((edge) => edge.from === node.name)
        .map((edge) => (EDGE_NOTE[edge.kind] ? style.red(`${edge.to}${EDGE_NOTE[edge.kind]}`) : edge.to));
      const arrow = dependencies.length > 0 ? `  → ${dependencies.join(', ')}` : '';
      lines.push(`  ${mark[node.status]} ${(node.slot ?? '--').padEnd(4)}${node.name.padEnd(arrow ? nameWidth : 0)}${arrow}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
