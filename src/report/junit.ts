import type { Formatter } from './formatter.js';
import type { ReportFinding } from './report.js';
import { formatFindingLine } from './text.js';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 cannot carry most control characters, not even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** The families of the contract's rule ids, each one test case so a dashboard shows what kind of check failed. */
const RULE_FAMILIES = ['input', 'drift', 'expected', 'graph', 'slot', 'dependsOn'];

interface TestCase {
  classname: string;
  name: string;
  findings: ReportFinding[];
}

function renderCase({ classname, name, findings }: TestCase): string {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const warnings = findings.filter((finding) => finding.severity === 'warning');
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="0"`;
  if (findings.length === 0) return `${open}/>`;
  const body: string[] = [];
  if (errors.length > 0) {
    const first = errors[0]!;
    body.push(`      <failure message="${escapeXml(first.message)}" type="${escapeXml(first.rule)}">${escapeXml(errors.map(formatFindingLine).join('\n'))}</failure>`);
  }
  if (warnings.length > 0) body.push(`      <system-out>${escapeXml(warnings.map(formatFindingLine).join('\n'))}</system-out>`);
  return `${open}>\n${body.join('\n')}\n    </testcase>`;
}

function renderSuite(name: string, cases: TestCase[]): string {
  const failures = cases.filter((testCase) => testCase.findings.some((finding) => finding.severity === 'error')).length;
  return [
    `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    ...cases.map(renderCase),
    '  </testsuite>',
  ].join('\n');
}

/** JUnit XML: one test case per HelmRelease and one per rule family. */
export const formatJunit: Formatter = (report) => {
  const releaseNames = new Set(report.dag.filter((entry) => entry.present).map((entry) => entry.name));
  for (const finding of report.findings) if (finding.hr) releaseNames.add(finding.hr);
  const releaseCases = [...releaseNames].sort().map((name) => ({
    classname: 'helmrelease',
    name,
    findings: report.findings.filter((finding) => finding.hr === name),
  }));
  const familyCases = RULE_FAMILIES.map((family) => ({
    classname: 'rules',
    name: family,
    findings: report.findings.filter((finding) => finding.rule.startsWith(`${family}/`)),
  }));
  const all = [...releaseCases, ...familyCases];
  const failures = all.filter((testCase) => testCase.findings.some((finding) => finding.severity === 'error')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${report.tool.name}" tests="${all.length}" failures="${failures}" errors="0" time="0">`,
    renderSuite(`${report.tool.name}: HelmReleases in ${report.kitDir}`, releaseCases),
    renderSuite(`${report.tool.name}: rule families`, familyCases),
    '</testsuites>',
    '',
  ].join('\n');
};
