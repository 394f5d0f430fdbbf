import { closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { decideColor } from '../cli-io.js';
import { mayHaveConfig } from '../config/discover.js';
import { DEFAULT_EXPECTED_FILE, DEFAULT_KIT_DIR, DEFAULT_SLOT_LABEL, discoverRoot } from '../load/defaults.js';
import { clusterKitDirs } from '../load/kit-dirs.js';
import { EXTENSIONLESS_KUSTOMIZATION, UNWALKED_DIRECTORIES, YAML_FILE } from '../load/walk-names.js';
import { noteFilesListed } from '../load/tier-up.js';
import { parseSlot, slotFromFileName } from '../model/slot.js';
import { MAX_YAML_FILE_BYTES } from '../load/yaml-file.js';
import { unsliced } from '../load/yaml-tree.js';
import { kitSummaryCounts } from '../report/summary-line.js';
import { BASELINE_FILE_NAME } from '../suppress/baseline-name.js';
import { decline, DECLINED } from './block-yaml.js';
import { readExpectedEntries, readKustomizationResources, readSlotObjects } from './kit-reader.js';
import type { ExpressEntry, ExpressObject } from './kit-reader.js';
import { wasmSlotObjects, wasmSlotReader } from './wasm-slot-reader.js';

/*
 * The express path of `check` (issue 18). A pre-commit hook or CI job runs
 * `check --quiet` on a kit that is clean nearly every time, and the full
 * path's start-up (its 620 KB bundle, commander, readers that V8 interprets a
 * character at a time) cost more than twice a bare `node`. This path proves a
 * clean kit from a few fields, read with a regular expression per line
 * (block-yaml.ts; the slot files in WebAssembly first, wasm-slot-reader.ts),
 * and prints the one line the full path would print. It
 * proves conservatively: every condition below is one under which no rule of
 * the full path can report anything, and wherever it cannot prove one, it
 * declines and the launcher runs the full path, whose output is the answer.
 * It never reports a finding, so it can never report a wrong one; what it
 * must never do is pass a kit the full path fails, and test/express.test.ts
 * (fixtures, real kits, kits edited one or two ways) and every rule tester
 * kit case (test/express-agreement.ts) hold it to that.
 *
 * It takes only `check --quiet` with `--root DIR` or none and `--all-clusters`
 * or not, output that is no terminal and no colour, no config file, no
 * baseline, and (for the one kit) a root that holds the kit and the expected
 * DAG and nothing else Flux or kustomize could read.
 */

export interface ExpressInvocation {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal. */
  isTTY: boolean;
}

/** What the full path would have printed to stdout, and its exit code (0: the kit passed). */
export interface ExpressVerdict {
  stdout: string;
  exitCode: 0;
}

/** The verdict where the express path proves a clean kit; undefined where the full path must run. */
export function expressCheck(invocation: ExpressInvocation): ExpressVerdict | undefined {
  try {
    return proveClean(invocation);
  } catch (error) {
    // DECLINED, or anything the full path reports better (an unreadable file, a directory gone meanwhile).
    if (error === DECLINED || error instanceof Error) return undefined;
    throw error;
  }
}

/** `--root DIR` (or `--root=DIR`), `--all-clusters` and `--quiet`, each once; undefined for any other argument. */
function expressArguments(argv: readonly string[]): { root?: string; allClusters: boolean } | undefined {
  if (argv[0] !== 'check') return undefined;
  let root: string | undefined;
  let quiet = false;
  let allClusters = false;
  for (let index = 1; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--quiet' && !quiet) quiet = true;
    else if (argument === '--all-clusters' && !allClusters) allClusters = true;
    else if (root === undefined && argument === '--root' && index + 1 < argv.length) root = argv[++index];
    else if (root === undefined && argument.startsWith('--root=')) root = argument.slice('--root='.length);
    else return undefined;
    // A root that looks like an option, or is empty, is commander's to judge.
    if (root !== undefined && (root === '' || root.startsWith('-'))) return undefined;
  }
  if (!quiet) return undefined;
  return root === undefined ? { allClusters } : { root, allClusters };
}

function proveClean(invocation: ExpressInvocation): ExpressVerdict | undefined {
  const parsed = expressArguments(invocation.argv);
  if (!parsed) return undefined;
  const { cwd, env } = invocation;
  // Colour changes the line's bytes; a terminal gets the full path's output, as it is.
  if (invocation.isTTY || decideColor(undefined, env, invocation.isTTY)) return undefined;
  // A root that is no directory fails its first listing below (onlyTheKit's, or clusterKitDirs' finds no kits).
  const root = parsed.root === undefined ? discoverRoot(cwd) : resolve(cwd, parsed.root);
  // A config file from the working directory up, or a baseline of suppressions: the full path applies them.
  if (mayHaveConfig(cwd) || existsSync(join(root, BASELINE_FILE_NAME))) return undefined;
  const expectedFile = join(root, DEFAULT_EXPECTED_FILE);
  // --all-clusters: every clusters/<cluster>/bootstrap-kit, the kits alone (the full path scans nothing else then);
  // where there is none, check audits the one kit, as without the flag (commands/check.ts).
  const clusterKits = parsed.allClusters ? clusterKitDirs(root) : [];
  if (clusterKits.length === 0) {
    const kitDir = join(root, DEFAULT_KIT_DIR);
    if (!onlyTheKit(root, kitDir, expectedFile)) return undefined;
    const slotFiles = kitSlotFiles(kitDir);
    // A large kit turns V8's optimiser on before the first read, as the full path's loader does (tier-up.ts).
    noteFilesListed(slotFiles.size, kitDir, EXPRESS_TIER_UP_FILES);
    const releases = kitReleases(kitDir, slotFiles);
    const { present, declared, deferred } = proveAgainstExpected(releases, indexExpected(readExpectedEntries(readText(expectedFile))));
    return { stdout: `PASSED ${kitSummaryCounts({ present, expected: declared, deferred, drift: 0, cycles: 0 })}\n`, exitCode: 0 };
  }
  // The kits and the expected DAG where they are written, no link on the way from the root (the full path reads
  // what a link leads to inside the repository, and reports one that leaves it: inside-root.ts).
  const real = realpathSync(root);
  const unlinked = (path: string) => realpathSync(path) === join(real, relative(root, path));
  if (!lstatSync(expectedFile).isFile() || !unlinked(expectedFile) || !clusterKits.every(unlinked)) return undefined;
  const kits = clusterKits.map((kitDir) => ({ kitDir, slotFiles: kitSlotFiles(kitDir) }));
  for (const { kitDir, slotFiles } of kits) noteFilesListed(slotFiles.size, kitDir, EXPRESS_TIER_UP_FILES);
  const expected = indexExpected(readExpectedEntries(readText(expectedFile)));
  let present = 0;
  let deferred = 0;
  let declared = 0;
  for (const { kitDir, slotFiles } of kits) {
    const counts = proveAgainstExpected(kitReleases(kitDir, slotFiles), expected);
    present += counts.present;
    deferred += counts.deferred;
    declared = counts.declared;
  }
  return { stdout: `PASSED ${kits.length} kits: ${kitSummaryCounts({ present, expected: declared, deferred, drift: 0, cycles: 0 }, true)}\n`, exitCode: 0 };
}

/**
 * A kit's HelmReleases, where its kustomization applies exactly its slot
 * files, each once (no slot/unregistered-file, missing-resource or
 * external-resource, and no file Flux applies that the kit audit would not read).
 */
function kitReleases(kitDir: string, slotFiles: ReadonlyMap<string, string>): Release[] {
  const resources = readKustomizationResources(readText(join(kitDir, 'kustomization.yaml')));
  if (resources.length !== slotFiles.size || !resources.every((resource) => slotFiles.has(resource))) decline();
  if (new Set(resources).size !== resources.length) decline();
  const releases: Release[] = [];
  for (const [fileName, slot] of slotFiles) {
    // The kit directory as joined, and a plain file name (PLAIN_FILE_NAME): nothing for path.join to normalise.
    const objects = readSlotFile(`${kitDir}${sep}${fileName}`);
    // A file of nothing but comments is input/empty there.
    if (objects.length === 0) decline();
    addSlotReleases(releases, slot, objects);
  }
  return releases;
}

/**
 * From how many files on V8's optimiser pays for the express reader, which
 * does less per file than the full path's (tier-up.ts: 800). On at once
 * against left off, same build, medians of 9 alternating runs against the
 * read-only floor: 1,000 slot files 1.14x, 20 kits of 60 (1,200 files)
 * 1.10x, 2,000 files 1.00x, 4,000 files 0.86x, 10,000 files 0.78x.
 */
const EXPRESS_TIER_UP_FILES = 2000;

/** A root with more entries than this is a repository to scan, not a kit: the full path walks it anyway. */
const MAX_ROOT_ENTRIES = 2000;

/**
 * Besides the kit directory and the expected DAG, the root holds no file the
 * repository scan could read (a YAML file, a kustomization) outside .git and
 * node_modules, no link, nothing but files and directories: a README, a
 * LICENSE, scripts, a .git directory are fine; another cluster's kit, a Flux
 * Kustomization, a CI workflow take the full path. A config file or a
 * baseline at the root is a YAML or JSON file: the config search and the
 * baseline's own check (proveClean) see them.
 */
function onlyTheKit(root: string, kitDir: string, expectedFile: string): boolean {
  const directories = [root];
  let entries = 0;
  let sawKit = false;
  let sawExpected = false;
  while (directories.length > 0) {
    const directory = directories.pop()!;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if ((entries += 1) > MAX_ROOT_ENTRIES) return false;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (path === kitDir) sawKit = true;
        else if (!UNWALKED_DIRECTORIES.has(entry.name)) directories.push(path);
      } else if (entry.isFile()) {
        if (path === expectedFile) sawExpected = true;
        else if (YAML_FILE.test(entry.name) || EXTENSIONLESS_KUSTOMIZATION.test(entry.name)) return false;
      } else return false;
    }
  }
  return sawKit && sawExpected;
}

