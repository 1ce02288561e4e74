import { readFileSync } from 'node:fs';
import { s3ServerOptionsFromEnv, S3ServerEnvError } from './s3ServerConfig.ts';
import { startS3Server } from './startS3Server.ts';

// Standalone FAVE S3 server: `tsx live/s3/main.ts`, configured by env (see README.md).
try {
  const options = s3ServerOptionsFromEnv(process.env, (path) => readFileSync(path, 'utf8'));
  const server = await startS3Server({ ...options, log: (line) => console.log(line) });
  console.log(`FAVE S3 listening on ${server.endpoint} (data in ${options.dataDir})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof S3ServerEnvError ? error.message : `FAVE S3 failed to start: ${(error as Error).message}`);
  process.exit(error instanceof S3ServerEnvError ? 2 : 1);
}
