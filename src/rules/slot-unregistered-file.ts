import { basename } from 'node:path';
import { displayLocation } from '../model/paths.js';
import { yamlScalar } from '../model/yaml-scalar.js';
import { defineRule } from './rule.js';

// Without a kustomization.yaml, Flux generates one that takes every manifest in
// the directory, so registration only matters when the file exists.
export default defineRule({
  id: 'slot/unregistered-file',
  severity: 'error',
  description: 'a slot file that kustomization.yaml does not list (Flux would never apply it)',
  help: 'Add the file name to resources: in the kit directory\'s kustomization.yaml.',
  check({ repository }) {
    const { kustomization } = repository;
    if (!kustomization) return [];
    // Files nested kustomizations apply count as listed: kustomize reaches them.
    const listed = repository.appliedFiles ?? new Set(kustomization.resources.map((resource) => resource.path));
    const where = displayLocation(repository.cwd, kustomization.resourcesLocation);
    return repository.slotFiles
      .filter((file) => (file.slot || file.helmReleases.length > 0) && !listed.has(file.path))
      .map((file) => ({
        message: `${file.fileName} is not listed in resources: of ${basename(kustomization.path)}, so Flux never applies it`,
        fix: `add the line "${kustomization.itemIndent}- ${yamlScalar(file.fileName)}" under resources: (${where})`,
        ...(file.helmReleases[0] ? { hr: file.helmReleases[0] } : {}),
        location: { file: file.path, line: 1, column: 1 },
      }));
  },
});
