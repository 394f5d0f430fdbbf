import { suggestion } from '../model/names.js';
import { annotatedSubjects, IGNORE_ANNOTATION, parseIgnoreAnnotation } from '../suppress/annotation.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';
import { SUPPRESSIBLE_RULE_IDS } from './suppressible.js';

export default defineRule({
  id: 'suppression/invalid-annotation',
  severity: 'error',
  description: `a ${IGNORE_ANNOTATION} annotation that is not "<rule>: <reason>", names an unknown rule, or gives no reason`,
  help: `Write the annotation as ${IGNORE_ANNOTATION}: "<rule id>: <why this finding is accepted>", one rule per line.`,
  check(model) {
    const findings: RuleFinding[] = [];
    const ids = SUPPRESSIBLE_RULE_IDS();
    const seen = new Set<string>(); // one annotation on several copies of an object (overlays of one base): once
    for (const subject of annotatedSubjects(model)) {
      const at = `${subject.annotation.location?.file}:${subject.annotation.location?.line}:${subject.annotation.location?.column}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const { problems } = parseIgnoreAnnotation(subject.annotation.value, (id) => ids.includes(id));
      for (const problem of problems) {
        findings.push({
          message: `${subject.name}: ${problem.message}`,
          fix: problem.rule ? suggestion(problem.rule, ids, 'the rule ids are listed in docs/contract.md') : `write it as ${IGNORE_ANNOTATION}: "<rule>: <reason>"`,
          ...(subject.hr ? { hr: subject.hr } : {}),
          ...(subject.object ? { object: subject.object } : {}),
          location: subject.annotation.location!,
        });
      }
    }
    return findings;
  },
});
