import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { childPaths } from '../model/paths.js';
import { isInside } from '../model/inside.js';
import { outsideRootFinding } from './inside-root.js';
import { closestName } from '../model/names.js';
import type { Finding, Kustomization, KustomizationResource, KustomizeTransformation, Location } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import { requeueSettingsIn } from './requeue.js';
import { readYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlMap, YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';

/** The names kustomize looks for, in its own order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * An entry kustomize fetches instead of reading it from the directory: a URL, a go-getter `git::` address, an
 * scp-style git address (`git@github.com:org/repo//dir?ref=v1`), a path on a known git host (a review's probe:
 * `git@github.com:` was taken for a local directory).
 */
export const REMOTE_ENTRY = /^(?:[a-z][a-z0-9+.-]*:\/\/|git::|[\w.-]+@[\w.-]+:|(?:github\.com|gitlab\.com|bitbucket\.org)\/)/i;

/**
 * Fields whose effect on HelmReleases this tool applies itself (namespace:)
 * or that cannot change a HelmRelease's name, namespace, dependsOn or labels.
 * A kit that uses only these is read statically: no extra process.
 */
const STATIC_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'namespace', 'sortOptions', 'buildMetadata', 'openapi', 'crds',
  'images', 'replicas', 'commonAnnotations', 'generatorOptions',
]);

/**
 * Every other field of kustomize v5's Kustomization type. Each can rename,
 * patch, relabel or generate objects, so a kit using one is built by the real
 * kustomize. A field in neither list is one kustomize itself rejects.
 */
const TRANSFORMING_FIELDS = new Set([
  'namePrefix', 'nameSuffix', 'commonLabels', 'labels', 'patches', 'patchesStrategicMerge', 'patchesJson6902',
  'replacements', 'vars', 'components', 'bases', 'configMapGenerator', 'secretGenerator', 'generators',
  'transformers', 'validators', 'configurations', 'helmCharts', 'helmGlobals', 'helmChartInflationGenerator',
  'imageTags',
]);

const KNOWN_FIELDS = [...STATIC_FIELDS, ...TRANSFORMING_FIELDS];
/** The known fields by their lower-case spelling. */
export const KNOWN_BY_FOLDED = new Map(KNOWN_FIELDS.map((field) => [field.toLowerCase(), field]));

/**
 * The kustomization with each key that names a known field in another case (`apiversion:`, `Resources:`) given
 * that field's spelling: kustomize reads the file through Go's encoding/json, which matches field names regardless
 * of case (kubectl kustomize builds allenporter/k8s-gitops's `apiversion:`), so such a key is that field, not an
 * unknown one. The same map where every key is spelt as kustomize spells it.
 */
function withKnownFieldNames(document: YamlMap): YamlMap {
  if (document.entries.every((entry) => !KNOWN_BY_FOLDED.has(entry.key.toLowerCase()) || KNOWN_BY_FOLDED.get(entry.key.toLowerCase()) === entry.key)) return document;
  // Where two spellings of one field are written, kustomize keeps the one whose key sorts last (its YAML-to-JSON
  // step sorts the keys, and the decoder's last match wins: `resources:` over `Resources:`).
  const kept = new Map<string, string>();
  for (const { key } of document.entries) {
    const known = KNOWN_BY_FOLDED.get(key.toLowerCase());
    if (known !== undefined && (kept.get(known) ?? '') < key) kept.set(known, key);
  }
  return {
    ...document,
    entries: document.entries.flatMap((entry) => {
      const known = KNOWN_BY_FOLDED.get(entry.key.toLowerCase());
      if (known === undefined) return [entry];
      if (kept.get(known) !== entry.key) return [];
      return known === entry.key ? [entry] : [{ ...entry, key: known }];
    }),
  };
}

/**
 * Fields kustomize merges up to the top of a build and applies there once:
 * name-reference and var-reference configurations, CRD schemas, OpenAPI
 * schemas, vars, and the output order. Built in one process with other trees,
 * a tree with one would reach their objects too (a nameReference rewriting
 * another tree's dependsOn), so such a tree is built alone (kustomize-build.ts).
 */
const BUILD_WIDE_FIELDS = new Set(['configurations', 'crds', 'openapi', 'vars', 'sortOptions']);

