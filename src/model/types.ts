// Plain data that the loader produces and the rules read. No I/O lives here.

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
  location: Location;
}

export interface HelmRelease {
  name: string;
  /** `metadata.namespace`, else the kustomization's `namespace:`, else undefined (Flux decides). */
  namespace?: string;
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
}

export interface ExpectedSlot {
  slot: SlotId;
  name: string;
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
  /** Absolute path it points at, when it stays inside the kit directory. */
  path?: string;
  /** Whether `path` exists (file or directory). */
  exists: boolean;
  location: Location;
}

export interface Kustomization {
  path: string;
  resources: KustomizationResource[];
  /** The kustomization's `namespace:` (applied to every resource without its own). */
  namespace?: string;
  /** Where a new `resources:` entry goes: the `resources` key. */
  resourcesLocation: Location;
  /** Indentation of the existing list items, so a suggested line can be pasted as is. */
  itemIndent: string;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** How to fix it, when there is one obvious way. */
  fix?: string;
  hr?: string;
  dependency?: string;
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
  /** `input/*` findings (and loader warnings such as unknown keys). */
  inputFindings: Finding[];
}
