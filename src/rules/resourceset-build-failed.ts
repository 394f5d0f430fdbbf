import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// flux-operator renders a ResourceSet's templates (spec.resources, spec.resourcesTemplate, each step's) once per
// input with Go's text/template and missingkey=error (internal/builder/resourceset.go, newTemplate): an input that
// lacks a key a template reads (`<< inputs.path >>`), or a ResourceSet without inputs whose template reads one,
// fails the whole build. The ResourceSet is never Ready and applies nothing, not even what the other inputs give,
// and what depends on it or on what it would apply waits for ever. flux-operator goes on with the other
// ResourceSets, and so does the audit: what the failing build would apply is read as written (flux-scan.ts finds
// these where it expands the ResourceSet: resource-set.ts, missingInputKey), and `order` lists it never installed.
export default defineRule({
  id: 'resourceset/build-failed',
  severity: 'error',
  description: 'a ResourceSet flux-operator cannot build (an input lacks a key its template reads): it applies nothing, and what waits for it waits for ever',
  help: 'Add the key to the input, or read it as << get inputs "key" >> where it is optional: flux-operator renders the templates with missingkey=error.',
  check(model) {
    const findings: RuleFinding[] = [];
    for (const failure of model.flux?.repository.buildFailures ?? []) {
      if (failure.rule !== 'resourceset/build-failed') continue;
      for (const object of failure.objects ?? []) {
        findings.push({ message: failure.message, ...(failure.fix ? { fix: failure.fix } : {}), location: failure.location, object });
      }
    }
    return findings;
  },
});