/** The kustomization file in `dir`, or a finding when there is none or more than one (kustomize refuses both). */
export function findKustomizationFile(dir: string): { path?: string; others: string[] } {
  const present = KUSTOMIZATION_FILE_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path));
  return { ...(present[0] ? { path: present[0] } : {}), others: present.slice(1) };
}

/** A kustomization that only a kustomize build can read (`fields` says why), and neither kustomize nor kubectl to run. */
export function kustomizeMissing(location: Location, fields: string): Finding {
  return inputFinding('input/kustomize-missing', location,
    `the kustomization uses ${fields}, which only kustomize can apply, and neither kustomize nor kubectl is on PATH`,
    'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or pass --no-kustomize to audit the files as written');
}

/** kustomize's own error, as one located line: the build Flux runs would fail the same way. */
export function kustomizeError(location: Location, message: string, fix: string): Finding {
  return inputFinding('input/kustomize-error', location, message, fix);
}

/**
 * A build of the repository's own content that kustomize (so kustomize-controller) refuses: in the repository
 * audit, a finding about that one Kustomization (kustomization/build-failed), which Flux marks BuildFailed while it
 * reconciles the rest, not an input error that stops the audit. What it builds is read as written meanwhile.
 */
export function buildFailed(location: Location, message: string, fix: string): Finding {
  return { rule: 'kustomization/build-failed', severity: 'error', location, message, fix };
}

/** A kustomize error from reading the repository's own content, as the repository audit reports it (see buildFailed). */
export function asBuildFailure(finding: Finding): Finding {
  return finding.rule === 'input/kustomize-error' ? { ...finding, rule: 'kustomization/build-failed' } : finding;
}

/**
 * Where a resources: entry points. Files must stay inside the kustomization's
 * own directory (kustomize's default load restriction) unless `anyFile`
 * (LoadRestrictionsNone, as kustomize-controller builds); directories may be
 * anywhere inside the repository root. Remote entries are never read.
 */
function resolveEntry(
  dir: string,
  /** `join(dir, name)` for a plain name (childPaths). */
  inDir: (name: string) => string,
  root: string,
  entry: string,
  listing: ReadonlyMap<string, Dirent> | undefined,
  anyFile = false,
  listingOf?: (dir: string) => ReadonlyMap<string, Dirent> | undefined,
): { path?: string; directory?: boolean } {
  // The usual entry is a bare file name (or ./name): no need for path arithmetic, and
  // the directory listing says what it is without a stat (a link still needs one).
  if (entry.startsWith('./') && /^[\w.-]+$/.test(entry.slice(2)) && entry !== './.' && entry !== './..') entry = entry.slice(2);
  if (/^[\w.-]+$/.test(entry) && entry !== '.' && entry !== '..') {
    const path = inDir(entry);
    if (listing === undefined) return { path, directory: isDirectory(path) };
    const listed = listing.get(entry);
    if (listed === undefined) return { path, directory: false };
    return { path, directory: listed.isSymbolicLink() ? isDirectory(path) : listed.isDirectory() };
  }
  if (REMOTE_ENTRY.test(entry) || isAbsolute(entry)) return {};
  const target = resolve(dir, entry);
  if (!isInside(root, target)) return {};
  if (listedAsDirectory(target, listingOf)) return { path: target, directory: true };
  return anyFile || isInside(dir, target) ? { path: target, directory: false } : {};
}


/** isDirectory, answered by a listing of the parent directory when the caller has one (a link still gets its stat). */
function listedAsDirectory(path: string, listingOf?: (dir: string) => ReadonlyMap<string, Dirent> | undefined): boolean {
  const listed = listingOf?.(dirname(path));
  if (!listed) return isDirectory(path);
  const dirent = listed.get(basename(path));
  if (!dirent) return false;
  return dirent.isSymbolicLink() ? isDirectory(path) : dirent.isDirectory();
}

/** Whether `path` is a directory (a link followed); false where nothing is there. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The first non-empty document: a trailing `---` (an empty document) is what many editors leave. */
function onlyDocument(file: YamlFile): { root?: YamlMap; problem?: Finding } {
  const documents = file.documents.filter((document) => !isEmptyNode(document.root));
  const root = documents[0]?.root;
  if (!root) {
    return { problem: inputFinding('input/invalid-resource', file.locate(null), 'kustomization is empty',
      'write one Kustomization document with a resources: list') };
  }
  if (documents.length > 1) {
    return { problem: inputFinding('input/invalid-resource', file.locate(documents[1]!.root), 'kustomization holds more than one YAML document',
      'write one Kustomization document with a resources: list') };
  }
  if (root.kind !== 'map') {
    return { problem: inputFinding('input/invalid-resource', file.locate(root), `kustomization is ${describeNodeType(root)}, not a mapping`,
      'write one Kustomization document with a resources: list') };
  }
  return { root };
}

