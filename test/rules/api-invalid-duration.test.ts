import rule from '../../src/rules/api-invalid-duration.js';
import { fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

// A trial's probe (mfamador/gitops-demo-multitenant): `interval: 10m0` passed, where the CRD's pattern rejects it.
ruleTester(rule, {
  valid: [
    {
      name: 'durations with a unit after each number, and one a postBuild variable gives',
      repository: {
        'clusters/prod/infra.yaml': fluxKustomization('infra', [], '  timeout: 1h30m\n  retryInterval: 90s\n'),
        'clusters/prod/apps.yaml': fluxKustomization('apps').replace('interval: 10m', 'interval: ${APPS_INTERVAL}'),
        // A ResourceSet's template fills it per input, from a provider only the cluster knows: nothing generated here.
        'clusters/prod/rset.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSet\nmetadata:\n  name: tenants\n  namespace: flux-system\nspec:\n  inputsFrom:\n    - kind: ResourceSetInputProvider\n      name: tenants\n  resources:\n    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      metadata:\n        name: << inputs.tenant >>\n        namespace: flux-system\n      spec:\n        interval: << inputs.every >>\n        path: ./tenants\n        prune: true\n        sourceRef:\n          kind: GitRepository\n          name: flux-system\n',
        'tenants/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n',
      },
    },
  ],
  invalid: [{
    name: 'a Kustomization\'s interval with a number left without its unit, located at the value',
    repository: { 'clusters/prod/ops.yaml': fluxKustomization('ops').replace('interval: 10m', 'interval: 10m0') },
    findings: [{
      message: 'Kustomization flux-system/ops has spec.interval: 10m0, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the v1 and v2 CRDs\' pattern; an older API version fails in the controller), so ops is never reconciled, and what depends on it waits for ever',
      at: 'clusters/prod/ops.yaml:7:13',
      fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
    }],
  }, {
    name: 'a HelmRelease\'s timeout in bare seconds',
    repository: {
      'clusters/prod/apps.yaml': fluxKustomization('apps'),
      'apps/web.yaml': helmRelease('web').replace('spec:\n', 'spec:\n  timeout: 600\n'),
    },
    findings: [{
      message: 'HelmRelease flux-system/web has spec.timeout: 600, which is no duration Flux accepts (a number with a unit after each part, such as 10m or 1h30m): the API server rejects it (the v1 and v2 CRDs\' pattern; an older API version fails in the controller), so web is never reconciled, and what depends on it waits for ever',
      at: 'apps/web.yaml:7:12',
      fix: 'write it with a unit after each number (ms, s, m, h), such as 10m, 1h30m or 90s',
    }],
  }],
});
