import { closestName, invalidSubdomainReason } from '../model/names.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A dependsOn target that no object of the repository is: a typo, or a
// dependency renamed or removed. Flux holds the dependent at
// DependencyNotReady for ever.
export default defineRule({
  id: 'dependsOn/unknown-target',
  severity: 'error',
  description: 'a dependsOn target that exists nowhere (a typo, or a dependency renamed or removed)',
  help: 'Correct the name (the finding suggests the closest one), or remove the item.',
  check(model) {
    const findings: RuleFinding[] = [];
    if (!model.flux) return findings;
    const namesOfKind = new Map<string, Set<string>>();
    for (const object of model.flux.objects) {
      const names = namesOfKind.get(object.kind) ?? new Set<string>();
      names.add(object.name);
      namesOfKind.set(object.kind, names);
    }
    for (const { from, dependency, resolution } of repositoryEdges(model)) {
      if (resolution.status !== 'missing') continue;
      // A ResourceSet may generate it under a name only the cluster knows: not a finding.
      if (model.flux.repository.openKinds.has(resolution.wantedKind)) continue;
      // A name no object can have is name/invalid's finding.
      if (invalidSubdomainReason(dependency.name)) continue;
      const suggestion = closestName(dependency.name, namesOfKind.get(resolution.wantedKind) ?? []);
      findings.push({
        message: `${describeObject(from)} depends on ${resolution.wantedKind} ${dependency.name}, which does not exist in the repository: Flux holds ${from.name} at DependencyNotReady for ever`,
        fix: suggestion ? `did you mean ${suggestion}?` : 'correct the name, or remove this item',
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
    return findings;
  },
});
