import { defineConfig } from 'vitest/config';

// Two projects, both run by `npm test`:
// - unit: in-process tests (the library, the CLI's main(), formatters, rules, property tests).
//   Each test has 15 s; the slowest (the property tests) are sized to take well under 2 s.
// - integration: real clients in real processes (npm pack/install, npx, pre-commit). Their
//   expensive set-up (packing, installing the hook) happens once per run in global-setup.ts.
// Timeouts are explicit so a slow, shared machine fails a test for a reason, not by default.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**'],
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text', 'json-summary'],
      // The per-file floor (70 %) is checked by test/coverage-floor.mjs after the run:
      // vitest's perFile switch would apply the global 81 % to every file.
      thresholds: { branches: 81 },
    },
  },
});
