import { apiFindings } from './api-findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'api/removed-version',
  severity: 'error',
  description: 'a HelmRelease uses an API version Flux no longer serves (v2beta1, v2beta2: removed in Flux 2.8)',
  help: 'Change apiVersion to helm.toolkit.fluxcd.io/v2.',
  check: (model) => apiFindings(model, 'api/removed-version'),
});
