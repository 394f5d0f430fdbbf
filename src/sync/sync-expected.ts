import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { Document } from 'yaml';
import type { AuditModel } from '../model/audit-model.js';
import { compareText } from '../model/compare.js';
import { compareSlots, parseSlot } from '../model/slot.js';
import type { HelmRelease, SlotId } from '../model/types.js';

export interface SyncOptions {
  /** Remove declared entries whose HelmRelease is not on disk. */
  prune?: boolean;
  /** Wave of newly added entries (default `present`). */
  wave?: string;
}

export interface SyncResult {
  text: string;
  /** One line per change, for the terminal. */
  changes: string[];
}

// Re-rendering with these options reproduces a hand-written file byte for byte
// (checked on real expected files), so only the edited lines change.
export const STRINGIFY_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * What a slot looks like in YAML: a plain integer where it is one, else the
 * string as the file name spells it ("01a" for 01a-bp-x.yaml, not "1a").
 */
function slotValue(slot: SlotId, fileName: string | undefined): number | string {
  if (/^\d+$/.test(slot.key)) return Number(slot.key);
  return /^(\d+[a-z])-/.exec(fileName ?? '')?.[1] ?? slot.key;
}

function onDiskDependencies(release: HelmRelease): string[] {
  return [...new Set(release.dependsOn.map((dependency) => dependency.name))].sort();
}

function flowSeq(document: Document, names: string[]): YAMLSeq {
  const seq = document.createNode(names) as YAMLSeq;
  seq.flow = true;
  return seq;
}

/** A key's plain value, whether the map holds a node (parsed) or a raw value. */
function entryValue(item: unknown, key: string): unknown {
  const value = isMap(item) ? item.get(key, true) : undefined;
  return isScalar(value) ? value.value : value;
}

function entryName(item: unknown): string | undefined {
  const name = entryValue(item, 'name');
  return typeof name === 'string' ? name : undefined;
}

function entrySlot(item: unknown): SlotId | undefined {
  return parseSlot(entryValue(item, 'slot'));
}

/**
 * Makes the expected DAG agree with the kit on disk, editing through the yaml
 * Document API so comments, key order and list styles survive:
 * undeclared HelmReleases are added in slot order, `depends_on` sets are
 * updated (kept entries stay where they were, new ones are appended), and
 * deferred entries stay unless `prune` is set.
 */
export function syncExpected(text: string, model: AuditModel, options: SyncOptions = {}): SyncResult {
  const document = parseDocument(text);
  const changes: string[] = [];
  let slots = document.get('slots', true);
  if (!isSeq(slots)) {
    slots = new YAMLSeq();
    document.set('slots', slots);
  }
  // `slots: []` (a new file) becomes a block list once it has entries.
  if ((slots as YAMLSeq).items.length === 0) (slots as YAMLSeq).flow = false;
  const items = (slots as YAMLSeq).items;
  const seen = new Set<string>();
  const onDisk = new Map(model.repository.helmReleases.map((release) => [release.name, release]));

  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    const name = entryName(item);
    if (!name || seen.has(name) || !isMap(item)) continue;
    seen.add(name);
    const release = onDisk.get(name);
    if (!release) {
      if (options.prune) {
        items.splice(index, 1);
        index -= 1;
        changes.push(`removed ${name} (not in the kit)`);
      }
      continue;
    }
    const wanted = onDiskDependencies(release);
    const node = item.get('depends_on', true);
    const current = isSeq(node) ? node.items.map((entry) => (isScalar(entry) ? String(entry.value) : '')) : [];
    if (new Set(current).size === wanted.length && wanted.every((dependency) => current.includes(dependency))) continue;
    if (isSeq(node)) {
      const kept = new Set<string>();
      node.items = node.items.filter((entry) => {
        const value = isScalar(entry) ? String(entry.value) : '';
        if (!wanted.includes(value) || kept.has(value)) return false;
        kept.add(value);
        return true;
      });
      for (const dependency of wanted) if (!current.includes(dependency)) node.items.push(document.createNode(dependency));
    } else {
      item.set('depends_on', flowSeq(document, wanted));
    }
    changes.push(`${name}: depends_on [${current.join(', ')}] → [${wanted.join(', ')}]`);
  }

  const slotFiles = model.slotFilesByPath;
  const undeclared = model.repository.helmReleases
    .filter((release) => !seen.has(release.name))
    .map((release) => ({ release, slot: slotFiles.get(release.file)?.slot }))
    .filter((entry): entry is { release: HelmRelease; slot: SlotId } => {
      if (!entry.slot) changes.push(`skipped ${entry.release.name}: its file name has no slot prefix`);
      return entry.slot !== undefined;
    })
    .sort((a, b) => compareSlots(a.slot, b.slot) || compareText(a.release.name, b.release.name));
  for (const { release, slot } of undeclared) {
    const entry = document.createNode({ slot: slotValue(slot, slotFiles.get(release.file)?.fileName), name: release.name, depends_on: [], wave: options.wave ?? 'present' }) as YAMLMap;
    entry.set('depends_on', flowSeq(document, onDiskDependencies(release)));
    // A sub-slot is written "15a", quoted, as the contract shows it.
    const slotNode = entry.get('slot', true);
    if (isScalar(slotNode) && typeof slotNode.value === 'string') slotNode.type = 'QUOTE_DOUBLE';
    // After the last entry whose slot is not greater, so the file stays in slot order.
    let position = items.length;
    while (position > 0) {
      const before = entrySlot(items[position - 1]);
      if (before && compareSlots(before, slot) <= 0) break;
      position -= 1;
    }
    items.splice(position, 0, entry);
    changes.push(`added ${release.name} (slot ${slot.display}, wave ${options.wave ?? 'present'})`);
  }
  return { text: changes.length === 0 ? text : document.toString(STRINGIFY_OPTIONS), changes };
}

/** A first expected DAG for a kit that has none: every HelmRelease on disk, in slot order. */
export function initialExpected(model: AuditModel, options: { wave?: string } = {}): SyncResult {
  const { text, changes } = syncExpected('slots: []\n', model, options);
  return { text: `${INITIAL_HEADER}\n${text}`, changes };
}

const INITIAL_HEADER = [
  '# The dependency DAG this team intends for the bootstrap kit.',
  '# bootstrap-deps check compares every HelmRelease on disk with it:',
  '# depends_on is a set (order and repeats do not matter); a declared slot',
  '# whose file has not landed yet is reported as deferred, not as an error.',
  '',
].join('\n');
