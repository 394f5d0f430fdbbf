import type { AuditModel } from '../model/audit-model.js';
import type { FluxModel } from '../model/flux-graph.js';
import { createdTargetId, waitsOnItsOwnCreation } from '../model/flux-graph.js';
import { fluxObjectId } from '../model/flux-objects.js';
import type { ScanSkip } from '../model/flux-objects.js';
import { buildFluxGraphView, buildGraphView, edgeKind } from '../graph/view.js';
import type { EdgeKind, GraphView } from '../graph/view.js';
import { compareText } from '../model/compare.js';
import { displayPath } from '../model/paths.js';
import type { Finding, Severity } from '../model/types.js';
import { computedText, defineText } from '../rules/finding-text.js';

import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export { TOOL_NAME, TOOL_VERSION };

/** A finding as reports carry it: the location flattened, the file relative to the working directory. */
export interface ReportFinding extends Omit<Finding, 'location'> {
  /** With several kits (`--all-clusters`), the cluster whose kit the finding is about. */
  cluster?: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface ReportSummary {
  present: number;
  expected: number;
  deferred: number;
  drift: number;
  cycles: number;
  errors: number;
  warnings: number;
  /** With several kits: how many were checked (present, deferred, drift and cycles are then sums over them). */
  kits?: number;
  /** Findings taken out by a suppression (baseline or annotation); present only when there are any. */
  suppressed?: number;
}

/** A finding a suppression took out of `findings`: still listed, never silently dropped. */
export interface SuppressedFinding extends ReportFinding {
  suppression:
    | { kind: 'annotation'; reason: string }
    | { kind: 'baseline'; file: string };
}

/** One expected slot (or undeclared HelmRelease) as the DAG view shows it. */
export interface DagEntry {
  slot: string | null;
  name: string;
  wave: string | null;
  present: boolean;
  declared: boolean;
  /** The declared depends_on (for an undeclared HelmRelease, its dependsOn on disk). */
  dependsOn: string[];
  /**
   * What the DAG view draws: on-disk edges for a HelmRelease in the kit, declared ones for a deferred slot, drift marked.
   * Optional for entries built by hand: the view then draws `dependsOn`, unmarked.
   */
  edges?: { to: string; kind: EdgeKind }[];
  file: string | null;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  kitDir: string;
  /** With several kits: each kit directory (`kitDir` joins them with `, `, for compatibility). */
  kitDirs?: string[];
  expectedFile: string;
  exitCode: ExitCode;
  summary: ReportSummary;
  findings: ReportFinding[];
  /** With several kits, each entry carries the cluster whose kit lacks it. */
  deferred: { hr: string; slot: string; wave: string | null; cluster?: string }[];
  cycles: string[][];
  order: string[][];
  /** For the text view; not part of the JSON contract. */
  dag: DagEntry[];
  /** The merged DAG the graph command draws, for the HTML report; not enumerable, not part of the JSON contract. */
  graph?: GraphView;
  /** With several kits: one entry per cluster (an addition to the contract; absent for one kit). */
  clusters?: ClusterReport[];
  /** The repository view (an addition): every Flux object under the root, across kinds. */
  flux?: FluxSection;
  /** Suppressed findings (an addition to the contract; absent when nothing was suppressed). */
  suppressed?: SuppressedFinding[];
}

/** What the repository scan found; object ids are `Kind/namespace/name`. */
export interface FluxSection {
  objects: { HelmRelease: number; Kustomization: number; ResourceSet: number };
  /** YAML files that hold a Flux API group and were parsed. */
  filesRead: number;
  /** What the scan passed over, by reason (never silently). */
  skipped: ScanSkip[];
  cycles: string[][];
  /** Install levels across kinds: dependsOn, and an object after the Kustomization that applies it. */
  order: string[][];
  /** The reverse: what to remove first so nothing is deleted under a dependent. */
  teardown: string[][];
  /** Every object's id, sorted, once however many copies: not enumerable, not part of the JSON contract (the JUnit report's test cases). */
  objectIds?: string[];
}

/** One cluster's part of a multi-kit report; its findings are in the top-level list, tagged with `cluster`. */
export interface ClusterReport {
  cluster: string;
  kitDir: string;
  exitCode: ExitCode;
  summary: ReportSummary;
  /** Error-level `slot/*` findings. */
  slotErrors: number;
  deferred: Report['deferred'];
  cycles: string[][];
  order: string[][];
  /** This kit's merged DAG, for the HTML report; not enumerable, not part of the JSON contract. */
  graph?: GraphView;
}

/** 0 clean, 1 drift or other error, 2 cycle only, 3 input error: see the CLI contract. */
export type ExitCode = 0 | 1 | 2 | 3;

export interface ReportOptions {
  /** Warnings count as errors for the exit code. */
  strict?: boolean;
}

/** File, then line, then column, then rule, then message: stable across runs and machines. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  if (a.file !== b.file) {
    if (a.file === null) return 1;
    if (b.file === null) return -1;
    return compareText(a.file, b.file);
  }
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

export function isInputFinding(finding: { rule: string; severity: Severity }): boolean {
  return finding.rule.startsWith('input/') && finding.severity === 'error';
}

/** The one place the exit code is decided. Precedence 3, then 1, then 2, then 0. */
export function exitCodeFor(findings: readonly ReportFinding[], options: ReportOptions = {}): ExitCode {
  if (findings.some(isInputFinding)) return 3;
  // Counted, not filtered into a list: a run may have 520,000 findings.
  let failing = false;
  for (const finding of findings) {
    if (finding.severity !== 'error' && !options.strict) continue;
    if (finding.rule !== 'graph/cycle') return 1;
    failing = true;
  }
  return failing ? 2 : 0;
}

function countSeverity(findings: readonly ReportFinding[], severity: Severity): number {
  let count = 0;
  for (const finding of findings) if (finding.severity === severity) count += 1;
  return count;
}

export function toReportFinding(cwd: string, finding: Finding, displayPaths?: Map<string, string>): ReportFinding {
  const text = computedText(finding);
  if (text) return computedReportFinding(cwd, finding, text, displayPaths);
  const { location, ...rest } = finding;
  return {
    rule: rest.rule,
    severity: rest.severity,
    message: rest.message,
    ...(rest.fix ? { fix: rest.fix } : {}),
    ...(rest.hr ? { hr: rest.hr } : {}),
    ...(rest.dependency ? { dependency: rest.dependency } : {}),
    ...(rest.object ? { object: rest.object } : {}),
    file: location ? cachedDisplayPath(cwd, location.file, displayPaths) : null,
    line: location?.line ?? null,
    column: location?.column ?? null,
  };
}

/**
 * A report finding whose text is still computed when read (from its own hr,
 * dependency and object): the same fields in the same order as
 * toReportFinding's literal. A class, so every field has its slot from the
 * start (80 bytes a finding, where adding them one by one cost 104 and left
 * garbage behind).
 */
class ComputedReportFinding {
  constructor(finding: Finding, text: NonNullable<ReturnType<typeof computedText>>, file: string | null) {
    const fields = this as unknown as ReportFinding;
    fields.rule = finding.rule;
    fields.severity = finding.severity;
    defineText(this, text, text.fix ? undefined : finding.fix || undefined);
    if (finding.hr) fields.hr = finding.hr;
    if (finding.dependency) fields.dependency = finding.dependency;
    if (finding.object) fields.object = finding.object;
    fields.file = file;
    fields.line = finding.location?.line ?? null;
    fields.column = finding.location?.column ?? null;
  }
}

function computedReportFinding(cwd: string, finding: Finding, text: NonNullable<ReturnType<typeof computedText>>, displayPaths: Map<string, string> | undefined): ReportFinding {
  const file = finding.location ? cachedDisplayPath(cwd, finding.location.file, displayPaths) : null;
  return new ComputedReportFinding(finding, text, file) as unknown as ReportFinding;
}

/**
 * One display path per file, shared by its findings: 520,000 findings in one
 * file otherwise compute (and keep) 520,000 copies of the same relative path.
 */
function cachedDisplayPath(cwd: string, file: string, displayPaths: Map<string, string> | undefined): string {
  if (!displayPaths) return displayPath(cwd, file);
  let path = displayPaths.get(file);
  if (path === undefined) {
    path = displayPath(cwd, file);
    displayPaths.set(file, path);
  }
  return path;
}

/** How a cycle (a closed path of ids) is told from another: `buildReport`'s `keptCycles`. */
export function cycleKey(cycle: readonly string[]): string {
  return cycle.join('\u0000');
}

/**
 * Gathers, sorts and summarises findings. With input errors, only those count: the model is incomplete.
 * `keptCycles` (a narrowed audit: paths, --exclude): the cycles to list, by `cycleKey`, those whose finding is
 * reported; the repository's own (`flux.cycles`) stay whole, as its order does.
 */
export function buildReport(model: AuditModel, findings: readonly Finding[], options: ReportOptions = {}, keptCycles?: ReadonlySet<string>): Report {
  const { repository } = model;
  const { cwd } = repository;
  const displayPaths = new Map<string, string>();
  const reportFindings = findings.map((finding) => toReportFinding(cwd, finding, displayPaths)).sort(compareFindings);
  const inputFailed = reportFindings.some(isInputFinding);
  const driftReleases = new Set(
    reportFindings.filter((finding) => finding.rule.startsWith('drift/')).map((finding) => finding.hr),
  );
  // No kit, no expected DAG: the repository view is the whole report.
  const repositoryOnly = model.flux !== undefined && repository.kitDir === '';
  const allCycles = inputFailed ? [] : repositoryOnly ? allFluxCycles(model.flux!) : model.cycles;
  const cycles = keptCycles ? allCycles.filter((cycle) => keptCycles.has(cycleKey(cycle))) : allCycles;
  const deferred = inputFailed ? knownDeferred(model) : model.deferred;
  let dag: DagEntry[] | undefined;
  const report: Report = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    kitDir: displayPath(cwd, repository.kitDir),
    expectedFile: displayPath(cwd, repository.expectedFile),
    exitCode: exitCodeFor(reportFindings, options),
    summary: {
      present: repositoryOnly ? model.flux!.objects.filter((object) => object.kind === 'HelmRelease').length : repository.helmReleases.length,
      expected: model.expectedByName.size,
      deferred: deferred.length,
      drift: driftReleases.size,
      cycles: cycles.length,
      errors: countSeverity(reportFindings, 'error'),
      warnings: countSeverity(reportFindings, 'warning'),
    },
    findings: reportFindings,
    deferred: deferred.map((entry) => ({ hr: entry.name, slot: entry.slot.display, wave: entry.wave ?? null })),
    cycles,
    order: inputFailed ? [] : repositoryOnly ? model.flux!.order : model.order,
    ...(model.flux ? { flux: fluxSection(model.flux, inputFailed) } : {}),
    // Only the text view and JUnit read it: built on first use, not for --quiet or JSON.
    get dag() {
      dag ??= inputFailed ? [] : dagEntries(model);
      return dag;
    },
  };
  return withGraph(report, () => (inputFailed ? { nodes: [], edges: [], waves: [] } : repositoryOnly ? buildFluxGraphView(model.flux!) : buildGraphView(model)));
}

