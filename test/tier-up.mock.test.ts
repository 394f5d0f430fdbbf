import * as v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The launcher starts V8 with --no-opt and marks the process; the run turns the
// optimising compiler back on once its input is large (src/load/tier-up.ts).
vi.mock('node:v8', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:v8')>()), setFlagsFromString: vi.fn() }));

const marker = Symbol.for('bootstrap-deps.optimizer-deferred');
const setFlags = vi.mocked(v8.setFlagsFromString);

afterEach(() => {
  delete (process as unknown as Record<symbol, unknown>)[marker];
  setFlags.mockReset();
  vi.resetModules();
});

describe('the optimising compiler is turned on once the input is large', () => {
  it('after 256 KiB read, once, when the launcher deferred it', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = true;
    const { noteInputRead } = await import('../src/load/tier-up.js');
    noteInputRead(200 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
    noteInputRead(57 * 1024);
    expect(setFlags).toHaveBeenCalledWith('--opt');
    noteInputRead(1024 * 1024);
    expect(setFlags).toHaveBeenCalledTimes(1);
  });

  it('a single file over 1 MiB caps heap growth, once; many small files do not', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = true;
    const { noteInputRead } = await import('../src/load/tier-up.js');
    for (let file = 0; file < 1000; file += 1) noteInputRead(4 * 1024);
    expect(setFlags.mock.calls.map(([flags]) => flags)).toEqual(['--opt']);
    noteInputRead(8 * 1024 * 1024);
    noteInputRead(2 * 1024 * 1024);
    expect(setFlags.mock.calls.map(([flags]) => flags)).toEqual(['--opt', '--heap-growing-percent=20']);
  });

  it('never in the library, where nothing deferred it', async () => {
    const { noteInputRead } = await import('../src/load/tier-up.js');
    noteInputRead(8 * 1024 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
  });
});
