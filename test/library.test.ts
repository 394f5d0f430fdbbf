import { describe, expect, it } from 'vitest';
import { audit, check, formatReport, loadRepository, plainStyle } from '../src/index.js';
import { caseRoot, fixture, runCli } from './helpers.js';

// The library API as the README shows it: what the CLI does, importable.
describe('the library', () => {
  it('check and formatReport give what the CLI prints', async () => {
    const root = caseRoot('drift-missing-edge');
    const report = await check({ root, cwd: root });
    expect(await formatReport(report, 'json')).toBe((await runCli(['check', '--format', 'json'], { cwd: root })).stdout);
    expect(await formatReport(report, 'text', { quiet: true })).toBe((await runCli(['check', '--quiet'], { cwd: root })).stdout);
  });

  it('formatReport colours text on request, or uses the style it is given', async () => {
    const report = await check({ root: fixture('sovereign') });
    expect(await formatReport(report, 'text', { quiet: true, color: true })).toContain('\u001b[');
    expect(await formatReport(report, 'text', { quiet: true, color: true, style: plainStyle })).not.toContain('\u001b[');
  });

  it('loads once and audits step by step', async () => {
    const repository = await loadRepository({ root: fixture('sovereign') });
    expect(audit(repository).summary).toMatchObject({ present: 49, drift: 0, cycles: 0 });
  });
});
