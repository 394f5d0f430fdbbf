import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { decideColor } from '../src/cli-io.js';
import { writeFileAtomic } from '../src/write-file-atomic.js';
import { spawnSync } from 'node:child_process';
import { binPath, caseRoot, fixture, hasCommand, runBin, runCli, temporaryDirectory } from './helpers.js';

describe('help and version', () => {
  it('--help lists the command and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: bootstrap-deps [options] [command]');
    expect(result.stdout).toContain('check [options]');
  });

  it('check --help shows every option and real examples', async () => {
    const result = await runCli(['check', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--root', '--kit-dir', '--expected', '--format', '--no-color', '--strict', '--quiet', '--slot-label', '--output']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain('$ bootstrap-deps check --root fixtures/sovereign');
    expect(result.stdout).toContain('Exit codes: 0 clean, 1 drift or another error, 2 a cycle (and nothing else), 3 input or usage error.');
  });

  it('every command\'s help says its exit codes (sync and init said none: a trial\'s note)', async () => {
    for (const command of ['check', 'graph', 'order', 'explain', 'sync', 'diff', 'init']) {
      expect((await runCli([command, '--help'])).stdout).toMatch(/Exit codes?: 0 /);
    }
  });

  it('--version prints the package version (real process)', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    const result = runBin(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('check is the default command', async () => {
    const result = await runCli(['--root', 'fixtures/sovereign', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASSED Present 49/);
  });
});

describe('colour', () => {
  it('follows the flag, then FORCE_COLOR, then NO_COLOR, then the TTY', () => {
    expect(decideColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(decideColor(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(decideColor(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(decideColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(decideColor(undefined, {}, true)).toBe(true);
    expect(decideColor(undefined, {}, false)).toBe(false);
  });

  it('is off when not a TTY and on with --color', async () => {
    const args = ['check', '--root', caseRoot('drift-missing-edge'), '--quiet'];
    expect((await runCli(args)).stdout).not.toContain('\u001b[');
    expect((await runCli([...args, '--color'])).stdout).toContain('\u001b[31m');
    expect((await runCli(args, { isTTY: true })).stdout).toContain('\u001b[');
    expect((await runCli(args, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('colour on a real terminal (real process)', () => {
  it.skipIf(!hasCommand('script'))('is on under a pseudo-terminal, off through a pipe and into /dev/null (skipped without script(1))', () => {
    const command = `${process.execPath} ${binPath} check --root ${caseRoot('drift-missing-edge')} --quiet`;
    const terminal = spawnSync('script', ['-qc', command, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'xterm' } });
    expect(terminal.stdout).toContain('\u001b[31m');
    const piped = runBin(['check', '--root', caseRoot('drift-missing-edge'), '--quiet']);
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stdout).toContain('32:3    error    bp-mgmt-vcluster does not depend on bp-cert-manager');
  });
});

describe('--output', () => {
  it('writes the report to a file and the summary to the terminal', async () => {
    const dir = temporaryDirectory();
    const result = await runCli(['check', '--root', fixture('sovereign'), '--format', 'sarif', '--output', join(dir, 'out.sarif')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`PASSED Present 49 · Declared expected 53 · Deferred 4 · Drift 0 · Cycles 0 — report written to ${join(dir, 'out.sarif')}\n`);
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(dir)).toEqual(['out.sarif']); // no temp file left behind
  });

  it('a directory that does not exist is exit 3 with one line', async () => {
    const result = await runCli(['check', '--root', fixture('sovereign'), '--output', '/nonexistent-dir/x.json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: /nonexistent-dir/x.json cannot write the report (ENOENT) — check that the directory exists and is writable\n');
  });

  it('a failed rename leaves the target untouched and no temp file', async () => {
    const dir = temporaryDirectory();
    // A directory in the way: the temp file is written, the rename over it fails (EISDIR).
    mkdirSync(join(dir, 'report.json'));
    writeFileSync(join(dir, 'report.json', 'inside'), 'original\n');
    await expect(writeFileAtomic(join(dir, 'report.json'), 'half-new')).rejects.toThrow(/EISDIR/);
    expect(readFileSync(join(dir, 'report.json', 'inside'), 'utf8')).toBe('original\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('internal errors', () => {
  it('print one line asking for a report, and the trace only with --debug', async () => {
    const failingIo = (out: string[]) => ({
      stdout: () => { throw new Error('stdout closed'); },
      stderr: (text: string) => { out.push(text); },
      env: {}, isTTY: false, cwd: fixture('sovereign'),
    });
    const plain: string[] = [];
    expect(await main(['check'], failingIo(plain))).toBe(3);
    expect(plain.join('')).toMatch(/^error: internal error: stdout closed — this is a bug in bootstrap-deps .+; please report it \(re-run with --debug for the trace\)\n$/);
    const debug: string[] = [];
    expect(await main(['check', '--debug'], failingIo(debug))).toBe(3);
    expect(debug.join('')).toContain('    at ');
    // Every command takes the --debug its internal error asks for (graph refused it once, as an unknown option).
    for (const command of ['graph', 'order', 'explain bp-flux']) {
      const out: string[] = [];
      expect(await main([...command.split(' '), '--debug'], failingIo(out)), command).toBe(3);
      expect(out.join(''), command).toContain('    at ');
    }
  });
});
