import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRegularFile } from '../src/load/yaml-file.js';
import { temporaryDirectory } from './temporary.js';

// A slot file is read with one read(2): all that fstat promised came back, so
// a second call only to hear the end of the file is one syscall per file too
// many (10,000 of them in a large kit). At the limit, the second read stays:
// it is what tells a file that grew past the limit from one that fits.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readSync: vi.fn(actual.readSync) };
});

afterEach(() => {
  vi.mocked(fs.readSync).mockClear();
});

describe('reading a slot file', () => {
  it('takes one read when the file is all there', () => {
    const path = join(temporaryDirectory(), '01-bp-a.yaml');
    fs.writeFileSync(path, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    const read = readRegularFile(path);
    expect('bytes' in read && read.bytes.toString('utf8')).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    expect(vi.mocked(fs.readSync)).toHaveBeenCalledTimes(1);
  });

  it('reads once more at the limit, to tell a file that grew past it', () => {
    const path = join(temporaryDirectory(), '01-bp-a.yaml');
    fs.writeFileSync(path, 'a: 1\n');
    const read = readRegularFile(path, 5);
    expect('bytes' in read && read.bytes.length).toBe(5);
    expect(vi.mocked(fs.readSync)).toHaveBeenCalledTimes(2);
  });

  it('keeps reading after a short read that has not yet reached the size fstat gave', () => {
    const path = join(temporaryDirectory(), '01-bp-a.yaml');
    fs.writeFileSync(path, 'a: 1\nb: 2\n');
    const actual = vi.mocked(fs.readSync).getMockImplementation()!;
    // A file system that hands out three bytes at a time (some network file systems read short).
    vi.mocked(fs.readSync).mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: null) =>
      (actual as (...args: unknown[]) => number)(fd, buffer, offset, Math.min(length, 3), position)) as typeof fs.readSync);
    const read = readRegularFile(path);
    vi.mocked(fs.readSync).mockImplementation(actual);
    expect('bytes' in read && read.bytes.toString('utf8')).toBe('a: 1\nb: 2\n');
  });
});
