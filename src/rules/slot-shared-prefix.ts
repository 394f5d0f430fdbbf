import type { SlotFile } from '../model/types.js';
import { freeSubSlot, slotKeysInUse } from '../model/slot.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'slot/shared-prefix',
  severity: 'warning',
  description: 'two slot files share one slot prefix',
  help: 'Give each file its own slot; a companion slot takes a sub-slot letter (15 → 15a).',
  check({ repository }) {
    const firstBySlot = new Map<string, SlotFile>();
    const taken = slotKeysInUse(repository.slotFiles, repository.expected);
    const findings: RuleFinding[] = [];
    for (const file of repository.slotFiles) {
      if (!file.slot) continue;
      const first = firstBySlot.get(file.slot.key);
      if (!first) {
        firstBySlot.set(file.slot.key, file);
        continue;
      }
      findings.push({
        message: `${file.fileName} shares slot prefix ${file.slot.display} with ${first.fileName}`,
        fix: subSlotFix(freeSubSlot(file.slot, taken)?.display),
        ...(file.helmReleases[0] ? { hr: file.helmReleases[0] } : {}),
        location: { file: file.path, line: 1, column: 1 },
      });
    }
    return findings;
  },
});

function subSlotFix(free: string | undefined): string {
  return free ? `renumber one of them (a free sub-slot such as ${free} keeps it next to its neighbour)` : 'renumber one of them';
}
