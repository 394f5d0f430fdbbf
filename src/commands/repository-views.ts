import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { terminalWidth } from '../cli-io.js';
import { excludeMatcher, unmatchedExclude } from '../load/exclude.js';
import { loadFluxModel } from '../load/flux-repository.js';
import { GlobPatternError } from '../load/kit-dirs.js';
import { inputFinding, wholeFile } from '../load/input-findings.js';
import { discoverRoot, resolvePaths } from '../load/repository.js';
import { coldStart, formatDuration, parseDuration, repositoryRequeue } from '../model/cold-start.js';
import type { FluxEdge, FluxModel, Resolution } from '../model/flux-graph.js';
import { blastRadius, placeableLevels, unsubstitutedBecause } from '../model/flux-graph.js';
import { clusterModel, isMarkedCluster, isRemoteScope } from '../model/clusters.js';
import { appliesFromUnreadSource, fluxObjectId, shortId, sourceLabel } from '../model/flux-objects.js';
import type { FluxObject, RequeueSetting } from '../model/flux-objects.js';
import { reachable } from '../model/graph.js';
import { closestName, closestNameOrPart } from '../model/names.js';
import { displayLocation, displayPath } from '../model/paths.js';
import { printable } from '../report/printable.js';
import { compareFindings, isInputFinding, toReportFinding } from '../report/report.js';
import type { ReportFinding } from '../report/report.js';
import { formatFindingLine, visibleLength, wrapList, wrapText } from '../report/text.js';
import { clusterLabel } from '../rules/flux-subjects.js';
import { chooseCluster, repositoryClusters } from './cluster-option.js';
import type { LabelledCluster } from './cluster-option.js';
import type { RepositoryFlags } from './shared.js';
import { badRoot, emit, explainedFinding, explainedFindingLines, printErrorDocument, textStyle, usageError } from './shared.js';

// order and graph on the repository graph: every HelmRelease, Kustomization
// and ResourceSet of a repository that has no bootstrap kit.

/** The repository audit applies when no kit option is given and neither the default kit nor the expected DAG exists. */

/** An object id as text output prints it: names are the repository's, so control characters are escaped. */
const shown = (id: string): string => printable(shortId(id));

export function isRepositoryAudit(flags: RepositoryFlags, io: CliIo): boolean {
  if (flags.kitDir !== undefined || flags.expected !== undefined) return false;
  const paths = resolvePaths({ cwd: io.cwd, ...(flags.root !== undefined ? { root: flags.root } : {}) });
  return !existsSync(paths.kitDir) && !existsSync(paths.expectedFile);
}

/** The repository's root: --root, or the one found from the working directory. */
function repositoryRoot(flags: RepositoryFlags, cwd: string): string {
  return flags.root ? resolve(cwd, flags.root) : discoverRoot(cwd);
}

/**
 * The repository graph, or exit 3 with each input error on stderr (and, under --format json, the error document on stdout).
 * `helmReleaseTimeouts`: 'all' for order, whose cold-start estimate adds up any chain's; graph and explain print no
 * timeout, and read them as check does ('waited'): a parent's patch that sets only child HelmRelease timeouts costs no
 * kustomize build there (a trial's note: anthr76/infra's graph ran 21 builds in 10.7 s where check ran 4).
 */
async function loadRepositoryModel(flags: RepositoryFlags & { format?: string }, io: CliIo, helmReleaseTimeouts: 'all' | 'waited'): Promise<{ model: FluxModel; cluster?: LabelledCluster; whole: FluxModel } | 3> {
  if (badRoot(flags, io) === 3) return 3;
  const cwd = resolve(io.cwd);
  const root = repositoryRoot(flags, cwd);
  // --exclude here leaves those files out of what is read (check reads them for what depends on them, and
  // judges nothing there; a drawing or an order has nothing to judge): an archive leaves the levels and the picture.
  let exclusion: Awaited<ReturnType<typeof excludeMatcher>> | undefined;
  try {
    exclusion = flags.exclude && flags.exclude.length > 0 ? await excludeMatcher(flags.exclude, root) : undefined;
  } catch (error) {
    if (!(error instanceof GlobPatternError)) throw error;
    return usageError(io, error.message, error.fix, flags.format);
  }
  const loaded = await loadFluxModel({
    root, cwd, ...(flags.kustomize === false ? { kustomize: false } : {}), ...(exclusion ? { exclude: exclusion.matches } : {}), helmReleaseTimeouts,
  });
  const { model } = loaded;
  const findings = [...loaded.findings, ...(exclusion?.unmatched() ?? []).map((glob) => unmatchedExclude(glob, root, cwd))];
  // order, graph and explain show the graph, not the audit: only what kept them from reading it (input/*) is printed.
  // Sorted as check sorts them: builds run side by side and finish in any order.
  const shown = findings.filter((finding) => finding.rule.startsWith('input/')).map((finding) => toReportFinding(cwd, finding)).sort(compareFindings);
  for (const finding of shown) io.stderr(`${formatFindingLine(finding)}\n`);
  const errors = shown.filter(isInputFinding);
  if (errors.length > 0) {
    if (flags.format === 'json') printErrorDocument(io, errors);
    return 3;
  }
  if (model.objects.length === 0) {
    const what = 'holds no Flux object (HelmRelease, Kustomization, ResourceSet) and no bootstrap kit';
    const fix = 'run inside a Flux repository, or pass --root DIR';
    const finding = toReportFinding(cwd, inputFinding('input/empty', wholeFile(root), what, fix));
    io.stderr(`${formatFindingLine(finding)}\n`);
    // Every JSON run prints one document, also on exit 3: the same input/empty the check report gives.
    if (flags.format === 'json') printErrorDocument(io, [finding]);
    return 3;
  }
  // A root below the repository's top (no .git there: an unpacked archive, a run from kubernetes/): check hedges what
  // it cannot see past the root (dependsOn/unknown-target's `pass --root`); the order, the picture and explain say so
  // once, since what waits for what lies above reads as never installed (a review's probe).
  const { suspectedRoot } = await import('../rules/repository-root.js');
  const top = suspectedRoot(model);
  if (top !== undefined) {
    io.stderr(`warning: the root (${displayPath(cwd, root) || '.'}) looks like a directory below the repository's top: a Kustomization's spec.path is there from ${displayPath(cwd, top) || '.'}, not from the root — pass --root ${displayPath(cwd, top) || '.'}; what lies outside the root is not read, so what depends on it reads as missing or never installed\n`);
  }
  if (flags.cluster === undefined) return { model, whole: model };
  // --cluster: that cluster's objects alone, the model built again from them (model/clusters.ts).
  if (flags.cluster.trim() === '') return usageError(io, '--cluster is empty', 'pass a cluster\'s directory, as messages name it', flags.format);
  const cluster = chooseCluster(model, cwd, flags.cluster);
  if ('message' in cluster) return usageError(io, cluster.message, cluster.fix, flags.format);
  return { model: clusterModel(model, cluster.scope), cluster, whole: model };
}


export interface RepositoryOrderFlags extends RepositoryFlags {
  format: 'text' | 'json';
  requeueInterval?: string;
  color?: boolean;
}

