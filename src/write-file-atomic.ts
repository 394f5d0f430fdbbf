import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** File-system calls used here, replaceable so tests can make the rename fail. */
export interface AtomicWriteFs {
  writeFile: typeof writeFile;
  rename: typeof rename;
  unlink: typeof unlink;
}

const nodeFs: AtomicWriteFs = { writeFile, rename, unlink };

/**
 * Writes to a temporary file in the same directory, then renames it into place:
 * readers see the old file or the new one, never half of one. Same directory,
 * because a rename across file systems is not atomic.
 */
let sequence = 0;

export async function writeFileAtomic(path: string, content: string, fs: AtomicWriteFs = nodeFs): Promise<void> {
  // Unique per process and call; the exclusive 'wx' flag refuses to reuse a name anyway.
  sequence += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${sequence}.tmp`);
  try {
    await fs.writeFile(temporary, content, { flag: 'wx' });
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}
