import { docsUrl, ruleCatalogue } from '../rules/index.js';
import type { Formatter } from './formatter.js';
import type { ReportFinding, SuppressedFinding } from './report.js';

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

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const formatSarif: Formatter = (report) => {
  const ruleIds = ruleCatalogue.map((rule) => rule.id);
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
      results: [...report.findings, ...(report.suppressed ?? [])].map((finding: ReportFinding & Partial<SuppressedFinding>) => ({
        ruleId: finding.rule,
        ...(ruleIds.includes(finding.rule) ? { ruleIndex: ruleIds.indexOf(finding.rule) } : {}),
        level: sarifLevel(finding.severity),
        message: { text: finding.fix ? `${finding.message} — ${finding.fix}` : finding.message },
        locations: sarifLocation(finding),
        // Suppressed findings stay in the log, marked as SARIF suppressions (viewers show them as such).
        ...(finding.suppression ? { suppressions: [finding.suppression.kind === 'annotation'
          ? { kind: 'inSource', justification: finding.suppression.reason }
          : { kind: 'external', justification: `baseline ${finding.suppression.file}` }] } : {}),
      })),
      columnKind: 'unicodeCodePoints',
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
