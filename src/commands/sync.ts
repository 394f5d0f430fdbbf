import type { CliIo } from '../cli-io.js';
import type { AuditModel } from '../model/audit-model.js';
import { displayPath } from '../model/paths.js';
import { syncExpected } from '../sync/sync-expected.js';
import { readRegularFile } from '../load/yaml-file.js';
import { ChangedSinceReadError, LockedError, writeErrorCode, writeFileAtomic } from '../write-file-atomic.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel, oneKitDir, refuseWithoutKit, textStyle, usageError } from './shared.js';
import unknownTarget from '../rules/dependson-unknown-target.js';
import { toReportFinding } from '../report/report.js';
import { formatFindingLine } from '../report/text.js';
import { printable } from '../report/printable.js';

export interface SyncFlags extends RepositoryFlags {
  write?: boolean;
  prune?: boolean;
  wave?: string;
  color?: boolean;
}

/**
 * Without --write: print the unified diff and exit 1 when the expected DAG
 * would change (a CI gate). With --write: write it atomically, exit 0.
 */
export async function runSync(flags: SyncFlags, io: CliIo): Promise<number> {
  if (oneKitDir('sync', flags, io) === 3 || refuseWithoutKit('sync', flags, io) === 3) return 3;
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  if (await refuseUnknownTargets(model, io, 'sync')) return 1;
  const path = model.repository.expectedFile;
  const shown = displayPath(io.cwd, path);
  const read = readRegularFile(path);
  if ('finding' in read) return usageError(io, `${shown} ${read.finding.message}`, read.finding.fix ?? 'check the file');
  const original = read.bytes;
  // Edit LF text without a byte-order mark; write back what the file had (Windows editors add both).
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf;
  const raw = original.subarray(bom ? 3 : 0).toString('utf8');
  const crlf = raw.includes('\r\n');
  const before = crlf ? raw.replace(/\r\n/g, '\n') : raw;
  const { text: after, changes } = syncExpected(before, model, {
    ...(flags.prune ? { prune: true } : {}),
    ...(flags.wave !== undefined ? { wave: flags.wave } : {}),
  });
  if (after === before) {
    io.stderr(`${shown} already agrees with the kit\n`);
    return 0;
  }
  if (!flags.write) {
    const { unifiedDiff } = await import('../sync/unified-diff.js');
    const style = await textStyle(flags, io);
    // On a terminal, control characters from the file (an ESC in a comment) are shown escaped;
    // piped, the diff stays byte for byte what `git apply` needs.
    const lines = unifiedDiff(before, after, shown).split('\n').map((line) => {
      const text = io.isTTY ? printable(line) : line;
      return line.startsWith('+') ? style.green(text) : line.startsWith('-') ? style.red(text) : line.startsWith('@@') ? style.dim(text) : text;
    });
    io.stdout(lines.join('\n'));
    io.stderr(`${changes.length} change${changes.length === 1 ? '' : 's'} pending — run with --write to apply\n`);
    return 1;
  }
  const text = `${bom ? '\uFEFF' : ''}${crlf ? after.replace(/\n/g, '\r\n') : after}`;
  try {
    await writeFileAtomic(path, text, { unchangedSince: original });
  } catch (error) {
    if (error instanceof ChangedSinceReadError) {
      return usageError(io, `${shown} changed while sync ran (another run or an editor wrote it); nothing was written`, 'run bootstrap-deps sync again');
    }
    if (error instanceof LockedError) {
      return usageError(io, `${shown} is being written by another bootstrap-deps run; nothing was written`,
        `run sync again when it is done (a lock left by a killed run: delete ${displayPath(io.cwd, error.lock)})`);
    }
    return usageError(io, `${shown} cannot be written (${writeErrorCode(error)})`, 'check that the file and its directory are writable and the disk has space');
  }
  for (const change of changes) io.stderr(`${change}\n`);
  io.stderr(`wrote ${shown}\n`);
  return 0;
}

/**
 * Syncing (or init) would write a misspelt dependsOn name into the expected
 * DAG, where check then reports it as expected/unknown-dependency: refuse, say
 * why, and write nothing. True when it refused.
 */
export async function refuseUnknownTargets(model: AuditModel, io: CliIo, command: string): Promise<boolean> {
  // A quick look first; the repository scan (a HelmRelease outside the kit is a
  // target too, as check sees it) only when some name is unknown to the kit.
  if (unknownTarget.check(model).length === 0) return false;
  const { withRepositoryView } = await import('../audit.js');
  const unknown = unknownTarget.check(await withRepositoryView(model));
  if (unknown.length === 0) return false;
  for (const finding of unknown) {
    io.stderr(`${formatFindingLine(toReportFinding(io.cwd, { rule: unknownTarget.id, severity: unknownTarget.severity, ...finding }))}\n`);
  }
  io.stderr(`${command} writes no name that nothing declares: fix the dependsOn item first, then run ${command} again\n`);
  return true;
}
