import type { AuditModel } from '../model/audit-model.js';
import type { Finding, Severity } from '../model/types.js';

/** What a rule returns; the runner stamps its id and severity on each (a finding may lower its own severity). */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

export interface RuleMeta {
  /** Stable id from the CLI contract; never renamed. */
  id: string;
  severity: Severity;
  /** One line: what a finding of this rule means. */
  description: string;
  /** How to fix a finding, for SARIF help text and the README. */
  help: string;
}

/** A rule reads the model and returns findings: it never prints, exits or reads files. */
export interface Rule extends RuleMeta {
  check(model: AuditModel): RuleFinding[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
