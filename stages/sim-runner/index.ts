// `node --import tsx stages/sim-runner/index.ts` (images: node dist/stages/sim-runner/index.js).
// Like runStage, but with no object store: sim-runner touches no artifacts, so it needs no
// S3 settings or secrets. The runtime still parses S3_BUCKET (it names artifact URIs), so a
// placeholder stands in when none is set.
import { serveStage } from '../runtime/index.ts';
import { noObjectStore, simRunner } from './stage.ts';

try {
  await serveStage({ ...simRunner, store: noObjectStore, env: { ...process.env, S3_BUCKET: process.env.S3_BUCKET || 'sim-runner-no-bucket' } });
} catch (err) {
  process.stderr.write(`[sim-runner] cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
