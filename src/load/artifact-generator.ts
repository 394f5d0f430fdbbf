import { dirname, join } from 'node:path';
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
}

/** The artifacts of an ArtifactGenerator object; `namespace`: its own, as written or given by its kustomization. */
export function generatedArtifacts(node: YamlNode | null, namespace: string | undefined, file: string): GeneratedArtifact[] {
  const spec = mapValue(node, ['spec']);
  // One artifact per directory the pattern finds: their names are only known from the source's tree.
  if (scalarString(mapValue(spec, ['pathPattern'])) !== undefined) return [];
  const bootstrapAliases = new Set<string>();
  for (const source of sequenceItems(mapValue(spec, ['sources']))) {
    const alias = scalarString(mapValue(source, ['alias']));
    const sourceNamespace = scalarString(mapValue(source, ['namespace'])) ?? namespace;
    if (alias !== undefined && scalarString(mapValue(source, ['kind'])) === 'GitRepository' && scalarString(mapValue(source, ['name'])) === 'flux-system'
      && (sourceNamespace === undefined || sourceNamespace === 'flux-system')) bootstrapAliases.add(alias);
  }
  const artifacts: GeneratedArtifact[] = [];
  for (const artifact of sequenceItems(mapValue(spec, ['artifacts']))) {
    const name = scalarString(mapValue(artifact, ['name']));
    if (name === undefined) continue;
    const laid = artifactBase(sequenceItems(mapValue(artifact, ['copy'])), bootstrapAliases);
    artifacts.push({ name, ...(namespace ? { namespace } : {}), file, ...(laid ? { base: laid.base, copies: laid.copies } : {}) });
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
  const wantedNamespace = object.sourceNamespace ?? object.namespace ?? namespaceOf.get(object.file);
  const named = generated.filter((artifact) => artifact.name === object.sourceName && isInside(dirname(artifact.file), object.file)
    && (artifact.namespace === undefined || wantedNamespace === undefined || artifact.namespace === wantedNamespace));
  const nearest = Math.max(-1, ...named.map((artifact) => dirname(artifact.file).length));
  const made = named.filter((artifact) => dirname(artifact.file).length === nearest);
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
  const parts = appliedParts(dir, trees, yamlFiles);
  const read = [...parts.loose, ...parts.trees.flatMap((treeDir) => [
    ...(trees.get(treeDir)?.files ?? []).map((file) => file.path), ...(trees.get(treeDir)?.kustomizations ?? []).map((kustomization) => kustomization.path),
  ])];
  return read.every((path) => copied.some((copy) => isInside(copy, path))) ? { appliesDir: dir, artifactOf: artifact.base } : undefined;
}

/** The one directory here every copy of an artifact maps, with the copies, or undefined (see the top of this file). */
function artifactBase(copies: readonly (YamlNode | null)[], bootstrapAliases: ReadonlySet<string>): { base: string; copies: { here: string; inArtifact: string }[] } | undefined {
  let base: string | undefined;
  const laid: { here: string; inArtifact: string }[] = [];
  if (copies.length === 0) return undefined;
  for (const copy of copies) {
    if (mapEntry(copy, 'exclude') !== undefined) return undefined;
    const strategy = scalarString(mapValue(copy, ['strategy']));
    if (strategy !== undefined && strategy !== 'Overwrite') return undefined;
    const from = /^@([A-Za-z0-9_-]+)\/(.*)$/.exec(scalarString(mapValue(copy, ['from'])) ?? '');
    const to = /^@artifact\/((?:[^*?[\]{}]*\/)?)$/.exec(scalarString(mapValue(copy, ['to'])) ?? '');
    if (!from || !to || !bootstrapAliases.has(from[1]!)) return undefined;
    // The directory of the source it copies, and where in the artifact that directory's contents land.
    const written = from[2]!;
    let sourceDir: string;
    let artifactDir = trimSlashes(to[1]!);
    if (written === '' || written === '**') sourceDir = '';
    else if (written.endsWith('/**')) sourceDir = trimSlashes(written.slice(0, -3));
    else if (written.endsWith('/')) {
      sourceDir = trimSlashes(written);
      artifactDir = joinParts(artifactDir, sourceDir.slice(sourceDir.lastIndexOf('/') + 1));
    } else return undefined;
    if (/[*?[\]{}]/.test(sourceDir) || sourceDir.split('/').some((part) => part === '..' || part === '.')) return undefined;
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
