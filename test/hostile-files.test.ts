// Issue 13: files that are not regular files, symbolic links that leave the
// repository. A committed link or a FIFO must never hang a hook or read outside.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, EXPECTED, KIT, temporaryDirectory } from './helpers.js';
import { BASE_EXPECTED, buildRepo, helmReleaseYaml, kustomizationYaml } from './repo-builder.js';

/** The built CLI with a deadline: a run that hangs fails the test instead of the suite. */
function runBounded(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [binPath, ...args], { cwd, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH } });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const K = (file: string) => `${KIT}/${file}`;

describe('only regular files are read', () => {
  it('a slot file that is a FIFO: one located line, exit 3, no hang', () => {
    const root = buildRepo();
    execFileSync('mkfifo', [join(root, K('03-bp-flux.yaml'))]);
    const result = runBounded(['check'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${K('03-bp-flux.yaml')} is a FIFO, not a regular file — replace it with the YAML file itself\n`);
  });

  it('--expected /dev/zero: refused at once, not read', () => {
    const root = buildRepo();
    const result = runBounded(['check', '--expected', '/dev/zero'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: (\.\.\/)+dev\/zero is a character device, not a regular file — replace it with the YAML file itself\n$/);
  });

  it('--expected a FIFO under --format json: the document still names it', () => {
    const root = buildRepo();
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    const result = runBounded(['check', '--expected', 'pipe.yaml', '--format', 'json'], root);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.findings).toMatchObject([{ rule: 'input/special-file', file: 'pipe.yaml', line: null }]);
  });

  it('the repository audit given a FIFO among its paths does not wait on it', () => {
    const root = temporaryDirectory();
    writeFileSync(join(root, 'a.yaml'), helmReleaseYaml('bp-a'));
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    const result = runBounded(['check', 'a.yaml', 'pipe.yaml', '--format', 'json'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).flux.objects.HelmRelease).toBe(1);
  });

  it('a file over the limit is refused after reading only limit + 1 bytes (a sparse 2 GiB file is fast)', () => {
    const root = buildRepo();
    const big = join(root, 'big.yaml');
    execFileSync('truncate', ['-s', '2G', big]);
    const result = runBounded(['check', '--expected', 'big.yaml'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: big.yaml the file is 2048.0 MiB, over the 8 MiB limit for a YAML file — split it, or check that it is the file you meant\n');
  });
});

describe('symbolic links stay inside the repository', () => {
  it('a slot file linking outside the repository is reported, never read', () => {
    const root = buildRepo();
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'secret.yaml'), helmReleaseYaml('bp-flux', ['bp-cert-manager']));
    symlinkSync(join(outside, 'secret.yaml'), join(root, K('03-bp-flux.yaml')));
    const result = runBounded(['check'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${K('03-bp-flux.yaml')} resolves through a symbolic link to ${join(outside, 'secret.yaml')}, outside the repository — commit the file itself, or point the link inside the repository\n`);
  });

  it('a kustomization.yaml linking outside the repository is reported, never read', () => {
    const root = buildRepo();
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'kustomization.yaml'), kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml']));
    execFileSync('rm', [join(root, K('kustomization.yaml'))]);
    symlinkSync(join(outside, 'kustomization.yaml'), join(root, K('kustomization.yaml')));
    const result = runBounded(['check'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${K('kustomization.yaml')} resolves through a symbolic link to ${join(outside, 'kustomization.yaml')}, outside the repository — commit the file itself, or point the link inside the repository\n`);
  });

  it('a nested kustomization whose directory links outside the repository is reported, never read', () => {
    const root = buildRepo({ kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', 'extra']) });
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'kustomization.yaml'), kustomizationYaml(['flux.yaml']));
    writeFileSync(join(outside, 'flux.yaml'), helmReleaseYaml('bp-flux', ['bp-cert-manager']));
    symlinkSync(outside, join(root, K('extra')));
    const result = runBounded(['check'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${K('extra/kustomization.yaml')} resolves through a symbolic link to ${join(outside, 'kustomization.yaml')}, outside the repository — commit the file itself, or point the link inside the repository\n`);
  });

  it('a slot file linking to /dev/zero is reported, not read', () => {
    const root = buildRepo();
    symlinkSync('/dev/zero', join(root, K('03-bp-flux.yaml')));
    const result = runBounded(['check'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: clusters\/_template\/bootstrap-kit\/03-bp-flux\.yaml resolves through a symbolic link to \/dev\/zero, outside the repository/);
  });

  it('a slot file linking inside the repository is followed', () => {
    const root = buildRepo({
      kit: { '03-bp-flux.yaml': null },
      expected: `${BASE_EXPECTED}  - slot: 3\n    name: bp-flux\n    depends_on: [bp-cert-manager]\n    wave: present\n`,
      kustomization: kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml', '03-bp-flux.yaml']),
    });
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared/flux.yaml'), helmReleaseYaml('bp-flux', ['bp-cert-manager']));
    symlinkSync('../../../shared/flux.yaml', join(root, K('03-bp-flux.yaml')));
    const result = runBounded(['check', '--quiet'], root);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('PASSED Present 3');
    expect(result.code).toBe(0);
  });

  it('--all-clusters follows a cluster directory that links inside the repository, and reports one that leaves it', () => {
    const root = buildRepo();
    mkdirSync(join(root, 'clusters/real'), { recursive: true });
    execFileSync('cp', ['-r', join(root, KIT), join(root, 'clusters/real/bootstrap-kit')]);
    symlinkSync('real', join(root, 'clusters/alias'));
    const outside = temporaryDirectory();
    execFileSync('cp', ['-r', join(root, KIT), join(outside, 'bootstrap-kit')]);
    symlinkSync(outside, join(root, 'clusters/elsewhere'));
    const result = runBounded(['check', '--all-clusters', '--format', 'json'], root);
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(3);
    expect(report.clusters.map((cluster: { cluster: string }) => cluster.cluster)).toEqual(['_template', 'alias', 'elsewhere', 'real']);
    const outsideFinding = report.findings.find((finding: { rule: string }) => finding.rule === 'input/outside-root');
    expect(outsideFinding).toMatchObject({ file: 'clusters/elsewhere/bootstrap-kit', cluster: 'elsewhere' });
  });

  it('an expected DAG linking outside the repository is reported, never read: check, sync, graph, order', () => {
    const root = buildRepo();
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'dag.yaml'), BASE_EXPECTED);
    unlinkSync(join(root, EXPECTED));
    symlinkSync(join(outside, 'dag.yaml'), join(root, EXPECTED));
    const line = `error: ${EXPECTED} resolves through a symbolic link to ${join(outside, 'dag.yaml')}, outside the repository — commit the file itself, or point the link inside the repository\n`;
    for (const command of [['check'], ['sync', '--write'], ['graph'], ['order'], ['explain', 'bp-cilium']]) {
      const result = runBounded(command, root);
      expect({ command, code: result.code, stderr: result.stderr }).toEqual({ command, code: 3, stderr: line });
    }
    expect(readFileSync(join(outside, 'dag.yaml'), 'utf8')).toBe(BASE_EXPECTED);
    const json = runBounded(['check', '--format', 'json'], root);
    expect(JSON.parse(json.stdout).findings).toMatchObject([{ rule: 'input/outside-root', file: EXPECTED, line: null }]);
  });

  it('--expected naming a link inside the repository that leaves it is refused; a file outside named directly is read', () => {
    const root = buildRepo({ expected: null });
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'dag.yaml'), BASE_EXPECTED);
    symlinkSync(join(outside, 'dag.yaml'), join(root, 'dag.yaml'));
    const linked = runBounded(['check', '--expected', 'dag.yaml'], root);
    expect(linked.code).toBe(3);
    expect(linked.stderr).toContain('error: dag.yaml resolves through a symbolic link to');
    const named = runBounded(['check', '--quiet', '--root', '.', '--expected', join(outside, 'dag.yaml')], root);
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
  });

  it('the expected DAG may be a link inside the repository', () => {
    const root = buildRepo({ expected: null });
    writeFileSync(join(root, 'dag.yaml'), BASE_EXPECTED);
    mkdirSync(join(root, 'scripts'));
    symlinkSync('../dag.yaml', join(root, EXPECTED));
    const result = runBounded(['check', '--quiet'], root);
    expect(result.code).toBe(0);
  });
});

