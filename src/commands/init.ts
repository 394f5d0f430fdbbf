import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { EXPECTED_SCHEMA_FILE } from '../schemas/names.js';
import type { CliIo } from '../cli-io.js';
import { loadRepository, resolvePaths } from '../load/repository.js';
import { buildAuditModel } from '../model/audit-model.js';
import { displayPath } from '../model/paths.js';
import { initialExpected } from '../sync/sync-expected.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { toReportFinding } from '../report/report.js';
import { formatFindingLine } from '../report/text.js';
import type { RepositoryFlags } from './shared.js';
import { oneKitDir, refuseWithoutKit, reportInputErrors, repositoryOptions, usageError } from './shared.js';

export interface InitFlags extends RepositoryFlags {
  force?: boolean;
  wave?: string;
}

/**
 * The line that makes VS Code's YAML extension (yaml-language-server) complete
 * and validate the file, against the schema of the package installed as a dev
 * dependency; the path is relative to the file, as the language server reads it.
 */
function schemaModeline(root: string, expectedFile: string): string {
  const schema = join(root, 'node_modules', 'bootstrap-deps', 'schemas', EXPECTED_SCHEMA_FILE);
  return `# yaml-language-server: $schema=${relative(dirname(expectedFile), schema).split(sep).join('/')}`;
}

/** A first expected DAG from the kit; refuses to overwrite one without --force. */
export async function runInit(flags: InitFlags, io: CliIo): Promise<number> {
  if (oneKitDir('init', flags, io) === 3 || refuseWithoutKit('init', flags, io) === 3) return 3;
  const options = repositoryOptions(flags, io);
  const { expectedFile } = resolvePaths(options);
  const shown = displayPath(io.cwd, expectedFile);
  if (existsSync(expectedFile) && !flags.force) {
    return usageError(io, `${shown} already exists`, 'pass --force to overwrite it, or use bootstrap-deps sync to update it');
  }
  const repository = await loadRepository(options);
  // The expected file is what init creates: its absence (or old content, with --force) is no error here.
  if (reportInputErrors(repository, io, (_rule, file) => file === expectedFile)) return 3;
  const model = buildAuditModel({ ...repository, expected: [] });
  if (await (await import('./sync.js')).refuseUnknownTargets(model, io, 'init')) return 1;
  const { text, changes } = initialExpected(model, {
    ...(flags.wave !== undefined ? { wave: flags.wave } : {}),
  });
  try {
    await mkdir(dirname(expectedFile), { recursive: true });
    await writeFileAtomic(expectedFile, `${schemaModeline(resolvePaths(options).root, expectedFile)}\n${text}`);
  } catch (error) {
    return usageError(io, `${shown} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'check that the file, if it exists, and its directory are writable');
  }
  io.stderr(`wrote ${shown} with ${changes.filter((change) => change.startsWith('added')).length} slots\n`);
  for (const change of changes.filter((line) => line.startsWith('skipped'))) io.stderr(`${change}\n`);
  // init copies the kit as it is, a cycle included: say so, or the new DAG blesses it silently.
  for (const cycle of model.cycles) {
    const location = model.graph.edgeSources(cycle[0]!, cycle[1]!)?.onDisk ?? null;
    io.stderr(`${formatFindingLine(toReportFinding(io.cwd, {
      rule: 'graph/cycle', severity: 'warning', location,
      message: `the kit has a dependency cycle, now also in the expected DAG: ${cycle.join(' → ')}`,
      fix: `remove one of these dependencies from the kit and from ${shown}`,
    }))}\n`);
  }
  return 0;
}
