import { dirname, sep } from 'node:path';
import type { FluxObject } from '../model/flux-objects.js';
import { isInside } from '../model/inside.js';
import { mapValue, scalarString } from './yaml-tree.js';
import type { YamlNode } from './yaml-tree.js';

/*
 * What a Kustomization's postBuild.substituteFrom gives, as far as the
 * repository itself shows it. kustomize-controller reads each item's ConfigMap
 * or Secret from the cluster, in the Kustomization's namespace, merging their
 * data in order (a later item's key wins), and spec.postBuild.substitute over
 * them all. Many repositories commit that ConfigMap next to the sync
 * (flux-operator's `flux-runtime-info`, home-ops' `cluster-settings`), and
 * their paths, namespaces and dependsOn names hold its variables
 * (`path: ./addons/${ENVIRONMENT}`): read without it, what such a path applies
 * was never placed. Where clusters each commit their own copy, the copies
 * nearest the Kustomization's file are its cluster's (clusters/staging/apps.yaml
 * reads clusters/staging/vars/, not clusters/production/vars/: the deepest
 * directory they share with it). A value counts only where every such copy
 * gives it alike: a Kustomization as near to two clusters' copies (a shared
 * apps/ks.yaml) leaves it to the cluster, as do Secrets and ConfigMaps no
 * file here writes, or that a build changes (a generator makes or merges into
 * one of that name, unless the real kustomize built a ConfigMap's here:
 * flux-scan.ts readGeneratedConfigMaps; a patch selects it). Such a source may
 * set any variable: what the items before it gave is not known
 * (kustomize-controller merges the items in order; `cluster-secrets` after
 * `cluster-settings` could set ENVIRONMENT too). A Secret written here (SOPS
 * encrypts its values and leaves its keys readable) sets only its keys, to
 * values not known here. The values stay open (what the cluster adds may set a
 * variable the files do not).
 */

/**
 * A ConfigMap written in the repository: its name, the namespace its file gives it, and its string data. Or a Secret
 * (`secret`): only its keys are read (`data` and `stringData`), each value taken as unknown (SOPS encrypts the values
 * and leaves the keys readable).
 */
export interface WrittenConfigMap {
  name: string;
  namespace: string | undefined;
  data: Record<string, string>;
  /** The file that writes it. */
  file: string;
  secret?: true;
}

/** A `v1` ConfigMap's (or Secret's, keys only) name, namespace and data, as written; undefined for anything else. */
export function writtenConfigMap(node: YamlNode | null, file: string, namespaceGiven: string | undefined): WrittenConfigMap | undefined {
  const kind = scalarString(mapValue(node, ['kind']));
  if ((kind !== 'ConfigMap' && kind !== 'Secret') || scalarString(mapValue(node, ['apiVersion'])) !== 'v1') return undefined;
  const name = scalarString(mapValue(node, ['metadata', 'name']));
  if (!name) return undefined;
  const values: Record<string, string> = {};
  for (const field of kind === 'Secret' ? ['data', 'stringData'] : ['data']) {
    const data = mapValue(node, [field]);
    for (const entry of data?.kind === 'map' ? data.entries : []) {
      const value = kind === 'Secret' ? '' : scalarString(entry.value);
      if (value !== undefined) values[entry.key] = value;
    }
  }
  // A kustomization's namespace replaces the written one, as kustomize sets it.
  return { name, namespace: namespaceGiven ?? scalarString(mapValue(node, ['metadata', 'namespace'])), data: values, file, ...(kind === 'Secret' ? { secret: true as const } : {}) };
}

/**
 * The copies Flux may apply, each in the namespace it lands in: one a kustomization lists (`listed`), or below the
 * path of a Flux Kustomization or a FluxInstance's sync (a review's probe: one in docs/, applied by nothing, named a
 * path that is not there); the Flux Kustomization whose path holds it most closely moves it to its targetNamespace,
 * where it sets one (a trial's probe: a ConfigMap of flux-system's file moved to another namespace so).
 */
export function applicableCopies(
  configMaps: ReadonlyMap<string, readonly WrittenConfigMap[]>, listed: (file: string) => boolean, kustomizations: readonly FluxObject[], syncPaths: readonly string[],
): Map<string, WrittenConfigMap[]> {
  const withPaths = kustomizations.filter((object) => object.appliesDir !== undefined);
  const fluxPaths = [...withPaths.map((object) => object.appliesDir!), ...syncPaths];
  const movedTo = (file: string): string | undefined => {
    let nearest: FluxObject | undefined;
    for (const object of withPaths) {
      if (isInside(object.appliesDir!, file) && (!nearest || object.appliesDir!.length > nearest.appliesDir!.length)) nearest = object;
    }
    const target = nearest?.targetNamespace;
    return target && !target.includes('${') ? target : undefined;
  };
  const applicable = new Map<string, WrittenConfigMap[]>();
  for (const [name, copies] of configMaps) {
    const kept = copies.filter((copy) => listed(copy.file) || fluxPaths.some((dir) => isInside(dir, copy.file)))
      .map((copy) => { const moved = movedTo(copy.file); return moved ? { ...copy, namespace: moved } : copy; });
    if (kept.length > 0) applicable.set(name, kept);
  }
  return applicable;
}