/**
 * A file's text, read as the full path reads its inputs (readInto), into one
 * buffer of the limit and a byte, kept for every file. Bytes that are no UTF-8
 * decode to U+FFFD, which the reader declines.
 */
function readText(path: string): string {
  readBuffer ??= Buffer.allocUnsafe(MAX_YAML_FILE_BYTES + 1);
  return readBuffer.toString('utf8', 0, readInto(path, readBuffer));
}

let readBuffer: Buffer | undefined;

/**
 * Reads a file into `buffer` (from its start); its length. Opened without
 * blocking (a FIFO swapped in since the listing cannot hang the run), and no
 * more than the buffer read: a file that fills it declines, as larger than the
 * size limit (README, Guarantees: a larger file is the full path's,
 * input/too-large; a 3 GB file read whole took 17 s and 4 GB). No fstat, and
 * no buffer per file: at 10,000 files, 1.03x the time of readFileSync's one
 * native call (which reads without bound), where a descriptor stat'ed from
 * JavaScript took 1.27x.
 */
function readInto(path: string, buffer: Buffer): number {
  const descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let length = 0;
  try {
    // A regular file gives all it has at the first read and 0 at the next; the loop is for a short read.
    for (let read = readSync(descriptor, buffer, 0, buffer.length, null); read > 0; read = readSync(descriptor, buffer, length, buffer.length - length, null)) {
      if ((length += read) === buffer.length) decline();
    }
  } finally {
    closeSync(descriptor);
  }
  return length;
}

