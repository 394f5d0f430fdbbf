import type { AuditModel } from '../model/audit-model.js';
import type { FluxDependency, FluxObject } from '../model/flux-objects.js';
import { shortId } from '../model/flux-objects.js';
import { displayLocation } from '../model/paths.js';
import { compareText } from '../model/compare.js';
import { describeObject, inAuditedKit, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// One object (kind, namespace, name) applied into one cluster by two Kustomizations whose copies list different
// dependsOn: kustomize-controller applies each with server-side apply under one field manager, so every reconcile
// of either writes its own spec.dependsOn over the other's. Which dependencies hold flips with each apply, and on
// a cold start the copy without them may install first (a trial's probe: two hub Kustomizations applying
// flux-system/apps from clusters/staging and clusters/production; a HelmRelease applied with and without its wait).
const ID = 'dependsOn/conflicting-copies' as const;

export default defineRule({
  id: ID,
  severity: 'error',
  description: 'one object applied into one cluster by two Kustomizations, with different dependsOn',
  help: 'Give each copy its own name (or namespace), apply the object from one place only, or make the copies\' dependsOn agree.',
  check(model) {
    return conflictingCopies(model);
  },
});

/** What an item waits for, as the controllers resolve it: kind (a ResourceSet's), namespace (the object's own where none), name. */
function itemKey(object: FluxObject, dependency: FluxDependency): string {
  const namespace = dependency.namespace ?? (object.kind === 'ResourceSet' ? '' : object.namespace ?? '');
  return `${dependency.kind ?? object.kind} ${namespace ? `${namespace}/` : ''}${dependency.name}${dependency.ready ? ' (ready)' : ''}${dependency.readyExpr ? ` (readyExpr ${dependency.readyExpr.value})` : ''}`;
}

/** The copy's dependsOn, as a sorted list of what it waits for: two copies agree when these are equal. */
function waitsFor(object: FluxObject): string[] {
  return [...new Set(object.dependsOn.map((dependency) => itemKey(object, dependency)))].sort(compareText);
}

function conflictingCopies(model: AuditModel): RuleFinding[] {
  const flux = model.flux;
  if (!flux?.scopesOf) return [];
  const scopesOf = flux.scopesOf;
  const findings: RuleFinding[] = [];
  for (const [id, copies] of flux.byId) {
    if (copies.length < 2) continue;
    // Each cluster (scope) the object lands in, and the copies that land there. Only copies whose cluster is known
    // from an entry point: where clusters are not known, any two copies might be two clusters' (anchored).
    const byScope = new Map<string, FluxObject[]>();
    for (const copy of copies) {
      if (inAuditedKit(model, copy) || !flux.anchored?.(copy)) continue;
      // A name or namespace that still holds a ${VARIABLE} is filled in the cluster, maybe differently per applier
      // (a sweep's probe: app-${NAME} from two Secrets, app-a and app-b). A copy that only suspended Kustomizations
      // apply is applied no more: nothing writes over the other.
      if (`${copy.namespace ?? ''}${copy.name}`.includes('${')) continue;
      const appliers = flux.appliedBy.get(copy) ?? [];
      if (appliers.length > 0 && appliers.every((applier) => applier.suspend)) continue;
      // A copy the apply leaves out (reconcile: disabled, ssa: ignore) is never written; one with ssa: IfNotPresent is
      // written once, when absent, and never over another (a review's probes).
      if (copy.applyExcluded || copy.createdOnlyIfAbsent) continue;
      for (const scope of scopesOf(copy)) byScope.set(scope, [...(byScope.get(scope) ?? []), copy]);
    }
    const reported = new Set<string>();
    for (const here of byScope.values()) {
      // One copy per place written (the same file applied twice agrees with itself), then by what it waits for.
      const variants = new Map<string, FluxObject>();
      for (const copy of [...here].sort((a, b) => compareText(a.file, b.file) || (a.location.line ?? 0) - (b.location.line ?? 0))) {
        const key = waitsFor(copy).join(', ');
        if (!variants.has(key)) variants.set(key, copy);
      }
      if (variants.size < 2) continue;
      // Two copies in one Kustomization's build: kustomize refuses it ("already registered id"), and
      // kustomization/build-failed says so; that Kustomization applies neither.
      const appliersOf = [...variants.values()].map((copy) => flux.appliedBy.get(copy) ?? []);
      if (appliersOf.some((appliers, at) => appliersOf.some((others, other) => other !== at && appliers.some((applier) => others.includes(applier))))) continue;
      const shown = [...variants].map(([waits, copy]) => {
        const appliers = (flux.appliedBy.get(copy) ?? []).map((applier) => describeObject(applier)).sort(compareText);
        const by = appliers.length > 0 ? `by ${appliers.join(' and ')} ` : '';
        return `${by}from ${displayLocation(model.repository.cwd, copy.location)} (${waits === '' ? 'no dependsOn' : `dependsOn ${waits}`})`;
      });
      const key = shown.join('\u0000');
      if (reported.has(key)) continue;
      reported.add(key);
      const first = [...variants.values()][0]!;
      findings.push({
        message: `${describeObject(first)} is applied into one cluster with different dependsOn: ${shown.join('; ')}. Each Kustomization's apply writes its own spec.dependsOn over the other's, so what ${first.name} waits for changes with every reconcile`,
        fix: `apply ${shortId(id)} from one place, give each copy its own name or namespace, or make their dependsOn agree`,
        ...subject(first),
        location: first.dependsOnLocation,
      });
    }
  }
  return findings;
}