describe('the config file is read as every input is', () => {
  it('a config file linking outside the repository is reported, never read', () => {
    const root = buildRepo();
    const outside = temporaryDirectory();
    writeFileSync(join(outside, 'config.yaml'), 'strict: true\n');
    symlinkSync(join(outside, 'config.yaml'), join(root, 'bootstrap-deps.config.yaml'));
    const result = runBounded(['check', '--quiet'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: bootstrap-deps.config.yaml resolves through a symbolic link to ${join(outside, 'config.yaml')}, outside the repository — commit the file itself, or point the link inside the repository\n`);
  });

  it('a config file linking to /dev/zero: refused at once, no memory growth', () => {
    const root = buildRepo();
    mkdirSync(join(root, '.git'));
    symlinkSync('/dev/zero', join(root, '.bootstrap-depsrc.yaml'));
    const result = runBounded(['check', '--quiet'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: \.bootstrap-depsrc\.yaml resolves through a symbolic link to \/dev\/zero, outside the repository/);
  });

  it('a package.json that is a FIFO does not hang the config search', () => {
    const root = buildRepo();
    execFileSync('mkfifo', [join(root, 'package.json')]);
    const result = runBounded(['check', '--quiet'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: package.json is a FIFO, not a regular file — replace it with the JSON file itself\n');
  });

  it('--config /dev/zero and --config FIFO are refused, not read', () => {
    const root = buildRepo();
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    const fifo = runBounded(['check', '--config', 'pipe.yaml'], root);
    expect(fifo.signal).toBeNull();
    expect(fifo.code).toBe(3);
    expect(fifo.stderr).toBe('error: pipe.yaml is a FIFO, not a regular file — replace it with the YAML file itself\n');
    const zero = runBounded(['check', '--config', '/dev/zero'], root);
    expect(zero.code).toBe(3);
    expect(zero.stderr).toMatch(/dev\/zero is a character device, not a regular file/);
  });

  it('a config file linking inside the repository is followed', () => {
    const root = buildRepo();
    writeFileSync(join(root, 'shared.yaml'), 'strict: true\n');
    symlinkSync('shared.yaml', join(root, 'bootstrap-deps.config.yaml'));
    const result = runBounded(['check', '--print-config'], root);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ strict: true });
  });
});

describe('the suppressions baseline is read as every input is', () => {
  it('a baseline that is a FIFO is refused, not waited on', () => {
    const root = buildRepo();
    execFileSync('mkfifo', [join(root, 'bootstrap-deps-suppressions.json')]);
    const result = runBounded(['check', '--quiet'], root);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: bootstrap-deps-suppressions.json is a FIFO, not a regular file — replace it with the JSON file itself\n');
  });
});
