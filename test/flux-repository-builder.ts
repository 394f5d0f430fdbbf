import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from './helpers.js';

/** A repository with no bootstrap kit: three HelmReleases, a cycle and a typo. */
export function repositoryWithoutKit(): string {
  const root = temporaryDirectory();
  mkdirSync(join(root, 'apps'));
  const release = (name: string, dependsOn: string[]) => [
    'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', `  name: ${name}`, '  namespace: apps', 'spec:', '  interval: 5m',
    '  dependsOn:', ...dependsOn.map((dependency) => `    - name: ${dependency}`), '  chart:', '    spec:', `      chart: ${name}`, '',
  ].join('\n');
  writeFileSync(join(root, 'apps', 'releases.yaml'), [release('podinfo', ['redis']), release('redis', ['podinfo']), release('web', ['redis', 'redsi'])].join('---\n'));
  return root;
}
