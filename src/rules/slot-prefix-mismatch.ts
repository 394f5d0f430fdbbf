import { displayLocation } from '../model/paths.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'slot/prefix-mismatch',
  severity: 'error',
  description: 'the file\'s slot prefix differs from the expected slot of the HelmRelease it holds',
  help: 'Rename the file so its prefix is the declared slot, or correct slot: in the expected DAG.',
  check({ repository, expectedFor, slotFilesByPath }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const fileSlot = slotFilesByPath.get(release.file)?.slot;
      const entry = expectedFor(release);
      if (!fileSlot || !entry || fileSlot.key === entry.slot.key) continue;
      const fileName = slotFilesByPath.get(release.file)!.fileName;
      const renamed = fileName.replace(/^\d+[a-z]?/, entry.slot.display);
      findings.push({
        message: `${fileName} has slot prefix ${fileSlot.display}, but the expected DAG declares ${release.name} at slot ${entry.slot.display} (${displayLocation(repository.cwd, entry.slotLocation)})`,
        fix: `rename the file to ${renamed}, or change slot: in the expected DAG`,
        hr: release.name,
        location: release.location,
      });
    }
    return findings;
  },
});
