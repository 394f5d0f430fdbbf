import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decideColor } from '../cli-io.js';
import { mayHaveConfig } from '../config/discover.js';
import { DEFAULT_EXPECTED_FILE, DEFAULT_KIT_DIR, DEFAULT_SLOT_LABEL, discoverRoot } from '../load/defaults.js';
import { kitSummaryCounts } from '../report/summary-line.js';
import { BASELINE_FILE_NAME } from '../suppress/baseline-name.js';
import { decline, DECLINED } from './block-yaml.js';
import { readExpectedEntries, readKustomizationResources, readSlotObjects } from './kit-reader.js';
import type { ExpressEntry, ExpressObject } from './kit-reader.js';

/*
 * The express path of `check` (issue 18). A pre-commit hook or CI job runs
 * `check --quiet` on a kit that is clean nearly every time, and the full
 * path's start-up (its 620 KB bundle, commander, readers that V8 interprets a
 * character at a time) cost more than twice a bare `node`. This path proves a
 * clean kit from a few fields, read with a regular expression per line
 * (block-yaml.ts), and prints the one line the full path would print. It
 * proves conservatively: every condition below is one under which no rule of
 * the full path can report anything, and wherever it cannot prove one, it
 * declines and the launcher runs the full path, whose output is the answer.
 * It never reports a finding, so it can never report a wrong one; what it
 * must never do is pass a kit the full path fails, and test/express.test.ts
 * (every rule tester case, every fixture, generated kits) holds it to that.
 *
 * It takes only `check --quiet` with `--root DIR` or none, output that is no
 * terminal and no colour, no config file, no baseline, and a root that holds
 * the kit and the expected DAG and nothing else Flux or kustomize could read.
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

/** `--root DIR`, `--root=DIR` and `--quiet`, each once; undefined for any other argument. */
function expressArguments(argv: readonly string[]): { root?: string } | undefined {
  if (argv[0] !== 'check') return undefined;
  let root: string | undefined;
  let quiet = false;
  for (let index = 1; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--quiet' && !quiet) quiet = true;
    else if (root === undefined && argument === '--root' && index + 1 < argv.length) root = argv[++index];
    else if (root === undefined && argument.startsWith('--root=')) root = argument.slice('--root='.length);
    else return undefined;
    // A root that looks like an option, or is empty, is commander's to judge.
    if (root !== undefined && (root === '' || root.startsWith('-'))) return undefined;
  }
  return quiet ? (root === undefined ? {} : { root }) : undefined;
}

function proveClean(invocation: ExpressInvocation): ExpressVerdict | undefined {
  const parsed = expressArguments(invocation.argv);
  if (!parsed) return undefined;
  const { cwd, env } = invocation;
  // Colour changes the line's bytes; a terminal gets the full path's output, as it is.
  if (invocation.isTTY || decideColor(undefined, env, invocation.isTTY)) return undefined;
  const root = parsed.root === undefined ? discoverRoot(cwd) : resolve(cwd, parsed.root);
  if (!statSync(root).isDirectory()) return undefined;
  // A config file from the working directory up, or a baseline of suppressions: the full path applies them.
  if (mayHaveConfig(cwd) || existsSync(join(root, BASELINE_FILE_NAME))) return undefined;
  const kitDir = join(root, DEFAULT_KIT_DIR);
  const expectedFile = join(root, DEFAULT_EXPECTED_FILE);
  if (!onlyTheKit(root, kitDir, expectedFile)) return undefined;

  const slotFiles = kitSlotFiles(kitDir);
  const resources = readKustomizationResources(readFileSync(join(kitDir, 'kustomization.yaml'), 'utf8'));
  // The kustomization applies exactly the slot files, each once: no slot/unregistered-file, missing-resource or
  // external-resource, and no file Flux applies that the kit audit would not read.
  if (resources.length !== slotFiles.size || !resources.every((resource) => slotFiles.has(resource))) return undefined;
  if (new Set(resources).size !== resources.length) return undefined;

  const releases: Release[] = [];
  for (const [fileName, slot] of slotFiles) {
    const objects = readSlotObjects(readFileSync(join(kitDir, fileName), 'utf8'), DEFAULT_SLOT_LABEL);
    // A file of nothing but comments is input/empty there.
    if (objects.length === 0) return undefined;
    releases.push(...slotReleases(slot, objects));
  }
  const expected = readExpectedEntries(readFileSync(expectedFile, 'utf8'));
  const { present, declared, deferred } = proveAgainstExpected(releases, expected);
  return { stdout: `PASSED ${kitSummaryCounts({ present, expected: declared, deferred, drift: 0, cycles: 0 })}\n`, exitCode: 0 };
}

/** What the repository scan (flux-scan.ts) reads: YAML files of any case, and kustomization files without an extension. */
const SCANNED_FILE = /\.ya?ml$|^kustomization$/i;
/** Directories the scan never enters. */
const UNSCANNED_DIRECTORIES = new Set(['.git', 'node_modules']);
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
        else if (!UNSCANNED_DIRECTORIES.has(entry.name)) directories.push(path);
      } else if (entry.isFile()) {
        if (path === expectedFile) sawExpected = true;
        else if (SCANNED_FILE.test(entry.name)) return false;
      } else return false;
    }
  }
  return sawKit && sawExpected;
}

