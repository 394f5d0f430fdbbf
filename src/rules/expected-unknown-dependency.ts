import { displayLocation } from '../model/paths.js';
import { unknownTargetFix } from './dependson-unknown-target.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'expected/unknown-dependency',
  severity: 'error',
  description: 'an expected slot depends on a name that no slot declares',
  help: 'Declare the dependency as a slot of its own, or correct the name.',
  check(model) {
    const { repository, expectedByName, releasesByName } = model;
    // Loops, not flatMap: two arrays per entry of a 10,000-entry DAG for what is usually no finding.
    const findings: RuleFinding[] = [];
    for (const entry of repository.expected) {
      for (const dependency of entry.dependsOn) {
        if (expectedByName.has(dependency.value)) continue;
        findings.push({
          message: `${entry.name} depends on ${dependency.value}, which no slot declares`,
          // Declaring is right only for a HelmRelease the kit holds; any other name is a typo to correct.
          fix: releasesByName.has(dependency.value)
            ? `declare ${dependency.value} under slots: (it is in the kit at ${displayLocation(repository.cwd, releasesByName.get(dependency.value)!.location)}), or correct the name`
            : unknownTargetFix(model, dependency.value),
          hr: entry.name,
          dependency: dependency.value,
          location: dependency.location,
        });
      }
    }
    return findings;
  },
});
