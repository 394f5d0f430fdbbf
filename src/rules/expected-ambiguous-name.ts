import { displayLocation } from '../model/paths.js';
import { defineRule } from './rule.js';

// Kubernetes identifies a HelmRelease by namespace and name; the expected DAG
// names releases by name alone, which is enough until one name lives in two
// namespaces. Then the entry must say which one it declares.
export default defineRule({
  id: 'expected/ambiguous-name',
  severity: 'error',
  description: 'an expected entry names a HelmRelease that exists in several namespaces, without saying which',
  help: 'Add namespace: to the slots: entry.',
  check({ repository, ambiguous, releasesNamed }) {
    return ambiguous.map((entry) => {
      const releases = releasesNamed.get(entry.name)!;
      const where = releases.map((release) => `${release.namespace ?? '(no namespace)'} at ${displayLocation(repository.cwd, release.location)}`);
      return {
        message: `${entry.name} names ${releases.length} HelmReleases (${where.join('; ')}): the entry does not say which one it declares`,
        fix: `add "namespace: ${releases[0]!.namespace ?? '<namespace>'}" (or the other's namespace) to this entry`,
        hr: entry.name,
        location: entry.nameLocation,
      };
    });
  },
});
