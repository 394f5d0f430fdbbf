import { compareText } from './compare.js';
import type { SlotId } from './types.js';

// `<digits><optional lower-case letter>`: the contract's slot syntax (01, 15, 15a, 60).
const SLOT_PATTERN = /^(\d+)([a-z]?)$/;
const FILE_PREFIX_PATTERN = /^(\d+)([a-z]?)-/;

function slotFromParts(digits: string, suffix: string): SlotId {
  const number = Number.parseInt(digits, 10);
  return { key: `${number}${suffix}`, display: `${String(number).padStart(2, '0')}${suffix}`, number };
}

/** Parses `6`, `06`, `"15a"`; undefined for anything else (floats, negatives, `15A`). */
export function parseSlot(value: unknown): SlotId | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? slotFromParts(String(value), '') : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = SLOT_PATTERN.exec(value.trim());
  return match ? slotFromParts(match[1]!, match[2]!) : undefined;
}

/** The slot a file name claims (`60-bp-x.yaml` → 60), if it starts with one. */
export function slotFromFileName(fileName: string): SlotId | undefined {
  const match = FILE_PREFIX_PATTERN.exec(fileName);
  return match ? slotFromParts(match[1]!, match[2]!) : undefined;
}

/** Orders slots numerically, then by suffix: 2 < 9 < 15 < 15a < 15b < 60. */
export function compareSlots(a: SlotId, b: SlotId): number {
  if (a.number !== b.number) return a.number - b.number;
  return compareText(a.key, b.key);
}

/**
 * The first sub-slot of `slot`'s number (`06a`, `06b`, ...) that no key in
 * `taken` uses: a suggestion that does not collide with a slot already there.
 */
export function freeSubSlot(slot: SlotId, taken: ReadonlySet<string>): SlotId | undefined {
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
    const candidate = slotFromParts(String(slot.number), letter);
    if (!taken.has(candidate.key)) return candidate;
  }
  return undefined;
}

/** Every slot key the kit's file names and the expected DAG use. */
export function slotKeysInUse(slotFiles: readonly { slot?: SlotId }[], expected: readonly { slot: SlotId }[]): Set<string> {
  return new Set([...slotFiles.flatMap((file) => (file.slot ? [file.slot.key] : [])), ...expected.map((entry) => entry.slot.key)]);
}
