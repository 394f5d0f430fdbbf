import { join, resolve } from 'node:path';
import { displayLocation } from '../model/paths.js';
import type { Finding, Kustomization, Repository } from '../model/types.js';
import { loadExpected } from './expected.js';
import type { LoadedExpected } from './expected.js';
import { inputFinding, wholeFile } from './input-findings.js';
import { outsideRootFinding } from './inside-root.js';
import { countYamlFiles, loadKit } from './kit.js';
import { findKustomizationFile, loadKustomization, loadKustomizationTree, twoKustomizationFiles } from './kustomization.js';
import type { KustomizationTree } from './kustomization.js';
import { noteFilesListed } from './tier-up.js';
import { startKeptTexts } from './yaml-tree.js';

export { DEFAULT_EXPECTED_FILE, DEFAULT_KIT_DIR, DEFAULT_SLOT_LABEL, discoverRoot, repositoryTop } from './defaults.js';
import { DEFAULT_EXPECTED_FILE, DEFAULT_KIT_DIR, DEFAULT_SLOT_LABEL, discoverRoot } from './defaults.js';

export interface RepositoryOptions {
  /** Repository root; found from `cwd` when absent (see `discoverRoot`). */
  root?: string;
  /** Kit directory, resolved against `cwd` as a user typed it; default `<root>/clusters/_template/bootstrap-kit`. */
  kitDir?: string;
  /** Expected DAG file, resolved against `cwd`; default `<root>/scripts/expected-bootstrap-deps.yaml`. */
  expected?: string;
  /** Label that carries a HelmRelease's slot; default `catalyst.openova.io/slot`. */
  slotLabel?: string;
  /**
   * false: never run kustomize; a kit whose kustomization transforms objects
   * is then read as written, and every finding says so (`--no-kustomize`).
   */
  kustomize?: boolean;
  cwd?: string;
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
    kustomize: options.kustomize ?? true,
  };
}

export type ResolvedPaths = ReturnType<typeof resolvePaths>;

/** Reads the kit, its kustomization and the expected DAG. Never throws on bad input: see `inputFindings`. */
export async function loadRepository(options: RepositoryOptions = {}): Promise<Repository> {
  startKeptTexts();
  const paths = resolvePaths(options);
  return loadKitRepository(paths, () => loadExpectedInside(paths));
}

/**
 * The expected DAG, read as the slot files are: one inside the repository that
 * a symbolic link takes outside it is reported, never read.
 */
async function loadExpectedInside(paths: ResolvedPaths): Promise<LoadedExpected> {
  const outside = outsideRootFinding(paths.expectedFile, paths.root);
  return outside ? { slots: [], findings: [outside] } : loadExpected(paths.expectedFile);
}

/**
 * Several kits (one per cluster) against one expected DAG, which is read once.
 * `kitDirs` are absolute; each repository shares the same expected entries.
 */
export async function loadRepositories(options: RepositoryOptions, kitDirs: readonly string[]): Promise<Repository[]> {
  // One pool for all the kits: their names and the expected DAG's, read once, are the same strings.
  startKeptTexts();
  const paths = resolvePaths(options);
  let expected: Promise<LoadedExpected> | undefined;
  const expectedOnce = () => (expected ??= loadExpectedInside(paths));
  // All the kits' files counted before the first is read: V8's optimiser is turned on before, not midway (tier-up.ts).
  for (const kitDir of kitDirs) noteFilesListed(countYamlFiles(kitDir), kitDir);
  const repositories: Repository[] = [];
  for (const kitDir of kitDirs) repositories.push(await loadKitRepository({ ...paths, kitDir }, expectedOnce));
  return repositories;
}

/**
 * One kit and its kustomization, with an expected DAG already loaded or loaded
 * on demand. On demand, it is read after the kit: a large expected DAG read
 * first stays alive while every slot file is parsed, and V8 then pretenures the
 * parser's short-lived objects into old space (measured at 10,000 slots: more
 * time in GC and a third more memory).
 */
