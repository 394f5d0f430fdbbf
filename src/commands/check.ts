import { existsSync, readdirSync } from 'node:fs';
import { isInside } from '../model/inside.js';
import { printable } from '../report/printable.js';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { check, checkKits } from '../audit.js';
import { clusterKitDirs, expandKitDirs, GLOB_CHARACTERS, GlobPatternError } from '../load/kit-dirs.js';
import { inputErrorReport } from '../report/report.js';
import { DEFAULT_SLOT_LABEL, repositoryTop, resolvePaths } from '../load/repository.js';
import { displayPath } from '../model/paths.js';
import { closestName } from '../model/names.js';
import { decideColor, terminalWidth } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import { loadChunkFormatter } from '../report/formatter.js';
import { writeChunks } from '../report/chunks.js';
import type { FormatName } from '../report/formatter.js';
import type { Report } from '../report/report.js';
import { colourStyle } from '../report/style.js';
import { formatFindingLine, formatSummaryLine } from '../report/text.js';
import { badRoot, clarifyNotFound, repositoryOptions, SLOT_LABEL_WITHOUT_KIT, SLOT_LABEL_WITHOUT_KIT_FIX, usageError, writeOutputFile } from './shared.js';
import { mayHaveConfig } from '../config/discover.js';
import type { AuditOptions } from '../audit.js';
import { BASELINE_FILE_NAME } from '../suppress/baseline.js';

export interface CheckFlags {
  root?: string;
  kitDir?: string[];
  allClusters?: boolean;
  expected?: string;
  format: FormatName;
  color?: boolean;
  strict?: boolean;
  quiet?: boolean;
  slotLabel?: string;
  kustomize?: boolean;
  exclude?: string[];
  output?: string;
  debug?: boolean;
  config?: string;
  printConfig?: boolean;
  suppressAll?: boolean;
  pruneSuppressions?: boolean;
}

/**
 * Reads the config file, when one may exist (a few stat calls decide; the
 * loader is imported only then), and merges it under the flags the user typed.
 */
async function withConfig(
  flags: CheckFlags, io: CliIo, explicit: ReadonlySet<string>, paths: readonly string[],
  /** The root the paths gave (rootOfPaths): the config is searched for from there, not from the working directory. */
  pathsRoot?: string,
): Promise<{ flags: CheckFlags; paths: readonly string[]; ruleSettings?: Record<string, 'error' | 'warning' | 'off'>; report?: Report; printed?: true }> {
  const searchFrom = flags.config === undefined && pathsRoot !== undefined ? pathsRoot : io.cwd;
  const present = flags.config !== undefined || mayHaveConfig(searchFrom);
  if (!present && !flags.printConfig) return { flags, paths };
  const { loadConfig } = await import('../config/load-config.js');
  const { effectiveConfig, inputErrorReport, mergeConfig } = await import('../config/apply.js');
  const { config, findings } = present ? await loadConfig(searchFrom, flags.config) : { config: undefined, findings: [] };
  if (findings.length > 0) return { flags, paths, report: inputErrorReport(io.cwd, findings) };
  const merged = mergeConfig(flags, explicit, config);
  // Paths typed on the command line replace the config's include, as any flag does; a typed kit option
  // leaves the config's include to the repository audit it was written for (see mergeConfig).
  const typedKits = explicit.has('kitDir') || explicit.has('allClusters') || explicit.has('expected');
  const auditPaths = paths.length > 0 ? paths : typedKits ? [] : config?.include ?? [];
  if (flags.printConfig) {
    io.stdout(effectiveConfig(io.cwd, merged, config, auditPaths));
    return { flags: merged, paths: auditPaths, printed: true };
  }
  return { flags: merged, paths: auditPaths, ...(config && Object.keys(config.rules).length > 0 ? { ruleSettings: config.rules } : {}) };
}

/** The entry next to a missing path whose name is closest to it, when its directory exists. */
function closestSibling(target: string): string | undefined {
  try {
    const name = closestName(basename(target), readdirSync(dirname(target)));
    return name === undefined ? undefined : join(dirname(target), name);
  } catch {
    return undefined;
  }
}

/** A usage error as check reports any input error: one line on stderr, and the document in a machine format. */
function usageReport(io: CliIo, message: string, fix: string): Report {
  return inputErrorReport(io.cwd, [{ rule: 'input/usage', severity: 'error', message, fix, location: null }]);
}

