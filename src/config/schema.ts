import * as z from 'zod/mini';
import { FORMAT_NAMES } from '../report/formatter.js';
import { ruleCatalogue } from '../rules/index.js';

/** What a config file may set per rule: ESLint's words. */
export const RULE_SETTINGS = ['error', 'warning', 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/**
 * Rules whose severity a config may change: every one but the `input/*`
 * errors, which mean the audit could not run at all (exit 3) and cannot be
 * turned down. An `input/*` warning (a skipped build, an exclude glob that
 * matches nothing) may be turned off, never up: as an error it would read as
 * an audit that could not run.
 */
export function configurableRuleIds(): string[] {
  return ruleCatalogue.filter(isConfigurable).map((rule) => rule.id);
}

export function isConfigurable(rule: { id: string; severity: string }): boolean {
  return !rule.id.startsWith('input/') || rule.severity === 'warning';
}

/** The settings a rule takes: an input/* warning only `warning` or `off`. */
export function settingsOf(id: string): readonly RuleSetting[] {
  return id.startsWith('input/') ? ['warning', 'off'] : RULE_SETTINGS;
}

const text = (description: string) => z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.describe(description)));
const flag = (description: string) => z.optional(z.boolean().check(z.describe(description)));

// One optional key per rule id rather than a record, so an editor completes the ids.
function rulesSchema() {
  const shape = Object.fromEntries(ruleCatalogue
    .filter(isConfigurable)
    .map((rule) => [rule.id, z.optional(z.enum(settingsOf(rule.id) as [RuleSetting, ...RuleSetting[]]).check(z.describe(`${rule.description} (default: ${rule.severity})`)))]));
  return z.strictObject(shape).check(z.describe('severity per rule id: error, warning or off'));
}

/**
 * The schema of `bootstrap-deps.config.yaml` (also `.bootstrap-depsrc.yaml` or
 * the "bootstrap-deps" key of package.json). Paths are relative to the file
 * that holds the config. Command-line flags override every key.
 */
export const configSchema = z.strictObject({
  $schema: z.optional(z.string().check(z.describe('JSON Schema of this file, for editors'))),
  root: text('repository root (like --root)'),
  kitDir: z.optional(z.union([
    z.string().check(z.minLength(1, 'must not be empty')),
    z.array(z.string().check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'list at least one kit directory')),
  ]).check(z.describe('kit directory, a glob such as clusters/*/bootstrap-kit, or a list of them (like --kit-dir)'))),
  expected: text('expected DAG file (like --expected)'),
  slotLabel: text('label that carries a HelmRelease\'s slot (like --slot-label)'),
  allClusters: flag('check every clusters/*/bootstrap-kit/ (like --all-clusters)'),
  format: z.optional(z.enum(FORMAT_NAMES).check(z.describe('output format (like --format)'))),
  strict: flag('warnings fail the check (like --strict)'),
  include: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty'))).check(z.describe('the repository audit: only these files or directories, relative to this file (like check PATH...)'))),
  exclude: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty'))).check(z.describe('the repository audit: leave out root-relative paths matching these globs (like --exclude)'))),
  rules: z.optional(rulesSchema()),
}).check(z.meta({ title: 'bootstrap-deps configuration', description: 'Options of bootstrap-deps check; command-line flags override them.' }));

export type ConfigFile = z.infer<typeof configSchema>;
