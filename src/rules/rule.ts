import type { AuditModel } from '../model/audit-model.js';
import type { Finding, Severity } from '../model/types.js';

/** What a rule returns; the runner stamps its id and severity on each (a finding may lower its own severity). */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

export interface RuleMeta<Id extends string = string> {
  /** Stable id from the CLI contract; never renamed. */
  id: Id;
  severity: Severity;
  /** One line: what a finding of this rule means. */
  description: string;
  /** How to fix a finding, for SARIF help text and the README. */
  help: string;
  /** The rule's page, relative to the repository (and the package): `docs/rules/<id with / as ->.md`. */
  docs: string;
}

/** A rule reads the model and returns findings: it never prints, exits or reads files. */
export interface Rule<Id extends string = string> extends RuleMeta<Id> {
  check(model: AuditModel): RuleFinding[];
}

/** Where a rule's page lives: `drift/missing-edge` → `docs/rules/drift-missing-edge.md`. */
export function docsPath(id: string): string {
  return `docs/rules/${id.replaceAll('/', '-')}.md`;
}

/** A rule with its id kept as a literal type (so the catalogue yields the `RuleId` union) and its docs page. */
export function defineRule<const Id extends string>(rule: Omit<Rule<Id>, 'docs'>): Rule<Id> {
  return { ...rule, docs: docsPath(rule.id) };
}

/** Metadata of an id that the loader or the CLI raises (no check of its own). */
export function defineRuleMeta<const Id extends string>(meta: Omit<RuleMeta<Id>, 'docs'>): RuleMeta<Id> {
  return { ...meta, docs: docsPath(meta.id) };
}

/**
 * Where a rule's page can be read on the web: the page as shipped in the npm
 * package of the version that reported the finding (the package carries docs/rules/).
 */
export function docsUrl(rule: Pick<RuleMeta, 'docs'>, version: string): string {
  return `https://unpkg.com/bootstrap-deps@${encodeURIComponent(version)}/${rule.docs}`;
}
