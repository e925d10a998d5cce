import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const harness = './test/harness/global-setup.ts';

// Tests (and the CLI and web host processes they start) keep their store in a throwaway folder,
// never in the user's data directory. A test that needs its own store sets HANGAR_HOME itself.
process.env.HANGAR_HOME ??= mkdtempSync(join(tmpdir(), 'hangar-home-'));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.spec.ts', 'shared/**/*.spec.ts', 'renderer/**/*.spec.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: [harness],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [harness],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
