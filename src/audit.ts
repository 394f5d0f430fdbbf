import { buildAuditModel } from './model/audit-model.js';
import type { AuditModel } from './model/audit-model.js';
import type { Finding, HelmRelease, Repository } from './model/types.js';
import { excludeMatcher, unmatchedExclude } from './load/exclude.js';
import { clusterName } from './load/kit-dirs.js';
import { join, relative, resolve, sep } from 'node:path';
import { scanFluxRepository } from './load/flux-scan.js';
import { buildFluxModel } from './model/flux-graph.js';
import type { FluxModel } from './model/flux-graph.js';
import type { FluxObject } from './model/flux-objects.js';
import { isInside } from './model/inside.js';
import { loadFluxModel } from './load/flux-repository.js';
import { inputFinding, wholeFile } from './load/input-findings.js';
import { DEFAULT_SLOT_LABEL, discoverRoot, loadRepositories, loadRepository } from './load/repository.js';
import type { RepositoryOptions } from './load/repository.js';
import { buildReport, combineClusterReports, compareFindings, isInputFinding, toReportFinding } from './report/report.js';
import { applyIgnoreAnnotations } from './suppress/annotation.js';
import { SUPPRESSIBLE_RULE_IDS } from './rules/suppressible.js';
import type { Report, ReportOptions } from './report/report.js';
import { rules as allRules } from './rules/index.js';
import type { Rule, RuleFinding, RuleId } from './rules/index.js';
import { computedText } from './rules/finding-text.js';
import { reportedCycle } from './rules/graph-cycle.js';
import { cycleKey } from './report/report.js';

export interface AuditOptions extends ReportOptions {
  /** The rules to run; all of them by default. */
  rules?: readonly Rule<RuleId>[];
  /** Report only findings located in these absolute paths (files or directories); input errors always count. */
  onlyPaths?: readonly string[];
  /** Report no finding located in a path this says is left out (--exclude: read for resolution, not judged). */
  leftOut?: (file: string) => boolean;
  /** Severity per rule id (a config file's `rules:`): `off` drops the rule's findings. `input/*` ids are not affected. */
  ruleSettings?: Readonly<Record<string, 'error' | 'warning' | 'off'>>;
  /** Called with each rule finding that onlyPaths or leftOut keeps out of the report (what `check PATH` then may say of the root). */
  narrowedAway?: (rule: RuleId, finding: RuleFinding) => void;
}

/** Runs the rules on a loaded repository. Pure: no I/O. */
export function audit(repository: Repository, options: AuditOptions = {}): Report {
  return auditModel(buildAuditModel(repository), options);
}

