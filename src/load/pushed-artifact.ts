import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FluxObject } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { resolveSpecPath } from './flux-object.js';
import { isDirectory } from './kustomization.js';
import { repositoryAddress } from './source-ignore.js';

/*
 * A repository that Flux reads as an OCI artifact of itself: its CI (or a Makefile, a Justfile, a Taskfile) runs
 * `flux push artifact oci://ghcr.io/me/fleet:TAG --path=./`, and an OCIRepository at that address is the source of
 * its Kustomizations. What they apply is then this checkout's directory below the pushed path, read as a
 * GitRepository's is (a trial's probe, chadjvw/homelab-cosmere: every HelmRelease its Kustomizations apply was
 * "applied by none", on level 0, and 150 warnings said what they apply was "not read here").
 *
 * Read only where the push says so plainly: the address with its variables defined in the same file (a workflow's
 * `env:`, a Makefile's `NAME ?= value`, a Justfile's `name := "value"` or `env("NAME", "value")`, a shell
 * `NAME=value`, GitHub's `${{ github.repository }}` from this checkout's remote), and a `--path` written as a
 * directory of this repository. A path staged elsewhere (a temporary directory a script fills) is not this layout.
 */

/** Where a push puts what: the artifact's address (as repositoryAddress gives it, without its tag) and the directory pushed. */
export interface PushedArtifact {
  address: string;
  dir: string;
  /** The file that pushes it. */
  file: string;
}

/** The files that may run `flux push artifact`: the workflows, and the task runners' files at the root. */
function pushingFiles(root: string): string[] {
  const files = ['Makefile', 'makefile', 'GNUmakefile', 'Justfile', 'justfile', '.justfile', 'Taskfile.yml', 'Taskfile.yaml', 'taskfile.yml', '.gitlab-ci.yml'].map((name) => join(root, name));
  for (const dir of [join(root, '.github', 'workflows'), join(root, '.forgejo', 'workflows'), join(root, '.gitea', 'workflows')]) {
    try {
      for (const name of readdirSync(dir)) if (/\.ya?ml$/.test(name)) files.push(join(dir, name));
    } catch {
      // no such directory
    }
  }
  return files;
}