/** What a patch or component field names, for a reader that asks whether it can touch a given kind. */
/**
 * The labels and annotations this tool reads of an object's metadata (flux-object.ts, resource-set.ts): what
 * commonAnnotations, commonLabels or labels setting one of them changes is what the audit reads, so such a
 * kustomization is built (a review's probe: commonAnnotations gave every object kustomize.toolkit.fluxcd.io/
 * substitute: disabled, and Flux's substitution was still applied here).
 */
const AUDITED_METADATA_KEYS = new Set([
  'kustomize.toolkit.fluxcd.io/substitute', 'kustomize.toolkit.fluxcd.io/reconcile', 'kustomize.toolkit.fluxcd.io/ssa',
  'fluxcd.controlplane.io/reconcile', 'fluxcd.controlplane.io/reconcileTimeout', 'bootstrap-deps.io/ignore',
]);

/** Whether commonAnnotations, commonLabels (a mapping) or labels (a list of `pairs:` mappings) sets an audited key. */
function setsAuditedMetadata(field: string, value: YamlNode | null): boolean {
  const mappings = field === 'labels' ? (value?.kind === 'seq' ? value.items.map((item) => mapValue(item, ['pairs'])) : []) : [value];
  return mappings.some((mapping) => mapping?.kind === 'map' && mapping.entries.some((entry) => AUDITED_METADATA_KEYS.has(entry.key)));
}

function transformationDetail(field: string, value: YamlNode | null, dir: string, file: YamlFile): Pick<KustomizeTransformation, 'patches' | 'directories' | 'directoryEntries' | 'value' | 'setsAuditedMetadata'> {
  if ((field === 'commonLabels' || field === 'labels') && setsAuditedMetadata(field, value)) return { setsAuditedMetadata: true };
  if (field === 'namePrefix' || field === 'nameSuffix') {
    const text = scalarString(value);
    return text === undefined ? {} : { value: text };
  }
  const items = value?.kind === 'seq' ? value.items : [];
  if (field === 'components') {
    const directoryEntries = items.flatMap((item) => {
      const entry = scalarString(item);
      return entry ? [{ entry, location: file.locate(item), directory: resolve(dir, entry) }] : [];
    });
    return { directories: directoryEntries.map((entry) => entry.directory), directoryEntries };
  }
  if (!['patches', 'patchesStrategicMerge', 'patchesJson6902'].includes(field)) return {};
  return {
    patches: items.map((item) => {
      if (item?.kind !== 'map') {
        const text = scalarString(item) ?? '';
        return text.includes('\n') ? { inline: text } : { file: resolve(dir, text) };
      }
      const targetKind = scalarString(mapValue(item, ['target', 'kind']));
      const path = scalarString(mapEntry(item, 'path')?.value);
      const patch = scalarString(mapEntry(item, 'patch')?.value);
      // With these options a merge patch's name or kind is no longer a selector: it renames.
      const renames = ['allowNameChange', 'allowKindChange'].some((option) => {
        const value = mapValue(item, ['options', option]);
        return value?.kind === 'scalar' && value.value === true;
      });
      return {
        ...(targetKind ? { targetKind } : {}), ...(path ? { file: resolve(dir, path) } : {}), ...(patch ? { inline: patch } : {}), ...(renames ? { renames: true as const } : {}),
      };
    }),
  };
}

