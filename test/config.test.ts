import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/report/formatter.js';
import { caseRoot, copyFixture, fixture, runCli, temporaryDirectory } from './helpers.js';

// The drift case: one drift/extra-edge (exit 1) and nothing else.
const driftRepo = () => copyFixture(caseRoot('slot60-depends-on-mgmt-vcluster'));
const write = (dir: string, name: string, text: string) => {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
};
const json = async (cwd: string, args: string[] = []) => {
  const result = await runCli(['check', '--format', 'json', ...args], { cwd });
  return { ...result, report: JSON.parse(result.stdout) };
};

describe('config discovery', () => {
  it('no config: the drift fails the check', async () => {
    const root = driftRepo();
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(1);
  });

  for (const [name, text] of [
    ['bootstrap-deps.config.yaml', 'rules:\n  drift/extra-edge: off\n'],
    ['bootstrap-deps.config.yml', 'rules:\n  drift/extra-edge: off\n'],
    ['.bootstrap-depsrc.yaml', 'rules:\n  drift/extra-edge: off\n'],
    ['package.json', '{ "name": "x", "bootstrap-deps": { "rules": { "drift/extra-edge": "off" } } }\n'],
  ] as const) {
    it(`${name} in the working directory is read`, async () => {
      const root = driftRepo();
      write(root, name, text);
      const { code, report } = await json(root);
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
    });
  }

  it('is found from a subdirectory upwards, and its paths are relative to the file', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'root: .\nrules:\n  drift/extra-edge: warning\n');
    const nested = join(root, 'clusters', '_template');
    const result = await runCli(['check', '--quiet'], { cwd: nested });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bootstrap-kit/60-bp-vcluster-helmrepo.yaml');
    expect(result.stdout).toContain('warning');
  });

  it('a package.json without the key is not a config', async () => {
    const root = driftRepo();
    write(root, 'package.json', '{ "name": "bootstrap-deps", "bin": { "bootstrap-deps": "x" } }\n');
    expect((await runCli(['check', '--print-config'], { cwd: root })).stdout).toContain('"configFile": null');
  });

  it('--config FILE is read instead of the discovered one', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'rules:\n  drift/extra-edge: off\n');
    write(root, 'ci/strict.yaml', 'rules:\n  drift/extra-edge: error\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(0);
    expect((await runCli(['check', '--quiet', '--config', 'ci/strict.yaml'], { cwd: root })).code).toBe(1);
    const missing = await runCli(['check', '--config', 'nope.yaml'], { cwd: root });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('error: nope.yaml config file not found — check the path given to --config\n');
  });
});

describe('precedence and options', () => {
  it('the config sets the format and options; flags override it', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'format: json\nexpected: scripts/expected-bootstrap-deps.yaml\nkitDir: clusters/_template/bootstrap-kit\n');
    const fromConfig = await runCli(['check'], { cwd: root });
    expect(JSON.parse(fromConfig.stdout).exitCode).toBe(1);
    const overridden = await runCli(['check', '--format', 'text', '--quiet'], { cwd: root });
    expect(overridden.stdout).toMatch(/^clusters\/_template/);
    const printed = JSON.parse((await runCli(['check', '--print-config', '--format', 'github'], { cwd: root })).stdout);
    expect(printed).toMatchObject({
      configFile: 'bootstrap-deps.config.yaml',
      root: '.',
      kitDir: ['clusters/_template/bootstrap-kit'],
      expected: 'scripts/expected-bootstrap-deps.yaml',
      format: 'github',
      strict: false,
      allClusters: false,
    });
    expect(printed.rules['drift/extra-edge']).toBe('error');
  });

  it('slotLabel and strict come from the config', async () => {
    const root = copyFixture(caseRoot('dependson-duplicate'));
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(0);
    write(root, 'bootstrap-deps.config.yaml', 'strict: true\nslotLabel: example.com/slot\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(1);
    expect(JSON.parse((await runCli(['check', '--print-config'], { cwd: root })).stdout).slotLabel).toBe('example.com/slot');
    // A typed --no-strict beats the config's strict: true.
    expect((await runCli(['check', '--quiet', '--no-strict'], { cwd: root })).code).toBe(0);
  });

  it('allClusters from the config checks every kit', async () => {
    const root = copyFixture(fixture('clusters'));
    write(root, 'bootstrap-deps.config.yaml', 'allClusters: true\n');
    const { report } = await json(root);
    expect(report.clusters.map((cluster: { cluster: string }) => cluster.cluster)).toEqual(['_template', 'alpha', 'beta', 'gamma']);
  });
});

