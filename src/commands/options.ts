import type { Command } from 'commander';

/** The flags every command shares, so they read the same repository the same way. */
export function addRepositoryOptions(command: Command, options: { severalKits?: boolean } = {}): Command {
  command.option('--root <dir>', 'repository root (default: nearest ancestor holding scripts/expected-bootstrap-deps.yaml, else the git top level)');
  if (options.severalKits) {
    command.option('--kit-dir <dir>', 'kit directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit); repeat it, or give a glob such as \'clusters/*/bootstrap-kit\', to check several',
      (value: string, previous: string[] = []) => [...previous, value]);
  } else {
    command.option('--kit-dir <dir>', 'kit directory, relative to the working directory (default: <root>/clusters/_template/bootstrap-kit)');
  }
  return command
    .option('--expected <file>', 'expected DAG, relative to the working directory (default: <root>/scripts/expected-bootstrap-deps.yaml)')
    .option('--slot-label <label>', 'label that carries a HelmRelease\'s slot', 'catalyst.openova.io/slot')
    .option('--no-kustomize', 'never run kustomize: audit a kit whose kustomization transforms objects as written (every finding says so)');
}
