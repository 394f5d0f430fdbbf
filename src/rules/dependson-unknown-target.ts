import type { AuditModel } from '../model/audit-model.js';
import { closestName, invalidSubdomainReason } from '../model/names.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

type Names = Pick<AuditModel, 'releasesByName' | 'expectedByName' | 'flux'>;

/** HelmRelease names elsewhere in the repository (outside the kit), when the run sees it. */
function repositoryReleaseNames(model: Names): string[] {
  return (model.flux?.objects ?? []).filter((object) => object.kind === 'HelmRelease').map((object) => object.name);
}

/** A kit dependsOn target that is neither a HelmRelease (in the kit, or elsewhere in the repository) nor a slot of the expected DAG. */
export function isUnknownTarget(model: Names, name: string): boolean {
  return !model.releasesByName.has(name) && !model.expectedByName.has(name) && !repositoryReleaseNames(model).includes(name);
}

/** The fix for an unknown name: its likely spelling, never "declare it" (that writes the typo down). */
export function unknownTargetFix(model: Names, name: string): string {
  const guess = closestName(name, new Set([...model.releasesByName.keys(), ...model.expectedByName.keys(), ...repositoryReleaseNames(model)]));
  return guess
    ? `correct the name: did you mean ${guess}?`
    : `correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named ${name}`;
}

// A dependsOn target that exists nowhere: a typo, or a dependency renamed or
// removed. Flux holds the dependent at DependencyNotReady for ever. In a kit,
// this was only drift/extra-edge, whose fix said to declare the typo, and sync
// then wrote it into the expected DAG.
export default defineRule({
  id: 'dependsOn/unknown-target',
  severity: 'error',
  description: 'a dependsOn target that exists nowhere (a typo, or a dependency renamed or removed)',
  help: 'Correct the name (the finding suggests the closest one), or remove the item.',
  check(model) {
    return [...kitFindings(model), ...repositoryFindings(model)];
  },
});

/** Every HelmRelease of the audited kit, declared in the expected DAG or not. */
function kitFindings(model: AuditModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const release of model.repository.helmReleases) {
    const seen = new Set<string>(); // a repeated item is dependsOn/duplicate's finding
    for (const dependency of release.dependsOn) {
      if (!isUnknownTarget(model, dependency.name) || seen.has(dependency.name)) continue;
      // A name Kubernetes rejects is name/invalid's finding: it says which character is wrong.
      if (invalidSubdomainReason(dependency.name) !== undefined) continue;
      seen.add(dependency.name);
      findings.push({
        message: `${release.name} depends on ${dependency.name}, which neither the kit nor the expected DAG declares`,
        fix: unknownTargetFix(model, dependency.name),
        hr: release.name,
        dependency: dependency.name,
        location: dependency.location,
      });
    }
  }
  return findings;
}

/** Flux objects elsewhere in the repository (a kit's HelmReleases are judged above, against the expected DAG). */
function repositoryFindings(model: AuditModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  if (!model.flux) return findings;
  const namesOfKind = new Map<string, Set<string>>();
  for (const object of model.flux.objects) {
    const names = namesOfKind.get(object.kind) ?? new Set<string>();
    names.add(object.name);
    namesOfKind.set(object.kind, names);
  }
  for (const { from, dependency, resolution } of repositoryEdges(model)) {
    if (resolution.status !== 'missing') continue;
    // A ResourceSet may generate it, in this namespace, under a name only the cluster knows: not a finding.
    const wantedNamespace = dependency.namespace ?? from.namespace;
    if (model.flux.repository.openKinds.get(resolution.wantedKind)?.some((open) => open.namespace === undefined || open.namespace === wantedNamespace)) continue;
    // A name no object can have is name/invalid's finding.
    if (invalidSubdomainReason(dependency.name)) continue;
    // kustomize's namePrefix and nameSuffix rename objects, never the names a dependsOn item holds.
    const renamed = model.flux.objects.filter((object) => object.kind === resolution.wantedKind && object.namespace === from.namespace
      && object.name !== dependency.name && (object.name.endsWith(`-${dependency.name}`) || object.name.startsWith(`${dependency.name}-`)))
      .map((object) => object.name).sort()[0];
    const suggestion = renamed ?? closestName(dependency.name, namesOfKind.get(resolution.wantedKind) ?? []);
    const where = resolution.elsewhere
      ? `which does not exist where ${from.name} is applied (only ${resolution.elsewhere.map((object) => describeObject(object)).sort().join(', ')}, for another cluster)`
      : 'which does not exist in the repository';
    findings.push({
      message: `${describeObject(from)} depends on ${resolution.wantedKind} ${dependency.namespace ? `${dependency.namespace}/` : ''}${dependency.name}, ${where}: Flux holds ${from.name} at DependencyNotReady for ever`,
      fix: renamed ? `did you mean ${renamed}? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)`
        : suggestion ? `did you mean ${suggestion}?` : 'correct the name, or remove this item',
      ...subject(from),
      dependency: dependency.name,
      location: dependency.location,
    });
  }
  return findings;
}
