// The repository audit on fixtures derived from public Flux repositories
// (names and edges are theirs; the files are written here): the layout of
// fluxcd/flux2-kustomize-helm-example, and a home-ops layout (per-namespace
// kustomizations, ks.yaml with targetNamespace) seeded with one fault per rule.
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './helpers.js';
import type { Report } from '../src/index.js';

async function audit(root: string, args: string[] = []) {
  const result = await runCli(['check', '--root', root, '--format', 'json', ...args], { cwd: root });
  const report = JSON.parse(result.stdout) as Report;
  const keys = report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`);
  return { ...result, report, keys };
}

describe('any Flux repository, no expected DAG', () => {
  it('fluxcd/flux2-kustomize-helm-example layout: the unwaited infra-configs, in both clusters', async () => {
    const { code, report, keys } = await audit(fixture('repositories', 'kustomize-helm-example'));
    expect(keys).toEqual([
      'dependsOn/unwaited-kustomization@clusters/production/apps.yaml:9:7',
      'dependsOn/unwaited-kustomization@clusters/staging/apps.yaml:9:7',
    ]);
    expect(report.findings[0]!.message).toBe('Kustomization flux-system/apps depends on Kustomization flux-system/infra-configs, which has neither wait: true nor healthChecks: it is Ready once its objects are applied, before they run, so apps may start too early');
    expect(report.findings[0]!.object).toBe('Kustomization/flux-system/apps');
    // Each cluster keeps its own copy of the same three Kustomizations: one identity, two definitions.
    expect(report.flux!.objects).toEqual({ HelmRelease: 3, Kustomization: 6, ResourceSet: 0 });
    expect(report.flux!.skipped).toEqual([{ reason: 'CI workflows (.github/workflows)', count: 1, example: '.github/workflows' }]);
    // podinfo gets its namespace from the base kustomization; the HelmReleases install after the Kustomization that applies them.
    expect(report.flux!.order).toEqual([
      ['Kustomization/flux-system/infra-controllers'],
      ['HelmRelease/cert-manager/cert-manager', 'HelmRelease/ingress-nginx/ingress-nginx', 'Kustomization/flux-system/infra-configs'],
      ['Kustomization/flux-system/apps'],
      ['HelmRelease/podinfo/podinfo'],
    ]);
    expect(report.flux!.teardown[0]).toEqual(['HelmRelease/podinfo/podinfo']);
    expect(report.summary.present).toBe(3);
    expect(code).toBe(0);
  });

  it('home-ops layout: one finding per seeded fault, exact places', async () => {
    const { code, report, keys } = await audit(fixture('repositories', 'home-ops'));
    const apps = 'kubernetes/apps';
    expect(keys).toEqual([
      `dependsOn/wrong-kind@${apps}/database/dragonfly/app/helmrelease.yaml:7:7`,
      `dependsOn/suspended@${apps}/database/dragonfly/app/helmrelease.yaml:8:7`,
      `dependsOn/suspended@${apps}/database/dragonfly/ks.yaml:7:7`,
      `graph/cycle@${apps}/media/plex/ks.yaml:7:7`,
      `dependsOn/unknown-target@${apps}/network/echo/ks.yaml:7:7`,
      `dependsOn/namespace-mismatch@${apps}/network/external-dns/app/helmrelease.yaml:7:7`,
    ]);
    const byRule = Object.fromEntries(report.findings.map((finding) => [finding.rule, finding]));
    expect(byRule['dependsOn/unknown-target']!.fix).toBe('did you mean external-dns?');
    expect(byRule['graph/cycle']!.message).toBe('dependency cycle: Kustomization media/plex → Kustomization media/sonarr → Kustomization media/radarr → Kustomization media/plex; 5 more objects stall behind it: HelmRelease media/overseerr, HelmRelease media/plex, HelmRelease media/radarr, HelmRelease media/sonarr, Kustomization media/overseerr');
    expect(byRule['dependsOn/wrong-kind']!.fix).toBe('remove this item and put the dependency on the Kustomization that applies dragonfly (Kustomization database/dragonfly): dependsOn db-secrets there');
    expect(byRule['dependsOn/namespace-mismatch']!.fix).toBe('set namespace: cert-manager on this dependsOn item');
    expect(report.flux!.skipped).toEqual([
      { reason: 'Helm chart templates (rendered by Helm, not applied as written)', count: 1, example: 'kubernetes/charts/echo-server/templates' },
    ]);
    expect(report.cycles).toEqual([['Kustomization/media/plex', 'Kustomization/media/sonarr', 'Kustomization/media/radarr', 'Kustomization/media/plex']]);
    expect(report.summary).toMatchObject({ cycles: 1, errors: 4, warnings: 2 });
    expect(code).toBe(1);
  });

  it('paths narrow the audit, and --exclude leaves paths out', async () => {
    const root = fixture('repositories', 'home-ops');
    const network = await audit(root, ['kubernetes/apps/network', 'kubernetes/apps/cert-manager']);
    expect(network.keys).toEqual([
      'dependsOn/unknown-target@kubernetes/apps/network/echo/ks.yaml:7:7',
      'dependsOn/namespace-mismatch@kubernetes/apps/network/external-dns/app/helmrelease.yaml:7:7',
    ]);
    const excluded = await audit(root, ['--exclude', 'kubernetes/apps/media', '--exclude', 'kubernetes/apps/database/**']);
    expect(excluded.keys).toEqual([
      'dependsOn/unknown-target@kubernetes/apps/network/echo/ks.yaml:7:7',
      'dependsOn/namespace-mismatch@kubernetes/apps/network/external-dns/app/helmrelease.yaml:7:7',
    ]);
    expect(excluded.report.flux!.skipped.find((skip) => skip.reason === 'excluded by --exclude')?.count).toBe(2);
  });

  it('refuses a path that does not exist, and a mix of kit and repository options', async () => {
    const root = fixture('repositories', 'home-ops');
    const missing = await runCli(['check', 'kubernetes/apps/nope'], { cwd: root });
    expect(missing.stderr).toBe(`error: kubernetes/apps/nope does not exist (resolved against ${root}) — name files or directories of the repository\n`);
    expect(missing.code).toBe(3);
    const mixed = await runCli(['check', 'kubernetes', '--kit-dir', 'x'], { cwd: root });
    expect(mixed.stderr).toContain('use one or the other');
    expect(mixed.code).toBe(3);
  });

  it('says so when there is nothing to audit', async () => {
    const root = fixture('repositories', 'kustomize-helm-example', 'infrastructure', 'configs');
    const { code, stderr } = await runCli(['check', '--root', root], { cwd: root });
    expect(stderr).toBe('error: . no Flux object (HelmRelease, Kustomization, ResourceSet) and no bootstrap kit found under the root — run inside a Flux repository, pass --root DIR, or name the paths to audit\n');
    expect(code).toBe(3);
  });
});
