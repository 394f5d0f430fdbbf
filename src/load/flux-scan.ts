import { readdirSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { displayPath } from '../model/paths.js';
import type { FluxDependency, FluxKind, FluxObject, FluxRepository, ScanSkip } from '../model/flux-objects.js';
import { FLUX_API_GROUPS } from '../model/flux-objects.js';
import type { Finding, Kustomization, KustomizeTransformation, Location } from '../model/types.js';
import { inputFinding } from './input-findings.js';
import { isInside } from '../model/inside.js';
import { kustomizeError, loadKustomization, loadKustomizationTree } from './kustomization.js';
import type { AppliedFile } from './kustomization.js';
import { MAX_YAML_FILE_BYTES, parseYamlBytes, readListedFile, readRegularFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import type { Position, YamlNode } from './yaml-tree.js';
import { describeNodeType, isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';
import { DEPENDS_ON_ITEM_KEYS, readDependsOnItem } from './kit-file.js';
import { classifyHelmReleaseApi } from '../model/flux-api.js';
import { closestName } from '../model/names.js';

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
  /** Leave out paths matching one of these (absolute paths, or matchers on root-relative paths). */
  exclude?: (relativePath: string) => boolean;
  /** false (--no-kustomize): never run kustomize; a tree that would need it is read as written, with a warning. */
  kustomize?: boolean;
}

export interface ScanResult {
  repository: FluxRepository;
  findings: Finding[];
  /** Each Kustomization Flux applies → the objects its spec.path gives (as kustomize builds them). */
  applies: Map<FluxObject, FluxObject[]>;
  /** The files a Flux Kustomization's spec.path directory applies (see `appliedFilesOf`). */
  appliedFiles: (dir: string, files: readonly string[]) => string[];
}

const YAML_FILE = /\.ya?ml$/i;
const FLUX_MARKERS = ['fluxcd.io', 'fluxcd.controlplane.io'];
const KIND_BY_GROUP = new Map(Object.entries(FLUX_API_GROUPS).map(([kind, group]) => [group, kind as FluxKind]));

class SkipCounter {
  private readonly byReason = new Map<string, ScanSkip>();
  constructor(private readonly cwd: string) {}
  add(reason: string, path: string): void {
    const entry = this.byReason.get(reason);
    if (entry) entry.count += 1;
    else this.byReason.set(reason, { reason, count: 1, example: displayPath(this.cwd, path) });
  }
  list(): ScanSkip[] {
    return [...this.byReason.values()].sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }
}

/** Every YAML file under the root worth reading, and every kustomization file, skipping what is not manifests. */
function walk(root: string, options: ScanOptions, skips: SkipCounter): {
  yamlFiles: string[]; kustomizationDirs: string[]; listedFiles: Set<string>; listings: Map<string, Map<string, Dirent>>; directories: Set<string>;
} {
  const yamlFiles: string[] = [];
  // Files the listing called regular (not links): read without a stat of their own.
  const listedFiles = new Set<string>();
  // Each directory, as listed: the kustomization loader asks what an entry is without a stat or a listing of its own.
  const listings = new Map<string, Map<string, Dirent>>();
  const directories = new Set<string>();
  const kustomizationDirs: string[] = [];
  const starts = options.include && options.include.length > 0 ? options.include : [root];
  // `fromRoot`: the directory's path from the root, with `/`, built as the walk descends (no path arithmetic per entry).
  const visit = (dir: string, fromRoot: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      skips.add('unreadable directory', dir);
      return;
    }
    directories.add(dir);
    const names = new Set(entries.map((entry) => entry.name));
    if (basename(dir) === 'templates' && (names.has('Chart.yaml') || existsIn(dirname(dir), 'Chart.yaml'))) {
      skips.add('Helm chart templates (rendered by Helm, not applied as written)', dir);
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
        continue;
      }
      if (entry.isSymbolicLink()) {
        skips.add('symbolic link (not followed)', path);
        continue;
      }
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules') continue;
        if (entry.name === 'workflows' && (fromRoot === '.github' || fromRoot.endsWith('/.github'))) {
          skips.add('CI workflows (.github/workflows)', path);
          continue;
        }
        if (entry.name.startsWith('.') && entry.name !== '.github') {
          skips.add('hidden directory', path);
          continue;
        }
        visit(path, entryFromRoot);
        continue;
      }
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
  return { yamlFiles, kustomizationDirs, listedFiles, listings, directories };
}

/** `dir/name`, as join() gives it for a normalized directory, without its work per entry. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

function existsIn(dir: string, name: string): boolean {
  try {
    return statSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

export async function scanFluxRepository(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const skips = new SkipCounter(options.cwd);
  const findings: Finding[] = [];
  const { yamlFiles, kustomizationDirs, listedFiles, listings, directories } = walk(root, options, skips);

  // Each kustomization file is read once, however many trees include it.
  const loaded = new Map<string, ReturnType<typeof loadKustomization>>();
  const load: typeof loadKustomization = (path, from) => {
    let result = loaded.get(path);
    // kustomize-controller builds with LoadRestrictionsNone: a cluster's kustomization may list ../../apps/x.yaml.
    if (!result) loaded.set(path, result = loadKustomization(path, from, { loadRestrictionsNone: true, listed: listedFiles.has(path), listingOf: (dir) => listings.get(dir) }));
    return result;
  };
  // Which kustomization lists each file, and the namespace it gives the file's objects.
  const trees = new Map<string, ScannedTree>();
  const patchFiles = new Set<string>();
  for (const file of kustomizationDirs.sort((a, b) => a.split(sep).length - b.split(sep).length || (a < b ? -1 : 1))) {
    const top = await load(file, root);
    if (!top.kustomization) {
      trees.set(dirname(file), { kustomizationPath: file, files: [], kustomizations: [], findings: top.findings });
      continue;
    }
    const tree = await loadKustomizationTree(top.kustomization, root, load);
    const nestedFindings = await Promise.all(tree.kustomizations.slice(1).map(async (nested) => (await load(nested.path, root)).findings));
    trees.set(dirname(file), { kustomizationPath: file, files: tree.files, kustomizations: tree.kustomizations, findings: [...top.findings, ...tree.findings, ...nestedFindings.flat()] });
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
  const syncPaths: string[] = [];
  let filesParsed = 0;
  for (const path of yamlFiles) {
    if (['kustomization.yaml', 'kustomization.yml'].includes(basename(path))) continue;
    if (patchFiles.has(path)) {
      skips.add('kustomize patch files (partial objects, applied to others)', path);
      continue;
    }
    // Only regular files, at most the limit: a FIFO named on the command line must not hang the scan.
    const read = listedFiles.has(path) ? readListedFile(path) : readRegularFile(path);
    if ('finding' in read) {
      skips.add(read.finding.rule === 'input/too-large' ? `over ${MAX_YAML_FILE_BYTES / 1024 / 1024} MiB` : 'unreadable file', path);
      continue;
    }
    const bytes = read.bytes;
    if (!FLUX_MARKERS.some((marker) => bytes.includes(marker))) continue;
    filesParsed += 1;
    const { file, findings: readFindings } = await parseYamlBytes(path, bytes); // read once, above
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
        const syncPath = fluxInstanceSyncPath(node, root);
        if (syncPath) syncPaths.push(syncPath);
        problems.push(...apiProblems(file, node));
        const object = readFluxObject(file, node, undefined, root, problems, directories);
        if (!object) continue;
        objects.push(object);
        // Only a ResourceSet's spec is read again (its templates): the other parse trees can go.
        if (object.kind === 'ResourceSet') specOf.set(object, mapValue(node, ['spec']));
      }
    }
    if (objects.length > 0) written.set(path, objects);
    if (problems.length > 0) fileProblems.set(path, problems);
  }

  const unbuilt: AppliedInput['unbuilt'] = [];
  const applied = await appliedObjects({ root, written, trees, specOf, kustomize: options.kustomize, namespaceOf, skips, findings, unbuilt, syncPaths, yamlFiles, directories });
  // --no-kustomize: one warning, at the first kustomization it left unbuilt, counting the others (a
  // home-ops repository can have a hundred).
  const [firstUnbuilt] = unbuilt.sort((a, b) => compareText(a.location.file, b.location.file) || (a.location.line ?? 0) - (b.location.line ?? 0));
  if (firstUnbuilt) {
    const others = unbuilt.length - 1;
    findings.push({
      rule: 'input/kustomize-skipped', severity: 'warning', location: firstUnbuilt.location,
      message: `the kustomization uses ${firstUnbuilt.fields}, which can change Flux objects; with --no-kustomize its files are audited as written${others > 0 ? ` (and those of ${others} other kustomization${others === 1 ? '' : 's'} that would need kustomize)` : ''}`,
      fix: 'drop --no-kustomize to audit what Flux applies',
    });
  }
  // A file that does not parse is an error where Flux would apply it (a kustomization lists it, or a
  // Kustomization's path holds it); anywhere else (docs, examples) it is passed over, counted.
  const listed = new Set([...trees.values()].flatMap((tree) => tree.files.map((file) => file.path)));
  const appliedDirs = applied.objects.flatMap((object) => (object.appliesDir ? [object.appliesDir] : []));
  const objectFiles = new Set(applied.objects.map((object) => object.file));
  const appliedHere = (path: string) => listed.has(path) || appliedDirs.some((dir) => isInside(dir, path)) || objectFiles.has(path);
  for (const { path, findings: problems } of unparsed) {
    if (appliedHere(path)) findings.push(...problems);
    else skips.add('YAML that does not parse, which no kustomization or Flux Kustomization applies', path);
  }
  for (const [path, problems] of fileProblems) if (!applied.pruned || appliedHere(path)) findings.push(...problems);
  // kustomize-controller applies a Kustomization's own spec.patches in its build; this tool does not (each
  // would need a build): what they patch is audited as written, and counted so that it is never silent.
  for (const object of applied.objects) {
    if (object.fluxPatches) skips.add('spec.patches of a Flux Kustomization (not applied: what they patch is audited as written)', object.file);
  }
  const objects = [...applied.objects];
  const openKinds = new Map<string, string[]>();
  for (const object of applied.objects) {
    if (object.kind !== 'ResourceSet') continue;
    const generated = resourceSetObjects(object, specOf.get(object) ?? null);
    objects.push(...generated.objects);
    for (const kind of generated.openKinds) openKinds.set(kind, [...(openKinds.get(kind) ?? []), object.name]);
  }
  const treeFilesOf = new Map([...trees].map(([dir, tree]) => [dir, tree.files.map((file) => file.path)]));
  return {
    repository: { root, objects, openKinds, skipped: skips.list(), filesParsed, filesSeen: yamlFiles.length },
    findings,
    applies: applied.applies,
    appliedFiles: (dir, files) => appliedFilesOf(dir, treeFilesOf, files),
  };
}

/** A kustomization file and everything kustomize reaches from it, read as written. */
interface ScannedTree {
  kustomizationPath: string;
  files: AppliedFile[];
  kustomizations: Kustomization[];
  /** kustomize errors in the tree (unknown fields, cycles, missing directories): reported where Flux builds it. */
  findings: Finding[];
}

interface AppliedInput {
  root: string;
  written: ReadonlyMap<string, FluxObject[]>;
  trees: ReadonlyMap<string, ScannedTree>;
  specOf: WeakMap<FluxObject, YamlNode | null>;
  kustomize: boolean | undefined;
  namespaceOf: ReadonlyMap<string, string | undefined>;
  skips: SkipCounter;
  findings: Finding[];
  /** Directories a FluxInstance of the repository syncs (`spec.sync.path`): entry points, like a root Kustomization. */
  syncPaths: string[];
  /** Every directory the walk listed: a spec.path among them needs no stat. */
  directories: ReadonlySet<string>;
  /** Every YAML file the walk found (a generated kustomization lists them all, not only those holding Flux objects). */
  yamlFiles: readonly string[];
  /** Kustomizations --no-kustomize left unbuilt: the fields that needed kustomize, and the first one's place. */
  unbuilt: { fields: string; location: Location }[];
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
async function appliedObjects(input: AppliedInput): Promise<{ objects: FluxObject[]; applies: Map<FluxObject, FluxObject[]>; pruned: boolean }> {
  const { written, trees, specOf } = input;
  const allFiles = [...written.keys()];
  const treeFiles = new Map([...trees].map(([dir, tree]) => [dir, tree.files]));
  const instances = new Map<string, FluxObject>();
  const writtenOf = new WeakMap<FluxObject, FluxObject>();
  const made = new WeakSet<FluxObject>();
  const instance = (object: FluxObject, namespace: string | undefined, changes?: Partial<FluxObject>): FluxObject => {
    // An instance asked for again as it is: itself (the usual case, and the hot one on a large repository).
    if (changes === undefined && namespace === object.namespace && made.has(object)) return object;
    const { namespace: _written, ...rest } = changes ? { ...object, ...changes } : object;
    const copy: FluxObject = { ...rest, ...(namespace ? { namespace } : {}) };
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
  const reportedFindings = new Set<string>();
  const reportTree = (dir: string) => {
    const tree = trees.get(dir);
    if (!tree || reportedTrees.has(dir)) return;
    reportedTrees.add(dir);
    for (const finding of tree.findings) {
      const key = `${finding.rule}\u0000${finding.location?.file}:${finding.location?.line}:${finding.location?.column}\u0000${finding.message}`;
      if (reportedFindings.has(key)) continue;
      reportedFindings.add(key);
      input.findings.push(finding);
    }
  };

  const byTarget = new Map<string, Promise<FluxObject[]>>();
  const appliedBy = (parent: FluxObject & { appliesDir: string }): Promise<FluxObject[]> => {
    const components = parent.components ?? [];
    const key = [parent.appliesDir, parent.targetNamespace ?? '', JSON.stringify(parent.substitute ?? {}), parent.substituteFrom ? 'from' : '', ...components].join('\u0000');
    let result = byTarget.get(key);
    if (!result) {
      byTarget.set(key, result = applyDirectory(parent, parent.appliesDir, parent.targetNamespace, components)
        .then((objects) => (parent.substitute || parent.substituteFrom ? objects.map((object) => substituted(object, parent)) : objects)));
    }
    return result;
  };
  // postBuild: kustomize-controller substitutes ${VAR} in everything the Kustomization applies, the
  // spec of the Kustomizations it applies included (their substitute values, their path).
  const substituted = (object: FluxObject, parent: FluxObject): FluxObject => {
    if (object.substituteDisabled) return object;
    const replace = (text: string) => substituteVariables(text, parent.substitute ?? {}, Boolean(parent.substituteFrom));
    const name = replace(object.name);
    const namespace = object.namespace === undefined ? undefined : replace(object.namespace);
    const dependsOn = object.dependsOn.map((dependency) => {
      const dependencyName = replace(dependency.name);
      const dependencyNamespace = dependency.namespace === undefined ? undefined : replace(dependency.namespace);
      return dependencyName === dependency.name && dependencyNamespace === dependency.namespace ? dependency
        : { ...dependency, name: dependencyName, ...(dependencyNamespace === undefined ? {} : { namespace: dependencyNamespace }) };
    });
    const substitute = object.substitute ? Object.fromEntries(Object.entries(object.substitute).map(([key, value]) => [key, replace(value)])) : undefined;
    const path = object.path === undefined ? undefined : replace(object.path);
    const appliesDir = path !== undefined && path !== object.path && !path.includes('${') && object.kind === 'Kustomization'
      && (object.sourceKind === undefined || object.sourceKind === 'GitRepository') ? resolveSpecPath(input.root, path, input.directories) : object.appliesDir;
    const targetNamespace = object.targetNamespace === undefined ? undefined : replace(object.targetNamespace);
    const components = appliesDir && object.componentEntries ? object.componentEntries.map((entry) => resolve(appliesDir, replace(entry))) : object.components;
    const unchanged = name === object.name && namespace === object.namespace && path === object.path && targetNamespace === object.targetNamespace
      && dependsOn.every((dependency, index) => dependency === object.dependsOn[index])
      && JSON.stringify(substitute) === JSON.stringify(object.substitute) && JSON.stringify(components) === JSON.stringify(object.components);
    if (unchanged) return object;
    return instance(object, namespace, {
      name, dependsOn,
      ...(substitute ? { substitute } : {}),
      ...(path !== undefined ? { path } : {}),
      ...(appliesDir ? { appliesDir } : {}),
      ...(targetNamespace !== undefined ? { targetNamespace } : {}),
      ...(components ? { components } : {}),
    });
  };
  const builds = new Map<string, Promise<FluxObject[] | undefined>>();
  const build = (dir: string, components: readonly string[]) => {
    const key = [dir, ...components].join('\u0000');
    let built = builds.get(key);
    if (!built) builds.set(key, built = builtTree(dir, components, input, writtenOf));
    return built;
  };
  const staticObjects = (treeDir: string) => (treeFiles.get(treeDir) ?? []).flatMap(({ path, namespace }) =>
    (written.get(path) ?? []).map((object) => instance(object, namespace ?? object.namespace)));
  const componentChanges = componentTouchesFlux(trees, written);
  const applyDirectory = async (parent: FluxObject, dir: string, targetNamespace: string | undefined, declared: readonly string[]): Promise<FluxObject[]> => {
    // A component kustomize-controller cannot load fails the Kustomization's build: say so where it is named.
    const components = declared.filter((component) => {
      if (trees.has(component)) return true;
      input.findings.push(kustomizeError(parent.componentsLocation ?? parent.location,
        `spec.components names ${displayPath(input.root, component)}, which is not a directory with a kustomization file: the build of ${parent.name} fails`,
        'correct the path (relative to spec.path), or add the component\'s kustomization.yaml'));
      return false;
    });
    for (const component of components) reportTree(component);
    // spec.components join the build of spec.path: a component that patches Flux objects needs the real kustomize.
    const result = components.some((component) => componentChanges(component)) ? await build(dir, components) : undefined;
    let objects: FluxObject[];
    if (result) objects = result.map((object) => instance(object, object.namespace));
    else {
      const parts = appliedParts(dir, treeFiles, allFiles);
      objects = parts.loose.flatMap((path) => (written.get(path) ?? []).map((object) => instance(object, object.namespace)));
      for (const treeDir of parts.trees) {
        reportTree(treeDir);
        const built = await build(treeDir, []);
        objects.push(...(built ? built.map((object) => instance(object, object.namespace)) : staticObjects(treeDir)));
      }
      // What a component adds gets the namespace: of spec.path's kustomization, which runs after the components.
      const pathNamespace = trees.get(dir)?.kustomizations[0]?.namespace;
      for (const component of components) {
        objects.push(...staticObjects(component).map((object) => (pathNamespace ? instance(object, pathNamespace) : object)));
      }
    }
    // kustomize-controller sets targetNamespace on everything it applies, over any namespace: above.
    return targetNamespace ? objects.map((object) => instance(object, targetNamespace)) : objects;
  };

  // Roots: objects no other Kustomization applies (a Kustomization may apply its own file: flux-system does).
  const appliedByOther = new Set<FluxObject>();
  for (const objects of written.values()) {
    for (const parent of objects) {
      if (parent.kind !== 'Kustomization' || !parent.appliesDir) continue;
      const components = (parent.components ?? []).flatMap((component) => (treeFiles.get(component) ?? []).map((file) => file.path));
      for (const path of [...appliedFilesOf(parent.appliesDir, treeFiles, allFiles), ...components]) {
        for (const child of written.get(path) ?? []) if (child !== parent) appliedByOther.add(child);
      }
    }
  }
  const fallback = (object: FluxObject) => instance(object, input.namespaceOf.get(object.file) ?? object.namespace);
  // The entry points: Kustomizations no other Kustomization applies (flux bootstrap's flux-system, or what a
  // FluxInstance syncs), and whatever else no Kustomization applies in or below their directories (the same
  // sync applies those). What the entries do not reach, directly or through each other, Flux never applies from here.
  const everything = [...written.values()].flat();
  const rootFiles = new Set(everything.filter((object) => object.kind === 'Kustomization' && !appliedByOther.has(object)).map((object) => object.file));
  // What syncs a root Kustomization syncs its whole directory, or the whole kustomization tree that lists its file.
  const entryDirs = [...new Set([...rootFiles].map((file) => dirname(file)))];
  const entryFiles = new Set<string>();
  for (const tree of trees.values()) {
    if (tree.files.some((file) => rootFiles.has(file.path))) for (const file of tree.files) entryFiles.add(file.path);
  }
  // A FluxInstance written in the repository names the path it syncs.
  for (const syncDir of input.syncPaths) for (const path of appliedFilesOf(syncDir, treeFiles, allFiles)) entryFiles.add(path);
  const entries = everything.filter((object) => !appliedByOther.has(object)
    && (entryFiles.has(object.file) || entryDirs.some((dir) => isInside(dir, object.file))));

  const applies = new Map<FluxObject, FluxObject[]>();
  const reached = new Set<FluxObject>();
  const reachedWritten = new Set<FluxObject>();
  // Breadth first, a level at a time: the kustomize builds a level needs run side by side.
  const visit = async (starts: FluxObject[]) => {
    let frontier = starts;
    while (frontier.length > 0) {
      const next: FluxObject[][] = [];
      const fresh = frontier.filter((object) => !reached.has(object) && reached.add(object));
      await Promise.all(fresh.map(async (object, index) => {
        reachedWritten.add(writtenOf.get(object) ?? object);
        if (object.kind !== 'Kustomization' || !object.appliesDir) return;
        const children = (await appliedBy(object as FluxObject & { appliesDir: string })).filter((child) => child !== object);
        applies.set(object, children);
        next[index] = children;
      }));
      frontier = next.flat();
    }
  };
  await visit(entries.map(fallback));
  // Leaving objects out needs the whole picture: a Kustomization whose path cannot be read here (a
  // ${VARIABLE}, a directory not here, another source: an OCI artifact or an ExternalArtifact built from
  // this very repository) may apply any of them.
  const unreached = () => everything.filter((object) => !reachedWritten.has(object));
  // (A path a parent's postBuild substitutes is read as substituted: the reached copy knows it.)
  const unknownPath = [...reached, ...unreached()].some((object) => object.kind === 'Kustomization' && !object.appliesDir);
  // A ResourceSet may generate Kustomizations whose paths only its inputs know.
  const generates = everything.some((object) => object.kind === 'ResourceSet');
  const pruned = entries.length > 0 && !unknownPath && !generates;
  if (pruned) {
    for (const object of unreached()) input.skips.add('Flux objects no Flux Kustomization of this repository applies (never deployed from here)', object.file);
  } else {
    // Each as a root of its own, in file order: what one applies is read as it applies it.
    const rest = unreached();
    const applied = new Set(rest.filter((object) => appliedByOther.has(object)));
    await visit(rest.filter((object) => !applied.has(object)).map(fallback));
    await visit(unreached().map(fallback));
  }
  const objects = [...reached].sort(compareObjects);
  return { objects, applies, pruned };
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
  return JSON.stringify([object.path, object.appliesDir, object.targetNamespace, object.suspend, object.wait, object.healthChecks, object.timeout, object.fluxPatches,
    object.interval, object.disableWait, object.sourceKind, object.components, object.substitute, object.substituteFrom, object.substituteDisabled,
    object.ignoreAnnotation?.value]);
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

function listItems(root: YamlNode | null): (YamlNode | null)[] {
  if (root?.kind !== 'map') return [root];
  const kind = scalarString(mapValue(root, ['kind']));
  const items = mapValue(root, ['items']);
  return kind?.endsWith('List') && items?.kind === 'seq' ? items.items : [root];
}

/**
 * One Flux object as written. `problems` (when given) gets what the API server
 * would reject: no metadata.name, a dependsOn item that is not a mapping with
 * a string name; and dependsOn keys the kind does not have (dependsOn/unknown-key).
 */
function readFluxObject(
  file: YamlFile, root: YamlNode | null, namespaceOverride: string | undefined, repositoryRoot: string, problems: Finding[] = [], walked?: ReadonlySet<string>,
): FluxObject | undefined {
  if (root?.kind !== 'map') return undefined;
  const apiVersion = scalarString(mapValue(root, ['apiVersion']));
  const kind = scalarString(mapValue(root, ['kind']));
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.slice(0, Math.max(0, apiVersion.lastIndexOf('/')));
  if (KIND_BY_GROUP.get(group) !== kind) return undefined;
  const nameNode = mapValue(root, ['metadata', 'name']);
  const name = scalarString(nameNode);
  if (!name) {
    problems.push(inputFinding('input/invalid-resource', file.locate(nameNode ?? mapValue(root, ['kind'])),
      `${kind} has no metadata.name${nameNode ? ' that is a string' : ''}: the API server rejects it`, 'give it a metadata.name'));
    return undefined;
  }
  const spec = mapValue(root, ['spec']);
  const dependsOnEntry = mapEntry(spec, 'dependsOn');
  const location = file.locate(nameNode);
  const namespace = namespaceOverride ?? scalarString(mapValue(root, ['metadata', 'namespace']));
  const path = scalarString(mapValue(spec, ['path']));
  const targetNamespace = scalarString(mapValue(spec, ['targetNamespace']));
  const timeout = scalarString(mapValue(spec, ['timeout']));
  const interval = scalarString(mapValue(spec, ['interval']));
  const sourceKind = scalarString(mapValue(spec, ['sourceRef', 'kind']));
  const sourceName = scalarString(mapValue(spec, ['sourceRef', 'name']));
  const wait = mapValue(spec, ['wait']);
  const ignoreNode = mapValue(root, ['metadata', 'annotations', 'bootstrap-deps.io/ignore']);
  // spec.path is relative to the source's root: this repository's only for its own source, the
  // GitRepository bootstrap names flux-system (or any GitRepository, which is most often this one).
  const ownSource = sourceKind === undefined || sourceKind === 'GitRepository' || sourceName === 'flux-system';
  const appliesDir = kind === 'Kustomization' && path !== undefined && ownSource && !path.includes('${')
    ? resolveSpecPath(repositoryRoot, path, walked) : undefined;
  return {
    kind: kind as FluxKind,
    apiVersion,
    name,
    file: file.path,
    location,
    dependsOn: readDependencies(file, dependsOnEntry?.value ?? null, kind as FluxKind, problems),
    dependsOnLocation: dependsOnEntry ? file.locate(dependsOnEntry.keyPosition) : location,
    suspend: isTrue(mapValue(spec, ['suspend'])),
    ...(namespace ? { namespace } : {}),
    ...(kind === 'Kustomization' ? {
      wait: isTrue(wait),
      // healthCheckExprs only tell how to judge what wait or healthChecks select (kustomize-controller's checkHealth).
      healthChecks: !isEmptyNode(mapValue(spec, ['healthChecks'])),
    } : {}),
    ...(timeout ? { timeout } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(appliesDir ? { appliesDir } : {}),
    ...componentsOf(appliesDir, mapEntry(spec, 'components'), file),
    ...(targetNamespace ? { targetNamespace } : {}),
    ...(interval ? { interval } : {}),
    ...(sourceKind ? { sourceKind } : {}),
    ...(kind === 'HelmRelease' && isTrue(mapValue(spec, ['install', 'disableWait'])) ? { disableWait: true } : {}),
    ...(ignoreNode ? { ignoreAnnotation: { value: scalarString(ignoreNode) ?? '', location: file.locate(ignoreNode) } } : {}),
    ...(kind === 'Kustomization' ? postBuildOf(mapValue(spec, ['postBuild'])) : {}),
    ...(kind === 'Kustomization' && !isEmptyNode(mapValue(spec, ['patches'])) ? { fluxPatches: true } : {}),
    // kustomize-controller leaves an object alone whose label or annotation turns substitution off.
    ...(['labels', 'annotations'].some((field) => scalarString(mapValue(root, ['metadata', field, 'kustomize.toolkit.fluxcd.io/substitute'])) === 'disabled')
      ? { substituteDisabled: true } : {}),
  };
}

/**
 * A Flux Kustomization's spec.components as written, and resolved against its
 * spec.path when that is known (kustomize-controller adds them to that build).
 */
function componentsOf(appliesDir: string | undefined, entry: { value: YamlNode | null; keyPosition: Position } | undefined, file: YamlFile): Pick<FluxObject, 'components' | 'componentEntries' | 'componentsLocation'> {
  const node = entry?.value ?? null;
  if (node?.kind !== 'seq') return {};
  const entries = node.items.flatMap((item) => {
    const written = scalarString(item);
    return written ? [written] : [];
  });
  if (entries.length === 0) return {};
  return {
    componentEntries: entries,
    componentsLocation: file.locate(entry!.keyPosition),
    ...(appliesDir ? { components: entries.map((written) => resolve(appliesDir, written)) } : {}),
  };
}

/** A Kustomization's postBuild: its literal `substitute` map, and whether `substituteFrom` adds values known only in the cluster. */
function postBuildOf(node: YamlNode | null): Pick<FluxObject, 'substitute' | 'substituteFrom'> {
  if (node?.kind !== 'map') return {};
  const map = mapValue(node, ['substitute']);
  const substitute = map?.kind === 'map'
    ? Object.fromEntries(map.entries.flatMap((entry) => { const value = scalarString(entry.value); return value === undefined ? [] : [[entry.key, value]]; }))
    : undefined;
  return {
    ...(substitute && Object.keys(substitute).length > 0 ? { substitute } : {}),
    ...(!isEmptyNode(mapValue(node, ['substituteFrom'])) ? { substituteFrom: true } : {}),
  };
}

const VARIABLE = /\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-=])([^}]*))?\}/g;

