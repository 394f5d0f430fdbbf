import { failingApplyText } from '../model/flux-api.js';
import { REJECTING_VERSIONS } from '../model/flux-graph.js';
import { describeObject, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// The Flux CRDs validate their durations against a pattern (a number with a
// unit, repeated: 10m, 1h30m, 500ms). An object whose interval or timeout
// fails it is rejected by the API server: it is never created, and whatever
// depends on it waits at DependencyNotReady for ever. Offline, nothing else
// says so (a trial's probe: `interval: 10m0` passed, and order priced its
// timeout at the 30 s floor).
export default defineRule({
  id: 'api/invalid-duration',
  severity: 'error',
  description: 'a Kustomization\'s or HelmRelease\'s interval, retryInterval or timeout that is no duration Flux accepts, so the object is rejected',
  help: 'Write a number with a unit after each part (ms, s, m, h): 10m, 1h30m, 90s.',
  check(model) {
    const findings: RuleFinding[] = [];
    // One finding per place written, however many copies (overlays, clusters) apply it.
    const seen = new Set<string>();
    for (const object of model.flux?.objects ?? []) {
      for (const { field, written, location } of object.invalidDurations ?? []) {
        const key = `${location.file}:${location.line}:${location.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // kustomize-controller dry-runs every object before it applies any: the refusal fails the applier's whole apply.
        const appliers = !REJECTING_VERSIONS.has(object.apiVersion) || object.applyExcluded ? []
          : [...new Set((model.flux?.appliedBy.get(object) ?? []).filter((applier) => (applier.kind === 'Kustomization' || applier.kind === 'ResourceSet') && !applier.suspend)
            .map((applier) => describeObject(applier)))].sort();
        const applyFails = failingApplyText(appliers);
        findings.push({
          message: `${describeObject(object)} has spec.${field}: ${written}, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the pattern of its CRD since v1beta2 and v2beta2; an older API version fails in the controller), so ${object.name} is never reconciled, and what depends on it waits for ever${applyFails}`,
          fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
          ...subject(object),
          location,
        });
      }
    }
    return findings;
  },
});
