// Not `node:child_process`: the CLI bundle aliases that specifier to a lazy
// stand-in for commander's sake, and this module is itself loaded only when a
// kit needs a build.
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DependsOnRef, Finding, HelmRelease, KustomizeTransformation, Location } from '../model/types.js';
import { readHelmRelease } from './kit-file.js';
import { KNOWN_BY_FOLDED, KUSTOMIZATION_FILE_NAMES, kustomizeError, kustomizeMissing } from './kustomization.js';
import { FLUX_API_GROUPS } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { noteInputRead } from './tier-up.js';
import { documentsAsFile, parseYamlText } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlDocument, YamlMap, YamlNode } from './yaml-tree.js';
import { mapValue, scalarString } from './yaml-tree.js';

// A kit whose kustomization transforms objects (patches, components, name
// prefixes, generators, ...) is audited as the real kustomize builds it, the
// way Flux's kustomize-controller does: reimplementing patches would audit
// something other than what Flux applies. Loaded only for such kits.

/** How to run kustomize: the standalone binary, or kubectl's built-in copy. */
export interface KustomizeCommand {
  command: string;
  args: string[];
  /** As messages print it: `kustomize build` or `kubectl kustomize`. */
  name: string;
}

/** `kustomize` or `kubectl` on PATH (looked up without starting a process), kustomize first. */
export function findKustomize(path = process.env.PATH ?? ''): KustomizeCommand | undefined {
  const directories = path.split(delimiter).filter(Boolean);
  const find = (name: string) => {
    for (const directory of directories) {
      const candidate = join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return undefined;
  };
  const kustomize = find('kustomize');
  // kustomize-controller builds with LoadRestrictionsNone: a patch file outside the kit's directory is fine in Flux.
  if (kustomize) return { command: kustomize, args: ['build', '--load-restrictor', 'LoadRestrictionsNone'], name: 'kustomize build' };
  const kubectl = find('kubectl');
  if (kubectl) return { command: kubectl, args: ['kustomize', '--load-restrictor', 'LoadRestrictionsNone'], name: 'kubectl kustomize' };
  return undefined;
}

export interface KustomizeBuildInput {
  kitDir: string;
  kustomizationPath: string;
  transformations: readonly KustomizeTransformation[];
  /** The releases read from the files as written: where each built one is located. */
  staticReleases: readonly HelmRelease[];
  slotLabel: string;
  kustomize?: KustomizeCommand;
}

export interface KustomizeBuildResult {
  helmReleases?: HelmRelease[];
  findings: Finding[];
}

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
const BUILD_TIMEOUT_MS = 60_000;

export async function buildKit(input: KustomizeBuildInput): Promise<KustomizeBuildResult> {
  const [first] = input.transformations;
  const where = first ? first.location : { file: input.kustomizationPath, line: null, column: null };
  const kustomize = input.kustomize ?? findKustomize();
  if (!kustomize) {
    return {
      findings: [kustomizeMissing(where, describeFields(input.transformations))],
    };
  }
  const build = await runKustomizeBuild(kustomize, input.kitDir, input.kustomizationPath);
  if ('findings' in build) return { findings: build.findings };
  const built = build.file;
  const locateTransform = transformLocator(input.transformations, where);
  const helmReleases: HelmRelease[] = [];
  for (const document of built.documents) {
    const ignored: Finding[] = []; // the files as written were checked already, each finding at its own line
    const release = readHelmRelease(built, document.root, { slotLabel: input.slotLabel }, ignored);
    if (!release) continue;
    const origin = build.originOf(document.root);
    helmReleases.push(locateBuilt(release, origin, input, locateTransform));
  }
  return { helmReleases, findings: [] };
}

/** What `kustomize build` of one directory gives: its objects, each with the file it came from. */
export interface KustomizeBuildOutput {
  file: YamlFile;
  /** The source file of one built object (kustomize's origin annotation), when kustomize recorded it. */
  originOf: (object: YamlNode | null) => string | undefined;
}

/** What a build adds to the wrapper kustomization: see `runKustomizeBuild`. */
interface BuildExtra {
  components?: readonly string[];
  /** A Flux Kustomization's spec.patches (patch and target), which kustomize-controller adds to its build. */
  patches?: readonly { patch: string; target?: Record<string, string> }[];
  resources?: readonly string[];
  /**
   * `dir`'s kustomization is a Component (`kind: Component`), which kustomize refuses as a resource: the wrapper
   * lists it first among its components instead, as kustomize-controller builds it (its spec.components after it).
   */
  componentAtDir?: boolean;
  namespace?: string;
  /**
   * Nothing in the build reaches beyond its own objects, and the caller reads its Flux objects alone (see
   * flux-build.ts): it may share a process, and then gives its Flux objects and those of the kinds kustomize's name
   * references join, nothing else (see `keptApartTransformers`).
   */
  shareable?: boolean;
  /**
   * How much kustomize reads for the build: its kustomizations and the entries of their resources (see
   * `flushBatches`). Unknown: 1.
   */
  weight?: number;
}

/**
 * Runs the real kustomize on `dir`, as kustomize-controller builds it. A
 * wrapper kustomization asks kustomize to record each object's source file
 * (`originAnnotations`) without touching the user's files. Never throws: a
 * failing build is one `input/kustomize-error` at the kustomization.
 *
 * Builds that are `shareable` are batched (see `flushBatches`): asked for in
 * the same turn of the event loop, they share one kustomize process, which is
 * most of a small build's cost.
 */
export function runKustomizeBuild(
  kustomize: KustomizeCommand, dir: string, kustomizationPath: string, subject = 'this kit',
  /** What kustomize-controller adds to a Flux Kustomization's build: spec.components; the files it lists when spec.path has no kustomization. */
  extra: BuildExtra = {},
): Promise<KustomizeBuildOutput | BuildFailure> {
  if (!extra.shareable) return buildAlone({ kustomize, dir, kustomizationPath, subject, extra });
  return new Promise((settle, fail) => {
    pending.push({ kustomize, dir, kustomizationPath, subject, extra, settle, fail });
    if (pending.length === 1) setImmediate(flushBatches);
  });
}

interface BuildRequest {
  kustomize: KustomizeCommand;
  dir: string;
  kustomizationPath: string;
  subject: string;
  extra: BuildExtra;
}

/** A build that gave no objects: why, and whether kustomize itself refused the input (not the machine or the network). */
type BuildResult = KustomizeBuildOutput | BuildFailure;
export interface BuildFailure {
  findings: Finding[];
  /** kustomize ran and failed on what it was given: kustomize-controller's build fails the same way. */
  refused?: true;
  /** A remote resource this machine cannot reach: the finding is the same for every build of the tree that names it. */
  unreachable?: true;
}

/** A build waiting for the next flush, with how to answer whoever asked for it. */
type PendingBuild = BuildRequest & { settle: (result: BuildResult) => void; fail: (error: unknown) => void };

const pending: PendingBuild[] = [];

/**
 * The wrapper kustomization of one build, in `wrapper`. In a batch, each object
 * it gives is marked with the build's index, and the build's namespace is a
 * placeholder of its own (see `flushBatches`): in place of the namespace the
 * build sets, or, for a build that sets none, only where an object has none.
 */
function wrapperKustomization(
  wrapper: string, request: BuildRequest, batch?: { index: number; placeholder: string; keptApart: boolean },
): string {
  const { dir, extra } = request;
  const namespace = batch && extra.namespace ? batch.placeholder : extra.namespace;
  const components = [...(extra.componentAtDir && !extra.resources ? [dir] : []), ...(extra.components ?? [])];
  // After the builtin transformers (the patches, namespace:), the batch's own, in one file (see `batchTransformers`).
  const transformers = batch && (batch.keptApart || !extra.namespace) ? [BATCH_TRANSFORMERS_FILE] : [];
  const patches = extra.patches ?? [];
  return [
    'resources:', ...(extra.resources ?? (extra.componentAtDir ? [] : [dir])).map((resource) => `  - ${JSON.stringify(relative(wrapper, resource))}`),
    ...(components.length > 0 ? ['components:', ...components.map((component) => `  - ${JSON.stringify(relative(wrapper, component))}`)] : []),
    // Each as JSON, which is YAML: the patch text keeps its lines.
    ...(patches.length > 0 ? ['patches:', ...patches.map((patch) => `  - ${JSON.stringify(patch)}`)] : []),
    ...(namespace ? [`namespace: ${JSON.stringify(namespace)}`] : []),
    ...(transformers.length > 0 ? ['transformers:', ...transformers.map((file) => `  - ${file}`)] : []),
    // Kept apart, only the Flux objects are marked (`keptApartTransformers`); otherwise every object.
    ...(batch && !batch.keptApart ? ['commonAnnotations:', `  ${BATCH_ANNOTATION}: ${JSON.stringify(String(batch.index))}`] : []),
    'buildMetadata: [originAnnotations]', '',
  ].join('\n');
}

const UNSET_NAMESPACE_FILE = 'unset-namespace.yaml';

/**
 * kustomize's own namespace transformer, told to fill only an empty
 * metadata.namespace (`unsetOnly`, kustomize 5) and to leave RoleBinding
 * subjects alone: what `namespace:` does, minus overriding the namespaces
 * objects already have. Cluster-scoped kinds stay without one, as with `namespace:`.
 */
function unsetNamespaceTransformer(namespace: string): string {
  return [
    'apiVersion: builtin', 'kind: NamespaceTransformer', 'metadata:', '  name: bootstrap-deps-unset-namespace', `  namespace: ${JSON.stringify(namespace)}`,
    'unsetOnly: true', 'setRoleBindingSubjects: none', 'fieldSpecs:', '  - path: metadata/namespace', '    create: true', '',
  ].join('\n');
}

/**
 * The transformers a build of a batch adds after its own, as documents of one file, which kustomize runs in order: kept
 * apart, the Flux objects marked and the rest dropped (`keptApartTransformers`), then the placeholder namespace for a
 * build that sets none, then the names kept apart (`renameInBatch`). One file, not one a transformer: a batch writes
 * a directory per build, and on this project's machine each file written costs half a millisecond (joryirving/home-ops
 * and m00nwtchr/homelab-cluster write 100 to 160 of them a check).
 */
function batchTransformers(index: number, placeholder: string, namespace: string | undefined, keptApart: boolean, renamePrefix: string): string | undefined {
  const documents = [
    ...(keptApart ? keptApartTransformers(index) : []),
    ...(namespace ? [] : [unsetNamespaceTransformer(placeholder)]),
    ...(keptApart ? [renameInBatch(renamePrefix)] : []),
  ];
  return documents.length > 0 ? documents.join('---\n') : undefined;
}

const BATCH_TRANSFORMERS_FILE = 'batch-transformers.yaml';

/**
 * The kinds kustomize's default name references join (kustomize's builtin nameReference configuration: the kinds
 * named and those whose fields name them), in any group, less those a batch drops as unrenamable (ConfigMap, Secret,
 * APIService). kustomize fixes a build's name references once, at the top of the whole build, which in a batch is the
 * batch's own top, after each build's transformers: kept, these objects make it refuse what it refuses built alone
 * (two renamed ServiceAccounts a Deployment names: "found multiple possible referrals", a review's probe; dropped,
 * the batch built). No Flux kind is among them, nor names one of them: kustomize rewrites no Flux field by them.
 */
const NAME_REFERENCE_KINDS = [
  'ClusterRole', 'ClusterRoleBinding', 'CronJob', 'DaemonSet', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'IngressClass', 'Job',
  'MutatingWebhookConfiguration', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'PriorityClass', 'ReplicaSet',
  'ReplicationController', 'Role', 'RoleBinding', 'Service', 'ServiceAccount', 'StatefulSet', 'StorageClass',
  // kustomize 5.5 (kubectl 1.32's) names a ValidatingAdmissionPolicy by its binding's spec.policyName (a second review's probe).
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
];
/** The start of each build's name prefix in a batch kept apart (then its index and the batch's own name). */
const RENAME_PREFIX = 'bootstrap-deps-name-';

/**
 * Whether builds of a batch are kept apart by more than their namespaces. Builds of one batch may give objects of
 * one kind, namespace and name that the placeholder namespaces cannot tell apart, since they have a namespace of
 * their own or none at all: a component that writes a Flux Kustomization `${APP}-db` into flux-system for every app,
 * a cluster-scoped PersistentVolume `${APP}-nfs` (eleboucher/homelab), a Namespace that every app of one namespace
 * writes (m00nwtchr/homelab-cluster), one tree that two clusters build (joryirving/home-ops: eight kinds at once).
 * kustomize refuses such a batch, and building each of its builds alone took a process per app (111 for
 * eleboucher's `order`, 34 s). So every batch keeps its builds apart from the first: each build prefixes every name
 * with a name of its own (`renameInBatch`), which the split takes away again, from the names and from the references
 * kustomize kept in step with them. (Until the eighth session a run learned it from the first refusal; that refused
 * build cost a whole kustomize run, in series where it was the only batch: haraldkoch/kochhaus-home's check spent
 * 1.9 s of its 7.4 s on it. Kept apart from the start, kubectl's CPU time for its check went from 4.2 s to 2.8 s,
 * eleboucher/homelab's from 3.2 s to 2.3 s, and repositories that were never refused built in the same time; a
 * sweep of 172 repositories gave every report byte for byte as before.) A kustomize without the PrefixTransformer
 * (before 4.5, which had only PrefixSuffixTransformer) refuses the wrapper: the run then stops keeping apart, and
 * builds that batch again as before (`prefixRefused`).
 *
 * Kinds that cannot be renamed (a Namespace, a generated ConfigMap) are dropped from each build first, with every
 * other object that is neither a Flux object the audit reads nor of a kind kustomize's name references join
 * (`keptApartTransformers`).
 */
/** A kustomize that knows no PrefixTransformer ("unable to load builtin PrefixTransformer..."). */
const PREFIX_REFUSED = /\bPrefixTransformer\b/;
/** This run's kustomize refused the PrefixTransformer: its batches are no longer kept apart. */
let prefixRefused = false;
/**
 * kustomize's own prefix transformer over every name: what `namePrefix:` does to names and to the references
 * kustomize keeps in step with them (which the split's removal of the prefix puts back as well).
 */
function renameInBatch(prefix: string): string {
  return ['apiVersion: builtin', 'kind: PrefixTransformer', 'metadata:', '  name: bootstrap-deps-rename-in-batch', `prefix: ${JSON.stringify(prefix)}`, 'fieldSpecs:', '  - path: metadata/name', ''].join('\n');
}

/**
 * What keeps a batch's builds apart besides their names: in each build, every Flux object of a kind the audit reads
 * from a build (FLUX_API_GROUPS: flux-build.ts reads nothing else of a batch), and every object of a kind kustomize's
 * name references join (NAME_REFERENCE_KINDS), is marked with the build's index, and every other object is dropped
 * before the names are prefixed. Some kinds cannot be renamed (kustomize never prefixes a Namespace,
 * CustomResourceDefinition or APIService, and a generator's hash suffix is computed over the name, so a prefix would
 * change a ConfigMap's or Secret's hash and not only its name): dropped, they give the batch no object twice. And what
 * kustomize does after the build's own transformations (the prefix and the references kept in step with it, the
 * placeholder namespace, the origin annotations, the output) it does to fewer objects: measured on joryirving/
 * home-ops's largest build (19 directories, 301 objects, 158 of them Flux Kustomizations, 3 of the name references'
 * kinds), 1.4 s against 1.8 s when the five unrenamable kinds alone were dropped, and 2.7 s when each of them took a
 * patch of its own (paired runs, kubectl's kustomize 5.5). Nothing the audit reads changes: the build's own
 * kustomization has run in full before (a kustomization with configurations: or vars:, which reach across the
 * build, is built alone), what kustomize does for it at the top (its name references) still has the objects it
 * joins, the marks are taken away as the output is split, and kustomize changes no field of a Flux object for an
 * object of another kind that comes after it (it knows no reference from Flux's kinds).
 */
function keptApartTransformers(index: number): string[] {
  const fieldSpecs = [
    ...Object.entries(FLUX_API_GROUPS).map(([kind, group]) => ({ kind, group })), ...NAME_REFERENCE_KINDS.map((kind) => ({ kind, group: undefined })),
  ].flatMap(({ kind, group }) => [`  - path: metadata/annotations`, `    create: true`, ...(group ? [`    group: ${group}`] : []), `    kind: ${kind}`]);
  return [
    [
      'apiVersion: builtin', 'kind: AnnotationsTransformer', 'metadata:', '  name: bootstrap-deps-mark-flux-objects',
      'annotations:', `  ${BATCH_ANNOTATION}: ${JSON.stringify(String(index))}`, 'fieldSpecs:', ...fieldSpecs, '',
    ].join('\n'),
    // kustomize ignores a patch's own kind and name under a target: the target is every object without the mark.
    [
      'apiVersion: builtin', 'kind: PatchTransformer', 'metadata:', '  name: bootstrap-deps-drop-the-rest',
      `patch: ${JSON.stringify('$patch: delete\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: _\n')}`,
      'target:', `  annotationSelector: ${JSON.stringify(`!${BATCH_ANNOTATION}`)}`, '',
    ].join('\n'),
  ];
}

/** Marks which build of a batch an object came from: set by the batch's wrappers, read back to split the output. */
const BATCH_ANNOTATION = 'bootstrap-deps.io/batch-build';

/**
 * A new directory of this run's in the temporary directory (a wrapper kustomization's, a mirror's), by its real path:
 * the wrapper names the user's directories relative to itself, and kustomize resolves them from where the directory
 * really is (a TMPDIR that is a symbolic link, as macOS's /var/folders is, made every build fail). It is removed on
 * exit or on a signal (see cleanUpOnExit), whose handlers are in place before it exists: until then a SIGTERM takes its
 * default action and ends the process at once, and one that came between the two left the directory behind (a test's
 * SIGTERM, sent as soon as the first directory appeared, did so under load).
 */
function temporaryDirectory(): string {
  cleanUpOnExit();
  const made = mkdtempSync(join(tmpdir(), 'bootstrap-deps-'));
  let directory: string;
  try {
    directory = realpathSync(made);
  } catch (error) {
    rmSync(made, { recursive: true, force: true });
    throw error;
  }
  inFlight.directories.add(directory);
  return directory;
}

/** One build in its own kustomize process. */
async function buildAlone(request: BuildRequest): Promise<BuildResult> {
  const { kustomize, dir, kustomizationPath, subject } = request;
  let wrapper: string;
  try {
    wrapper = temporaryDirectory();
  } catch (error) {
    // The environment's, not the kustomization's: said as such, located where the build was needed.
    return {
      findings: [kustomizeError({ file: kustomizationPath, line: null, column: null },
        `cannot run ${kustomize.name}: no temporary directory for its wrapper kustomization (${(error as Error).message})`,
        'set TMPDIR to a writable directory, or pass --no-kustomize to audit the files as written')],
    };
  }
  let output: string;
  try {
    writeFileSync(join(wrapper, 'kustomization.yaml'), wrapperKustomization(wrapper, request));
    const run = await runLimited(kustomize.command, [...kustomize.args, wrapper]);
    if (run.error || run.status !== 0) {
      const why = run.error
        ? (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `did not finish within ${BUILD_TIMEOUT_MS / 1000} s` : run.error.message
        : kustomizeMessage(run.stderr, wrapper, dir);
      // A remote resource (a URL, a git base) that this machine cannot reach is no fault of the kustomization:
      // kustomize-controller fetches it in the cluster. Said first, since the message is cut at its length limit.
      const unreachable = !run.error && REMOTE_UNREACHABLE.exec(run.stderr);
      return {
        ...(run.error || unreachable ? {} : { refused: true as const }), ...(unreachable ? { unreachable: true as const } : {}),
        findings: [unreachable
          ? kustomizeError(remoteEntryLocation(run.stderr, unreachable, kustomizationPath, wrapper),
            `${kustomize.name} cannot fetch a remote resource from this machine (${unreachable[0]}): ${why}`,
            'run where the network reaches it (Flux fetches it in the cluster), or pass --no-kustomize to audit the files as written')
          : kustomizeError(refusalLocation(run.stderr, kustomizationPath, wrapper), `${kustomize.name} fails: ${why}`,
            `fix the kustomization: Flux's build of ${subject} fails the same way`)],
      };
    }
    output = run.stdout;
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
    inFlight.directories.delete(wrapper);
  }
  noteInputRead(output.length);
  const parsed = await parseYamlText(join(dir, `<${kustomize.name}>`), output);
  if (!parsed.file) return { findings: parsed.findings.map((finding) => ({ ...finding, rule: 'input/kustomize-error' as const })) };
  return {
    file: parsed.file,
    originOf: (object) => originPath(scalarString(mapValue(object, ['metadata', 'annotations', ORIGIN_ANNOTATION])), wrapper),
  };
}

/**
 * Runs the builds asked for since the last flush, batched. A repository whose
 * components set each app's namespace (joryirving/home-ops: 104 builds) paid
 * for a kustomize process per app, about 80 ms of start-up each: 19 of its
 * builds took 1.66 s one by one and 0.40 s as one. A batch is one wrapper per
 * build under a parent kustomization that lists them, so each build keeps its
 * own components; each of its Flux objects is the very object its build alone
 * gives (checked on that repository's 104 builds: the same report, byte for
 * byte). A batch is cut so that every core gets a part, once there are
 * `MIN_BUILDS_PER_PART` builds for each (see there).
 *
 * Builds of one batch must not give two objects of one kind, namespace and
 * name, or kustomize refuses the batch; yet they do, as a rule: two apps of one
 * namespace, or a component that adds a PersistentVolumeClaim named `${APP}`
 * to every app (a name Flux substitutes later). So in a batch each build's
 * namespace is a placeholder of its own, which makes the ids distinct, and the
 * split puts the build's namespace back: in place of the namespace it sets
 * (its wrapper's `namespace:`), or, for a build that sets none, where an
 * object had none (kustomize's namespace transformer with `unsetOnly`), which
 * the split removes again (a kustomize before 5 does not keep `unsetOnly`:
 * see `unsetOnlyHonoured`). The Flux objects are all a build is read for, and
 * the placeholder reaches nothing of theirs but metadata.namespace (kustomize
 * also writes namespaces into RoleBinding subjects and webhook services,
 * which are never read).
 *
 * A batch kustomize refuses is built again in parts, down to builds of their
 * own, so that every error is reported as a build of its own reports it. When
 * kustomize names the wrapper it stopped at (`accumulating resources from
 * 'b7'`), the builds before it are known to build together, that one is built
 * alone and the rest together again (the rest alone, when that build gave an
 * object an earlier one gave: the next would most likely do so too);
 * otherwise the batch is cut in two. A broken tree costs a few processes, not
 * one per build of its batch. A batch that does not finish in time builds
 * each build alone, as unbatched.
 */
function flushBatches(): void {
  const requests = pending.splice(0);
  const byCommand = new Map<string, PendingBuild[]>();
  for (const request of requests) {
    const builds = byCommand.get(request.kustomize.command);
    if (builds) builds.push(request);
    else byCommand.set(request.kustomize.command, [request]);
  }
  const weight = requests.reduce((sum, request) => sum + weightOf(request), 0);
  const parts = Math.max(1, Math.min(MAX_BUILDS, requests.length,
    Math.max(Math.floor(requests.length / MIN_BUILDS_PER_PART), Math.floor(weight / MIN_WEIGHT_PER_PART))));
  for (const builds of byCommand.values()) {
    // A kustomize that does not keep the namespaces unsetOnly should keep: a build that sets none builds alone.
    const shared = unsetOnlyHonoured === false ? builds.filter((request) => request.extra.namespace) : builds;
    if (shared !== builds) for (const request of builds) if (!request.extra.namespace) void buildShared([request]);
    // A part of one build, cut from a batch, is still built as a batch: what a build gives must not depend on the cores.
    for (const part of cutByWeight(shared, parts)) void buildShared(part, shared.length > 1);
  }
}

const weightOf = (request: BuildRequest): number => request.extra.weight ?? 1;

/**
 * `builds` cut into at most `parts` runs of consecutive builds (in the order they were asked for) of about equal
 * weight: before each build, the part so far is closed where taking the build would pass its share of what is left
 * by more than stopping falls short of it, or where the builds left are no more than the parts still to fill.
 */
export function cutByWeight<T extends BuildRequest>(builds: readonly T[], parts: number): T[][] {
  const cut: T[][] = [];
  let left = builds.reduce((sum, request) => sum + weightOf(request), 0);
  let part: T[] = [];
  let held = 0;
  builds.forEach((request, index) => {
    const partsAfter = parts - cut.length - 1;
    const share = left / (partsAfter + 1);
    if (part.length > 0 && partsAfter > 0 && (builds.length - index <= partsAfter || held + weightOf(request) - share > share - held)) {
      cut.push(part);
      left -= held;
      part = [];
      held = 0;
    }
    part.push(request);
    held += weightOf(request);
  });
  if (part.length > 0) cut.push(part);
  return cut;
}

/**
 * Whether this kustomize keeps the namespaces objects already have under a
 * NamespaceTransformer with `unsetOnly` (kustomize 5 does). An older one
 * ignores the field it does not know and gives every object the placeholder,
 * which would then be taken away from objects that had a namespace of their
 * own: so the first batch that holds a build without a namespace also builds
 * a probe (an object with a namespace, under the same transformer) and
 * settles it; one that refuses the field settles it too. Then the batch is
 * built again without those builds, which build alone from then on, as
 * kustomize-controller's own kustomize (5) never needs. undefined: not known yet.
 */
let unsetOnlyHonoured: boolean | undefined;
const PROBE = 'probe';

/**
 * Builds a part of a batch must have before the batch is cut for another core.
 * kubectl's start-up is itself spread over the cores: two processes side by
 * side took 187 ms where one process building both took 149 ms (paired runs,
 * fluxcd/flux2-hub-spoke-example's two clusters; the checks of it and of
 * flux2-multi-tenancy 0.92x and 0.89x). A process per core pays once each part
 * has builds enough: joryirving/home-ops's check took 1.15x as long with the
 * 38 builds of its first round in one process instead of two parts of 19, and
 * 1.29x with the 66 of its second in one too.
 */
const MIN_BUILDS_PER_PART = 3;

/**
 * The weight (`BuildExtra.weight`) a part of a batch must have before the batch is cut for another core, however few
 * its builds: a build that reads a hundred entries or more costs kustomize a second or more, where kubectl's start-up
 * is a few tens of milliseconds. joryirving/home-ops's first round is three builds of weights 143, 64 and 32: one
 * process took 2.4 s, two parts ([143], [64, 32]) 1.8 s, and the check 0.82x (haraldkoch/kochhaus-home's 131, 85 and
 * 37: 0.89x; medians of five alternating pairs). fluxcd's hub-spoke and multi-tenancy examples (weights of 4 and 5)
 * stay in one process.
 */
const MIN_WEIGHT_PER_PART = 60;

/**
 * A batch of builds, or a build alone when it is the only one, but where it is a part cut from a larger batch
 * (`batched`: it is built as the batch would build it); whatever throws (a temporary directory that cannot be made)
 * reaches each build's caller, as it did unbatched.
 */
function buildShared(part: PendingBuild[], batched = false): Promise<void> {
  if (part.length === 1 && !batched) return buildAlone(part[0]!).then(part[0]!.settle, part[0]!.fail);
  return buildBatch(part).catch((error: unknown) => { for (const request of part) request.fail(error); });
}

async function buildBatch(batch: PendingBuild[]): Promise<void> {
  // Each build on its own; one that throws answers its own caller, and the others still run.
  const alone = async () => {
    await Promise.all(batch.map((request) => buildAlone(request).then(request.settle, request.fail)));
  };
  // kustomize refused the batch: again in parts, side by side, so that a broken build is found in a few processes.
  const again = async (failed: Run) => {
    // A batch that did not finish in time, or did not start: each build on its own, as unbatched.
    if (failed.error) return alone();
    const stoppedAt = Number(/accumulating resources from 'b(\d+)'/.exec(failed.stderr)?.[1] ?? -1);
    const middle = Math.ceil(batch.length / 2);
    let parts: PendingBuild[][];
    if (stoppedAt < 0 || stoppedAt >= batch.length) parts = [batch.slice(0, middle), batch.slice(middle)];
    // Two builds gave one object (one cluster-scoped name in every tree, say): the builds before are known to go
    // together, and the rest go alone, where cutting them again would refuse one batch after another.
    else if (failed.stderr.includes('already registered id')) parts = [batch.slice(0, stoppedAt), ...batch.slice(stoppedAt).map((request) => [request])];
    else parts = [batch.slice(0, stoppedAt), [batch[stoppedAt]!], batch.slice(stoppedAt + 1)];
    await Promise.all(parts.filter((part) => part.length > 0).map((part) => buildShared(part)));
  };
  const { kustomize } = batch[0]!;
  let parent: string;
  try {
    parent = temporaryDirectory();
  } catch {
    return alone(); // each build says why, at its own kustomization
  }
  // Each build's placeholder namespace: its index and the parent's random name, so that no namespace a user
  // wrote is taken for one (in lower case, as a namespace's name is).
  const unique = basename(parent).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const placeholders = batch.map((_, index) => `bootstrap-deps-batch-${index}-${unique}`);
  // As this batch is written: a batch whose builds were kept apart and still gave one object is not written again.
  const keptApart = !prefixRefused;
  const renamePrefix = (index: number) => `${RENAME_PREFIX}${index}-${unique}-`;
  const probeNamespace = unsetOnlyHonoured === undefined && batch.some((request) => !request.extra.namespace) ? `bootstrap-deps-probe-${unique}` : undefined;
  // unsetOnly not kept after all: the builds that set a namespace together again, the others alone.
  const withoutUnsetOnly = async () => {
    unsetOnlyHonoured = false;
    const namespaced = batch.filter((request) => request.extra.namespace);
    const alone = batch.filter((request) => !request.extra.namespace).map((request) => buildShared([request]));
    await Promise.all(namespaced.length > 0 ? [buildShared(namespaced), ...alone] : alone);
  };
  let output: string | undefined;
  let failed: Run | undefined;
  try {
    batch.forEach((request, index) => {
      const wrapper = join(parent, `b${index}`);
      mkdirSync(wrapper);
      const transformers = batchTransformers(index, placeholders[index]!, request.extra.namespace, keptApart, renamePrefix(index));
      if (transformers !== undefined) writeFileSync(join(wrapper, BATCH_TRANSFORMERS_FILE), transformers);
      writeFileSync(join(wrapper, 'kustomization.yaml'), wrapperKustomization(wrapper, request, { index, placeholder: placeholders[index]!, keptApart }));
    });
    if (probeNamespace) writeProbe(join(parent, PROBE), probeNamespace, `bootstrap-deps-batch-${PROBE}-${unique}`);
    // The top kustomization's buildMetadata decides: without it kustomize drops the wrappers' origins.
    writeFileSync(join(parent, 'kustomization.yaml'), [
      'resources:', ...batch.map((_, index) => `  - b${index}`), ...(probeNamespace ? [`  - ${PROBE}`] : []), 'buildMetadata: [originAnnotations]', '',
    ].join('\n'));
    const run = await runLimited(kustomize.command, [...kustomize.args, parent]);
    if (!run.error && run.status === 0) output = run.stdout;
    else failed = run;
  } finally {
    rmSync(parent, { recursive: true, force: true });
    inFlight.directories.delete(parent);
  }
  // A kustomize that refuses the field it does not know.
  if (failed && batch.some((request) => !request.extra.namespace) && failed.stderr.includes('unsetOnly')) return withoutUnsetOnly();
  if (output === undefined) {
    // A kustomize without the PrefixTransformer: no more keeping apart in this run, and this batch built again.
    // (Such a kustomize is before 5, whose refusal of an object given twice again() builds apart, the rest alone.)
    if (keptApart && failed && !failed.error && PREFIX_REFUSED.test(failed.stderr)) {
      prefixRefused = true;
      return buildBatch(batch);
    }
    return again(failed!);
  }
  // The prefixes are this tool's: gone before the output is read, from names and from the references to them.
  if (keptApart) output = output.replace(new RegExp(`${RENAME_PREFIX}\\d+-${unique}-`, 'g'), '');
  noteInputRead(output.length);
  const { file } = await parseYamlText(join(batch[0]!.dir, `<${kustomize.name}>`), output);
  if (!file) return alone();
  const shares: YamlDocument[][] = batch.map(() => []);
  let probed = false;
  for (const document of file.documents) {
    const metadata = mapValue(document.root, ['metadata']);
    const annotations = mapValue(metadata, ['annotations']);
    const entries = annotations?.kind === 'map' ? annotations.entries : [];
    const mark = entries.findIndex((entry) => entry.key === BATCH_ANNOTATION);
    const markText = mark < 0 ? undefined : scalarString(entries[mark]!.value);
    if (probeNamespace && markText === PROBE) {
      // The probe kept its own namespace, or this kustomize ignores unsetOnly.
      if (scalarString(mapValue(metadata, ['namespace'])) !== probeNamespace) return withoutUnsetOnly();
      unsetOnlyHonoured = true;
      probed = true;
      continue;
    }
    const index = markText === undefined ? -1 : Number(markText);
    const share = shares[index];
    // An object without its mark (no object should lack it): the batch cannot be split safely.
    if (!share || metadata?.kind !== 'map') return alone();
    // The mark and the placeholder are this tool's, not the user's: gone before anything reads the object.
    entries.splice(mark, 1);
    restoreNamespace(metadata, placeholders[index]!, batch[index]!.extra.namespace);
    share.push(document);
  }
  // No probe in the output (no kustomize should drop it): nothing says the namespaces were kept.
  if (probeNamespace && !probed) return withoutUnsetOnly();
  // Each object's origin is relative to the top kustomization, the parent.
  const originOf = (object: YamlNode | null) => originPath(scalarString(mapValue(object, ['metadata', 'annotations', ORIGIN_ANNOTATION])), parent);
  batch.forEach((request, index) => {
    request.settle({ file: documentsAsFile(file, join(request.dir, `<${kustomize.name}>`), shares[index]!), originOf });
  });
}

/** The probe of `unsetOnlyHonoured` in `dir`: a ConfigMap of its own namespace, under the transformer a build without one gets. */
function writeProbe(dir: string, namespace: string, placeholder: string): void {
  mkdirSync(dir);
  writeFileSync(join(dir, 'probe.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bootstrap-deps-probe\n  namespace: ${JSON.stringify(namespace)}\n`);
  writeFileSync(join(dir, UNSET_NAMESPACE_FILE), unsetNamespaceTransformer(placeholder));
  writeFileSync(join(dir, 'kustomization.yaml'), [
    'resources:', '  - probe.yaml', 'transformers:', `  - ${UNSET_NAMESPACE_FILE}`,
    'commonAnnotations:', `  ${BATCH_ANNOTATION}: ${PROBE}`, '',
  ].join('\n'));
}

/** The namespace a build alone gives an object, where its batch gave the placeholder: the build's own, or none. */
function restoreNamespace(metadata: YamlMap, placeholder: string, namespace: string | undefined): void {
  const at = metadata.entries.findIndex((entry) => entry.key === 'namespace' && scalarString(entry.value) === placeholder);
  if (at < 0) return;
  const entry = metadata.entries[at]!;
  if (namespace === undefined) metadata.entries.splice(at, 1);
  else entry.value = { kind: 'scalar', position: entry.value!.position, value: namespace, source: namespace };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** Builds in flight at once: a repository with dozens of overlays builds them side by side, one per core. */
const MAX_BUILDS = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function runLimited(command: string, args: string[]): Promise<Run> {
  if (running >= MAX_BUILDS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await run(command, args);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/**
 * Builds still running and their wrapper directories. The launcher ends the
 * process as soon as the output is out (bin/bootstrap-deps.js); when a run
 * ends early (an internal error in one branch while sibling builds run), the
 * exit handler stops those builds and removes their directories, so nothing
 * is left behind in the temporary directory or running for a minute.
 */
const inFlight = { children: new Set<ChildProcess>(), directories: new Set<string>(), watching: false };

function cleanUpOnExit(): void {
  if (inFlight.watching) return;
  inFlight.watching = true;
  const cleanUp = () => {
    for (const child of inFlight.children) child.kill();
    for (const directory of inFlight.directories) rmSync(directory, { recursive: true, force: true });
    inFlight.directories.clear();
  };
  process.on('exit', cleanUp);
  // A signal ends the process without 'exit' (Ctrl-C, a hook's or CI's timeout): measured, a SIGTERM a second into
  // a repository of 170 builds left 79 wrapper directories in the temporary directory. Cleaned up, then the signal
  // is raised again with its default action, so the process still ends as the signal says.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanUp();
      // Ended here as the signal would (128 + its number), unless someone else listens for it: then theirs to decide.
      // (Raising it again let the event loop run on and make a directory more before it landed.)
      if (process.listenerCount(signal) === 0) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    };
    process.once(signal, onSignal);
  }
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: BUILD_TIMEOUT_MS });
    inFlight.children.add(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let failure: Error | undefined;
    child.on('error', (error) => { failure = error; });
    child.on('close', (status, signal) => {
      inFlight.children.delete(child);
      const timedOut = signal === 'SIGTERM' && !failure ? Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) : undefined;
      const error = failure ?? timedOut;
      resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ...(error ? { error } : {}) });
    });
  });
}

