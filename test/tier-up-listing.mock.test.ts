import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as tierUp from '../src/load/tier-up.js';
import { loadRepositories } from '../src/load/repository.js';
import { fixture } from './helpers.js';

// --all-clusters reads one kit after another; V8's optimiser must be decided before the first is read,
// from all of them (src/load/tier-up.ts), not when a later kit's listing crosses the line.
vi.mock('../src/load/tier-up.js', () => ({ noteFilesListed: vi.fn(), noteInputRead: vi.fn(), optimizerIsOn: () => true }));

describe('the kits of --all-clusters are counted before any is read', () => {
  it('every kit directory is counted, once each, before the first file is read', async () => {
    const root = fixture('clusters');
    const kitDirs = ['alpha', 'beta', 'gamma'].map((cluster) => join(root, 'clusters', cluster, 'bootstrap-kit'));
    await loadRepositories({ root, cwd: root }, kitDirs);
    const listed = vi.mocked(tierUp.noteFilesListed);
    const read = vi.mocked(tierUp.noteInputRead);
    const firstRead = Math.min(...read.mock.invocationCallOrder);
    const upFront = listed.mock.calls.filter((_, index) => listed.mock.invocationCallOrder[index]! < firstRead);
    expect(upFront.map(([, dir]) => dir)).toEqual(kitDirs);
    expect(upFront.every(([files]) => files > 0)).toBe(true);
    // Loading each kit lists it again, under the same directory: tier-up counts a directory once.
    expect(listed.mock.calls.filter(([, dir]) => dir === kitDirs[0])).toHaveLength(2);
  });
});
