import { displayPath } from '../model/paths.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'drift/undeclared-hr',
  severity: 'error',
  description: 'a HelmRelease on disk that the expected DAG does not declare',
  help: 'Declare the HelmRelease under slots: in the expected DAG, with its slot, depends_on and wave.',
  check({ repository, expectedFor, ambiguous }) {
    const expectedFile = displayPath(repository.cwd, repository.expectedFile);
    // A name several releases share, declared without namespace: expected/ambiguous-name says it once.
    const ambiguousNames = new Set(ambiguous.map((entry) => entry.name));
    return repository.helmReleases
      .filter((release) => !expectedFor(release) && !ambiguousNames.has(release.name))
      .map((release) => ({
        message: `${release.name} is not declared in the expected DAG`,
        fix: `add a slots: entry for ${release.name} to ${expectedFile}`,
        hr: release.name,
        location: release.location,
      }));
  },
});