/**
 * kustomize run on a temporary directory that holds only `files` (a kustomization.yaml among them), removed after:
 * the run, or undefined where no temporary directory can be made. Nothing of the user's is read or written.
 */
async function buildInTemporaryDirectory(kustomize: KustomizeCommand, files: Record<string, string | Uint8Array>): Promise<Run | undefined> {
  let dir: string;
  try {
    dir = temporaryDirectory();
  } catch {
    return undefined;
  }
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return await runLimited(kustomize.command, [...kustomize.args, dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    inFlight.directories.delete(dir);
  }
}

/**
 * Builds objects no file of the repository writes (the Kustomization flux-operator makes of a FluxInstance's sync)
 * with the patches that are applied to them (the FluxInstance's kustomize.patches), with the real kustomize: a
 * temporary directory with the objects' text and a kustomization that lists it and the patches, built, removed.
 * The built text, or undefined where kustomize refuses it or cannot run (the caller says so).
 */
export async function buildWithPatches(kustomize: KustomizeCommand, text: string, patches: readonly { patch: string; target?: Record<string, string> }[]): Promise<string | undefined> {
  const run = await buildInTemporaryDirectory(kustomize, {
    'objects.yaml': text,
    // JSON is YAML: the patch texts go through unchanged, whatever they hold.
    'kustomization.yaml': JSON.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['objects.yaml'], patches }),
  });
  return run && !run.error && run.status === 0 ? run.stdout : undefined;
}

