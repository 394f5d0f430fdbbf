import { decline, isEmptyFlow, listItems, readBlockYaml, stringValue, valueStyle } from './block-yaml.js';
import type { BlockVisitor, WrittenValue } from './block-yaml.js';
import { resolvePlainScalar } from '../load/yaml-tree.js';
import { parseSlot } from '../model/slot.js';
// An object with the ignore annotation goes the full way, which reads it.
import { IGNORE_ANNOTATION } from '../suppress/annotation.js';

/*
 * What the express path reads of a kit's three kinds of file: each object's
 * identity and dependsOn, the expected DAG's entries, the kustomization's
 * resources. Anything the full path would read and this does not follow
 * declines (a readyExpr, an ignore annotation, a List, an unknown key of a
 * dependsOn item or of an expected entry, a value that is not a plain string).
 */

/** One object of a slot file, as the kit's rules see it. */
export interface ExpressObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  /** The slot label's value, when the object carries it. */
  label: string | undefined;
  /** Its dependsOn items' names, and their namespaces (undefined where an item has none), item by item. */
  dependsOn: string[];
  dependsOnNamespaces: (string | undefined)[];
}

// Roles: the collections of a document the reader is asked to show.
const ROOT = 1;
const METADATA = 2;
const LABELS = 3;
const ANNOTATIONS = 4;
const SPEC = 5;
const DEPENDS_ON = 6;
const DEPENDENCY = 7;


/** A string scalar, or decline: null, a number, a boolean, a collection or a block scalar is the full path's to judge. */
export function text(value: WrittenValue | undefined): string {
  const read = stringValue(value);
  if (read === undefined || read === '') decline();
  return read!;
}

/** A key whose value is a mapping the reader looks into: written on the next lines, never inline. */
function nested(value: WrittenValue | undefined, role: number): number {
  if (value === undefined) return role;
  if (valueStyle(value) === 'map' && isEmptyFlow(value)) return 0;
  return decline();
}

/**
 * The objects of one slot file, in document order; documents of nothing but
 * comments are left out (a file of only such documents has no objects).
 */
export function readSlotObjects(source: string, slotLabel: string): ExpressObject[] {
  const objects: ExpressObject[] = [];
  let apiVersion: string | undefined;
  let kind: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let label: string | undefined;
  // Each dependsOn item's name and namespace, in parallel lists (an item is checked whole when its document ends).
  let dependencyNames: (string | undefined)[] = [];
  let dependencyNamespaces: (string | undefined)[] = [];
  const visitor: BlockVisitor = {
    startDocument() {
      apiVersion = kind = name = namespace = label = undefined;
      dependencyNames = [];
      dependencyNamespaces = [];
    },
    rootRole: () => ROOT,
    entry(role, key, value) {
      switch (role) {
        case ROOT:
          if (key === 'apiVersion') apiVersion = text(value);
          else if (key === 'kind') kind = text(value);
          else if (key === 'metadata') return nested(value, METADATA);
          else if (key === 'spec') return nested(value, SPEC);
          return 0;
        case METADATA:
          if (key === 'name') name = text(value);
          else if (key === 'namespace') namespace = text(value);
          else if (key === 'labels') return nested(value, LABELS);
          else if (key === 'annotations') return nested(value, ANNOTATIONS);
          return 0;
        case LABELS:
          if (key === slotLabel) label = text(value);
          return 0;
        case ANNOTATIONS:
          if (key === IGNORE_ANNOTATION) decline();
          return 0;
        case SPEC:
          if (key !== 'dependsOn') return 0;
          // `dependsOn: []` is no dependency; `dependsOn:` with nothing is null, which Flux reads alike.
          if (value !== undefined && valueStyle(value) === 'list' && isEmptyFlow(value)) return 0;
          if (value !== undefined) decline();
          return DEPENDS_ON;
        case DEPENDENCY: {
          const last = dependencyNames.length - 1;
          if (key === 'name') dependencyNames[last] = text(value);
          else if (key === 'namespace') dependencyNamespaces[last] = text(value);
          // readyExpr (CEL, checked by the full path) or a key Flux does not know (an error there).
          else decline();
          return 0;
        }
        default:
          return decline();
      }
    },
    item(role, value) {
      if (role !== DEPENDS_ON || value !== undefined) decline();
      dependencyNames.push(undefined);
      dependencyNamespaces.push(undefined);
      return DEPENDENCY;
    },
    endDocument(empty) {
      if (empty) return;
      if (apiVersion === undefined || kind === undefined || name === undefined) decline();
      if (dependencyNames.includes(undefined)) decline();
      objects.push({ apiVersion: apiVersion!, kind: kind!, name: name!, namespace, label, dependsOn: dependencyNames as string[], dependsOnNamespaces: dependencyNamespaces });
    },
  };
  readBlockYaml(source, visitor);
  return objects;
}

