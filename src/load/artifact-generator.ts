import { dirname, join, relative, sep } from 'node:path';
import type { FluxObject } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { cleanedSourcePath } from '../model/paths.js';
import { appliedParts } from './applied-files.js';
import type { ScannedTree } from './flux-build.js';
import { resolveSpecPath } from './flux-object.js';
import type { YamlNode } from './yaml-tree.js';
import { mapEntry, mapValue, scalarString } from './yaml-tree.js';

/*
 * source-watcher's ArtifactGenerator (Flux 2.7, source.extensions.fluxcd.io) makes ExternalArtifacts of
 * copies from other sources: fluxcd/flux2-kustomize-helm-example splits its own repository so
 * (`@monorepo/infrastructure/**` to `@artifact/`), and its Kustomizations apply `./configs` of the artifact,
 * which is `infrastructure/configs` here. Read where an artifact is a part of one directory of this repository
 * copied as it lies: each copy takes a directory of the bootstrap source (`@alias/DIR/**`, its contents, or
 * `@alias/DIR/`, the directory itself, cp -r's way, as the spec's copy semantics say) into a directory of the
 * artifact whose path is the end of DIR's, so that a path in the artifact is that path below one directory here.
 * Anything else (a file, a glob, `exclude`, a strategy other than Overwrite, another source, `pathPattern`)
 * leaves the artifact unread, as before.
 */

/** One ExternalArtifact an ArtifactGenerator makes. */
export interface GeneratedArtifact {
  name: string;
  namespace?: string;
  /** The file the ArtifactGenerator is written in: a Kustomization reads the artifact of the generator nearest above it. */
  file: string;
  /** The directory of this repository (relative, `''` the root) the artifact is a part of, where it is one. */
  base?: string;
  /** Each copy: the directory of this repository it takes and where it lands in the artifact (both relative). */
  copies?: { here: string; inArtifact: string }[];
  /**
   * The directory each copy takes from its source (relative to the source's root, whichever source it is), where
   * every copy takes a directory (`@alias/DIR/` or `@alias/DIR/**`, DIR not the root and without a glob).
   */
  fromDirs?: string[];
  /**
   * Whether every copy takes from the bootstrap source: the GitRepository or OCIRepository `flux-system` (what
   * flux bootstrap, or a FluxInstance's sync, reads this repository through). Only such an artifact's copies are read
   * as this repository's directories (artifactCopyDirOf): another source's `deploy/` is not this one's.
   */
  fromBootstrap?: true;
  /**
   * Where each copy's directory lands in the artifact (relative): DIR's contents at the `to` directory for
   * `@alias/DIR/**`, the directory itself below it (`to/LAST`, cp -r's way) for `@alias/DIR/`; where every copy is one
   * of those, without `exclude` and with no strategy but Overwrite. In the order of fromDirs.
   */
  landings?: string[];
}

