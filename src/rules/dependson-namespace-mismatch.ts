import type { FluxKind, FluxObject } from '../model/flux-objects.js';
import { fluxObjectId } from '../model/flux-objects.js';
import { reachable } from '../model/graph.js';
import { unseenTargets } from '../model/unseen-targets.js';
import { displayLocation } from '../model/paths.js';
import { sameNamespace } from '../model/audit-model.js';
import { describeObject, repositoryEdges, selfCopier, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// Flux resolves a dependsOn item without `namespace` to the dependent's own
// namespace. kustomize's `namespace:` moves every release of the kit but
// leaves dependsOn items as written, so an item that names the old namespace
// points at nothing after the build. When either namespace is unknown (no
// metadata.namespace and no kustomization namespace), the applying Flux
// Kustomization decides, so it is not flagged.
export default defineRule({
  id: 'dependsOn/namespace-mismatch',
  severity: 'error',
  description: 'a dependsOn item resolves to a namespace where no such HelmRelease lives',
  help: 'Set namespace: on the dependsOn item to the namespace the dependency lives in, or remove it to mean the release\'s own.',
  check(model) {
    const { repository, releasesNamed, resolveDependency } = model;
    const findings: RuleFinding[] = [];
    const moved = repository.kustomization?.namespace;
    for (const release of repository.helmReleases) {
      for (const dependency of release.dependsOn) {
        const candidates = releasesNamed.get(dependency.name);
        if (!candidates || resolveDependency(release, dependency)) continue;
        const wanted = dependency.namespace ?? release.namespace;
        const how = dependency.namespace ? `namespace: ${wanted}` : `no namespace, so ${release.name}'s own (${wanted})`;
        const lives = candidates.map((target) => `${target.namespace} (${displayLocation(repository.cwd, target.location)})`).join(' and ');
        const [only] = candidates;
        const byKustomize = moved !== undefined && candidates.every((target) => target.namespace === moved)
          ? `; the kit's kustomization sets namespace: ${moved}, which kustomize applies to every release but not to dependsOn items`
          : '';
        const fix = candidates.length > 1
          ? `set namespace: on this item to one of ${candidates.map((target) => target.namespace).join(', ')}`
          : dependency.namespace !== undefined && sameNamespace(only!.namespace, release.namespace)
            ? `remove namespace: ${dependency.namespace} from this dependsOn item (${dependency.name} lives in ${release.name}'s own namespace, ${only!.namespace})`
            : `set namespace: ${only!.namespace} on this dependsOn item`;
        findings.push({
          message: `${release.name} depends on ${dependency.name} with ${how}, but ${dependency.name} lives in ${lives}${byKustomize}`,
          fix,
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    // The repository view: every Flux kind, namespaces after targetNamespace.
    let mayExistUnseen: ReturnType<typeof unseenTargets> | undefined;
    for (const { from, dependency, resolution } of repositoryEdges(model)) {
      if (resolution.status === 'no-namespace') {
        const namespaces = [...new Set(resolution.candidates.map((target) => target.namespace ?? '<namespace>'))];
        findings.push({
          message: namespaces.length > 0
            ? `${describeObject(from)} depends on ${resolution.wantedKind} ${dependency.name} without namespace: a ResourceSet looks the object up as written, so it never finds ${dependency.name}, which lives in ${namespaces.join(' and ')}`
            : `${describeObject(from)} depends on ${resolution.wantedKind} ${dependency.name} without namespace: a ResourceSet looks the object up as written, and a ${resolution.wantedKind} always has a namespace, so it never finds one`,
          fix: namespaces.length > 0 ? `add namespace: ${namespaces[0]} to this dependsOn item` : `add the namespace of the ${resolution.wantedKind} it waits for to this dependsOn item`,
          ...subject(from),
          dependency: dependency.name,
          location: dependency.location,
        });
        continue;
      }
      if (resolution.status !== 'other-namespace') continue;
      // A namespace that still holds a ${VARIABLE} is the cluster's to substitute, the wanted one perhaps: never "lives
      // in ${KS_NAMESPACE}", with a fix that copies the variable (a trial's probe, shamubernetes/home-k8s).
      if (resolution.candidates.some((target) => target.namespace?.includes('${'))) continue;
      // One a ResourceSet's template may give in the namespace wanted (the model's judgement too: a review's probe).
      mayExistUnseen ??= unseenTargets(model.flux!.objects, model.flux!.appliedBy, model.flux!.repository);
      if (mayExistUnseen(from, dependency, resolution.candidates[0]!.kind as FluxKind)) continue;
      const wanted = resolution.wanted;
      const lives = resolution.candidates.map((target) => `${target.namespace ?? '(no namespace)'} (${displayLocation(repository.cwd, target.location)})`).join(' and ');
      const [only] = resolution.candidates;
      // A copy the dependent itself applies (through what it applies) is no fix: it would wait for what waits for it
      // (a trial's probe: spoke-cluster-sync was told to depend on the Kustomizations its own ResourceSet makes).
      const flux = model.flux!;
      const own = new Set(reachable(fluxObjectId(from), (id) => (flux.byId.get(id) ?? []).flatMap((object) => flux.applies.get(object) ?? []).map(fluxObjectId)));
      const isOwn = (target: FluxObject) => own.has(fluxObjectId(target));
      const others = resolution.candidates.filter((target) => !isOwn(target));
      const ownNote = others.length < resolution.candidates.length
        ? `; ${others.length === 0 ? (resolution.candidates.length > 1 ? 'each is' : 'it is') : `${resolution.candidates.filter(isOwn).map((target) => target.namespace).join(', ')} is`} applied by ${from.name} itself, which a dependency on it would deadlock`
        : '';
      // The copy a Kustomization makes of its own file in another namespace: the namespace is the copy's fault, not the
      // item's (a trial's probe: the fix given made check pass while Flux still made the broken copy).
      const copier = selfCopier(model, from);
      const copyNote = copier ? `; ${describeObject(from)} is the copy that ${describeObject(copier)} makes of its own file (kustomization/copies-itself)` : '';
      findings.push({
        message: `${describeObject(from)} depends on ${dependency.name} with ${dependency.namespace ? `namespace: ${wanted}` : `no namespace, so its own (${wanted})`}, but ${only!.kind} ${dependency.name} lives in ${lives}${ownNote}${copyNote}`,
        fix: copier ? `point spec.path of ${describeObject(copier)} at the directory of what it deploys: this copy, and its dependsOn, are then gone`
          : others.length === 0
          ? `name the object ${from.name} waits for as it is in the cluster (one a chart renders is not in these files), or remove this item`
          : others.length > 1
            ? `set namespace: on this item to one of ${others.map((target) => target.namespace).join(', ')}`
            // In the dependent's own namespace, the item without one resolves there: removing the key keeps it right under
            // every overlay's targetNamespace, where writing the namespace would fix one overlay's into the base (a trial's probe).
            // Not a ResourceSet's: flux-operator never defaults an item's namespace (a review's probe).
            : dependency.namespace !== undefined && others[0]!.namespace === from.namespace && from.kind !== 'ResourceSet'
              ? `remove namespace: ${dependency.namespace} from this dependsOn item (${dependency.name} lives in ${from.name}'s own namespace, ${from.namespace})`
              : `set namespace: ${others[0]!.namespace} on this dependsOn item`,
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
    return findings;
  },
});