/** Every `flux push artifact` in the repository's CI and task files whose address and path are known here. */
export function pushedArtifacts(root: string, readRemotes: () => readonly string[]): PushedArtifact[] {
  const pushes: PushedArtifact[] = [];
  // The checkout's remotes, read once, and only where a push names `${{ github.repository }}`.
  let known: readonly string[] | undefined;
  const remotes = () => (known ??= readRemotes());
  for (const file of pushingFiles(root)) {
    let text: string;
    try {
      if (statSync(file).size > 1024 * 1024) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('push artifact')) continue;
    // A step run elsewhere (a workflow's working-directory) pushes a path relative to that: not known here.
    if (/^[\s-]*working-directory:/m.test(text)) continue;
    // One command: its lines joined where a backslash continues them, and `${{ github.repository }}` one word.
    const joined = text.replace(/\\\r?\n/g, ' ').replace(/\{\{\s*([^{}]*?)\s*\}\}/g, '{{$1}}');
    for (const { 0: command, index } of joined.matchAll(/flux\s+push\s+artifact\s[^\n]*/g)) {
      // Nor after a `cd` on its line (`cd kubernetes && flux push artifact ... --path=.`), nor in a comment.
      const before = joined.slice(joined.lastIndexOf('\n', index) + 1, index);
      if (/(?:^|[;&|(])\s*cd\s/.test(before) || before.includes('#')) continue;
      // An artifact that leaves paths out (--ignore-paths) is not this directory's layout.
      if (command.includes('--ignore-paths')) continue;
      const address = addressOf(command);
      const path = /--path(?:=|\s+)["']?([^\s"';|&)]+)/.exec(command)?.[1];
      if (address === undefined || path === undefined) continue;
      const url = expanded(address, text, remotes);
      // (The flux CLI takes only an oci:// address: ParseArtifactURL.)
      if (url === undefined || !url.startsWith('oci://') || path.includes('$') || path.includes('{{')) continue;
      const dir = resolve(root, path);
      if (!isInside(root, dir) || !isDirectory(dir)) continue;
      // The tag (`:main`, `:$(git rev-parse HEAD)`) or digest is the artifact's version, not its address.
      const untagged = url.replace(/@sha256:[0-9a-f]+$/, '').replace(/(\/[^/:]+):[^/]*$/, '$1');
      pushes.push({ address: repositoryAddress(untagged), dir, file });
    }
  }
  return pushes;
}

/** The address a push names: the first word after `artifact` that is no flag, nor a flag's value (`--creds USER:TOKEN`). */
function addressOf(command: string): string | undefined {
  const words = command.replace(/^flux\s+push\s+artifact\s+/, '').split(/\s+/);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!.replace(/^["']|["']$/g, '');
    if (word.startsWith('--')) {
      if (!word.includes('=')) index += 1;
      continue;
    }
    return word === '' ? undefined : word;
  }
  return undefined;
}

/**
 * `written` with its variables replaced by their definitions in `text`; undefined where one is not known (a secret,
 * a value set elsewhere). A tag's variables may stay: the tag is dropped.
 */
function expanded(written: string, text: string, remotes: () => readonly string[], depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const github = () => remotes().map((address) => /^github\.com\/([^/]+\/[^/]+)$/.exec(address)?.[1]).find((found) => found !== undefined);
  let unknown = false;
  const value = written.replace(/\$\{\{\s*([\w.]+)\s*\}\}|\{\{\s*(\w+)\s*\}\}|\$\{(\w+)\}|\$\((\w+)\)|\$(\w+)/g, (match, expression?: string, just?: string, braced?: string, make?: string, plain?: string) => {
    if (expression !== undefined) {
      const repository = github();
      if (expression === 'github.repository' && repository) return repository;
      if (expression === 'github.repository_owner' && repository) return repository.split('/')[0]!;
      const name = /^env\.(\w+)$/.exec(expression)?.[1];
      const defined = name === undefined ? undefined : definition(name, text);
      if (defined !== undefined) return expanded(defined, text, remotes, depth + 1) ?? (unknown = true, match);
      unknown = true;
      return match;
    }
    const defined = definition((just ?? braced ?? make ?? plain)!, text);
    if (defined === undefined) {
      unknown = true;
      return match;
    }
    return expanded(defined, text, remotes, depth + 1) ?? (unknown = true, match);
  });
  // A variable in the tag does not matter (`oci://ghcr.io/me/fleet:$(git rev-parse HEAD)`).
  if (!unknown) return value;
  const address = value.replace(/(\/[^/:]+):[^/]*$/, '$1');
  return /[${}]/.test(address) ? undefined : address;
}

/**
 * The definition of `name` in a workflow, a Makefile, a Justfile or a script, unquoted; undefined where there is none,
 * or several that differ (a workflow's env per job or per step: which one a push sees is not read here).
 */
function definition(name: string, text: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const values = new Set([...text.matchAll(new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escaped}[ \\t]*(?::=|\\?=|=|:)[ \\t]*(?:env\\(\\s*"[^"]*"\\s*,\\s*)?(["']?)([^"'\\s#]+)\\1`, 'gm'))]
    .map((match) => match[2]!.replace(/\)$/, (paren) => (match[2]!.includes('(') ? paren : ''))));
  return values.size === 1 ? [...values][0] : undefined;
}

/**
 * Where a Kustomization of an OCIRepository that this repository pushes as an artifact of itself reads its spec.path
 * here (see the top of this file), or undefined. `ociSources`: the OCIRepositories written here, by name.
 */
export function pushedArtifactDirOf(object: FluxObject, pushes: readonly PushedArtifact[], ociSources: readonly { name: string; url: string }[], root: string, directories: ReadonlySet<string>): Pick<FluxObject, 'appliesDir' | 'artifactOf'> | undefined {
  if (object.kind !== 'Kustomization' || object.sourceKind !== 'OCIRepository' || object.path === undefined || object.path.includes('${') || object.appliesDir !== undefined) return undefined;
  const addresses = ociSources.filter((source) => source.name === object.sourceName).map((source) => repositoryAddress(source.url));
  // Every OCIRepository of the name at one address that one push gives from one directory.
  const bases = new Set(pushes.filter((push) => addresses.includes(push.address)).map((push) => push.dir));
  if (addresses.length === 0 || new Set(addresses).size > 1 || bases.size !== 1) return undefined;
  const [base] = bases;
  const dir = resolveSpecPath(base!, object.path, directories);
  if (dir === undefined || !isInside(root, dir)) return undefined;
  return { appliesDir: dir, artifactOf: relative(root, base!) || '.' };
}
