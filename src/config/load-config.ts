import { basename, dirname, resolve } from 'node:path';
import { lilconfig } from 'lilconfig';
import * as z from 'zod/mini';
import { suggestion } from '../model/names.js';
import { fileReadFinding, inputFinding } from '../load/input-findings.js';
import { formatIssuePath } from '../load/expected.js';
import { outsideRootFinding } from '../load/inside-root.js';
import { discoverRoot } from '../load/repository.js';
import { parseYamlBytes, readRegularFile } from '../load/yaml-file.js';
import type { YamlFile } from '../load/yaml-file.js';
import type { Position, YamlNode } from '../load/yaml-tree.js';
import { mapEntry, mapValue } from '../load/yaml-tree.js';
import type { Finding, Location } from '../model/types.js';
import type { FormatName } from '../report/formatter.js';
import { CONFIG_NAME, CONFIG_SEARCH_PLACES, configStopDir, existingConfigPlaces, packageJsonHasKey } from './discover.js';
import { configSchema, configurableRuleIds } from './schema.js';
import type { RuleSetting } from './schema.js';

/** A config file, validated, its paths made absolute (they are relative to the file). */
export interface LoadedConfig {
  /** Absolute path of the file the config came from. */
  file: string;
  root?: string;
  kitDir?: string[];
  expected?: string;
  slotLabel?: string;
  allClusters?: boolean;
  format?: FormatName;
  strict?: boolean;
  /** Paths to audit (absolute), as `check PATH...`: the repository audit. */
  include?: string[];
  /** Root-relative globs, as `--exclude`: the repository audit. */
  exclude?: string[];
  /** Severity per rule id, as the file sets it. */
  rules: Record<string, RuleSetting>;
}

export interface ConfigResult {
  /** Absent when no config file was found (or it was invalid: see findings). */
  config?: LoadedConfig;
  /** `input/invalid-config` (or `input/not-found`, `input/parse-error`): each stops the run with exit 3. */
  findings: Finding[];
}

// Keys other linters have that this one does not act on: rejected with a reason, never accepted and ignored.
const UNSUPPORTED_KEYS: Record<string, string> = {
  ignore: 'use exclude (globs, the repository audit), turn a rule off under rules:, or suppress findings with check --suppress-all',
  ignores: 'use exclude (globs, the repository audit), turn a rule off under rules:, or suppress findings with check --suppress-all',
  files: 'use include (paths, the repository audit) or kitDir (the kit audit)',
};

const FIX = 'see the config file section of the README (or --print-config)';

const rawText = (_path: string, content: string) => content;

/**
 * Finds the config from `cwd` upwards (bootstrap-deps.config.yaml,
 * .bootstrap-depsrc.yaml, the "bootstrap-deps" key of package.json), or reads
 * `explicit` (--config FILE, relative to `cwd`), and validates it.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<ConfigResult> {
  const explorer = lilconfig(CONFIG_NAME, {
    searchPlaces: CONFIG_SEARCH_PLACES,
    stopDir: configStopDir(),
    loaders: { '.yaml': rawText, '.yml': rawText, noExt: rawText },
    cache: false,
  });
  // lilconfig reads whatever it finds, whole: every file it would read is judged first, as slot files are.
  const refused = explicit === undefined ? refusedSearchPlace(cwd) : refusedConfigFile(resolve(cwd, explicit), discoverRoot(cwd));
  if (refused) return { findings: [refused] };
  let found: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  try {
    found = explicit === undefined ? await explorer.search(cwd) : await explorer.load(resolve(cwd, explicit));
  } catch (error) {
    const path = resolve(cwd, explicit ?? '.');
    if ((error as NodeJS.ErrnoException).code) {
      return { findings: [fileReadFinding(path, error, { message: 'config file not found', fix: 'check the path given to --config' })] };
    }
    // lilconfig refuses an extension it has no loader for.
    return { findings: [inputFinding('input/invalid-config', { file: path, line: null, column: null },
      'a config file must be YAML (.yaml, .yml) or JSON (.json, package.json)', 'rename it, or write it as YAML')] };
  }
  if (!found) return { findings: [] };
  // Two config files side by side: lilconfig would take one and ignore the other without a word.
  if (explicit === undefined) {
    const dir = dirname(found.filepath);
    const beside = [...existingConfigPlaces(dir)].filter(({ path, place }) => dirname(path) === dir && path !== found!.filepath
      && (place !== 'package.json' || packageJsonHasKey(path) !== false));
    if (beside.length > 0) {
      return {
        findings: [inputFinding('input/invalid-config', { file: found.filepath, line: null, column: null },
          `configures bootstrap-deps, and so does ${beside.map(({ path }) => basename(path)).join(' and ')} in the same directory: only ${basename(found.filepath)} would be read`,
          'keep one of them (or pass --config the one to use)')],
      };
    }
  }
  return readConfig(found.filepath, found.isEmpty === true);
}

/**
 * A config file that must not be read: not a regular file (a FIFO would hang the
 * run, `/dev/zero` fill memory), over the size limit, or, inside the repository,
 * a symbolic link that leaves it. Undefined for a file that does not exist (the
 * loader says so).
 */
