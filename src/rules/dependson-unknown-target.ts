import type { AuditModel } from '../model/audit-model.js';
import { closestName, invalidSubdomainReason } from '../model/names.js';
import { unseenTargets } from '../model/unseen-targets.js';
import { FLUX_API_GROUPS, fluxObjectId, shortId } from '../model/flux-objects.js';
import type { FluxDependency, FluxKind, FluxObject } from '../model/flux-objects.js';
import { clusterLabel, describeObject, fromInputNote, repositoryEdges, subject, substitutedNote } from './flux-subjects.js';
import type { FluxEdge } from '../model/flux-graph.js';
import { sharesScope, targetCopies, unsubstitutedBecause } from '../model/flux-graph.js';
import { compareText } from '../model/compare.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';
import type { Severity } from '../model/types.js';
import { defineText, findingText } from './finding-text.js';
import { displayPath } from '../model/paths.js';
import { isInside } from '../model/inside.js';
import { suspectedRoot } from './repository-root.js';
import type { TextSource } from './finding-text.js';

type Names = Pick<AuditModel, 'releasesByName' | 'expectedByName' | 'flux'>;

/** The version a fix writes for each kind: what Flux serves today. */
const CURRENT_VERSION: Record<FluxKind, string> = { HelmRelease: 'v2', Kustomization: 'v1', ResourceSet: 'v1' };

/** HelmRelease names elsewhere in the repository (outside the kit), when the run sees it; gathered once per model. */
const releaseNamesOf = new WeakMap<Names, Set<string>>();
function repositoryReleaseNames(model: Names): Set<string> {
  let names = releaseNamesOf.get(model);
  if (!names) {
    names = new Set((model.flux?.objects ?? []).filter((object) => object.kind === 'HelmRelease').map((object) => object.name));
    releaseNamesOf.set(model, names);
  }
  return names;
}

/** A kit dependsOn target that is neither a HelmRelease (in the kit, or elsewhere in the repository) nor a slot of the expected DAG. */
export function isUnknownTarget(model: Names, name: string): boolean {
  return !model.releasesByName.has(name) && !model.expectedByName.has(name) && !repositoryReleaseNames(model).has(name);
}

/** Every name a dependsOn target may mean. */
function knownNames(model: Names): Set<string> {
  return new Set([...model.releasesByName.keys(), ...model.expectedByName.keys(), ...repositoryReleaseNames(model)]);
}

const guessFix = (guess: string) => `correct the name: did you mean ${guess}?`;
const noGuessFix = (name: string) => `correct the name, or remove the item: no HelmRelease in the kit and no slot in the expected DAG is named ${name}`;

/** The fix for an unknown name: its likely spelling, never "declare it" (that writes the typo down). */
export function unknownTargetFix(model: Names, name: string, known = knownNames(model)): string {
  const guess = closestName(name, known);
  return guess ? guessFix(guess) : noGuessFix(name);
}

// One finding per unknown item, up to 520,000 in one file: the text is computed when read (see finding-text.ts).
const message = (finding: TextSource) => `${finding.hr} depends on ${finding.dependency}, which neither the kit nor the expected DAG declares`;
const WITH_GUESS = findingText({ message });
const WITHOUT_GUESS = findingText({ message, fix: (finding) => noGuessFix(finding.dependency!) });

// A dependsOn target that exists nowhere: a typo, or a dependency renamed or
// removed. Flux holds the dependent at DependencyNotReady for ever. In a kit,
// this was only drift/extra-edge, whose fix said to declare the typo, and sync
// then wrote it into the expected DAG.
const ID = 'dependsOn/unknown-target' as const;
const SEVERITY: Severity = 'error';

export default defineRule({
  id: ID,
  severity: SEVERITY,
  description: 'a dependsOn target that exists nowhere (a typo, or a dependency renamed or removed)',
  help: 'Correct the name (the finding suggests the closest one), or remove the item.',
  check(model) {
    return [...kitFindings(model), ...repositoryFindings(model)];
  },
});

