import { realpathSync } from 'node:fs';
import { isInside } from '../model/inside.js';
import type { Finding } from '../model/types.js';
import { inputFinding, wholeFile } from './input-findings.js';


const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

/**
 * A path inside the repository that a symbolic link (of the path itself or of a
 * directory on the way) takes outside it: reported and never read, as kustomize
 * refuses such links too. A committed link to `/etc/hostname` or `/dev/zero`
 * must not be read by a hook. `boundary` is the repository root; a path the
 * user named outside it is theirs to name, and is not judged here.
 * Returns undefined when the path stays inside, or does not resolve at all
 * (the reader then reports what is wrong with it).
 */
export function outsideRootFinding(path: string, boundary: string): Finding | undefined {
  if (!isInside(boundary, path)) return undefined;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  if (real === path || isInside(realRoot(boundary), real)) return undefined;
  return inputFinding('input/outside-root', wholeFile(path),
    `resolves through a symbolic link to ${real}, outside the repository`,
    'commit the file itself, or point the link inside the repository');
}
