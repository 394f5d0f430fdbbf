import { ruleCatalogue } from './index.js';

/** Rule ids a suppression may name: not `input/*` (the audit did not run) nor `suppression/*` (about suppressions themselves). */
export function SUPPRESSIBLE_RULE_IDS(): string[] {
  return ruleCatalogue.map((rule) => rule.id).filter((id) => !id.startsWith('input/') && !id.startsWith('suppression/'));
}