/** Every HelmRelease of the audited kit, declared in the expected DAG or not. */
function kitFindings(model: AuditModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  let known: Set<string> | undefined;
  for (const release of model.repository.helmReleases) {
    const seen = new Set<string>(); // a repeated item is dependsOn/duplicate's finding
    for (const dependency of release.dependsOn) {
      if (!isUnknownTarget(model, dependency.name) || seen.has(dependency.name)) continue;
      // A name Kubernetes rejects is name/invalid's finding: it says which character is wrong.
      if (invalidSubdomainReason(dependency.name) !== undefined) continue;
      seen.add(dependency.name);
      known ??= knownNames(model);
      // Never the release itself: following that guess would make it depend on itself (a trial's probe: app → apx).
      const guess = closestName(dependency.name, except(known, release.name));
      // The rule's own id and severity from the start: each has its slot, so the runner adds no field (see audit.ts).
      const finding = { rule: ID, severity: SEVERITY, hr: release.name, dependency: dependency.name, location: dependency.location };
      findings.push(guess ? defineText(finding, WITH_GUESS, guessFix(guess)) : defineText(finding, WITHOUT_GUESS));
    }
  }
  return findings;
}

/** Flux objects elsewhere in the repository (a kit's HelmReleases are judged above, against the expected DAG). */
function repositoryFindings(model: AuditModel): RuleFinding[] {
  // The repository's top where the root is below it (see suspectedRoot): found once, when a finding asks.
  let topAbove: string | null | undefined;
  const findings: RuleFinding[] = [];
  if (!model.flux) return findings;
  const namesOfKind = new Map<string, Set<string>>();
  for (const object of model.flux.objects) {
    const names = namesOfKind.get(object.kind) ?? new Set<string>();
    names.add(object.name);
    namesOfKind.set(object.kind, names);
  }
  // What the cluster may have under that name, unseen here (model/unseen-targets.ts): no finding.
  const mayExistUnseen = unseenTargets(model.flux.objects, model.flux.appliedBy, model.flux.repository);
  for (const { from, dependency, resolution } of repositoryEdges(model)) {
    // A ${VARIABLE} in the item where what applies the dependent has no postBuild variables: kustomize-controller
    // substitutes only with spec.postBuild and some variable defined (or substituteStrategy: Always), so the name
    // stays as written, and nothing is named that (a trial's probe).
    if (resolution.status === 'not-followed' && from.kind !== 'ResourceSet') {
      const literal = literalVariableItem(model, from, dependency);
      if (literal) findings.push(literal);
      continue;
    }
    if (resolution.status === 'resolved' && resolution.missingIn) {
      const missing = missingInSomeClusters(model, from, dependency, resolution, mayExistUnseen);
      if (missing) findings.push(missing);
      continue;
    }
    if (resolution.status !== 'missing') continue;
    // An apiVersion whose group serves no such kind: flux-operator's lookup fails whatever exists under the name.
    if (resolution.unserved !== undefined) {
      findings.push({
        message: `${describeObject(from)} depends on ${dependency.kind} ${dependency.namespace ? `${dependency.namespace}/` : ''}${dependency.name} as apiVersion ${resolution.unservedApiVersion}, but ${resolution.unserved.reason}: flux-operator never finds it, and holds ${from.name} at DependencyNotReady for ever`,
        fix: resolution.unserved.fix,
        ...subject(from),
        dependency: dependency.name,
        location: (resolution.unserved.at === 'kind' ? dependency.kindLocation : dependency.apiVersionLocation) ?? dependency.location,
      });
      continue;
    }
    if (resolution.unservedApiVersion !== undefined) {
      const group = FLUX_API_GROUPS[resolution.wantedKind];
      findings.push({
        message: `${describeObject(from)} depends on ${resolution.wantedKind} ${targetId(dependency, from)} as apiVersion ${resolution.unservedApiVersion}, which serves no ${resolution.wantedKind}: flux-operator never finds it, and holds ${from.name} at DependencyNotReady for ever`,
        fix: `set apiVersion: ${group}/${CURRENT_VERSION[resolution.wantedKind]} on this item`,
        ...subject(from),
        dependency: dependency.name,
        location: dependency.apiVersionLocation ?? dependency.location,
      });
      continue;
    }
    const wantedNamespace = dependency.namespace ?? from.namespace;
    // A ResourceSet's templated name, a variable only the cluster fills (a trial's probe: HelmRelease ${DB_NAME},
    // DB_NAME: redis in a ConfigMap substituteFrom reads, and web depending on redis), a FluxInstance's Kustomization.
    if (mayExistUnseen(from, dependency, resolution.wantedKind)) continue;
    // A name no object can have is name/invalid's finding.
    if (invalidSubdomainReason(dependency.name)) continue;
    // Where the cluster applies what this tool does not read, the target may be there: dependsOn/unread-target's warning.
    if (resolution.unreadIn) continue;
    // kustomize's namePrefix and nameSuffix rename objects, never the names a dependsOn item holds.
    // Of several copies (staging-redis and prod-redis), the one renamed as the dependent was (staging-app): the
    // longest prefix and suffix it shares with the dependent's name, then the first by name (a review's probe).
    const shared = (name: string) => {
      let start = 0;
      while (start < name.length && name[start] === from.name[start]) start += 1;
      let end = 0;
      while (end < name.length - start && name[name.length - 1 - end] === from.name[from.name.length - 1 - end]) end += 1;
      return start + end;
    };
    // (Never the dependent itself: cert-manager-issuers depending on a missing cert-manager is no renamed copy of it.)
    const renamed = [...new Set(model.flux.objects.filter((object) => object.kind === resolution.wantedKind && object.namespace === from.namespace
      && object !== from && !(object.kind === from.kind && object.name === from.name)
      && object.name !== dependency.name && (object.name.endsWith(`-${dependency.name}`) || object.name.startsWith(`${dependency.name}-`)))
      .map((object) => object.name))].sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : a > b ? 1 : 0))[0];
    // Never the dependent itself: following that guess would make it depend on itself (a trial's probe: app → apx).
    const candidates = namesOfKind.get(resolution.wantedKind) ?? new Set<string>();
    const suggestion = renamed ?? closestName(dependency.name, from.kind === resolution.wantedKind ? except(candidates, from.name) : candidates);
    // An object of that name that Flux never applies from here (an entry commented out, an archive): say where it is.
    // Of several such files (one per cluster), the nearest the dependent's own, by the directories their paths share:
    // applying another cluster's would never create it where the dependent runs (a trial's probe, samip5/k8s-cluster's
    // clusters/media and clusters/nebula each with an apps/db commented out).
    const unapplied = resolution.elsewhere ? [] : (model.flux.repository.leftOut ?? []).filter((object) => object.kind === resolution.wantedKind
      && object.name === dependency.name && (object.namespace === undefined || object.namespace === wantedNamespace));
    const leftOut = unapplied.reduce<(typeof unapplied)[number] | undefined>((best, object) =>
      (best === undefined || sharedDirectories(object.file, from.file) > sharedDirectories(best.file, from.file) ? object : best), undefined);
    // Run from a directory below the repository's top where no .git marks it: what lies outside the root is not read,
    // so the target may well exist (a trial's probe: "correct the name, or remove this item" of a dependency that is there).
    // A close name under the root is still the likelier fix (a review's probe: a typo was told to pass --root).
    // One a ResourceSet's template would generate, annotated reconcile: disabled: flux-operator leaves it out of its build.
    // (Of a ResourceSet of the dependent's cluster: another cluster's says nothing of this one, a review's probe.)
    const disabled = resolution.elsewhere || leftOut ? undefined : model.flux.repository.disabledGenerated?.find((object) => object.kind === resolution.wantedKind
      && object.name === dependency.name && object.namespace === wantedNamespace
      && model.flux!.objects.some((owner) => fluxObjectId(owner) === object.resourceSet && sharesScope(model.flux!.scopesOf, owner, from)));
    const guessed = renamed ?? suggestion;
    if (!leftOut && !disabled && !resolution.elsewhere && !guessed && topAbove === undefined) topAbove = suspectedRoot(model.flux) ?? null;
    const rootBelowTop = !leftOut && !disabled && !resolution.elsewhere && !guessed && topAbove;
    const where = rootBelowTop ? `which is nowhere under the root (${displayPath(model.repository.cwd, model.flux.repository.root) || '.'})`
      : resolution.elsewhere
      ? `which does not exist where ${from.name} is applied (only ${resolution.elsewhere.map((object) => describeObject(object)).sort().join(', ')}, for another cluster)`
      : leftOut?.removedBy ? `which ${displayPath(model.repository.cwd, leftOut.file)} writes, but ${shortId(leftOut.removedBy)} builds that file without it (a patch's $patch: delete), so it is never deployed`
      : leftOut ? `which is written only in ${displayPath(model.repository.cwd, leftOut.file)}${otherFiles(unapplied, leftOut)}, a file no Flux Kustomization of this repository applies (never deployed from here)`
        : disabled ? `which ${shortId(disabled.resourceSet)} leaves out: its template at ${displayPath(model.repository.cwd, disabled.location.file)}:${disabled.location.line} annotates it fluxcd.controlplane.io/reconcile: disabled, so flux-operator never creates it`
          : 'which does not exist in the repository';
    // A name the applier's postBuild made (`${APPP}-db`, an unset variable: `-db`): said as written too (a trial's probe).
    // Whose postBuild, and whence each value: one cluster's ConfigMap may hold the typo, not the shared file (a trial's probe).
    const substitutedFrom = `${substitutedNote(dependency, model.repository.cwd)}${fromInputNote(dependency, model.repository.cwd)}`;
    const valueFiles = Object.entries(dependency.substitutedBy?.valueFiles ?? {});
    const inputKeys = dependency.fromInput?.keys ?? [];
    const whence = valueFiles.length > 0 ? ` (${valueFiles.map(([variable, file]) => `\${${variable}} comes from ${displayPath(model.repository.cwd, file)}`).join(', ')})`
      : inputKeys.length > 0 ? ` (${inputKeys.map(({ key, location }) => `inputs.${key} is written at ${displayPath(model.repository.cwd, location.file)}:${location.line}:${location.column}`).join(', ')})` : '';
    findings.push({
      message: `${describeObject(from)} depends on ${resolution.wantedKind} ${targetId(dependency, from)}${substitutedFrom}, ${where}: Flux holds ${from.name} at DependencyNotReady for ever`,
      fix: leftOut?.removedBy ? `remove this item, or keep ${resolution.wantedKind} ${dependency.name} out of what the patches of ${shortId(leftOut.removedBy)} delete`
        : leftOut ? commentedOutFix(model, leftOut.file) ?? `apply ${displayPath(model.repository.cwd, leftOut.file)} (list it where Flux builds it), or remove this item`
        : disabled ? `enable it in ${shortId(disabled.resourceSet)} (the annotation, or the input that sets it to disabled), or remove this item`
        : rootBelowTop ? `pass --root ${displayPath(model.repository.cwd, rootBelowTop) || '.'} (the repository root, as the Kustomizations' spec.path show: what lies outside the root is not read), then judge this item again`
        : renamed ? `did you mean ${renamed}? (a namePrefix or nameSuffix renames objects, not the names dependsOn holds)`
          : suggestion ? `did you mean ${suggestion}?${whence}${namespaceHint(model, resolution.wantedKind, suggestion, wantedNamespace)}${alreadyListed(from.dependsOn, dependency, suggestion, from.name)}`
            : 'correct the name, or remove this item',
      ...subject(from),
      dependency: dependency.name,
      location: dependency.location,
    });
  }
  return findings;
}

