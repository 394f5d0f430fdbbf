import { Command, CommanderError, Option } from 'commander';
import type { CheckFlags } from './commands/check.js';
import { FORMAT_NAMES } from './report/formatter.js';
import { defaultIo } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export type { CliIo } from './cli-io.js';

const USAGE_EXIT = 3;

const CHECK_EXAMPLES = `
Examples:
  $ bootstrap-deps check
      audit the kit of the repository you are in (root found from the working directory)
  $ bootstrap-deps check --root fixtures/sovereign
      audit another repository
  $ bootstrap-deps check --kit-dir clusters/omantel/bootstrap-kit --expected scripts/expected-bootstrap-deps.yaml
      audit one cluster's kit against the expected DAG
  $ bootstrap-deps check --quiet --strict
      what a pre-commit hook runs: one line when all is well, warnings fail
  $ bootstrap-deps check --format sarif --output bootstrap-deps.sarif
      write SARIF for code scanning; the summary still goes to the terminal

Exit codes: 0 clean, 1 drift or another error, 2 a cycle (and nothing else), 3 input or usage error.
`;

function buildProgram(io: CliIo, run: (flags: CheckFlags) => Promise<number>): Command {
  const program = new Command(TOOL_NAME)
    .description('Audit the dependency graph of a Flux CD bootstrap kit against its expected DAG.')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Commander's own messages become the contract's one line: what, then how to fix it.
      outputError: (message, write) => write(`${message.trimEnd()} — run '${TOOL_NAME} --help' for usage\n`),
    });

  program
    .command('check', { isDefault: true })
    .description('report Present / Drift / Deferred / Cycles and the slot rules, located to file:line:column')
    .option('--root <dir>', 'repository root (default: nearest ancestor holding scripts/expected-bootstrap-deps.yaml, else the git top level)')
    .option('--kit-dir <dir>', 'kit directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit)')
    .option('--expected <file>', 'expected DAG, relative to the working directory (default: <root>/scripts/expected-bootstrap-deps.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output (NO_COLOR is honoured too)')
    .option('--strict', 'warnings fail the check (exit 1)')
    .option('--quiet', 'text: findings and the one-line summary only')
    .option('--slot-label <label>', 'label that carries a HelmRelease\'s slot', 'catalyst.openova.io/slot')
    .option('--output <file>', 'write the report to FILE (atomically); the text summary still goes to the terminal')
    .option('--debug', 'print the stack trace of an internal error')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (flags: CheckFlags) => {
      await run(flags);
    });
  return program;
}

/** Runs the CLI and returns the exit code; never throws and never prints a stack trace unless --debug. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const debug = argv.includes('--debug');
  let code = 0;
  // Commands are imported when they run, so --help and --version load almost nothing.
  const program = buildProgram(io, async (flags) => {
    const { runCheck } = await import('./commands/check.js');
    code = await runCheck(flags, io);
    return code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return error.exitCode === 0 ? 0 : USAGE_EXIT;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: internal error: ${message} — this is a bug in ${TOOL_NAME} ${TOOL_VERSION}; please report it${debug ? '' : ' (re-run with --debug for the trace)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return USAGE_EXIT;
  }
}
