import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Finding, Kustomization, KustomizationResource } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import { readYamlFile } from './yaml-file.js';
import { describeNodeType, isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';

/** The names kustomize looks for, in its own order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A resource that points at another place (remote base, parent directory) is never read. */
function resolveInside(kitDir: string, entry: string): string | undefined {
  // The usual entry is a bare file name: no need for path arithmetic.
  if (/^[\w.-]+$/.test(entry) && entry !== '.' && entry !== '..') return join(kitDir, entry);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith('github.com/')) return undefined;
  if (isAbsolute(entry)) return undefined;
  const target = resolve(kitDir, entry);
  const fromKit = relative(kitDir, target);
  if (fromKit === '' || fromKit.startsWith(`..${sep}`) || fromKit === '..' || isAbsolute(fromKit)) return undefined;
  return target;
}

export async function loadKustomization(
  path: string,
  kitDir: string,
): Promise<{ kustomization?: Kustomization; findings: Finding[] }> {
  const { file, findings } = await readYamlFile(path);
  if (!file) return { findings };
  const root = file.documents[0]?.root;
  if (!root || file.documents.length > 1) {
    const why = !root ? 'is empty' : 'holds more than one YAML document';
    return {
      findings: [inputFinding('input/invalid-resource', file.locate(root), `kustomization ${why}`,
        'write one Kustomization document with a resources: list')],
    };
  }
  const resourcesEntry = mapEntry(root, 'resources');
  if (mapEntry(root, 'kind') === undefined && resourcesEntry === undefined) {
    return {
      findings: [inputFinding('input/invalid-resource', file.locate(root), 'kustomization has no resources: list',
        'list the slot files under resources:')],
    };
  }
  const resources: KustomizationResource[] = [];
  const list = resourcesEntry?.value;
  // `resources:` with nothing after it is an empty list, not an error.
  if (list && list.kind !== 'seq' && !isEmptyNode(list)) {
    return {
      findings: [inputFinding('input/invalid-resource', file.locate(list),
        `resources: is ${describeNodeType(list)}, not a list`, 'write resources: as a list of file names')],
    };
  }
  let itemIndent = '  ';
  // One directory listing answers "does it exist" for the usual entry, a file in the kit directory.
  let listing: Set<string>;
  try {
    listing = new Set(readdirSync(kitDir));
  } catch {
    listing = new Set();
  }
  const exists = (target: string) => (dirname(target) === kitDir && listing.has(basename(target))) || existsSync(target);
  if (list?.kind === 'seq') {
    for (const item of list.items) {
      const entry = scalarString(item);
      const location = file.locate(item);
      if (entry === undefined) {
        findings.push(inputFinding('input/invalid-resource', location,
          `resources: entry is ${describeNodeType(item)}, not a file name`, 'write each entry as a plain file name'));
        continue;
      }
      const resolved = resolveInside(kitDir, entry);
      resources.push(resolved === undefined
        ? { entry, exists: false, location }
        : { entry, path: resolved, exists: exists(resolved), location });
    }
    const first = resources[0]?.location.column;
    // The "- " sits two columns before the item value.
    if (first && first > 2) itemIndent = ' '.repeat(first - 3);
  }
  const namespace = scalarString(mapValue(root, ['namespace']));
  const kustomization: Kustomization = {
    path,
    resources,
    resourcesLocation: file.locate(resourcesEntry?.keyPosition ?? root),
    itemIndent,
    ...(namespace ? { namespace } : {}),
  };
  return { kustomization, findings };
}
