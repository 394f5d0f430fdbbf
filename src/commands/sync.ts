import { readFile } from 'node:fs/promises';
import type { CliIo } from '../cli-io.js';
import { displayPath } from '../model/paths.js';
import { syncExpected } from '../sync/sync-expected.js';
import { unifiedDiff } from '../sync/unified-diff.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel } from './shared.js';

export interface SyncFlags extends RepositoryFlags {
  write?: boolean;
  prune?: boolean;
  wave?: string;
}

/**
 * Without --write: print the unified diff and exit 1 when the expected DAG
 * would change (a CI gate). With --write: write it atomically, exit 0.
 */
export async function runSync(flags: SyncFlags, io: CliIo): Promise<number> {
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  const path = model.repository.expectedFile;
  const before = await readFile(path, 'utf8');
  const { text: after, changes } = syncExpected(before, model, {
    ...(flags.prune ? { prune: true } : {}),
    ...(flags.wave !== undefined ? { wave: flags.wave } : {}),
  });
  const shown = displayPath(io.cwd, path);
  if (after === before) {
    io.stderr(`${shown} already agrees with the kit\n`);
    return 0;
  }
  if (!flags.write) {
    io.stdout(unifiedDiff(before, after, shown));
    io.stderr(`${changes.length} change${changes.length === 1 ? '' : 's'} pending — run with --write to apply\n`);
    return 1;
  }
  await writeFileAtomic(path, after);
  for (const change of changes) io.stderr(`${change}\n`);
  io.stderr(`wrote ${shown}\n`);
  return 0;
}
