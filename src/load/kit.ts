import { readdirSync, statSync } from 'node:fs';
import { childPaths } from '../model/paths.js';
import type { Finding, HelmRelease, SlotFile } from '../model/types.js';
import { fileReadFinding, inputFinding, wholeFile } from './input-findings.js';
import { outsideRootFinding } from './inside-root.js';
import type { KitFileOptions } from './kit-file.js';
import { loadKitFiles } from './kit-files.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';
import type { AppliedFile } from './kustomization.js';
import { noteFilesListed } from './tier-up.js';
import { YAML_FILE } from './walk-names.js';

export interface KitLoadOptions {
  slotLabel: string;
  /** What the kit's kustomization applies (absent without one: Flux then applies every file). */
  appliedFiles?: readonly AppliedFile[];
  /** Patch files the kustomizations name: partial objects, neither slot files nor resources. */
  patchFiles?: ReadonlySet<string>;
  /** Repository root: a symbolic link that leads outside it is reported, never read. */
  root?: string;
}

export interface LoadedKit {
  slotFiles: SlotFile[];
  helmReleases: HelmRelease[];
  findings: Finding[];
}

/**
 * Lists the files to read: every YAML file directly in the kit directory (as the
 * old script did, so nothing is skipped silently) plus every file the
 * kustomization applies (subdirectories and `.json` files included).
 */
function listKitFiles(kitDir: string, appliedFiles: readonly AppliedFile[] | undefined, root = kitDir): { paths: string[]; regular: Set<string>; findings: Finding[] } {
  const findings: Finding[] = [];
  const escaped = outsideRootFinding(kitDir, root);
  if (escaped) return { paths: [], regular: new Set(), findings: [escaped] };
  let info;
  try {
    info = statSync(kitDir);
  } catch (error) {
    return {
      paths: [],
      regular: new Set(),
      findings: [fileReadFinding(kitDir, error, {
        message: 'kit directory not found',
        fix: 'pass --kit-dir DIR, or run from the repository (or pass --root DIR)',
      })],
    };
  }
  if (!info.isDirectory()) {
    return {
      paths: [],
      regular: new Set(),
      findings: [inputFinding('input/not-found', wholeFile(kitDir), 'kit directory is a file, not a directory',
        'pass --kit-dir the directory that holds the slot files')],
    };
  }
  const paths = new Set<string>();
  // Files the listing called regular (no link): read without another stat (readRegularFile's `listed`).
  const regular = new Set<string>();
  // Reported once: a link the listing refused is not judged again as a resource.
  const refused = new Set<string>();
  // Synchronous: a handful of calls, each cheaper than a trip through the thread pool.
  const inKitDir = childPaths(kitDir);
  for (const entry of readdirSync(kitDir, { withFileTypes: true })) {
    if (!YAML_FILE.test(entry.name) || KUSTOMIZATION_FILE_NAMES.includes(entry.name)) continue;
    const path = inKitDir(entry.name);
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      const outside = outsideRootFinding(path, root);
      if (outside) {
        findings.push(outside);
        refused.add(path);
        continue;
      }
      try {
        if (statSync(path).isDirectory()) continue;
      } catch (error) {
        findings.push(fileReadFinding(path, error, {
          message: 'dangling symbolic link',
          fix: 'point the link at an existing file, or delete it',
        }));
        continue;
      }
    } else if (entry.isFile()) regular.add(path);
    paths.add(path);
  }
  for (const applied of appliedFiles ?? []) {
    if (paths.has(applied.path) || refused.has(applied.path)) continue;
    const outside = outsideRootFinding(applied.path, root);
    if (outside) {
      findings.push(outside);
      continue;
    }
    try {
      if (statSync(applied.path).isFile()) paths.add(applied.path);
    } catch {
      // A listed file that does not exist is the slot/missing-resource rule's finding.
    }
  }
  return { paths: [...paths].sort(), regular, findings };
}

/**
 * How many YAML files a kit directory holds, from one listing of names: what
 * --all-clusters counts up front (tier-up.ts). 0 for a directory it cannot
 * list; loading the kit reports why.
 */
export function countYamlFiles(kitDir: string): number {
  try {
    return readdirSync(kitDir).filter((name) => YAML_FILE.test(name)).length;
  } catch {
    return 0;
  }
}

export async function loadKit(kitDir: string, options: KitLoadOptions): Promise<LoadedKit> {
  const listed = listKitFiles(kitDir, options.appliedFiles, options.root);
  noteFilesListed(listed.paths.length, kitDir);
  const { findings } = listed;
  const paths = options.patchFiles ? listed.paths.filter((path) => !options.patchFiles!.has(path)) : listed.paths;
  const namespaceOf = new Map((options.appliedFiles ?? []).map((file) => [file.path, file.namespace]));
  const fileOptions = (path: string): KitFileOptions => {
    const namespace = namespaceOf.get(path);
    return { slotLabel: options.slotLabel, listed: listed.regular.has(path), ...(namespace ? { namespaceOverride: namespace } : {}) };
  };
  const slotFiles: SlotFile[] = [];
  const helmReleases: HelmRelease[] = [];
  for (const result of await loadKitFiles(paths, fileOptions)) {
    slotFiles.push(result.slotFile);
    helmReleases.push(...result.helmReleases);
    findings.push(...result.findings);
  }
  return { slotFiles, helmReleases, findings };
}
