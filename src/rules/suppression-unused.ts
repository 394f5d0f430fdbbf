import { defineRuleMeta } from './rule.js';

/**
 * Raised by the suppression pass, not by a check of the model: a baseline
 * entry (bootstrap-deps-suppressions.json) or an annotation entry that no
 * longer matches any finding. An error, so the baseline only ever shrinks.
 */
const suppressionUnused = defineRuleMeta({
  id: 'suppression/unused',
  severity: 'error',
  description: 'a suppression (baseline entry or ignore annotation) that no longer matches any finding',
  help: 'Run bootstrap-deps check --prune-suppressions to shrink the baseline, or remove the annotation entry.',
});

export default suppressionUnused;
