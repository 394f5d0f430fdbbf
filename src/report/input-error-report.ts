import type { InputRuleId } from '../rules/input-rules.js';
import type { Report } from './report.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/**
 * The document of a run that stopped before any kit was read (a bad pattern,
 * an internal error): exit 3 and one `input/*` finding, so a machine format
 * still prints exactly one document, as the contract promises.
 */
export function inputErrorReport(rule: InputRuleId, message: string, fix: string): Report {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    kitDir: '',
    expectedFile: '',
    exitCode: 3,
    summary: { present: 0, expected: 0, deferred: 0, drift: 0, cycles: 0, errors: 1, warnings: 0 },
    findings: [{ rule, severity: 'error', message, fix, file: null, line: null, column: null }],
    deferred: [],
    cycles: [],
    order: [],
    dag: [],
  };
}
