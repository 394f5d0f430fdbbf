import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isInside } from '../model/inside.js';
import { closestName } from '../model/names.js';
import { displayPath, specPathTarget } from '../model/paths.js';
import { ignoreWritten, keepLine, leavesOut, sparseLeavesOut } from './artifact-text.js';
import { describeObject, inAuditedKit, subject } from './flux-subjects.js';
import { rootAbove } from './repository-root.js';
import type { FluxObject } from '../model/flux-objects.js';
import { pathInIncluded } from '../model/flux-objects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// kustomize-controller builds spec.path from the root of the Kustomization's
// source. For the bootstrap source (GitRepository or OCIRepository
// flux-system) that is this repository, so a path that is not here fails the
// build ("kustomization path not found"): the Kustomization is never Ready and
// everything that depends on it waits. Another GitRepository may be another
// repository, so only flux-system's paths are judged; a path holding a
// ${VARIABLE} is not. A Kustomization a ResourceSet generates is judged at the ResourceSet. A path that
// is here fails all the same when the spec.ignore of the GitRepository this
// repository is synced through leaves its directory out of the artifact.
export default defineRule({
  id: 'kustomization/path-not-found',
  severity: 'error',
  description: 'a Kustomization of the flux-system source whose spec.path does not exist in the repository',
  help: 'Correct spec.path (it is relative to the repository root, not to the file), or, when every path is reported, pass --root the repository root.',
  check(model) {
    const findings: RuleFinding[] = [];
    const flux = model.flux;
    if (!flux) return findings;
    const root = flux.repository.root;
    // A FluxInstance's sync path the artifact leaves out: the Kustomization flux-operator makes of it (named, as its
    // GitRepository, after the sync) finds no path, and nothing of the cluster is applied.
    for (const sync of flux.repository.syncPathsLeftOut ?? []) {
      const written = displayPath(root, sync.path);
      findings.push({
        message: `the FluxInstance syncs ${written}, which ${leavesOut(sync.ignoreFile, sync.source)}: the directory is in the repository, but the Kustomization flux-operator makes of the sync fails the build with "kustomization path not found", and nothing it would apply is applied`,
        fix: `keep the directory in the artifact (a "${keepLine(sync.ignoreFile, written)}" line after the pattern that excludes it in ${ignoreWritten(sync.ignoreFile, sync.source)}), or correct sync.path`,
        location: sync.location,
      });
    }
    // A spec.sparseCheckout entry that is not in the repository: source-controller fails the GitRepository before it
    // makes an artifact, so no Kustomization of it finds its path (nor anything else).
    for (const missing of flux.repository.sparseCheckoutMissing ?? []) {
      const syncing = flux.objects.filter((object) => object.kind === 'Kustomization' && (object.sourceKind ?? 'GitRepository') === 'GitRepository'
        && (object.sourceName ?? 'flux-system') === missing.source);
      const names = [...new Set(syncing.map(describeObject))].sort();
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      const guess = closestDirectory(resolve(root, missing.dir.replace(/^\.?\//, '')), flux.repository.directories);
      findings.push({
        message: `GitRepository ${missing.source} checks out ${missing.dir} (spec.sparseCheckout), which is not in the checkout its entries make (no such path, or a link to what they leave out): source-controller fails the GitRepository ("sparse checkout dir '${missing.dir}' does not exist in repository") and makes no artifact, so ${names.length === 0 ? 'nothing it would sync is applied' : `no Kustomization that syncs from it is applied (${shown}), and what depends on them waits for ever`}`,
        fix: missing.resolvesTo !== undefined
          ? `write the entry as ${missing.resolvesTo} (go-git checks out what starts with an entry as written, and the check follows links)`
          : guess ? `did you mean ${displayPath(root, guess)}?` : `correct the entry, or remove it from the spec.sparseCheckout of GitRepository ${missing.source}`,
        location: missing.location,
      });
    }
    // The other GitRepositories that are this repository (a FluxInstance's sync named home-kubernetes: goochs/home-ops).
    const ownSources = new Set(flux.repository.ownSources ?? []);
    // (Not one taken for another repository's: a GitRepository a ResourceSet generates at another address may be named
    // flux-system in its tenant's namespace, a review's probe.)
    const fromHere = (object: FluxObject) => !object.foreignSource && (object.sourceName === 'flux-system'
      || (object.sourceName !== undefined && ownSources.has(object.sourceName) && (object.sourceKind ?? 'GitRepository') === 'GitRepository'));
    // Whether the root serves any Kustomization of this repository's source: then a path missing under it is a mistake
    // in that path (most often written from its own file's directory), not a root too high (a review's probe: the
    // monorepo advice sent a user around in a circle).
    const rootServes = flux.objects.some((object) => object.kind === 'Kustomization' && object.appliesDir !== undefined && object.madeBy === undefined && fromHere(object));
    for (const object of flux.objects) {
      if (object.kind !== 'Kustomization' || object.path === undefined || object.appliesDir !== undefined) continue;
      // kustomize-controller never builds a suspended Kustomization, so it never fails (a trial's probe, samcday/
      // home-cluster's parked seedbox; kustomization/build-failed's own advice is to suspend one).
      if (object.suspend) continue;
      if (object.pathLeftOutBy !== undefined && !inAuditedKit(model, object)) {
        findings.push(leftOutOfArtifact(object, object.pathLeftOutBy));
        continue;
      }
      if (!fromHere(object) || object.path.includes('${') || inAuditedKit(model, object)) continue;
      // A path into what the GitRepository's spec.include copies from another repository: that one's, not read here.
      if (pathInIncluded(flux.repository, object)) continue;
      // flux-operator's Kustomization of an OCI or bucket sync whose path is the artifact's root (`./`): where that
      // artifact comes from is not known here (flux-scan.ts instanceKustomizations), so neither is its path.
      if (object.madeBy !== undefined && object.sourceKind !== 'GitRepository') continue;
      // What a ResourceSet generates carries the path its template gives with the inputs (a path the template language
      // still holds is never set): judged too, located at the ResourceSet, which writes it (a trial's probe:
      // renata-dm/flux-fleet's controllers overlays deleted, and it passed).
      const target = specPathTarget(root, object.path);
      // Run from a directory below the repository's top where no .git marks it (a trial's probe: an unpacked archive,
      // `check` from kubernetes/): the path is there from a directory above the root. Said once the root is wrong.
      const above = rootAbove(root, object.path);
      // The Flux repository may be a directory of this one (a monorepo whose Flux tree is its own repository: a trial's
      // probe, aws-samples/eks-multi-cluster-gitops's repos/gitops-system): the path is there from a directory between
      // the root and the file. The outermost such directory is named, as --root.
      const below = above === undefined && !rootServes ? rootBelow(root, object.file, object.path, flux.repository.directories) : undefined;
      // The most common slip: the path written from the file's own directory (spec.path is from the source's root).
      const fromOwnDirectory = resolve(dirname(object.file), object.path.replace(/^\.?\//, ''));
      // Else a path one directory too deep (`<app>/app` where the kustomization is in `<app>`: a trial's probe, tuxpeople's
      // exporters), else the closest name.
      const parentDir = dirname(target);
      const guess = above !== undefined || below !== undefined ? undefined
        : flux.repository.directories.has(fromOwnDirectory) ? fromOwnDirectory
          : closestDirectory(target, flux.repository.directories)
            // (Not the directory of its own file, or one above it: applied so it would reconcile itself and deploy nothing,
            // a review's probe.)
            ?? (parentDir !== root && !isInside(parentDir, object.file) && (flux.repository.kustomizationDirs?.has(parentDir) ?? false) ? parentDir : undefined);
      // An OCIRepository's artifact may be pushed from a directory above the file (resolveSourcePath looked there too).
      const where = object.sourceKind === 'OCIRepository' ? ', nor under any directory above its file that an OCIRepository artifact could be pushed from' : '';
      findings.push({
        message: `${describeObject(object)}${object.generatedBy ? ` (which ${object.generatedBy.replace('/', ' ')} generates)` : ''} applies ${object.path}, which does not exist under the repository root (${displayPath(model.repository.cwd, root) || '.'})${where}: kustomize-controller fails it with "kustomization path not found", and what depends on ${object.name} waits for ever`,
        fix: above !== undefined
          ? `pass --root ${displayPath(model.repository.cwd, above) || '.'} (the repository root: spec.path is relative to it, and ${object.path} is there)`
          : below !== undefined ? `pass --root ${displayPath(model.repository.cwd, below)}${BELOW_ROOT} (${object.path} is there from it), or correct spec.path`
          : guess ? `did you mean ./${displayPath(root, guess)}?`
            // Where the root serves other Kustomizations of this source, it is no root too high (a trial's probe, tuxpeople/
            // k8s-homelab: three exporters' paths one directory too deep were told "or pass --root").
            : rootServes ? 'correct spec.path (relative to the repository root)' : 'correct spec.path (relative to the repository root), or pass --root the repository root',
        ...subject(object),
        ...(above === undefined && below !== undefined ? { rootBelow: below } : {}),
        location: object.pathLocation ?? object.location,
      });
    }
    return findings;
  },
});

/**
 * The outermost directory strictly between the root and the file's directory (or that directory) from which spec.path
 * is a directory. (resolveSourcePath walks the same directories for an OCI artifact's path, and stats what the walk
 * did not list; here only what the walk listed counts.)
 */
function rootBelow(root: string, file: string, path: string, directories: ReadonlySet<string>): string | undefined {
  const written = path.replace(/^\.?\//, '');
  if (written === '' || written.startsWith('..')) return undefined;
  const parts = relative(root, dirname(file)).split(sep).filter((part) => part !== '' && part !== '..');
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const dir = join(root, ...parts.slice(0, depth));
    if (directories.has(resolve(dir, written))) return dir;
  }
  return undefined;
}

/** A spec.path that is here, but that the spec.ignore of the GitRepository it syncs from leaves out of the artifact. */
function leftOutOfArtifact(object: FluxObject, source: string): RuleFinding {
  // The pattern that leaves it out is in a .sourceignore file (source-controller reads every one), or in the spec.ignore.
  const written = object.path!.replace(/^\.?\//, '');
  if (object.pathLeftOutBySparseCheckout) {
    return {
      message: `${describeObject(object)} applies ${object.path}, which ${sparseLeavesOut(object.pathLeftOutBySparseCheckout, source)}: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on ${object.name} waits for ever`,
      fix: `add ${written} (or a directory above it) to the spec.sparseCheckout of GitRepository ${source}, or correct spec.path`,
      ...subject(object),
      location: object.pathLocation ?? object.location,
    };
  }
  return {
    message: `${describeObject(object)} applies ${object.path}, which ${leavesOut(object.pathLeftOutIn, source)}: the directory is in the repository, but kustomize-controller fails the build with "kustomization path not found", and what depends on ${object.name} waits for ever`,
    fix: `keep the directory in the artifact (a "${keepLine(object.pathLeftOutIn, written)}" line after the pattern that excludes it in ${ignoreWritten(object.pathLeftOutIn, source)}), or correct spec.path`,
    ...subject(object),
    location: object.pathLocation ?? object.location,
  };
}

/** The directory next to a missing one whose name is closest to it, among those the walk listed (rules read no disk). */
function closestDirectory(target: string, directories: ReadonlySet<string>): string | undefined {
  const parent = dirname(target);
  const siblings: string[] = [];
  for (const directory of directories) if (dirname(directory) === parent) siblings.push(basename(directory));
  const name = closestName(basename(target), siblings);
  return name === undefined ? undefined : resolve(parent, name);
}

/** How the fix asks for a root below the one given (a root too high: a folder above the repository). */
const BELOW_ROOT = ' if that directory is the repository Flux syncs';
