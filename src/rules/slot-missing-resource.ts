import { defineRule } from './rule.js';

export default defineRule({
  id: 'slot/missing-resource',
  severity: 'error',
  description: 'kustomization.yaml lists a file that does not exist',
  help: 'Remove the entry from resources:, or restore the file (a renamed slot file is the usual cause).',
  check({ repository }) {
    return (repository.kustomizations ?? (repository.kustomization ? [repository.kustomization] : []))
      .flatMap((kustomization) => kustomization.resources)
      .filter((resource) => resource.path !== undefined && !resource.exists)
      .map((resource) => ({
        message: `resources: lists ${resource.entry}, which does not exist, so kustomize build fails`,
        fix: 'remove the entry, or correct it to the slot file\'s current name',
        location: resource.location,
      }));
  },
});
