import { describe, expect, it } from 'vitest';
import { SkipCounter } from '../src/load/flux-scan.js';

// What the repository scan passed over (the report's flux.skipped). Its reasons are added as the scan meets them,
// kustomize builds among them, which run together and finish in any order: the report must not follow that order.
describe('the scan\'s skipped list', () => {
  it('gives each reason its paths sorted, the first of them its example, whatever order they were met in', () => {
    const skips = new SkipCounter('/repo');
    for (const path of ['/repo/b/kustomization.yaml', '/repo/a/kustomization.yaml']) skips.add('build fails', path);
    skips.add('archived', '/repo/z.yaml', true);
    skips.add('build fails', '/repo/a/kustomization.yaml');
    expect(skips.list()).toEqual([
      { reason: 'archived', count: 1, example: 'z.yaml', paths: ['z.yaml'], incomplete: true },
      { reason: 'build fails', count: 3, example: 'a/kustomization.yaml', paths: ['a/kustomization.yaml', 'b/kustomization.yaml'] },
    ]);
  });
});
