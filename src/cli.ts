import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { runCheck } from './commands/check.js';
import type { CheckFlags } from './commands/check.js';
import type { DiffFlags } from './commands/diff.js';
import type { ExplainFlags } from './commands/explain.js';
import type { GraphFlags } from './commands/graph.js';
import type { OrderFlags } from './commands/order.js';
import { addColourOptions, addRepositoryOptions } from './commands/options.js';
import type { InitFlags } from './commands/init.js';
import type { SyncFlags } from './commands/sync.js';
import { FORMAT_NAMES, isFormatName, loadFormatter } from './report/formatter.js';
import type { FormatName } from './report/formatter.js';
import { inputErrorReport, usageErrorReport } from './report/report.js';
import type { Report } from './report/report.js';
import { GRAPH_FORMATS } from './graph/formats.js';
import { writeSync } from 'node:fs';
import { defaultIo, OutputStreamError } from './cli-io.js';
export { outputFlushed } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { closestName } from './model/names.js';

export type { CliIo } from './cli-io.js';

const USAGE_EXIT = 3;

/** The repository graph's options of graph, order and explain (refused on a kit: shared.ts's repositoryOptionsOnKit). */
const REPOSITORY_EXCLUDE_HELP = 'repository graph: leave out paths matching GLOB (relative to the root; those files are not read; repeat it)';
const REPOSITORY_CLUSTER_HELP = 'repository graph: one cluster alone (its copies of objects, with their own dependsOn), named by its directory (flux bootstrap\'s --path, a FluxInstance\'s sync path, or as messages name it), or a kubeConfig\'s cluster by its label (\'kubeConfig secretRef NAME\') or the directory applied there';

const PROGRAM_EXAMPLES = `
Examples:
  $ bootstrap-deps check                      audit the repository you are in
  $ bootstrap-deps check --format json        one JSON report on stdout
  $ bootstrap-deps graph --format mermaid     draw the merged DAG
  $ bootstrap-deps order                      install levels and the longest chain
  $ bootstrap-deps explain bp-flux            why bp-flux installs when it does
  $ bootstrap-deps sync --write               update the expected DAG from the kit
  $ bootstrap-deps check --all-clusters       every cluster's kit, one table
  $ bootstrap-deps diff omantel               a cluster's kit against the template
  $ bootstrap-deps check --help               every option of check

Docs: README.md in the package; the rule ids and JSON fields are a stable contract.
`;

const GRAPH_EXAMPLES = `
Examples:
  $ bootstrap-deps graph > kit.mmd                        Mermaid (renders on GitHub)
  $ bootstrap-deps graph --format dot | dot -Tsvg > kit.svg
  $ bootstrap-deps graph --format svg --output kit.svg    a picture, no Graphviz needed
  $ bootstrap-deps graph --format text --focus bp-vcluster-helmrepo --depth 1
  In a Flux repository without a bootstrap kit: every HelmRelease, Kustomization and
  ResourceSet, with dependsOn and "applies" edges, in every format:
  $ bootstrap-deps graph --format text --focus Kustomization/flux-system/apps --depth 2
  $ bootstrap-deps graph --format dot --cluster clusters/production   one cluster's graph

Exit codes: 0 drawn (a cycle is marked, not an error), 3 input or usage error.
`;

const ORDER_EXAMPLES = `
Examples:
  $ bootstrap-deps order                 levels and the longest chain
  $ bootstrap-deps order --format json   the same, with each HelmRelease's depth
  In a Flux repository without a bootstrap kit: install levels across HelmReleases,
  Kustomizations and ResourceSets, the teardown order and a cold-start estimate:
  $ bootstrap-deps order --requeue-interval 5s
      levels × the requeue as the floor; the slowest chain of timeouts as the worst case
  $ bootstrap-deps order --cluster clusters/staging
      one cluster's order (without it, the copies of an object in several clusters are one)
  A wait deadlock (check's dependsOn/wait-deadlock) is placed as if it finished, with a warning.

Exit codes: 0 ordered, 2 a dependency cycle (what it leaves placeable is still printed), 3 input or usage error.
`;

