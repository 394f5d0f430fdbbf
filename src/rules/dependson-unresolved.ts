import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// Only dependencies that are declared but deferred: an undeclared one is already
// drift/extra-edge or expected/unknown-dependency.
export default defineRule({
  id: 'dependsOn/unresolved',
  severity: 'error',
  description: 'a HelmRelease on disk depends on one that is declared but not on disk (deferred)',
  help: 'Land the dependency\'s slot file first, or drop the dependency until it lands.',
  check({ repository, releasesByName, expectedByName }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      let seen: Set<string> | undefined; // a repeated item is dependsOn/duplicate's finding, not a second one here
      for (const dependency of release.dependsOn) {
        const entry = expectedByName.get(dependency.name);
        if (releasesByName.has(dependency.name) || !entry || seen?.has(dependency.name)) continue;
        (seen ??= new Set()).add(dependency.name);
        findings.push({
          message: `${release.name} depends on ${dependency.name} (slot ${entry.slot.display}${entry.wave ? `, wave ${entry.wave}` : ''}), which is not in the kit: Flux holds ${release.name} at DependencyNotReady until it lands`,
          fix: `add the slot file for ${dependency.name} to the kit, or remove this dependency until it lands`,
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    return findings;
  },
});
