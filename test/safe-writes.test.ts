// Issue 13: writes never clobber an input, follow links to the real file, keep
// its mode, CRLF and BOM, leave no temp file, and fail with one located line.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, EXPECTED, KIT, runCli, temporaryDirectory } from './helpers.js';
import { BASE_EXPECTED, buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

const isRoot = process.getuid?.() === 0;

/** A repository whose kit holds bp-flux, which the expected DAG does not declare yet: sync has one entry to add. */
function repoNeedingSync(): string {
  return buildRepo({
    kit: { '03-bp-flux.yaml': helmReleaseYaml('bp-flux', ['bp-cert-manager']) },
    kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flux.yaml']),
  });
}

describe('--output never replaces an input of the run', () => {
  for (const [what, path] of [
    ['the expected DAG', EXPECTED],
    ['a slot file', `${KIT}/01-bp-cilium.yaml`],
    ['kustomization.yaml', `${KIT}/kustomization.yaml`],
  ] as const) {
    it(`refuses ${what}: exit 3, one line, the file untouched`, async () => {
      const root = buildRepo();
      const before = readFileSync(join(root, path), 'utf8');
      const result = await runCli(['check', '--format', 'json', '--output', path], { cwd: root });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^error: --output ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is an input of this run \\([^)]+\\) — write the report to another path\\n$`));
      expect(readFileSync(join(root, path), 'utf8')).toBe(before);
    });
  }

  it('graph --output refuses the expected DAG too', async () => {
    const root = buildRepo();
    const result = await runCli(['graph', '--output', EXPECTED], { cwd: root });
    expect(result.code).toBe(3);
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toBe(BASE_EXPECTED);
  });
});

describe('writes go through links to the real file and keep its mode', () => {
  it('--output through a symbolic link writes the target; the link stays a link', async () => {
    const root = buildRepo();
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'real.json'), 'old\n');
    symlinkSync('real.json', join(dir, 'link.json'));
    const result = await runCli(['check', '--format', 'json', '--output', join(dir, 'link.json')], { cwd: root });
    expect(result.code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).exitCode).toBe(0);
  });

  it('sync --write on a linked expected file updates the shared target and keeps the link', async () => {
    const root = repoNeedingSync();
    renameSync(join(root, EXPECTED), join(root, 'shared-dag.yaml'));
    symlinkSync('../shared-dag.yaml', join(root, EXPECTED));
    const result = await runCli(['sync', '--write'], { cwd: root });
    expect(result.code).toBe(0);
    expect(lstatSync(join(root, EXPECTED)).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'shared-dag.yaml'), 'utf8')).toContain('name: bp-flux');
  });

  it('sync --write keeps a 0640 file 0640 and a 0444 file 0444', async () => {
    for (const mode of [0o640, 0o444]) {
      const root = repoNeedingSync();
      chmodSync(join(root, EXPECTED), mode);
      const result = await runCli(['sync', '--write'], { cwd: root });
      expect(result.code).toBe(0);
      expect(statSync(join(root, EXPECTED)).mode & 0o777).toBe(mode);
      expect(readdirSync(join(root, 'scripts'))).toEqual(['expected-bootstrap-deps.yaml']);
    }
  });

  // A trial's probe: run by a user the mode forbids to write the file, sync --write and init --force replaced it (the
  // rename of a temp file needs only the directory's permission), where --output was refused. Root may write any
  // file, so as root the run drops to nobody after loading the bundle (nothing is read from the project after that).
  it('a file its mode forbids the user to write is refused by --output, sync --write and init --force alike: exit 3, untouched', () => {
    const root = repoNeedingSync();
    writeFileSync(join(root, 'report.txt'), 'old\n');
    for (const file of [EXPECTED, 'report.txt']) chmodSync(join(root, file), 0o444);
    if (isRoot) spawnSync('chown', ['-R', '65534:65534', root]);
    const asUser = (args: string[]) => {
      const script = `const { loadCli } = require(${JSON.stringify(binPath)}); const { cli } = loadCli();${isRoot ? ' process.setgid(65534); process.setuid(65534);' : ''}
        const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: {}, isTTY: false, cwd: process.cwd() };
        cli.main(${JSON.stringify(args)}, io).then((code) => { process.exitCode = code; });`;
      return spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    };
    const refused = [
      [['check', '--output', 'report.txt'], 'error: report.txt cannot write the report (EACCES) — check that report.txt and its directory are writable\n'],
      [['sync', '--write'], `error: ${EXPECTED} cannot be written (EACCES) — check that the file and its directory are writable and the disk has space\n`],
      [['init', '--force'], `error: ${EXPECTED} cannot be written (EACCES) — check that the file, if it exists, and its directory are writable\n`],
    ] as const;
    for (const [args, line] of refused) {
      const before = [readFileSync(join(root, EXPECTED), 'utf8'), readFileSync(join(root, 'report.txt'), 'utf8')];
      const result = asUser([...args]);
      expect(result.status).toBe(3);
      expect(result.stderr).toBe(line);
      expect([readFileSync(join(root, EXPECTED), 'utf8'), readFileSync(join(root, 'report.txt'), 'utf8')]).toEqual(before);
      expect(statSync(join(root, EXPECTED)).mode & 0o777).toBe(0o444);
    }
  });

  it('--output to a FIFO or a link to /dev/stdout writes into it, not over it', () => {
    const root = buildRepo();
    const dir = temporaryDirectory();
    symlinkSync('/dev/stdout', join(dir, 'out'));
    const result = spawnSync(process.execPath, [binPath, 'check', '--format', 'json', '--output', join(dir, 'out')], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).exitCode).toBe(0);
    expect(lstatSync(join(dir, 'out')).isSymbolicLink()).toBe(true);
  });
});

describe('sync --write keeps the file as it was written', () => {
  it('keeps CRLF line ends and a byte-order mark', async () => {
    const root = repoNeedingSync();
    const crlf = `\uFEFF# the DAG\r\n${BASE_EXPECTED.replace(/\n/g, '\r\n')}`;
    writeFileSync(join(root, EXPECTED), crlf);
    const result = await runCli(['sync', '--write'], { cwd: root });
    expect(result.code).toBe(0);
    const after = readFileSync(join(root, EXPECTED), 'utf8');
    expect(after.startsWith('\uFEFF# the DAG\r\n')).toBe(true);
    expect(after).toContain('name: bp-flux\r\n');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('write failures are located I/O errors, exit 3', () => {
  it('sync --write where the temp file cannot be created (a name at the length limit)', async () => {
    const root = repoNeedingSync();
    const longName = `${'d'.repeat(250)}.yaml`;
    renameSync(join(root, EXPECTED), join(root, 'scripts', longName));
    const result = await runCli(['sync', '--write', '--expected', `scripts/${longName}`], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error: scripts/${longName} cannot be written \\(ENAMETOOLONG\\) — [^\\n]+\\n$`));
    expect(readdirSync(join(root, 'scripts'))).toEqual([longName]);
  });

  it.skipIf(isRoot)('sync --write in a read-only directory (root may write anywhere)', async () => {
    const root = repoNeedingSync();
    chmodSync(join(root, 'scripts'), 0o555);
    const result = await runCli(['sync', '--write'], { cwd: root });
    chmodSync(join(root, 'scripts'), 0o755);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: scripts\/expected-bootstrap-deps\.yaml cannot be written \(EACCES\) — /);
  });

  it('a full disk on stdout (> /dev/full): one line, exit 3', () => {
    const root = buildRepo();
    const full = openSync('/dev/full', 'w');
    const result = spawnSync(process.execPath, [binPath, 'check', '--format', 'json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
    closeSync(full);
    expect(result.status).toBe(3);
    expect(result.stderr).toBe('error: cannot write to standard output (ENOSPC) — free some space, or send the output elsewhere\n');
  });
});

describe('no temp file is left behind, no entry is lost', () => {
  it('SIGTERM while sync --write holds a temp file removes it', async () => {
    const root = repoNeedingSync();
    // The preload makes fsync hang: the temp file exists, the rename has not happened.
    const child = spawn(process.execPath, ['--require', join(import.meta.dirname, 'hold-fsync.cjs'), binPath, 'sync', '--write'], { cwd: root, env: { PATH: process.env.PATH } });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('holding the write')) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(stderr).toContain('holding the write');
    expect(readdirSync(join(root, 'scripts'))).toEqual(['expected-bootstrap-deps.yaml']);
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toBe(BASE_EXPECTED);
  });

  it('two sync --write runs at once never both succeed while one entry is lost', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      // Two kits adding different HelmReleases to one shared expected DAG.
      const root = buildRepo();
      for (const [cluster, name] of [['a', 'bp-alpha'], ['b', 'bp-beta']] as const) {
        const kit = `clusters/${cluster}/bootstrap-kit`;
        const files = { '01-bp-cilium.yaml': helmReleaseYaml('bp-cilium'), '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-cilium']), [`03-${name}.yaml`]: helmReleaseYaml(name, ['bp-cilium']) };
        spawnSync('mkdir', ['-p', join(root, kit)]);
        for (const [file, text] of Object.entries(files)) writeFileSync(join(root, kit, file), text);
        writeFileSync(join(root, kit, 'kustomization.yaml'), kustomizationYaml(Object.keys(files)));
      }
      const run = (cluster: string) => new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [binPath, 'sync', '--write', '--kit-dir', `clusters/${cluster}/bootstrap-kit`], { cwd: root, stdio: 'ignore' });
        child.on('exit', (code) => resolve(code ?? -1));
      });
      const codes = await Promise.all([run('a'), run('b')]);
      const text = readFileSync(join(root, EXPECTED), 'utf8');
      for (const [code, name] of [[codes[0], 'bp-alpha'], [codes[1], 'bp-beta']] as const) {
        if (code === 0) expect(text).toContain(`name: ${name}`);
        else expect(code).toBe(3);
      }
      expect(existsSync(`${join(root, EXPECTED)}.lock`)).toBe(false);
    }
  }, 60_000);
});
