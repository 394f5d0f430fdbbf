import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, EXPECTED_SCHEMA_FILE, jsonSchemas } from '../src/schemas/json-schemas.js';
import { copyFixture, EXPECTED, fixture, projectRoot, runCli } from './helpers.js';

// The shipped files (written by npm run build, which npm test runs first), not a fresh generation:
// what an editor loads is what is checked here.
const shipped = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'schemas', name), 'utf8'));

function compile(name: string) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(shipped(name));
}

function expectedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && join(entry.parentPath, entry.name).endsWith(EXPECTED))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe('JSON Schema of the expected DAG', () => {
  const validate = compile(EXPECTED_SCHEMA_FILE);
  const files = expectedFiles(join(projectRoot, 'fixtures'));

  it('the build wrote what the zod schemas generate', () => {
    expect(shipped(EXPECTED_SCHEMA_FILE)).toEqual(jsonSchemas()[EXPECTED_SCHEMA_FILE]);
    expect(shipped(CONFIG_SCHEMA_FILE)).toEqual(jsonSchemas()[CONFIG_SCHEMA_FILE]);
  });

  it('covers every fixture: the sovereign repository, the clusters and every case', () => {
    const shown = files.map((file) => relative(projectRoot, file));
    expect(shown).toContain('fixtures/sovereign/scripts/expected-bootstrap-deps.yaml');
    expect(shown).toContain('fixtures/clusters/scripts/expected-bootstrap-deps.yaml');
    for (const name of readdirSync(join(projectRoot, 'fixtures', 'cases'))) {
      expect(shown).toContain(`fixtures/cases/${name}/scripts/expected-bootstrap-deps.yaml`);
    }
  });

  for (const file of expectedFiles(join(projectRoot, 'fixtures'))) {
    it(`accepts ${relative(projectRoot, file)}`, () => {
      const valid = validate(parse(readFileSync(file, 'utf8')));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });
  }

  for (const [what, document, path] of [
    ['a negative slot', { slots: [{ slot: -1, name: 'bp-a' }] }, '/slots/0/slot'],
    ['a slot such as "15-a"', { slots: [{ slot: '15-a', name: 'bp-a' }] }, '/slots/0/slot'],
    ['an empty name', { slots: [{ slot: 1, name: '' }] }, '/slots/0/name'],
    ['a missing name', { slots: [{ slot: 1 }] }, '/slots/0'],
    ['depends_on as a string', { slots: [{ slot: 1, name: 'bp-a', depends_on: 'bp-b' }] }, '/slots/0/depends_on'],
    ['a misspelt key', { slots: [{ slot: 1, name: 'bp-a', depnds_on: ['bp-b'] }] }, '/slots/0'],
    ['slots as a mapping', { slots: { 'bp-a': 1 } }, '/slots'],
  ] as const) {
    it(`rejects ${what}`, () => {
      expect(validate(document)).toBe(false);
      expect(validate.errors!.map((error) => error.instancePath)).toContain(path);
    });
  }
});

describe('JSON Schema of the config file', () => {
  const validate = compile(CONFIG_SCHEMA_FILE);

  it('accepts the README example and every rule id', () => {
    const rules = Object.fromEntries(Object.keys(shipped(CONFIG_SCHEMA_FILE).properties.rules.properties).map((id) => [id, 'warning']));
    expect(Object.keys(rules)).toContain('drift/extra-edge');
    expect(Object.keys(rules)).not.toContain('input/parse-error');
    const config = { kitDir: 'clusters/*/bootstrap-kit', expected: EXPECTED, strict: true, format: 'json', allClusters: false, slotLabel: 'x/slot', root: '.', rules };
    expect(validate(config)).toBe(true);
    expect(validate({ kitDir: ['a', 'b'] })).toBe(true);
  });

  for (const [what, document] of [
    ['an unknown rule id', { rules: { 'drift/extra-edg': 'off' } }],
    ['an unknown severity', { rules: { 'drift/extra-edge': 'info' } }],
    ['ignore', { ignore: ['clusters'] }],
    ['include as a string', { include: 'clusters' }],
    ['an unknown format', { format: 'xml' }],
    ['strict as a string', { strict: 'yes' }],
  ] as const) {
    it(`rejects ${what}`, () => {
      expect(validate(document)).toBe(false);
    });
  }
});

describe('init points editors at the schema', () => {
  it('writes the yaml-language-server line, whose path reaches the installed package\'s schema, which accepts the file', async () => {
    const root = copyFixture(fixture('sovereign'));
    rmSync(join(root, 'scripts'), { recursive: true });
    mkdirSync(join(root, '.git'));
    // What npm install --save-dev leaves: node_modules/bootstrap-deps with schemas/ in it.
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(projectRoot, join(root, 'node_modules', 'bootstrap-deps'));
    expect((await runCli(['init'], { cwd: root })).code).toBe(0);
    const text = readFileSync(join(root, EXPECTED), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    expect(modeline?.[1]).toBe('../node_modules/bootstrap-deps/schemas/expected-bootstrap-deps.schema.json');
    const schemaPath = resolve(dirname(join(root, EXPECTED)), modeline![1]!);
    const validate = new Ajv({ allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(validate(parse(text))).toBe(true);
  });
});
