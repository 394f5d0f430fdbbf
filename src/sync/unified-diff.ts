import { structuredPatch } from 'diff';

/**
 * A unified diff (`diff -u` style, 3 lines of context), `--- a/path` and
 * `+++ b/path`, with `\ No newline at end of file` where a side lacks its last
 * newline; empty when the texts are equal. jsdiff does the line diff (only
 * `sync` loads this module): the hand-written Myers it replaces kept a copy
 * of its trace per edit step (3.2 GB at 5,000 slots).
 */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context });
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of patch.hunks) {
    // As diff(1) and jsdiff's formatPatch: an empty range starts on the line before it.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    out.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return `${out.join('\n')}\n`;
}
