import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// Kept apart from the loader: this runs on every check, the loader only when a
// config may exist, so the default path pays a few stat calls and no more.

export const CONFIG_NAME = 'bootstrap-deps';
/** Where a config is looked for in each directory, first match wins (lilconfig's order). */
export const CONFIG_SEARCH_PLACES = ['package.json', 'bootstrap-deps.config.yaml', 'bootstrap-deps.config.yml', '.bootstrap-depsrc.yaml', '.bootstrap-depsrc.yml'];

/** Where the search stops, as lilconfig's default: the home directory, else the file-system root. */
export function configStopDir(): string {
  return resolve(homedir());
}

function packageJsonHasKey(path: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && CONFIG_NAME in parsed;
  } catch {
    // An unreadable or broken package.json is not ours to report; lilconfig would not pick it either.
    return false;
  }
}

/**
 * Whether a config file may exist from `cwd` upwards: true as soon as one of
 * the search places does (a package.json only when it has the key). Only then
 * is the loader, with lilconfig and the schema, loaded.
 */
export function mayHaveConfig(cwd: string): boolean {
  const stopDir = configStopDir();
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of CONFIG_SEARCH_PLACES) {
      const path = join(dir, place);
      if (!existsSync(path)) continue;
      if (place !== 'package.json' || packageJsonHasKey(path)) return true;
    }
    if (dir === stopDir || dirname(dir) === dir) return false;
  }
}
