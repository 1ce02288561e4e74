import { S3Client } from '@aws-sdk/client-s3';
import { parseIntegerVar, parseS3Connection, readSecretFile, type Env, type SecretReader } from './config.ts';
import { S3ObjectStore } from './object-store.ts';

/** The store of a deployed stage: one bucket, from the S3_* variables (see README.md). */
export async function createS3Store(env: Env, readSecret: SecretReader = readSecretFile): Promise<S3ObjectStore> {
  const conn = parseS3Connection(env, readSecret);
  const client = new S3Client({
    region: conn.region,
    endpoint: conn.endpoint,
    forcePathStyle: conn.forcePathStyle,
    credentials: { accessKeyId: conn.accessKeyId, secretAccessKey: conn.secretAccessKey },
    // An S3 that takes a request and then goes silent must not hold a stage call forever.
    // An inactivity limit, not a total one: a large clip may take minutes to move, but
    // never a minute without a byte.
    requestHandler: { socketTimeout: parseIntegerVar(env, 'S3_SOCKET_TIMEOUT_MS', 60_000, 1) },
  });
  return new S3ObjectStore(client, conn.bucket);
}
