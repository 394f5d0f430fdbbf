import type { ExpectedSlot } from '../model/types.js';
import { freeSubSlot, slotKeysInUse } from '../model/slot.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'expected/shared-slot',
  severity: 'warning',
  description: 'two expected entries declare the same slot number',
  help: 'Give each entry its own slot; use a sub-slot such as 15a for a companion of slot 15.',
  check({ repository }) {
    const firstBySlot = new Map<string, ExpectedSlot>();
    const taken = slotKeysInUse(repository.slotFiles, repository.expected);
    const free = (slot: ExpectedSlot['slot']) => {
      const subSlot = freeSubSlot(slot, taken);
      return subSlot ? ` (a free sub-slot such as ${subSlot.display} works)` : '';
    };
    const findings: RuleFinding[] = [];
    for (const entry of repository.expected) {
      const first = firstBySlot.get(entry.slot.key);
      if (!first) {
        firstBySlot.set(entry.slot.key, entry);
        continue;
      }
      if (first.name === entry.name) continue; // expected/duplicate-slot says it
      findings.push({
        message: `slot ${entry.slot.display} is declared for both ${first.name} (line ${first.location.line}) and ${entry.name}`,
        fix: `give ${entry.name} a slot of its own${free(entry.slot)}`,
        hr: entry.name,
        location: entry.slotLocation,
      });
    }
    return findings;
  },
});
