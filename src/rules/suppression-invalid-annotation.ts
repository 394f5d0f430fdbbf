import { suggestion } from '../model/names.js';
import { IGNORE_ANNOTATION, parseIgnoreAnnotation } from '../suppress/annotation.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';
import { SUPPRESSIBLE_RULE_IDS } from './suppressible.js';

export default defineRule({
  id: 'suppression/invalid-annotation',
  severity: 'error',
  description: `a ${IGNORE_ANNOTATION} annotation that is not "<rule>: <reason>", names an unknown rule, or gives no reason`,
  help: `Write the annotation as ${IGNORE_ANNOTATION}: "<rule id>: <why this finding is accepted>", one rule per line.`,
  check({ repository }) {
    const findings: RuleFinding[] = [];
    const ids = SUPPRESSIBLE_RULE_IDS();
    for (const release of repository.helmReleases) {
      if (!release.ignoreAnnotation) continue;
      const { problems } = parseIgnoreAnnotation(release.ignoreAnnotation.value, (id) => ids.includes(id));
      for (const problem of problems) {
        findings.push({
          message: `${release.name}: ${problem.message}`,
          fix: problem.rule ? suggestion(problem.rule, ids, 'the rule ids are listed in docs/contract.md') : `write it as ${IGNORE_ANNOTATION}: "<rule>: <reason>"`,
          hr: release.name,
          location: release.ignoreAnnotation.location,
        });
      }
    }
    return findings;
  },
});
