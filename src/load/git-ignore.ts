// Not `node:child_process`: the CLI bundle aliases that specifier to a lazy stand-in (for commander's sake) whose
// named exports a static import cannot see. This module is itself loaded only when a run asks git something
// (await import), so a run that needs no git never loads child_process.
import { spawnSync } from 'child_process';

/** Whether git leaves `fromRoot` (a path below `root`) out of the repository: .gitignore and the like. False where git cannot tell. */
export function gitIgnores(root: string, fromRoot: string): boolean {
  if (fromRoot === '') return false;
  const result = spawnSync('git', ['-C', root, 'check-ignore', '-q', '--', fromRoot], { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}
