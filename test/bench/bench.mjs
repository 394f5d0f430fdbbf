#!/usr/bin/env node
// npm run bench: times `bootstrap-deps check` as a whole process on synthetic
// kits of 50, 1,000, 10,000 and 30,000 slots, against `node -e 0` and against
// the read-only floor (test/bench/floor.cjs: list the kit, read every file,
// nothing else) on the same machine in the same run, and prints PASS/FAIL
// against the targets. Every target is a ratio measured in the same run
// (alternating pairs, medians), so a loaded machine slows both sides alike.
// Speed targets live here, never in unit tests.
//
//   npm run bench                 all sizes and the bounds of hostile input
//   npm run bench -- --quick      50 and 1,000 slots only
//   npm run bench -- --bounds     only the bounds of hostile input (cycles, text, flow list)
//   npm run bench -- --instructions
//                                 instructions instead of the clock (valgrind): to compare two builds
//                                 on a noisy machine, where runs of one build differ by under 1%
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(project, 'bin', 'bootstrap-deps.js');
const floorScript = join(project, 'test', 'bench', 'floor.cjs');
const repositoryFloorScript = join(project, 'test', 'bench', 'repository-floor.cjs');
const rssReporter = join(project, 'test', 'bench', 'rss-reporter.mjs');
const quick = process.argv.includes('--quick');
// --bounds: only the hostile-input bounds (a 100,000 ring, a 7,700 cycle, 30,000 slots of text, 100,000 quoted values, an 8 MiB flow list).
const boundsOnly = process.argv.includes('--bounds');
const instructionsOnly = process.argv.includes('--instructions');

/** A deterministic pseudo-random generator, so every run benchmarks the same kits. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const LAYERS = 10;

/**
 * `check --quiet` of a clean kit is answered by the express path (src/express),
 * which takes only --root and --quiet. The bounds that compare two runs of the
 * full path (a cycle's cost, the text and HTML formatters' cost) add
 * `--format text`, which changes no output and keeps a run on the full path.
 */
const FULL_PATH = ['--format', 'text'];

/**
 * A kit of `slots` files, each a Namespace, a HelmRepository and a HelmRelease
 * with comments, plus kustomization.yaml and the expected DAG. Each release sits
 * on one of ten layers and depends on one to three releases of lower layers,
 * so the DAG is about ten deep.
 */
