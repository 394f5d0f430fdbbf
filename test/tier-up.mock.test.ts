import { afterEach, describe, expect, it, vi } from 'vitest';

// The launcher starts V8 with --no-opt and marks the process with its flag setter; the run turns the
// optimising compiler back on once its input is large (src/load/tier-up.ts), through that setter.
const marker = Symbol.for('bootstrap-deps.optimizer-deferred');
const setFlags = vi.fn<(flags: string) => void>();

afterEach(() => {
  delete (process as unknown as Record<symbol, unknown>)[marker];
  setFlags.mockReset();
  vi.resetModules();
});

describe('the optimising compiler is turned on once the input is large', () => {
  it('from the listings, before reading: the files of every listing add up to 800; a directory counts once', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = setFlags;
    const { noteFilesListed, noteInputRead } = await import('../src/load/tier-up.js');
    // --all-clusters counts each kit up front, and loading it lists it again: counted once.
    noteFilesListed(500, '/repo/clusters/a/bootstrap-kit');
    noteFilesListed(500, '/repo/clusters/a/bootstrap-kit');
    noteFilesListed(299);
    noteInputRead(200 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
    // The repository walk leaves the kits out: its files add to theirs (a kit of 500 and 300 more files).
    noteFilesListed(1);
    expect(setFlags).toHaveBeenCalledWith('--opt');
    noteFilesListed(5000);
    noteInputRead(1024 * 1024);
    expect(setFlags).toHaveBeenCalledTimes(1);
  });

  it('says whether it is on: off while the launcher defers it, on once turned on, and always on without the launcher', async () => {
    const library = await import('../src/load/tier-up.js');
    expect(library.optimizerIsOn()).toBe(true);
    vi.resetModules();
    (process as unknown as Record<symbol, unknown>)[marker] = setFlags;
    const { noteFilesListed, optimizerIsOn } = await import('../src/load/tier-up.js');
    expect(optimizerIsOn()).toBe(false);
    noteFilesListed(800);
    expect(optimizerIsOn()).toBe(true);
  });

  it('one listing of 800 files turns it on by itself; of 799, not', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = setFlags;
    const { noteFilesListed } = await import('../src/load/tier-up.js');
    noteFilesListed(799, '/repo/a');
    expect(setFlags).not.toHaveBeenCalled();
    vi.resetModules();
    const fresh = await import('../src/load/tier-up.js');
    fresh.noteFilesListed(800);
    expect(setFlags.mock.calls).toEqual([['--opt']]);
  });

  it('a file of 256 KiB, or 8 MiB read from small files, turns it on; less does not', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = setFlags;
    const tierUp = await import('../src/load/tier-up.js');
    tierUp.noteInputRead(256 * 1024 - 1);
    expect(setFlags).not.toHaveBeenCalled();
    tierUp.noteInputRead(256 * 1024);
    expect(setFlags.mock.calls).toEqual([['--opt']]);
    vi.resetModules();
    setFlags.mockReset();
    const fresh = await import('../src/load/tier-up.js');
    for (let file = 0; file < 2047; file += 1) fresh.noteInputRead(4 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
    fresh.noteInputRead(4 * 1024);
    expect(setFlags.mock.calls).toEqual([['--opt']]);
  });

  it('a single file over 1 MiB caps heap growth, once; many small files do not', async () => {
    (process as unknown as Record<symbol, unknown>)[marker] = setFlags;
    const { noteInputRead } = await import('../src/load/tier-up.js');
    for (let file = 0; file < 1000; file += 1) noteInputRead(4 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
    noteInputRead(8 * 1024 * 1024);
    noteInputRead(2 * 1024 * 1024);
    expect(setFlags.mock.calls.map(([flags]) => flags)).toEqual(['--heap-growing-percent=20', '--opt']);
  });

  it('never in the library, where nothing deferred it, nor through node:v8 (which loads the stream modules)', async () => {
    const { noteFilesListed, noteInputRead } = await import('../src/load/tier-up.js');
    noteFilesListed(30000);
    noteInputRead(8 * 1024 * 1024);
    expect(setFlags).not.toHaveBeenCalled();
  });
});
