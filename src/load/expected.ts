import type * as z from 'zod/mini';
import { closestName } from '../model/names.js';
import { parseSlot } from '../model/slot.js';
import type { ExpectedSlot, Finding } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import { isFastParsed, readYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { isEmptyNode, keptText, mapValue } from './yaml-tree.js';

const KNOWN_TOP_LEVEL_KEYS = new Set(['slots']);
const KNOWN_ENTRY_KEYS = new Set(['slot', 'name', 'namespace', 'depends_on', 'wave']);

export interface LoadedExpected {
  slots: ExpectedSlot[];
  findings: Finding[];
}

export async function loadExpected(path: string): Promise<LoadedExpected> {
  const { file, findings } = await readYamlFile(path, {
    message: 'expected DAG file not found',
    fix: 'pass --expected FILE, or run from the repository (or pass --root DIR)',
  });
  if (!file) return { slots: [], findings };
  return expectedFromFile(file, findings);
}

/**
 * The expected DAG of a parsed file. `fastPath: false` forces the schema path
 * (the differential test compares the two).
 */
export async function expectedFromFile(file: YamlFile, findings: Finding[] = [], { fastPath = true } = {}): Promise<LoadedExpected> {
  const empty = () => ({ slots: [], findings: [inputFinding('input/empty', file.locate(null), 'the expected DAG file is empty',
    'declare the slots under slots:')] });
  // A trailing `---` (an empty document) is what many editors and generators leave.
  const documents = file.documents.filter((document, index) => index === 0 || !isEmptyNode(document.root));
  if (documents.length === 0) return empty();
  if (documents.length > 1) {
    return {
      slots: [],
      findings: [inputFinding('input/invalid-expected', file.locate(documents[1]!.root),
        'the expected DAG file holds more than one YAML document', 'keep one document with a slots: list')],
    };
  }
  const document = documents[0]!;
  const root = document.root;
  const fast = fastPath && isFastParsed(file) ? expectedFromTree(file, root) : undefined;
  if (fast) return { slots: fast, findings };
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    return {
      slots: [],
      findings: [inputFinding('input/parse-error', file.locate(root),
        `cannot expand YAML aliases: ${(error as Error).message}`, 'remove the aliases (*name) from the file')],
    };
  }
  if (data === null || data === undefined) return empty();
  // The schema (and zod) load only here: the usual file takes the fast path above, and a hook pays zod's start-up on every run.
  const { expectedFileSchema, loadSchemaMessages } = await import('./expected-schema.js');
  let result = expectedFileSchema.safeParse(data);
  if (!result.success) {
    await loadSchemaMessages();
    result = expectedFileSchema.safeParse(data);
  }
  if (!result.success) {
    return { slots: [], findings: result.error.issues.slice(0, 20).map((issue) => schemaFinding(file, root, issue)) };
  }
  const entries = result.data.slots ?? [];
  if (entries.length === 0) {
    return { slots: [], findings: [inputFinding('input/empty', file.locate(root),
      'the expected DAG declares no slots', 'add entries under slots:')] };
  }
  findings.push(...unknownKeyFindings(file, root, data as Record<string, unknown>, entries));
  const slotNodes = mapValue(root, ['slots']);
  const slots = entries.map((entry, index): ExpectedSlot => {
    const item = slotNodes?.kind === 'seq' ? slotNodes.items[index] ?? null : null;
    const dependsOnNode = mapValue(item, ['depends_on']);
    return {
      slot: parseSlot(entry.slot)!,
      name: keptText(entry.name),
      dependsOn: (entry.depends_on ?? []).map((name, dependencyIndex) => ({
        value: keptText(name),
        location: file.locate(dependsOnNode?.kind === 'seq' ? dependsOnNode.items[dependencyIndex] : item),
      })),
      ...(entry.wave !== undefined ? { wave: String(entry.wave) } : {}),
      ...(entry.namespace !== undefined ? { namespace: keptText(entry.namespace) } : {}),
      location: file.locate(item),
      nameLocation: file.locate(mapValue(item, ['name'])),
      slotLocation: file.locate(mapValue(item, ['slot'])),
    };
  });
  return { slots, findings };
}

/**
 * The expected DAG read straight from the tree, for a file that plainly fits
 * the schema: only known keys, every value of its type, at least one slot.
 * Anything else (undefined) takes the schema path, which reports it. It spares
 * a 10,000-entry file a plain-JS copy and zod's copy of that copy. For every
 * file it accepts, it returns what the schema path returns (test/expected-fast-path.test.ts).
 */