/**
 * A slot file's objects: read into the WebAssembly reader's memory and read
 * there (wasm-slot-reader.ts), or, where it declines the file or cannot run,
 * by the JavaScript reader, which decides what the express path takes.
 */
function readSlotFile(path: string): ExpressObject[] {
  const wasm = wasmSlotReader(DEFAULT_SLOT_LABEL);
  if (wasm === null) return readSlotObjects(readText(path), DEFAULT_SLOT_LABEL);
  const length = readInto(path, wasm.input);
  return wasmSlotObjects(wasm, length) ?? readSlotObjects(wasm.input.toString('utf8', 0, length), DEFAULT_SLOT_LABEL);
}

/**
 * The kit directory's slot files by name, with their slot keys: every entry a
 * regular file named `<slot>-<name>.yaml` but kustomization.yaml, no two on one slot.
 */
function kitSlotFiles(kitDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const slots = new Set<string>();
  let kustomization = false;
  for (const entry of readdirSync(kitDir, { withFileTypes: true })) {
    if (!entry.isFile()) decline();
    if (entry.name === 'kustomization.yaml') {
      kustomization = true;
      continue;
    }
    // A slot file: `<slot>-<name>.yaml` (slot/*'s reading of its name, model/slot.ts), of the characters file names
    // are made of: `01-bp@x:y.yaml` is, to kustomize, a remote resource (kustomization.ts's REMOTE_ENTRY).
    const key = (PLAIN_FILE_NAME.test(entry.name) ? slotFromFileName(entry.name)?.key : undefined) ?? decline();
    if (slots.has(key)) decline();
    slots.add(key);
    files.set(entry.name, key);
  }
  if (!kustomization || files.size === 0) decline();
  return files;
}

