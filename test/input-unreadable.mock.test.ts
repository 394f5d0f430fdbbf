import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileReadFinding } from '../src/load/input-findings.js';
import { KIT, projectRoot, runCli, temporaryDirectory } from './helpers.js';
import { execFileSync } from 'node:child_process';
import { buildRepo } from './repo-builder.js';

// Root reads every file whatever its mode, and CI runs as root, so a chmod 000
// proves nothing there. The read itself is made to fail as the kernel would
// (EACCES) for one file; everything else reads the disk as usual.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, openSync: vi.fn(actual.openSync), readdirSync: vi.fn(actual.readdirSync) };
});

const { cpSync, mkdirSync, writeFileSync } = await vi.importActual<typeof import('node:fs')>('node:fs');
const actualReaddir = (await vi.importActual<typeof import('node:fs')>('node:fs')).readdirSync;

afterEach(() => {
  vi.mocked(fs.openSync).mockRestore();
  vi.mocked(fs.readdirSync).mockRestore();
});

/** Makes `call` fail with EACCES for `target`, as the kernel would for a user the mode forbids; the rest as usual. */
function deny<T extends (...args: never[]) => unknown>(call: T, target: string): void {
  const mocked = vi.mocked(call);
  const original = mocked.getMockImplementation()!;
  mocked.mockImplementation(((path: fs.PathLike, ...rest: unknown[]) => {
    if (path === target) throw Object.assign(new Error(`EACCES: permission denied, '${target}'`), { code: 'EACCES' });
    return (original as (...args: unknown[]) => unknown)(path, ...rest);
  }) as unknown as T);
}

const REPOSITORY = join(projectRoot, 'fixtures', 'repositories', 'kustomize-helm-example');

describe('a file that cannot be read', () => {
  it('maps each file-system error code to its finding', () => {
    const denied = Object.assign(new Error('denied'), { code: 'EACCES' });
    expect(fileReadFinding('/x.yaml', denied)).toMatchObject({
      rule: 'input/unreadable', message: 'permission denied', fix: 'make the file readable by this user',
    });
    expect(fileReadFinding('/x.yaml', Object.assign(new Error('odd'), { code: 'EIO' }))).toMatchObject({
      rule: 'input/unreadable', message: 'cannot read the file (EIO)',
    });
  });

  it('permission denied on a slot file is one located line and exit 3', async () => {
    const root = buildRepo();
    const target = join(root, KIT, '01-bp-cilium.yaml');
    // The loader opens each file (then fstat, then a bounded read): the open is what the kernel refuses.
    const openSync = vi.mocked(fs.openSync);
    const original = openSync.getMockImplementation()!;
    openSync.mockImplementation(((path: fs.PathLike, ...rest: unknown[]) => {
      if (path === target) throw Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' });
      return (original as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.openSync);
    const result = await runCli(['check'], { cwd: root });
    // The loader really asked for that file: if it reads files another way, this test must be moved with it.
    expect(openSync.mock.calls.some(([path]) => path === target)).toBe(true);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: ${KIT}/01-bp-cilium.yaml permission denied — make the file readable by this user\n`);
  });

  // A trial's probe: in the repository audit an unreadable file was counted in `skipped` (JSON only) and the audit
  // passed, the root Kustomization's own file included; an unreadable directory read as missing (two false errors).
  it('in the repository audit, permission denied on a file is one located line and exit 3, not a skip', async () => {
    const target = join(REPOSITORY, 'apps', 'base', 'podinfo', 'release.yaml');
    deny(fs.openSync, target);
    const result = await runCli(['check', '--root', REPOSITORY], { cwd: REPOSITORY });
    expect(vi.mocked(fs.openSync).mock.calls.some(([path]) => path === target)).toBe(true);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: apps/base/podinfo/release.yaml permission denied — make the file readable by this user\n');
  });

  it('in the repository audit, a directory that cannot be listed is one located line and exit 3', async () => {
    const target = join(REPOSITORY, 'infrastructure');
    deny(fs.readdirSync, target);
    const result = await runCli(['check', '--root', REPOSITORY], { cwd: REPOSITORY });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: infrastructure permission denied: the directory cannot be listed — make the directory readable by this user (Flux reads every file of its source)\n');
  });

  // A review's probe: a local database volume owned by root in the working tree, left out of Flux's source.
  it('a directory that cannot be listed but that .sourceignore or git leaves out of Flux\'s source is counted in skipped, not exit 3', async () => {
    for (const ignoreFile of ['.sourceignore', '.gitignore']) {
      const root = temporaryDirectory('bootstrap-deps-unlistable-');
      cpSync(REPOSITORY, root, { recursive: true });
      mkdirSync(join(root, 'pgdata'));
      writeFileSync(join(root, ignoreFile), '/pgdata/\n');
      if (ignoreFile === '.gitignore') execFileSync('git', ['init', '-q', root]);
      deny(fs.readdirSync, join(root, 'pgdata'));
      const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
      expect(result.code, ignoreFile).toBe(0);
      expect(JSON.parse(result.stdout).flux.skipped).toContainEqual(expect.objectContaining({ reason: 'unreadable directories that .sourceignore or git leaves out of Flux\'s source', paths: ['pgdata'] }));
      vi.mocked(fs.readdirSync).mockRestore();
      vi.mocked(fs.readdirSync).mockImplementation(actualReaddir);
    }
  });
});
