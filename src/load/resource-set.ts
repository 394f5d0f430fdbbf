import type { FluxKind, FluxObject } from '../model/flux-objects.js';
import { KIND_BY_GROUP } from './flux-object.js';
import type { YamlNode } from './yaml-tree.js';
import { isEmptyNode, mapValue, scalarString } from './yaml-tree.js';

// The Flux objects a ResourceSet generates, as far as its static inputs say.

export interface GeneratedObjects {
  objects: FluxObject[];
  /** Flux kinds it generates under names that cannot be known offline. */
  /** Kinds it may generate under names only the cluster knows, each with its namespace when that is written (else any). */
  openKinds: { kind: string; namespace?: string }[];
}

const TEMPLATE_INPUT = /<<-?\s*inputs\.([\w.]+)\s*-?>>/g;

/**
 * The Flux objects a ResourceSet generates: each template of `resources` or
 * `resourcesTemplate`, once per item of its static `inputs`, with
 * `<< inputs.key >>` substituted (flux-operator's template delimiters). What
 * needs more of the template language, or inputs from providers, is counted
 * as an open kind rather than guessed.
 */
export function resourceSetObjects(owner: FluxObject, spec: YamlNode | null): GeneratedObjects {
  const result: GeneratedObjects = { objects: [], openKinds: [] };
  const inputsNode = mapValue(spec, ['inputs']);
  const inputItems = inputsNode?.kind === 'seq' ? inputsNode.items : [];
  const inputs: Record<string, string>[] = inputItems.map((item) => Object.fromEntries(item?.kind === 'map'
    ? item.entries.map((entry) => [entry.key, scalarString(entry.value) ?? '']) : []));
  // List-valued inputs (dependsOn: [a, b]), for templates that range over them, each value with its place.
  const inputLists: Record<string, { value: string; line: number; column: number }[]>[] = inputItems.map((item) => Object.fromEntries(item?.kind === 'map'
    ? item.entries.flatMap((entry) => entry.value?.kind === 'seq'
      ? [[entry.key, entry.value.items.flatMap((value) => {
        const text = scalarString(value);
        return text === undefined || !value ? [] : [{ value: text, line: value.position.line, column: value.position.column }];
      })]] : []) : []));
  const fromProviders = !isEmptyNode(mapValue(spec, ['inputsFrom']));
  const templates: ({ kind?: string; apiVersion?: string; name?: string; namespace?: string; dependsOnInput?: string } & TemplateSpec)[] = [];
  const resources = mapValue(spec, ['resources']);
  if (resources?.kind === 'seq') {
    for (const item of resources.items) {
      templates.push({
        kind: scalarString(mapValue(item, ['kind'])), apiVersion: scalarString(mapValue(item, ['apiVersion'])),
        name: scalarString(mapValue(item, ['metadata', 'name'])), namespace: scalarString(mapValue(item, ['metadata', 'namespace'])),
        path: scalarString(mapValue(item, ['spec', 'path'])), targetNamespace: scalarString(mapValue(item, ['spec', 'targetNamespace'])),
        sourceKind: scalarString(mapValue(item, ['spec', 'sourceRef', 'kind'])), sourceName: scalarString(mapValue(item, ['spec', 'sourceRef', 'name'])),
      });
    }
  }
  const text = scalarString(mapValue(spec, ['resourcesTemplate']));
  for (const document of text ? text.split(/^---\s*$/m) : []) {
    const kind = /^\s*kind:\s*(\S+)\s*$/m.exec(document)?.[1];
    const apiVersion = /^\s*apiVersion:\s*(\S+)\s*$/m.exec(document)?.[1];
    const metadata = /^(\s*)metadata:\s*\n((?:\1\s+.*\n?)*)/m.exec(document)?.[2] ?? '';
    // `<< range $dep := inputs.dependsOn >> - name: << $dep >>`: one dependsOn item per value of that input.
    const ranged = /range\s+\$(\w+)\s*:=\s*inputs\.(\w+)\s*-?>>\s*\n\s*-\s*name:\s*<<-?\s*\$\1\s*-?>>/.exec(document);
    const specBlock = /^(\s*)spec:\s*\n((?:\1\s+.*\n?)*)/m.exec(document)?.[2] ?? '';
    const sourceRef = /^(\s*)sourceRef:\s*\n((?:\1\s+.*\n?)*)/m.exec(specBlock)?.[2] ?? '';
    templates.push({
      kind, apiVersion, name: /^\s*name:\s*(.+?)\s*$/m.exec(metadata)?.[1], namespace: /^\s*namespace:\s*(.+?)\s*$/m.exec(metadata)?.[1],
      ...(ranged && /dependsOn:/.test(document) ? { dependsOnInput: ranged[2]! } : {}),
      path: /^\s*path:\s*["']?(.+?)["']?\s*$/m.exec(specBlock)?.[1], targetNamespace: /^\s*targetNamespace:\s*(.+?)\s*$/m.exec(specBlock)?.[1],
      sourceKind: /^\s*kind:\s*(\S+)\s*$/m.exec(sourceRef)?.[1], sourceName: /^\s*name:\s*(\S+)\s*$/m.exec(sourceRef)?.[1],
    });
  }
  for (const template of templates) {
    const group = template.apiVersion?.slice(0, Math.max(0, template.apiVersion.lastIndexOf('/')));
    if (!template.kind || !template.apiVersion || KIND_BY_GROUP.get(group!) !== template.kind || !template.name) continue;
    const templated = template.name.includes('<<') || template.namespace?.includes('<<');
    if (!templated) {
      result.objects.push(generated(owner, template.kind as FluxKind, template.apiVersion, template.name, template.namespace, template));
      continue;
    }
    // Inputs only the cluster knows (providers) may give it any name. Without providers and without inputs, a
    // templated name has nothing to come from: flux-operator makes no object of it that anything could depend on.
    if (fromProviders) {
      result.openKinds.push(openKind(template.kind, template.namespace, owner));
      continue;
    }
    if (inputs.length === 0) continue;
    inputs.forEach((input, index) => {
      const expand = (value: string | undefined) => value?.replace(TEMPLATE_INPUT, (_, key: string) =>
        key === 'provider.namespace' ? owner.namespace ?? '' : key === 'provider.name' ? owner.name : input[key] ?? '\u0000');
      const name = expand(template.name)!;
      const namespace = expand(template.namespace);
      if (name.includes('<<') || name.includes('\u0000') || namespace?.includes('<<') || namespace?.includes('\u0000')) {
        result.openKinds.push(openKind(template.kind!, namespace, owner));
        return;
      }
      const object = generated(owner, template.kind as FluxKind, template.apiVersion!, name, namespace, {
        path: expand(template.path), targetNamespace: expand(template.targetNamespace), sourceKind: template.sourceKind, sourceName: expand(template.sourceName),
      });
      const itemLocation = inputItems[index] ? { ...owner.location, line: inputItems[index]!.position.line, column: inputItems[index]!.position.column } : owner.location;
      const ranged = template.dependsOnInput ? inputLists[index]?.[template.dependsOnInput] ?? [] : [];
      // Each item is located at its value in the input list, where a wrong name is written.
      object.dependsOn = ranged.map((dependency) => ({ name: dependency.value, location: { ...itemLocation, line: dependency.line, column: dependency.column } }));
      result.objects.push(object);
    });
  }
  return result;
}

/** What a generated Kustomization's template says of what it applies (its spec.path is followed like any other). */
interface TemplateSpec {
  path?: string | undefined;
  targetNamespace?: string | undefined;
  sourceKind?: string | undefined;
  sourceName?: string | undefined;
}

function generated(owner: FluxObject, kind: FluxKind, apiVersion: string, name: string, namespace: string | undefined, spec: TemplateSpec = {}): FluxObject {
  // A value the template language still holds (<< ... >>, or an input no item has) is not known offline.
  const known = (value: string | undefined) => (value !== undefined && !value.includes('<<') && !value.includes('\u0000') ? value : undefined);
  const path = kind === 'Kustomization' ? known(spec.path) : undefined;
  const targetNamespace = kind === 'Kustomization' ? known(spec.targetNamespace) : undefined;
  return {
    kind, apiVersion, name, file: owner.file, location: owner.location, dependsOn: [], dependsOnLocation: owner.location,
    suspend: false, generatedBy: `ResourceSet/${owner.namespace ?? ''}/${owner.name}`,
    ...(namespace || owner.namespace ? { namespace: namespace || owner.namespace } : {}),
    // What a template decides (wait, healthChecks) is not read: no warning may rest on it.
    ...(kind === 'Kustomization' ? { wait: true, healthChecks: true } : {}),
    ...(path ? { path } : {}),
    ...(targetNamespace ? { targetNamespace } : {}),
    ...(kind === 'Kustomization' && spec.sourceKind ? { sourceKind: spec.sourceKind } : {}),
    ...(kind === 'Kustomization' && known(spec.sourceName) ? { sourceName: known(spec.sourceName)! } : {}),
  };
}

/**
 * An open kind where the generated object's namespace is known (written, or the
 * ResourceSet's own when none is written): a missing target elsewhere is still judged.
 */
function openKind(kind: string, namespace: string | undefined, owner: FluxObject): { kind: string; namespace?: string } {
  if (namespace === undefined) return owner.namespace === undefined ? { kind } : { kind, namespace: owner.namespace };
  return namespace.includes('<<') || namespace.includes('\u0000') ? { kind } : { kind, namespace };
}