/**
 * The target as Flux looks it up: an item without a namespace means one in the dependent's own (the trial's remark:
 * `depends on HelmRelease cache` read as the name alone, where every other message writes `namespace/name`); a
 * ResourceSet's is looked up as written (dependsOn/namespace-mismatch says so), so named as written (a review's probe).
 */
function targetId(dependency: FluxDependency, from: FluxObject): string {
  const namespace = dependency.namespace ?? (from.kind === 'ResourceSet' ? undefined : from.namespace);
  return namespace ? `${namespace}/${dependency.name}` : dependency.name;
}

/**
 * A dependent applied into several clusters whose target only some of them apply (Resolution.missingIn): in the
 * others kustomize-controller (or helm-controller) finds nothing of that name and holds it for ever (a trial's probe:
 * a shared base's apps depends on monitoring, which only staging's overlay adds).
 */
function missingInSomeClusters(
  model: AuditModel, from: FluxObject, dependency: FluxDependency,
  resolution: Extract<FluxEdge['resolution'], { status: 'resolved' }>, mayExistUnseen: ReturnType<typeof unseenTargets>,
): RuleFinding | undefined {
  const kind = resolution.target.kind;
  if (mayExistUnseen(from, dependency, kind)) return undefined;
  const scopesOf = model.flux!.scopesOf!;
  const fromScopes = scopesOf(from);
  const label = (scopes: Iterable<string>) => [...new Set([...scopes].map((scope) => clusterLabel(model.repository.cwd, scope)))].sort(compareText);
  const lacking = label(resolution.missingIn!);
  const having = label(targetCopies(resolution).flatMap((copy) => [...scopesOf(copy)].filter((scope) => fromScopes.has(scope))));
  const clusters = (labels: readonly string[]) => `the cluster${labels.length > 1 ? 's' : ''} of ${labels.join(' and ')}`;
  // Where a lacking cluster has one of that name in another namespace, said so (a review's probe: namespace-mismatch,
  // which judges an item by all its copies, did not report it, and this finding was left out).
  const missing = new Set(resolution.missingIn);
  const wanted = dependency.namespace ?? from.namespace;
  const otherNamespaces = [...new Set(model.flux!.objects.filter((object) => object.kind === kind && object.name === dependency.name && object.namespace !== wanted
    && [...scopesOf(object)].some((scope) => missing.has(scope))).map((object) => object.namespace ?? '(no namespace)'))].sort(compareText);
  const inOthers = otherNamespaces.length > 0 ? ` in namespace ${wanted} (there it lives in ${otherNamespaces.join(' and ')})` : '';
  return {
    // (Whose the clusters in brackets are, and a fix for a target that is there in another namespace: a trial's remark.)
    message: `${describeObject(from)} depends on ${kind} ${targetId(dependency, from)}, which does not exist in ${clusters(lacking)}${inOthers}, where ${from.name} is applied too (${dependency.name} is there only in ${clusters(having)}): Flux holds ${from.name} there at DependencyNotReady for ever`,
    fix: otherNamespaces.length > 0
      ? `give this item namespace ${otherNamespaces.join(' or ')} in ${lacking.length > 1 ? 'those clusters' : 'that cluster'} (a patch of ${lacking.length > 1 ? 'their overlays' : 'its overlay'}), or apply ${kind} ${dependency.name} in namespace ${wanted} there`
      : `apply ${kind} ${dependency.name} in ${lacking.length > 1 ? 'those clusters' : 'that cluster'} too, or drop this item from ${from.name} there (a patch of ${lacking.length > 1 ? 'their overlays' : 'its overlay'})`,
    ...subject(from),
    dependency: dependency.name,
    location: dependency.location,
  };
}

