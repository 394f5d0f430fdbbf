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
