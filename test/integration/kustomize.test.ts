// Differential test against the real kustomize: the HelmReleases the audit
// sees (namespace/name and dependsOn items) must be exactly what
// `kustomize build` (or `kubectl kustomize`) produces, for kits read
// statically and for kits built because their kustomization transforms objects.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findKustomize } from '../../src/load/kustomize-build.js';
import { loadRepository } from '../../src/load/repository.js';
import { fixture } from '../helpers.js';
import { KIT, kitCases, writeCase } from '../kit-model-cases.js';

const kustomize = findKustomize();
if (!kustomize) console.warn('skipping the kustomize differential test: neither kustomize nor kubectl is on PATH');

interface ReleaseView { id: string; dependsOn: string[] }

function describeItems(items: { name: string; namespace?: string }[] | undefined): string[] {
  return (items ?? []).map((item) => `${item.namespace ?? ''}/${item.name}`).sort();
}

function kustomizeReleases(kitDir: string): ReleaseView[] {
  const run = spawnSync(kustomize!.command, [...kustomize!.args, kitDir], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as { apiVersion?: string; kind?: string; metadata?: { name: string; namespace?: string }; spec?: { dependsOn?: { name: string; namespace?: string }[] } } | null)
    .filter((object) => object?.kind === 'HelmRelease' && object.apiVersion?.startsWith('helm.toolkit.fluxcd.io/'))
    .map((object) => ({ id: `${object!.metadata!.namespace ?? ''}/${object!.metadata!.name}`, dependsOn: describeItems(object!.spec?.dependsOn) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function auditedReleases(root: string, kitDir?: string): Promise<ReleaseView[]> {
  const repository = await loadRepository({ root, cwd: root, ...(kitDir ? { kitDir } : {}) });
  return repository.helmReleases
    .map((release) => ({ id: `${release.namespace ?? ''}/${release.name}`, dependsOn: describeItems(release.dependsOn) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe.skipIf(!kustomize)(`the audited HelmReleases are what ${kustomize?.name ?? 'kustomize'} builds (skipped without kustomize or kubectl)`, () => {
  for (const kitCase of kitCases.filter((candidate) => candidate.exitCode !== 3 && candidate.files[`${KIT}/kustomization.yaml`])) {
    it(`${kitCase.needsKustomize ? 'built' : 'read statically'}: ${kitCase.name}`, async () => {
      const root = writeCase(kitCase);
      expect(await auditedReleases(root)).toEqual(kustomizeReleases(join(root, KIT)));
    });
  }

  it('read statically: the embedded default (fixtures/sovereign)', async () => {
    const root = fixture('sovereign');
    expect(await auditedReleases(root)).toEqual(kustomizeReleases(join(root, KIT)));
  });

  for (const cluster of ['_template', 'alpha', 'beta', 'gamma']) {
    it(`read statically: fixtures/clusters, ${cluster}`, async () => {
      const root = fixture('clusters');
      const kitDir = join(root, 'clusters', cluster, 'bootstrap-kit');
      expect(await auditedReleases(root, kitDir)).toEqual(kustomizeReleases(kitDir));
    });
  }
});