/**
 * Zero configuration: a repository with a bootstrap kit or an expected DAG
 * gets the kit audit; any other Flux repository, or named paths, the
 * repository audit across HelmReleases, Kustomizations and ResourceSets.
 */
async function runAudit(
  flags: CheckFlags, paths: readonly string[], io: CliIo, ruleSettings?: Record<string, 'error' | 'warning' | 'off'>,
  /** --slot-label was typed (a config file's slotLabel is a standing setting, kept for the kits it may find). */
  slotLabelTyped = false,
  /** Each rule finding the named paths keep out of the report. */
  narrowedAway?: AuditOptions['narrowedAway'],
): Promise<Report | 3> {
  if (badRoot(flags, io) === 3) return 3;
  const options = {
    ...repositoryOptions({ ...flags, kitDir: undefined }, io), strict: Boolean(flags.strict), ...(ruleSettings ? { ruleSettings } : {}), ...(narrowedAway ? { narrowedAway } : {}),
  };
  const patterns = flags.kitDir ?? [];
  if (flags.allClusters && patterns.length > 0) {
    return usageReport(io, '--kit-dir and --all-clusters both choose the kits to check', 'pass one of them');
  }
  // "Every kit of the repository" where there is no clusters/*/bootstrap-kit/
  // is what check audits by default: the hook and the Action pass --all-clusters
  // to every repository, a Flux repository without bootstrap kits included.
  if (flags.allClusters && clusterKitDirs(resolvePaths(options).root).length === 0) {
    return runAudit({ ...flags, allClusters: false }, paths, io, ruleSettings, slotLabelTyped, narrowedAway);
  }
  const kitFlags = patterns.length > 0 || flags.allClusters || flags.expected !== undefined;
  const repositoryFlags = paths.length > 0 || (flags.exclude ?? []).length > 0;
  if (kitFlags && repositoryFlags) {
    return usageReport(io, 'paths and --exclude narrow the repository audit; --kit-dir, --expected and --all-clusters choose the kit audit', 'use one or the other');
  }
  if (!kitFlags) {
    const resolved = resolvePaths(options);
    const hasKit = existsSync(resolved.kitDir) || existsSync(resolved.expectedFile);
    if (repositoryFlags || !hasKit) {
      // Nothing here reads a slot label: typed, it would be ignored (order refuses it alike).
      // (The default typed is what every run has: accepted, as the other commands accept it.)
      if (!hasKit && slotLabelTyped && flags.slotLabel !== DEFAULT_SLOT_LABEL) return usageReport(io, SLOT_LABEL_WITHOUT_KIT, SLOT_LABEL_WITHOUT_KIT_FIX);
      for (const path of paths) {
        if (!existsSync(resolve(io.cwd, path))) {
          const guess = closestSibling(resolve(io.cwd, path));
          return usageReport(io, `${path} does not exist (resolved against ${io.cwd})`, guess ? `did you mean ${displayPath(io.cwd, guess)}?` : 'name files or directories of the repository');
        }
        if (!isInside(resolved.root, resolve(io.cwd, path))) {
          return usageReport(io, `${path} is outside the repository root ${resolved.root}`, 'name paths inside it, or pass --root');
        }
      }
      const { checkRepository } = await import('../audit.js');
      try {
        // A repository with a bootstrap kit keeps its kit audit (drift, slots), narrowed like the rest: a path or
        // an --exclude must never turn the drift check off in passing.
        if (hasKit) return await check({ ...options, paths, exclude: flags.exclude ?? [] });
        return await checkRepository({ ...options, paths, exclude: flags.exclude ?? [] });
      } catch (error) {
        if (!(error instanceof GlobPatternError)) throw error;
        return usageReport(io, error.message, error.fix);
      }
    }
  }
  const several = flags.allClusters || patterns.length > 1 || patterns.some((pattern) => GLOB_CHARACTERS.test(pattern));
  if (!several) return check({ ...options, ...(patterns[0] !== undefined ? { kitDir: patterns[0] } : {}) });
  const { root } = resolvePaths(options);
  let expanded: string[];
  try {
    expanded = await expandKitDirs(patterns, io.cwd, root);
  } catch (error) {
    if (!(error instanceof GlobPatternError)) throw error;
    return usageReport(io, error.message, error.fix);
  }
  const kitDirs = [...new Set([...(flags.allClusters ? clusterKitDirs(root) : []), ...expanded])];
  if (kitDirs.length === 0) {
    return usageReport(io, `${displayPath(io.cwd, join(root, 'clusters'))} holds no <cluster>/bootstrap-kit directory`, 'pass --root the repository, or --kit-dir the kits to check');
  }
  return checkKits(options, kitDirs);
}

