import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { slotFromFileName } from '../model/slot.js';
import type { DependsOnRef, Finding, HelmRelease, Kustomization, SlotFile } from '../model/types.js';
import { fileReadFinding, inputFinding, wholeFile } from './input-findings.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';
import type { YamlFile } from './yaml-file.js';
import { readYamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';

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
async function listKitFiles(
  kitDir: string,
  kustomization: Kustomization | undefined,
): Promise<{ paths: string[]; findings: Finding[] }> {
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
  const { paths, findings } = await listKitFiles(kitDir, options.kustomization);
  const slotFiles: SlotFile[] = [];
  const helmReleases: HelmRelease[] = [];
  // One file at a time, reduced to records before the next: a parsed tree never
  // outlives its file, so memory stays flat however large the kit.
  for (const path of paths) {
    const { file, findings: fileFindings } = await readYamlFile(path);
    findings.push(...fileFindings);
    const fileName = basename(path);
    const slot = slotFromFileName(fileName);
    const slotFile: SlotFile = { path, fileName, helmReleases: [], ...(slot ? { slot } : {}) };
    slotFiles.push(slotFile);
    if (!file) continue;
    if (file.documents.every((document) => isEmptyNode(document.root))) {
      // A slot file with nothing in it is usually a truncated write or a forgotten stub.
      findings.push(inputFinding('input/empty', { file: path, line: 1, column: 1 },
        'the slot file holds no Kubernetes object (it is empty or only comments)',
        'add its resources, or delete the file'));
      continue;
    }
    for (const document of file.documents) {
      const release = readHelmRelease(file, document.root, options, findings);
      if (!release) continue;
      slotFile.helmReleases.push(release.name);
      helmReleases.push(release);
    }
  }
  return { slotFiles, helmReleases, findings };
}

function readHelmRelease(
  file: YamlFile,
  root: YamlNode | null,
  options: KitLoadOptions,
  findings: Finding[],
): HelmRelease | undefined {
  // A document of only comments (or `---` with nothing after it) is legal and empty.
  if (isEmptyNode(root)) return undefined;
  if (root?.kind !== 'map') {
    findings.push(inputFinding('input/invalid-resource', file.locate(root),
      `document is ${describeNodeType(root)}, not a Kubernetes object`,
      'each YAML document in a slot file must be a mapping with apiVersion and kind'));
    return undefined;
  }
  const kind = scalarString(mapValue(root, ['kind']));
  if (kind !== 'HelmRelease') return undefined;

  const nameNode = mapValue(root, ['metadata', 'name']);
  const name = scalarString(nameNode);
  if (!name) {
    findings.push(inputFinding('input/invalid-resource', file.locate(nameNode ?? root),
      'HelmRelease has no metadata.name', 'give the HelmRelease a metadata.name'));
    return undefined;
  }
  const namespace = scalarString(mapValue(root, ['metadata', 'namespace'])) ?? options.kustomization?.namespace;
  const spec = mapValue(root, ['spec']);
  const dependsOnEntry = mapEntry(spec, 'dependsOn');
  const dependsOn = readDependsOn(file, dependsOnEntry?.value ?? null, findings);
  const labelNode = mapValue(root, ['metadata', 'labels', options.slotLabel]);
  const label = scalarString(labelNode);
  const versionNode = mapValue(spec, ['chart', 'spec', 'version']);
  const chartVersion = scalarString(versionNode);
  const location = file.locate(nameNode);
  return {
    name,
    file: file.path,
    location,
    dependsOnLocation: dependsOnEntry ? file.locate(dependsOnEntry.keyPosition) : location,
    dependsOn,
    ...(namespace ? { namespace } : {}),
    ...(label !== undefined ? { slotLabel: { value: label, location: file.locate(labelNode) } } : {}),
    ...(chartVersion ? { chartVersion: { value: chartVersion, location: file.locate(versionNode) } } : {}),
  };
}

function readDependsOn(file: YamlFile, node: YamlNode | null, findings: Finding[]): DependsOnRef[] {
  // `dependsOn:` with no value is null: Flux treats it as no dependencies.
  if (!node || isEmptyNode(node)) return [];
  if (node.kind !== 'seq') {
    findings.push(inputFinding('input/invalid-resource', file.locate(node),
      `spec.dependsOn is ${describeNodeType(node)}, not a list`,
      'write dependsOn as a list of items such as "- name: bp-flux"'));
    return [];
  }
  const refs: DependsOnRef[] = [];
  for (const item of node.items) {
    const name = scalarString(mapValue(item, ['name']));
    if (item?.kind !== 'map' || !name) {
      findings.push(inputFinding('input/invalid-resource', file.locate(item),
        `dependsOn item is ${item?.kind === 'map' ? 'a mapping without a name' : describeNodeType(item)}`,
        'write each item as "- name: <HelmRelease>" (optionally with namespace:)'));
      continue;
    }
    const namespace = scalarString(mapValue(item, ['namespace']));
    refs.push({ name, location: file.locate(item), ...(namespace ? { namespace } : {}) });
  }
  return refs;
}
