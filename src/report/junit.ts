import type { Formatter } from './formatter.js';
import type { Report, ReportFinding } from './report.js';
import { joinChunks, joinLines } from './chunks.js';
import type { Chunks } from './chunks.js';
import { formatFindingLine } from './text.js';
import { ruleCatalogue } from '../rules/index.js';

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

/**
 * The families of the contract's rule ids, each one test case so a dashboard shows what kind of check failed:
 * the kit audit's first, in their old order, then every other family of the catalogue (api, name, order,
 * kustomization and suppression were missing, and their errors counted in no test case).
 */
const RULE_FAMILIES = [...new Set(['input', 'drift', 'expected', 'graph', 'slot', 'dependsOn', ...ruleCatalogue.map((rule) => rule.id.slice(0, rule.id.indexOf('/')))])];

interface TestCase {
  classname: string;
  name: string;
  findings: ReportFinding[];
  /** Why the case did not run: a kit's rule family where no kit is audited. */
  skipped?: string;
}

/** The families whose rules judge a bootstrap kit and its expected DAG only. */
const KIT_FAMILIES = new Set(['drift', 'expected', 'slot']);

/** Each finding's one-line form, of one severity, escaped, made as it is written. */
function* escapedLines(findings: readonly ReportFinding[], severity: ReportFinding['severity']): Generator<string> {
  for (const finding of findings) if (finding.severity === severity) yield escapeXml(formatFindingLine(finding));
}

/** A test case, a line (or a finding's line) at a time. */
function* renderCase({ classname, name, findings, skipped }: TestCase): Generator<string> {
  // The first of each severity, then each list walked as it is written (no copy of up to 520,000 findings each).
  const firstError = findings.find((finding) => finding.severity === 'error');
  const hasWarnings = findings.some((finding) => finding.severity === 'warning');
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="0"`;
  if (skipped !== undefined) {
    yield `${open}>\n      <skipped message="${escapeXml(skipped)}"/>\n    </testcase>`;
    return;
  }
  if (findings.length === 0) {
    yield `${open}/>`;
    return;
  }
  yield `${open}>\n`;
  // Escaping works character by character: each line escaped alone is the joined text escaped.
  if (firstError) {
    yield `      <failure message="${escapeXml(firstError.message)}" type="${escapeXml(firstError.rule)}">`;
    yield* joinLines(escapedLines(findings, 'error'));
    yield '</failure>';
  }
  if (hasWarnings) {
    if (firstError) yield '\n';
    yield '      <system-out>';
    yield* joinLines(escapedLines(findings, 'warning'));
    yield '</system-out>';
  }
  yield '\n    </testcase>';
}

function* renderSuite(name: string, cases: TestCase[]): Generator<string> {
  const failures = cases.filter((testCase) => testCase.findings.some((finding) => finding.severity === 'error')).length;
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length;
  yield `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`;
  for (const testCase of cases) {
    yield '\n';
    yield* renderCase(testCase);
  }
  yield '\n  </testsuite>';
}

/**
 * A test case per object of the repository, named `namespace/name`, classname its kind in lower case, with the
 * findings about that object (ReportFinding.object, its id).
 */
function objectCases(report: Report): TestCase[] {
  const byObject = new Map<string, ReportFinding[]>();
  for (const finding of report.findings) {
    if (!finding.object) continue;
    const list = byObject.get(finding.object);
    if (list) list.push(finding);
    else byObject.set(finding.object, [finding]);
  }
  return (report.flux?.objectIds ?? []).map((id) => {
    const kind = id.slice(0, id.indexOf('/'));
    // `namespace/name`, or the name alone where none is known (an id `HelmRelease//name`: a review's probe gave `/name`).
    return { classname: kind.toLowerCase(), name: id.slice(kind.length + 1).replace(/^\//, ''), findings: byObject.get(id) ?? [] };
  });
}

/**
 * JUnit XML in pieces: one test case per HelmRelease and one per rule family. In the repository audit (no kit),
 * the HelmReleases are the repository's, by namespace and name (fixed: only those with a finding, by name alone),
 * and the kit's rule families are skipped; wherever the repository is read, a suite of its Kustomizations and
 * ResourceSets is added, where most of a repository's findings land (a trial's probe: 103 HelmReleases, tests="0").
 */
export function junitChunks(report: Report): Chunks {
  const repositoryOnly = !report.kitDir && report.flux !== undefined;
  const objects = report.flux ? objectCases(report) : [];
  let releaseCases: TestCase[];
  if (repositoryOnly) {
    releaseCases = objects.filter((testCase) => testCase.classname === 'helmrelease');
  } else {
    const releaseNames = new Set(report.dag.filter((entry) => entry.present).map((entry) => entry.name));
    // Each finding looked at once: a filter per release was quadratic in releases times findings.
    const byRelease = new Map<string, ReportFinding[]>();
    for (const finding of report.findings) {
      if (!finding.hr) continue;
      releaseNames.add(finding.hr);
      const list = byRelease.get(finding.hr);
      if (list) list.push(finding);
      else byRelease.set(finding.hr, [finding]);
    }
    releaseCases = [...releaseNames].sort().map((name) => ({
      classname: 'helmrelease',
      name,
      findings: byRelease.get(name) ?? [],
    }));
  }
  const otherCases = objects.filter((testCase) => testCase.classname !== 'helmrelease');
  const familyCases = RULE_FAMILIES.map((family): TestCase => ({
    classname: 'rules',
    name: family,
    findings: report.findings.filter((finding) => finding.rule.startsWith(`${family}/`)),
    ...(repositoryOnly && KIT_FAMILIES.has(family) ? { skipped: 'no bootstrap kit is audited in this run' } : {}),
  }));
  const all = [...releaseCases, ...otherCases, ...familyCases];
  const failures = all.filter((testCase) => testCase.findings.some((finding) => finding.severity === 'error')).length;
  const skipped = all.filter((testCase) => testCase.skipped !== undefined).length;
  return (function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?>\n';
    yield `<testsuites name="${report.tool.name}" tests="${all.length}" failures="${failures}" errors="0"${skipped > 0 ? ` skipped="${skipped}"` : ''} time="0">\n`;
    // The repository audit has no kit directory: its suite is the repository's.
    yield* renderSuite(`${report.tool.name}: HelmReleases in ${report.kitDir || 'the repository'}`, releaseCases);
    yield '\n';
    if (report.flux) {
      yield* renderSuite(`${report.tool.name}: Kustomizations and ResourceSets in the repository`, otherCases);
      yield '\n';
    }
    yield* renderSuite(`${report.tool.name}: rule families`, familyCases);
    yield '\n</testsuites>\n';
  })();
}

/** JUnit XML: one test case per HelmRelease and one per rule family. */
export const formatJunit: Formatter = (report) => joinChunks(junitChunks(report));
