// Issue 13: sync's diff comes from jsdiff and marks a last line without a newline.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/sync/unified-diff.js';
import { hasCommand, temporaryDirectory } from './helpers.js';

describe('unifiedDiff at the end of a file', () => {
  it('marks an old last line without a newline', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc\n', 'f.yaml')).toBe(
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n',
    );
  });

  it('marks a new last line without a newline', () => {
    expect(unifiedDiff('a\n', 'a\nb', 'f.yaml')).toBe('--- a/f.yaml\n+++ b/f.yaml\n@@ -1,1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n');
  });

  it.skipIf(!hasCommand('patch'))('patch(1) applies it byte for byte', () => {
    const dir = temporaryDirectory();
    const before = 'slots:\n  - a\n  - b';
    const after = 'slots:\n  - a\n  - b\n  - c\n';
    writeFileSync(join(dir, 'f.yaml'), before);
    writeFileSync(join(dir, 'p.diff'), unifiedDiff(before, after, 'f.yaml'));
    execFileSync('patch', ['-p1', '-i', 'p.diff'], { cwd: dir, stdio: 'ignore' });
    expect(readFileSync(join(dir, 'f.yaml'), 'utf8')).toBe(after);
  });

  it('half the lines of a 2,000-line file changed: a correct diff', () => {
    const before = Array.from({ length: 2_000 }, (_, index) => `    depends_on: [x${index}]`).join('\n') + '\n';
    const after = Array.from({ length: 2_000 }, (_, index) => (index % 2 === 0 ? `    depends_on: [x${index}, y]` : `    depends_on: [x${index}]`)).join('\n') + '\n';
    const diff = unifiedDiff(before, after, 'f');
    expect(diff.split('\n').filter((line) => line.startsWith('+    ')).length).toBe(1_000);
    expect(diff.split('\n').filter((line) => line.startsWith('-    ')).length).toBe(1_000);
  }, 60_000);
});