/**
 * Where the file is left out by a commented-out entry (`# - ./parked` of a kustomization, naming it or a directory above
 * it): that entry, to uncomment (a trial's probe: "apply FILE (list it where Flux builds it)" where the entry is there).
 * The nearest such entry, where several name it.
 */
function commentedOutFix(model: AuditModel, file: string): string | undefined {
  const entries = (model.flux?.repository.commentedOutEntries ?? []).filter((entry) => entry.path === file || isInside(entry.path, file));
  const nearest = entries.sort((a, b) => b.path.length - a.path.length || compareText(a.location.file, b.location.file))[0];
  if (!nearest) return undefined;
  return `uncomment its entry \`- ${nearest.entry}\` at ${displayPath(model.repository.cwd, nearest.location.file)}:${nearest.location.line}, or remove this item`;
}

/** ` (and N other files)`: where more files than the one named hold the target, none of them applied. */
function otherFiles(unapplied: readonly { file: string }[], named: { file: string }): string {
  const others = new Set(unapplied.map((object) => object.file).filter((file) => file !== named.file)).size;
  return others === 0 ? '' : ` (and ${others} other file${others === 1 ? '' : 's'} like it)`;
}

/**
 * The finding for a dependsOn item that holds a ${VARIABLE} nothing substitutes (`unsubstitutedBecause`): the
 * dependent is marked `kustomize.toolkit.fluxcd.io/substitute: disabled`, or every Kustomization that applies it has
 * no spec.postBuild. undefined where one may substitute it, or none is known.
 */
