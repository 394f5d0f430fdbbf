import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { displayPath } from '../model/paths.js';
import type { FluxDependency, FluxKind, FluxObject, FluxRepository, ScanSkip } from '../model/flux-objects.js';
import { FLUX_API_GROUPS } from '../model/flux-objects.js';
import type { Finding, Kustomization } from '../model/types.js';
import { isInside } from '../model/inside.js';
import { loadKustomization, loadKustomizationTree } from './kustomization.js';
import { MAX_YAML_FILE_BYTES, parseYamlBytes, readRegularFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { isEmptyNode, mapEntry, mapValue, scalarString } from './yaml-tree.js';

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
}

export interface ScanResult {
  repository: FluxRepository;
  findings: Finding[];
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
function walk(root: string, options: ScanOptions, skips: SkipCounter): { yamlFiles: string[]; kustomizationDirs: string[] } {
  const yamlFiles: string[] = [];
  const kustomizationDirs: string[] = [];
  const starts = options.include && options.include.length > 0 ? options.include : [root];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      skips.add('unreadable directory', dir);
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    if (basename(dir) === 'templates' && (names.has('Chart.yaml') || existsIn(dirname(dir), 'Chart.yaml'))) {
      skips.add('Helm chart templates (rendered by Helm, not applied as written)', dir);
      return;
    }
    // The listing names the kustomization file: no existence checks per directory.
    const kustomizationFile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((name) => names.has(name));
    if (kustomizationFile) kustomizationDirs.push(join(dir, kustomizationFile));
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      const fromRoot = relative(root, path).split(sep).join('/');
      if (options.exclude?.(fromRoot)) {
        skips.add('excluded by --exclude', path);
        continue;
      }
      if (entry.isSymbolicLink()) {
        skips.add('symbolic link (not followed)', path);
        continue;
      }
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules') continue;
        if (fromRoot === '.github/workflows' || fromRoot.endsWith('/.github/workflows')) {
          skips.add('CI workflows (.github/workflows)', path);
          continue;
        }
        if (entry.name.startsWith('.') && entry.name !== '.github') {
          skips.add('hidden directory', path);
          continue;
        }
        visit(path);
        continue;
      }
      if (entry.isFile() && YAML_FILE.test(entry.name)) yamlFiles.push(path);
    }
  };
  for (const start of starts) {
    let info;
    try {
      info = statSync(start);
    } catch {
      continue; // the caller reports a path that does not exist
    }
    if (info.isDirectory()) visit(start);
    else if (YAML_FILE.test(start)) yamlFiles.push(start);
  }
  return { yamlFiles, kustomizationDirs };
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
  const { yamlFiles, kustomizationDirs } = walk(root, options, skips);

  // Which kustomization lists each file, and the namespace it gives the file's objects.
  const namespaceOf = new Map<string, string | undefined>();
  const treeFilesOf = new Map<string, string[]>();
  const patchFiles = new Set<string>();
  for (const file of kustomizationDirs.sort((a, b) => a.split(sep).length - b.split(sep).length || (a < b ? -1 : 1))) {
    const dir = dirname(file);
    const tree = await kustomizationTreeFiles(file, root);
    if (!tree) continue;
    treeFilesOf.set(dir, tree.files.map((file) => file.path));
    for (const kustomization of tree.kustomizations) for (const patch of kustomization.patchFiles ?? []) patchFiles.add(patch);
    for (const file of tree.files) if (!namespaceOf.has(file.path)) namespaceOf.set(file.path, file.namespace);
  }

  const objects: FluxObject[] = [];
  const generatedObjects = new Map<FluxObject, GeneratedObjects>();
  const unparsed: { path: string; findings: Finding[] }[] = [];
  let filesParsed = 0;
  for (const path of yamlFiles) {
    if (['kustomization.yaml', 'kustomization.yml'].includes(basename(path))) continue;
    if (patchFiles.has(path)) {
      skips.add('kustomize patch files (partial objects, applied to others)', path);
      continue;
    }
    // Only regular files, at most the limit: a FIFO named on the command line must not hang the scan.
    const read = readRegularFile(path);
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
    const namespace = namespaceOf.get(path);
    for (const document of file.documents) {
      for (const node of listItems(document.root)) {
        const object = readFluxObject(file, node, namespace, root);
        if (!object) continue;
        objects.push(object);
        if (object.kind === 'ResourceSet') generatedObjects.set(object, resourceSetObjects(object, mapValue(node, ['spec'])));
      }
    }
  }
  applyTargetNamespaces(objects, treeFilesOf);
  // A file that does not parse is an error where Flux would apply it (a kustomization lists it, or a
  // Kustomization's path holds it); anywhere else (docs, examples) it is passed over, counted.
  const listed = new Set([...treeFilesOf.values()].flat());
  const appliedDirs = objects.flatMap((object) => (object.appliesDir ? [object.appliesDir] : []));
  for (const { path, findings: problems } of unparsed) {
    if (listed.has(path) || appliedDirs.some((dir) => isInside(dir, path))) findings.push(...problems);
    else skips.add('YAML that does not parse, which no kustomization or Flux Kustomization applies', path);
  }
  const openKinds = new Map<string, string[]>();
  for (const object of [...objects]) {
    if (object.kind !== 'ResourceSet') continue;
    const generated = generatedObjects.get(object);
    if (!generated) continue;
    objects.push(...generated.objects);
    for (const kind of generated.openKinds) openKinds.set(kind, [...(openKinds.get(kind) ?? []), object.name]);
  }
  return {
    repository: { root, objects, openKinds, skipped: skips.list(), filesParsed, filesSeen: yamlFiles.length },
    findings,
    appliedFiles: (dir, files) => appliedFilesOf(dir, treeFilesOf, files),
  };
}

