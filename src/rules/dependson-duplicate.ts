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
      const items = release.dependsOn;
      const namespaceOf = (dependency: (typeof items)[number]) => dependency.namespace ?? release.namespace ?? '';
      // A few items: compared in place. A long list (a hostile file) gets a Map, so this never goes quadratic.
      // Keyed by namespace, then name: no `namespace/name` string per item (520,000 items in one file).
      const firstLines = items.length > 16 ? new Map<string, Map<string, number | null>>() : undefined;
      for (let index = 0; index < items.length; index += 1) {
        const dependency = items[index]!;
        // The line of the first item with this namespace and name, when this one is not the first.
        let firstLine: number | null | undefined;
        if (firstLines) {
          const namespace = namespaceOf(dependency);
          let named = firstLines.get(namespace);
          if (!named) firstLines.set(namespace, named = new Map());
          firstLine = named.get(dependency.name);
          if (firstLine === undefined && !named.has(dependency.name)) named.set(dependency.name, dependency.location.line);
        } else {
          const first = items.findIndex((other) => other.name === dependency.name && namespaceOf(other) === namespaceOf(dependency));
          if (first < index) firstLine = items[first]!.location.line;
        }
        if (firstLine === undefined) continue;
        findings.push({
          message: `${release.name} lists ${dependency.name} twice in spec.dependsOn (first at line ${firstLine})`,
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