const EXPLAIN_EXAMPLES = `
Examples:
  $ bootstrap-deps explain bp-vcluster-helmrepo
  $ bootstrap-deps explain bp-harbor --format json
  In a Flux repository without a bootstrap kit, any HelmRelease, Kustomization or ResourceSet:
  $ bootstrap-deps explain hr/plex
  $ bootstrap-deps explain Kustomization/flux-system/apps
  $ bootstrap-deps explain Kustomization/flux-system/apps --cluster clusters/staging

Exit codes: 0 explained, 2 the object is on a dependency cycle or waits for one, 3 input or usage error (a name
that fits no object, or several).
`;

const SYNC_EXAMPLES = `
Examples:
  $ bootstrap-deps sync                  show the diff; exit 1 if the expected DAG is out of date (CI)
  $ bootstrap-deps sync --write          apply it, keeping every comment
  $ bootstrap-deps sync --write --prune --wave W3

Exit codes: 0 in agreement (or written), 1 changes pending without --write, or a dependsOn name nothing
declares (nothing written), 3 input or usage error.
`;

const DIFF_EXAMPLES = `
Examples:
  $ bootstrap-deps diff omantel                  omantel's kit against clusters/_template
  $ bootstrap-deps diff omantel --against otech  two clusters against each other
  Exit code: 0 the kits agree, 1 they differ, 3 input error.
`;

const INIT_EXAMPLES = `
Examples:
  $ bootstrap-deps init                  scripts/expected-bootstrap-deps.yaml from the kit
  $ bootstrap-deps init --force --wave present

Exit codes: 0 written, 1 a dependsOn name the kit does not hold (nothing written), 3 input or usage error
(an expected DAG already there without --force).
`;