export async function runRepositoryOrder(flags: RepositoryOrderFlags, io: CliIo): Promise<number> {
  const typed = flags.requeueInterval === undefined ? undefined : parseDuration(flags.requeueInterval);
  // A negative duration is one to Go, and no interval (a trial's note: "not a duration" misled).
  if (flags.requeueInterval !== undefined && typed === undefined && /^-/.test(flags.requeueInterval) && parseDuration(flags.requeueInterval.slice(1)) !== undefined) {
    return usageError(io, `--requeue-interval ${flags.requeueInterval} is negative: the estimate counts requeues, and needs an interval above zero`, 'pass a Go duration such as 30s, 1m or 500ms', flags.format);
  }
  if (flags.requeueInterval !== undefined && typed === undefined) return usageError(io, `--requeue-interval ${flags.requeueInterval} is not a duration`, 'pass a Go duration such as 30s, 1m or 1m30s', flags.format);
  // A controller given 0 requeues no dependency by time (controller-runtime's RequeueAfter 0): no interval to price.
  if (typed === 0) return usageError(io, `--requeue-interval ${flags.requeueInterval} is no interval: the estimate counts requeues, and needs one above zero`, 'pass a Go duration such as 30s, 1m or 500ms', flags.format);
  const loaded = await loadRepositoryModel(flags, io, 'all');
  if (loaded === 3) return 3;
  const { model, cluster } = loaded;
  // --requeue-interval, else the repository's own --requeue-dependency (one value wherever it is set), else the default.
  const settings = model.repository.requeueSettings;
  const fromRepository = repositoryRequeue(settings);
  const requeue = typed ?? fromRepository.seconds;
  const requeueSource = typed !== undefined ? 'flag' : fromRepository.from ? 'repository' : 'default';
  const where = (setting: RequeueSetting) => `${setting.written}${setting.profile ? `, as the FluxInstance's ${setting.profile} gives it,` : ''} at ${displayLocation(io.cwd, setting.location, true)}`;
  // (Under --cluster, the cluster's settings: said so.)
  const whose = cluster ? 'the cluster\'s' : 'the repository\'s';
  const requeueNote = requeueSource === 'flag' ? ' (--requeue-interval)'
    : fromRepository.from ? ` (${whose} --requeue-dependency=${where(fromRepository.from)})`
      : fromRepository.conflicting ? ` (the default: ${cluster ? 'the cluster sets' : 'the repository sets'} --requeue-dependency to ${fromRepository.conflicting.map(where).join(' and ')}; pass --requeue-interval to choose)`
        : '';
  const throughApplies = cyclesThroughApplies(model);
  if (model.cycles.length + throughApplies.length > 0) {
    for (const cycle of [...model.cycles, ...throughApplies]) io.stderr(`error: dependency cycle: ${cycle.map(shown).join(' → ')} — remove one of these dependencies; install order is undefined until then\n`);
    // As the kit's order does: what can be placed still is, ordered as without the cycle, and what cannot is named.
    const { levels, unplaced } = placeableLevels(model);
    // Named once: what is on a cycle is said to be there, not also among what is never installed.
    const onCycle = new Set(unplaced);
    const never = neverInstalledIds(model).filter((id) => !onCycle.has(id));
    if (flags.format === 'json') {
      io.stdout(`${JSON.stringify({ ...clusterField(cluster), levels, teardown: [...levels].reverse(), cycles: [...model.cycles, ...throughApplies], unplaced, ...(never.length > 0 ? { neverInstalled: never } : {}) }, null, 2)}\n`);
      return 2;
    }
    const style = await textStyle(flags, io);
    const width = terminalWidth(io);
    const lines = [style.bold(`Install levels across kinds${inCluster(cluster)}, of what a cycle leaves placeable (each object one level after the last of what it waits for)`)];
    levels.forEach((level, index) => lines.push(...levelLines(index, level, width)));
    lines.push('', ...headedList(`${style.bold('Not placed')} (on a cycle, or waiting for one): `, unplaced.length > 0 ? unplaced.map(shown) : ['none'], width));
    if (never.length > 0) lines.push(...neverInstalledLines(never, style, width));
    lines.push(...severalClustersNote(model, cluster, io, width));
    io.stdout(`${lines.join('\n')}\n`);
    return 2;
  }
  const estimate = coldStart(model, requeue);
  // A deadlock through a wait is no dependsOn cycle: the levels place it, as if what it holds became Ready. Said, so
  // that a schedule is never printed for what never finishes without a word (a trial's probe).
  const { waitDeadlocks } = await import('../rules/dependson-wait-deadlock.js');
  const deadlocks = waitDeadlocks(model, resolve(io.cwd)).map((finding) => ({ message: finding.message, location: finding.location }));
  for (const deadlock of deadlocks) {
    io.stderr(`warning: ${deadlock.location ? `${displayLocation(io.cwd, deadlock.location, true)} ` : ''}${deadlock.message} — the levels and the estimate assume it finishes; check reports it (dependsOn/wait-deadlock)\n`);
  }
  // Suspended, or waiting for what is, or applied only by it: in no level, and out of the estimate (fobiat/home-ops's
  // suspended restore Kustomizations made a tenth level and the end of the critical path: a trial's probe).
  const neverInstalled = neverInstalledIds(model);
  const heldIn = heldInClusters(model, resolve(io.cwd));
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({
      ...clusterField(cluster),
      levels: model.order,
      teardown: [...model.order].reverse(),
      ...(neverInstalled.length > 0 ? { neverInstalled } : {}),
      ...(heldIn.length > 0 ? { neverInstalledIn: heldIn } : {}),
      ...(deadlocks.length > 0 ? { deadlocks: deadlocks.map((deadlock) => ({
        message: deadlock.message,
        ...(deadlock.location ? { file: displayPath(io.cwd, deadlock.location.file), line: deadlock.location.line, column: deadlock.location.column } : {}),
      })) } : {}),
      coldStart: {
        levels: model.order.length,
        requeueSeconds: requeue,
        requeueSource,
        requeueSettings: settings.map((setting) => ({
          seconds: setting.seconds, file: displayPath(io.cwd, setting.location.file), line: setting.location.line, column: setting.location.column,
          ...(setting.profile ? { profile: setting.profile } : {}),
        })),
        floorSeconds: estimate.floorSeconds,
        leastStartSeconds: estimate.leastStartSeconds,
        worstCaseSeconds: estimate.worstCaseSeconds,
        criticalPath: estimate.criticalPath.map((step) => ({
          object: step.id, timeoutSeconds: step.seconds, ...(step.applies ? { applies: true } : {}), ...(step.creates ? { creates: step.creates } : {}),
          ...(step.createsReady ? { createsReady: true } : {}),
          ...(step.afterRequeue ? { afterRequeue: true } : {}), ...(step.readyWithoutWait ? { readyWithoutWait: true } : {}),
        })),
      },
    }, null, 2)}\n`);
    return 0;
  }
  // check's colour rules, as for the kit's order.
  const style = await textStyle(flags, io);
  // A level of eighty objects wraps at the terminal's width, under its first object; piped, one line each (a trial's note).
  const width = terminalWidth(io);
  // (Flux has no barrier between levels: each object starts once what it waits for is Ready; a trial's note.)
  const lines = [style.bold(`Install levels across kinds${inCluster(cluster)} (each object one level after the last of what it waits for)`)];
  model.order.forEach((level, index) => lines.push(...levelLines(index, level, width)));
  if (model.order.length === 0) lines.push('  none');
  if (neverInstalled.length > 0) lines.push('', ...neverInstalledLines(neverInstalled, style, width));
  // --exclude leaves files unread here (check reads them for what depends on them): a target they hold reads as
  // missing, and its dependents as never installed (a trial's probe: --exclude 'apps/db/**' made web never installed).
  if (flags.exclude && flags.exclude.length > 0 && (model.heldByDependency?.size ?? 0) > 0) {
    io.stderr('note: --exclude leaves its files unread here: an object they hold reads as missing, and what depends on it as never installed (check PATH --exclude GLOB reads them for what depends on them)\n');
  }
  if (heldIn.length > 0) {
    lines.push('', ...headedList(`${style.bold('Never installed in some clusters')} (placed above for the others; there it is suspended or fails, depends, or waits for what depends, on what that cluster never has, or only such objects apply it): `,
      heldIn.map((held) => `${shown(held.object)} (in the cluster${held.clusters.length > 1 ? 's' : ''} of ${held.clusters.map(printable).join(' and ')})`), width));
  }
  // (What a cold start never installs may exist in a live cluster, suspended after it was made: said, not ordered.)
  lines.push('', style.bold(`Teardown order (the reverse: what nothing waits on goes first${neverInstalled.length > 0 ? '; what is never installed, above, is not in it' : ''})`));
  [...model.order].reverse().forEach((level, index) => lines.push(...levelLines(index, level, width)));
  if (model.order.length === 0) lines.push('  none');
  // One level waits for nothing: "1 levels ..., starts at least 0 s in" said nothing (a trial's probe). The levels'
  // figure is what every level waiting a requeue would cost, the next the least the waits on the way do (two trials
  // read the first as the estimate and the second as a contradiction of it).
  // Nothing installs at all (a trial's probe: "0 levels × 30 s = 0 s ... at least 0 s in" read as fast, not as nothing).
  if (model.order.length === 0) {
    lines.push('', ...paragraph('', `${style.bold('Cold start:')} nothing here is installed on a cold start${neverInstalled.length > 0 ? ' (every object is never installed, above)' : ''}: no estimate`, width));
    lines.push(...severalClustersNote(model, cluster, io, width));
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  }
  lines.push('', ...paragraph('', (model.order.length === 1
    ? `${style.bold('Cold start:')} 1 level: nothing waits for anything else, so no dependency requeue comes into it`
    : `${style.bold('Cold start:')} ${model.order.length} levels × ${formatDuration(requeue)} dependency requeue${requeueNote} = ${formatDuration(estimate.floorSeconds)}, if every level waited a requeue; in fact the last object starts at least ${formatDuration(estimate.leastStartSeconds)} in (a requeue for each dependsOn wait on the way, none for what an applier creates)`), width));
  lines.push(...paragraph('  ', `worst case along the critical path: ${formatDuration(estimate.worstCaseSeconds)} (${estimate.worstCaseSeconds === 0 ? 'nothing on it has a timeout to wait out' : 'each object\'s timeout, a waiting applier\'s covering what it applies; one requeue for what does not wait, and one after each dependsOn wait'})`, width));
  // An applier stands on the chain for its start (its timeout covers what it applies): `applies`, no duration; where
  // the next need only find an object it applies (a ResourceSet's item without ready: true), that object is named.
  const stepText = (step: (typeof estimate.criticalPath)[number]) => {
    if (!step.applies) return step.readyWithoutWait ? `${formatDuration(step.seconds)} (no wait: one requeue)` : formatDuration(step.seconds);
    return step.creates ? `applies ${shown(step.creates)}, which the next waits ${step.createsReady ? 'to be Ready' : 'only to exist'}` : 'applies';
  };
  // A dependsOn wait shows the requeue it costs between the two steps, so the steps add up to the worst case.
  lines.push(...wrapList('  ', estimate.criticalPath.map((step) => `${step.afterRequeue ? `${formatDuration(step.requeueSeconds ?? requeue)} requeue → ` : ''}${shown(step.id)} ${stepText(step)}`), ' → ', width));
  lines.push(...severalClustersNote(model, cluster, io, width));
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** ` in the cluster of clusters/staging` after --cluster, for a heading; else nothing. */
function inCluster(cluster: LabelledCluster | undefined): string {
  if (!cluster) return '';
  // A kubeConfig's cluster is ordered after what drives it from its management cluster (clusterModel), said so.
  return ` in the cluster of ${printable(cluster.label)}${isRemoteScope(cluster.scope) ? ', with what its management cluster applies there and waits for first' : ''}`;
}

/**
 * Where --cluster chose a cluster that lacks the object named: the clusters that have it, as the fix (a trial's probe:
 * "no HelmRelease ... named ww-gitops in the cluster of clusters/production" said nothing of staging, which has it).
 */
function elsewhereFix(loaded: { cluster?: LabelledCluster; whole: FluxModel }, name: string, io: CliIo): string | undefined {
  if (!loaded.cluster) return undefined;
  const cwd = resolve(io.cwd);
  const named = objectNamed(loaded.whole, name, cwd);
  if ('message' in named) return undefined;
  const labels = new Map(repositoryClusters(loaded.whole, cwd).map(({ scope, label }) => [scope, label]));
  const clusters = [...new Set((loaded.whole.byId.get(named.id) ?? []).flatMap((copy) => [...loaded.whole.scopesOf?.(copy) ?? []]
    .flatMap((scope) => (labels.has(scope) ? [labels.get(scope)!] : []))))].sort();
  if (clusters.length === 0) return undefined;
  return `it is in the cluster${clusters.length > 1 ? 's' : ''} of ${clusters.map(printable).join(' and ')}: pass --cluster ${printable(clusters[0]!)}${clusters.length > 1 ? ' (or another of them)' : ''}`;
}

/** The JSON field --cluster adds (`cluster`: its label, as messages name it). */
function clusterField(cluster: LabelledCluster | undefined): { cluster?: string } {
  return cluster ? { cluster: cluster.label } : {};
}

/**
 * order's closing note where a repository marks several clusters (and none is chosen): the levels hold them together,
 * the copies of one object as one, and --cluster gives one cluster's own (a trial's management cluster read its flux-remote beside
 * flux-system on level 0, a workload cluster's object that the union of both placed).
 */
function severalClustersNote(model: FluxModel, cluster: LabelledCluster | undefined, io: CliIo, width: number | undefined): string[] {
  if (cluster) return [];
  const marked = repositoryClusters(model, resolve(io.cwd)).filter(({ scope }) => isMarkedCluster(model, scope));
  if (marked.length < 2) return [];
  return ['', ...paragraph('', `${marked.length} clusters (${marked.map(({ label }) => printable(label)).join(', ')}) are ordered together here, the copies of an object in several of them as one: --cluster DIR gives one cluster's order`, width)];
}

