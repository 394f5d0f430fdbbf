import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputRules } from '../src/rules/input-rules.js';
import { docsPath, ruleCatalogue, rules } from '../src/rules/index.js';
import { projectRoot } from './helpers.js';

// The catalogue (src/rules/index.ts) is the one list of rule ids. Everything
// else that names rules must agree with it: the rule modules, the docs pages,
// the README table, the contract and the tester files. Each failure lists what
// to add, so a new rule cannot land half-done.

// Module and tester files are lower-case (dependsOn/duplicate → dependson-duplicate.ts); the page
// keeps the id's case (docs/rules/dependsOn-duplicate.md), as the contract names it.
const moduleName = (id: string) => id.replaceAll('/', '-').toLowerCase();
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
// After the title, the severity and what the rule reports: these sections (the examples may say `## Failing example`).
const SECTIONS = ['## Why it matters to Flux', '## How to fix', '## Failing', '## Passing'];
// Raised by the CLI itself or by a failing file system, not by reading a kit: tested elsewhere.
const NO_TESTER_FILE: Record<string, string> = {
  'input/usage': 'test/input-errors.test.ts (usage errors) and test/formatters.test.ts',
  'input/internal': 'test/cli.test.ts (internal errors)',
  'input/unreadable': 'test/input-unreadable.mock.test.ts and test/input-errors.test.ts (symbolic link loop)',
  'input/invalid-config': 'test/config.test.ts (the config file is read by the CLI, not the library\'s check())',
  'input/invalid-suppressions': 'test/suppressions.test.ts (the baseline file is read by the CLI)',
};

describe('the rule catalogue', () => {
  it('has each id once, in the contract\'s family/name form, with its docs path', () => {
    const ids = ruleCatalogue.map((rule) => rule.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    for (const rule of ruleCatalogue) {
      expect(rule.id).toMatch(/^(input|drift|expected|graph|slot|dependsOn|[a-z]+)\/[a-z]+(-[a-z]+)*$/);
      expect(rule.docs, rule.id).toBe(docsPath(rule.id));
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.help.length, rule.id).toBeGreaterThan(10);
    }
  });

  it('matches the rule modules: src/rules/<id with / as -, lower case>.ts exports the rule with that id', async () => {
    const problems: string[] = [];
    for (const rule of rules) {
      const file = `src/rules/${moduleName(rule.id)}.ts`;
      if (!existsSync(join(projectRoot, file))) {
        problems.push(`${rule.id}: rename its module to ${file}`);
        continue;
      }
      const module = await import(`../${file.replace(/\.ts$/, '.js')}`);
      if (module.default !== rule) problems.push(`${rule.id}: ${file} must export default the rule listed in src/rules/index.ts`);
    }
    // Other modules are helpers shared by rules; one that exports a rule must be listed.
    for (const file of readdirSync(join(projectRoot, 'src/rules'))) {
      if (!file.endsWith('.ts') || rules.some((rule) => `${moduleName(rule.id)}.ts` === file)) continue;
      const module = await import(`../src/rules/${file.replace(/\.ts$/, '.js')}`);
      if (module.default?.id && typeof module.default.check === 'function') {
        problems.push(`src/rules/${file}: add its rule (${module.default.id}) to the rules list in src/rules/index.ts`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a docs page per id, with its sections, and no page without an id', () => {
    const problems: string[] = [];
    for (const rule of ruleCatalogue) {
      if (!existsSync(join(projectRoot, rule.docs))) {
        problems.push(`${rule.id}: add ${rule.docs} starting "# ${rule.id}" then the severity and what it reports, then the sections ${SECTIONS.join(', ')} (see docs/rules/drift-missing-edge.md)`);
        continue;
      }
      const page = read(rule.docs);
      if (!page.startsWith(`# ${rule.id}\n`)) problems.push(`${rule.docs}: the first line must be "# ${rule.id}"`);
      for (const section of SECTIONS) if (!new RegExp(`\n${section}( example)?\n`).test(page)) problems.push(`${rule.docs}: add the section "${section}"`);
    }
    for (const file of readdirSync(join(projectRoot, 'docs/rules'))) {
      if (!ruleCatalogue.some((rule) => rule.docs === `docs/rules/${file}`)) problems.push(`docs/rules/${file}: no rule has this page; remove it or add the rule`);
    }
    expect(problems).toEqual([]);
  });

  it('matches the README rule table, row for row, each row linking to the page', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('### Rules'), readme.indexOf('\n## ', readme.indexOf('### Rules')));
    const rows = [...table.matchAll(/^\| \[`([^`]+)`\]\(([^)]+)\) \| ([^|]+) \|/gm)].map(([, id, link, severity]) => ({ id: id!, link: link!, severity: severity!.trim() }));
    const problems: string[] = [];
    for (const rule of ruleCatalogue) {
      const row = rows.find((candidate) => candidate.id === rule.id);
      const severity = rule.id.startsWith('input/') && rule.severity === 'error' ? 'exit 3' : rule.severity;
      if (!row) problems.push(`${rule.id}: add the README row "| [\`${rule.id}\`](${rule.docs}) | ${severity} | \`example message\`<br>How to fix. |" under ### Rules`);
      else {
        if (row.link !== rule.docs) problems.push(`${rule.id}: the README row must link to ${rule.docs}`);
        if (!row.severity.startsWith(severity)) problems.push(`${rule.id}: the README row's severity must start with "${severity}"`);
      }
    }
    for (const row of rows) if (!ruleCatalogue.some((rule) => rule.id === row.id)) problems.push(`README: the row for ${row.id} names no rule in the catalogue`);
    expect(problems).toEqual([]);
  });

  it('is in the contract: every id in a table of docs/contract.md', () => {
    const contract = read('docs/contract.md');
    const missing = ruleCatalogue.filter((rule) => !contract.includes(`| \`${rule.id}\` |`))
      .map((rule) => `${rule.id}: add a row "| \`${rule.id}\` | ${rule.severity} | ${rule.description} |" to the rule id tables of docs/contract.md`);
    expect(missing).toEqual([]);
  });

  it('has a rule tester file per id: test/rules/<id with / as -, lower case>.test.ts', () => {
    const problems: string[] = [];
    for (const rule of ruleCatalogue) {
      const file = `test/rules/${moduleName(rule.id)}.test.ts`;
      if (NO_TESTER_FILE[rule.id]) continue;
      if (!existsSync(join(projectRoot, file))) {
        problems.push(`${rule.id}: add ${file} calling ruleTester(rule, { valid: [...], invalid: [...] }) from test/rule-tester.ts (see test/rules/drift-missing-edge.test.ts)`);
      } else if (!read(file).includes('ruleTester(')) {
        problems.push(`${file}: use ruleTester from test/rule-tester.ts`);
      }
    }
    for (const file of readdirSync(join(projectRoot, 'test/rules'))) {
      if (!ruleCatalogue.some((rule) => `${moduleName(rule.id)}.test.ts` === file)) problems.push(`test/rules/${file}: no rule has this id`);
    }
    expect(problems).toEqual([]);
    // The exceptions are raised by the CLI or a failing file system, never by the loader on a kit.
    expect(Object.keys(NO_TESTER_FILE).every((id) => inputRules.some((rule) => rule.id === id))).toBe(true);
  });
});
