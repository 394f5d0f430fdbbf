import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from './helpers.js';

// The README's examples are real runs: each `$ cd DIR && npx bootstrap-deps ARGS`
// or `$ npx bootstrap-deps ... --root DIR ...` in a console block, followed by
// what that run prints (stdout, then stderr); a line `...` stands for lines left
// out. A run that names no directory shows a repository that is not bundled
// (a real clone), so it cannot be replayed here.
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const runs = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].flatMap(([, block]) =>
  block!.split(/^(?=\$ )/m).filter((part) => part.startsWith('$ ')).map((part) => {
    const [command, ...output] = part.split('\n');
    return { command: command!.slice(2), output: output.join('\n').replace(/\n+$/, '\n') };
  })).filter(({ command }) => /^cd \S+ && | --root /.test(command));

/** The printed text as a pattern: every line literal, `...` any lines in between. */
function outputPattern(output: string): RegExp {
  const lines = output.replace(/\n$/, '').split('\n');
  const body = lines.map((line) => (line === '...' ? '(?:[^\\n]*\\n)*?' : `${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`)).join('');
  return new RegExp(`^${body}$`);
}

describe('README examples', () => {
  it('has console examples to check', () => expect(runs.length).toBeGreaterThanOrEqual(6));
  for (const { command, output } of runs) {
    it(command, async () => {
      const match = /^(?:cd (\S+) && )?npx bootstrap-deps (.*)$/.exec(command)!;
      const result = await runCli(match[2]!.split(' '), { cwd: join(projectRoot, match[1] ?? '.') });
      const printed = `${result.stdout}${result.stderr}`;
      if (output.includes('\n...\n')) expect(printed).toMatch(outputPattern(output));
      else expect(printed).toBe(output);
    });
  }

  it('draws the embedded default as graph does', async () => {
    const mermaid = /as `bootstrap-deps graph --root fixtures\/sovereign`[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(readme)![1]!;
    expect((await runCli(['graph', '--root', 'fixtures/sovereign'])).stdout).toBe(mermaid);
  });
});
