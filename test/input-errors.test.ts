import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/report/formatter.js';
import { EXPECTED, KIT, runCli } from './helpers.js';
import { BASE_EXPECTED, buildRepo, helmReleaseYaml } from './repo-builder.js';

/** Runs check in the repository; bad input must give exit 3, lines on stderr only, no stack trace. */
async function checkRepo(root: string, extra: string[] = []) {
  const result = await runCli(['check', ...extra], { cwd: root });
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace, ever
  return result;
}

async function expectInputError(root: string, line: string) {
  const result = await checkRepo(root);
  expect(result.code).toBe(3);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${line}\n`);
}

const K = (file: string) => `${KIT}/${file}`;

describe('bad input: one clear located line and exit 3', () => {
  it('invalid YAML: an unclosed quote', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: "bp-flux\n' } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:3:9 invalid YAML: Missing closing "quote — fix the YAML syntax at this position`);
  });

  it('a file left half-merged: the git merge-conflict marker is named, at its line', async () => {
    // A trial's probe (hmajid2301/k8s-gitops): `Unexpected scalar token "======="` said nothing of the cause.
    const root = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: bp-flux\n<<<<<<< HEAD\nspec: {}\n=======\nspec:\n  interval: 1h\n>>>>>>> topic\n' } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:4:1 unresolved merge conflict: a <<<<<<< marker of git — resolve the conflict: keep the side you want and delete the <<<<<<<, ======= and >>>>>>> lines`);
    // A marker-like line inside a block scalar is text: the file parses, and nothing is said of it.
    const text = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: bp-flux\n  annotations:\n    note: |\n      =======\n' } });
    expect((await checkRepo(text)).stderr).not.toContain('merge conflict');
    // An underline of = in a block scalar, and the file's real error elsewhere: the real error is reported (a review's probe).
    const underline = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: bp-flux\n  annotations:\n    note: |\n      Title\n=======\n' } });
    const real = await checkRepo(underline);
    expect(real.code).toBe(3);
    expect(real.stderr).not.toContain('merge conflict');
  });

  it('invalid YAML: bad indentation', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n  name: bp-flux\n namespace: x\n' } });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error: ${K('03-bp-flux.yaml')}:4:1 invalid YAML: All mapping items must start at the same column — fix the YAML syntax at this position\n$`));
  });

  it('invalid YAML: a tab used for indentation', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': 'kind: HelmRelease\nmetadata:\n\tname: bp-flux\n' } });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error: ${K('03-bp-flux.yaml')}:3:1 invalid YAML: .*[Tt]ab.*\n$`));
  });

  it('bytes that are not UTF-8, located at the first bad byte', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': Buffer.from([...Buffer.from('kind: HelmRelease\nmetadata:\n  name: bp-'), 0xff, 0xfe, 0x0a]) } });
    await expectInputError(root, `error: ${K('03-bp-flux.yaml')}:3:12 the file is not valid UTF-8 text — re-save it as UTF-8`);
  });

  it('an empty slot file', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': '' } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:1:1 the slot file holds no Kubernetes object (it is empty or only comments) — add its resources, or delete the file`);
  });

  it('a slot file of only comments', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': '# TODO: bp-flux lands here\n# (next wave)\n' } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:1:1 the slot file holds no Kubernetes object (it is empty or only comments) — add its resources, or delete the file`);
  });

  it('a 20 MB file is refused quickly, not parsed', async () => {
    const root = buildRepo({ kit: { '03-bp-big.yaml': `# ${'x'.repeat(20 * 1024 * 1024)}\n` } });
    await expectInputError(root,
      `error: ${K('03-bp-big.yaml')} the file is 20.0 MiB, over the 8 MiB limit for a YAML file — split it, or check that it is the file you meant`);
  });

  it('an alias bomb inside a slot file is never expanded', async () => {
    const bomb = ['values:', '  a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level += 1) {
      bomb.push(`  l${level}: &l${level} [${Array(9).fill(level === 1 ? '*a' : `*l${level - 1}`).join(', ')}]`);
    }
    const release = helmReleaseYaml('bp-flux', ['bp-cert-manager']).replace('spec:\n', `spec:\n${bomb.map((line) => `  ${line}`).join('\n')}\n`);
    const root = buildRepo({ kit: { '03-bp-flux.yaml': release }, expected: `${BASE_EXPECTED}  - slot: 3\n    name: bp-flux\n    depends_on: [bp-cert-manager]\n` });
    const started = performance.now();
    const result = await checkRepo(root, ['--quiet']);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('PASSED Present 3 · Declared expected 3 · Deferred 0 · Drift 0 · Cycles 0\n');
  });

  it('a HelmRelease without a name', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  namespace: flux-system\n' } });
    await expectInputError(root, `error: ${K('03-bp-flux.yaml')}:1:1 HelmRelease has no metadata.name — give the HelmRelease a metadata.name`);
  });

  it('a document that is a scalar', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': `${helmReleaseYaml('bp-flux')}---\njust a string\n` } });
    const line = helmReleaseYaml('bp-flux').split('\n').length + 1;
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:${line}:1 document is a string, not a Kubernetes object — each YAML document in a slot file must be a mapping with apiVersion and kind`);
  });

  it('a document that is a list', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': '- kind: HelmRelease\n' } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:1:1 document is a list, not a Kubernetes object — each YAML document in a slot file must be a mapping with apiVersion and kind`);
  });

  it('dependsOn that is a string', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': helmReleaseYaml('bp-flux').replace('  interval: 15m\n', '  interval: 15m\n  dependsOn: bp-cert-manager\n') } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:9:14 spec.dependsOn is a string, not a list — write dependsOn as a list of items such as "- name: bp-flux"`);
  });

  it('dependsOn that is a map', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': helmReleaseYaml('bp-flux').replace('  interval: 15m\n', '  interval: 15m\n  dependsOn:\n    name: bp-cert-manager\n') } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:10:5 spec.dependsOn is a mapping, not a list — write dependsOn as a list of items such as "- name: bp-flux"`);
  });

  it('a dependsOn item that is a bare string', async () => {
    const root = buildRepo({ kit: { '03-bp-flux.yaml': helmReleaseYaml('bp-flux').replace('  interval: 15m\n', '  interval: 15m\n  dependsOn:\n    - bp-cert-manager\n') } });
    await expectInputError(root,
      `error: ${K('03-bp-flux.yaml')}:10:7 dependsOn item is a string — write each item as "- name: <HelmRelease>" (optionally with namespace:)`);
  });

  it('the same HelmRelease name in two files names both', async () => {
    const root = buildRepo({ kit: { '40-bp-cilium-again.yaml': helmReleaseYaml('bp-cilium') } });
    await expectInputError(root,
      `error: ${K('40-bp-cilium-again.yaml')}:5:9 HelmRelease bp-cilium is also defined in ${K('01-bp-cilium.yaml')}:5 — keep one of the two (an old slot file left behind after a renumbering is the usual cause)`);
  });

  it('every input error of a run is reported, sorted by file and line', async () => {
    const root = buildRepo({ kit: { '03-a.yaml': 'a: "x\n', '04-b.yaml': '- x\n' } });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr.trimEnd().split('\n').map((line) => line.split(' ')[1])).toEqual([`${K('03-a.yaml')}:1:4`, `${K('04-b.yaml')}:1:1`]);
  });
});

