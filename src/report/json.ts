import type { Formatter } from './formatter.js';
import type { Report } from './report.js';
import { joinChunks, jsonChunks } from './chunks.js';
import type { Chunks } from './chunks.js';

/** The contract's JSON document; fields are listed explicitly so nothing internal leaks into it. */
function jsonDocument(report: Report) {
  const { schemaVersion, tool, kitDir, kitDirs, expectedFile, exitCode, summary, findings, deferred, cycles, order, clusters, flux, suppressed } = report;
  return { schemaVersion, tool, kitDir, ...(kitDirs ? { kitDirs } : {}), expectedFile, exitCode, summary, findings, ...(suppressed ? { suppressed } : {}), deferred, cycles, order, ...(clusters ? { clusters } : {}), ...(flux ? { flux } : {}) };
}

/** The JSON document in pieces, one finding (or list item) at a time. */
export function jsonReportChunks(report: Report): Chunks {
  return (function* () {
    // The document, then its lists item by item: each finding is one JSON.stringify.
    yield* jsonChunks(jsonDocument(report), 2);
    yield '\n';
  })();
}

export const formatJson: Formatter = (report) => joinChunks(jsonReportChunks(report));