describe('include and exclude: the repository audit', () => {
  const audit = async (cwd: string, args: string[] = []) => {
    const result = await runCli(['check', '--format', 'json', ...args], { cwd });
    const report = JSON.parse(result.stdout);
    return { ...result, report, files: report.findings.map((finding: { file: string }) => finding.file) };
  };

  it('include narrows and exclude leaves out, as check PATH... and --exclude do; typed ones replace them', async () => {
    const root = copyFixture(fixture('repositories', 'home-ops'));
    const all = await audit(root);
    expect(all.files).toHaveLength(6);
    write(root, 'bootstrap-deps.config.yaml', 'exclude:\n  - kubernetes/apps/media\n  - kubernetes/apps/database/**\n');
    const excluded = await audit(root);
    expect(excluded.files).toEqual(['kubernetes/apps/network/echo/ks.yaml', 'kubernetes/apps/network/external-dns/app/helmrelease.yaml']);
    expect(excluded.report.flux.skipped.find((skip: { reason: string }) => skip.reason === 'excluded by --exclude (read for what depends on it, not judged)')?.count).toBe(23);
    // A typed --exclude replaces the config's list.
    expect((await audit(root, ['--exclude', 'kubernetes/apps/network'])).files.some((file: string) => file.includes('/media/'))).toBe(true);

    write(root, 'bootstrap-deps.config.yaml', 'root: .\ninclude: [kubernetes/apps/network, kubernetes/apps/cert-manager]\n');
    const nested = join(root, 'kubernetes');
    // Relative to the config file, not to the working directory.
    expect((await audit(nested)).files).toEqual(['apps/network/echo/ks.yaml', 'apps/network/external-dns/app/helmrelease.yaml']);
    expect((await audit(root, ['kubernetes/apps/media'])).files.every((file: string) => file.startsWith('kubernetes/apps/media/'))).toBe(true);
    const printed = JSON.parse((await runCli(['check', '--print-config'], { cwd: root })).stdout);
    expect(printed).toMatchObject({ include: ['kubernetes/apps/network', 'kubernetes/apps/cert-manager'], exclude: [] });
  });

  it('exclude with a kit chosen is refused, not ignored', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'kitDir: clusters/_template/bootstrap-kit\nexclude: [clusters/old]\n');
    const result = await runCli(['check'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('use one or the other');
  });
});

describe('severity per rule', () => {
  it('warning keeps the finding and exit 0; --strict fails it again; off drops it', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'rules:\n  drift/extra-edge: warning\n');
    const warned = await json(root);
    expect(warned.code).toBe(0);
    expect(warned.report.findings.map((finding: { rule: string; severity: string }) => [finding.rule, finding.severity])).toEqual([['drift/extra-edge', 'warning']]);
    expect((await runCli(['check', '--strict'], { cwd: root })).code).toBe(1);
    write(root, 'bootstrap-deps.config.yaml', 'rules:\n  drift/extra-edge: off\n');
    expect((await json(root)).report.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('a warning rule raised to error fails the check', async () => {
    const root = copyFixture(caseRoot('dependson-duplicate'));
    write(root, 'bootstrap-deps.config.yaml', 'rules:\n  dependsOn/duplicate: error\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(1);
  });

  it('a cycle turned to warning exits 0', async () => {
    const root = copyFixture(caseRoot('cycle-three-nodes'));
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(2);
    write(root, '.bootstrap-depsrc.yaml', 'rules:\n  graph/cycle: warning\n');
    expect((await runCli(['check', '--quiet'], { cwd: root })).code).toBe(0);
  });
});

describe('two config files in one directory', () => {
  it('are an input/invalid-config error naming both, not one read and one ignored; --config picks one', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'strict: true\n');
    write(root, '.bootstrap-depsrc.yaml', 'format: json\n');
    const both = await runCli(['check'], { cwd: root });
    expect(both.code).toBe(3);
    expect(both.stderr).toBe('error: bootstrap-deps.config.yaml configures bootstrap-deps, and so does .bootstrap-depsrc.yaml in the same directory: only bootstrap-deps.config.yaml would be read — keep one of them (or pass --config the one to use)\n');
    expect((await runCli(['check', '--config', '.bootstrap-depsrc.yaml'], { cwd: root })).code).not.toBe(3);
  });
});

