import { docsUrl, ruleCatalogue } from '../rules/index.js';
import type { Formatter } from './formatter.js';
import type { Report, ReportFinding, SuppressedFinding } from './report.js';
import { joinChunks, JsonItems, jsonChunks } from './chunks.js';
import type { Chunks } from './chunks.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const sarifLevel = (severity: string) => (severity === 'error' ? 'error' : 'warning');

/** A relative path as a URI reference: each segment percent-encoded (`50%.yaml` → `50%25.yaml`), the slashes kept. */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function sarifLocation(finding: ReportFinding) {
  if (finding.file === null) return [];
  const region = finding.line === null
    ? undefined
    : { startLine: finding.line, ...(finding.column === null ? {} : { startColumn: finding.column }) };
  return [{
    physicalLocation: {
      // Relative to the working directory, which in CI is the checkout: what code scanning expects.
      artifactLocation: { uri: pathToUri(finding.file), uriBaseId: '%SRCROOT%' },
      ...(region ? { region } : {}),
    },
  }];
}

/** One SARIF result per finding, made when it is written. */
function sarifResult(finding: ReportFinding & Partial<SuppressedFinding>, ruleIndex: ReadonlyMap<string, number>) {
  const index = ruleIndex.get(finding.rule);
  return {
    ruleId: finding.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: sarifLevel(finding.severity),
    message: { text: finding.fix ? `${finding.message} — ${finding.fix}` : finding.message },
    locations: sarifLocation(finding),
    // Suppressed findings stay in the log, marked as SARIF suppressions (viewers show them as such).
    ...(finding.suppression ? { suppressions: [finding.suppression.kind === 'annotation'
      ? { kind: 'inSource', justification: finding.suppression.reason }
      : { kind: 'external', justification: `baseline ${finding.suppression.file}` }] } : {}),
  };
}

/** SARIF 2.1.0 in pieces: the log around the results, then one result at a time. */
export function sarifChunks(report: Report): Chunks {
  // First index of each id, as indexOf gave.
  const ruleIndex = new Map<string, number>();
  ruleCatalogue.forEach((rule, index) => {
    if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, index);
  });
  const all: (ReportFinding & Partial<SuppressedFinding>)[] = report.suppressed ? [...report.findings, ...report.suppressed] : report.findings;
  const located = all.some((finding) => finding.file === null) ? all.filter((finding) => finding.file !== null) : all;
  const unlocated = located === all ? [] : all.filter((finding) => finding.file === null);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          rules: ruleCatalogue.map((rule) => ({
            id: rule.id,
            name: rule.id.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
            shortDescription: { text: rule.description },
            fullDescription: { text: rule.description },
            helpUri: docsUrl(rule, report.tool.version),
            help: { text: rule.help },
            defaultConfiguration: { level: sarifLevel(rule.severity) },
          })),
        },
      },
      // GitHub code scanning refuses a whole log for one result without a location ("expected at least one
      // location"): a finding about the run itself (an --exclude glob that matches nothing, a usage error) is a
      // notification of the invocation, as SARIF has them, and only located findings are results.
      invocations: [{
        executionSuccessful: report.exitCode !== 3,
        toolExecutionNotifications: unlocated.map((finding) => {
          const index = ruleIndex.get(finding.rule);
          return {
            level: sarifLevel(finding.severity),
            message: { text: finding.fix ? `${finding.message} — ${finding.fix}` : finding.message },
            associatedRule: { id: finding.rule, ...(index !== undefined ? { index } : {}) },
          };
        }),
      }],
      results: new JsonItems<ReportFinding & Partial<SuppressedFinding>>(located, (finding) => sarifResult(finding, ruleIndex)),
      columnKind: 'unicodeCodePoints',
    }],
  };
  return (function* () {
    // The log, then each result as it is made: runs, run, results, one result per JSON.stringify.
    yield* jsonChunks(sarif, 4);
    yield '\n';
  })();
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const formatSarif: Formatter = (report) => joinChunks(sarifChunks(report));
