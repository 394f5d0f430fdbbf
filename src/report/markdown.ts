import { mermaidChunks } from '../graph/mermaid.js';
import type { MermaidSource } from '../graph/mermaid.js';
import { UNDECLARED_WAVE } from '../graph/view.js';
import type { EdgeKind, GraphViewEdge, GraphViewNode } from '../graph/view.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { joinChunks } from './chunks.js';
import type { Chunks } from './chunks.js';
import type { DagEntry, Report, ReportFinding, SuppressedFinding } from './report.js';
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

/**
 * The report's DAG view and drift findings as the graph command's view, for
 * the Mermaid drawing: nodes in DAG order, then each dependency nobody
 * declares, in the order edges reach it; edges per entry sorted by name. Made
 * as they are read (a release with 520,000 dependsOn items would otherwise be
 * a million node and edge objects), with the drift findings indexed once.
 */
function dagSource(report: Report): MermaidSource {
  const extraOf = new Map<string, string[]>();
  const missing = new Map<string, Set<string>>();
  for (const finding of [report.findings, report.suppressed ?? []]) {
    for (const { rule, hr, dependency } of finding) {
      if (hr === undefined || !dependency) continue;
      if (rule === 'drift/extra-edge') {
        const list = extraOf.get(hr);
        if (list) list.push(dependency);
        else extraOf.set(hr, [dependency]);
      } else if (rule === 'drift/missing-edge') {
        const set = missing.get(hr) ?? new Set<string>();
        set.add(dependency);
        missing.set(hr, set);
      }
    }
  }
  const { dag } = report;
  function* edges(): Generator<GraphViewEdge> {
    for (const entry of dag) {
      // On-disk edges the expected DAG lacks come from the drift findings; all sorted by name, as the graph command does.
      const declared = entry.declared ? new Set(entry.dependsOn) : undefined;
      for (const dependency of sortedUnion(entry.dependsOn, extraOf.get(entry.name))) {
        const kind: EdgeKind = !declared || !declared.has(dependency) ? 'extra'
          : !entry.present ? 'planned' : missing.get(entry.name)?.has(dependency) ? 'missing' : 'agreed';
        yield { from: entry.name, to: dependency, kind };
      }
    }
  }
  // A dependency that no entry is gets a node of its own, where an edge first reaches it.
  // Each name's last position: the drawing's ids (n0, n1, ...) are these.
  const positions = new Map<string, number>();
  dag.forEach((entry, index) => positions.set(entry.name, index));
  const targets: string[] = [];
  for (const edge of edges()) {
    if (positions.has(edge.to)) continue;
    positions.set(edge.to, dag.length + targets.length);
    targets.push(edge.to);
  }
  const waveOf = (entry: DagEntry) => (entry.declared ? entry.wave : UNDECLARED_WAVE);
  const node = (index: number): GraphViewNode => {
    if (index >= dag.length) return { name: targets[index - dag.length]!, slot: null, wave: UNDECLARED_WAVE, status: 'undeclared' };
    const entry = dag[index]!;
    return { name: entry.name, slot: entry.slot, wave: waveOf(entry), status: !entry.declared ? 'undeclared' : entry.present ? 'present' : 'deferred' };
  };
  const waves = new Set(dag.map((entry) => waveOf(entry) ?? '(no wave)'));
  if (targets.length > 0) waves.add(UNDECLARED_WAVE);
  return { nodeCount: dag.length + targets.length, node, edges, waves: [...waves], positionOf: (name) => positions.get(name) };
}

/** `[...new Set([...list, ...more])].sort()`, without the copies when `list` is already that (a DAG entry's is). */
function sortedUnion(list: readonly string[], more: readonly string[] | undefined): readonly string[] {
  if (more === undefined || more.length === 0) {
    let ordered = true;
    for (let index = 1; index < list.length && ordered; index += 1) ordered = list[index - 1]! < list[index]!;
    if (ordered) return list;
  }
  return [...new Set([...list, ...(more ?? [])])].sort();
}

/** The Markdown report in pieces: its lines, a table row at a time. */
export function markdownChunks(report: Report, options: FormatOptions = {}): Chunks {
  return (function* () {
    let first = true;
    for (const line of markdownLines(report, options)) {
      if (!first) yield '\n';
      first = false;
      if (typeof line === 'string') yield line;
      else yield* line;
    }
  })();
}

export const formatMarkdown: Formatter = (report, options = {}) => joinChunks(markdownChunks(report, options));

// Lines are yielded, never spread into push(): 520,000 table rows as arguments overflowed the stack.
function* markdownLines(report: Report, options: FormatOptions): Generator<string | Iterable<string>> {
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
    yield* ['<details><summary>Dependency graph</summary>', '', '```mermaid'];
    // One item of lines, written in pieces: the flowchart without its last newline, as trimEnd() left it.
    yield mermaidChunks(dagSource(report));
    yield* ['```', '', '</details>', ''];
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