const CHECK_EXAMPLES = `
Examples:
  $ bootstrap-deps check
      audit the repository you are in (root found from the working directory): any Flux
      repository's dependsOn graph, and its bootstrap kit where it has one
  $ bootstrap-deps check --root fixtures/sovereign
      audit another repository
  $ bootstrap-deps check --kit-dir clusters/omantel/bootstrap-kit --expected scripts/expected-bootstrap-deps.yaml
      audit one cluster's kit against the expected DAG
  $ bootstrap-deps check --all-clusters
      every cluster's kit against the one expected DAG, with a table per cluster
  $ bootstrap-deps check --kit-dir 'clusters/*/bootstrap-kit' --format json
  $ bootstrap-deps check --quiet --all-clusters
      what the pre-commit hook runs: every cluster's kit, one line when all is well
  $ bootstrap-deps check --format sarif --output bootstrap-deps.sarif
      write SARIF for code scanning; the summary still goes to the terminal
  $ bootstrap-deps check --format html --output report.html
      one self-contained page: verdict, findings, the clickable graph (opens from file://)
  $ bootstrap-deps check kubernetes/apps --exclude 'kubernetes/apps/legacy/**'
      in a Flux repository without a bootstrap kit: the dependsOn graph across
      HelmReleases, Kustomizations and ResourceSets, narrowed to those paths
  $ bootstrap-deps check --format markdown >> "$GITHUB_STEP_SUMMARY"
      findings table, verdict and graph for a job summary or a PR comment
  $ bootstrap-deps check --print-config
      the options in effect: bootstrap-deps.config.yaml (found upwards) under the flags
  $ bootstrap-deps check --suppress-all
      accept today's findings as a baseline (bootstrap-deps-suppressions.json); fail only on new ones
  $ bootstrap-deps check --prune-suppressions
      shrink the baseline after fixing some of them

Exit codes: 0 clean, 1 drift or another error, 2 a cycle (and nothing else), 3 input or usage error.
`;

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command(TOOL_NAME)
    .description('Audit the dependsOn graph of a Flux CD repository: a bootstrap kit against its expected DAG, or every HelmRelease, Kustomization and ResourceSet.')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText('after', PROGRAM_EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Commander's own messages become the contract's one line: what, then how to fix it.
      outputError: (message, write) => write(`${oneLine(message)} — run '${TOOL_NAME} --help' for usage\n`),
    });

  addRepositoryOptions(program.command('check', { isDefault: true }), { severalKits: true })
    .description('audit the dependsOn graph of a Flux repository, every finding located to file:line:column: in any Flux repository, HelmReleases, Kustomizations and ResourceSets as one graph across kinds (targets that do not exist or are of the wrong kind, cycles, dependencies that do not wait); where a bootstrap kit and its expected DAG exist, also Present / Drift / Deferred / Cycles and the slot rules')
    .argument('[paths...]', 'audit only these files or directories of the repository (the repository audit)')
    .option('--exclude <glob>', 'judge nothing in repository paths matching GLOB (relative to the root; still read for what depends on them; repeat it)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--all-clusters', 'check every clusters/*/bootstrap-kit/ against the expected DAG (exit code: the worst)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output (NO_COLOR is honoured too)')
    .option('--strict', 'warnings fail the check (exit 1)')
    .option('--no-strict', 'warnings do not fail the check, whatever the config file says')
    .option('--quiet', 'text: findings and the one-line summary only')
    .option('--output <file>', 'write the report to FILE (atomically); the text summary still goes to the terminal')
    .option('--debug', 'print the stack trace of an internal error')
    .option('--config <file>', 'read options from FILE instead of the config found from the working directory upwards')
    .option('--print-config', 'print the effective options (config file merged under the flags) as JSON, and exit')
    .option('--suppress-all', 'write every current finding to bootstrap-deps-suppressions.json (the baseline); later runs report only new ones')
    .option('--prune-suppressions', 'drop baseline entries that no longer match, so the baseline only shrinks')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      // Only flags the user typed override the config file, not commander's defaults.
      const typed = new Set(Object.keys(flags).filter((key) => command.getOptionValueSource(key) === 'cli'));
      setCode(await runCheck(flags, io, paths, typed));
    });

  addColourOptions(addRepositoryOptions(program.command('graph')))
    .description('draw the dependency graph: a kit\'s merged DAG (present vs deferred, drift edges highlighted, grouped by wave), or in a repository without a kit every Flux object, grouped by namespace (in mermaid by kind); what lies on a cycle is marked (exit 0 whenever it draws)')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--focus <name>', 'only this HelmRelease, what it depends on and what depends on it, transitively (in a repository: an object, as Kind/namespace/name, namespace/name or a unique name; applies edges count too)')
    .option('--depth <n>', 'with --focus: at most this many hops along those edges; text notes the edges left beyond the view')
    .option('--exclude <glob>', REPOSITORY_EXCLUDE_HELP, (value: string, previous: string[] = []) => [...previous, value])
    .option('--cluster <dir>', REPOSITORY_CLUSTER_HELP)
    .option('--output <file>', 'write to FILE (atomically) instead of stdout')
    .addHelpText('after', GRAPH_EXAMPLES)
    .action(async (flags: GraphFlags) => {
      setCode(await (await import('./commands/graph.js')).runGraph(flags, io));
    });

  addColourOptions(addRepositoryOptions(program.command('order')))
    .description('install levels (what Flux reconciles in parallel): a bootstrap kit\'s, with the longest chain and each HelmRelease\'s depth; in any other Flux repository, across HelmReleases, Kustomizations and ResourceSets, with the teardown order and a cold-start estimate')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--requeue-interval <duration>', 'repository audit: kustomize-controller\'s and helm-controller\'s dependency requeue interval, for the cold-start estimate (default 30s; a ResourceSet\'s stays flux-operator\'s 5s, or this where shorter)')
    .option('--exclude <glob>', REPOSITORY_EXCLUDE_HELP, (value: string, previous: string[] = []) => [...previous, value])
    .option('--cluster <dir>', REPOSITORY_CLUSTER_HELP)
    .addHelpText('after', ORDER_EXAMPLES)
    .action(async (flags: OrderFlags) => {
      setCode(await (await import('./commands/order.js')).runOrder(flags, io));
    });

  addColourOptions(addRepositoryOptions(program.command('explain').argument('<name>', 'metadata.name of a HelmRelease (in a repository without a kit: of any Flux object, or namespace/name, Kind/name such as hr/plex, or Kind/namespace/name)')))
    .description('why NAME installs when it does: dependencies, dependents, longest chain, where it is declared')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--exclude <glob>', REPOSITORY_EXCLUDE_HELP, (value: string, previous: string[] = []) => [...previous, value])
    .option('--cluster <dir>', REPOSITORY_CLUSTER_HELP)
    .addHelpText('after', EXPLAIN_EXAMPLES)
    .action(async (name: string, flags: ExplainFlags) => {
      setCode(await (await import('./commands/explain.js')).runExplain(name, flags, io));
    });

  addColourOptions(addRepositoryOptions(program.command('sync')))
    .description('make the expected DAG agree with the kit (a diff, or --write); comments and layout survive')
    .option('--write', 'apply the changes (atomically); without it, print a unified diff and exit 1 if anything would change')
    .option('--prune', 'also remove declared entries whose HelmRelease is not in the kit')
    .option('--wave <wave>', 'wave of newly added entries', 'present')
    .addHelpText('after', SYNC_EXAMPLES)
    .action(async (flags: SyncFlags) => {
      setCode(await (await import('./commands/sync.js')).runSync(flags, io));
    });

  addColourOptions(addRepositoryOptions(program.command('diff').argument('<cluster>', 'a directory under clusters/ with a bootstrap-kit/'), { rootOnly: true }))
    .description('compare one cluster\'s kit with another (the template by default): slots, dependsOn edges, chart versions')
    .option('--against <cluster>', 'the kit to compare with', '_template')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', DIFF_EXAMPLES)
    .action(async (cluster: string, flags: DiffFlags) => {
      setCode(await (await import('./commands/diff.js')).runDiff(cluster, flags, io));
    });

  addRepositoryOptions(program.command('init'))
    .description('write a first expected DAG for a kit that has none')
    .option('--force', 'overwrite an existing expected DAG')
    .option('--wave <wave>', 'wave of the entries', 'present')
    .addHelpText('after', INIT_EXAMPLES)
    .action(async (flags: InitFlags) => {
      setCode(await (await import('./commands/init.js')).runInit(flags, io));
    });
  // A subcommand's usage error points at that subcommand's help, where its options are.
  for (const command of program.commands) {
    // An internal error in any command says "re-run with --debug": every command takes it (check lists it with its own options).
    if (!command.options.some((option) => option.long === '--debug')) command.option('--debug', 'print the stack trace of an internal error');
    command.configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (message, write) => write(`${oneLine(message)} — ${subcommandHelp(command.name())}\n`),
    });
  }
  return program;
}

