import { displayLocation } from '../model/paths.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// Flux resolves a dependsOn item without `namespace` to the dependent's own
// namespace. When either namespace is unknown (no metadata.namespace and no
// kustomization namespace), Flux fills it in at apply time, so it is not flagged.
export default defineRule({
  id: 'dependsOn/namespace-mismatch',
  severity: 'error',
  description: 'a dependsOn item resolves to a namespace where no such HelmRelease lives',
  help: 'Set namespace: on the dependsOn item to the namespace the dependency lives in.',
  check({ repository, releasesByName }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      for (const dependency of release.dependsOn) {
        const target = releasesByName.get(dependency.name);
        const wanted = dependency.namespace ?? release.namespace;
        if (!target || !wanted || !target.namespace || wanted === target.namespace) continue;
        const how = dependency.namespace ? `namespace: ${wanted}` : `no namespace, so ${release.name}'s own (${wanted})`;
        findings.push({
          message: `${release.name} depends on ${dependency.name} with ${how}, but ${dependency.name} lives in ${target.namespace} (${displayLocation(repository.cwd, target.location)})`,
          fix: `set namespace: ${target.namespace} on this dependsOn item`,
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    return findings;
  },
});
