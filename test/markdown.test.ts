import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubLinkBase } from '../src/report/markdown.js';
import { TOOL_VERSION } from '../src/report/report.js';
import { caseRoot, copyFixture, fixture, projectRoot, runCli } from './helpers.js';

// Regenerate on purpose with UPDATE_GOLDEN=1 npx vitest run test/markdown.test.ts, then read the diff.
const SHOWCASE = caseRoot('formatter-showcase');
const golden = join(projectRoot, 'test', 'golden', 'showcase.md');

const markdown = async (cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const result = await runCli(['check', '--format', 'markdown', ...args], { cwd, env });
  return { ...result, stdout: result.stdout.split(TOOL_VERSION).join('<version>') };
};
const mermaidBlock = (text: string) => /```mermaid\n([\s\S]*?)```/.exec(text)?.[1];

describe('--format markdown', () => {
  it('matches its golden file: verdict, findings table linked to file and line, graph in a mermaid block', async () => {
    const { code, stdout } = await markdown(SHOWCASE);
    expect(code).toBe(1);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, stdout);
    expect(stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('in GitHub Actions, links open the file at the line in the commit checked', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/platform', GITHUB_SHA: 'abc123', GITHUB_WORKSPACE: SHOWCASE };
    const { stdout } = await markdown(SHOWCASE, [], env);
    expect(stdout).toContain('[clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml:35:7](https://github.com/acme/platform/blob/abc123/clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml#L35)');
    expect(githubLinkBase({ ...env, GITHUB_WORKSPACE: '/w' }, '/w/sub dir')).toBe('https://github.com/acme/platform/blob/abc123/sub%20dir/');
    expect(githubLinkBase({ ...env, GITHUB_WORKSPACE: '/w' }, '/elsewhere')).toBeUndefined();
    // A parenthesis would end a Markdown link early: encoded.
    expect(githubLinkBase({ ...env, GITHUB_WORKSPACE: '/w' }, '/w/a)b')).toBe('https://github.com/acme/platform/blob/abc123/a%29b/');
    expect(githubLinkBase({}, '/w')).toBeUndefined();
  });

  it('written with --output elsewhere, links are relative to the report', async () => {
    const root = copyFixture(SHOWCASE);
    mkdirSync(join(root, 'reports', 'ci'), { recursive: true });
    const result = await runCli(['check', '--format', 'markdown', '--output', 'reports/ci/summary.md'], { cwd: root });
    expect(result.code).toBe(1);
    const written = readFileSync(join(root, 'reports', 'ci', 'summary.md'), 'utf8');
    expect(written).toContain('](../../clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml#L35)');
  });

  it('a passing kit says so; suppressed findings are folded away, not hidden', async () => {
    const root = copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
    await runCli(['check', '--suppress-all'], { cwd: root });
    const { code, stdout } = await markdown(root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## bootstrap-deps: ✅ PASSED\n\nPresent 5 · Declared expected 5 · Deferred 0 · Drift 0 · Cycles 0 · Suppressed 1\n\nNo findings\.\n\n<details><summary>1 suppressed finding<\/summary>\n/);
    expect(stdout).toContain('bp-vcluster-helmrepo depends on bp-mgmt-vcluster, which the expected DAG does not declare<br>baseline bootstrap-deps-suppressions.json |');
    // The graph still shows the suppressed drift edge.
    expect(mermaidBlock(stdout)).toContain('-->|extra|');
  });

  it('every cluster: a table per cluster, findings name theirs', async () => {
    const { code, stdout } = await markdown(fixture('clusters'), ['--all-clusters']);
    expect(code).toBe(1);
    expect(stdout).toContain('| ❌ error | `drift/extra-edge` | gamma | [clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml:32:7](clusters/gamma/bootstrap-kit/09-bp-keycloak.yaml#L32) |');
    expect(stdout).toContain('| gamma | 8 | 1 | 1 | 0 | 0 | ❌ FAILED |');
  });

  it('the repository audit: findings, the install order across kinds, and the suppressed count', async () => {
    const root = copyFixture(fixture('repositories', 'home-ops'));
    const { code, stdout } = await markdown(root);
    expect(code).toBe(1);
    expect(stdout).toContain('| ❌ error | `dependsOn/unknown-target` | [kubernetes/apps/network/echo/ks.yaml:7:7](kubernetes/apps/network/echo/ks.yaml#L7) |');
    const example = await markdown(copyFixture(fixture('repositories', 'kustomize-helm-example')));
    expect(example.stdout).toContain('<details><summary>Install order (levels across HelmReleases, Kustomizations and ResourceSets)</summary>\n\n1. `Kustomization/flux-system/infra-controllers`\n2. `HelmRelease/cert-manager/cert-manager`, ');
    await runCli(['check', '--suppress-all'], { cwd: root });
    expect((await markdown(root)).stdout).toContain('HelmReleases 9 · Kustomizations 11 · ResourceSets 0 · Cycles 1 · Suppressed 6\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).stdout).toBe('PASSED HelmReleases 9 · Kustomizations 11 · ResourceSets 0 · Cycles 1 · Suppressed 6\n');
  });

  it('an input error is a table of the problems, exit 3', async () => {
    const { code, stdout } = await markdown(SHOWCASE, ['--expected', 'missing.yaml']);
    expect(code).toBe(3);
    expect(stdout).toContain('## bootstrap-deps: 🛑 INPUT ERROR');
    expect(stdout).toContain('| ❌ error | `input/not-found` | [missing.yaml](missing.yaml) | expected DAG file not found<br>');
  });

  it('escapes what would break a table cell or turn into HTML', async () => {
    const { stdout } = await markdown(SHOWCASE);
    for (const line of stdout.split('\n').filter((row) => row.startsWith('| ❌') || row.startsWith('| ⚠️'))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(6);
    }
  });

  for (const name of readdirSync(join(projectRoot, 'fixtures', 'cases')).sort()) {
    it(`draws the same graph as bootstrap-deps graph: ${name}`, async () => {
      const graph = await runCli(['graph'], { cwd: caseRoot(name) });
      const { stdout } = await markdown(caseRoot(name));
      expect(mermaidBlock(stdout)).toBe(graph.stdout);
    });
  }
});
