import { describe, expect, it } from 'vitest';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, hasCommand, runBin, runCli, temporaryDirectory } from './helpers.js';
import { hr, KIT, kitCases, kustomization, writeCase } from './kit-model-cases.js';

const HAS_KUSTOMIZE = hasCommand('kustomize') || hasCommand('kubectl');
if (!HAS_KUSTOMIZE) console.warn('skipping the cases that need kustomize: neither kustomize nor kubectl is on PATH');

describe('the kit as kustomize and Flux read it', () => {
  for (const kitCase of kitCases) {
    it.skipIf(kitCase.needsKustomize && !HAS_KUSTOMIZE)(`${kitCase.name}${kitCase.needsKustomize ? ' (skipped without kustomize or kubectl)' : ''}`, async () => {
      const root = writeCase(kitCase);
      const result = await runCli(['check', '--root', root, '--format', 'json', ...(kitCase.args ?? [])], { cwd: root });
      const report = JSON.parse(result.stdout) as import('../src/index.js').Report;
      const keys = report.findings.map((finding) =>
        `${finding.rule}@${finding.file}${finding.line === null ? '' : `:${finding.line}:${finding.column}`}`);
      expect(keys).toEqual(kitCase.findings);
      for (const [key, message] of Object.entries(kitCase.messages ?? {})) {
        expect(report.findings[keys.indexOf(key)]?.message).toBe(message);
      }
      expect(result.code).toBe(kitCase.exitCode);
    });
  }
});

describe('when the kit needs kustomize', () => {
  const transforming = kitCases.find((kitCase) => kitCase.name.startsWith('namePrefix'))!;
  /** A PATH with node and nothing else: no kustomize, no kubectl. */
  function pathWithoutKustomize(): string {
    const dir = temporaryDirectory();
    symlinkSync(process.execPath, join(dir, 'node'));
    return dir;
  }

  it('exits 3 with one line saying how to install kustomize when none is on PATH', () => {
    const root = writeCase(transforming);
    const result = runBin(['check', '--root', root], { cwd: root, env: { PATH: pathWithoutKustomize() } });
    expect(result.stderr).toBe(`error: ${KIT}/kustomization.yaml:3:1 the kustomization uses namePrefix (line 3), which only kustomize can apply, and neither kustomize nor kubectl is on PATH — install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or pass --no-kustomize to audit the files as written\n`);
    expect(result.code).toBe(3);
  });

  it('never needs kustomize for a kit without transformations (no extra process)', () => {
    const result = runBin(['check', '--root', fixture('sovereign'), '--quiet'], { env: { PATH: pathWithoutKustomize() } });
    expect(result.stdout).toContain('PASSED Present 49');
    expect(result.code).toBe(0);
  });

  it('with --no-kustomize audits the files as written, and every finding says so', async () => {
    const root = writeCase(transforming);
    const { code, stdout } = await runCli(['check', '--root', root, '--format', 'json', '--no-kustomize'], { cwd: root });
    const report = JSON.parse(stdout) as import('../src/index.js').Report;
    expect(report.findings.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([
      'input/kustomize-skipped: the kustomization uses namePrefix; with --no-kustomize the kit is audited as written, without these transformations',
    ]);
    expect(code).toBe(0);
    writeFileSync(join(root, KIT, '02-bp-flux.yaml'), hr('bp-flux'));
    const drifted = JSON.parse((await runCli(['check', '--root', root, '--format', 'json', '--no-kustomize'], { cwd: root })).stdout) as import('../src/index.js').Report;
    expect(drifted.findings.map((finding) => finding.message)).toContain(
      'bp-flux does not depend on bp-cilium, which the expected DAG declares (scripts/expected-bootstrap-deps.yaml:7) [audited as written: kustomize transformations not applied]');
  });

  it.skipIf(!HAS_KUSTOMIZE)('turns a failing kustomize build into one located line and exit 3 (skipped without kustomize or kubectl)', async () => {
    const root = writeCase(transforming);
    writeFileSync(join(root, KIT, 'kustomization.yaml'), kustomization(['01-bp-cilium.yaml', '02-bp-flux.yaml'],
      'patches:\n  - target:\n      kind: HelmRelease\n    patch: |\n      - op: bogus\n        path: /spec\n'));
    const { code, stderr } = await runCli(['check', '--root', root], { cwd: root });
    expect(stderr).toMatch(/^error: clusters\/_template\/bootstrap-kit\/kustomization\.yaml (kustomize build|kubectl kustomize) fails: .*bogus.* — fix the kustomization: Flux's build of this kit fails the same way\n$/);
    expect(code).toBe(3);
  });
});
