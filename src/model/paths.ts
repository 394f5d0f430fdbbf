import { isAbsolute, relative, sep } from 'node:path';
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
