import type { FluxObject } from '../model/flux-objects.js';
import { sourceLabel } from '../model/flux-objects.js';
import { closestName, invalidSubdomainReason } from '../model/names.js';
import { unseenTargets } from '../model/unseen-targets.js';
import { compareText } from '../model/compare.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A dependsOn target the repository does not hold, where the dependent's cluster also applies what this tool does not
// read: a Kustomization of another repository's GitRepository, of another branch or tag of this one, of an
// OCIRepository or a Bucket. The target may be there (a trial's probe, makkes/flux-mc-control-plane: its
// gatekeeper-constraints lives on the branch common), so dependsOn/unknown-target's "for ever" would be a guess; a
// typo would still hold the dependent for ever, so it is said, as a warning that names where to look.
export default defineRule({
  id: 'dependsOn/unread-target',
  severity: 'warning',
  description: 'a dependsOn target is not in the repository, and may be in what the cluster applies from a source not read here',
  help: 'Make sure the other source holds an object of that kind, name and namespace; if it does not, correct the name or remove the item.',
  check(model) {
    const findings: RuleFinding[] = [];
    if (!model.flux) return findings;
    const flux = model.flux;
    const mayExistUnseen = unseenTargets(flux.objects, flux.appliedBy, flux.repository);
    let namesOfKind: Map<string, Set<string>> | undefined;
    for (const { from, dependency, resolution } of repositoryEdges(model)) {
      if (resolution.status !== 'missing' || !resolution.unreadIn) continue;
      // What dependsOn/unknown-target excuses (a template's name, a variable the cluster fills) or name/invalid reports.
      if (mayExistUnseen(from, dependency, resolution.wantedKind) || invalidSubdomainReason(dependency.name)) continue;
      if (!namesOfKind) {
        namesOfKind = new Map();
        for (const object of flux.objects) namesOfKind.set(object.kind, (namesOfKind.get(object.kind) ?? new Set()).add(object.name));
      }
      const close = closestName(dependency.name, [...namesOfKind.get(resolution.wantedKind) ?? []].filter((name) => name !== from.name));
      const appliers = [...resolution.unreadIn].sort((a, b) => compareText(describeObject(a), describeObject(b)));
      const wanted = `${resolution.wantedKind} ${dependency.namespace ? `${dependency.namespace}/` : ''}${dependency.name}`;
      findings.push({
        message: `${describeObject(from)} depends on ${wanted}, which is not in this repository; it may be in what ${unreadClause(appliers)}, not read here: if it is not there either, Flux holds ${from.name} at DependencyNotReady for ever`,
        fix: close
          ? `did you mean ${close}? If not, make sure ${sourcesOf(appliers)} holds ${wanted}`
          : `make sure ${sourcesOf(appliers)} holds ${wanted}, or correct the name`,
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
    return findings;
  },
});

/** `Kustomization flux-system/shared applies from GitRepository flux-system/common (another repository)`, up to three. */
function unreadClause(appliers: readonly FluxObject[]): string {
  const named = appliers.slice(0, 3).map((applier) => `${describeObject(applier)} applies from ${sourceOf(applier)}`);
  const more = appliers.length - named.length;
  return `${named.join(', ')}${more > 0 ? ` (and ${more} more Kustomization${more > 1 ? 's' : ''} of sources not read)` : ''}`;
}

/** The distinct sources of the appliers, as the fix names them. */
function sourcesOf(appliers: readonly FluxObject[]): string {
  const sources = [...new Set(appliers.map((applier) => sourceLabel(applier)))];
  return sources.length > 1 ? `one of ${sources.slice(0, -1).join(', ')} or ${sources.at(-1)}` : sources[0]!;
}

function sourceOf(applier: FluxObject): string {
  // A GitRepository written here is read only at this repository's address and ref (load/flux-scan's sourcesRead).
  const why = applier.otherRefSource ? 'another branch or tag of this repository' : applier.foreignSource && !applier.foreignByPath ? 'another repository'
    // (flux-graph's unreadKustomizations: a GitRepository of unknown address whose spec.path is not in this checkout.)
    : (applier.sourceKind ?? 'GitRepository') === 'GitRepository' ? `its spec.path ${applier.path} is not in this repository: another repository, it seems`
      : 'an artifact, not this checkout';
  return `${sourceLabel(applier)} (${why})`;
}
