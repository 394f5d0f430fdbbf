import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';

// A suspended object is not reconciled: its Ready condition stays what it was
// when it was suspended. On a fresh cluster it never becomes Ready, and every
// object that depends on it waits.
export default defineRule({
  id: 'dependsOn/suspended',
  severity: 'warning',
  description: 'a dependsOn target is suspended, so on a fresh cluster it never becomes Ready',
  help: 'Resume the dependency (remove spec.suspend), or drop the dependency while it is suspended.',
  check(model) {
    return repositoryEdges(model)
      .filter(({ resolution }) => resolution.status === 'resolved' && resolution.target.suspend)
      .map(({ from, dependency, resolution }) => ({
        message: `${describeObject(from)} depends on ${describeObject((resolution as { target: typeof from }).target)}, which is suspended: on a new cluster it is never reconciled, and ${from.name} waits for it`,
        fix: `remove suspend: true from ${dependency.name}, or this dependency while it is suspended`,
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      }));
  },
});
