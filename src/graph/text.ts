import type { GraphView } from './view.js';
import { EDGE_NOTE, edgesBeyond, edgesFromEach, nodesByWave } from './view.js';
import { printable } from '../report/printable.js';
import { slotColumnWidth } from '../report/text.js';
import { plainStyle } from '../report/style.js';
import type { TextStyle } from '../report/style.js';
import { compareText } from '../model/compare.js';
import { shortId } from '../model/flux-objects.js';

/** After the name of what lies on a dependency cycle, in both graphs' text. */
const CYCLE_MARK = ' (in a cycle)';

/**
 * The merged DAG as text, grouped by wave; names padded so the arrows line up;
 * drift edges annotated, and what lies on a cycle (`inCycle`). Names and waves
 * are printed escaped (an ESC or newline in one would rewrite the terminal),
 * and padded by their escaped width.
 */
export function formatGraphText(view: GraphView, style: TextStyle = plainStyle, inCycle: ReadonlySet<string> = new Set()): string {
  const mark = { present: style.green('[P]'), deferred: style.dim('[.]'), undeclared: style.red('[!]') };
  const width = (name: string) => printable(name).length + (inCycle.has(name) ? CYCLE_MARK.length : 0);
  let nameWidth = 0;
  for (const node of view.nodes) nameWidth = Math.max(nameWidth, width(node.name));
  const beyond = edgesBeyond(view);
  const slotWidth = slotColumnWidth(view.nodes.map((node) => node.slot));
  const edgesFrom = edgesFromEach(view);
  const lines = [`${mark.present} present  ${mark.deferred} deferred  ${mark.undeclared} not declared`];
  const byWave = nodesByWave(view);
  for (const wave of view.waves) {
    lines.push(style.bold(printable(wave)));
    for (const node of byWave.get(wave) ?? []) {
      const dependencies = (edgesFrom.get(node.name) ?? [])
        .map((edge) => (EDGE_NOTE[edge.kind] ? style.red(`${printable(edge.to)}${EDGE_NOTE[edge.kind]}`) : printable(edge.to)));
      const arrow = dependencies.length > 0 ? `  → ${dependencies.join(', ')}` : '';
      const cut = beyondNote(beyond.get(node.name), style, arrow === '');
      const cycle = inCycle.has(node.name) ? style.red(CYCLE_MARK) : '';
      const padding = arrow || cut ? ' '.repeat(nameWidth - width(node.name)) : '';
      lines.push(`  ${mark[node.status]} ${printable(node.slot ?? '--').padEnd(slotWidth)}${printable(node.name)}${cycle}${padding}${arrow}${cut}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A repository's graph as text: each namespace, then each of its objects as
 * `Kind namespace/name` (sorted), with what it depends on and the
 * Kustomization (or ResourceSet) that applies it. Nothing there is declared or deferred: no
 * status marks, no slot column. Escaped and padded as the kit's text is.
 */
export function formatFluxGraphText(view: GraphView, style: TextStyle = plainStyle, inCycle: ReadonlySet<string> = new Set()): string {
  const shown = (id: string) => printable(shortId(id));
  const width = (id: string) => shown(id).length + (inCycle.has(id) ? CYCLE_MARK.length : 0);
  let nameWidth = 0;
  for (const node of view.nodes) nameWidth = Math.max(nameWidth, width(node.name));
  const beyond = edgesBeyond(view);
  const edgesFrom = edgesFromEach(view);
  const lines = ['a → b: a depends on b; (applied by): the Kustomization or ResourceSet that applies it'];
  const byNamespace = nodesByWave(view, '(no namespace)');
  for (const namespace of [...byNamespace.keys()].sort(compareText)) {
    lines.push(style.bold(printable(namespace)));
    const members = [...byNamespace.get(namespace)!].sort((a, b) => compareText(a.name, b.name));
    for (const node of members) {
      const targets = (edgesFrom.get(node.name) ?? [])
        .map((edge) => (edge.kind === 'applies' ? style.dim(`${shown(edge.to)}${EDGE_NOTE.applies}`) : shown(edge.to)));
      const arrow = targets.length > 0 ? `  → ${targets.join(', ')}` : '';
      const mark = inCycle.has(node.name) ? style.red(CYCLE_MARK) : '';
      const cut = beyondNote(beyond.get(node.name), style, arrow === '');
      const padding = arrow || cut ? ' '.repeat(nameWidth - width(node.name)) : '';
      lines.push(`  ${shown(node.name)}${mark}${padding}${arrow}${cut}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `(+2 edges beyond the view)` after a node that --focus/--depth cut edges from, so it does not read as a leaf. */
function beyondNote(count: number | undefined, style: TextStyle, alone: boolean): string {
  if (!count) return '';
  return style.dim(`${alone ? '  ' : ' '}(+${count} edge${count === 1 ? '' : 's'} beyond the view)`);
}