/**
 * Whether kustomize refuses one manifest, built alone (a temporary kustomization that lists a copy of it): true
 * where it does, false where it builds it, undefined where that cannot be told here (no temporary directory, a crash,
 * a timeout). Asked of a manifest this tool's YAML parser refuses, before saying that the build of a tree that takes
 * it in fails: kustomize's own YAML reader is the judge (it takes a block scalar's `|` on the line below its key at
 * the key's own indentation, where the yaml package refuses it: mthorley/k8s-gitops's mosquitto ConfigMap).
 */
export async function kustomizeRefusesManifest(kustomize: KustomizeCommand, bytes: Uint8Array): Promise<boolean | undefined> {
  const run = await buildInTemporaryDirectory(kustomize, {
    // The bytes as read: one that is not UTF-8 must reach kustomize as it is.
    'manifest.yaml': bytes,
    'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - manifest.yaml\n',
  });
  if (!run || run.error || run.status === null) return undefined;
  return run.status !== 0;
}

/**
 * Whether kustomize refuses a Flux Kustomization's build as kustomize-controller lays it out, and why: its spec.path
 * kustomization given the spec.patches and spec.components appended, read and written again through kustomize's
 * types as fluxcd/pkg's generator does (a field kustomize does not know is dropped there, not refused), or one
 * generated where the path has none; then built. Asked only once the wrapper build with those patches failed: the
 * wrapper runs the path's own patches before spec.components and its namespace before spec.patches, where Flux runs
 * them in one kustomization, so its failure alone may be no failure of Flux's (a review's probe).
 *
 * Nothing of the user's is written, and nothing is copied: the temporary directory mirrors the directories from the
 * repository's root down to spec.path, every other entry a symbolic link to the original, and only the rewritten
 * kustomization is a file of its own (a review's probes: a copy wrote the patches through a symlinked kustomization
 * file into the user's repository, and took 35 s over 15,000 files). undefined where that cannot be told here: a
 * crash of this machine's kustomize (older than kustomize-controller's), the network, a timeout.
 */
