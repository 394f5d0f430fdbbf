import { readFileSync } from 'node:fs';
import type { FluxDependency, FluxKind, FluxObject, ResourceSetStep } from '../model/flux-objects.js';
import { fluxObjectId, shortId } from '../model/flux-objects.js';
import type { Location } from '../model/types.js';
import { KIND_BY_GROUP, kubeConfigKey, kubeConfigOf, postBuildOf, rejectedDuration } from './flux-object.js';
import { substituteVariables } from './flux-substitute.js';
import type { YamlNode } from './yaml-tree.js';
import { isEmptyNode, mapEntry, mapValue, scalarString, textsBelow } from './yaml-tree.js';

// The Flux objects a ResourceSet generates, as far as its static inputs say.

export interface GeneratedObjects {
  objects: FluxObject[];
  /**
   * Kinds it may generate under names only the cluster knows, each with its namespace when that is written (else any),
   * and the literal parts of the names its template can give (`app-<< inputs.id >>`: app-, then anything: see
   * templateCanGive in model/names.ts), where the template says.
   */
  openKinds: { kind: string; namespace?: string; names?: string[] }[];
  /**
   * Of those, each Kustomization's spec.path where the template writes it without template language and its source is
   * a GitRepository (a path of this repository's tree, or of another repository's); undefined for one whose path the
   * inputs or a conditional decide, of another kind of source (an OCI artifact's layout is not this tree's: a review's
   * probe), or a ResourceSet (what it generates is unknown). flux-scan.ts keeps in what such a path's build reads.
   */
  openPaths?: (string | undefined)[];
  /** Whether a template with static inputs left template language in a name or namespace (a `range`, a function): not expanded here. */
  unexpanded?: true;
  /**
   * Whether a resourcesTemplate holds conditionals (`<< if >>`, `<< with >>`), whose branches decide per input what
   * is generated and what it depends on: not evaluated here, so its objects are open kinds, as a provider's are.
   */
  conditional?: true;
  /** Whether templates of Flux kinds take names from inputs that providers give (inputsFrom): known only in the cluster. */
  fromProviders?: true;
  /** Whether a template writes its dependsOn as an expression of the template language not read here (listOfInput). */
  dependsOnUnread?: true;
  /**
   * The spec of each ResourceSet it generates from a `resources` item free of template language, to be expanded as a
   * written one's is; `nestedUnread` where it generates one otherwise (templated, or in resourcesTemplate): what that
   * one generates is not read (a review's probe: a Job a nested ResourceSet creates was not known, and said nowhere).
   */
  nestedSpecs: Map<FluxObject, YamlNode | null>;
  nestedUnread?: true;
  /** What flux-operator refuses in its spec.steps (a name used twice, one object in two steps), located. */
  problems: { location: Location; message: string; fix: string }[];
  /**
   * Why flux-operator's build of it fails (resourceset/build-failed), located: an input that lacks a key its templates
   * surely read (missingkey=error). Its objects are still read as written, as a failing Kustomization's are.
   */
  buildFailure?: { location: Location; message: string; fix: string };
  /**
   * The objects of other kinds it creates (a Job, a ConfigMap) under names written plainly or given by its static
   * inputs, by API group, kind, namespace as written (none: the ResourceSet's own for a namespaced kind, or a
   * cluster-scoped one) and name: what another ResourceSet's dependsOn may wait for.
   */
  created: CreatedObject[];
  /**
   * The GitRepositories it generates whose name, namespace and spec.url are known (written, or given by static inputs):
   * a generated Kustomization of one at another repository's address applies that repository's files, not these.
   */
  gitRepositories?: { name: string; namespace?: string; url: string }[];
  /**
   * The Flux objects its templates would generate but annotate `fluxcd.controlplane.io/reconcile: disabled` (as
   * written, or as an input decides), by the names they would have: flux-operator leaves them out of its build, so a
   * dependsOn on one waits for ever, and is told why rather than "does not exist".
   */
  disabled: { kind: FluxKind; name: string; namespace?: string; location: Location }[];
}

/** An object of a kind this tool does not read that a ResourceSet's template creates. */
export interface CreatedObject {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  location: Location;
}

const TEMPLATE_INPUT = /<<-?\s*inputs\.([\w.]+)\s*-?>>/g;

/**
 * A ResourceSetInputProvider written here (flux-scan.ts collects them before the ResourceSets are expanded). One of
 * type Static exports one input: its spec.defaultValues, with an id made of its UID and the provider's reference
 * (flux-operator's ResourceSetInputProvider controller and inputs.getFromProvider). Any other type's inputs come from
 * outside (pull requests, tags): known only in the cluster.
 */
export interface StaticInputProvider {
  name: string;
  /** As Flux gives it where it is applied (flux-scan's providersFor); undefined where nothing says. */
  namespace: string | undefined;
  /** Annotated fluxcd.controlplane.io/reconcile: disabled: flux-operator never reconciles it, and it exports nothing. */
  disabled?: true;
  apiVersion: string;
  labels: Readonly<Record<string, string>>;
  type: string | undefined;
  defaultValues: YamlNode | null;
  /** Whether its text holds a ${VARIABLE}, which the postBuild of what applies it may change: its input is not known here. */
  substituted: boolean;
  file: string;
}

/**
 * The inputs the providers of a ResourceSet's spec.inputsFrom give, in flux-operator's order (Flatten: after the
 * ResourceSet's own, the providers sorted by GVK, namespace and name: here all of one GVK and namespace, so by name),
 * each with its provider; undefined where one
 * is not known here: a provider of another type, a name or selector nothing written here answers (it may be
 * created otherwise), one whose namespace is not known, a name written twice, a ${VARIABLE} in it. flux-operator
 * looks providers up in the ResourceSet's own namespace, by name or by label selector.
 */
