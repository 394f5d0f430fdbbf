import { defineRule } from './rule.js';

// Never read: following `../` or a URL would audit files outside the repository
// root, or need the network. Saying so keeps the audit honest about its reach.
export default defineRule({
  id: 'slot/external-resource',
  severity: 'error',
  description: 'kustomization.yaml lists a resource outside the kit directory, which is not audited',
  help: 'Keep slot files inside the kit directory so every HelmRelease Flux applies is audited.',
  check({ repository }) {
    return (repository.kustomizations ?? (repository.kustomization ? [repository.kustomization] : []))
      .flatMap((kustomization) => kustomization.resources)
      .filter((resource) => resource.path === undefined)
      .map((resource) => ({
        message: `resources: entry ${resource.entry} points outside the kit directory; its HelmReleases are not audited`,
        fix: 'move the file into the kit directory and list it by name',
        location: resource.location,
      }));
  },
});