/**
 * Commander puts its "(Did you mean ...?)" on a line of its own; the contract's error is one line, and says
 * "did you mean" as this tool's own guesses do (an unknown command's, a name's: a trial's remark on the two spellings).
 */
function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ').replace('(Did you mean ', '(did you mean ');
}

function subcommandHelp(command: string): string {
  return `run '${TOOL_NAME} ${command} --help' for usage`;
}

/** The subcommand argv runs: the first word naming one, else check (the default). */
function commandOf(argv: readonly string[], names: readonly string[]): string {
  return argv.find((arg) => names.includes(arg)) ?? 'check';
}

/**
 * check is the default command, so commander reads a mistyped command (chek)
 * as an argument of check and says "too many arguments". A first word that is
 * not an option and names no command is caught here instead.
 */
function unknownCommand(argv: readonly string[], names: readonly string[], cwd: string): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || names.includes(first)) return undefined;
  // check's paths: a word naming a file or directory is one, for the default command.
  if (existsSync(resolve(cwd, first))) return undefined;
  const guess = closestName(first, names);
  return `unknown command '${first}' (${guess ? `did you mean ${guess}?` : `commands: ${names.join(', ')}`})`;
}

/**
 * A machine format still gets its one document on a usage error (the contract:
 * "on exit 3 the document is still printed"), carrying an `input/usage` finding.
 * The line for people has already gone to stderr.
 */
