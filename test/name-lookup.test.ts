import { describe, expect, it } from 'vitest';
import { nameLookup } from '../src/rules/name-lookup.js';

// A dependsOn list of a few items is searched in place; a long one (a hostile file's 500,000) through a Set.
describe('nameLookup', () => {
  const items = (count: number) => Array.from({ length: count }, (_, at) => ({ name: `release-${at}` }));
  for (const count of [3, 16, 17, 1000]) {
    it(`finds the names of a list of ${count}, and no other`, () => {
      const has = nameLookup(items(count), (item) => item.name);
      expect(has('release-0')).toBe(true);
      expect(has(`release-${count - 1}`)).toBe(true);
      expect(has(`release-${count}`)).toBe(false);
      expect(has('')).toBe(false);
    });
  }
});