/** A YAML file name without a character that kustomize or a shell reads otherwise. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$/;

/** A HelmRelease of a slot file, as the kit's rules need it. */
interface Release {
  name: string;
  namespace: string | undefined;
  slot: string;
  dependsOn: string[];
}

/**
 * Kinds a slot file may hold besides its HelmRelease: the api/* rules judge
 * any other kind only where it is near HelmRelease or in the HelmRelease's API
 * group (src/model/flux-api.ts), and the kit's rules read nothing else of it.
 */
const PLAIN_KINDS = new Set(['Namespace', 'HelmRepository', 'ConfigMap', 'Secret', 'ServiceAccount']);
const HELM_GROUP_PREFIX = 'helm.toolkit.fluxcd.io/';
const HELM_RELEASE_API_VERSION = 'helm.toolkit.fluxcd.io/v2';
/** A name Kubernetes takes for a HelmRelease (a DNS-1123 label: Helm's release names are as strict). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Adds the file's HelmReleases: their slot labels (where they have one) the file's
 * slot, their dependsOn plain names without a namespace of their own, none
 * twice. Its other objects of plain kinds only.
 */
function addSlotReleases(releases: Release[], slot: string, objects: readonly ExpressObject[]): void {
  for (const object of objects) {
    if (object.namespace !== undefined && !NAMESPACE.test(object.namespace)) decline();
    if (object.kind !== 'HelmRelease' || object.apiVersion !== HELM_RELEASE_API_VERSION) {
      if (!PLAIN_KINDS.has(object.kind) || object.apiVersion.startsWith(HELM_GROUP_PREFIX) || object.dependsOn.length > 0) decline();
      continue;
    }
    if (!RELEASE_NAME.test(object.name)) decline();
    // slot/label-mismatch's own reading of a label (model/slot.ts).
    if (object.label !== undefined && parseSlot(object.label)?.key !== slot) decline();
    const names = object.dependsOn;
    // A namespace of its own, or a name twice, is the full path's to judge.
    if (hasRepeat(names) || object.dependsOnNamespaces.some((namespace) => namespace !== undefined)) decline();
    for (let at = 0; at < names.length; at += 1) {
      if (!RELEASE_NAME.test(names[at]!)) decline();
      names[at] = unsliced(names[at]!);
    }
    releases.push({ name: unsliced(object.name), namespace: object.namespace === undefined ? undefined : unsliced(object.namespace), slot, dependsOn: names });
  }
}

/**
 * The expected DAG as numbers: each entry's number by name, and each entry's
 * dependencies as entry numbers (those of entry i at dependencies[from[i]] up
 * to dependencies[from[i + 1]]). Names are looked up once, here; the proof of
 * each kit and the cycle search then index arrays (at 10,000 entries, a third
 * of the proof's time was Map and Set lookups of the same names again).
 */
interface ExpectedIndex {
  entries: readonly ExpressEntry[];
  byName: ReadonlyMap<string, number>;
  dependencies: Int32Array;
  from: Int32Array;
}

/**
 * The expected DAG, checked once for every kit against it: names and slots
 * each once (no expected/duplicate-slot, shared-slot, ambiguous-name), every
 * `depends_on` declared (no expected/unknown-dependency), no cycle among
 * the entries (which every kit's dependsOn then equals: no graph/cycle).
 */
