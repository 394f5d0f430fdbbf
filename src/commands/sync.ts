import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../cli-io.js';
import { loadRepository, resolvePaths } from '../load/repository.js';
import { buildAuditModel } from '../model/audit-model.js';
import { displayPath } from '../model/paths.js';
import { initialExpected, syncExpected } from '../sync/sync-expected.js';
import { unifiedDiff } from '../sync/unified-diff.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel, reportInputErrors, repositoryOptions, usageError } from './shared.js';

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

export interface InitFlags extends RepositoryFlags {
  force?: boolean;
  wave?: string;
}

/** A first expected DAG from the kit; refuses to overwrite one without --force. */
export async function runInit(flags: InitFlags, io: CliIo): Promise<number> {
  const options = repositoryOptions(flags, io);
  const { expectedFile } = resolvePaths(options);
  const shown = displayPath(io.cwd, expectedFile);
  if (existsSync(expectedFile) && !flags.force) {
    return usageError(io, `${shown} already exists`, 'pass --force to overwrite it, or use bootstrap-deps sync to update it');
  }
  const repository = await loadRepository(options);
  // The expected file is what init creates: its absence (or old content, with --force) is no error here.
  if (reportInputErrors(repository, io, (_rule, file) => file === expectedFile)) return 3;
  const { text, changes } = initialExpected(buildAuditModel({ ...repository, expected: [] }), {
    ...(flags.wave !== undefined ? { wave: flags.wave } : {}),
  });
  try {
    const { mkdir } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    await mkdir(dirname(expectedFile), { recursive: true });
    await writeFileAtomic(expectedFile, text);
  } catch (error) {
    return usageError(io, `${shown} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'check that the directory is writable');
  }
  io.stderr(`wrote ${shown} with ${changes.filter((change) => change.startsWith('added')).length} slots\n`);
  for (const change of changes.filter((line) => line.startsWith('skipped'))) io.stderr(`${change}\n`);
  return 0;
}
