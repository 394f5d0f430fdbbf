import type { FormatOptions, Formatter } from './formatter.js';
import { joinChunks, joinLines } from './chunks.js';
import type { Chunks } from './chunks.js';
import type { ClusterReport, DagEntry, Report, ReportFinding } from './report.js';
import { printable } from './printable.js';
import { plainStyle } from './style.js';
import type { TextStyle } from './style.js';
import { EDGE_NOTE } from '../graph/view.js';
import { groupBy } from '../model/group.js';
import { kitSummaryCounts } from './summary-line.js';

/** `file:line:column`, as much of it as is known. */
export function formatPlace(finding: Pick<ReportFinding, 'file' | 'line' | 'column'>): string {
  if (finding.file === null) return '';
  if (finding.line === null) return printable(finding.file);
  return `${printable(finding.file)}:${finding.line}${finding.column === null ? '' : `:${finding.column}`}`;
}

/** The one-line form of a finding: `error: <file>:<line>:<col> <what> — <how to fix>`. */
export function formatFindingLine(finding: ReportFinding): string {
  const place = formatPlace(finding);
  return `${finding.severity}: ${place ? `${place} ` : ''}${printable(finding.message)}${finding.fix ? ` — ${printable(finding.fix)}` : ''}`;
}

export function formatSummaryLine(report: Report, style: TextStyle = plainStyle): string {
  const { summary } = report;
  const verdict = report.exitCode === 0 ? style.passed('PASSED') : style.failed('FAILED');
  // With several kits the counts are sums over them; the expected DAG is one, shared by each.
  const several = summary.kits !== undefined;
  // The repository audit has no kit and no expected DAG: count what it read instead.
  const counts = report.flux && report.kitDir === '' ? [
    `HelmReleases ${report.flux.objects.HelmRelease}`,
    `Kustomizations ${report.flux.objects.Kustomization}`,
    `ResourceSets ${report.flux.objects.ResourceSet}`,
    `Cycles ${summary.cycles}`,
    ...(summary.suppressed ? [`Suppressed ${summary.suppressed}`] : []),
  ].join(' · ') : kitSummaryCounts(summary, several);
  const problems = summary.errors + summary.warnings > 0
    ? ` (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')})`
    : '';
  return `${verdict} ${several ? `${summary.kits} kits: ` : ''}${counts}${problems}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Breaks `text` at spaces into lines of at most `room` columns, colour codes not counted (a word longer
 * than that keeps a line of its own); one line when `room` is unknown.
 */
export function wrapText(text: string, room: number | undefined): string[] {
  if (room === undefined || visibleLength(text) <= room) return [text];
  const lines: string[] = [];
  let line = '';
  let used = 0; // visibleLength(line), kept as it grows: a cycle's message of thousands of names stays linear
  for (const word of text.split(' ')) {
    const length = visibleLength(word);
    if (line !== '' && used + 1 + length > room) {
      lines.push(line);
      line = word;
      used = length;
    } else {
      used += line === '' ? length : 1 + length;
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** What a terminal shows of `text`: its length without the colour codes (SGR sequences) chalk writes. */
export function visibleLength(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/**
 * A list after a lead (`   3  ` of an install level): `items` joined by `separator`, broken after a
 * separator into lines of at most `width` columns, each continued under the first item (a hanging indent);
 * one line when `width` is unknown (output that is no terminal, and no COLUMNS: what scripts read).
 * An item longer than the room keeps a line of its own.
 */
export function wrapList(lead: string, items: readonly string[], separator: string, width: number | undefined): string[] {
  const text = `${lead}${items.join(separator)}`;
  if (width === undefined || visibleLength(text) <= width) return [text];
  const indent = ' '.repeat(visibleLength(lead));
  const lines: string[] = [];
  let line = lead;
  let used = indent.length;
  let empty = true; // nothing after the lead or the indent yet
  items.forEach((item, index) => {
    const piece = index < items.length - 1 ? `${item}${separator.trimEnd()}` : item;
    const length = visibleLength(piece);
    if (!empty && used + 1 + length > width) {
      lines.push(line);
      line = indent;
      used = indent.length;
      empty = true;
    }
    line = empty ? `${line}${piece}` : `${line} ${piece}`;
    used += (empty ? 0 : 1) + length;
    empty = false;
  });
  lines.push(line);
  return lines;
}

// `  34:7    error    ` is 19 columns: a finding's text and its fix start there.
const MESSAGE_COLUMN = 19;
const FIX_LABEL = 'fix: ';

/** Findings grouped by file, like a linter: the file once, then `line:col severity message rule`; line by line. */
function* formatFindings(findings: readonly ReportFinding[], style: TextStyle, width?: number): Generator<string> {
  // Never squeeze the text below 20 columns: past that, wrapping hurts more than it helps.
  const room = width === undefined ? undefined : Math.max(20, width - MESSAGE_COLUMN);
  const indent = ' '.repeat(MESSAGE_COLUMN);
  let currentFile: string | null | undefined;
  for (const finding of findings) {
    if (finding.file !== currentFile) {
      if (currentFile !== undefined) yield '';
      currentFile = finding.file;
      yield style.underline(finding.file === null ? '(no file)' : printable(finding.file));
    }
    const place = finding.line === null ? '' : `${finding.line}:${finding.column ?? 0}`;
    const severity = finding.severity === 'error' ? style.red('error  ') : style.yellow('warning');
    // The rule id ends the text, two spaces after the message, and is dimmed where it lands.
    const body = wrapText(`${printable(finding.message)}  ${finding.rule}`.replace(/  (?=\S+$)/, ' \u0000'), room)
      .map((line) => line.replace(/^\u0000/, '').replace('\u0000', ' '));
    const last = body.length - 1;
    body[last] = `${body[last]!.slice(0, -finding.rule.length)}${style.dim(finding.rule)}`;
    yield `  ${style.dim(place.padEnd(7))} ${severity}  ${body[0]}`;
    for (const line of body.slice(1)) yield `${indent}${line}`;
    if (finding.fix) {
      const fix = wrapText(printable(finding.fix), room === undefined ? undefined : Math.max(20, room - FIX_LABEL.length));
      yield `${indent}${style.dim(`${FIX_LABEL}${fix[0]}`)}`;
      for (const line of fix.slice(1)) yield `${indent}${' '.repeat(FIX_LABEL.length)}${style.dim(line)}`;
    }
  }
}

/**
 * The kit's DAG grouped by wave in slot order; `[P]` present, `[.]` deferred;
 * missing and extra edges marked. In pieces, lines joined by `\n` (no newline
 * after the last): a release's edges are written one by one, never joined
 * into one line first (520,000 dependsOn items are a 5 MB line).
 */
function* formatDag(dag: readonly DagEntry[], style: TextStyle): Generator<string> {
  if (dag.length === 0) return;
  const waves = groupBy(dag, (entry) => (entry.declared ? entry.wave ?? '(no wave)' : '(not declared)'));
  // A loop, not Math.max(...names): spreading 150,000 arguments overflows the stack.
  let nameWidth = 0;
  for (const entry of dag) nameWidth = Math.max(nameWidth, printable(entry.name).length);
  const slotWidth = slotColumnWidth(dag.map((entry) => entry.slot));
  yield style.bold('Dependency DAG') + style.dim('  [P] present  [.] deferred  [!] not declared');
  for (const [wave, entries] of waves) {
    yield `\n  ${style.bold(printable(wave))}`;
    for (const entry of entries) {
      const mark = !entry.declared ? style.red('[!]') : entry.present ? style.green('[P]') : style.dim('[.]');
      const slot = (entry.slot ?? '--').padEnd(slotWidth);
      yield '\n';
      const edges = entry.edges ?? entry.dependsOn;
      // A usual line is made whole; only a release with very many dependencies is written edge by edge.
      if (edges.length <= LONG_LINE_EDGES) yield [...entryLine(entry, mark, slot, nameWidth, style)].join('').trimEnd();
      else yield* trimmedEnd(entryLine(entry, mark, slot, nameWidth, style));
    }
  }
}

const LONG_LINE_EDGES = 1000;

/**
 * The slot column: four wide, as a kit of up to 999 slots (`01`, `17a`) has
 * always been printed, and wider where a slot is longer, so that `1000` is
 * never glued to the name after it.
 */
export function slotColumnWidth(slots: Iterable<string | null | undefined>): number {
  let width = 4;
  for (const slot of slots) if (slot) width = Math.max(width, printable(slot).length + 1);
  return width;
}

/** An entry's line in pieces: what is on disk (declared edges only for a deferred slot), drift marked in red. */
function* entryLine(entry: DagEntry, mark: string, slot: string, nameWidth: number, style: TextStyle): Generator<string> {
  yield `    ${mark} ${printable(slot)}${printable(entry.name).padEnd(nameWidth)}  `;
  const edges = entry.edges ?? entry.dependsOn.map((to) => ({ to, kind: 'agreed' as const }));
  for (const [index, edge] of edges.entries()) {
    const text = EDGE_NOTE[edge.kind] ? style.red(`${printable(edge.to)}${EDGE_NOTE[edge.kind]}`) : printable(edge.to);
    yield index === 0 ? `${style.dim('→')} ${text}` : `${style.dim(', ')}${text}`;
  }
}

/** The pieces with the whitespace at the end of their whole removed, as `pieces.join('').trimEnd()` would. */
function* trimmedEnd(pieces: Iterable<string>): Generator<string> {
  let held = '';
  for (const piece of pieces) {
    const kept = piece.trimEnd();
    if (kept === '') {
      held += piece;
      continue;
    }
    yield `${held}${kept}`;
    held = piece.slice(kept.length);
  }
}

/** The multi-kit table: one row per cluster, its verdict last. */
function formatClusterTable(clusters: readonly ClusterReport[], style: TextStyle): string[] {
  const header = ['cluster', 'present', 'deferred', 'drift', 'cycles', 'slot errors', 'verdict'];
  const rows = clusters.map((cluster) => [
    printable(cluster.cluster),
    String(cluster.summary.present),
    String(cluster.summary.deferred),
    String(cluster.summary.drift),
    String(cluster.summary.cycles),
    String(cluster.slotErrors),
    cluster.exitCode === 0 ? 'PASSED' : cluster.exitCode === 3 ? 'INPUT ERROR' : 'FAILED',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [
    style.bold(render(header)),
    ...rows.map((row) => {
      const line = render(row);
      return row.at(-1) === 'PASSED' ? line : style.red(line);
    }),
  ];
}

/** The text report in pieces: a finding's lines at a time, never the whole list as one string. */
export function textChunks(report: Report, options: FormatOptions = {}): Chunks {
  const style = options.color ? options.style ?? plainStyle : plainStyle;
  // An audit that could not run prints the contract's one line per problem, nothing else.
  if (report.exitCode === 3) {
    return (function* () {
      for (const finding of report.findings) yield `${formatFindingLine(finding)}\n`;
      if (report.findings.length === 0) yield '\n';
    })();
  }
  // Sections in pieces, lines joined by `\n`, a blank line between two (each section has at least one line).
  const sections: Iterable<string>[] = [];
  if (report.findings.length > 0) sections.push(joinLines(formatFindings(report.findings, style, options.width)));
  if (!options.quiet) {
    if (report.dag.length > 0) sections.push(formatDag(report.dag, style));
    if (report.cycles.length > 0) {
      sections.push(joinLines([style.bold('Cycles'), ...report.cycles.map((cycle) => `  ${printable(cycle.join(' → '))}`)]));
    }
  }
  if (report.clusters && !options.quiet) sections.push(joinLines(formatClusterTable(report.clusters, style)));
  sections.push([formatSummaryLine(report, style)]);
  return (function* () {
    for (const [index, section] of sections.entries()) {
      if (index > 0) yield '\n\n';
      yield* section;
    }
    yield '\n';
  })();
}

export const formatText: Formatter = (report, options = {}) => joinChunks(textChunks(report, options));
