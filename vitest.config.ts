import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Three projects, all run by `npm test`:
// - unit: in-process tests (the library, the CLI's main(), formatters, the rule testers,
//   property tests). The files share one module cache (isolate: false): importing the
//   sources once per worker, not once per file, is most of their time.
// - unit-isolated: files that need a fresh process: those that replace a built-in module
//   with vi.mock (`*.mock.test.ts`), so the mock reaches the sources.
// - integration: real clients in real processes (npm pack/install, npx, pre-commit). Their
//   expensive set-up (packing, installing the hook) happens once per run.
// - slow: the install from a git URL (npm installs the dev dependencies and runs the whole
//   build, ~36 s of CPU), the kustomize batching tests (a hundred real kustomize processes,
//   ~24 s of CPU) and the packed package installed into an empty project and run as the GitHub
//   Action (26 s of wall time in CI), and the real pre-commit framework running the hook (25 s of
//   wall time in CI): together about a third of the suite's CPU on a 2-core machine. Not in
//   `npm test` (which runs the three projects above, to stay under 90 s: it took 85 to 110 s
//   with the batching tests in it, 96 s in CI with the package tests, and 86.6 s in CI with
//   the pre-commit tests, on 2026-11-29); `npm run test:slow` and `.ci/run` run them. Run it
//   before you change src/load/kustomize-build.ts, the hook or what the package ships.
//   Also the reviews' cases of the repository audit as kustomize builds it
//   (repository-overlays-reviews.test.ts: 90 cases, 29 s of one worker, most of it real kustomize
//   runs): with them `npm test` took 88.3 s in CI on 2026-11-30, 100 s with other work on the
//   machine. Run it before you change src/load/flux-scan.ts, flux-build.ts or kustomization.ts.
//   Also the HTML report in a real browser (test/integration/html-report.test.ts: Debian's chromium driven by
//   playwright-core, 12.5 s of wall time): on 2026-12-01 `npm test` took 84.4 s in CI with it, on a machine where
//   the previous session's commit took 79.6 s (the machine, not the tests, had slowed). Run it before you change
//   src/report/html.ts or src/graph/.
// Timeouts are explicit: the unit tests take well under a second each (the property tests,
// sized for it, under 2 s on an idle machine), so 15 s only fails a test that hangs.
const unitTimeouts = { testTimeout: 15_000, hookTimeout: 15_000 };
const isolatedFiles = ['test/**/*.mock.test.ts'];
const slowFiles = ['test/install/**/*.test.ts', 'test/kustomize-batch.test.ts', 'test/integration/package.test.ts', 'test/integration/pre-commit.test.ts', 'test/repository-overlays-reviews.test.ts',
  'test/integration/html-report.test.ts'];

export default defineConfig({
  // A `.wasm` import is its bytes, as esbuild's binary loader gives them to the bundle (src/express/wasm-module.d.ts).
  plugins: [{
    name: 'wasm-bytes',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.wasm')) return null;
      return `export default Buffer.from(${JSON.stringify(readFileSync(id).toString('base64'))}, 'base64');`;
    },
  }],
  test: {
    // Vitest's default on 2 cores is one worker; the integration tests mostly wait on
    // child processes (npm, pre-commit, kustomize), so a second and third worker overlap
    // that waiting with the unit tests' CPU work.
    maxWorkers: 3,
    setupFiles: ['test/setup.ts'],
    // Builds dist/ when its sources are newer (every project starts the CLI as a process somewhere).
    globalSetup: ['test/global-build.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', ...slowFiles, ...isolatedFiles],
          isolate: false,
          ...unitTimeouts,
        },
      },
      {
        extends: true,
        test: { name: 'unit-isolated', include: isolatedFiles, ...unitTimeouts },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: slowFiles,
          globalSetup: ['test/global-build.ts', 'test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: slowFiles,
          // The package tests install the tarball packed once per run.
          globalSetup: ['test/global-build.ts', 'test/integration/global-setup.ts'],
          testTimeout: 300_000,
          // The pre-commit tests install the hook's environment once, in their beforeAll (as in integration).
          hookTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Types only: nothing to run. The AssemblyScript reader runs as WebAssembly (its own tests:
      // express-wasm-reader.test.ts). The build's schema step runs in `npm run build` only, and schemas.test.ts checks
      // what it writes.
      exclude: ['src/model/types.ts', 'src/express/wasm/**', 'src/schemas/generate.ts'],
      reporter: ['text', 'json-summary'],
      // The per-file floor (70 %) is checked by test/coverage-floor.mjs after the run:
      // vitest's perFile switch would apply the global 81 % to every file.
      thresholds: { branches: 81 },
    },
  },
});
