import type { Command } from 'commander';

/** The flags every command shares, so they read the same repository the same way. */
export function addRepositoryOptions(command: Command, options: { severalKits?: boolean; rootOnly?: boolean } = {}): Command {
  command.option('--root <dir>', 'repository root (default: nearest ancestor holding scripts/expected-bootstrap-deps.yaml, else the git top level, else, for check PATH... from outside any repository, the one the paths lie in, else the working directory)');
  // diff names its kits by cluster and reads no expected DAG: the other options would be ignored, so it has none.
  if (options.rootOnly) return command.option(NO_KUSTOMIZE[0], NO_KUSTOMIZE[1]);
  // Every value is collected, so a command that reads one kit can refuse a second one instead of dropping it.
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  if (options.severalKits) {
    command.option('--kit-dir <dir>', 'bootstrap kit: its directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit); repeat it, or give a glob such as \'clusters/*/bootstrap-kit\', to check several',
      collect);
  } else {
    command.option('--kit-dir <dir>', 'bootstrap kit: its directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit)', collect);
  }
  return command
    .option('--expected <file>', 'bootstrap kit: its expected DAG, relative to the working directory (default: <root>/scripts/expected-bootstrap-deps.yaml)')
    .option('--slot-label <label>', 'bootstrap kit: the label that carries a HelmRelease\'s slot', 'catalyst.openova.io/slot')
    .option(NO_KUSTOMIZE[0], NO_KUSTOMIZE[1]);
}

const NO_KUSTOMIZE = ['--no-kustomize', 'never run kustomize: audit a kustomization that transforms objects (a kit\'s, or one a Flux Kustomization applies) as written, with a warning that says so'] as const;
/** The colour flags of check, for every command with text output: the same rules everywhere. */
export function addColourOptions(command: Command): Command {
  return command
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output (NO_COLOR is honoured too)');
}