/** Adds the lazy, non-enumerable `graph` (only the HTML report draws it; JSON.stringify never sees it). */
function withGraph<T extends { graph?: GraphView }>(target: T, build: () => GraphView | undefined): T {
  let view: GraphView | undefined;
  Object.defineProperty(target, 'graph', { enumerable: false, configurable: true, get: () => (view ??= build()) });
  return target;
}

/** dependsOn cycles, then cycles through "applies" (a dependency that only the dependent applies), as closed id paths. */
function allFluxCycles(flux: FluxModel): string[][] {
  const throughApplies = flux.appliesCycles.flatMap(({ from, resolution }) =>
    resolution.status === 'resolved' ? [[fluxObjectId(from), fluxObjectId(resolution.target), fluxObjectId(from)]] : []);
  // A ResourceSet waiting for an object of another kind that only it creates (graph/cycle reports it), once per id.
  const throughCreation = new Map<string, string[]>();
  for (const edge of flux.edges) {
    if (!waitsOnItsOwnCreation(edge)) continue;
    const cycle = [fluxObjectId(edge.from), createdTargetId(edge.dependency), fluxObjectId(edge.from)];
    throughCreation.set(cycle.join('\u0000'), cycle);
  }
  for (const { cycle } of flux.creationLoops ?? []) throughCreation.set(cycle.join('\u0000'), [...cycle]);
  return [...flux.cycles, ...throughApplies, ...throughCreation.values()];
}

