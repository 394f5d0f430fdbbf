import { describe, expect, it } from 'vitest';
import { ruleMeta } from '../../src/rules/index.js';
import { runCli } from '../helpers.js';
import { repositoryOf } from '../repo-builder.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const withItem = (item: string) => ({
  '01-bp-cilium.yaml': helmRelease('bp-cilium'),
  '02-bp-flux.yaml': helmRelease('bp-flux').replace('spec:\n', `spec:\n  dependsOn:\n    - name: bp-cilium\n${item}`),
});
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]);

ruleTester(ruleMeta('dependsOn/unknown-key')!, {
  valid: [{ name: 'name and namespace', kit: withItem('      namespace: flux-system\n'), expected }],
  invalid: [{
    name: 'a misspelt namespace, located at the key, with did-you-mean',
    kit: withItem('      namepsace: flux-system\n'),
    expected,
    findings: [{ message: 'dependsOn item has the key "namepsace", which Flux does not know: the API server refuses the object (Flux applies it server-side, and the CRD declares no such field: "field not declared in schema")', at: '02-bp-flux.yaml:9:7', fix: 'did you mean namespace?' }],
  }],
});

// A trial's probe: the key was said to be "dropped when the object is applied". Flux applies with server-side apply,
// which refuses a field the CRD does not declare ("failed to create typed patch object: .spec.forceUpgrade: field not
// declared in schema", hmcts/sds-flux-config): the applying Kustomization's whole apply fails, and nothing installs.
describe('dependsOn/unknown-key in a repository', () => {
  it('fails the apply of the Kustomization that applies the object: named in the finding, never installed in order', async () => {
    const root = repositoryOf({
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/db.yaml': helmRelease('db'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  dependsOn:\n    - name: db\n      namepsace: default\n'),
    });
    const check = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(check.stdout) as { findings: { rule: string; severity: string; message: string; file: string; line: number; column: number }[] };
    expect(report.findings.map((finding) => [`${finding.rule}@${finding.file}:${finding.line}:${finding.column}`, finding.severity])).toEqual([['dependsOn/unknown-key@apps/web.yaml:9:7', 'error']]);
    expect(report.findings[0]!.message).toContain('; Kustomization flux-system/apps, which applies it, fails its apply on it');
    expect(check.code).toBe(1);
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { neverInstalled: string[] };
    expect(order.neverInstalled).toEqual(['HelmRelease/flux-system/db', 'HelmRelease/flux-system/web', 'Kustomization/flux-system/apps']);
  });

  it('an object the apply skips (reconcile: disabled) fails no apply: still reported, its applier installs', async () => {
    // A review's probe: fluxcd/pkg's ssa skips such an object before the dry-run, as api/removed-version's already knew.
    const root = repositoryOf({
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/db.yaml': helmRelease('db'),
      'apps/web.yaml': helmRelease('web').replace('metadata:\n', 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n')
        .replace('spec:\n', 'spec:\n  dependsOn:\n    - name: db\n      namepsace: default\n'),
    });
    const report = JSON.parse((await runCli(['check', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { findings: { rule: string; message: string }[] };
    expect(report.findings.map((finding) => finding.rule)).toEqual(['dependsOn/unknown-key']);
    expect(report.findings[0]!.message).not.toContain('fails its apply');
    const order = JSON.parse((await runCli(['order', '--root', root, '--format', 'json'], { cwd: root })).stdout) as { levels: string[][] };
    expect(order.levels.flat()).toEqual(expect.arrayContaining(['Kustomization/flux-system/apps', 'HelmRelease/flux-system/db']));
  });
});
