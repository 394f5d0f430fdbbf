import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, projectRoot, runCli } from './helpers.js';

const CLUSTERS = fixture('clusters');

describe('options honoured, not ignored', () => {
  it('--quiet with --all-clusters prints the findings and the summary line, no table', async () => {
    const result = await runCli(['check', '--all-clusters', '--quiet'], { cwd: CLUSTERS });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('cluster    present');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAILED /);
  });
});

describe('help agrees with what runs', () => {
  it('check --help shows the command the pre-commit hook runs', async () => {
    const [hook] = parse(readFileSync(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string }[];
    const help = (await runCli(['check', '--help'])).stdout;
    expect(help).toMatch(new RegExp(`\\$ ${hook!.entry.replace(/[-.]/g, '\\$&')}\\n +what the pre-commit hook runs`));
    expect(help).not.toContain('--quiet --strict');
  });
});
