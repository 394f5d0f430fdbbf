import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { templateCanGive } from '../src/model/names.js';

// The names a ResourceSet's templated name can give: its literal parts in order, anything between them.
describe('templateCanGive', () => {
  it.each([
    [['app-', ''], 'app-42', true],
    [['app-', ''], 'typo-db', false],
    [['', '-db'], 'team-db', true],
    [['a-', '-', '-z'], 'a-x-y-z', true],
    [['a-', '-', '-z'], 'a-xz', false],
    [['ab', 'ba'], 'aba', false],
    [['fixed'], 'fixed', true],
    [['fixed'], 'fixed2', false],
  ])('%j and %s: %s', (parts, name, expected) => {
    expect(templateCanGive(parts, name)).toBe(expected);
  });

  it('agrees with the regular expression it replaces (literal parts, `.*` between them)', () => {
    const part = fc.stringMatching(/^[ab-]{0,3}$/);
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[ab-]{0,10}$/), (parts, name) => {
      const regex = new RegExp(`^${parts.map((text) => text.replace(/-/g, '\\-')).join('.*')}$`);
      expect(templateCanGive(parts, name)).toBe(regex.test(name));
    }));
  });

  it('is linear on a long name against many parts (a regular expression backtracked for a minute: a review\'s probe)', () => {
    const parts = ['', ...Array.from({ length: 8 }, () => '-'), '-z'];
    expect(templateCanGive(parts, `${'a-'.repeat(60)}x`)).toBe(false);
  });
});
