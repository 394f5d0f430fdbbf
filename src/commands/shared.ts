import { DEFAULT_SLOT_LABEL, loadRepository, resolvePaths } from '../load/repository.js';
import type { RepositoryOptions } from '../load/repository.js';
import { buildAuditModel } from '../model/audit-model.js';
import type { AuditModel } from '../model/audit-model.js';
import { installPlan } from '../model/graph.js';
import type { InstallPlan } from '../model/graph.js';
import type { Repository } from '../model/types.js';
import { compareFindings, isInputFinding, toReportFinding } from '../report/report.js';
import type { ReportFinding } from '../report/report.js';
import { formatFindingLine } from '../report/text.js';
import { printable } from '../report/printable.js';
import type { CliIo } from '../cli-io.js';
import { decideColor } from '../cli-io.js';
import { colourStyle, plainStyle } from '../report/style.js';
import type { TextStyle } from '../report/style.js';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { displayPath } from '../model/paths.js';
import { inputOfRun } from '../output-guard.js';

export interface RepositoryFlags {
  root?: string;
  /** Commander collects every --kit-dir given; a command that reads one kit takes one (see `oneKitDir`). */
  kitDir?: string | string[];
  expected?: string;
  slotLabel?: string;
  /** false with --no-kustomize. */
  kustomize?: boolean;
  /** --exclude globs (graph, order, explain on a repository without a kit: those files are not read). */
  exclude?: string[];
  /** --cluster (graph, order, explain on a repository without a kit): one cluster's objects alone. */
  cluster?: string;
}

/**
 * A repository audit reads no slot label: --slot-label there would be ignored, so it is refused (exit 3), in every
 * command alike (a trial's probe: order refused it, check, graph and explain took it and did nothing with it).
 * The default is what commander fills in, the same whether typed or not: nothing to refuse.
 */
export function slotLabelWithoutKit(flags: RepositoryFlags & { format?: string }, io: CliIo): 3 | undefined {
  if (flags.slotLabel === undefined || flags.slotLabel === DEFAULT_SLOT_LABEL) return undefined;
  return usageError(io, SLOT_LABEL_WITHOUT_KIT, SLOT_LABEL_WITHOUT_KIT_FIX, flags.format);
}

export const SLOT_LABEL_WITHOUT_KIT = '--slot-label names the slot label of a bootstrap kit, and this repository has none';
export const SLOT_LABEL_WITHOUT_KIT_FIX = 'drop --slot-label, or pass --kit-dir the kit';

/**
 * For a command that reads one kit: refuses a repeated or glob --kit-dir
 * (exit 3) rather than reading only the last one, or a path with a `*` in it.
 */
