import { formatMermaid } from '../graph/mermaid.js';
import { UNDECLARED_WAVE } from '../graph/view.js';
import type { EdgeKind, GraphView, GraphViewEdge, GraphViewNode } from '../graph/view.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { joinChunks, joinLines } from './chunks.js';
import type { Chunks } from './chunks.js';
import type { Report, ReportFinding, SuppressedFinding } from './report.js';
import { formatPlace, formatSummaryLine } from './text.js';

// Markdown for a reviewer: GitHub's job summary ($GITHUB_STEP_SUMMARY) and PR
// comments. A verdict line, the findings as a table linked to file and line,
// suppressed findings folded away (never hidden), and the graph as Mermaid.

/** A table cell: no line breaks, no column separators, no HTML that GitHub would swallow. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A link text or code span must not close early. */
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A path segment for a link target: percent-encoded, parentheses too, so an unbalanced one cannot end the link. */
const segment = (text: string) => encodeURIComponent(text).replace(/\(/g, '%28').replace(/\)/g, '%29');

function link(finding: Pick<ReportFinding, 'file' | 'line' | 'column'>, linkBase: string | undefined): string {
  if (finding.file === null) return '';
  const target = `${linkBase ?? ''}${finding.file.split('/').map(segment).join('/')}${finding.line === null ? '' : `#L${finding.line}`}`;
  return `[${cell(formatPlace(finding)).replace(/[[\]]/g, '\\$&')}](${target})`;
}

/** The table's lines, a row at a time. */
function* findingsTable(findings: readonly (ReportFinding | SuppressedFinding)[], linkBase: string | undefined, suppressed: boolean): Generator<string> {
  const clusters = findings.some((finding) => finding.cluster !== undefined);
  const header = ['', 'rule', ...(clusters ? ['cluster'] : []), 'where', suppressed ? 'finding and why it is suppressed' : 'finding and fix'];
  yield `| ${header.join(' | ')} |`;
  yield `| ${header.map(() => '---').join(' | ')} |`;
  for (const finding of findings) {
    const mark = finding.severity === 'error' ? '❌ error' : '⚠️ warning';
    const detail = 'suppression' in finding
      ? (finding.suppression.kind === 'annotation' ? `annotation: ${finding.suppression.reason}` : `baseline ${finding.suppression.file}`)
      : finding.fix ? `fix: ${finding.fix}` : '';
    const text = `${cell(finding.message)}${detail ? `<br>${cell(detail)}` : ''}`;
    const row = [mark, code(finding.rule), ...(clusters ? [finding.cluster ? cell(finding.cluster) : ''] : []), link(finding, linkBase), text];
    yield `| ${row.join(' | ')} |`;
  }
}

/** The report's DAG view and drift findings as the graph command's view, for the Mermaid drawing. */
function graphView(report: Report): GraphView {
  const nodes: GraphViewNode[] = report.dag.map((entry) => ({
    name: entry.name,
    slot: entry.slot,
    wave: entry.declared ? entry.wave : UNDECLARED_WAVE,
    status: !entry.declared ? 'undeclared' : entry.present ? 'present' : 'deferred',
  }));
  const drift = [...report.findings, ...(report.suppressed ?? [])];
  const has = (rule: string, from: string, to: string) => drift.some((finding) => finding.rule === rule && finding.hr === from && finding.dependency === to);
  const edges: GraphViewEdge[] = [];
  for (const entry of report.dag) {
    // On-disk edges the expected DAG lacks come from the drift findings; all sorted by name, as the graph command does.
    const extra = drift.filter((finding) => finding.rule === 'drift/extra-edge' && finding.hr === entry.name && finding.dependency).map((finding) => finding.dependency!);
    for (const dependency of [...new Set([...entry.dependsOn, ...extra])].sort()) {
      const kind: EdgeKind = !entry.declared || !entry.dependsOn.includes(dependency) ? 'extra'
        : !entry.present ? 'planned' : has('drift/missing-edge', entry.name, dependency) ? 'missing' : 'agreed';
      edges.push({ from: entry.name, to: dependency, kind });
    }
  }
  const known = new Set(nodes.map((node) => node.name));
  for (const edge of edges) {
    if (known.has(edge.to)) continue;
    known.add(edge.to);
    nodes.push({ name: edge.to, slot: null, wave: UNDECLARED_WAVE, status: 'undeclared' });
  }
  return { nodes, edges, waves: [...new Set(nodes.map((node) => node.wave ?? '(no wave)'))] };
}

