import { apiFindings } from './api-findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'api/unknown-version',
  severity: 'error',
  description: 'a HelmRelease without apiVersion, or with a version of helm.toolkit.fluxcd.io that Flux never served (or that the Flux a repository installs does not serve yet)',
  help: 'Set apiVersion: helm.toolkit.fluxcd.io/v2.',
  check: (model) => apiFindings(model, 'api/unknown-version'),
});