function providedInputs(owner: FluxObject, spec: YamlNode | null, providers: readonly StaticInputProvider[]): { provider: StaticInputProvider }[] | undefined {
  const sources = mapValue(spec, ['inputsFrom']);
  if (sources?.kind !== 'seq' || owner.namespace === undefined || owner.namespace.includes('${')) return undefined;
  const near = providers.filter((provider) => provider.namespace === undefined || provider.namespace === owner.namespace);
  const chosen = new Map<string, StaticInputProvider>();
  for (const source of sources.items) {
    const kind = scalarString(mapValue(source, ['kind']));
    if (kind !== undefined && kind !== 'ResourceSetInputProvider') return undefined;
    const name = scalarString(mapValue(source, ['name']));
    const selector = mapValue(source, ['selector']);
    const matches = name !== undefined ? (provider: StaticInputProvider) => provider.name === name : selector?.kind === 'map' ? labelSelector(selector) : undefined;
    if (matches === undefined || name?.includes('${')) return undefined;
    const matched = near.filter((provider) => matches(provider));
    if (matched.length === 0) return undefined;
    for (const provider of matched) {
      if (provider.namespace === undefined || provider.type !== 'Static' || provider.substituted) return undefined;
      const known = chosen.get(provider.name);
      if (known !== undefined && known !== provider) return undefined;
      chosen.set(provider.name, provider);
    }
    if (name !== undefined && matched.length > 1) return undefined;
  }
  return [...chosen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((provider) => ({ provider }));
}

/**
 * A Kubernetes label selector (matchLabels, and matchExpressions with In, NotIn, Exists, DoesNotExist) as a test of
 * labels; undefined where it is written otherwise, or holds a ${VARIABLE}.
 */
function labelSelector(selector: YamlNode): ((provider: StaticInputProvider) => boolean) | undefined {
  const tests: ((labels: Readonly<Record<string, string>>) => boolean)[] = [];
  const matchLabels = mapValue(selector, ['matchLabels']);
  if (matchLabels?.kind === 'map') {
    for (const entry of matchLabels.entries) {
      const value = scalarString(entry.value);
      if (value === undefined || value.includes('${') || entry.key.includes('${')) return undefined;
      tests.push((labels) => labels[entry.key] === value);
    }
  } else if (!isEmptyNode(matchLabels)) return undefined;
  const expressions = mapValue(selector, ['matchExpressions']);
  if (expressions?.kind === 'seq') {
    for (const expression of expressions.items) {
      const key = scalarString(mapValue(expression, ['key']));
      const operator = scalarString(mapValue(expression, ['operator']));
      const valuesNode = mapValue(expression, ['values']);
      const values = valuesNode?.kind === 'seq' ? valuesNode.items.map((item) => scalarString(item)) : [];
      if (key === undefined || [key, ...values].some((value) => value === undefined || value.includes('${'))) return undefined;
      if (operator === 'In') tests.push((labels) => labels[key] !== undefined && values.includes(labels[key]));
      else if (operator === 'NotIn') tests.push((labels) => labels[key] === undefined || !values.includes(labels[key]));
      else if (operator === 'Exists') tests.push((labels) => labels[key] !== undefined);
      else if (operator === 'DoesNotExist') tests.push((labels) => labels[key] === undefined);
      else return undefined;
    }
  } else if (!isEmptyNode(expressions)) return undefined;
  // An empty selector selects every provider of the namespace (metav1.LabelSelectorAsSelector: labels.Everything()).
  return (provider) => tests.every((test) => test(provider.labels));
}

/**
 * The Flux objects a ResourceSet generates: each template of `resources` or
 * `resourcesTemplate`, once per item of its static `inputs`, with
 * `<< inputs.key >>` substituted (flux-operator's template delimiters). What
 * needs more of the template language, or inputs from providers (but the
 * Static ones written here, `providers`), is counted as an open kind rather than guessed.
 */
export function resourceSetObjects(owner: FluxObject, spec: YamlNode | null, providers: readonly StaticInputProvider[] = []): GeneratedObjects {
  const result: GeneratedObjects = { objects: [], openKinds: [], problems: [], created: [], disabled: [], nestedSpecs: new Map() };
  const inputsNode = mapValue(spec, ['inputs']);
  const inputStrategy = scalarString(mapValue(spec, ['inputStrategy', 'name']));
  // The inputs of the Static providers written here that its inputsFrom selects, after its own (flux-operator's
  // Flatten); undefined where a provider is not known here, or under Permute.
  const withProviders = !isEmptyNode(mapValue(spec, ['inputsFrom']));
  const provided = !withProviders || inputStrategy === 'Permute' ? undefined : providedInputs(owner, spec, providers);
  const fromProviders = withProviders && provided === undefined;
  const ownItems = inputsNode?.kind === 'seq' ? inputsNode.items : [];
  const inputItems = [...ownItems, ...(provided ?? []).map((input) => input.provider.defaultValues)];
  // The provider an input comes from (none: the ResourceSet's own), and the file it is written in.
  const providerAt = (index: number) => (index < ownItems.length ? undefined : provided![index - ownItems.length]!.provider);
  const inputFiles = inputItems.map((_, index) => providerAt(index)?.file ?? owner.file);
  const inputs: Record<string, string>[] = inputItems.map((item, index) => {
    const values: Record<string, string> = Object.fromEntries(item?.kind === 'map' ? item.entries.map((entry) => [entry.key, scalarString(entry.value) ?? '']) : []);
    const provider = providerAt(index);
    // flux-operator adds the provider's reference, and an id made of its UID (known only in the cluster: \u0000, as a key the input lacks).
    return provider ? { ...values, id: '\u0000', 'provider.name': provider.name, 'provider.namespace': provider.namespace!, 'provider.kind': 'ResourceSetInputProvider', 'provider.apiVersion': provider.apiVersion } : values;
  });
  // Where each key of an input is written (its value), for a name a template gives from it: a typo in one input's value
  // is that input's, not the template line's that every input shares (a trial's probe).
  const inputValues = (index: number): InputValues => {
    const item = inputItems[index];
    const keys = new Map<string, Location>();
    for (const entry of item?.kind === 'map' ? item.entries : []) {
      if (entry.value) keys.set(entry.key, { ...owner.location, file: inputFiles[index]!, line: entry.value.position.line, column: entry.value.position.column });
    }
    return { resourceSet: `ResourceSet ${owner.namespace ? `${owner.namespace}/` : ''}${owner.name}`, input: index + 1, keys };
  };
  // List-valued inputs (dependsOn: [a, b]), for templates that range over them, each value with its place.
  // (Items that are maps, `{name, namespace}`, are what a `toYaml` of the list writes as dependsOn items.)
  const inputLists: Record<string, { value: string; namespace?: string; line: number; column: number }[]>[] = inputItems.map((item) => Object.fromEntries(item?.kind === 'map'
    ? item.entries.flatMap((entry) => entry.value?.kind === 'seq'
      ? [[entry.key, entry.value.items.flatMap((value) => {
        const text = value?.kind === 'map' ? scalarString(mapValue(value, ['name'])) : scalarString(value);
        const namespace = value?.kind === 'map' ? scalarString(mapValue(value, ['namespace'])) : undefined;
        return text === undefined || !value ? [] : [{ value: text, ...(namespace ? { namespace } : {}), line: value.position.line, column: value.position.column }];
      })]] : []) : []));
  // inputStrategy Permute: flux-operator treats the ResourceSet as one more provider, its inline input sets each
  // scoped under its normalized name (inputs/permuter.go): `<< inputs.my_apps.tenant >>` for ResourceSet my-apps.
  // A template that reads `inputs.tenant` there fails (missingkey=error) and generates nothing (a trial's probe:
  // they were expanded as if flattened, and the ones written for Permute not at all).
  const permuteScope = inputStrategy === 'Permute' ? `${templateKey(owner.name)}.` : undefined;
  // Whether `<< if inputs.key >>` holds for every input alike (see resolvedConditionals): Go's truth of each value, as
  // written; undefined where it differs, where an input lacks the key (the template fails), or where providers give inputs.
  const truthiness = (key: string): boolean | undefined => {
    if (fromProviders || permuteScope !== undefined || inputItems.length === 0) return undefined;
    const truths = new Set(inputItems.map((item) => {
      const entry = item?.kind === 'map' ? item.entries.find((one) => one.key === key) : undefined;
      // A value the applier's postBuild substitutes first (`${ENABLED}`) is not known here (a review's probe).
      if (entry?.value?.kind === 'scalar' && typeof entry.value.value === 'string' && entry.value.value.includes('${')) return undefined;
      return entry === undefined ? undefined : goTruth(entry.value);
    }));
    return truths.size === 1 && !truths.has(undefined) ? [...truths][0] : undefined;
  };
  // spec.resources and spec.resourcesTemplate, or (flux-operator 0.53) the same two fields in each of spec.steps, in order.
  const steps = mapValue(spec, ['steps']);
  const stepNames = new Set<string>();
  const templates = steps?.kind === 'seq'
    ? steps.items.flatMap((step, index) => {
      const nameNode = mapValue(step, ['name']);
      const name = scalarString(nameNode);
      // The CRD requires unique step names: the API server refuses the ResourceSet.
      if (name !== undefined && stepNames.has(name) && nameNode) {
        result.problems.push({
          location: { file: owner.file, line: nameNode.position.line, column: nameNode.position.column },
          message: `ResourceSet ${owner.name} names two of its steps ${JSON.stringify(name)}: flux-operator's API requires unique step names, and the cluster rejects the ResourceSet`,
          fix: 'give each step a name of its own',
        });
      }
      if (name !== undefined) stepNames.add(name);
      return templatesIn(owner, step, { index, name: name ?? String(index + 1) }, truthiness);
    })
    : templatesIn(owner, spec, undefined, truthiness);
  // An input's text as the applier's postBuild leaves it (the ResourceSet keeps its values: flux-scan's substituted),
  // for what decides whether an object is generated (a trial's probe: `${ENVIRONMENT}` compared with "dev").
  const byApplier = (text: string) => (owner.substitute || owner.substituteFrom ? substituteVariables(text, owner.substitute ?? {}, Boolean(owner.substituteFrom)) : text);
  // `<< inputs.key >>` expanded for one input item (see expandPipelines; \u0000: an input the item lacks).
  const expanderOf = (input: Readonly<Record<string, string>>) => (value: string | undefined) => expandPipelines(value, permuteScope === undefined ? input : undefined)?.replace(TEMPLATE_INPUT, (_, written: string) => {
    // Under Permute, only keys below the ResourceSet's own scope exist; anything else is missing (\u0000: not expanded).
    if (permuteScope !== undefined && !written.startsWith(permuteScope)) return '\u0000';
    const key = permuteScope === undefined ? written : written.slice(permuteScope.length);
    return input[key] ?? (key === 'provider.namespace' ? owner.namespace ?? '' : key === 'provider.name' ? owner.name : '\u0000');
  });
  // The name and namespace of each object a template gives: as written, else per static input it keeps (none from
  // providers: what they name is known only in the cluster).
  // (And a GitRepository's spec.url, expanded alike: see GeneratedObjects.gitRepositories.)
  const instancesOf = (template: Template, templated: boolean | undefined, keep: (index: number) => boolean = () => true) => (!templated
    ? [{ name: template.name!, namespace: template.namespace, url: template.url }]
    : fromProviders ? [] : inputs.flatMap((input, index) => {
      if (!keep(index)) return [];
      const expand = expanderOf(input);
      return [{ name: expand(template.name)!, namespace: expand(template.namespace), url: expand(template.url) }];
    }));
  // An object the reconcile annotation leaves out, under the name it would have had (one the template language still
  // holds is not known, and not kept).
  const leftOutDisabled = (kind: FluxKind, name: string, namespace: string | undefined, location: Location) => {
    if ([name, namespace].some((value) => value?.includes('<<') || value?.includes('\u0000'))) return;
    result.disabled.push({ kind, name, ...(namespace || owner.namespace ? { namespace: namespace || owner.namespace } : {}), location });
  };
  // The place of each generated object in flux-operator's build, for `keptCopies`.
  const buildOrder = new Map<FluxObject, BuildPlace>();
  // A `resources` item built without inputs: flux-operator's BuildResourceSet adds it as it is, without the check of the
  // reconcile: disabled annotation its other branches make (and without dedup: keptCopies). With providers, their
  // inputs are used, or nothing is built where they give none.
  const builtWithoutInputs = (template: Template) => Boolean(template.fromResources) && inputs.length === 0 && !fromProviders;
  for (const [templateIndex, template] of templates.entries()) {
    const group = template.apiVersion?.slice(0, Math.max(0, template.apiVersion.lastIndexOf('/')));
    if (!template.kind || !template.apiVersion || !template.name) continue;
    const templated = template.name.includes('<<') || template.namespace?.includes('<<');
    // A conditional decides whether the object is generated and what its dependsOn holds (a trial's probe, flux-operator's
    // own app-definition guide: `<< if inputs.needs >> dependsOn: ... << end >>` read as no dependsOn, and a release
    // wrapped in `<< if inputs.enabled >>` generated for enabled: false). Not evaluated: the kind is open, by the
    // names the template can give.
    if (template.dependsOnUnread && KIND_BY_GROUP.get(group!) === template.kind) result.dependsOnUnread = true;
    if (template.conditional) {
      // (Counted as not expanded where it is a Flux kind: what other kinds it may create is only read for waits on them.)
      if (KIND_BY_GROUP.get(group!) === template.kind) {
        // (Any name, where a conditional in its metadata may give another: the first `name:` is only one branch's.)
        result.openKinds.push(openKind(template.kind, template.namespace, owner, template.conditionalMetadata ? undefined : template.name));
        // (A conditional may give its path per input: not known.)
        openPath(result, template.kind, undefined, undefined);
        result.conditional = true;
      }
      continue;
    }
    if (KIND_BY_GROUP.get(group!) !== template.kind) {
      // Another kind (a Job another ResourceSet's dependsOn waits for: a trial's probe, where order placed the waiter
      // first): kept by the names written or given by static inputs; what providers name is not known.
      if (template.reconcile === DISABLED && !builtWithoutInputs(template)) continue;
      const instances = instancesOf(template, templated,
        (index) => chosenValue(template.reconcile, inputs[index]!, permuteScope === undefined ? inputItems[index] : undefined, byApplier) !== DISABLED);
      const unknown = (value: string | undefined) => value !== undefined && (value.includes('<<') || value.includes('\u0000') || value.includes('${'));
      for (const { name, namespace, url } of instances) {
        if (unknown(name) || unknown(namespace)) continue;
        result.created.push({ group: group!, kind: template.kind, name, ...(namespace ? { namespace } : {}), location: template.location ?? owner.location });
        if (template.kind === 'GitRepository' && group === 'source.toolkit.fluxcd.io' && url !== undefined && !unknown(url)) {
          (result.gitRepositories ??= []).push({ name, ...(namespace || owner.namespace ? { namespace: namespace || owner.namespace } : {}), url });
        }
      }
      continue;
    }
    // flux-operator leaves out an object annotated fluxcd.controlplane.io/reconcile: disabled (its builder drops it
    // before applying: a trial's probe). A value a template decides per input is expanded below.
    if (template.reconcile === DISABLED && !builtWithoutInputs(template)) {
      for (const { name, namespace } of instancesOf(template, templated)) leftOutDisabled(template.kind as FluxKind, name, namespace, template.location ?? owner.location);
      continue;
    }
    if (!templated) {
      const object = generated(owner, template.kind as FluxKind, template.apiVersion, template.name, template.namespace, template);
      object.dependsOn = expandedDependencies(template.dependsOn ?? [], (value) => value);
      if (template.location) object.location = template.location;
      result.objects.push(object);
      if (object.kind === 'ResourceSet' && template.nestedSpec !== undefined) result.nestedSpecs.set(object, template.nestedSpec);
      else if (object.kind === 'ResourceSet') result.nestedUnread = true;
      // A ResourceSet it creates annotated reconcile: disabled in any case (built as it is without inputs, or as
      // `Disabled`, which the builder's exact comparison passes) does not reconcile: IsDisabled lower-cases (a review's probe).
      if (object.kind === 'ResourceSet' && template.reconcile?.toLowerCase() === DISABLED) object.suspend = true;
      buildOrder.set(object, buildPlace(template, templateIndex, 0));
      continue;
    }
    // Inputs only the cluster knows (providers) may give it any name. Without providers and without inputs, a
    // templated name has nothing to come from: flux-operator makes no object of it that anything could depend on.
    if (fromProviders) {
      result.openKinds.push(openKind(template.kind, template.namespace, owner, template.name));
      openPath(result, template.kind, template.path, template.sourceKind);
      result.fromProviders = true;
      continue;
    }
    if (inputs.length === 0) continue;
    inputs.forEach((input, index) => {
      const expand = expanderOf(input);
      const name = expand(template.name)!;
      const namespace = expand(template.namespace);
      const reconcile = chosenValue(template.reconcile, input, permuteScope === undefined ? inputItems[index] : undefined, byApplier);
      if (reconcile === DISABLED) {
        leftOutDisabled(template.kind as FluxKind, name, namespace, template.location ?? owner.location);
        return;
      }
      if (name.includes('<<') || name.includes('\u0000') || namespace?.includes('<<') || namespace?.includes('\u0000')) {
        result.openKinds.push(openKind(template.kind!, namespace, owner, name));
        openPath(result, template.kind!, expand(template.path), template.sourceKind);
        result.unexpanded = true;
        return;
      }
      const object = generated(owner, template.kind as FluxKind, template.apiVersion!, name, namespace, {
        path: expand(template.path), targetNamespace: expand(template.targetNamespace), sourceKind: template.sourceKind, sourceName: expand(template.sourceName), sourceNamespace: expand(template.sourceNamespace),
        waiting: template.waiting, timeout: expand(template.timeout), interval: expand(template.interval), installTimeout: expand(template.installTimeout), step: template.step,
        namePrefix: expand(template.namePrefix), nameSuffix: expand(template.nameSuffix), components: template.components?.map((entry) => expand(entry)!),
        kubeConfig: expand(template.kubeConfig), location: template.location,
        postBuild: template.postBuild && {
          substitute: Object.fromEntries(Object.entries(template.postBuild.substitute).map(([key, value]) => [key, expand(value)!])),
          substituteFrom: template.postBuild.substituteFrom,
          ...(template.postBuild.substituteFromRefs ? { substituteFromRefs: template.postBuild.substituteFromRefs.map((ref) => ({ kind: ref.kind, name: expand(ref.name)! })) } : {}),
        },
      });
      const itemLocation = inputItems[index] ? { ...owner.location, file: inputFiles[index]!, line: inputItems[index]!.position.line, column: inputItems[index]!.position.column } : owner.location;
      // The list a range reads, below the ResourceSet's scope under Permute (a review's probe: dropped, a typo passed).
      const rangedKey = template.dependsOnInput === undefined ? undefined
        : permuteScope === undefined ? template.dependsOnInput
          : template.dependsOnInput.startsWith(permuteScope) ? template.dependsOnInput.slice(permuteScope.length) : undefined;
      const ranged = rangedKey ? inputLists[index]?.[rangedKey] ?? [] : [];
      // Each item is located at its value in the input list, where a wrong name is written.
      object.dependsOn = [
        ...ranged.map((dependency) => ({ name: dependency.value, ...(dependency.namespace ? { namespace: dependency.namespace } : {}), location: { ...itemLocation, line: dependency.line, column: dependency.column } })),
        ...expandedDependencies(template.dependsOn ?? [], expand, permuteScope === undefined ? inputValues(index) : undefined),
      ];
      if (template.location) object.location = template.location;
      result.objects.push(object);
      if (object.kind === 'ResourceSet') result.nestedUnread = true;
      if (object.kind === 'ResourceSet' && reconcile?.toLowerCase() === DISABLED) object.suspend = true;
      buildOrder.set(object, buildPlace(template, templateIndex, index));
    });
  }
  result.objects = keptCopies(result.objects, buildOrder, inputs.length === 0 && !fromProviders);
  // (One annotated reconcile: disabled, suspended here, flux-operator does not build.)
  // (Of the inputs its providers give, a key one lacks leaves the names that read it open: not judged as a failure.)
  const failure = permuteScope === undefined && !owner.suspend ? missingInputKey(owner, spec, inputsNode, fromProviders || provided !== undefined) : undefined;
  if (failure) result.buildFailure = failure;
  // One object in two steps fails flux-operator's build of the ResourceSet ("duplicate resource ... already defined in step").
  const stepOf = new Map<string, FluxObject>();
  for (const object of result.objects) {
    if (!object.step) continue;
    const key = fluxObjectId(object);
    const first = stepOf.get(key);
    if (first && first.step!.index !== object.step.index) {
      result.problems.push({
        location: object.location,
        message: `${shortId(key)} is in step ${JSON.stringify(first.step!.name)} and again in step ${JSON.stringify(object.step.name)} of ResourceSet ${owner.name}: flux-operator fails its build, and applies none of its steps`,
        fix: 'keep the object in one step',
      });
    } else if (!first) stepOf.set(key, object);
  }
  return result;
}

/**
 * Where flux-operator's BuildResourceSet (internal/builder/resourceset.go) builds an object: every input of the
 * first `resources` item, then of the next..., then the whole resourcesTemplate for the first input, then for the
 * next... As [resources first, then which comes first, then the rest].
 */
type BuildPlace = readonly [number, number, number];

function buildPlace(template: Template, templateIndex: number, inputIndex: number): BuildPlace {
  return template.fromResources ? [0, templateIndex, inputIndex] : [1, inputIndex, templateIndex];
}

/**
 * The objects flux-operator keeps of those built: of two with one identity (kind, namespace, name) in one build (the
 * spec, or one step), the first built, so a `resources` item wins over a resourcesTemplate document (a trial's
 * probe: the template's copy lent the kept one its dependsOn). Only `resources` items built without inputs are all
 * kept (flux-operator's addObject without dedup), merged here as copies of one object.
 */
function keptCopies(objects: FluxObject[], order: ReadonlyMap<FluxObject, BuildPlace>, withoutInputs: boolean): FluxObject[] {
  const first = new Map<string, FluxObject>();
  const before = (one: FluxObject, other: FluxObject): boolean => {
    const [a, b] = [order.get(one)!, order.get(other)!];
    const at = a.findIndex((value, index) => value !== b[index]);
    return at >= 0 && a[at]! < b[at]!;
  };
  const identity = (object: FluxObject) => `${object.step?.index ?? -1} ${fluxObjectId(object)}`;
  for (const object of objects) {
    const known = first.get(identity(object));
    if (!known || before(object, known)) first.set(identity(object), object);
  }
  return objects.filter((object) => {
    const kept = first.get(identity(object))!;
    return kept === object || (withoutInputs && order.get(object)![0] === 0 && order.get(kept)![0] === 0);
  });
}

/**
 * The input keys a template surely reads, each with the first action that reads it: `inputs.KEY` in an action
 * outside every block (an `if`, `with`, `range`, `define` or `block` body may be guarded: `<< if hasKey inputs "k" >>`),
 * the pipeline of such a block's own action included, and not in one with `and` or `or`, which Go evaluates lazily
 * (`and (hasKey inputs "k") inputs.k`: ionfury/homelab). Undefined where the blocks do not balance (what reads what
 * is then not known).
 */
function keysReadSurely(text: string): Map<string, string> | undefined {
  const keys = new Map<string, string>();
  let depth = 0;
  for (const [action, body] of text.matchAll(/<<-?([\s\S]*?)-?>>/g)) {
    const words = body!.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""').trim();
    const first = /^[a-z]+/.exec(words)?.[0];
    if (first === 'end') {
      depth -= 1;
      if (depth < 0) return undefined;
      continue;
    }
    if (first === 'else' || words.startsWith('/*')) continue;
    if (depth === 0 && first !== 'define' && !/\b(?:and|or)\b/.test(words)) {
      for (const [, key] of words.matchAll(/(?<![\w$.])inputs\.(\w+)/g)) if (!keys.has(key!)) keys.set(key!, action!.trim());
    }
    if (first === 'if' || first === 'with' || first === 'range' || first === 'define' || first === 'block') depth += 1;
  }
  return depth === 0 ? keys : undefined;
}

/**
 * Why flux-operator's build of a ResourceSet fails for an input key its templates read (missingkey=error: its
 * builder's newTemplate; "map has no entry for key"): the first static input that lacks one, or, where the
 * ResourceSet has no inputs at all (nor providers), its templates themselves. The build fails whole: it applies
 * nothing (a trial's probe: the input without the key was generated with an empty value, the rest as usual).
 */
function missingInputKey(owner: FluxObject, spec: YamlNode | null, inputsNode: YamlNode | null, fromProviders: boolean): GeneratedObjects['buildFailure'] {
  // Inputs written other than as a list (`inputs: ${INPUTS}`, which the applier's postBuild fills): not known here.
  if (inputsNode && inputsNode.kind !== 'seq' && !isEmptyNode(inputsNode)) return undefined;
  const inputItems = inputsNode?.kind === 'seq' ? inputsNode.items : [];
  const read = new Map<string, string>();
  const take = (text: string | undefined) => {
    const keys = text?.includes('<<') ? keysReadSurely(text) : undefined;
    for (const [key, action] of keys ?? []) if (!read.has(key)) read.set(key, action);
  };
  const steps = mapValue(spec, ['steps']);
  for (const container of steps?.kind === 'seq' ? steps.items : [spec]) {
    const resources = mapValue(container, ['resources']);
    // A resources item is rendered as YAML with its keys sorted (its JSON converted): each scalar on its own.
    if (resources?.kind === 'seq') for (const item of resources.items) for (const text of textsBelow(item)) take(text);
    take(scalarString(mapValue(container, ['resourcesTemplate'])));
  }
  if (read.size === 0) return undefined;
  const reads = (key: string) => `${key}, which its template reads (${read.get(key)})`;
  if (inputItems.length === 0) {
    if (fromProviders) return undefined; // no inputs from its providers: flux-operator builds nothing
    // (Without inputs, not even `provider`: flux-operator adds it to each input there is.)
    const [key] = [...read.keys()];
    return {
      location: owner.location,
      message: `${shortId(fluxObjectId(owner))} has no inputs, and its template reads input ${key} (${read.get(key!)}): flux-operator renders its templates with missingkey=error, so it fails to build and applies nothing, and what waits for it or for what it would apply waits for ever`,
      fix: `give it spec.inputs with ${key}, or write the value in the template`,
    };
  }
  // flux-operator gives every input `provider` (the ResourceSet, or the input provider it came from).
  read.delete('provider');
  for (const [index, item] of inputItems.entries()) {
    if (item?.kind !== 'map') continue;
    const missing = [...read.keys()].filter((key) => !item.entries.some((entry) => entry.key === key));
    if (missing.length === 0) continue;
    return {
      location: { file: owner.file, line: item.position.line, column: item.position.column },
      message: `input ${index + 1} of ${shortId(fluxObjectId(owner))} has no ${reads(missing[0]!)}${missing.length > 1 ? ` (nor ${missing.slice(1).join(', ')})` : ''}: flux-operator renders its templates with missingkey=error, so it fails to build and applies nothing, and what waits for it or for what it would apply waits for ever`,
      fix: `add ${missing.join(', ')} to this input, or read ${missing.length > 1 ? 'them' : 'it'} as << get inputs "${missing[0]}" >>, empty where an input lacks it`,
    };
  }
  return undefined;
}

/** A template of a ResourceSet: one `resources` item, or one document of `resourcesTemplate`. */
type Template = {
  kind?: string; apiVersion?: string; name?: string; namespace?: string; dependsOnInput?: string;
  /** Its dependsOn is an expression of the template language not read here (listOfInput). */
  dependsOnUnread?: true;
  /** Its literal dependsOn items, names and namespaces as written (inputs still to expand). */
  dependsOn?: TemplateDependency[];
  /** Where its metadata.name is written, when it is (a `resources` item): the generated objects' place. */
  location?: Location;
  /** Its `fluxcd.controlplane.io/reconcile` annotation as written: `disabled` makes flux-operator leave the object out. */
  reconcile?: string;
  /** A document of a resourcesTemplate that holds conditionals (GeneratedObjects.conditional); in its metadata too. */
  conditional?: true;
  conditionalMetadata?: true;
  /** An item of `resources` (not a document of `resourcesTemplate`): its objects take precedence (see `keptCopies`). */
  fromResources?: true;
  /** A `resources` item that is a ResourceSet written without template language: its spec (GeneratedObjects.nestedSpecs). */
  nestedSpec?: YamlNode | null;
} & TemplateSpec;

/** The templates of `container`: a ResourceSet's spec, or one of its steps (`step`, which its objects then carry). */
function templatesIn(owner: FluxObject, container: YamlNode | null, step: ResourceSetStep | undefined, truthiness: (key: string) => boolean | undefined): Template[] {
  const templates: Template[] = [];
  const at = (node: YamlNode | null): Location | undefined => (node ? { file: owner.file, line: node.position.line, column: node.position.column } : undefined);
  const resources = mapValue(container, ['resources']);
  if (resources?.kind === 'seq') {
    for (const item of resources.items) {
      const nameNode = mapValue(item, ['metadata', 'name']);
      const dependsOn = mapValue(item, ['spec', 'dependsOn']);
      templates.push({
        kind: scalarString(mapValue(item, ['kind'])), apiVersion: scalarString(mapValue(item, ['apiVersion'])),
        name: scalarString(nameNode), namespace: scalarString(mapValue(item, ['metadata', 'namespace'])),
        path: scalarString(mapValue(item, ['spec', 'path'])), targetNamespace: scalarString(mapValue(item, ['spec', 'targetNamespace'])),
        sourceKind: scalarString(mapValue(item, ['spec', 'sourceRef', 'kind'])), sourceName: scalarString(mapValue(item, ['spec', 'sourceRef', 'name'])),
        sourceNamespace: scalarString(mapValue(item, ['spec', 'sourceRef', 'namespace'])),
        url: scalarString(mapValue(item, ['spec', 'url'])),
        ...(nameNode ? { location: at(nameNode)! } : {}),
        ...(step ? { step } : {}),
        fromResources: true,
        ...(scalarString(mapValue(item, ['kind'])) === 'ResourceSet' && !holdsTemplateLanguage(item) ? { nestedSpec: mapValue(item, ['spec']) } : {}),
        reconcile: scalarString(mapValue(item, ['metadata', 'annotations', RECONCILE_ANNOTATION])),
        // The whole spec is written here: what it leaves out takes Flux's default (no wait); a templated wait is not known.
        waiting: waitingOf(mapValue(item, ['spec'])),
        timeout: scalarString(mapValue(item, ['spec', 'timeout'])), interval: scalarString(mapValue(item, ['spec', 'interval'])),
        installTimeout: scalarString(mapValue(item, ['spec', 'install', 'timeout'])),
        namePrefix: scalarString(mapValue(item, ['spec', 'namePrefix'])), nameSuffix: scalarString(mapValue(item, ['spec', 'nameSuffix'])),
        components: stringItems(mapValue(item, ['spec', 'components'])), postBuild: templatePostBuildOf(mapValue(item, ['spec', 'postBuild'])),
        ...(isEmptyNode(mapValue(item, ['spec', 'kubeConfig'])) ? {} : { kubeConfig: kubeConfigOf(mapValue(item, ['spec', 'kubeConfig'])) }),
        ...listOfInput(scalarString(dependsOn)),
        dependsOn: dependsOn?.kind === 'seq' ? dependsOn.items.flatMap((dependency) => {
          const dependencyName = mapValue(dependency, ['name']);
          const name = scalarString(dependencyName);
          if (name === undefined || !dependencyName) return [];
          const namespace = scalarString(mapValue(dependency, ['namespace']));
          const kind = scalarString(mapValue(dependency, ['kind']));
          const apiVersion = scalarString(mapValue(dependency, ['apiVersion']));
          return [{ name, location: at(dependency)!, ...(namespace ? { namespace } : {}), ...(kind ? { kind } : {}), ...(apiVersion ? { apiVersion } : {}) }];
        }) : [],
      });
    }
  }
  const written = scalarString(mapValue(container, ['resourcesTemplate']));
  const resolved = written === undefined ? undefined : resolvedConditionals(written, truthiness);
  const conditional = written !== undefined && resolved === undefined;
  const text = resolved ?? written;
  // A literal item is located by finding its line in the file, below the resourcesTemplate key (see templateLines).
  const lines = text ? templateLines(owner.file, mapEntry(container, 'resourcesTemplate')?.keyPosition.line) : undefined;
  for (const document of text ? text.split(/^---\s*$/m) : []) {
    const kind = /^\s*kind:\s*(\S+)\s*$/m.exec(document)?.[1];
    const apiVersion = /^\s*apiVersion:\s*(\S+)\s*$/m.exec(document)?.[1];
    // (The key's indentation in spaces: `\s*` took a blank line before it into the indentation, and the block came out
    // empty: a second review's probe, where a GitRepository's url was lost.)
    const metadata = /^( *)metadata:\s*\n((?:\1\s+.*\n?)*)/m.exec(document)?.[2] ?? '';
    // `<< range $dep := inputs.dependsOn >> - name: << $dep >>`: one dependsOn item per value of that input.
    // (A dotted key, `inputs.my_apps.deps`, is how inputStrategy Permute scopes the ResourceSet's own inputs.)
    const ranged = /range\s+\$(\w+)\s*:=\s*inputs\.([\w.]+)\s*-?>>\s*\n\s*-\s*name:\s*<<-?\s*\$\1\s*-?>>/.exec(document);
    const specBlock = /^( *)spec:\s*\n((?:\1\s+.*\n?)*)/m.exec(document)?.[2] ?? '';
    const sourceRef = /^( *)sourceRef:\s*\n((?:\1\s+.*\n?)*)/m.exec(specBlock)?.[2] ?? '';
    templates.push({
      kind, apiVersion, name: templateValue(/^\s*name:\s*(.+?)\s*$/m.exec(metadata)?.[1]), namespace: templateValue(/^\s*namespace:\s*(.+?)\s*$/m.exec(metadata)?.[1]),
      reconcile: templateValue(/^\s*["']?fluxcd\.controlplane\.io\/reconcile["']?:\s*(.+?)\s*$/m.exec(metadata)?.[1]),
      ...(ranged && /dependsOn:/.test(document) ? { dependsOnInput: ranged[2]! } : listOfInput(/^\s*dependsOn:[ \t]*(<<.*)$/m.exec(document)?.[1])),
      dependsOn: literalDependencies(specBlock, lines, owner),
      // At the spec's own indentation: a JSON patch's `path: /spec/...` below it is no spec.path (a review's note).
      path: /^\s*path:\s*["']?(.+?)["']?\s*$/m.exec(ownLines(specBlock))?.[1], targetNamespace: /^\s*targetNamespace:\s*(.+?)\s*$/m.exec(ownLines(specBlock))?.[1],
      // (A value with spaces, `<< inputs.name >>` as flux-operator's own guides write it: a second review's probe.)
      sourceKind: templateValue(/^\s*kind:\s*(.+?)\s*$/m.exec(sourceRef)?.[1]), sourceName: templateValue(/^\s*name:\s*(.+?)\s*$/m.exec(sourceRef)?.[1]),
      sourceNamespace: templateValue(/^\s*namespace:\s*(.+?)\s*$/m.exec(sourceRef)?.[1]),
      url: templateValue(/^\s*url:\s*(.+?)\s*$/m.exec(ownLines(specBlock))?.[1]),
      ...templateSpecFields(document, specBlock),
      ...templateKubeConfig(specBlock),
      ...(step ? { step } : {}),
      ...(conditional ? { conditional: true } : {}),
      ...(conditional && /<<-?\s*(?:if|else|with|range)\b/.test(metadata) ? { conditionalMetadata: true } : {}),
    });
  }
  return templates;
}

/**
 * Whether any key or scalar below `node` holds `<<`, flux-operator's template delimiter (a YAML merge key `<<` is not
 * one): what it renders is then known only per input.
 */
export function holdsTemplateLanguage(node: YamlNode | null): boolean {
  // (A text that is `<<` alone is the merge key: as a value it would be no template either, an action left open.)
  for (const text of textsBelow(node)) if (text !== '<<' && text.includes('<<')) return true;
  return false;
}

/** Go's text/template truth of a value: false, 0, null, "" and an empty list or map are false. */
function goTruth(node: YamlNode | null): boolean {
  if (node === null) return false;
  if (node.kind === 'seq') return node.items.length > 0;
  if (node.kind === 'map') return node.entries.length > 0;
  return node.value !== false && node.value !== 0 && node.value !== null && node.value !== '';
}

const CONTROL = /<<-?\s*(if|else|end|range|with|define|block)\b([^>]*?)-?>>/g;

/**
 * The block the audit reads item by item that `at` lies in, if any: a `dependsOn:` list, or a document's `metadata:`
 * (its name, namespace and reconcile annotation decide what is generated): a conditional there decides what is read
 * (a review's probes: one around a dependsOn item dropped the list, one around metadata.name took its first branch).
 */
function insideReadBlock(text: string, at: number): 'dependsOn' | 'metadata' | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let inside: 'dependsOn' | 'metadata' | undefined;
  for (const match of text.slice(0, lineStart).matchAll(/^([ \t]*)(dependsOn|metadata):[ \t]*(?:#.*)?$/gm)) {
    const indent = match[1]!.length;
    // The block runs to the next line with content indented no more than its key (a control token alone is none).
    const after = text.slice(match.index! + match[0].length, lineStart);
    const ended = after.split('\n').some((line) => {
      const content = line.replace(/<<-?[^>]*?-?>>/g, '').trimEnd();
      return content.trim() !== '' && content.length - content.trimStart().length <= indent;
    });
    // (The innermost: a dependsOn below metadata is none, but the last block still open is the one it stands in.)
    if (!ended) inside = match[2] as 'dependsOn' | 'metadata';
  }
  return inside;
}

/**
 * What a conditional block must not hold undecided: a dependsOn, which the audit reads, or a document's own lines
 * (the block scalar's text starts them at its margin), which decide whether an object is generated at all.
 */
const DECIDES_WHAT_IS_READ = /dependsOn:|^(?:---|kind:|apiVersion:|metadata:)/m;

/** Whether a block's body is a `range` over `inputs.<key>` and nothing else (a `dependsOn:` key before it aside). */
function onlyRangeOver(body: string, key: string): boolean {
  const range = new RegExp(String.raw`<<-?\s*range\s+\$\w+\s*:=\s*inputs\.${key}\s*-?>>[\s\S]*<<-?\s*end\s*-?>>`);
  return range.test(body) && /^\s*(?:dependsOn:\s*)?$/.test(body.replace(range, ''));
}

/**
 * A resourcesTemplate with its `<< if inputs.key >> ... << else >> ... << end >>` blocks decided where every input
 * decides them alike (`truthiness`), or where the block's body is only a `range` over that same list (ionfury/homelab's
 * `<<- if inputs.dependsOn >>` around `dependsOn:` and `<<- range $dep := inputs.dependsOn >>`: an empty list ranges
 * over nothing). A block left undecided (it depends on the input, or on more than `inputs.key`: `eq`, `index`,
 * `with`...) stays as written, every branch read as before, unless it holds a dependsOn or a document's own lines, or
 * stands in a dependsOn list or around a metadata name, namespace or reconcile annotation (insideReadBlock), or is a
 * `define`/`block`: then undefined, and the caller counts the template's objects as open (GeneratedObjects.conditional).
 * A token alone on its line goes with its line. A template whose blocks do not close is left as written (flux-operator
 * fails it).
 */
function resolvedConditionals(text: string, truthiness: (key: string) => boolean | undefined): string | undefined {
  if (!/<<-?\s*(?:if|with|else)\b/.test(text)) return text;
  const tokens = [...text.matchAll(CONTROL)].map((match) => ({ kind: match[1]!, argument: match[2]!.trim(), start: match.index!, end: match.index! + match[0].length }));
  // Each if with its else and end, by nesting (range and with open blocks too).
  const drop: [number, number][] = [];
  const stack: { kind: string; argument: string; at: number; elses: number[] }[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'if' || token.kind === 'range' || token.kind === 'with' || token.kind === 'define' || token.kind === 'block') {
      stack.push({ kind: token.kind, argument: token.argument, at: index, elses: [] });
      continue;
    }
    const open = stack.at(-1);
    if (!open) return text;
    if (token.kind === 'else') {
      open.elses.push(index);
      continue;
    }
    stack.pop();
    if (open.kind === 'range') continue;
    if (open.kind === 'define' || open.kind === 'block') return undefined;
    const first = tokens[open.at]!;
    const key = open.kind === 'if' && open.elses.length <= 1 && !tokens[open.elses[0] ?? -1]?.argument ? /^inputs\.(\w+)$/.exec(open.argument)?.[1] : undefined;
    const middle = open.elses.length === 1 ? tokens[open.elses[0]!]! : undefined;
    // Only a block whose body is that range (and the dependsOn: key before it): one around a whole document generates
    // it only where the list is not empty (a review's probe).
    const body = text.slice(first.end, token.start);
    const guardsRange = key !== undefined && middle === undefined && onlyRangeOver(body, key);
    const truth = key === undefined ? undefined : guardsRange ? true : truthiness(key);
    if (truth === undefined) {
      // In metadata, only what names the object or leaves it out (ionfury/homelab's conditional prune annotation is neither).
      const inside = insideReadBlock(text, first.start);
      if (DECIDES_WHAT_IS_READ.test(body) || inside === 'dependsOn' || (inside === 'metadata' && /^\s*(?:name|namespace):|fluxcd\.controlplane\.io\/reconcile/m.test(body))) return undefined;
      continue;
    }
    // Kept: the branch that holds; dropped: the tokens, and the branch that does not.
    if (truth) {
      drop.push([first.start, first.end]);
      drop.push(middle ? [middle.start, token.end] : [token.start, token.end]);
    } else {
      drop.push([first.start, (middle ?? token).end]);
      if (middle) drop.push([token.start, token.end]);
    }
  }
  if (stack.length > 0) return text;
  // Whole lines where a dropped stretch leaves only spaces on them.
  let result = '';
  let from = 0;
  for (const [start, end] of drop.sort((a, b) => a[0] - b[0])) {
    if (end <= from) continue; // inside a branch already dropped
    if (start < from) return undefined;
    let cut = start;
    let resume = end;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd < 0 ? text.length : lineEnd))) {
      cut = Math.max(lineStart, from);
      resume = lineEnd < 0 ? text.length : lineEnd + 1;
    }
    result += text.slice(from, cut);
    from = resume;
  }
  return result + text.slice(from);
}

/**
 * A dependsOn written as one expression of the template language: `<< get inputs "dependsOn" | default list | toYaml |
 * nindent 4 >>` (flux-operator's docs' idiom; 1ab-io/d2-fleet) or `<< inputs.deps | toYaml >>` writes the input's list,
 * whose `{name, namespace}` items are read as a range's are (`dependsOnInput`). Any other expression is not read:
 * `dependsOnUnread`, counted (a trial's probe: such a dependsOn was dropped without a word, and the levels lost it).
 */
function listOfInput(written: string | undefined): Pick<Template, 'dependsOnInput' | 'dependsOnUnread'> {
  if (written === undefined || !written.includes('<<')) return {};
  const list = /^<<-?\s*(?:inputs\.([\w.]+)|get\s+inputs\s+"([\w.]+)"(?:\s*\|\s*default\s+list)?)\s*\|\s*toYaml(?:\s*\|\s*nindent\s+\d+)?\s*-?>>\s*$/.exec(written.trim());
  return list ? { dependsOnInput: (list[1] ?? list[2])! } : { dependsOnUnread: true };
}

/** A dependsOn item a template writes out (not one a `range` over an input makes), inputs not yet expanded. */
interface TemplateDependency {
  name: string;
  namespace?: string;
  kind?: string;
  apiVersion?: string;
  location: Location;
}

/** A term of a pipeline flux-operator's docs write for an optional input: `inputs.key`, `get inputs "key"`, `"text"`. */
const PIPELINE_TERM = String.raw`inputs\.\w+|get\s+inputs\s+"[^"\\]*"|"[^"\\]*"`;
/** `<< get inputs "key" >>` and `<< TERM | default TERM >>` (slim-sprig's get and default). */
const PIPELINE = new RegExp(String.raw`<<-?\s*(?:(${PIPELINE_TERM})\s*\|\s*default\s+(${PIPELINE_TERM})|(get\s+inputs\s+"[^"\\]*"))\s*-?>>`, 'g');

/**
 * The pipelines of PIPELINE evaluated for one input, as flux-operator's template does (missingkey=error: `inputs.key`
 * of a key the input lacks fails the ResourceSet, and stays unexpanded here; `get` gives "" for it, and `default`
 * its fallback for an empty value: `namespace: << get inputs "namespace" | default inputs.tenant >>`, a trial's probe,
 * 1ab-io/d2-fleet). Without `input` (keys scoped under Permute) nothing is evaluated.
 */
function expandPipelines(value: string | undefined, input: Readonly<Record<string, string>> | undefined): string | undefined {
  if (value === undefined || input === undefined || !value.includes('<<')) return value;
  const term = (written: string): string | undefined => {
    if (written.startsWith('"')) return written.slice(1, -1);
    const got = /^get\s+inputs\s+"([^"]*)"$/.exec(written);
    if (got) return input[got[1]!] ?? '';
    return input[written.slice('inputs.'.length)];
  };
  return value.replace(PIPELINE, (match, piped?: string, pipedDefault?: string, got?: string) => {
    const [given, otherwise] = got !== undefined ? [got, undefined] : [piped!, pipedDefault];
    // Go evaluates every argument before the call: a fallback naming a key the input lacks fails even when unused.
    const first = term(given);
    const fallback = otherwise === undefined ? undefined : term(otherwise);
    if (first === undefined || (otherwise !== undefined && fallback === undefined)) return match;
    // slim-sprig's empty: "", and also 0 and false, which this tool's inputs (read as text) cannot tell from "0" and
    // "false" written in quotes: not decided here.
    if (otherwise !== undefined && /^(?:0|false)$/.test(first)) return match;
    return first !== '' || fallback === undefined ? first : fallback;
  });
}

