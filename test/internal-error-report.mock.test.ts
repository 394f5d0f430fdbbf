// Issue 13: input/internal is emitted: an internal error under a machine
// format still prints its one document. The graph module is made to fail.
import { describe, expect, it, vi } from 'vitest';
import { fixture, runCli } from './helpers.js';

vi.mock('../src/model/graph.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/model/graph.js')>()),
  installLevels: () => {
    throw new Error('simulated failure');
  },
}));

describe('an internal error', () => {
  it('under --format json prints a document carrying input/internal, exit 3', async () => {
    const result = await runCli(['check', '--format', 'json'], { cwd: fixture('sovereign') });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(3);
    expect(report.findings).toMatchObject([{ rule: 'input/internal', severity: 'error', file: null }]);
    expect(report.findings[0].message).toContain('simulated failure');
    expect(result.stderr).toMatch(/^error: internal error: simulated failure — this is a bug/);
  });

  it('in text prints only the one line', async () => {
    const result = await runCli(['check'], { cwd: fixture('sovereign') });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
  });
});
