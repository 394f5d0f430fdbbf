import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, inject, it } from 'vitest';
import { ruleCatalogue } from '../../src/rules/index.js';
import { fixture, projectRoot, temporaryDirectory } from '../helpers.js';

// What a user gets from the registry: the packed tarball (packed once per run
// by global-setup.ts), installed into an empty project, run through npx from
// deep inside their repository.
const tarball = inject('tarball');

describe('the npm package', () => {
  it('ships only bin, dist, the rule pages, schemas, README, LICENSE and package.json, and declares engines, bin, exports and types', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files.filter((file) => !/^package\/(bin\/bootstrap-deps\.js|bin\/package\.json|dist\/.+|docs\/rules\/[a-zA-Z-]+\.md|schemas\/[a-z.-]+\.schema\.json|README\.md|LICENSE|package\.json)$/.test(file))).toEqual([]);
    expect(files).toContain('package/dist/types/index.d.ts');
    expect(files).toContain('package/schemas/expected-bootstrap-deps.schema.json');
    expect(files).toContain('package/schemas/bootstrap-deps.config.schema.json');
    expect(files).toContain('package/LICENSE');
    // Every rule's page ships, so the SARIF helpUri of the installed version resolves.
    for (const rule of ruleCatalogue) expect(files).toContain(`package/${rule.docs}`);
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(pkg.bin).toEqual({ 'bootstrap-deps': 'bin/bootstrap-deps.js' });
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/types/index.d.ts', import: './dist/index.js' });
    expect(pkg.dependencies).toBeUndefined(); // everything is bundled
  });

  it('installed into an empty project, npx bootstrap-deps check works from a nested subdirectory', () => {
    const project = temporaryDirectory('bootstrap-deps-user-');
    writeFileSync(join(project, 'package.json'), '{ "name": "user-repo", "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
    cpSync(fixture('sovereign'), project, { recursive: true });
    mkdirSync(join(project, '.git'));
    const nested = join(project, 'clusters', '_template', 'bootstrap-kit');
    const result = spawnSync('npx', ['bootstrap-deps', 'check', '--quiet'], { cwd: nested, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0\n');

    // The library API resolves through "exports" with its types.
    const script = "import { check } from 'bootstrap-deps'; const r = await check({ root: process.argv[1] }); console.log(r.summary.present, r.exitCode);";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script, project], { cwd: project, encoding: 'utf8' })).toBe('49 0\n');
  });

  it('the GitHub Action runs the packed CLI with --format github, inputs passed as environment', () => {
    const action = parse(readFileSync(join(projectRoot, 'action.yml'), 'utf8'));
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['kit-dir', 'expected', 'format', 'strict', 'all-clusters', 'root', 'config', 'args']));
    expect(action.inputs.format.default).toBe('github');
    expect(action.runs.using).toBe('composite');
    const auditStep = action.runs.steps[1];
    const runnerTemp = temporaryDirectory('bootstrap-deps-runner-');
    cpSync(tarball, join(runnerTemp, 'bootstrap-deps-0.tgz'));
    writeFileSync(join(runnerTemp, 'bootstrap-deps-tarball'), 'bootstrap-deps-0.tgz\n');
    const workspace = temporaryDirectory('bootstrap-deps-workspace-');
    cpSync(fixture('cases', 'slot60-depends-on-mgmt-vcluster'), workspace, { recursive: true });
    const result = spawnSync('bash', ['-e', '-c', auditStep.run], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, RUNNER_TEMP: runnerTemp, INPUT_KIT_DIR: '', INPUT_EXPECTED: '', INPUT_FORMAT: 'github', INPUT_STRICT: 'false', npm_config_yes: 'true' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      '::error file=clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml,line=34,col=7,title=drift/extra-edge::bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare — remove it from spec.dependsOn, or add bp-mgmt-vcluster to depends_on of bp-vcluster-helmrepo (scripts/expected-bootstrap-deps.yaml:18)',
    );
  });

  it('the Action writes the markdown report to the job summary, with all-clusters, root, config and args, even when the audit fails', () => {
    const action = parse(readFileSync(join(projectRoot, 'action.yml'), 'utf8'));
    const [auditStep, summaryStep] = [action.runs.steps[1], action.runs.steps[2]];
    expect(summaryStep.if).toBe('always()');
    const runnerTemp = temporaryDirectory('bootstrap-deps-runner-');
    cpSync(tarball, join(runnerTemp, 'bootstrap-deps-0.tgz'));
    writeFileSync(join(runnerTemp, 'bootstrap-deps-tarball'), 'bootstrap-deps-0.tgz\n');
    const workspace = temporaryDirectory('bootstrap-deps-workspace-');
    cpSync(fixture('clusters'), join(workspace, 'repo'), { recursive: true });
    writeFileSync(join(workspace, 'ci.yaml'), 'rules:\n  dependsOn/duplicate: error\n');
    const summary = join(runnerTemp, 'step-summary.md');
    const env = {
      ...process.env, RUNNER_TEMP: runnerTemp, GITHUB_STEP_SUMMARY: summary, npm_config_yes: 'true',
      INPUT_KIT_DIR: '', INPUT_EXPECTED: '', INPUT_FORMAT: 'github', INPUT_STRICT: 'false',
      INPUT_ALL_CLUSTERS: 'true', INPUT_ROOT: 'repo', INPUT_CONFIG: 'ci.yaml', INPUT_ARGS: '--slot-label  catalyst.openova.io/slot',
    };
    const audit = spawnSync('bash', ['-e', '-c', auditStep.run], { cwd: workspace, encoding: 'utf8', env });
    expect(audit.status).toBe(1);
    expect(audit.stdout).toContain('::error file=repo/clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml,line=32,col=7,title=drift/extra-edge::');
    const written = spawnSync('bash', ['-e', '-c', summaryStep.run], { cwd: workspace, encoding: 'utf8', env });
    expect(written.status).toBe(0);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/^## bootstrap-deps: ❌ FAILED\n/);
    expect(markdown).toContain('| gamma | 8 | 1 | 1 | 0 | 0 | ❌ FAILED |');
    // A typo in the extra arguments is the audit's usage error.
    const typo = spawnSync('bash', ['-e', '-c', auditStep.run], { cwd: workspace, encoding: 'utf8', env: { ...env, INPUT_ARGS: '--stirct' } });
    expect(typo.status).toBe(3);
  });
});