/** The same, on a model already built (commands that also need the model build it once). */
export function auditModel(model: AuditModel, options: AuditOptions = {}): Report {
  const { repository } = model;
  const onlyPaths = options.onlyPaths;
  const reported = (finding: { location: { file: string } | null }) =>
    (!onlyPaths || (finding.location !== null && onlyPaths.some((path) => isInside(path, finding.location!.file))))
    && !(finding.location !== null && options.leftOut?.(finding.location.file));
  // What the loader found is narrowed as the rules' findings are, but for what it says of reading (input/*): a file
  // outside the named paths is judged by no rule, loader or not (its api/removed-version, a trial's probe, was
  // reported under `check apps/a`), while an input error stops the whole audit wherever it is.
  const findings: Finding[] = repository.inputFindings.filter((finding) => finding.rule.startsWith('input/') || reported(finding));
  // Narrowed, the report lists the cycles whose graph/cycle finding it reports (where any edge of the cycle is in
  // what the narrowing leaves judged: graph-cycle.ts), and no other.
  const narrowed = onlyPaths !== undefined || options.leftOut !== undefined;
  const keptCycles = narrowed ? new Set<string>() : undefined;
  // Rules judge a complete model; after an input error they would report noise
  // (every HelmRelease of an unparseable file "deferred", say).
  if (!repository.inputFindings.some(isInputFinding)) {
    // Two copies of one object (one as a loop of appliers reaches it, one as a root of its own) give one finding
    // twice, word for word: said once. A text computed lazily (finding-text.ts, the kit's drift) is not read for it.
    const seen = model.flux ? new Set<string>() : undefined;
    const fresh = (id: string, finding: RuleFinding) => {
      if (!seen || finding.object === undefined || computedText(finding)) return true;
      const { location } = finding;
      const key = `${id}\u0000${location?.file}:${location?.line}:${location?.column}\u0000${finding.object}\u0000${finding.message}\u0000${finding.fix ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const rule of options.rules ?? allRules) {
      for (const finding of rule.check(model)) {
        const cycle = narrowed ? reportedCycle.get(finding) : undefined;
        const inScope = reported(finding) || (cycle !== undefined && cycle.edges.some((location) => reported({ location })));
        if (!inScope) options.narrowedAway?.(rule.id, finding);
        if (!inScope || !fresh(rule.id, finding)) continue;
        findings.push(stamped(rule, finding));
        if (cycle) keptCycles!.add(cycleKey(cycle.cycle));
      }
    }
  }
  // --no-kustomize on a kit that transforms objects: no finding may pass for a verdict on what Flux applies.
  const noted = repository.readAs === 'unbuilt'
    ? findings.map((finding) => finding.rule === 'input/kustomize-skipped' ? finding
      : { ...finding, message: `${finding.message} [audited as written: kustomize transformations not applied]` })
    : findings;
  const settled = applyRuleSettings(noted, options.ruleSettings);
  const annotated = model.repository.helmReleases.some((release) => release.ignoreAnnotation) || (model.flux?.objects ?? []).some((object) => object.ignoreAnnotation);
  if (!annotated || settled.some(isInputFinding)) return buildReport(model, settled, options, keptCycles);
  // Inline suppressions: each annotated finding moves to `suppressed` with its reason.
  const ids = SUPPRESSIBLE_RULE_IDS();
  // A rule left out of this run, or turned off, has not judged the release: its entries are not unused.
  const ran = new Set<string>((options.rules ?? allRules).map((rule) => rule.id));
  const judged = (id: string) => (ran.has(id) || !allRules.some((rule) => rule.id === id)) && options.ruleSettings?.[id] !== 'off';
  const { kept, suppressed, unused } = applyIgnoreAnnotations(model, settled, (id) => ids.includes(id), judged);
  const report = buildReport(model, [...kept, ...applyRuleSettings(unused, options.ruleSettings)], options, keptCycles);
  if (suppressed.length === 0) return report;
  report.suppressed = suppressed
    .map(({ finding, reason }) => ({ ...toReportFinding(model.repository.cwd, finding), suppression: { kind: 'annotation' as const, reason } }))
    .sort(compareFindings);
  report.summary.suppressed = suppressed.length;
  return report;
}

/** A rule's finding with the rule's id and severity (a finding may lower its own severity). */
function stamped(rule: Rule<RuleId>, finding: RuleFinding): Finding {
  if (!computedText(finding)) return { rule: rule.id, severity: rule.severity, ...finding };
  // In place: a spread would compute the text now and keep it (see rules/finding-text.ts).
  const target = finding as Finding;
  if (target.rule !== rule.id) target.rule = rule.id;
  target.severity ??= rule.severity;
  return target;
}

export interface RepositoryScanOptions {
  cwd?: string;
  root?: string;
  /** Narrow the scan to these paths (relative to cwd); the whole root by default. */
  paths?: readonly string[];
  /** Leave out root-relative paths matching these globs. */
  exclude?: readonly string[];
  /** false (--no-kustomize): read kustomizations that would need kustomize as written, with a warning. */
  kustomize?: boolean;
}

/**
 * Any Flux repository, no expected DAG needed: every HelmRelease,
 * Kustomization and ResourceSet under the root, as one graph across kinds.
 */
export async function checkRepository(options: RepositoryScanOptions & AuditOptions = {}): Promise<Report> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = options.root ? resolve(cwd, options.root) : discoverRoot(cwd);
  // Named paths and --exclude narrow what is reported, never what is resolved: a dependency in an excluded
  // directory still exists (the whole root is read), and nothing there is judged, its parse errors included.
  const { exclusion, excluded, leftOut, onlyPaths } = await narrowing(options, root, cwd);
  const loaded = await loadFluxModel({
    root,
    cwd,
    ...(excluded ? { leftOut: excluded } : {}),
    ...(options.kustomize === false ? { kustomize: false } : {}),
    // The rules read a HelmRelease's timeout only under a Kustomization that waits (order/parent-timeout).
    helmReleaseTimeouts: 'waited',
  });
  const { model: flux } = loaded;
  const findings = [...loaded.findings, ...(exclusion?.unmatched() ?? []).map((glob) => unmatchedExclude(glob, root, cwd))];
  if (flux.objects.length === 0 && loaded.findings.length === 0) {
    findings.push(inputFinding('input/empty', wholeFile(root),
      'holds no Flux object (HelmRelease, Kustomization, ResourceSet) and no bootstrap kit',
      'run inside a Flux repository, pass --root DIR, or name the paths to audit'));
  }
  return auditFluxModel(flux, { cwd, root, inputFindings: findings }, {
    ...options, ...(onlyPaths.length > 0 ? { onlyPaths } : {}), ...(leftOut ? { leftOut } : {}),
  });
}

/**
 * The repository rules on a Flux model read without a kit (what checkRepository
 * reports, after its narrowing): also what `explain` lists of an object's findings.
 */
export async function auditFluxModel(
  flux: FluxModel,
  read: { cwd: string; root: string; inputFindings?: Finding[] },
  options: AuditOptions = {},
): Promise<Report> {
  const repository: Repository = {
    cwd: read.cwd, root: read.root, kitDir: '', expectedFile: '', slotLabel: DEFAULT_SLOT_LABEL,
    slotFiles: [], helmReleases: [], expected: [], readAs: 'static', inputFindings: read.inputFindings ?? [],
  };
  return auditModel(await withReadyExprs({ ...buildAuditModel(repository), flux }), options);
}

/**
 * What named paths and --exclude narrow: the root-relative matcher the scan
 * reads with (read for resolution, not judged), the same test on absolute
 * files for the report, and the absolute paths to report only in.
 */
async function narrowing(options: { paths?: readonly string[]; exclude?: readonly string[] }, root: string, cwd: string) {
  const exclusion = options.exclude && options.exclude.length > 0 ? await excludeMatcher(options.exclude, root) : undefined;
  const excluded = exclusion?.matches;
  const leftOut = excluded && ((file: string) => isInside(root, file) && excluded(relative(root, file).split(sep).join('/')));
  const onlyPaths = (options.paths ?? []).map((path) => resolve(cwd, path));
  return { exclusion, excluded, leftOut, onlyPaths };
}

/** Checks every readyExpr as CEL before the rules run (the rules are synchronous; the CEL library loads on demand). */
async function withReadyExprs(model: AuditModel): Promise<AuditModel> {
  const expressions = [
    ...model.repository.helmReleases.flatMap((release) => release.dependsOn.flatMap((dependency) =>
      dependency.readyExpr ? [{ scope: 'dependsOn' as const, expression: dependency.readyExpr.value }] : [])),
    ...(model.flux?.objects ?? []).flatMap((object) => object.dependsOn.flatMap((dependency) =>
      dependency.readyExpr ? [{ scope: object.kind === 'ResourceSet' ? 'object' as const : 'dependsOn' as const, expression: dependency.readyExpr.value }] : [])),
  ];
  if (expressions.length === 0) return model;
  const { checkReadyExprs } = await import('./model/ready-expr.js');
  return { ...model, readyExprProblems: await checkReadyExprs(expressions) };
}

/** A config's per-rule severity; an input error stays what it is, since the audit could not run. */
function applyRuleSettings(findings: Finding[], settings: AuditOptions['ruleSettings']): Finding[] {
  if (!settings) return findings;
  const adjusted: Finding[] = [];
  for (const finding of findings) {
    // An input/* error means the audit could not run: no setting turns it down (an input/* warning may be turned off).
    const setting = finding.rule.startsWith('input/') && finding.severity === 'error' ? undefined : settings[finding.rule];
    if (setting === 'off') continue;
    adjusted.push(setting ? { ...finding, severity: setting } : finding);
  }
  return adjusted;
}

/** Load and audit in one call: what `bootstrap-deps check` does before formatting. */
export async function check(options: RepositoryOptions & AuditOptions & { repositoryRules?: boolean; paths?: readonly string[]; exclude?: readonly string[] } = {}): Promise<Report> {
  const repository = await loadRepository(options);
  // Named paths and --exclude narrow the kit audit as they do the repository audit: what is reported, not what is read.
  const { exclusion, excluded, leftOut, onlyPaths } = await narrowing(options, repository.root, repository.cwd);
  // The kit loader reads the kit's own files, which the repository scan leaves to it: a glob that leaves out one of
  // them is used (a trial's probe: excluding a slot file worked, and input/exclude-unmatched said it left nothing out).
  if (leftOut) for (const file of [...repository.slotFiles.map((slot) => slot.path), repository.expectedFile]) leftOut(file);
  let model = buildAuditModel(repository);
  if (options.repositoryRules !== false && !repository.inputFindings.some(isInputFinding)) {
    model = await withRepositoryView(model, { ...options, ...(excluded ? { leftOut: excluded } : {}) });
    const unmatched = (exclusion?.unmatched() ?? []).map((glob) => unmatchedExclude(glob, repository.root, repository.cwd));
    if (unmatched.length > 0) model = { ...model, repository: { ...model.repository, inputFindings: [...model.repository.inputFindings, ...unmatched] } };
  }
  return auditModel(await withReadyExprs(model), {
    ...options, ...(onlyPaths.length > 0 ? { onlyPaths } : {}), ...(leftOut ? { leftOut } : {}),
  });
}

/**
 * The repository rules everywhere: the rest of the repository is scanned (the
 * kit's own files are not read twice: its HelmReleases join the repository
 * graph as loaded), and the repository rules judge what the kit rules do not.
 * The report shows the repository view only when it holds more than the kit.
 */
export async function withRepositoryView(model: AuditModel, options: { kustomize?: boolean; leftOut?: (path: string) => boolean } = {}): Promise<AuditModel> {
  const { repository } = model;
  const kitDirs = [repository.kitDir];
  // Every bootstrap kit is the kit audit's (--all-clusters): another cluster's
  // kit must not change this kit's verdict, which stays exactly the old script's.
  const scan = await scanFluxRepository({
    root: repository.root,
    cwd: repository.cwd,
    // The kit audit's own inputs (the kits, the expected DAG) are not read again.
    exclude: (path) => /(^|\/)bootstrap-kit$/.test(path) || kitDirs.some((dir) => isInside(dir, join(repository.root, path)))
      || join(repository.root, path) === repository.expectedFile,
    ...(options.leftOut ? { leftOut: options.leftOut } : {}),
    ...(options.kustomize === false ? { kustomize: false } : {}),
    helmReleaseTimeouts: 'waited',
  });
  if (scan.findings.length > 0) model = { ...model, repository: { ...repository, inputFindings: [...repository.inputFindings, ...scan.findings] } };
  if (scan.findings.some(isInputFinding) || scan.repository.objects.length === 0) return model;
  const kitObjects = repository.helmReleases.map(helmReleaseObject);
  const skipped = scan.repository.skipped.filter((skip) => skip.reason !== 'excluded by --exclude');
  // A Kustomization elsewhere may apply the kit (a parent with wait: true): its releases are its children too.
  const applies = new Map(scan.applies);
  const kitFiles = [...new Set(kitObjects.map((object) => object.file))];
  for (const parent of scan.repository.objects) {
    if (parent.kind !== 'Kustomization' || !parent.appliesDir) continue;
    const files = new Set(scan.appliedFiles(parent.appliesDir, kitFiles));
    const children = kitObjects.filter((object) => files.has(object.file));
    if (children.length > 0) applies.set(parent, [...(applies.get(parent) ?? []), ...children]);
  }
  const flux = buildFluxModel({ ...scan.repository, skipped, objects: [...kitObjects, ...scan.repository.objects] }, applies, {
    kit: { objects: new Set(kitObjects), expectedNames: new Set(repository.expected.map((slot) => slot.name)) },
  });
  return { ...model, flux, kitDirs };
}

function helmReleaseObject(release: HelmRelease): FluxObject {
  return {
    kind: 'HelmRelease',
    apiVersion: release.apiVersion ?? 'helm.toolkit.fluxcd.io/v2',
    name: release.name,
    ...(release.namespace ? { namespace: release.namespace } : {}),
    file: release.file,
    location: release.location,
    dependsOn: release.dependsOn.map((dependency) => ({
      name: dependency.name,
      location: dependency.location,
      ...(dependency.namespace ? { namespace: dependency.namespace } : {}),
      ...(dependency.readyExpr ? { readyExpr: dependency.readyExpr } : {}),
    })),
    dependsOnLocation: release.dependsOnLocation,
    suspend: false,
  };
}

/**
 * Several kits (one per cluster) against one expected DAG, read once: one
 * report whose findings carry their cluster, with a `clusters` entry per kit.
 * `kitDirs` are resolved against `options.cwd`.
 */
export async function checkKits(options: RepositoryOptions & AuditOptions, kitDirs: readonly string[]): Promise<Report> {
  const repositories = await loadRepositories(options, kitDirs);
  return combineClusterReports(
    await Promise.all(repositories.map(async (repository) => ({
      cluster: clusterName(repository.root, repository.kitDir),
      report: auditModel(await withReadyExprs(buildAuditModel(repository)), options),
    }))),
  );
}
