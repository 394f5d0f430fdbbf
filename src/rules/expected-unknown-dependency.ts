import { defineRule } from './rule.js';

export default defineRule({
  id: 'expected/unknown-dependency',
  severity: 'error',
  description: 'an expected slot depends on a name that no slot declares',
  help: 'Declare the dependency as a slot of its own, or correct the name.',
  check({ repository, expectedByName }) {
    return repository.expected.flatMap((entry) =>
      entry.dependsOn
        .filter((dependency) => !expectedByName.has(dependency.value))
        .map((dependency) => ({
          message: `${entry.name} depends on ${dependency.value}, which no slot declares`,
          fix: `declare ${dependency.value} under slots:, or correct the name`,
          hr: entry.name,
          dependency: dependency.value,
          location: dependency.location,
        })),
    );
  },
});
