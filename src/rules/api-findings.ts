import type { AuditModel } from '../model/audit-model.js';
import { classifyHelmReleaseApi } from '../model/flux-api.js';
import type { RuleFinding } from './rule.js';

/** The api/* findings of one id, from every object of every file read. */
export function apiFindings(model: AuditModel, rule: string): RuleFinding[] {
  // The three api/* rules share one pass over every object (three passes classified 30,000 objects three times).
  let byRule = findingsByModel.get(model);
  if (!byRule) findingsByModel.set(model, byRule = allApiFindings(model));
  return byRule.get(rule) ?? [];
}

const findingsByModel = new WeakMap<AuditModel, Map<string, RuleFinding[]>>();

function allApiFindings({ repository }: AuditModel): Map<string, RuleFinding[]> {
  const byRule = new Map<string, RuleFinding[]>();
  for (const file of repository.slotFiles) {
    for (const object of file.objects ?? []) {
      const problem = classifyHelmReleaseApi(object.apiVersion, object.kind).finding;
      if (!problem) continue;
      let findings = byRule.get(problem.rule);
      if (!findings) byRule.set(problem.rule, findings = []);
      findings.push({
        message: problem.message,
        fix: problem.fix,
        location: problem.at === 'kind' ? object.kindLocation : object.apiVersionLocation ?? object.kindLocation,
        ...(problem.severity === 'warning' ? { severity: 'warning' as const } : {}),
      });
    }
  }
  return byRule;
}
