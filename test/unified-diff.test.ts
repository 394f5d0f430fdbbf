import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/sync/unified-diff.js';
import { hasCommand, temporaryDirectory } from './helpers.js';

/** Applies a unified diff to `before` (a small independent patcher, used as the oracle). */
function applyDiff(before: string, diff: string): string {
  const lines = before.endsWith('\n') ? before.slice(0, -1).split('\n') : before.split('\n');
  const out: string[] = [];
  let cursor = 0;
  const diffLines = diff.split('\n').slice(2);
  for (let index = 0; index < diffLines.length; index += 1) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(diffLines[index]!);
    if (!header) continue;
    const oldStart = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (cursor < oldStart) out.push(lines[cursor++]!);
    for (index += 1; index < diffLines.length && !diffLines[index]!.startsWith('@@'); index += 1) {
      const line = diffLines[index]!;
      if (line === '') continue;
      if (line[0] === ' ') { out.push(lines[cursor++]!); }
      else if (line[0] === '-') cursor += 1;
      else if (line[0] === '+') out.push(line.slice(1));
    }
    index -= 1;
  }
  while (cursor < lines.length) out.push(lines[cursor++]!);
  return `${out.join('\n')}\n`;
}

describe('unifiedDiff', () => {
  it('is empty for equal texts and shows a one-line change with context', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'f')).toBe('');
    expect(unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n', '1\n2\n3\n4\nfive\n6\n7\n8\n', 'f.yaml')).toBe(
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
  });

  it.skipIf(!hasCommand('patch'))('is accepted by patch(1), and applying it gives the new text (skipped without patch)', () => {
    const dir = temporaryDirectory();
    const before = 'slots:\n  - a\n  - b\n  - c\n';
    const after = 'slots:\n  - a\n  - c\n  - d\n';
    writeFileSync(join(dir, 'f.yaml'), before);
    writeFileSync(join(dir, 'p.diff'), unifiedDiff(before, after, 'f.yaml'));
    // A rejected hunk makes patch exit non-zero, which throws here and fails the test.
    execFileSync('patch', ['-p1', '-i', 'p.diff'], { cwd: dir, stdio: 'pipe' });
    expect(readFileSync(join(dir, 'f.yaml'), 'utf8')).toBe(after);
  });

  it('applied to the old text always gives the new text (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '- x', ''), { maxLength: 30 }).map((lines) => `${lines.join('\n')}\n`);
    fc.assert(fc.property(text, text, (before, after) => {
      const diff = unifiedDiff(before, after, 'f');
      expect(diff === '' ? before : applyDiff(before, diff)).toBe(after);
    }), { numRuns: 300 });
  });
});