describe('bad expected DAG', () => {
  it('no slots', async () => {
    await expectInputError(buildRepo({ expected: 'slots: []\n' }),
      `error: ${EXPECTED}:1:1 the expected DAG declares no slots — add entries under slots:`);
  });

  it('an empty expected file', async () => {
    await expectInputError(buildRepo({ expected: '# nothing yet\n' }),
      `error: ${EXPECTED} the expected DAG file is empty — declare the slots under slots:`);
  });

  it('depends_on with a non-string item names the field path', async () => {
    const root = buildRepo({ expected: BASE_EXPECTED.replace('depends_on: [bp-cilium]', 'depends_on: [bp-cilium, 42]') });
    await expectInputError(root,
      `error: ${EXPECTED}:8:29 slots[1].depends_on[1]: Invalid input: expected string, received number — each entry needs slot (7 or "15a"), name, and depends_on as a list of names`);
  });

  it('a float slot', async () => {
    const root = buildRepo({ expected: BASE_EXPECTED.replace('slot: 2', 'slot: 2.5') });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error: ${EXPECTED}:6:11 slots\\[1\\]\\.slot: .+ — `));
  });

  it('a negative slot', async () => {
    const root = buildRepo({ expected: BASE_EXPECTED.replace('slot: 2', 'slot: -2') });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`error: ${EXPECTED}:6:11 slots[1].slot: `);
  });

  it('an alias bomb stops quickly with a clear line', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const result = await checkRepo(buildRepo({ expected: `${bomb.join('\n')}\nslots: []\n` }));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error: ${EXPECTED}:1:1 cannot expand YAML aliases: .*resource exhaustion.* — remove the aliases`));
  });

  it('deeply nested YAML is a located error, not a crash', async () => {
    const depth = 5000;
    const root = buildRepo({ expected: `slots: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    // `slots:` is level 1, the 256th `[` (column 8 + 255) opens level 257.
    expect(result.stderr).toBe(`error: ${EXPECTED}:1:263 invalid YAML: the document is nested more than 256 levels deep — fix the YAML syntax at this position\n`);
  });

  it('unknown keys are a warning, not a failure', async () => {
    const root = buildRepo({ expected: `version: 2\n${BASE_EXPECTED.replace('    wave: present\n  - slot: 2', '    wave: present\n    owner: team-a\n  - slot: 2')}` });
    const result = await runCli(['check', '--quiet'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${EXPECTED}\n  1:10    warning  unknown key version`);
    expect(result.stdout).toContain('  7:12    warning  unknown key slots[0].owner');
    const strict = await runCli(['check', '--quiet', '--strict'], { cwd: root });
    expect(strict.code).toBe(1);
  });
});

