import { displayPath } from '../model/paths.js';
import { describeObject, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

/** At most this many of the Kustomizations whose build fails are named. */
const SHOWN_KUSTOMIZATIONS = 3;

// source-controller builds a GitRepository's artifact without what the
// repository's .sourceignore files and the spec.ignore leave out;
// kustomize-controller then builds spec.path from that artifact. A
// kustomization.yaml that lists a file the artifact lacks (or a directory
// whose kustomization file it lacks) fails that build with "no such file or
// directory": the Kustomization applies nothing, and what depends on it waits.
// The repository holds the file, so `kustomize build` on a checkout passes:
// only the artifact shows it. Judged, as path-not-found is, for the
// GitRepository this repository is synced through, where every GitRepository
// of that name leaves the file out. What the kustomization lists is audited
// as if the build passed (the fix is to keep the file).
export default defineRule({
  id: 'kustomization/resource-not-in-artifact',
  severity: 'error',
  description: 'a kustomization that a Flux Kustomization builds lists a file that its GitRepository\'s artifact leaves out (.sourceignore or spec.ignore)',
  help: 'Keep the file in the artifact: narrow the pattern that leaves it out, or add a "!" line after it; or remove the entry.',
  check(model) {
    const findings: RuleFinding[] = [];
    const repository = model.flux?.repository;
    if (!repository?.resourcesLeftOut) return findings;
    for (const left of repository.resourcesLeftOut) {
      const [first, ...others] = left.appliedBy;
      if (!first) continue;
      const shown = left.appliedBy.slice(0, SHOWN_KUSTOMIZATIONS).map(describeObject);
      const more = left.appliedBy.length - shown.length;
      const builds = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
      const path = displayPath(repository.root, left.path);
      const by = left.ignoreFile ? `${left.ignoreFile} leaves out of the artifact of GitRepository ${left.source}` : `the spec.ignore of GitRepository ${left.source} leaves out of its artifact`;
      const where = left.ignoreFile ? `${left.ignoreFile}${left.ignoreLine !== undefined ? `:${left.ignoreLine}` : ''}` : `the spec.ignore of GitRepository ${left.source}`;
      // The line that brings it back, from the directory of the file it goes in (a .sourceignore below the root speaks from there).
      const base = left.ignoreFile?.includes('/') ? left.ignoreFile.slice(0, left.ignoreFile.lastIndexOf('/')) : '';
      const keep = `!/${base && path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path}`;
      // A glob that leaves out more than was meant (`*.sops.yaml` for `.sops.yaml`) is better narrowed than excepted file by file.
      const pattern = left.pattern === undefined ? `a pattern in ${where}` : `the pattern "${left.pattern}" (${where})`;
      findings.push({
        message: `resources: entry ${left.entry} ${left.directory ? 'is built from' : 'is'} ${path}, which ${by}: the file is in the repository, but kustomize-controller's build of ${builds} fails (${left.directory ? 'kustomize finds no kustomization file in the directory' : '"accumulating resources: ... no such file or directory"'}), so ${others.length > 0 ? 'they apply' : 'it applies'} nothing and what depends on ${others.length > 0 ? 'them' : first.name} waits for ever`,
        fix: `${pattern} leaves it out: add a "${keep}" line after it (or narrow the pattern), or remove the entry`,
        ...subject(first),
        location: left.location,
      });
    }
    return findings;
  },
});