export async function loadKitRepository(paths: ResolvedPaths, expectedSource: LoadedExpected | (() => Promise<LoadedExpected>)): Promise<Repository> {
  const { cwd, root, kitDir, expectedFile, slotLabel } = paths;
  const inputFindings: Finding[] = [];
  const found = findKustomizationFile(kitDir);
  if (found.path && found.others.length > 0) inputFindings.push(twoKustomizationFiles(found.path, found.others));
  let kustomization: Kustomization | undefined;
  let tree: KustomizationTree | undefined;
  const kustomizationOutside = found.path ? outsideRootFinding(found.path, root) : undefined;
  if (kustomizationOutside) inputFindings.push(kustomizationOutside);
  else if (found.path) {
    const loaded = await loadKustomization(found.path, root);
    inputFindings.push(...loaded.findings);
    kustomization = loaded.kustomization;
    if (kustomization) {
      tree = await loadKustomizationTree(kustomization, root);
      inputFindings.push(...tree.findings);
    }
  }
  const patchFiles = new Set(tree?.kustomizations.flatMap((nested) => nested.patchFiles ?? []) ?? []);
  const kit = await loadKit(kitDir, { slotLabel, root, ...(tree ? { appliedFiles: tree.files } : {}), ...(patchFiles.size > 0 ? { patchFiles } : {}) });
  const expected = typeof expectedSource === 'function' ? await expectedSource() : expectedSource;
  inputFindings.push(...expected.findings, ...kit.findings);
  const kitUnreadable = kit.findings.some((finding) => finding.location?.file === kitDir);
  if (!kitUnreadable) inputFindings.push(...emptyKitFindings(kitDir, kit.slotFiles.length, kit.helmReleases.length, kit.findings.length));

  let helmReleases = kit.helmReleases;
  let readAs: Repository['readAs'] = 'static';
  const transformations = tree?.kustomizations.flatMap((nested) => nested.transformations) ?? [];
  // kustomize's namespace: also renames Namespace objects (and fails when two collide): only a build shows that.
  const namespacing = tree?.kustomizations.find((nested) => nested.namespace !== undefined);
  if (namespacing && kit.slotFiles.some((file) => file.objects?.some((object) => object.kind === 'Namespace'))) {
    transformations.push({ field: 'namespace (with Namespace objects)', location: namespacing.namespaceLocation! });
  }
  if (kustomization && transformations.length > 0 && !inputFindings.some(isInputError)) {
    if (paths.kustomize) {
      const { buildKit } = await import('./kustomize-build.js');
      const built = await buildKit({ kitDir, kustomizationPath: kustomization.path, transformations, staticReleases: helmReleases, slotLabel });
      inputFindings.push(...built.findings);
      if (built.helmReleases) {
        helmReleases = built.helmReleases;
        readAs = 'kustomize';
      }
    } else {
      readAs = 'unbuilt';
      inputFindings.push({
        rule: 'input/kustomize-skipped',
        severity: 'warning',
        message: `the kustomization uses ${listFields(transformations.map((transformation) => transformation.field))}; with --no-kustomize the kit is audited as written, without these transformations`,
        fix: 'drop --no-kustomize to audit what Flux applies',
        location: transformations[0]!.location,
      });
    }
  }
  inputFindings.push(...duplicateHelmReleaseFindings(cwd, helmReleases));
  return {
    cwd,
    root,
    kitDir,
    expectedFile,
    slotLabel,
    slotFiles: kit.slotFiles,
    helmReleases,
    expected: expected.slots,
    ...(kustomization ? { kustomization } : {}),
    ...(tree ? { kustomizations: tree.kustomizations, appliedFiles: new Set(tree.files.map((file) => file.path)) } : {}),
    readAs,
    inputFindings,
  };
}

function listFields(fields: readonly string[]): string {
  const unique = [...new Set(fields)];
  return unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

function isInputError(finding: Finding): boolean {
  return finding.rule.startsWith('input/') && finding.severity === 'error';
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
  // Identity is namespace and name: two releases of one name in two namespaces are two objects.
  const firstById = new Map<string, Repository['helmReleases'][number]>();
  const findings: Finding[] = [];
  for (const release of releases) {
    const id = `${release.namespace ?? ''}/${release.name}`;
    const first = firstById.get(id);
    if (!first) {
      firstById.set(id, release);
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
