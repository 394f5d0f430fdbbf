import { resolve } from 'node:path';
import { displayPath } from '../model/paths.js';
import { resolvePaths } from '../load/repository.js';
import { ruleCatalogue } from '../rules/index.js';
import type { LoadedConfig } from './load-config.js';
import { isConfigurable } from './schema.js';
import type { RuleSetting } from './schema.js';

/** The options of `check` that a config file may also set. */
export interface ConfigurableFlags {
  root?: string;
  kitDir?: string[];
  expected?: string;
  slotLabel?: string;
  allClusters?: boolean;
  format?: string;
  strict?: boolean;
  exclude?: string[];
}

/**
 * Flags given on the command line win; then the config file; then the flags'
 * defaults. `explicit` says which flags the user typed (not commander's defaults).
 */
export function mergeConfig<T extends ConfigurableFlags>(flags: T, explicit: ReadonlySet<string>, config: LoadedConfig | undefined): T {
  if (!config) return flags;
  const merged: T = { ...flags };
  const take = <K extends keyof ConfigurableFlags>(key: K, value: ConfigurableFlags[K] | undefined) => {
    if (value !== undefined && !explicit.has(key)) (merged as ConfigurableFlags)[key] = value;
  };
  // A typed choice of kits replaces the config's: the hook and the Action type --all-clusters, and a config's
  // kitDir (or the other way round) must not turn that into "both choose the kits". A typed kit option also
  // leaves the config's exclude to the repository audit it was written for.
  const typedKits = explicit.has('kitDir') || explicit.has('allClusters') || explicit.has('expected');
  take('root', config.root);
  if (!explicit.has('allClusters')) take('kitDir', config.kitDir);
  take('expected', config.expected);
  take('slotLabel', config.slotLabel);
  if (!explicit.has('kitDir')) take('allClusters', config.allClusters);
  take('format', config.format);
  take('strict', config.strict);
  if (!typedKits) take('exclude', config.exclude);
  return merged;
}

export { inputErrorReport } from '../report/report.js';

/** What `check --print-config` prints: every effective option, paths relative to the working directory. */
export function effectiveConfig(cwd: string, flags: ConfigurableFlags, config: LoadedConfig | undefined, auditPaths: readonly string[] = []): string {
  const paths = resolvePaths({
    cwd,
    ...(flags.root !== undefined ? { root: flags.root } : {}),
    ...(flags.expected !== undefined ? { expected: flags.expected } : {}),
    ...(flags.slotLabel !== undefined ? { slotLabel: flags.slotLabel } : {}),
  });
  const shown = (path: string) => displayPath(cwd, path);
  const rules: Record<string, RuleSetting> = {};
  // Every id the config may set, the input/* warnings among them (a trial's probe: they were left out, so a user
  // could not see that input/exclude-unmatched: off took effect).
  for (const rule of ruleCatalogue) {
    if (isConfigurable(rule)) rules[rule.id] = config?.rules[rule.id] ?? rule.severity;
  }
  const document = {
    configFile: config ? shown(config.file) : null,
    root: shown(paths.root),
    kitDir: flags.kitDir && flags.kitDir.length > 0 ? flags.kitDir.map((dir) => shown(resolve(cwd, dir))) : [shown(paths.kitDir)],
    allClusters: Boolean(flags.allClusters),
    expected: shown(paths.expectedFile),
    slotLabel: paths.slotLabel,
    format: flags.format ?? 'text',
    strict: Boolean(flags.strict),
    include: auditPaths.map((path) => shown(resolve(cwd, path))),
    exclude: flags.exclude ?? [],
    rules,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
