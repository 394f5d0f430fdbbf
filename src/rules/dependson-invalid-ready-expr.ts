import { readyExprKey } from '../model/ready-expr.js';
import { repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// The controller evaluates readyExpr when the dependent reconciles; one that
// does not compile, names anything but self and dep, or is not a bool stops
// the dependent for good (DependencyNotReady with an evaluation error).
const FIX = 'write a CEL expression over self and dep that evaluates to a bool, e.g. dep.status.conditions.exists(c, c.type == \'Ready\' && c.status == \'True\')';

/** A ResourceSet item's readyExpr is evaluated over the dependency object itself (flux-operator's checkDependencies). */
const FIX_RESOURCE_SET = 'write a CEL expression over the dependency object\'s own fields that evaluates to a bool, e.g. status.conditions.exists(c, c.type == \'Ready\' && c.status == \'True\')';

export default defineRule({
  id: 'dependsOn/invalid-ready-expr',
  severity: 'error',
  description: 'a dependsOn readyExpr that is not a CEL bool expression over self and dep (for a ResourceSet: over the dependency object, and only with ready: true)',
  help: 'Write readyExpr as a CEL expression over self (this object) and dep (the dependency) that evaluates to a bool.',
  check(model) {
    const findings: RuleFinding[] = [];
    const problems = model.readyExprProblems;
    if (!problems) return findings;
    for (const release of model.repository.helmReleases) {
      for (const dependency of release.dependsOn) {
        const problem = dependency.readyExpr && problems.get(readyExprKey('dependsOn', dependency.readyExpr.value));
        if (!problem) continue;
        findings.push({
          message: `readyExpr of ${release.name}'s dependency on ${dependency.name} is not usable: ${problem}`,
          fix: FIX,
          hr: release.name,
          dependency: dependency.name,
          location: dependency.readyExpr!.location,
        });
      }
    }
    for (const { from, dependency } of repositoryEdges(model)) {
      if (!dependency.readyExpr) continue;
      const ofResourceSet = from.kind === 'ResourceSet';
      const problem = problems.get(readyExprKey(ofResourceSet ? 'object' : 'dependsOn', dependency.readyExpr.value));
      if (problem) {
        findings.push({
          message: `readyExpr of ${from.name}'s dependency on ${dependency.name} is not usable: ${problem}`,
          fix: ofResourceSet ? FIX_RESOURCE_SET : FIX,
          ...subject(from),
          dependency: dependency.name,
          location: dependency.readyExpr.location,
        });
      } else if (ofResourceSet && !dependency.ready) {
        // flux-operator evaluates a ResourceSet item's readyExpr only with ready: true; without, it waits for existence.
        findings.push({
          severity: 'warning',
          message: `readyExpr of ${from.name}'s dependency on ${dependency.name} is never evaluated: flux-operator reads it only when the item has ready: true, so ${from.name} waits only for ${dependency.name} to exist`,
          fix: 'add ready: true to this dependsOn item',
          ...subject(from),
          dependency: dependency.name,
          location: dependency.readyExpr.location,
        });
      }
    }
    return findings;
  },
});
