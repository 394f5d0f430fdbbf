import { displayLocation } from '../model/paths.js';
import { isUnknownTarget } from './dependson-unknown-target.js';
import { nameLookup } from './name-lookup.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'drift/extra-edge',
  severity: 'error',
  description: 'the HelmRelease depends on something the expected DAG does not declare for it',
  help: 'Remove the item from spec.dependsOn, or declare it under depends_on in the expected DAG.',
  check(model) {
    const { repository, expectedFor } = model;
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const entry = expectedFor(release);
      if (!entry) continue;
      const declared = nameLookup(entry.dependsOn, (item) => item.value);
      // What was reported is remembered only once there is some.
      let seen: Set<string> | undefined;
      for (const dependency of release.dependsOn) {
        if (declared(dependency.name) || seen?.has(dependency.name)) continue;
        (seen ??= new Set()).add(dependency.name);
        findings.push({
          message: `${release.name} depends on ${dependency.name}, which the expected DAG does not declare`,
          // A name nothing declares is a typo to correct, never one to write into the expected DAG.
          fix: isUnknownTarget(model, dependency.name)
            ? 'remove it from spec.dependsOn, or correct the name (see dependsOn/unknown-target)'
            : `remove it from spec.dependsOn, or add ${dependency.name} to depends_on of ${release.name} (${displayLocation(repository.cwd, entry.location)})`,
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    return findings;
  },
});