/** Check's own report of a usage error, in a machine format (text has had its line on stderr). */
async function printUsageDocument(io: CliIo, format: FormatName, what: string, fix: string): Promise<void> {
  if (format === 'text') return;
  const [{ usageErrorReport }, { loadFormatter }] = await Promise.all([import('../report/report.js'), import('../report/formatter.js')]);
  io.stdout((await loadFormatter(format))(usageErrorReport(what, fix)));
}

/**
 * `check PATH...` run from a directory in no repository (a parent of clones, /tmp): the root is the repository the
 * paths lie in, when they all lie in one, not the working directory. A trial's probe: from a folder of clones,
 * `check angelnu__k8s-gitops/apps` read every clone beside it as one repository (57 false path-not-found errors),
 * and from /tmp the same walked all of /tmp for ten minutes. Inside a repository nothing changes (its top is the
 * root, as the contract says), nor where --root (or the config's root) is given.
 */
function rootOfPaths(flags: CheckFlags, paths: readonly string[], io: CliIo): string | undefined {
  if (flags.root !== undefined || paths.length === 0 || repositoryTop(io.cwd) !== undefined) return undefined;
  const tops = new Set(paths.map((path) => {
    const absolute = resolve(io.cwd, path);
    return existsSync(absolute) ? repositoryTop(absolute) : undefined;
  }));
  const [top] = tops;
  return tops.size === 1 ? top : undefined;
}

