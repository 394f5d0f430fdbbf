// The library API: everything the CLI does, importable with types.
//   const report = await check({ root: 'path/to/repo' });
//   process.stdout.write(await formatReport(report, 'text'));
export { audit, auditModel, check, checkKits } from './audit.js';
export { clusterKitDirs, clusterName, expandKitDirs } from './load/kit-dirs.js';
export type { AuditOptions } from './audit.js';
export {
  DEFAULT_EXPECTED_FILE,
  DEFAULT_KIT_DIR,
  DEFAULT_SLOT_LABEL,
  discoverRoot,
  loadRepository,
  resolvePaths,
} from './load/repository.js';
export type { RepositoryOptions } from './load/repository.js';
export { buildAuditModel } from './model/audit-model.js';
export type { AuditModel } from './model/audit-model.js';
export { DependencyGraph, findCycles, installLevels } from './model/graph.js';
export { fluxInstallOrder } from './graph/install-order.js';
export type { FluxInstallOrder } from './graph/install-order.js';
export { compareSlots, parseSlot, slotFromFileName } from './model/slot.js';
export type * from './model/types.js';
export { FORMAT_NAMES, isFormatName, loadFormatter } from './report/formatter.js';
export type { FormatName, FormatOptions, Formatter } from './report/formatter.js';
export { buildReport, combineClusterReports, compareFindings, exitCodeFor, TOOL_NAME, TOOL_VERSION, worstExitCode } from './report/report.js';
export type { ClusterReport, DagEntry, ExitCode, Report, ReportFinding, ReportSummary } from './report/report.js';
export { formatJson } from './report/json.js';
export { formatText } from './report/text.js';
export { colourStyle, plainStyle } from './report/style.js';
export type { TextStyle } from './report/style.js';
export { defineRule, defineRuleMeta, docsPath, docsUrl, ruleCatalogue, ruleMeta, rules } from './rules/index.js';
export type { InputRuleId, Rule, RuleFinding, RuleId, RuleMeta } from './rules/index.js';

import { loadFormatter } from './report/formatter.js';
import { colourStyle } from './report/style.js';
import type { FormatName, FormatOptions } from './report/formatter.js';
import type { Report } from './report/report.js';

/** Formats a report with one of the built-in formatters. */
export async function formatReport(report: Report, format: FormatName, options: FormatOptions = {}): Promise<string> {
  const style = options.color && !options.style ? await colourStyle() : options.style;
  return (await loadFormatter(format))(report, { ...options, ...(style ? { style } : {}) });
}
