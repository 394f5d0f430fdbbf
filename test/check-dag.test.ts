import { describe, expect, it } from 'vitest';
import { caseRoot, runCli } from './helpers.js';
import { buildRepo, helmReleaseYaml } from './repo-builder.js';

/** The "Dependency DAG" section of check's text output. */
async function dagSection(root: string): Promise<string> {
  const { stdout } = await runCli(['check'], { cwd: root });
  return stdout.split('\n\n').find((section) => section.startsWith('Dependency DAG'))!;
}

// check draws the kit as it is on disk, with drift marked, as graph --format text does.
describe('the DAG printed by check', () => {
  it('shows an edge added on disk, marked as not declared', async () => {
    const root = buildRepo({
      kit: { '03-bp-flux.yaml': helmReleaseYaml('bp-flux', ['bp-cert-manager', 'bp-cilium']) },
      expected: `slots:\n  - slot: 1\n    name: bp-cilium\n  - slot: 2\n    name: bp-cert-manager\n    depends_on: [bp-cilium]\n  - slot: 3\n    name: bp-flux\n    depends_on: [bp-cert-manager]\n`,
    });
    expect(await dagSection(root)).toContain('[P] 03  bp-flux          → bp-cert-manager, bp-cilium (not declared)');
  });

  it('shows a dependsOn removed on disk as missing, not as an arrow that exists', async () => {
    const root = buildRepo({ kit: { '02-bp-cert-manager.yaml': helmReleaseYaml('bp-cert-manager') } });
    expect(await dagSection(root)).toContain('[P] 02  bp-cert-manager  → bp-cilium (missing on disk)');
  });

  it('draws the arrow of a release that is in the reported cycle', async () => {
    const dag = await dagSection(caseRoot('cycle-merged-only'));
    expect(dag).toContain('[P] 01  bp-a  → bp-b\n');
    expect(dag).toContain('[P] 02  bp-b  → bp-a (not declared)');
  });
});