function fluxSection(flux: FluxModel, inputFailed: boolean): FluxSection {
  const count = (kind: string) => flux.objects.filter((object) => object.kind === kind).length;
  const section: FluxSection = {
    objects: { HelmRelease: count('HelmRelease'), Kustomization: count('Kustomization'), ResourceSet: count('ResourceSet') },
    filesRead: flux.repository.filesParsed,
    skipped: flux.repository.skipped,
    cycles: inputFailed ? [] : allFluxCycles(flux),
    order: inputFailed ? [] : flux.order,
    teardown: inputFailed ? [] : [...flux.order].reverse(),
  };
  let ids: string[] | undefined;
  Object.defineProperty(section, 'objectIds', { enumerable: false, configurable: true, get: () => (ids ??= [...new Set(flux.objects.map(fluxObjectId))].sort(compareText)) });
  return section;
}

/**
 * Deferred when the kit could not be read completely: a declared slot whose
 * file exists but failed to load is not known to be missing, so it is left out;
 * every other declared slot without a HelmRelease on disk is deferred as usual.
 */
function knownDeferred(model: AuditModel): AuditModel['deferred'] {
  const { repository } = model;
  const failed = new Set(repository.inputFindings.filter(isInputFinding).map((finding) => finding.location?.file));
  const unreadSlots = new Set(repository.slotFiles.filter((file) => file.slot && failed.has(file.path)).map((file) => file.slot!.key));
  return model.deferred.filter((entry) => !unreadSlots.has(entry.slot.key));
}

