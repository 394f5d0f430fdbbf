import type { Command } from 'commander';

/** The flags every command shares, so they read the same repository the same way. */
export function addRepositoryOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'repository root (default: nearest ancestor holding scripts/expected-bootstrap-deps.yaml, else the git top level)')
    .option('--kit-dir <dir>', 'kit directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit)')
    .option('--expected <file>', 'expected DAG, relative to the working directory (default: <root>/scripts/expected-bootstrap-deps.yaml)')
    .option('--slot-label <label>', 'label that carries a HelmRelease\'s slot', 'catalyst.openova.io/slot');
}