/**
 * The objects placed in the levels that some of their clusters never install (FluxModel.heldInClusters), each with
 * those clusters as messages name them, sorted.
 */
function heldInClusters(model: FluxModel, cwd: string): { object: string; clusters: string[] }[] {
  return [...model.heldInClusters ?? []].map(([object, scopes]) => ({ object, clusters: [...new Set([...scopes].map((scope) => clusterLabel(cwd, scope) || '.'))].sort() }))
    .sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

/** What a cold start never reconciles (FluxModel.neverInstalled), sorted: order names it apart from the levels. */
function neverInstalledIds(model: FluxModel): string[] {
  return [...model.neverInstalled ?? []].sort();
}

/** order's line that names them, in text. */
function neverInstalledLines(ids: readonly string[], style: { bold: (text: string) => string }, width: number | undefined): string[] {
  return headedList(`${style.bold('Never installed on a cold start')} (suspended, left out of its applier's apply, failing to build or apply, its path not found, or depending on what does not exist; or waiting for what is, or applied only by it): `, ids.map(shown), width);
}

/** A sentence after `indent`, wrapped at words where a width is known, each further line two columns further in. */
function paragraph(indent: string, text: string, width: number | undefined): string[] {
  if (width === undefined) return [`${indent}${text}`];
  const rest = `${indent}  `;
  // A duration stays on one line (`10 min 30 s`, never `10 min 30` then `s`: a review's note).
  const kept = text.replace(/\d+(?:\.\d+)? (?:h|min|s|ms)(?: \d+(?:\.\d+)? (?:h|min|s|ms))*/g, (duration) => duration.replaceAll(' ', '\u00a0'));
  return wrapText(kept, Math.max(20, width - rest.length)).map((line, index) => `${index === 0 ? indent : rest}${line.replaceAll('\u00a0', ' ')}`);
}

/** One install level: `   3  ` and its objects, wrapped under the first (see wrapList). */
function levelLines(index: number, level: readonly string[], width: number | undefined): string[] {
  return wrapList(`  ${String(index).padStart(2)}  `, level.map(shown), ', ', width);
}

/**
 * A heading and its list on one line where no width is known (piped); on a terminal, where they do not fit,
 * the heading wrapped at words and the list below it, indented: a hanging indent as long as the heading
 * would leave no room.
 */
function headedList(heading: string, items: readonly string[], width: number | undefined): string[] {
  const line = `${heading}${items.join(', ')}`;
  if (width === undefined || visibleLength(line) <= width) return [line];
  return [...wrapText(heading.trimEnd(), width), ...wrapList('  ', items, ', ', width)];
}

export interface RepositoryGraphFlags extends RepositoryFlags {
  format: string;
  focus?: string;
  depth?: number;
  output?: string;
  color?: boolean;
}

/**
 * The repository graph in every format of the kit's graph: Mermaid (a
 * subgraph per kind), DOT and text (grouped by namespace), JSON, or SVG.
 * --focus keeps one object, what it depends on and what depends on it,
 * transitively, over dependsOn and "applies" edges each in its direction;
 * --depth bounds the hops.
 */
export async function runRepositoryGraph(flags: RepositoryGraphFlags, io: CliIo): Promise<number> {
  const loaded = await loadRepositoryModel(flags, io, 'waited');
  if (loaded === 3) return 3;
  const { model, cluster } = loaded;
  const { buildFluxGraphView, focusView } = await import('../graph/view.js');
  let view = buildFluxGraphView(model);
  if (flags.focus !== undefined) {
    const named = objectNamed(model, flags.focus, resolve(io.cwd));
    if ('message' in named) {
      return usageError(io, `${named.message}${inCluster(cluster)}`, elsewhereFix(loaded, flags.focus, io) ?? named.fix ?? (named.ambiguous ? `pass --focus ${named.way}`
        : named.guesses ? `did you mean ${named.guesses.map((guess) => `--focus ${printable(guess)}`).join(' or ')}?` : 'pass --focus the metadata.name of a Flux object, or Kind/namespace/name'), flags.format);
    }
    view = focusView(view, named.id, flags.depth);
  }
  // Without --focus every id is kept, those the view has no node for included (as before --focus existed).
  const focused = flags.focus === undefined ? undefined : new Set(view.nodes.map((node) => node.name));
  const kept = { has: (id: string) => focused === undefined || focused.has(id) };
  // Marked as check reports them: a cycle that closes only through what the dependent applies too (a trial's probe).
  const cycles = [...model.cycles, ...cyclesThroughApplies(model)];
  switch (flags.format) {
    case 'svg':
      // The HTML report's picture of the repository: dependsOn edges, grouped by namespace.
      return emit((await import('../graph/svg.js')).formatSvg(view, { cycles, repository: true }), flags.output, io, model.repository, flags.format);
    case 'dot':
      return emit(markedWithCluster((await import('../graph/dot.js')).formatDot(view, 'flux-repository', (node) => shortId(node.name), new Set(cycles.flat())), '  // ', cluster),
        flags.output, io, model.repository, flags.format);
    case 'text':
      return emit(markedWithCluster((await import('../graph/text.js')).formatFluxGraphText(view, flags.output === undefined ? await textStyle(flags, io) : undefined, new Set(cycles.flat())), '', cluster, true),
        flags.output, io, model.repository, flags.format);
    default:
      break; // mermaid and json: drawn from the model below
  }
  const ids = [...new Set(model.objects.map(fluxObjectId))].filter((id) => kept.has(id)).sort();
  const dependsOn = [...model.graph.nodes()].filter((from) => kept.has(from))
    .flatMap((from) => model.graph.dependencies(from).filter((to) => kept.has(to)).map((to) => ({ from, to, kind: 'dependsOn' as const })));
  // Copies of one Kustomization (one per cluster directory) are one node: one edge each.
  const appliesKeys = new Set<string>();
  for (const [parent, children] of model.applies) {
    for (const child of children) if (kept.has(fluxObjectId(parent)) && kept.has(fluxObjectId(child))) appliesKeys.add(`${fluxObjectId(parent)}\u0000${fluxObjectId(child)}`);
  }
  const applies = [...appliesKeys].sort().map((key) => {
    const [from, to] = key.split('\u0000') as [string, string];
    return { from, to, kind: 'applies' as const };
  });
  const inCycle = new Set(cycles.flat().filter((id) => kept.has(id)));
  if (flags.format === 'json') {
    return emit(`${JSON.stringify({ ...clusterField(cluster), nodes: ids.map((id) => ({ id, cycle: inCycle.has(id) })), edges: [...dependsOn, ...applies] }, null, 2)}\n`, flags.output, io, model.repository, flags.format);
  }
  const note = (await import('../graph/mermaid.js')).mermaidEdgeNote(dependsOn.length + applies.length);
  if (note) io.stderr(note);
  const index = new Map(ids.map((id, position) => [id, `n${position}`]));
  const lines = ['flowchart LR'];
  for (const kind of ['Kustomization', 'HelmRelease', 'ResourceSet']) {
    const members = ids.filter((id) => id.startsWith(`${kind}/`));
    if (members.length === 0) continue;
    lines.push(`  subgraph ${kind}s`);
    for (const id of members) lines.push(`    ${index.get(id)}[${JSON.stringify(id.slice(kind.length + 1).replace(/^\//, ''))}]`);
    lines.push('  end');
  }
  for (const edge of dependsOn) lines.push(`  ${index.get(edge.from)} --> ${index.get(edge.to)}`);
  for (const edge of applies) lines.push(`  ${index.get(edge.from)} -. applies .-> ${index.get(edge.to)}`);
  lines.push('  classDef cycle stroke:#c00,stroke-width:2px');
  if (inCycle.size > 0) lines.push(`  class ${[...inCycle].sort().map((id) => index.get(id)).join(',')} cycle`);
  return emit(markedWithCluster(`${lines.join('\n')}\n`, '  %% ', cluster), flags.output, io, model.repository, flags.format);
}

/**
 * graph's drawing of one cluster says which (a review's note: only the JSON did): a comment after the first line in
 * DOT (`//`) and Mermaid (`%%`), a first line in text.
 */
function markedWithCluster(drawing: string, comment: string, cluster: LabelledCluster | undefined, first = false): string {
  if (!cluster) return drawing;
  const mark = `${comment}the cluster of ${printable(cluster.label)}`;
  if (first) return `${mark}\n${drawing}`;
  const end = drawing.indexOf('\n');
  return `${drawing.slice(0, end + 1)}${mark}\n${drawing.slice(end + 1)}`;
}

/** How a kind may be written before a name on the command line (any case; flux's own short names). */
const KIND_WRITTEN = new Map<string, string>([
  ['helmrelease', 'HelmRelease'], ['hr', 'HelmRelease'], ['kustomization', 'Kustomization'], ['ks', 'Kustomization'], ['resourceset', 'ResourceSet'], ['rset', 'ResourceSet'],
]);

/** At most this many ids are offered for a misspelt name that several objects share. */
const MAX_GUESSED_IDS = 4;

/**
 * The object a name given on the command line names: `Kind/namespace/name`,
 * `namespace/name` or a bare name, as long as it names one object. Otherwise
 * why not: the candidates when it names several; when it names none, the
 * closest id or name, and for a name that several objects share (a
 * Kustomization and the HelmRelease it applies, often) their ids, since the
 * bare name would be refused in turn.
 */
function objectNamed(model: FluxModel, name: string, cwd: string): { id: string } | { message: string; ambiguous: boolean; way?: string; guesses?: string[]; fix?: string } {
  const ids = [...model.byId.keys()].sort();
  let matches = ids.filter((id) => id === name || id.endsWith(`/${name}`) && (name.includes('/') || id.split('/').at(-1) === name));
  // `Kind/name` (`HelmRelease/home-assistant`, or flux's short `hr/`, `ks/`), in whatever namespace: what tells
  // the HelmRelease of a home-ops app from the Kustomization of the same name.
  const [first, rest, ...more] = name.split('/');
  const kind = rest !== undefined ? KIND_WRITTEN.get(first!.toLowerCase()) : undefined;
  if (matches.length === 0 && kind && more.length === 0) matches = ids.filter((id) => id.startsWith(`${kind}/`) && id.split('/').at(-1) === rest);
  // And in Kind/namespace/name (`ks/flux-system/apps`, `kustomization/flux-system/apps`: a trial's probe).
  if (matches.length === 0 && kind && more.length === 1) matches = ids.filter((id) => id === `${kind}/${rest}/${more[0]}`);
  if (matches.length === 1) return { id: matches[0]! };
  // Kind/name tells them apart only where each is of another kind (a home-ops app's HelmRelease and Kustomization).
  const byKind = new Set(matches.map((id) => id.split('/')[0])).size === matches.length;
  // The way names the ids to pass, as they can be pasted: a home-ops app's HelmRelease and Kustomization share a name.
  if (matches.length > 1) {
    return {
      message: `${printable(name)} names ${matches.length} objects (${matches.map(shown).join(', ')})`, ambiguous: true,
      // An object without a namespace (a cluster-scoped copy, or one whose namespace only its applier sets) has the
      // id Kind//name: said so, where it would read as a typo (a trial's remark).
      way: `${matches.slice(0, MAX_GUESSED_IDS).map(printable).join(' or ')} (${byKind ? 'Kind/name or Kind/namespace/name' : 'Kind/namespace/name'}${matches.some((id) => id.includes('//')) ? ', and Kind//name for one without a namespace' : ''})`,
    };
  }
  // Written, but in a file Flux never applies from here: not in the graph, and the message says why.
  // (By name, id, or Kind/name, as the objects of the graph are asked for above.)
  const namedSo = (object: { kind: string; namespace?: string; name: string }) => object.name === name || fluxObjectId(object) === name || `${object.kind}/${object.name}` === name;
  const leftOut = model.repository.leftOut?.filter(namedSo) ?? [];
  // In a file Flux applies, but left out of the build that takes it in (a patch's $patch: delete).
  const removed = leftOut.find((object) => object.removedBy !== undefined);
  if (removed && leftOut.every((object) => object.removedBy !== undefined)) {
    return { message: `${printable(name)} is written in ${printable(displayPath(cwd, removed.file))}, but ${shortId(removed.removedBy!)} builds that file without it (a patch's $patch: delete): never deployed, so not in the graph`, ambiguous: false, fix: `keep it out of what the patches of ${shortId(removed.removedBy!)} delete, or name an object Flux applies` };
  }
  if (leftOut.length > 0) {
    // Relative to where the command runs, as findings are.
    const files = [...new Set(leftOut.map((object) => displayPath(cwd, object.file)))].sort();
    return { message: `${printable(name)} is written only in ${files.map(printable).join(', ')}, which no Flux Kustomization of this repository applies (never deployed from here, so not in the graph)`, ambiguous: false, fix: 'list the file where Flux builds it, or name an object Flux applies' };
  }
  // One a ResourceSet's template would generate but annotates reconcile: disabled: never created, and the message says why.
  const disabled = model.repository.disabledGenerated?.filter(namedSo) ?? [];
  if (disabled.length > 0) {
    const by = [...new Set(disabled.map((object) => `${shortId(object.resourceSet)} (its template at ${displayPath(cwd, object.location.file)}:${object.location.line})`))].sort();
    return { message: `${printable(name)} is left out by ${by.map(printable).join(', ')}, annotated fluxcd.controlplane.io/reconcile: disabled: flux-operator never creates it, so it is not in the graph`, ambiguous: false, fix: 'enable it in the ResourceSet (the annotation, or the input that sets it to disabled), or name an object Flux applies' };
  }
  // By name, and (for `namespace/name`, as explain takes it) by namespace and name: `media/sonar` is near media/sonarr.
  const idsByName = new Map<string, Set<string>>();
  for (const object of model.objects) {
    const id = fluxObjectId(object);
    idsByName.set(object.name, (idsByName.get(object.name) ?? new Set()).add(id));
    if (name.split('/').length === 2 && object.namespace) idsByName.set(`${object.namespace}/${object.name}`, (idsByName.get(`${object.namespace}/${object.name}`) ?? new Set()).add(id));
  }
  // `Kind/name` or `Kind/namespace/name` with a misspelt name (`hr/plexx`): the closest name among objects of that kind.
  const ofKind = kind && more.length <= 1 ? ids.filter((id) => id.startsWith(`${kind}/`)) : [];
  const kindGuess = ofKind.length > 0 ? closestNameOrPart(more[0] ?? rest!, ofKind.map((id) => id.split('/').at(-1)!)) : undefined;
  if (kindGuess !== undefined) {
    const guesses = ofKind.filter((id) => id.split('/').at(-1) === kindGuess).slice(0, MAX_GUESSED_IDS);
    return { message: `no HelmRelease, Kustomization or ResourceSet named ${printable(name)}`, ambiguous: false, guesses };
  }
  const guess = closestName(name, [...ids, ...idsByName.keys()]) ?? closestNameOrPart(name, idsByName.keys());
  const named = guess === undefined ? [] : [...(idsByName.get(guess) ?? [])].sort();
  const guesses = guess === undefined ? undefined : named.length > 1 ? named.slice(0, MAX_GUESSED_IDS) : [guess];
  return { message: `no HelmRelease, Kustomization or ResourceSet named ${printable(name)}`, ambiguous: false, ...(guesses ? { guesses } : {}) };
}

/**
 * The clusters (a FluxInstance's sync path, or the directory of a root Kustomization that applies its own
 * directory) that copies of one object are in, with what the copy in each depends on, sorted; empty where
 * the repository shows no cluster.
 */
function clustersOf(model: FluxModel, copies: readonly FluxObject[], cwd: string): { cluster: string; dependsOn: string[]; appliedBy: string[] }[] {
  // A kubeconfig's cluster is marked too (a management cluster's Kustomization applies there: a trial's olga-mir/
  // k8s-multi-cluster, where the workload cluster's flux-system, applied by the management cluster's flux-remote, and
  // the management cluster's own read as one object applied by flux-remote).
  const isCluster = (scope: string) => isMarkedCluster(model, scope);
  const dependsOn = new Map<string, Set<string>>();
  const appliedBy = new Map<string, Set<string>>();
  for (const copy of copies) {
    for (const scope of model.scopesOf?.(copy) ?? []) {
      if (!isCluster(scope)) continue;
      const targets = dependsOn.get(scope) ?? new Set<string>();
      dependsOn.set(scope, targets);
      const appliers = appliedBy.get(scope) ?? new Set<string>();
      appliedBy.set(scope, appliers);
      // What applies this copy into this cluster: an applier whose applies land there.
      for (const applier of model.appliedBy.get(copy) ?? []) if (model.intoScopesOf?.(applier).has(scope) ?? true) appliers.add(fluxObjectId(applier));
      for (const edge of model.edges) {
        if (edge.from !== copy) continue;
        const { resolution } = edge;
        // What the copy waits for there, found or not: an item this cluster has no object for is still waited on (a
        // trial's probe: a patched copy's renamed item, unresolved, made the cluster's line read "depends on none").
        if (resolution.status === 'resolved' && !resolution.missingIn?.includes(scope)) targets.add(fluxObjectId(resolution.target));
        else if (resolution.status !== 'not-followed') targets.add(writtenItem(edge));
      }
    }
  }
  return [...dependsOn].map(([scope, targets]) => ({ cluster: clusterLabel(cwd, scope) || '.', dependsOn: [...targets].sort(), appliedBy: [...appliedBy.get(scope)!].sort() }))
    .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
}

/** explain's lines for an object in several clusters: which, and what each copy depends on and is applied by where the copies differ. */
function clusterLines(clusters: readonly { cluster: string; dependsOn: string[]; appliedBy: string[] }[], list: (ids: string[]) => string): string[] {
  if (clusters.length < 2) return [];
  const lines = [`  in clusters      ${clusters.map((cluster) => printable(cluster.cluster)).join(', ')} (a copy in each: the lists merge them)`];
  const differ = (of: (cluster: { dependsOn: string[]; appliedBy: string[] }) => string[]) => clusters.some((cluster) => of(cluster).join('\n') !== of(clusters[0]!).join('\n'));
  const dependsDiffer = differ((cluster) => cluster.dependsOn);
  const appliersDiffer = differ((cluster) => cluster.appliedBy);
  for (const cluster of clusters) {
    if (appliersDiffer) lines.push(`    ${printable(cluster.cluster)} applied by ${list(cluster.appliedBy)}`);
    if (dependsDiffer) lines.push(`    ${printable(cluster.cluster)} depends on ${list(cluster.dependsOn)}`);
  }
  return lines;
}

/** explain's step line: the step of spec.steps an object is generated from, and what flux-operator waits for before it. */
function stepText(step: { name: string; of: string; after: string[] }, index: number, list: (ids: string[]) => string): string {
  const when = index === 0 ? 'its first'
    : step.after.length > 0 ? `applied once ${list(step.after)} ${step.after.length === 1 ? 'is' : 'are'} Ready`
      : 'applied once the steps before it are Ready';
  return `${printable(step.name)} of ${shown(step.of)}, ${when}`;
}

/**
 * What `check` reports about object `id`, as explain in the kit audit lists a release's findings: those on
 * it (`object`), those on a dependsOn item that resolves to it (`dependency`, its name, on an object that
 * depends on it: a dependency on it while it is suspended), and the cycles it is on (reported once, on one
 * member). With --exclude, `check`'s own findings: explain's graph leaves those files unread, where check
 * reads them for what depends on them and judges nothing there.
 */
async function findingsAbout(model: FluxModel, id: string, flags: RepositoryExplainFlags, cwd: string): Promise<ReportFinding[]> {
  const audit = await import('../audit.js');
  const root = repositoryRoot(flags, cwd);
  const report = flags.exclude && flags.exclude.length > 0
    ? await audit.checkRepository({ cwd, root, exclude: flags.exclude, ...(flags.kustomize === false ? { kustomize: false } : {}) })
    : await audit.auditFluxModel(model, { cwd, root });
  const name = model.byId.get(id)?.[0]?.name;
  // A cycle is each member's, and each object's that stalls behind it, as graph/cycle's message names them (blastRadius:
  // a trial's probe, where explain of a stalled object said "findings none").
  const cycleMembers = new Set(model.cycles.filter((cycle) => cycle.includes(id) || blastRadius(model, cycle.slice(0, -1)).includes(id)).flat());
  // A deadlock through a wait is every loop member's and every stalled object's, as a cycle is each member's.
  // (Worked out again only where the audit found one: the knots' members are not in its findings.)
  const deadlocks = new Set<string>();
  if (report.findings.some((finding) => finding.rule === 'dependsOn/wait-deadlock')) {
    const { waitDeadlockKnots } = await import('../rules/dependson-wait-deadlock.js');
    for (const { finding, members, stalled } of waitDeadlockKnots(model, cwd)) if (members.includes(id) || stalled.includes(id)) deadlocks.add(finding.message);
  }
  return report.findings.filter((finding) => finding.object === id
    || (finding.object !== undefined && finding.dependency === name && model.graph.hasNode(finding.object) && model.graph.dependencies(finding.object).includes(id))
    || (finding.rule === 'graph/cycle' && finding.object !== undefined && cycleMembers.has(finding.object))
    || (finding.rule === 'dependsOn/wait-deadlock' && deadlocks.has(finding.message)));
}

export interface RepositoryExplainFlags extends RepositoryFlags {
  format: 'text' | 'json';
  color?: boolean;
}

/**
 * explain NAME on the repository graph. NAME is `Kind/namespace/name`,
 * `namespace/name` or a bare name, as long as it names one object; otherwise
 * the candidates are listed.
 */
export async function runRepositoryExplain(name: string, flags: RepositoryExplainFlags, io: CliIo): Promise<number> {
  const loaded = await loadRepositoryModel(flags, io, 'waited');
  if (loaded === 3) return 3;
  const { model, cluster } = loaded;
  const named = objectNamed(model, name, resolve(io.cwd));
  if ('message' in named) {
    return usageError(io, `${named.message}${inCluster(cluster)}`, elsewhereFix(loaded, name, io) ?? named.fix ?? (named.ambiguous ? `pass ${named.way}`
      : named.guesses ? `did you mean ${named.guesses.map(printable).join(' or ')}?` : 'pass the metadata.name of a Flux object, or Kind/namespace/name'), flags.format);
  }
  const { id } = named;
  const copies = model.byId.get(id)!;
  const [object] = copies;
  // A cycle leaves the order undefined: what can still be placed is, as order prints it.
  const throughApplies = cyclesThroughApplies(model);
  const levels = model.cycles.length + throughApplies.length === 0 ? model.order : placeableLevels(model).levels;
  const level = levels.findIndex((members) => members.includes(id));
  const cwd = resolve(io.cwd);
  const facts = {
    ...clusterField(cluster),
    object: id,
    definedAt: [...new Set(model.byId.get(id)!.map((copy) => displayLocation(cwd, copy.location)))],
    // The Kustomization flux-operator makes of a FluxInstance's sync is written nowhere: what writes the sync.
    madeBy: [...new Set(copies.flatMap((copy) => (copy.madeBy ? [copy.madeBy] : [])))].sort(),
    // Every copy (one per overlay or cluster) counts: what applies any of them, what any of them applies.
    appliedBy: [...new Set(copies.flatMap((copy) => (model.appliedBy.get(copy) ?? []).map(fluxObjectId)))].sort(),
    applies: [...new Set(copies.flatMap((copy) => (model.applies.get(copy) ?? []).map(fluxObjectId)))].sort(),
    // The sources whose contents a copy applies and this tool does not read (another repository, an OCI artifact, an
    // ExternalArtifact not made of this repository's directories): `applies` cannot list what they hold (a trial's
    // probe, d2-fleet's apps: "applies none" read as "applies nothing").
    appliesUnreadFrom: [...new Set(copies.filter(appliesFromUnreadSource).map(sourceLabel))].sort(),
    installLevel: level < 0 ? null : level,
    // Not installed on a cold start (suspended, or waiting for or applied only by what is): no level, no cycle. (What
    // only a cycle through "applies" in its clusters holds is on that cycle, or waits for it: said so, not this.)
    neverInstalled: (model.neverInstalled?.has(id) ?? false) && !(model.waitingForCycle?.has(id) ?? false),
    // Placed, but held in some of its clusters: those, as messages name them (not where it has no level: a review's probe).
    neverInstalledIn: level < 0 ? [] : heldInClusters(model, cwd).find((held) => held.object === id)?.clusters ?? [],
    dependsOn: model.graph.dependencies(id),
    // Items that resolve to no object of the graph (a trial's probe: "depends on none" for a ResourceSet with two
    // items, one of them on what a template may generate): each as written, and why; check says which are errors.
    dependsOnUnresolved: unresolvedItems(model, copies),
    dependsOnTransitively: reachable(id, (node) => model.graph.dependencies(node)),
    neededBy: model.graph.dependents(id),
    neededByTransitively: reachable(id, (node) => model.graph.dependents(node)),
    // (order says so of a cycle through "applies" too, and places neither end of it: a trial's probe, sob/home-ops.)
    inCycle: [...model.cycles, ...throughApplies].some((cycle) => cycle.includes(id)),
    // The clusters its copies are in, each with what its copy there depends on: the lists above merge the copies.
    clusters: clustersOf(model, copies, cwd),
    // What a ResourceSet generates from one of its spec.steps: that step, and what flux-operator waits for first.
    step: object!.step ? {
      name: object!.step.name,
      of: object!.generatedBy!,
      after: [...new Set(copies.flatMap((copy) => (model.appliedAfter?.get(copy) ?? []).map(fluxObjectId)))].sort(),
    } : null,
  };
  // check's findings, of the whole repository (a review's probe: judged on one cluster's objects, a dependency another
  // cluster has read as written nowhere in the repository; and --exclude, which audits again, brought back the rest).
  // Under --cluster, those located in a file of the cluster's objects (a trial's probe: another cluster's warning, from
  // its own file, beside a "depends on" line it contradicted); one in a file two clusters share names its cluster.
  const clusterFiles = cluster ? new Set(model.objects.map((copy) => displayPath(cwd, copy.file))) : undefined;
  const findings = (await findingsAbout(loaded.whole, id, flags, cwd))
    .filter((finding) => !clusterFiles || finding.file === null || clusterFiles.has(finding.file)).map(explainedFinding);
  // As explain does in the kit audit: 2 when a cycle goes through the object or it waits for one.
  const code = facts.inCycle || (facts.installLevel === null && !facts.neverInstalled) ? 2 : 0;
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ ...facts, findings }, null, 2)}\n`);
    return code;
  }
  const list = (values: string[]) => (values.length > 0 ? values.map(shown).join(', ') : 'none');
  const indirect = (all: string[], direct: string[]) => all.filter((other) => !direct.includes(other));
  const style = await textStyle(flags, io);
  io.stdout(`${[
    `${style.bold(shown(id))}${inCluster(cluster)}${facts.inCycle ? style.red(' (in a dependency cycle)') : ''}`,
    `  defined at       ${facts.definedAt.map(printable).join(', ')}`,
    ...(facts.madeBy.length > 0 ? [`  made by          ${facts.madeBy.map((owner) => `${shown(owner)} (its sync; flux-operator makes this Kustomization, no file writes it)`).join(', ')}`] : []),
    `  applied by       ${list(facts.appliedBy)}`,
    ...(facts.step ? [`  step             ${stepText(facts.step, object!.step!.index, list)}`] : []),
    // A ResourceSet applies what it generates, as a Kustomization applies its path (JSON's `applies` had it already).
    // A build that fails applies nothing: what its files hold is named as what it would apply (a trial's probe: the
    // line said "applies" above an install level that said it applies nothing).
    ...(object!.kind === 'Kustomization' || object!.kind === 'ResourceSet' ? [`  applies          ${appliesText(facts.applies, facts.appliesUnreadFrom, list)}${appliesNothing(model, id, facts.applies.length)}`] : []),
    ...clusterLines(facts.clusters, list),
    `  install level    ${facts.installLevel === null
      ? facts.neverInstalled ? `none (${neverInstalledWhy(copies, model.failingBuilds?.has(id) ?? false, model.heldByDependency?.has(id) ?? false, model.failingApplies?.has(id) ?? false, model.missingPaths?.has(id) ?? false,
        heldThrough(model, facts.dependsOn, facts.dependsOnUnresolved.length > 0, shown))}: never installed on a cold start)` : 'none (a cycle leaves the order undefined)'
      : `${facts.installLevel} (levels run 0 to ${levels.length - 1}, as order prints them)${facts.neverInstalledIn.length > 0
        ? `; never installed in the cluster${facts.neverInstalledIn.length > 1 ? 's' : ''} of ${facts.neverInstalledIn.map(printable).join(' and ')}: there it is suspended or fails, depends, or waits for what depends, on what that cluster never has, or only such objects apply it` : ''}`}`,
    `  depends on       ${list(facts.dependsOn)}`,
    ...(facts.dependsOnUnresolved.length > 0 ? [`    unresolved     ${facts.dependsOnUnresolved.map((item) => `${shown(item.item)} (${item.why})`).join(', ')}`] : []),
    `    through them   ${list(indirect(facts.dependsOnTransitively, facts.dependsOn))}`,
    `  needed by        ${list(facts.neededBy)}`,
    `    through them   ${list(indirect(facts.neededByTransitively, facts.neededBy))}`,
    ...explainedFindingLines(findings, style),
  ].join('\n')}\n`);
  return code;
}

/**
 * Where a held object's own items all resolve (a trial's probe: broker waits for secrets, which names what is missing,
 * and explain said "unresolved, below" above no such line): the dependencies it waits for that are held, shown.
 */
function heldThrough(model: FluxModel, dependsOn: readonly string[], ownUnresolved: boolean, shown: (id: string) => string): string | undefined {
  if (ownUnresolved) return undefined;
  // (Held, suspended, failing to build: whatever keeps it out, explain of it says; here only that it is never installed.)
  const held = dependsOn.filter((target) => model.neverInstalled?.has(target));
  return held.length > 0 ? held.map(shown).join(', ') : undefined;
}

/**
 * Why explain's object is never installed (flux-graph's neverReconciled): suspended (a ResourceSet annotated
 * fluxcd.controlplane.io/reconcile: disabled reads as suspended); left out of its applier's apply (annotated
 * kustomize.toolkit.fluxcd.io/reconcile: disabled: kustomize-controller never creates it); its build failing; else held by
 * what is never installed.
 */
function neverInstalledWhy(copies: readonly FluxObject[], buildFails: boolean, held: boolean, applyFails = false, pathMissing = false, heldBy?: string): string {
  if (buildFails) return `its build fails (${copies[0]?.kind === 'ResourceSet' ? 'resourceset' : 'kustomization'}/build-failed): never Ready, and it applies nothing`;
  if (pathMissing) return 'its spec.path is not in the source (kustomization/path-not-found): never Ready, and it applies nothing';
  if (applyFails) return 'its apply fails on an object the API server rejects (an api/* error: a duration, version or kind it does not accept): never Ready, and it applies nothing';
  if (held && heldBy) return `it waits for ${heldBy}, which a cold start never installs (explain says why): Flux holds it at DependencyNotReady for ever`;
  if (held) return 'it depends on what the cluster never has (unresolved, below): Flux holds it at DependencyNotReady for ever';
  if (copies.every((copy) => copy.suspend)) return 'suspended';
  const rejected = copies.find((copy) => copy.invalidDurations?.length)?.invalidDurations?.[0];
  if (rejected && copies.every((copy) => copy.suspend || copy.invalidDurations?.length)) return `the API server rejects it (spec.${rejected.field}: ${rejected.written}, api/invalid-duration)`;
  if (copies.every((copy) => copy.suspend || copy.applyExcluded)) return `its applier leaves it out of the apply (${copies.find((copy) => copy.applyExcluded)!.applyExcluded!.written})`;
  return 'it waits for what is never installed (suspended, left out of its applier\'s apply, failing to build or apply, its path not found, or depending on what does not exist), or only that applies it';
}

/** The end of explain's `applies` line where none of it is applied: the build, or the apply, fails. */
/** explain's `applies` line: what it applies, and the sources whose contents it applies unread ("none" only where neither). */
function appliesText(applies: string[], unreadFrom: readonly string[], list: (values: string[]) => string): string {
  if (unreadFrom.length === 0) return list(applies);
  const unread = `what ${unreadFrom.join(' and ')} holds, not read here (not this repository's files as they lie here)`;
  return applies.length === 0 ? unread : `${list(applies)}; and ${unread}`;
}

