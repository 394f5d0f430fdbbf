import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const projectRoot = join(import.meta.dirname, '..');

/** The newest modification time of a file or of any file below a directory (0 where there is none). */
function newestMtime(path: string): number {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs));
}

/**
 * `dist/` is what users run, and what the tests that start the CLI as a process
 * run. Built here, once per run, when anything it is built from is newer than
 * the build's last output (a checkout, an edit, a build that failed), rather than before every `npm test`: after
 * `npm ci` (whose prepare builds) that build took 7 s of a run that has 90.
 */
export default function setup(): void {
  // dist/cli.cjs.cache is what the build writes last (src/bundle/code-cache.cjs, after the type declarations): a
  // build that failed half-way leaves a newer dist/cli.cjs, never a newer cache (a review's probe).
  let built = 0;
  try {
    built = statSync(join(projectRoot, 'dist', 'cli.cjs.cache')).mtimeMs;
  } catch {
    // not built yet, or a build that failed
  }
  const sources = ['src', 'package.json', 'package-lock.json', 'tsconfig.json'].map((path) => newestMtime(join(projectRoot, path)));
  if (built >= Math.max(...sources)) return;
  process.stderr.write('building dist/ (npm run build): its sources are newer than its last complete build\n');
  execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
