import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isInside } from './model/inside.js';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/**
 * What an `--output` path would overwrite among the run's inputs (the
 * expected DAG, anything in a kit directory: slot files, kustomization.yaml),
 * or undefined. Compared by real path, so a link or `./` does not slip by.
 */
export function inputOfRun(output: string, inputs: { expectedFile?: string; kitDirs: readonly string[]; root?: string }): string | undefined {
  const target = real(output);
  if (inputs.expectedFile && target === real(inputs.expectedFile)) return 'the expected DAG';
  for (const kitDir of inputs.kitDirs) {
    if (kitDir && isInside(real(kitDir), target)) return `a file in the kit directory ${kitDir}`;
  }
  // The repository audit reads every manifest under the root: an existing one is never written over.
  if (inputs.root && isInside(real(inputs.root), target) && MANIFEST.test(basename(target)) && existsSync(target)) return 'a manifest the repository audit reads';
  return undefined;
}

const MANIFEST = /\.(ya?ml|json)$|^Kustomization$/i;
