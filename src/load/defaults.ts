import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The contract's default places and root discovery, apart from the loader that
// reads them: the express path (src/express) needs these few lines, not the loader.

export const DEFAULT_KIT_DIR = 'clusters/_template/bootstrap-kit';
export const DEFAULT_EXPECTED_FILE = 'scripts/expected-bootstrap-deps.yaml';
export const DEFAULT_SLOT_LABEL = 'catalyst.openova.io/slot';

/**
 * The contract's root discovery: the nearest ancestor holding the expected DAG,
 * else the git top level, else the working directory. Walking up is cheaper
 * than spawning git, and works where git is not installed.
 */
export function discoverRoot(cwd: string): string {
  return repositoryTop(cwd) ?? resolve(cwd);
}

/** `discoverRoot` without its last resort: the repository `dir` lies in, or undefined where it lies in none. */
export function repositoryTop(dir: string): string | undefined {
  let gitTop: string | undefined;
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, DEFAULT_EXPECTED_FILE))) return at;
    if (!gitTop && existsSync(join(at, '.git'))) gitTop = at;
    if (dirname(at) === at) break;
  }
  return gitTop;
}
