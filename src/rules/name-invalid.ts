import { invalidLabelReason, invalidSubdomainReason, printableName } from '../model/names.js';
import { describeObject, inAuditedKit, repositoryEdges, subject, substitutedNote } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// The API server rejects a HelmRelease whose metadata.name is not a DNS-1123
// subdomain, and a dependsOn name that no object can have never resolves: Flux
// holds the release at DependencyNotReady. Look-alike characters (a Cyrillic
// "с", a trailing space) are the usual cause, so names print escaped and quoted.
export default defineRule({
  id: 'name/invalid',
  severity: 'error',
  description: 'a HelmRelease name, or a dependsOn name or namespace, that Kubernetes does not accept (DNS-1123)',
  help: 'Use lower-case letters, digits, "-" and "." only (namespaces: no "."), at most 253 characters (namespaces 63).',
  check(model) {
    const { repository } = model;
    const findings: RuleFinding[] = [];
    // The repository view: every Flux kind's name and dependsOn names (an audited kit's are judged below).
    for (const object of model.flux?.objects ?? []) {
      if (object.generatedBy || inAuditedKit(model, object)) continue;
      const reason = object.name.includes('${') ? undefined : invalidSubdomainReason(object.name);
      if (reason) {
        findings.push({ ...invalidName(object.kind, object.name, reason), ...subject(object), location: object.location });
      }
    }
    for (const { from, dependency } of repositoryEdges(model)) {
      // (A `${` left by a substitution whose values are all known is text, not a variable: FluxDependency.literal.)
      if (dependency.name.includes('${') && !dependency.literal) continue;
      const reason = invalidSubdomainReason(dependency.name);
      if (!reason) continue;
      findings.push({ ...invalidDependencyName(describeObject(from), dependency.name, reason, substitutedNote(dependency, model.repository.cwd, printableName)), ...subject(from), location: dependency.location });
    }
    for (const release of repository.helmReleases) {
      const reason = invalidSubdomainReason(release.name);
      if (reason) {
        findings.push({ ...invalidName('HelmRelease', release.name, reason), hr: release.name, location: release.location });
      }
      for (const dependency of release.dependsOn) {
        const nameReason = invalidSubdomainReason(dependency.name);
        if (nameReason) {
          findings.push({
            ...invalidDependencyName(printableName(release.name), dependency.name, nameReason),
            hr: release.name,
            location: dependency.nameLocation ?? dependency.location,
          });
        }
        const namespaceReason = dependency.namespace === undefined ? undefined : invalidLabelReason(dependency.namespace);
        if (namespaceReason) {
          findings.push({
            message: `${printableName(release.name)} depends on ${printableName(dependency.name)} in namespace ${printableName(dependency.namespace!)}, which is not a valid namespace (${namespaceReason})`,
            fix: 'correct namespace: to the dependency\'s namespace, or remove it to mean the release\'s own',
            hr: release.name,
            dependency: dependency.name,
            location: dependency.location,
          });
        }
      }
    }
    return findings;
  },
});

function invalidName(kind: string, name: string, reason: string) {
  return {
    message: `${kind} name ${printableName(name)} is not a valid Kubernetes name: ${reason}`,
    fix: 'rename it with lower-case letters, digits, "-" and "." only',
  };
}

/** `substituted`: where the postBuild of what applies the dependent made `name`, how (flux-subjects' substitutedNote). */
function invalidDependencyName(dependent: string, name: string, reason: string, substituted = '') {
  return {
    message: `${dependent} depends on ${printableName(name)}${substituted}, which is not a valid Kubernetes name (${reason}): no object can have it, so Flux never finds the dependency`,
    fix: 'correct the name to the dependency\'s metadata.name',
    dependency: name,
  };
}