function literalVariableItem(model: AuditModel, from: FluxObject, dependency: FluxDependency): RuleFinding | undefined {
  const because = unsubstitutedBecause(model.flux!.appliedBy, from, dependency);
  if (!because) return undefined;
  const written = `${from.kind} ${targetId(dependency, from)}`;
  const stays = 'so the name stays as written, no object has it, and Flux holds';
  return {
    // (kustomize-controller skips a marked object whatever postBuild says: fluxcd/pkg kustomize's varsub, a trial's probe.)
    message: 'disabled' in because
      ? `${describeObject(from)} depends on ${written}, but it is marked kustomize.toolkit.fluxcd.io/substitute: disabled: Flux substitutes no variable in it, ${stays} ${from.name} at DependencyNotReady for ever`
      : `${describeObject(from)} depends on ${written}, but ${describeObject(because.applier)}, which applies it, has no postBuild variables: Flux substitutes no variable there, ${stays} ${from.name} at DependencyNotReady for ever`,
    fix: 'disabled' in because
      ? 'write the name itself, or remove the kustomize.toolkit.fluxcd.io/substitute: disabled label or annotation'
      : `add spec.postBuild (substitute or substituteFrom) to Kustomization ${because.applier.name}, or write the name itself`,
    ...subject(from),
    dependency: dependency.name,
    location: dependency.location,
  };
}