/**
 * A template value for one input: `<< inputs.key >>` expanded, and the conditional flux-operator's documentation
 * writes for this annotation, `<< if eq inputs.key "value" >>a<< else >>b<< end >>` (or `ne`), decided. Anything
 * else that is still templated stays so (not claimed).
 */
function chosenValue(
  written: string | undefined, input: Readonly<Record<string, string>>, raw?: YamlNode | null,
  /** An input's text as the applier's postBuild substitutes it (values holding `${` decide nothing). */
  byApplier: (text: string) => string = (text) => text,
): string | undefined {
  if (written === undefined) return undefined;
  const choice = /^<<-?\s*if\s+(eq|ne)\s+inputs\.(\w+)\s+"([^"]*)"\s*-?>>(.*?)<<-?\s*else\s*-?>>(.*?)<<-?\s*end\s*-?>>$/.exec(written.trim());
  const compared = choice && input[choice[2]!] !== undefined ? byApplier(input[choice[2]!]!) : undefined;
  if (choice && compared?.includes('${')) return written;
  if (choice) return ((compared === choice[3]) === (choice[1] === 'eq') ? choice[4] : choice[5])!.trim();
  // With the input as written (`raw`): `eq inputs.key true` of a boolean input, and `inputs.key` / `not inputs.key` by
  // Go's truth (a trial's probe, 1ab-io/d2-fleet's `<< if eq inputs.configs true >>enabled<< else >>disabled<< end >>`
  // with configs: false: the object was generated, which flux-operator leaves out). A string compared with a
  // boolean fails the template: not decided.
  const typed = /^<<-?\s*if\s+(?:(eq|ne)\s+inputs\.(\w+)\s+(true|false)|(not\s+)?inputs\.(\w+))\s*-?>>(.*?)<<-?\s*else\s*-?>>(.*?)<<-?\s*end\s*-?>>$/.exec(written.trim());
  const value = typed && raw?.kind === 'map' ? raw.entries.find((entry) => entry.key === (typed[2] ?? typed[5]))?.value : undefined;
  if (typed && value !== undefined && !(value?.kind === 'scalar' && typeof value.value === 'string' && value.value.includes('${'))) {
    if (typed[1] !== undefined && !(value?.kind === 'scalar' && typeof value.value === 'boolean')) return written;
    const holds = typed[1] !== undefined ? (value?.kind === 'scalar' && value.value === (typed[3] === 'true')) === (typed[1] === 'eq') : goTruth(value) !== Boolean(typed[4]);
    return (holds ? typed[6] : typed[7])!.trim();
  }
  // Also `<< get inputs "createConfigs" | default "enabled" >>` (a trial's probe, bendwyer/flux-d2-fleet: 13 configs
  // Kustomizations its inputs disable were generated).
  return expandPipelines(written, input)!.replace(/<<-?\s*inputs\.(\w+)\s*-?>>/g, (match, key: string) => input[key] ?? match);
}