/** The Markdown report in pieces: its lines, a table row at a time. */
export function markdownChunks(report: Report, options: FormatOptions = {}): Chunks {
  return joinLines(markdownLines(report, options));
}

export const formatMarkdown: Formatter = (report, options = {}) => joinChunks(markdownChunks(report, options));

// Lines are yielded, never spread into push(): 520,000 table rows as arguments overflowed the stack.
function* markdownLines(report: Report, options: FormatOptions): Generator<string> {
  // A URL on GitHub; else relative to where the report is written (--output); else to the working directory.
  const linkBase = options.linkUrl ?? (options.linkBase ? `${options.linkBase.split('/').map(segment).join('/')}/` : undefined);
  const verdict = report.exitCode === 0 ? '✅ PASSED' : report.exitCode === 3 ? '🛑 INPUT ERROR' : '❌ FAILED';
  yield `## bootstrap-deps: ${verdict}`;
  yield '';
  if (report.exitCode === 3) {
    yield* ['The audit could not run:', ''];
    yield* findingsTable(report.findings, linkBase, false);
    yield '';
    return;
  }
  yield* [formatSummaryLine(report).replace(/^(PASSED|FAILED) /, ''), ''];
  if (report.findings.length > 0) {
    yield* findingsTable(report.findings, linkBase, false);
    yield '';
  } else yield* ['No findings.', ''];
  if (report.suppressed && report.suppressed.length > 0) {
    yield* [`<details><summary>${report.suppressed.length} suppressed finding${report.suppressed.length === 1 ? '' : 's'}</summary>`, ''];
    yield* findingsTable(report.suppressed, linkBase, true);
    yield* ['', '</details>', ''];
  }
  if (report.clusters) {
    yield* ['| cluster | present | deferred | drift | cycles | slot errors | verdict |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |'];
    for (const cluster of report.clusters) {
      const state = cluster.exitCode === 0 ? '✅ PASSED' : cluster.exitCode === 3 ? '🛑 INPUT ERROR' : '❌ FAILED';
      yield `| ${cell(cluster.cluster)} | ${cluster.summary.present} | ${cluster.summary.deferred} | ${cluster.summary.drift} | ${cluster.summary.cycles} | ${cluster.slotErrors} | ${state} |`;
    }
    yield '';
  }
  if (report.cycles.length > 0) {
    yield* ['**Cycles**', ''];
    for (const cycle of report.cycles) yield `- ${cycle.map(code).join(' → ')}`;
    yield '';
  }
  // The repository audit has no kit DAG: its install levels across kinds stand in for the drawing.
  if (report.flux && report.flux.order.length > 0) {
    yield* ['<details><summary>Install order (levels across HelmReleases, Kustomizations and ResourceSets)</summary>', ''];
    for (const [index, level] of report.flux.order.entries()) yield `${index + 1}. ${level.map(code).join(', ')}`;
    yield* ['', '</details>', ''];
  }
  if (report.dag.length > 0) {
    yield* ['<details><summary>Dependency graph</summary>', '', '```mermaid', formatMermaid(graphView(report)).trimEnd(), '```', '', '</details>', ''];
  }
  // The repository audit has no kit and no expected DAG: its footer names the tool only.
  const audited = report.kitDir ? `${cell(report.kitDir)} against ${cell(report.expectedFile)} · ` : '';
  yield* [`<sub>${audited}${report.tool.name} ${report.tool.version}</sub>`, ''];
}

/**
 * In a GitHub Actions job, links to the commit being checked, so the job
 * summary's links open the file at the line. Paths in the report are relative
 * to the working directory, so the prefix includes where that sits in the checkout.
 */
export function githubLinkBase(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = env;
  if (!server || !repository || !sha || !workspace) return undefined;
  const normalise = (path: string) => path.replace(/\\/g, '/').replace(/\/+$/, '');
  const [top, here] = [normalise(workspace), normalise(cwd)];
  if (here !== top && !here.startsWith(`${top}/`)) return undefined;
  const inside = here.slice(top.length + 1);
  return `${server}/${repository}/blob/${sha}/${inside ? `${inside.split('/').map(segment).join('/')}/` : ''}`;
}
