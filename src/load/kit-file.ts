import { basename } from 'node:path';
import { slotFromFileName } from '../model/slot.js';
import { classifyHelmReleaseApi } from '../model/flux-api.js';
import type { DependsOnRef, Finding, HelmRelease, KubeObject, SlotFile } from '../model/types.js';
import { closestName } from '../model/names.js';
import { inputFinding } from './input-findings.js';
import type { YamlFile } from './yaml-file.js';
import { parseYamlText, readYamlText } from './yaml-file.js';
import { scanSlotFile } from './slot-scan.js';
import type { YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, keptScalar, keptText, mapEntry, mapValue, scalarString } from './yaml-tree.js';

/** What a slot file's HelmReleases need besides the file. */
export interface KitFileOptions {
  slotLabel: string;
  /**
   * The namespace kustomize gives every namespaced object of this file (the
   * `namespace:` of the kustomization that applies it): it overrides
   * `metadata.namespace`, as kustomize's namespace transformer does.
   */
  namespaceOverride?: string;
  /** The kit's directory listing called it a regular file: no second stat (readRegularFile's `listed`). */
  listed?: boolean;
}

export interface KitFileResult {
  slotFile: SlotFile;
  helmReleases: HelmRelease[];
  findings: Finding[];
}

/** The file loadKitFile is reducing to records: its tree is no one else's, so readDependsOn drops the items it has read. */
let consumedFile: YamlFile | undefined;

/** One slot file, read, parsed and reduced to records: the parsed tree does not outlive this call. */
export async function loadKitFile(path: string, options: KitFileOptions): Promise<KitFileResult> {
  const fileName = basename(path);
  const slot = slotFromFileName(fileName);
  const slotFile: SlotFile = { path, fileName, helmReleases: [], objects: [], ...(slot ? { slot } : {}) };
  const read = readYamlText(path, { listed: Boolean(options.listed) });
  if ('finding' in read) return { slotFile, helmReleases: [], findings: [read.finding] };
  // The fields the rules read, straight from the text (slot-scan.ts); the tree path where the scan declines.
  const scanned = scanSlotFile(path, read.text, options);
  if (scanned) {
    slotFile.objects = scanned.objects;
    slotFile.helmReleases = scanned.helmReleases.map((release) => release.name);
    return { slotFile, helmReleases: scanned.helmReleases, findings: [] };
  }
  const { file, findings } = await parseYamlText(path, read.text);
  const helmReleases: HelmRelease[] = [];
  if (!file) return { slotFile, helmReleases, findings };
  if (file.documents.every((document) => isEmptyNode(document.root))) {
    // A slot file with nothing in it is usually a truncated write or a forgotten stub.
    findings.push(inputFinding('input/empty', { file: path, line: 1, column: 1 },
      'the slot file holds no Kubernetes object (it is empty or only comments)',
      'add its resources, or delete the file'));
    return { slotFile, helmReleases, findings };
  }
  consumedFile = file;
  try {
    for (const release of helmReleasesInFile(file, options, findings, slotFile.objects)) {
      slotFile.helmReleases.push(release.name);
      helmReleases.push(release);
    }
  } finally {
    consumedFile = undefined;
  }
  // Copies at their exact length: a list grown by push() keeps room for 17 items, and these live to the end
  // of the run (at 10,000 slots the spare room of records' lists was 5 MB, every byte of it copied by the
  // young-generation collections that promote the records).
  slotFile.helmReleases = slotFile.helmReleases.slice();
  slotFile.objects = slotFile.objects!.slice();
  return { slotFile, helmReleases, findings };
}

/** Every HelmRelease of a parsed file, `List` wrappers unpacked, in document order. */
export function helmReleasesInFile(file: YamlFile, options: KitFileOptions, findings: Finding[], objects?: KubeObject[]): HelmRelease[] {
  const helmReleases: HelmRelease[] = [];
  for (const document of file.documents) {
    for (const object of expandLists(file, document.root, findings)) {
      const release = readHelmRelease(file, object, options, findings, objects);
      if (release) helmReleases.push(release);
    }
  }
  return helmReleases;
}

