import { join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { inputErrorReport } from '../config/apply.js';
import { displayPath } from '../model/paths.js';
import type { Report } from '../report/report.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { applyBaseline, BASELINE_FILE_NAME, countFindings, pruneBaseline, readBaseline, serializeBaseline } from './baseline.js';
import type { Baseline, BaselineContext } from './baseline.js';

export interface SuppressionOptions {
  cwd: string;
  root: string;
  strict: boolean;
  /** --suppress-all: write every current finding into the baseline. */
  suppressAll?: boolean;
  /** --prune-suppressions: drop what no longer matches. */
  prune?: boolean;
  unusedSetting?: 'error' | 'warning' | 'off';
}

const total = (baseline: Baseline) => Object.values(baseline).reduce((sum, rules) => sum + Object.values(rules).reduce((count, entry) => count + entry.count, 0), 0);

/** Writes (--suppress-all), prunes (--prune-suppressions) and applies the baseline; 3 when its file cannot be written. */
export async function withSuppressions(report: Report, options: SuppressionOptions, io: CliIo): Promise<Report | 3> {
  const path = join(options.root, BASELINE_FILE_NAME);
  const shown = displayPath(options.cwd, path);
  if (report.exitCode === 3) {
    if (options.suppressAll || options.prune) io.stderr(`note: ${shown} left unchanged — the audit could not run\n`);
    return report;
  }
  const context: BaselineContext = { cwd: options.cwd, root: options.root, path, strict: options.strict, ...(options.unusedSetting ? { unusedSetting: options.unusedSetting } : {}) };
  const current = countFindings(report.findings, context);
  let baseline: Baseline | undefined;
  if (options.suppressAll) {
    baseline = current;
  } else {
    const read = readBaseline(path);
    if (read.finding) return inputErrorReport(options.cwd, [read.finding]);
    baseline = read.baseline;
    if (options.prune) {
      if (!baseline) {
        io.stderr(`note: no ${shown} to prune\n`);
        return report;
      }
      const before = total(baseline);
      baseline = pruneBaseline(baseline, current);
      if (total(baseline) === before && serializeBaseline(baseline) === serializeBaseline(read.baseline!)) {
        io.stderr(`${shown}: nothing to prune (${before} suppressed)\n`);
        return applyBaseline(report, baseline, context);
      }
      if (!(await write(path, shown, serializeBaseline(baseline), io))) return 3;
      io.stderr(`pruned ${shown}: ${before} → ${total(baseline)} suppressed findings\n`);
      return applyBaseline(report, baseline, context);
    }
  }
  if (!baseline) return report;
  if (options.suppressAll) {
    if (!(await write(path, shown, serializeBaseline(baseline), io))) return 3;
    io.stderr(`wrote ${shown}: ${total(baseline)} findings in ${Object.keys(baseline).length} files suppressed\n`);
  }
  return applyBaseline(report, baseline, context);
}

async function write(path: string, shown: string, text: string, io: CliIo): Promise<boolean> {
  try {
    await writeFileAtomic(path, text);
    return true;
  } catch (error) {
    io.stderr(`error: ${shown} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}) — check that the directory is writable\n`);
    return false;
  }
}
