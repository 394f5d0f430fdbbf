import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { parseYamlText } from '../src/load/yaml-file.js';
import { loadRepository } from '../src/load/repository.js';
import { EXPECTED, KIT, temporaryDirectory } from './helpers.js';

// ---- The model the generators produce, and an oracle written independently of src/ ----

interface Scenario {
  /** Declared DAG: name → dependencies. */
  declared: Map<string, string[]>;
  /** HelmReleases on disk: name → dependsOn items in file order (repeats allowed). */
  onDisk: Map<string, string[]>;
  /** How HelmReleases are split across files, and what else the files hold. */
  files: { names: string[]; comments: boolean; extraDocuments: number }[];
}

const nameOf = (index: number) => `bp-c${index}`;

const scenarioArbitrary = fc
  .integer({ min: 2, max: 9 })
  .chain((size) => {
    const names = Array.from({ length: size }, (_, index) => nameOf(index));
    // A DAG: each node may depend only on nodes with a smaller index.
    const dag = fc.tuple(...names.map((_, index) => fc.subarray(names.slice(0, index))));
    return fc.record({
      dag,
      present: fc.subarray(names, { minLength: 1 }),
      shuffleSeed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      duplicates: fc.subarray(names),
      split: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: size, maxLength: size }),
      comments: fc.boolean(),
      extraDocuments: fc.integer({ min: 0, max: 2 }),
      mutations: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('drop-edge' as const), node: fc.nat(), edge: fc.nat() }),
          fc.record({ kind: fc.constant('add-edge' as const), from: fc.nat(), to: fc.nat() }),
          fc.record({ kind: fc.constant('rename' as const), node: fc.nat() }),
          fc.record({ kind: fc.constant('delete' as const), node: fc.nat() }),
          fc.record({ kind: fc.constant('declare-cycle' as const), from: fc.nat(), to: fc.nat() }),
        ),
        { maxLength: 3 },
      ),
    });
  })
  .map(({ dag, present, shuffleSeed, duplicates, split, comments, extraDocuments, mutations }): Scenario => {
    const names = dag.map((_, index) => nameOf(index));
    const declared = new Map(names.map((name, index) => [name, [...dag[index]!]]));
    let seed = 0;
    const shuffle = <T,>(items: T[]) => items.map((item) => ({ item, key: shuffleSeed[seed++ % shuffleSeed.length]! })).sort((a, b) => a.key - b.key).map(({ item }) => item);
    const onDisk = new Map(present.map((name) => {
      const deps = shuffle(declared.get(name)!);
      return [name, duplicates.includes(name) && deps.length > 0 ? [...deps, deps[0]!] : deps];
    }));
    for (const mutation of mutations) {
      const diskNames = [...onDisk.keys()];
      if (diskNames.length === 0) break;
      if (mutation.kind === 'drop-edge') {
        const deps = onDisk.get(diskNames[mutation.node % diskNames.length]!)!;
        if (deps.length > 0) deps.splice(mutation.edge % deps.length, 1);
      } else if (mutation.kind === 'add-edge') {
        onDisk.get(diskNames[mutation.from % diskNames.length]!)!.push(names[mutation.to % names.length]!);
      } else if (mutation.kind === 'rename') {
        const old = diskNames[mutation.node % diskNames.length]!;
        onDisk.set(`${old}-renamed`, onDisk.get(old)!);
        onDisk.delete(old);
      } else if (mutation.kind === 'delete') {
        onDisk.delete(diskNames[mutation.node % diskNames.length]!);
      } else {
        declared.get(names[mutation.from % names.length]!)!.push(names[mutation.to % names.length]!);
      }
    }
    // Split HelmReleases into files of one to three.
    const files: Scenario['files'] = [];
    const queue = [...onDisk.keys()];
    for (let index = 0; queue.length > 0; index += 1) {
      files.push({ names: queue.splice(0, split[index % split.length]!), comments, extraDocuments });
    }
    return { declared, onDisk, files };
  });

function writeScenario(scenario: Scenario): string {
  const root = temporaryDirectory('bootstrap-deps-prop-');
  mkdirSync(join(root, KIT), { recursive: true });
  mkdirSync(join(root, 'scripts'));
  const fileNames: string[] = [];
  scenario.files.forEach((file, index) => {
    const documents: string[] = [];
    for (let extra = 0; extra < file.extraDocuments; extra += 1) {
      documents.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${index}-${extra}\n`);
    }
    for (const name of file.names) {
      const deps = scenario.onDisk.get(name)!;
      documents.push([
        file.comments ? `# ${name}: generated\n` : '',
        `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n`,
        deps.length > 0 ? `  dependsOn:\n${deps.map((dep) => `    - name: ${dep}${file.comments ? '  # edge' : ''}\n`).join('')}` : '',
        '  interval: 5m\n',
      ].join(''));
    }
    const fileName = `file-${index + 1}.yaml`; // no slot prefix: the slot rules are tested elsewhere
    fileNames.push(fileName);
    writeFileSync(join(root, KIT, fileName), documents.join('---\n'));
  });
  writeFileSync(join(root, KIT, 'kustomization.yaml'), `resources:\n${fileNames.map((name) => `  - ${name}\n`).join('')}`);
  const slots = [...scenario.declared].map(([name, deps], index) =>
    `  - slot: ${100 + index}\n    name: ${name}\n    depends_on: [${deps.join(', ')}]\n    wave: w\n`);
  writeFileSync(join(root, EXPECTED), `slots:\n${slots.join('')}`);
  return root;
}

