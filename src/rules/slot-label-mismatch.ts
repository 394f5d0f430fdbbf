import { parseSlot } from '../model/slot.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'slot/label-mismatch',
  severity: 'error',
  description: 'the HelmRelease\'s slot label differs from its file\'s slot',
  help: 'Set the slot label to the file\'s slot prefix, quoted ("60").',
  check({ repository, slotFilesByPath }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const fileSlot = slotFilesByPath.get(release.file)?.slot;
      const label = release.slotLabel;
      if (!fileSlot || !label || parseSlot(label.value)?.key === fileSlot.key) continue;
      findings.push({
        message: `${release.name} carries ${repository.slotLabel}: "${label.value}", but its file is slot ${fileSlot.display}`,
        fix: `set ${repository.slotLabel}: "${fileSlot.display}"`,
        hr: release.name,
        location: label.location,
      });
    }
    return findings;
  },
});
