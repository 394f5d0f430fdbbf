import { basename } from 'node:path';
import { slotFromFileName } from '../model/slot.js';
import type { DependsOnRef, Finding, HelmRelease, SlotFile } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import type { YamlFile } from './yaml-file.js';
import { readYamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';

/** What a slot file's HelmReleases need besides the file: plain data, so a worker thread can take it. */
export interface KitFileOptions {
  slotLabel: string;
  /** The kustomization's `namespace:`, for HelmReleases without their own. */
  namespace?: string;
}

export interface KitFileResult {
  slotFile: SlotFile;
  helmReleases: HelmRelease[];
  findings: Finding[];
}

/** One slot file, read, parsed and reduced to records: the parsed tree does not outlive this call. */
export async function loadKitFile(path: string, options: KitFileOptions): Promise<KitFileResult> {
  const { file, findings } = await readYamlFile(path);
  const fileName = basename(path);
  const slot = slotFromFileName(fileName);
  const slotFile: SlotFile = { path, fileName, helmReleases: [], ...(slot ? { slot } : {}) };
  const helmReleases: HelmRelease[] = [];
  if (!file) return { slotFile, helmReleases, findings };
  if (file.documents.every((document) => isEmptyNode(document.root))) {
    // A slot file with nothing in it is usually a truncated write or a forgotten stub.
    findings.push(inputFinding('input/empty', { file: path, line: 1, column: 1 },
      'the slot file holds no Kubernetes object (it is empty or only comments)',
      'add its resources, or delete the file'));
    return { slotFile, helmReleases, findings };
  }
  for (const document of file.documents) {
    const release = readHelmRelease(file, document.root, options, findings);
    if (!release) continue;
    slotFile.helmReleases.push(release.name);
    helmReleases.push(release);
  }
  return { slotFile, helmReleases, findings };
}

function readHelmRelease(
  file: YamlFile,
  root: YamlNode | null,
  options: KitFileOptions,
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
  const namespace = scalarString(mapValue(root, ['metadata', 'namespace'])) ?? options.namespace;
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