function indexExpected(entries: readonly ExpressEntry[]): ExpectedIndex {
  const byName = new Map<string, number>();
  const expectedSlots = new Set<string>();
  let dependencyCount = 0;
  entries.forEach((entry, at) => {
    if (byName.has(entry.name) || expectedSlots.has(entry.slotKey) || hasRepeat(entry.dependsOn) || !RELEASE_NAME.test(entry.name)) decline();
    byName.set(entry.name, at);
    expectedSlots.add(entry.slotKey);
    dependencyCount += entry.dependsOn.length;
  });
  const dependencies = new Int32Array(dependencyCount);
  const from = new Int32Array(entries.length + 1);
  let next = 0;
  entries.forEach((entry, at) => {
    from[at] = next;
    for (const name of entry.dependsOn) dependencies[next++] = byName.get(name) ?? decline();
  });
  from[entries.length] = next;
  const index = { entries, byName, dependencies, from };
  if (hasCycle(index)) decline();
  return index;
}

/**
 * No drift and no slot finding in one kit: every release declared at its
 * file's slot with exactly its dependsOn, every dependency a release of the
 * kit in its namespace. The summary's counts.
 */
function proveAgainstExpected(releases: readonly Release[], expected: ExpectedIndex): { present: number; declared: number; deferred: number } {
  if (releases.length === 0) decline();
  const { entries, byName, dependencies, from } = expected;
  // Which entries the kit has, and each release's entry.
  const present = new Uint8Array(entries.length);
  const entryOf = new Int32Array(releases.length);
  // One namespace for the kit (or none written): a dependsOn without a namespace then finds its target.
  const namespace = releases[0]!.namespace;
  releases.forEach((release, at) => {
    const entry = byName.get(release.name) ?? decline();
    // A release twice (by name), in another namespace, at another slot, or with as many dependencies as another.
    if (present[entry] === 1 || release.namespace !== namespace) decline();
    const declared = entries[entry]!;
    if (declared.slotKey !== release.slot || declared.dependsOn.length !== release.dependsOn.length) decline();
    present[entry] = 1;
    entryOf[at] = entry;
  });
  releases.forEach((release, at) => {
    const entry = entryOf[at]!;
    // As many names, none twice on either side (addSlotReleases, indexExpected): the same names.
    for (const name of release.dependsOn) if (!entries[entry]!.dependsOn.includes(name)) decline();
    for (let dependency = from[entry]!; dependency < from[entry + 1]!; dependency += 1) if (present[dependencies[dependency]!] !== 1) decline();
  });
  return { present: releases.length, declared: entries.length, deferred: entries.length - releases.length };
}

/** Whether a short list holds a name twice. */
function hasRepeat(names: readonly string[]): boolean {
  for (let index = 1; index < names.length; index += 1) if (names.lastIndexOf(names[index]!, index - 1) >= 0) return true;
  return false;
}

/** Whether the expected DAG (which every release's dependsOn now equals) has a cycle: Kahn's algorithm. */
function hasCycle({ entries, dependencies, from }: ExpectedIndex): boolean {
  const count = entries.length;
  // Each entry's unplaced dependencies, and who waits on each entry (its dependents, listed as dependencies are).
  const waiting = new Int32Array(count);
  const dependentsFrom = new Int32Array(count + 1);
  for (let entry = 0; entry < count; entry += 1) waiting[entry] = from[entry + 1]! - from[entry]!;
  for (const dependency of dependencies) dependentsFrom[dependency + 1]! += 1;
  for (let entry = 0; entry < count; entry += 1) dependentsFrom[entry + 1]! += dependentsFrom[entry]!;
  const dependents = new Int32Array(dependencies.length);
  const filled = dependentsFrom.slice(0, count);
  for (let entry = 0; entry < count; entry += 1) {
    for (let at = from[entry]!; at < from[entry + 1]!; at += 1) dependents[filled[dependencies[at]!]!++] = entry;
  }
  const ready: number[] = [];
  for (let entry = 0; entry < count; entry += 1) if (waiting[entry] === 0) ready.push(entry);
  let placed = 0;
  while (ready.length > 0) {
    const entry = ready.pop()!;
    placed += 1;
    for (let at = dependentsFrom[entry]!; at < dependentsFrom[entry + 1]!; at += 1) {
      const dependent = dependents[at]!;
      if ((waiting[dependent]! -= 1) === 0) ready.push(dependent);
    }
  }
  return placed !== count;
}