/** Brute force: set differences for drift, DFS for cycles. Knows nothing of src/. */
function oracle(scenario: Scenario) {
  const { declared, onDisk } = scenario;
  const findings: string[] = [];
  for (const [name, deps] of onDisk) {
    // Flux-level facts hold whether or not the HelmRelease is declared.
    for (const dep of new Set(deps)) if (!onDisk.has(dep) && declared.has(dep)) findings.push(`dependsOn/unresolved ${name} ${dep}`);
    const seen = new Set<string>();
    for (const dep of deps) {
      if (seen.has(dep)) findings.push(`dependsOn/duplicate ${name} ${dep}`);
      seen.add(dep);
    }
    const want = declared.get(name);
    if (!want) {
      findings.push(`drift/undeclared-hr ${name}`);
      continue;
    }
    for (const dep of new Set(want)) if (!deps.includes(dep)) findings.push(`drift/missing-edge ${name} ${dep}`);
    for (const dep of new Set(deps)) if (!want.includes(dep)) findings.push(`drift/extra-edge ${name} ${dep}`);
  }
  for (const [name, deps] of declared) {
    for (const dep of deps) if (!declared.has(dep)) findings.push(`expected/unknown-dependency ${name} ${dep}`);
  }
  // Merged graph; a node is cyclic when it can reach itself.
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => edges.set(from, (edges.get(from) ?? new Set()).add(to));
  for (const [name, deps] of declared) deps.forEach((dep) => add(name, dep));
  for (const [name, deps] of onDisk) deps.forEach((dep) => add(name, dep));
  const reaches = (from: string, target: string) => {
    const stack = [...(edges.get(from) ?? [])];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === target) return true;
      if (visited.has(next)) continue;
      visited.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
    return false;
  };
  const nodes = new Set([...declared.keys(), ...onDisk.keys(), ...[...edges.values()].flatMap((set) => [...set])]);
  const cyclic = [...nodes].filter((node) => reaches(node, node)).sort();
  return { findings: findings.sort(), cyclic, edges };
}

// Sizes: each property takes well under 2 s on an idle machine (15 s test timeout);
// fast-check draws new cases on every run, so runs add up.
describe('the checker agrees with a brute-force oracle on generated kits', () => {
  it('drift, unresolved, duplicates, unknown dependencies and cycles', async () => {
    await fc.assert(fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const root = writeScenario(scenario);
      const report = await check({ cwd: root });
      if (scenario.onDisk.size === 0) {
        // Every HelmRelease deleted: nothing to audit is an input error, not a pass.
        expect(report.findings.map((finding) => finding.rule)).toEqual(['input/empty']);
        expect(report.exitCode).toBe(3);
        return;
      }
      const want = oracle(scenario);
      const got = report.findings
        .filter((finding) => finding.rule !== 'graph/cycle')
        .map((finding) => [finding.rule, finding.hr, finding.dependency].filter(Boolean).join(' '))
        .sort();
      expect(got).toEqual(want.findings);
      // Every reported cycle is a real closed path of the merged graph ...
      for (const cycle of report.cycles) {
        expect(cycle[0]).toBe(cycle.at(-1));
        for (let index = 0; index + 1 < cycle.length; index += 1) expect(want.edges.get(cycle[index]!)?.has(cycle[index + 1]!)).toBe(true);
      }
      // ... and together they cover exactly the nodes that lie on some cycle.
      expect([...new Set(report.cycles.flat())].sort()).toEqual(want.cyclic);
      expect(report.summary.cycles).toBe(report.cycles.length);
      const errors = want.findings.filter((line) => !line.startsWith('dependsOn/duplicate'));
      expect(report.exitCode).toBe(errors.length > 0 ? 1 : want.cyclic.length > 0 ? 2 : 0);
      expect(report.order.length === 0).toBe(want.cyclic.length > 0);
    }), { numRuns: 100 });
  });
});

describe('loaders never throw on arbitrary input', () => {
  it('parseYamlText returns findings or a file for any string', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
      const result = await parseYamlText('/x.yaml', text);
      expect(result.file !== undefined || result.findings.length > 0).toBe(true);
      for (const finding of result.findings) expect(finding.rule).toMatch(/^input\//);
    }), { numRuns: 300 });
  });

  it('loadRepository turns random bytes in slot and expected files into input findings', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), async (slotBytes, expectedBytes) => {
      const root = temporaryDirectory('bootstrap-deps-bytes-');
      mkdirSync(join(root, KIT), { recursive: true });
      mkdirSync(join(root, 'scripts'));
      writeFileSync(join(root, KIT, '01-random.yaml'), slotBytes);
      writeFileSync(join(root, EXPECTED), expectedBytes);
      const repository = await loadRepository({ cwd: root });
      for (const finding of repository.inputFindings) {
        expect(finding.rule).toMatch(/^(input\/|expected\/unknown-key)/);
        expect(finding.message.length).toBeGreaterThan(0);
      }
      const report = await check({ cwd: root });
      // Exit 3 exactly when the loader found an input error, and then only what the loader found is reported.
      const loaderErrors = repository.inputFindings.filter((finding) => finding.severity === 'error');
      expect(report.exitCode === 3).toBe(loaderErrors.length > 0);
      if (loaderErrors.length > 0) expect(report.findings).toHaveLength(repository.inputFindings.length);
      for (const finding of report.findings) expect(finding.file === null || !isAbsolute(finding.file)).toBe(true);
    }), { numRuns: 100 });
  });
});
