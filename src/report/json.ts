import type { Formatter } from './formatter.js';

/** The contract's JSON document; fields are listed explicitly so nothing internal leaks into it. */
export const formatJson: Formatter = (report) => {
  const { schemaVersion, tool, kitDir, kitDirs, expectedFile, exitCode, summary, findings, deferred, cycles, order, clusters, flux, suppressed } = report;
  const document = { schemaVersion, tool, kitDir, ...(kitDirs ? { kitDirs } : {}), expectedFile, exitCode, summary, findings, ...(suppressed ? { suppressed } : {}), deferred, cycles, order, ...(clusters ? { clusters } : {}), ...(flux ? { flux } : {}) };
  return `${JSON.stringify(document, null, 2)}\n`;
};
