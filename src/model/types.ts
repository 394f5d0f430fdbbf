// Plain data that the loader produces and the rules read. No I/O lives here.
import type { RequeueSetting } from './flux-objects.js';

import type { RuleId } from '../rules/index.js';

/** Where a YAML node came from. `file` is absolute; reports make it relative. */
export interface Location {
  file: string;
  /** 1-based; null where the thing has no place in a file (a missing directory, say). */
  line: number | null;
  column: number | null;
}

/** A slot id such as `6`, `06` or `15a`, normalised so `06` and `6` compare equal. */
export interface SlotId {
  /** Canonical key: number without leading zeros plus the suffix (`6`, `15a`). */
  key: string;
  /** How reports print it: zero-padded to two digits (`06`, `15a`, `60`). */
  display: string;
  /** The number alone, for ordering (15 for `15a`). */
  number: number;
}

/** A string value together with the node it was read from. */
export interface Located<T = string> {
  value: T;
  location: Location;
}

export interface DependsOnRef {
  name: string;
  /** Only when the item says so; Flux otherwise uses the dependent's own namespace. */
  namespace?: string;
  /** Flux 2.7+: a CEL expression that decides when the dependency counts as ready. */
  readyExpr?: Located;
  location: Location;
  /** The `name:` value node, for findings about the name itself. */
  nameLocation?: Location;
}

export interface HelmRelease {
  name: string;
  /**
   * The namespace Flux sees: the kit kustomization's `namespace:` when it sets
   * one (kustomize overrides `metadata.namespace` with it), else
   * `metadata.namespace`, else undefined (the applying Flux Kustomization decides).
   */
  namespace?: string;
  /** `apiVersion` as written (`helm.toolkit.fluxcd.io/v2`). */
  apiVersion?: string;
  /** Absolute path of the slot file that holds it. */
  file: string;
  /** The `metadata.name` node. */
  location: Location;
  /** The `spec.dependsOn` key, or the `metadata.name` node when there is none. */
  dependsOnLocation: Location;
  dependsOn: DependsOnRef[];
  /** Value of the slot label (see `--slot-label`), when the HelmRelease carries it. */
  slotLabel?: Located;
  /** `spec.chart.spec.version`, when set, and where. */
  chartVersion?: Located;
  /** The `bootstrap-deps.io/ignore` annotation (`"<rule>: <reason>"`), as written and where; '' when not a string. */
  ignoreAnnotation?: Located;
}

/** Any Kubernetes object of a file, by what identifies its API: for the api/* rules. */
export interface KubeObject {
  apiVersion?: string;
  kind: string;
  file: string;
  /** The document (or List item). */
  location: Location;
  kindLocation: Location;
  apiVersionLocation?: Location;
}

export interface SlotFile {
  /** Absolute path. */
  path: string;
  /** Base name, e.g. `60-bp-vcluster-helmrepo.yaml`. */
  fileName: string;
  /** The slot the file name claims, when it starts with one. */
  slot?: SlotId;
  /** Names of the HelmReleases the file holds, in document order. */
  helmReleases: string[];
  /** Every object of the file that has a kind (List wrappers unpacked). */
  objects?: KubeObject[];
}

export interface ExpectedSlot {
  slot: SlotId;
  name: string;
  /** Settles which HelmRelease the entry means when its name lives in several namespaces. */
  namespace?: string;
  dependsOn: Located[];
  wave?: string;
  /** The list item of this entry. */
  location: Location;
  /** The `name:` value node. */
  nameLocation: Location;
  /** The `slot:` value node. */
  slotLocation: Location;
}

export interface KustomizationResource {
  /** The entry as written. */
  entry: string;
  /**
   * Absolute path it points at, when it is read: a file inside the
   * kustomization's directory, or a directory (a nested kustomization) inside
   * the repository root. Undefined for what is never read (URLs, files
   * outside the kustomization's directory, anything outside the root).
   */
  path?: string;
  /** Whether `path` exists (file or directory). */
  exists: boolean;
  /** `path` is a directory: kustomize builds the kustomization in it. */
  directory?: boolean;
  /** The entry itself is a symbolic link (kustomize follows it; source-controller leaves it out of an artifact). */
  link?: true;
  location: Location;
}

/** A kustomization field that changes objects, so only a real kustomize build shows what Flux applies. */
export interface KustomizeTransformation {
  field: string;
  location: Location;
  /**
   * patches, patchesStrategicMerge, patchesJson6902: each patch's target kind, inline text or file (resolved), and
   * whether its options let it rename (allowNameChange, allowKindChange).
   */
  patches?: { targetKind?: string; inline?: string; file?: string; renames?: true }[];
  /** components: the directories named (resolved). */
  directories?: string[];
  /** components: each entry as written, where, and the directory it names (resolved). */
  directoryEntries?: { entry: string; location: Location; directory: string }[];
  /** namePrefix, nameSuffix: the text, where it is one. */
  value?: string;
  /** commonAnnotations, commonLabels, labels: one of the labels or annotations the audit reads (Flux's marks, the ignore annotation). */
  setsAuditedMetadata?: true;
}

