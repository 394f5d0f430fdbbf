import { isAbsolute, normalize, posix, relative, resolve, sep } from 'node:path';
import type { Location } from './types.js';

/** A path as reports print it: relative to the working directory, with forward slashes. */
export function displayPath(cwd: string, file: string): string {
  // The usual case, a file below the working directory, without path.relative's normalising work.
  if (sep === '/' && file.length > cwd.length + 1 && file.startsWith(cwd) && file[cwd.length] === '/') {
    return file.slice(cwd.length + 1);
  }
  const relativePath = isAbsolute(file) ? relative(cwd, file) || '.' : file;
  return sep === '/' ? relativePath : relativePath.split(sep).join('/');
}

/** `file:line` (or `file:line:column`) for use inside a message. */
export function displayLocation(cwd: string, location: Location, withColumn = false): string {
  const file = displayPath(cwd, location.file);
  if (location.line === null) return file;
  return withColumn && location.column !== null ? `${file}:${location.line}:${location.column}` : `${file}:${location.line}`;
}

/** `dir/name`, as path.join gives it for a normalised directory and a plain name, without its normalising work. */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/**
 * The paths of plain names (no separator, not `.` or `..`: a directory
 * listing's, a bare kustomization entry) in a directory: `join(dir, name)`
 * for each, with the directory normalised once, not once per name (path.join
 * normalises the whole path it builds: on 20 kits of 60 slots, the kit
 * listings and the kustomizations' resources were 6% of the instructions of
 * a check in it).
 */
export function childPaths(dir: string): (name: string) => string {
  const parent = normalize(dir);
  // `.` joins to nothing: join('.', 'a') is 'a'.
  if (parent === '.' || parent === `.${sep}`) return (name) => name;
  return (name) => childPath(parent, name);
}

/**
 * Where a spec.path leads in the source: kustomize-controller joins it to the artifact's root with securejoin, which
 * cleans it as if rooted there, so a `..` at the root stays at the root (`../components/x` is `components/x`: a
 * trial's probe, equinor/radix-flux's clusters, where the tool said the path did not exist).
 */
export function specPathTarget(root: string, path: string): string {
  const cleaned = cleanedSourcePath(path);
  return cleaned === '' ? root : resolve(root, cleaned);
}

/** A path in a source as securejoin cleans it (rooted there, `..` kept at the root), without leading or trailing slash: '' for the root. */
export function cleanedSourcePath(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+|\/+$/g, '');
}
