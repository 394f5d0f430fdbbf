import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

const projectRoot = join(import.meta.dirname, '..', '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The npm tarball of this checkout, packed once per run. */
    tarball: string;
  }
}

/** Packs the package once for every integration test (test/global-build.ts built it first, so no lifecycle scripts). */
export default function setup(project: TestProject) {
  const packDir = mkdtempSync(join(tmpdir(), 'bootstrap-deps-pack-'));
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: projectRoot, encoding: 'utf8' }).trim();
  project.provide('tarball', join(packDir, name));
  return () => rmSync(packDir, { recursive: true, force: true });
}