function dagEntries(model: AuditModel): DagEntry[] {
  const { repository, releasesByName, expectedByName, slotFilesByPath } = model;
  const entries: DagEntry[] = model.expectedInSlotOrder
    .filter((entry) => expectedByName.get(entry.name) === entry)
    .map((entry) => {
      const release = releasesByName.get(entry.name);
      return withLazyLists({
        slot: entry.slot.display,
        name: entry.name,
        wave: entry.wave ?? null,
        present: release !== undefined,
        declared: true,
        file: release ? displayPath(repository.cwd, release.file) : null,
      }, () => sortedUnique(entry.dependsOn.map((dependency) => dependency.value)), () => dagEdges(model, entry.name));
    });
  for (const release of repository.helmReleases) {
    if (expectedByName.has(release.name)) continue;
    entries.push(withLazyLists({
      slot: slotFilesByPath.get(release.file)?.slot?.display ?? null,
      name: release.name,
      wave: null,
      present: true,
      declared: false,
      file: displayPath(repository.cwd, release.file),
    }, () => sortedUnique(release.dependsOn.map((dependency) => dependency.name)), () => dagEdges(model, release.name)));
  }
  return entries;
}

/** `[...new Set(names)].sort()`, sorted in place and repeats dropped after: no Set of 520,000 names. */
function sortedUnique(names: string[]): string[] {
  names.sort();
  let kept = 0;
  for (let index = 0; index < names.length; index += 1) {
    if (kept === 0 || names[index] !== names[kept - 1]) names[kept++] = names[index]!;
  }
  names.length = kept;
  return names;
}

/**
 * An entry's `dependsOn` and `edges`, made on first read (then kept): JUnit
 * reads only names, and a HelmRelease with 520,000 dependsOn items made
 * 520,000 edge objects and a sorted copy of its names for it. Enumerable, in
 * the order the fields had, so the entry reads as before.
 */
function withLazyLists(fields: Omit<DagEntry, 'dependsOn' | 'edges'>, dependsOn: () => string[], edges: () => DagEntry['edges']): DagEntry {
  const { file, ...rest } = fields;
  const entry = rest as DagEntry;
  let dependsOnList: string[] | undefined;
  let edgeList: DagEntry['edges'];
  Object.defineProperty(entry, 'dependsOn', { enumerable: true, configurable: true, get: () => (dependsOnList ??= dependsOn()), set: (value: string[]) => { dependsOnList = value; } });
  Object.defineProperty(entry, 'edges', { enumerable: true, configurable: true, get: () => (edgeList ??= edges()), set: (value: DagEntry['edges']) => { edgeList = value; } });
  entry.file = file;
  return entry;
}