export async function refusalAsFlux(kustomize: KustomizeCommand, root: string, dir: string, build: {
  kustomizationPath?: string; resources?: readonly string[]; components: readonly string[]; patches: readonly { patch: string; target?: Record<string, string> }[];
}): Promise<string | undefined> {
  if (!isInside(root, dir)) return undefined;
  let mirror: string;
  try {
    mirror = temporaryDirectory();
  } catch {
    return undefined;
  }
  try {
    const fileName = build.kustomizationPath ? basename(build.kustomizationPath) : 'kustomization.yaml';
    const steps = relative(root, dir).split(sep).filter(Boolean);
    let source = root;
    let target = mirror;
    for (let depth = 0; ; depth += 1) {
      const next = steps[depth];
      for (const entry of readdirSync(source)) {
        if (entry === next || (next === undefined && KUSTOMIZATION_FILE_NAMES.includes(entry))) continue;
        symlinkSync(join(source, entry), join(target, entry));
      }
      if (next === undefined) break;
      source = join(source, next);
      target = join(target, next);
      mkdirSync(target);
    }
    const inMirror = (path: string) => join(mirror, relative(root, path));
    const { isMap, isScalar, isSeq, parseDocument } = await import('yaml');
    const document = parseDocument(build.kustomizationPath ? readFileSync(build.kustomizationPath, 'utf8') : 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n');
    if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
    // The generator reads the file into kustomize's Kustomization type (Go's encoding/json: any case) and writes it
    // back: what that type has no field for is gone.
    for (const pair of [...document.contents.items]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!KNOWN_BY_FOLDED.has(key.toLowerCase())) document.contents.delete(pair.key);
    }
    const append = (key: string, values: unknown[]) => {
      if (values.length === 0) return;
      const current = document.get(key);
      const list = isSeq(current) ? current.toJSON() as unknown[] : [];
      document.set(key, document.createNode([...list, ...values]));
    };
    append('resources', (build.resources ?? []).map((resource) => relative(dir, resource) || '.'));
    append('components', build.components.map((component) => relative(dir, component)));
    append('patches', build.patches.map((patch) => ({ patch: patch.patch, ...(patch.target ? { target: patch.target } : {}) })));
    writeFileSync(join(target, fileName), document.toString(), { flag: 'wx' });
    const run = await runLimited(kustomize.command, [...kustomize.args, inMirror(dir)]);
    if (run.error || run.status === 0 || REMOTE_UNREACHABLE.test(run.stderr) || /\bpanic:/.test(run.stderr)) return undefined;
    return kustomizeMessage(run.stderr, mirror, inMirror(dir)).split(mirror).join(root);
  } catch {
    return undefined;
  } finally {
    rmSync(mirror, { recursive: true, force: true });
    inFlight.directories.delete(mirror);
  }
}

