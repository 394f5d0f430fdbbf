import type { SlotFile } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'slot/shared-prefix',
  severity: 'warning',
  description: 'two slot files share one slot prefix',
  help: 'Give each file its own slot; a companion slot takes a sub-slot letter (15 → 15a).',
  check({ repository }) {
    const firstBySlot = new Map<string, SlotFile>();
    return repository.slotFiles.flatMap((file) => {
      if (!file.slot) return [];
      const first = firstBySlot.get(file.slot.key);
      if (!first) {
        firstBySlot.set(file.slot.key, file);
        return [];
      }
      return [{
        message: `${file.fileName} shares slot prefix ${file.slot.display} with ${first.fileName}`,
        fix: `renumber one of them (a sub-slot such as ${file.slot.display.replace(/[a-z]$/, '')}b keeps it next to its neighbour)`,
        ...(file.helmReleases[0] ? { hr: file.helmReleases[0] } : {}),
        location: { file: file.path, line: 1, column: 1 },
      }];
    });
  },
});