/** The artifacts of an ArtifactGenerator object; `namespace`: its own, as written or given by its kustomization. */
export function generatedArtifacts(node: YamlNode | null, namespace: string | undefined, file: string): GeneratedArtifact[] {
  const spec = mapValue(node, ['spec']);
  // One artifact per directory the pattern finds: their names are only known from the source's tree.
  if (scalarString(mapValue(spec, ['pathPattern'])) !== undefined) return [];
  const bootstrapAliases = new Set<string>();
  // The same, or the OCIRepository a FluxInstance syncs this repository from (its CI pushes it: xunholy/k8s-gitops).
  const ownAliases = new Set<string>();
  for (const source of sequenceItems(mapValue(spec, ['sources']))) {
    const alias = scalarString(mapValue(source, ['alias']));
    const sourceNamespace = scalarString(mapValue(source, ['namespace'])) ?? namespace;
    const kind = scalarString(mapValue(source, ['kind']));
    if (alias === undefined || scalarString(mapValue(source, ['name'])) !== 'flux-system' || (sourceNamespace !== undefined && sourceNamespace !== 'flux-system')) continue;
    if (kind === 'GitRepository') bootstrapAliases.add(alias);
    if (kind === 'GitRepository' || kind === 'OCIRepository') ownAliases.add(alias);
  }
  const artifacts: GeneratedArtifact[] = [];
  for (const artifact of sequenceItems(mapValue(spec, ['artifacts']))) {
    const name = scalarString(mapValue(artifact, ['name']));
    if (name === undefined) continue;
    const copies = sequenceItems(mapValue(artifact, ['copy']));
    const laid = artifactBase(copies, bootstrapAliases);
    // Each copy read once: the directory it takes, and where it lands (see GeneratedArtifact).
    const read = copies.map(directoryCopy);
    const fromDirs = read.length > 0 && read.every((copy) => copy !== undefined) ? read.map((copy) => copy!.dir) : undefined;
    const landings = fromDirs && read.every((copy) => copy!.landing !== undefined) ? read.map((copy) => copy!.landing!) : undefined;
    const fromBootstrap = fromDirs !== undefined && read.every((copy) => ownAliases.has(copy!.alias));
    artifacts.push({
      name, ...(namespace ? { namespace } : {}), file, ...(laid ? { base: laid.base, copies: laid.copies } : {}), ...(fromDirs ? { fromDirs } : {}), ...(landings ? { landings } : {}),
      ...(fromBootstrap ? { fromBootstrap: true as const } : {}),
    });
  }
  return artifacts;
}

/** What the scan knows that artifactDirOf reads. */
export interface ArtifactContext {
  root: string;
  trees: ReadonlyMap<string, ScannedTree>;
  yamlFiles: readonly string[];
  directories: ReadonlySet<string>;
  namespaceOf: ReadonlyMap<string, string | undefined>;
  /** The Kustomizations written here whose source is an ExternalArtifact (see generatorsOf). */
  artifactUsers: readonly FluxObject[];
  /** The clusters' directories: the sync paths, and what each bootstrap root (a Kustomization flux-system applying a directory that holds its own file) applies. */
  clusterDirs: readonly string[];
}

/**
 * Where a Kustomization of an ExternalArtifact that `generated` makes reads its spec.path here (fluxcd/flux2-kustomize-
 * helm-example's infra-configs: ./configs of artifact infrastructure is infrastructure/configs), or undefined where the
 * artifact is not laid out as this repository is. The generator is the one nearest above the Kustomization's file
 * (its cluster's: clusters/production/artifacts.yaml beside clusters/production/apps.yaml), not another cluster's of
 * the same name (a review's probe). The artifact holds only what the copies put in it: the path must be in a copy or
 * above one, and everything its build reads in the copied directories (kustomize-controller builds inside the
 * artifact: a `../base` that leaves it fails there).
 */
export function artifactDirOf(object: FluxObject, generated: readonly GeneratedArtifact[], context: ArtifactContext): Pick<FluxObject, 'appliesDir' | 'artifactOf'> | undefined {
  if (object.kind !== 'Kustomization' || object.sourceKind !== 'ExternalArtifact' || object.path === undefined || object.path.includes('${')) return undefined;
  if (object.appliesDir !== undefined || object.componentEntries !== undefined) return undefined;
  const { root, trees, yamlFiles, directories, namespaceOf } = context;
  const made = nearestGenerators(object, generated, namespaceOf);
  // Those at that level must lay it out alike (the base follows from the copies).
  const artifact = made[0];
  if (artifact?.base === undefined || made.some((other) => JSON.stringify(other.copies) !== JSON.stringify(artifact.copies))) return undefined;
  const copies = artifact.copies!;
  const inArtifact = cleanedSourcePath(object.path);
  if (!copies.some((copy) => copy.inArtifact === '' || inArtifact === '' || inArtifact === copy.inArtifact
    || inArtifact.startsWith(`${copy.inArtifact}/`) || copy.inArtifact.startsWith(`${inArtifact}/`))) return undefined;
  const dir = resolveSpecPath(join(root, artifact.base), object.path, directories);
  if (dir === undefined || !isInside(root, dir)) return undefined;
  const copied = copies.map((copy) => join(root, copy.here));
  return filesBuilt(dir, trees, yamlFiles).every((path) => copied.some((copy) => isInside(copy, path))) ? { appliesDir: dir, artifactOf: artifact.base } : undefined;
}

