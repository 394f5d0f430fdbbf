import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

function newestMtime(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs));
}

/** `dist/` is what users run; `npm test` builds it first, a direct `vitest run` may not have. */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(projectRoot, 'dist', 'cli.cjs')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built < newestMtime(join(projectRoot, 'src'))) execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'ignore' });
}

/** Packs the package once for every integration test (the build already ran, so no lifecycle scripts). */
export default function setup(project: TestProject) {
  ensureBuilt();
  const packDir = mkdtempSync(join(tmpdir(), 'bootstrap-deps-pack-'));
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: projectRoot, encoding: 'utf8' }).trim();
  project.provide('tarball', join(packDir, name));
  return () => rmSync(packDir, { recursive: true, force: true });
}
