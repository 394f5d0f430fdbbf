import type { FluxObject } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import { appliersAbove } from '../model/flux-graph.js';
import { unseenTargets } from '../model/unseen-targets.js';
import { displayLocation } from '../model/paths.js';
import { describeObject, repositoryEdges, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// A HelmRelease's dependsOn names HelmReleases and a Kustomization's names
// Kustomizations: Flux looks the name up in its own kind only. A name that
// exists only as another kind is never found, and the dependent waits at
// DependencyNotReady for ever (fluxcd/flux2 #956, #3364, #5879).
export default defineRule({
  id: 'dependsOn/wrong-kind',
  severity: 'error',
  description: 'a dependsOn target exists only as another kind, which Flux never looks at for this dependent',
  help: 'A HelmRelease can only wait for HelmReleases and a Kustomization for Kustomizations: depend on an object of the right kind (a Kustomization that applies the HelmRelease and waits for it, with wait: true or healthChecks).',
  check(model) {
    const findings: RuleFinding[] = [];
    const appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]> = model.flux?.appliedBy ?? new Map();
    let mayExistUnseen: ReturnType<typeof unseenTargets> | undefined;
    for (const { from, dependency, resolution } of repositoryEdges(model)) {
      if (resolution.status !== 'other-kind') continue;
      // An object of the wanted kind a ResourceSet's template may give under that name (a review's probe: the order
      // placed the dependent, as the model judges it, while this said it waited for ever).
      mayExistUnseen ??= unseenTargets(model.flux!.objects, model.flux!.appliedBy, model.flux!.repository);
      if (mayExistUnseen(from, dependency, resolution.wantedKind)) continue;
      const [other] = resolution.candidates;
      // The Kustomization that applies it (a ResourceSet may too: it is no Kustomization to depend on).
      const kustomizationOf = (object: FluxObject) => (appliedBy.get(object) ?? []).find((parent) => parent.kind === 'Kustomization');
      const applier = kustomizationOf(from);
      // A dependency on a Kustomization that applies it, directly or through others: the advice to move the item to the
      // applier had the applier depend on itself, or, through a waiting ancestor, a deadlock (a review's probes).
      const through = from.kind === 'HelmRelease' && other!.kind === 'Kustomization' ? appliersAbove(from, appliedBy) : undefined;
      // (What applies it directly may be a ResourceSet, which no Kustomization-only lookup finds.)
      const directParent = (appliedBy.get(from) ?? []).find((parent) => parent === other || through?.has(other!) && appliersAbove(parent, appliedBy).has(other!));
      // The Kustomization that applies it may depend on that one already: then the item only goes (a trial's probe: the
      // advice to add the dependency there made a duplicate).
      // Every Kustomization that applies it, in every cluster (a review's probe: one cluster's did, the other's did not).
      const kustomizationAppliers = (appliedBy.get(from) ?? []).filter((parent) => parent.kind === 'Kustomization');
      const applierWaits = kustomizationAppliers.length > 0 && other!.kind === 'Kustomization' && kustomizationAppliers.every((parent) => (model.flux?.edges ?? [])
        .some((edge) => edge.from === parent && edge.resolution.status === 'resolved' && fluxObjectId(edge.resolution.target) === fluxObjectId(other!)));
      const fix = through?.has(other!)
        ? `remove this item: ${describeObject(other!)} applies ${from.name}${directParent === undefined || directParent === other ? '' : ` (through ${describeObject(directParent)})`}, which so starts only once it is applied; to order ${from.name} after something, depend on that HelmRelease`
        : from.kind === 'HelmRelease' && applierWaits
        ? `remove this item: ${describeObject(applier!)}, which applies ${from.name}, depends on ${dependency.name} already${other!.wait || other!.healthChecks ? '' : `; for ${from.name} to wait for what ${dependency.name} applies, give ${dependency.name} wait: true or healthChecks`}`
        // The applier applies the target too: a dependsOn there would wait for what only it applies (a trial's probe: the
        // fix made a graph/cycle). The release goes into a Kustomization of its own.
        : from.kind === 'HelmRelease' && other!.kind === 'Kustomization' && applier && appliersAbove(other!, appliedBy).has(applier)
        ? `remove this item, and move HelmRelease ${from.name} out of what ${describeObject(applier)} applies into a Kustomization of its own that depends on ${dependency.name} (${applier.name} applies ${dependency.name} too: a dependsOn on it there would wait for what only ${applier.name} applies)`
        : from.kind === 'HelmRelease' && other!.kind === 'Kustomization'
        ? `remove this item and put the dependency on ${applier ? `the Kustomization that applies ${from.name} (${describeObject(applier)})` : `a Kustomization that applies ${from.name}`}: dependsOn ${itemFor(other!, applier?.namespace)} there${other!.wait || other!.healthChecks ? ''
          // flux-operator makes it of a sync: no file of the repository writes it, its wait goes through the FluxInstance's patches.
          : other!.madeBy ? ` (Kustomization ${dependency.name} is made by ${shortId(other!.madeBy)} of its sync, without wait or healthChecks: it is Ready once applied)`
            : `, with wait: true or healthChecks on ${dependency.name}`}`
        : from.kind === 'Kustomization' && other!.kind === 'HelmRelease'
          ? dependOnApplier(kustomizationOf(other!), dependency.name, from.namespace, appliersAbove(from, appliedBy))
          : from.kind === 'ResourceSet'
            ? `correct kind and apiVersion of this item to ${other!.kind} (${other!.apiVersion})`
            : `depend on a ${resolution.wantedKind}, or use a ResourceSet, whose dependsOn names any kind`;
      findings.push({
        // A ResourceSet's item names the kind it looks for (any kind); a HelmRelease's or Kustomization's only its own.
        message: `${describeObject(from)} depends on ${resolution.wantedKind} ${dependency.namespace ? `${dependency.namespace}/` : ''}${dependency.name}, which does not exist; ${describeObject(other!)} does (${displayLocation(model.repository.cwd, other!.location)}), but ${from.kind === 'ResourceSet' ? `this item names kind ${resolution.wantedKind}, and a ResourceSet looks up only the kind its item names` : `${from.kind} dependsOn only looks for ${resolution.wantedKind}s`}: Flux holds ${from.name} at DependencyNotReady for ever`,
        fix,
        ...subject(from),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
    return findings;
  },
});

function dependOnApplier(applier: FluxObject | undefined, release: string, dependentNamespace: string | undefined, dependentsAppliers: ReadonlySet<FluxObject>): string {
  if (!applier) return `depend on the Kustomization that applies ${release} (with wait: true or a healthCheck on it), or add a healthCheck on HelmRelease ${release} to this Kustomization`;
  const waits = applier.wait || applier.healthChecks;
  // Where it applies the dependent too, wait: true would have it wait for the dependent, which waits for it: a
  // deadlock (a trial's probe); a healthCheck on the release alone does not.
  const appliesDependent = dependentsAppliers.has(applier);
  // With wait: true already, depending on it is that deadlock: its wait goes to a healthCheck first.
  if (appliesDependent && applier.wait) {
    return `give Kustomization ${applier.name} a healthCheck on ${release} in place of wait: true (it applies this Kustomization too, which would wait for it while it waits for this one), then depend on it`;
  }
  return `depend on Kustomization ${itemFor(applier, dependentNamespace)}, which applies ${release}${waits ? ' and waits for it'
    : appliesDependent ? ` (give it a healthCheck on ${release}: not wait: true, which would have it wait for this Kustomization, which it applies and which waits for it)`
      : ` (give it wait: true or a healthCheck on ${release})`}`;
}

/**
 * How the dependsOn item the fix suggests names `target`: with its namespace unless the item's owner is
 * known to live there (Flux resolves an item without one in its owner's namespace).
 */
function itemFor(target: FluxObject, ownerNamespace: string | undefined): string {
  return target.namespace !== undefined && target.namespace !== ownerNamespace ? `${target.name} (namespace: ${target.namespace})` : target.name;
}
