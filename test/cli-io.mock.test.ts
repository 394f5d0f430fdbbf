import * as fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultIo, outputFlushed } from '../src/cli-io.js';

// The real descriptors belong to the test runner, so the writes and the
// terminal check are observed through node:fs; everything else is real.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeSync: vi.fn(), fstatSync: vi.fn(actual.fstatSync) };
});

const writeSync = vi.mocked(fs.writeSync);
const fstatSync = vi.mocked(fs.fstatSync);
const failWith = (code: string) => Object.assign(new Error(code), { code });
// Before any write falls back to the stream: the runner's own 'error' listeners, if any.
const stdoutErrorListeners = process.stdout.listenerCount('error');

afterEach(() => {
  vi.restoreAllMocks();
  writeSync.mockReset();
  fstatSync.mockReset();
});

describe('the CLI writes straight to its descriptors', () => {
  it('writes every byte, however short each write is', () => {
    const written: string[] = [];
    writeSync.mockImplementation(((fd: number, buffer: Buffer, offset: number) => {
      written.push(`${fd}:${buffer.subarray(offset, offset + 3).toString()}`);
      return Math.min(3, buffer.length - offset);
    }) as typeof fs.writeSync);
    defaultIo().stdout('héllo');
    defaultIo().stderr('x');
    expect(written).toEqual(['1:hé', '1:llo', '2:x']); // 'hé' is three bytes
  });

  it('a reader that went away (EPIPE) ends the output quietly; other errors are thrown', () => {
    writeSync.mockImplementation(() => { throw failWith('EPIPE'); });
    expect(() => defaultIo().stdout('abc')).not.toThrow();
    writeSync.mockImplementation(() => { throw failWith('EIO'); });
    expect(() => defaultIo().stderr('abc')).toThrow('EIO');
  });

  it('a full non-blocking pipe (EAGAIN) gets the rest through the stream', () => {
    writeSync.mockImplementationOnce(() => 2).mockImplementationOnce(() => { throw failWith('EAGAIN'); });
    const stream = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    defaultIo().stdout('abcdef');
    expect(stream).toHaveBeenCalledTimes(1);
    expect(String(stream.mock.calls[0]![0])).toBe('cdef');
  });

  it('the launcher exits only once what went through the stream is out (outputFlushed)', async () => {
    // The launcher calls process.exit right after outputFlushed(): it must wait for the stream's callback.
    writeSync.mockImplementationOnce(() => { throw failWith('EAGAIN'); });
    let flush: (() => void) | undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation(((_chunk: unknown, done?: () => void) => {
      if (typeof done === 'function') flush = done;
      return true;
    }) as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(((_chunk: unknown, done?: () => void) => {
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stderr.write);
    defaultIo().stdout('abc');
    let settled = false;
    const flushed = outputFlushed().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    flush!();
    await flushed;
    expect(settled).toBe(true);
  });

  it('after a full pipe, later output follows through the stream, in order, and a reader that leaves then is no crash', async () => {
    // stdout went through the stream in the tests above (module state: the descriptor stays with its stream).
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    defaultIo().stdout('later');
    expect(writeSync).not.toHaveBeenCalled();
    expect(written).toEqual(['later']);
    // The fallback added its own listener (without one, an 'error' event is an uncaught exception).
    expect(process.stdout.listenerCount('error')).toBe(stdoutErrorListeners + 1);
    expect(() => process.stdout.emit('error', failWith('EPIPE'))).not.toThrow();
  });

});

describe('the terminal check', () => {
  const device = (rdev: number, character = true) => ({ isCharacterDevice: () => character, rdev }) as fs.Stats;

  it('is a character device other than /dev/null', () => {
    const nullDevice = fs.statSync('/dev/null').rdev;
    fstatSync.mockReturnValue(device(nullDevice + 1));
    expect(defaultIo().isTTY).toBe(true);
    fstatSync.mockReturnValue(device(nullDevice));
    expect(defaultIo().isTTY).toBe(false);
    fstatSync.mockReturnValue(device(nullDevice + 1, false));
    expect(defaultIo().isTTY).toBe(false);
    fstatSync.mockImplementation(() => { throw failWith('EBADF'); });
    expect(defaultIo().isTTY).toBe(false);
  });

  it('takes the environment and the working directory of the process', () => {
    const io = defaultIo();
    expect(io.env).toBe(process.env);
    expect(io.cwd).toBe(process.cwd());
  });
});
