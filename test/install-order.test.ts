import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { buildRepo, helmReleaseYaml } from './repo-builder.js';

const slot = (number: number, name: string, dependsOn: string[] = []) =>
  `  - slot: ${number}\n    name: ${name}\n    depends_on: [${dependsOn.join(', ')}]\n    wave: w\n`;

/** bp-x depends on bp-cilium on disk; the expected DAG says bp-flux (an edge Flux never sees). */
const declaredOnlyEdge = () => buildRepo({
  kit: {
    '03-bp-flux.yaml': helmReleaseYaml('bp-flux', ['bp-cert-manager']),
    '04-bp-x.yaml': helmReleaseYaml('bp-x', ['bp-cilium']),
  },
  expected: `slots:\n${slot(1, 'bp-cilium')}${slot(2, 'bp-cert-manager', ['bp-cilium'])}${slot(3, 'bp-flux', ['bp-cert-manager'])}${slot(4, 'bp-x', ['bp-flux'])}`,
});

describe('install levels come from the edges Flux sees', () => {
  it('order: a declared-only edge does not move a release, and is shown as declared only', async () => {
    const root = declaredOnlyEdge();
    const json = JSON.parse((await runCli(['order', '--format', 'json'], { cwd: root })).stdout);
    expect(json.depth['bp-x']).toBe(1);
    expect(json.levels).toEqual([['bp-cilium'], ['bp-cert-manager', 'bp-x'], ['bp-flux']]);
    expect(json.declaredOnly).toEqual([{ from: 'bp-x', to: 'bp-flux' }]);
    const text = (await runCli(['order'], { cwd: root })).stdout;
    expect(text).toContain('   1  bp-cert-manager, bp-x\n');
    expect(text).toContain('Declared only, not on disk (Flux does not wait for these; levels ignore them):\n  bp-x → bp-flux\n');
  });

  it('explain: the level and dependencies are those on disk; the declared-only one is marked', async () => {
    const result = await runCli(['explain', 'bp-x'], { cwd: declaredOnlyEdge() });
    expect(result.stdout).toContain('  install level    1 (levels run 0 to 2; installs after 1 HelmRelease)\n');
    expect(result.stdout).toContain('  depends on       bp-cilium (not declared), bp-flux (missing on disk)\n');
  });

  it('the longest chain prefers present releases when lengths tie, and marks deferred ones', async () => {
    const kit = {
      '02-bp-y.yaml': helmReleaseYaml('bp-y', ['bp-cilium']),
      '03-bp-z.yaml': helmReleaseYaml('bp-z', ['bp-y']),
    };
    const base = `slots:\n${slot(1, 'bp-cilium')}${slot(2, 'bp-y', ['bp-cilium'])}${slot(3, 'bp-z', ['bp-y'])}${slot(5, 'bp-d', ['bp-cilium'])}${slot(6, 'bp-e', ['bp-d'])}`;
    const tie = buildRepo({ kit: { ...kit, '02-bp-cert-manager.yaml': null }, expected: base });
    expect((await runCli(['order'], { cwd: tie })).stdout).toContain('Longest chain: 3 HelmReleases (2 dependsOn edges)\n  bp-cilium → bp-y → bp-z\n');
    const longer = buildRepo({ kit: { ...kit, '02-bp-cert-manager.yaml': null }, expected: `${base}${slot(7, 'bp-f', ['bp-e'])}` });
    const text = (await runCli(['order'], { cwd: longer })).stdout;
    expect(text).toContain('Longest chain: 4 HelmReleases (3 dependsOn edges; [.] deferred)\n  bp-cilium → [.]bp-d → [.]bp-e → [.]bp-f\n');
  });
});

/** A two-release cycle beside the base kit, which it does not touch. */
const withCycle = () => buildRepo({
  kit: {
    '03-bp-a.yaml': helmReleaseYaml('bp-a', ['bp-b']),
    '04-bp-b.yaml': helmReleaseYaml('bp-b', ['bp-a']),
  },
  expected: `slots:\n${slot(1, 'bp-cilium')}${slot(2, 'bp-cert-manager', ['bp-cilium'])}${slot(3, 'bp-a', ['bp-b'])}${slot(4, 'bp-b', ['bp-a'])}`,
});

describe('explain and order with a cycle', () => {
  it('explain answers for a release off the cycle, exit 0', async () => {
    const result = await runCli(['explain', 'bp-cert-manager'], { cwd: withCycle() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  install level    1 (levels run 0 to 1; installs after 1 HelmRelease)\n');
    expect(result.stdout).not.toContain('cycle');
  });

  it('explain on the cycle names it as part of the answer, exit 2; JSON prints its document', async () => {
    const root = withCycle();
    const text = await runCli(['explain', 'bp-a'], { cwd: root });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('  install level    none: it is on a dependency cycle, so Flux never installs it\n');
    expect(text.stdout).toContain('  cycles           bp-a → bp-b → bp-a\n');
    const json = await runCli(['explain', 'bp-a', '--format', 'json'], { cwd: root });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'bp-a', level: null, cycles: [['bp-a', 'bp-b', 'bp-a']] });
  });

  it('order --format json prints its document with the cycles and the levels it can place, exit 2', async () => {
    const result = await runCli(['order', '--format', 'json'], { cwd: withCycle() });
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout);
    expect(json.cycles).toEqual([['bp-a', 'bp-b', 'bp-a']]);
    expect(json.levels).toEqual([['bp-cilium'], ['bp-cert-manager']]);
    expect(json.unplaced).toEqual(['bp-a', 'bp-b']);
  });

  it('machine-format runs print a document on an input error too', async () => {
    const root = buildRepo({ kit: { '03-bp-broken.yaml': 'kind: HelmRelease\nmetadata: {name: "x\n' } });
    for (const command of [['order'], ['explain', 'bp-cilium'], ['graph']]) {
      const result = await runCli([...command, '--format', 'json'], { cwd: root });
      expect(result.code).toBe(3);
      const json = JSON.parse(result.stdout);
      expect(json.exitCode).toBe(3);
      expect(json.findings[0].rule).toBe('input/parse-error');
    }
  });
});

describe('explain on names that are not in the kit', () => {
  it('a name nothing declares is not called deferred, and gets no install level', async () => {
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager', ['bp-ciliumm']) } });
    const result = await runCli(['explain', 'bp-ciliumm'], { cwd: root });
    expect(result.stdout).toContain('  on disk at       nowhere: neither the kit nor the expected DAG has it\n');
    expect(result.stdout).toContain('  install level    none: no HelmRelease has this name, so Flux never finds it\n');
    expect(result.stdout).not.toContain('deferred');
  });

  it('a deferred slot\'s level is where it lands', async () => {
    const root = buildRepo({ expected: `slots:\n${slot(1, 'bp-cilium')}${slot(2, 'bp-cert-manager', ['bp-cilium'])}${slot(3, 'bp-later', ['bp-cert-manager'])}` });
    const result = await runCli(['explain', 'bp-later'], { cwd: root });
    expect(result.stdout).toContain('  install level    2 once it lands (levels run 0 to 2; installs after 2 HelmReleases)\n');
  });

  it('a one-release chain is one HelmRelease', async () => {
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': null }, expected: `slots:\n${slot(1, 'bp-cilium')}` });
    expect((await runCli(['order'], { cwd: root })).stdout).toContain('Longest chain: 1 HelmRelease (0 dependsOn edges)\n');
  });
});
