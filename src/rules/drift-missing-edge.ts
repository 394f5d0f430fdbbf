import { displayLocation } from '../model/paths.js';
import { yamlScalar } from '../model/yaml-scalar.js';
import type { ExpectedSlot } from '../model/types.js';
import { nameLookup } from './name-lookup.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// Located in the slot file (at spec.dependsOn) rather than in the expected DAG:
// the HelmRelease is what drifted, and the slot file is what a pull request
// usually touches, so CI annotations land where the reviewer is looking.
export default defineRule({
  id: 'drift/missing-edge',
  severity: 'error',
  description: 'the expected DAG declares a dependency that the HelmRelease lacks',
  help: 'Add the dependency to spec.dependsOn, or remove it from depends_on in the expected DAG.',
  check({ repository, expectedFor, expectedByName, releasesByName }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const entry = expectedFor(release);
      if (!entry) continue;
      const actual = nameLookup(release.dependsOn, (dependency) => dependency.name);
      // What was reported is remembered only once there is some.
      let seen: Set<string> | undefined;
      for (const declared of entry.dependsOn) {
        if (actual(declared.value) || seen?.has(declared.value)) continue;
        (seen ??= new Set()).add(declared.value);
        findings.push({
          message: `${release.name} does not depend on ${declared.value}, which the expected DAG declares (${displayLocation(repository.cwd, declared.location)})`,
          // Adding the item for a deferred dependency would only trade this for dependsOn/unresolved.
          fix: deferredFix(declared.value, expectedByName.get(declared.value), releasesByName.has(declared.value))
            ?? `add "- name: ${yamlScalar(declared.value)}" to spec.dependsOn, or remove it from depends_on in the expected DAG`,
          hr: release.name,
          dependency: declared.value,
          location: release.dependsOnLocation,
        });
      }
    }
    return findings;
  },
});

function deferredFix(name: string, entry: ExpectedSlot | undefined, present: boolean): string | undefined {
  if (present || !entry) return undefined;
  return `${name} is deferred (slot ${entry.slot.display}, not in the kit): land its slot file first, then add "- name: ${yamlScalar(name)}" to spec.dependsOn; or remove it from depends_on in the expected DAG`;
}
