import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { binPath, copyFixture, fixture, projectRoot, temporaryDirectory } from '../helpers.js';

// The hook, the lint-staged example and the GitHub Action must audit every kit
// of the repository by default: fixtures/clusters has drift only in gamma's kit.
const CLUSTERS = fixture('clusters');

/** A PATH whose `bootstrap-deps` and `npx` run this build, as an installed package would. */
function fakeToolPath(): string {
  const dir = temporaryDirectory('bootstrap-deps-bin-');
  writeFileSync(join(dir, 'bootstrap-deps'), `#!/bin/sh\nexec "${process.execPath}" "${binPath}" "$@"\n`);
  // The action runs `npx --yes --package <tarball> -- bootstrap-deps ARGS`.
  writeFileSync(join(dir, 'npx'), `#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift\nshift\nexec "${process.execPath}" "${binPath}" "$@"\n`);
  chmodSync(join(dir, 'bootstrap-deps'), 0o755);
  chmodSync(join(dir, 'npx'), 0o755);
  return `${dir}:${process.env.PATH}`;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync('bash', ['-c', command], { cwd, env: { PATH: fakeToolPath(), ...env }, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('default commands audit every cluster kit', () => {
  it('the pre-commit hook entry fails on drift in a cluster kit', () => {
    const [hook] = parse(readFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string }[];
    const result = sh(hook!.entry, CLUSTERS);
    expect(result.code, result.out).toBe(1);
    expect(result.out).toContain('clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml\n  32:7    error    bp-keycloak depends on bp-cnpg');
  });

  it('the hook entry audits a Flux repository without bootstrap kits as check does', () => {
    const [hook] = parse(readFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string }[];
    const repo = copyFixture(fixture('repositories', 'kustomize-helm-example'));
    mkdirSync(join(repo, '.git')); // its own repository, as a clone is
    const result = sh(hook!.entry, repo);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/^PASSED HelmReleases \d+ · Kustomizations \d+/m);
  });

  it('the README\'s husky and lint-staged commands fail on drift in a cluster kit', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const husky = /`\.husky\/pre-commit`:\n\n```sh\n(.+)\n```/.exec(readme)![1]!;
    const lintStaged = /\(\) => '([^']+)'/.exec(readme)![1]!;
    for (const command of [husky.replace(/^npx /, ''), lintStaged]) {
      const result = sh(command, CLUSTERS);
      expect(result.code, `${command}\n${result.out}`).toBe(1);
      expect(result.out).toContain('clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml');
    }
  });

  it('the GitHub Action audits every cluster kit by default, and only the kit-dir input when given', () => {
    const action = parse(readFileSync(join(projectRoot, 'action.yml'), 'utf8')) as { runs: { steps: { name: string; run: string }[] } };
    const step = action.runs.steps.find((candidate) => candidate.name.startsWith('Audit'))!;
    const runnerTemp = temporaryDirectory('bootstrap-deps-runner-');
    writeFileSync(join(runnerTemp, 'bootstrap-deps-tarball'), 'bootstrap-deps-0.0.0.tgz\n');
    const repo = copyFixture(CLUSTERS);
    const inputs = { RUNNER_TEMP: runnerTemp, INPUT_KIT_DIR: '', INPUT_EXPECTED: '', INPUT_FORMAT: 'github', INPUT_STRICT: 'false' };
    const all = sh(step.run, repo, inputs);
    expect(all.code, all.out).toBe(1);
    expect(all.out).toContain('::error file=clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml,line=32');
    const one = sh(step.run, repo, { ...inputs, INPUT_KIT_DIR: 'clusters/alpha/bootstrap-kit' });
    expect(one.code, one.out).toBe(0);
  });
});
