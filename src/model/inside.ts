import { isAbsolute, relative, sep } from 'node:path';

/** `target` is `parent` or below it. */
export function isInside(parent: string, target: string): boolean {
  const fromParent = relative(parent, target);
  return fromParent === '' || (!fromParent.startsWith(`..${sep}`) && fromParent !== '..' && !isAbsolute(fromParent));
}
