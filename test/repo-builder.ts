import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXPECTED, KIT, temporaryDirectory } from './helpers.js';

/** A HelmRelease slot file as text, in the shape real kits use. */
export function helmReleaseYaml(name: string, dependsOn: string[] = [], extra = ''): string {
  const deps = dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dep) => `    - name: ${dep}\n`).join('')}` : '';
  return [
    `# ${name}`,
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    `  name: ${name}`,
    '  namespace: flux-system',
    `${extra}spec:`,
    '  interval: 15m',
    `${deps}  chart:`,
    '    spec:',
    `      chart: ${name}`,
    '',
  ].join('\n');
}

export const BASE_KIT: Record<string, string> = {
  '01-bp-cilium.yaml': helmReleaseYaml('bp-cilium'),
  '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-cilium']),
};

export const BASE_EXPECTED = [
  'slots:',
  '  - slot: 1',
  '    name: bp-cilium',
  '    depends_on: []',
  '    wave: present',
  '  - slot: 2',
  '    name: bp-cert-manager',
  '    depends_on: [bp-cilium]',
  '    wave: present',
  '',
].join('\n');

export function kustomizationYaml(files: string[]): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((file) => `  - ${file}\n`).join('')}`;
}

/**
 * Writes a small repository into a temp dir: the base kit and expected DAG,
 * with `kit` entries replacing or adding slot files (null deletes one).
 */
export function buildRepo(options: { kit?: Record<string, string | Buffer | null>; expected?: string | Buffer | null; kustomization?: string | null } = {}): string {
  const root = temporaryDirectory();
  const kit: Record<string, string | Buffer> = { ...BASE_KIT };
  for (const [name, content] of Object.entries(options.kit ?? {})) {
    if (content === null) delete kit[name];
    else kit[name] = content;
  }
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  mkdirSync(join(root, KIT), { recursive: true });
  for (const [name, content] of Object.entries(kit)) write(`${KIT}/${name}`, content);
  const kustomization = options.kustomization === undefined ? kustomizationYaml(Object.keys(kit).sort()) : options.kustomization;
  if (kustomization !== null) write(`${KIT}/kustomization.yaml`, kustomization);
  const expected = options.expected === undefined ? BASE_EXPECTED : options.expected;
  if (expected !== null) write(EXPECTED, expected);
  return root;
}

/** Writes `text` to `path` under `root`, making its directories. */
export const fileWriter = (root: string) => (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

/** A repository of the given files (path from the root → text), in a new temporary directory. */
export function repositoryOf(files: Record<string, string>): string {
  const root = temporaryDirectory();
  const write = fileWriter(root);
  for (const [path, text] of Object.entries(files)) write(path, text);
  return root;
}
