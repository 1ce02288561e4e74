import { defineConfig } from 'vitest/config';

// The opt-in suites (`*.opt-in.test.ts`), each needing something a fresh machine cannot have
// and saying which in its header: `npx vitest run -c vitest.opt-in.config.ts [file]`.
export default defineConfig({
  test: {
    include: ['{sim,stages,live,calibrate,notebooks,scripts}/**/*.opt-in.test.ts'],
    exclude: ['**/node_modules/**', 'live/openfaas/handlers/**', 'live/openfaas/build/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
