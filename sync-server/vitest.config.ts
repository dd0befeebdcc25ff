import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default (cores - 1) is one file at a time on a 2-core CI machine, yet a server test
    // spends much of its time waiting on PostgreSQL in another process: two files at once there
    // take the suite from about 9.5 to 5.3 minutes. Each file makes its own database.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