async function kustomizationTreeFiles(path: string, root: string) {
  const loaded = await loadKustomization(path, root);
  if (!loaded.kustomization) return undefined;
  return loadKustomizationTree(loaded.kustomization as Kustomization, root);
}

function listItems(root: YamlNode | null): (YamlNode | null)[] {
  if (root?.kind !== 'map') return [root];
  const kind = scalarString(mapValue(root, ['kind']));
  const items = mapValue(root, ['items']);
  return kind?.endsWith('List') && items?.kind === 'seq' ? items.items : [root];
}

function readFluxObject(file: YamlFile, root: YamlNode | null, namespaceOverride: string | undefined, repositoryRoot: string): FluxObject | undefined {
  if (root?.kind !== 'map') return undefined;
  const apiVersion = scalarString(mapValue(root, ['apiVersion']));
  const kind = scalarString(mapValue(root, ['kind']));
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.slice(0, Math.max(0, apiVersion.lastIndexOf('/')));
  if (KIND_BY_GROUP.get(group) !== kind) return undefined;
  const nameNode = mapValue(root, ['metadata', 'name']);
  const name = scalarString(nameNode);
  if (!name) return undefined;
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
  // spec.path is relative to the source's root: this repository's only for its own source, the
  // GitRepository bootstrap names flux-system (or any GitRepository, which is most often this one).
  const ownSource = sourceKind === undefined || sourceKind === 'GitRepository' || sourceName === 'flux-system';
  const appliesDir = kind === 'Kustomization' && path !== undefined && ownSource && !path.includes('${')
    ? resolveSpecPath(repositoryRoot, path) : undefined;
  return {
    kind: kind as FluxKind,
    apiVersion,
    name,
    file: file.path,
    location,
    dependsOn: readDependencies(file, dependsOnEntry?.value ?? null),
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
    ...(targetNamespace ? { targetNamespace } : {}),
    ...(interval ? { interval } : {}),
    ...(sourceKind ? { sourceKind } : {}),
    ...(kind === 'HelmRelease' && isTrue(mapValue(spec, ['install', 'disableWait'])) ? { disableWait: true } : {}),
  };
}

function isTrue(node: YamlNode | null): boolean {
  return node?.kind === 'scalar' && node.value === true;
}

