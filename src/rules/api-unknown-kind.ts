import { apiFindings } from './api-findings.js';
import { defineRule } from './rule.js';

// Error for a near miss (a kind or API group one typo away from Flux's): the
// object would otherwise be skipped and its release reported as Deferred
// although its file is there. Warning for a HelmRelease kind of another API
// group, which is deliberate more often than not.
export default defineRule({
  id: 'api/unknown-kind',
  severity: 'error',
  description: 'a kind or API group that nearly names Flux\'s HelmRelease (a typo, wrong case), so the object is not audited',
  help: 'Write kind: HelmRelease with apiVersion: helm.toolkit.fluxcd.io/v2.',
  check: (model) => apiFindings(model, 'api/unknown-kind'),
});
