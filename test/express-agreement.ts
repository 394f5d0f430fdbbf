import { expect } from 'vitest';
import { expressCheck } from '../src/express/express-check.js';
import { runCli } from './helpers.js';

/**
 * The express path's one promise: where it gives a verdict, the full path
 * prints the same line, nothing on stderr, and exits 0. Returns whether it
 * gave one (a test that only ever sees it decline proves nothing of it).
 */
export async function expectExpressAgrees(root: string, argv: readonly string[] = ['check', '--root', root, '--quiet'], cwd = root): Promise<boolean> {
  const verdict = expressCheck({ argv, cwd, env: {}, isTTY: false });
  if (verdict === undefined) return false;
  const full = await runCli([...argv], { cwd });
  expect({ stdout: full.stdout, stderr: full.stderr, code: full.code }, `the express path passed ${root}; the full path did not`)
    .toEqual({ stdout: verdict.stdout, stderr: '', code: verdict.exitCode });
  return true;
}