describe('typed kit options replace the config\'s', () => {
  it('the hook\'s --all-clusters over a config kitDir glob checks every kit; typed --kit-dir with --all-clusters is still a usage error, also as a JSON document', async () => {
    const root = copyFixture(fixture('clusters'));
    write(root, 'bootstrap-deps.config.yaml', 'kitDir: clusters/*/bootstrap-kit\nexclude: [archive/**]\n');
    const hook = await runCli(['check', '--quiet', '--all-clusters'], { cwd: root });
    expect(hook.stderr).not.toContain('both choose the kits');
    expect([0, 1]).toContain(hook.code);
    const both = await runCli(['check', '--all-clusters', '--kit-dir', 'clusters/alpha/bootstrap-kit', '--format', 'json'], { cwd: root });
    expect(both.code).toBe(3);
    expect(JSON.parse(both.stdout).findings).toMatchObject([{ rule: 'input/usage', message: '--kit-dir and --all-clusters both choose the kits to check' }]);
  });
});

describe('an input/* warning may be turned off, never up', () => {
  it('rules: input/exclude-unmatched: off drops the warning; error is refused, as for every input/* warning', async () => {
    const root = copyFixture(fixture('repositories', 'home-ops'));
    write(root, 'bootstrap-deps.config.yaml', 'exclude: [archive/**]\n');
    expect((await json(root, ["--root", "."])).report.findings.map((finding: { rule: string }) => finding.rule)).toContain('input/exclude-unmatched');
    write(root, 'bootstrap-deps.config.yaml', 'exclude: [archive/**]\nrules:\n  input/exclude-unmatched: off\n');
    expect((await json(root, ["--root", "."])).report.findings.map((finding: { rule: string }) => finding.rule)).not.toContain('input/exclude-unmatched');
    // --print-config shows it, as every id the config may set (a trial's probe: no input/* id was printed); an input/*
    // error, which no setting turns down, is not one of them.
    const { rules } = JSON.parse((await runCli(['check', '--print-config'], { cwd: root })).stdout) as { rules: Record<string, string> };
    expect(rules['input/exclude-unmatched']).toBe('off');
    expect(rules['input/kustomize-skipped']).toBe('warning');
    expect(rules['input/parse-error']).toBeUndefined();
    // It runs no audit, so a write asked for beside it is refused, never passed over (a trial's probe).
    const both = await runCli(['check', '--print-config', '--suppress-all', '--output', 'out.json'], { cwd: root });
    expect(both.code).toBe(3);
    expect(both.stderr).toBe('error: --print-config prints the effective options and runs no audit: --suppress-all and --output would write nothing — drop --suppress-all and --output, or --print-config\n');
    expect(both.stdout).toBe('');
    // A machine format still gets its document (a review's probe).
    const machine = await runCli(['check', '--print-config', '--suppress-all', '--format', 'json'], { cwd: root });
    expect(machine.code).toBe(3);
    expect(JSON.parse(machine.stdout)).toMatchObject({ exitCode: 3, findings: [{ rule: 'input/usage' }] });
    write(root, 'bootstrap-deps.config.yaml', 'exclude: [archive/**]\nrules:\n  input/exclude-unmatched: error\n');
    const refused = await runCli(['check', '--root', '.'], { cwd: root });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe('error: bootstrap-deps.config.yaml:3:28 rules.input/exclude-unmatched: Invalid option: expected one of "warning"|"off" — see the config file section of the README (or --print-config)\n');
  });
});

