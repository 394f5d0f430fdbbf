import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedFromFile, expectedFromTree } from '../src/load/expected.js';
import { parseYamlText } from '../src/load/yaml-file.js';
import { projectRoot } from './helpers.js';

// The expected DAG is read straight from the tree when it plainly fits the
// schema (no plain-JS copy, no zod copy). Whatever that path accepts must come
// out exactly as the schema path gives it; whatever it declines goes there.

async function bothPaths(text: string) {
  const { file } = await parseYamlText('/repo/scripts/expected-bootstrap-deps.yaml', text);
  if (!file) return undefined;
  const fast = await expectedFromFile(file, []);
  const schema = await expectedFromFile(file, [], { fastPath: false });
  const accepted = expectedFromTree(file, file.documents[0]?.root ?? null) !== undefined;
  return { fast, schema, accepted };
}

function expectedFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return expectedFilesUnder(path);
    return /^expected.*\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('expected DAG read from the tree', () => {
  it('gives what the schema path gives on every fixture', async () => {
    const files = expectedFilesUnder(join(projectRoot, 'fixtures'));
    expect(files.length).toBeGreaterThan(5);
    let accepted = 0;
    for (const path of files) {
      const result = await bothPaths(readFileSync(path, 'utf8'));
      if (!result) continue;
      expect(result.fast, path).toEqual(result.schema);
      if (result.accepted) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(5);
  });

  const entry = (fields: string) => `slots:\n  - slot: 1\n    name: bp-a\n    depends_on: []\n  - ${fields.trim().split('\n').join('\n    ')}\n`;
  it.each([
    ['slot: 2\nname: bp-b', true],
    ['slot: "02"\nname: bp-b\nwave: W1', true],
    ['slot: 15a\nname: bp-b\ndepends_on: [bp-a]\nnamespace: flux-system', true],
    ['slot: 3\nname: bp-b\nwave: 3', true],
    ['slot: 3\nname: bp-b\nwave: 1.5', true],
    ['slot: 3\nname: bp-b\ndepends_on: null', true],
    ['slot: 3\nname: "123"', true],
    ['slot: 15A\nname: bp-b', false],
    ['slot: -1\nname: bp-b', false],
    ['slot: 1.5\nname: bp-b', false],
    ['slot: 9007199254740993\nname: bp-b', false],
    ['slot: 3\nname: ""', false],
    ['slot: 3\nname: 123', false],
    ['slot: 3\nname: bp-b\nnamespace: ""', false],
    ['slot: 3\nname: bp-b\nwave: .inf', false],
    ['slot: 3\nname: bp-b\nwave: true', false],
    ['slot: 3\nname: bp-b\nwave: null', false],
    ['slot: 3\nname: bp-b\ndepends_on: [bp-a, ""]', false],
    ['slot: 3\nname: bp-b\ndepends_on: [1]', false],
    ['slot: 3\nname: bp-b\ndepends_on: bp-a', false],
    ['slot: 3\nname: bp-b\ndependson: [bp-a]', false],
    ['slot: 3', false],
  ])('%j: the same slots and findings either way (read from the tree: %s)', async (fields, fromTree) => {
    const result = await bothPaths(entry(fields));
    expect(result).toBeDefined();
    expect(result!.accepted).toBe(fromTree);
    expect(result!.fast).toEqual(result!.schema);
  });

  it.each([
    ['slots: []\n'],
    ['slots:\n  - slot: 1\n    name: bp-a\nextra: 1\n'],
    ['slots:\n  - 1\n'],
    ['other: 1\n'],
  ])('%j goes to the schema path, which reports it', async (text) => {
    const result = await bothPaths(text);
    expect(result!.accepted).toBe(false);
    expect(result!.fast).toEqual(result!.schema);
    expect(result!.fast.findings.length).toBeGreaterThan(0);
  });
});
