import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkRepository } from '../src/audit.js';
import type { ReportFinding } from '../src/report/report.js';
import { rules } from '../src/rules/index.js';
import type { RuleMeta } from '../src/rules/index.js';
import { expectExpressAgrees } from './express-agreement.js';
import { EXPECTED, hasCommand, KIT, runCli } from './helpers.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');

// A rule tester in the style of ESLint's RuleTester: each case is a small kit
// (or Flux repository) written as text, loaded and audited through the
// library's entry points (check, checkRepository: the project's own loader)
// with only the rule under test, so the cases survive changes to the model types. Loader-raised ids (input/*, expected/unknown-key) are tested the
// same way: their findings come from the loader.
//
//   ruleTester(driftExtraEdge, {
//     valid: [{ kit: { '01-a.yaml': helmRelease('bp-a') } }],
//     invalid: [{ kit: {...}, expected: 'slots: ...', findings: [{ message, at: '02-b.yaml:8:7', fix }] }],
//   });

export interface KitCase {
  /** Test title; by default the case's number. */
  name?: string;
  /** Files of the kit directory: file name → content. */
  kit?: Record<string, string | Buffer>;
  /** Called with the repository root once the files are written: what text cannot say (a FIFO, a symbolic link). */
  setup?: (root: string) => void;
  /**
   * Instead of a kit: files of a Flux repository, path from the root → content,
   * audited as `check` does a repository without a kit (checkRepository).
   */
  repository?: Record<string, string>;
  /** `--exclude` globs (for `repository` cases). */
  exclude?: string[];
  /** A directory below where the files are written to audit from, as `--root` and the working directory (for `repository` cases). */
  root?: string;
  /**
   * The expected DAG's text. By default, the one `bootstrap-deps init` writes
   * for this kit (every HelmRelease at its file's slot, its dependsOn as
   * depends_on: no drift). `null`: no expected file at all.
   */
  expected?: string | null;
  /** The kit's kustomization.yaml. By default one listing every kit file; `null`: none. */
  kustomization?: string | null;
  /** `--slot-label`. */
  slotLabel?: string;
  /** `--no-kustomize` (for kit and `repository` cases). */
  noKustomize?: boolean;
  /** PATH while the case runs (say, one without kustomize and kubectl). */
  path?: string;
  /** The case needs the real kustomize (or kubectl): skipped, visibly, where neither is on PATH. */
  needsKustomize?: boolean;
}

export interface ExpectedFinding {
  message: string;
  /**
   * Where: `file:line:column`, a kit file by its name (`60-bp-x.yaml:34:7`),
   * any other file relative to the repository root
   * (`scripts/expected-bootstrap-deps.yaml:20:27`); `null` when the finding has no file.
   */
  at: string | null;
  /** The finding's fix, exactly; leave it out only for a finding without one. */
  fix?: string;
  /** Checked when given. */
  hr?: string;
  dependency?: string;
  /** The rule's own severity when left out (a rule may lower one finding to a warning). */
  severity?: 'error' | 'warning';
}

export interface InvalidCase extends KitCase {
  findings: ExpectedFinding[];
}

/** A HelmRelease slot file as text: line 4 is `name:`, line 8 the first dependsOn item. */
export function helmRelease(name: string, dependsOn: (string | { name: string; namespace: string })[] = [], options: { namespace?: string; labels?: Record<string, string> } = {}): string {
  const labels = options.labels ? `  labels:\n${Object.entries(options.labels).map(([key, value]) => `    ${key}: "${value}"\n`).join('')}` : '';
  const items = dependsOn.map((dependency) => (typeof dependency === 'string'
    ? `    - name: ${dependency}\n`
    : `    - name: ${dependency.name}\n      namespace: ${dependency.namespace}\n`));
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2\n',
    'kind: HelmRelease\n',
    'metadata:\n',
    `  name: ${name}\n`,
    `  namespace: ${options.namespace ?? 'flux-system'}\n`,
    labels,
    'spec:\n',
    items.length > 0 ? `  dependsOn:\n${items.join('')}` : '',
    '  chart:\n',
    '    spec:\n',
    `      chart: ${name}\n`,
  ].join('');
}

/** A Flux Kustomization as text (for `repository` cases): line 4 is `name:`, the first dependsOn item follows `spec`'s other fields. */
export function fluxKustomization(name: string, dependsOn: string[] = [], spec = ''): string {
  return [
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\n',
    'kind: Kustomization\n',
    'metadata:\n',
    `  name: ${name}\n`,
    '  namespace: flux-system\n',
    'spec:\n',
    '  interval: 10m\n',
    `  path: ./${name}\n`,
    '  prune: true\n',
    spec,
    '  sourceRef:\n',
    '    kind: GitRepository\n',
    '    name: flux-system\n',
    dependsOn.length > 0 ? `  dependsOn:\n${dependsOn.map((dependency) => `    - name: ${dependency}\n`).join('')}` : '',
  ].join('');
}

/** An expected DAG as text: one entry per `[slot, name, depends_on, wave?]`; without waves, entry i starts at line 2 + 3i. */
export function expectedDag(...entries: [slot: number | string, name: string, dependsOn: string[], wave?: string][]): string {
  return `slots:\n${entries.map(([slot, name, dependsOn, wave]) =>
    `  - slot: ${typeof slot === 'string' ? `"${slot}"` : slot}\n    name: ${name}\n    depends_on: [${dependsOn.join(', ')}]\n${wave ? `    wave: ${wave}\n` : ''}`).join('')}`;
}