export interface Kustomization {
  path: string;
  resources: KustomizationResource[];
  /** The kustomization's `namespace:` (kustomize sets it on every namespaced object, overriding metadata.namespace). */
  namespace?: string;
  /** The `namespace:` key. */
  namespaceLocation?: Location;
  /** Fields such as patches, components or namePrefix, in file order. */
  transformations: KustomizeTransformation[];
  /** Files that `patches`, `patchesStrategicMerge` or `patchesJson6902` name: partial objects, never resources. */
  patchFiles?: string[];
  /** Files that a `configMapGenerator` or `secretGenerator` reads (`files:`): data, never resources. */
  generatorFiles?: string[];
  /** The ConfigMaps and Secrets those generators make, by name, with the files each reads (Helm values given through valuesFrom). */
  generated?: { kind: 'ConfigMap' | 'Secret'; name: string; files: string[] }[];
  /**
   * Each file a generator reads (`files:`, `envs:`), as written, where, and resolved: the build fails where one is
   * not in the artifact (kustomization/resource-not-in-artifact).
   */
  generatorSources?: { field: 'configMapGenerator' | 'secretGenerator'; entry: string; location: Location; path: string }[];
  /** Where a new `resources:` entry goes: the `resources` key. */
  resourcesLocation: Location;
  /** Indentation of the existing list items, so a suggested line can be pasted as is. */
  itemIndent: string;
  /** Where its patches set the controllers' --requeue-dependency (see RequeueSetting). */
  requeueSettings?: RequeueSetting[];
  /**
   * Its fields whose effect kustomize applies once, at the top of a build (`configurations`, `crds`,
   * `openapi`, `vars`, `sortOptions`): such a tree is never built in one process with others.
   */
  buildWideFields?: string[];
  /**
   * It is `kind: Component`. A Flux Kustomization whose spec.path holds one builds it all the same: kustomize-controller
   * adds its spec.components to that very file and builds the directory, which kustomize does for a Component too.
   */
  component?: true;
  /**
   * It holds nothing but apiVersion and kind (its entries commented out): kustomize refuses to build it ("kustomization.yaml
   * is empty"), but kustomize-controller adds buildMetadata to a kustomization without resources first, so Flux builds it.
   */
  empty?: true;
  /** The names of the ConfigMaps its configMapGenerator makes or merges into (literals, envs and files alike). */
  configMapGeneratorNames?: string[];
  /** The same of its secretGenerator's Secrets (what a substituteFrom Secret written here holds is then not known). */
  secretGeneratorNames?: string[];
  /** Every line of it is a comment (read as an empty kustomization: see noDocumentIsEmpty in kustomization.ts). */
  noDocument?: true;
  /**
   * Directories its list items name in a comment (`# - ../base/ext`): entries taken out of the build. A tree whose top
   * one of them is was commented out of where it was applied, not applied by hand (the repository scan's entry points).
   */
  commentedOutDirs?: string[];
  /**
   * YAML files in directories below its own that its list items name in a comment (`# - aster/aster.yaml`): taken
   * out of the build. A Kustomization written there that nothing applies is no entry point (the repository scan's).
   */
  commentedOutFiles?: string[];
  /** Each such entry (of commentedOutDirs and commentedOutFiles), with where its comment is written. */
  commentedOutEntries?: { path: string; entry: string; location: Location }[];
}

export type Severity = 'error' | 'warning';

export interface Finding {
  /** One of the catalogue's ids (src/rules/index.ts): a misspelt id does not compile. */
  rule: RuleId;
  severity: Severity;
  message: string;
  /** How to fix it, when there is one obvious way. */
  fix?: string;
  hr?: string;
  dependency?: string;
  /** The object a repository rule judges, as `Kind/namespace/name` (an addition: any Flux kind, not only HelmRelease). */
  object?: string;
  /**
   * kustomization/path-not-found's directory below the root from which spec.path is found (the root is above the
   * repository: a folder of clones), as its fix names it: check PATH's note reads it. Not reported (toReportFinding).
   */
  rootBelow?: string;
  location: Location | null;
}

/** Everything read from disk for one audit. */
export interface Repository {
  /** The working directory that reported paths are relative to. */
  cwd: string;
  root: string;
  kitDir: string;
  expectedFile: string;
  slotLabel: string;
  slotFiles: SlotFile[];
  helmReleases: HelmRelease[];
  expected: ExpectedSlot[];
  kustomization?: Kustomization;
  /** Every kustomization read for the kit: the kit's own first, then the nested ones its resources pull in. */
  kustomizations?: Kustomization[];
  /** Every file the kit's kustomization applies, directly or through nested kustomizations. */
  appliedFiles?: ReadonlySet<string>;
  /**
   * How the HelmReleases were read: `static` (as written, with kustomize's
   * namespace applied), `kustomize` (what the real kustomize builds), or
   * `unbuilt` (the kit transforms objects but the build was switched off).
   */
  readAs?: 'static' | 'kustomize' | 'unbuilt';
  /** `input/*` findings (and loader warnings such as unknown keys). */
  inputFindings: Finding[];
}
