import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { FluxVersionPin } from '../model/flux-api.js';
import { failingApplyText, HELM_GROUP, HELM_SERVED_VERSION, KUSTOMIZE_GROUP, removedVersionUnderPins, servedVersionUnderPins, unservedDependencyApi } from '../model/flux-api.js';
import type { FluxDependency, FluxObject, FluxRepository, RequeueSetting, ResourceLeftOut, ScanSkip } from '../model/flux-objects.js';
import { FLUX_API_GROUPS, appliedDirsOf, appliesFromUnreadSource, appliesOwnDirectory, createdObjectKey, fluxObjectId, isOwnSource, selfChecksAnything, shortId, sourceLabel } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { childPath, cleanedSourcePath, displayPath, specPathTarget } from '../model/paths.js';
import type { Finding, Kustomization, Location } from '../model/types.js';
import { appliedFilesOf, appliedParts } from './applied-files.js';
import type { BuildInput, ScannedTree } from './flux-build.js';
import { builtTree, componentTouchesFlux, fluxTransformations } from './flux-build.js';
import { apiProblems, excludedFromApply, fluxInstanceChartNamespace, fluxInstanceSpec, fluxInstanceSync, listItems, readFluxObject, resolveSourcePath, resolveSpecPath, syncOf } from './flux-object.js';
import type { InstanceSync } from './flux-object.js';
import { hasUnknownVariableForm, substituteVariables, variablesIn } from './flux-substitute.js';
import { applicableCopies, substituteFromNamesIn, substituteFromValues, writtenConfigMap } from './substitute-from.js';
import type { KnownSubstitution } from './substitute-from.js';
import type { WrittenConfigMap } from './substitute-from.js';
import { ownPatchesCount, patchSetsAuditedField, selects } from './patch-fields.js';
import { fluxVersionPinOf, gotkHeaderPin, valuesFileVersionPin } from './flux-version.js';
import { asBuildFailure, buildFailed, isSymbolicLink, KUSTOMIZATION_FILE_NAMES, loadKustomization, loadKustomizationTree, REMOTE_ENTRY } from './kustomization.js';
import type { AppliedFile } from './kustomization.js';
import { holdsTemplateLanguage, resourceSetObjects } from './resource-set.js';
import type { StaticInputProvider } from './resource-set.js';
import { clusterSizeSetting, REQUEUE_FLAG, requeueSettingsIn, requeueSettingsInFile } from './requeue.js';
import { decidingPattern, gitRepositoryIgnoreOf, inSparseCheckout, isIgnored, partMatcher, repositoryAddress, sourceIgnoreFilePatterns } from './source-ignore.js';
import type { IgnorePattern } from './source-ignore.js';
import { noteFilesListed } from './tier-up.js';
import { MAX_YAML_FILE_BYTES, parseYamlBytes, readRegularFile, readYamlFile } from './yaml-file.js';
import { UNWALKED_DIRECTORIES, YAML_FILE } from './walk-names.js';
import type { YamlFile } from './yaml-file.js';
import { inputFinding, wholeFile } from './input-findings.js';
import { appliesWaitedStagesOnly } from './waited-stages.js';
import { artifactCopyDirOf, artifactDirOf, artifactSourceDirs, filesBuilt, generatedArtifacts } from './artifact-generator.js';
import { pushedArtifactDirOf, pushedArtifacts } from './pushed-artifact.js';
import type { GeneratedArtifact } from './artifact-generator.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue, scalarString, startKeptTexts, textsBelow } from './yaml-tree.js';

// Finds every Flux object of a repository, reading it as Flux would: each
// file's objects get the namespace of the kustomization that lists the file,
// and a Flux Kustomization's targetNamespace overrides both for everything
// under its spec.path. What is not Kubernetes YAML (chart templates, CI
// workflows, templated files) is passed over with a counted reason.

export interface ScanOptions {
  root: string;
  cwd: string;
  /** Narrow the scan to these paths (absolute); the whole root when empty. */
  include?: readonly string[];
  /** Leave out paths matching one of these (absolute paths, or matchers on root-relative paths): not read at all. */
  exclude?: (relativePath: string) => boolean;
  /** Files read (their objects exist for resolution) but not judged (--exclude): only counted here. */
  leftOut?: (relativePath: string) => boolean;
  /** false (--no-kustomize): never run kustomize; a tree that would need it is read as written, with a warning. */
  kustomize?: boolean;
  /**
   * Whose HelmRelease timeouts the caller reads: 'all' (the default; `order` adds them up along any chain for its
   * cold-start estimate), or 'waited' (`check`: order/parent-timeout reads them only of what a Kustomization with
   * wait: true applies). With 'waited', a Kustomization's spec.patches that set nothing the audit reads but
   * HelmRelease timeouts cost no kustomize build where nothing that waits reads them (see appliedObjects).
   */
  helmReleaseTimeouts?: 'all' | 'waited';
}

export interface ScanResult {
  repository: FluxRepository;
  findings: Finding[];
  /** Each Kustomization Flux applies → the objects its spec.path gives (as kustomize builds them). */
  applies: Map<FluxObject, FluxObject[]>;
  /** The files a Flux Kustomization's spec.path directory applies (see `appliedFilesOf`). */
  appliedFiles: (dir: string, files: readonly string[]) => string[];
}

const FLUX_MARKERS = ['fluxcd.io', 'fluxcd.controlplane.io'];
// flux bootstrap writes its `# Flux Version:` line in the first lines of gotk-components.yaml.
const GOTK_HEADER_BYTES = 512;
/** The current version of each Flux API whose versions are known, and the kind it serves. */
const CURRENT_APIS = new Map([[`${HELM_GROUP}/${HELM_SERVED_VERSION}`, 'HelmRelease'], [`${KUSTOMIZE_GROUP}/v1`, 'Kustomization']]);

/** The skipped reason of Flux objects that no Flux Kustomization applies where the repository shows how it is applied. */
const NEVER_DEPLOYED = 'Flux objects no Flux Kustomization of this repository applies (never deployed from here)';
const REMOVED_BY_BUILD = 'Flux objects the build of the Flux Kustomization that applies their file leaves out (a patch\'s $patch: delete)';

/** What the scan passed over, by reason (exported for its test). */
export class SkipCounter {
  private readonly byReason = new Map<string, { entry: ScanSkip; paths: Set<string> }>();
  constructor(private readonly cwd: string) {}
  /** `incomplete`: what Flux applies is not read in full there (ScanSkip.incomplete). */
  add(reason: string, path: string, incomplete = false): void {
    const known = this.byReason.get(reason);
    if (known) {
      known.entry.count += 1;
      known.paths.add(path);
      if (incomplete) known.entry.incomplete = true;
    } else {
      this.byReason.set(reason, {
        // (The example and the paths are set by list().)
        entry: { reason, count: 1, example: '', paths: [], ...(incomplete ? { incomplete: true as const } : {}) },
        paths: new Set([path]),
      });
    }
  }
  /**
   * By reason; each with every path it passed over, so that what was left out can be checked file by file. The
   * example is the first of them, not the first met: kustomize builds run together and finish in any order (a trial
   * saw one repository's JSON differ between two runs).
   */
  list(): ScanSkip[] {
    return [...this.byReason.values()]
      .map(({ entry, paths }) => {
        const shown = [...paths].map((path) => displayPath(this.cwd, path)).sort();
        return { ...entry, example: shown[0]!, paths: shown };
      })
      .sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }
}

/**
 * The patterns of the repository's `.sourceignore` files (source-ignore.ts), which source-controller applies
 * before a GitRepository's spec.ignore when it archives this repository. An unreadable `.sourceignore`
 * counts as none, and is counted in `skipped` as such.
 */
function readSourceIgnoreFiles(files: readonly { dir: string; path: string }[], skips: SkipCounter): IgnorePattern[] {
  const texts = files.flatMap((file) => {
    const read = readRegularFile(file.path, MAX_YAML_FILE_BYTES, undefined);
    if ('bytes' in read) return [{ dir: file.dir, text: read.bytes.toString('utf8') }];
    skips.add('unreadable .sourceignore (its patterns are not applied)', file.path);
    return [];
  });
  return sourceIgnoreFilePatterns(texts);
}

/** Every YAML file under the root worth reading, and every kustomization file, skipping what is not manifests. */
function walk(root: string, options: ScanOptions, skips: SkipCounter): {
  yamlFiles: string[]; kustomizationDirs: string[]; listedFiles: Set<string>; listings: Map<string, Map<string, Dirent>>; directories: Set<string>;
  sourceIgnoreFiles: { dir: string; path: string }[]; unlistable: { fromRoot: string; finding: Finding }[];
  /** The `templates` directories of Helm charts, passed over (see chartRenderedKinds). */
  chartTemplateDirs: string[];
} {
  const yamlFiles: string[] = [];
  const chartTemplateDirs: string[] = [];
  // Directories the walk cannot list (permissions): input/unreadable, never a silent skip (a trial's probe: what they
  // held read as missing, two false errors and a pass).
  const unlistable: { fromRoot: string; finding: Finding }[] = [];
  // The `.sourceignore` files: what source-controller leaves out of this repository's artifact (source-ignore.ts).
  const sourceIgnoreFiles: { dir: string; path: string }[] = [];
  // Files the listing called regular (not links): read without a stat of their own.
  const listedFiles = new Set<string>();
  // Each directory, as listed: the kustomization loader asks what an entry is without a stat or a listing of its own.
  const listings = new Map<string, Map<string, Dirent>>();
  const directories = new Set<string>();
  const kustomizationDirs: string[] = [];
  const starts = options.include && options.include.length > 0 ? options.include : [root];
  // What the walk passes over by itself is shown to --exclude too: a glob over a hidden or template directory
  // is redundant, not one that matches nothing (input/exclude-unmatched).
  const passedOver = (entryFromRoot: string) => {
    options.leftOut?.(entryFromRoot);
  };
  // `fromRoot`: the directory's path from the root, with `/`, built as the walk descends (no path arithmetic per entry).
  const visit = (dir: string, fromRoot: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      unlistable.push({ fromRoot, finding: inputFinding('input/unreadable', wholeFile(dir), code === 'EACCES' || code === 'EPERM' ? 'permission denied: the directory cannot be listed' : `cannot list the directory (${code ?? String(error)})`,
        'make the directory readable by this user (Flux reads every file of its source)') });
      return;
    }
    directories.add(dir);
    const names = new Set(entries.map((entry) => entry.name));
    if (basename(dir) === 'templates' && (names.has('Chart.yaml') || existsIn(dirname(dir), 'Chart.yaml'))) {
      skips.add('Helm chart templates (rendered by Helm, not applied as written)', dir);
      chartTemplateDirs.push(dir);
      passedOver(fromRoot);
      return;
    }
    // The listing names the kustomization file: no existence checks per directory.
    const kustomizationFile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((name) => names.has(name));
    if (kustomizationFile) kustomizationDirs.push(childPath(dir, kustomizationFile));
    listings.set(dir, new Map(entries.map((entry) => [entry.name, entry])));
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = childPath(dir, entry.name);
      const entryFromRoot = fromRoot === '' ? entry.name : `${fromRoot}/${entry.name}`;
      if (options.exclude?.(entryFromRoot)) {
        skips.add('excluded by --exclude', path);
        passedOver(entryFromRoot);
        continue;
      }
      if (entry.isSymbolicLink()) {
        skips.add('symbolic link (not followed)', path);
        passedOver(entryFromRoot);
        continue;
      }
      if (entry.isDirectory()) {
        if (UNWALKED_DIRECTORIES.has(entry.name)) {
          passedOver(entryFromRoot);
          continue;
        }
        if (entry.name === 'workflows' && (fromRoot === '.github' || fromRoot.endsWith('/.github'))) {
          skips.add('CI workflows (.github/workflows)', path);
          passedOver(entryFromRoot);
          continue;
        }
        if (entry.name.startsWith('.') && entry.name !== '.github') {
          skips.add('hidden directory', path);
          passedOver(entryFromRoot);
          continue;
        }
        visit(path, entryFromRoot);
        continue;
      }
      if (entry.isFile() && entry.name === '.sourceignore') sourceIgnoreFiles.push({ dir: fromRoot, path });
      if (entry.isFile() && YAML_FILE.test(entry.name) && options.leftOut?.(entryFromRoot)) skips.add('excluded by --exclude (read for what depends on it, not judged)', path);
      if (entry.isFile() && YAML_FILE.test(entry.name)) {
        yamlFiles.push(path);
        listedFiles.add(path);
      }
    }
  };
  for (const start of starts) {
    let info;
    try {
      info = statSync(start);
    } catch {
      continue; // the caller reports a path that does not exist
    }
    if (info.isDirectory()) visit(start === root ? root : resolve(start), relative(root, start).split(sep).join('/'));
    else if (YAML_FILE.test(start)) yamlFiles.push(start);
  }
  return { yamlFiles, kustomizationDirs, listedFiles, listings, directories, sourceIgnoreFiles, unlistable, chartTemplateDirs };
}

const NO_NODES: readonly YamlNode[] = [];

/**
 * A ResourceSet's `spec.resources` that no input changes: no `<<` anywhere in them, so flux-operator renders each as
 * written. Where a template marker stands, what it renders is only known per input (resource-set.ts reads those).
 */
function untemplatedResources(node: YamlNode | null): readonly YamlNode[] {
  // (Asked of every object the scan reads: none made for the others.)
  if (node === null || scalarString(mapValue(node, ['kind'])) !== 'ResourceSet' || !scalarString(mapValue(node, ['apiVersion']))?.startsWith('fluxcd.controlplane.io/')) return NO_NODES;
  // A disabled ResourceSet builds nothing, and a resource so annotated is not applied (flux-operator's IsDisabled and
  // its builder): neither writes a sync (a review's probe).
  if (reconcileDisabled(node, true)) return NO_NODES;
  const resources = mapValue(node, ['spec', 'resources']);
  if (resources?.kind !== 'seq') return NO_NODES;
  return resources.items.filter((item): item is YamlNode => item?.kind === 'map' && !holdsTemplateLanguage(item) && !reconcileDisabled(item));
}

/** A ResourceSetInputProvider as written (its namespace as written: what applies it may give another, see providersFor). */
function inputProviderOf(node: YamlNode, apiVersion: string, file: string): StaticInputProvider | undefined {
  const name = scalarString(mapValue(node, ['metadata', 'name']));
  if (name === undefined) return undefined;
  const labelsNode = mapValue(node, ['metadata', 'labels']);
  const labels = Object.fromEntries(labelsNode?.kind === 'map' ? labelsNode.entries.flatMap((entry) => {
    const value = scalarString(entry.value);
    return value === undefined ? [] : [[entry.key, value]];
  }) : []);
  const namespace = scalarString(mapValue(node, ['metadata', 'namespace']));
  return {
    name, namespace, apiVersion, labels, type: scalarString(mapValue(node, ['spec', 'type'])), defaultValues: mapValue(node, ['spec', 'defaultValues']),
    // flux-operator reconciles no provider so annotated: it exports no inputs (its IsDisabled, in any case).
    ...(reconcileDisabled(node, true) ? { disabled: true } : {}),
    substituted: name.includes('${') || (namespace?.includes('${') ?? false) || [...textsBelow(node)].some((text) => text.includes('${')), file,
  };
}

/**
 * flux-operator's `fluxcd.controlplane.io/reconcile: disabled` annotation on an object as written: on a ResourceSet
 * itself in any case (its IsDisabled lower-cases the value: a trial's probe, "Disabled"), on a resource it builds
 * exactly (its builder compares the value as it is).
 */
function reconcileDisabled(node: YamlNode, anyCase = false): boolean {
  const value = scalarString(mapValue(node, ['metadata', 'annotations', 'fluxcd.controlplane.io/reconcile']));
  return (anyCase ? value?.toLowerCase() : value) === 'disabled';
}

/**
 * Whether a file no kustomization lists holds a Flux Kustomization whose spec.path is a directory the file is in: a
 * root applied by hand (`kubectl apply -f kubernetes/ks.yaml`, AlinaNova21/home-ops's only root), which its
 * directory's kustomization leaves out so as not to apply itself. Such a file is read, not passed over as a
 * commented-out entry: what it applies is applied. (A path below the file, an application's ks.yaml commented out
 * of its namespace's list, is still the entry left out.)
 */