export function generateKit(root, slots, seed = 42, kitPath = 'clusters/_template/bootstrap-kit', { ring = 0, closeRing = false } = {}) {
  const next = random(seed);
  const kit = join(root, kitPath);
  mkdirSync(kit, { recursive: true });
  mkdirSync(join(root, 'scripts'), { recursive: true });
  const byLayer = Array.from({ length: LAYERS }, () => []);
  const files = [];
  const expected = ['# Synthetic expected DAG for the benchmark.', 'slots:'];
  for (let index = 0; index < slots; index += 1) {
    const name = `bp-synthetic-${index}`;
    const deps = new Set();
    let label = 'ring';
    if (index < ring) {
      // The first `ring` releases form a chain, each on the one before; `closeRing`
      // makes the first depend on the last: one back edge, one strongly connected group.
      if (index > 0) deps.add(`bp-synthetic-${index - 1}`);
      if (index === 0 && closeRing) deps.add(`bp-synthetic-${ring - 1}`);
    } else {
      const local = index - ring;
      const layer = local < LAYERS ? local : Math.floor(next() * LAYERS);
      const candidates = byLayer.slice(0, layer).flat();
      if (layer > 0) deps.add(byLayer[layer - 1][Math.floor(next() * byLayer[layer - 1].length)]);
      const extra = Math.floor(next() * 3);
      for (let count = 0; count < extra && candidates.length > 0; count += 1) deps.add(candidates[Math.floor(next() * candidates.length)]);
      byLayer[layer].push(name);
      label = `layer ${layer}`;
    }
    const slot = String(index + 1).padStart(2, '0');
    const file = `${slot}-${name}.yaml`;
    files.push(file);
    const dependsOn = [...deps].map((dep) => `    - name: ${dep}  # must be Ready first\n`).join('');
    writeFileSync(join(kit, file), [
      `# ${name} — synthetic slot ${slot} (${label}).`,
      '# Comments like real kits carry: why the dependencies are what they are,',
      '# which incident taught us that, and what to check before changing it.',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      `  name: ns-${index}`,
      '---',
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: HelmRepository',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      'spec:',
      '  type: oci',
      '  interval: 15m',
      '  url: oci://registry.example.org/charts',
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      '  labels:',
      `    catalyst.openova.io/slot: "${slot}"`,
      'spec:',
      '  interval: 15m',
      `  releaseName: synthetic-${index}`,
      `${deps.size > 0 ? `  dependsOn:\n${dependsOn}` : ''}  chart:`,
      '    spec:',
      `      chart: ${name}`,
      '      version: 1.0.0',
      '      sourceRef:',
      '        kind: HelmRepository',
      `        name: ${name}`,
      '        namespace: flux-system',
      '  values:',
      '    replicas: 2',
      '    resources: { requests: { cpu: 100m, memory: 128Mi } }',
      '',
    ].join('\n'));
    expected.push(`  - slot: ${index + 1}`, `    name: ${name}`, `    depends_on: [${[...deps].join(', ')}]`, '    wave: present');
  }
  writeFileSync(join(root, 'scripts/expected-bootstrap-deps.yaml'), `${expected.join('\n')}\n`);
  writeFileSync(join(kit, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((file) => `  - ${file}\n`).join('')}`);
}

/**
 * A Flux repository in the home-ops layout with `apps` applications (two
 * objects each: a Kustomization in ks.yaml with targetNamespace, and the
 * HelmRelease it applies), spread over ten namespaces; each Kustomization
 * depends on up to two earlier ones, so the graph is deep and wide.
 */
export function generateFluxRepository(root, apps, seed = 7) {
  const next = random(seed);
  const namespaces = Array.from({ length: 10 }, (_, index) => `team-${index}`);
  const byNamespace = new Map(namespaces.map((namespace) => [namespace, []]));
  const names = [];
  mkdirSync(join(root, 'kubernetes/flux/cluster'), { recursive: true });
  writeFileSync(join(root, 'kubernetes/flux/cluster/ks.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: cluster-apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  path: ./kubernetes/apps\n  prune: true\n  wait: true\n  timeout: 1h\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
  for (let index = 0; index < apps; index += 1) {
    const namespace = namespaces[index % namespaces.length];
    const name = `app-${index}`;
    const deps = new Set();
    for (let count = Math.floor(next() * 3); count > 0 && names.length > 0; count -= 1) deps.add(names[Math.floor(next() * names.length)]);
    const dir = join(root, 'kubernetes/apps', namespace, name);
    mkdirSync(join(dir, 'app'), { recursive: true });
    const dependsOn = [...deps].map((dep) => `    - name: ${dep.name}\n      namespace: ${dep.namespace}\n`).join('');
    writeFileSync(join(dir, 'ks.yaml'), `# ${name}: synthetic application\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\nspec:\n${dependsOn ? `  dependsOn:\n${dependsOn}` : ''}  interval: 1h\n  path: ./kubernetes/apps/${namespace}/${name}/app\n  prune: true\n  wait: true\n  targetNamespace: ${namespace}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n`);
    writeFileSync(join(dir, 'app/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./helmrelease.yaml\n');
    writeFileSync(join(dir, 'app/helmrelease.yaml'), `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: ${name}\n  values:\n    replicas: 1\n`);
    byNamespace.get(namespace).push(`./${name}/ks.yaml`);
    names.push({ name, namespace });
  }
  for (const [namespace, entries] of byNamespace) {
    writeFileSync(join(root, 'kubernetes/apps', namespace, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${namespace}\nresources:\n${entries.map((entry) => `  - ${entry}\n`).join('')}`);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run of a command, its wall time in ms; throws on an unexpected exit. */
function once(command, args, expectedStatus = 0) {
  return time(command, args, 1, expectedStatus, false);
}

/** Runs a command `runs` times (after one warm-up, unless `warm` is false) and returns the median wall time in ms. */
function time(command, args, runs, expectedStatus = 0, warm = true) {
  const durations = [];
  for (let run = warm ? -1 : 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== expectedStatus) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (run >= 0) durations.push(elapsed);
  }
  return median(durations);
}

/** 20 cluster kits of 60 slots each under `root`, one expected DAG; returns the kit directories. */
function generateClusters(root) {
  const kitDirs = [];
  for (let cluster = 0; cluster < 20; cluster += 1) {
    const kitPath = `clusters/c${String(cluster).padStart(2, '0')}/bootstrap-kit`;
    generateKit(root, 60, 42, kitPath);
    kitDirs.push(join(root, kitPath));
  }
  return kitDirs;
}

/**
 * Millions of instructions one run of a command executes, every thread counted
 * (valgrind's cachegrind, without its cache simulation). Deterministic to
 * under 1% for the runs below 800 files (tier-up.ts); a few percent above, where V8
 * compiles on other threads.
 */
function instructions(command, args) {
  const result = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', command, ...args], {
    encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 2 ** 30,
  });
  const count = /I\s+refs:\s+([\d,]+)/.exec(result.stderr ?? '');
  if (!count) throw new Error(`valgrind counted nothing for ${args.join(' ')}: ${result.error?.message ?? result.stderr}`);
  return Number(count[1].replaceAll(',', '')) / 1e6;
}

/** --instructions: each run once under valgrind, against `node -e 0` and its read-only floor. Shown, not judged. */
function measureInstructions(workspace) {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('npm run bench -- --instructions needs valgrind (apt-get install valgrind)');
    process.exitCode = 2;
    return;
  }
  const node = instructions(process.execPath, ['-e', '0']);
  const root1000 = join(workspace, 'kit-1000');
  generateKit(root1000, 1000);
  const root10000 = join(workspace, 'kit-10000');
  generateKit(root10000, 10000);
  const clustersRoot = join(workspace, 'clusters-20x60');
  const clusterDirs = generateClusters(clustersRoot);
  const fluxRoot = join(workspace, 'flux-2000');
  generateFluxRepository(fluxRoot, 1000);
  const sovereignRoot = join(project, 'fixtures', 'sovereign');
  const runs = [
    ['embedded default (49 slots)', sovereignRoot, [], floorArgs(sovereignRoot)],
    ['synthetic 1,000 slots', root1000, [], floorArgs(root1000)],
    ['20 clusters x 60 slots, check --all-clusters', clustersRoot, ['--all-clusters'], floorArgs(clustersRoot, clusterDirs)],
    ['synthetic 10,000 slots', root10000, [], floorArgs(root10000)],
    ['Flux repository, 2,000 objects (repository audit)', fluxRoot, [], [repositoryFloorScript, fluxRoot]],
  ];
  console.log(`node ${process.version}; node -e 0: ${node.toFixed(0)} million instructions\n`);
  console.log('| run | million instructions | x node -e 0 | floor | x floor |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, root, extra, floor] of runs) {
    const count = instructions(process.execPath, [bin, 'check', '--root', root, '--quiet', ...extra]);
    const floorCount = instructions(process.execPath, floor);
    console.log(`| ${label} | ${count.toFixed(0)} | ${(count / node).toFixed(2)} | ${floorCount.toFixed(0)} | ${(count / floorCount).toFixed(2)} |`);
  }
}

/** Peak resident set size of one run of the CLI (or of `script`), in MB (reported by the process itself at exit). */
function peakRss(args, script = bin) {
  const file = join(tmpdir(), `bootstrap-deps-rss-${process.pid}`);
  spawnSync(process.execPath, ['--import', rssReporter, script, ...args], { stdio: 'ignore', env: { ...process.env, BENCH_RSS_FILE: file } });
  const kilobytes = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return kilobytes / 1024;
}

/**
 * A repository whose expected DAG declares `size` releases in one ring (each on
 * the next), with one real slot file: the ring is deferred, so the cycle is the
 * only thing to report (exit 2). A recursive search overflowed the stack at 2,500.
 */
function generateRingRepository(root, size) {
  generateKit(root, 1);
  const lines = ['slots:', '  - slot: 1', '    name: bp-synthetic-0', '    depends_on: []', '    wave: present'];
  for (let index = 0; index < size; index += 1) {
    lines.push(`  - slot: ${index + 2}`, `    name: bp-ring-${index}`, `    depends_on: [bp-ring-${(index + 1) % size}]`);
  }
  writeFileSync(join(root, 'scripts/expected-bootstrap-deps.yaml'), `${lines.join('\n')}\n`);
}

/**
 * A slot file of just under 8 MiB (the size limit) whose HelmRelease has
 * 520,000 `dependsOn` items in one flow list (`dependsOn: [{name: d0},...]`).
 */
function generateFlowListKit(root) {
  generateKit(root, 1);
  const items = Array.from({ length: 520000 }, (_, index) => `{name: d${index}}`).join(',');
  writeFileSync(join(root, 'clusters/_template/bootstrap-kit/99-bp-flow.yaml'),
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-flow\n  namespace: flux-system\nspec:\n  dependsOn: [${items}]\n`);
}

/**
 * A slot file whose HelmRelease has 100,000 values in one flow mapping
 * (`values: {k0: v, k1: v, ...}`) or, for comparison, one flow list of as many
 * (`values: [v, v, ...]`), or of as many double-quoted items with an escape
 * (`["v\t0", ...]`), on one line or (`overLines`) one per line. A duplicate-key scan per key made the mapping quadratic
 * (45 s for 100,000 keys); a search to the line's end per quoted item, the
 * quoted list (18 s for 520,000 items).
 */
function generateFlowValuesKit(root, mapping, quoted = false, overLines = false) {
  generateKit(root, 1);
  // quoted: true, items with an escape each; 'plain', without, and 2 MB of text without a backslash after the list.
  const values = Array.from({ length: 100000 }, (_, index) => (mapping ? `k${index}: v` : quoted === 'plain' ? `"v${index}"` : quoted ? `"v\\t${index}"` : `v${index}`)).join(overLines ? ',\n      ' : ', ');
  writeFileSync(join(root, 'clusters/_template/bootstrap-kit/99-bp-values.yaml'),
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-values\n  namespace: flux-system\nspec:\n  values: ${mapping ? `{${values}}` : overLines ? `\n    [\n      ${values},\n    ]` : `[${values}]`}\n${quoted === 'plain' ? `  note: ${'y'.repeat(2_000_000)}\n` : ''}`);
}

/**
 * A slot file whose HelmRelease's `values:` is a block mapping of 100,000
 * keys, each value plain or double-quoted: what the slot scan (slot-scan.ts)
 * reads itself. A search per quoted value that ran on past its line made it
 * quadratic once.
 */
function generateBlockValuesKit(root, quoted, tagged = false) {
  generateKit(root, 1);
  const values = Array.from({ length: 100000 }, (_, index) => `    k${index}: ${quoted ? `"v${index}"` : `v${index}`}`).join('\n');
  // `tagged`: the mapping tagged `!!map`, which the slot scan declines: the yaml package reads the file.
  writeFileSync(join(root, 'clusters/_template/bootstrap-kit/99-bp-values.yaml'),
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-values\n  namespace: flux-system\nspec:\n  values:${tagged ? ' !!map' : ''}\n${values}\n`);
}

/**
 * A slot file whose values hold 20,000 flow lists over two lines, each later line at its key's column (`under`, which
 * go-yaml takes and the yaml package refuses: yaml-lib-tree.ts pads them) or past it. Placing each node back on the
 * file's columns counted the padding with a filter per node once: 20,000 such lists took minutes. Tagged `!!map`, so
 * that both are read by the yaml package (the slot scan takes the indented lists itself).
 */
function generateUnderIndentedFlowsKit(root, under) {
  generateKit(root, 1);
  const values = Array.from({ length: 20000 }, (_, index) => `    k${index}: [x,\n${under ? '    ' : '      '}y]`).join('\n');
  writeFileSync(join(root, 'clusters/_template/bootstrap-kit/99-bp-flows.yaml'),
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-flows\n  namespace: flux-system\nspec:\n  values: !!map\n${values}\n`);
}

/**
 * The same count in the expected DAG (`depends_on: [a, b, ...]`), none of the
 * names declared: 520,000 located findings, the most the limit lets one file
 * produce. Measured and shown, not a PASS/FAIL bound.
 */
function generateFlowListExpected(root) {
  generateKit(root, 1);
  const names = Array.from({ length: 520000 }, (_, index) => `bp-dep-${index}`).join(', ');
  const path = join(root, 'scripts/expected-bootstrap-deps.yaml');
  writeFileSync(path, `${readFileSync(path, 'utf8')}  - slot: 2\n    name: bp-flow\n    depends_on: [${names}]\n`);
}

/**
 * Runs `base` and `other` alternately, five pairs: on a shared machine, drift
 * hits both alike. Returns both medians and the median of the per-pair ratios.
 */
function pairedRatio(base, other, pairs = 5) {
  const bases = [];
  const others = [];
  const ratios = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    bases.push(base());
    others.push(other());
    ratios.push(others.at(-1) / bases.at(-1));
  }
  return [median(bases), median(others), median(ratios)];
}

/** The bounds issue 13 set: no hang, no quadratic step, bounded memory on hostile input. */
function measureBounds(workspace, verdicts, rows) {
  const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 2 ** 30 });

  const ringRoot = join(workspace, 'ring-100000');
  generateRingRepository(ringRoot, 100000);
  const started = process.hrtime.bigint();
  const ring = run(['check', '--root', ringRoot, '--format', 'json']);
  const ringMs = Number(process.hrtime.bigint() - started) / 1e6;
  let ringCycles = -1;
  try {
    ringCycles = JSON.parse(ring.stdout).summary.cycles;
  } catch {
    // no document: the verdict below fails
  }
  rows.push({ label: '100,000-release ring, check --format json', ms: ringMs, ratio: NaN, rss: peakRss(['check', '--root', ringRoot, '--quiet']) });
  verdicts.push(['100,000-release cycle reported with exit 2', ring.status === 2 && ringCycles === 1, `exit ${ring.status}, ${ringCycles} cycle(s), ${ringMs.toFixed(0)} ms`]);

  const acyclicRoot = join(workspace, 'ring-open-10000');
  const cyclicRoot = join(workspace, 'ring-closed-10000');
  generateKit(acyclicRoot, 10000, 42, undefined, { ring: 7700 });
  generateKit(cyclicRoot, 10000, 42, undefined, { ring: 7700, closeRing: true });
  const [acyclicMs, cyclicMs, cycleRatio] = pairedRatio(
    () => time(process.execPath, [bin, 'check', '--root', acyclicRoot, '--quiet', ...FULL_PATH], 1),
    () => time(process.execPath, [bin, 'check', '--root', cyclicRoot, '--quiet', ...FULL_PATH], 1, 2),
  );
  rows.push({ label: '10,000 slots, no cycle (7,700-release chain)', ms: acyclicMs, ratio: NaN, rss: NaN });
  rows.push({ label: '10,000 slots, a 7,700-release cycle', ms: cyclicMs, ratio: NaN, rss: NaN });
  verdicts.push(['a 7,700-release cycle in 10,000 slots within 1.5x of the same kit without it', cycleRatio <= 1.5, `${cycleRatio.toFixed(2)}x, median of paired runs`]);

  const bigRoot = join(workspace, 'kit-30000');
  if (!existsSync(bigRoot)) generateKit(bigRoot, 30000);
  const [quietMs, textMs, textRatio] = pairedRatio(
    () => time(process.execPath, [bin, 'check', '--root', bigRoot, '--quiet', ...FULL_PATH], 1),
    () => time(process.execPath, [bin, 'check', '--root', bigRoot], 1),
  );
  rows.push({ label: '30,000 slots, check (text)', ms: textMs, ratio: NaN, rss: NaN });
  rows.push({ label: '30,000 slots, check --quiet --format text (the full path)', ms: quietMs, ratio: NaN, rss: NaN });
  verdicts.push(['30,000 slots: plain text within 1.2x of --quiet (full path)', textRatio <= 1.2, `${textRatio.toFixed(2)}x, median of paired runs`]);

  const mapRoot = join(workspace, 'flow-map-100000');
  const listRoot = join(workspace, 'flow-seq-100000');
  generateFlowValuesKit(mapRoot, true);
  generateFlowValuesKit(listRoot, false);
  // One `check --quiet` of such a kit: its bp-values release is one the expected DAG does not declare (exit 1).
  const undeclaredCheck = (root) => () => time(process.execPath, [bin, 'check', '--root', root, '--quiet'], 1, 1);
  // One bound of two kits checked in paired runs: the second's time is a row, and its ratio to the first a verdict.
  const boundAgainst = (baseRoot, root, row, verdict, limit) => {
    const [, ms, ratio] = pairedRatio(undeclaredCheck(baseRoot), undeclaredCheck(root));
    rows.push({ label: row, ms, ratio: NaN, rss: NaN });
    verdicts.push([verdict, ratio <= limit, `${ratio.toFixed(2)}x, median of paired runs`]);
  };
  const [listMs, mapMs, mapRatio] = pairedRatio(undeclaredCheck(listRoot), undeclaredCheck(mapRoot));
  rows.push({ label: 'a flow mapping of 100,000 keys in one slot file', ms: mapMs, ratio: NaN, rss: NaN });
  rows.push({ label: 'a flow list of 100,000 items in one slot file', ms: listMs, ratio: NaN, rss: NaN });
  verdicts.push(['a 100,000-key flow mapping within 2x of a 100,000-item flow list', mapRatio <= 2, `${mapRatio.toFixed(2)}x, median of paired runs`]);
  const quotedRoot = join(workspace, 'flow-quoted-100000');
  generateFlowValuesKit(quotedRoot, false, true);
  boundAgainst(listRoot, quotedRoot,
    'a flow list of 100,000 double-quoted items with escapes in one slot file',
    'a 100,000-item flow list of quoted, escaped items within 2x of the plain one', 2);
  // Quoted items without an escape, then 2 MB without a backslash: a search for each item's next backslash that ran to
  // the end of the text (the slot scan's, which checks flow items on the file's text) made this 20 times slower.
  const unescapedRoot = join(workspace, 'flow-quoted-plain-100000');
  generateFlowValuesKit(unescapedRoot, false, 'plain');
  boundAgainst(listRoot, unescapedRoot,
    'a flow list of 100,000 double-quoted items without escapes, then 2 MB without a backslash',
    '100,000 quoted items without escapes before 2 MB of text within 2x of the plain list', 2);

  const plainBlockRoot = join(workspace, 'block-plain-100000');
  const quotedBlockRoot = join(workspace, 'block-quoted-100000');
  generateBlockValuesKit(plainBlockRoot, false);
  generateBlockValuesKit(quotedBlockRoot, true);
  boundAgainst(plainBlockRoot, quotedBlockRoot,
    'a block mapping of 100,000 double-quoted values in one slot file',
    '100,000 double-quoted block values within 2x of the same values plain', 2);

  // The same mapping tagged: the yaml package reads it, whose own check of repeated keys compared each key with every
  // key before it (20,000 keys: 3.3 s, quadratic); the full path finds them with a set (yaml-lib-tree.ts): what is left
  // is the yaml package's own cost.
  const taggedBlockRoot = join(workspace, 'block-tagged-100000');
  generateBlockValuesKit(taggedBlockRoot, true, true);
  boundAgainst(quotedBlockRoot, taggedBlockRoot,
    'the same mapping tagged !!map (read by the yaml package)',
    'a block mapping of 100,000 keys read by the yaml package within 40x of the slot scan', 40);

  const deepFlowsRoot = join(workspace, 'flows-indented-20000');
  const underFlowsRoot = join(workspace, 'flows-under-indented-20000');
  generateUnderIndentedFlowsKit(deepFlowsRoot, false);
  generateUnderIndentedFlowsKit(underFlowsRoot, true);
  boundAgainst(deepFlowsRoot, underFlowsRoot,
    '20,000 flow lists whose later lines sit at their key\'s column (padded, as go-yaml reads them)',
    '20,000 under-indented flow lists within 3x of the same lists indented', 3);

  // The same list over 100,000 lines, as prettier writes a long one: placing each node on its line was a walk back
  // through the lines per node (quadratic) before a binary search.
  const linesRoot = join(workspace, 'flow-lines-100000');
  generateFlowValuesKit(linesRoot, false, true, true);
  boundAgainst(quotedRoot, linesRoot,
    'the same quoted items, one per line (a flow list over 100,000 lines)',
    'a flow list over 100,000 lines within 2x of the same on one line', 2);

  const flowRoot = join(workspace, 'flow-list');
  generateFlowListKit(flowRoot);
  for (const format of ['text', 'json', 'sarif', 'github', 'junit', 'markdown', 'html']) {
    const rss = peakRss(['check', '--root', flowRoot, '--format', format]);
    rows.push({ label: `8 MiB slot file, 520,000 dependsOn items in a flow list, --format ${format}`, ms: NaN, ratio: NaN, rss });
    verdicts.push([`8 MiB flow-list file under 500 MB peak, --format ${format}`, rss < 500, `${rss.toFixed(0)} MB`]);
  }
  const flowExpectedRoot = join(workspace, 'flow-list-expected');
  generateFlowListExpected(flowExpectedRoot);
  for (const format of ['text', 'json', 'sarif']) {
    const rss = peakRss(['check', '--root', flowExpectedRoot, '--format', format]);
    rows.push({ label: `8 MiB expected DAG, 520,000 undeclared names (520,000 findings), --format ${format}`, ms: NaN, ratio: NaN, rss });
  }
}

/** The floor's arguments for a kit root: the expected DAG, then each kit directory. */
function floorArgs(root, kitDirs = [join(root, 'clusters/_template/bootstrap-kit')]) {
  return [floorScript, join(root, 'scripts/expected-bootstrap-deps.yaml'), ...kitDirs];
}

/**
 * Variables that make every Node process do work before its first line, on
 * both sides of each ratio: NODE_EXTRA_CA_CERTS makes Node 20 parse the named
 * CA bundle at start-up (measured on this project's machine with Debian's
 * bundle: `node -e 0` 45 ms without it, 134 ms with it), and NODE_OPTIONS may
 * preload anything. A fixed cost added to both sides pulls every ratio towards
 * 1 and hides how far the tool is from a bare `node -e 0`, so the children run
 * without them; the run says which it removed.
 */
const startupVariables = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

function withoutStartupVariables() {
  const removed = startupVariables.filter((name) => process.env[name] !== undefined);
  for (const name of removed) delete process.env[name];
  return removed;
}

async function main() {
const removedVariables = withoutStartupVariables();
if (removedVariables.length > 0) console.log(`measured without ${removedVariables.join(' and ')} (set here): they add start-up work to every node process alike\n`);
const workspace = mkdtempSync(join(tmpdir(), 'bootstrap-deps-bench-'));
const rows = [];
const verdicts = [];
try {
  if (instructionsOnly) {
    measureInstructions(workspace);
    return;
  }
  const nodeBaseline = time(process.execPath, ['-e', '0'], 15);
  if (boundsOnly) {
    measureBounds(workspace, verdicts, rows);
    printResults(rows, verdicts, nodeBaseline);
  } else {
  const sizes = quick ? [50, 1000] : [50, 1000, 10000, 30000];
  const measured = new Map();
  /**
   * `check --quiet` (plus `extra`) alternated with the floor on the same input,
   * `pairs` times after one warm-up of each: medians of both and of the
   * per-pair ratios, and both peak RSS.
   */
  const measure = (label, root, extra = [], pairs = 7, kitDirs = undefined) => {
    const args = ['check', '--root', root, '--quiet', ...extra];
    const floor = floorArgs(root, kitDirs);
    time(process.execPath, floor, 0);
    time(process.execPath, [bin, ...args], 0);
    const [floorMs, ms, floorRatio] = pairedRatio(
      () => once(process.execPath, floor),
      () => once(process.execPath, [bin, ...args]),
      pairs,
    );
    const rss = peakRss(args);
    const floorRss = peakRss(floor.slice(1), floorScript);
    const result = { label, ms, ratio: ms / nodeBaseline, floorMs, floorRatio, rss, floorRss };
    rows.push(result);
    return result;
  };

  // The embedded default against node -e 0: alternated so drift hits both alike.
  const sovereignRoot = join(project, 'fixtures', 'sovereign');
  const sovereignArgs = [bin, 'check', '--root', sovereignRoot, '--quiet'];
  const [pairedBaseline, sovereignMs, sovereignRatio] = pairedRatio(
    () => once(process.execPath, ['-e', '0']),
    () => once(process.execPath, sovereignArgs),
    21,
  );
  const sovereignFloor = pairedRatio(() => once(process.execPath, floorArgs(sovereignRoot)), () => once(process.execPath, sovereignArgs), 11);
  rows.push({
    label: 'embedded default (49 slots)', ms: sovereignMs, ratio: sovereignRatio, floorMs: sovereignFloor[0], floorRatio: sovereignFloor[2],
    rss: peakRss(sovereignArgs.slice(1)), floorRss: peakRss(floorArgs(sovereignRoot).slice(1), floorScript),
  });
  verdicts.push(['embedded default within 1.4x of node -e 0', sovereignRatio <= 1.4, `${sovereignRatio.toFixed(2)}x: ${sovereignMs.toFixed(0)} ms vs ${pairedBaseline.toFixed(0)} ms, median of paired runs`]);
  // What a kit with a finding (or any option but --root and --quiet) costs: the full path, shown, not judged.
  measure('embedded default, full path (--format text)', sovereignRoot, FULL_PATH);

  for (const slots of sizes) {
    const root = join(workspace, `kit-${slots}`);
    generateKit(root, slots);
    measured.set(slots, measure(`synthetic ${slots.toLocaleString('en-US')} slots`, root, [], slots >= 10000 ? 5 : 9));
    if (slots === 1000 || slots === 10000) measure(`synthetic ${slots.toLocaleString('en-US')} slots, full path (--format text)`, root, FULL_PATH, slots >= 10000 ? 5 : 9);
  }
  // 20 cluster kits of 60 slots each, one expected DAG: check --all-clusters.
  const clustersRoot = join(workspace, 'clusters-20x60');
  const clusterDirs = generateClusters(clustersRoot);
  const clusters = measure('20 clusters x 60 slots, check --all-clusters', clustersRoot, ['--all-clusters'], 9, clusterDirs);
  verdicts.push(['20 cluster kits of 60 slots within 2x of the floor', clusters.floorRatio <= 2, `${clusters.floorRatio.toFixed(2)}x: ${clusters.ms.toFixed(0)} ms vs ${clusters.floorMs.toFixed(0)} ms`]);

  const root1000 = join(workspace, 'kit-1000');
  measure('1,000 slots, check --format json', root1000, ['--format', 'json']);
  {
    const ms = time(process.execPath, [bin, 'graph', '--root', root1000, '--format', 'mermaid'], 7);
    rows.push({ label: '1,000 slots, graph --format mermaid', ms, ratio: ms / nodeBaseline, rss: peakRss(['graph', '--root', root1000, '--format', 'mermaid']) });
  }

  // Any Flux repository: 1,000 applications, 2,000 Flux objects, no kit.
  const fluxRoot = join(workspace, 'flux-2000');
  generateFluxRepository(fluxRoot, 1000);
  {
    // Alternated with node -e 0 (issue 15's target) and with the repository's own read-only floor.
    const args = ['check', '--root', fluxRoot, '--quiet'];
    const floor = [repositoryFloorScript, fluxRoot];
    const [pairedNode, ms, nodeRatio] = pairedRatio(() => once(process.execPath, ['-e', '0']), () => once(process.execPath, [bin, ...args]), 9);
    const [floorMs, , floorRatio] = pairedRatio(() => once(process.execPath, floor), () => once(process.execPath, [bin, ...args]), 9);
    rows.push({
      label: 'Flux repository, 2,000 objects (repository audit)', ms, ratio: nodeRatio, floorMs, floorRatio,
      rss: peakRss(args), floorRss: peakRss(floor.slice(1), repositoryFloorScript),
    });
    verdicts.push(['2,000 Flux objects within 3x of node -e 0', nodeRatio <= 3, `${nodeRatio.toFixed(2)}x: ${ms.toFixed(0)} ms vs ${pairedNode.toFixed(0)} ms, median of paired runs`]);
    verdicts.push(['2,000 Flux objects within 3x of their read-only floor', floorRatio <= 3, `${floorRatio.toFixed(2)}x: ${ms.toFixed(0)} ms vs ${floorMs.toFixed(0)} ms`]);
  }

  // The HTML report of a 10,000-slot kit: past 600 nodes it draws one box per
  // wave and install level (see docs/contract.md), so it costs the check plus
  // writing ~2 MB.
  // Alternated with check --quiet on the same kit, so machine noise hits both alike.
  let html;
  if (measured.has(10000)) {
    const root10k = join(workspace, 'kit-10000');
    const output = join(workspace, 'report-10000.html');
    const htmlArgs = ['check', '--root', root10k, '--format', 'html', '--output', output];
    const runs = { check: [], html: [] };
    for (let run = 0; run < 5; run += 1) {
      runs.check.push(once(process.execPath, [bin, 'check', '--root', root10k, '--quiet', ...FULL_PATH]));
      runs.html.push(once(process.execPath, [bin, ...htmlArgs]));
    }
    html = { ms: median(runs.html), check: median(runs.check) };
    rows.push({ label: '10,000 slots, check --format html --output', ms: html.ms, ratio: html.ms / nodeBaseline, rss: peakRss(htmlArgs) });
  }
  {
    const root500 = join(workspace, 'kit-500');
    generateKit(root500, 500);
    const ms = time(process.execPath, [bin, 'graph', '--root', root500, '--format', 'svg'], 3);
    rows.push({ label: '500 slots, graph --format svg (dagre layout)', ms, ratio: ms / nodeBaseline, rss: peakRss(['graph', '--root', root500, '--format', 'svg']) });
  }

  for (const slots of [10000, 30000]) {
    const run = measured.get(slots);
    if (!run) continue;
    const size = slots.toLocaleString('en-US');
    verdicts.push([`${size} slots within 3x of the floor`, run.floorRatio <= 3, `${run.floorRatio.toFixed(2)}x: ${run.ms.toFixed(0)} ms vs ${run.floorMs.toFixed(0)} ms`]);
    verdicts.push([`${size} slots: peak RSS within 2x of the floor's`, run.rss <= 2 * run.floorRss, `${(run.rss / run.floorRss).toFixed(2)}x: ${run.rss.toFixed(0)} MB vs ${run.floorRss.toFixed(0)} MB`]);
  }
  if (measured.has(30000)) {
    const linear = measured.get(30000).ms / measured.get(10000).ms;
    verdicts.push(['linear: 30,000 slots within 3.3x of 10,000', linear <= 3.3, `${linear.toFixed(2)}x`]);
    verdicts.push(['10,000 slots: HTML report within 1.5x of check --quiet (full path)', html.ms <= 1.5 * html.check, `${html.ms.toFixed(0)} ms vs ${html.check.toFixed(0)} ms, ${(html.ms / html.check).toFixed(2)}x`]);
  }

  if (!quick) measureBounds(workspace, verdicts, rows);
  printResults(rows, verdicts, nodeBaseline);
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exitCode = verdicts.every(([, pass]) => pass) ? 0 : 1;
}

function printResults(rows, verdicts, nodeBaseline) {
  const cell = (value, digits) => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log(`node -e 0: ${nodeBaseline.toFixed(1)} ms (median)\n`);
  console.log('| run | median ms | x node -e 0 | floor ms | x floor | peak RSS MB | floor RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.label} | ${cell(row.ms, 0)} | ${cell(row.ratio, 2)} | ${cell(row.floorMs, 0)} | ${cell(row.floorRatio, 2)} | ${cell(row.rss, 0)} | ${cell(row.floorRss, 0)} |`);
  }
  console.log('');
  for (const [target, pass, detail] of verdicts) console.log(`${pass ? 'PASS' : 'FAIL'}  ${target} (${detail})`);
}

// Run only as a script; `generateKit` is importable (profiling, tests).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