async function printUsageReport(argv: readonly string[], message: string, io: CliIo, fix: string, command = 'check'): Promise<void> {
  await printErrorReport(argv, () => usageErrorReport(oneLine(message).replace(/^error: /, ''), fix), io, command);
}

/** The machine format `--format` asks for, read from argv as written (commander may not have parsed it). */
function machineFormatIn(argv: readonly string[]): FormatName | undefined {
  const index = argv.findIndex((arg) => arg === '--format' || arg.startsWith('--format='));
  const format = index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1];
  return format && format !== 'text' && isFormatName(format) ? format : undefined;
}

/** A machine format still gets its one document on an internal error, carrying `input/internal`. */
async function printInternalReport(argv: readonly string[], message: string, io: CliIo, command = 'check'): Promise<void> {
  await printErrorReport(argv, () => inputErrorReport('', [{ rule: 'input/internal', severity: 'error', location: null,
    message: `internal error: ${message}`, fix: `re-run with --debug and report the trace (${TOOL_NAME} ${TOOL_VERSION})` }]), io, command);
}

/**
 * The one document of a run that ends at exit 3 before its command ran, in the machine format argv asks for: check's
 * report, or for another command the error document it prints for every other usage error, not check's report with its
 * kit counts (a trial's probe: graph --bogus printed summary.present: 0 and kitDir: ""). Only a format the command has:
 * `graph --format html` is a usage error, not a request for an HTML report.
 */
async function printErrorReport(argv: readonly string[], report: () => Report, io: CliIo, command: string): Promise<void> {
  const format = machineFormatIn(argv);
  if (!format || (command !== 'check' && format !== 'json')) return;
  if (command !== 'check') {
    const { printErrorDocument } = await import('./commands/shared.js');
    printErrorDocument(io, report().findings);
    return;
  }
  io.stdout((await loadFormatter(format))(report()));
}

/** Runs the CLI and returns the exit code; never throws and never prints a stack trace unless --debug. */
export async function main(argv: readonly string[], givenIo?: CliIo): Promise<number> {
  let io: CliIo;
  try {
    io = givenIo ?? defaultIo();
  } catch (error) {
    // process.cwd() throws when the working directory was deleted: say so, even for --version.
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // Straight to the descriptor, as every other line: the launcher exits right after, and a stream may still hold it.
    try {
      writeSync(2, `error: the working directory no longer exists (${code}) — cd to an existing directory and run again\n`);
    } catch {
      // stderr is gone too: nothing left to say it on
    }
    return USAGE_EXIT;
  }
  const debug = argv.includes('--debug');
  let code = 0;
  // check, the hot path, is bundled in; the other commands are imported when they run.
  const program = buildProgram(io, (next) => {
    code = next;
  });
  const names = [...program.commands.map((command) => command.name()), 'help'];
  try {
    const unknown = unknownCommand(argv, names, io.cwd);
    if (unknown) {
      io.stderr(`error: ${unknown} — run '${TOOL_NAME} --help' for the commands\n`);
      await printUsageReport(argv, unknown, io, `run '${TOOL_NAME} --help' for the commands`);
      return USAGE_EXIT;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      if (error.exitCode === 0) return 0;
      await printUsageReport(argv, error.message, io, subcommandHelp(commandOf(argv, names)), commandOf(argv, names));
      return USAGE_EXIT;
    }
    if (error instanceof OutputStreamError) {
      // stderr may be the stream that failed: then there is nowhere left to say it.
      try {
        io.stderr(`error: ${error.message} — ${error.code === 'ENOSPC' ? 'free some space, or send the output elsewhere' : 'send the output elsewhere'}\n`);
      } catch {
        // nothing to do
      }
      return USAGE_EXIT;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: internal error: ${message} — this is a bug in ${TOOL_NAME} ${TOOL_VERSION}; please report it${debug ? '' : ' (re-run with --debug for the trace)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    await printInternalReport(argv, message, io, commandOf(argv, names)).catch(() => undefined);
    return USAGE_EXIT;
  }
}
