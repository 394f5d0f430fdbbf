import { existsSync, readFileSync } from 'node:fs';
import { readRegularFile } from '../load/yaml-file.js';
import { relative, resolve, sep } from 'node:path';
import { inputFinding } from '../load/input-findings.js';
import { closestName } from '../model/names.js';
import { displayPath } from '../model/paths.js';
import { SUPPRESSIBLE_RULE_IDS } from '../rules/suppressible.js';
import type { Finding } from '../model/types.js';
import { compareFindings, exitCodeFor, toReportFinding, worstExitCode } from '../report/report.js';
import type { Report, ReportFinding, SuppressedFinding } from '../report/report.js';

// A baseline of known findings, as ESLint 9's bulk suppressions keep it:
// counts per file and rule, so a finding that moves to another line stays
// suppressed, and a new one of the same rule in the same file shows up as
// soon as the count is exceeded.

export { BASELINE_FILE_NAME } from './baseline-name.js';

/** `{ "<file relative to the root>": { "<rule>": { "count": N } } }` */
export type Baseline = Record<string, Record<string, { count: number }>>;

/** Findings without a file (rare) are counted under this key. */
const NO_FILE = '(no file)';

export interface BaselineContext {
  cwd: string;
  /** Repository root: keys are relative to it, and the file lives in it. */
  root: string;
  /** Absolute path of the baseline file. */
  path: string;
  strict: boolean;
  /** The config's severity for suppression/unused, if it sets one. */
  unusedSetting?: 'error' | 'warning' | 'off';
}

/** Baselines hold what a rule judged; input errors and findings about suppressions themselves are never baselined. */
function baselinable(finding: ReportFinding): boolean {
  return !finding.rule.startsWith('input/') && !finding.rule.startsWith('suppression/');
}

function keyOf(finding: ReportFinding, context: BaselineContext): string {
  if (finding.file === null) return NO_FILE;
  const path = relative(context.root, resolve(context.cwd, finding.file));
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The baseline of a report: every finding counted by file and rule, keys sorted. */
export function countFindings(findings: readonly ReportFinding[], context: BaselineContext): Baseline {
  const baseline: Baseline = {};
  for (const finding of findings.filter(baselinable)) {
    const rules = (baseline[keyOf(finding, context)] ??= {});
    rules[finding.rule] = { count: (rules[finding.rule]?.count ?? 0) + 1 };
  }
  return sortBaseline(baseline);
}

function sortBaseline(baseline: Baseline): Baseline {
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return Object.fromEntries(Object.keys(baseline).sort(byKey).map((file) => [file,
    Object.fromEntries(Object.keys(baseline[file]!).sort(byKey).map((rule) => [rule, { count: baseline[file]![rule]!.count }]))]));
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(sortBaseline(baseline), null, 2)}\n`;
}

/** What --prune-suppressions keeps: each entry lowered to what is still found, entries at zero dropped. */
export function pruneBaseline(baseline: Baseline, current: Baseline): Baseline {
  const pruned: Baseline = {};
  for (const [file, rules] of Object.entries(baseline)) {
    for (const [rule, { count }] of Object.entries(rules)) {
      const still = Math.min(count, current[file]?.[rule]?.count ?? 0);
      if (still > 0) (pruned[file] ??= {})[rule] = { count: still };
    }
  }
  return sortBaseline(pruned);
}

/** Reads the baseline file; a file that is not one is an `input/invalid-suppressions` finding. */
export function readBaseline(path: string): { baseline?: Baseline; finding?: Finding } {
  // Read as every input is: a FIFO or a link to /dev/zero committed as the baseline must not hang the run.
  const read = readRegularFile(path);
  if ('finding' in read) {
    if (read.finding.rule === 'input/not-found' && !existsSync(path)) return {};
    if (read.finding.rule === 'input/special-file' || read.finding.rule === 'input/too-large') return { finding: read.finding };
    return { finding: inputFinding('input/invalid-suppressions', { file: path, line: null, column: null },
      `cannot read the suppressions file (${read.finding.message})`, 'make it readable') };
  }
  const text = read.bytes.toString('utf8');
  const invalid = (message: string) => ({ finding: inputFinding('input/invalid-suppressions', { file: path, line: null, column: null },
    message, 'regenerate it with bootstrap-deps check --suppress-all') });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return invalid(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return invalid('must be an object of files');
  for (const [file, rules] of Object.entries(data)) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return invalid(`"${file}" must map rule ids to { "count": N }`);
    for (const [rule, entry] of Object.entries(rules)) {
      const count = (entry as { count?: unknown } | null)?.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return invalid(`"${file}" → "${rule}" needs a whole "count" of at least 1`);
    }
  }
  return { baseline: data as Baseline };
}

/** The line of `"<rule>": {` under `"<file>": {` in a file this module wrote, for a located finding. */
function locateEntry(text: string, file: string, rule: string): { line: number | null; column: number | null } {
  const lines = text.split('\n');
  const fileLine = lines.findIndex((line) => line.startsWith(`  ${JSON.stringify(file)}: {`));
  if (fileLine < 0) return { line: null, column: null };
  for (let index = fileLine + 1; index < lines.length && lines[index]!.startsWith('    '); index += 1) {
    if (lines[index]!.startsWith(`    ${JSON.stringify(rule)}: {`)) return { line: index + 1, column: 5 };
  }
  return { line: fileLine + 1, column: 3 };
}

/**
 * Takes the baselined findings out of a report. Per file and rule: as many as
 * the baseline counts, or fewer, are suppressed; more than that and all of
 * them are reported (which ones are new cannot be told apart). An entry that
 * counts more than is found now is a `suppression/unused` finding.
 */
export function applyBaseline(report: Report, baseline: Baseline, context: BaselineContext): Report {
  if (report.exitCode === 3) return report;
  const groups = new Map<string, ReportFinding[]>();
  for (const finding of report.findings.filter(baselinable)) {
    const key = JSON.stringify([keyOf(finding, context), finding.rule]);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const baselineFile = displayPath(context.cwd, context.path);
  const suppressedNow = new Set<ReportFinding>();
  const added: SuppressedFinding[] = [];
  const unused: ReportFinding[] = [];
  let text: string | undefined;
  let ids: string[] | undefined;
  for (const [file, rules] of Object.entries(baseline)) {
    for (const [rule, { count }] of Object.entries(rules)) {
      const found = groups.get(JSON.stringify([file, rule])) ?? [];
      if (found.length <= count) {
        for (const finding of found) {
          suppressedNow.add(finding);
          added.push({ ...finding, suppression: { kind: 'baseline', file: baselineFile } });
        }
      }
      if (found.length < count && context.unusedSetting !== 'off') {
        text ??= readFileSync(context.path, 'utf8');
        // A rule id no finding can have is a typo far more often than a finding gone: say so, with the closest id,
        // where pruning would drop the entry meant for it (a trial's probe: drift/extra-edg).
        ids ??= SUPPRESSIBLE_RULE_IDS();
        const known = ids.includes(rule);
        const guess = known ? undefined : closestName(rule, ids);
        unused.push({
          ...toReportFinding(context.cwd, {
            rule: 'suppression/unused',
            severity: context.unusedSetting ?? 'error',
            message: known ? `${count} ${rule} finding${count === 1 ? '' : 's'} suppressed in ${file}, ${found.length} found now`
              : `${rule}, counted in ${file}, is no rule id a baseline can suppress: the entry suppresses nothing`,
            fix: known ? 'run bootstrap-deps check --prune-suppressions to shrink the baseline'
              : guess ? `did you mean ${guess}? correct the entry's rule id` : 'correct the entry\'s rule id, or run bootstrap-deps check --prune-suppressions to drop it',
            location: { file: context.path, ...locateEntry(text, file, rule) },
          }),
        });
      }
    }
  }
  const findings = [...report.findings.filter((finding) => !suppressedNow.has(finding)), ...unused].sort(compareFindings);
  const suppressed = [...(report.suppressed ?? []), ...added].sort(compareFindings);
  return recount(report, findings, suppressed, context.strict);
}