function refusedConfigFile(path: string, root: string, judgeLink = true): Finding | undefined {
  const outside = judgeLink ? outsideRootFinding(path, root) : undefined;
  if (outside) return outside;
  const read = readRegularFile(path);
  return 'finding' in read && read.finding.rule !== 'input/not-found' ? read.finding : undefined;
}

/** The first search place, up to the config lilconfig will pick, that must not be read. */
function refusedSearchPlace(cwd: string): Finding | undefined {
  const root = discoverRoot(cwd);
  for (const { path, place } of existingConfigPlaces(cwd)) {
    // A package.json without the key is read, not used: only what it is matters, not where it links.
    const hasKey = place === 'package.json' ? packageJsonHasKey(path) : true;
    const refused = refusedConfigFile(path, root, hasKey !== false);
    if (refused) return refused;
    if (hasKey) return undefined;
  }
  return undefined;
}

async function readConfig(path: string, isEmpty: boolean): Promise<ConfigResult> {
  if (isEmpty) return { config: { file: path, rules: {} }, findings: [] };
  const read = readRegularFile(path);
  if ('finding' in read) return { findings: [read.finding] };
  // JSON is YAML: one parser gives every format its line and column.
  const parsed = await parseYamlBytes(path, read.bytes);
  if (!parsed.file) return { findings: parsed.findings };
  const file = parsed.file;
  if (file.documents.length > 1) {
    return { findings: [invalid(file.locate(file.documents[1]!.root), 'the config file holds more than one YAML document', 'keep one document')] };
  }
  const inPackageJson = basename(path) === 'package.json';
  const prefix = inPackageJson ? [CONFIG_NAME] : [];
  let data: unknown;
  try {
    const whole = file.documents[0]?.toJS() ?? null;
    data = inPackageJson ? (whole as Record<string, unknown>)[CONFIG_NAME] : whole;
  } catch (error) {
    return { findings: [inputFinding('input/parse-error', file.locate(file.documents[0]?.root), `cannot expand YAML aliases: ${(error as Error).message}`, 'remove the aliases')] };
  }
  const root = inPackageJson ? mapValue(file.documents[0]?.root, prefix) : file.documents[0]?.root ?? null;
  if (data === null || data === undefined) return { config: { file: path, rules: {} }, findings: [] };
  const findings = keyFindings(file, root, data, prefix);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { findings };
  // The values of the known keys are checked too, beside any unknown key: a user fixes all of them in one pass (a
  // trial's probe: a bad severity showed only once a mistyped key was corrected).
  const known = knownPart(data as Record<string, unknown>);
  let result = configSchema.safeParse(known);
  if (!result.success) {
    const { default: en } = await import('zod/v4/locales/en.js');
    z.config(en());
    result = configSchema.safeParse(known);
  }
  if (!result.success) {
    findings.push(...result.error.issues.slice(0, 20).map((issue) =>
      invalid(file.locate(nodeAt(root, issue.path)), `${formatIssuePath([...prefix, ...issue.path]) || 'the config'}: ${issue.message}`, FIX)));
  }
  const byPlace = (a: Finding, b: Finding) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
  if (findings.length > 0 || !result.success) return { findings: findings.sort(byPlace) };
  const config = result.data;
  const base = dirname(path);
  const at = (value: string) => resolve(base, value);
  return {
    config: {
      file: path,
      ...(config.root !== undefined ? { root: at(config.root) } : {}),
      ...(config.kitDir !== undefined ? { kitDir: (Array.isArray(config.kitDir) ? config.kitDir : [config.kitDir]).map(at) } : {}),
      ...(config.expected !== undefined ? { expected: at(config.expected) } : {}),
      ...(config.slotLabel !== undefined ? { slotLabel: config.slotLabel } : {}),
      ...(config.allClusters !== undefined ? { allClusters: config.allClusters } : {}),
      ...(config.format !== undefined ? { format: config.format } : {}),
      ...(config.strict !== undefined ? { strict: config.strict } : {}),
      ...(config.include !== undefined ? { include: config.include.map(at) } : {}),
      ...(config.exclude !== undefined ? { exclude: config.exclude } : {}),
      rules: Object.fromEntries(Object.entries(config.rules ?? {}).filter((entry): entry is [string, RuleSetting] => entry[1] !== undefined)),
    },
    findings: [],
  };
}

