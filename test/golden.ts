import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { projectRoot } from './helpers.js';

export const goldenDir = join(projectRoot, 'test', 'golden');

/**
 * The one golden-file check. With UPDATE_GOLDEN=1 it (re)writes the file, on
 * purpose; otherwise a missing file fails the test: a golden file that writes
 * itself would pass whatever the output is.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) {
    expect.fail(`golden file test/golden/${name} is missing: create it with UPDATE_GOLDEN=1 npx vitest run <this test file>, then read the diff`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
