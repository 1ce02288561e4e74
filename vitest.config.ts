import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{sim,stages,live,calibrate,notebooks,scripts}/**/*.test.ts'],
    // Vitest's default exclude has **/dist/**, which would silently skip sim/dist.
    // Opt-in suites need what a fresh machine cannot have (a binary built from a fetched
    // source, a cluster): they run with vitest.opt-in.config.ts, never skipped inside npm test.
    // Function build contexts hold copies of stages/ and sim/ (live/images/build-contexts.ts).
    exclude: ['**/node_modules/**', '**/*.opt-in.test.ts', 'live/openfaas/handlers/**', 'live/openfaas/build/**'],
    // Stage and live tests start real processes (ffmpeg, recognisers, servers) on a 2-core
    // machine; generous timeouts here, never timing assertions in tests.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