export async function loadKustomization(
  path: string,
  root: string,
  /**
   * `loadRestrictionsNone`: a file entry may leave the kustomization's directory (inside the root), as
   * kustomize-controller allows. `listed`: a directory listing already called the file regular (no fstat).
   */
  options: {
    loadRestrictionsNone?: boolean; listed?: boolean; listingOf?: (dir: string) => ReadonlyMap<string, Dirent> | undefined;
    /**
     * A file of comments alone (every line of it commented out) is an empty kustomization, as kustomize-controller
     * reads the one at a Kustomization's spec.path: fluxcd/pkg's generator unmarshals it into an empty Kustomization
     * and gives it buildMetadata, so the build applies nothing and succeeds (imerkle/home-ops's runners). The
     * repository scan's reading, which reports one below spec.path (kustomize's own "kustomization.yaml is empty"
     * there: a review's probe); the kit audit keeps that error everywhere.
     */
    noDocumentIsEmpty?: boolean;
  } = {},
): Promise<{ kustomization?: Kustomization; findings: Finding[] }> {
  const dir = dirname(path);
  const inDir = childPaths(dir);
  const { file, findings, text } = await readYamlFile(path, undefined, { listed: Boolean(options.listed) });
  if (!file) return { findings };
  const { root: written, problem } = onlyDocument(file);
  if (!written && options.noDocumentIsEmpty && file.documents.every((document) => isEmptyNode(document.root))) {
    return { kustomization: { path, resources: [], transformations: [], resourcesLocation: file.locate(null), itemIndent: '  ', empty: true, noDocument: true }, findings };
  }
  if (!written) return { findings: [problem!] };
  const document = withKnownFieldNames(written);
  const resourcesEntry = mapEntry(document, 'resources');
  const transformations: KustomizeTransformation[] = [];
  for (const entry of document.entries) {
    if (STATIC_FIELDS.has(entry.key)) {
      // (Static, but for a key the audit reads of the objects' metadata: see AUDITED_METADATA_KEYS.)
      if (entry.key === 'commonAnnotations' && setsAuditedMetadata(entry.key, entry.value)) {
        transformations.push({ field: entry.key, location: file.locate(entry.keyPosition), setsAuditedMetadata: true });
      }
      continue;
    }
    const location = file.locate(entry.keyPosition);
    if (TRANSFORMING_FIELDS.has(entry.key)) {
      transformations.push({ field: entry.key, location, ...transformationDetail(entry.key, entry.value, dir, file) });
      continue;
    }
    const suggestion = closestName(entry.key, KNOWN_FIELDS);
    findings.push(kustomizeError(location, `unknown field ${JSON.stringify(entry.key)} in ${basename(path)}: kustomize build fails on it`,
      suggestion ? `did you mean ${suggestion}?` : 'remove it, or correct it to a kustomize field'));
  }
  // kustomize's EnforceFields: a kind other than Kustomization or Component, or an apiVersion other than the kind's
  // (kustomize.config.k8s.io/v1beta1, v1alpha1 for a Component), fails the build; either may be left out. A Flux
  // Kustomization saved as kustomization.yaml is the usual case (a trial's probe: it passed).
  const kindEntry = mapEntry(document, 'kind');
  const apiVersionEntry = mapEntry(document, 'apiVersion');
  const kindWritten = scalarString(kindEntry?.value);
  const apiVersionWritten = scalarString(apiVersionEntry?.value);
  if (kindWritten !== undefined && kindWritten !== 'Kustomization' && kindWritten !== 'Component') {
    findings.push(kustomizeError(file.locate(kindEntry!.value), `kind: ${kindWritten} in ${basename(path)}: kustomize build fails ("kind should be Kustomization or Component")`,
      'write kind: Kustomization (or Component)'));
  } else if (apiVersionWritten !== undefined) {
    const wanted = kindWritten === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
    if (apiVersionWritten !== wanted) {
      findings.push(kustomizeError(file.locate(apiVersionEntry!.value), `apiVersion: ${apiVersionWritten} in ${basename(path)}: kustomize build fails ("apiVersion for ${kindWritten ?? 'Kustomization'} should be ${wanted}")${apiVersionWritten.startsWith('kustomize.toolkit.fluxcd.io/') ? ': this is a Flux Kustomization, and a kustomization file is kustomize\'s own' : ''}`,
        apiVersionWritten.startsWith('kustomize.toolkit.fluxcd.io/') ? 'rename the file (ks.yaml, say) and list it in a kustomization.yaml of kustomize\'s own' : `write apiVersion: ${wanted}`));
    }
  }
  if (resourcesEntry === undefined && transformations.length === 0 && kindEntry === undefined) {
    findings.push(inputFinding('input/invalid-resource', file.locate(document), 'kustomization has no resources: list',
      'list the slot files under resources:'));
    return { findings };
  }
  const resources: KustomizationResource[] = [];
  const list = resourcesEntry?.value;
  // `resources:` with nothing after it is an empty list, not an error.
  if (list && list.kind !== 'seq' && !isEmptyNode(list)) {
    findings.push(inputFinding('input/invalid-resource', file.locate(list),
      `resources: is ${describeNodeType(list)}, not a list`, 'write resources: as a list of file names'));
    return { findings };
  }
  let itemIndent = '  ';
  // One directory listing answers "does it exist" and "is it a directory" for the usual entry, a file in the same directory.
  // (A caller that walked the tree already has the listing: the repository scan passes it.)
  let listing: ReadonlyMap<string, Dirent> | undefined = options.listingOf?.(dir);
  if (!listing) {
    try {
      listing = new Map(readdirSync(dir, { withFileTypes: true }).map((dirent) => [dirent.name, dirent]));
    } catch {
      listing = undefined;
    }
  }
  const exists = (target: string) => {
    if (dirname(target) === dir && listing?.has(basename(target))) return true;
    const elsewhere = options.listingOf?.(dirname(target));
    return elsewhere ? elsewhere.has(basename(target)) : existsSync(target);
  };
  // Whether the entry itself is a symbolic link (source-controller leaves links out of an artifact), by a listing
  // where there is one, else by lstat.
  const isLink = (target: string) => {
    const listed = (dirname(target) === dir ? listing : options.listingOf?.(dirname(target)))?.get(basename(target));
    return listed ? listed.isSymbolicLink() : isSymbolicLink(target);
  };
  if (list?.kind === 'seq') {
    const firstByPath = new Map<string, KustomizationResource>();
    for (const item of list.items) {
      const entry = scalarString(item);
      const location = file.locate(item);
      if (entry === undefined) {
        findings.push(inputFinding('input/invalid-resource', location,
          `resources: entry is ${describeNodeType(item)}, not a file name`, 'write each entry as a plain file name'));
        continue;
      }
      const resolved = resolveEntry(dir, inDir, root, entry, listing, options.loadRestrictionsNone, options.listingOf);
      if (resolved.path === path) {
        findings.push(kustomizeError(location, `resources: lists ${entry}, the kustomization itself: kustomize build fails ("missing Resource metadata")`,
          'delete this entry: a kustomization applies the files it lists, never itself'));
        continue;
      }
      const found = resolved.path !== undefined && exists(resolved.path);
      const resource: KustomizationResource = resolved.path === undefined
        ? { entry, exists: false, location }
        : { entry, path: resolved.path, exists: found, location, ...(resolved.directory ? { directory: true } : {}), ...(found && isLink(resolved.path) ? { link: true as const } : {}) };
      const first = resolved.path === undefined ? undefined : firstByPath.get(resolved.path);
      if (first) {
        findings.push(kustomizeError(location,
          `resources: lists ${entry} again (first at line ${first.location.line}): kustomize build fails with "already registered id"`,
          'delete this entry'));
        continue;
      }
      if (resolved.path !== undefined) firstByPath.set(resolved.path, resource);
      resources.push(resource);
    }
    const first = resources[0]?.location.column;
    // The "- " sits two columns before the item value.
    if (first && first > 2) itemIndent = ' '.repeat(first - 3);
  }
  // Patch files hold partial objects: they are never resources, nor slot files.
  const patchFiles: string[] = [];
  for (const field of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const list = mapEntry(document, field)?.value;
    for (const item of list?.kind === 'seq' ? list.items : []) {
      const written = item?.kind === 'map' ? scalarString(mapEntry(item, 'path')?.value) : field === 'patchesStrategicMerge' ? scalarString(item) : undefined;
      // An inline strategic-merge patch is YAML text, not a path.
      if (written && !written.includes('\n')) patchFiles.push(resolve(dir, written));
    }
  }
  // Generator sources are data: a flux-instance HelmRelease's values often come from one (valuesFrom a ConfigMap
  // that configMapGenerator makes of helm-values.yaml), and with them the controllers' --requeue-dependency,
  // which the repository scan reads there (requeueSettingsInFile); the kit audit never does.
  const generatorFiles: string[] = [];
  const generated: NonNullable<Kustomization['generated']> = [];
  const generatorSources: NonNullable<Kustomization['generatorSources']> = [];
  const configMapGeneratorNames: string[] = [];
  const secretGeneratorNames: string[] = [];
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    const list = mapEntry(document, field)?.value;
    for (const item of list?.kind === 'seq' ? list.items : []) {
      const files = mapValue(item, ['files']);
      const paths: string[] = [];
      for (const source of files?.kind === 'seq' ? files.items : []) {
        const written = scalarString(source);
        if (!written) continue;
        // `key=path`; a URL is fetched by kustomize, not read from the artifact.
        const entry = written.slice(written.indexOf('=') + 1);
        const sourcePath = resolve(dir, entry);
        paths.push(sourcePath);
        if (!REMOTE_ENTRY.test(entry)) generatorSources.push({ field, entry, location: file.locate(source), path: sourcePath });
      }
      generatorFiles.push(...paths);
      // env files (`envs:`, and the older `env:`) are read the same way.
      const envs = mapValue(item, ['envs']);
      for (const source of [...(envs?.kind === 'seq' ? envs.items : []), mapValue(item, ['env'])]) {
        const entry = scalarString(source);
        if (entry && !REMOTE_ENTRY.test(entry)) generatorSources.push({ field, entry, location: file.locate(source), path: resolve(dir, entry) });
      }
      const name = scalarString(mapValue(item, ['name']));
      if (name !== undefined && field === 'configMapGenerator') configMapGeneratorNames.push(name);
      if (name !== undefined && field === 'secretGenerator') secretGeneratorNames.push(name);
      if (name !== undefined && paths.length > 0) generated.push({ kind: field === 'configMapGenerator' ? 'ConfigMap' : 'Secret', name, files: paths });
    }
  }
  const buildWideFields = document.entries.filter((entry) => BUILD_WIDE_FIELDS.has(entry.key)).map((entry) => entry.key);
  const namespaceEntry = mapEntry(document, 'namespace');
  const namespace = scalarString(namespaceEntry?.value);
  // The controllers' --requeue-dependency lives in a patch's text, in no field (see RequeueSetting).
  const requeueSettings = text ? requeueSettingsIn(path, text) : [];
  const kustomization: Kustomization = {
    path,
    resources,
    transformations,
    resourcesLocation: file.locate(resourcesEntry?.keyPosition ?? document),
    itemIndent,
    ...(namespace ? { namespace, namespaceLocation: file.locate(namespaceEntry!.keyPosition) } : {}),
    ...(patchFiles.length > 0 ? { patchFiles } : {}),
    ...(generatorFiles.length > 0 ? { generatorFiles, generated } : {}),
    ...(generatorSources.length > 0 ? { generatorSources } : {}),
    ...(configMapGeneratorNames.length > 0 ? { configMapGeneratorNames } : {}),
    ...(secretGeneratorNames.length > 0 ? { secretGeneratorNames } : {}),
    ...(requeueSettings.length > 0 ? { requeueSettings } : {}),
    ...(buildWideFields.length > 0 ? { buildWideFields } : {}),
    ...(kindWritten === 'Component' ? { component: true as const } : {}),
    // kustomize's CheckEmpty: nothing but apiVersion and kind (every entry of it commented out).
    ...(document.entries.every((entry) => entry.key === 'apiVersion' || entry.key === 'kind') ? { empty: true as const } : {}),
    ...commentedOut(text, path, dir, listing),
  };
  return { kustomization, findings };
}