describe('bad paths', () => {
  it('a kit directory that does not exist', async () => {
    const root = buildRepo();
    rmSync(join(root, 'clusters'), { recursive: true });
    await expectInputError(root,
      `error: ${KIT} kit directory not found — pass --kit-dir DIR, or run from the repository (or pass --root DIR)`);
  });

  it('a kit directory that is a file', async () => {
    const root = buildRepo();
    const result = await runCli(['check', '--kit-dir', EXPECTED], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${EXPECTED} kit directory is a file, not a directory — pass --kit-dir the directory that holds the slot files\n`);
  });

  it('an expected file that is a directory', async () => {
    const root = buildRepo();
    const result = await runCli(['check', '--expected', 'scripts'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: scripts is a directory, not a file — point at the YAML file inside it\n');
  });

  it('an expected file that does not exist', async () => {
    const root = buildRepo();
    const result = await runCli(['check', '--expected', 'nope.yaml'], { cwd: root });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: nope.yaml expected DAG file not found — pass --expected FILE, or run from the repository (or pass --root DIR); to write a first one from the kit, run bootstrap-deps init\n');
  });

  it('a kit directory with no slot files', async () => {
    const root = buildRepo({ kit: { '01-bp-cilium.yaml': null, '02-bp-cert-manager.yaml': null }, kustomization: null });
    await expectInputError(root,
      `error: ${KIT} the kit directory holds no slot files — add <slot>-<name>.yaml files, or pass --kit-dir the right directory`);
  });

  it('slot files without any HelmRelease', async () => {
    const root = buildRepo({ kit: { '01-bp-cilium.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', '02-bp-cert-manager.yaml': null } });
    await expectInputError(root,
      `error: ${KIT} no HelmRelease found in the kit directory — pass --kit-dir the directory that holds the HelmRelease slot files`);
  });

  it('a symlink loop in the kit directory', async () => {
    const root = buildRepo();
    symlinkSync('05-b.yaml', join(root, KIT, '05-a.yaml'));
    symlinkSync('05-a.yaml', join(root, KIT, '05-b.yaml'));
    const result = await checkRepo(root);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe([
      `error: ${K('05-a.yaml')} symbolic link loop — point the link at a real file`,
      `error: ${K('05-b.yaml')} symbolic link loop — point the link at a real file`,
      '',
    ].join('\n'));
  });

  it('a dangling symlink as a slot file', async () => {
    const root = buildRepo();
    symlinkSync('gone.yaml', join(root, KIT, '05-a.yaml'));
    await expectInputError(root, `error: ${K('05-a.yaml')} dangling symbolic link — point the link at an existing file, or delete it`);
  });

  it('a CRLF file with a UTF-8 BOM works, with right line numbers', async () => {
    const crlf = `\uFEFF${helmReleaseYaml('bp-flux', ['bp-cert-manager', 'bp-nope']).replace(/\n/g, '\r\n')}`;
    const root = buildRepo({ kit: { '03-bp-flux.yaml': crlf }, expected: `${BASE_EXPECTED}  - slot: 3\n    name: bp-flux\n    depends_on: [bp-cert-manager]\n` });
    const result = await runCli(['check', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { rule: string; line: number; column: number }) => [f.rule, f.line, f.column])).toEqual([
      ['dependsOn/unknown-target', 11, 7],
      ['drift/extra-edge', 11, 7],
    ]);
  });
});

describe('usage errors', () => {
  it('an unknown --format', async () => {
    const result = await runCli(['check', '--format', 'xml']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: option '--format <format>' argument 'xml' is invalid. Allowed choices are ${FORMAT_NAMES.join(', ')}. — run 'bootstrap-deps check --help' for usage
`);
  });

  it('a machine format still gets its document, with an input/usage finding', async () => {
    const result = await runCli(['check', '--format', 'json', '--kitdir', 'x']);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(3);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'input/usage', message: "unknown option '--kitdir' (did you mean --kit-dir?)", file: null })]);
    expect(result.stderr).toContain("error: unknown option '--kitdir'");
  });

  // A trial's probe: graph, order, explain and diff printed check's report (kit counts of 0, kitDir "") for an unknown
  // option, where every other usage error of theirs is the short error document; and check --output refused gave the
  // short document under json and none under sarif.
  it('every command\'s JSON on a usage error is its own document; check --output refused still prints check\'s, in any machine format', async () => {
    for (const args of [['graph', '--format', 'json', '--bogus'], ['order', '--format', 'json', '--bogus'], ['explain', 'bp-a', '--format', 'json', '--bogus'], ['diff', 'x', '--format', 'json', '--bogus']]) {
      const result = await runCli(args);
      expect(result.code).toBe(3);
      expect(Object.keys(JSON.parse(result.stdout))).toEqual(['schemaVersion', 'exitCode', 'findings']);
    }
    const root = buildRepo();
    const json = await runCli(['check', '--format', 'json', '--output', KIT], { cwd: root });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ tool: { name: 'bootstrap-deps' }, exitCode: 3, findings: [{ rule: 'input/usage', message: expect.stringMatching(new RegExp(`^--output ${KIT} is an input of this run `)) }] });
    const sarif = await runCli(['check', '--format', 'sarif', '--output', 'scripts'], { cwd: root });
    expect(sarif.code).toBe(3);
    expect(sarif.stderr).toBe('error: scripts cannot write the report (EISDIR) — scripts is a directory: name a file in it\n');
    expect(JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe('scripts cannot write the report (EISDIR) — scripts is a directory: name a file in it');
  });

  it('an unknown flag', async () => {
    const result = await runCli(['check', '--kitdir', 'x']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: unknown option '--kitdir' (did you mean --kit-dir?) — run 'bootstrap-deps check --help' for usage\n");
  });
});
