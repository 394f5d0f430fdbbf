import { appliedParts } from './applied-files.js';
import type { ScannedTree } from './flux-build.js';
import { listItems } from './flux-object.js';
import { REMOTE_ENTRY } from './kustomization.js';
import { parseYamlText, readYamlText } from './yaml-file.js';
import { mapValue, scalarString } from './yaml-tree.js';

// kustomize-controller applies a build in stages (fluxcd/pkg ssa's ApplyAllStaged): CustomResourceDefinitions,
// Namespaces and ClusterRoles first, then the kinds whose name ends in Class, and it waits for each of those
// stages to be ready (WaitForSet) whatever spec.wait says; only the rest is applied without waiting. So a
// Kustomization that applies nothing else (an app's Namespace, a CRD bundle) is Ready when what it applies is:
// wait: true would change nothing for what depends on it. Nor would it for what is ready once it exists (a
// ConfigMap, a Secret, RBAC bindings: READY_ON_APPLY), beside those stages or alone.

/** Whether an object is of a kind kustomize-controller applies in a stage it waits for (fluxcd/pkg ssa/utils/is.go). */
export function isWaitedStage(apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion === undefined || kind === undefined) return false;
  const lower = kind.toLowerCase();
  return (lower === 'customresourcedefinition' && apiVersion.startsWith('apiextensions.k8s.io/'))
    || (lower === 'namespace' && apiVersion === 'v1')
    || (lower === 'clusterrole' && apiVersion.startsWith('rbac.authorization.k8s.io/'))
    || kind.endsWith('Class');
}

/**
 * Kinds that hold configuration and run nothing: ready once they exist. kstatus (what kustomize-controller's wait and
 * healthChecks read, sigs.k8s.io/cli-utils) has no status logic for them and no controller writes conditions on them,
 * so it calls them Current as soon as they are applied: wait: true would wait for nothing. By API group (`''` is the
 * core group) and kind. A custom resource in general is not one: its controller may still be at work (an ExternalSecret
 * whose Secret is not yet made); Multus's NetworkAttachmentDefinition is, read by the CNI only when a pod starts.
 */
const READY_ON_APPLY = new Map<string, ReadonlySet<string>>([
  ['', new Set(['ConfigMap', 'Secret', 'ServiceAccount', 'LimitRange', 'ResourceQuota'])],
  ['rbac.authorization.k8s.io', new Set(['Role', 'RoleBinding', 'ClusterRoleBinding'])],
  ['networking.k8s.io', new Set(['NetworkPolicy'])],
  ['admissionregistration.k8s.io', new Set(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'])],
  ['k8s.cni.cncf.io', new Set(['NetworkAttachmentDefinition'])],
]);

/** Whether an object is of a kind that is ready once it exists (see READY_ON_APPLY). */
export function isReadyOnApply(apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion === undefined || kind === undefined) return false;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return READY_ON_APPLY.get(group)?.has(kind) ?? false;
}

/**
 * Fields that may add objects that are not in the files the tree lists (a chart, a component's resources, a plugin's
 * output). A configMapGenerator or secretGenerator adds a ConfigMap or a Secret: ready once it exists.
 */
const ADDING_FIELDS = new Set([
  'bases', 'components', 'generators', 'transformers', 'helmCharts', 'helmChartInflationGenerator',
]);

/**
 * What a Flux Kustomization's spec.path applies, for the stages kustomize-controller waits for by itself: `true`
 * where everything it applies is known and either of the waited stages or ready once it exists (a Kustomization of
 * the ConfigMap a postBuild.substituteFrom reads), one object at least; `{ remote }` where all of it that is read is
 * so, and the rest is remote resources this tool does not fetch (a CRD bundle by URL: Gateway API's, an upstream
 * project's); `false` otherwise, and in doubt: a resource that is missing or outside the root, a field that may add
 * objects, a file that does not parse (a bundle of CRDs is read by the yaml package where the fast parser declines
 * it: their descriptions).
 * `yamlFiles`: every YAML file of the scan (a directory without a kustomization applies every manifest below it).
 */
export async function appliesWaitedStagesOnly(dir: string, trees: ReadonlyMap<string, ScannedTree>, yamlFiles: readonly string[]): Promise<boolean | { remote: string[] }> {
  const parts = appliedParts(dir, trees, yamlFiles);
  const files = [...parts.loose];
  const remote: string[] = [];
  for (const treeDir of parts.trees) {
    const tree = trees.get(treeDir);
    if (!tree || tree.findings.length > 0) return false;
    for (const kustomization of tree.kustomizations) {
      for (const resource of kustomization.resources) {
        if (resource.path === undefined && REMOTE_ENTRY.test(resource.entry)) remote.push(resource.entry);
        else if (resource.path === undefined || !resource.exists) return false;
      }
      if (kustomization.transformations.some((transformation) => ADDING_FIELDS.has(transformation.field))) return false;
    }
    files.push(...tree.files.map((file) => file.path));
  }
  // What a configMapGenerator or secretGenerator makes is a ConfigMap or a Secret: ready once it exists (a tree of
  // generators alone is the usual Kustomization of the values a postBuild.substituteFrom reads: a review's probe).
  let objects = 0;
  for (const treeDir of parts.trees) {
    for (const kustomization of trees.get(treeDir)?.kustomizations ?? []) {
      objects += kustomization.transformations.filter((transformation) => transformation.field === 'configMapGenerator' || transformation.field === 'secretGenerator').length;
    }
  }
  for (const path of files) {
    // Read as every input is (regular files, at most the limit, UTF-8): one that is not is not known.
    const read = readYamlText(path);
    if ('finding' in read) return false;
    const { file } = await parseYamlText(path, read.text);
    if (!file) return false;
    for (const document of file.documents) {
      for (const node of listItems(document.root)) {
        if (node === null) continue;
        const apiVersion = scalarString(mapValue(node, ['apiVersion']));
        const kind = scalarString(mapValue(node, ['kind']));
        if (!isWaitedStage(apiVersion, kind) && !isReadyOnApply(apiVersion, kind)) return false;
        objects += 1;
      }
    }
  }
  if (remote.length > 0) return { remote };
  return objects > 0;
}