export function expectedFromTree(file: YamlFile, root: YamlNode | null): ExpectedSlot[] | undefined {
  if (root?.kind !== 'map' || root.entries.length !== 1 || root.entries[0]!.key !== 'slots') return undefined;
  const list = root.entries[0]!.value;
  if (list?.kind !== 'seq' || list.items.length === 0) return undefined;
  const slots: ExpectedSlot[] = [];
  for (const item of list.items) {
    if (item?.kind !== 'map') return undefined;
    let slotNode: YamlNode | null = null;
    let nameNode: YamlNode | null = null;
    let namespaceNode: YamlNode | null = null;
    let dependsOnNode: YamlNode | null = null;
    let waveNode: YamlNode | null = null;
    for (const entry of item.entries) {
      if (entry.key === 'slot') slotNode = entry.value;
      else if (entry.key === 'name') nameNode = entry.value;
      else if (entry.key === 'namespace') namespaceNode = entry.value;
      else if (entry.key === 'depends_on') dependsOnNode = entry.value;
      else if (entry.key === 'wave') waveNode = entry.value;
      else return undefined;
    }
    if (slotNode?.kind !== 'scalar' || nameNode?.kind !== 'scalar') return undefined;
    const slotValue = slotNode.value;
    const validSlot = typeof slotValue === 'number' ? Number.isSafeInteger(slotValue) && slotValue >= 0
      : typeof slotValue === 'string' && /^\d+[a-z]?$/.test(slotValue);
    const name = nameNode.value;
    if (!validSlot || typeof name !== 'string' || name.length === 0) return undefined;
    let namespace: string | undefined;
    if (namespaceNode) {
      if (namespaceNode.kind !== 'scalar' || typeof namespaceNode.value !== 'string' || namespaceNode.value.length === 0) return undefined;
      namespace = keptText(namespaceNode.value);
    }
    let wave: string | undefined;
    if (waveNode) {
      if (waveNode.kind !== 'scalar') return undefined;
      const value = waveNode.value;
      if (typeof value === 'string') wave = value;
      else if (typeof value === 'number' && Number.isFinite(value)) wave = String(value);
      else return undefined;
    }
    const dependsOn: ExpectedSlot['dependsOn'] = [];
    if (dependsOnNode && !(dependsOnNode.kind === 'scalar' && dependsOnNode.value === null)) {
      if (dependsOnNode.kind !== 'seq') return undefined;
      for (const dependency of dependsOnNode.items) {
        if (dependency?.kind !== 'scalar' || typeof dependency.value !== 'string' || dependency.value.length === 0) return undefined;
        dependsOn.push({ value: keptText(dependency.value), location: file.locate(dependency) });
      }
    }
    slots.push({
      slot: parseSlot(slotValue)!,
      name: keptText(name),
      // At its exact length: records live to the end of the run, and a list grown by push() keeps room for 17.
      dependsOn: dependsOn.slice(),
      ...(wave !== undefined ? { wave } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      location: file.locate(item),
      nameLocation: file.locate(nameNode),
      slotLocation: file.locate(slotNode),
    });
  }
  return slots;
}

/** The node at `path`, or the deepest one that exists on the way (a missing `name:` is located at its entry). */
function nodeAtPath(root: YamlNode | null, path: readonly PropertyKey[]): YamlNode | null {
  let node: YamlNode | null = root;
  for (const key of path) {
    let next: YamlNode | null = null;
    if (node?.kind === 'seq' && typeof key === 'number') next = node.items[key] ?? null;
    else if (node?.kind === 'map') next = mapValue(node, [String(key)]);
    if (next === null) break;
    node = next;
  }
  return node;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) =>
    typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
}

function schemaFinding(file: YamlFile, root: YamlNode | null, issue: z.core.$ZodIssue): Finding {
  const where = formatIssuePath(issue.path);
  return inputFinding('input/invalid-expected', file.locate(nodeAtPath(root, issue.path)), `${where || 'the file'}: ${issue.message}`,
    'each entry needs slot (7 or "15a"), name, and depends_on as a list of names');
}

function unknownKeyFindings(
  file: YamlFile,
  root: YamlNode | null,
  data: Record<string, unknown>,
  entries: readonly Record<string, unknown>[],
): Finding[] {
  const findings: Finding[] = [];
  const warn = (path: PropertyKey[], key: string, known: Set<string>) => {
    findings.push({
      rule: 'expected/unknown-key',
      severity: 'warning',
      message: `unknown key ${formatIssuePath([...path, key])}`,
      fix: closestName(key, known)
        ? `did you mean ${closestName(key, known)}? (a key this file does not know is ignored, not checked)`
        : `use only ${[...known].join(', ')} (a typo here is ignored, not checked)`,
      location: file.locate(nodeAtPath(root, [...path, key])),
    });
  };
  for (const key of Object.keys(data)) if (!KNOWN_TOP_LEVEL_KEYS.has(key)) warn([], key, KNOWN_TOP_LEVEL_KEYS);
  entries.forEach((entry, index) => {
    for (const key of Object.keys(entry)) if (!KNOWN_ENTRY_KEYS.has(key)) warn(['slots', index], key, KNOWN_ENTRY_KEYS);
  });
  return findings;
}
