import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FluxObject } from '../model/flux-objects.js';
import { FLUX_API_GROUPS } from '../model/flux-objects.js';
import type { Finding, Kustomization, KustomizeTransformation, Location } from '../model/types.js';
import { appliedParts } from './applied-files.js';
import { listItems, readFluxObject } from './flux-object.js';
import { ownPatchesCount, patchSetsAuditedField, selects } from './patch-fields.js';
import { asBuildFailure, buildFailed, kustomizeMissing, REMOTE_ENTRY } from './kustomization.js';
import type { AppliedFile } from './kustomization.js';
import { readRegularFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue } from './yaml-tree.js';

// When a kustomization tree a Flux Kustomization applies needs the real
// kustomize (a transformation that can change a Flux object), and the build
// itself: the Flux objects of kustomize's output, located back at the objects
// they came from. Everything else is read as written, no process started.

/** A kustomization file and everything kustomize reaches from it, read as written. */
export interface ScannedTree {
  kustomizationPath: string;
  files: AppliedFile[];
  kustomizations: Kustomization[];
  /** kustomize errors in the tree (unknown fields, cycles, missing directories): reported where Flux builds it. */
  findings: Finding[];
}

/** What a build needs of the scan. */
export interface BuildInput {
  root: string;
  written: ReadonlyMap<string, FluxObject[]>;
  trees: ReadonlyMap<string, ScannedTree>;
  specOf: WeakMap<FluxObject, YamlNode | null>;
  kustomize: boolean | undefined;
  findings: Finding[];
  /** Every directory the walk listed: a spec.path among them needs no stat. */
  directories: ReadonlySet<string>;
  /** Every YAML file the walk found (a generated kustomization lists them all, not only those holding Flux objects). */
  yamlFiles: readonly string[];
  /** Kustomizations --no-kustomize left unbuilt: the fields that needed kustomize, and the first one's place. */
  unbuilt: { fields: string; location: Location }[];
  /** Files that do not parse: a tree holding one is not built (its parse error says it all; kustomize would fail too). */
  unparsed: ReadonlySet<string>;
  /** What a build passed over, counted by reason (flux.skipped). */
  skips?: { add(reason: string, path: string, incomplete?: boolean): void };
}

/** Kinds whose objects this tool reads, as a patch's `target.kind` names them. */
const FLUX_KINDS = new Set<string>(Object.keys(FLUX_API_GROUPS));
const RESOURCE_SET = new Set(['ResourceSet']);
/** Patch text that holds or targets a Flux object this tool reads. */
const FLUX_TEXT = /helm\.toolkit\.fluxcd\.io|kustomize\.toolkit\.fluxcd\.io|fluxcd\.controlplane\.io|\b(?:HelmRelease|ResourceSet)\b/;
/**
 * In a component's files: an object of a kind this tool reads (its apiVersion), a patch or
 * replacement selecting one (`target:` or `select:` with its kind), or a field that renames or
 * rewrites. A Flux Alert that lists HelmRelease among its event sources is none of these.
 */
const COMPONENT_TOUCHES_FLUX = new RegExp([
  String.raw`^\s*apiVersion:\s*["']?(?:helm\.toolkit\.fluxcd\.io|kustomize\.toolkit\.fluxcd\.io|fluxcd\.controlplane\.io)/`,
  String.raw`^[\s-]*(?:target|select):\s*\n(?:\s+(?!kind:)\w+:.*\n)*\s+kind:\s*["']?(?:HelmRelease|Kustomization|ResourceSet)\b`,
  String.raw`^(?:namePrefix|nameSuffix|replacements|vars):`,
].join('|'), 'm');
/** Fields that cannot change a Flux object's name, namespace, dependsOn or spec: read statically. */
const HARMLESS_FIELDS = new Set(['commonLabels', 'labels', 'configMapGenerator', 'secretGenerator', 'imageTags', 'generatorOptions']);

/**
 * Whether a transformation can change what this tool reads of a Flux object:
 * a patch that targets one, a component that holds or patches one, a name
 * prefix over a tree that holds one, and anything that generates objects.
 * Labels, images and config maps cannot: such trees are read as written,
 * without starting kustomize (most home-ops repositories use only those).
 */
