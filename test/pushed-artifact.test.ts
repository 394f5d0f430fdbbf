// A repository Flux reads as an OCI artifact of itself (its CI runs `flux push artifact ... --path=./`): what its
// Kustomizations apply is this checkout's, below the pushed directory (a trial's probe, chadjvw/homelab-cosmere).
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { runCli } from './helpers.js';
import { repositoryOf } from './repo-builder.js';

const source = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: default\n  namespace: flux-system\nspec:\n  interval: 1m\n  ref:\n    tag: main\n  url: ${url}\n`;
const kustomization = (name: string, path: string, dependsOn?: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n${dependsOn ? `  dependsOn:\n    - name: ${dependsOn}\n` : ''}  interval: 10m\n  path: ${path}\n  prune: true\n  wait: true\n  sourceRef:\n    kind: OCIRepository\n    name: default\n`;
const workflow = (env: string, push: string) => `name: Publish\non: {push: {branches: [main]}}\n${env}jobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          ${push}\n`;

/** flux/ holds the OCIRepository and the Kustomizations infra (./infra) and apps (./apps, after infra), with `extra` files. */
function repository(extra: Record<string, string>, url = 'oci://ghcr.io/me/fleet/cluster'): string {
  return repositoryOf({
    'flux/source.yaml': source(url),
    'flux/infra.yaml': kustomization('infra', './infra'),
    'flux/apps.yaml': kustomization('apps', './apps', 'infra'),
    'infra/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo\n',
    'apps/podinfo.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: podinfo\n',
    ...extra,
  });
}

async function levels(root: string): Promise<string[][]> {
  const result = await runCli(['order', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
  return (JSON.parse(result.stdout) as { levels: string[][] }).levels;
}

const levelOf = (order: string[][], id: string) => order.findIndex((level) => level.includes(id));

describe('an OCIRepository this repository pushes of itself', () => {
  it('a workflow pushing its env address from ./: what apps applies comes after apps, and apps after infra', async () => {
    const root = repository({ '.github/workflows/publish.yaml': workflow('env:\n  OCI_REPO: "oci://ghcr.io/me/fleet/cluster"\n', 'flux push artifact $OCI_REPO:main \\\n            --path="./" \\\n            --source="$(git config --get remote.origin.url)"') });
    const order = await levels(root);
    expect(levelOf(order, 'HelmRelease/podinfo/podinfo')).toBe(levelOf(order, 'Kustomization/flux-system/apps') + 1);
    const explained = await runCli(['explain', 'HelmRelease/podinfo/podinfo', '--root', root], { cwd: root, env: process.env });
    expect(explained.stdout).toContain('  applied by       Kustomization flux-system/apps\n');
    const check = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root, env: process.env });
    expect((JSON.parse(check.stdout) as Report).findings).toEqual([]);
  });

  it('a Makefile pushing its variable\'s address, and a workflow naming it by github.repository', async () => {
    const fromMake = repository({ 'Makefile': 'REGISTRY ?= ghcr.io/me/fleet/cluster\n\npush:\n\tflux push artifact oci://$(REGISTRY):latest \\\n\t  --path=./ \\\n\t  --source=$(REPOSITORY)\n' });
    const order = await levels(fromMake);
    expect(levelOf(order, 'HelmRelease/podinfo/podinfo')).toBe(levelOf(order, 'Kustomization/flux-system/apps') + 1);
    const byRepository = repository({
      '.git/config': '[remote "origin"]\n\turl = https://github.com/me/fleet.git\n',
      '.github/workflows/publish.yml': workflow('', 'flux push artifact oci://ghcr.io/${{ github.repository }}/cluster:${{ github.sha }} --path=.'),
    });
    const pushed = await levels(byRepository);
    expect(levelOf(pushed, 'HelmRelease/podinfo/podinfo')).toBe(levelOf(pushed, 'Kustomization/flux-system/apps') + 1);
  });

  it('a Makefile variable made of another, and flags before the address (a review\'s probes)', async () => {
    for (const makefile of [
      'REGISTRY = ghcr.io/me/fleet\nIMAGE = $(REGISTRY)/cluster\n\npush:\n\tflux push artifact oci://$(IMAGE):latest --path=./\n',
      'push:\n\tflux push artifact --creds me:$(TOKEN) --provider generic oci://ghcr.io/me/fleet/cluster:latest --path=./\n',
    ]) {
      const order = await levels(repository({ 'Makefile': makefile }));
      expect(levelOf(order, 'HelmRelease/podinfo/podinfo')).toBe(levelOf(order, 'Kustomization/flux-system/apps') + 1);
    }
  });

  it('pushed from a directory: the Kustomizations\' paths are read below it', async () => {
    const root = repositoryOf({
      'Makefile': 'push:\n\tflux push artifact oci://ghcr.io/me/fleet:latest --path=./kubernetes\n',
      'kubernetes/flux/source.yaml': source('oci://ghcr.io/me/fleet'),
      'kubernetes/flux/apps.yaml': kustomization('apps', './apps'),
      'kubernetes/apps/podinfo.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: podinfo\n',
    });
    const order = await levels(root);
    expect(levelOf(order, 'HelmRelease/podinfo/podinfo')).toBe(levelOf(order, 'Kustomization/flux-system/apps') + 1);
  });

  it('not where the push is of another address, or of a directory a script stages: applied by none, as before', async () => {
    for (const root of [
      repository({ '.github/workflows/publish.yaml': workflow('', 'flux push artifact oci://ghcr.io/me/other:main --path=./') }),
      repository({ 'Justfile': 'oci := "oci://ghcr.io/me/fleet/cluster"\n\npush:\n    stage=$(mktemp -d)\n    flux push artifact "{{oci}}:latest" --path="$stage"\n' }),
      // A path relative to another directory: a step's working-directory, a cd before the push.
      repository({ '.github/workflows/publish.yaml': workflow('', 'flux push artifact oci://ghcr.io/me/fleet/cluster:main --path=./').replace('      - run: |', '      - working-directory: deploy\n        run: |') }),
      repository({ 'Makefile': 'push:\n\tcd deploy && flux push artifact oci://ghcr.io/me/fleet/cluster:latest --path=.\n' }),
      // (A review's probes.) A variable defined twice, per job or per step: which one a push sees is not read here.
      repository({ '.github/workflows/publish.yaml': workflow('env:\n  OCI_REPO: oci://ghcr.io/me/fleet/cluster\n', 'flux push artifact $OCI_REPO:main --path=./').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    env:\n      OCI_REPO: oci://ghcr.io/me/fleet/dev\n') }),
      // Paths left out of the artifact, a push in a comment, an address the flux CLI refuses (no oci://).
      repository({ 'Makefile': 'push:\n\tflux push artifact oci://ghcr.io/me/fleet/cluster:latest --path=./ --ignore-paths="apps/"\n' }),
      repository({ 'Makefile': 'push:\n\t# flux push artifact oci://ghcr.io/me/fleet/cluster:latest --path=./\n' }),
      repository({ 'Makefile': 'push:\n\tflux push artifact ghcr.io/me/fleet/cluster:latest --path=./\n' }, 'ghcr.io/me/fleet/cluster'),
    ]) {
      const order = await levels(root);
      expect(levelOf(order, 'HelmRelease/podinfo/podinfo')).toBe(0);
    }
  });
});
