import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'dependsOn/duplicate',
  severity: 'warning',
  description: 'the same dependency listed twice',
  help: 'Delete the repeated dependsOn item.',
  check({ repository }) {
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const seen = new Map<string, number | null>();
      for (const dependency of release.dependsOn) {
        const key = `${dependency.namespace ?? release.namespace ?? ''}/${dependency.name}`;
        if (!seen.has(key)) {
          seen.set(key, dependency.location.line);
          continue;
        }
        findings.push({
          message: `${release.name} lists ${dependency.name} twice in spec.dependsOn (first at line ${seen.get(key)})`,
          fix: 'delete this item',
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    return findings;
  },
});
