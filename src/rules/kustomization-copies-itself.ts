import { dirname } from 'node:path';
import { fluxObjectId } from '../model/flux-objects.js';
import type { FluxObject } from '../model/flux-objects.js';
import { displayPath } from '../model/paths.js';
import { describeObject, selfCopier, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A Flux Kustomization whose spec.path holds its own file applies that file
// too: flux bootstrap's flux-system does so on purpose, and applies itself
// unchanged. With a targetNamespace (or a namePrefix or nameSuffix) the copy
// it applies is another object: kustomize-controller creates a second
// Kustomization in the target namespace (under the new name), which builds
// the same path again. Its sourceRef, written without a namespace, is looked
// up in that namespace, where the GitRepository usually is not, so it is
// never Ready; where the source resolves, two Kustomizations own the same
// objects. The usual cause is a home-ops ks.yaml whose path names its own
// directory instead of the app/ directory beside it (brettinternet/homeops's
// ceph-tools, a trial's probe). Found from the applies edges: the copy is
// applied by the Kustomization written at the same place in the same file.
export default defineRule({
  id: 'kustomization/copies-itself',
  severity: 'error',
  description: 'a Kustomization whose spec.path holds its own file, applied into another namespace (targetNamespace) or under another name (namePrefix, nameSuffix): Flux creates a second Kustomization',
  help: 'Point spec.path at the directory of what the Kustomization deploys, not the one that holds its own file (or leave the file out of that directory\'s kustomization.yaml).',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux) return findings;
    const root = flux.repository.root;
    const reported = new Set<string>();
    for (const copy of flux.appliedBy.keys()) {
      const applier = selfCopier(model, copy);
      if (!applier) continue;
      const key = `${fluxObjectId(applier)}\u0000${fluxObjectId(copy)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const path = applier.path ?? (applier.appliesDir ? displayPath(root, applier.appliesDir) : 'its spec.path');
      const sourceNote = copy.sourceName && !copy.sourceNamespace && copy.namespace !== applier.namespace
        ? ` (its sourceRef ${copy.sourceKind ?? 'GitRepository'} ${copy.sourceName}, written without a namespace, is looked up in ${copy.namespace})` : '';
      findings.push({
        message: `${describeObject(applier)} applies its own file: spec.path ${path} holds ${displayPath(root, applier.file)}, and ${howCopied(applier, copy)}, so Flux creates a second ${describeObject(copy)} that builds the same path again${sourceNote}`,
        fix: `point spec.path at the directory of what ${applier.name} deploys, below ${displayPath(root, dirname(applier.file))} (or leave ${displayPath(root, applier.file)} out of what it builds)`,
        ...subject(applier),
        location: applier.pathLocation ?? applier.location,
      });
    }
    return findings;
  },
});

/** What makes the copy another object: the applier's targetNamespace, its namePrefix or nameSuffix. */
function howCopied(applier: FluxObject, copy: FluxObject): string {
  const ways: string[] = [];
  if (copy.namespace !== applier.namespace) {
    ways.push(applier.targetNamespace ? `its targetNamespace ${applier.targetNamespace} puts the copy in ${copy.namespace}`
      : `the build of its path puts the copy in ${copy.namespace} (a kustomization's namespace:)`);
  }
  if (copy.name !== applier.name) {
    const fields = [...(applier.namePrefix !== undefined ? ['namePrefix'] : []), ...(applier.nameSuffix !== undefined ? ['nameSuffix'] : [])];
    ways.push(`its ${fields.join(' and ') || 'build'} name${fields.length > 1 ? '' : 's'} the copy ${copy.name}`);
  }
  return ways.join(', and ');
}
