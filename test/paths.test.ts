import { isAbsolute, join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside } from '../src/model/inside.js';
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

describe('isInside', () => {
  /** What isInside answered before its prefix fast path: path.relative's verdict, for any two paths. */
  const byRelative = (parent: string, target: string) => {
    const fromParent = relative(parent, target);
    return fromParent === '' || (!fromParent.startsWith(`..${sep}`) && fromParent !== '..' && !isAbsolute(fromParent));
  };
  it('agrees with path.relative for absolute and relative paths, normalised or not', () => {
    const segment = fc.constantFrom('a', 'ab', 'a.b', 'kit', '.', '..', '', '.hidden', 'b-c');
    const path = fc.tuple(fc.constantFrom('/', '', '/a', 'a', './a', '/ab'), fc.array(segment, { maxLength: 4 }), fc.constantFrom('', '/'))
      .map(([head, parts, tail]) => `${head}${parts.join('/')}${tail}`);
    fc.assert(fc.property(path, path, (parent, target) => {
      expect(isInside(parent, target)).toBe(byRelative(parent, target));
    }), { numRuns: 5000 });
  });
  it('says a sibling that shares a prefix is not inside, and the root holds everything', () => {
    expect([isInside('/repo/apps', '/repo/apps'), isInside('/repo/apps', '/repo/apps/x.yaml'), isInside('/repo/apps', '/repo/apps-old/x.yaml'), isInside('/', '/repo')])
      .toEqual([true, true, false, true]);
  });
});
