import { S3Client } from '@aws-sdk/client-s3';
import { parseIntegerVar, parseS3Connection, readSecretFile, type Env, type SecretReader } from './config.ts';
import { S3ObjectStore } from './object-store.ts';

/**
 * The S3 client every stage uses, from the S3_* variables (see README.md); also what the
 * search CLI reads the platform's bucket with, so both talk to S3 alike.
 */
export function createS3Client(env: Env, readSecret: SecretReader = readSecretFile): { client: S3Client; bucket: string } {
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
  return { client, bucket: conn.bucket };
}

/** The store of a deployed stage: one bucket, from the S3_* variables (see README.md). */
export async function createS3Store(env: Env, readSecret: SecretReader = readSecretFile): Promise<S3ObjectStore> {
  const { client, bucket } = createS3Client(env, readSecret);
  return new S3ObjectStore(client, bucket);
}
