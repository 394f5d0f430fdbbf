import { accessSync, closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { writeChunks } from './report/chunks.js';
import { dirname, resolve } from 'node:path';

/** The file changed between the read and the write: refused, nothing written (exit 3). */
export class ChangedSinceReadError extends Error {
  readonly code = 'ECHANGED';
  constructor(readonly path: string) {
    super(`${path} changed since it was read`);
  }
}

/** Another run holds the file's lock: refused, nothing written (exit 3). */
export class LockedError extends Error {
  readonly code = 'ELOCKED';
  constructor(readonly path: string, readonly lock: string) {
    super(`${path} is being written by another run (lock ${lock})`);
  }
}

export interface WriteOptions {
  /**
   * The bytes the caller read and edited: the write is refused when the file
   * no longer holds them (another run wrote it meanwhile). Checked under a lock
   * file next to the real file, so two runs cannot both pass the check.
   */
  unchangedSince?: Buffer;
}

const LOCK_WAIT_MS = 2000;

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // A new file: its directory may still be a link.
    try {
      return resolve(realpathSync(dirname(path)), path.slice(dirname(path).length + 1));
    } catch {
      return path;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Creates `lock` exclusively, waiting a little for another run to finish; removed on exit and on SIGINT/SIGTERM. */
async function acquireLock(path: string, lock: string): Promise<() => void> {
  const { onExit } = await import('signal-exit');
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - started > LOCK_WAIT_MS) throw new LockedError(path, lock);
      await sleep(20);
    }
  }
  const remove = () => {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  };
  const removeHandler = onExit(remove);
  return () => {
    removeHandler();
    remove();
  };
}

/**
 * Writes a file so that readers see the old content or the new, never half:
 * `write-file-atomic` writes a temp file beside the real file (through
 * symbolic links), keeps its mode and owner, fsyncs, renames it into place,
 * and removes the temp file on SIGINT/SIGTERM. A target that exists and is
 * not a regular file (`/dev/stdout`, a FIFO) is written directly: renaming
 * over a device node would replace it.
 */
export async function writeFileAtomic(path: string, content: string | Buffer | Iterable<string>, options: WriteOptions = {}): Promise<void> {
  // Pieces (a report of 520,000 findings) are written as they come, never joined into one string first.
  const pieces = typeof content === 'string' || Buffer.isBuffer(content) ? undefined : content;
  let info;
  try {
    info = statSync(path);
  } catch {
    info = undefined;
  }
  if (info && !info.isFile() && !info.isDirectory()) {
    // /dev/stdout on a socket cannot be opened again (ENXIO): write to the descriptor it names.
    const descriptor = [1, 2].find((fd) => {
      try {
        const open = fstatSync(fd);
        return open.dev === info.dev && open.ino === info.ino;
      } catch {
        return false;
      }
    });
    if (!pieces) writeFileSync(descriptor ?? path, content as string | Buffer);
    else {
      const fd = descriptor ?? openSync(path, 'w');
      try {
        writeAll(fd, pieces);
      } finally {
        if (descriptor === undefined) closeSync(fd);
      }
    }
    return;
  }
  const real = realTarget(path);
  // A file its mode forbids us to write is refused as a direct write would be (EACCES): the rename of a temp file
  // over it needs only the directory's permission, and replaced a read-only expected DAG (a trial's probe).
  if (info?.isFile()) accessSync(real, constants.W_OK);
  const { default: writeAtomic } = await import('write-file-atomic');
  if (options.unchangedSince === undefined) {
    // The pieces go into the temp file write-file-atomic has just created (it then fsyncs, keeps mode and
    // owner, renames, and removes the temp file on failure or a signal), where a string would be its content.
    if (pieces) await writeAtomic(real, '', { fsync: true, tmpfileCreated: (temporary) => writeAllTo(temporary, pieces) });
    else await writeAtomic(real, content as string | Buffer, { fsync: true });
    return;
  }
  if (pieces) throw new TypeError('writeFileAtomic: unchangedSince needs the whole content');
  const release = await acquireLock(path, `${real}.lock`);
  try {
    let current: Buffer | undefined;
    try {
      current = readFileSync(real);
    } catch {
      current = undefined;
    }
    if (!current || !current.equals(options.unchangedSince)) throw new ChangedSinceReadError(path);
    await writeAtomic(real, content as string | Buffer, { fsync: true });
  } finally {
    release();
  }
}

/** Every byte of every piece, in writes of about 64 KB. */
function writeAll(fd: number, pieces: Iterable<string>): void {
  writeChunks(pieces, (text) => {
    const buffer = Buffer.from(text);
    for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset);
  });
}

function writeAllTo(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'r+');
  try {
    writeAll(fd, pieces);
  } finally {
    closeSync(fd);
  }
}

/** What went wrong in a write, for the one line: the errno code, or our own refusal. */
export function writeErrorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
