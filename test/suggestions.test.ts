import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, EXPECTED, fixture, runCli } from './helpers.js';
import { BASE_EXPECTED, buildRepo, helmReleaseYaml } from './repo-builder.js';
import { closestNameOrPart } from '../src/model/names.js';

const entry = (slot: string, name: string, dependsOn: string[] = []) => `  - slot: ${slot}\n    name: ${name}\n    depends_on: [${dependsOn.join(', ')}]\n`;

describe('suggested fixes are ones that work', () => {
  it('slot/shared-prefix suggests a sub-slot that is free', async () => {
    const root = buildRepo({
      kit: {
        '06-bp-a.yaml': helmReleaseYaml('bp-a'),
        '06-bp-b.yaml': helmReleaseYaml('bp-b'),
        '06b-bp-x.yaml': helmReleaseYaml('bp-x'),
      },
      expected: `${BASE_EXPECTED}${entry('6', 'bp-a')}${entry('6', 'bp-b')}${entry('"6b"', 'bp-x')}`,
    });
    const { report } = await checkJson(root);
    const shared = report.findings.filter((finding) => finding.rule === 'slot/shared-prefix');
    expect(shared.map((finding) => finding.fix)).toEqual(['renumber one of them (a free sub-slot such as 06a keeps it next to its neighbour)']);
    const declared = report.findings.filter((finding) => finding.rule === 'expected/shared-slot');
    expect(declared.map((finding) => finding.fix)).toEqual(['give bp-b a slot of its own (a free sub-slot such as 06a works)']);
  });

  it('expected/shared-slot does not suggest a sub-slot already declared', async () => {
    const root = buildRepo({
      kit: { '26-bp-a.yaml': helmReleaseYaml('bp-a'), '26a-bp-c.yaml': helmReleaseYaml('bp-c') },
      expected: `${BASE_EXPECTED}${entry('26', 'bp-a')}${entry('26', 'bp-b')}${entry('"26a"', 'bp-c')}`,
    });
    const { report } = await checkJson(root);
    expect(report.findings.find((finding) => finding.rule === 'expected/shared-slot')!.fix).toBe('give bp-b a slot of its own (a free sub-slot such as 26b works)');
  });

  it('a missing edge to a deferred release says to land the dependency first', async () => {
    const root = buildRepo({
      kit: { '03-bp-x.yaml': helmReleaseYaml('bp-x', ['bp-cilium']) },
      expected: `${BASE_EXPECTED}${entry('3', 'bp-x', ['bp-cilium', 'bp-later'])}${entry('9', 'bp-later')}`,
    });
    const { report } = await checkJson(root);
    expect(report.findings.find((finding) => finding.rule === 'drift/missing-edge')!.fix).toBe(
      'bp-later is deferred (slot 09, not in the kit): land its slot file first, then add "- name: bp-later" to spec.dependsOn; or remove it from depends_on in the expected DAG',
    );
  });

  it('init and sync keep the file\'s spelling of a sub-slot', async () => {
    const root = buildRepo({ kit: { '01a-bp-extra.yaml': helmReleaseYaml('bp-extra') }, expected: null });
    mkdirSync(join(root, '.git'));
    expect((await runCli(['init'], { cwd: root })).code).toBe(0);
    expect(readFileSync(join(root, EXPECTED), 'utf8')).toContain('  - slot: "01a"\n    name: bp-extra\n');
    const synced = buildRepo({ kit: { '02b-bp-extra.yaml': helmReleaseYaml('bp-extra') } });
    expect((await runCli(['sync', '--write'], { cwd: synced })).code).toBe(0);
    expect(readFileSync(join(synced, EXPECTED), 'utf8')).toContain('  - slot: "02b"\n    name: bp-extra\n');
  });
});

// A trial's probes: a name with its prefix left off (`harbor` for bp-harbor) and a kind-qualified typo (`hr/plexx`)
// got no did-you-mean, where `bp-harbour` and `plexx` did.
describe('did-you-mean for the name given to explain and --focus', () => {
  it('a name with its prefix left off: the one name holding it as a dash-separated part', async () => {
    const kit = fixture('sovereign');
    expect((await runCli(['explain', 'harbor'], { cwd: kit })).stderr).toBe('error: no HelmRelease named harbor — did you mean bp-harbor?\n');
    expect((await runCli(['graph', '--focus', 'harbor'], { cwd: kit })).stderr).toBe('error: no HelmRelease named harbor — did you mean --focus bp-harbor?\n');
    // A part several names hold guesses none.
    expect((await runCli(['explain', 'bp'], { cwd: kit })).stderr).toBe('error: no HelmRelease named bp — pass the metadata.name of a HelmRelease or expected slot\n');
  });

  it('Kind/name and Kind/namespace/name with a misspelt name: the closest name of that kind', async () => {
    const repository = fixture('repositories', 'home-ops');
    const explained = await runCli(['explain', 'hr/plexx'], { cwd: repository });
    expect(explained.code).toBe(3);
    expect(explained.stderr).toBe('error: no HelmRelease, Kustomization or ResourceSet named hr/plexx — did you mean HelmRelease//plex?\n');
    expect((await runCli(['graph', '--focus', 'ks/media/plx'], { cwd: repository })).stderr)
      .toBe('error: no HelmRelease, Kustomization or ResourceSet named ks/media/plx — did you mean --focus Kustomization/media/plex?\n');
  });
});

describe('closestNameOrPart', () => {
  it('counts a name written by several objects once (a review\'s probe: bp-harbor in two namespaces guessed nothing)', () => {
    expect(closestNameOrPart('harbor', ['bp-harbor', 'bp-harbor', 'bp-vpa'])).toBe('bp-harbor');
    expect(closestNameOrPart('harbor', ['bp-harbor', 'tp-harbor'])).toBeUndefined();
  });
});