/** One entry of the expected DAG. */
export interface ExpressEntry {
  /** The slot's key (model/slot.ts: `7` for 7, 07 and "07", `15a` for "15a"). */
  slotKey: string;
  name: string;
  dependsOn: string[];
}

const SLOTS = 2;
const ENTRY = 3;
const ENTRY_DEPENDS_ON = 4;
const EXPECTED_SLOT = /^\d+[a-z]?$/;

/**
 * The expected DAG's entries, where the file plainly fits its schema (as
 * expected.ts's expectedFromTree takes it): one document, `slots:` alone at
 * the top, each entry's keys known, values of their types. Entries with a
 * `namespace:` decline: which release they mean is the full path's to settle.
 */
export function readExpectedEntries(source: string): ExpressEntry[] {
  const entries: ExpressEntry[] = [];
  let documents = 0;
  let current: { slotKey?: string; name?: string; dependsOn: string[] } | undefined;
  const finishEntry = () => {
    if (current === undefined) return;
    if (current.slotKey === undefined || current.name === undefined) decline();
    entries.push({ slotKey: current.slotKey!, name: current.name!, dependsOn: current.dependsOn });
    current = undefined;
  };
  const visitor: BlockVisitor = {
    startDocument() {},
    rootRole: () => ROOT,
    entry(role, key, value) {
      if (role === ROOT) {
        if (key !== 'slots' || value !== undefined) decline();
        return SLOTS;
      }
      if (role !== ENTRY) return decline();
      const entry = current!;
      if (key === 'name') entry.name = text(value);
      else if (key === 'slot') entry.slotKey = slotKeyOf(value);
      else if (key === 'wave') {
        // A string or a finite number, as the schema takes it (the report's grouping: not read here).
        if (value === undefined || valueStyle(value) !== 'quoted') {
          const resolved = value !== undefined && valueStyle(value) === 'plain' ? resolvePlainScalar(value) : undefined;
          if (typeof resolved !== 'string' && !(typeof resolved === 'number' && Number.isFinite(resolved))) decline();
        }
      } else if (key === 'depends_on') {
        if (value === undefined) return ENTRY_DEPENDS_ON;
        if (valueStyle(value) !== 'list') decline();
        for (const item of listItems(value)) entry.dependsOn.push(text(item));
      } else decline();
      return 0;
    },
    item(role, value) {
      if (role === SLOTS) {
        if (value !== undefined) decline();
        finishEntry();
        current = { dependsOn: [] };
        return ENTRY;
      }
      if (role !== ENTRY_DEPENDS_ON) return decline();
      current!.dependsOn.push(text(value));
      return 0;
    },
    endDocument(empty, marked) {
      // An empty document a marker begins is a document to the full path (the first one it keeps: expected.ts).
      if (empty && marked) decline();
      if (empty) return;
      documents += 1;
      finishEntry();
    },
  };
  readBlockYaml(source, visitor);
  if (documents !== 1 || entries.length === 0) decline();
  return entries;
}

/** An expected entry's slot, as the schema takes it (a whole number, or a string such as 15a), by its key. */
function slotKeyOf(value: WrittenValue | undefined): string {
  if (value === undefined) return decline();
  const style = valueStyle(value);
  let slot: number | string | undefined;
  if (style === 'quoted') slot = value.slice(1, -1);
  else if (style === 'plain') {
    // A plain slot is a whole number (`7`, `07`) or a string such as 15a; anything else is the schema's to report.
    const resolved = resolvePlainScalar(value);
    slot = typeof resolved === 'number' && /^\d+$/.test(value) ? resolved : typeof resolved === 'string' ? resolved : undefined;
  }
  if (typeof slot === 'string' && !EXPECTED_SLOT.test(slot)) return decline();
  return parseSlot(slot)?.key ?? decline();
}

const KUSTOMIZATION_RESOURCES = 2;

/**
 * The kit kustomization's resources, where it does nothing else: apiVersion,
 * kind and resources alone (a namespace, a prefix, patches, generators or
 * components are transformations only kustomize settles).
 */
export function readKustomizationResources(source: string): string[] {
  const resources: string[] = [];
  let apiVersion: string | undefined;
  let kind: string | undefined;
  let documents = 0;
  const visitor: BlockVisitor = {
    startDocument() {},
    rootRole: () => ROOT,
    entry(role, key, value) {
      if (role !== ROOT) return decline();
      if (key === 'apiVersion') apiVersion = text(value);
      else if (key === 'kind') kind = text(value);
      else if (key === 'resources') {
        if (value !== undefined) decline();
        return KUSTOMIZATION_RESOURCES;
      } else decline();
      return 0;
    },
    item(role, value) {
      if (role !== KUSTOMIZATION_RESOURCES) return decline();
      resources.push(text(value));
      return 0;
    },
    endDocument(empty) {
      if (!empty) documents += 1;
    },
  };
  readBlockYaml(source, visitor);
  if (documents !== 1 || apiVersion !== 'kustomize.config.k8s.io/v1beta1' || kind !== 'Kustomization') decline();
  return resources;
}
