import { displayLocation } from '../model/paths.js';
import { describeObject, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// kustomize merges no list of a Flux kind: a strategic merge patch that sets
// spec.dependsOn replaces the whole list it patches. A patch meant to add a
// baseline dependency to every child (soulwhisper/home-ops's cluster-apps)
// silently takes away the items each child writes of its own, and Flux no
// longer waits for them. The file still shows them, so nobody notices.
export default defineRule({
  id: 'dependsOn/replaced-by-patch',
  severity: 'warning',
  description: 'a patch that sets dependsOn replaces the list an object writes of its own: items written in its file are gone from what Flux applies',
  help: 'Add the lost items to the patch, or write it as JSON 6902 "add" operations at /spec/dependsOn/- (which append); or remove them from the file if they are meant to go.',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux) return findings;
    // One finding per written item and patch, however many copies (overlays, clusters) lost it.
    const seen = new Set<string>();
    for (const object of flux.objects) {
      const replaced = object.dependsOnReplaced;
      if (!replaced) continue;
      const patch = displayLocation(model.repository.cwd, replaced.at);
      for (const item of replaced.items) {
        const key = `${item.location.file}:${item.location.line}:${item.location.column}\u0000${patch}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const named = `${item.namespace ? `${item.namespace}/` : ''}${item.name}`;
        if (replaced.rewrite) {
          const now = object.dependsOn.map((dependency) => `${dependency.namespace ? `${dependency.namespace}/` : ''}${dependency.name}`);
          findings.push({
            message: `${describeObject(object)} writes dependsOn ${named}, but the patch at ${patch} rewrites ${replaced.rewrite} (a JSON 6902 operation on that item): ${named} is not in what Flux applies, where ${object.name} waits for ${now.length > 0 ? now.join(', ') : 'nothing'} instead`,
            fix: `correct that operation if ${object.name} should still wait for ${named}; or remove the item here if the patch is meant to replace it`,
            ...subject(object),
            dependency: item.name,
            location: item.location,
          });
          continue;
        }
        findings.push({
          message: `${describeObject(object)} writes dependsOn ${named}, but the patch at ${patch} sets dependsOn and replaces the list (kustomize merges no list of a Flux kind): ${named} is not in what Flux applies, and ${object.name} does not wait for it`,
          fix: `add ${named} to that patch's dependsOn, or write the patch as JSON 6902 "add" operations at /spec/dependsOn/- (they append); or remove the item here if it is meant to go`,
          ...subject(object),
          dependency: item.name,
          location: item.location,
        });
      }
    }
    return findings;
  },
});
