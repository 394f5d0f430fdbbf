// A Kustomization's postBuild.substituteFrom, where the repository writes the ConfigMap it reads: its values
// name what the Kustomization applies (a path, a namespace, a dependsOn item), as kustomize-controller
// substitutes them in the cluster (after vtmocanu/flux-fleet: flux-runtime-info's ENVIRONMENT in a path).
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { hasCommand, runCli } from './helpers.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');
import { repositoryOf } from './repo-builder.js';

async function audit(root: string) {
  const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
  const report = JSON.parse(result.stdout) as Report;
  const keys = report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`);
  return { ...result, report, keys, placed: report.flux!.order.flat() };
}

const fluxKustomization = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ${path}\n  prune: true\n  wait: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
const helmRelease = (name: string, namespace?: string, dependsOn: string[] = []) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  interval: 1h\n${dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency.split('/').pop()}\n${dependency.includes('/') ? `      namespace: ${dependency.split('/')[0]}\n` : ''}`).join('')}` : ''}  chart:\n    spec:\n      chart: ${name}\n`;
const configMap = (name: string, namespace: string | undefined, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n${Object.entries(data).map(([key, value]) => `  ${key}: ${value}\n`).join('')}`;
const substituteFrom = (...names: string[]) => `  postBuild:\n    substituteFrom:\n${names.map((name) => `      - kind: ConfigMap\n        name: ${name}\n`).join('')}`;

/** The cluster syncs clusters/staging; infra reads runtime-info and applies cert-manager, whose path names the environment. */
function environments(extra: Record<string, string> = {}, infraPostBuild = substituteFrom('runtime-info')): Record<string, string> {
  return {
    'clusters/staging/sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
    'clusters/staging/infra.yaml': fluxKustomization('infra', './infra', infraPostBuild),
    'clusters/staging/apps.yaml': fluxKustomization('apps', './apps'),
    'clusters/staging/runtime-info.yaml': configMap('runtime-info', 'flux-system', { ENVIRONMENT: 'staging' }),
    'infra/cert-manager.yaml': fluxKustomization('cert-manager', './addons/cert-manager/${ENVIRONMENT}', '  targetNamespace: cert-manager\n'),
    'addons/cert-manager/staging/hr.yaml': helmRelease('cert-manager'),
    'addons/cert-manager/production/hr.yaml': helmRelease('cert-manager'),
    'apps/web.yaml': helmRelease('web', 'default', ['cert-manager/cert-manager']),
    ...extra,
  };
}

describe('postBuild.substituteFrom of a ConfigMap the repository writes', () => {
  it('gives its values: the path a Kustomization applies is followed, and what it applies placed and ordered', async () => {
    const { code, keys, placed, report } = await audit(repositoryOf(environments()));
    expect(keys).toEqual([]);
    expect(report.flux!.objects).toEqual({ HelmRelease: 2, Kustomization: 4, ResourceSet: 0 });
    expect(placed).toEqual([
      'Kustomization/flux-system/flux-system', 'Kustomization/flux-system/apps', 'Kustomization/flux-system/infra',
      'Kustomization/flux-system/cert-manager', 'HelmRelease/cert-manager/cert-manager', 'HelmRelease/default/web',
    ]);
    expect(code).toBe(0);
    // The items written in flow style, on the key's line or as the list's items (a last read's remark: they were not read).
    // And list items at the key's own indentation (a review's probe).
    for (const postBuild of [
      '  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: runtime-info}]\n', '  postBuild:\n    substituteFrom:\n      - {kind: ConfigMap, name: runtime-info}\n',
      '  postBuild:\n    substituteFrom:\n    - kind: ConfigMap\n      name: runtime-info\n',
    ]) {
      expect((await audit(repositoryOf(environments({}, postBuild)))).placed).toContain('HelmRelease/cert-manager/cert-manager');
    }
  });

  it('a dependsOn item its values name is judged: a typo is reported', async () => {
    const { code, keys, report } = await audit(repositoryOf(environments({
      'infra/issuer.yaml': helmRelease('issuer', 'cert-manager', ['${CERT_MANAGER}']),
      'clusters/staging/runtime-info.yaml': configMap('runtime-info', 'flux-system', { ENVIRONMENT: 'staging', CERT_MANAGER: 'cert-mananger' }),
    })));
    expect(keys).toEqual(['dependsOn/unknown-target@infra/issuer.yaml:9:7']);
    expect(report.findings[0]!.fix).toBe('did you mean cert-manager? (${CERT_MANAGER} comes from clusters/staging/runtime-info.yaml)');
    expect(code).toBe(1);
  });

  it('a ConfigMap written in the same file as Flux objects counts, and so does the namespace its kustomization gives it', async () => {
    const sameFile = environments({
      'clusters/staging/runtime-info.yaml': configMap('runtime-info', undefined, { ENVIRONMENT: 'staging' }),
      'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\n  - runtime-info.yaml\n',
    });
    expect((await audit(repositoryOf(sameFile))).placed).toContain('HelmRelease/cert-manager/cert-manager');
    const { 'clusters/staging/runtime-info.yaml': own, ...rest } = environments();
    const together = { ...rest, 'clusters/staging/infra.yaml': `${rest['clusters/staging/infra.yaml']}---\n${own}` };
    expect((await audit(repositoryOf(together))).placed).toContain('HelmRelease/cert-manager/cert-manager');
  });

  it('where clusters each write their copy, a Kustomization reads the copy nearest its file: each cluster applies its own path', async () => {
    const cluster = (name: string) => ({
      [`clusters/${name}/sync.yaml`]: fluxKustomization('flux-system', `./clusters/${name}`),
      [`clusters/${name}/infra.yaml`]: fluxKustomization('infra', './infra', substituteFrom('runtime-info')),
      [`clusters/${name}/runtime-info.yaml`]: configMap('runtime-info', 'flux-system', { ENVIRONMENT: name }),
    });
    const { 'clusters/staging/apps.yaml': _apps, ...files } = environments({ ...cluster('staging'), ...cluster('production') });
    const root = repositoryOf(files);
    const { code, keys } = await audit(root);
    expect(keys).toEqual([]);
    expect(code).toBe(0);
    const explained = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4', 'addons/cert-manager/staging/hr.yaml:4'] });
  });

  it('gives nothing where the nearest copies disagree (a Kustomization both clusters share), or none is in the Kustomization\'s namespace', async () => {
    const shared = (name: string) => ({
      [`clusters/${name}/sync.yaml`]: fluxKustomization('flux-system', `./clusters/${name}`),
      [`clusters/${name}/kustomization.yaml`]: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n  - runtime-info.yaml\n  - ../../shared\n',
      [`clusters/${name}/runtime-info.yaml`]: configMap('runtime-info', 'flux-system', { ENVIRONMENT: name }),
    });
    const { 'clusters/staging/apps.yaml': _apps, 'clusters/staging/infra.yaml': infra, ...rest } = environments();
    for (const files of [
      { ...rest, ...shared('staging'), ...shared('production'), 'shared/infra.yaml': infra!, 'shared/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - infra.yaml\n' },
      environments({ 'clusters/staging/runtime-info.yaml': configMap('runtime-info', 'default', { ENVIRONMENT: 'staging' }) }),
      environments({}, '  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: runtime-info\n'),
    ]) {
      const { code, keys, placed } = await audit(repositoryOf(files));
      // As before the values were read: the path is not known, and what it may apply is not judged.
      expect(placed).not.toContain('HelmRelease/cert-manager/cert-manager');
      expect(keys).toEqual([]);
      expect(code).toBe(0);
    }
  });

  it('a later item wins over an earlier one, and spec.postBuild.substitute over both', async () => {
    const later = environments({ 'clusters/staging/overrides.yaml': configMap('overrides', 'flux-system', { ENVIRONMENT: 'production' }) }, substituteFrom('runtime-info', 'overrides'));
    const laterRoot = repositoryOf(later);
    expect((await audit(laterRoot)).placed).toContain('HelmRelease/cert-manager/cert-manager');
    const explained = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', laterRoot, '--format', 'json'], { cwd: laterRoot });
    expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4'] });
    const literal = environments({}, `${substituteFrom('runtime-info')}    substitute:\n      ENVIRONMENT: production\n`);
    const root = repositoryOf(literal);
    const explainedLiteral = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', root, '--format', 'json'], { cwd: root });
    expect(JSON.parse(explainedLiteral.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4'] });
  });

  it('reaches a ResourceSet\'s inputs: a Kustomization it generates applies the path its input names', async () => {
    const { code, keys, placed } = await audit(repositoryOf({
      'clusters/staging/sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
      'clusters/staging/runtime-info.yaml': configMap('flux-runtime-info', 'flux-system', { ENVIRONMENT: 'staging' }),
      'clusters/staging/tenants.yaml': fluxKustomization('tenants', './tenants', substituteFrom('flux-runtime-info')),
      'tenants/addons.yaml': [
        'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: addons', '  namespace: flux-system', 'spec:',
        '  inputs:', '    - tenant: cert-manager', '      environment: "${ENVIRONMENT}"', '  resources:',
        '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      metadata:', '        name: << inputs.tenant >>', '        namespace: flux-system',
        '      spec:', '        targetNamespace: << inputs.tenant >>', '        interval: 30m', '        prune: true', '        wait: true',
        '        sourceRef:', '          kind: GitRepository', '          name: flux-system', '        path: "./addons/<< inputs.tenant >>/<< inputs.environment >>"', '',
      ].join('\n'),
      'addons/cert-manager/staging/hr.yaml': helmRelease('cert-manager'),
      'addons/cert-manager/production/hr.yaml': helmRelease('cert-manager'),
    }));
    expect(keys).toEqual([]);
    expect(placed).toContain('HelmRelease/cert-manager/cert-manager');
    // (Unplaced, the copy read as written had no namespace: HelmRelease//cert-manager.)
    expect(placed).not.toContain('HelmRelease//cert-manager');
    expect(code).toBe(0);
  });

  it('a Kustomization a ResourceSet generates reads its own substituteFrom, in resources and in resourcesTemplate', async () => {
    const template = (indent: string) => [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: << inputs.tenant >>', '  namespace: flux-system',
      'spec:', '  targetNamespace: << inputs.tenant >>', '  interval: 30m', '  prune: true', '  wait: true',
      '  sourceRef:', '    kind: GitRepository', '    name: flux-system', '  path: "./addons/<< inputs.tenant >>"',
      '  postBuild:', '    substituteFrom:', '      - kind: ConfigMap', '        name: flux-runtime-info', '',
    ].map((line) => (line === '' ? line : `${indent}${line}`)).join('\n');
    const resourceSet = (body: string) => `apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: addons\n  namespace: flux-system\nspec:\n  inputs:\n    - tenant: cert-manager\n${body}`;
    for (const body of [`  resources:\n${template('      ').replace('      apiVersion', '    - apiVersion')}`, `  resourcesTemplate: |\n${template('    ')}`]) {
      const { code, keys, placed } = await audit(repositoryOf({
        'clusters/staging/sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
        'clusters/staging/runtime-info.yaml': configMap('flux-runtime-info', 'flux-system', { ENVIRONMENT: 'staging' }),
        'clusters/staging/addons.yaml': resourceSet(body),
        'addons/cert-manager/hr.yaml': helmRelease('cert-manager-${ENVIRONMENT}'),
      }));
      expect(keys).toEqual([]);
      expect(placed).toContain('HelmRelease/cert-manager/cert-manager-staging');
      expect(code).toBe(0);
    }
  });

  it('a Secret written here after the ConfigMap (SOPS: its keys readable) sets its keys only: the ConfigMap\'s other values stand', async () => {
    // A trial's probe (shamubernetes/home-k8s): cluster-secrets after cluster-settings made every value unknown, and a
    // `${KS_NAMESPACE}` that cluster-settings gives stayed a variable: 7 false namespace-mismatch errors.
    const secretAfter = `  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: runtime-info\n      - kind: Secret\n        name: runtime-secrets\n`;
    const secret = (keys: string[]) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: runtime-secrets\n  namespace: flux-system\nstringData:\n${keys.map((key) => `  ${key}: ENC[AES256_GCM,data:AAAA,type:str]\n`).join('')}sops:\n  version: 3.8.1\n`;
    const other = await audit(repositoryOf(environments({ 'clusters/staging/runtime-secrets.sops.yaml': secret(['SECRET_DOMAIN']) }, secretAfter)));
    expect(other.placed).toContain('HelmRelease/cert-manager/cert-manager');
    expect(other.keys).toEqual([]);
    // The Secret sets ENVIRONMENT too: its value, not known here, wins, and the path stays the cluster's to substitute.
    const same = await audit(repositoryOf(environments({ 'clusters/staging/runtime-secrets.sops.yaml': secret(['ENVIRONMENT']) }, secretAfter)));
    expect(same.placed).not.toContain('HelmRelease/cert-manager/cert-manager');
    expect(same.keys).toEqual([]);
    // A review's probe: a patch (or a secretGenerator) may give the Secret keys its file lacks: its keys are then not known.
    const patched = await audit(repositoryOf(environments({
      'clusters/staging/runtime-secrets.sops.yaml': secret(['SECRET_DOMAIN']),
      'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\n  - runtime-info.yaml\n  - runtime-secrets.sops.yaml\npatches:\n  - target: {kind: Secret, name: runtime-secrets}\n    patch: |\n      - op: add\n        path: /stringData/ENVIRONMENT\n        value: production\n',
    }, secretAfter)));
    expect(patched.placed).not.toContain('HelmRelease/cert-manager/cert-manager');
  });

  it('a dependsOn target whose namespace still holds a variable is not said to live in another namespace', async () => {
    // The same probe, where the value is not known: "lives in ${KS_NAMESPACE}", with the fix "set namespace: ${KS_NAMESPACE}".
    const { code, keys } = await audit(repositoryOf({
      'clusters/staging/sync.yaml': fluxKustomization('flux-system', './clusters/staging'),
      'clusters/staging/apps.yaml': fluxKustomization('apps', './apps', substituteFrom('runtime-info')),
      'apps/operator.yaml': fluxKustomization('operator', './operator').replace('namespace: flux-system', 'namespace: "${KS_NAMESPACE}"'),
      'operator/hr.yaml': helmRelease('operator', 'default'),
      'apps/instance.yaml': fluxKustomization('instance', './operator', '  dependsOn:\n    - name: operator\n'),
    }));
    expect(keys).toEqual([]);
    expect(code).toBe(0);
  });

  it('gives nothing a later source not known here may set: a Secret after the ConfigMap, a ConfigMap a build changes, a copy nothing applies', async () => {
    const secretAfter = `  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: runtime-info\n      - kind: Secret\n        name: runtime-secrets\n`;
    for (const files of [
      // kustomize-controller merges the items in order: the Secret's ENVIRONMENT, if it has one, wins.
      environments({}, secretAfter),
      // A patch of the ConfigMap (or a generator merging into it) gives the cluster other data than the file.
      environments({
        'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\n  - runtime-info.yaml\npatches:\n  - patch: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: runtime-info\n        namespace: flux-system\n      data:\n        ENVIRONMENT: production\n',
      }),
      environments({
        'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\n  - runtime-info.yaml\nconfigMapGenerator:\n  - name: runtime-info\n    namespace: flux-system\n    behavior: merge\n    literals:\n      - ENVIRONMENT=production\n',
      }),
    ]) {
      const { code, keys, placed } = await audit(repositoryOf(files));
      expect(placed).not.toContain('HelmRelease/cert-manager/cert-manager');
      expect(keys).toEqual([]);
      expect(code).toBe(0);
    }
    // A copy that the Kustomization applying it moves to another namespace (targetNamespace) is not flux-system's.
    const moved = await audit(repositoryOf(environments({
      'clusters/staging/settings.yaml': fluxKustomization('settings', './settings', '  targetNamespace: settings\n'),
      'clusters/staging/runtime-info.yaml': '# moved to ./settings\n',
      'settings/runtime-info.yaml': configMap('runtime-info', 'flux-system', { ENVIRONMENT: 'staging' }),
    })));
    expect(moved.placed).not.toContain('HelmRelease/cert-manager/cert-manager');
    // The only copy in docs/, which nothing applies: no value, so no path-not-found for ./addons/cert-manager/docs.
    const { 'clusters/staging/runtime-info.yaml': _copy, ...rest } = environments();
    const documented = await audit(repositoryOf({ ...rest, 'docs/runtime-info.yaml': configMap('runtime-info', 'flux-system', { ENVIRONMENT: 'docs' }) }));
    expect(documented.keys).toEqual([]);
    expect(documented.placed).not.toContain('HelmRelease/cert-manager/cert-manager');
  });

  it('drops the line breaks of a value, as kustomize-controller does (a block scalar)', async () => {
    const { keys, placed } = await audit(repositoryOf(environments({ 'clusters/staging/runtime-info.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runtime-info\n  namespace: flux-system\ndata:\n  ENVIRONMENT: |\n    staging\n' })));
    expect(keys).toEqual([]);
    expect(placed).toContain('HelmRelease/cert-manager/cert-manager');
  });

  // A trial's probe (repro-3): the cluster's settings made by a configMapGenerator gave nothing, so the path stayed unknown.
  it.skipIf(!HAS_KUSTOMIZE)('a ConfigMap a configMapGenerator makes (literals, or an env file) gives its values, as the real kustomize builds it; a patch that names it still leaves it to the cluster (skipped without kustomize or kubectl)', async () => {
    const { 'clusters/staging/runtime-info.yaml': _written, ...rest } = environments();
    const generator = (source: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nconfigMapGenerator:\n  - name: runtime-info\n${source}generatorOptions:\n  disableNameSuffixHash: true\n`;
    for (const vars of [
      { 'clusters/staging/vars/kustomization.yaml': generator('    literals:\n      - ENVIRONMENT=production\n') },
      { 'clusters/staging/vars/kustomization.yaml': generator('    envs:\n      - settings.env\n'), 'clusters/staging/vars/settings.env': 'ENVIRONMENT=production\n' },
    ]) {
      const root = repositoryOf({ ...rest, ...vars });
      const { keys, code } = await audit(root);
      expect(keys).toEqual([]);
      expect(code).toBe(0);
      const explained = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', root, '--format', 'json'], { cwd: root });
      expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4'] });
    }
    // A trial's probe (david-driscoll/equestria-cluster): the generator in a Component, which the cluster's kustomization
    // takes in and gives its namespace. Built as a resource, kustomize refused it, and nothing was read.
    const component = repositoryOf({
      ...rest,
      'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\ncomponents:\n  - ../../components/settings\n',
      'components/settings/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nconfigMapGenerator:\n  - name: runtime-info\n    literals:\n      - ENVIRONMENT=production\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
    });
    expect((await audit(component)).keys).toEqual([]);
    const explained = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', component, '--format', 'json'], { cwd: component });
    expect(JSON.parse(explained.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4'] });
    // A review's probes: the generator's own directory, applied, keeps its copy where an overlay nothing applies also
    // takes it in; a component reached through a kustomization without a namespace takes the outer one's.
    const alsoIncluded = repositoryOf({
      ...rest,
      'clusters/staging/vars/kustomization.yaml': generator('    literals:\n      - ENVIRONMENT=production\n'),
      'overlays/unused/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../clusters/staging/vars\n',
    });
    expect((await audit(alsoIncluded)).placed).toContain('HelmRelease/cert-manager/cert-manager');
    const nested = repositoryOf({
      ...rest,
      'clusters/staging/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - sync.yaml\n  - infra.yaml\n  - apps.yaml\n  - config\n',
      'clusters/staging/config/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - ../../../components/settings\n',
      'components/settings/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nconfigMapGenerator:\n  - name: runtime-info\n    literals:\n      - ENVIRONMENT=production\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
    });
    const explainedNested = await runCli(['explain', 'HelmRelease/cert-manager/cert-manager', '--root', nested, '--format', 'json'], { cwd: nested });
    expect(JSON.parse(explainedNested.stdout)).toMatchObject({ definedAt: ['addons/cert-manager/production/hr.yaml:4'] });
    const patched = await audit(repositoryOf({
      ...rest,
      'clusters/staging/vars/kustomization.yaml': `${generator('    literals:\n      - ENVIRONMENT=production\n')}patches:\n  - target:\n      kind: ConfigMap\n      name: runtime-info\n    patch: |\n      - op: add\n        path: /data/EXTRA\n        value: x\n`,
    }));
    expect(patched.placed).not.toContain('HelmRelease/cert-manager/cert-manager');
  });
});
