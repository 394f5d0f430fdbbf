import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { displayLocation } from '../model/paths.js';
import type { Finding, Kustomization, Repository } from '../model/types.js';
import { loadExpected } from './expected.js';
import type { LoadedExpected } from './expected.js';
import { inputFinding, wholeFile } from './input-findings.js';
import { loadKit } from './kit.js';
import { KUSTOMIZATION_FILE_NAMES, loadKustomization } from './kustomization.js';

export const DEFAULT_KIT_DIR = 'clusters/_template/bootstrap-kit';
export const DEFAULT_EXPECTED_FILE = 'scripts/expected-bootstrap-deps.yaml';
export const DEFAULT_SLOT_LABEL = 'catalyst.openova.io/slot';

export interface RepositoryOptions {
  /** Repository root; found from `cwd` when absent (see `discoverRoot`). */
  root?: string;
  /** Kit directory, resolved against `cwd` as a user typed it; default `<root>/clusters/_template/bootstrap-kit`. */
  kitDir?: string;
  /** Expected DAG file, resolved against `cwd`; default `<root>/scripts/expected-bootstrap-deps.yaml`. */
  expected?: string;
  /** Label that carries a HelmRelease's slot; default `catalyst.openova.io/slot`. */
  slotLabel?: string;
  cwd?: string;
}

/**
 * The contract's root discovery: the nearest ancestor holding the expected DAG,
 * else the git top level, else the working directory. Walking up is cheaper
 * than spawning git, and works where git is not installed.
 */
export function discoverRoot(cwd: string): string {
  let gitTop: string | undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, DEFAULT_EXPECTED_FILE))) return dir;
    if (!gitTop && existsSync(join(dir, '.git'))) gitTop = dir;
    if (dirname(dir) === dir) break;
  }
  return gitTop ?? resolve(cwd);
}

export function resolvePaths(options: RepositoryOptions = {}) {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = options.root ? resolve(cwd, options.root) : discoverRoot(cwd);
  return {
    cwd,
    root,
    kitDir: options.kitDir ? resolve(cwd, options.kitDir) : join(root, DEFAULT_KIT_DIR),
    expectedFile: options.expected ? resolve(cwd, options.expected) : join(root, DEFAULT_EXPECTED_FILE),
    slotLabel: options.slotLabel ?? DEFAULT_SLOT_LABEL,
  };
}

export type ResolvedPaths = ReturnType<typeof resolvePaths>;

/** Reads the kit, its kustomization and the expected DAG. Never throws on bad input: see `inputFindings`. */
export async function loadRepository(options: RepositoryOptions = {}): Promise<Repository> {
  const paths = resolvePaths(options);
  return loadKitRepository(paths, await loadExpected(paths.expectedFile));
}

/**
 * Several kits (one per cluster) against one expected DAG, which is read once.
 * `kitDirs` are absolute; each repository shares the same expected entries.
 */
export async function loadRepositories(options: RepositoryOptions, kitDirs: readonly string[]): Promise<Repository[]> {
  const paths = resolvePaths(options);
  const expected = await loadExpected(paths.expectedFile);
  const repositories: Repository[] = [];
  for (const kitDir of kitDirs) repositories.push(await loadKitRepository({ ...paths, kitDir }, expected));
  return repositories;
}

/** One kit and its kustomization, with an already loaded expected DAG. */
export async function loadKitRepository(paths: ResolvedPaths, expected: LoadedExpected): Promise<Repository> {
  const { cwd, root, kitDir, expectedFile, slotLabel } = paths;
  const kustomizationPath = KUSTOMIZATION_FILE_NAMES.map((name) => join(kitDir, name)).find((path) => existsSync(path));
  const kustomizationResult: { kustomization?: Kustomization; findings: Finding[] } = kustomizationPath
    ? await loadKustomization(kustomizationPath, kitDir)
    : { findings: [] };
  const { kustomization } = kustomizationResult;
  const kit = await loadKit(kitDir, { slotLabel, ...(kustomization ? { kustomization } : {}) });

  const inputFindings = [...kustomizationResult.findings, ...expected.findings, ...kit.findings];
  const kitUnreadable = kit.findings.some((finding) => finding.location?.file === kitDir);
  if (!kitUnreadable) inputFindings.push(...emptyKitFindings(kitDir, kit.slotFiles.length, kit.helmReleases.length, kit.findings.length));
  inputFindings.push(...duplicateHelmReleaseFindings(cwd, kit.helmReleases));
  return {
    cwd,
    root,
    kitDir,
    expectedFile,
    slotLabel,
    slotFiles: kit.slotFiles,
    helmReleases: kit.helmReleases,
    expected: expected.slots,
    ...(kustomization ? { kustomization } : {}),
    inputFindings,
  };
}

function emptyKitFindings(kitDir: string, files: number, releases: number, otherFindings: number): Finding[] {
  if (files === 0) {
    return [inputFinding('input/empty', wholeFile(kitDir), 'the kit directory holds no slot files',
      'add <slot>-<name>.yaml files, or pass --kit-dir the right directory')];
  }
  // When files failed to parse, their HelmReleases are unknown: that finding says enough.
  if (releases === 0 && otherFindings === 0) {
    return [inputFinding('input/empty', wholeFile(kitDir), 'no HelmRelease found in the kit directory',
      'pass --kit-dir the directory that holds the HelmRelease slot files')];
  }
  return [];
}

function duplicateHelmReleaseFindings(cwd: string, releases: Repository['helmReleases']): Finding[] {
  const firstByName = new Map<string, Repository['helmReleases'][number]>();
  const findings: Finding[] = [];
  for (const release of releases) {
    const first = firstByName.get(release.name);
    if (!first) {
      firstByName.set(release.name, release);
      continue;
    }
    findings.push({
      ...inputFinding('input/duplicate-hr', release.location,
        `HelmRelease ${release.name} is also defined in ${displayLocation(cwd, first.location)}`,
        'keep one of the two (an old slot file left behind after a renumbering is the usual cause)'),
      hr: release.name,
    });
  }
  return findings;
}