/**
 * One copy of an ArtifactGenerator, read as source-watcher copies it: its source's alias, the directory it copies
 * (`@alias/DIR/` or `@alias/DIR/**`; '' for the source's root, `@alias/` or `@alias/**`), without a glob or a `.` or
 * `..` part, and where that directory's contents land in the artifact (`to` itself for `/**` and the root, `to/LAST`
 * for `DIR/`, cp -r's way): only where the copy has no `exclude`, no strategy but Overwrite, and a plain `to`
 * directory. Undefined for a copy of any other `from`.
 */
function readCopy(copy: YamlNode | null): { alias: string; dir: string; landing?: string } | undefined {
  const from = /^@([A-Za-z0-9_-]+)\/(.*)$/.exec(scalarString(mapValue(copy, ['from'])) ?? '');
  if (from === null) return undefined;
  const written = from[2]!;
  const dir = written === '' || written === '**' ? '' : written.endsWith('/**') ? trimSlashes(written.slice(0, -3)) : written.endsWith('/') ? trimSlashes(written) : undefined;
  if (dir === undefined || /[*?[\]{}]/.test(dir) || (dir !== '' && dir.split('/').some((part) => part === '..' || part === '.'))) return undefined;
  const strategy = scalarString(mapValue(copy, ['strategy']));
  const to = /^@artifact\/((?:[^*?[\]{}]*\/)?)$/.exec(scalarString(mapValue(copy, ['to'])) ?? '')?.[1];
  if (mapEntry(copy, 'exclude') !== undefined || (strategy !== undefined && strategy !== 'Overwrite') || to === undefined
    || to.split('/').some((part) => part === '..' || part === '.')) return { alias: from[1]!, dir };
  const target = trimSlashes(to);
  return { alias: from[1]!, dir, landing: dir === '' || written.endsWith('/**') ? target : joinParts(target, dir.slice(dir.lastIndexOf('/') + 1)) };
}

/** A copy of a directory that is not its source's root (see `readCopy`). */
function directoryCopy(copy: YamlNode | null): { alias: string; dir: string; landing?: string } | undefined {
  const read = readCopy(copy);
  return read?.dir === '' ? undefined : read;
}

/** Every file a build of `dir` reads (kustomize-controller's view: its kustomizations' trees, or what it generates one of). */
export function filesBuilt(dir: string, trees: ArtifactContext['trees'], yamlFiles: ArtifactContext['yamlFiles']): string[] {
  const parts = appliedParts(dir, trees, yamlFiles);
  return [...parts.loose, ...parts.trees.flatMap((treeDir) => [
    ...(trees.get(treeDir)?.files ?? []).map((file) => file.path), ...(trees.get(treeDir)?.kustomizations ?? []).map((kustomization) => kustomization.path),
  ])];
}

/**
 * Where a Kustomization of an ExternalArtifact of one copy reads its spec.path here, where artifactDirOf cannot (the
 * copy's source is the bootstrap OCIRepository, pushed from a directory of this repository, or the artifact does not
 * lie as this repository does); the copy's source must be the bootstrap one (fromBootstrap): the directory here the
 * copy takes, found by its ending from the root (one such directory only), and the path's place in it. The path
 * is the copy's landing, a directory below it, or a directory above it, which holds nothing else: kustomize-controller
 * generates a kustomization there that takes the landing whole, as it would the directory here (a trial's probe,
 * xunholy/k8s-gitops: `@repo/apps/base/x/app/` to `@artifact/apps/base/x/app/`, applied at `./apps/base/x/app`, from
 * an OCIRepository its CI pushes). Everything the build reads must lie in that directory, as for artifactDirOf.
 */