function describeFields(transformations: readonly KustomizeTransformation[]): string {
  const fields = [...new Set(transformations.map((transformation) => transformation.field))];
  const first = transformations[0];
  return `${fields.join(', ')}${first?.location.line ? ` (line ${first.location.line})` : ''}`;
}

/** kustomize's error, one line, with the temporary wrapper's paths made the kit's again. */
/** What kustomize's error says when a remote resource or base could not be reached from this machine. */
const REMOTE_UNREACHABLE = /lookup \S+(?: on \S+)?: no such host|Could not resolve host: \S+|ssh: Could not resolve hostname [^\s:]+|Temporary failure in name resolution|dial tcp [0-9a-f.:[\]]+: (?:i\/o timeout|connect: (?:connection refused|network is unreachable))/;

/**
 * Where the remote resource kustomize could not reach is named: the first entry that holds the host it
 * looked up (any address, for a dial), in the innermost kustomization the error's paths go through (a
 * nested directory's configMapGenerator, say), else in the one built. Unlocated when none holds it.
 */
function remoteEntryLocation(stderr: string, unreachable: RegExpExecArray, kustomizationPath: string, wrapper: string): Location {
  const host = /lookup (\S+?)(?: on |: )|resolve host: (\S+)|resolve hostname ([^\s:]+)/.exec(unreachable[0]);
  const wanted = host?.[1] ?? host?.[2] ?? host?.[3] ?? '://';
  for (const { file, text } of namedKustomizations(stderr, kustomizationPath, wrapper, true)) {
    // The first occurrence outside a comment (a `# yaml-language-server: $schema=https://...` line, a note).
    let at = text.indexOf(wanted);
    while (at >= 0 && /(?:^|\s)#/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at))) at = text.indexOf(wanted, at + 1);
    if (at < 0) continue;
    // The start of the entry that holds it: back to a blank, a quote, `=` (a generator's key=URL) or `[`.
    let start = at;
    while (start > 0 && !/[\s'"=[]/.test(text[start - 1]!)) start -= 1;
    const before = text.slice(0, start);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { file, line: before.split('\n').length, column: start - lineStart + 1 };
  }
  return { file: kustomizationPath, line: null, column: null };
}


/**
 * Where a refused build is located: in the innermost kustomization kustomize names on its way (`recursed accumulation of
 * path 'DIR'`), not the top of the tree (a trial's probe: a nested kustomization's patch that matched nothing was
 * reported at the top kustomization, with no line); for a patch that matches nothing, at that kustomization's
 * `patches:` (or `patchesStrategicMerge:`). The top kustomization where kustomize names none.
 */
function refusalLocation(stderr: string, kustomizationPath: string, wrapper: string): Location {
  for (const { file, text } of namedKustomizations(stderr, kustomizationPath, wrapper, false)) {
    const patches = /strategic merge patch|failed to find unique target for patch/.test(stderr) ? /^(?:patches|patchesStrategicMerge):/m.exec(text) : null;
    if (!patches) return { file, line: null, column: null };
    return { file, line: text.slice(0, patches.index).split('\n').length, column: 1 };
  }
  return { file: kustomizationPath, line: null, column: null };
}

/**
 * The kustomization files of the directories kustomize names in its error (`path 'DIR'`), innermost first, with their
 * text, then (`withTop`) the top one built; not the wrapper's. kustomize names directories by their real paths: each is
 * taken back to the tree's own (a temporary directory behind a link).
 */
function* namedKustomizations(stderr: string, kustomizationPath: string, wrapper: string, withTop: boolean): Generator<{ file: string; text: string }> {
  const asWritten = (dir: string): string => {
    for (let at = dirname(kustomizationPath); ; at = dirname(at)) {
      let real: string;
      try {
        real = realpathSync(at);
      } catch {
        real = at;
      }
      if (dir === real || dir.startsWith(`${real}/`)) return `${at}${dir.slice(real.length)}`;
      if (dirname(at) === at) return dir;
    }
  };
  const dirs = [...stderr.matchAll(/path '([^']+)'/g)].map((match) => match[1]!).filter((dir) => isAbsolute(dir) && !dir.startsWith(wrapper)).map(asWritten).reverse();
  for (const file of [...dirs.flatMap((dir) => KUSTOMIZATION_FILE_NAMES.map((name) => join(dir, name))), ...(withTop ? [kustomizationPath] : [])]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    yield { file, text };
  }
}

function kustomizeMessage(stderr: string, wrapper: string, kitDir: string): string {
  let text = stderr.trim();
  // kubectl wraps the message as: E1128 ... run.go:72] "command failed" err="..."
  const quoted = /err="((?:[^"\\]|\\.)*)"/.exec(text);
  if (quoted) text = quoted[1]!.replace(/\\(.)/g, '$1');
  text = text.replace(/^Error:\s*/, '').replace(/^error:\s*/, '');
  // The wrapper's own layer of "accumulating resources" says nothing to the user: keep what is below it, and below
  // every nested one, naming the innermost directory where it is not the one built (a trial's probe: three nested
  // resources: directories buried a patch that matches nothing under their context).
  const recursions = [...text.matchAll(/recursed accumulation of path '([^']*)': /g)];
  const innermost = recursions.at(-1);
  if (innermost) {
    const inner = innermost[1]!;
    text = text.slice(innermost.index + innermost[0].length);
    if (recursions.length > 1 && inner !== kitDir && isAbsolute(inner)) text = `${text} (in ${relative(kitDir, inner) || '.'})`;
  }
  const kitFromWrapper = relative(wrapper, kitDir);
  text = text.split(kitFromWrapper).join('.').split(wrapper).join('<build>');
  // The cause is the innermost part: kustomize nests its context as "a: b: c" and may continue on further lines.
  // kustomize dumps the objects of an ID conflict as JSON; the objects' names say enough without it.
  const names = [...text.matchAll(/"previousNames":"([^"]+)"/g)].map((match) => match[1]!);
  text = text.replace(/: \[\{.*$/s, names.length > 0 ? ` (objects named ${[...new Set(names)].join(', ')} end up with one name)` : '');
  const line = text.replace(/\s+/g, ' ').trim() || 'kustomize exited with an error';
  // kustomize nests its context first and its cause last: a long message keeps the end (a trial's probe: three
  // nested resources: directories left only "accumulating resources ..." of a patch that matches nothing).
  return line.length > 600 ? `…${line.slice(-600)}` : line;
}

function originPath(annotation: string | undefined, wrapper: string): string | undefined {
  const match = annotation === undefined ? null : /^path:\s*(.+?)\s*$/m.exec(annotation);
  if (!match) return undefined;
  const path = match[1]!.replace(/^(['"])(.*)\1$/, '$2');
  return resolve(wrapper, path);
}

/** Something a transformation added (an item a patch wrote, a label): located at the transforming field. */
function transformLocator(transformations: readonly KustomizeTransformation[], fallback: Location) {
  return (fields: readonly string[]): Location =>
    transformations.find((transformation) => fields.includes(transformation.field))?.location ?? fallback;
}

const PATCH_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'components', 'replacements', 'transformers'];
const LABEL_FIELDS = ['commonLabels', 'labels', ...PATCH_FIELDS];

/**
 * Gives a built HelmRelease the places of the file it came from: the release
 * (found by kind and name in its origin file, a prefix or suffix allowed) and
 * each dependsOn item that is written there; what a transformation added is
 * located at that transformation in the kustomization.
 */
function locateBuilt(
  built: HelmRelease,
  origin: string | undefined,
  input: KustomizeBuildInput,
  locateTransform: (fields: readonly string[]) => Location,
): HelmRelease {
  const inFile = input.staticReleases.filter((release) => release.file === origin);
  const source = inFile.find((release) => release.name === built.name)
    ?? inFile.filter((release) => built.name.includes(release.name)).sort((a, b) => b.name.length - a.name.length)[0]
    ?? (inFile.length === 1 ? inFile[0] : undefined);
  const location = source?.location ?? (origin ? { file: origin, line: 1, column: 1 } : locateTransform(['helmCharts', 'generators']));
  const dependsOn = built.dependsOn.map((item): DependsOnRef => {
    const written = source?.dependsOn.find((ref) => ref.name === item.name && ref.namespace === item.namespace)
      ?? source?.dependsOn.find((ref) => ref.name === item.name);
    const at = written ?? { location: locateTransform(PATCH_FIELDS) };
    return {
      name: item.name,
      location: at.location,
      ...('nameLocation' in at && at.nameLocation ? { nameLocation: at.nameLocation } : {}),
      ...(item.namespace ? { namespace: item.namespace } : {}),
      ...(item.readyExpr ? { readyExpr: { value: item.readyExpr.value, location: written?.readyExpr?.location ?? at.location } } : {}),
    };
  });
  const keep = (value: { value: string } | undefined, written: { value: string; location: Location } | undefined, fields: readonly string[]) =>
    value === undefined ? undefined : { value: value.value, location: written?.value === value.value ? written.location : locateTransform(fields) };
  const slotLabel = keep(built.slotLabel, source?.slotLabel, LABEL_FIELDS);
  const chartVersion = keep(built.chartVersion, source?.chartVersion, PATCH_FIELDS);
  return {
    name: built.name,
    file: origin ?? input.kustomizationPath,
    location,
    dependsOnLocation: source?.dependsOnLocation ?? location,
    dependsOn,
    ...(built.apiVersion ? { apiVersion: built.apiVersion } : {}),
    ...(built.namespace ? { namespace: built.namespace } : {}),
    ...(slotLabel ? { slotLabel } : {}),
    ...(chartVersion ? { chartVersion } : {}),
  };
}
