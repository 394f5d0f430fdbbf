import { appliedParts } from './applied-files.js';
import type { ScannedTree } from './flux-build.js';
import { listItems } from './flux-object.js';
import { parseYamlText, readYamlText } from './yaml-file.js';
import { mapValue, scalarString } from './yaml-tree.js';

// kustomize-controller applies a build in stages (fluxcd/pkg ssa's ApplyAllStaged): CustomResourceDefinitions,
// Namespaces and ClusterRoles first, then the kinds whose name ends in Class, and it waits for each of those
// stages to be ready (WaitForSet) whatever spec.wait says; only the rest is applied without waiting. So a
// Kustomization that applies nothing else (an app's Namespace, a CRD bundle) is Ready when what it applies is:
// wait: true would change nothing for what depends on it.

/** Whether an object is of a kind kustomize-controller applies in a stage it waits for (fluxcd/pkg ssa/utils/is.go). */
export function isWaitedStage(apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion === undefined || kind === undefined) return false;
  const lower = kind.toLowerCase();
  return (lower === 'customresourcedefinition' && apiVersion.startsWith('apiextensions.k8s.io/'))
    || (lower === 'namespace' && apiVersion === 'v1')
    || (lower === 'clusterrole' && apiVersion.startsWith('rbac.authorization.k8s.io/'))
    || kind.endsWith('Class');
}

/** Fields that may add objects that are not in the files the tree lists (a generator's ConfigMap, a chart, a component's resources). */
const ADDING_FIELDS = new Set([
  'bases', 'components', 'configMapGenerator', 'secretGenerator', 'generators', 'transformers', 'helmCharts', 'helmChartInflationGenerator',
]);

/**
 * Whether everything a Flux Kustomization's spec.path applies is known and of the waited stages, one object at
 * least. In doubt no: a remote or unread resource, a field that may add objects, a file that does not parse (a
 * bundle of CRDs is read by the yaml package where the fast parser declines it: their descriptions).
 * `yamlFiles`: every YAML file of the scan (a directory without a kustomization applies every manifest below it).
 */
export async function appliesWaitedStagesOnly(dir: string, trees: ReadonlyMap<string, ScannedTree>, yamlFiles: readonly string[]): Promise<boolean> {
  const parts = appliedParts(dir, trees, yamlFiles);
  const files = [...parts.loose];
  for (const treeDir of parts.trees) {
    const tree = trees.get(treeDir);
    if (!tree || tree.findings.length > 0) return false;
    for (const kustomization of tree.kustomizations) {
      if (kustomization.resources.some((resource) => resource.path === undefined || !resource.exists)) return false;
      if (kustomization.transformations.some((transformation) => ADDING_FIELDS.has(transformation.field))) return false;
    }
    files.push(...tree.files.map((file) => file.path));
  }
  let objects = 0;
  for (const path of files) {
    // Read as every input is (regular files, at most the limit, UTF-8): one that is not is not known.
    const read = readYamlText(path);
    if ('finding' in read) return false;
    const { file } = await parseYamlText(path, read.text);
    if (!file) return false;
    for (const document of file.documents) {
      for (const node of listItems(document.root)) {
        if (node === null) continue;
        if (!isWaitedStage(scalarString(mapValue(node, ['apiVersion'])), scalarString(mapValue(node, ['kind'])))) return false;
        objects += 1;
      }
    }
  }
  return objects > 0;
}
