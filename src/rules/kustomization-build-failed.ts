import { shortId } from '../model/flux-objects.js';
import { readsFailure } from '../model/flux-graph.js';
import { isInside } from '../model/inside.js';
import { clustersClause } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// kustomize-controller builds each Kustomization's spec.path with kustomize
// (its spec.components and spec.patches added). Where kustomize refuses what
// the repository holds (a resources: entry that is not there, a component
// directory without a kustomization file, a field kustomize does not know, a
// patch that does not apply, one object twice, a file of no Kubernetes object
// in a path without a kustomization), that Kustomization's build fails: it is
// never Ready (BuildFailed), applies nothing, and what depends on it waits for
// ever. Flux reconciles the other Kustomizations as usual, and so the audit
// goes on: what the failing build would apply is read as written. The scan
// finds these where it reads the kustomizations and runs the builds
// (flux-scan.ts, flux-build.ts); a build that cannot run here (no kustomize,
// the network, a timeout) stays an input error.
export default defineRule({
  id: 'kustomization/build-failed',
  severity: 'error',
  description: 'a kustomization that a Flux Kustomization builds is refused by kustomize (a missing entry, an unknown field, a patch that does not apply): that Kustomization applies nothing',
  help: 'Fix the kustomization where the finding points: kustomize-controller\'s build fails the same way, and only that Kustomization (and what waits for it) is held.',
  check(model) {
    const findings: RuleFinding[] = [];
    for (const failure of model.flux?.repository.buildFailures ?? []) {
      if (failure.rule !== undefined) continue; // a ResourceSet's: resourceset/build-failed
      // The kit audit judges its own kustomization (slot/missing-resource, input/kustomize-error): said once, there.
      if ((model.kitDirs ?? []).some((dir) => isInside(dir, failure.location.file))) continue;
      // One finding per Kustomization whose build it fails (explain lists it under that object), as
      // kustomization/resource-not-in-artifact does; where none is known, one for the place.
      const objects = failure.objects ?? [];
      if (objects.length === 0) findings.push({ message: failure.message, ...(failure.fix ? { fix: failure.fix } : {}), location: failure.location });
      for (const object of objects) {
        // Where only some clusters' copies of the id read the failing file, which (a trial's probe: seven clusters'
        // roots are each flux-system/flux-system, and "flux-system/flux-system applies nothing" named none of them).
        const copies = model.flux?.byId.get(object) ?? [];
        const reading = copies.filter((copy) => readsFailure(failure, copy));
        const where = reading.length > 0 && reading.length < copies.length ? clustersClause(model, reading.flatMap((copy) => [...model.flux?.scopesOf?.(copy) ?? []])) : '';
        findings.push({
          // (A message found for one Kustomization's build names it already.)
          message: failure.named ? failure.message : `${failure.message}; ${shortId(object)}${where} applies nothing, and what depends on it waits`,
          ...(failure.fix ? { fix: failure.fix } : {}), location: failure.location, object,
        });
      }
    }
    return findings;
  },
});
