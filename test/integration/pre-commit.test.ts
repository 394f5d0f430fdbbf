import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixture, hasCommand, projectRoot, temporaryDirectory } from '../helpers.js';

const SLOT60 = 'clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

// The real pre-commit framework (Debian's pre-commit 3.x) installs this
// project's hook definition (.pre-commit-hooks.yaml) as a `language: node`
// hook and runs it on a user's repository configured with .pre-commit-config.yaml.
//
// The hook repository holds what a release ships (the packed bin/ and dist/,
// no dev dependencies, no build script) plus the hook definition, so
// pre-commit's own install (npm install, npm pack, npm install -g) is real but
// takes seconds. It is installed once per run into one PRE_COMMIT_HOME shared
// by every case. Installing from a source clone also runs `npm install` of the
// dev dependencies and the build, which `.ci/run` (npm ci) and the package test
// (npm pack) exercise.
describe.skipIf(!hasCommand('pre-commit') || !hasCommand('git'))('pre-commit hook (real pre-commit; skipped when it or git is missing)', () => {
  let hookRepo: string;
  let rev: string;
  let env: NodeJS.ProcessEnv;
  // Not temporaryDirectory(): that one is removed after each test, these live for the file.
  const shared = mkdtempSync(join(tmpdir(), 'bootstrap-deps-precommit-run-'));
  afterAll(() => rmSync(shared, { recursive: true, force: true }));

  beforeAll(() => {
    hookRepo = join(shared, 'hook-repository');
    mkdirSync(hookRepo);
    execFileSync('tar', ['-xzf', inject('tarball'), '--strip-components=1', '-C', hookRepo]);
    copyFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), join(hookRepo, '.pre-commit-hooks.yaml'));
    const pkg = JSON.parse(readFileSync(join(hookRepo, 'package.json'), 'utf8'));
    delete pkg.scripts;
    delete pkg.devDependencies;
    writeFileSync(join(hookRepo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-qm', 'hook');
    rev = git(hookRepo, 'rev-parse', 'HEAD').trim();
    env = { ...process.env, PRE_COMMIT_HOME: join(shared, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never' };
    // Install once; every case below reuses this environment.
    const install = spawnSync('pre-commit', ['install-hooks'], { cwd: userRepo(), env, encoding: 'utf8' });
    expect(install.status, install.stdout + install.stderr).toBe(0);
  });

  /** The sovereign kit as a git repository whose .pre-commit-config.yaml uses the hook. */
  /** A user's repository (the embedded kit, or another fixture) with the hook configured, committed. */
  function userRepo(source = fixture('sovereign')): string {
    const repo = temporaryDirectory('bootstrap-deps-precommit-');
    cpSync(source, repo, { recursive: true });
    writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: bootstrap-deps\n`);
    writeFileSync(join(repo, 'README.md'), '# clusters\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'kit');
    return repo;
  }

  /** `pre-commit run` on the staged files, as the git hook does. */
  const run = (repo: string, ...args: string[]) => spawnSync('pre-commit', ['run', ...args], { cwd: repo, env, encoding: 'utf8' });

  it('passes quietly on a clean kit', () => {
    const result = run(userRepo(), '--all-files');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^bootstrap-deps \(Flux bootstrap kit dependency audit\)\.+Passed$/m);
  });

  it('fails on a staged drift with the located finding', () => {
    const repo = userRepo();
    const slot60 = join(repo, SLOT60);
    writeFileSync(slot60, readFileSync(slot60, 'utf8').replace('    - name: bp-flux\n', '    - name: bp-flux\n    - name: bp-mgmt-vcluster\n'));
    git(repo, 'add', SLOT60);
    const result = run(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^bootstrap-deps \(Flux bootstrap kit dependency audit\)\.+Failed$/m);
    expect(result.stdout).toContain('  32:7    error    bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare  drift/extra-edge');
  });

  it('fails on a drift staged in a cluster\'s kit, not only the template\'s: it audits every kit', () => {
    const repo = userRepo();
    cpSync(join(repo, 'clusters/_template'), join(repo, 'clusters/omantel'), { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'omantel');
    const slot60 = join(repo, 'clusters/omantel/bootstrap-kit/60-bp-vcluster-helmrepo.yaml');
    writeFileSync(slot60, readFileSync(slot60, 'utf8').replace('    - name: bp-flux\n', '    - name: bp-flux\n    - name: bp-mgmt-vcluster\n'));
    git(repo, 'add', 'clusters/omantel');
    const result = run(repo);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('clusters/omantel/bootstrap-kit/60-bp-vcluster-helmrepo.yaml\n  32:7    error    bp-vcluster-helmrepo depends on bp-mgmt-vcluster');
  });

  it('runs in a Flux repository without a kit: a staged dependsOn typo fails the commit', () => {
    const repo = userRepo(fixture('repositories', 'kustomize-helm-example'));
    const apps = join(repo, 'clusters/production/apps.yaml');
    writeFileSync(apps, readFileSync(apps, 'utf8').replace('- name: infra-configs', '- name: infra-confgs'));
    git(repo, 'add', 'clusters/production/apps.yaml');
    const result = run(repo);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('did you mean infra-configs?');
  });

  it('does not run when no YAML file is staged (the files: filter)', () => {
    const repo = userRepo();
    writeFileSync(join(repo, 'README.md'), '# clusters, edited\n');
    git(repo, 'add', 'README.md');
    const result = run(repo);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^bootstrap-deps \(Flux bootstrap kit dependency audit\)\.+\(no files to check\)Skipped$/m);
  });
});