export async function runCheck(typed: CheckFlags, io: CliIo, paths: readonly string[] = [], explicit: ReadonlySet<string> = new Set()): Promise<number> {
  // --print-config runs no audit, so it writes nothing: a write asked for beside it would pass as done (a trial's
  // probe: --print-config --suppress-all exited 0 and wrote no baseline).
  const unwritten = typed.printConfig ? [typed.suppressAll && '--suppress-all', typed.pruneSuppressions && '--prune-suppressions', typed.output !== undefined && '--output'].filter(Boolean) : [];
  if (unwritten.length > 0) {
    const what = `--print-config prints the effective options and runs no audit: ${unwritten.join(' and ')} would write nothing`;
    const fix = `drop ${unwritten.join(' and ')}, or --print-config`;
    usageError(io, what, fix);
    // A machine format still gets check's document, carrying the input/usage finding (a review's probe).
    await printUsageDocument(io, typed.format, what, fix);
    return 3;
  }
  // Before the config: that repository's own config file applies, as its baseline does (a review's probe).
  const pathsRoot = rootOfPaths(typed, paths, io);
  const configured = await withConfig(pathsRoot === undefined ? typed : { ...typed, root: pathsRoot }, io, explicit, paths, pathsRoot);
  if (configured.printed) return 0;
  const auditPaths = configured.paths;
  const flags = configured.flags;
  const bothBaselineFlags = Boolean(flags.suppressAll && flags.pruneSuppressions);
  // Where no repository holds the working directory or the named paths, the root is the working directory: a Flux
  // path it does not find, which a directory below it holds, is said beside the named files (see rootNote).
  let rootHint: { object: string; fix: string } | undefined;
  const rootByLastResort = auditPaths.length > 0 && flags.root === undefined && pathsRoot === undefined && repositoryTop(io.cwd) === undefined;
  // Only a root that holds every named path: a folder of two repositories gave the other one's (a review's probe).
  const holdsNamedPaths = (dir: string) => auditPaths.every((path) => isInside(dir, resolve(io.cwd, path)));
  // Every root such a finding names (the named paths may lie in two repositories: a review's probe), as its fix shows it.
  const rootsBelow = new Set<string>();
  const narrowedAway: AuditOptions['narrowedAway'] = rootByLastResort ? (rule, finding) => {
    if (rule !== 'kustomization/path-not-found' || finding.fix === undefined || finding.rootBelow === undefined) return;
    rootsBelow.add(displayPath(io.cwd, finding.rootBelow));
    if (rootHint === undefined && finding.object !== undefined && holdsNamedPaths(finding.rootBelow)) {
      rootHint = { object: finding.object, fix: finding.fix };
    }
  } : undefined;
  let report = configured.report ?? (bothBaselineFlags
    ? usageReport(io, '--suppress-all and --prune-suppressions cannot be combined', '--suppress-all already rewrites the whole baseline; pass one of them')
    : await runAudit(flags, auditPaths, io, configured.ruleSettings, explicit.has('slotLabel'), narrowedAway));
  if (report === 3) return 3;
  if (report.findings.some((finding) => finding.rule === 'input/not-found')) {
    const { root, expectedFile } = resolvePaths({ cwd: io.cwd, ...(flags.root !== undefined ? { root: flags.root } : {}), ...(flags.expected !== undefined ? { expected: flags.expected } : {}) });
    const where = { cwd: io.cwd, root, expectedFile, flags };
    // Assigned, not spread: spreading would build the report's lazy DAG view.
    report.findings = report.findings.map((finding) => clarifyNotFound(finding, where));
  }
  // The baseline of known findings, when there is one (or one is asked for): see src/suppress.
  const { root } = resolvePaths({ cwd: io.cwd, ...(flags.root !== undefined ? { root: flags.root } : {}) });
  if (!configured.report && !bothBaselineFlags && (flags.suppressAll || flags.pruneSuppressions || existsSync(join(root, BASELINE_FILE_NAME)))) {
    const { withSuppressions } = await import('../suppress/run.js');
    const unusedSetting = configured.ruleSettings?.['suppression/unused'];
    report = await withSuppressions(report, {
      cwd: io.cwd, root, strict: Boolean(flags.strict), suppressAll: Boolean(flags.suppressAll), prune: Boolean(flags.pruneSuppressions),
      ...(unusedSetting ? { unusedSetting } : {}),
    }, io);
    if (report === 3) return 3;
  }
  // Judged from a root no repository marks, where Flux's paths are found only from a directory that holds every named
  // path: the audit asked for did not happen there (a trial's probe: PASSED and exit 0, in every format, on a file with
  // a real error, the note on stderr easy to miss). One error, with that directory as the fix, exit 3. Where the named
  // paths lie in several such repositories, each holding some of them: one run per repository, each with its --root.
  const holds = (dir: string, path: string) => isInside(resolve(io.cwd, dir), resolve(io.cwd, path));
  const roots = [...rootsBelow].filter((dir) => auditPaths.some((path) => holds(dir, path))).sort();
  const rootProblemFix = rootHint !== undefined ? { what: rootProblem(rootHint), fix: rootHint.fix }
    : roots.length > 1 && auditPaths.every((path) => roots.some((dir) => holds(dir, path))) ? {
      what: 'the named paths were not judged: no repository holds the working directory or these paths (no .git above them), so the root is the working directory, where the Flux paths of several repositories below it are not found',
      fix: `run once per repository: ${roots.map((dir) => `--root ${dir}`).join(', ')}`,
    } : undefined;
  const unjudged = rootProblemFix && report.exitCode !== 3 ? unjudgedNotes(report, auditPaths, io.cwd) : '';
  if (rootProblemFix && unjudged !== '') {
    if (flags.format === 'text') io.stderr(unjudged);
    usageError(io, rootProblemFix.what, rootProblemFix.fix);
    await printUsageDocument(io, flags.format, rootProblemFix.what, rootProblemFix.fix);
    return 3;
  }
  const formatter = await loadChunkFormatter(flags.format);
  const toFile = flags.output !== undefined;
  const color = !toFile && flags.format === 'text' && decideColor(flags.color, io.env, io.isTTY);
  const width = !toFile && flags.format === 'text' ? terminalWidth(io) : undefined;
  const linkUrl = flags.format === 'markdown' ? (await import('../report/markdown.js')).githubLinkBase(io.env, io.cwd) : undefined;
  const output = formatter(report, {
    color, quiet: Boolean(flags.quiet), ...(color ? { style: await colourStyle() } : {}),
    ...(width ? { width } : {}),
    // The HTML report links to the files it names, relative to where it is written.
    ...(toFile ? { linkBase: relative(dirname(resolve(io.cwd, flags.output!)), io.cwd) } : {}),
    ...(linkUrl ? { linkUrl } : {}),
  });
  if (toFile) {
    // In pieces, as they are made: the file gets the report without it ever being one string.
    // Refused, a machine format still gets check's own document on stdout, carrying the input/usage finding.
    const refusal = flags.format === 'text' ? undefined : (what: string, fix: string) => printUsageDocument(io, flags.format, what, fix);
    if ((await writeOutputFile(flags.output!, output, io, 'the report', reportInputs(report, io.cwd, resolvePaths(repositoryOptions({ ...flags, kitDir: undefined }, io)).root), refusal)) === 3) return 3;
    writeTerminalSummary(report, io, flags);
  } else if (flags.format === 'text' && report.exitCode === 3) {
    writeChunks(output, io.stderr);
  } else {
    // (Before the report: stderr written after it may land inside its last line on a shared terminal.)
    // A named path that holds the whole root (`check .`, `check /path/to/repo`) judges all of it: the whole
    // repository's notes, not "not judged" for every reason (a review's probe: CI workflows and hidden directories
    // were listed as not judged).
    const root = auditPaths.length > 0 ? resolvePaths(repositoryOptions({ ...flags, kitDir: undefined }, io)).root : undefined;
    const whole = root === undefined || auditPaths.some((path) => isInside(resolve(io.cwd, path), root));
    if (flags.format === 'text' && !whole) {
      io.stderr(unjudgedNotes(report, auditPaths, io.cwd));
    }
    else if (flags.format === 'text' && !flags.quiet) io.stderr(incompleteNotes(report));
    // Written as it is made: 520,000 findings as one string were hundreds of MB.
    writeChunks(output, io.stdout);
    if (flags.format !== 'text' && report.exitCode === 3) io.stderr(problemLines(report));
  }
  return report.exitCode;
}

