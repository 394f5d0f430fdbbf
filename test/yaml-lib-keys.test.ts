import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

import { parseWithYamlLibrary } from '../src/load/yaml-lib-tree.js';

// The yaml package compares each key of a mapping with every key before it (uniqueKeys): 50,000 keys in one mapping
// of a file the fast parser declines (one anchor is enough) took 16 s, a file of 8 MiB minutes. The full path reads
// with uniqueKeys off and finds a repeated key with a set, as yaml compares keys: these hold the two together.
describe('repeated keys, found as the yaml package finds them, in linear time', () => {
  it('a repeated key is the error yaml gives, where yaml gives it; keys of other types or an alias are not yaml\'s repeats', () => {
    expect(parseWithYamlLibrary('a: 1\nb: 2\na: 3\n').error).toEqual({ position: { line: 3, column: 1 }, message: 'Map keys must be unique' });
    expect(parseWithYamlLibrary('m: {a: 1, b: 2, a: 3}\n').error).toEqual({ position: { line: 1, column: 17 }, message: 'Map keys must be unique' });
    expect(parseWithYamlLibrary('m:\n  &k a: 1\n  a: 2\n').error).toEqual({ position: { line: 3, column: 3 }, message: 'Map keys must be unique' });
    // 1 and "1", true and "true", null and "null" differ for yaml; 1 and 01 are one integer.
    expect(parseWithYamlLibrary('1: a\n"1": b\ntrue: c\n"true": d\nnull: e\n"null": f\n').error).toBeUndefined();
    expect(parseWithYamlLibrary('1: a\n01: b\n').error).toMatchObject({ message: 'Map keys must be unique' });
    // Inside a complex key too (yaml and kustomize refuse it).
    expect(parseWithYamlLibrary('m:\n  ? {a: 1, a: 2}\n  : v\n').error).toMatchObject({ message: 'Map keys must be unique' });
    expect(parseWithYamlLibrary('m:\n  ? {a: 1, b: 2}\n  : v\n').error).toBeUndefined();
  });

  it('agrees with yaml\'s own check on generated mappings (block and flow, keys of every type)', () => {
    const keys = ['a', '"a"', "'a'", '1', '"1"', '01', '0x1', '1.0', 'true', 'True', '"true"', 'null', '~', '""', '.nan', '.inf', '!!str 1', '&x b', 'b'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...keys), { minLength: 1, maxLength: 6 }), fc.boolean(), (chosen, flow) => {
      // One anchor at most per document: a second `&x` redefines it, which both read alike, but keep it simple.
      const used = chosen.filter((key, at) => !key.startsWith('&') || chosen.indexOf(key) === at);
      const text = flow ? `m: {${used.map((key, at) => `${key}: ${at}`).join(', ')}}\n` : `m:\n${used.map((key, at) => `  ${key}: ${at}`).join('\n')}\n`;
      const theirs = parseAllDocuments(text) as unknown as { errors: { code: string }[] }[];
      const repeated = theirs[0]!.errors.some((error) => error.code === 'DUPLICATE_KEY');
      const ours = parseWithYamlLibrary(text).error;
      expect(ours?.message === 'Map keys must be unique', text).toBe(repeated);
    }), { numRuns: 400, seed: 20261201 });
  });

  it('a mapping of 60,000 keys through the yaml package reads in linear time (quadratic, it runs past the test\'s timeout)', () => {
    const text = `data: &base\n${Array.from({ length: 60_000 }, (_, at) => `  k${at}: "v${at}"\n`).join('')}copy: *base\n`;
    const parsed = parseWithYamlLibrary(text);
    expect(parsed.error).toBeUndefined();
    const root = parsed.documents![0]!.root;
    expect(root?.kind === 'map' && root.entries.map((entry) => entry.key)).toEqual(['data', 'copy']);
  });
});

describe('quoted scalars indented again, within a budget of text read again', () => {
  it('past what the budget allows for the file\'s length, the quote\'s error stands (each pass reads the whole file again)', () => {
    // About 64 KiB: sixteen passes of the budget's 1 MiB. Sixteen such scalars are read; a seventeenth is the file's error.
    const fill = `data:\n${Array.from({ length: 2_700 }, (_, at) => `  k${at}: "value ${at}"\n`).join('')}`;
    const text = (count: number) => `${fill}${Array.from({ length: count }, (_, at) => `  q${at}: "x\n  y"\n`).join('')}`.padEnd(63.8 * 1024, '\n');
    for (const count of [16, 17]) expect(Math.floor(1024 * 1024 / text(count).length), 'the passes the budget allows').toBe(16);
    expect(parseWithYamlLibrary(text(16)).error).toBeUndefined();
    expect(parseWithYamlLibrary(text(17)).error).toMatchObject({ message: expect.stringMatching(/^Missing closing "quote/) });
  });
});