export function touchesFlux(
  transformation: KustomizeTransformation, holdsFlux: boolean, component: (dir: string) => boolean = directoryMentionsFlux,
  /** Whether a patch that sets a Kustomization's spec.patches counts (see patchSetsAuditedField). */
  patchesReplaced = true,
): boolean {
  const { field } = transformation;
  // Labels and annotations that set a mark the audit reads (kustomization.ts's AUDITED_METADATA_KEYS) change it.
  if (transformation.setsAuditedMetadata) return holdsFlux;
  if (HARMLESS_FIELDS.has(field)) return false;
  // (`configurations` only says how other transformations treat fields: over what holds no Flux object, nothing.)
  if (['namePrefix', 'nameSuffix', 'replacements', 'vars', 'configurations'].includes(field)) return holdsFlux;
  if (transformation.patches) {
    return transformation.patches.some((patch) => {
      // kustomize reads a target's kind as a regular expression, anchored (`HelmRelease|Kustomization`): it may select
      // a Flux kind when it matches one (`(Service|Deployment)` never does: Apocrathia/homelab's offline runs exited 3
      // over the remote bundle such a patch trims), or when it is no expression this tool reads.
      const mayTargetFlux = patch.targetKind !== undefined && selects(patch.targetKind, FLUX_KINDS);
      // A patch allowed to rename what it patches may rename a Flux object, whatever its text says.
      if (patch.renames) return patch.targetKind === undefined ? holdsFlux : mayTargetFlux;
      const text = () => patch.inline ?? readText(patch.file);
      // A patch of a Flux kind that sets nothing the audit reads (a HelmRelease's chart source, values or
      // remediation, a Kustomization's decryption) changes nothing it reads: no build. A ResourceSet is read whole.
      if (patch.targetKind) {
        if (!mayTargetFlux) return false;
        if (selects(patch.targetKind, RESOURCE_SET)) return true;
        const written = text();
        return written === undefined || patchSetsAuditedField(written, patchesReplaced);
      }
      const written = text();
      if (written === undefined) return holdsFlux;
      if (FLUX_TEXT.test(written) || /^\s*kind:\s*["']?Kustomization\b/m.test(written)) return /\bResourceSet\b/.test(written) || patchSetsAuditedField(written, patchesReplaced);
      // A patch that says no kind (a JSON patch selected by name) may hit a Flux object of the tree.
      return holdsFlux && !/^\s*kind:/m.test(written) && patchSetsAuditedField(written, patchesReplaced);
    });
  }
  // A component kustomize fetches (a URL, a git address) is not read here: in doubt, it may change a Flux object.
  if (transformation.directoryEntries?.some((entry) => REMOTE_ENTRY.test(entry.entry))) return true;
  if (transformation.directories) return transformation.directories.some((dir) => component(dir));
  return true;
}

/** The `op:` of the JSON 6902 operation whose line `at` is: the nearest op line above it (three lines at most), else below. */
function nearestOperation(lines: readonly string[], at: number): string | undefined {
  const opOf = (line: string | undefined) => /^\s*-?\s*["']?op["']?\s*:\s*["']?(\w+)/.exec(line ?? '')?.[1];
  for (let offset = 0; offset <= 3; offset += 1) {
    const found = opOf(lines[at - offset]);
    if (found) return found;
  }
  for (let offset = 1; offset <= 3; offset += 1) {
    const found = opOf(lines[at + offset]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether a component can change a Flux object: its own patches and name
 * transformations, judged as a kustomization's are (its tree, as the walk
 * loaded it), and the components it names in turn; a component directory the
 * walk did not load (outside the scan) is searched as text.
 */
export function componentTouchesFlux(
  trees: ReadonlyMap<string, ScannedTree>,
  written: ReadonlyMap<string, FluxObject[]>,
  /** Whether what the component is applied to holds Flux objects: then a patch that names no kind may hit one. */
  targetHoldsFlux = false,
): {
  /** A component spec.components names: its own files are read with the tree, so only what it changes counts. */
  judge: (dir: string) => boolean;
  /** A component a kustomization's `components:` names: what it changes, and what it adds. */
  included: (dir: string) => boolean;
} {
  const seen = new Map<string, boolean>();
  const patchesReplaced = ownPatchesCount(written);
  const judge = (dir: string): boolean => {
    const known = seen.get(dir);
    if (known !== undefined) return known;
    seen.set(dir, false); // a component that names itself ends here
    const tree = trees.get(dir);
    const holdsFlux = targetHoldsFlux || (tree ? tree.files.some((file) => written.has(file.path)) : false);
    const result = tree
      ? tree.kustomizations.some((kustomization) => kustomization.transformations.some((transformation) => touchesFlux(transformation, holdsFlux, included, patchesReplaced)))
      : directoryMentionsFlux(dir);
    seen.set(dir, result);
    return result;
  };
  // A component a kustomization names in its own `components:`: the tree read as written holds none of its files
  // (kustomize adds them in the build), so one that holds a Flux object needs the build too, as one that patches.
  const included = (dir: string): boolean => {
    const tree = trees.get(dir);
    return judge(dir) || (tree ? tree.files.some((file) => written.has(file.path)) : directoryMentionsFlux(dir));
  };
  return { judge, included };
}

function readText(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const read = readRegularFile(path);
  return 'finding' in read ? undefined : read.bytes.toString('utf8');
}

/** Whether a component's files (a bounded walk) hold or patch a Flux object. */
export function directoryMentionsFlux(dir: string, budget = { files: 200 }): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // One that is not there is reported at its entry (flux-scan's unreadableComponents): no build needed to say so.
    // One that cannot be read: kustomize fails on it, and says so when it builds.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
  for (const entry of entries) {
    if (budget.files-- <= 0) return true;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      if (directoryMentionsFlux(path, budget)) return true;
      continue;
    }
    if (!/\.(ya?ml|json)$/i.test(entry.name) && entry.name !== 'Kustomization') continue;
    const text = readText(path);
    if (text !== undefined && COMPONENT_TOUCHES_FLUX.test(text)) return true;
  }
  return false;
}

/**
 * The transformations of these trees that may change a Flux object (what makes a build of them necessary);
 * undefined where a file of theirs does not parse (not built: its error is reported as it is).
 */
export function fluxTransformations(trees: readonly ScannedTree[], input: BuildInput): KustomizeTransformation[] | undefined {
  if (trees.some((one) => one.files.some((file) => input.unparsed.has(file.path)))) return undefined;
  const holdsFlux = trees.some((one) => one.files.some((file) => input.written.has(file.path)));
  const component = componentTouchesFlux(input.trees, input.written, holdsFlux).included;
  const patchesReplaced = ownPatchesCount(input.written);
  // A nested kustomization's transformations reach only what it accumulates (its resources, the directories it lists
  // in turn, its components): where that holds no Flux object, its namePrefix or patches change none, and its tree
  // is no reason to build the whole (a trial's probe: activescott/home-infra-k8s-flux, whose build then stopped the
  // audit at an unrelated remote base). The top kustomization of each tree also reaches what spec.components add.
  const below = new Map<string, boolean>();
  const holdsBelow = (kustomization: Kustomization): boolean => {
    const known = below.get(kustomization.path);
    if (known !== undefined) return known;
    below.set(kustomization.path, true); // a cycle is kustomize's to report: in doubt, it holds one
    const result = kustomization.resources.some((resource) => (resource.path === undefined
      ? REMOTE_ENTRY.test(resource.entry)
      : input.written.has(resource.path) || (resource.directory === true && treeHolds(resource.path))))
      || kustomization.transformations.some((transformation) => (transformation.directoryEntries ?? []).some(({ entry }) => REMOTE_ENTRY.test(entry))
        || (transformation.directories ?? []).some((dir) => component(dir)));
    below.set(kustomization.path, result);
    return result;
  };
  const treeHolds = (dir: string): boolean => {
    const tree = input.trees.get(dir);
    return tree?.kustomizations[0] ? holdsBelow(tree.kustomizations[0]) : directoryMentionsFlux(dir);
  };
  return trees.flatMap((one) => one.kustomizations.flatMap((kustomization, at) => {
    const reaches = at === 0 ? holdsFlux : holdsBelow(kustomization);
    return kustomization.transformations.filter((transformation) => touchesFlux(transformation, reaches, component, patchesReplaced)
      || matchesNothingSeen(transformation, one));
  }));
}

/**
 * A strategic merge patch (no target: it names what it patches) whose kind and name no file of its tree writes: kustomize
 * fails the build ("no matches for Id"), and kustomize-controller with it, so the Kustomization applies nothing, whatever
 * the patch's kind (a trial's probe: a Deployment patch that matched nothing, in a nested kustomization, passed, the
 * HelmRelease beside it ordered as installed). Only a reason to build: the real kustomize decides. Not where something
 * the tree reads could make the object unseen here (a remote resource, a chart, a component, a generator's ConfigMap).
 */
function matchesNothingSeen(transformation: KustomizeTransformation, tree: ScannedTree): boolean {
  if (!transformation.patches || transformation.field === 'patchesJson6902') return false;
  const open = tree.kustomizations.some((kustomization) => kustomization.resources.some((resource) => resource.path === undefined)
    || kustomization.transformations.some((other) => other.directories !== undefined || MAKES_OBJECTS.has(other.field)));
  if (open) return false;
  return transformation.patches.some((patch) => {
    if (patch.targetKind !== undefined || patch.renames) return false;
    const text = patch.inline ?? readText(patch.file);
    const kind = text === undefined ? undefined : /^kind:[ \t]*["']?([A-Za-z][\w.-]*)["']?[ \t]*$/m.exec(text)?.[1];
    const name = text === undefined ? undefined : /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*["']?([a-z0-9][\w.-]*)["']?[ \t]*$/m.exec(text)?.[1];
    // One document of a plain kind and name, not a generator's: else no judgement.
    if (kind === undefined || name === undefined || /^---/m.test(text!.trim()) || kind === 'ConfigMap' || kind === 'Secret') return false;
    const writes = new RegExp(`^[ \\t-]*name:[ \\t]*["']?${name.replace(/[.]/g, '\\.')}["']?[ \\t]*$`, 'm');
    return !treeTexts(tree).some(({ path, text }) => path !== patch.file && writes.test(text));
  });
}

/** The kustomize fields that make objects no file of the tree writes (see matchesNothingSeen). */
const MAKES_OBJECTS = new Set(['helmCharts', 'helmChartInflationGenerator', 'generators', 'transformers']);

/** The texts of a tree's files, read once however many patches ask (matchesNothingSeen). */
const textsOfTrees = new WeakMap<ScannedTree, { path: string; text: string }[]>();
function treeTexts(tree: ScannedTree): { path: string; text: string }[] {
  let texts = textsOfTrees.get(tree);
  if (!texts) textsOfTrees.set(tree, texts = tree.files.map((file) => ({ path: file.path, text: readText(file.path) ?? '' })));
  return texts;
}

/**
 * A kustomization tree as kustomize-controller builds it, when one of its
 * transformations can change a Flux object (see `touchesFlux`): the real
 * kustomize's output, each object located at the object it came from.
 * undefined: read the tree as written (nothing to build, or --no-kustomize,
 * which says so once per tree).
 */
export async function builtTree(
  dir: string, components: readonly string[], input: BuildInput, writtenOf: WeakMap<FluxObject, FluxObject>,
  /** The Flux Kustomization's own spec.patches that may change Flux objects, and where they are written. */
  fluxPatches?: { patches: NonNullable<FluxObject['patches']>; at: Location },
  /**
   * A build this tool chooses to make (a tree applied by hand), not one Flux makes: where it cannot run (no kustomize,
   * --no-kustomize) or fails, the tree is read as written and this reason counted in `skipped`, no finding.
   */
  optional?: string,
): Promise<FluxObject[] | undefined> {
  const trees = [dir, ...components].flatMap((treeDir) => input.trees.get(treeDir) ?? []);
  const tree = input.trees.get(dir);
  if (!tree && components.length === 0 && !fluxPatches) return undefined;
  const transformations = fluxTransformations(trees, input);
  if (transformations === undefined || (transformations.length === 0 && !fluxPatches)) return undefined;
  const fields = [...new Set([...transformations.map((transformation) => transformation.field), ...(fluxPatches ? ['a Flux Kustomization\'s spec.patches'] : [])])].join(', ');
  // Where a finding about the build is located: the first transformation that can change Flux objects, else the patches.
  const first = transformations[0]?.location ?? fluxPatches!.at;
  if (input.kustomize === false) {
    if (optional) input.skips?.add(`${optional} (--no-kustomize: read as written)`, first.file);
    else input.unbuilt.push({ fields, location: first });
    return undefined;
  }
  const { findKustomize, runKustomizeBuild } = await import('./kustomize-build.js');
  const kustomize = findKustomize();
  if (!kustomize && optional) {
    input.skips?.add(`${optional} (neither kustomize nor kubectl on PATH: read as written)`, first.file);
    return undefined;
  }
  // A build for a Flux Kustomization's spec.patches alone is this tool's (its directory's kustomization changes no
  // Flux object): where it cannot run (no kustomize here, the network, a build that fails here), the patches are
  // passed over, counted, and what they patch is read as written, rather than the audit stopping at a build
  // kustomize-controller may well manage.
  const patchesOnly = transformations.length === 0;
  if (!kustomize) {
    if (patchesOnly) input.skips?.add('spec.patches of a Flux Kustomization, with neither kustomize nor kubectl on PATH (not applied: what they patch is audited as written)', fluxPatches!.at.file, true);
    else input.findings.push(kustomizeMissing(first, fields));
    return undefined;
  }
  // spec.components: kustomize-controller appends them to the kustomization of spec.path, generated when there
  // is none (every manifest below, a subdirectory with a kustomization standing for its tree). The build here
  // wraps that kustomization instead of touching the user's file; its namespace: is repeated in the wrapper,
  // since it runs after the components there and so reaches what they add.
  const generated = tree ? undefined : appliedParts(dir, input.trees, manifestsOf(input.yamlFiles));
  // Built in one process with others only when all of it is known and nothing in it reaches beyond its own
  // objects: every component read by the scan, no remote resource (unread, and slow to fetch: the batch's
  // timeout would cover it), and no field kustomize applies at the top of the build (Kustomization.buildWideFields).
  // Every kustomization the build reads: spec.path's and its components', and those the generated one takes in.
  const kustomizations = [...trees, ...(generated?.trees ?? []).flatMap((one) => input.trees.get(one) ?? [])].flatMap((one) => one.kustomizations);
  const remote = kustomizations.some((kustomization) => kustomization.resources.some((resource) => resource.path === undefined));
  const shareable = components.every((component) => input.trees.has(component)) && (generated === undefined || generated.trees.every((one) => input.trees.has(one)))
    && !remote && kustomizations.every((kustomization) => kustomization.buildWideFields === undefined);
  if (patchesOnly && remote) {
    input.skips?.add('spec.patches of a Flux Kustomization (written there, or added by its parent\'s patches) over a kustomization with a remote resource (not applied: what they patch is audited as written)', fluxPatches!.at.file, true);
    return undefined;
  }
  const build = await runKustomizeBuild(kustomize, dir, tree?.kustomizationPath ?? first.file, 'this kustomization', {
    components,
    ...(fluxPatches ? { patches: fluxPatches.patches } : {}),
    // An empty kustomization (kustomize refuses it; kustomize-controller gives it buildMetadata first) adds nothing.
    ...(generated ? { resources: [...generated.loose, ...generated.trees] } : tree?.kustomizations[0]?.empty ? { resources: [] } : {}),
    ...(tree?.kustomizations[0]?.namespace ? { namespace: tree.kustomizations[0].namespace } : {}),
    ...(tree?.kustomizations[0]?.component && !generated ? { componentAtDir: true } : {}),
    shareable,
    // What kustomize reads: each kustomization, each entry of its resources, and the loose files of a generated one.
    weight: kustomizations.reduce((sum, kustomization) => sum + 1 + kustomization.resources.length, generated?.loose.length ?? 0),
  });
  if ('findings' in build && optional) {
    input.skips?.add(`${optional} (its build fails here: read as written)`, first.file);
    return undefined;
  }
  if ('findings' in build) {
    // kustomize refused the build with the patches (a JSON patch's path that is not there, a patch that does not
    // parse): where the build as kustomize-controller lays it out fails too (refusalAsFlux), so does Flux's, which
    // then applies nothing of the path. Said where the patches are, as the same patch in a kustomization.yaml is (a
    // trial's probe: it passed, with only a line in skipped). Not where the patches hold a ${VARIABLE} (the applier's
    // postBuild substitutes them in the cluster first: a review's probe); a build that cannot be told here is counted.
    const refusal = patchesOnly && build.refused && !tree?.kustomizations[0]?.component && !fluxPatches!.patches.some((patch) => patch.patch.includes('${') || Object.values(patch.target ?? {}).some((value) => value.includes('${')))
      ? await (await import('./kustomize-build.js')).refusalAsFlux(kustomize, input.root, dir, {
        ...(tree ? { kustomizationPath: tree.kustomizationPath } : { resources: [...generated!.loose, ...generated!.trees] }), components, patches: fluxPatches!.patches,
      }) : undefined;
    if (refusal !== undefined) {
      input.findings.push(buildFailed(fluxPatches!.at, `${kustomize.name} fails on spec.path with these spec.patches: ${refusal}`,
        'fix spec.patches (or the kustomization at spec.path, where the message points there): kustomize-controller\'s build fails the same way, and the Kustomization applies nothing'));
    } else if (patchesOnly) {
      // What the patches give (wait: true, dependsOn items) is not read: an incomplete audit, said on stderr in text (a
      // trial's probe, JJGadgets/Biohazard: a remote configMapGenerator file out of reach dropped its root's patches, 81
      // false unwaited-kustomization warnings, with one line in skipped and none in the text).
      input.skips?.add('spec.patches of a Flux Kustomization whose build with them fails here (not applied: what they patch is audited as written)', fluxPatches!.at.file, true);
      if (build.unreachable) unreachableWarnings(build.findings, input.findings, '; the spec.patches of the Flux Kustomization that builds it are not applied: what they patch is audited as written');
    }
    // Refused (the kustomization's own fault): that Kustomization's build fails. Not run (the network, a timeout), or
    // refused over a tree with a remote resource (a proxy's or a certificate's error reads as a refusal, a review's
    // probe): an input error, as before.
    else if (build.refused && !remote) input.findings.push(...build.findings.map(asBuildFailure));
    // One remote resource out of reach is one line, however many Flux Kustomizations build the tree that names it (a
    // trial's probe: Apocrathia/homelab's CRD bundle, built by flux-system and by its own Kustomization).
    else if (build.unreachable) unreachableWarnings(build.findings, input.findings, '; what this kustomization builds is audited as written');
    else input.findings.push(...build.findings);
    return undefined;
  }
  // What a build adds to an object (a dependsOn item) comes from a patch, a component or a replacement, when there is one.
  const where = transformations.find((transformation) => ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'components', 'replacements'].includes(transformation.field))?.location
    ?? fluxPatches?.at ?? first;
  // Where a patch of the build (one that may reach the object's kind) writes something, searched for only when an
  // object needs it (most builds patch no dependsOn, timeout or wait) and once per question.
  const inPatches = patchLineLocator(transformations, input, fluxPatches?.at);
  const answers = new Map<string, Location | undefined>();
  const patchLine = (question: string, pattern: RegExp, kind: string) => {
    const key = `${question}\u0000${kind}`;
    if (!answers.has(key)) answers.set(key, inPatches(pattern, kind));
    return answers.get(key);
  };
  const addedAt = (name: string, kind: string) => patchLine(`name ${name}`, new RegExp(`(?:^|[\\s{,-])["']?name["']?\\s*:\\s*["']?(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})["']?\\s*(?:[,}#]|$)`), kind);
  // dependsOn: a merge patch's key, a JSON patch's path; not a JSON patch's append at /spec/dependsOn/-, which replaces
  // nothing (a trial's probe, fmind-ai/fgentic: an append was blamed for what another patch's replace dropped).
  const dependsOnPatchAt = (kind: string) => patchLine('dependsOn', /(?:^|[\s{,"'])(dependsOn)["']?\s*:|["']?path["']?\s*:\s*["']?\/spec\/(dependsOn)\b(?!\/-)/, kind);
  // A Kustomization's timeout: a merge patch's `timeout:`, a JSON patch of /spec/timeout.
  const timeoutPatchAt = () => patchLine('timeout', /(?:^|[\s{,])["']?timeout["']?\s*:\s*["']?([0-9][^"'\s,}#]*)|["']?path["']?\s*:\s*["']?(\/spec\/timeout)\b/, 'Kustomization');
  // What turns a written wait: true off: a merge patch's `wait: false`, or its `wait: null` (`~`, or no value at all:
  // it removes the field, and Flux's default is false), a JSON patch of /spec/wait.
  const waitOffAt = () => patchLine('wait', /(?:^|[\s{,])["']?(wait)["']?\s*:\s*(?:["']?(?:false|False|FALSE)\b|(?:null|Null|NULL|~)?\s*(?:[,}#]|$))|["']?path["']?\s*:\s*["']?(\/spec\/wait)\b/, 'Kustomization');
  // What gives a Kustomization wait: true its file does not: a merge patch's `wait: true`, a JSON patch of /spec/wait.
  const waitOnAt = () => patchLine('wait on', /(?:^|[\s{,])["']?(wait)["']?\s*:\s*["']?(?:true|True|TRUE)\b|["']?path["']?\s*:\s*["']?(\/spec\/wait)\b/, 'Kustomization');
  // What suspends an object its file does not: a merge patch's `suspend: true`, a JSON patch of /spec/suspend.
  const suspendOnAt = (kind: string) => patchLine('suspend', /(?:^|[\s{,])["']?(suspend)["']?\s*:\s*["']?(?:true|True|TRUE)\b|["']?path["']?\s*:\s*["']?(\/spec\/suspend)\b/, kind);
  const objects: FluxObject[] = [];
  for (const document of build.file.documents) {
    for (const node of listItems(document.root)) {
      const object = readFluxObject(build.file, node, undefined, input.root, [], input.directories);
      if (!object) continue;
      const origin = build.originOf(node);
      const located = locateBuiltObject(object, origin ? input.written.get(origin) ?? [] : [], origin, where, (name) => addedAt(name, object.kind));
      if (located.source) writtenOf.set(located.object, located.source);
      // Its file says wait: true and the build says no: a patch turned it off (soulwhisper/home-ops's cluster-apps).
      if (located.object.kind === 'Kustomization' && located.source?.wait && !located.object.wait) located.object.waitTurnedOffAt = waitOffAt() ?? where;
      // Suspended by the build where its file is not: a patch suspended it (a review's probe: the fix said to remove
      // suspend: true from a file that has none).
      if (located.source && !located.source.suspend && located.object.suspend) located.object.suspendPatchedAt = suspendOnAt(located.object.kind) ?? where;
      // Waiting by the build where its file does not: a patch gave it wait: true (a review's probe: a deadlock said the
      // Kustomization has wait: true, located at its name, in a file that has none).
      if (located.object.kind === 'Kustomization' && located.source && !located.source.wait && located.object.wait) located.object.waitPatchedAt = waitOnAt() ?? where;
      // A timeout its file does not say (or says otherwise): a patch gave it, and a raised timeout belongs there.
      if (located.object.kind === 'Kustomization' && located.object.timeout !== undefined && located.source && located.source.timeout !== located.object.timeout) {
        located.object.timeoutPatchedAt = timeoutPatchAt() ?? where;
      }
      // A spec.path its file does not write (or writes otherwise): a patch set it, and a path not found is fixed there (a
      // trial's probe, AdamDomagalsky/flux-eks-gitops-config: located at the base's metadata.name, which holds none).
      if (located.object.kind === 'Kustomization' && located.object.path !== undefined && located.source && located.source.path !== located.object.path) {
        const written = located.object.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        // A merge patch's `path: VALUE`, a JSON 6902 operation's `value: VALUE` (by the value: of two patches of two
        // Kustomizations, the one that gives this path; a review's probe had the first patch's line for both).
        const pathAt = patchLine(`path ${located.object.path}`, new RegExp(`(?:^|[\\s{,])["']?(?:path|value)["']?\\s*:\\s*["']?(${written})["']?\\s*(?:[,}#]|$)`), 'Kustomization');
        if (pathAt) located.object.pathLocation = pathAt;
      }
      // Items its file writes that the build lost while a patch gave others: the patch's list replaced its own
      // (soulwhisper/home-ops: a baseline dependsOn for every labelled child took kavita's media-nfs away).
      // Only where a patch of the build writes dependsOn: a name a configuration renames (a nameReference) is no patch.
      const replacedAt = located.source && located.source.dependsOn.length > 0 ? dependsOnPatchAt(located.object.kind) : undefined;
      const replaced = replacedAt ? replacedItems(located.source!.dependsOn, located.object.dependsOn) : [];
      if (replaced.length > 0) {
        // A JSON 6902 operation on one item (a rename at /spec/dependsOn/0/name) changes that item, not the list: said so
        // (a trial's probe: the warning said the patch replaced the list, and advised JSON 6902 for a JSON 6902 patch).
        // Only a `replace` (an `add` at an index inserts, and what dropped the item is elsewhere), as the operation's
        // path (not a comment that names one), and where the list kept its length (one item changed, not the list).
        const lines = readText(replacedAt!.file)?.split('\n') ?? [];
        const at = (replacedAt!.line ?? 1) - 1;
        const rewrite = /^\s*-?\s*["']?path["']?\s*:\s*["']?(\/spec\/dependsOn\/\d+[\w/~-]*)/.exec(lines[at] ?? '')?.[1];
        const operation = rewrite === undefined ? undefined : nearestOperation(lines, at);
        const oneItem = rewrite !== undefined && operation === 'replace' && located.object.dependsOn.length === located.source!.dependsOn.length;
        located.object.dependsOnReplaced = { items: replaced, at: replacedAt!, ...(oneItem ? { rewrite } : {}) };
      }
      if (located.object.kind === 'ResourceSet') {
        const written = located.source ? input.specOf.get(located.source) : undefined;
        input.specOf.set(located.object, specToLocate(mapValue(node, ['spec']), written ?? null, located.object.location));
      }
      objects.push(located.object);
    }
  }
  // An item the build lost because it renamed its target, where the patch names the target's new name, is kept: a
  // rename patch that restates dependsOn with the renamed names (a trial's probe, wahooli/gitops-repo's kserve:
  // base-kserve-crd became kserve--kserve-crd, and the warning's fix, the old name back, broke the release).
  // (Each written object with every copy the build makes of it: a base two overlays take is two objects; a review's
  // probe. Namespaces as built: one a kustomization's `namespace:` gives is not written in the file.)
  const builtOfWritten = new Map<FluxObject, FluxObject[]>();
  for (const object of objects) {
    const source = writtenOf.get(object);
    if (source) builtOfWritten.set(source, [...builtOfWritten.get(source) ?? [], object]);
  }
  for (const object of objects) {
    const replaced = object.dependsOnReplaced;
    const source = writtenOf.get(object);
    if (!replaced || !source) continue;
    const builtKeys = new Set(object.dependsOn.map((item) => `${item.kind ?? object.kind}/${item.namespace ?? object.namespace ?? ''}/${item.name}`));
    // The item as the dependent's copy reads it: its namespace, else the dependent's own as built.
    const renamedAndKept = (item: FluxObject['dependsOn'][number]) => [...builtOfWritten].some(([written, copies]) => written.kind === (item.kind ?? source.kind)
      && written.name === item.name && copies.some((built) => built.name !== written.name
        && (built.namespace ?? '') === (item.namespace ?? object.namespace ?? '') && builtKeys.has(`${built.kind}/${built.namespace ?? ''}/${built.name}`)));
    const items = replaced.items.filter((item) => !renamedAndKept(item));
    if (items.length === 0) delete object.dependsOnReplaced;
    else if (items.length < replaced.items.length) object.dependsOnReplaced = { ...replaced, items };
  }
  return objects;
}

/**
 * Gives a built object the places of the object it came from: the object (by
 * kind and name in its origin file, a prefix or suffix allowed) and each
 * dependsOn item written there; what a patch added is located at the
 * kustomization's first transformation that can change Flux objects.
 */
/**
 * The first line a patch of the build writes that matches `pattern` (the place of its first capture group): in a
 * patch file, in the kustomization below the patch's field (an inline patch), in a component's, else in the Flux
 * Kustomization's own spec.patches. A finding about what a patch did is then where the user changes it (a trial's
 * probe: wahooli/gitops-repo's experimental.yaml), not at the `patches:` key. undefined: not written so (a
 * replacement, a generated text). An inline patch is searched only within the block of its field (the key's line
 * and the lines indented past it, or the key's own compact `- ` items): the lines after it are the file's own
 * (a Flux Kustomization's own dependsOn or wait: false written below its spec.patches is no patch).
 */
function patchLineLocator(transformations: readonly KustomizeTransformation[], input: BuildInput, fluxPatchesAt?: Location): (pattern: RegExp, kind?: string) => Location | undefined {
  // fromLine: where to start; block: search only the block of the field written on that line (an inline patch).
  const places: { file: string; fromLine: number; block: boolean }[] = [];
  const seen = new Set<string>();
  const collect = (list: readonly KustomizeTransformation[]) => {
    for (const transformation of list) {
      for (const patch of transformation.patches ?? []) {
        if (patch.file) places.push({ file: patch.file, fromLine: 1, block: false });
        else if (patch.inline !== undefined) places.push({ file: transformation.location.file, fromLine: transformation.location.line ?? 1, block: true });
      }
      for (const dir of transformation.directories ?? []) {
        if (seen.has(dir)) continue;
        seen.add(dir);
        collect((input.trees.get(dir)?.kustomizations ?? []).flatMap((kustomization) => kustomization.transformations));
      }
    }
  };
  collect(transformations);
  // A Flux Kustomization's own spec.patches are written in its file, below its patches key.
  if (fluxPatchesAt) places.push({ file: fluxPatchesAt.file, fromLine: fluxPatchesAt.line ?? 1, block: true });
  const lines = new Map<string, string[] | null>();
  const linesOf = (file: string) => {
    if (!lines.has(file)) lines.set(file, readText(file)?.split('\n') ?? null);
    return lines.get(file)!;
  };
  // Each place as its patches: a block's list items (a patch file is one), each with the kinds it names (its
  // target's and its object's), so that a search for a Kustomization's field passes over a HelmRelease's patch (a
  // review's probe: one block with a HelmRelease's timeout, then a Kustomization's).
  const itemsOf = new Map<(typeof places)[number], PatchItem[]>();
  const patchItems = (place: (typeof places)[number], text: readonly string[]) => {
    let items = itemsOf.get(place);
    if (!items) itemsOf.set(place, items = splitPatchItems(text, place.fromLine - 1, place.block));
    return items;
  };
  return (pattern, kind) => {
    for (const place of places) {
      const text = linesOf(place.file);
      if (!text) continue;
      for (const item of patchItems(place, text)) {
        if (!mayPatch(item.kinds, kind)) continue;
        for (let index = item.start; index < item.end; index += 1) {
          const line = text[index]!;
          // A comment says nothing a patch sets (a review's probe: `# a per-app dependsOn: ...` in the block).
          if (/^\s*#/.test(line)) continue;
          const match = pattern.exec(line);
          const value = match?.slice(1).find((group) => group !== undefined);
          if (match && value !== undefined) return { file: place.file, line: index + 1, column: match.index + match[0].lastIndexOf(value) + 1 };
        }
      }
    }
    return undefined;
  };
}

/** One patch of a place: its lines [start, end) and the kinds they name (`kind:` of its target, of its object). */
interface PatchItem {
  start: number;
  end: number;
  kinds: string[];
}

/**
 * A place's patches: a block's list items at the indentation of its first (the key's own line going with the
 * first: `patches: [...]`), or the whole file for a patch file.
 */
function splitPatchItems(text: readonly string[], start: number, block: boolean): PatchItem[] {
  const end = block ? blockEnd(text, start) : text.length;
  const bounds: number[] = [];
  let itemIndent: number | undefined;
  for (let index = start + 1; block && index < end; index += 1) {
    const content = text[index]!.trimStart();
    if (!/^-(?: |$)/.test(content)) continue;
    const indent = text[index]!.length - content.length;
    itemIndent ??= indent;
    if (indent === itemIndent) bounds.push(index);
  }
  if (bounds.length === 0) bounds.push(start);
  bounds[0] = start;
  return bounds.map((from, at) => {
    const to = at + 1 < bounds.length ? bounds[at + 1]! : end;
    const kinds: string[] = [];
    for (let index = from; index < to; index += 1) {
      const kind = /^\s*(?:-\s+)?["']?kind["']?\s*:\s*["']?([^"'\s#,}]+)/.exec(text[index]!)?.[1];
      if (kind) kinds.push(kind);
    }
    return { start: from, end: to, kinds };
  });
}

/**
 * Whether a patch naming these kinds may patch an object of `kind`: one that names none (a JSON patch selected by
 * name), or one of them that selects it (kustomize reads a target's kind as a regular expression).
 */
function mayPatch(kinds: readonly string[], kind: string | undefined): boolean {
  return kind === undefined || kinds.length === 0 || kinds.some((named) => named === kind || (/[^\w]/.test(named) && selects(named, new Set([kind]))));
}

/**
 * The index of the first line past the block of the field whose key is on line `keyIndex`: the first line with
 * content (not blank, not a comment) indented less than the key, or as much and not a `- ` item of it (YAML's
 * compact sequence, `patches:\n- patch: ...`). A block scalar's content is indented past its item: inside.
 */
function blockEnd(lines: readonly string[], keyIndex: number): number {
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const keyIndent = indentOf(lines[keyIndex] ?? '');
  for (let index = keyIndex + 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent < keyIndent || (indent === keyIndent && !/^-(?: |$)/.test(content))) return index;
  }
  return lines.length;
}

/**
 * The items of a written dependsOn that a build's list no longer holds, where it holds others the file does not
 * write (a list replaced, not items removed on purpose: a JSON patch's `remove` adds nothing).
 */
function replacedItems(written: readonly FluxObject['dependsOn'][number][], built: readonly FluxObject['dependsOn'][number][]): FluxObject['dependsOn'][number][] {
  const key = (item: FluxObject['dependsOn'][number]) => `${item.kind ?? ''}/${item.namespace ?? ''}/${item.name}`;
  const builtKeys = new Set(built.map(key));
  const writtenKeys = new Set(written.map(key));
  if (!built.some((item) => !writtenKeys.has(key(item)))) return [];
  return written.filter((item) => !builtKeys.has(key(item)));
}

function locateBuiltObject(
  built: FluxObject, inFile: readonly FluxObject[], origin: string | undefined, where: Location,
  /** Where a patch writes an item of a name (see patchLineLocator). */
  addedAt: (name: string) => Location | undefined = () => undefined,
): { object: FluxObject; source?: FluxObject } {
  const ofKind = inFile.filter((object) => object.kind === built.kind);
  const source = ofKind.find((object) => object.name === built.name)
    ?? ofKind.filter((object) => built.name.includes(object.name)).sort((a, b) => b.name.length - a.name.length)[0]
    ?? (ofKind.length === 1 ? ofKind[0] : undefined);
  const location = source?.location ?? (origin ? { file: origin, line: 1, column: 1 } : where);
  const dependsOn = built.dependsOn.map((item) => {
    const writtenItem = source?.dependsOn.find((ref) => ref.name === item.name && ref.namespace === item.namespace && ref.kind === item.kind)
      ?? source?.dependsOn.find((ref) => ref.name === item.name);
    return {
      ...item,
      location: writtenItem?.location ?? addedAt(item.name) ?? where,
      ...(item.readyExpr ? { readyExpr: { value: item.readyExpr.value, location: writtenItem?.readyExpr?.value === item.readyExpr.value ? writtenItem.readyExpr.location : where } } : {}),
    };
  });
  const object: FluxObject = {
    ...built,
    file: location.file,
    location,
    dependsOn,
    dependsOnLocation: source?.dependsOnLocation ?? location,
    // Places in kustomize's output are no place a user can open (and in a batch they depend on its other builds).
    ...(built.pathLocation ? { pathLocation: source?.pathLocation ?? location } : {}),
    ...(built.componentsLocation ? { componentsLocation: source?.componentsLocation ?? location } : {}),
    // (Where a patch set them, at the object: kustomize's output is no file a user can open.)
    ...(built.timeoutLocation ? { timeoutLocation: source?.timeoutLocation ?? location } : {}),
    ...(built.waitLocation ? { waitLocation: source?.waitLocation ?? location } : {}),
    ...(built.patchesLocation ? { patchesLocation: source?.patchesLocation ?? location } : {}),
    ...(built.applyExcluded ? { applyExcluded: { written: built.applyExcluded.written, location: source?.applyExcluded?.location ?? location } } : {}),
    ...(built.ignoreAnnotation ? { ignoreAnnotation: { value: built.ignoreAnnotation.value, location: source?.ignoreAnnotation?.value === built.ignoreAnnotation.value ? source.ignoreAnnotation.location : where } } : {}),
    ...artifactReading(built, source),
  };
  return source ? { object, source } : { object };
}

/**
 * What the scan read of a written Kustomization's ExternalArtifact (where its path lies here, or which directories its
 * copies may take: artifact-generator.ts), kept on the built copy while the build left its source and path as written
 * (a trial's probe, xunholy/k8s-gitops: its overlay's build dropped them, and every object was kept in).
 */
function artifactReading(built: FluxObject, source: FluxObject | undefined): Pick<FluxObject, 'appliesDir' | 'artifactOf' | 'artifactDirs'> {
  // (Nor where the build moved it to another namespace: its sourceRef then names an artifact there, a review's probe.)
  if (!source || built.kind !== 'Kustomization' || built.sourceKind !== 'ExternalArtifact' || source.sourceKind !== built.sourceKind
    || source.sourceName !== built.sourceName || source.path !== built.path
    || ((source.sourceNamespace ?? source.namespace) !== undefined && (source.sourceNamespace ?? source.namespace) !== (built.sourceNamespace ?? built.namespace))) return {};
  return {
    ...(source.artifactOf !== undefined && source.appliesDir !== undefined ? { appliesDir: source.appliesDir, artifactOf: source.artifactOf } : {}),
    ...(source.artifactDirs ? { artifactDirs: source.artifactDirs } : {}),
  };
}

/**
 * A built ResourceSet's spec, which its inputs are located by (each dependsOn
 * value a template ranges over is located where it is written). The places
 * in kustomize's output are no place in a file, and in a batch they depend on
 * its other builds: the spec as written, where the build left it as it was;
 * else the built one, every place in it the object's own.
 */
function specToLocate(built: YamlNode | null, written: YamlNode | null, at: Location): YamlNode | null {
  if (built === null) return null;
  if (sameContent(built, written)) return written;
  const position = { line: at.line ?? 1, column: at.column ?? 1 };
  const placed = (node: YamlNode | null): YamlNode | null => {
    if (node === null) return null;
    if (node.kind === 'scalar') return { ...node, position };
    if (node.kind === 'seq') return { kind: 'seq', position, items: node.items.map(placed) };
    return { kind: 'map', position, entries: node.entries.map((entry) => ({ key: entry.key, keyPosition: position, value: placed(entry.value) })) };
  };
  return placed(built);
}

/** Whether two trees hold the same values, wherever they stand (a mapping's keys in any order: kustomize may reorder them). */
function sameContent(a: YamlNode | null, b: YamlNode | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'scalar') return b.kind === 'scalar' && a.value === b.value;
  if (a.kind === 'seq') return b.kind === 'seq' && a.items.length === b.items.length && a.items.every((item, index) => sameContent(item, b.items[index]!));
  return b.kind === 'map' && a.entries.length === b.entries.length && a.entries.every((entry) => {
    const other = b.entries.find((candidate) => candidate.key === entry.key);
    return other !== undefined && sameContent(entry.value, other.value);
  });
}

const manifestLists = new WeakMap<readonly string[], string[]>();

/** The YAML files that are not kustomization files, listed once per scan (appliedParts sorts and keeps it). */
function manifestsOf(yamlFiles: readonly string[]): string[] {
  let manifests = manifestLists.get(yamlFiles);
  if (!manifests) manifestLists.set(yamlFiles, manifests = yamlFiles.filter((path) => !/(^|\/)kustomization\.ya?ml$/.test(path)));
  return manifests;
}

/**
 * A remote resource out of reach: an offline audit goes on, the tree audited as written, with a warning that names the
 * resource (`consequence` says what goes unread), where one unreachable URL stopped the whole run (exit 3; a trial's
 * probe, h3mmy/bloopySphere's remote configMapGenerator file: --no-kustomize, the only way on, gave up every other
 * build too). Told once at an entry: the message names the build it came through.
 */
function unreachableWarnings(unreachable: readonly Finding[], findings: Finding[], consequence: string): void {
  const skipped = unreachable.map((finding): Finding => ({
    ...finding, rule: 'input/kustomize-skipped', severity: 'warning',
    message: `${finding.message}${consequence}`,
    fix: 'run where the network reaches it to audit what Flux builds (kustomize-controller fetches it in the cluster)',
  }));
  const at = (finding: Finding) => `${finding.rule}@${finding.location?.file}:${finding.location?.line}:${finding.location?.column}\u0000${finding.fix}`;
  const told = new Set(findings.map(at));
  findings.push(...skipped.filter((finding) => !told.has(at(finding))));
}
