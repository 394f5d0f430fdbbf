import type { FluxDependency, FluxKind, FluxObject, FluxRepository } from './flux-objects.js';
import { templateCanGive } from './names.js';

/**
 * Whether a dependsOn item that names nothing written here may still name an object the cluster will have, so that
 * no one may say Flux holds its dependent for ever: what a ResourceSet generates under a templated name (only a name
 * its template can give: a trial's probe, app-<< inputs.id >> excused a typo-db); an object whose name holds a
 * ${VARIABLE} that only the cluster's values fill (postBuild.substituteFrom: a ConfigMap, a Secret kept out of the
 * repository), where its literal parts fit; the Kustomization a FluxInstance's sync makes, named after its namespace,
 * where the model does not hold it as an object.
 * dependsOn/unknown-target reports none of these, and the order (flux-graph's neverReconciled) holds none of them back.
 * Worked out once per model (by its appliedBy map): call the returned function per item.
 */
export function unseenTargets(
  objects: readonly FluxObject[], appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  repository: Pick<FluxRepository, 'openKinds' | 'instanceKustomizations'>,
): UnseenTarget {
  // The model and three rules ask for one model's: worked out once (one appliedBy map per model).
  let known = perModel.get(appliedBy);
  if (!known) perModel.set(appliedBy, known = unseenTargetsOf(objects, appliedBy, repository));
  return known;
}

type UnseenTarget = (from: FluxObject, dependency: FluxDependency, wantedKind: FluxKind) => boolean;
const perModel = new WeakMap<ReadonlyMap<FluxObject, readonly FluxObject[]>, UnseenTarget>();

function unseenTargetsOf(
  objects: readonly FluxObject[], appliedBy: ReadonlyMap<FluxObject, readonly FluxObject[]>,
  repository: Pick<FluxRepository, 'openKinds' | 'instanceKustomizations'>,
): UnseenTarget {
  // Without substituteFrom, Flux leaves the name as written (no postBuild) or empties the variable: it never becomes
  // another name (a review's probe).
  const variableNamed = new Map<string, { namespace?: string; parts: string[] }[]>();
  const substitutedFromCluster = (object: FluxObject) => (appliedBy.get(object) ?? []).some((applier) => applier.substituteFrom);
  for (const object of objects) {
    if (!object.name.includes('${') || !substitutedFromCluster(object)) continue;
    variableNamed.set(object.kind, [...(variableNamed.get(object.kind) ?? []), {
      ...(object.namespace === undefined || object.namespace.includes('${') ? {} : { namespace: object.namespace }), parts: object.name.split(/\$\{[^}]*\}/),
    }]);
  }
  // The sync Kustomizations the model holds as objects (flux-graph resolved the item against them, cluster by
  // cluster): only one it does not hold (its path not here, its patches not built) is unseen (a trial's probe: prod's
  // flux-system excused dev's dependency on it, where dev's FluxInstance names its own fleet).
  const made = new Set(objects.filter((object) => object.madeBy && object.kind === 'Kustomization').map((object) => `${object.namespace}/${object.name}\u0000${object.appliesDir ?? ''}`));
  const unmade = (repository.instanceKustomizations ?? []).filter((instance) => instance.syncDir === undefined || !made.has(`${instance.namespace}/${instance.name}\u0000${instance.syncDir}`));
  return (from, dependency, wantedKind) => {
    const wantedNamespace = dependency.namespace ?? from.namespace;
    const fits = (open: { namespace?: string | undefined }) => open.namespace === undefined || open.namespace === wantedNamespace;
    if (repository.openKinds.get(wantedKind)?.some((open) => fits(open) && (open.names === undefined || templateCanGive(open.names, dependency.name)))) return true;
    if (variableNamed.get(wantedKind)?.some((open) => fits(open) && templateCanGive(open.parts, dependency.name))) return true;
    return wantedKind === 'Kustomization' && unmade.some((instance) => instance.name === dependency.name && instance.namespace === wantedNamespace);
  };
}
