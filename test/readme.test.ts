import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from './helpers.js';

// The README's examples are real runs: each `$ [cd DIR && ]npx bootstrap-deps ARGS`
// in a console block, followed by exactly what that run prints (stdout, then stderr).
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const runs = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].flatMap(([, block]) =>
  block!.split(/^(?=\$ )/m).filter((part) => part.startsWith('$ ')).map((part) => {
    const [command, ...output] = part.split('\n');
    return { command: command!.slice(2), output: output.join('\n').replace(/\n+$/, '\n') };
  }));

describe('README examples', () => {
  it('has console examples to check', () => expect(runs.length).toBeGreaterThanOrEqual(6));
  for (const { command, output } of runs) {
    it(command, async () => {
      const match = /^(?:cd (\S+) && )?npx bootstrap-deps (.*)$/.exec(command)!;
      const result = await runCli(match[2]!.split(' '), { cwd: join(projectRoot, match[1] ?? '.') });
      expect(`${result.stdout}${result.stderr}`).toBe(output);
    });
  }

  it('draws the embedded default as graph does', async () => {
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(readme)![1]!;
    expect((await runCli(['graph', '--root', 'fixtures/sovereign'])).stdout).toBe(mermaid);
  });
});