/** `15a`, `06`, `6` as one key (model/slot.ts's key: the number without leading zeros, then the letter). */
function slotKey(digits: string, letter: string): string {
  return `${Number.parseInt(digits, 10)}${letter}`;
}

const SLOT_FILE = /^(\d{1,9})([a-z]?)-[a-z0-9][-a-z0-9.]*\.yaml$/;

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
    const match = SLOT_FILE.exec(entry.name);
    if (!match) decline();
    const key = slotKey(match![1]!, match![2]!);
    if (slots.has(key)) decline();
    slots.add(key);
    files.set(entry.name, key);
  }
  if (!kustomization || files.size === 0) decline();
  return files;
}

/** A slot file's one HelmRelease, as the rules need it. */
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
const HELM_RELEASE = 'helm.toolkit.fluxcd.io/v2 HelmRelease';
/** A name Kubernetes takes for a HelmRelease (a DNS-1123 label: Helm's release names are as strict). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The file's HelmReleases: their slot labels (where they have one) the file's
 * slot, their dependsOn plain names without a namespace of their own, none
 * twice. Its other objects of plain kinds only.
 */
function slotReleases(slot: string, objects: readonly ExpressObject[]): Release[] {
  const releases: Release[] = [];
  for (const object of objects) {
    if (object.namespace !== undefined && !NAMESPACE.test(object.namespace)) decline();
    if (`${object.apiVersion} ${object.kind}` !== HELM_RELEASE) {
      if (!PLAIN_KINDS.has(object.kind) || object.apiVersion.startsWith(HELM_GROUP_PREFIX) || object.dependsOn.length > 0) decline();
      continue;
    }
    if (!RELEASE_NAME.test(object.name)) decline();
    if (object.label !== undefined) {
      const label = /^(\d{1,9})([a-z]?)$/.exec(object.label);
      if (!label || slotKey(label[1]!, label[2]!) !== slot) decline();
    }
    const names = new Set<string>();
    for (const dependency of object.dependsOn) {
      // A namespace of its own, or a name twice, is the full path's to judge.
      if (dependency.namespace !== undefined || names.has(dependency.name) || !RELEASE_NAME.test(dependency.name)) decline();
      names.add(dependency.name);
    }
    releases.push({ name: object.name, namespace: object.namespace, slot, dependsOn: [...names] });
  }
  return releases;
}

/**
 * No drift, no cycle, no slot or expected-DAG finding: every release declared
 * at its file's slot with exactly its dependsOn, every dependency a release of
 * the kit in its namespace, the expected DAG's names and slots each once, its
 * dependencies declared, and the whole graph acyclic. The summary's counts.
 */
function proveAgainstExpected(releases: readonly Release[], expected: readonly ExpressEntry[]): { present: number; declared: number; deferred: number } {
  const entries = new Map<string, ExpressEntry>();
  const expectedSlots = new Set<string>();
  for (const entry of expected) {
    const key = typeof entry.slot === 'number' ? String(entry.slot) : slotKey(/^\d+/.exec(entry.slot)![0], entry.slot.replace(/^\d+/, ''));
    if (entries.has(entry.name) || expectedSlots.has(key) || new Set(entry.dependsOn).size !== entry.dependsOn.length) decline();
    entries.set(entry.name, entry);
    expectedSlots.add(key);
    if (!RELEASE_NAME.test(entry.name)) decline();
  }
  for (const entry of expected) for (const name of entry.dependsOn) if (!entries.has(name)) decline();
  const byName = new Map<string, Release>();
  for (const release of releases) {
    if (byName.has(release.name)) decline();
    byName.set(release.name, release);
  }
  if (releases.length === 0) decline();
  const namespaces = new Set(releases.map((release) => release.namespace));
  // One namespace for the kit (or none written): a dependsOn without a namespace then finds its target.
  if (namespaces.size !== 1) decline();
  for (const release of releases) {
    const entry = entries.get(release.name);
    if (entry === undefined) decline();
    const entrySlot = typeof entry!.slot === 'number' ? String(entry!.slot) : slotKey(/^\d+/.exec(entry!.slot)![0], entry!.slot.replace(/^\d+/, ''));
    if (entrySlot !== release.slot) decline();
    if (entry!.dependsOn.length !== release.dependsOn.length) decline();
    const declared = new Set(entry!.dependsOn);
    for (const name of release.dependsOn) if (!declared.has(name) || !byName.has(name)) decline();
  }
  if (hasCycle(expected)) decline();
  return { present: releases.length, declared: entries.size, deferred: expected.length - releases.length };
}

/** Whether the expected DAG (which every release's dependsOn now equals) has a cycle: Kahn's algorithm. */
function hasCycle(expected: readonly ExpressEntry[]): boolean {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const entry of expected) {
    waiting.set(entry.name, entry.dependsOn.length);
    for (const name of entry.dependsOn) {
      const list = dependents.get(name);
      if (list) list.push(entry.name);
      else dependents.set(name, [entry.name]);
    }
  }
  const ready = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
  let placed = 0;
  while (ready.length > 0) {
    const name = ready.pop()!;
    placed += 1;
    for (const dependent of dependents.get(name) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return placed !== expected.length;
}