/**
 * Flux's postBuild substitution of one string (fluxcd/pkg/envsubst), as far
 * as it is known offline: `${VAR}` from `substitute`; `${VAR:=default}` (or
 * `:-`, `=`, `-`) takes the default when the variable is unset or empty, which
 * is certain only without `substituteFrom` (a ConfigMap may set it); `$${VAR}`
 * is the literal `${VAR}`. A variable whose value is not known stays as
 * written, and what holds it is not judged.
 */
export function substituteVariables(text: string, values: Readonly<Record<string, string>>, open: boolean): string {
  if (!text.includes('${')) return text;
  return text.replace(VARIABLE, (whole, name: string | undefined, operator: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${'; // $${ escapes: the rest stays as written
    const value = values[name];
    if (value !== undefined && value.includes('${')) return whole;
    if (value !== undefined && value !== '') return value;
    if (operator !== undefined && (value === '' || !open)) return fallback ?? '';
    if (value === '') return '';
    return whole;
  });
}

/** A FluxInstance's `spec.sync.path` (flux-operator syncs it from this repository, as flux bootstrap's flux-system does). */
function fluxInstanceSyncPath(node: YamlNode | null, root: string): string | undefined {
  if (node?.kind !== 'map' || scalarString(mapValue(node, ['kind'])) !== 'FluxInstance') return undefined;
  if (!scalarString(mapValue(node, ['apiVersion']))?.startsWith('fluxcd.controlplane.io/')) return undefined;
  const path = scalarString(mapValue(node, ['spec', 'sync', 'path']));
  return path === undefined || path.includes('${') ? undefined : resolveSpecPath(root, path);
}

function isTrue(node: YamlNode | null): boolean {
  return node?.kind === 'scalar' && node.value === true;
}

/** spec.path is relative to the source's root; for this repository's own source, the repository root. */
function resolveSpecPath(root: string, path: string, walked?: ReadonlySet<string>): string | undefined {
  const target = resolve(root, path.replace(/^\.?\//, ''));
  if (!isInside(root, target)) return undefined;
  // A directory the walk listed needs no stat of its own.
  if (walked?.has(target)) return target;
  try {
    return statSync(target).isDirectory() ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of a dependsOn item, by the kind that holds it (flux-operator's ResourceSet names any object). */
const DEPENDENCY_KEYS: Record<FluxKind, readonly string[]> = {
  HelmRelease: DEPENDS_ON_ITEM_KEYS,
  Kustomization: DEPENDS_ON_ITEM_KEYS,
  ResourceSet: ['apiVersion', 'kind', 'name', 'namespace', 'ready', 'readyExpr'],
};

function readDependencies(file: YamlFile, node: YamlNode | null, owner: FluxKind, problems: Finding[]): FluxDependency[] {
  if (!node || isEmptyNode(node)) return [];
  if (node.kind !== 'seq') {
    problems.push(inputFinding('input/invalid-resource', file.locate(node), `spec.dependsOn is ${describeNodeType(node)}, not a list`,
      'write dependsOn as a list of items such as "- name: infra-controllers"'));
    return [];
  }
  const dependencies: FluxDependency[] = [];
  for (const item of node.items) {
    const checked = readDependsOnItem(file, item, problems, DEPENDENCY_KEYS[owner]);
    if (!checked || item?.kind !== 'map') continue;
    const kind = scalarString(mapValue(item, ['kind']));
    const apiVersion = scalarString(mapValue(item, ['apiVersion']));
    dependencies.push({
      name: checked.name,
      location: checked.location,
      ...(checked.namespace ? { namespace: checked.namespace } : {}),
      ...(kind ? { kind } : {}),
      ...(apiVersion ? { apiVersion } : {}),
      ...(checked.readyExpr ? { readyExpr: checked.readyExpr } : {}),
      ...(isTrue(mapValue(item, ['ready'])) ? { ready: true } : {}),
    });
  }
  return dependencies;
}

/** Kinds each Flux API group serves (flux-operator's group serves more than ResourceSet). */
const SERVED_KINDS: Record<string, readonly string[]> = {
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'fluxcd.controlplane.io': ['ResourceSet', 'ResourceSetInputProvider', 'FluxInstance', 'FluxReport'],
};

/**
 * An object that nearly is a Flux object this tool reads: a removed or unknown
 * HelmRelease version, a misspelt kind or group (api/*, as in the kit audit).
 * Such an object is not audited: without the finding it would vanish silently.
 */
function apiProblems(file: YamlFile, root: YamlNode | null): Finding[] {
  if (root?.kind !== 'map') return [];
  const kindNode = mapValue(root, ['kind']);
  const apiVersionNode = mapValue(root, ['apiVersion']);
  const kind = scalarString(kindNode);
  const apiVersion = scalarString(apiVersionNode);
  if (kind === undefined) return [];
  const at = (which: 'kind' | 'apiVersion') => file.locate(which === 'kind' ? kindNode : apiVersionNode ?? kindNode);
  const helm = classifyHelmReleaseApi(apiVersion, kind).finding;
  if (helm) return [{ rule: helm.rule, severity: helm.severity, message: helm.message, fix: helm.fix, location: at(helm.at) }];
  const group = apiVersion?.slice(0, Math.max(0, apiVersion.lastIndexOf('/')));
  const served = group === undefined ? undefined : SERVED_KINDS[group];
  if (!served || served.includes(kind)) return [];
  const guess = closestName(kind, served);
  return [{
    rule: 'api/unknown-kind', severity: 'error', location: at('kind'),
    message: `${group} has no kind ${JSON.stringify(kind)}: the cluster rejects this object, and it is not audited`,
    fix: guess ? `did you mean kind: ${guess}? (kinds are case-sensitive)` : `correct the kind (${group} serves ${served.join(', ')}) or the apiVersion`,
  }];
}

/**
 * What a Flux Kustomization applies from its spec.path, as kustomize-controller
 * reads the directory: its kustomization tree, or, without one, what the
 * controller generates: every manifest below (`loose`), a subdirectory with its
 * own kustomization standing for that kustomization's tree (`trees`, the
 * outermost ones only).
 */
export function appliedParts(dir: string, treeFilesOf: ReadonlyMap<string, readonly unknown[]>, allFiles: readonly string[]): { loose: string[]; trees: string[] } {
  if (treeFilesOf.has(dir)) return { loose: [], trees: [dir] };
  // The nearest directory with its own kustomization between a path and `dir`, walking up: linear in
  // the depth, where comparing every file with every kustomization was quadratic.
  const treeAbove = (path: string): string | undefined => {
    let outermost: string | undefined;
    for (let current = dirname(path); current.length > dir.length && current.startsWith(dir); current = dirname(current)) {
      if (treeFilesOf.has(current)) outermost = current;
    }
    return outermost;
  };
  const loose: string[] = [];
  const trees = new Set<string>();
  for (const file of allFiles) {
    if (!file.startsWith(`${dir}${sep}`)) continue;
    const owner = treeAbove(file);
    if (owner) trees.add(owner);
    else loose.push(file);
  }
  // Kustomizations below whose files all lie elsewhere (../base) count too.
  for (const treeDir of treeFilesOf.keys()) {
    if (treeDir.startsWith(`${dir}${sep}`) && treeAbove(join(treeDir, 'kustomization.yaml')) === treeDir) trees.add(treeDir);
  }
  return { loose, trees: [...trees].sort() };
}

/** The files a Flux Kustomization applies from its spec.path (see `appliedParts`). */
export function appliedFilesOf(dir: string, treeFilesOf: ReadonlyMap<string, readonly (string | AppliedFile)[]>, allFiles: readonly string[]): string[] {
  const parts = appliedParts(dir, treeFilesOf, allFiles);
  return [...parts.loose, ...parts.trees.flatMap((tree) => (treeFilesOf.get(tree) ?? []).map((file) => (typeof file === 'string' ? file : file.path)))];
}

/** Kinds whose objects this tool reads, as a patch's `target.kind` names them. */
const FLUX_KINDS = new Set<string>(Object.keys(FLUX_API_GROUPS));
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
function touchesFlux(transformation: KustomizeTransformation, holdsFlux: boolean, component: (dir: string) => boolean = directoryMentionsFlux): boolean {
  const { field } = transformation;
  if (HARMLESS_FIELDS.has(field)) return false;
  if (['namePrefix', 'nameSuffix', 'replacements', 'vars'].includes(field)) return holdsFlux;
  if (transformation.patches) {
    return transformation.patches.some((patch) => {
      if (patch.targetKind) return FLUX_KINDS.has(patch.targetKind) || /[^\w]/.test(patch.targetKind);
      const text = patch.inline ?? readText(patch.file);
      if (text === undefined) return holdsFlux;
      if (FLUX_TEXT.test(text) || /^\s*kind:\s*["']?Kustomization\b/m.test(text)) return true;
      // A patch that says no kind (a JSON patch selected by name) may hit a Flux object of the tree.
      return holdsFlux && !/^\s*kind:/m.test(text);
    });
  }
  if (transformation.directories) return transformation.directories.some((dir) => component(dir));
  return true;
}

/**
 * Whether a component can change a Flux object: its own patches and name
 * transformations, judged as a kustomization's are (its tree, as the walk
 * loaded it), and the components it names in turn; a component directory the
 * walk did not load (outside the scan) is searched as text.
 */
function componentTouchesFlux(trees: ReadonlyMap<string, ScannedTree>, written: ReadonlyMap<string, FluxObject[]>): (dir: string) => boolean {
  const seen = new Map<string, boolean>();
  const judge = (dir: string): boolean => {
    const known = seen.get(dir);
    if (known !== undefined) return known;
    seen.set(dir, false); // a component that names itself ends here
    const tree = trees.get(dir);
    const holdsFlux = tree ? tree.files.some((file) => written.has(file.path)) : false;
    const result = tree
      ? tree.kustomizations.some((kustomization) => kustomization.transformations.some((transformation) => touchesFlux(transformation, holdsFlux, judge)))
      : directoryMentionsFlux(dir);
    seen.set(dir, result);
    return result;
  };
  return judge;
}

function readText(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const read = readRegularFile(path);
  return 'finding' in read ? undefined : read.bytes.toString('utf8');
}

/** Whether a component's files (a bounded walk) hold or patch a Flux object. */
function directoryMentionsFlux(dir: string, budget = { files: 200 }): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return true; // kustomize fails on it, and says so when it builds
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
 * A kustomization tree as kustomize-controller builds it, when one of its
 * transformations can change a Flux object (see `touchesFlux`): the real
 * kustomize's output, each object located at the object it came from.
 * undefined: read the tree as written (nothing to build, or --no-kustomize,
 * which says so once per tree).
 */
async function builtTree(dir: string, components: readonly string[], input: AppliedInput, writtenOf: WeakMap<FluxObject, FluxObject>): Promise<FluxObject[] | undefined> {
  const trees = [dir, ...components].flatMap((treeDir) => input.trees.get(treeDir) ?? []);
  const tree = input.trees.get(dir);
  if (!tree && components.length === 0) return undefined;
  const holdsFlux = trees.some((one) => one.files.some((file) => input.written.has(file.path)));
  const component = componentTouchesFlux(input.trees, input.written);
  const transformations = trees.flatMap((one) => one.kustomizations.flatMap((kustomization) => kustomization.transformations))
    .filter((transformation) => touchesFlux(transformation, holdsFlux, component));
  if (transformations.length === 0) return undefined;
  const fields = [...new Set(transformations.map((transformation) => transformation.field))].join(', ');
  if (input.kustomize === false) {
    input.unbuilt.push({ fields, location: transformations[0]!.location });
    return undefined;
  }
  const { findKustomize, runKustomizeBuild } = await import('./kustomize-build.js');
  const kustomize = findKustomize();
  if (!kustomize) {
    input.findings.push(inputFinding('input/kustomize-missing', transformations[0]!.location,
      `the kustomization uses ${fields}, which only kustomize can apply, and neither kustomize nor kubectl is on PATH`,
      'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or pass --no-kustomize to audit the files as written'));
    return undefined;
  }
  // spec.components: kustomize-controller appends them to the kustomization of spec.path, generated when there
  // is none (every manifest below, a subdirectory with a kustomization standing for its tree). The build here
  // wraps that kustomization instead of touching the user's file; its namespace: is repeated in the wrapper,
  // since it runs after the components there and so reaches what they add.
  const generated = tree ? undefined : appliedParts(dir, new Map([...input.trees].map(([treeDir, one]) => [treeDir, one.files])), input.yamlFiles.filter((path) => !/(^|\/)kustomization\.ya?ml$/.test(path)));
  const build = await runKustomizeBuild(kustomize, dir, tree?.kustomizationPath ?? transformations[0]!.location.file, 'this kustomization', {
    components,
    ...(generated ? { resources: [...generated.loose, ...generated.trees] } : {}),
    ...(tree?.kustomizations[0]?.namespace ? { namespace: tree.kustomizations[0].namespace } : {}),
  });
  if ('findings' in build) {
    input.findings.push(...build.findings);
    return undefined;
  }
  // What a build adds to an object (a dependsOn item) comes from a patch, a component or a replacement, when there is one.
  const where = (transformations.find((transformation) => ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'components', 'replacements'].includes(transformation.field))
    ?? transformations[0]!).location;
  const objects: FluxObject[] = [];
  for (const document of build.file.documents) {
    for (const node of listItems(document.root)) {
      const object = readFluxObject(build.file, node, undefined, input.root, [], input.directories);
      if (!object) continue;
      const origin = build.originOf(node);
      const located = locateBuiltObject(object, origin ? input.written.get(origin) ?? [] : [], origin, where);
      if (located.source) writtenOf.set(located.object, located.source);
      if (located.object.kind === 'ResourceSet') input.specOf.set(located.object, mapValue(node, ['spec']));
      objects.push(located.object);
    }
  }
  return objects;
}

/**
 * Gives a built object the places of the object it came from: the object (by
 * kind and name in its origin file, a prefix or suffix allowed) and each
 * dependsOn item written there; what a patch added is located at the
 * kustomization's first transformation that can change Flux objects.
 */
function locateBuiltObject(built: FluxObject, inFile: readonly FluxObject[], origin: string | undefined, where: Location): { object: FluxObject; source?: FluxObject } {
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
      location: writtenItem?.location ?? where,
      ...(item.readyExpr ? { readyExpr: { value: item.readyExpr.value, location: writtenItem?.readyExpr?.value === item.readyExpr.value ? writtenItem.readyExpr.location : where } } : {}),
    };
  });
  const object: FluxObject = {
    ...built,
    file: location.file,
    location,
    dependsOn,
    dependsOnLocation: source?.dependsOnLocation ?? location,
    ...(built.ignoreAnnotation ? { ignoreAnnotation: { value: built.ignoreAnnotation.value, location: source?.ignoreAnnotation?.value === built.ignoreAnnotation.value ? source.ignoreAnnotation.location : where } } : {}),
  };
  return source ? { object, source } : { object };
}


interface GeneratedObjects {
  objects: FluxObject[];
  /** Flux kinds it generates under names that cannot be known offline. */
  openKinds: string[];
}

const TEMPLATE_INPUT = /<<-?\s*inputs\.([\w.]+)\s*-?>>/g;

/**
 * The Flux objects a ResourceSet generates: each template of `resources` or
 * `resourcesTemplate`, once per item of its static `inputs`, with
 * `<< inputs.key >>` substituted (flux-operator's template delimiters). What
 * needs more of the template language, or inputs from providers, is counted
 * as an open kind rather than guessed.
 */
function resourceSetObjects(owner: FluxObject, spec: YamlNode | null): GeneratedObjects {
  const result: GeneratedObjects = { objects: [], openKinds: [] };
  const inputsNode = mapValue(spec, ['inputs']);
  const inputItems = inputsNode?.kind === 'seq' ? inputsNode.items : [];
  const inputs: Record<string, string>[] = inputItems.map((item) => Object.fromEntries(item?.kind === 'map'
    ? item.entries.map((entry) => [entry.key, scalarString(entry.value) ?? '']) : []));
  // List-valued inputs (dependsOn: [a, b]), for templates that range over them.
  const inputLists: Record<string, string[]>[] = inputItems.map((item) => Object.fromEntries(item?.kind === 'map'
    ? item.entries.flatMap((entry) => entry.value?.kind === 'seq'
      ? [[entry.key, entry.value.items.flatMap((value) => scalarString(value) ?? [])]] : []) : []));
  const fromProviders = !isEmptyNode(mapValue(spec, ['inputsFrom']));
  const templates: { kind?: string; apiVersion?: string; name?: string; namespace?: string; dependsOnInput?: string }[] = [];
  const resources = mapValue(spec, ['resources']);
  if (resources?.kind === 'seq') {
    for (const item of resources.items) {
      templates.push({
        kind: scalarString(mapValue(item, ['kind'])), apiVersion: scalarString(mapValue(item, ['apiVersion'])),
        name: scalarString(mapValue(item, ['metadata', 'name'])), namespace: scalarString(mapValue(item, ['metadata', 'namespace'])),
      });
    }
  }
  const text = scalarString(mapValue(spec, ['resourcesTemplate']));
  for (const document of text ? text.split(/^---\s*$/m) : []) {
    const kind = /^\s*kind:\s*(\S+)\s*$/m.exec(document)?.[1];
    const apiVersion = /^\s*apiVersion:\s*(\S+)\s*$/m.exec(document)?.[1];
    const metadata = /^(\s*)metadata:\s*\n((?:\1\s+.*\n?)*)/m.exec(document)?.[2] ?? '';
    // `<< range $dep := inputs.dependsOn >> - name: << $dep >>`: one dependsOn item per value of that input.
    const ranged = /range\s+\$(\w+)\s*:=\s*inputs\.(\w+)\s*-?>>\s*\n\s*-\s*name:\s*<<-?\s*\$\1\s*-?>>/.exec(document);
    templates.push({
      kind, apiVersion, name: /^\s*name:\s*(.+?)\s*$/m.exec(metadata)?.[1], namespace: /^\s*namespace:\s*(.+?)\s*$/m.exec(metadata)?.[1],
      ...(ranged && /dependsOn:/.test(document) ? { dependsOnInput: ranged[2]! } : {}),
    });
  }
  for (const template of templates) {
    const group = template.apiVersion?.slice(0, Math.max(0, template.apiVersion.lastIndexOf('/')));
    if (!template.kind || !template.apiVersion || KIND_BY_GROUP.get(group!) !== template.kind || !template.name) continue;
    const templated = template.name.includes('<<') || template.namespace?.includes('<<');
    if (!templated) {
      result.objects.push(generated(owner, template.kind as FluxKind, template.apiVersion, template.name, template.namespace));
      continue;
    }
    if (fromProviders || inputs.length === 0) {
      result.openKinds.push(template.kind);
      continue;
    }
    inputs.forEach((input, index) => {
      const expand = (value: string | undefined) => value?.replace(TEMPLATE_INPUT, (_, key: string) =>
        key === 'provider.namespace' ? owner.namespace ?? '' : key === 'provider.name' ? owner.name : input[key] ?? '\u0000');
      const name = expand(template.name)!;
      const namespace = expand(template.namespace);
      if (name.includes('<<') || name.includes('\u0000') || namespace?.includes('<<') || namespace?.includes('\u0000')) {
        result.openKinds.push(template.kind!);
        return;
      }
      const object = generated(owner, template.kind as FluxKind, template.apiVersion!, name, namespace);
      const itemLocation = inputItems[index] ? { ...owner.location, line: inputItems[index]!.position.line, column: inputItems[index]!.position.column } : owner.location;
      const ranged = template.dependsOnInput ? inputLists[index]?.[template.dependsOnInput] ?? [] : [];
      object.dependsOn = ranged.map((dependency) => ({ name: dependency, location: itemLocation }));
      result.objects.push(object);
    });
  }
  return result;
}

function generated(owner: FluxObject, kind: FluxKind, apiVersion: string, name: string, namespace: string | undefined): FluxObject {
  return {
    kind, apiVersion, name, file: owner.file, location: owner.location, dependsOn: [], dependsOnLocation: owner.location,
    suspend: false, generatedBy: `ResourceSet/${owner.namespace ?? ''}/${owner.name}`,
    ...(namespace || owner.namespace ? { namespace: namespace || owner.namespace } : {}),
    // What a template decides (wait, healthChecks) is not read: no warning may rest on it.
    ...(kind === 'Kustomization' ? { wait: true, healthChecks: true } : {}),
  };
}
