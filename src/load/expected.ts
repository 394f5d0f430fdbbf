import { isMap, isSeq } from 'yaml';
import type { Document, ParsedNode } from 'yaml';
import { z } from 'zod';
import { parseSlot } from '../model/slot.js';
import type { ExpectedSlot, Finding, Location } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import { mapValue, readYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';

const slotValue = z.union([
  z.number().int('slot must be a whole number').nonnegative('slot must not be negative'),
  z.string().regex(/^\d+[a-z]?$/, 'slot must look like 7, 15 or "15a"'),
]);

/** The schema of `scripts/expected-bootstrap-deps.yaml`. Unknown keys are warned about, not rejected. */
export const expectedEntrySchema = z.looseObject({
  slot: slotValue,
  name: z.string().min(1, 'name must not be empty'),
  // `depends_on: []` and a missing or empty `depends_on:` all mean "no dependencies".
  depends_on: z.array(z.string().min(1, 'a dependency name must not be empty')).nullish(),
  wave: z.union([z.string(), z.number()]).optional(),
});

export const expectedFileSchema = z.looseObject({
  slots: z.array(expectedEntrySchema).nullish(),
});

export type ExpectedFile = z.infer<typeof expectedFileSchema>;

const KNOWN_TOP_LEVEL_KEYS = new Set(['slots']);
const KNOWN_ENTRY_KEYS = new Set(['slot', 'name', 'depends_on', 'wave']);

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
  if (file.documents.length !== 1) {
    const location = file.locate(file.documents[1]?.contents);
    return {
      slots: [],
      findings: [file.documents.length === 0
        ? inputFinding('input/empty', file.locate(null), 'the expected DAG file is empty', 'declare the slots under slots:')
        : inputFinding('input/invalid-expected', location, 'the expected DAG file holds more than one YAML document',
          'keep one document with a slots: list')],
    };
  }
  const document = file.documents[0]!;
  let data: unknown;
  try {
    // maxAliasCount bounds alias expansion: a "billion laughs" file stops here, quickly.
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return {
      slots: [],
      findings: [inputFinding('input/parse-error', file.locate(document.contents),
        `cannot expand YAML aliases: ${(error as Error).message}`, 'remove the aliases (*name) from the file')],
    };
  }
  if (data === null || data === undefined) {
    return { slots: [], findings: [inputFinding('input/empty', file.locate(null), 'the expected DAG file is empty',
      'declare the slots under slots:')] };
  }
  const result = expectedFileSchema.safeParse(data);
  if (!result.success) {
    return { slots: [], findings: result.error.issues.slice(0, 20).map((issue) => schemaFinding(file, document, issue)) };
  }
  const entries = result.data.slots ?? [];
  if (entries.length === 0) {
    return { slots: [], findings: [inputFinding('input/empty', file.locate(document.contents),
      'the expected DAG declares no slots', 'add entries under slots:')] };
  }
  findings.push(...unknownKeyFindings(file, document, data as Record<string, unknown>, entries));
  const slotNodes = mapValue(document, document.contents, ['slots']);
  const slots = entries.map((entry, index): ExpectedSlot => {
    const item = isSeq(slotNodes) ? (slotNodes.items[index] as ParsedNode) : null;
    const dependsOnNode = mapValue(document, item, ['depends_on']);
    return {
      slot: parseSlot(entry.slot)!,
      name: entry.name,
      dependsOn: (entry.depends_on ?? []).map((name, dependencyIndex) => ({
        value: name,
        location: file.locate(isSeq(dependsOnNode) ? (dependsOnNode.items[dependencyIndex] as ParsedNode) : item),
      })),
      ...(entry.wave !== undefined ? { wave: String(entry.wave) } : {}),
      location: file.locate(item),
      nameLocation: file.locate(mapValue(document, item, ['name'])),
      slotLocation: file.locate(mapValue(document, item, ['slot'])),
    };
  });
  return { slots, findings };
}

function nodeAtPath(document: Document.Parsed, path: readonly PropertyKey[]): ParsedNode | null {
  let node: unknown = document.contents;
  for (const key of path) {
    if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else if (isMap(node)) node = mapValue(document, node, [String(key)]);
    else break;
  }
  return (node ?? null) as ParsedNode | null;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) =>
    typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
}

function schemaFinding(file: YamlFile, document: Document.Parsed, issue: z.core.$ZodIssue): Finding {
  const where = formatIssuePath(issue.path);
  const location: Location = file.locate(nodeAtPath(document, issue.path));
  return inputFinding('input/invalid-expected', location, `${where || 'the file'}: ${issue.message}`,
    'each entry needs slot (7 or "15a"), name, and depends_on as a list of names');
}

function unknownKeyFindings(
  file: YamlFile,
  document: Document.Parsed,
  data: Record<string, unknown>,
  entries: readonly Record<string, unknown>[],
): Finding[] {
  const findings: Finding[] = [];
  const warn = (path: PropertyKey[], key: string, known: Set<string>) => {
    findings.push({
      rule: 'expected/unknown-key',
      severity: 'warning',
      message: `unknown key ${formatIssuePath([...path, key])}`,
      fix: `use only ${[...known].join(', ')} (a typo here is ignored, not checked)`,
      location: file.locate(nodeAtPath(document, [...path, key])),
    });
  };
  for (const key of Object.keys(data)) if (!KNOWN_TOP_LEVEL_KEYS.has(key)) warn([], key, KNOWN_TOP_LEVEL_KEYS);
  entries.forEach((entry, index) => {
    for (const key of Object.keys(entry)) if (!KNOWN_ENTRY_KEYS.has(key)) warn(['slots', index], key, KNOWN_ENTRY_KEYS);
  });
  return findings;
}
