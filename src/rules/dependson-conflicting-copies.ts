import type { AuditModel } from '../model/audit-model.js';
import type { FluxDependency, FluxObject } from '../model/flux-objects.js';
import { shortId } from '../model/flux-objects.js';
import { cleanedSourcePath, displayLocation } from '../model/paths.js';
import { compareText } from '../model/compare.js';
import { describeObject, inAuditedKit, kubeConfigLabel, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// One object (kind, namespace, name) applied into one cluster by two Kustomizations whose copies list different
// dependsOn: kustomize-controller applies each with server-side apply under one field manager, so every reconcile
// of either writes its own spec.dependsOn over the other's. Which dependencies hold flips with each apply, and on
// a cold start the copy without them may install first (a trial's probe: two hub Kustomizations applying
// flux-system/apps from clusters/staging and clusters/production; a HelmRelease applied with and without its wait).
// The same holds for the other fields that shape the graph: what a Kustomization applies (spec.path), into which
// cluster (spec.kubeConfig) and namespace (spec.targetNamespace), whether its Ready waits (spec.wait), and whether
// either kind reconciles at all (spec.suspend) (the last note's sweep: a management cluster whose flux-system, and
// the Kustomizations meant for its two workload clusters, each apply their own flux-system/infrastructure).
const ID = 'dependsOn/conflicting-copies' as const;

export default defineRule({
  id: ID,
  severity: 'error',
  description: 'one object applied into one cluster by two Kustomizations, with different dependsOn (or path, kubeConfig, targetNamespace, wait, suspend)',
  help: 'Give each copy its own name (or namespace), apply the object from one place only, or make the copies agree.',
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

/**
 * The fields of a copy that shape the graph, each as a comparable text (`dependsOn` first): two copies agree when
 * every field does. What is not written reads as the controller's default (wait and suspend false, no path).
 */
function shapeOf(object: FluxObject): Map<ShapeField, string> {
  const shape = new Map<ShapeField, string>([['dependsOn', waitsFor(object).join(', ')]]);
  if (object.kind === 'Kustomization') {
    shape.set('path', normalizedPath(object.path));
    shape.set('kubeConfig', object.remote ?? '');
    shape.set('targetNamespace', object.targetNamespace ?? '');
    shape.set('wait', object.wait === true ? 'true' : 'false');
  }
  shape.set('suspend', object.suspend ? 'true' : 'false');
  return shape;
}

type ShapeField = 'dependsOn' | 'path' | 'kubeConfig' | 'targetNamespace' | 'wait' | 'suspend';

/** spec.path as kustomize-controller reads it (cleanedSourcePath): `./a/`, `a`, `/a` and `./b/../a` are one directory. */
function normalizedPath(path: string | undefined): string {
  return path === undefined ? '' : `./${cleanedSourcePath(path)}`;
}

/** How a copy's field reads in the message. */
function shownField(field: ShapeField, value: string): string {
  switch (field) {
    case 'dependsOn': return value === '' ? 'no dependsOn' : `dependsOn ${value}`;
    case 'path': return value === '' ? 'no path' : `path ${value}`;
    case 'kubeConfig': return value === '' ? 'no kubeConfig' : kubeConfigLabel(value);
    case 'targetNamespace': return value === '' ? 'no targetNamespace' : `targetNamespace ${value}`;
    case 'wait': return `wait: ${value}`;
    case 'suspend': return `suspend: ${value}`;
  }
}

/** What flips when the copies overwrite each other, by field. */
const CONSEQUENCE: Record<ShapeField, string> = {
  dependsOn: 'what it waits for',
  path: 'what it applies',
  kubeConfig: 'which cluster it applies to',
  targetNamespace: 'the namespace of what it applies',
  wait: 'whether its Ready waits for what it applies',
  suspend: 'whether it reconciles',
};

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
      // One copy per place written (the same file applied twice agrees with itself), then by its shape. A field whose
      // value still holds a ${VARIABLE} in some copy is filled in the cluster, maybe alike: not compared (a review's
      // probe: path ./apps/${CLUSTER} from a Secret, against ./apps/a written out).
      const shapes = [...here].sort((a, b) => compareText(a.file, b.file) || (a.location.line ?? 0) - (b.location.line ?? 0))
        .map((copy) => ({ copy, shape: shapeOf(copy) }));
      for (const { shape } of shapes) {
        for (const [field, value] of shape) if (value.includes('${')) for (const other of shapes) other.shape.delete(field);
      }
      const variants = new Map<string, { copy: FluxObject; shape: Map<ShapeField, string> }>();
      for (const { copy, shape } of shapes) {
        const key = [...shape.values()].join('\u0000');
        if (!variants.has(key)) variants.set(key, { copy, shape });
      }
      if (variants.size < 2) continue;
      const kept = [...variants.values()];
      // Two copies in one Kustomization's build: kustomize refuses it ("already registered id"), and
      // kustomization/build-failed says so; that Kustomization applies neither.
      const appliersOf = kept.map(({ copy }) => flux.appliedBy.get(copy) ?? []);
      if (appliersOf.some((appliers, at) => appliersOf.some((others, other) => other !== at && appliers.some((applier) => others.includes(applier))))) continue;
      const differing = [...kept[0]!.shape.keys()].filter((field) => kept.some(({ shape }) => shape.get(field) !== kept[0]!.shape.get(field)));
      const shown = kept.map(({ copy, shape }) => {
        const appliers = (flux.appliedBy.get(copy) ?? []).map((applier) => describeObject(applier)).sort(compareText);
        const by = appliers.length > 0 ? `by ${appliers.join(' and ')} ` : '';
        return `${by}from ${displayLocation(model.repository.cwd, copy.location)} (${differing.map((field) => shownField(field, shape.get(field)!)).join(', ')})`;
      });
      const key = shown.join('\u0000');
      if (reported.has(key)) continue;
      reported.add(key);
      const first = kept[0]!.copy;
      findings.push(differing.length === 1 && differing[0] === 'dependsOn'
        ? {
          message: `${describeObject(first)} is applied into one cluster with different dependsOn: ${shown.join('; ')}. Each Kustomization's apply writes its own spec.dependsOn over the other's, so what ${first.name} waits for changes with every reconcile`,
          fix: `apply ${shortId(id)} from one place, give each copy its own name or namespace, or make their dependsOn agree`,
          ...subject(first),
          location: first.dependsOnLocation,
        }
        : {
          message: `${describeObject(first)} is applied into one cluster in copies with different ${listed(differing.map((field) => `spec.${field}`))}: ${shown.join('; ')}. Each Kustomization's apply writes its own copy over the other's, so ${listed(differing.map((field) => CONSEQUENCE[field]))} ${differing.length > 1 ? 'change' : 'changes'} with every reconcile`,
          fix: `apply ${shortId(id)} from one place, give each copy its own name or namespace, or make the copies agree`,
          ...subject(first),
          location: differing[0] === 'dependsOn' ? first.dependsOnLocation : differing[0] === 'path' ? first.pathLocation ?? first.location : first.location,
        });
    }
  }
  return findings;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