export function artifactCopyDirOf(object: FluxObject, generated: readonly GeneratedArtifact[], context: ArtifactContext): Pick<FluxObject, 'appliesDir' | 'artifactOf'> | undefined {
  if (object.kind !== 'Kustomization' || object.sourceKind !== 'ExternalArtifact' || object.path === undefined || object.path.includes('${')) return undefined;
  if (object.appliesDir !== undefined || object.componentEntries !== undefined) return undefined;
  const { root, trees, yamlFiles, directories } = context;
  const made = generatorsOf(object, generated, context);
  const [artifact] = made;
  if (artifact?.landings?.length !== 1 || !artifact.fromBootstrap
    || made.some((other) => JSON.stringify([other.fromDirs, other.landings, other.fromBootstrap]) !== JSON.stringify([artifact.fromDirs, artifact.landings, artifact.fromBootstrap]))) return undefined;
  const landing = artifact.landings[0]!;
  const path = cleanedSourcePath(object.path);
  let below: string;
  if (path === landing || path === '' && landing === '') below = '';
  else if (landing === '' || path.startsWith(`${landing}/`)) below = landing === '' ? path : path.slice(landing.length + 1);
  else if (path === '' || landing.startsWith(`${path}/`)) below = '';
  else return undefined;
  const [copied, ...others] = sourceDirsHere(artifact.fromDirs!, directories, root);
  if (copied === undefined || others.length > 0) return undefined;
  const dir = below === '' ? copied : join(copied, ...below.split('/'));
  if (!directories.has(dir)) return undefined;
  return filesBuilt(dir, trees, yamlFiles).every((file) => isInside(copied, file)) ? { appliesDir: dir, artifactOf: relative(root, copied) } : undefined;
}

/**
 * The directories below the root whose path from the root ends with one of `fromDirs` (a copy's source directory,
 * relative to its source): the root's own name, or a directory above it, is no part of the match (a review's probe: a
 * checkout at `.../deploy` took the whole repository for a copy of `deploy/`).
 */
function sourceDirsHere(fromDirs: readonly string[], directories: ReadonlySet<string>, root: string): string[] {
  const endings = fromDirs.map((dir) => `/${dir}`);
  return [...pathsFromRoot(directories, root)].filter(([, fromRoot]) => endings.some((ending) => fromRoot.endsWith(ending))).map(([directory]) => directory).sort();
}

/** Each directory with its path from the root (`/a/b`), worked out once per scan: asked again for every artifact Kustomization. */
function pathsFromRoot(directories: ReadonlySet<string>, root: string): ReadonlyMap<string, string> {
  let paths = fromRootOf.get(directories);
  if (!paths) fromRootOf.set(directories, paths = new Map([...directories].map((directory) => [directory, `/${relative(root, directory).split(sep).join('/')}`])));
  return paths;
}

const fromRootOf = new WeakMap<ReadonlySet<string>, ReadonlyMap<string, string>>();

/**
 * For a Kustomization of an ExternalArtifact that `generated` makes here (the generator nearest above its file, as
 * artifactDirOf finds it) but that artifactDirOf cannot read: the directories here the artifact's copies may take, so
 * that what it may apply from this repository is what lies below them, not any object (a trial's probe,
 * xunholy/k8s-gitops: one such Kustomization kept every object of the repository in, commented-out Kustomizations
 * warned about and placed on level 0). A copy's source may be this repository at its root, or an artifact pushed
 * from a directory of it: every directory here whose path ends with the copied one. Undefined where no generator
 * here makes it, those at the nearest level disagree, or a copy takes other than a directory.
 */
export function artifactSourceDirs(object: FluxObject, generated: readonly GeneratedArtifact[], context: ArtifactContext): string[] | undefined {
  if (object.kind !== 'Kustomization' || object.sourceKind !== 'ExternalArtifact' || object.appliesDir !== undefined) return undefined;
  const made = generatorsOf(object, generated, context);
  if (made.length === 0 || made.some((artifact) => artifact.fromDirs === undefined)) return undefined;
  return sourceDirsHere([...new Set(made.flatMap((artifact) => artifact.fromDirs!))], context.directories, context.root);
}

/**
 * The ArtifactGenerators that make the object's ExternalArtifact: those nearest above its file, or where none is above
 * it, every one of that name that is above no Kustomization of that artifact (xunholy/k8s-gitops keeps its generator
 * in a directory of its own, beside the apps; not another cluster's, which stands above that cluster's Kustomizations:
 * a review's probe, a cluster without a generator has no such artifact).
 */
