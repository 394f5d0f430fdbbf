import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childPaths } from '../src/model/paths.js';

describe('childPaths', () => {
  it('gives what path.join gives for a plain name, whatever the directory looks like', () => {
    const segment = fc.constantFrom('a', 'kit', '.', '..', '', 'b-c', '.hidden');
    const dir = fc.tuple(fc.constantFrom('/', '', '/repo', 'repo', './repo'), fc.array(segment, { maxLength: 4 }), fc.constantFrom('', '/'))
      .map(([head, parts, tail]) => `${head}${parts.join('/')}${tail}` || '/');
    const name = fc.constantFrom('01-a.yaml', '...', '.x', 'kustomization.yaml', 'a_b');
    fc.assert(fc.property(dir, name, (directory, file) => {
      expect(childPaths(directory)(file)).toBe(join(directory, file));
    }), { numRuns: 2000 });
  });
});
