// Where the search reads: S3_ENDPOINT and friends when set (a real cluster's MinIO or S3),
// else the platform `./fave live up` recorded in .fave/platform.json. The result is an
// env for stages/runtime's createS3Client, so credentials come as the stages' do:
// S3_ACCESS_KEY / S3_SECRET_KEY, else the s3-access-key / s3-secret-key files in SECRETS_DIR.
import path from 'node:path';
import type { Env } from '../../stages/runtime/config.ts';
import { LiveError } from '../openfaas/errors.ts';
import { readPlatformRecord } from '../run/platform-file.ts';

export class NoPlatformError extends LiveError {}

export function searchEnv(env: Env, root: string): Env {
  const dataDir = path.join(root, '.fave');
  if (env.S3_ENDPOINT !== undefined && env.S3_ENDPOINT.trim() !== '') {
    return { SECRETS_DIR: path.join(dataDir, 'secrets'), S3_BUCKET: 'fave', ...env };
  }
  const found = readPlatformRecord(dataDir);
  if ('missing' in found) {
    throw new NoPlatformError(`no platform running: ${found.missing}. Start one with \`./fave live up\`, or set S3_ENDPOINT, S3_BUCKET and S3_ACCESS_KEY / S3_SECRET_KEY for a cluster's`);
  }
  if (found.record.s3 === null) throw new NoPlatformError('the running platform was started with --no-s3: set S3_ENDPOINT (and S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY) to the S3 its functions use');
  return { ...env, S3_ENDPOINT: found.record.s3, S3_BUCKET: found.record.bucket, SECRETS_DIR: found.record.secretsDir };
}
