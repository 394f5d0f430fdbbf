import type { GraphView } from './view.js';
import { nodeLabel } from './view.js';
import { printable } from '../report/printable.js';

// Mermaid labels are quoted strings; a double quote inside one is written as #quot;.
// Control characters are escaped (\x1b, \n): raw, they reach the terminal, and a newline ends the label.
const label = (text: string) => `"${printable(text).replace(/"/g, '#quot;')}"`;

/** A Mermaid flowchart, which GitHub renders in Markdown. Ids are n0, n1, ... so any name is safe. */
export function formatMermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((node, index) => [node.name, `n${index}`]));
  const lines = ['flowchart LR'];
  view.waves.forEach((wave, index) => {
    lines.push(`  subgraph w${index}[${label(wave)}]`);
    for (const node of view.nodes.filter((candidate) => (candidate.wave ?? '(no wave)') === wave)) {
      lines.push(`    ${ids.get(node.name)}[${label(nodeLabel(node))}]`);
    }
    lines.push('  end');
  });
  const styled: Record<string, number[]> = { missing: [], extra: [] };
  view.edges.forEach((edge, index) => {
    const from = ids.get(edge.from)!;
    const to = ids.get(edge.to)!;
    if (edge.kind === 'agreed') lines.push(`  ${from} --> ${to}`);
    else if (edge.kind === 'planned') lines.push(`  ${from} -.-> ${to}`);
    else {
      lines.push(`  ${from} -->|${edge.kind}| ${to}`);
      styled[edge.kind]!.push(index);
    }
  });
  lines.push('  classDef deferred stroke-dasharray:5 5,color:#777');
  lines.push('  classDef undeclared stroke:#c00,stroke-width:2px');
  for (const status of ['deferred', 'undeclared'] as const) {
    const members = view.nodes.filter((node) => node.status === status).map((node) => ids.get(node.name));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${status}`);
  }
  if (styled.missing!.length > 0) lines.push(`  linkStyle ${styled.missing!.join(',')} stroke:#c00,stroke-dasharray:4 4`);
  if (styled.extra!.length > 0) lines.push(`  linkStyle ${styled.extra!.join(',')} stroke:#c00,stroke-width:2px`);
  return `${lines.join('\n')}\n`;
}
