import { ruleCatalogue } from '../rules/index.js';
import type { Formatter } from './formatter.js';
import type { ReportFinding } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/bootstrap-deps';

const sarifLevel = (severity: string) => (severity === 'error' ? 'error' : 'warning');

function sarifLocation(finding: ReportFinding) {
  if (finding.file === null) return [];
  const region = finding.line === null
    ? undefined
    : { startLine: finding.line, ...(finding.column === null ? {} : { startColumn: finding.column }) };
  return [{
    physicalLocation: {
      // Relative to the working directory, which in CI is the checkout: what code scanning expects.
      artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
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
          informationUri: INFORMATION_URI,
          rules: ruleCatalogue.map((rule) => ({
            id: rule.id,
            name: rule.id.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
            shortDescription: { text: rule.description },
            fullDescription: { text: rule.description },
            help: { text: rule.help },
            defaultConfiguration: { level: sarifLevel(rule.severity) },
          })),
        },
      },
      results: report.findings.map((finding) => ({
        ruleId: finding.rule,
        ...(ruleIds.includes(finding.rule) ? { ruleIndex: ruleIds.indexOf(finding.rule) } : {}),
        level: sarifLevel(finding.severity),
        message: { text: finding.fix ? `${finding.message} — ${finding.fix}` : finding.message },
        locations: sarifLocation(finding),
      })),
      columnKind: 'unicodeCodePoints',
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
