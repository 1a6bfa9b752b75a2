import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['test/setup-equality.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
