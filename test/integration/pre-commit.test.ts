import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, hasCommand, projectRoot, temporaryDirectory } from '../helpers.js';

// The real pre-commit framework (Debian's pre-commit 3.x) installs this
// repository's hook definition as a node hook and runs it on a user's repo.
describe.skipIf(!hasCommand('pre-commit') || !hasCommand('git'))('pre-commit hook', () => {
  it('is quiet and passes on a clean kit, fails with located findings on drift', () => {
    const repo = temporaryDirectory('bootstrap-deps-precommit-');
    const cache = temporaryDirectory('bootstrap-deps-precommit-cache-');
    cpSync(fixture('sovereign'), repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'kit');
    const env = { ...process.env, PRE_COMMIT_HOME: cache, PRE_COMMIT_COLOR: 'never' };
    // The hook repository as a user would clone it: this project's files (tracked, and new ones
    // not yet committed), committed into a scratch repository.
    const hookRepo = temporaryDirectory('bootstrap-deps-hookrepo-');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: projectRoot, encoding: 'utf8' })
      .split('\0').filter((file) => file !== '' && existsSync(join(projectRoot, file)));
    for (const file of files) {
      mkdirSync(dirname(join(hookRepo, file)), { recursive: true });
      copyFileSync(join(projectRoot, file), join(hookRepo, file));
    }
    const hookGit = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd: hookRepo });
    hookGit('init', '-q');
    hookGit('add', '-A');
    hookGit('commit', '-qm', 'hook');
    const run = () => spawnSync('pre-commit', ['try-repo', hookRepo, 'bootstrap-deps', '--all-files'], { cwd: repo, env, encoding: 'utf8' });

    const clean = run();
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^bootstrap-deps \(Flux bootstrap kit dependency audit\)\.+Passed$/m);

    const slot60 = join(repo, 'clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml');
    writeFileSync(slot60, readFileSync(slot60, 'utf8').replace('    - name: bp-flux\n', '    - name: bp-flux\n    - name: bp-mgmt-vcluster\n'));
    git('add', '-A');
    const drift = run();
    expect(drift.status).toBe(1);
    expect(drift.stdout).toMatch(/Failed$/m);
    expect(drift.stdout).toContain('  32:7    error    bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare  drift/extra-edge');
  }, 300_000);
});
