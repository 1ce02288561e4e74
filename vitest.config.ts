import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{sim,stages,live,calibrate,notebooks,scripts}/**/*.test.ts'],
    // Vitest's default exclude has **/dist/**, which would silently skip sim/dist.
    exclude: ['**/node_modules/**'],
    // Stage and live tests start real processes (ffmpeg, recognisers, servers) on a 2-core
    // machine; generous timeouts here, never timing assertions in tests.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
