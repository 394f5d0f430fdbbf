import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../src/cli.js';
import { temporaryDirectory } from './temporary.js';

export const projectRoot = resolve(import.meta.dirname, '..');
export const fixture = (...parts: string[]) => join(projectRoot, 'fixtures', ...parts);
export const caseRoot = (name: string) => fixture('cases', name);
export const binPath = join(projectRoot, 'bin', 'bootstrap-deps.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a user in `cwd` would (no TTY unless asked). */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? projectRoot,
  });
  return { code, stdout, stderr };
}

/** Runs the built CLI as a separate process: what pre-commit and CI do. */
export function runBin(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { PATH: process.env.PATH, ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `check --format json` on a fixture case, parsed. */
export async function checkJson(root: string, extra: string[] = []) {
  const result = await runCli(['check', '--root', root, '--format', 'json', ...extra], { cwd: root });
  return { ...result, report: JSON.parse(result.stdout) as import('../src/index.js').Report };
}

export { temporaryDirectory } from './temporary.js';

/** A writable copy of a fixture repository. */
export function copyFixture(source: string): string {
  const dir = temporaryDirectory();
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** Every YAML file under `dir`, at any depth. */
export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

export const KIT = 'clusters/_template/bootstrap-kit';
export const EXPECTED = 'scripts/expected-bootstrap-deps.yaml';

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
