// `--output` gets a report in pieces (src/write-file-atomic.ts): written into
// write-file-atomic's temp file as they are made, with the same guarantees as
// a whole string (mode kept, written through a symbolic link, nothing left
// behind and the old file intact when the pieces fail).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/write-file-atomic.js';
import { temporaryDirectory } from './helpers.js';

function* pieces(count: number): Generator<string> {
  for (let index = 0; index < count; index += 1) yield `line ${index} — ü\n`;
}

describe('writeFileAtomic with pieces', () => {
  it('writes a target that is no regular file (a FIFO) directly, whole or in pieces, never renaming over it', async () => {
    // A FIFO of the test's own, with its reader open first (the write then does not wait): what comes through is what
    // was written, and the FIFO stays one. (Not /dev/null: a regression that renamed over it would break the machine.)
    const fifo = join(temporaryDirectory(), 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await writeFileAtomic(fifo, 'all at once ');
      await writeFileAtomic(fifo, ['a ', 'piece ', 'at a time']);
      expect(readFileSync(reader, 'utf8')).toBe('all at once a piece at a time');
    } finally {
      closeSync(reader);
    }
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('writes every piece, keeps the mode, and writes through a symbolic link to its target', async () => {
    const dir = temporaryDirectory();
    const target = join(dir, 'report.txt');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o640);
    symlinkSync(target, join(dir, 'link.txt'));
    await writeFileAtomic(join(dir, 'link.txt'), pieces(20000));
    expect(readFileSync(target, 'utf8')).toBe([...pieces(20000)].join(''));
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'link.txt'), { throwIfNoEntry: true }).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.txt', 'report.txt']);
  });

  it('leaves the old file and no temp file when a piece fails', async () => {
    const dir = temporaryDirectory();
    const target = join(dir, 'report.txt');
    writeFileSync(target, 'old\n');
    function* failing(): Generator<string> {
      yield* pieces(10000);
      throw new Error('formatter failed');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow('formatter failed');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('refuses pieces where the write must check the file is unchanged', async () => {
    const dir = temporaryDirectory();
    const target = join(dir, 'expected.yaml');
    writeFileSync(target, 'old\n');
    await expect(writeFileAtomic(target, pieces(2), { unchangedSince: Buffer.from('old\n') })).rejects.toThrow(TypeError);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
  });
});
