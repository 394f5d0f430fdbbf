import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readRegularFile } from '../load/yaml-file.js';

// Kept apart from the loader: this runs on every check, the loader only when a
// config may exist, so the default path pays a few stat calls and no more.

export const CONFIG_NAME = 'bootstrap-deps';
/** Where a config is looked for in each directory, first match wins (lilconfig's order). */
export const CONFIG_SEARCH_PLACES = ['package.json', 'bootstrap-deps.config.yaml', 'bootstrap-deps.config.yml', '.bootstrap-depsrc.yaml', '.bootstrap-depsrc.yml'];

/** Where the search stops, as lilconfig's default: the home directory, else the file-system root. */
export function configStopDir(): string {
  // os.homedir() reads HOME (USERPROFILE on Windows) first, as here; node:os is loaded only when it is unset
  // (measured: loading node:os was 0.4 ms of every check).
  const home = process.platform === 'win32' ? process.env.USERPROFILE : process.env.HOME;
  return resolve(home ?? (require('node:os') as typeof import('node:os')).homedir());
}

/**
 * Whether a package.json holds the config key. Read as every input is (a regular
 * file, at most the size limit): a FIFO or `/dev/zero` named package.json must not
 * hang the run; `undefined` when it cannot be read that way (the loader reports it).
 */
export function packageJsonHasKey(path: string): boolean | undefined {
  const read = readRegularFile(path);
  if ('finding' in read) return read.finding.rule === 'input/special-file' || read.finding.rule === 'input/too-large' ? undefined : false;
  try {
    const parsed = JSON.parse(read.bytes.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && CONFIG_NAME in parsed;
  } catch {
    // A broken package.json is not ours to report; lilconfig would not pick it either.
    return false;
  }
}

/** Each search place that exists, from `cwd` upwards, in the order lilconfig visits them. */
export function* existingConfigPlaces(cwd: string): Generator<{ path: string; place: string }> {
  const stopDir = configStopDir();
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of CONFIG_SEARCH_PLACES) {
      const path = join(dir, place);
      if (existsSync(path)) yield { path, place };
    }
    if (dir === stopDir || dirname(dir) === dir) return;
  }
}

/**
 * Whether a config file may exist from `cwd` upwards: true as soon as one of
 * the search places does (a package.json only when it has the key, or cannot be
 * read safely). Only then is the loader, with lilconfig and the schema, loaded.
 */
export function mayHaveConfig(cwd: string): boolean {
  for (const { path, place } of existingConfigPlaces(cwd)) {
    if (place !== 'package.json' || packageJsonHasKey(path) !== false) return true;
  }
  return false;
}
