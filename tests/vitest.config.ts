import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Generous timeout: a few unit tests build large archives, and the e2e project loads both cores meanwhile.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], setupFiles: ['tests/setup/fail-on-console-error.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts', 'tests/setup/database.ts'],
          testTimeout: 30_000,
          // Search tests build an index in their hooks: on a loaded two-core machine that takes far more than vitest's 10 s.
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/setup/soft-hyphens.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          // One Chromium and one server per file; two cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
