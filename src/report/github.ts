import type { Formatter } from './formatter.js';
import type { Report, ReportFinding } from './report.js';
import { joinChunks } from './chunks.js';
import type { Chunks } from './chunks.js';
import { printable } from './printable.js';
import { formatSummaryLine } from './text.js';

// GitHub Actions workflow commands: data escapes %, CR and LF; property values
// also escape ":" and ",", which would otherwise end the value.
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function workflowCommand(finding: ReportFinding): string {
  const properties: string[] = [];
  // GitHub's log renders ANSI sequences: control characters are shown escaped, never sent.
  if (finding.file !== null) properties.push(`file=${escapeProperty(printable(finding.file))}`);
  if (finding.line !== null) properties.push(`line=${finding.line}`);
  if (finding.column !== null) properties.push(`col=${finding.column}`);
  properties.push(`title=${escapeProperty(finding.rule)}`);
  const message = finding.fix ? `${finding.message} — ${finding.fix}` : finding.message;
  return `::${finding.severity} ${properties.join(',')}::${escapeData(printable(message))}`;
}

/** One workflow command per finding (shown inline on the pull request), then the summary line; a line at a time. */
export function githubChunks(report: Report): Chunks {
  return (function* () {
    for (const finding of report.findings) yield `${workflowCommand(finding)}\n`;
    yield `${formatSummaryLine(report)}\n`;
  })();
}

export const formatGithub: Formatter = (report) => joinChunks(githubChunks(report));