function invalid(location: Location, message: string, fix: string): Finding {
  return inputFinding('input/invalid-config', location, message, fix);
}

/**
 * Unknown keys and rule ids, each with a did-you-mean, before the schema runs:
 * zod would say "Unrecognized key" and nothing more.
 */
function keyFindings(file: YamlFile, root: YamlNode | null, data: unknown, prefix: string[]): Finding[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [invalid(file.locate(root), `${formatIssuePath(prefix) || 'the config'} must be a mapping of options`, FIX)];
  }
  const findings: Finding[] = [];
  const topKeys = Object.keys(configSchema.def.shape);
  for (const key of Object.keys(data)) {
    if (topKeys.includes(key)) continue;
    const where = file.locate(keyPosition(root, key) ?? root);
    if (key in UNSUPPORTED_KEYS) {
      findings.push(invalid(where, `${formatIssuePath([...prefix, key])}: not supported — ${UNSUPPORTED_KEYS[key]}`, 'remove the key'));
    } else {
      findings.push(invalid(where, `${formatIssuePath([...prefix, key])}: unknown option`, suggestion(key, topKeys, `use one of ${topKeys.join(', ')}`)));
    }
  }
  const rules = (data as Record<string, unknown>).rules;
  if (typeof rules === 'object' && rules !== null && !Array.isArray(rules)) {
    const ids = configurableRuleIds();
    const rulesNode = mapValue(root, ['rules']);
    for (const id of Object.keys(rules)) {
      if (ids.includes(id)) continue;
      const where = file.locate(keyPosition(rulesNode, id) ?? rulesNode);
      const path = `${formatIssuePath([...prefix, 'rules'])}.${id}`;
      if (id.startsWith('input/')) {
        findings.push(invalid(where, `${path}: input/* rules stop the audit (exit 3) and cannot be turned down`, 'remove the entry'));
      } else {
        findings.push(invalid(where, `${path}: unknown rule id`, suggestion(id, ids, 'the rule ids are listed in docs/contract.md')));
      }
    }
  }
  return findings;
}

/** The config without the keys and rule ids keyFindings reports, for the schema to judge the rest. */
function knownPart(data: Record<string, unknown>): Record<string, unknown> {
  const topKeys = Object.keys(configSchema.def.shape);
  const known = Object.fromEntries(Object.entries(data).filter(([key]) => topKeys.includes(key)));
  const { rules } = known;
  if (typeof rules === 'object' && rules !== null && !Array.isArray(rules)) {
    const ids = configurableRuleIds();
    known.rules = Object.fromEntries(Object.entries(rules).filter(([id]) => ids.includes(id)));
  }
  return known;
}

function keyPosition(node: YamlNode | null, key: string): Position | undefined {
  return mapEntry(node, key)?.keyPosition;
}

function nodeAt(root: YamlNode | null, path: readonly PropertyKey[]): YamlNode | null {
  let node = root;
  for (const key of path) {
    const next = node?.kind === 'seq' && typeof key === 'number' ? node.items[key] ?? null : mapValue(node, [String(key)]);
    if (!next) break;
    node = next;
  }
  return node;
}