/**
 * A `kind: List` (or any `<Kind>List`) with `items:` is a wrapper that
 * kustomize unpacks into its items; everything else is one object.
 */
function expandLists(file: YamlFile, root: YamlNode | null, findings: Finding[]): (YamlNode | null)[] {
  if (root?.kind !== 'map') return [root];
  const kind = scalarString(mapValue(root, ['kind']));
  const items = mapValue(root, ['items']);
  if (!kind?.endsWith('List') || items === null) return [root];
  if (items.kind !== 'seq') {
    findings.push(inputFinding('input/invalid-resource', file.locate(items), `${kind} items: is ${describeNodeType(items)}, not a list`,
      'write items: as a list of objects'));
    return [];
  }
  return items.items.filter((item) => !isEmptyNode(item));
}

export function readHelmRelease(
  file: YamlFile,
  root: YamlNode | null,
  options: KitFileOptions,
  findings: Finding[],
  objects?: KubeObject[],
): HelmRelease | undefined {
  // A document of only comments (or `---` with nothing after it) is legal and empty.
  if (isEmptyNode(root)) return undefined;
  if (root?.kind !== 'map') {
    findings.push(inputFinding('input/invalid-resource', file.locate(root),
      `document is ${describeNodeType(root)}, not a Kubernetes object`,
      'each YAML document in a slot file must be a mapping with apiVersion and kind'));
    return undefined;
  }
  const kindNode = mapValue(root, ['kind']);
  const apiVersionNode = mapValue(root, ['apiVersion']);
  const kind = keptScalar(kindNode);
  const apiVersion = keptScalar(apiVersionNode);
  if (kind !== undefined && objects) {
    const location = file.locate(root);
    const kindLocation = file.locate(kindNode);
    // One literal per shape, not a spread: an object literal holds its own fields in the object, and a spread
    // added after them goes to a separate property store (40 bytes more per object, 30,000 objects at 10,000 slots).
    objects.push(apiVersion !== undefined
      ? { kind, file: file.path, location, kindLocation, apiVersion, apiVersionLocation: file.locate(apiVersionNode) }
      : { kind, file: file.path, location, kindLocation });
  }
  if (!classifyHelmReleaseApi(apiVersion, kind).isHelmRelease) return undefined;

  const nameNode = mapValue(root, ['metadata', 'name']);
  const name = keptScalar(nameNode);
  if (!name) {
    findings.push(inputFinding('input/invalid-resource', file.locate(nameNode ?? root),
      'HelmRelease has no metadata.name', 'give the HelmRelease a metadata.name'));
    return undefined;
  }
  const namespace = options.namespaceOverride ?? keptScalar(mapValue(root, ['metadata', 'namespace']));
  const spec = mapValue(root, ['spec']);
  const dependsOnEntry = mapEntry(spec, 'dependsOn');
  const dependsOn = readDependsOn(file, dependsOnEntry?.value ?? null, findings);
  const labelNode = mapValue(root, ['metadata', 'labels', options.slotLabel]);
  const label = keptScalar(labelNode);
  const versionNode = mapValue(spec, ['chart', 'spec', 'version']);
  const chartVersion = keptScalar(versionNode);
  const location = file.locate(nameNode);
  // Inline suppression (`"<rule>: <reason>"`); src/suppress/annotation.ts reads the text.
  const ignoreNode = mapValue(root, ['metadata', 'annotations', 'bootstrap-deps.io/ignore']);
  return {
    name,
    file: file.path,
    location,
    dependsOnLocation: dependsOnEntry ? file.locate(dependsOnEntry.keyPosition) : location,
    dependsOn,
    ...(apiVersion ? { apiVersion } : {}),
    ...(namespace ? { namespace } : {}),
    ...(label !== undefined ? { slotLabel: { value: label, location: file.locate(labelNode) } } : {}),
    ...(chartVersion ? { chartVersion: { value: chartVersion, location: file.locate(versionNode) } } : {}),
    ...(ignoreNode ? { ignoreAnnotation: { value: keptScalar(ignoreNode) ?? '', location: file.locate(ignoreNode) } } : {}),
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
  const consumed = file === consumedFile;
  for (let index = 0; index < node.items.length; index += 1) {
    const ref = readDependsOnItem(file, node.items[index]!, findings);
    if (ref) refs.push(ref);
    // An item read is garbage now, not when the file is done: 520,000 items kept a 180 MB tree alive next to their records.
    if (consumed) node.items[index] = null;
  }
  // At its exact length: the release keeps it to the end of the run (see loadKitFile).
  return refs.slice();
}

export const DEPENDS_ON_ITEM_KEYS = ['name', 'namespace', 'readyExpr'];

/** One `dependsOn` item, checked field by field against Flux's DependencyReference (`keys`: the fields it has). */
export function readDependsOnItem(file: YamlFile, item: YamlNode | null, findings: Finding[], keys: readonly string[] = DEPENDS_ON_ITEM_KEYS): DependsOnRef | undefined {
  if (item?.kind !== 'map') {
    findings.push(inputFinding('input/invalid-resource', file.locate(item), `dependsOn item is ${describeNodeType(item)}`,
      'write each item as "- name: <HelmRelease>" (optionally with namespace:)'));
    return undefined;
  }
  const nameNode = mapValue(item, ['name']);
  const name = stringField(file, item, 'name', findings);
  if (name === undefined || name === null) {
    if (nameNode === null) {
      findings.push(inputFinding('input/invalid-resource', file.locate(item), 'dependsOn item is a mapping without a name',
        'write each item as "- name: <HelmRelease>" (optionally with namespace:)'));
    }
    return undefined;
  }
  const namespace = stringField(file, item, 'namespace', findings);
  const readyExpr = stringField(file, item, 'readyExpr', findings);
  if (namespace === null || readyExpr === null) return undefined;
  for (const entry of item.entries) {
    if (keys.includes(entry.key)) continue;
    const suggestion = closestName(entry.key, keys);
    // Flux applies with server-side apply, which types the object by its CRD's schema and refuses a field it does not
    // declare ("failed to create typed patch object: ...: field not declared in schema"): the whole apply fails (a trial:
    // hmcts/sds-flux-config's .spec.forceUpgrade). It was a warning, "dropped when the object is applied".
    findings.push({
      rule: 'dependsOn/unknown-key',
      severity: 'error',
      message: `dependsOn item has the key ${JSON.stringify(entry.key)}, which Flux does not know: the API server refuses the object (Flux applies it server-side, and the CRD declares no such field: "field not declared in schema")`,
      fix: suggestion ? `did you mean ${suggestion}?` : `use only ${keys.join(', ')}`,
      location: file.locate(entry.keyPosition),
    });
  }
  return {
    name: keptText(name),
    location: file.locate(item),
    nameLocation: file.locate(nameNode),
    ...(namespace ? { namespace: keptText(namespace) } : {}),
    ...(readyExpr ? { readyExpr: { value: keptText(readyExpr), location: file.locate(mapValue(item, ['readyExpr'])) } } : {}),
  };
}

/**
 * A string field of a dependsOn item: its value, undefined when absent (or
 * null), or null when it is there but not a string (reported: Flux's API
 * server rejects the object, and this tool never guesses what was meant).
 */
function stringField(file: YamlFile, item: YamlNode, key: string, findings: Finding[]): string | undefined | null {
  const node = mapValue(item, [key]);
  if (isEmptyNode(node)) return undefined;
  if (node!.kind === 'scalar' && typeof node!.value === 'string') return node!.value;
  if (node!.kind === 'scalar' && key !== 'readyExpr') return scalarString(node);
  findings.push(inputFinding('input/invalid-resource', file.locate(node), `dependsOn item ${key}: is ${describeNodeType(node)}, not a string`,
    `write ${key}: as a plain string`));
  return null;
}