function generatorsOf(object: FluxObject, generated: readonly GeneratedArtifact[], context: Pick<ArtifactContext, 'namespaceOf' | 'artifactUsers' | 'clusterDirs'>): GeneratedArtifact[] {
  const above = nearestGenerators(object, generated, context.namespaceOf);
  if (above.length > 0) return above;
  // (Nor, for a Kustomization written in a cluster's directory, one in another cluster's: a sync's path, or the
  // directory a bootstrap root applies, that holds the generator and not the Kustomization; source-watcher makes the
  // artifact in the generator's cluster only. A review's probe: staging's generator, in clusters/staging/artifacts/,
  // served prod's Kustomization. One written in no cluster's directory, apps/web/ks.yaml, may be any cluster's: a
  // second review's probe, where a single cluster's only generator was left out.)
  return generated.filter((artifact) => artifact.name === object.sourceName && sameNamespace(artifact, object, context.namespaceOf)
    && !context.artifactUsers.some((user) => user.sourceName === artifact.name && isInside(dirname(artifact.file), user.file))
    && !(context.clusterDirs.some((dir) => isInside(dir, object.file))
      && context.clusterDirs.some((dir) => isInside(dir, artifact.file) && !isInside(dir, object.file))));
}

/** The ArtifactGenerators of the object's ExternalArtifact nearest above its file (its cluster's), all of that level. */
function nearestGenerators(object: FluxObject, generated: readonly GeneratedArtifact[], namespaceOf: ReadonlyMap<string, string | undefined>): GeneratedArtifact[] {
  const named = generated.filter((artifact) => artifact.name === object.sourceName && isInside(dirname(artifact.file), object.file) && sameNamespace(artifact, object, namespaceOf));
  const nearest = Math.max(-1, ...named.map((artifact) => dirname(artifact.file).length));
  return named.filter((artifact) => dirname(artifact.file).length === nearest);
}

/** Whether the artifact is in the namespace the Kustomization's sourceRef looks in (either not known: it may be). */
function sameNamespace(artifact: GeneratedArtifact, object: FluxObject, namespaceOf: ReadonlyMap<string, string | undefined>): boolean {
  const wanted = object.sourceNamespace ?? object.namespace ?? namespaceOf.get(object.file);
  return artifact.namespace === undefined || wanted === undefined || artifact.namespace === wanted;
}

/** The one directory here every copy of an artifact maps, with the copies, or undefined (see the top of this file). */
function artifactBase(copies: readonly (YamlNode | null)[], bootstrapAliases: ReadonlySet<string>): { base: string; copies: { here: string; inArtifact: string }[] } | undefined {
  let base: string | undefined;
  const laid: { here: string; inArtifact: string }[] = [];
  if (copies.length === 0) return undefined;
  for (const copy of copies) {
    // The directory of the source it copies, and where in the artifact that directory's contents land.
    const read = readCopy(copy);
    if (read?.landing === undefined || !bootstrapAliases.has(read.alias)) return undefined;
    const { dir: sourceDir, landing: artifactDir } = read;
    // The artifact's directory must be the end of the source's, so that both lie as they do here.
    let here: string;
    if (artifactDir === '') here = sourceDir;
    else if (sourceDir === artifactDir) here = '';
    else if (sourceDir.endsWith(`/${artifactDir}`)) here = sourceDir.slice(0, -artifactDir.length - 1);
    else return undefined;
    if (base !== undefined && base !== here) return undefined;
    base = here;
    laid.push({ here: sourceDir, inArtifact: artifactDir });
  }
  return base === undefined ? undefined : { base, copies: laid };
}

function sequenceItems(node: YamlNode | null | undefined): (YamlNode | null)[] {
  return node?.kind === 'seq' ? node.items : [];
}

function trimSlashes(path: string): string {
  return path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

function joinParts(a: string, b: string): string {
  return a === '' ? b : `${a}/${b}`;
}
