import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Kept apart from helpers.ts (which imports the sources) so that test/setup.ts can
// use it without loading the sources before a test file's vi.mock.
const temporaryDirectories: string[] = [];

/** Runs after each test (test/setup.ts). */
export function removeTemporaryDirectories(): void {
  while (temporaryDirectories.length > 0) rmSync(temporaryDirectories.pop()!, { recursive: true, force: true });
}

/** A fresh temp directory, removed after the test. */
export function temporaryDirectory(prefix = 'bootstrap-deps-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirectories.push(dir);
  return dir;
}