/**
 * The report of a run that could not start (a usage error): one `input/usage`
 * finding, nothing audited. Machine formats still print it (the contract's
 * "on exit 3 the document is still printed").
 */
export function usageErrorReport(message: string, fix: string): Report {
  return inputErrorReport('', [{ rule: 'input/usage', severity: 'error', message, fix, location: null }]);
}

/**
 * The document of a run that stopped before the audit (a usage error, a bad
 * config or baseline, an internal error): exit 3 and its `input/*` findings,
 * so a machine format still prints exactly one document.
 */
export function inputErrorReport(cwd: string, findings: readonly Finding[]): Report {
  const displayPaths = new Map<string, string>();
  const reportFindings = findings.map((finding) => toReportFinding(cwd, finding, displayPaths)).sort(compareFindings);
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    kitDir: '',
    expectedFile: '',
    exitCode: exitCodeFor(reportFindings),
    summary: { present: 0, expected: 0, deferred: 0, drift: 0, cycles: 0, errors: reportFindings.length, warnings: 0 },
    findings: reportFindings,
    deferred: [],
    cycles: [],
    order: [],
    dag: [],
  };
}

function dagEdges(model: AuditModel, name: string): DagEntry['edges'] {
  return model.graph.dependencies(name).map((to) => ({ to, kind: edgeKind(model, name, to) }));
}

/** Worst first, by the contract's precedence: 3, then 1, then 2, then 0. */
const EXIT_PRECEDENCE: readonly ExitCode[] = [3, 1, 2, 0];

export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  return EXIT_PRECEDENCE.find((code) => codes.includes(code)) ?? 0;
}

/**
 * One report for several kits checked against one expected DAG. Findings are
 * tagged with their cluster; a finding in a shared file (the expected DAG)
 * appears once, untagged. The exit code is the worst cluster's.
 */
export function combineClusterReports(parts: readonly { cluster: string; report: Report }[]): Report {
  const first = parts[0]!.report;
  const seen = new Set<string>();
  const findings: ReportFinding[] = [];
  for (const { cluster, report } of parts) {
    for (const finding of report.findings) {
      const shared = finding.file === first.expectedFile;
      const key = JSON.stringify([shared ? '' : cluster, finding.rule, finding.file, finding.line, finding.column, finding.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(shared ? finding : { ...finding, cluster });
    }
  }
  findings.sort(compareFindings);
  const sum = (key: 'present' | 'deferred' | 'drift' | 'cycles') => parts.reduce((total, { report }) => total + report.summary[key], 0);
  const suppressed = parts.flatMap(({ cluster, report }) => (report.suppressed ?? []).map((finding) => ({ ...finding, cluster })));
  return {
    schemaVersion: 1,
    tool: first.tool,
    kitDir: parts.map(({ report }) => report.kitDir).join(', '),
    kitDirs: parts.map(({ report }) => report.kitDir),
    expectedFile: first.expectedFile,
    exitCode: worstExitCode(parts.map(({ report }) => report.exitCode)),
    summary: {
      present: sum('present'),
      expected: first.summary.expected,
      deferred: sum('deferred'),
      drift: sum('drift'),
      cycles: sum('cycles'),
      errors: findings.filter((finding) => finding.severity === 'error').length,
      warnings: findings.filter((finding) => finding.severity === 'warning').length,
      kits: parts.length,
      ...(suppressed.length > 0 ? { suppressed: suppressed.length } : {}),
    },
    findings,
    ...(suppressed.length > 0 ? { suppressed: suppressed.sort(compareFindings) } : {}),
    // The lists the summed counts count: each kit's, tagged with its cluster.
    // There is no one install order across kits: `order` stays per kit, in `clusters`.
    deferred: parts.flatMap(({ cluster, report }) => report.deferred.map((entry) => ({ ...entry, cluster }))),
    cycles: parts.flatMap(({ report }) => report.cycles),
    order: [],
    dag: [],
    clusters: parts.map(({ cluster, report }) => withGraph<ClusterReport>({
      cluster,
      kitDir: report.kitDir,
      exitCode: report.exitCode,
      summary: report.summary,
      slotErrors: report.findings.filter((finding) => finding.rule.startsWith('slot/') && finding.severity === 'error').length,
      deferred: report.deferred,
      cycles: report.cycles,
      order: report.order,
    }, () => report.graph)),
  };
}
