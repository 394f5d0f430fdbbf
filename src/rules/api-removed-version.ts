import { apiFindings } from './api-findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'api/removed-version',
  severity: 'error',
  description: 'a HelmRelease or Kustomization uses an API version Flux no longer serves (HelmRelease v2beta1, Kustomization v1beta1: removed in Flux 2.7; v2beta2, v1beta2: in 2.8)',
  help: 'Change apiVersion to helm.toolkit.fluxcd.io/v2.',
  check: (model) => apiFindings(model, 'api/removed-version'),
});