describe('a bad config is one located line per problem, exit 3', () => {
  it('unknown keys and rule ids get a did-you-mean; ignore is refused; values are checked', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', [
      'strikt: true',
      'format: xml',
      'ignore: [clusters]',
      'rules:',
      '  drift/extra-edg: off',
      '  input/empty: warning',
      '  graph/cycle: loud',
      '',
    ].join('\n'));
    const result = await runCli(['check'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe([
      'error: bootstrap-deps.config.yaml:1:1 strikt: unknown option — did you mean strict?',
      `error: bootstrap-deps.config.yaml:2:9 format: Invalid option: expected one of ${FORMAT_NAMES.map((name) => `"${name}"`).join('|')} — see the config file section of the README (or --print-config)`,
      'error: bootstrap-deps.config.yaml:3:1 ignore: not supported — use exclude (globs, the repository audit), turn a rule off under rules:, or suppress findings with check --suppress-all — remove the key',
      'error: bootstrap-deps.config.yaml:5:3 rules.drift/extra-edg: unknown rule id — did you mean drift/extra-edge?',
      'error: bootstrap-deps.config.yaml:6:3 rules.input/empty: input/* rules stop the audit (exit 3) and cannot be turned down — remove the entry',
      'error: bootstrap-deps.config.yaml:7:16 rules.graph/cycle: Invalid option: expected one of "error"|"warning"|"off" — see the config file section of the README (or --print-config)',
      '',
    ].join('\n'));
    // The values are checked beside the keys, in the same run (a trial's probe: a bad value showed only once the keys were right).
    write(root, 'bootstrap-deps.config.yaml', 'format: xml\nrules:\n  graph/cycle: loud\nkitDir: []\n');
    const values = await runCli(['check'], { cwd: root });
    expect(values.code).toBe(3);
    expect(values.stderr.split('\n').filter(Boolean)).toEqual([
      `error: bootstrap-deps.config.yaml:1:9 format: Invalid option: expected one of ${FORMAT_NAMES.map((name) => `"${name}"`).join('|')} — see the config file section of the README (or --print-config)`,
      'error: bootstrap-deps.config.yaml:3:16 rules.graph/cycle: Invalid option: expected one of "error"|"warning"|"off" — see the config file section of the README (or --print-config)',
      expect.stringMatching(/^error: bootstrap-deps\.config\.yaml:4:9 kitDir: /),
    ]);
  });

  it('a JSON report still comes out, with input/invalid-config findings', async () => {
    const root = driftRepo();
    write(root, 'package.json', '{\n  "bootstrap-deps": {\n    "strict": "yes"\n  }\n}\n');
    const { code, report } = await json(root);
    expect(code).toBe(3);
    expect(report.findings).toEqual([{
      rule: 'input/invalid-config', severity: 'error', message: 'bootstrap-deps.strict: Invalid input: expected boolean, received string',
      fix: 'see the config file section of the README (or --print-config)', file: 'package.json', line: 3, column: 15,
    }]);
  });

  it('invalid YAML in the config is a parse error at its place', async () => {
    const root = driftRepo();
    write(root, 'bootstrap-deps.config.yaml', 'rules: [\n');
    const result = await runCli(['check'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: bootstrap-deps\.config\.yaml:\d+:\d+ invalid YAML/);
  });

  it('a config that is not a mapping says so', async () => {
    const root = temporaryDirectory();
    write(root, 'bootstrap-deps.config.yaml', '- strict\n');
    const result = await runCli(['check'], { cwd: root });
    expect(result.stderr).toBe('error: bootstrap-deps.config.yaml:1:1 the config must be a mapping of options — see the config file section of the README (or --print-config)\n');
  });
});
