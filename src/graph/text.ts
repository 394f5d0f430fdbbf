import type { GraphView } from './view.js';
import { EDGE_NOTE } from './view.js';

const MARK = { present: '[P]', deferred: '[.]', undeclared: '[!]' };

/** The merged DAG as text, grouped by wave; drift edges are annotated. */
export function formatGraphText(view: GraphView): string {
  const lines = ['[P] present  [.] deferred  [!] not declared'];
  for (const wave of view.waves) {
    lines.push(wave);
    for (const node of view.nodes.filter((candidate) => (candidate.wave ?? '(no wave)') === wave)) {
      const dependencies = view.edges.filter((edge) => edge.from === node.name).map((edge) => `${edge.to}${EDGE_NOTE[edge.kind]}`);
      lines.push(`  ${MARK[node.status]} ${(node.slot ?? '--').padEnd(4)}${node.name}${dependencies.length > 0 ? ` → ${dependencies.join(', ')}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
