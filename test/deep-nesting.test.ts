// Issue 13: absurd nesting is bounded before any recursive parser sees it. 20,000
// nested `[`, `{` or `- ` is one located input/parse-error line and exit 3 in every
// file the tool reads, never "internal error" nor a crash: unbounded, the composer
// ran out of stack, and in a warm process V8 then died compiling a RegExp.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../src/load/yaml-file.js';
import { MAX_YAML_DEPTH } from '../src/load/yaml-lib-tree.js';
import { EXPECTED, KIT, projectRoot, runCli } from './helpers.js';
import { BASE_KIT, buildRepo, kustomizationYaml } from './repo-builder.js';

const LEVELS = 20_000;
const FIX = 'fix the YAML syntax at this position';
const tooDeep = (at: string) => `error: ${at} invalid YAML: the document is nested more than 256 levels deep — ${FIX}\n`;

describe('nesting is bounded at 256 levels, wherever the file is read', () => {
  it('the bound is exact: 256 levels parse, the `[` that opens level 257 is located', async () => {
    expect(MAX_YAML_DEPTH).toBe(256);
    // `a:` is level 1; 255 flow sequences make 256.
    const fits = await parseYamlText('t.yaml', `a: ${'['.repeat(255)}${']'.repeat(255)}\n`);
    expect(fits.findings).toEqual([]);
    expect(fits.file?.documents).toHaveLength(1);
    const over = await parseYamlText('t.yaml', `a: ${'['.repeat(256)}${']'.repeat(256)}\n`);
    expect(over.file).toBeUndefined();
    expect(over.findings).toMatchObject([{ rule: 'input/parse-error', location: { file: 't.yaml', line: 1, column: 4 + 255 } }]);
  });

  it('what the fast parser declines for depth, the full parser reads the same', async () => {
    // 64 flow levels stay on the fast path, 65 go to the yaml package: one tree either way.
    for (const levels of [64, 65]) {
      const parsed = await parseYamlText('t.yaml', `a: ${'['.repeat(levels)}x${']'.repeat(levels)}\n`);
      let inner = (parsed.file!.documents[0]!.toJS() as { a: unknown }).a;
      for (let level = 0; level < levels; level += 1) inner = (inner as unknown[])[0];
      expect(inner).toBe('x');
    }
  });

  it.each([
    ['[', 'slots: ', 1, 8 + 255],
    ['{', 'slots: ', 1, 8 + 255],
    ['- ', '', 1, 1 + 2 * 256],
  ])('an expected DAG nested %j x 20,000: one located line, exit 3', async (opener, prefix, line, column) => {
    const root = buildRepo({ expected: `${prefix}${opener.repeat(LEVELS)}\n` });
    const result = await runCli(['check'], { cwd: root });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(tooDeep(`${EXPECTED}:${line}:${column}`));
    expect(result.code).toBe(3);
  });

  it.each(['[', '{'])('a slot file nested %j x 20,000: one located line, exit 3, also under --format json', async (opener) => {
    const slot = `${BASE_KIT['02-bp-cert-manager.yaml']}extra: ${opener.repeat(LEVELS)}\n`;
    const line = slot.split('\n').length - 1;
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': slot } });
    const result = await runCli(['check'], { cwd: root });
    expect(result.stderr).toBe(tooDeep(`${KIT}/02-bp-cert-manager.yaml:${line}:${8 + 255}`));
    expect(result.code).toBe(3);
    const json = await runCli(['check', '--format', 'json'], { cwd: root });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).findings).toMatchObject([{ rule: 'input/parse-error', file: `${KIT}/02-bp-cert-manager.yaml`, line, column: 8 + 255 }]);
  });

  it.each(['[', '{'])('a kustomization.yaml nested %j x 20,000: one located line, exit 3', async (opener) => {
    const text = `${kustomizationYaml(['01-bp-cilium.yaml', '02-bp-cert-manager.yaml'])}labels: ${opener.repeat(LEVELS)}\n`;
    const root = buildRepo({ kustomization: text });
    const result = await runCli(['check'], { cwd: root });
    expect(result.stderr).toBe(tooDeep(`${KIT}/kustomization.yaml:6:${9 + 255}`));
    expect(result.code).toBe(3);
  });

  it('a config file nested 20,000 deep: one located line, exit 3', async () => {
    const root = buildRepo();
    writeFileSync(join(root, 'bootstrap-deps.config.yaml'), `rules: ${'['.repeat(LEVELS)}\n`);
    const result = await runCli(['check'], { cwd: root });
    expect(result.stderr).toBe(tooDeep(`bootstrap-deps.config.yaml:1:${8 + 255}`));
    expect(result.code).toBe(3);
  });

  it('block nesting (one more space per level) is bounded too', async () => {
    const lines = ['slots:'];
    for (let level = 1; level < 2000; level += 1) lines.push(`${' '.repeat(level)}k${level}:`);
    const root = buildRepo({ expected: `${lines.join('\n')}\n` });
    const result = await runCli(['check'], { cwd: root });
    // Level 257 is the key on line 257, at column 257.
    expect(result.stderr).toBe(tooDeep(`${EXPECTED}:257:257`));
    expect(result.code).toBe(3);
  });
});

describe('a warm process does not die on deep nesting', () => {
  it('after the JIT has warmed the parsers on a real kit, 20,000 levels of each kind are still one finding', () => {
    // A fresh process, so the test does not depend on what ran before it in this worker.
    const script = `
      import { check } from ${JSON.stringify(join(projectRoot, 'dist/index.js'))};
      import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const root = mkdtempSync(join(tmpdir(), 'bootstrap-deps-warm-'));
      try {
        cpSync(${JSON.stringify(join(projectRoot, 'fixtures/sovereign'))}, root, { recursive: true });
        for (let run = 0; run < 60; run += 1) await check({ cwd: root });
        for (const text of ['a: ' + '['.repeat(${LEVELS}), 'a: ' + '{'.repeat(${LEVELS}), '- '.repeat(${LEVELS}) + 'x', 'a: ' + '[a, '.repeat(${LEVELS})]) {
          writeFileSync(join(root, 'deep.yaml'), text + '\\n');
          const report = await check({ cwd: root, expected: 'deep.yaml' });
          console.log(report.exitCode, report.findings.map((finding) => finding.rule + ' ' + finding.line + ':' + finding.column).join(', '));
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe([
      '3 input/parse-error 1:259',
      '3 input/parse-error 1:259',
      '3 input/parse-error 1:513',
      '3 input/parse-error 1:1024',
      '',
    ].join('\n'));
  });
});