function appliesNothing(model: FluxModel, id: string, applies: number): string {
  const why = model.failingBuilds?.has(id) ? 'its build fails' : model.failingApplies?.has(id) ? 'its apply fails on one the API server rejects' : undefined;
  return why && applies > 0 ? ` (as its files write them: ${why}, so none of them is applied)` : '';
}

/** Why an item resolves to nothing in the graph, by its resolution. */
const UNRESOLVED_WHY: Record<Exclude<Resolution['status'], 'resolved'>, string> = {
  missing: 'no such object here',
  'other-kind': 'only objects of another kind have the name',
  'other-namespace': 'only in another namespace',
  'no-namespace': 'the item has no namespace',
  'not-followed': 'not judged offline: a variable, or a kind this tool does not read',
};

/** The dependsOn items of an object's copies that resolve to nothing, once each, sorted: as written, and why. */
function unresolvedItems(model: FluxModel, copies: readonly FluxObject[]): { item: string; why: string }[] {
  const items = new Map<string, string>();
  const own = new Set(copies);
  for (const edge of model.edges) {
    if (!own.has(edge.from) || edge.resolution.status === 'resolved') continue;
    const item = writtenItem(edge);
    // (A target an unread source may hold: dependsOn/unread-target, not known to be missing.)
    const unread = edge.resolution.status === 'missing' && edge.resolution.unreadIn
      ? `not in this repository; may be in what ${[...new Set(edge.resolution.unreadIn.map((applier) => shortId(fluxObjectId(applier))))].sort().join(', ')} applies from a source not read here` : undefined;
    // A variable nothing substitutes is judged: the name as written, which no object has (dependsOn/unknown-target).
    const literal = edge.resolution.status === 'not-followed' ? unsubstitutedBecause(model.appliedBy, edge.from, edge.dependency) : undefined;
    const notSubstituted = literal === undefined ? undefined : 'disabled' in literal
      ? 'in it (kustomize.toolkit.fluxcd.io/substitute: disabled)' : `(${shortId(fluxObjectId(literal.applier))}, which applies it, has no postBuild variables)`;
    const why = notSubstituted && `no such object: a variable Flux does not substitute ${notSubstituted}`;
    const created = edge.resolution.status === 'not-followed' && edge.resolution.createdBy ? createdWhy(model, edge.from, edge.resolution.createdBy) : undefined;
    if (!items.has(item)) items.set(item, unread ?? why ?? created ?? UNRESOLVED_WHY[edge.resolution.status]);
  }
  return [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([item, why]) => ({ item, why }));
}