/**
 * The directories and YAML files a kustomization's text names in commented-out list items (`# - ../base/ext`,
 * `# - aster/aster.yaml`; the directories where they exist): entries taken out of the build.
 */
function commentedOut(text: string | undefined, file: string, dir: string, listing: ReadonlyMap<string, Dirent> | undefined): Pick<Kustomization, 'commentedOutDirs' | 'commentedOutFiles' | 'commentedOutEntries'> {
  if (!text?.includes('#')) return {};
  const dirs: string[] = [];
  const files: string[] = [];
  const entries: NonNullable<Kustomization['commentedOutEntries']> = [];
  // Where each is written (the line of its `#`), for a fix that names it (a trial's probe: "apply FILE" of a file whose
  // entry is only commented out).
  const at = (index: number): Location => {
    const line = text.slice(0, index).split('\n').length;
    return { file, line, column: index - text.lastIndexOf('\n', index - 1) + text.slice(index).search(/#/) };
  };
  for (const match of text.matchAll(/^[ \t]*#[ \t]*-[ \t]+["']?([^\s"'#]+)["']?[ \t]*$/gm)) {
    const entry = match[1]!;
    if (REMOTE_ENTRY.test(entry)) continue;
    const path = resolve(dir, entry);
    if (/\.ya?ml$/i.test(entry)) {
      // (One in the kustomization's own directory is left out as every file it does not list is: only one below counts.)
      // (Not stat-ed: only a path an object was read from is ever matched.)
      // (Its place is kept for one in its own directory too: the entry a fix can point at.)
      if (isInside(dir, path)) entries.push({ path, entry, location: at(match.index) });
      if (dirname(path) !== dir && isInside(dir, path)) files.push(path);
    } else if (path !== dir && (listing?.get(entry)?.isDirectory() || isDirectory(path))) {
      dirs.push(path);
      entries.push({ path, entry, location: at(match.index) });
    }
  }
  return {
    ...(dirs.length > 0 ? { commentedOutDirs: dirs } : {}), ...(files.length > 0 ? { commentedOutFiles: files } : {}),
    ...(entries.length > 0 ? { commentedOutEntries: entries } : {}),
  };
}

/** Every file a kustomization applies, with the namespace kustomize gives the objects in it. */
export interface AppliedFile {
  path: string;
  /** The outermost `namespace:` on the way to the file: the last namespace transformer to run wins. */
  namespace?: string;
}

export interface KustomizationTree {
  /** The kit's kustomization first, then every nested one, in the order kustomize reaches them. */
  kustomizations: Kustomization[];
  files: AppliedFile[];
  findings: Finding[];
}

/**
 * Follows `resources:` through nested kustomizations (subdirectories with
 * their own kustomization file), as `kustomize build` does, without running it.
 */
export async function loadKustomizationTree(
  top: Kustomization,
  root: string,
  load: typeof loadKustomization = loadKustomization,
): Promise<KustomizationTree> {
  const tree: KustomizationTree = { kustomizations: [], files: [], findings: [] };
  const seenFiles = new Set<string>();
  const walk = async (kustomization: Kustomization, outerNamespace: string | undefined, stack: string[]) => {
    tree.kustomizations.push(kustomization);
    const namespace = outerNamespace ?? kustomization.namespace;
    for (const resource of kustomization.resources) {
      if (!resource.path || !resource.exists) continue;
      if (!resource.directory) {
        if (!seenFiles.has(resource.path)) tree.files.push({ path: resource.path, ...(namespace ? { namespace } : {}) });
        seenFiles.add(resource.path);
        continue;
      }
      if (stack.includes(resource.path)) {
        tree.findings.push(kustomizeError(resource.location, `resources: entry ${resource.entry} includes a kustomization that includes this one: kustomize build fails on the cycle`,
          'remove the entry'));
        continue;
      }
      const found = findKustomizationFile(resource.path);
      if (!found.path) {
        tree.findings.push(kustomizeError(resource.location,
          `resources: entry ${resource.entry} is a directory without a kustomization file: kustomize build fails`,
          `add ${join(resource.entry, 'kustomization.yaml')} listing its files, or list the files themselves`));
        continue;
      }
      if (found.others.length > 0) {
        tree.findings.push(twoKustomizationFiles(found.path, found.others));
        continue;
      }
      // A directory inside the repository that a link takes outside it: reported, its kustomization never read.
      const outside = outsideRootFinding(found.path, root);
      if (outside) {
        tree.findings.push(outside);
        continue;
      }
      const nested = await load(found.path, root);
      tree.findings.push(...nested.findings);
      if (nested.kustomization) await walk(nested.kustomization, namespace, [...stack, resource.path]);
    }
  };
  await walk(top, undefined, [dirname(top.path)]);
  return tree;
}

/** Whether `path` is itself a symbolic link (not followed); false where it cannot be read. */
export function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function twoKustomizationFiles(path: string, others: readonly string[]): Finding {
  return kustomizeError({ file: others[0]!, line: null, column: null },
    `${basename(dirname(path))}/ holds both ${basename(path)} and ${others.map((other) => basename(other)).join(' and ')}: kustomize build fails ("Found multiple kustomization files")`,
    `keep one of them (merge ${basename(others[0]!)} into ${basename(path)})`);
}
