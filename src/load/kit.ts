import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, HelmRelease, Kustomization, SlotFile } from '../model/types.js';
import { fileReadFinding, inputFinding, wholeFile } from './input-findings.js';
import type { KitFileOptions } from './kit-file.js';
import { loadKitFiles } from './kit-files.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';

export interface KitLoadOptions {
  slotLabel: string;
  kustomization?: Kustomization;
}

export interface LoadedKit {
  slotFiles: SlotFile[];
  helmReleases: HelmRelease[];
  findings: Finding[];
}

const YAML_FILE = /\.ya?ml$/;

/**
 * Lists the files to read: every YAML file directly in the kit directory (as the
 * old script did, so nothing is skipped silently) plus the files `resources:`
 * lists inside the kit directory.
 */
function listKitFiles(kitDir: string, kustomization: Kustomization | undefined): { paths: string[]; findings: Finding[] } {
  const findings: Finding[] = [];
  let info;
  try {
    info = statSync(kitDir);
  } catch (error) {
    return {
      paths: [],
      findings: [fileReadFinding(kitDir, error, {
        message: 'kit directory not found',
        fix: 'pass --kit-dir DIR, or run from the repository (or pass --root DIR)',
      })],
    };
  }
  if (!info.isDirectory()) {
    return {
      paths: [],
      findings: [inputFinding('input/not-found', wholeFile(kitDir), 'kit directory is a file, not a directory',
        'pass --kit-dir the directory that holds the slot files')],
    };
  }
  const paths = new Set<string>();
  // Synchronous: a handful of calls, each cheaper than a trip through the thread pool.
  for (const entry of readdirSync(kitDir, { withFileTypes: true })) {
    if (!YAML_FILE.test(entry.name) || KUSTOMIZATION_FILE_NAMES.includes(entry.name)) continue;
    const path = join(kitDir, entry.name);
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      try {
        if (statSync(path).isDirectory()) continue;
      } catch (error) {
        findings.push(fileReadFinding(path, error, {
          message: 'dangling symbolic link',
          fix: 'point the link at an existing file, or delete it',
        }));
        continue;
      }
    }
    paths.add(path);
  }
  for (const resource of kustomization?.resources ?? []) {
    if (!resource.path || paths.has(resource.path) || !YAML_FILE.test(resource.path)) continue;
    try {
      if (statSync(resource.path).isFile()) paths.add(resource.path);
    } catch {
      // A listed file that does not exist is the slot/missing-resource rule's finding.
    }
  }
  return { paths: [...paths].sort(), findings };
}

export async function loadKit(kitDir: string, options: KitLoadOptions): Promise<LoadedKit> {
  const { paths, findings } = listKitFiles(kitDir, options.kustomization);
  const fileOptions: KitFileOptions = {
    slotLabel: options.slotLabel,
    ...(options.kustomization?.namespace ? { namespace: options.kustomization.namespace } : {}),
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