function appliesTreeAroundIt(path: string, root: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  if (!text.includes('kustomize.toolkit.fluxcd.io') || !/^kind:\s*Kustomization\b/m.test(text)) return false;
  // Of this repository's source: an OCI artifact's or a bucket's path is the artifact's (a review's probe: a tenant
  // commented out, syncing `path: ./` from an OCIRepository, became a root).
  if (/^\s+sourceRef:\s*\n\s+kind:\s*["']?(?:OCIRepository|Bucket|ExternalArtifact)\b/m.test(text)) return false;
  return [...text.matchAll(/^\s+path:\s*["']?([^"'\s#]+)/gm)].some((match) => {
    const dir = specPathTarget(root, match[1]!);
    return isInside(dir, path);
  });
}

/**
 * Whether a build may change the ConfigMap of a name (substitute-from.ts): a configMapGenerator makes or merges into
 * one of that name (unless the real kustomize built it here: `built`, readGeneratedConfigMaps), or a patch names it
 * (or selects ConfigMaps without naming one: then any).
 */
function changedByBuilds(trees: ReadonlyMap<string, ScannedTree>, built: ReadonlySet<string>): (name: string) => boolean {
  // Read once, when a substituteFrom first asks (most runs never do: no patch file is read for it then).
  let changed: { generated: Set<string>; patched: Set<string>; any: boolean } | undefined;
  return (name) => {
    changed ??= changedNames(trees);
    return changed.any || changed.patched.has(name) || (changed.generated.has(name) && !built.has(name));
  };
}

/**
 * The ConfigMaps a configMapGenerator makes under a name a substituteFrom reads (a cluster's settings given as
 * literals or an env file, `disableNameSuffixHash: true`): the real kustomize builds the generator's directory, and
 * each such ConfigMap it yields counts as one written there (`note`, located at the kustomization, in the namespace
 * the build gives it). Before, such a name gave nothing (a trial's probe: `path: ./addons/${ENV}` stayed unknown).
 * The names read so; a build that fails or cannot run gives none (the build's own failure is told where Flux builds it).
 */
async function readGeneratedConfigMaps(
  trees: ReadonlyMap<string, ScannedTree>, names: ReadonlySet<string>, note: (node: YamlNode | null, path: string, namespace?: string) => WrittenConfigMap | undefined,
): Promise<Set<string>> {
  const read = new Set<string>();
  const generators = new Map<string, { path: string; component: boolean }>();
  for (const tree of trees.values()) {
    for (const kustomization of tree.kustomizations) {
      if ((kustomization.configMapGeneratorNames ?? []).some((name) => names.has(name))) {
        generators.set(dirname(kustomization.path), { path: kustomization.path, component: kustomization.component === true });
      }
    }
  }
  if (generators.size === 0) return read;
  const { findKustomize, runKustomizeBuild } = await import('./kustomize-build.js');
  const kustomize = findKustomize();
  if (!kustomize) return read;
  // A Component's generator (a trial's probe: david-driscoll/equestria-cluster's common settings) is built as a
  // component, as the kustomizations that name it build it: kustomize refuses a Component listed as a resource.
  const builds = await Promise.all([...generators].map(([dir, { path, component }]) => runKustomizeBuild(kustomize, dir, path, 'this kustomization', component ? { componentAtDir: true } : {})));
  const includers = includersOf(trees);
  // Where kustomizations take a directory in (a component, a resource): at the outermost that sets a namespace, in
  // it (kustomize's outer namespace: is applied last), else at the kustomization that takes it in, with no namespace.
  const placements = (dir: string, seen: Set<string>): { path: string; namespace?: string }[] => {
    const found: { path: string; namespace?: string }[] = [];
    for (const includer of includers.get(dir) ?? []) {
      if (seen.has(includer.path)) continue;
      seen.add(includer.path);
      const above = placements(dirname(includer.path), seen).filter((placement) => placement.namespace !== undefined);
      found.push(...(above.length > 0 ? above : [{ path: includer.path, ...(includer.namespace ? { namespace: includer.namespace } : {}) }]));
    }
    return found;
  };
  [...generators].forEach(([dir, { path }], index) => {
    const build = builds[index]!;
    if ('findings' in build) return;
    // The ConfigMap is written at the generator's own kustomization (applied where a Flux Kustomization's path holds
    // it), and at each kustomization that takes its directory in, in the namespace that gives it (a trial's probe: a
    // cluster's kustomization with namespace: flux-system over a component's generator, which alone gives none).
    const at = placements(dir, new Set());
    for (const document of build.file.documents) {
      for (const node of listItems(document.root)) {
        for (const configMap of [note(node, path), ...at.map((placement) => note(node, placement.path, placement.namespace))]) {
          if (configMap && names.has(configMap.name)) read.add(configMap.name);
        }
      }
    }
  });
  return read;
}

/** The kustomizations that take each directory in, as a resource or a component. */
function includersOf(trees: ReadonlyMap<string, ScannedTree>): Map<string, Kustomization[]> {
  const includers = new Map<string, Kustomization[]>();
  const seen = new Set<string>();
  for (const tree of trees.values()) {
    for (const kustomization of tree.kustomizations) {
      if (seen.has(kustomization.path)) continue;
      seen.add(kustomization.path);
      const dirs = [
        ...kustomization.resources.flatMap((resource) => (resource.path !== undefined ? [resource.path] : [])),
        ...kustomization.transformations.flatMap((transformation) => (transformation.field === 'components' ? transformation.directories ?? [] : [])),
      ];
      for (const dir of dirs) includers.set(dir, [...includers.get(dir) ?? [], kustomization]);
    }
  }
  return includers;
}

const CONFIG_MAP_OR_SECRET: ReadonlySet<string> = new Set(['ConfigMap', 'Secret']);

/** A name written as a Kyverno Chainsaw binding or JMESPath expression, `($name)`: an assertion's, not an object's. */
const CHAINSAW_BINDING = /^\(.*\)$/s;

/** The ConfigMap and Secret names generators and patches of the repository's kustomizations change, and whether one selects any. */
function changedNames(trees: ReadonlyMap<string, ScannedTree>): { generated: Set<string>; patched: Set<string>; any: boolean } {
  const generated = new Set<string>();
  const names = new Set<string>();
  let any = false;
  for (const tree of trees.values()) {
    for (const kustomization of tree.kustomizations) {
      // (A Secret's too: a substituteFrom Secret written here gives its keys only as far as no build changes it, a
      // review's probe: a patch adding KS_NAMESPACE to it was not seen.)
      for (const name of [...kustomization.configMapGeneratorNames ?? [], ...kustomization.secretGeneratorNames ?? []]) generated.add(name);
      for (const transformation of kustomization.transformations) {
        for (const patch of transformation.patches ?? []) {
          let text = patch.inline ?? '';
          if (patch.file) {
            try {
              text = readFileSync(patch.file, 'utf8');
            } catch {
              // A patch file that is not here is the build's fault (reported there), not a ConfigMap changed.
            }
          }
          // A target's kind is an anchored regular expression, as kustomize reads it: `(ConfigMap|Secret)` selects ConfigMaps.
          if (!(patch.targetKind !== undefined && selects(patch.targetKind, CONFIG_MAP_OR_SECRET)) && !/\bkind:\s*["']?(?:ConfigMap|Secret)\b/.test(text)) continue;
          const named = [...text.matchAll(/\bname:\s*["']?([\w.-]+)/g)].map((match) => match[1]!);
          if (named.length === 0) any = true;
          for (const name of named) names.add(name);
        }
      }
    }
  }
  return { generated, patched: names, any };
}

/**
 * The commented-out entries of the kustomizations a Flux Kustomization builds (below its path), once each
 * (FluxRepository.commentedOutEntries): uncommenting one there applies what it names; one in a kustomization nothing
 * applies would not.
 */
function commentedOutEntriesOf(trees: ReadonlyMap<string, ScannedTree>, objects: readonly FluxObject[]): Pick<FluxRepository, 'commentedOutEntries'> {
  const appliedDirs = objects.flatMap((object) => (object.kind === 'Kustomization' && object.appliesDir !== undefined ? [object.appliesDir] : []));
  const byPlace = new Map<string, NonNullable<FluxRepository['commentedOutEntries']>[number]>();
  for (const tree of trees.values()) {
    for (const kustomization of tree.kustomizations) {
      if (!kustomization.commentedOutEntries || !appliedDirs.some((dir) => isInside(dir, kustomization.path))) continue;
      for (const entry of kustomization.commentedOutEntries) byPlace.set(`${entry.location.file}:${entry.location.line}`, entry);
    }
  }
  return byPlace.size > 0 ? { commentedOutEntries: [...byPlace.values()] } : {};
}

/** A failing build the scan found, which its rule reports from FluxRepository.buildFailures. */
function isBuildFailure(finding: Finding): boolean {
  return finding.rule === 'kustomization/build-failed' || finding.rule === 'resourceset/build-failed';
}

/** The kustomization/build-failed and resourceset/build-failed findings the scan made, once each, as the rules report them. */
function buildFailures(findings: readonly Finding[], treeBuilders: ReadonlyMap<string, ReadonlySet<string>>, objects: readonly FluxObject[],
  treeReaders: ReadonlyMap<string, ReadonlySet<FluxObject>>): NonNullable<FluxRepository['buildFailures']> {
  const once = new Map<string, NonNullable<FluxRepository['buildFailures']>[number]>();
  const place = (location: Location) => `${location.file}:${location.line}:${location.column}`;
  // A refusal of a Flux Kustomization's own spec.patches is located there (flux-build.ts): that Kustomization's build
  // fails, and every copy of it (one build serves the copies that share the path and the patches).
  const patchesOf = new Map<string, Set<string>>();
  for (const object of objects) {
    if (object.kind === 'Kustomization' && object.patchesLocation) patchesOf.set(place(object.patchesLocation), (patchesOf.get(place(object.patchesLocation)) ?? new Set()).add(fluxObjectId(object)));
  }
  for (const finding of findings) {
    if (!isBuildFailure(finding) || !finding.location) continue;
    const key = `${place(finding.location)}\u0000${finding.message}`;
    const known = once.get(key) ?? {
      location: finding.location, message: finding.message, fix: finding.fix ?? '', objects: [], ...(finding.object ? { named: true } : {}),
      ...(finding.rule === 'resourceset/build-failed' ? { rule: finding.rule } : {}),
    };
    // Whose build fails: the Kustomization the failure was found for, else those whose build reads the kustomization,
    // else those whose spec.patches it is.
    const builders = finding.object ? [finding.object] : [...treeBuilders.get(finding.location.file) ?? patchesOf.get(place(finding.location)) ?? []];
    known.objects = [...new Set([...known.objects ?? [], ...builders])].sort();
    const readers = finding.object ? undefined : treeReaders.get(finding.location.file);
    if (readers) known.readBy = [...new Set([...known.readBy ?? [], ...readers])];
    once.set(key, known);
  }
  // A build only suspended Kustomizations make never runs: kustomize-controller builds nothing while they are suspended
  // (a trial's probe: the rule's own advice, "remove or suspend the Kustomization", left the error in place).
  // Each failure is reported once for each of its Kustomizations: a suspended one is left out of a build it shares with
  // an active one too (a review's probe).
  const suspended = new Set(objects.filter((object) => object.suspend).map(fluxObjectId));
  for (const object of objects) if (!object.suspend) suspended.delete(fluxObjectId(object));
  return [...once.values()].flatMap((failure) => {
    const builders = failure.objects ?? [];
    const kept = builders.filter((id) => !suspended.has(id));
    if (builders.length > 0 && kept.length === 0) return [];
    return kept.length === builders.length ? [failure] : [{ ...failure, objects: kept }];
  });
}

/** Whether `target` is reached from `start` through what each Kustomization's written path applies (writtenChildren). */
function appliedThrough(start: FluxObject, target: FluxObject, children: ReadonlyMap<FluxObject, readonly FluxObject[]>): boolean {
  const seen = new Set<FluxObject>([start]);
  const stack = [...children.get(start) ?? []];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === target) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...children.get(next) ?? []);
  }
  return false;
}

/** The Kustomizations whose build takes in each directory (appliedDirsOf): its spec.path, or a component. */
function appliersByDir(objects: readonly FluxObject[]): Map<string, FluxObject[]> {
  const byDir = new Map<string, FluxObject[]>();
  for (const object of objects) for (const dir of appliedDirsOf(object)) byDir.set(dir, [...byDir.get(dir) ?? [], object]);
  return byDir;
}

/** A manifest of no Flux object larger than this is not checked for syntax: a vendored bundle (CRDs, a dashboard), and slow to parse. */
const MANIFEST_SYNTAX_CHECK_BYTES = 256 * 1024;

/**
 * Manifests of no Flux object that do not parse: kustomize decodes every file it builds, so the build of each Flux
 * Kustomization that applies one fails and it applies nothing (kubectl kustomize: `mapping key "LEVEL" already
 * defined`; fluxcd/pkg's generator, where the path has no kustomization: "failed to decode Kubernetes YAML"). Not
 * the patch files its kustomizations name: kustomize reads a patch more leniently than a resource (a key written
 * twice builds as a patch, a review's probe), and the file alone says nothing of that. Only the files a Flux
 * Kustomization builds are parsed, here, once the appliers are known (`applied`: each directory a Kustomization's
 * path or component names, with the files it builds, as appliedParts reads them), and only where the Kustomization's artifact
 * holds them (a file .sourceignore leaves out is not built; one a kustomization lists is then
 * kustomization/resource-not-in-artifact's): parsing every file of a repository cost more than the rest of its
 * audit where charts and examples sit beside the manifests. The yaml package finds the faults; kustomize, given the
 * file alone, confirms each, since its reader takes a little that the yaml package refuses. Confirmed one at a time,
 * in path order, until each Kustomization concerned has one: Flux stops at the first file it cannot decode, and a
 * chart's fifty templates below a path need not cost fifty kustomize runs; the others are counted in `skipped`, as
 * are files kustomize cannot judge here and files over MANIFEST_SYNTAX_CHECK_BYTES. The Kustomizations whose build
 * takes a file in become the finding's objects through `treeBuilders`.
 */
async function judgeManifestSyntax(
  manifests: readonly string[],
  objects: readonly FluxObject[],
  applied: readonly { dir: string; files: readonly string[] }[],
  inArtifact: (parent: FluxObject, path: string) => boolean,
  into: { findings: Finding[]; skips: SkipCounter; treeBuilders: Map<string, Set<string>> },
  /** false: --no-kustomize. */
  useKustomize: boolean | undefined,
): Promise<void> {
  const byDir = appliersByDir(objects);
  const isManifest = new Set(manifests);
  // Each file's builds: the ids of the Kustomizations that build it, or the directory where no object is known (a sync path).
  const builds = new Map<string, Set<string>>();
  for (const { dir, files } of applied) {
    for (const path of files) {
      if (!isManifest.has(path)) continue;
      const appliers = byDir.get(dir) ?? [];
      const keys = appliers.length === 0 ? [`dir:${dir}`] : appliers.filter((parent) => inArtifact(parent, path)).map(fluxObjectId);
      if (keys.length === 0) continue;
      builds.set(path, new Set([...builds.get(path) ?? [], ...keys]));
    }
  }
  if (builds.size === 0) return;
  const malformed: { path: string; finding: Finding; bytes: Buffer }[] = [];
  for (const path of [...builds.keys()].sort()) {
    // Read again rather than kept from the scan: only these are parsed, and most repositories' bytes are not held.
    const read = readRegularFile(path, MAX_YAML_FILE_BYTES, undefined, { listed: true, transient: true });
    if ('finding' in read) {
      into.skips.add('unreadable file', path, true);
      continue;
    }
    if (read.bytes.length > MANIFEST_SYNTAX_CHECK_BYTES) {
      into.skips.add(`manifests of no Flux object over ${MANIFEST_SYNTAX_CHECK_BYTES / 1024} KiB, in what a Flux Kustomization builds (not checked for YAML syntax: a vendored bundle, say)`, path);
      continue;
    }
    const { file, findings: syntax } = await parseYamlBytes(path, read.bytes);
    if (!file && syntax[0]) malformed.push({ path, finding: syntax[0], bytes: Buffer.from(read.bytes) });
  }
  if (malformed.length === 0) return;
  // The yaml package refuses a little that kustomize's reader takes: kustomize has the last word (kustomize-build.ts).
  const { findKustomize, kustomizeRefusesManifest } = await import('./kustomize-build.js');
  const kustomize = useKustomize === false ? undefined : findKustomize();
  const failing = new Set<string>();
  for (const { path, finding, bytes } of malformed) {
    const by = builds.get(path)!;
    if ([...by].every((key) => failing.has(key))) {
      into.skips.add('YAML that does not parse, in a build that already fails on another such file (reported there; kustomize stops at the first)', path);
      continue;
    }
    const refused = kustomize ? await kustomizeRefusesManifest(kustomize, bytes) : undefined;
    if (refused === false) {
      into.skips.add('YAML that kustomize reads where this tool\'s parser does not (audited as if absent: it holds no Flux object)', path, true);
      continue;
    }
    if (refused === undefined) {
      into.skips.add(`YAML that does not parse, in what a Flux Kustomization builds, with no kustomize here to confirm it (${useKustomize === false ? '--no-kustomize' : 'kustomize or kubectl could not run'}): a build that may fail`, path, true);
      continue;
    }
    for (const key of by) failing.add(key);
    const ids = [...by].filter((key) => !key.startsWith('dir:'));
    if (ids.length > 0) into.treeBuilders.set(path, new Set([...into.treeBuilders.get(path) ?? [], ...ids]));
    into.findings.push(buildFailed(finding.location ?? wholeFile(path),
      `this manifest does not parse (${finding.message.replace(/^invalid YAML: /, '')}), and kustomize build fails on it`,
      finding.message.startsWith('unresolved merge conflict') ? `${finding.fix}: kustomize-controller's build fails on it`
        : 'fix the YAML at this position: kustomize-controller\'s build fails on it, as kubectl kustomize on the file alone does'));
  }
}

/** A build failure found for one Kustomization's build: its object. */
function builtBy(parent: FluxObject, finding: Finding): Finding {
  return { ...finding, object: fluxObjectId(parent) };
}

/**
 * resources: entries kustomize-controller's build fails on: a file or directory
 * that does not exist, or one outside the repository (the source artifact
 * holds nothing else). Remote entries are fetched by kustomize: not judged.
 */
function unreadableResources(kustomization: Kustomization): Finding[] {
  return kustomization.resources.flatMap((resource) => {
    if (resource.path !== undefined && resource.exists) return [];
    if (resource.path === undefined && REMOTE_ENTRY.test(resource.entry)) return [];
    return [buildFailed(resource.location, resource.path === undefined
      ? `resources: lists ${resource.entry}, which is outside the repository: Flux's build fails (the source holds only the repository)`
      : `resources: lists ${resource.entry}, which does not exist: kustomize build fails`,
    'correct the entry, or remove it')];
  });
}

/**
 * components: entries kustomize's build fails on: a directory that does not exist, or holds no kustomization
 * file (kustomize: "must build at directory", "unable to find one of 'kustomization.yaml'..."), located at the entry
 * rather than left to kustomize's message, which names neither the file nor the line. Remote entries: not judged.
 */
function unreadableComponents(kustomization: Kustomization, isComponent: (dir: string) => boolean): Finding[] {
  return kustomization.transformations.flatMap((transformation) => (transformation.directoryEntries ?? []).flatMap(({ entry, location, directory }) => {
    if (REMOTE_ENTRY.test(entry) || isComponent(directory)) return [];
    return [buildFailed(location, `components: lists ${entry}, which is not a directory with a kustomization file: kustomize build fails`,
      'correct the entry (a component is a directory with a kustomization.yaml of kind Component), or remove it')];
  }));
}

function existsIn(dir: string, name: string): boolean {
  try {
    return statSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

export async function scanFluxRepository(options: ScanOptions): Promise<ScanResult> {
  startKeptTexts();
  const root = resolve(options.root);
  const skips = new SkipCounter(options.cwd);
  const findings: Finding[] = [];
  const { yamlFiles, kustomizationDirs, listedFiles, listings, directories, sourceIgnoreFiles, unlistable, chartTemplateDirs } = walk(root, options, skips);
  const repositoryIgnores = readSourceIgnoreFiles(sourceIgnoreFiles, skips);
  // A directory that cannot be listed is one Flux may read (input/unreadable), unless it never reaches Flux's
  // source: left out by a .sourceignore, or by git (untracked: a local database volume owned by root, say; a
  // review's probe stopped at exit 3 over one).
  if (unlistable.length > 0) {
    const matchPart = await partMatcher();
    const { gitIgnores } = await import('./git-ignore.js');
    for (const { fromRoot, finding } of unlistable) {
      if (isIgnored(repositoryIgnores, fromRoot, true, matchPart) || gitIgnores(root, fromRoot)) skips.add('unreadable directories that .sourceignore or git leaves out of Flux\'s source', finding.location!.file);
      else findings.push(finding);
    }
  }
  noteFilesListed(yamlFiles.length);

  // Each kustomization file is read once, however many trees include it.
  const loaded = new Map<string, ReturnType<typeof loadKustomization>>();
  const load: typeof loadKustomization = (path, from) => {
    let result = loaded.get(path);
    // kustomize-controller builds with LoadRestrictionsNone: a cluster's kustomization may list ../../apps/x.yaml.
    if (!result) loaded.set(path, result = loadKustomization(path, from, { loadRestrictionsNone: true, listed: listedFiles.has(path), listingOf: (dir) => listings.get(dir), noDocumentIsEmpty: true }));
    return result;
  };
  // A component is a directory with a kustomization file: by the walk's listing, else (outside it) by the file system.
  const isComponentDirectory = (dir: string) => {
    const listing = listings.get(dir);
    return KUSTOMIZATION_FILE_NAMES.some((name) => (listing ? listing.has(name) && !listing.get(name)!.isDirectory() : existsIn(dir, name)));
  };
  // Which kustomization lists each file, and the namespace it gives the file's objects.
  const trees = new Map<string, ScannedTree>();
  const patchFiles = new Set<string>();
  // Shallowest first, then by path: each file's depth counted once, not in every comparison.
  const byDepth = kustomizationDirs.map((file) => ({ file, depth: file.split(sep).length })).sort((a, b) => a.depth - b.depth || (a.file < b.file ? -1 : 1));
  for (const { file } of byDepth) {
    const top = await load(file, root);
    if (!top.kustomization) {
      trees.set(dirname(file), { kustomizationPath: file, files: [], kustomizations: [], findings: top.findings });
      continue;
    }
    const tree = await loadKustomizationTree(top.kustomization, root, load);
    const nestedFindings = await Promise.all(tree.kustomizations.slice(1).map(async (nested) => (await load(nested.path, root)).findings));
    trees.set(dirname(file), {
      kustomizationPath: file, files: tree.files, kustomizations: tree.kustomizations,
      findings: [...top.findings, ...tree.findings, ...nestedFindings.flat(), ...tree.kustomizations.flatMap(unreadableResources),
        ...tree.kustomizations.flatMap((kustomization) => unreadableComponents(kustomization, isComponentDirectory))],
    });
    for (const kustomization of tree.kustomizations) for (const patch of kustomization.patchFiles ?? []) patchFiles.add(patch);
  }
  const namespaceOf = new Map<string, string | undefined>();
  for (const tree of trees.values()) for (const file of tree.files) if (!namespaceOf.has(file.path)) namespaceOf.set(file.path, file.namespace);

  // The objects as written, file by file; what Flux applies is derived from them below.
  const written = new Map<string, FluxObject[]>();
  const specOf = new WeakMap<FluxObject, YamlNode | null>();
  const unparsed: { path: string; findings: Finding[] }[] = [];
  // What is wrong in a file that parses (an API near miss, a malformed dependsOn): reported where Flux applies it.
  const fileProblems = new Map<string, Finding[]>();
  // What each FluxInstance written here syncs (its directory, its address, the GitRepository it makes), and where its
  // path is written: the paths are entry points, the addresses this repository's own, the sources this repository's.
  const syncs: InputSync[] = [];
  // `ownerFile`: the file that writes the FluxInstance or HelmRelease, where Flux places it (placeSyncs).
  const noteSync = (sync: ReturnType<typeof syncOf>, file: YamlFile, ownerFile = file.path) => {
    if (sync) syncs.push({ ...sync, ...(sync.owner !== undefined ? { ownerFile } : {}), ...(sync.pathNode ? { location: file.locate(sync.pathNode) } : {}) });
  };
  // Files holding a HelmRelease of the flux-instance chart with no instance.sync in its own values: its namespace,
  // and the ConfigMaps and Secrets its valuesFrom names (`Kind/name`).
  const fluxInstanceCharts = new Map<string, { namespace: string; valuesFrom: string[]; owner: string; writtenNamespace?: string; fixedNamespace?: string }>();
  // What a FluxInstance or a HelmRelease of the flux-instance chart says of the sync: noted; the chart's values given in
  // a file a configMapGenerator feeds to it (valuesFrom) are read below.
  const noteInstance = (instance: YamlNode | null, file: YamlFile) => {
    const sync = fluxInstanceSync(instance, root, file.path);
    noteSync(sync, file);
    // Its cluster.size profile sets the controllers' --requeue-dependency (a FluxInstance's spec; the chart's values).
    const spec = fluxInstanceSpec(instance);
    const sized = spec ? clusterSizeSetting(file, spec.spec) : undefined;
    if (sized) requeueSettings.push(sized);
    const chartNamespace = sync === undefined ? fluxInstanceChartNamespace(instance) : undefined;
    if (chartNamespace === undefined) return;
    const valuesFrom = mapValue(instance, ['spec', 'valuesFrom']);
    const sources = (valuesFrom?.kind === 'seq' ? valuesFrom.items : []).map((item) => `${scalarString(mapValue(item, ['kind'])) ?? ''}/${scalarString(mapValue(item, ['name'])) ?? ''}`);
    const owner = `HelmRelease/${scalarString(mapValue(instance, ['metadata', 'namespace'])) ?? ''}/${scalarString(mapValue(instance, ['metadata', 'name'])) ?? ''}`;
    const writtenNamespace = scalarString(mapValue(instance, ['metadata', 'namespace']));
    const fixedNamespace = scalarString(mapValue(instance, ['spec', 'targetNamespace']));
    fluxInstanceCharts.set(file.path, {
      namespace: chartNamespace, valuesFrom: [...(fluxInstanceCharts.get(file.path)?.valuesFrom ?? []), ...sources], owner,
      ...(writtenNamespace ? { writtenNamespace } : {}), ...(fixedNamespace ? { fixedNamespace } : {}),
    });
  };
  // The controllers' --requeue-dependency, wherever the repository sets it: its kustomizations' patches and the
  // sources their generators read (Helm values given through valuesFrom), then the other files.
  const requeueSettings: RequeueSetting[] = [];
  for (const result of loaded.values()) {
    const { kustomization } = await result;
    requeueSettings.push(...(kustomization?.requeueSettings ?? []), ...(kustomization?.generatorFiles ?? []).flatMap(requeueSettingsInFile));
  }
  // The Flux versions the repository installs, and the apiVersion of each api/removed-version finding: judged
  // against them once every file is read (a pin may come after the HelmReleases it concerns).
  const versionPins: FluxVersionPin[] = [];
  const removedApiVersions = new Map<Finding, string>();
  // api/* problems of objects the apply leaves out (see excludedFromApply): reported, failing no apply.
  const unapplied = new WeakSet<Finding>();
  // Where each HelmRelease says helm.toolkit.fluxcd.io/v2, each Kustomization kustomize.toolkit.fluxcd.io/v1:
  // judged against the pins too (Flux before 2.3, before 2.0, rejects them).
  const servedApiVersions: { apiVersion: string; location: Location }[] = [];
  const sourceIgnores: SourceIgnore[] = [];
  // The OCIRepositories written here, by name, with their address (see anotherOwnersArtifact in appliedObjects).
  const ociSources: { name: string; url: string }[] = [];
  // The ResourceSetInputProviders written here, for the ResourceSets whose inputsFrom select them (resource-set.ts).
  const inputProviders: StaticInputProvider[] = [];
  // The ExternalArtifacts the ArtifactGenerators written here make (artifact-generator.ts).
  const generated: GeneratedArtifact[] = [];
  let filesParsed = 0;
  // Files their directory's kustomization does not list (an entry commented out): never applied, but a dependsOn
  // on what they hold is told where it is written (unlistedObjects, after the audit of what is applied).
  const unlisted: string[] = [];
  const notObjects = new Set<string>();
  // Files with a requeue setting and no object at their top (settingApplied).
  const withoutObjects = new Set<string>();
  // Files of no Flux object: the manifests whose syntax judgeManifestSyntax checks where Flux builds them.
  const manifests: string[] = [];
  // The ConfigMaps written here, by name, for the values a postBuild.substituteFrom reads (substitute-from.ts);
  // files of no Flux object that may hold one are parsed only once some Kustomization reads one.
  const configMaps = new Map<string, WrittenConfigMap[]>();
  const noteConfigMap = (node: YamlNode | null, path: string, namespace?: string) => {
    const configMap = writtenConfigMap(node, path, namespace ?? namespaceOf.get(path));
    if (configMap) configMaps.set(configMap.name, [...configMaps.get(configMap.name) ?? [], configMap]);
    return configMap;
  };
  const configMapFiles: { path: string; bytes: Buffer }[] = [];
  // The names substituteFrom items give, as the text shows them (written, or in a ResourceSet's template): a file
  // of no Flux object is parsed only when it holds one (a Grafana dashboard's ConfigMap is not).
  const substituteFromNames = new Set<string>();
  // Roots applied by hand that their directory's kustomization leaves out (see appliesTreeAroundIt): read once every
  // other file is, and only where the repository shows no other way its clusters are synced (no FluxInstance sync
  // path, no flux bootstrap flux-system): elsewhere such a file is a leftover (rcdailey/home-ops's
  // external-secrets/infisical/ks.yaml, a review's probe), passed over as before.
  const handRoots: string[] = [];
  let readingHandRoots = false;
  function* filesToRead() {
    yield* yamlFiles;
    // (A FluxInstance's sync path, or flux bootstrap's flux-system applying the directory its file is in. Not any
    // Kustomization applying its own directory: a home-ops app's ks.yaml beside its manifests does, and is applied.
    // Nor only one named flux-system: a sync of another name that applies a directory above its own file's, as
    // bootstrap's does, and that nothing else here applies, is one too (a trial's probe, monosense-io/k8s-gitops's
    // cluster-apps-config: its unlisted ks.yaml files were read as roots, six false "for another cluster" errors.)
    const kustomizations = [...written.values()].flat().filter((object) => object.kind === 'Kustomization' && object.appliesDir !== undefined);
    const synced = syncs.some((sync) => sync.path !== undefined)
      || kustomizations.some((object) => object.name === 'flux-system' && isInside(object.appliesDir!, object.file))
      || kustomizations.some((object) => isInside(object.appliesDir!, object.file) && object.appliesDir !== dirname(object.file)
        // Of the bootstrap source: `path: ./` of another repository's GitRepository is that repository's root, not
        // this one's (a review's probe: an upstream CRD bundle's Kustomization took the root applied by hand out).
        && (object.sourceName ?? 'flux-system') === 'flux-system'
        && !kustomizations.some((other) => other !== object && isInside(other.appliesDir!, object.file)));
    readingHandRoots = true;
    for (const path of handRoots) {
      if (synced) {
        skips.add('YAML files the kustomization of their directory does not list as resources (never applied as manifests)', path);
        unlisted.push(path);
      } else yield path;
    }
  }
  for (const path of filesToRead()) {
    if (['kustomization.yaml', 'kustomization.yml'].includes(basename(path))) continue;
    // A file a kustomization lists as a resource too is an object, whatever else patches with it (allenporter/k8s-gitops:
    // nginx-values.yaml is a resource and a patch of itself; a review's probe).
    if (patchFiles.has(path) && !namespaceOf.has(path)) {
      skips.add('kustomize patch files (partial objects, applied to others)', path);
      continue;
    }
    // A directory with a kustomization applies only what it lists (a Flux Kustomization's path there, or a
    // generated kustomization above it, builds that kustomization): a file no kustomization lists is never
    // applied, whatever the rest of the repository shows (a commented-out entry, an old file left behind).
    const ownTree = trees.get(dirname(path));
    if (ownTree && ownTree.kustomizations.length > 0 && !namespaceOf.has(path) && !readingHandRoots) {
      if (appliesTreeAroundIt(path, root)) {
        handRoots.push(path);
        continue;
      }
      skips.add('YAML files the kustomization of their directory does not list as resources (never applied as manifests)', path);
      unlisted.push(path);
      continue;
    }
    // Only regular files, at most the limit: a FIFO named on the command line must not hang the scan.
    const read = readRegularFile(path, MAX_YAML_FILE_BYTES, undefined, { listed: listedFiles.has(path) });
    if ('finding' in read) {
      // A file that cannot be read (permissions, a link loop) is input/unreadable, exit 3: skipped, what it holds
      // vanished without a word (a trial's probe: the root Kustomization's file, and the audit passed).
      if (read.finding.rule === 'input/unreadable') findings.push(read.finding);
      else skips.add(read.finding.rule === 'input/too-large' ? `over ${MAX_YAML_FILE_BYTES / 1024 / 1024} MiB` : 'unreadable file', path, true);
      continue;
    }
    const bytes = read.bytes;
    const setsRequeue = bytes.includes(REQUEUE_FLAG);
    if (setsRequeue) requeueSettings.push(...requeueSettingsIn(path, bytes.toString('utf8')));
    // No object at its top (no document a mapping with a kind, flow-written ones too): a values file, which reaches a
    // cluster only through a generator (settingApplied). Judged from the parse below, or (a file of no Flux marker,
    // not parsed there) parsed for it: few files set the flag.
    const noteObjectless = (parsed: YamlFile | undefined) => {
      if (parsed && !parsed.documents.some((document) => listItems(document.root).some((node) => scalarString(mapValue(node, ['kind'])) !== undefined))) {
        withoutObjects.add(path);
      }
    };
    // A file with no `kind` at all and some content is no Kubernetes object (a Helm values file): kustomize-controller's
    // generated kustomization fails on it, where a Kustomization's path without a kustomization holds it.
    if (!bytes.includes('kind') && holdsContent(bytes.toString('utf8'))) notObjects.add(path);
    if (!FLUX_MARKERS.some((marker) => bytes.includes(marker))) {
      if (setsRequeue) noteObjectless((await parseYamlBytes(path, bytes)).file);
      if (bytes.includes('ConfigMap') || bytes.includes('Secret')) configMapFiles.push({ path, bytes });
      // kustomize decodes every manifest it builds: one that does not parse fails the build of whatever Flux
      // Kustomization applies it (parsed once the appliers are known, judgeManifestSyntax).
      manifests.push(path);
      continue;
    }
    filesParsed += 1;
    if (bytes.includes('substituteFrom')) for (const name of substituteFromNamesIn(bytes.toString('utf8'))) substituteFromNames.add(name);
    if (basename(path) === 'gotk-components.yaml') {
      const pin = gotkHeaderPin(path, bytes.subarray(0, GOTK_HEADER_BYTES).toString('utf8'));
      if (pin) versionPins.push(pin);
    }
    const { file, findings: readFindings } = await parseYamlBytes(path, bytes); // read once, above
    if (setsRequeue) noteObjectless(file);
    if (!file) {
      // A file with template markers is a template for some other tool, not a manifest Flux applies.
      if (/\{\{|\{%/.test(bytes.toString('utf8'))) skips.add('templated YAML ({{ }} or {% %})', path);
      else unparsed.push({ path, findings: readFindings });
      continue;
    }
    const objects: FluxObject[] = [];
    const problems: Finding[] = [];
    for (const document of file.documents) {
      for (const node of listItems(document.root)) {
        // A FluxInstance, or a HelmRelease of the flux-instance chart, written plainly or as a ResourceSet's resource
        // that no input changes (flux-operator managing itself: a trial's probe, mak011p/k8s-gitops-hayden, where the
        // sync it writes was missed and nothing it applies was seen as applied).
        noteInstance(node, file);
        for (const resource of untemplatedResources(node)) noteInstance(resource, file);
        const apiVersionNode = mapValue(node, ['apiVersion']);
        const written = scalarString(apiVersionNode);
        const kind = scalarString(mapValue(node, ['kind']));
        if (node && kind === 'ResourceSetInputProvider' && written?.startsWith('fluxcd.controlplane.io/')) {
          const provider = inputProviderOf(node, written, path);
          if (provider) inputProviders.push(provider);
        }
        for (const problem of apiProblems(file, node)) {
          if (problem.rule === 'api/removed-version') removedApiVersions.set(problem, written ?? '');
          // Skipped before the dry-run (reconcile: disabled, ssa: Ignore): it fails no apply (a review's probe).
          if (excludedFromApply(node)) unapplied.add(problem);
          problems.push(problem);
        }
        if (written !== undefined && CURRENT_APIS.has(written) && kind === CURRENT_APIS.get(written)) {
          servedApiVersions.push({ apiVersion: written, location: file.locate(apiVersionNode) });
        }
        const pin = fluxVersionPinOf(file, node);
        if (pin) versionPins.push(pin);
        if (kind === 'ArtifactGenerator' && written?.startsWith('source.extensions.fluxcd.io/')) {
          generated.push(...generatedArtifacts(node, scalarString(mapValue(node, ['metadata', 'namespace'])) ?? namespaceOf.get(path), path));
        }
        if (kind === 'OCIRepository') {
          const name = scalarString(mapValue(node, ['metadata', 'name']));
          const url = scalarString(mapValue(node, ['spec', 'url']));
          if (name !== undefined && url !== undefined) ociSources.push({ name, url });
        }
        const sourceIgnore = gitRepositoryIgnoreOf(node);
        if (sourceIgnore) {
          const { sparseCheckoutWritten, ...read } = sourceIgnore;
          sourceIgnores.push(sparseCheckoutWritten
            ? { ...read, file: path, sparseCheckoutAt: sparseCheckoutWritten.map((entry) => ({ dir: entry.dir, location: file.locate(entry.node) })) } : { ...read, file: path });
        }
        noteConfigMap(node, path);
        const before = problems.length;
        const object = readFluxObject(file, node, undefined, root, problems, directories);
        // An unknown dependsOn key of an object the apply skips (reconcile: disabled) fails no apply either (a review's probe).
        if (excludedFromApply(node)) for (const problem of problems.slice(before)) if (problem.rule === 'dependsOn/unknown-key') unapplied.add(problem);
        if (!object) continue;
        // A name that is a Kyverno Chainsaw binding, `($name)`: a test's assertion template, which Chainsaw fills in and
        // compares with the cluster; no manifest Flux applies, and no name any object can have (a trial's probe,
        // ppat/homelab-ops-kubernetes-apps's ci/test/chainsaw/assertions: false name/invalid errors).
        if (CHAINSAW_BINDING.test(object.name)) {
          skips.add('Flux objects named by a Kyverno Chainsaw binding (`($name)`): test assertions, not manifests Flux applies (not read)', path);
          problems.splice(before);
          continue;
        }
        objects.push(object);
        // Only a ResourceSet's spec is read again (its templates): the other parse trees can go.
        if (object.kind === 'ResourceSet') specOf.set(object, mapValue(node, ['spec']));
      }
    }
    if (objects.length > 0) written.set(path, objects);
    if (problems.length > 0) fileProblems.set(path, problems);
  }

  // A flux-instance chart's sync given in a values file (blthazr/area0, anthony-spruyt/spruyt-labs): the values files
  // that a configMapGenerator of the kustomization listing the HelmRelease reads.
  if (fluxInstanceCharts.size > 0) {
    for (const result of loaded.values()) {
      const { kustomization } = await result;
      const chart = kustomization?.resources.find((resource) => resource.path !== undefined && fluxInstanceCharts.has(resource.path));
      if (!kustomization || !chart) continue;
      const { namespace, valuesFrom, owner, writtenNamespace, fixedNamespace } = fluxInstanceCharts.get(chart.path!)!;
      // Only the generators valuesFrom names; Helm reads the first document of a values file.
      for (const generated of kustomization.generated ?? []) {
        if (!valuesFrom.includes(`${generated.kind}/${generated.name}`)) continue;
        for (const valuesFile of generated.files) {
          if (!YAML_FILE.test(valuesFile)) continue;
          const { file: values } = await readYamlFile(valuesFile);
          const sync = mapValue(values?.documents[0]?.root, ['instance', 'sync']);
          const valuesSized = values ? clusterSizeSetting(values, mapValue(values.documents[0]?.root ?? null, ['instance'])) : undefined;
          if (valuesSized) requeueSettings.push(valuesSized);
          const patches = mapValue(values?.documents[0]?.root, ['instance', 'kustomize', 'patches']);
          const read = sync === null ? undefined : syncOf(sync, namespace, root, valuesFile, owner, patches);
          if (read && values) noteSync({ ...read, ...(writtenNamespace ? { writtenNamespace } : {}), ...(fixedNamespace ? { fixedNamespace } : {}) }, values, chart.path);
          // The Flux version it installs, as the chart's inline values would say it.
          const pin = values ? valuesFileVersionPin(values, values.documents[0]?.root ?? null) : undefined;
          if (pin) versionPins.push(pin);
        }
      }
    }
  }
  if (substituteFromNames.size > 0) {
    for (const { path, bytes } of configMapFiles) {
      if (![...substituteFromNames].some((name) => bytes.includes(name))) continue;
      const { file } = await parseYamlBytes(path, bytes);
      for (const document of file?.documents ?? []) for (const node of listItems(document.root)) noteConfigMap(node, path);
    }
  }
  configMapFiles.length = 0;
  const generatedConfigMaps = substituteFromNames.size > 0 && options.kustomize !== false
    ? await readGeneratedConfigMaps(trees, substituteFromNames, noteConfigMap) : new Set<string>();
  // (Most repositories write none that a substituteFrom names: nothing to place then.)
  const appliedCopies = configMaps.size === 0 ? configMaps : applicableCopies(configMaps, (file) => namespaceOf.has(file),
    [...written.values()].flat().filter((object) => object.kind === 'Kustomization'), syncs.flatMap((sync) => (sync.path ? [sync.path] : [])));
  placeSyncs(syncs, written, trees, namespaceOf);
  const syncPaths = syncs.flatMap((sync) => (sync.path ? [sync.path] : []));
  const unbuilt: AppliedInput['unbuilt'] = [];
  const treeBuilders = new Map<string, Set<string>>();
  const treeReaders = new Map<string, Set<FluxObject>>();
  const unparsedFiles = new Set(unparsed.map((file) => file.path));
  // A Kustomization of an ExternalArtifact that an ArtifactGenerator here makes of a directory of this repository
  // applies its path below that directory (artifact-generator.ts).
  // One of an OCIRepository that this repository's CI pushes from a directory of itself applies its path below that
  // directory (pushed-artifact.ts). (The CI files are read only where an OCIRepository is written.)
  const pushes = ociSources.length > 0 ? pushedArtifacts(root, () => gitRemoteAddresses(root)) : [];
  const artifactUsers = [...written.values()].flat().filter((object) => object.kind === 'Kustomization' && object.sourceKind === 'ExternalArtifact');
  // (flux bootstrap's root: a Kustomization flux-system applying a directory that holds its own file. Not any
  // Kustomization that does: an app's ks.yaml beside its manifests made xunholy/k8s-gitops's generator another
  // cluster's.)
  const clusterDirs = [...new Set([...syncPaths, ...[...written.values()].flat().flatMap((object) => (
    object.kind === 'Kustomization' && object.name === 'flux-system' && object.appliesDir !== undefined && object.appliesDir !== root
      && isInside(object.appliesDir, object.file) ? [object.appliesDir] : []))])];
  const artifactContext = { root, trees, yamlFiles, directories, namespaceOf, artifactUsers, clusterDirs };
  for (const object of [...written.values()].flat()) {
    const read = artifactDirOf(object, generated, artifactContext)
      ?? (pushes.length > 0 ? pushedArtifactDirOf(object, pushes, ociSources, root, directories) : undefined)
      ?? artifactCopyDirOf(object, generated, artifactContext);
    if (read) Object.assign(object, read);
    const artifactDirs = read ? undefined : artifactSourceDirs(object, generated, artifactContext);
    if (artifactDirs) object.artifactDirs = artifactDirs;
  }
  const applied = await appliedObjects({
    root, cwd: options.cwd, written, trees, specOf, kustomize: options.kustomize, namespaceOf, skips, findings, unbuilt, syncPaths, yamlFiles, directories, unparsed: unparsedFiles, notObjects,
    sourceIgnores, ociSources, inputProviders, repositoryIgnores, syncs, helmReleaseTimeouts: options.helmReleaseTimeouts ?? 'all',
    substituteFromValues: substituteFromValues(appliedCopies, changedByBuilds(trees, generatedConfigMaps)), treeBuilders, treeReaders,
  });
  // --no-kustomize: one warning, at the first kustomization it left unbuilt, counting the others (a
  // home-ops repository can have a hundred).
  const [firstUnbuilt] = unbuilt.sort((a, b) => compareText(a.location.file, b.location.file) || (a.location.line ?? 0) - (b.location.line ?? 0));
  if (firstUnbuilt) {
    // Kustomizations, not builds: one component several Kustomizations name is one (a review's probe).
    const others = new Set(unbuilt.map((entry) => entry.location.file)).size - 1;
    findings.push({
      rule: 'input/kustomize-skipped', severity: 'warning', location: firstUnbuilt.location,
      message: `the kustomization uses ${firstUnbuilt.fields}, which can change Flux objects; with --no-kustomize its files are audited as written${others > 0 ? ` (and those of ${others} other kustomization${others === 1 ? '' : 's'} that would need kustomize)` : ''}`,
      fix: 'drop --no-kustomize to audit what Flux applies',
    });
  }
  // A file that does not parse is an error where Flux would apply it (a kustomization lists it, or a
  // Kustomization's path holds it); anywhere else (docs, examples) it is passed over, counted.
  // What Flux builds: each audited Kustomization's path and its spec.components, and what a FluxInstance syncs,
  // file by file: a directory with a kustomization applies what it lists, not everything below it (a ks.yaml
  // commented out of it, and what that would apply, are not applied). Read once, for every file asked about.
  const allListed = [...trees.values()].flatMap((tree) => tree.files.map((file) => file.path));
  const candidates = [...new Set([...allListed, ...written.keys(), ...fileProblems.keys(), ...unparsed.map((file) => file.path), ...manifests,
    ...requeueSettings.map((setting) => setting.location.file), ...versionPins.map((pin) => pin.location.file)])];
  const appliedDirs = [...applied.objects.flatMap(appliedDirsOf), ...syncPaths];
  const parts = appliedDirs.map((dir) => appliedParts(dir, trees, candidates));
  const appliedTrees = new Set(parts.flatMap((part) => part.trees));
  // A tree's files, with those of the components its kustomizations take in (kustomize's `components:`, each a
  // directory with a kustomization of its own, nested ones too): kustomize builds and decodes them with the tree
  // (a note's gap: an api/* error in a component's file failed no applier).
  const treeFiles = (dir: string, seen: Set<string>): string[] => {
    if (seen.has(dir)) return [];
    seen.add(dir);
    const tree = trees.get(dir);
    if (!tree) return [];
    const components = tree.kustomizations.flatMap((kustomization) => kustomization.transformations)
      .flatMap((transformation) => (transformation.field === 'components' ? transformation.directories ?? [] : []));
    return [...tree.files.map((file) => file.path), ...components.flatMap((component) => treeFiles(component, seen))];
  };
  const partFiles = (part: (typeof parts)[number]) => {
    const seen = new Set<string>();
    return [...new Set([...part.loose, ...part.trees.flatMap((tree) => treeFiles(tree, seen))])];
  };
  // Each applied directory's files, once: what Flux applies, the manifests whose syntax is judged, each file's clusters.
  const partsWithFiles = parts.map((part, index) => ({ dir: appliedDirs[index]!, files: partFiles(part) }));
  const appliedFiles = new Set(partsWithFiles.flatMap((part) => part.files));
  const objectFiles = new Set(applied.objects.map((object) => object.file));
  const appliedByFlux = (path: string) => appliedFiles.has(path) || objectFiles.has(path);
  // Listed by a kustomization: where the repository shows how it is applied, only by one that Flux builds (those
  // above) or that an entry point's directory holds; an api/* finding on a file the audit left out as never
  // deployed contradicted that count.
  // Not a file whose Flux objects were all left out as never deployed: its objects are in no count and no rule, and
  // an api/* finding on it contradicted that (a trial's probe, aws-samples/eks-multi-cluster-gitops checked from
  // above its root: one HelmRelease "never deployed" and failing the run on its apiVersion, its siblings judged not).
  const neverDeployed = new Set(applied.leftOut.map((object) => object.file));
  const listed = new Set((applied.pruned ? allListed.filter((path) => applied.entryDirs.some((dir) => isInside(dir, path))) : allListed)
    .filter((path) => !neverDeployed.has(path) || objectFiles.has(path)));
  const appliedHere = (path: string) => listed.has(path) || appliedByFlux(path);
  // A setting counts where Flux applies it (when the entry points are known): an example or a doc is not a
  // cluster's. A kustomization's own patches count when Flux applies what the kustomization lists.
  // The directory a cluster syncs (that of its root Kustomizations) counts too: flux bootstrap's own
  // flux-system/kustomization.yaml, where the controllers are patched, sits there (hub-spoke's gotk-sync is a stub).
  const generatorOwner = new Map<string, string>();
  for (const [dir, tree] of trees) for (const kustomization of tree.kustomizations) for (const file of kustomization.generatorFiles ?? []) generatorOwner.set(file, dir);
  const settingApplied = (file: string) => {
    // A file of no Kubernetes object that no configMapGenerator reads (a Helm values file Terraform's bootstrap passes
    // to the flux-instance chart) reaches no cluster through Flux, whatever else may apply what (a trial's probe,
    // izerecord/d2-fleet: its 10s against the 5s every cluster's FluxInstance gives made the cold start the default 30s).
    if (withoutObjects.has(file) && !generatorOwner.has(file)) return false;
    if (!applied.pruned || appliedByFlux(file) || applied.entryDirs.some((dir) => isInside(dir, file))) return true;
    // The kustomization's own text, or a file its configMapGenerator reads (Helm values given through valuesFrom).
    const dir = generatorOwner.get(file) ?? dirname(file);
    const tree = trees.get(dir);
    if (tree?.kustomizationPath !== file && !generatorOwner.has(file)) return false;
    return tree !== undefined && (appliedTrees.has(dir) || tree.files.some((listedFile) => appliedByFlux(listedFile.path)));
  };
  // A Flux file that does not parse is an error where Flux applies it, in an entry point's directory, and when
  // no object parsed at all (its error is then why the repository seems to hold none). Elsewhere (an example
  // under docs/, even where a ResourceSet or an unreadable path keeps every other object audited) it is counted.
  for (const { path, findings: problems } of unparsed) {
    if (appliedHere(path) || applied.objects.length === 0 || applied.entryDirs.some((dir) => isInside(dir, path))) findings.push(...problems);
    else skips.add('YAML that does not parse, which no kustomization or Flux Kustomization applies', path);
  }
  if (manifests.length > 0) {
    await judgeManifestSyntax(manifests, applied.objects, partsWithFiles, applied.inArtifact, { findings, skips, treeBuilders }, options.kustomize);
  }
  // A beta HelmRelease API that every Flux the repository installs (where Flux applies the pin) still serves.
  // Where the entry points are not known, only a pin that a Flux Kustomization here applies: an old cluster's
  // gotk-components.yaml left in an archive is no Flux anything runs.
  const pins = versionPins.filter((pin) => (applied.pruned ? settingApplied(pin.location.file) : appliedByFlux(pin.location.file)));
  // (Where a file is, said from the working directory, as every finding's own location: a trial's probe, run from above
  // the root, could not find `clusters/...` named from the root.)
  const shown = (location: Location) => `${displayPath(options.cwd, location.file)}:${location.line}`;
  // Each file is judged by the Flux of the clusters that apply it, where each of them pins one (samip5/k8s-cluster:
  // nebula installs Flux 2.5, which serves v2beta2, while media installs 2.9); else by every pin, as before.
  const pinsOf = clusterPins(applied, pins, partsWithFiles, syncPaths);
  // An object the cluster rejects (an api/* error) fails the whole apply of every Kustomization that builds its file:
  // kustomize-controller dry-runs every object before it applies any (fluxcd/pkg ssa ApplyAll), as for an invalid
  // duration. The Kustomizations that would build each such file, by directory (as clusterPins finds them).
  const appliersOfFile = new Map<string, FluxObject[]>();
  if (fileProblems.size > 0 || servedApiVersions.length > 0) {
    const judged = new Set([...fileProblems.keys(), ...servedApiVersions.map(({ location }) => location.file)]);
    const byDir = appliersByDir(applied.objects);
    for (const { dir, files } of partsWithFiles) for (const file of files) if (judged.has(file)) appliersOfFile.set(file, [...(appliersOfFile.get(file) ?? []), ...(byDir.get(dir) ?? [])]);
  }
  // A file every one of them leaves out of its artifact (.sourceignore, spec.ignore) reaches no cluster: counted in
  // skipped as such, and judged no further (a review's probe: api/removed-version was reported).
  const outOfEveryArtifact = (path: string) => {
    const appliers = appliersOfFile.get(path) ?? [];
    return appliers.length > 0 && appliers.every((applier) => !applied.inArtifact(applier, path));
  };
  // The findings whose object fails its appliers' apply, with the file.
  const rejections: { path: string; finding: Finding }[] = [];
  for (const [path, problems] of fileProblems) {
    if (applied.pruned && !appliedHere(path)) {
      // A Flux object that is none for the API server (its name a placeholder's `{TENANT_ID}`, say) in such a file is
      // never deployed either: counted with those, where it had gone without a word (a trial's probe).
      if (problems.some((problem) => problem.rule.startsWith('input/'))) skips.add(NEVER_DEPLOYED, path);
      continue;
    }
    if (outOfEveryArtifact(path)) continue;
    for (const problem of problems) {
      const apiVersion = removedApiVersions.get(problem);
      const underPins = apiVersion === undefined ? undefined : removedVersionUnderPins(apiVersion, [...new Set(pinsOf(path).flat())], shown);
      const judged = underPins ? { ...problem, ...underPins } : problem;
      findings.push(judged);
      // Not one the apply skips (unapplied); and only where every cluster that applies the file refuses it: a version
      // one cluster's Flux still serves fails none there, and which appliers are that cluster's is not told apart
      // here (a review's probe: both clusters' appliers failed), so none fails.
      const everyCluster = apiVersion === undefined || pinsOf(path).every((group) => removedVersionUnderPins(apiVersion, group, shown) === undefined);
      if (judged.severity === 'error' && REJECTED_BY_THE_CLUSTER.has(judged.rule) && !unapplied.has(problem) && everyCluster) rejections.push({ path, finding: judged });
    }
  }
  // A ResourceSet's dependsOn item whose apiVersion and kind the Flux of its file's clusters does not serve (a
  // removed version, a miscased kind): flux-operator looks it up as written and finds nothing (a trial's probe:
  // helm.toolkit.fluxcd.io/v2beta1 passed, and ordered the ResourceSet after the HelmRelease).
  for (const object of applied.objects) {
    if (object.kind !== 'ResourceSet') continue;
    for (const dependency of object.dependsOn) {
      if (dependency.apiVersion === undefined || dependency.kind === undefined || `${dependency.apiVersion}${dependency.kind}`.includes('${')) continue;
      const unserved = unservedDependencyApi(dependency.apiVersion, dependency.kind, [...new Set(pinsOf(object.file).flat())]);
      if (unserved) dependency.unserved = unserved;
    }
  }
  for (const { apiVersion, location } of servedApiVersions) {
    // A cluster whose Flux does not serve it yet rejects it, whatever another cluster's Flux serves.
    const judged = pinsOf(location.file).map((group) => servedVersionUnderPins(apiVersion, group, shown)).find(Boolean);
    if (judged && (!applied.pruned || appliedHere(location.file))) {
      const finding: Finding = { rule: 'api/unknown-version', severity: 'error', location, ...judged };
      findings.push(finding);
      if (pinsOf(location.file).every((group) => servedVersionUnderPins(apiVersion, group, shown) !== undefined)) rejections.push({ path: location.file, finding });
    }
  }
  // The Kustomizations whose apply those fail (where the file is in their artifact), named in each finding, as
  // api/invalid-duration's are (a review's note: check named no failing apply).
  const applyRejected = new Set<FluxObject>();
  for (const { path, finding } of rejections) {
    const failing = (appliersOfFile.get(path) ?? []).filter((applier) => applier.kind === 'Kustomization' && !applier.suspend && applied.inArtifact(applier, path));
    for (const applier of failing) applyRejected.add(applier);
    finding.message += failingApplyText([...new Set(failing.map((applier) => shortId(fluxObjectId(applier))))].sort());
  }
  // A Kustomization that neither waits nor has healthChecks is Ready once it applies, except where all it applies
  // is of the stages kustomize-controller waits for by itself (waited-stages.ts): asked of those only, once a directory.
  // What it applies from a remote resource or from a source not read here is not known: said so, not taken for
  // objects that run (a trial's probe: PingCAP-QE/ee-ops's prow-crd, a remote CRD bundle; fdk-infra's
  // external-secrets-crds, the upstream project's deploy/crds).
  const waitedStagesOnly = new Map<string, Awaited<ReturnType<typeof appliesWaitedStagesOnly>>>();
  for (const object of applied.objects) {
    if (object.kind !== 'Kustomization' || object.wait || object.healthChecks || (object.components?.length ?? 0) > 0) continue;
    if (!isOwnSource(object) || object.otherRefSource) {
      object.appliesUnread = `what ${sourceLabel(object)} holds`;
      continue;
    }
    if (!object.appliesDir) continue;
    let known = waitedStagesOnly.get(object.appliesDir);
    if (known === undefined) waitedStagesOnly.set(object.appliesDir, known = await appliesWaitedStagesOnly(object.appliesDir, trees, yamlFiles));
    if (known === true) object.appliesWaitedStagesOnly = true;
    else if (known) object.appliesUnread = known.remote.length > 1 ? `${known.remote.length} remote resources (${known.remote[0]}, ...)` : `the remote resource ${known.remote[0]}`;
  }
  // kustomize-controller applies a Kustomization's own spec.patches in its build; this tool does not (each
  // would need a build): what they patch is audited as written, and counted so that it is never silent.
  for (const object of applied.objects) {
    if (object.fluxPatches && !object.patches) skips.add('spec.patches of a Flux Kustomization that are not written plainly (not applied: what they patch is audited as written)', object.file, true);
    else if (object.patches && applied.patchesBuilt(object).length === 0) {
      skips.add(fluxObjectPatches(object, ownPatchesCount(written), true).length === 0
        ? 'spec.patches of a Flux Kustomization that set no field the audit reads (not built)'
        : 'spec.patches of a Flux Kustomization that set only HelmRelease timeouts, read by check only under a Kustomization with wait: true (not built; order builds them)', object.file);
    }
    // What another source holds (an ExternalArtifact, an OCI artifact, a bucket) is not in this repository's files:
    // the order shows such a Kustomization without what it applies.
    // (Flux's own manifests, the OCIRepository flux-manifests, hold Flux's controllers: no dependsOn of this repository.)
    if (appliesFromUnreadSource(object)) {
      if (object.sourceKind === 'OCIRepository' && object.sourceName === 'flux-manifests') skips.add('Flux Kustomizations of Flux\'s own manifests (OCIRepository flux-manifests): not read', object.file);
      else skips.add(`Flux Kustomizations whose source is not this repository (${object.foreignByPath ? 'a GitRepository whose Kustomizations\' paths are none of them here, where nothing says which address is this repository\'s' : object.foreignSource ? 'a GitRepository at another address' : object.sourceKind}): what they apply is not read`, object.file, true);
    }
  }
  // A cluster's bootstrap GitRepository on another branch than this checkout's: its cluster is read from this checkout,
  // which may not be what that branch holds (a trial's probe, compose-ai/flux-monorepo: ops syncs branch ops, stage
  // stage, the checkout is azure-prod, and ops's order lacked the HelmRelease its branch installs). Said, not guessed.
  // Only where the clusters sync different branches (a branch per cluster): where they share one, a checkout of another
  // branch is the change under review (a hook, a pull request's CI), which is what is meant to be audited.
  const bootstrapBranches = new Set(sourceIgnores.filter((source) => source.name === 'flux-system' && source.ref?.startsWith('branch:')).map((source) => source.ref));
  const branch = bootstrapBranches.size > 1 ? checkoutBranch(root) : undefined;
  if (branch !== undefined) {
    for (const source of sourceIgnores) {
      if (source.name !== 'flux-system' || !source.ref?.startsWith('branch:') || source.ref === branch || source.file === undefined) continue;
      if (!applied.objects.some((object) => object.file === source.file || isInside(dirname(source.file!), object.file))) continue;
      skips.add(`clusters whose GitRepository flux-system syncs another branch than this checkout's (${branch.slice('branch:'.length)}): read as this checkout has them`, source.file, true);
    }
  }
  return {
    repository: {
      root, objects: applied.objects, openKinds: withChartRenderedKinds(applied.openKinds, chartTemplateDirs, root),
      ...(applied.createdObjects.size > 0 ? { createdObjects: applied.createdObjects } : {}),
      ...(applied.disabledGenerated.length > 0 ? { disabledGenerated: applied.disabledGenerated } : {}), skipped: skips.list(), filesParsed, filesSeen: yamlFiles.length, directories,
      ...(applied.pruned ? { fromEntryPoints: true } : {}),
      syncDirs: [...new Set(syncPaths)].sort(),
      kustomizationDirs: new Set(trees.keys()),
      ...commentedOutEntriesOf(trees, applied.objects),
      ...(syncs.some((sync) => sync.madeName) ? {
        instanceKustomizations: [...new Map(syncs.flatMap((sync) => (sync.madeName && !applied.neverDeployedSyncs.has(sync.owner ?? '')
          ? [{ name: sync.madeName, namespace: sync.namespace ?? sync.madeName, ...(sync.path !== undefined ? { syncDir: sync.path } : {}) }] : []))
          .map((made) => [`${made.namespace}/${made.name}\u0000${made.syncDir ?? ''}`, made])).values()]
          .sort((a, b) => compareText(`${a.namespace}/${a.name}\u0000${a.syncDir ?? ''}`, `${b.namespace}/${b.name}\u0000${b.syncDir ?? ''}`)),
      } : {}),
      entryDirs: [...applied.clusterDirs].sort(),
      leftOut: [...applied.leftOut, ...await unlistedObjects(unlisted, root)],
      ...(applied.resourcesLeftOut.length > 0 ? { resourcesLeftOut: applied.resourcesLeftOut } : {}),
      ...(findings.some(isBuildFailure) ? { buildFailures: buildFailures(findings, treeBuilders, applied.objects, treeReaders) } : {}),
      ...(applyRejected.size > 0 ? { applyRejected } : {}),
      ...(applied.syncPathsLeftOut.length > 0 ? { syncPathsLeftOut: applied.syncPathsLeftOut } : {}),
      ...(applied.sparseCheckoutMissing.length > 0 ? { sparseCheckoutMissing: applied.sparseCheckoutMissing } : {}),
      ...(applied.ownSources.length > 0 ? { ownSources: applied.ownSources } : {}),
      ...(rootIsRepositoryTop(root, sourceIgnores, syncs) ? { rootIsRepositoryTop: true as const } : {}),
      ...(sourceIgnores.some((source) => source.includes) ? { includedPaths: Object.fromEntries(sourceIgnores.flatMap((source) => (source.includes ? [[source.name, source.includes]] : []))) } : {}),
      // (A generator's values file is read for its kustomization and may be read as a file too: each place once.)
      requeueSettings: [...new Map(requeueSettings.filter((setting) => settingApplied(setting.location.file))
        .map((setting) => [`${setting.location.file}:${setting.location.line}:${setting.location.column}`, setting])).values()]
        .sort((a, b) => compareText(a.location.file, b.location.file) || (a.location.line ?? 0) - (b.location.line ?? 0)),
    },
    findings: reportedFindings(findings.filter((finding) => !isBuildFailure(finding)), root, options.leftOut),
    applies: applied.applies,
    appliedFiles: (dir, files) => appliedFilesOf(dir, trees, files),
  };
}

/**
 * Root Kustomizations that the GitRepository they sync from leaves out of its artifact (its
 * spec.ignore): an archive or a template kept beside the synced tree (truxnell/home-cluster's
 * `/*` then `!/kubernetes` leaves out archive/ and templates/), which Flux never applies. Left out
 * when another root of the same source lies inside its artifact (the source is synced from there), or
 * when its own path is not here (Ramblurr/home-ops's archive keeps its old GitRepository, `!/k8s`, whose
 * roots apply paths long gone). A root outside its artifact that applies what is here and is its source's
 * only one is how a cluster is bootstrapped, applied by hand: kept. Every GitRepository of that name must
 * leave the file out (one without a spec.ignore keeps everything).
 */
async function outsideTheirArtifact(roots: readonly FluxObject[], sources: readonly SourceIgnore[], root: string): Promise<Set<FluxObject>> {
  const outside = new Set<FluxObject>();
  if (!sources.some((source) => source.patterns !== undefined)) return outside;
  const matchPart = await partMatcher();
  const gitSource = (object: FluxObject) => ((object.sourceKind ?? 'GitRepository') === 'GitRepository' ? object.sourceName : undefined);
  const ignoredBySource = (object: FluxObject, name: string) => {
    const named = sources.filter((source) => source.name === name);
    const path = displayPath(root, object.file);
    return named.length > 0 && named.every((source) => source.patterns !== undefined && isIgnored(source.patterns, path, false, matchPart));
  };
  const gitRoots = roots.filter((object) => gitSource(object) !== undefined);
  const ignored = new Set(gitRoots.filter((object) => ignoredBySource(object, gitSource(object)!)));
  for (const object of ignored) {
    const insideBeside = gitRoots.some((other) => !ignored.has(other) && gitSource(other) === gitSource(object));
    if (insideBeside || object.appliesDir === undefined) outside.add(object);
  }
  // A root of another source (Flux's own manifests from an OCIRepository) is a file here all the same: left out
  // with the Git roots beside it, when every one of them is.
  for (const object of roots) {
    if (gitSource(object) !== undefined) continue;
    const beside = gitRoots.filter((other) => dirname(other.file) === dirname(object.file));
    if (beside.length > 0 && beside.every((other) => outside.has(other))) outside.add(object);
  }
  return outside;
}

/** The files kustomize-controller's generator takes, by extension as written (fluxcd/pkg scanManifests). */
const GENERATED_FILE = /\.ya?ml$/;

/**
 * Whether a YAML text has a document with content: not only comments, markers, or an empty mapping, list or
 * null, which kustomize passes over (kyaml's IsNilOrEmpty).
 */
function holdsContent(text: string): boolean {
  return text.replace(/^[ \t]*#.*$/gm, '').split(/^(?:---|\.\.\.)(?:[ \t].*)?$/m)
    .some((document) => !/^\s*(?:\{\s*\}|\[\s*\]|null|Null|NULL|~)?\s*$/.test(document));
}

/**
 * The Flux objects written in files that their directory's kustomization does not list (never applied from
 * there): read only for where they are written, which dependsOn/unknown-target tells a dependency on one of them
 * (an entry commented out of its kustomization). A file that does not read is passed: it is never applied.
 */
async function unlistedObjects(paths: readonly string[], root: string): Promise<NonNullable<FluxRepository['leftOut']>[number][]> {
  const objects: NonNullable<FluxRepository['leftOut']>[number][] = [];
  for (const path of paths) {
    const read = readRegularFile(path, MAX_YAML_FILE_BYTES, undefined);
    if (!('bytes' in read) || !FLUX_MARKERS.some((marker) => read.bytes.includes(marker))) continue;
    const { file } = await parseYamlBytes(path, read.bytes);
    for (const document of file?.documents ?? []) {
      for (const node of listItems(document.root)) {
        const object = readFluxObject(file!, node, undefined, root, [], undefined);
        if (object) objects.push({ kind: object.kind, name: object.name, file: object.file, ...(object.namespace ? { namespace: object.namespace } : {}) });
      }
    }
  }
  return objects;
}

/** What leaves a path out of the artifact of a GitRepository: its name, and the `.sourceignore` file whose pattern does (none: its spec.ignore). */
interface ArtifactGap {
  source: string;
  /** Left out by source-controller's default exclusions (no .sourceignore and no spec.ignore is written). */
  byDefault?: true;
  file?: string;
  /** That pattern as written, and its line in the `.sourceignore` file. */
  pattern?: string;
  line?: number;
  /** Left out by the GitRepository's spec.sparseCheckout (these directories), not by a pattern. */
  sparseCheckout?: readonly string[];
}

/** A Kustomization of a GitRepository of another repository, as sourcesRead's `read` makes one: it applies nothing here. */
function ofAnotherRepository(object: FluxObject): FluxObject {
  const { appliesDir: _dir, components: _components, ...unread } = object;
  return { ...unread, foreignSource: true };
}

/**
 * The repository's name at the end of an address (repositoryAddress's form). Another repository only where its name
 * differs too: one repository has many addresses (Azure DevOps's ssh and https forms, a Bitbucket port,
 * ssh.github.com:443), and in doubt a source is this repository.
 */
function repositoryName(address: string): string {
  return address.slice(address.lastIndexOf('/') + 1);
}

/** On a host whose addresses are owner/name (GitHub, GitLab, Bitbucket, Codeberg), `host/owner` of an address. */
function ownerOf(address: string): string | undefined {
  const match = /^(?:ssh\.)?(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/(.+)\/[^/]+$/.exec(address);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * Whether a GitRepository at `address` (repositoryAddress's form) is another repository than one of `own` addresses:
 * none of them, nor of their repository's name, or of another owner on a host whose addresses are owner/name. Where
 * no address of this repository is known, in doubt it is this one.
 */
function otherRepositoryThan(own: readonly string[], address: string): boolean {
  if (own.length === 0 || own.includes(address)) return false;
  return !own.some((one) => repositoryName(one) === repositoryName(address)) || otherOwnerThan(own, address);
}

/** Whether `address` is of another owner than every address of `own` on its host (see ownerOf): another repository. */
function otherOwnerThan(own: readonly string[], address: string): boolean {
  const owner = ownerOf(address);
  if (owner === undefined) return false;
  const host = owner.slice(0, owner.indexOf('/'));
  const owners = own.map(ownerOf).filter((one): one is string => one !== undefined && one.startsWith(`${host}/`));
  return owners.length > 0 && !owners.includes(owner);
}

/**
 * An object as its source makes it (each written one, and each a kustomize build gives), where the
 * GitRepositories written here tell:
 * - A Kustomization whose GitRepository is another repository (every GitRepository of that name written here
 *   has an address, and none is this repository's own) applies nothing from here (`foreignSource`): an
 *   upstream project's CRDs at `path: .` (larivierec/home-cluster's dragonfly-operator) is not this whole
 *   repository. This repository's addresses: a FluxInstance's sync.url, and those of GitRepository flux-system
 *   and of the GitRepositories that a Kustomization applying its own directory syncs from. Where none is
 *   written, every GitRepository is taken for this one, as before.
 * - A Kustomization whose spec.path the artifact of its source leaves out applies nothing (`pathLeftOutBy`:
 *   kustomization/path-not-found reports it). source-controller builds a GitRepository's artifact without what
 *   its spec.ignore excludes, and kustomize-controller then fails the build with "kustomization path not found".
 *   Judged only for a source this repository is synced through (one that a Kustomization applying its own
 *   directory, flux bootstrap's flux-system or a cluster's flux/config, syncs from). Every GitRepository of
 *   that name must leave the directory out, as for the roots outside their artifact.
 */
async function sourcesRead(
  written: ReadonlyMap<string, FluxObject[]>, writtenSources: readonly SourceIgnore[], repositoryIgnores: readonly IgnorePattern[], syncUrls: readonly string[],
  syncSources: readonly string[], root: string, yamlFiles: readonly string[],
  /** Whether a kustomization that lists the file transforms what it lists (a patch may give a Kustomization its spec.path). */
  transformed: (file: string) => boolean = () => false,
): Promise<{
  read: (object: FluxObject) => FluxObject; fileLeftOut: (parent: FluxObject, file: string) => ArtifactGap | undefined; judged: boolean;
  /** The GitRepository a Kustomization builds from, where its artifact is made of this repository (synced through it). */
  ownArtifact: (parent: FluxObject) => string | undefined;
  /** Whether the artifact of a GitRepository of this repository leaves a directory out whole (see leftOutBy). */
  dirLeftOut: (dir: string, source: string) => ArtifactGap | undefined;
  /** Whether source-controller's default exclusions leave a file out of the artifact a Kustomization builds from. */
  defaultLeftOut: (parent: FluxObject, file: string) => ArtifactGap | undefined;
  /** The spec.sparseCheckout entries of this repository's GitRepositories that are not in it (see FluxRepository). */
  sparseDirsMissing: NonNullable<FluxRepository['sparseCheckoutMissing']>;
  /** The names of the GitRepositories, besides flux-system, that are this repository (see FluxRepository.ownSources). */
  ownSources: string[];
  /** The addresses known to be this repository's (repositoryAddress's form), its checkout's remotes among them: read when asked. */
  ownAddresses: () => readonly string[];
  /**
   * Whether a GitRepository at this address (repositoryAddress's form) is another repository, as a written one is
   * judged: against the addresses written here (and the checkout's remotes); where none is written, against the remotes
   * only where its Kustomization's path is not here either (`pathHere`: a remote may be a mirror's, a review's probe).
   */
  otherRepository: (address: string, pathHere: boolean) => boolean;
}> {
  // A FluxInstance's GitRepository is not written, but its artifact is made as any other's: without a spec.ignore,
  // so only the .sourceignore files leave something out of it.
  const sources: SourceIgnore[] = [...writtenSources, ...syncSources.map((name) => ({ name, patterns: undefined }))];
  if (sources.length === 0) {
    return {
      read: (object) => object, fileLeftOut: () => undefined, judged: false, ownArtifact: () => undefined, dirLeftOut: () => undefined, defaultLeftOut: () => undefined,
      sparseDirsMissing: [], ownSources: [], ownAddresses: () => gitRemoteAddresses(root),
      otherRepository: (address, pathHere) => !pathHere && otherRepositoryThan(gitRemoteAddresses(root), address),
    };
  }
  const gitSource = (object: FluxObject) => ((object.sourceKind ?? 'GitRepository') === 'GitRepository' ? object.sourceName ?? 'flux-system' : undefined);
  const addressesOf = (name: string) => sources.flatMap((source) => (source.name === name && source.url ? [source.url] : []));
  // The Kustomizations of each GitRepository name (grouped once, where asked: only where no address decides), and
  // whether one's spec.path says anything of this checkout: written plainly (no ${VARIABLE}, no kustomization that
  // transforms its file) and not the source's root (`.`, which any checkout holds).
  let readersBySource: Map<string, FluxObject[]> | undefined;
  const readersOf = (name: string): readonly FluxObject[] => {
    if (!readersBySource) {
      readersBySource = new Map();
      for (const object of [...written.values()].flat()) {
        const source = object.kind === 'Kustomization' ? gitSource(object) : undefined;
        if (source === undefined) continue;
        const readers = readersBySource.get(source);
        if (readers) readers.push(object);
        else readersBySource.set(source, [object]);
      }
    }
    return readersBySource.get(name) ?? [];
  };
  const belowRoot = (object: FluxObject) => object.path !== undefined && !object.path.includes('${') && cleanedSourcePath(object.path) !== '';
  const pathJudged = (object: FluxObject) => belowRoot(object) && !transformed(object.file);
  // Where a FluxInstance or GitRepository flux-system says which address is this repository's, a Kustomization
  // that applies its own directory speaks for its source only at that address: an upstream project's CRDs at
  // `path: .` hold their own file too (the whole repository is their directory).
  const known = new Set([...syncUrls.map(repositoryAddress), ...addressesOf('flux-system')]);
  // The GitRepositories that Kustomizations applying their own directory sync from.
  // (Where several sync from different addresses and nothing below tells which is this repository, each is taken for
  // it. Two tie-breaks were tried and dropped, each with a review's probe against it: the source most Kustomizations
  // sync from (a fleet with more tenant Kustomizations than its own), and not the source whose Kustomization applies
  // the whole repository (a repository whose own root is at `path: ./`). A real clone's remote decides.)
  const selfApplying = new Set<string>();
  for (const objects of written.values()) {
    for (const object of objects) {
      const source = object.kind === 'Kustomization' && appliesOwnDirectory(object) ? gitSource(object) : undefined;
      if (source !== undefined) selfApplying.add(source);
    }
  }
  // Where nothing says so and those sync from GitRepositories at different addresses (gabe565/home-ops's cluster and
  // cluster-private, one per repository), the checkout says which is this one: a remote of its .git/config, else the
  // directory's name as a clone names it (a trial's probe).
  const selfApplied = new Set([...selfApplying].flatMap(addressesOf));
  if (known.size === 0 && selfApplied.size > 1) {
    const remotes = gitRemoteAddresses(root);
    const byRemote = [...selfApplied].filter((address) => remotes.includes(address));
    const byName = [...selfApplied].filter((address) => remotes.some((remote) => repositoryName(remote) === repositoryName(address))
      || repositoryName(address) === basename(root).toLowerCase());
    // Else the sources whose Kustomizations find a path here, where the others' every path (`.` aside, which any
    // checkout has) is missing: those name another repository's (a trial's probe, samcday/home-cluster: seedbox, with
    // `path: .` and `path: secrets`; its `.` holds the root's file here too). Not one missing path among others found:
    // a typo of this repository's own, path-not-found's to report (a review's probe).
    const pathsMissing = (name: string) => {
      const judged = readersOf(name).filter(pathJudged);
      return judged.length > 0 && judged.every((object) => object.appliesDir === undefined);
    };
    const byPaths = new Set([...selfApplying].filter((name) => !pathsMissing(name)).flatMap(addressesOf));
    const chosen = byRemote.length === 1 ? byRemote : byName.length === 1 ? byName : byPaths.size > 0 && byPaths.size < selfApplied.size ? [...byPaths] : [];
    for (const address of chosen) known.add(address);
  }
  // A checkout whose remote is none of those addresses, nor of their repositories' names, is another repository than
  // theirs: the remote is this one's (a trial's probe, USA-RedDragon/home-cluster-flux: home-cluster-sensitive and
  // home-cluster-secrets at `path: ./`, each taken for this checkout, false build-failed and cycle errors, ~200 objects
  // never installed). A fork's remote keeps the repository's name, and stays this repository.
  if (known.size === 0 && selfApplied.size > 0) {
    const remotes = gitRemoteAddresses(root);
    const named = (address: string) => remotes.includes(address) || remotes.some((remote) => repositoryName(remote) === repositoryName(address));
    if (remotes.length > 0 && ![...selfApplied].some(named)) {
      for (const remote of remotes) known.add(remote);
      // Only a root path (`.`, which any checkout holds) leaves its source to the remote: one whose Kustomization applies,
      // by a path below the root, the very directory its file is in is this repository, whatever its remote is called
      // (a trial's probe, gi8lino/k8s-gitops cloned from a mirror: GitRepository cluster, applying ./cluster/flux
      // from there, was taken for another repository and 19 of its 26 HelmReleases were never read). Where a
      // kustomization of the tree transforms its files too: the path as resolved holds the very file, whatever a
      // patch elsewhere in the tree does (gi8lino's tree has such patches).
      // Only where no Kustomization of another GitRepository finds its path here: where one does (flux-system's, of
      // an address not written), that one is likelier this repository, and a same-named directory of the other's no
      // evidence (a review's probe: home-private's ./clusters/home, over the checkout of home, was read as this one).
      // (Of a source at another address than this one's, by a path below the root: a source at the same address is this
      // repository too, and a path `.` any checkout holds: a second review's probes.)
      const foundHereBelowRoot = (source: string) => readersOf(source).some((object) => object.appliesDir !== undefined && belowRoot(object));
      const sameAddress = (one: string, other: string) => addressesOf(one).some((address) => addressesOf(other).includes(address));
      const otherSources = new Set([...written.values()].flat().flatMap((object) => {
        const source = object.kind === 'Kustomization' ? gitSource(object) : undefined;
        return source === undefined ? [] : [source];
      }));
      for (const source of selfApplying) {
        if ([...otherSources].some((other) => other !== source && !sameAddress(other, source) && foundHereBelowRoot(other))) continue;
        if (readersOf(source).some((object) => appliesOwnDirectory(object) && belowRoot(object))) for (const address of addressesOf(source)) known.add(address);
      }
    }
  }
  // A GitRepository at this address checks out its own spec.ref: where flux-system's GitRepository writes one and this
  // one writes another (a branch of shared manifests, a release tag), its tree is not this checkout (a trial's probe,
  // makkes/flux-mc-control-plane: branch common's paths were judged in main's checkout).
  const bootstrapRefs = new Set(sources.filter((source) => source.name === 'flux-system').map((source) => source.ref));
  const otherRef = (source: SourceIgnore) => bootstrapRefs.size > 0 && !bootstrapRefs.has(undefined) && source.ref !== undefined && !bootstrapRefs.has(source.ref);
  const atOtherRef = (name: string) => sources.some((source) => source.name === name && otherRef(source));
  // A FluxInstance syncs the cluster from this repository: its source is this repository's.
  const selfSources = new Set<string>(syncSources);
  // (A source at an address with a substitution is this repository where its name, written out, is this one's.)
  const knownNames = new Set([...known].map(repositoryName));
  const otherByName = (name: string) => sources.some((source) => source.name === name && source.urlName !== undefined && !knownNames.has(source.urlName));
  for (const source of selfApplying) {
    if (atOtherRef(source)) continue;
    if (known.size === 0 || (addressesOf(source).every((address) => known.has(address)) && !otherByName(source))) selfSources.add(source);
  }
  // An entry of spec.sparseCheckout that the checkout lacks fails the GitRepository itself, before any artifact
  // (source-controller's validateSparseCheckoutPaths: os.Lstat of the entry joined securely to the checkout, so a
  // file counts and `..` stays inside): judged for the sources this repository is synced through.
  const sparseDirsMissing = writtenSources.flatMap((source) => (selfSources.has(source.name) ? source.sparseCheckoutAt ?? [] : [])
    .flatMap((entry) => {
      const found = inCheckout(root, entry.dir, source.sparseCheckout ?? []);
      return found === true ? [] : [{ source: source.name, dir: entry.dir, location: entry.location, ...(found ? { resolvesTo: found.resolvesTo } : {}) }];
    }));
  // The GitRepositories known to be this repository, by name: those it is synced through, and those at an address
  // known to be its own (kustomization/path-not-found judges their Kustomizations' paths, as flux-system's).
  // By name, as everywhere here (a sourceRef's namespace is not read): only where every GitRepository of the name
  // is at such an address (flux-system/apps here and team-a/apps another repository: neither; a review's probe).
  const atOwnAddress = (name: string) => {
    const named = sources.filter((source) => source.name === name);
    return named.length > 0 && named.every((source) => source.url !== undefined && known.has(source.url) && !otherRef(source));
  };
  const ownSources = [...new Set([...selfSources, ...sources.map((source) => source.name).filter(atOwnAddress)])]
    .filter((name) => name !== 'flux-system').sort();
  const ownNames = new Set(['flux-system', ...selfSources]);
  const ownAddresses = new Set([...known, ...[...selfSources].flatMap(addressesOf)]);
  const ownNamesOfRepository = new Set([...ownAddresses].map(repositoryName));
  // Where nothing says this repository's address: a GitRepository at a written address none of whose Kustomizations
  // finds its spec.path here is another repository (a trial's probe, ToaHartor/maisonneux under a FluxInstance whose
  // sync.url is a variable: Kustomization gateway-api-crds of kubernetes-sigs/gateway-api "applied none", nothing said
  // it was not read, and a warning on what depends on it was stated as fact). A path here still makes it this one.
  // (Every one of them: one at `.` makes it this one, where pathsMissing above, choosing among self-applying sources, sets
  // those aside.)
  const pathsNotHere = (name: string) => {
    const readers = readersOf(name);
    return readers.length > 0 && readers.every((object) => object.appliesDir === undefined && pathJudged(object));
  };
  // On a host whose addresses are owner/name (GitHub, GitLab, Bitbucket, Codeberg), one repository of this name of
  // another owner than every address of this repository there is another repository (a trial's probe: nicolerenee/
  // infra's GitRepository of freckleapps/infra was read from this checkout, and gave 15 false namespace-mismatch
  // errors). One repository's many addresses elsewhere (Azure DevOps's forms) are still told apart by name only.
  const otherOwner = (address: string) => otherOwnerThan([...ownAddresses], address);
  // (Asked for each Kustomization read: answered once a name.)
  const foreignByName = new Map<string, boolean>();
  const isForeign = (name: string) => {
    let foreign = foreignByName.get(name);
    if (foreign === undefined) foreignByName.set(name, foreign = foreignSource(name));
    return foreign;
  };
  const foreignSource = (name: string) => {
    const named = sources.filter((source) => source.name === name);
    if (ownNames.has(name) || named.length === 0) return false;
    if (ownAddresses.size === 0) return named.every((source) => source.url !== undefined) && pathsNotHere(name);
    return named.every((source) => otherRef(source) || (source.url !== undefined
      ? !ownAddresses.has(source.url) && (!ownNamesOfRepository.has(repositoryName(source.url)) || otherOwner(source.url))
      : source.urlName !== undefined && !ownNamesOfRepository.has(source.urlName)));
  };
  // Another ref of this very repository (its paths are this repository's, at that ref): every GitRepository of the name
  // at an address of this repository, at another ref (a review's probe: podinfo's own repository at a tag was told
  // "another branch or tag of this repository").
  const atOwnAddressOtherRef = (name: string) => {
    const named = sources.filter((source) => source.name === name);
    return named.length > 0 && named.every((source) => otherRef(source) && source.url !== undefined
      && (ownAddresses.has(source.url) || ownNamesOfRepository.has(repositoryName(source.url))));
  };
  const matchPart = repositoryIgnores.length > 0 || sources.some((source) => source.patterns !== undefined) ? await partMatcher() : undefined;
  // The directories each GitRepository of a name checks out (spec.sparseCheckout), where every one of that name
  // checks out some and the repository is synced through it (as for the patterns); else undefined.
  const sparseCheckouts = (source: string): (readonly string[])[] | undefined => {
    if (!selfSources.has(source)) return undefined;
    const named = sources.filter((candidate) => candidate.name === source).map((candidate) => candidate.sparseCheckout);
    return named.length === 0 || named.some((dirs) => dirs === undefined) ? undefined : (named as string[][]);
  };
  const sparselyRead = sources.some((source) => source.sparseCheckout !== undefined);
  // The .sourceignore files a GitRepository's artifact is made with: those its checkout holds (source-controller
  // reads them from the checked-out directory; a sparse checkout holds no file at the root, so not the root's).
  const ignoresOf = (candidate: SourceIgnore) => (candidate.sparseCheckout === undefined ? repositoryIgnores
    : repositoryIgnores.filter((pattern) => pattern.origin === undefined || inSparseCheckout(candidate.sparseCheckout!, pattern.origin)));
  // Whether a directory (from the root) is in a sparse checkout of `dirs`: a listed prefix covers it (`apps` covers
  // apps/x, and as text apps-old/ too), or a deeper one holds a file below it. (By prefix: a scan of the files per
  // Kustomization made a repository of 6,000 of them eight times slower, a review's probe.)
  const filesFromRoot = new Map<string, boolean>();
  let relativeFiles: string[] | undefined;
  const holdsFileStartingWith = (prefix: string) => {
    let known = filesFromRoot.get(prefix);
    if (known === undefined) {
      relativeFiles ??= yamlFiles.map((file) => displayPath(root, file));
      filesFromRoot.set(prefix, known = relativeFiles.some((file) => file.startsWith(prefix)));
    }
    return known;
  };
  const dirInSparseCheckout = (dirs: readonly string[], dir: string) =>
    dirs.some((prefix) => `${dir}/`.startsWith(prefix) || (prefix.startsWith(`${dir}/`) && holdsFileStartingWith(prefix)));
  // The patterns of the artifact each GitRepository of a name makes of this repository: the .sourceignore files',
  // then its own spec.ignore. Judged only for a source this repository is synced through, and only where every
  // GitRepository of that name leaves something out (undefined: one of them keeps everything, or none is written).
  const artifactPatterns = (source: string): IgnorePattern[][] | undefined => {
    if (!matchPart || !selfSources.has(source)) return undefined;
    const named = sources.filter((candidate) => candidate.name === source).map((candidate) => {
      const ignores = ignoresOf(candidate);
      return ignores.length === 0 ? candidate.patterns : [...ignores, ...(candidate.patterns ?? [])];
    });
    return named.length === 0 || named.some((patterns) => patterns === undefined) ? undefined : (named as IgnorePattern[][]);
  };
  const leftOutBy = (object: FluxObject, source: string): ArtifactGap | undefined => {
    const path = object.appliesDir === undefined ? '.' : displayPath(root, object.appliesDir);
    if (path === '.') return undefined;
    // A sparse checkout holds a directory where it holds a file below it (the root always: the artifact's own).
    const sparse = sparseCheckouts(source);
    if (sparse !== undefined && sparse.every((dirs) => !dirInSparseCheckout(dirs, path))) return { source, sparseCheckout: sparse[0]! };
    const named = artifactPatterns(source);
    if (named === undefined) return undefined;
    // source-controller walks into an ignored directory all the same, and keeps each file below it that a later
    // pattern brings back (`/*` then `!/kubernetes/**/*.yaml`): the directory is in the artifact when a file is.
    // (The files below are looked at only for a directory the patterns match: most are kept, and cost nothing.)
    if (!named.every((patterns) => isIgnored(patterns, path, true, matchPart!))) return undefined;
    const below = yamlFiles.filter((file) => isInside(object.appliesDir!, file)).map((file) => displayPath(root, file));
    if (!named.every((patterns) => below.every((file) => isIgnored(patterns, file, false, matchPart!)))) return undefined;
    // Where the pattern that leaves the directory out is written: a .sourceignore file, or the spec.ignore.
    const origin = decidingPattern(named[0]!, path, true, matchPart!)?.origin;
    return { source, ...(origin !== undefined ? { file: origin } : {}) };
  };
  // Whether the artifact a Kustomization applies from leaves out a file below its path (and where the pattern that
  // does is written): source-controller left out what the patterns leave out, so the directory kustomize-controller
  // reads lacks it.
  const fileLeftOut = (parent: FluxObject, file: string): ArtifactGap | undefined => {
    const source = parent.kind === 'Kustomization' ? gitSource(parent) : undefined;
    if (source === undefined) return undefined;
    const path = displayPath(root, file);
    // source-controller checks out sparsely first, then leaves out what the patterns match.
    const sparse = sparseCheckouts(source);
    if (sparse !== undefined && sparse.every((dirs) => !inSparseCheckout(dirs, path))) return { source, sparseCheckout: sparse[0]! };
    const named = artifactPatterns(source);
    if (named === undefined) return undefined;
    if (!named.every((patterns) => isIgnored(patterns, path, false, matchPart!))) return undefined;
    const deciding = decidingPattern(named[0]!, path, false, matchPart!);
    return {
      source: source!, ...(deciding?.origin !== undefined ? { file: deciding.origin, line: deciding.line } : {}), ...(deciding ? { pattern: deciding.written } : {}),
    };
  };
  // One object read once: a built object's link to what was written must reach the very object the map holds.
  const made = new WeakMap<FluxObject, FluxObject>();
  const read = (object: FluxObject): FluxObject => {
    const source = object.kind === 'Kustomization' ? gitSource(object) : undefined;
    if (source === undefined) return object;
    const known = made.get(object);
    if (known) return known;
    const foreign = isForeign(source);
    const leftOut = foreign ? undefined : leftOutBy(object, source);
    let read = object;
    if (foreign) {
      read = { ...ofAnotherRepository(object), ...(atOwnAddressOtherRef(source) ? { otherRefSource: true } : {}), ...(ownAddresses.size === 0 ? { foreignByPath: true as const } : {}) };
    } else if (leftOut !== undefined) {
      const { appliesDir: _dir, components: _components, ...rest } = object;
      read = {
        ...rest, pathLeftOutBy: leftOut!.source, ...(leftOut!.file ? { pathLeftOutIn: leftOut!.file } : {}),
        ...(leftOut!.sparseCheckout ? { pathLeftOutBySparseCheckout: leftOut!.sparseCheckout } : {}),
      };
    }
    made.set(object, read);
    return read;
  };
  // (Only where the repository says which address is its own, or a FluxInstance syncs through the source: a
  // self-applying Kustomization of another repository's GitRepository is otherwise taken for this one.)
  const ownArtifact = (parent: FluxObject) => {
    const source = parent.kind === 'Kustomization' ? gitSource(parent) : undefined;
    return source !== undefined && selfSources.has(source) && (known.size > 0 || syncSources.includes(source)) ? source : undefined;
  };
  const dirLeftOut = (dir: string, source: string) => leftOutBy({ kind: 'Kustomization', appliesDir: dir } as FluxObject, source);
  // Where no pattern at all is written for a source (no .sourceignore, every GitRepository of the name without
  // spec.ignore), source-controller leaves out what its defaults name (fluxcd/pkg's SourceIgnoreFilter: images,
  // archives, CI files, .sops.yaml); a written pattern turns them off. Only a file kustomize reads as data is judged
  // so (a generator's: an icon in a ConfigMap), where none of them holds a Flux object.
  const defaultLeftOut = (parent: FluxObject, file: string): ArtifactGap | undefined => {
    const source = ownArtifact(parent);
    if (source === undefined) return undefined;
    if (sources.some((candidate) => candidate.name === source && ((candidate.patterns?.length ?? 0) > 0 || ignoresOf(candidate).length > 0))) return undefined;
    const pattern = defaultExclusion(displayPath(root, file));
    return pattern === undefined ? undefined : { source, byDefault: true, pattern };
  };
  return {
    read, fileLeftOut, judged: matchPart !== undefined || sparselyRead, ownArtifact, dirLeftOut, defaultLeftOut, sparseDirsMissing, ownSources,
    ownAddresses: () => [...new Set([...ownAddresses, ...gitRemoteAddresses(root)])],
    // (The checkout's remotes count too: a FluxInstance that syncs from an OCI artifact writes no address of this one.)
    otherRepository: (address, pathHere) => (ownAddresses.size > 0 ? otherRepositoryThan([...ownAddresses, ...gitRemoteAddresses(root)], address)
      : !pathHere && otherRepositoryThan(gitRemoteAddresses(root), address)),
  };
}

/**
 * Whether an entry of a GitRepository's spec.sparseCheckout is in the checkout those entries make (`entries`, each
 * less one leading `./`), as source-controller's validateSparseCheckoutPaths finds it: securejoin cleans the entry as
 * if rooted (`..` stays inside) and follows its symbolic links, then lstat; and go-git checked out only the files
 * whose path starts with an entry as text (and so the directories above them). So `/apps` or `../apps` is there only
 * where another entry checks apps out, and a link only where what it points to is checked out (a review's probes).
 */
function inCheckout(root: string, written: string, entries: readonly string[]): true | false | { resolvesTo: string } {
  let path: string;
  try {
    const cleaned = posix.normalize(`/${written.replace(/^\.\//, '')}`);
    path = relative(realpathSync(root), realpathSync(join(root, cleaned))).split(sep).join('/');
  } catch {
    return false;
  }
  if (path === '..' || path.startsWith('../') || isAbsolute(path)) return false;
  if (path === '' || entries.some((entry) => path.startsWith(entry) || entry.startsWith(`${path}/`))) return true;
  // In the repository, under another spelling (`/apps`, `../apps`) or behind a link: the entry to write instead.
  return { resolvesTo: path };
}

/**
 * Whether the root is the top of the repository Flux syncs: a checkout's top (a `.git` there) whose remotes include
 * the address of the bootstrap source, where one is written (GitRepository flux-system, a FluxInstance's sync). A
 * flux-system of another address is another repository, whose paths are not this checkout's (a review's probe).
 */
function rootIsRepositoryTop(root: string, sources: readonly SourceIgnore[], syncs: readonly { url?: string }[]): boolean {
  if (!existsSync(join(root, '.git'))) return false;
  const bootstrap = [...sources.flatMap((source) => (source.name === 'flux-system' && source.url ? [source.url] : [])), ...syncs.flatMap((sync) => (sync.url ? [repositoryAddress(sync.url)] : []))];
  if (bootstrap.length === 0) return true;
  // One repository has several addresses (Azure DevOps's ssh and https forms, a port): by name, as sourcesRead
  // compares them (a review's probe), where no remote is known, this one in doubt.
  const remotes = gitRemoteAddresses(root);
  const name = (address: string) => address.slice(address.lastIndexOf('/') + 1);
  return remotes.length === 0 || bootstrap.some((address) => remotes.some((remote) => remote === address || name(remote) === name(address)));
}

/**
 * The addresses (as repositoryAddress compares them) of the remotes a Git checkout at `root` names in its config:
 * `.git/config`, or the config of the repository a `.git` file points to (a worktree's, a submodule's). None where
 * it is no checkout or the config does not read.
 */
function gitRemoteAddresses(root: string): string[] {
  const configs = [join(root, '.git', 'config')];
  try {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(join(root, '.git'), 'utf8'))?.[1];
    if (pointer) {
      const gitDir = resolve(root, pointer);
      configs.push(join(gitDir, 'config'), join(gitDir, '..', '..', 'config'));
    }
  } catch {
    // .git is a directory, or absent
  }
  for (const config of configs) {
    try {
      // The `url` of each `[remote "..."]` section only (a submodule's is another repository: a review's probe).
      const addresses: string[] = [];
      let inRemote = false;
      for (const line of readFileSync(config, 'utf8').split('\n')) {
        const section = /^\s*\[\s*([^\]\s"]+)/.exec(line);
        if (section) inRemote = section[1]!.toLowerCase() === 'remote';
        const url = inRemote ? /^\s*url\s*=\s*(\S+)\s*$/.exec(line)?.[1] : undefined;
        if (url) addresses.push(repositoryAddress(url));
      }
      return addresses;
    } catch {
      // the next place
    }
  }
  return [];
}

/**
 * The default exclusion of source-controller's that matches a path (from the root), if any: fluxcd/pkg
 * sourceignore's ExcludeExt, ExcludeCI and ExcludeExtra, which apply only where no pattern is written.
 */
function defaultExclusion(path: string): string | undefined {
  const parts = path.split('/');
  const name = parts.at(-1)!;
  const extension = ['*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip'].find((pattern) => name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1);
  if (extension) return extension;
  const ci = ['.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml', 'cloudbuild.yaml', 'codeship-services.yml', 'codeship-steps.yml'].find((file) => name === file);
  if (ci) return ci;
  if (parts.slice(0, -1).some((dir) => dir === '.github' || dir === '.circleci')) return parts.includes('.github') ? '.github/' : '.circleci/';
  const extra = ['.goreleaser.yml', '.sops.yaml', '.flux.yaml'].find((file) => name === file);
  return extra === undefined ? undefined : `**/${extra}`;
}

/** `written` with each object as `read` makes it: the same map where nothing changes. */
function readEach(written: ReadonlyMap<string, FluxObject[]>, read: (object: FluxObject) => FluxObject): ReadonlyMap<string, FluxObject[]> {
  let changed = false;
  const result = new Map<string, FluxObject[]>();
  for (const [file, objects] of written) {
    result.set(file, objects.map((object) => {
      const made = read(object);
      if (made !== object) changed = true;
      return made;
    }));
  }
  return changed ? result : written;
}

/**
 * The Flux version pins that judge a file, one group per cluster that applies it, when every one of those
 * clusters pins its Flux; else one group of all of them. A cluster is a directory that marks one (a root that applies its own directory,
 * or a FluxInstance's sync path); a file is a cluster's where it lies in that directory, or where a Kustomization
 * that the cluster's roots reach applies it. `applied` lists, per applied directory, the files it applies.
 */
function clusterPins(
  result: { objects: readonly FluxObject[]; applies: ReadonlyMap<FluxObject, readonly FluxObject[]>; clusterDirs: readonly string[] },
  pins: readonly FluxVersionPin[],
  applied: readonly { dir: string; files: readonly string[] }[],
  syncPaths: readonly string[],
): (file: string) => FluxVersionPin[][] {
  const clusters = [...new Set([...result.clusterDirs, ...syncPaths])];
  if (clusters.length < 2 || pins.length === 0) return () => [[...pins]];
  const parents = new Map<FluxObject, FluxObject[]>();
  for (const [parent, children] of result.applies) for (const child of children) parents.set(child, [...(parents.get(child) ?? []), parent]);
  const objectClusters = new Map<FluxObject, Set<string>>();
  const clustersOfObject = (object: FluxObject): Set<string> => {
    let found = objectClusters.get(object);
    if (found) return found;
    objectClusters.set(object, found = new Set(clusters.filter((dir) => isInside(dir, object.file)))); // a loop of appliers ends here
    for (const parent of parents.get(object) ?? []) for (const cluster of clustersOfObject(parent)) found.add(cluster);
    return found;
  };
  // The Kustomizations that apply each directory, and so each file.
  const appliersOfDir = appliersByDir(result.objects);
  const appliersOfFile = new Map<string, FluxObject[]>();
  for (const { dir, files } of applied) for (const file of files) appliersOfFile.set(file, [...(appliersOfFile.get(file) ?? []), ...(appliersOfDir.get(dir) ?? [])]);
  const clustersOfFile = (file: string): Set<string> => {
    const found = new Set(clusters.filter((dir) => isInside(dir, file)));
    for (const applier of appliersOfFile.get(file) ?? []) for (const cluster of clustersOfObject(applier)) found.add(cluster);
    return found;
  };
  const pinned = new Map<string, FluxVersionPin[]>(clusters.map((cluster) => [cluster, pins.filter((pin) => clustersOfFile(pin.location.file).has(cluster))]));
  return (file) => {
    const here = [...clustersOfFile(file)];
    if (here.length === 0 || here.some((cluster) => pinned.get(cluster)!.length === 0)) return [[...pins]];
    return here.sort().map((cluster) => pinned.get(cluster)!);
  };
}

/** The rules whose error means the API server refuses the object (no such version or kind served, a field its CRD does not declare). */
const REJECTED_BY_THE_CLUSTER: ReadonlySet<string> = new Set(['api/removed-version', 'api/unknown-version', 'api/unknown-kind', 'dependsOn/unknown-key']);

const FLUX_KINDS_PATCHED = new Set(Object.keys(FLUX_API_GROUPS));
const FLUX_GROUPS_PATCHED = new Set(Object.values(FLUX_API_GROUPS));

/**
 * The spec.patches of a Flux Kustomization that may change a Flux object it applies: those whose target names a
 * Flux kind or API group, or selects by name or label alone, and those without a target whose patch names a Flux
 * kind. A patch of a Deployment's replicas changes nothing this tool reads, and costs no build.
 */
function fluxObjectPatches(object: FluxObject, patchesReplaced: boolean, helmReleaseTimeouts: boolean, helmReleaseIntervals = false): NonNullable<FluxObject['patches']> {
  if (!object.patches) return [];
  // Asked for by the build's key, the build and the skip count, of every copy of the object (copies share the list,
  // and a list belongs to one scan, where patchesReplaced does not change).
  const cache = helmReleaseIntervals ? selectedPatchesWithIntervals : helmReleaseTimeouts ? selectedPatches : selectedPatchesUntimed;
  let selected = cache.get(object.patches);
  if (!selected) {
    // A ResourceSet is read whole (its inputs and templates): a patch that may select one counts, whatever it sets.
    const counts = (patch: string, target?: { kind?: string; group?: string }) =>
      patchSetsAuditedField(patch, patchesReplaced, { helmReleaseTimeouts, ...(helmReleaseIntervals ? { helmReleaseIntervals } : {}), ...(target ? { target } : {}) });
    cache.set(object.patches, selected = object.patches.filter(({ patch, target }) => {
      // kustomize reads a target's kind and group as regular expressions (`HelmRelease|Kustomization`).
      if (target?.kind !== undefined) return selects(target.kind, FLUX_KINDS_PATCHED) && (selects(target.kind, RESOURCE_SET_KIND) || counts(patch, target));
      if (target?.group !== undefined) return selects(target.group, FLUX_GROUPS_PATCHED) && (selects(target.group, RESOURCE_SET_GROUP) || counts(patch, target));
      // By name or labels alone: any kind, a ResourceSet's fields judged with the others'.
      if (target !== undefined) return counts(patch, {});
      const kind = /^\s*kind:\s*["']?(HelmRelease|Kustomization|ResourceSet)["']?\s*$/m.exec(patch)?.[1];
      return kind === 'ResourceSet' || (kind !== undefined && counts(patch));
    }));
  }
  return selected;
}

const RESOURCE_SET_KIND = new Set(['ResourceSet']);
const RESOURCE_SET_GROUP = new Set([FLUX_API_GROUPS.ResourceSet]);

const selectedPatches = new WeakMap<NonNullable<FluxObject['patches']>, NonNullable<FluxObject['patches']>>();
const selectedPatchesUntimed = new WeakMap<NonNullable<FluxObject['patches']>, NonNullable<FluxObject['patches']>>();
const selectedPatchesWithIntervals = new WeakMap<NonNullable<FluxObject['patches']>, NonNullable<FluxObject['patches']>>();


/**
 * What the scan reports: nothing located in a path left out (--exclude: read, not judged), and, when
 * something kept the audit from running (an input error), only the input findings: a file's api/* or
 * dependsOn/unknown-key finding waits for the run that can judge it.
 */
function reportedFindings(findings: Finding[], root: string, leftOut: ScanOptions['leftOut']): Finding[] {
  // The same finding twice (one base built for two overlays: two builds that each say kustomize is missing) is one line.
  const seen = new Set<string>();
  const once = findings.filter((finding) => {
    const key = JSON.stringify([finding.rule, finding.severity, finding.location, finding.message, finding.fix, finding.hr, finding.dependency, finding.object]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const kept = leftOut
    ? once.filter((finding) => !(finding.location && isInside(root, finding.location.file) && leftOut(relative(root, finding.location.file).split(sep).join('/'))))
    : once;
  const blocked = kept.some((finding) => finding.rule.startsWith('input/') && finding.severity === 'error');
  return blocked ? kept.filter((finding) => finding.rule.startsWith('input/')) : kept;
}

interface AppliedInput extends BuildInput {
  /** The working directory: a file named in a message is named from there, as every location is. */
  cwd: string;
  namespaceOf: ReadonlyMap<string, string | undefined>;
  /** The OCIRepositories written here, by name, with their spec.url. */
  ociSources: readonly { name: string; url: string }[];
  /** The ResourceSetInputProviders written here (resource-set.ts's StaticInputProvider). */
  inputProviders: readonly StaticInputProvider[];
  /** YAML files that hold no Kubernetes object (no `kind` at all: a Helm values file), as read. */
  notObjects: ReadonlySet<string>;
  skips: SkipCounter;
  /** Directories a FluxInstance of the repository syncs (`spec.sync.path`): entry points, like a root Kustomization. */
  syncPaths: string[];
  /** The GitRepositories written here: name, address and `spec.ignore`. */
  sourceIgnores: readonly SourceIgnore[];
  /** The patterns of the repository's `.sourceignore` files, for the GitRepositories this repository is synced through. */
  repositoryIgnores: readonly IgnorePattern[];
  /** What the FluxInstances written here sync: their addresses are this repository's, their GitRepositories (no spec.ignore) its own. */
  syncs: readonly InputSync[];
  helmReleaseTimeouts: NonNullable<ScanOptions['helmReleaseTimeouts']>;
  /** The values a Kustomization's postBuild.substituteFrom is known to give here (substitute-from.ts). */
  substituteFromValues: (object: FluxObject) => KnownSubstitution | undefined;
  /** Filled by the visit: the ids of the Kustomizations whose build reads each kustomization file. */
  treeBuilders: Map<string, Set<string>>;
  /** Filled by the visit: the copies of those Kustomizations, by kustomization file (FluxRepository.buildFailures' readBy). */
  treeReaders: Map<string, Set<FluxObject>>;
}

/** A FluxInstance's sync as read (see fluxInstanceSync), with where its path is written and the file of what writes it. */
type InputSync = InstanceSync & { location?: Location; ownerFile?: string };

type SourceIgnore = Omit<NonNullable<ReturnType<typeof gitRepositoryIgnoreOf>>, 'sparseCheckoutWritten'> & {
  /** Each spec.sparseCheckout entry as written, located (where `sparseCheckout` is read). */
  sparseCheckoutAt?: { dir: string; location: Location }[];
  /** The file the GitRepository is written in. */
  file?: string;
};

/** The branch this checkout is on (`branch:NAME`, as checkedOutRef writes a ref), from .git's HEAD; undefined detached or without .git. */
function checkoutBranch(root: string): string | undefined {
  let gitDir = join(root, '.git');
  try {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(gitDir, 'utf8'))?.[1];
    if (pointer) gitDir = resolve(root, pointer);
  } catch {
    // .git is a directory, or absent
  }
  try {
    const branch = /^ref:\s*refs\/heads\/(\S+)\s*$/.exec(readFileSync(join(gitDir, 'HEAD'), 'utf8'))?.[1];
    return branch === undefined ? undefined : `branch:${branch}`;
  } catch {
    return undefined;
  }
}

/**
 * The objects Flux applies, as it applies them. Starting from the root
 * Kustomizations (those no other Kustomization applies), each Kustomization's
 * spec.path is read the way kustomize-controller builds it: a kustomization
 * tree that renames or patches Flux objects is built by the real kustomize,
 * any other is read as written with its namespace: and the Kustomization's
 * targetNamespace. One file applied by two overlays can so give two objects
 * (another namespace, another name). Objects no Kustomization here applies are
 * left out, counted, when the repository shows how it is applied; else (no
 * Flux Kustomization, or one whose path is not known offline) all are kept.
 */
async function appliedObjects(input: AppliedInput): Promise<{
  objects: FluxObject[]; applies: Map<FluxObject, FluxObject[]>; pruned: boolean; openKinds: FluxRepository['openKinds'];
  createdObjects: ReadonlyMap<string, readonly FluxObject[]>; disabledGenerated: NonNullable<FluxRepository['disabledGenerated']>;
  entryDirs: string[]; clusterDirs: string[];
  leftOut: NonNullable<FluxRepository['leftOut']>; resourcesLeftOut: ResourceLeftOut[]; syncPathsLeftOut: NonNullable<FluxRepository['syncPathsLeftOut']>;
  sparseCheckoutMissing: NonNullable<FluxRepository['sparseCheckoutMissing']>;
  ownSources: string[];
  /** The spec.patches of a Kustomization that joined the build of what it applies (none: not built for them). */
  patchesBuilt: (parent: FluxObject) => NonNullable<FluxObject['patches']>;
  /** What writes a sync that Flux never deploys from here (see the end of appliedObjects): it makes no Kustomization. */
  neverDeployedSyncs: ReadonlySet<string>;
  /** Whether the artifact a Kustomization builds from holds the file (its .sourceignore, spec.ignore, default exclusions). */
  inArtifact: (parent: FluxObject, path: string) => boolean;
}> {
  const { trees, specOf } = input;
  // A parent's patch that sets a child's spec.patches replaces them: it counts where some Kustomization has its own that count.
  const patchesReplaced = ownPatchesCount(input.written);
  const syncUrls = input.syncs.flatMap((sync) => (sync.url ? [sync.url] : []));
  const syncSources = input.syncs.flatMap((sync) => (sync.sourceName ? [sync.sourceName] : []));
  // Whether a tree's kustomizations transform what they list (patches, components, replacements...).
  const transforms = (tree: ScannedTree | undefined) => (tree?.kustomizations ?? []).some((kustomization) => kustomization.transformations.length > 0);
  // The files of such trees (asked for only where no address is known).
  let transformedSet: Set<string> | undefined;
  const transformedFiles = () => (transformedSet ??= new Set([...trees.values()].filter(transforms).flatMap((tree) => tree.files.map((file) => file.path))));
  const { read: readSource, fileLeftOut, judged: artifactsJudged, ownArtifact, dirLeftOut, defaultLeftOut, sparseDirsMissing, ownSources, ownAddresses, otherRepository } = await sourcesRead(input.written, input.sourceIgnores, input.repositoryIgnores, syncUrls, syncSources, input.root, input.yamlFiles,
    (file) => transformedFiles().has(file));
  const written = readEach(input.written, readSource);
  const allFiles = [...written.keys()];
  const instances = new Map<string, FluxObject>();
  const writtenOf = new WeakMap<FluxObject, FluxObject>();
  const made = new WeakSet<FluxObject>();
  const instance = (object: FluxObject, namespace: string | undefined, changes?: Partial<FluxObject>): FluxObject => {
    // An instance asked for again as it is: itself (the usual case, and the hot one on a large repository).
    if (changes === undefined && namespace === object.namespace && made.has(object)) return object;
    const { namespace: _written, ...rest } = changes ? { ...object, ...changes } : object;
    const copy: FluxObject = { ...rest, ...(namespace ? { namespace } : {}) };
    // Health checks that name only the Kustomization itself are dropped by its namespace as applied (a review's probe).
    if (copy.selfHealthChecks && namespace !== object.namespace) copy.healthChecks = selfChecksAnything(copy.selfHealthChecks, namespace);
    // Two overlays that give one source object different values are two objects: every field the audit reads is in the key.
    const key = `${copy.file}\u0000${copy.location.line}:${copy.location.column}\u0000${copy.kind}\u0000${namespace ?? ''}\u0000${copy.name}\u0000${dependsOnKey(copy)}\u0000${changes ? specKey(copy) : cachedSpecKey(object)}`;
    const known = instances.get(key);
    if (known) return known;
    instances.set(key, copy);
    made.add(copy);
    writtenOf.set(copy, writtenOf.get(object) ?? object);
    if (copy.kind === 'ResourceSet') specOf.set(copy, specOf.get(object) ?? null);
    return copy;
  };
  // A base shared by several overlays is in each of their trees: its problems are reported once.
  const reportedTrees = new Set<string>();
  const treeBuilders = input.treeBuilders;
  const reportedFindings = new Set<string>();
  // `atPath`: the tree is a Flux Kustomization's spec.path, whose own kustomization fluxcd/pkg's generator reads into
  // kustomize's type and writes again (kustomize-generator GenerateManifest): a field it does not know is dropped
  // there, not refused, and a file of comments alone builds. Below it, and in a component, kustomize refuses both.
  const reportTree = (dir: string, atPath = false, by?: FluxObject) => {
    const tree = trees.get(dir);
    // Which Kustomizations build each tree: a failure in it is theirs (kustomization/build-failed's object).
    if (tree && by) {
      for (const kustomization of tree.kustomizations) {
        treeBuilders.set(kustomization.path, (treeBuilders.get(kustomization.path) ?? new Set()).add(fluxObjectId(by)));
        input.treeReaders.set(kustomization.path, (input.treeReaders.get(kustomization.path) ?? new Set()).add(by));
      }
    }
    const key = `${dir}\u0000${atPath}`;
    if (!tree || reportedTrees.has(key)) return;
    reportedTrees.add(key);
    const top = tree.kustomizations[0]?.path;
    tree.kustomizations.forEach((kustomization, index) => {
      if (!kustomization.noDocument || (atPath && index === 0)) return;
      input.findings.push(buildFailed({ file: kustomization.path, line: null, column: null },
        `${displayPath(input.cwd, kustomization.path)} holds nothing but comments: kustomize build fails ("kustomization.yaml is empty") where another kustomization takes it in`,
        'write its resources: list, or remove the entry that takes it in'));
    });
    for (const finding of tree.findings) {
      if (atPath && finding.location?.file === top && finding.message.startsWith('unknown field ')) {
        input.skips.add('fields of a spec.path kustomization that kustomize does not know (Flux\'s generator drops them: what they meant is not applied)', top!);
        continue;
      }
      const key = `${finding.rule}\u0000${finding.location?.file}:${finding.location?.line}:${finding.location?.column}\u0000${finding.message}`;
      if (reportedFindings.has(key)) continue;
      reportedFindings.add(key);
      // What kustomize refuses in a kustomization read here (an unknown field, an entry that is not there) fails the
      // build of the Kustomization that reaches it, and only that one.
      input.findings.push(asBuildFailure(finding));
    }
  };

  const byTarget = new Map<string, Promise<FluxObject[]>>();
  // Entries of the kustomizations a Kustomization builds that the artifact it builds from leaves out: by where they
  // are written and the file left out.
  const resourcesLeftOut = new Map<string, ResourceLeftOut>();
  // Every kustomization read, by its directory: a `resources:` directory, a component, a tree's top.
  let kustomizationsByDir: Map<string, Kustomization> | undefined;
  const kustomizationIn = (dir: string): Kustomization | undefined => {
    if (!kustomizationsByDir) {
      kustomizationsByDir = new Map();
      for (const tree of trees.values()) {
        for (const kustomization of tree.kustomizations) if (!kustomizationsByDir.has(dirname(kustomization.path))) kustomizationsByDir.set(dirname(kustomization.path), kustomization);
      }
    }
    return kustomizationsByDir.get(dir);
  };
  // Whether a component directory or a patch file is itself a symbolic link (few of them: an lstat each, once).
  const links = new Map<string, boolean>();
  const isLink = (path: string) => {
    let link = links.get(path);
    if (link === undefined) links.set(path, link = isSymbolicLink(path));
    return link;
  };
  // Whether a file read as data (a generator's, a patch file) is a link or lies below a linked directory inside the
  // repository: source-controller archives neither, nor anything below a linked directory (a review's probe:
  // `files: [shared/config.txt]` through apps/one/shared -> ../../shared).
  const linkOnTheWay = (path: string): string | undefined => {
    if (!isInside(input.root, path) || path === input.root) return undefined;
    return isLink(path) ? path : linkOnTheWay(dirname(path));
  };
  const noteResourcesLeftOut = (parent: FluxObject & { appliesDir: string }, components: readonly string[]) => {
    // source-controller archives regular files and directories only: a listed symbolic link is not in the artifact.
    const linkSource = ownArtifact(parent);
    if (!artifactsJudged && linkSource === undefined) return;
    const seen = new Set<string>();
    // Whether the artifact leaves `file` out: then the build fails at this entry (recorded once per place and Kustomization).
    const leftOut = (field: string, entry: string, location: Location, file: string, directory: boolean, link: boolean | string | undefined = false, data = false): boolean => {
      const gap: ArtifactGap | undefined = link && linkSource !== undefined ? { source: linkSource } : fileLeftOut(parent, file) ?? (data ? defaultLeftOut(parent, file) : undefined);
      if (!gap) return false;
      const at = `${location.file}:${location.line}:${location.column}\u0000${file}`;
      const known = resourcesLeftOut.get(at);
      if (known) {
        if (!known.appliedBy.includes(parent)) known.appliedBy.push(parent);
        return true;
      }
      resourcesLeftOut.set(at, {
        field, entry, location, path: file, ...(directory ? { directory: true as const } : {}), ...(link && linkSource !== undefined ? { link: true as const } : {}), source: gap.source,
        ...(typeof link === 'string' && link !== file && linkSource !== undefined ? { linkedDirectory: link } : {}),
        ...(gap.byDefault ? { byDefault: true as const } : {}),
        ...(gap.file !== undefined ? { ignoreFile: gap.file } : {}), ...(gap.line !== undefined ? { ignoreLine: gap.line } : {}),
        ...(gap.pattern !== undefined ? { pattern: gap.pattern } : {}), ...(gap.sparseCheckout ? { sparseCheckout: gap.sparseCheckout } : {}), appliedBy: [parent],
      });
      return true;
    };
    // What kustomize reads from a kustomization: its resources (a directory through its kustomization file), its
    // components, its patch files and the files its generators read. Below an entry the artifact leaves out, nothing is read.
    const judge = (kustomization: Kustomization) => {
      if (seen.has(kustomization.path)) return;
      seen.add(kustomization.path);
      const dir = dirname(kustomization.path);
      // A generator's file (a ConfigMap's values, an icon) that the artifact lacks: kustomize's build fails to load it.
      for (const source of kustomization.generatorSources ?? []) {
        leftOut(source.field, source.entry, source.location, source.path, false, linkSource !== undefined && linkOnTheWay(source.path), true);
      }
      for (const resource of kustomization.resources) {
        if (!resource.path || !resource.exists) continue;
        if (!resource.directory) {
          leftOut('resources', resource.entry, resource.location, resource.path, false, resource.link);
          continue;
        }
        const nested = kustomizationIn(resource.path);
        // A linked directory: walked through by kustomize here, absent from the artifact.
        if (resource.link && leftOut('resources', resource.entry, resource.location, resource.path, true, true)) continue;
        if (nested && !leftOut('resources', resource.entry, resource.location, nested.path, true)) judge(nested);
      }
      for (const transformation of kustomization.transformations) {
        for (const component of transformation.directories ?? []) {
          const nested = kustomizationIn(component);
          const entry = relative(dir, component) || '.';
          if (linkSource !== undefined && isLink(component) && leftOut(transformation.field, entry, transformation.location, component, true, true)) continue;
          if (nested && !leftOut(transformation.field, entry, transformation.location, nested.path, true)) judge(nested);
        }
        for (const patch of transformation.patches ?? []) {
          if (patch.file) leftOut(transformation.field, relative(dir, patch.file), transformation.location, patch.file, false, linkSource !== undefined && linkOnTheWay(patch.file));
        }
      }
    };
    // The units the generator takes from the artifact (a kustomization file it leaves out is not read: kustomize-controller
    // generates one from what the artifact holds there, and takes each directory below whose file is there).
    for (const treeDir of partsInArtifact(parent, parent.appliesDir).trees) {
      const top = kustomizationIn(treeDir);
      if (top) judge(top);
    }
    // spec.components join the build of spec.path.
    for (const [index, component] of components.entries()) {
      const nested = kustomizationIn(component);
      const entry = parent.componentEntries?.[index] ?? relative(parent.appliesDir, component);
      const at = parent.componentsLocation ?? parent.location;
      if (linkSource !== undefined && isLink(component) && leftOut('spec.components', entry, at, component, true, true)) continue;
      if (nested && !leftOut('spec.components', entry, at, nested.path, true)) judge(nested);
    }
  };
  const appliedBy = (parent: FluxObject & { appliesDir: string }): Promise<FluxObject[]> => {
    const components = parent.components ?? [];
    noteResourcesLeftOut(parent, components);
    const key = [parent.appliesDir, parent.targetNamespace ?? '', parent.namePrefix ?? '', parent.nameSuffix ?? '', JSON.stringify(substitution(parent)), parent.substituteFrom ? 'from' : '', JSON.stringify(patchesBuilt(parent)), ...components].join('\u0000');
    let result = byTarget.get(key);
    if (!result) {
      byTarget.set(key, result = applyDirectory(parent, parent.appliesDir, parent.targetNamespace, components)
        .then((objects) => (parent.substitute || parent.substituteFrom ? objects.map((object) => substituted(object, parent)) : objects)));
    }
    return result;
  };
  // postBuild: kustomize-controller substitutes ${VAR} in everything the Kustomization applies, the
  // spec of the Kustomizations it applies included (their substitute values, their path).
  // Its substitute values over those its substituteFrom is known to give here.
  const substitution = (parent: FluxObject): Record<string, string> => {
    const known = input.substituteFromValues(parent)?.values;
    return known ? { ...known, ...parent.substitute } : parent.substitute ?? {};
  };
  const substituted = (object: FluxObject, parent: FluxObject): FluxObject => {
    if (object.substituteDisabled) return object;
    const values = substitution(parent);
    // Whence the value of each variable an item holds: said where the name it makes is judged (a trial's probe: a
    // typo in one cluster's ConfigMap was blamed on the shared file that holds `${DB}`).
    const fromConfigMaps = input.substituteFromValues(parent)?.fileOf ?? {};
    const substitutedBy = (written: string): NonNullable<FluxDependency['substitutedBy']> => {
      const valueFiles: Record<string, string> = {};
      // A variable no file sets is absent: the note says it is unset.
      for (const variable of variablesIn(written)) {
        const file = parent.substitute?.[variable] !== undefined ? parent.file : fromConfigMaps[variable];
        if (file !== undefined) valueFiles[variable] = file;
      }
      return { kind: parent.kind, ...(parent.namespace === undefined ? {} : { namespace: parent.namespace }), name: parent.name, file: parent.file, valueFiles };
    };
    const replace = (text: string) => substituteVariables(text, values, Boolean(parent.substituteFrom));
    const name = replace(object.name);
    const namespace = object.namespace === undefined ? undefined : replace(object.namespace);
    // A dependsOn item, where every value is known (no substituteFrom), as Flux gives it: an unset variable empty, and
    // what `${` is left (an escaped `$${`, a value's own) is text, the name as it reaches the controller (`literal`).
    const complete = !parent.substituteFrom;
    const replaceItem = (text: string) => substituteVariables(text, values, !complete, true);
    const dependsOn = object.dependsOn.map((dependency) => {
      const dependencyName = replaceItem(dependency.name);
      const dependencyNamespace = dependency.namespace === undefined ? undefined : replaceItem(dependency.namespace);
      if (dependencyName === dependency.name && dependencyNamespace === dependency.namespace) return dependency;
      // (Not where the item holds a form this reading does not know, `${APP,,}`, `${X:0:2}`: it stays a variable.)
      const literal = complete && (dependencyName.includes('${') || dependencyNamespace?.includes('${'))
        && !hasUnknownVariableForm(dependency.name) && !hasUnknownVariableForm(dependency.namespace ?? '');
      // (The name as written, and whence its values, only where the name changed: a namespace alone substituted is no
      // name "written" otherwise, a review's probe.)
      return {
        ...dependency, name: dependencyName, ...(dependencyNamespace === undefined ? {} : { namespace: dependencyNamespace }),
        ...(dependencyName === dependency.name ? {} : { written: dependency.name, substitutedBy: substitutedBy(dependency.name) }), ...(literal ? { literal: true as const } : {}),
      };
    });
    // A ResourceSet's whole text is substituted before flux-operator renders it (its inputs, its templates): what it
    // generates is substituted with the same values, kept on it (a trial's probe: an input "${ENV}").
    if (object.kind === 'ResourceSet') {
      return instance(object, namespace, { name, dependsOn, substitute: { ...values }, ...(parent.substituteFrom ? { substituteFrom: true } : {}) });
    }
    const substitute = object.substitute ? Object.fromEntries(Object.entries(object.substitute).map(([key, value]) => [key, replace(value)])) : undefined;
    const path = object.path === undefined ? undefined : replace(object.path);
    const appliesDir = path !== undefined && path !== object.path && !path.includes('${') && object.kind === 'Kustomization'
      && isOwnSource(object) ? resolveSourcePath(input.root, object.file, path, object.sourceKind, input.directories) : object.appliesDir;
    const targetNamespace = object.targetNamespace === undefined ? undefined : replace(object.targetNamespace);
    const namePrefix = object.namePrefix === undefined ? undefined : replace(object.namePrefix);
    const nameSuffix = object.nameSuffix === undefined ? undefined : replace(object.nameSuffix);
    const components = appliesDir && object.componentEntries ? object.componentEntries.map((entry) => resolve(appliesDir, replace(entry))) : object.components;
    // The kubeconfig a postBuild variable names (`${CLUSTER}-kubeconfig`): which cluster it reaches (a review's probe).
    const remote = object.remote === undefined ? undefined : replace(object.remote);
    const unchanged = name === object.name && namespace === object.namespace && path === object.path && targetNamespace === object.targetNamespace
      && namePrefix === object.namePrefix && nameSuffix === object.nameSuffix && remote === object.remote
      && dependsOn.every((dependency, index) => dependency === object.dependsOn[index])
      && JSON.stringify(substitute) === JSON.stringify(object.substitute) && JSON.stringify(components) === JSON.stringify(object.components);
    if (unchanged) return object;
    return instance(object, namespace, {
      name, dependsOn,
      ...(substitute ? { substitute } : {}),
      ...(path !== undefined ? { path } : {}),
      ...(appliesDir ? { appliesDir } : {}),
      ...(targetNamespace !== undefined ? { targetNamespace } : {}),
      ...(namePrefix !== undefined ? { namePrefix } : {}),
      ...(nameSuffix !== undefined ? { nameSuffix } : {}),
      ...(components ? { components } : {}),
      ...(remote !== undefined ? { remote } : {}),
    });
  };
  const builds = new Map<string, Promise<FluxObject[] | undefined>>();
  const build = (dir: string, components: readonly string[], patches?: { patches: NonNullable<FluxObject['patches']>; at: Location }, optional?: string) => {
    const key = [dir, JSON.stringify(patches?.patches ?? []), optional ?? '', ...components].join('\u0000');
    let built = builds.get(key);
    if (!built) {
      // What a build gives is read for its source as a written object is, and keeps its link to what was written.
      builds.set(key, built = builtTree(dir, components, input, writtenOf, patches, optional).then((objects) => objects?.map((object) => {
        const read = readSource(object);
        const source = writtenOf.get(object);
        if (source) writtenOf.set(read, readSource(source));
        return read;
      })));
    }
    return built;
  };
  // `over`: a namespace set over every object's (a Kustomization's targetNamespace), given here so that each object
  // is copied once, not once for the kustomization's namespace and again for it.
  const staticObjects = (treeDir: string, over?: string) => (trees.get(treeDir)?.files ?? []).flatMap(({ path, namespace }) =>
    (written.get(path) ?? []).map((object) => instance(object, over ?? namespace ?? object.namespace)));
  // spec.components are applied to spec.path's objects, which as a rule hold a Flux object: a component patch
  // that names no kind (a name, a label selector) may change one.
  const componentChanges = componentTouchesFlux(trees, written, true).judge;
  // What a Kustomization applies from a directory, as the artifact holds it: a kustomization file the artifact leaves
  // out is not there, so kustomize-controller's generator takes that directory's files instead (a `docs/` that a
  // .sourceignore leaves out whole, kustomization and all, gives nothing). Kustomizations nested below such a
  // directory are read with it, as files (not modelled further).
  const partsInArtifact = (parent: FluxObject, dir: string): { loose: readonly string[]; trees: readonly string[] } =>
    appliedParts(dir, treesInArtifact(parent), allFiles);
  // The directories whose kustomization file the artifact a Kustomization builds from holds: the units the generator
  // takes whole (one set per source, so that appliedParts keeps its answers). Below one whose file is left out, the
  // generator walks on, taking files, and each directory below whose file is there as a unit.
  const artifactTrees = new Map<string, ReadonlySet<string>>();
  const treesInArtifact = (parent: FluxObject): ReadonlyMap<string, unknown> | ReadonlySet<string> => {
    if (!artifactsJudged) return trees;
    // What the artifact holds depends on the source alone (fileLeftOut judges by it).
    const source = `${parent.sourceKind ?? 'GitRepository'}\u0000${parent.sourceName ?? 'flux-system'}`;
    let kept = artifactTrees.get(source);
    if (!kept) artifactTrees.set(source, kept = new Set([...trees].filter(([, tree]) => fileLeftOut(parent, tree.kustomizationPath) === undefined).map(([treeDir]) => treeDir)));
    // Nothing left out: the very map, whose answers appliedParts already keeps.
    return kept.size === trees.size ? trees : kept;
  };
  // check reads a HelmRelease's timeout only of what a Kustomization with wait: true applies (order/parent-timeout).
  // A Kustomization's spec.patches that set nothing else it reads join a build only where one happens anyway (other
  // patches that count, a component or a kustomization that changes a Flux object), or where the Kustomization, or
  // one it applies as written, waits (its patch may give those theirs): home-ops repositories give every child
  // HelmRelease defaults, timeout: 10m among them, and bjw-s-labs/home-ops built every application's tree for it.
  const builtPatches = new Map<FluxObject, NonNullable<FluxObject['patches']>>();
  const patchesBuilt = (parent: FluxObject): NonNullable<FluxObject['patches']> => {
    let known = builtPatches.get(parent);
    if (known) return known;
    // A HelmRelease it applies with a duration the CRD rejects: a patch of its interval may mend it, and is built too.
    const mendable = appliesInvalidDuration(parent);
    known = fluxObjectPatches(parent, patchesReplaced, true, mendable);
    if (input.helmReleaseTimeouts === 'waited' && known.length > 0 && !parent.wait && !mendable) {
      const untimed = fluxObjectPatches(parent, patchesReplaced, false);
      if (untimed.length === 0 && !buildsAnyway(parent)) known = untimed;
    }
    builtPatches.set(parent, known);
    return known;
  };
  // Whether a HelmRelease it applies, as written, has a duration the CRD rejects (api/invalid-duration reads it): a
  // timeout patch may mend it, and check must say what order says (a review's probe: check failed the apply, order did not).
  // Its components' files too: kustomize applies the parent's patches after them (a review's probe).
  const appliesInvalidDuration = (parent: FluxObject): boolean => !parent.appliesDir ? false
    : [...appliedFilesOf(parent.appliesDir, trees, allFiles), ...(parent.components ?? []).flatMap((component) => (trees.get(component)?.files ?? []).map((file) => file.path))]
      .some((path) => (written.get(path) ?? []).some((child) => child.kind === 'HelmRelease' && (child.invalidDurations?.length ?? 0) > 0));
  // Whether what a Kustomization applies is built whatever its own patches, or applies a Kustomization that waits.
  const buildsAnyway = (parent: FluxObject): boolean => {
    if (!parent.appliesDir) return true;
    const components = parent.components ?? [];
    if (components.some((component) => componentChanges(component))) return true;
    const children = [...appliedFilesOf(parent.appliesDir, trees, allFiles), ...components.flatMap((component) => (trees.get(component)?.files ?? []).map((file) => file.path))];
    if (children.some((path) => (written.get(path) ?? []).some((child) => child.kind === 'Kustomization' && child.wait))) return true;
    return partsInArtifact(parent, parent.appliesDir).trees.some((treeDir) => {
      const tree = trees.get(treeDir);
      return tree !== undefined && (fluxTransformations([tree], input)?.length ?? 0) > 0;
    });
  };
  // kustomize-controller's generator takes files whose extension is .yaml or .yml, as written (fluxcd/pkg
  // scanManifests): `db.YAML` is not applied (a trial's probe). Counted where passed over.
  const generatedFiles = (paths: readonly string[]) => paths.filter((path) => GENERATED_FILE.test(path)
    || (input.skips.add('YAML files whose extension is not .yaml or .yml in lower case, below a path without a kustomization (kustomize-controller\'s generated kustomization passes over them)', path), false));
  const reportedNotObjects = new Set<string>();
  // Whether the artifact a Kustomization builds from holds a file: not where its patterns leave it out, nor where
  // source-controller's default exclusions do (`.sops.yaml`, `cloudbuild.yaml`, `.github/`: only where no pattern is
  // written anywhere, when the source is not known to be this repository's either). A review's probes.
  const noPatternWritten = input.repositoryIgnores.length === 0 && !input.sourceIgnores.some((source) => source.patterns !== undefined);
  const inArtifact = (parent: FluxObject, path: string) => !(fileLeftOut(parent, path) ?? defaultLeftOut(parent, path)
    ?? (noPatternWritten ? defaultExclusion(displayPath(input.root, path)) : undefined));
  // (One array, so that appliedParts keeps its answers for it.)
  const notObjectFiles = [...input.notObjects];
  const applyDirectory = async (parent: FluxObject, dir: string, targetNamespace: string | undefined, declared: readonly string[]): Promise<FluxObject[]> => {
    // A component kustomize-controller cannot load fails the Kustomization's build: say so where it is named.
    const components = declared.filter((component) => {
      if (trees.has(component)) return true;
      // spec.ignoreMissingComponents: kustomize-controller leaves out an entry whose path does not exist (one that
      // exists without a kustomization file still fails the build: fluxcd/pkg's kustomize generator).
      if (parent.ignoreMissingComponents && !existsSync(component)) return false;
      input.findings.push(builtBy(parent, buildFailed(parent.componentsLocation ?? parent.location,
        `spec.components names ${displayPath(input.root, component)}, which is not a directory with a kustomization file: the build of ${parent.name} fails`,
        'correct the path (relative to spec.path), or add the component\'s kustomization.yaml')));
      return false;
    });
    for (const component of components) reportTree(component, false, parent);
    // spec.components join the build of spec.path: a component that patches Flux objects needs the real kustomize.
    // spec.patches join the build too, as kustomize-controller adds them to spec.path's kustomization: those that may
    // change a Flux object (a patch that sets wait: true or adds a dependsOn item on every Kustomization it selects).
    const patches = patchesBuilt(parent);
    const result = components.some((component) => componentChanges(component)) || patches.length > 0
      ? await build(dir, components, patches.length > 0 ? { patches, at: parent.patchesLocation ?? parent.location } : undefined) : undefined;
    // kustomize-controller sets targetNamespace on everything it applies, over any namespace (an empty one, as a
    // postBuild variable may leave it, sets none).
    const over = targetNamespace || undefined;
    // spec.namePrefix and spec.nameSuffix: kustomize-controller writes them over spec.path's kustomization's own
    // (fluxcd/pkg's kustomize generator), whose prefix kustomize adds last, outermost: a built name that carries the
    // kustomization's own prefix (or suffix) has it replaced, one read as written gets the Flux one added. Names
    // that refer to an object (dependsOn) are not renamed: kustomize knows no reference in Flux's kinds.
    const renamed = parent.namePrefix !== undefined || parent.nameSuffix !== undefined;
    const own = (field: string) => trees.get(dir)?.kustomizations[0]?.transformations.findLast((transformation) => transformation.field === field)?.value ?? '';
    const rename = (name: string, built: boolean): string => {
      if (!renamed) return name;
      const ownPrefix = built ? own('namePrefix') : '';
      const ownSuffix = built ? own('nameSuffix') : '';
      let core = name;
      if (parent.namePrefix !== undefined && ownPrefix && core.startsWith(ownPrefix)) core = core.slice(ownPrefix.length);
      if (parent.nameSuffix !== undefined && ownSuffix && core.endsWith(ownSuffix)) core = core.slice(0, core.length - ownSuffix.length);
      return `${parent.namePrefix ?? ''}${core}${parent.nameSuffix ?? ''}`;
    };
    const placed = (object: FluxObject, namespace: string | undefined, built = false) => {
      const name = rename(object.name, built);
      return name === object.name ? instance(object, over ?? namespace) : instance(object, over ?? namespace, { name });
    };
    let objects: FluxObject[];
    if (result) objects = result.map((object) => placed(object, object.namespace, true));
    else {
      const parts = partsInArtifact(parent, dir);
      // The generated kustomization takes what the artifact holds: a file its patterns leave out is not applied.
      const loose = generatedFiles(parts.loose).filter((path) => fileLeftOut(parent, path) === undefined
        || (input.skips.add('YAML files the artifact of their GitRepository leaves out (spec.ignore or .sourceignore: never applied)', path), false));
      // One that is no Kubernetes object fails the generated kustomization, and the Kustomization applies nothing
      // (fluxcd/pkg's kustomize generator decodes each file: "failed to decode Kubernetes YAML"). A trial's probe.
      const notObjects = notObjectFiles.length === 0 ? [] : appliedParts(dir, treesInArtifact(parent), notObjectFiles).loose;
      for (const path of notObjects) {
        if (!GENERATED_FILE.test(path) || reportedNotObjects.has(path) || !inArtifact(parent, path)) continue;
        reportedNotObjects.add(path);
        input.findings.push(builtBy(parent, buildFailed({ file: path, line: 1, column: 1 },
          `${displayPath(input.cwd, path)} is no Kubernetes object (it has no kind), and Kustomization ${parent.namespace ? `${parent.namespace}/` : ""}${parent.name} applies ${parent.path ?? displayPath(input.root, dir)} without a kustomization file: kustomize-controller's generated kustomization takes every .yaml file below and fails on it ("failed to decode Kubernetes YAML"), so it applies nothing`,
          'move the file out of that directory (or give the directory a kustomization.yaml that lists only the manifests)')));
      }
      objects = loose.flatMap((path) => (written.get(path) ?? []).map((object) => placed(object, object.namespace)));
      for (const treeDir of parts.trees) reportTree(treeDir, treeDir === dir, parent);
      // Asked for together, so that the builds they need share kustomize processes (kustomize-build.ts, flushBatches).
      const builtTrees = await Promise.all(parts.trees.map((treeDir) => build(treeDir, [])));
      parts.trees.forEach((treeDir, index) => {
        const built = builtTrees[index];
        // Only spec.path's own kustomization has its prefix replaced: one a generated kustomization takes in keeps its own.
        objects.push(...(built ? built.map((object) => placed(object, object.namespace, treeDir === dir))
          : renamed ? staticObjects(treeDir, over).map((object) => placed(object, object.namespace)) : staticObjects(treeDir, over)));
      });
      // What a component adds gets the namespace: of spec.path's kustomization, which runs after the components.
      const pathNamespace = trees.get(dir)?.kustomizations[0]?.namespace;
      for (const component of components) {
        objects.push(...(renamed ? staticObjects(component, over ?? pathNamespace).map((object) => placed(object, object.namespace)) : staticObjects(component, over ?? pathNamespace)));
      }
    }
    return objects;
  };

  // Roots: objects no other Kustomization applies (a Kustomization may apply its own file: flux-system does). Two
  // that apply one directory, each its own, apply each other and are both roots: one cluster synced from two
  // sources, a mirror beside the repository (JJGadgets/Biohazard's 0-biohazard-config and 0-biohazard-soft-serve).
  const appliedByOther = new Set<FluxObject>();
  // What each written Kustomization applies, as written: where loops of appliers are (see visitAsOwnRoots).
  const writtenChildren = new Map<FluxObject, FluxObject[]>();
  const sameBootstrap = (parent: FluxObject, child: FluxObject) => appliesOwnDirectory(child) && child.appliesDir === parent.appliesDir;
  // The Kustomizations flux-operator makes of the FluxInstances' syncs: entry points, each the applier of its sync path.
  const instanceMade = await instanceKustomizations(input, written);
  // A Kustomization at the repository's root (`path: ./`) that would apply a cluster's bootstrap, a Kustomization
  // below it that applies its own directory as flux bootstrap's flux-system does, is no applier: applied, it would
  // take in every cluster at once. It is an input kept for CI (`flux build kustomization --kustomization-file`), and
  // taken for the root it made every file of the repository applied and every object never installed (a trial's
  // probe, fmind-ai/fgentic's scripts/testdata/flux-build-kustomization.yaml). Neither applier nor entry point.
  // Not flux bootstrap's own sync at ./ (`flux bootstrap --path=./` writes it to <namespace>/gotk-sync.yaml at the root):
  // that is the root, whatever applies its own directory below it (a trial's probe, wrmilling/k3s-gitops: apps whose
  // ks.yaml applies its own directory made the sync a CI input, every other object never deployed, and a dependsOn
  // between two apps "for another cluster", a false unknown-target). Told by where it lies, not by what lies below
  // it: an app's Kustomization may apply other Kustomizations, and a cluster's bootstrap none (a review's probes).
  const wholeRepository = new Set<FluxObject>();
  let rootFilesApplied: string[] | undefined;
  const bootstrapSync = (parent: FluxObject) => dirname(parent.file) === join(input.root, parent.namespace ?? 'flux-system');
  for (const objects of written.values()) {
    for (const parent of objects) {
      if (parent.kind !== 'Kustomization' || parent.appliesDir !== input.root || bootstrapSync(parent)) continue;
      rootFilesApplied ??= appliedFilesOf(input.root, trees, allFiles);
      const takesBootstrap = rootFilesApplied.some((path) => (written.get(path) ?? []).some((child) => child !== parent
        && child.kind === 'Kustomization' && appliesOwnDirectory(child) && child.appliesDir !== input.root && !sameBootstrap(parent, child)));
      if (takesBootstrap) wholeRepository.add(parent);
    }
  }
  // Directories whose kustomization decides what a Kustomization applies from them and from below them.
  const builtDirs = new Map<string, FluxObject[]>();
  for (const objects of [...written.values(), instanceMade]) {
    for (const parent of objects) {
      if (parent.kind !== 'Kustomization' || !parent.appliesDir || wholeRepository.has(parent)) continue;
      const components = (parent.components ?? []).flatMap((component) => (trees.get(component)?.files ?? []).map((file) => file.path));
      const children: FluxObject[] = [];
      for (const path of [...appliedFilesOf(parent.appliesDir, trees, allFiles), ...components]) {
        for (const child of written.get(path) ?? []) {
          if (child === parent || sameBootstrap(parent, child)) continue;
          appliedByOther.add(child);
          children.push(child);
        }
      }
      writtenChildren.set(parent, children);
      // Its own kustomization, or those of the directories below it that the generated one takes in whole.
      for (const tree of appliedParts(parent.appliesDir, trees, allFiles).trees) builtDirs.set(tree, [...(builtDirs.get(tree) ?? []), parent]);
    }
  }
  // A Kustomization nothing applies, in a directory another Kustomization builds from through its kustomization,
  // is one that kustomization leaves out: an entry commented out of its resources (haraldkoch/kochhaus-home's
  // joomla/rtr/ks.yaml under kubernetes/main/apps). Flux never applies it; it is no entry point either.
  // Not so a Kustomization that applies its own directory (flux bootstrap's flux-system of another cluster, nested
  // in the tree one cluster builds), nor what a FluxInstance written here syncs: those are entry points.
  const synced = new Set(input.syncPaths.flatMap((syncDir) => appliedFilesOf(syncDir, trees, allFiles)));
  const leftOutBelow = (object: FluxObject) => !appliesOwnDirectory(object) && !synced.has(object.file)
    && [...builtDirs].some(([dir, parents]) => isInside(dir, object.file) && parents.some((parent) => parent !== object && parent.file !== object.file));
  // (What flux-operator makes is in the FluxInstance's namespace, whatever the kustomization that lists the FluxInstance says.)
  const fallback = (object: FluxObject) => instance(object, object.madeBy ? object.namespace : input.namespaceOf.get(object.file) ?? object.namespace);
  // The entry points: Kustomizations no other Kustomization applies (flux bootstrap's flux-system, or what a
  // FluxInstance syncs), and whatever else no Kustomization applies in or below their directories (the same
  // sync applies those). What the entries do not reach, directly or through each other, Flux never applies from here.
  const everything = [...written.values()].flat();
  // A bootstrap root (it applies its own directory, as flux bootstrap's flux-system does) that only Kustomizations it
  // applies itself apply again (a child that re-applies clusters/x/flux-system): flux bootstrap created it, and it
  // reconciles its path whatever else is written. An entry point, not something nothing creates: with a stale
  // Kustomization elsewhere taken for the only root, the whole cluster was "never deployed" (a trial's probe).
  const parentsOf = new Map<FluxObject, FluxObject[]>();
  for (const [parent, children] of writtenChildren) for (const child of children) parentsOf.set(child, [...parentsOf.get(child) ?? [], parent]);
  const reappliedBootstraps = new Set(everything.filter((object) => object.kind === 'Kustomization' && appliedByOther.has(object) && appliesOwnDirectory(object)
    && (parentsOf.get(object) ?? []).every((parent) => appliedThrough(object, parent, writtenChildren))));
  const rootCandidates = everything.filter((object) => object.kind === 'Kustomization' && (!appliedByOther.has(object) || reappliedBootstraps.has(object))
    && !leftOutBelow(object) && !wholeRepository.has(object));
  const outsideArtifact = await outsideTheirArtifact(rootCandidates, input.sourceIgnores, input.root);
  // Where the repository shows how its cluster is synced (a root that applies its own directory, as flux
  // bootstrap's flux-system does, or a FluxInstance's sync path), a Kustomization that nothing applies, outside
  // those, is no entry point: nothing creates it in the cluster (ishioni/homelab-ops's archive/, coolguy1771/
  // home-ops's retired kyak cluster). Not so one that the kustomization of its own directory lists, where that
  // kustomization is the top of its tree: a tree that is applied by hand (`kubectl apply -k bootstrap`), nor one in
  // a directory beside a known cluster's (sulibot/home-ops's clusters without a flux-system of their own). A
  // kustomization that another one lists is a part, not what a hand applies: KevinNitroG/homelab's parked
  // kubernetes-later/app/cloudflared/ks/, listed by its parent, whose Kustomizations name paths since moved (seven
  // false path-not-found errors). Without such a sign every one is a root.
  const clusterTops = [...rootCandidates.filter((object) => appliesOwnDirectory(object) && !outsideArtifact.has(object)).map((object) => object.appliesDir!), ...input.syncPaths];
  // A top that is a cluster's directory, as flux bootstrap lays one out (clusters/a/flux-system/gotk-sync.yaml applying
  // ./clusters/a), or a FluxInstance's sync path: what lies beside it may be another cluster. A root that applies only
  // the directory its own file is in (bootstrap/ applying ./clusters/a/bootstrap) is a part of its cluster's directory:
  // beside it lie that cluster's other parts (a trial's probe, h3mmy/bloopySphere: deploy/ beside bootstrap/, applied by
  // nothing, whose broken path made every command exit 3).
  const clusterDirTops = new Set([...rootCandidates.filter((object) => appliesOwnDirectory(object) && !outsideArtifact.has(object)
    && dirname(object.file) !== object.appliesDir).map((object) => object.appliesDir!), ...input.syncPaths]);
  const bootstraps = clusterTops.length > 0;
  // Each directory whose kustomization another one lists, and the top of the tree that takes it in.
  const nestedDirs = new Set([...trees.values()].flatMap((tree) => tree.kustomizations.slice(1).map((nested) => dirname(nested.path))));
  const topOf = new Map<string, string>();
  for (const [treeDir, tree] of trees) {
    if (nestedDirs.has(treeDir)) continue;
    for (const nested of tree.kustomizations.slice(1)) if (!topOf.has(dirname(nested.path))) topOf.set(dirname(nested.path), treeDir);
  }
  // A directory beside a known cluster's (clusters/b beside clusters/a) is another cluster whose sync is not written
  // here (a FluxInstance made outside the repository): its roots stay entry points. Beside a top that may be only a part
  // of its cluster's directory (see clusterDirTops), only a directory that marks itself as a cluster's: a kustomization
  // file or a flux-system directory of its own, or an object of a kind and name the top's directory writes too
  // (clusters/staging/apps.yaml beside clusters/prod/flux.yaml, which applies ./clusters/prod: one cluster's copy of
  // another's; a review's probe).
  const kindNamesUnder = new Map<string, Set<string>>();
  const kindNames = (dir: string) => {
    let names = kindNamesUnder.get(dir);
    if (!names) {
      names = new Set(everything.filter((object) => isInside(dir, object.file)).map((object) => `${object.kind}/${object.name}`));
      kindNamesUnder.set(dir, names);
    }
    return names;
  };
  const sharesNames = (top: string, dir: string) => {
    const ours = kindNames(top);
    for (const name of kindNames(dir)) if (ours.has(name)) return true;
    return false;
  };
  const marksCluster = (dir: string) => trees.has(dir) || input.directories.has(join(dir, 'flux-system'));
  const besideClusterDir = (dir: string) => clusterTops.some((top) => dirname(top) === dirname(dir) && !isInside(top, dir)
    && (clusterDirTops.has(top) || marksCluster(dir) || sharesNames(top, dir)));
  const besideCluster = (object: FluxObject) => besideClusterDir(dirname(object.file));
  // A part of a tree (its kustomization listed by another) counts as applied by hand only where the tree's top is
  // beside a known cluster (clusters/b/kustomization.yaml -> apps/ -> ks.yaml, as a review's probe had it); one
  // elsewhere is parked (KevinNitroG/homelab's kubernetes-later/app/cloudflared -> ks/).
  // Directories a kustomization names in a commented-out list item (`# - ../base/ext`): taken out of where they were
  // applied, not applied by hand (isning/k8s-gitops's apps/base/maa, a trial's probe).
  const commentedOutDirs = new Set([...trees.values()].flatMap((tree) => tree.kustomizations.flatMap((kustomization) => kustomization.commentedOutDirs ?? [])));
  const listedHere = (object: FluxObject) => {
    const dir = dirname(object.file);
    if (!(trees.get(dir)?.files.some((file) => file.path === object.file) ?? false)) return false;
    if (commentedOutDirs.has(dir)) return false;
    if (!nestedDirs.has(dir)) return true;
    const top = topOf.get(dir);
    return top !== undefined && besideClusterDir(top);
  };
  // (A root whose name or namespace still holds a ${VARIABLE} is a template: nothing here substitutes it, and the API
  // server rejects the name as written: JJGadgets/Biohazard's kube/templates; olga-mir/k8s-multi-cluster's templates/,
  // `namespace: ${CLUSTER_NAME}`, which a script fills in with envsubst, a trial's.)
  // A bootstrap moved below the root (tvories/k8s-gitops's archive/cluster/base/flux-system: `path: ./cluster/base`,
  // which is not here, is its own directory from archive/): a repository of old clusters kept for reference. It is
  // no entry point where another root applies a path that is here (a live cluster); where none does, the --root may
  // be above the repository, and path-not-found says so.
  // The directory it was moved into must hold no live root: clusters/staging/flux-system syncing a stale ./staging
  // beside a live clusters/prod is a broken cluster, reported (a review's probe), not an archive.
  const liveRoots = rootCandidates.filter((object) => object.appliesDir !== undefined && !outsideArtifact.has(object));
  // The ids of the Kustomizations flux-operator makes of the FluxInstances' syncs whose path is here: live clusters.
  const syncIds = new Set(input.syncs.flatMap((sync) => (sync.madeName !== undefined && sync.path !== undefined && input.directories.has(sync.path)
    ? [fluxObjectId({ kind: 'Kustomization', namespace: sync.namespace ?? (sync.location ? input.namespaceOf.get(sync.location.file) : undefined) ?? 'flux-system', name: sync.madeName })] : [])));
  const movedInto = (object: FluxObject): string | undefined => {
    if (object.kind !== 'Kustomization' || object.appliesDir !== undefined || object.path === undefined || object.path.includes('${') || !isOwnSource(object)) return undefined;
    const path = object.path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (path === '' || path === '.' || input.directories.has(resolve(input.root, path))) return undefined;
    const fromRoot = relative(input.root, dirname(object.file)).split(sep).join('/');
    const at = `/${fromRoot}/`.indexOf(`/${path}/`);
    const moved = at > 0 ? { into: fromRoot.slice(0, at - 1), own: fromRoot.slice(0, at - 1 + path.length + 1) } : renamedTop(path, fromRoot, object);
    if (moved === undefined) return undefined;
    // (What lies in its own cluster directory was moved with it: andycooney's zholding/cluster/home/ks.yaml, whose path
    // is still here, is no sign of a live cluster around it.)
    const into = resolve(input.root, moved.into);
    const own = resolve(input.root, moved.own);
    return !liveRoots.some((live) => isInside(into, live.file) && !isInside(own, live.file)) && !input.syncPaths.some((syncDir) => isInside(into, syncDir)) ? into : undefined;
  };
  // Moved with its top directory renamed (a trial's probe, andycooney/infrastructure's zholding/cluster/home/flux-system,
  // `path: ./kubernetes/cluster/home`, beside the FluxInstance that syncs the cluster now): a flux bootstrap directory
  // (`<path>/flux-system`) below a directory that ends as its path does, but for the path's first directories. Only where
  // a FluxInstance's sync makes a Kustomization of its id (flux-system/flux-system: the cluster moved to flux-operator):
  // else a rename of the cluster's own directory that the sync was not told of is a broken cluster, path-not-found's to
  // report, and another bootstrap cluster's root shares that id, so it says nothing (a review's probe: kubernetes/home
  // syncing the renamed ./k8s/home beside a live clusters/staging vanished from the audit). Where moved into: the prefix.
  const renamedTop = (path: string, fromRoot: string, object: FluxObject): { into: string; own: string } | undefined => {
    if (basename(fromRoot) !== 'flux-system' || !syncIds.has(fluxObjectId(object))) return undefined;
    const parts = path.split('/');
    const above = dirname(fromRoot);
    for (let drop = 1; drop < parts.length; drop += 1) {
      const tail = parts.slice(drop).join('/');
      if (above.endsWith(`/${tail}`) && above.length > tail.length + 1) return { into: above.slice(0, above.length - tail.length - 1), own: above };
    }
    return undefined;
  };
  // A file a kustomization names in a commented-out entry (`# - aster/aster.yaml`, below its directory) that no
  // kustomization lists: taken out of the build, with or without a sign of how the cluster is synced. Its
  // Kustomization is no root applied by hand, and what it applies is applied by it, not by hand either (a trial's
  // probe, spietras/clusters's tests/: 29 false unwaited-kustomization warnings on apps its CI leaves out).
  const takenOutFiles = new Set([...trees.values()].flatMap((tree) => tree.kustomizations.flatMap((kustomization) => kustomization.commentedOutFiles ?? []))
    .filter((path) => !input.namespaceOf.has(path)));
  // So are the files of a tree whose directory a kustomization names in a commented-out entry (`# - ../base/mariadb`)
  // and none lists, but those another live tree takes in: with or without a sign of how the cluster is synced (a
  // trial's probe, ToaHartor/maisonneux's platform/base/mariadb under a FluxInstance whose sync.path is a variable:
  // its Kustomizations were roots applied by hand, and their dependencies on commented-out operators errors).
  // Only where what comments it out is applied by a Flux Kustomization here (its tree is one's spec.path): an aggregating
  // kustomization nothing applies (clusters/kustomization.yaml with `# - ./prod`) says nothing of the cluster it lists
  // (a review's probe: the whole prod cluster went "never deployed").
  const appliedTreeDirs = new Set(everything.flatMap((object) => (object.kind === 'Kustomization' && object.appliesDir ? [object.appliesDir] : [])));
  const commentedOutByApplied = new Set([...trees].flatMap(([dir, tree]) => (appliedTreeDirs.has(topOf.get(dir) ?? dir)
    ? tree.kustomizations.flatMap((kustomization) => kustomization.commentedOutDirs ?? []) : [])));
  const liveTreeFiles = new Set([...trees].filter(([dir]) => !nestedDirs.has(dir) && !commentedOutDirs.has(dir)).flatMap(([, tree]) => tree.files.map((file) => file.path)));
  const takenOutTreeFiles = new Set([...commentedOutByApplied].filter((dir) => trees.has(dir) && !nestedDirs.has(dir))
    .flatMap((dir) => trees.get(dir)!.files.map((file) => file.path)).filter((path) => !liveTreeFiles.has(path)));
  // The directories bootstraps were moved into, where a live cluster is synced from elsewhere: archives, whose roots are
  // none (andycooney's zholding/ holds, beside its moved bootstrap, default.yaml syncing the moved ./kubernetes/default,
  // listed by a kustomization nothing applies: a false path-not-found).
  const archives = liveRoots.length > 0 || syncIds.size > 0 ? [...new Set(rootCandidates.flatMap((object) => movedInto(object) ?? []))] : [];
  // A spec.path with a `...` part is a template's placeholder, as a ${VARIABLE} in a name is: a script copies the file
  // and writes the path (a trial's probe, nmarghetti/local-kubernetes-infra's k8s/flux/template, `./k8s/.../crds`:
  // taken for a tree applied by hand, seven false path-not-found errors beside six synced clusters).
  const placeholderPath = (object: FluxObject) => object.kind === 'Kustomization' && (object.path?.split('/').includes('...') ?? false);
  const orphan = (object: FluxObject) => object.name.includes('${') || (object.namespace?.includes('${') ?? false) || placeholderPath(object) || takenOutFiles.has(object.file) || takenOutTreeFiles.has(object.file) || archives.some((dir) => isInside(dir, object.file)) || (bootstraps && !appliesOwnDirectory(object) && !synced.has(object.file)
    && !input.syncPaths.some((syncDir) => isInside(syncDir, object.file)) && !listedHere(object) && !besideCluster(object));
  const rootFiles = new Set(rootCandidates.filter((object) => !outsideArtifact.has(object) && !orphan(object)).map((object) => object.file));
  // What syncs a root Kustomization syncs its whole directory, or the whole kustomization tree that lists its file.
  const entryDirs = [...new Set([...rootFiles].map((file) => dirname(file)))];
  // What marks a cluster: a root that applies its own directory (flux bootstrap's flux-system, a self-applying
  // flux/config). Other roots (two Kustomizations in sibling directories that nothing here applies) say nothing
  // of which cluster they are in: their dependencies resolve to any copy.
  // Roots that each apply the directory their own file is in (an app's Kustomization beside the kustomization of its
  // path), two or more listed by one kustomization above them that nothing here applies (applied by hand with them),
  // are that kustomization's one cluster, the outermost such (a sweep's probe: nce/oci-free-cloud-k8s's teleport and
  // external-dns, each a cluster of its own, and every dependency between its fourteen apps said "for another
  // cluster"). Not a kustomization that lists two Flux objects of one id (two clusters' flux-system: kustomize could not
  // build it), nor roots that apply a directory above their own file, as flux bootstrap's flux-system applies
  // ./clusters/prod: each such root's directory is a cluster whatever lists it (a review's probe: a clusters/
  // kustomization kept for CI over prod and staging merged them, and hid a dependency on the other cluster's copy).
  // (Read only where two app roots are listed together: most repositories have none.)
  let idsByFile: Map<string, string[]> | undefined;
  const buildable = new Map<string, boolean>();
  const buildableTree = (dir: string, files: readonly AppliedFile[]) => {
    let known = buildable.get(dir);
    if (known === undefined) {
      if (!idsByFile) {
        idsByFile = new Map();
        for (const object of everything) {
          const ids = idsByFile.get(object.file);
          if (ids) ids.push(fluxObjectId(object));
          else idsByFile.set(object.file, [fluxObjectId(object)]);
        }
      }
      const ids = files.flatMap((file) => idsByFile!.get(file.path) ?? []);
      buildable.set(dir, known = new Set(ids).size === ids.length);
    }
    return known;
  };
  const selfApplyingRoots = rootCandidates.filter((object) => rootFiles.has(object.file) && appliesOwnDirectory(object));
  const appRootFiles = new Set(selfApplyingRoots.filter((object) => object.appliesDir === dirname(object.file)).map((object) => object.file));
  const appRootDirs = new Map<string, string[]>();
  for (const file of appRootFiles) appRootDirs.set(dirname(file), [...(appRootDirs.get(dirname(file)) ?? []), file]);
  const clusterDirOf = (object: FluxObject) => {
    let found = dirname(object.file);
    if (!appRootFiles.has(object.file)) return found;
    for (let dir = dirname(found); dir !== dirname(dir) && isInside(input.root, dir); dir = dirname(dir)) {
      const tree = trees.get(dir);
      if (!tree) continue;
      // Listed by its own entries (an app root's file, or the app's own directory), not through the kustomizations of
      // directories that group others: a clusters/ kustomization over clusters/a/apps and clusters/b/apps is no cluster
      // of both (a second review's probe).
      const listed = new Set((tree.kustomizations[0]?.resources ?? []).flatMap((resource) => (resource.path === undefined ? []
        : appRootFiles.has(resource.path) ? [resource.path] : appRootDirs.get(resource.path) ?? [])));
      if (listed.size >= 2 && listed.has(object.file) && buildableTree(dir, tree.files)) found = dir;
    }
    return found;
  };
  const clusterDirs = [...new Set(selfApplyingRoots.map(clusterDirOf))];
  const entryFiles = new Set<string>();
  for (const tree of trees.values()) {
    if (tree.files.some((file) => rootFiles.has(file.path))) for (const file of tree.files) entryFiles.add(file.path);
  }
  // A FluxInstance written in the repository names the path it syncs.
  for (const syncDir of input.syncPaths) for (const path of appliedFilesOf(syncDir, trees, allFiles)) entryFiles.add(path);
  // A root applied by hand that its directory's kustomization leaves out (AlinaNova21's kubernetes/ks.yaml) is in no
  // tree: its own file is the entry, and what it applies is reached through it (else no entry was found, every object
  // was kept, and commented-out applications came back: a sweep's probe).
  for (const file of rootFiles) if (trees.get(dirname(file))?.kustomizations.length && !trees.get(dirname(file))!.files.some((listed) => listed.path === file)) entryFiles.add(file);
  // A root's directory is synced whole only where no kustomization of its own says what it applies: where one does,
  // its tree (entryFiles) is the entry, not an archive/ beside it (a root at `path: ./` over a kustomization.yaml
  // that lists only flux.yaml made every file of the repository an entry: a trial's probe).
  const wholeEntryDirs = entryDirs.filter((dir) => (trees.get(dir)?.kustomizations.length ?? 0) === 0);
  // A tree applied by hand (`kubectl apply -k`, or a Flux Kustomization made outside the repository: `flux create
  // kustomization --path`) is applied as kustomize builds it: where its kustomizations can change a Flux object (their
  // patches, a namespace), its roots are taken as built (a trial's probe, spietras/clusters: the top kustomization
  // patches wait: true and the namespace into every Kustomization, and 141 unwaited-kustomization warnings were false).
  // Only the top of such a tree, and not a directory a Kustomization here applies (built through it, once). The build
  // is optional: where kustomize cannot run or the build fails, the tree is read as written (counted in skipped).
  const handBuilt = new Map<FluxObject, FluxObject>();
  const appliedDirs = new Set(everything.flatMap((object) => (object.kind === 'Kustomization' && object.appliesDir ? [object.appliesDir] : [])));
  // (Asked for together, so that kustomize-build batches them; a directory a Kustomization here applies is built
  // through it: flux bootstrap's cluster directory.)
  const handApplied = [...trees].filter(([dir, tree]) => !nestedDirs.has(dir) && !appliedDirs.has(dir) && tree.files.some((file) => rootFiles.has(file.path)));
  for (const built of await Promise.all(handApplied.map(([dir]) => build(dir, [], undefined, 'kustomizations of a tree applied by hand that change its Flux objects')))) {
    for (const object of built ?? []) {
      const source = writtenOf.get(object);
      if (source && rootFiles.has(source.file)) handBuilt.set(source, object);
    }
  }
  const entries = [...instanceMade, ...everything.filter((object) => (!appliedByOther.has(object) || reappliedBootstraps.has(object))
    && (entryFiles.has(object.file) || wholeEntryDirs.some((dir) => isInside(dir, object.file)))).map((object) => handBuilt.get(object) ?? object)];

  const applies = new Map<FluxObject, FluxObject[]>();
  const reached = new Set<FluxObject>();
  const reachedWritten = new Set<FluxObject>();
  const openKinds: FluxRepository['openKinds'] = new Map();
  // The paths of the Kustomizations those may be (GeneratedObjects.openPaths).
  const openPaths: (string | undefined)[] = [];
  const createdObjects = new Map<string, FluxObject[]>();
  const disabledGenerated = new Map<string, NonNullable<FluxRepository['disabledGenerated']>[number]>();
  // The Kustomization that applies each object it built (the first): whose build a ResourceSet's input providers share.
  const applierOf = new Map<FluxObject, FluxObject>();
  // Objects more than one Kustomization applies (a shared ResourceSet two clusters apply as one object).
  const appliedTwice = new Set<FluxObject>();
  // The Static input providers a ResourceSet can use offline: those the Kustomization that applies it applies too, or
  // one above it, from files that one's build takes as written (no kustomization of the build patches or transforms them, nor the
  // Kustomization's own patches or components), in the namespace Flux gives them there (its targetNamespace, else the
  // kustomization's namespace:, else their own), not disabled. A provider only another cluster applies, one in an
  // example file nothing applies, or one an overlay patches, is not taken for it (a review's probes): the
  // ResourceSet is then not expanded over them, as before.
  const providersFor = (resourceSet: FluxObject): StaticInputProvider[] => {
    // One object two Kustomizations apply (a fleet's shared ResourceSet, one copy for two clusters) has each cluster's
    // providers, which one expansion cannot give: not expanded (a trial's probe gave cluster a's names in cluster b).
    if (input.inputProviders.length === 0 || appliedTwice.has(resourceSet)) return [];
    // The Kustomization that applies it, and those above it to the cluster's root: a fleet's cluster applies its
    // providers at its top and a shared ResourceSet below (a trial's probe). Each from its own build, as written.
    const providers = new Map<StaticInputProvider, StaticInputProvider>();
    const seen = new Set<FluxObject>();
    for (let applier = applierOf.get(resourceSet); applier !== undefined && !seen.has(applier); applier = applierOf.get(applier)) {
      seen.add(applier);
      if (applier.kind !== 'Kustomization' || !applier.appliesDir || applier.patches || applier.components?.length) continue;
      const parts = appliedParts(applier.appliesDir, input.trees, input.yamlFiles);
      if (parts.trees.some((dir) => transforms(input.trees.get(dir)))) continue;
      const files = new Set(appliedFilesOf(applier.appliesDir, input.trees, input.yamlFiles));
      for (const provider of input.inputProviders) {
        if (!files.has(provider.file) || provider.disabled || providers.has(provider)) continue;
        const namespace = applier.targetNamespace ?? input.namespaceOf.get(provider.file) ?? provider.namespace;
        providers.set(provider, namespace === provider.namespace ? provider : { ...provider, namespace });
      }
    }
    return [...providers.values()];
  };
  const followable = (object: FluxObject): FluxObject => {
    if (object.kind !== 'Kustomization' || object.appliesDir || !object.path || object.path.includes('${') || !isOwnSource(object)) return object;
    const appliesDir = resolveSourcePath(input.root, object.file, object.path, object.sourceKind, input.directories);
    // A generated Kustomization's spec.components, resolved against its path as a written one's are (flux-object.ts).
    const components = appliesDir && object.componentEntries && !object.components ? { components: object.componentEntries.map((entry) => resolve(appliesDir, entry)) } : {};
    return appliesDir ? { ...object, appliesDir, ...components } : object;
  };
  // One Flux object twice in what one Kustomization builds (two files of a path without kustomization, or both
  // listed): kustomize refuses the build ("may not add resource with an already registered id"), and so does
  // kustomize-controller, which then applies nothing of the path (a trial's probe, DecentM/fleet-infra's staging
  // apps in apps.yaml and infrastructure.yaml). Said at the second, once however many clusters apply it.
  const reportDuplicates = (parent: FluxObject, built: readonly FluxObject[]) => {
    const first = new Map<string, FluxObject>();
    for (const child of built) {
      const id = fluxObjectId(child);
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, child);
        continue;
      }
      if (earlier === child || (writtenOf.get(earlier) ?? earlier) === (writtenOf.get(child) ?? child)) continue;
      // One of the two named by a ${VARIABLE}: kustomize builds both (their ids differ), and the collision comes with
      // the postBuild substitution, which kustomize-controller writes back into the built set one object at a time:
      // ResMap.Replace then finds the id twice (a trial's probe, Cloufish/k8s-home-ops: a user who ran kustomize build
      // saw it pass, and the message quoted an error it never gives). Said at the object the variable names.
      const written = (object: FluxObject) => writtenOf.get(object) ?? object;
      // (By the name: a namespace a kustomization's namespace: sets is the same for both before any substitution, and
      // kustomize itself refuses the build then, a review's probe.)
      const bySubstitution = [earlier, child].find((object) => written(object).name !== object.name && written(object).name.includes('${'));
      const [at, other] = bySubstitution === earlier ? [earlier, child] : [child, earlier];
      const message = bySubstitution
        ? `${shortId(id)} is written twice in what Kustomization ${parent.name} builds once its postBuild substitutes ${shortId(fluxObjectId(written(at)))} (also at ${displayPath(input.cwd, other.file)}:${other.location.line}): kustomize builds both, then kustomize-controller's substitution makes them one id and fails with "id matched 2 resources", and ${parent.name} applies nothing`
        : `${shortId(id)} is written twice in what Kustomization ${parent.name} builds (also at ${displayPath(input.cwd, earlier.file)}:${earlier.location.line}): kustomize-controller's build fails with "may not add resource with an already registered id", and ${parent.name} applies nothing`;
      const key = `${at.location.file}:${at.location.line}:${at.location.column}\u0000${message}`;
      if (reportedFindings.has(key)) continue;
      reportedFindings.add(key);
      input.findings.push(builtBy(parent, buildFailed(at.location, message, bySubstitution
        ? 'correct the name the variable gives (or the variable\'s value), or remove one of the two from the build'
        : 'keep one of the two (rename one, or remove it from the build)')));
    }
  };
  // Where a loop of appliers was entered (as written): the bootstrap made it, the loop only applies it again.
  const loopEntries = new Set<FluxObject>();
  // Breadth first, a level at a time: the kustomize builds a level needs run side by side.
  const visit = async (starts: FluxObject[]) => {
    let frontier = starts;
    while (frontier.length > 0) {
      const next: FluxObject[][] = [];
      const fresh = frontier.filter((object) => !reached.has(object) && reached.add(object));
      await Promise.all(fresh.map(async (object, index) => {
        reachedWritten.add(writtenOf.get(object) ?? object);
        if (object.kind === 'ResourceSet') {
          // What a ResourceSet generates from its static inputs, flux-operator applies: its children, like a
          // Kustomization's; a generated Kustomization's spec.path is followed like any other.
          const generated = resourceSetObjects(object, specOf.get(object) ?? null, providersFor(object));
          for (const problem of generated.problems) {
            // Once, however many copies of the ResourceSet the clusters apply.
            const key = `${problem.location.file}:${problem.location.line}:${problem.location.column}\u0000${problem.message}`;
            if (reportedFindings.has(key)) continue;
            reportedFindings.add(key);
            input.findings.push(inputFinding('input/invalid-resource', problem.location, problem.message, problem.fix));
          }
          // Its build fails (an input lacks a key its templates read): it applies nothing, and the audit goes on, as for a
          // Kustomization whose build fails (resourceset/build-failed; buildFailures below merges the copies' findings).
          const failure = generated.buildFailure;
          if (failure) input.findings.push({ rule: 'resourceset/build-failed', severity: 'error', location: failure.location, message: failure.message, fix: failure.fix, object: fluxObjectId(object) });
          // Never silent: the names such a template gives are excused, not known (a trial's probe: a range over a list input).
          if (generated.fromProviders) input.skips.add('ResourceSets whose inputs come from providers (inputsFrom): what they generate is known only in the cluster (names they may give are taken as open), and its dependsOn is not judged', object.file, true);
          if (generated.dependsOnUnread) input.skips.add('ResourceSet templates whose dependsOn the template language writes beyond a list input (`<< inputs.deps | toYaml >>`): those dependsOn are not read, nor judged', object.file, true);
          if (generated.conditional) input.skips.add('ResourceSet templates with conditionals (<< if >>, << with >>): what they generate is not expanded (names they may give are taken as open), and dependsOn they may write is not judged', object.file, true);
          if (generated.unexpanded) input.skips.add('ResourceSet templates whose names the template language decides beyond << inputs.x >> (a range, a function): what they generate is not expanded, and dependsOn names they may give are not judged', object.file, true);
          openPaths.push(...generated.openPaths ?? []);
          for (const open of generated.openKinds) {
            // A name template's literal parts as the applier's postBuild substitutes them; a variable it leaves is any text.
            const names = open.names && substitutedParts(open.names, object);
            const namespace = open.namespace === undefined ? undefined : substitutedNamespace(open.namespace, object);
            openKinds.set(open.kind, [...(openKinds.get(open.kind) ?? []), {
              owner: object.name, ...(namespace === undefined ? {} : { namespace }), ...(names === undefined ? {} : { names }),
            }]);
          }
          // By the namespace written: flux-operator gives none (a namespaced object without one fails its apply), and
          // its dependency check looks the item up as written (a review's probe: an item without namespace matched a Job
          // without one, placed after a ResourceSet that never creates it).
          for (const created of generated.created) {
            const key = createdObjectKey(created.group, created.kind, created.namespace, created.name);
            createdObjects.set(key, [...(createdObjects.get(key) ?? []), object]);
          }
          // (Under the names its copies give, once each; a name the applier's postBuild still has to substitute is not known.)
          for (const disabled of generated.disabled) {
            if (disabled.name.includes('${') || disabled.namespace?.includes('${')) continue;
            const key = `${disabled.kind}/${disabled.namespace ?? ''}/${disabled.name}\u0000${fluxObjectId(object)}`;
            if (!disabledGenerated.has(key)) disabledGenerated.set(key, { ...disabled, resourceSet: fluxObjectId(object) });
          }
          // Read for their source as written objects are (another repository, a path the artifact leaves out); with the
          // values its parent's postBuild substituted in the ResourceSet's text, which reach what it generates.
          const substitutedChild = (child: FluxObject) => (object.substitute || object.substituteFrom ? substituted(child, object) : child);
          // A ResourceSet it generates from a literal resources item is expanded as a written one is: its spec goes along.
          for (const [child, spec] of generated.nestedSpecs) specOf.set(child, spec);
          if (generated.nestedUnread) input.skips.add('ResourceSets that a ResourceSet generates with template language (or from its resourcesTemplate): what they generate is not expanded, and dependsOn names they may give are not judged', object.file, true);
          // A Kustomization of a GitRepository the ResourceSet generates itself, at another repository's address, applies
          // that repository's files, as one of a written GitRepository does (a trial's probe, ssouthcity/homelab-fleet:
          // updates-apps of homelab-apps.git at ./update-policies was read from this checkout; "applies none", and a
          // directory of that name here would have been judged as applied).
          const atOtherRepository = (child: FluxObject, pathHere: boolean) => child.kind === 'Kustomization' && (child.sourceKind ?? 'GitRepository') === 'GitRepository'
            && (generated.gitRepositories ?? []).some((repository) => repository.name === child.sourceName
              && (repository.namespace ?? object.namespace) === (child.sourceNamespace ?? child.namespace) && otherRepository(repositoryAddress(repository.url), pathHere));
          const children = generated.objects.map((child) => {
            const followed = readSource(followable(child));
            const copy = substitutedChild(instance(atOtherRepository(child, followed.appliesDir !== undefined) ? ofAnotherRepository(followed) : followed, child.namespace));
            if (copy !== child && generated.nestedSpecs.has(child) && !specOf.has(copy)) specOf.set(copy, generated.nestedSpecs.get(child)!);
            return copy;
          });
          applies.set(object, children);
          next[index] = children;
          return;
        }
        if (object.kind !== 'Kustomization' || !object.appliesDir) return;
        // The member a loop of appliers was entered at exists before the loop applies it again (see visitAsOwnRoots).
        const built = await appliedBy(object as FluxObject & { appliesDir: string });
        reportDuplicates(object, built);
        const children = built.filter((child) => child !== object && !loopEntries.has(writtenOf.get(child) ?? child));
        applies.set(object, children);
        for (const child of children) {
          if (!applierOf.has(child)) applierOf.set(child, object);
          else if (applierOf.get(child) !== object) appliedTwice.add(child);
        }
        next[index] = children;
      }));
      frontier = next.flat();
    }
  };
  await visit(entries.map(fallback));
  // An entry that a Kustomization turned out to apply after all (through a path a parent's postBuild
  // substitutes, which the written paths above could not show) is no root: walk again without it.
  const appliedAfterAll = new Set<FluxObject>();
  for (const [parent, children] of applies) {
    for (const child of children) {
      const written = writtenOf.get(child) ?? child;
      if (writtenOf.get(child) !== writtenOf.get(parent) && !sameBootstrap(parent, child) && !reappliedBootstraps.has(written)) appliedAfterAll.add(written);
    }
  }
  const rootsAfterAll = entries.filter((entry) => !appliedAfterAll.has(entry));
  // (Entries that all apply each other keep the first walk: some of them is what the cluster syncs.)
  if (rootsAfterAll.length > 0 && rootsAfterAll.length < entries.length) {
    reached.clear();
    reachedWritten.clear();
    applies.clear();
    openKinds.clear();
    openPaths.length = 0;
    createdObjects.clear();
    disabledGenerated.clear();
    applierOf.clear();
    appliedTwice.clear();
    resourcesLeftOut.clear();
    await visit(rootsAfterAll.map(fallback));
  }
  // Leaving objects out needs the whole picture: a Kustomization Flux applies whose path may be any directory
  // of this repository (a ${VARIABLE} nothing substitutes, no spec.path at all: the source's root, or an
  // ExternalArtifact, built from a repository that may be this one) may apply any of them. Not so one whose
  // path is not here (it applies nothing: kustomization/path-not-found says so), one whose source is another
  // artifact (flux-manifests from an OCI registry, an upstream repository's CRDs: their own files), nor one
  // that is itself never applied (an archive, a template): three trial repositories of five lost the filter
  // to one of these, and with it exit 3 or false errors over configuration Flux never applies.
  const unreached = () => everything.filter((object) => !reachedWritten.has(object));
  // (A path a parent's postBuild substitutes is read as substituted: the reached copy knows it.)
  // (No spec.path is the source's root: this repository's whole tree only for flux-system; another
  // GitRepository with no path is an upstream one, applied whole, such as a project's CRDs.)
  // (A generated Kustomization without a path is one whose templated path the inputs leave unknown: any. An OCI
  // artifact other than flux-system may be built from this repository, except Flux's own manifests.)
  // (A ${VARIABLE} after a literal directory, `./apps/db/app-${MODE:=false}`, may only apply what lies below
  // that literal beginning: those objects are kept, each a root of its own, and the filter stays on for the rest.)
  const variablePrefix = (path: string): string | undefined => {
    const literal = path.slice(0, path.indexOf('${'));
    if (!literal.includes('/') || literal.replace(/^\.?\//, '') === '') return undefined;
    const resolved = specPathTarget(input.root, literal);
    if (resolved === input.root || !isInside(input.root, resolved)) return undefined;
    return literal.endsWith('/') ? `${resolved}${sep}` : resolved;
  };
  // An OCI artifact may be pushed from any directory of this repository (flux push artifact --path=./apps), its
  // spec.path relative to that one: a literal path that ends no directory here names another project's artifact
  // (a trial's probe, MTRNord/cluster: ./tester of oci://ghcr.io/fluxcd/flagger-manifests kept every file
  // no Kustomization applies counted as applied).
  const mayBeBuiltHere = (path: string | undefined) => {
    const literal = path?.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (literal === undefined || literal === '' || literal === '.' || literal.includes('${')) return true;
    const suffix = `${sep}${literal.split('/').join(sep)}`;
    for (const directory of input.directories) if (directory.endsWith(suffix)) return true;
    return false;
  };
  // An artifact in GitHub's container registry is pushed under its owner's name (ghcr.io/OWNER/...), and a
  // repository's workflows push only under their own owner's: where this repository is known to be on GitHub and every
  // OCIRepository of the name is at another owner's, the artifact is another project's (a trial's probe,
  // aws-samples/eks-saas-gitops: Weave GitOps's capacitor at `path: ./` kept every file, and a template's
  // `name: {ENVIRONMENT_ID}` made every command exit 3).
  // (The checkout's remotes are read only where such an artifact is applied: most repositories have none.)
  let ownGitHubOwners: Set<string> | undefined;
  const anotherOwnersArtifact = (name: string | undefined) => {
    const urls = input.ociSources.filter((source) => source.name === name).map((source) => repositoryAddress(source.url));
    if (urls.length === 0) return false;
    const owners = ownGitHubOwners ??= new Set(ownAddresses().flatMap((address) => (/^github\.com\/([^/]+)\//.exec(address)?.[1] ?? [])));
    return owners.size > 0
      && urls.every((url) => { const owner = /^ghcr\.io\/([^/]+)\//.exec(url)?.[1]; return owner !== undefined && !owner.includes('${') && !owners.has(owner); });
  };
  /** What a Kustomization Flux applies may apply from this repository besides what it was read to: 'any' directory, those below prefixes, or nothing more. */
  const mayApply = (object: FluxObject): 'any' | string | readonly string[] | undefined => {
    if (object.kind !== 'Kustomization' || object.appliesDir) return undefined;
    // An ExternalArtifact an ArtifactGenerator here makes of directories: what lies below those (none here: nothing).
    if (object.sourceKind === 'ExternalArtifact' && object.artifactDirs) return object.artifactDirs.map((dir) => `${dir}${sep}`);
    if (object.sourceKind === 'OCIRepository' && object.sourceName !== 'flux-manifests' && (!mayBeBuiltHere(object.path) || anotherOwnersArtifact(object.sourceName))) return undefined;
    if (object.sourceKind === 'ExternalArtifact' || (object.generatedBy !== undefined && object.path === undefined)
      || (object.sourceKind === 'OCIRepository' && object.sourceName !== 'flux-manifests')) return 'any';
    if (!isOwnSource(object)) return undefined;
    if (object.path === undefined) return (object.sourceName ?? 'flux-system') === 'flux-system' ? 'any' : undefined;
    if (!object.path.includes('${')) return undefined;
    return variablePrefix(object.path) ?? 'any';
  };
  const mayApplied = [...reached].map(mayApply);
  const unknownPath = mayApplied.includes('any');
  const openPrefixes = [...new Set(mayApplied.flatMap((scope) => (scope === undefined || scope === 'any' ? [] : typeof scope === 'string' ? [scope] : scope)))];
  // A ResourceSet whose inputs come from providers may generate Kustomizations whose paths only the cluster knows: any
  // directory. Where its template writes the path plainly, of a GitRepository, what that path's build reads (its
  // directory, and each directory a file of its build lies in: a `../base` too, a review's probe where an error there
  // passed) is kept in, not every object (a trial's probe, xunholy/k8s-gitops: a preview ResourceSet kept every object
  // in, commented-out Kustomizations warned about and placed on level 0).
  const openPathPrefixes = openPaths.flatMap((path): string[] => {
    if (path === undefined) return ['any'];
    if (path.includes('${')) return [variablePrefix(path) ?? 'any'];
    const dir = specPathTarget(input.root, path);
    // (A path not here keeps everything: what it may be, the template's inputs or another ref decide.)
    if (!input.directories.has(dir)) return ['any'];
    // The directories of its build's files, and the components its kustomizations name (their files are built too: a
    // second review's probe, where a component's HelmRelease read as never deployed).
    const built = filesBuilt(dir, input.trees, input.yamlFiles);
    const components = appliedParts(dir, input.trees, input.yamlFiles).trees.flatMap((treeDir) => (input.trees.get(treeDir)?.kustomizations ?? [])
      .flatMap((kustomization) => kustomization.transformations.flatMap((transformation) => transformation.directories ?? [])));
    return [...new Set([dir, ...built.map((file) => dirname(file)), ...components])].map((read) => `${read}${sep}`);
  });
  const generates = openPathPrefixes.includes('any');
  for (const prefix of openPathPrefixes) if (prefix !== 'any' && !openPrefixes.includes(prefix)) openPrefixes.push(prefix);
  const pruned = entries.length > 0 && !unknownPath && !generates;
  // Each as a root of its own, in file order (what one of them applies first): what one applies is read as it applies it.
  // The Kustomizations first, then the ResourceSets they leave, then the rest: what a ResourceSet's Kustomizations
  // apply is not in appliedByOther (made of written paths), and visited as a root of its own beside them it was one
  // object twice, once without the namespace they give it (a trial's probe).
  const visitAsOwnRoots = async (objects: FluxObject[]) => {
    const roots = objects.filter((object) => !appliedByOther.has(object));
    await visit(roots.filter((object) => object.kind === 'Kustomization').map(fallback));
    await visit(roots.filter((object) => object.kind === 'ResourceSet' && !reachedWritten.has(object)).map(fallback));
    await visit(roots.filter((object) => !reachedWritten.has(object)).map(fallback));
    // What is left is applied only from a loop of appliers nothing else applies: a cluster that manages its own
    // bootstrap (flux-system -> apps -> flux-instance -> flux-system, jasonpanosso/selfhosted), or a Kustomization
    // whose path is the whole repository. Each loop is entered once, where the cluster's sync starts (the files of
    // its root directory or of a FluxInstance's sync path), else at the bootstrap's flux-system, else at its first
    // Kustomization, and followed round: entered at every member, each was two objects, the written one and the one
    // its applier's patches make (6 Kustomizations for 4, a trial's probe), and the loop a false cycle.
    let rest = objects.filter((object) => !reachedWritten.has(object));
    const synced = rest.filter((object) => entryFiles.has(object.file));
    if (synced.length > 0) {
      for (const object of synced) loopEntries.add(object);
      await visit(synced.map(fallback));
      rest = rest.filter((object) => !loopEntries.has(object) && !reachedWritten.has(object));
    }
    // A member of a loop, not something a loop applies (a review's probe: aaa, first by file, which apps applies with
    // its patches, was entered as written and apps's edge to it dropped).
    const onLoop = (object: FluxObject) => appliedThrough(object, object, writtenChildren);
    while (rest.length > 0) {
      const start = rest.find((object) => object.kind === 'Kustomization' && object.name === 'flux-system' && onLoop(object))
        ?? rest.find((object) => object.kind === 'Kustomization' && onLoop(object)) ?? rest.find((object) => object.kind === 'Kustomization') ?? rest[0]!;
      loopEntries.add(start);
      await visit([fallback(start)]);
      rest = rest.filter((object) => object !== start && !reachedWritten.has(object));
    }
  };
  if (pruned && openPrefixes.length > 0) await visitAsOwnRoots(unreached().filter((object) => openPrefixes.some((prefix) => object.file.startsWith(prefix))));
  const leftOut: { kind: FluxObject['kind']; namespace?: string; name: string; file: string; removedBy?: string }[] = [];
  if (pruned) {
    // The files each applied Kustomization builds, asked for only where an object is left out.
    const builtFiles = new Map<FluxObject, ReadonlySet<string>>();
    const builds = (parent: FluxObject, file: string) => {
      let files = builtFiles.get(parent);
      if (!files) builtFiles.set(parent, files = new Set(filesBuilt(parent.appliesDir!, input.trees, input.yamlFiles)));
      return files.has(file);
    };
    for (const object of unreached()) {
      // A file an applied Kustomization builds, whose build leaves this object out (a patch's `$patch: delete`): the
      // file is deployed, the object is not (a trial's probe had "a file no Flux Kustomization applies" for it).
      const remover = outsideArtifact.has(object) ? undefined
        : [...reached].filter((parent) => parent.kind === 'Kustomization' && parent.appliesDir !== undefined && builds(parent, object.file)).sort(compareObjects)[0];
      leftOut.push({ kind: object.kind, name: object.name, file: object.file, ...(object.namespace ? { namespace: object.namespace } : {}),
        ...(remover ? { removedBy: fluxObjectId(remover) } : {}) });
      input.skips.add(outsideArtifact.has(object)
        ? 'Flux Kustomizations outside the artifact of the GitRepository they sync from (its spec.ignore leaves them out)'
        : remover ? REMOVED_BY_BUILD : NEVER_DEPLOYED, object.file);
    }
  } else {
    await visitAsOwnRoots(unreached());
  }
  // A FluxInstance (or flux-instance chart) that no Kustomization Flux applies here applies, though it lies below the
  // path of one, makes nothing: it is never deployed (damacus/home-ops's flux-instance/ks.yaml commented out, a review's
  // probe: a second applier for every object of the sync path). Its Kustomization goes; what it applied stays, with its
  // other appliers or as a root, as before it was made. One below no Kustomization's path is applied by hand or by a
  // bootstrap tool (a helmfile, terraform): it stays.
  const ownerFiles = [...new Set(input.syncs.flatMap((sync) => (sync.ownerFile ? [sync.ownerFile] : [])))];
  const neverDeployedSyncs = new Set<string>();
  const kustomizations = [...[...written.values()].flat(), ...instanceMade].filter((object) => object.kind === 'Kustomization' && object.appliesDir);
  const appliesFile = (parent: FluxObject, file: string) => appliedFilesOf(parent.appliesDir!, trees, ownerFiles).includes(file);
  for (const made of [...reached].filter((object) => object.madeBy !== undefined)) {
    const ownerFile = input.syncs.find((sync) => sync.owner === made.madeBy)?.ownerFile;
    if (ownerFile === undefined) continue;
    const [ownerKind, , ownerName] = made.madeBy!.split('/');
    const applied = ownerKind === 'HelmRelease'
      ? [...reached].some((other) => other.kind === 'HelmRelease' && other.name === ownerName && other.file === ownerFile)
      : [...reached].some((other) => other.kind === 'Kustomization' && other.appliesDir !== undefined && appliesFile(other, ownerFile));
    // (The Kustomization this very sync makes says nothing of it: a FluxInstance inside its own sync path that the path's
    // kustomization does not list is applied by hand or by terraform, as a review's probe had it.)
    if (applied || !kustomizations.some((parent) => parent.madeBy !== made.madeBy && isInside(parent.appliesDir!, ownerFile))) continue;
    reached.delete(made);
    applies.delete(made);
    neverDeployedSyncs.add(made.madeBy!);
  }
  // What writes a sync whose placement only the build shows (a replacement gives the flux-instance chart's applier its
  // targetNamespace: haraldkoch/kochhaus-home) is named as Flux applies it, where it is applied once (see placeSyncs).
  for (const object of reached) {
    const [kind, namespace, name] = object.madeBy?.split('/') ?? [];
    if (namespace !== '' || kind === undefined) continue;
    const ownerFile = input.syncs.find((sync) => sync.owner === object.madeBy)?.ownerFile;
    const placed = [...new Set([...reached].filter((other) => other.kind === kind && other.name === name && other.file === ownerFile).map((other) => other.namespace))];
    if (placed.length === 1 && placed[0] !== undefined) object.madeBy = `${kind}/${placed[0]}/${name}`;
  }
  const objects = [...reached].sort(compareObjects);
  // A FluxInstance's sync path the artifact leaves out whole: flux-operator's Kustomization finds no path.
  const syncPathsLeftOut = input.syncs.flatMap((sync) => {
    const gap = sync.path && sync.sourceName && sync.location ? dirLeftOut(sync.path, sync.sourceName) : undefined;
    return gap ? [{ path: sync.path!, location: sync.location!, source: gap.source, ...(gap.file !== undefined ? { ignoreFile: gap.file } : {}) }] : [];
  });
  // Where a Kustomization applies it, in file order; each Kustomization it fails once, in the audit's order.
  const resourcesLeft = [...resourcesLeftOut.values()]
    .map((left) => ({ ...left, appliedBy: left.appliedBy.filter((parent) => reached.has(parent)).sort(compareObjects) }))
    .filter((left) => left.appliedBy.length > 0)
    .sort((a, b) => compareText(a.location.file, b.location.file) || (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
  return {
    objects, applies, pruned, openKinds, createdObjects, disabledGenerated: [...disabledGenerated.values()], entryDirs, clusterDirs, leftOut, resourcesLeftOut: resourcesLeft, syncPathsLeftOut, sparseCheckoutMissing: sparseDirsMissing, ownSources, patchesBuilt, inArtifact,
    neverDeployedSyncs,
  };
}

/**
 * Each sync's namespace, and so the name flux-operator gives what it makes where `sync.name` is not written, as Flux
 * places what writes it (a review's probes, soulwhisper/home-ops): the flux-instance chart's spec.targetNamespace, else
 * the targetNamespace of the Kustomizations that apply its file (where they agree), else the namespace of the
 * kustomization that lists it, else its metadata.namespace; the chart's default is flux-system. The FluxInstance
 * controller names the sync after its namespace (fluxinstance_controller.go), the chart puts it in the release's.
 * What writes the sync (`owner`, as explain names it) is placed the same way, bar the chart's targetNamespace.
 */
function placeSyncs(
  syncs: InputSync[], written: ReadonlyMap<string, FluxObject[]>, trees: ReadonlyMap<string, ScannedTree>, namespaceOf: ReadonlyMap<string, string | undefined>,
): void {
  const kustomizations = [...written.values()].flat().filter((object) => object.kind === 'Kustomization' && object.appliesDir !== undefined);
  for (const [index, sync] of syncs.entries()) {
    if (sync.ownerFile === undefined) continue;
    const file = sync.ownerFile;
    const targets = new Set(kustomizations.filter((parent) => appliedFilesOf(parent.appliesDir!, trees, [file]).includes(file)).map((parent) => parent.targetNamespace));
    const target = targets.size === 1 ? [...targets][0] : undefined;
    const placed = target ?? namespaceOf.get(file) ?? sync.writtenNamespace;
    const [ownerKind, , ownerName] = sync.owner?.split('/') ?? [];
    const owner = sync.owner !== undefined && placed !== undefined ? { owner: `${ownerKind}/${placed}/${ownerName}` } : {};
    const chart = ownerKind === 'HelmRelease';
    const namespace = sync.fixedNamespace ?? placed ?? (chart ? 'flux-system' : undefined);
    if (namespace === undefined || namespace.includes('${')) {
      syncs[index] = { ...sync, ...owner };
      continue;
    }
    const madeName = sync.writtenName ?? namespace;
    syncs[index] = { ...sync, ...owner, namespace, madeName, ...(sync.kind === 'GitRepository' ? { sourceName: madeName } : {}) };
  }
}

/**
 * The Kustomization flux-operator makes of each FluxInstance's sync (GitRepository, OCIRepository, Bucket) whose path is a directory here
 * (internal/builder's sync template): named and sourced as the sync says (`sync.name`, else the FluxInstance's
 * namespace), in that namespace, applying `sync.path` with prune and neither wait nor healthChecks, every 10 min.
 * No file writes it; it is located at `sync.path`. Where a written Kustomization of that name and namespace applies the
 * same directory (flux bootstrap's gotk-sync.yaml kept after the move to flux-operator), that one stands for it. Two
 * syncs of one name, namespace and path (a chart's values written twice) make one.
 */
async function instanceKustomizations(input: AppliedInput, written: ReadonlyMap<string, FluxObject[]>): Promise<FluxObject[]> {
  const { syncs, directories, namespaceOf, skips } = input;
  const made = new Map<string, FluxObject>();
  for (const sync of syncs) {
    if (sync.path === undefined || sync.location === undefined || sync.madeName === undefined || sync.pathNode === undefined) continue;
    // flux-operator makes the Kustomization for every sync kind: without it, a dependsOn on flux-system resolved to
    // nothing and passed (a trial's probe). An OCI artifact's or a bucket's path is relative to what was pushed, not to
    // this repository's root: where it names a directory below the root (eleboucher/homelab's kubernetes/flux/cluster:
    // the repository pushed whole), the Kustomization applies it, as its entry point is read already; a path of the
    // artifact's root (`./`, a directory pushed alone) tells nothing of where it is here: the Kustomization is made,
    // applying nothing known, and the directory stays the entry point it was.
    if (!directories.has(sync.path) && !existsSync(sync.path)) continue;
    const appliesHere = sync.kind === 'GitRepository' || sync.path !== input.root;
    const name = sync.madeName;
    const namespace = sync.namespace ?? namespaceOf.get(sync.location.file) ?? 'flux-system';
    const key = `${namespace}/${name}\u0000${sync.path}`;
    if (made.has(key)) continue;
    const writtenAlready = [...written.values()].some((objects) => objects.some((object) => object.kind === 'Kustomization' && object.name === name
      && (namespaceOf.get(object.file) ?? object.namespace ?? namespace) === namespace && object.appliesDir === sync.path));
    if (writtenAlready) continue;
    // kustomize.patches that change what the audit reads of it (a wait, a timeout, a path): built with them by the real
    // kustomize, as flux-operator builds what it generates (a review's probe: a patched wait: true read as absent hid a
    // deadlock). Where kustomize cannot run, or refuses them, none is made, and that is counted.
    const patched = sync.patchedBeyondReading ? await patchedSync(sync, input) : undefined;
    if (sync.patchedBeyondReading && patched === undefined) {
      skips.add('FluxInstance syncs whose kustomize.patches change the Kustomization flux-operator makes (its wait, timeout, path...) where kustomize cannot build them here: that Kustomization is not made, and its sync path is audited as an entry point', sync.location.file, true);
      continue;
    }
    const object: FluxObject = {
      kind: 'Kustomization', apiVersion: `${KUSTOMIZE_GROUP}/v1`, name, namespace, file: sync.location.file, location: sync.location,
      dependsOn: [], dependsOnLocation: sync.location, suspend: false, wait: false, healthChecks: false,
      path: scalarString(sync.pathNode) ?? displayPath(dirname(sync.location.file), sync.path), pathLocation: sync.location, ...(appliesHere ? { appliesDir: sync.path } : {}),
      interval: '10m0s', sourceKind: sync.kind, sourceName: name, madeBy: sync.owner ?? `FluxInstance/${namespace}/`,
      ...(sync.postBuildPatched ? { substitute: {}, substituteFrom: true } : {}),
    };
    made.set(key, patched ? withPatchedSpec(object, patched, sync.location, input.root, directories) : object);
  }
  return [...made.values()];
}

/** flux-operator's sync Kustomization as its template writes it (internal/builder/templates.go), before its patches. */
function syncTemplate(sync: InputSync, name: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: `${KUSTOMIZE_GROUP}/v1`, kind: 'Kustomization', metadata: { name, namespace },
    spec: { interval: '10m0s', path: scalarString(sync.pathNode ?? null) ?? '', prune: true, sourceRef: { kind: sync.kind, name } },
  });
}

/** The sync Kustomization with the FluxInstance's kustomize.patches, as the real kustomize builds it; undefined where it cannot. */
async function patchedSync(sync: InputSync, input: AppliedInput): Promise<FluxObject | undefined> {
  if (input.kustomize === false || sync.kustomizePatches === undefined || sync.location === undefined) return undefined;
  const { buildWithPatches, findKustomize } = await import('./kustomize-build.js');
  const kustomize = findKustomize();
  const name = sync.madeName!;
  const namespace = sync.namespace ?? 'flux-system';
  const built = kustomize ? await buildWithPatches(kustomize, syncTemplate(sync, name, namespace), sync.kustomizePatches) : undefined;
  if (built === undefined) return undefined;
  const { file } = await parseYamlBytes(join(dirname(sync.location.file), '<kustomize>'), Buffer.from(built));
  const node = file?.documents.flatMap((document) => listItems(document.root))
    .find((candidate) => scalarString(mapValue(candidate, ['kind'])) === 'Kustomization' && scalarString(mapValue(candidate, ['metadata', 'name'])) === name);
  return file && node ? readFluxObject(file, node, undefined, input.root, [], input.directories) : undefined;
}

/**
 * The made Kustomization with what its patches set: wait, health checks, timeout, dependsOn, path and the rest, as
 * read from the build; still located at sync.path (the build is no file of the repository), and applying the patched path.
 */
function withPatchedSpec(object: FluxObject, patched: FluxObject, at: Location, root: string, directories: ReadonlySet<string>): FluxObject {
  // (Where the build put it, and its locations in the build's text: the made object's own stand instead.)
  const { file: _file, location: _location, dependsOnLocation: _dependsOnLocation, pathLocation: _pathLocation, waitLocation: _waitLocation, timeoutLocation: _timeoutLocation, appliesDir: _builtDir, ...rest } = patched;
  const appliesDir = patched.path === undefined || patched.path.includes('${') ? undefined : resolveSpecPath(root, patched.path, directories);
  return {
    ...rest, file: object.file, location: object.location, dependsOnLocation: at, pathLocation: at, madeBy: object.madeBy!,
    dependsOn: patched.dependsOn.map((dependency) => ({ ...dependency, location: at })),
    ...(patched.wait ? { waitLocation: at } : {}), ...(patched.timeout ? { timeoutLocation: at } : {}),
    ...(appliesDir ? { appliesDir } : {}),
  };
}

const specKeys = new WeakMap<FluxObject, string>();

/** specKey of an object whose copies keep its spec (only the namespace changes): computed once. */
function cachedSpecKey(object: FluxObject): string {
  let key = specKeys.get(object);
  if (key === undefined) specKeys.set(object, key = specKey(object));
  return key;
}

/** The fields besides name, namespace and dependsOn that the rules and the order read. */
function specKey(object: FluxObject): string {
  return JSON.stringify([object.path, object.appliesDir, object.targetNamespace, object.namePrefix, object.nameSuffix, object.suspend, object.wait, object.healthChecks, object.healthCheckTargets, object.healthCheckExprs, object.timeout, object.installTimeout, object.applyExcluded?.written, object.fluxPatches,
    object.interval, object.disableWait, object.sourceKind, object.components, object.substitute, object.substituteFrom, object.substituteDisabled,
    object.ignoreAnnotation?.value,
    // Two clusters' patches that each turn the wait off leave two copies, so a finding can name both patches (a review's probe).
    object.waitTurnedOffAt && `${object.waitTurnedOffAt.file}:${object.waitTurnedOffAt.line}`,
    object.suspendPatchedAt && `${object.suspendPatchedAt.file}:${object.suspendPatchedAt.line}`]);
}

/** What one dependsOn list says, so two builds that patch it differently stay two objects. */
function dependsOnKey(object: FluxObject): string {
  return object.dependsOn.map((dependency) => `${dependency.kind ?? ''}/${dependency.namespace ?? ''}/${dependency.name}`).join(',');
}

function compareObjects(a: FluxObject, b: FluxObject): number {
  return compareText(a.file, b.file) || (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0)
    || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A ResourceSet template's namespace as its applier's postBuild substitutes it; one a variable is still left in
 * (no value given, or one only substituteFrom knows) may be any namespace: undefined.
 */
function substitutedNamespace(namespace: string, owner: FluxObject): string | undefined {
  const text = appliersSubstitution(namespace, owner);
  return /\$\{[^}]*\}/.test(text) ? undefined : text;
}

/** A ResourceSet's text with its applier's postBuild values substituted (kept on the ResourceSet), as written where it has none. */
function appliersSubstitution(text: string, owner: FluxObject): string {
  return owner.substitute || owner.substituteFrom ? substituteVariables(text, owner.substitute ?? {}, Boolean(owner.substituteFrom)) : text;
}

/**
 * The literal parts of a ResourceSet's name template (see templateCanGive) with its applier's postBuild values
 * substituted (kept on the ResourceSet); a `${VARIABLE}` still there stands for any text, like a template's input.
 * undefined where nothing literal is left.
 */
function substitutedParts(parts: readonly string[], owner: FluxObject): string[] | undefined {
  // Any text between the parts, and between the pieces a variable left splits a part into.
  const pieces = parts.map((part) => appliersSubstitution(part, owner).split(/\$\{[^}]*\}/));
  const joined = pieces.reduce<string[]>((all, split, index) => (index === 0 ? [...split] : [...all, ...split]), []);
  return joined.every((piece) => piece === '') ? undefined : joined;
}

/** A chart's template file read for the Flux objects it renders: at most this much (a vendored bundle is no such chart). */
const CHART_TEMPLATE_BYTES = 256 * 1024;
/** A Flux kind's apiVersion at a line's start, in a template document (its kind then on a line of its own). */
const FLUX_TEMPLATE_API = /^apiVersion:\s*["']?(kustomize\.toolkit\.fluxcd\.io|helm\.toolkit\.fluxcd\.io|fluxcd\.controlplane\.io)\//m;
/** `name:` and `namespace:` within a template's metadata block: the value, quotes and a comment left out. */
const TEMPLATE_NAME = /^[ \t]+name:[ \t]*["']?([^"'#\n]*?)["']?[ \t]*(?:#.*)?$/m;
const TEMPLATE_NAMESPACE = /^[ \t]+namespace:[ \t]*["']?([^"'#\n]*?)["']?[ \t]*(?:#.*)?$/m;

/**
 * The repository's open kinds, with the Flux objects that its Helm charts' templates render (a trial's probe,
 * matheuscscp/flux-operator-cluster-api-example: a HelmRelease installs charts/spoke-cluster, whose template renders
 * Kustomization flux-system/spoke-cluster, and a dependsOn on it was called missing, "for ever", a deadlock). Helm
 * renders them in the cluster, as a ResourceSet generates its objects: a dependsOn item that one of them can name is
 * not judged missing (model/unseen-targets.ts). Per template document: its kind; its metadata.name's literal parts
 * around `{{ }}`; its namespace where written without `{{` (else any); not one with neither written plainly.
 * Only the answer to "may the cluster have it" uses these: what the repository leaves unapplied is judged as before.
 */
function withChartRenderedKinds(openKinds: FluxRepository['openKinds'], templateDirs: readonly string[], root: string): FluxRepository['openKinds'] {
  if (templateDirs.length === 0) return openKinds;
  const kinds: FluxRepository['openKinds'] = new Map([...openKinds].map(([kind, open]) => [kind, [...open]]));
  for (const dir of templateDirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => /\.(ya?ml|tpl)$/i.test(file)).sort();
    } catch {
      continue; // listed by the walk a moment ago; gone or unlistable now: nothing rendered is known
    }
    for (const file of files) {
      const text = readChartTemplate(join(dir, file));
      if (text === undefined || !FLUX_TEMPLATE_API.test(text)) continue;
      for (const document of text.split(/^---[^\n]*$/m)) {
        if (!FLUX_TEMPLATE_API.test(document)) continue;
        const kind = /^kind:\s*["']?(Kustomization|HelmRelease|ResourceSet)\b/m.exec(document)?.[1];
        if (kind === undefined) continue;
        const metadata = /^metadata:[ \t]*\n((?:[ \t]+.*\n?|[ \t]*\n)*)/m.exec(document)?.[1] ?? '';
        const written = TEMPLATE_NAME.exec(metadata)?.[1];
        const namespace = TEMPLATE_NAMESPACE.exec(metadata)?.[1] || undefined;
        const names = written ? written.split(/\{\{.*?\}\}/) : undefined;
        const literalNamespace = namespace !== undefined && !namespace.includes('{{') ? namespace : undefined;
        // Neither a namespace nor any part of the name written plainly: it would excuse every item of its kind in the
        // repository (a chart's {{ .Release.Name }} in {{ .Release.Namespace }}); such a template stays unread.
        if (literalNamespace === undefined && !names?.some((part) => part !== '')) continue;
        kinds.set(kind, [...(kinds.get(kind) ?? []), {
          owner: `chart ${displayPath(root, dirname(dir))}`,
          ...(literalNamespace !== undefined ? { namespace: literalNamespace } : {}),
          ...(names !== undefined ? { names } : {}),
        }]);
      }
    }
  }
  return kinds;
}

/** A chart template's text, or undefined where it is not a small readable file. */
function readChartTemplate(path: string): string | undefined {
  const read = readRegularFile(path, CHART_TEMPLATE_BYTES);
  return 'finding' in read ? undefined : read.bytes.toString('utf8');
}
