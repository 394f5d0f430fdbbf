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

describe('usage errors say what is wrong in one line', () => {
  for (const [typed, meant] of [['chek', 'check'], ['grpah', 'graph'], ['Check', 'check'], ['expalin', 'explain']]) {
    it(`a mistyped command (${typed}) is an unknown command, with did-you-mean`, async () => {
      const result = await runCli([typed!]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`error: unknown command '${typed}' (did you mean ${meant}?) — run 'bootstrap-deps --help' for the commands\n`);
    });
  }

  it('a word that is no command and close to none gets the list of commands', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.stderr).toBe("error: unknown command 'frobnicate' (commands: check, graph, order, explain, sync, diff, init, help) — run 'bootstrap-deps --help' for the commands\n");
  });

  it('an unknown option is one line that points at the subcommand\'s help', async () => {
    const result = await runCli(['check', '--kitdir', 'x']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: unknown option '--kitdir' (Did you mean --kit-dir?) — run 'bootstrap-deps check --help' for usage\n");
    const graph = await runCli(['graph', '--xyzzy']);
    expect(graph.stderr).toBe("error: unknown option '--xyzzy' — run 'bootstrap-deps graph --help' for usage\n");
  });

  it('the JSON document of a usage error carries the same one line', async () => {
    const result = await runCli(['order', '--frmat', 'x', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ rule: 'input/usage', fix: "run 'bootstrap-deps order --help' for usage" });
  });
});