/**
 * Why an item naming an object of another kind that ResourceSets here create (FluxModel.existsAfter) orders the
 * dependent as it does: after its creators, or never, where only the dependent itself or never-installed
 * ResourceSets create it (a review's probes: both said "placed after it").
 */
function createdWhy(model: FluxModel, from: FluxObject, createdBy: readonly FluxObject[]): string {
  const fromId = fluxObjectId(from);
  const creators = [...new Set(createdBy.map(fluxObjectId))].filter((id) => id !== fromId).sort();
  if (creators.length === 0) return 'a kind this tool does not read; only this ResourceSet creates it, and flux-operator applies nothing of it before its dependencies pass: it waits for ever';
  const named = creators.map(shortId).join(', ');
  if (creators.every((id) => model.neverInstalled?.has(id))) return `a kind this tool does not read; created only by ${named}, never installed on a cold start: it waits for ever`;
  return `a kind this tool does not read; created by ${named}, so placed after ${creators.length > 1 ? 'the first of them to apply it' : 'it'}`;
}

/** A dependsOn item as the id it names, `Kind/namespace/name`, found or not: the dependent's kind and namespace where it writes none. */
function writtenItem({ from, dependency }: FluxEdge): string {
  // (A ResourceSet's item names its namespace or none: flux-operator gives it no default, and a cluster-scoped
  // kind has none: a trial's probe showed a CustomResourceDefinition in flux-system.)
  const namespace = dependency.namespace ?? (from.kind === 'ResourceSet' ? '' : from.namespace ?? '');
  return `${dependency.kind ?? from.kind}/${namespace}/${dependency.name}`;
}

/** The cycles that close only through what a dependent applies (a dependency on what only it applies), as id paths. */
function cyclesThroughApplies(model: FluxModel): string[][] {
  return model.appliesCycles.flatMap(({ from, resolution }) =>
    resolution.status === 'resolved' ? [[fluxObjectId(from), fluxObjectId(resolution.target), fluxObjectId(from)]] : []);
}