export function oneKitDir(command: string, flags: RepositoryFlags & { format?: string }, io: CliIo): 3 | undefined {
  const dirs = flags.kitDir === undefined ? [] : ([] as string[]).concat(flags.kitDir);
  if (dirs.length > 1 || dirs.some((dir) => /[*?[]/.test(dir))) {
    return usageError(io, `${command} reads one kit: --kit-dir takes one directory, not a glob or several`, 'use check for several kits, or name one kit', flags.format);
  }
  return undefined;
}

/**
 * For sync and init, which edit a bootstrap kit's expected DAG: in a repository with no kit where the
 * defaults point (and no --kit-dir naming one), one line that says what the command is for and what audits
 * such a repository, instead of two not-found errors and a suggestion (init) that fails the same way.
 */
export function refuseWithoutKit(command: string, flags: RepositoryFlags & { format?: string }, io: CliIo): 3 | undefined {
  if (flags.kitDir !== undefined) return undefined;
  const { kitDir } = resolvePaths(repositoryOptions(flags, io));
  if (existsSync(kitDir)) return undefined;
  return usageError(io, `${command} works on a bootstrap kit and its expected DAG, and this repository has no kit at ${displayPath(io.cwd, kitDir) || '.'}`,
    'pass --kit-dir DIR for a kit elsewhere; a repository\'s Flux objects are audited by check, graph, order and explain, which need no kit', flags.format);
}

export function repositoryOptions(flags: RepositoryFlags, io: CliIo): RepositoryOptions {
  const kitDir = Array.isArray(flags.kitDir) ? flags.kitDir[0] : flags.kitDir;
  return {
    cwd: io.cwd,
    ...(flags.root !== undefined ? { root: flags.root } : {}),
    ...(kitDir !== undefined ? { kitDir } : {}),
    ...(flags.expected !== undefined ? { expected: flags.expected } : {}),
    ...(flags.slotLabel !== undefined ? { slotLabel: flags.slotLabel } : {}),
    ...(flags.kustomize === false ? { kustomize: false } : {}),
  };
}

/**
 * Prints the repository's input errors (the contract's one line each); true when there were any.
 * With `format: 'json'`, stdout still gets its one document, carrying the findings.
 */
export function reportInputErrors(repository: Repository, io: CliIo, ignore: (rule: string, file?: string) => boolean = () => false, format?: string, flags: RepositoryFlags = {}): boolean {
  const where = { cwd: repository.cwd, root: repository.root, expectedFile: repository.expectedFile, flags };
  const errors = repository.inputFindings
    .filter((finding) => isInputFinding(finding) && !ignore(finding.rule, finding.location?.file))
    .map((finding) => clarifyNotFound(toReportFinding(repository.cwd, finding), where))
    .sort(compareFindings);
  for (const finding of errors) io.stderr(`${formatFindingLine(finding)}\n`);
  if (errors.length > 0 && format === 'json') printErrorDocument(io, errors);
  return errors.length > 0;
}

/** The document a JSON run prints when it cannot give its answer (exit 3): the findings that say why. */
export function printErrorDocument(io: CliIo, findings: readonly ReportFinding[]): void {
  io.stdout(`${JSON.stringify({ schemaVersion: 1, exitCode: 3, findings }, null, 2)}\n`);
}

/** Loads the repository and builds the model, or prints why it cannot and returns exit code 3. */
export async function loadModel(flags: RepositoryFlags & { format?: string }, io: CliIo): Promise<AuditModel | 3> {
  if (badRoot(flags, io) === 3) return 3;
  const repository = await loadRepository(repositoryOptions(flags, io));
  return reportInputErrors(repository, io, undefined, flags.format, flags) ? 3 : buildAuditModel(repository);
}

/**
 * A not-found error says where it looked and what next: --kit-dir is resolved
 * against the working directory (a user giving --root often expects it below
 * the root, so that path is offered when it exists); a missing expected DAG
 * can be started with init.
 */
export function clarifyNotFound<T extends ReportFinding>(finding: T, where: { cwd: string; root: string; expectedFile: string; flags: RepositoryFlags }): T {
  if (finding.rule !== 'input/not-found' || finding.file === null || finding.line !== null) return finding;
  const absolute = resolve(where.cwd, finding.file);
  if (absolute === where.expectedFile && finding.message.startsWith('expected DAG file not found')) {
    return { ...finding, fix: `${finding.fix ?? 'pass --expected FILE'}; to write a first one from the kit, run bootstrap-deps init` };
  }
  if (where.flags.kitDir === undefined || !finding.message.startsWith('kit directory not found')) return finding;
  const underRoot = resolve(where.root, relative(where.cwd, absolute));
  const rootGiven = where.flags.root !== undefined;
  return {
    ...finding,
    message: `${finding.message} (${absolute}: --kit-dir is relative to the working directory${rootGiven ? ', not to --root' : ''})`,
    ...(rootGiven && underRoot !== absolute && existsSync(underRoot) ? { fix: `did you mean --kit-dir ${displayPath(where.cwd, underRoot)}?` } : {}),
  };
}

/** Writes `--output FILE` atomically; when it cannot, one line saying why, and exit code 3. */
export async function writeOutputFile(
  output: string,
  text: string | Iterable<string>,
  io: CliIo,
  what = 'the output',
  inputs?: { expectedFile?: string; kitDirs: readonly string[]; root?: string },
  /**
   * The run's --format: under json the refusal is also the one JSON document on stdout; or what prints the
   * command's own document of a refusal (check's report, in any machine format: a trial's probe, where json gave
   * the short document and sarif none).
   */
  format?: string | ((what: string, fix: string) => Promise<void>),
): Promise<0 | 3> {
  const target = resolve(io.cwd, output);
  const refuse = async (message: string, fix: string): Promise<3> => {
    if (typeof format !== 'function') return usageError(io, message, fix, format);
    usageError(io, message, fix);
    await format(message, fix);
    return 3;
  };
  // Never over what the run read: the expected DAG, a slot file, kustomization.yaml.
  const clash = inputs && inputOfRun(target, inputs);
  if (clash) return refuse(`--output ${output} is an input of this run (${clash})`, `write ${what} to another path`);
  try {
    const { writeFileAtomic } = await import('../write-file-atomic.js');
    await writeFileAtomic(target, text);
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // What to check follows from the error: a directory named as the file, a file that may not be written, a missing directory.
    const fix = code === 'EISDIR' ? `${output} is a directory: name a file in it` : code === 'EACCES' || code === 'EPERM'
      ? `check that ${output} and its directory are writable` : code === 'EROFS' ? 'write it to a writable file system' : 'check that the directory exists and is writable';
    return refuse(`${output} cannot write ${what} (${code})`, fix);
  }
}

/** Writes command output to stdout, or atomically to `--output FILE`; exit 3 when the file cannot be written. */
export async function emit(text: string, output: string | undefined, io: CliIo, repository?: Repository | { root: string }, format?: string): Promise<0 | 3> {
  if (output === undefined) {
    io.stdout(text);
    return 0;
  }
  return writeOutputFile(output, text, io, 'the output', repository && ('kitDir' in repository
    ? { expectedFile: repository.expectedFile, kitDirs: [repository.kitDir], root: repository.root }
    : { kitDirs: [], root: repository.root }), format);
}

/** Levels need an acyclic graph; with a cycle, say where and exit 2 (the contract's cycle code). */
export function planOrReportCycles(model: AuditModel, io: CliIo): InstallPlan | 2 {
  if (model.cycles.length > 0) {
    for (const cycle of model.cycles) io.stderr(`error: dependency cycle: ${printable(cycle.join(' → '))} — remove one of these dependencies; install order is undefined until then\n`);
    return 2;
  }
  return installPlan(model.graph, model.order);
}

/** One line on stderr; a JSON run also gets its document, with one `input/usage` finding. */
/** A --root that does not exist or is not a directory: one usage line (exit 3), rather than "nothing found under the root". */
export function badRoot(flags: { root?: string; format?: string }, io: CliIo): 3 | undefined {
  if (flags.root === undefined) return undefined;
  let directory: boolean;
  try {
    directory = statSync(resolve(io.cwd, flags.root)).isDirectory();
  } catch {
    return usageError(io, `--root ${flags.root} does not exist (resolved against ${io.cwd})`, 'pass the repository\'s directory', flags.format);
  }
  return directory ? undefined : usageError(io, `--root ${flags.root} is not a directory`, 'pass the repository\'s directory, not a file in it', flags.format);
}

export function usageError(io: CliIo, what: string, fix: string, format?: string): 3 {
  // What is echoed (a --focus name, a cluster) may hold control characters: printed escaped, as findings are.
  io.stderr(`error: ${printable(what)} — ${printable(fix)}\n`);
  if (format === 'json') printErrorDocument(io, [{ rule: 'input/usage', severity: 'error', message: what, fix, file: null, line: null, column: null }]);
  return 3;
}

/** check's colour rules (flag, FORCE_COLOR, NO_COLOR, TTY) for any command's text output. */
export async function textStyle(flags: { color?: boolean; format?: string }, io: CliIo): Promise<TextStyle> {
  if (flags.format !== undefined && flags.format !== 'text') return plainStyle;
  return decideColor(flags.color, io.env, io.isTTY) ? colourStyle() : plainStyle;
}

/**
 * graph, order and explain on a bootstrap kit: the options of the repository graph would be ignored there, so they are
 * refused (exit 3): --exclude, --cluster.
 */
export function repositoryOptionsOnKit(flags: RepositoryFlags & { format?: string }, io: CliIo): 3 | undefined {
  if (flags.exclude && flags.exclude.length > 0) {
    return usageError(io, '--exclude leaves files out of a repository graph, and this repository has a bootstrap kit: the graph is the kit\'s', 'drop --exclude here (check PATH --exclude GLOB narrows the audit of a repository with a kit)', flags.format);
  }
  if (flags.cluster !== undefined) {
    return usageError(io, '--cluster chooses one cluster of a repository graph, and this repository has a bootstrap kit: the graph is the kit\'s', 'drop --cluster; for another cluster\'s kit, pass --kit-dir clusters/<cluster>/bootstrap-kit', flags.format);
  }
  return undefined;
}

/** A finding as `explain` lists it, kit or repository: rule, `file:line`, message (JSON `findings`). */
export function explainedFinding(finding: ReportFinding): string {
  return `${finding.rule} ${finding.file ?? ''}${finding.line ? `:${finding.line}` : ''} ${finding.message}`;
}

/** explain's `findings` lines: `none`, or each finding on its own line, escaped. */
export function explainedFindingLines(findings: readonly string[], style: TextStyle): string[] {
  return [`  findings         ${findings.length === 0 ? style.green('none') : ''}`.trimEnd(), ...findings.map((finding) => `    ${style.red(printable(finding))}`)];
}