/** What a Kustomization's substituteFrom is known to give: each variable's value, and the file of the ConfigMap that gives it. */
export interface KnownSubstitution {
  values: Record<string, string>;
  /** By variable: the file that writes the ConfigMap the value comes from (the first such copy, by path). */
  fileOf: Record<string, string>;
}

/**
 * The values a Kustomization's substituteFrom is known to give here, by its placed namespace: see the comment above.
 * `changed`: whether a kustomize build may change a ConfigMap or Secret of that name (a generator makes or merges into
 * it, a patch selects it): its data as written is not what the cluster holds.
 */
export function substituteFromValues(configMaps: ReadonlyMap<string, readonly WrittenConfigMap[]>, changed: (name: string) => boolean = () => false): (object: FluxObject) => KnownSubstitution | undefined {
  const known = new Map<string, KnownSubstitution | undefined>();
  return (object) => {
    const refs = object.substituteFromRefs;
    if (!refs || object.namespace === undefined || configMaps.size === 0) return undefined;
    const dir = dirname(object.file);
    const key = `${dir}\u0000${object.namespace}\u0000${refs.map((ref) => `${ref.kind}/${ref.name}`).join('\u0000')}`;
    if (known.has(key)) return known.get(key);
    let values: Record<string, string> = {};
    let fileOf: Record<string, string> = {};
    for (const ref of refs) {
      const secret = ref.kind === 'Secret';
      const copies = (ref.kind === 'ConfigMap' || secret) && !changed(ref.name)
        ? nearest((configMaps.get(ref.name) ?? []).filter((configMap) => configMap.namespace === object.namespace && (configMap.secret === true) === secret), dir) : [];
      // A source not known here (a Secret or a ConfigMap written nowhere here, a ConfigMap changed by a build) may set
      // any variable, over what the items before it gave: none of those is known any more.
      if (copies.length === 0) {
        values = {};
        fileOf = {};
        continue;
      }
      // A Secret written here sets its keys, to values not known here: those variables only (a trial's probe,
      // shamubernetes/home-k8s: cluster-secrets after cluster-settings made every value unknown, and a namespace
      // `${KS_NAMESPACE}` that cluster-settings gives stayed a variable, with 7 false namespace-mismatch errors).
      if (secret) {
        for (const copy of copies) {
          for (const variable of Object.keys(copy.data)) {
            delete values[variable];
            delete fileOf[variable];
          }
        }
        continue;
      }
      // A variable counts where every copy gives it alike; one that some copy lacks or gives otherwise may be set to
      // anything by this item, over what the items before it gave.
      for (const variable of new Set(copies.flatMap((copy) => Object.keys(copy.data)))) {
        const value = copies[0]!.data[variable];
        if (value !== undefined && copies.every((copy) => copy.data[variable] === value)) {
          values[variable] = value;
          fileOf[variable] = copies.map((copy) => copy.file).sort()[0]!;
        } else {
          delete values[variable];
          delete fileOf[variable];
        }
      }
    }
    const result = Object.keys(values).length > 0 ? { values, fileOf } : undefined;
    known.set(key, result);
    return result;
  };
}

/** The copies whose file shares the deepest directory with `dir`. */
function nearest(copies: readonly WrittenConfigMap[], dir: string): readonly WrittenConfigMap[] {
  if (copies.length < 2) return copies;
  const shared = (file: string) => {
    const a = dirname(file).split(sep);
    const b = dir.split(sep);
    let depth = 0;
    while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth += 1;
    return depth;
  };
  const depths = copies.map((copy) => shared(copy.file));
  const deepest = Math.max(...depths);
  return copies.filter((_, index) => depths[index] === deepest);
}

/**
 * The names a text's substituteFrom items may give: every `name:` value on the line of each `substituteFrom:` key
 * and in the lines below it that are deeper than it or are list items at its indentation, as written. More than the
 * items' own names at times (a filter, not a reading).
 */
export function substituteFromNamesIn(text: string): string[] {
  const names: string[] = [];
  // The key's own line too, and no flow punctuation in a name: items written `[{kind: ConfigMap, name: x}]`. A list's
  // items may sit at the key's own indentation (`- kind: ConfigMap` under `substituteFrom:`): YAML allows it.
  for (const block of text.matchAll(/^([ \t-]*)substituteFrom:([^\n]*)\n?((?:\1(?:[ \t]+|-[ \t])[^\n]*\n?)*)/gm)) {
    for (const name of `${block[2]}\n${block[3]}`.matchAll(/\bname:\s*["']?([^\s"'#,{}[\]]+)/g)) names.push(name[1]!);
  }
  return names;
}