function driftCount(findings: readonly ReportFinding[]): number {
  return new Set(findings.filter((finding) => finding.rule.startsWith('drift/')).map((finding) => finding.hr)).size;
}

/** Exit codes and counts again, from the findings that are left (per cluster too). */
function recount(report: Report, findings: ReportFinding[], suppressed: SuppressedFinding[], strict: boolean): Report {
  const errors = (list: readonly ReportFinding[]) => list.filter((finding) => finding.severity === 'error').length;
  const warnings = (list: readonly ReportFinding[]) => list.filter((finding) => finding.severity === 'warning').length;
  const clusters = report.clusters?.map((cluster) => {
    const own = findings.filter((finding) => finding.cluster === undefined || finding.cluster === cluster.cluster);
    const ownSuppressed = suppressed.filter((finding) => finding.cluster === cluster.cluster).length;
    return {
      ...cluster,
      exitCode: exitCodeFor(own, { strict }),
      summary: { ...cluster.summary, drift: driftCount(own), errors: errors(own), warnings: warnings(own), ...(ownSuppressed > 0 ? { suppressed: ownSuppressed } : {}) },
      slotErrors: own.filter((finding) => finding.rule.startsWith('slot/') && finding.severity === 'error').length,
    };
  });
  // Copied by descriptor: the lazy `dag` getter must not run for --quiet or JSON.
  const result = Object.defineProperties({}, Object.getOwnPropertyDescriptors(report)) as Report;
  result.exitCode = clusters ? worstExitCode(clusters.map((cluster) => cluster.exitCode)) : exitCodeFor(findings, { strict });
  result.summary = {
    ...report.summary,
    drift: clusters ? clusters.reduce((total, cluster) => total + cluster.summary.drift, 0) : driftCount(findings),
    errors: errors(findings),
    warnings: warnings(findings),
    ...(suppressed.length > 0 ? { suppressed: suppressed.length } : {}),
  };
  result.findings = findings;
  if (suppressed.length > 0) result.suppressed = suppressed;
  if (clusters) result.clusters = clusters;
  return result;
}
