import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/kustomization-copies-itself.js';
import type { Report } from '../../src/index.js';
import { runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';
import { fluxKustomization, kustomization, ruleTester } from '../rule-tester.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/**
 * brettinternet/homeops's shape (a trial's probe): flux-system syncs clusters/prod, where apps applies ./apps/storage,
 * whose kustomization lists tools/ks.yaml: Kustomization tools, with `spec` (its targetNamespace, say), applies `path`.
 */
const storage = (path: string, spec: string, extra: Record<string, string> = {}, metadata = '', namespaced = true) => ({
  'clusters/prod/flux-system.yaml': fluxKustomization('flux-system').replace('path: ./flux-system', 'path: ./clusters/prod'),
  'clusters/prod/apps.yaml': fluxKustomization('apps').replace('path: ./apps', 'path: ./apps/storage'),
  'apps/storage/kustomization.yaml': kustomization(['./tools/ks.yaml']),
  'apps/storage/tools/ks.yaml': fluxKustomization('tools', [], spec).replace('path: ./tools', `path: ${path}`)
    .replace('  namespace: flux-system\n', `${namespaced ? '  namespace: flux-system\n' : ''}${metadata}`),
  'apps/storage/tools/app/cm.yaml': configMap('tools'),
  ...extra,
});

const FIX = 'point spec.path at the directory of what tools deploys, below apps/storage/tools (or leave apps/storage/tools/ks.yaml out of what it builds)';

ruleTester(rule, {
  valid: [
    { name: 'spec.path names the app directory beside the file', repository: storage('./apps/storage/tools/app', '  targetNamespace: rook-ceph\n') },
    // flux bootstrap's flux-system applies its own directory on purpose: the same object again.
    { name: 'a Kustomization that applies its own file unchanged (no targetNamespace, no prefix)', repository: storage('./apps/storage/tools', '') },
    {
      name: 'its directory\'s kustomization leaves its own file out',
      repository: storage('./apps/storage/tools', '  targetNamespace: rook-ceph\n', { 'apps/storage/tools/kustomization.yaml': kustomization(['./app/cm.yaml']) }),
    },
    // What Flux never makes is no copy (a review's probes).
    { name: 'the Kustomization is suspended', repository: storage('./apps/storage/tools', '  targetNamespace: rook-ceph\n  suspend: true\n') },
    {
      name: 'its file is excluded from the apply (kustomize.toolkit.fluxcd.io/reconcile: disabled)',
      repository: storage('./apps/storage/tools', '  targetNamespace: rook-ceph\n', {}, '  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n'),
    },
    {
      name: 'the copy would have no namespace (kustomize-controller\'s apply refuses it): the file writes none, the parent kustomization gives it',
      repository: storage('./apps/storage/tools', '', { 'apps/storage/kustomization.yaml': `${kustomization(['./tools/ks.yaml'])}namespace: flux-system\n` }, '', false),
    },
  ],
  invalid: [
    {
      name: 'targetNamespace moves the copy of its own file: a second Kustomization, whose sourceRef is looked up there',
      repository: storage('./apps/storage/tools', '  targetNamespace: rook-ceph\n'),
      findings: [{
        message: 'Kustomization flux-system/tools applies its own file: spec.path ./apps/storage/tools holds apps/storage/tools/ks.yaml, and its targetNamespace rook-ceph puts the copy in rook-ceph, so Flux creates a second Kustomization rook-ceph/tools that builds the same path again (its sourceRef GitRepository flux-system, written without a namespace, is looked up in rook-ceph)',
        at: 'apps/storage/tools/ks.yaml:8:9',
        fix: FIX,
      }],
    },
    {
      name: 'the kustomization of its path moves the copy (namespace:), where the file itself is applied from above as written',
      repository: storage('./apps/storage/tools', '', {
        'apps/storage/tools/kustomization.yaml': `${kustomization(['./ks.yaml', './app/cm.yaml'])}namespace: rook-ceph\n`,
      }),
      findings: [{
        message: 'Kustomization flux-system/tools applies its own file: spec.path ./apps/storage/tools holds apps/storage/tools/ks.yaml, and the build of its path puts the copy in rook-ceph (a kustomization\'s namespace:), so Flux creates a second Kustomization rook-ceph/tools that builds the same path again (its sourceRef GitRepository flux-system, written without a namespace, is looked up in rook-ceph)',
        at: 'apps/storage/tools/ks.yaml:8:9',
        fix: FIX,
      }],
    },
    {
      name: 'a namePrefix renames the copy (the sourceRef, in the same namespace, resolves)',
      repository: storage('./apps/storage/tools', '  namePrefix: ceph-\n'),
      findings: [{
        message: 'Kustomization flux-system/tools applies its own file: spec.path ./apps/storage/tools holds apps/storage/tools/ks.yaml, and its namePrefix names the copy ceph-tools, so Flux creates a second Kustomization flux-system/ceph-tools that builds the same path again',
        at: 'apps/storage/tools/ks.yaml:8:9',
        fix: FIX,
      }],
    },
  ],
});

describe('kustomization/copies-itself beside the copy\'s own findings', () => {
  it('the copy\'s dependsOn item, resolved in the copy\'s namespace, points at this rule and at the spec.path to fix, not at the item', async () => {
    const root = repositoryOf(storage('./apps/storage/tools', '  targetNamespace: rook-ceph\n', {
      'apps/storage/kustomization.yaml': kustomization(['./tools/ks.yaml', './cluster.yaml']),
      'apps/storage/cluster.yaml': fluxKustomization('ceph-cluster').replace('path: ./ceph-cluster', 'path: ./apps/storage/tools/app'),
      'apps/storage/tools/ks.yaml': fluxKustomization('tools', ['ceph-cluster'], '  targetNamespace: rook-ceph\n').replace('path: ./tools', 'path: ./apps/storage/tools'),
    }));
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'kustomization/copies-itself@apps/storage/tools/ks.yaml:8:9',
      'dependsOn/namespace-mismatch@apps/storage/tools/ks.yaml:15:7',
    ]);
    const mismatch = report.findings[1]!;
    expect(mismatch.message).toMatch(/; Kustomization rook-ceph\/tools is the copy that Kustomization flux-system\/tools makes of its own file \(kustomization\/copies-itself\)$/);
    expect(mismatch.fix).toBe('point spec.path of Kustomization flux-system/tools at the directory of what it deploys: this copy, and its dependsOn, are then gone');
    expect(result.code).toBe(1);
  });
});