export function kustomization(files: string[]): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((file) => `  - ${file}\n`).join('')}`;
}

const isLoaderRule = (rule: RuleMeta) => !rules.some((checked) => checked.id === rule.id);

async function writeCase(root: string, testCase: KitCase): Promise<void> {
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  if (testCase.repository) {
    for (const [path, content] of Object.entries(testCase.repository)) write(path, content);
    testCase.setup?.(root);
    return;
  }
  const kit = testCase.kit ?? {};
  mkdirSync(join(root, KIT), { recursive: true });
  for (const [name, content] of Object.entries(kit)) write(`${KIT}/${name}`, content);
  const kustomizationText = testCase.kustomization === undefined ? kustomization(Object.keys(kit).sort()) : testCase.kustomization;
  if (kustomizationText !== null) write(`${KIT}/kustomization.yaml`, kustomizationText);
  if (typeof testCase.expected === 'string') write(EXPECTED, testCase.expected);
  testCase.setup?.(root);
  if (testCase.expected === undefined) {
    // What a user would run: the CLI's own init, through the loader.
    const init = await runCli(['init', '--root', root, ...(testCase.slotLabel ? ['--slot-label', testCase.slotLabel] : [])], { cwd: root });
    if (init.code !== 0) throw new Error(`rule tester: bootstrap-deps init failed on this kit; give the case an expected: text\n${init.stderr}`);
  }
}

/** Loads the case through the library's own entry points, audits it with the one rule, and returns that rule's findings. */
export async function findingsOf(rule: RuleMeta, testCase: KitCase): Promise<ReportFinding[]> {
  const root = mkdtempSync(join(tmpdir(), 'bootstrap-deps-rule-'));
  try {
    await writeCase(root, testCase);
    // Every kit case is also a case for the express path (src/express): where it passes the kit, the full
    // path with every rule must pass it too, with the same line.
    if (!testCase.repository && !testCase.slotLabel && !testCase.noKustomize && testCase.path === undefined) await expectExpressAgrees(root);
    const checked = rules.filter((candidate) => candidate.id === rule.id);
    const savedPath = process.env.PATH;
    if (testCase.path !== undefined) process.env.PATH = testCase.path;
    const report = await (testCase.repository
      ? checkRepository({
        cwd: join(root, testCase.root ?? ''), root: join(root, testCase.root ?? ''), rules: checked,
        ...(testCase.exclude ? { exclude: testCase.exclude } : {}), ...(testCase.noKustomize ? { kustomize: false } : {}),
      })
      : check({
        cwd: root, root, rules: checked,
        ...(testCase.slotLabel ? { slotLabel: testCase.slotLabel } : {}),
        ...(testCase.noKustomize ? { kustomize: false } : {}),
      })).finally(() => { process.env.PATH = savedPath; });
    if (!isLoaderRule(rule)) {
      // A case that does not load would make every assertion about the rule vacuous.
      const inputErrors = report.findings.filter((finding) => finding.rule.startsWith('input/'));
      if (inputErrors.length > 0) {
        throw new Error(`rule tester: the case's files do not load:\n${inputErrors.map((finding) => `  ${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`).join('\n')}`);
      }
    }
    return report.findings.filter((finding) => finding.rule === rule.id);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function located(finding: ReportFinding): string | null {
  if (finding.file === null) return null;
  const file = finding.file.startsWith(`${KIT}/`) ? finding.file.slice(KIT.length + 1) : finding.file;
  return finding.line === null ? file : `${file}:${finding.line}:${finding.column}`;
}

function asExpected(finding: ReportFinding, want: ExpectedFinding): ExpectedFinding {
  return {
    message: finding.message,
    at: located(finding),
    ...(finding.fix !== undefined ? { fix: finding.fix } : {}),
    ...('hr' in want ? { hr: finding.hr } : {}),
    ...('dependency' in want ? { dependency: finding.dependency } : {}),
    ...('severity' in want ? { severity: finding.severity } : {}),
  } as ExpectedFinding;
}

/** One `describe` per rule, one test per case. A rule needs at least one valid and one invalid case. */
export function ruleTester(rule: RuleMeta, cases: { valid: KitCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.id} (rule tester)`, () => {
    it('has at least one valid and one invalid case, each invalid case with findings', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      for (const testCase of cases.invalid) expect(testCase.findings.length, testCase.name).toBeGreaterThan(0);
    });

    cases.valid.forEach((testCase, index) => {
      it.skipIf(testCase.needsKustomize && !HAS_KUSTOMIZE)(`valid: ${testCase.name ?? `#${index + 1}`}${testCase.needsKustomize ? ' (skipped without kustomize or kubectl)' : ''}`, async () => {
        expect(await findingsOf(rule, testCase)).toEqual([]);
      });
    });

    cases.invalid.forEach((testCase, index) => {
      it.skipIf(testCase.needsKustomize && !HAS_KUSTOMIZE)(`invalid: ${testCase.name ?? `#${index + 1}`}${testCase.needsKustomize ? ' (skipped without kustomize or kubectl)' : ''}`, async () => {
        const findings = await findingsOf(rule, testCase);
        const actual = findings.map((finding, at) => asExpected(finding, testCase.findings[at] ?? { message: '', at: null }));
        expect(actual).toEqual(testCase.findings);
        findings.forEach((finding, at) => expect(finding.severity).toBe(testCase.findings[at]?.severity ?? rule.severity));
      });
    });
  });
}