/** How many leading directories two paths share. */
function sharedDirectories(a: string, b: string): number {
  const left = a.split(/[\\/]/).slice(0, -1);
  const right = b.split(/[\\/]/).slice(0, -1);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared += 1;
  return shared;
}

/**
 * Where the guess is a name the dependent lists already, the item is that one misspelt, and then to remove, or another
 * dependency altogether (a review's probe: configs-a, which an input disables, guessed as configs-b beside it).
 */
function alreadyListed(items: readonly { name: string }[], item: { name: string }, guess: string, dependent: string): string {
  return items.some((other) => other !== item && other.name === guess) ? ` (${dependent} lists ${guess} already: if that is the one meant, remove this item)` : '';
}

/** The names but one, without copying them (closestName reads each once anyway). */
function* except(names: Iterable<string>, excluded: string): Iterable<string> {
  for (const name of names) if (name !== excluded) yield name;
}

/**
 * Where the object a guess names lives in another namespace than the one the item resolves to, the item needs
 * that namespace too: a guess of the name alone still fails (JJGadgets/Biohazard's zz-vm-1-kubevirt-app, in
 * flux-system, from vm-jj).
 */
function namespaceHint(model: AuditModel, kind: string, name: string, wanted: string | undefined): string {
  const namespaces = [...new Set(model.flux!.objects.filter((object) => object.kind === kind && object.name === name).map((object) => object.namespace))];
  if (namespaces.length !== 1 || namespaces[0] === undefined || namespaces[0] === wanted) return '';
  return ` (it is in namespace ${namespaces[0]}: add namespace: ${namespaces[0]} to this item)`;
}