/** spec.path is relative to the source's root; for this repository's own source, the repository root. */
function resolveSpecPath(root: string, path: string): string | undefined {
  const target = resolve(root, path.replace(/^\.?\//, ''));
  if (!isInside(root, target)) return undefined;
  try {
    return statSync(target).isDirectory() ? target : undefined;
  } catch {
    return undefined;
  }
}

function readDependencies(file: YamlFile, node: YamlNode | null): FluxDependency[] {
  if (node?.kind !== 'seq') return [];
  const dependencies: FluxDependency[] = [];
  for (const item of node.items) {
    const name = scalarString(mapValue(item, ['name']));
    if (item?.kind !== 'map' || !name) continue;
    const namespace = scalarString(mapValue(item, ['namespace']));
    const kind = scalarString(mapValue(item, ['kind']));
    const apiVersion = scalarString(mapValue(item, ['apiVersion']));
    const readyExprNode = mapValue(item, ['readyExpr']);
    const readyExpr = scalarString(readyExprNode);
    dependencies.push({
      name,
      location: file.locate(item),
      ...(namespace ? { namespace } : {}),
      ...(kind ? { kind } : {}),
      ...(apiVersion ? { apiVersion } : {}),
      ...(readyExpr ? { readyExpr: { value: readyExpr, location: file.locate(readyExprNode) } } : {}),
      ...(isTrue(mapValue(item, ['ready'])) ? { ready: true } : {}),
    });
  }
  return dependencies;
}

/**
 * The files a Flux Kustomization applies from its spec.path: the directory's
 * kustomization tree, or, without one, what kustomize-controller generates:
 * every manifest below, a subdirectory with its own kustomization standing
 * for that kustomization's tree.
 */
export function appliedFilesOf(dir: string, treeFilesOf: ReadonlyMap<string, readonly string[]>, allFiles: readonly string[]): string[] {
  const tree = treeFilesOf.get(dir);
  if (tree) return [...tree];
  // The nearest directory with its own kustomization between a path and `dir`, walking up: linear in
  // the depth, where comparing every file with every kustomization was quadratic.
  const treeAbove = (path: string): string | undefined => {
    let outermost: string | undefined;
    for (let current = dirname(path); current.length > dir.length && current.startsWith(dir); current = dirname(current)) {
      if (treeFilesOf.has(current)) outermost = current;
    }
    return outermost;
  };
  const result: string[] = [];
  const trees = new Set<string>();
  for (const file of allFiles) {
    if (!file.startsWith(`${dir}${sep}`)) continue;
    const owner = treeAbove(file);
    if (owner) trees.add(owner);
    else result.push(file);
  }
  // Kustomizations below whose files all lie elsewhere (../base) count too.
  for (const treeDir of treeFilesOf.keys()) {
    if (treeDir.startsWith(`${dir}${sep}`) && treeAbove(join(treeDir, 'kustomization.yaml')) === treeDir) trees.add(treeDir);
  }
  // Nested kustomizations stand for their trees (the outermost ones only).
  for (const treeDir of [...trees].sort()) result.push(...treeFilesOf.get(treeDir)!);
  return result;
}

/** targetNamespace of a Flux Kustomization overrides the namespace of everything it applies. */
function applyTargetNamespaces(objects: FluxObject[], treeFilesOf: ReadonlyMap<string, readonly string[]>): void {
  const byFile = new Map<string, FluxObject[]>();
  for (const object of objects) {
    const list = byFile.get(object.file);
    if (list) list.push(object);
    else byFile.set(object.file, [object]);
  }
  const files = [...byFile.keys()];
  for (const parent of objects) {
    if (parent.kind !== 'Kustomization' || !parent.appliesDir || !parent.targetNamespace) continue;
    for (const file of appliedFilesOf(parent.appliesDir, treeFilesOf, files)) {
      for (const object of byFile.get(file) ?? []) if (object !== parent) object.namespace = parent.targetNamespace;
    }
  }
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
