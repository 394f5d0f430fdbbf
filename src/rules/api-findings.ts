import type { AuditModel } from '../model/audit-model.js';
import { classifyHelmReleaseApi } from '../model/flux-api.js';
import type { RuleFinding } from './rule.js';

/** The api/* findings of one id, from every object of every file read. */
export function apiFindings({ repository }: AuditModel, rule: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const file of repository.slotFiles) {
    for (const object of file.objects ?? []) {
      const problem = classifyHelmReleaseApi(object.apiVersion, object.kind).finding;
      if (problem?.rule !== rule) continue;
      findings.push({
        message: problem.message,
        fix: problem.fix,
        location: problem.at === 'kind' ? object.kindLocation : object.apiVersionLocation ?? object.kindLocation,
        ...(problem.severity === 'warning' ? { severity: 'warning' as const } : {}),
      });
    }
  }
  return findings;
}