/**
 * Where no repository holds the working directory or the named paths (a "Download ZIP" of a repository, checked
 * from the folder above it: no .git), the root is the working directory. Where Flux's paths are then not found
 * (kustomization/path-not-found, outside the named paths, whose fix names the directory they are found from), a
 * named file that no Kustomization applies from there passed unjudged: a trial's probe, PASSED and exit 0 on a
 * HelmRelease that depends on nothing there; then a note, now the run's error (input/usage, exit 3), with that fix.
 */
function rootProblem(hint: { object: string; fix: string }): string {
  return `the named paths were not judged: no repository holds the working directory or these paths (no .git above them), so the root is the working directory, where ${hint.object.replace('/', ' ')}'s path is not found`;
}

/**
 * For paths named on the command line (a pre-commit hook's changed files): the files among them the audit passed
 * over, with why, so that PASSED is never read as "judged and clean" (a trial's probe: an archived ks.yaml whose
 * targets are missing passed without a word). One `note:` line per reason; nothing when every file was judged.
 */
function unjudgedNotes(report: Report, paths: readonly string[], cwd: string): string {
  const named = paths.map((path) => resolve(cwd, path));
  return (report.flux?.skipped ?? []).flatMap((skip) => {
    const files = skip.paths.filter((path) => named.some((one) => isInside(one, resolve(cwd, path))));
    if (files.length === 0) return [];
    const shown = files.slice(0, 3).map(printable).join(', ');
    return [`note: not judged (${skip.reason}): ${shown}${files.length > 3 ? ` and ${files.length - 3} more` : ''}\n`];
  }).join('');
}

/**
 * For a whole repository: what Flux applies that the audit could not read in full (ScanSkip.incomplete: another
 * source's content, a ResourceSet not expanded...), so that PASSED is not read as "everything checked" (a trial's
 * note: OCI Kustomizations were only in the JSON's skipped). One `note:` line per reason.
 */
function incompleteNotes(report: Report): string {
  return (report.flux?.skipped ?? []).filter((skip) => skip.incomplete).map((skip) => {
    const shown = skip.paths.slice(0, 3).map(printable).join(', ');
    return `note: not audited in full (${skip.reason}): ${shown}${skip.paths.length > 3 ? ` and ${skip.paths.length - 3} more` : ''}\n`;
  }).join('');
}

/** The files a report was made from, absolute: --output must not replace one of them. */
function reportInputs(report: Report, cwd: string, root: string): { expectedFile?: string; kitDirs: string[]; root: string } {
  const kitDirs = (report.clusters ? report.clusters.map((cluster) => cluster.kitDir) : [report.kitDir]).filter(Boolean);
  return {
    ...(report.expectedFile ? { expectedFile: resolve(cwd, report.expectedFile) } : {}),
    kitDirs: kitDirs.map((kitDir) => resolve(cwd, kitDir)),
    root,
  };
}

function problemLines(report: Report): string {
  return report.findings.map((finding) => `${formatFindingLine(finding)}\n`).join('');
}

/** With --output, the terminal still gets what a person needs: problems on exit 3, else the summary. */
function writeTerminalSummary(report: Report, io: CliIo, flags: CheckFlags): void {
  if (report.exitCode === 3) {
    io.stderr(problemLines(report));
    return;
  }
  io.stderr(`${formatSummaryLine(report)}${flags.output ? ` — report written to ${flags.output}` : ''}\n`);
}
