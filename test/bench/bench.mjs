#!/usr/bin/env node
// npm run bench: times `bootstrap-deps check` as a whole process on synthetic
// kits of 50, 1,000 and 10,000 slots, against `node -e 0` on the same machine
// in the same run, and prints PASS/FAIL against the targets. Speed targets
// live here, never in unit tests.
//
//   npm run bench                 all sizes
//   npm run bench -- --quick      50 and 1,000 slots only
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(project, 'bin', 'bootstrap-deps.js');
const rssReporter = join(project, 'test', 'bench', 'rss-reporter.mjs');
const quick = process.argv.includes('--quick');

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
 * A kit of `slots` files, each a Namespace, a HelmRepository and a HelmRelease
 * with comments, plus kustomization.yaml and the expected DAG. Each release sits
 * on one of ten layers and depends on one to three releases of lower layers,
 * so the DAG is about ten deep.
 */
export function generateKit(root, slots, seed = 42, kitPath = 'clusters/_template/bootstrap-kit') {
  const next = random(seed);
  const kit = join(root, kitPath);
  mkdirSync(kit, { recursive: true });
  mkdirSync(join(root, 'scripts'), { recursive: true });
  const byLayer = Array.from({ length: LAYERS }, () => []);
  const files = [];
  const expected = ['# Synthetic expected DAG for the benchmark.', 'slots:'];
  for (let index = 0; index < slots; index += 1) {
    const name = `bp-synthetic-${index}`;
    const layer = index < LAYERS ? index : Math.floor(next() * LAYERS);
    const candidates = byLayer.slice(0, layer).flat();
    const deps = new Set();
    if (layer > 0) deps.add(byLayer[layer - 1][Math.floor(next() * byLayer[layer - 1].length)]);
    const extra = Math.floor(next() * 3);
    for (let count = 0; count < extra && candidates.length > 0; count += 1) deps.add(candidates[Math.floor(next() * candidates.length)]);
    byLayer[layer].push(name);
    const slot = String(index + 1).padStart(2, '0');
    const file = `${slot}-${name}.yaml`;
    files.push(file);
    const dependsOn = [...deps].map((dep) => `    - name: ${dep}  # must be Ready first\n`).join('');
    writeFileSync(join(kit, file), [
      `# ${name} — synthetic slot ${slot} (layer ${layer}).`,
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

/** Runs a command `runs` times (after one warm-up) and returns the median wall time in ms. */
function time(command, args, runs) {
  const durations = [];
  for (let run = -1; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (run >= 0) durations.push(elapsed);
  }
  return median(durations);
}

/** Peak resident set size of one run, in MB (reported by the process itself at exit). */
function peakRss(args) {
  const file = join(tmpdir(), `bootstrap-deps-rss-${process.pid}`);
  spawnSync(process.execPath, ['--import', rssReporter, bin, ...args], { stdio: 'ignore', env: { ...process.env, BENCH_RSS_FILE: file } });
  const kilobytes = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return kilobytes / 1024;
}

async function main() {
const workspace = mkdtempSync(join(tmpdir(), 'bootstrap-deps-bench-'));
const rows = [];
const verdicts = [];
try {
  const nodeBaseline = time(process.execPath, ['-e', '0'], 15);
  const sizes = quick ? [50, 1000] : [50, 1000, 10000];
  const measured = new Map();
  const measure = (label, root, extra = [], runs = 7) => {
    const args = ['check', '--root', root, '--quiet', ...extra];
    const ms = time(process.execPath, [bin, ...args], runs);
    const rss = peakRss(args);
    rows.push({ label, ms, ratio: ms / nodeBaseline, rss });
    return { ms, rss };
  };

  // The 2x target compares two short runs on a shared machine: alternate them so drift hits both alike.
  const sovereignArgs = [bin, 'check', '--root', join(project, 'fixtures', 'sovereign'), '--quiet'];
  const pairs = { node: [], check: [] };
  for (let run = 0; run < 21; run += 1) {
    pairs.node.push(time(process.execPath, ['-e', '0'], 1));
    pairs.check.push(time(process.execPath, sovereignArgs, 1));
  }
  const sovereign = { ms: median(pairs.check), rss: peakRss(sovereignArgs.slice(1)) };
  const pairedBaseline = median(pairs.node);
  rows.push({ label: 'embedded default (49 slots)', ms: sovereign.ms, ratio: sovereign.ms / pairedBaseline, rss: sovereign.rss });
  for (const slots of sizes) {
    const root = join(workspace, `kit-${slots}`);
    generateKit(root, slots);
    measured.set(slots, measure(`synthetic ${slots} slots`, root, [], slots >= 10000 ? 5 : 9));
  }
  // 20 cluster kits of 60 slots each, one expected DAG: check --all-clusters.
  const clustersRoot = join(workspace, 'clusters-20x60');
  for (let cluster = 0; cluster < 20; cluster += 1) generateKit(clustersRoot, 60, 42, `clusters/c${String(cluster).padStart(2, '0')}/bootstrap-kit`);
  const clusters = measure('20 clusters x 60 slots, check --all-clusters', clustersRoot, ['--all-clusters'], 9);

  const root1000 = join(workspace, 'kit-1000');
  measure('1,000 slots, check --format json', root1000, ['--format', 'json']);
  {
    const ms = time(process.execPath, [bin, 'graph', '--root', root1000, '--format', 'mermaid'], 7);
    rows.push({ label: '1,000 slots, graph --format mermaid', ms, ratio: ms / nodeBaseline, rss: peakRss(['graph', '--root', root1000, '--format', 'mermaid']) });
  }

  // Any Flux repository: 1,000 applications, 2,000 Flux objects, no kit.
  const fluxRoot = join(workspace, 'flux-2000');
  generateFluxRepository(fluxRoot, 1000);
  const flux = measure('Flux repository, 2,000 objects (repository audit)', fluxRoot, [], 7);
  verdicts.push(['2,000 Flux objects within 3x of node -e 0', flux.ms <= 3 * nodeBaseline, `${flux.ms.toFixed(0)} ms vs 3 x ${nodeBaseline.toFixed(0)} ms`]);

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
      runs.check.push(time(process.execPath, [bin, 'check', '--root', root10k, '--quiet'], 1));
      runs.html.push(time(process.execPath, [bin, ...htmlArgs], 1));
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

  verdicts.push(['embedded default within 2x of node -e 0', sovereign.ms <= 2 * pairedBaseline, `${sovereign.ms.toFixed(0)} ms vs 2 x ${pairedBaseline.toFixed(0)} ms`]);
  verdicts.push(['20 cluster kits of 60 slots well under 1 s', clusters.ms < 1000, `${clusters.ms.toFixed(0)} ms`]);
  if (measured.has(10000)) {
    const big = measured.get(10000);
    const thousand = measured.get(1000);
    verdicts.push(['10,000 slots under 1.5 s', big.ms < 1500, `${big.ms.toFixed(0)} ms`]);
    verdicts.push(['10,000 slots under 300 MB peak', big.rss < 300, `${big.rss.toFixed(0)} MB`]);
    verdicts.push(['linear: 10,000 within 12x of 1,000', big.ms <= 12 * thousand.ms, `${(big.ms / thousand.ms).toFixed(1)}x`]);
    verdicts.push(['10,000 slots: HTML report within 1.5x of check --quiet', html.ms <= 1.5 * html.check, `${html.ms.toFixed(0)} ms vs ${html.check.toFixed(0)} ms, ${(html.ms / html.check).toFixed(2)}x`]);
  }

  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log(`node -e 0: ${nodeBaseline.toFixed(1)} ms (median)\n`);
  console.log('| run | median ms | x node -e 0 | peak RSS MB |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.label} | ${row.ms.toFixed(0)} | ${row.ratio.toFixed(2)} | ${row.rss.toFixed(0)} |`);
  console.log('');
  for (const [target, pass, detail] of verdicts) console.log(`${pass ? 'PASS' : 'FAIL'}  ${target} (${detail})`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exitCode = verdicts.every(([, pass]) => pass) ? 0 : 1;
}

// Run only as a script; `generateKit` is importable (profiling, tests).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