/** flux-operator's annotation that keeps it from applying an object a ResourceSet generates, and its value. */
const RECONCILE_ANNOTATION = 'fluxcd.controlplane.io/reconcile';
const DISABLED = 'disabled';

/**
 * A value of a template's line as YAML reads it once flux-operator has rendered the template: without an anchor or
 * a tag before it (`name: &app << inputs.name >>-runner` is named `alpha-runner`: Jdavid77/home-cluster, a
 * trial's probe), a comment after it, or the quotes around it.
 */
function templateValue(written: string | undefined): string | undefined {
  if (written === undefined) return undefined;
  let value = written.replace(/^(?:[&!]\S*\s+)+/, '').replace(/\s+#.*$/, '');
  if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
  return value === '' ? undefined : value;
}

/**
 * The template's dependsOn items with this input's values: an item whose name or namespace still holds
 * template language, or an input no item has, is not known offline and not judged.
 */
/** One input's place, for FluxDependency.fromInput: its ResourceSet, its number, where each of its keys is written. */
interface InputValues { resourceSet: string; input: number; keys: ReadonlyMap<string, Location> }

function expandedDependencies(dependencies: readonly TemplateDependency[], expand: (value: string | undefined) => string | undefined, input?: InputValues): FluxDependency[] {
  const unknown = (value: string | undefined) => value !== undefined && (value.includes('<<') || value.includes('\u0000') || value.includes('{{'));
  return dependencies.flatMap((dependency) => {
    const name = expand(dependency.name)!;
    const namespace = expand(dependency.namespace);
    if (name === '' || unknown(name) || unknown(namespace)) return [];
    // The input keys the name reads (`<< inputs.dep >>`, `get inputs "dep"`), where this input writes them.
    const keys = input && name !== dependency.name
      ? [...new Set([...dependency.name.matchAll(/inputs\.(\w+)|get\s+inputs\s+"([^"\\]*)"/g)].map((match) => match[1] ?? match[2]!))]
        .flatMap((key) => (input.keys.has(key) ? [{ key, location: input.keys.get(key)! }] : [])) : [];
    return [{
      name, location: dependency.location, ...(namespace ? { namespace } : {}),
      ...(dependency.kind ? { kind: dependency.kind } : {}), ...(dependency.apiVersion ? { apiVersion: dependency.apiVersion } : {}),
      ...(keys.length > 0 ? { fromInput: { written: dependency.name, resourceSet: input!.resourceSet, input: input!.input, keys } } : {}),
    }];
  });
}

/** The lines of the file below a resourcesTemplate key, as written, with the 1-based number of the first; undefined when unreadable. */
interface TemplateFileLines {
  lines: string[];
  firstLine: number;
  /** The next line a literal item may be found on: items are found in order, each below the one before. */
  cursor: number;
}

function templateLines(file: string, keyLine: number | undefined): TemplateFileLines | undefined {
  if (keyLine === undefined) return undefined;
  try {
    const lines = readFileSync(file, 'utf8').split('\n').slice(keyLine);
    return { lines, firstLine: keyLine + 1, cursor: 0 };
  } catch {
    return undefined;
  }
}

/**
 * The `- name: x` items written in a template document's `dependsOn:` list (a
 * `namespace:` under one belongs to it), beside or instead of those a `range`
 * over an input makes (`<< $dep >>`, which the caller reads from the input).
 * Read line by line, and only what is certain: a conditional in the spec
 * (`<<- if >>`, `else`, `with`) decides per input which items exist, so none
 * is read; an item whose name or namespace holds a variable, a flow item
 * (`- {name: x}`) or one that names its namespace first is not judged. Each
 * is located at its `name:` in the file; where that line is not found (a
 * built spec, a folded scalar), at the ResourceSet.
 */
function literalDependencies(specBlock: string, lines: TemplateFileLines | undefined, owner: FluxObject): TemplateDependency[] {
  // A conditional anywhere in the spec may hold the list, or its items: which exist is decided per input.
  if (/<<-?\s*(?:if|else|with)\b/.test(specBlock)) return [];
  const rows = specBlock.split('\n');
  const start = rows.findIndex((row) => /^ *dependsOn: *(?:#.*)?$/.test(row));
  if (start < 0) return [];
  const keyIndent = leadingSpaces(rows[start]!);
  const dependencies: TemplateDependency[] = [];
  // The item the lines below belong to; null for one that is not read.
  let current: TemplateDependency | null = null;
  for (const row of rows.slice(start + 1)) {
    if (row.trim() === '') continue;
    // What a `range` makes is read from its input (see `ranged`); its markers are no items.
    if (/^\s*<<-?\s*(?:range|end)\b/.test(row)) continue;
    const indent = leadingSpaces(row);
    const isItem = /^ *- /.test(row);
    // The list ends at a line left of the key, or at the key's own indentation unless it is an item (a compact list).
    if (indent < keyIndent || (indent === keyIndent && !isItem)) break;
    const item = /^ *- +name: *(.*?) *(?: #.*)?$/.exec(row);
    if (isItem) {
      const name = item ? unquoted(item[1]!) : '';
      current = name === '' || name.includes('$') ? null : { name, location: literalLocation(lines, row, owner) };
      if (current) dependencies.push(current);
      continue;
    }
    const namespace = /^ +namespace: *(.*?) *(?: #.*)?$/.exec(row);
    if (!namespace || !current) continue;
    const value = unquoted(namespace[1]!);
    if (value.includes('$')) {
      // Its namespace comes from a variable: the item is not known.
      dependencies.splice(dependencies.indexOf(current), 1);
      current = null;
    } else if (current.namespace === undefined) current.namespace = value;
  }
  return dependencies;
}

function leadingSpaces(text: string): number {
  return text.length - text.trimStart().length;
}

/** A scalar's text without the quotes around it. */
function unquoted(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function literalLocation(lines: TemplateFileLines | undefined, line: string, owner: FluxObject): Location {
  const wanted = line.trim();
  if (lines) {
    for (let index = lines.cursor; index < lines.lines.length; index += 1) {
      const written = lines.lines[index]!;
      if (written.trim() !== wanted) continue;
      lines.cursor = index + 1;
      // At `name:`, where a dependsOn item written as YAML is located too.
      return { file: owner.file, line: lines.firstLine + index, column: written.indexOf('name:') + 1 };
    }
  }
  return owner.location;
}

/** What a generated Kustomization's template says of what it applies (its spec.path is followed like any other). */
interface TemplateSpec {
  path?: string | undefined;
  /** A GitRepository's spec.url as written (inputs still to expand): where what a generated Kustomization of it applies lies. */
  url?: string | undefined;
  targetNamespace?: string | undefined;
  sourceKind?: string | undefined;
  sourceName?: string | undefined;
  /** spec.sourceRef.namespace as written (inputs still to expand): where the source is looked up, else its own namespace. */
  sourceNamespace?: string | undefined;
  /** Its wait and healthChecks, where the template writes them plainly (a `resources:` item); else unknown. */
  waiting?: { wait: boolean; healthChecks: boolean } | undefined;
  /** spec.timeout and spec.interval as written, for the cold-start estimate. */
  timeout?: string | undefined;
  interval?: string | undefined;
  /** A HelmRelease's spec.install.timeout as written: what its first install waits at most (cold-start.ts). */
  installTimeout?: string | undefined;
  /** The step of spec.steps it is written in. */
  step?: ResourceSetStep | undefined;
  /** spec.namePrefix and spec.nameSuffix, spec.components as written, and postBuild (see postBuildOf in flux-object.ts). */
  namePrefix?: string | undefined;
  nameSuffix?: string | undefined;
  components?: string[] | undefined;
  postBuild?: { substitute: Record<string, string>; substituteFrom: boolean; substituteFromRefs?: readonly { kind: string; name: string }[] } | undefined;
  /**
   * spec.kubeConfig, as FluxObject.remote writes it (`secretRef/NAME/KEY`, inputs still to expand), `?` where one is
   * written but not read here: the generated Kustomization applies to another cluster (flux-operator's hub and spokes).
   */
  kubeConfig?: string | undefined;
  /** Where the template writes the object's metadata.name (a `resources:` item), for what is located at the object. */
  location?: Location | undefined;
}

/** wait and healthChecks of a template's spec written as YAML; undefined where wait is templated (not a boolean). */
function waitingOf(spec: YamlNode | null): { wait: boolean; healthChecks: boolean } | undefined {
  const wait = mapValue(spec, ['wait']);
  if (wait !== null && !(wait.kind === 'scalar' && typeof wait.value === 'boolean')) return undefined;
  return { wait: wait?.kind === 'scalar' && wait.value === true, healthChecks: !isEmptyNode(mapValue(spec, ['healthChecks'])) };
}

function generated(owner: FluxObject, kind: FluxKind, apiVersion: string, name: string, namespace: string | undefined, spec: TemplateSpec = {}): FluxObject {
  // A value the template language still holds (<< ... >>, or an input no item has) is not known offline.
  const known = (value: string | undefined) => (value !== undefined && !value.includes('<<') && !value.includes('\u0000') ? value : undefined);
  const path = kind === 'Kustomization' ? known(spec.path) : undefined;
  const targetNamespace = kind === 'Kustomization' ? known(spec.targetNamespace) : undefined;
  return {
    kind, apiVersion, name, file: owner.file, location: owner.location, dependsOn: [], dependsOnLocation: owner.location,
    suspend: false, generatedBy: `ResourceSet/${owner.namespace ?? ''}/${owner.name}`,
    ...(namespace || owner.namespace ? { namespace: namespace || owner.namespace } : {}),
    // What a template decides (wait, healthChecks) is read where it is written plainly; elsewhere it is not known, and
    // no warning may rest on it.
    ...(kind === 'Kustomization' ? spec.waiting ?? { wait: true, healthChecks: true, waitAssumed: true } : {}),
    ...(known(spec.timeout) ? { timeout: known(spec.timeout)! } : {}),
    ...(known(spec.interval) ? { interval: known(spec.interval)! } : {}),
    ...(kind === 'HelmRelease' && known(spec.installTimeout) ? { installTimeout: known(spec.installTimeout)! } : {}),
    ...(path ? { path } : {}),
    ...(targetNamespace ? { targetNamespace } : {}),
    ...(kind === 'Kustomization' && spec.sourceKind ? { sourceKind: spec.sourceKind } : {}),
    ...(kind === 'Kustomization' && known(spec.sourceName) ? { sourceName: known(spec.sourceName)! } : {}),
    ...(kind === 'Kustomization' && known(spec.sourceNamespace) ? { sourceNamespace: known(spec.sourceNamespace)! } : {}),
    ...(spec.step ? { step: spec.step } : {}),
    ...(kind === 'Kustomization' ? kustomizeFields(spec, known) : {}),
    // Another cluster's, where the template gives a kubeConfig (one the inputs leave unknown is a cluster of its own).
    ...(kind === 'Kustomization' && spec.kubeConfig !== undefined ? { remote: known(spec.kubeConfig) ?? '?' } : {}),
    ...generatedInvalidDurations(spec, known, spec.location ?? owner.location),
  };
}

/**
 * A generated object's interval or timeout (filled per input) that the CRD's pattern rejects (api/invalid-duration):
 * flux-operator's apply of the ResourceSet fails on it as kustomize-controller's does (a review's probe: nothing said
 * so). Located where the template is written.
 */
function generatedInvalidDurations(spec: TemplateSpec, known: (value: string | undefined) => string | undefined, location: Location): Pick<FluxObject, 'invalidDurations'> {
  const invalid = ([['interval', spec.interval], ['timeout', spec.timeout], ['install.timeout', spec.installTimeout]] as const).flatMap(([field, written]) => {
    const value = known(written);
    return value !== undefined && rejectedDuration(value, value.replace(/^["']|["']$/g, '')) ? [{ field, written: value, location }] : [];
  });
  return invalid.length > 0 ? { invalidDurations: invalid } : {};
}

/**
 * What kustomize-controller adds to a generated Kustomization's build, as a written one's (flux-object.ts): its
 * namePrefix and nameSuffix, its components (resolved once its path is), its postBuild substitution. A value the
 * template language still holds is not known: a prefix so is left out (its objects' names are not known either),
 * a substitute so makes the values open (as substituteFrom does), a component so is left out.
 */
function kustomizeFields(spec: TemplateSpec, known: (value: string | undefined) => string | undefined): Partial<FluxObject> {
  const components = (spec.components ?? []).flatMap((entry) => (known(entry) ? [entry] : []));
  const substitute = spec.postBuild ? Object.entries(spec.postBuild.substitute) : [];
  const open = substitute.some(([, value]) => !known(value));
  return {
    ...(known(spec.namePrefix) ? { namePrefix: spec.namePrefix! } : {}),
    ...(known(spec.nameSuffix) ? { nameSuffix: spec.nameSuffix! } : {}),
    ...(components.length > 0 ? { componentEntries: components } : {}),
    ...(spec.postBuild ? {
      substitute: Object.fromEntries(substitute.filter(([, value]) => known(value))),
      ...(spec.postBuild.substituteFrom || open ? { substituteFrom: true } : {}),
      // An item whose name the template language still holds names no ConfigMap known here: it gives nothing.
      ...(spec.postBuild.substituteFromRefs ? { substituteFromRefs: spec.postBuild.substituteFromRefs.filter((ref) => known(ref.name)) } : {}),
    } : {}),
  };
}

/** The strings of a sequence node (a template's spec.components); undefined where there is none. */
function stringItems(node: YamlNode | null): string[] | undefined {
  if (node?.kind !== 'seq') return undefined;
  return node.items.flatMap((item) => { const value = scalarString(item); return value === undefined ? [] : [value]; });
}

/** A template's postBuild written as YAML, as a written Kustomization's is read (flux-object.ts). */
function templatePostBuildOf(node: YamlNode | null): TemplateSpec['postBuild'] {
  const { substitute, substituteFrom, substituteFromRefs } = postBuildOf(node);
  return substitute ? { substitute, substituteFrom: Boolean(substituteFrom), ...(substituteFromRefs ? { substituteFromRefs } : {}) } : undefined;
}

/**
 * What a resourcesTemplate's Kustomization spec says of itself, read from its text: its fields at the spec's own
 * indentation only (a patch's `namePrefix:` or a health check's `timeout:` below them is not its own: a review's
 * probe). Where the template language decides (`<< if >>`, `<< range >>` lines), none of it is read: an `if` line
 * ends the block the text shows, and what it chooses is not known offline (wait is then assumed, as before); but
 * for the cold-start estimate, its timeouts and interval on lines no such block holds (a `range` over dependsOn items
 * chooses no timeout: trial 8's probe, ionfury/homelab, where every release waited helm-controller's default instead).
 */
function templateSpecFields(document: string, specBlock: string): Partial<TemplateSpec> {
  // Nothing read as the spec (`spec: # a comment` defeats the block's pattern): not known either.
  if (specBlock.trim() === '') return {};
  const conditional = /<<-?\s*(?:if|else|end|range|with)\b/.test(document);
  const read = conditional ? unconditionalLines(specBlock) : specBlock;
  const indent = /^( *)\S/m.exec(read)?.[1]?.length ?? 0;
  const own = ownLines(read);
  const field = (key: string) => templateValue(new RegExp(`^\\s*${key}:\\s*(.+?)\\s*$`, 'm').exec(own)?.[1]);
  // A block under one of its own keys: the lines after it that are deeper, or list items at its indentation.
  const block = (key: string) => new RegExp(`^ {${indent}}${key}:\\s*\\n((?: {${indent}}(?: +|- ).*\\n?)*)`, 'm').exec(read)?.[1];
  const install = block('install');
  const timings = {
    timeout: field('timeout'), interval: field('interval'),
    installTimeout: install === undefined ? undefined : templateValue(/^\s*timeout:\s*(.+?)\s*$/m.exec(ownLines(install))?.[1]),
  };
  if (conditional) return timings;
  const components = block('components');
  const postBuild = block('postBuild');
  const wait = /^\s*wait:\s*(.*?)\s*(?:#.*)?$/m.exec(own)?.[1];
  return {
    ...timings, namePrefix: field('namePrefix'), nameSuffix: field('nameSuffix'),
    // wait: true or false as written (none written is Flux's default, false); another value is not known.
    waiting: wait !== undefined && !/^(?:true|false)$/.test(wait) ? undefined
      : { wait: wait === 'true', healthChecks: /^\s*healthChecks:\s*(?:#.*)?$/m.test(own) || /^\s*healthChecks:\s*\[\s*\S/m.test(own) },
    components: components === undefined ? undefined
      : [...components.matchAll(/^\s*-\s*(.+?)\s*$/gm)].map((match) => templateValue(match[1])).filter((value): value is string => value !== undefined),
    postBuild: postBuild === undefined ? undefined : templatePostBuild(postBuild),
  };
}

/**
 * A template's lines that no `<< if >>`, `<< range >>` or `<< with >>` block holds, without the template language's
 * own lines: what every input's object has as written. A line that opens or ends a block (or holds one whole) goes.
 */
function unconditionalLines(text: string): string {
  let depth = 0;
  return text.split('\n').filter((line) => {
    const opens = line.match(/<<-?\s*(?:if|range|with)\b/g)?.length ?? 0;
    const ends = line.match(/<<-?\s*end\b/g)?.length ?? 0;
    const control = opens + ends > 0 || /<<-?\s*else\b/.test(line);
    const kept = depth === 0 && !control;
    depth = Math.max(0, depth + opens - ends);
    return kept;
  }).join('\n');
}

/**
 * A resourcesTemplate's spec.kubeConfig: its secretRef's (or configMapRef's) name and key as written (inputs still to
 * expand), `?` where a kubeConfig is written but not so. Read even where the template has conditionals: a Kustomization
 * that may apply to another cluster must not be taken for one of this cluster.
 */
function templateKubeConfig(specBlock: string): Pick<TemplateSpec, 'kubeConfig'> {
  if (!/^\s*kubeConfig:/m.test(ownLines(specBlock))) return {};
  const block = /^(\s*)kubeConfig:\s*\n((?:\1\s+.*\n?)*)/m.exec(specBlock)?.[2] ?? '';
  for (const reference of ['secretRef', 'configMapRef']) {
    const under = new RegExp(`^(\\s*)${reference}:\\s*\\n((?:\\1\\s+.*\\n?)*)`, 'm').exec(block)?.[2];
    const name = under === undefined ? undefined : templateValue(/^\s*name:\s*(.+?)\s*$/m.exec(under)?.[1]);
    if (name !== undefined) return { kubeConfig: kubeConfigKey(reference, name, templateValue(/^\s*key:\s*(.+?)\s*$/m.exec(under!)?.[1])) };
  }
  return { kubeConfig: '?' };
}

/** The lines of a resourcesTemplate's spec block at its own indentation: its fields, not those of what they hold. */
function ownLines(specBlock: string): string {
  const indent = /^( *)\S/m.exec(specBlock)?.[1]?.length ?? 0;
  return specBlock.split('\n').filter((line) => line.length - line.trimStart().length === indent).join('\n');
}

/** A resourcesTemplate's postBuild block (the lines below the key): the `KEY: value` lines of its substitute, and whether substituteFrom is written. */
function templatePostBuild(postBuild: string): TemplateSpec['postBuild'] {
  const block = /^(\s*)substitute:\s*\n((?:\1\s+.*\n?)*)/m.exec(postBuild)?.[2] ?? '';
  const substitute = Object.fromEntries([...block.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*):\s*(.*?)\s*$/gm)].map((match) => [match[1]!, templateValue(match[2]) ?? '']));
  // substituteFrom's items, each `kind:` and `name:` (in either order) of one `- ` item.
  const items = /^(\s*)substituteFrom:\s*\n((?:\1\s+.*\n?)*)/m.exec(postBuild)?.[2]?.split(/^\s*-\s+/m).slice(1) ?? [];
  const substituteFromRefs = items.map((item) => ({
    kind: templateValue(/^\s*kind:\s*(.+?)\s*$/m.exec(item)?.[1]) ?? '', name: templateValue(/^\s*name:\s*(.+?)\s*$/m.exec(item)?.[1]) ?? '',
  }));
  return { substitute, substituteFrom: /^\s*substituteFrom:/m.test(postBuild), ...(substituteFromRefs.length > 0 ? { substituteFromRefs } : {}) };
}

/**
 * An open kind where the generated object's namespace is known (written, or the
 * ResourceSet's own when none is written): a missing target elsewhere is still judged.
 */
/** Notes where an open Kustomization's path lies (GeneratedObjects.openPaths). */
function openPath(result: GeneratedObjects, kind: string, path: string | undefined, sourceKind: string | undefined): void {
  if (kind !== 'Kustomization' && kind !== 'ResourceSet') return;
  const plain = path !== undefined && !path.includes('<<') && !path.includes('\u0000');
  (result.openPaths ??= []).push(kind === 'Kustomization' && plain && (sourceKind ?? 'GitRepository') === 'GitRepository' ? path : undefined);
}

function openKind(kind: string, namespace: string | undefined, owner: FluxObject, name?: string): { kind: string; namespace?: string; names?: string[] } {
  // The literal parts of a templated name bound what it can be: each `<< ... >>` (or unknown input) is any text.
  // A conditional or a loop in the name gives one of several texts: no literal part is sure (a review's probe).
  const parts = name === undefined || name.includes('{{') || /<<-?\s*(?:if|else|range|with)\b/.test(name) ? undefined : name.split(/<<-?[^>]*?-?>>|\u0000/);
  const named = parts === undefined || parts.every((part) => part === '') ? {} : { names: parts };
  if (namespace === undefined) return owner.namespace === undefined ? { kind, ...named } : { kind, namespace: owner.namespace, ...named };
  return namespace.includes('<<') || namespace.includes('\u0000') ? { kind, ...named } : { kind, namespace, ...named };
}

/**
 * flux-operator's NormalizeKeyForTemplate (inputs/keys.go): lower case, spaces and punctuation to `_`, every other
 * character dropped, runs of `_` joined, none at either end. A Kubernetes name holds only [a-z0-9.-].
 */
function templateKey(name: string): string {
  return name.toLowerCase().replace(/[\s\p{P}]/gu, '_').replace(/[^a-z0-9_]/g, '').split('_').filter(Boolean).join('_');
}
