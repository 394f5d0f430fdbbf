import { displayLocation } from '../model/paths.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'expected/duplicate-slot',
  severity: 'error',
  description: 'two expected entries declare the same name',
  help: 'Keep one entry per HelmRelease name; merge their depends_on lists.',
  check({ repository, expectedByName }) {
    return repository.expected
      .filter((entry) => expectedByName.get(entry.name) !== entry)
      .map((entry) => ({
        message: `${entry.name} is declared twice (first at ${displayLocation(repository.cwd, expectedByName.get(entry.name)!.location)})`,
        fix: 'remove one of the two entries',
        hr: entry.name,
        location: entry.nameLocation,
      }));
  },
});
