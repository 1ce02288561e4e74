import { S3Client } from '@aws-sdk/client-s3';
import { parseS3Connection, readSecretFile, type Env, type SecretReader } from './config.ts';
import { S3ObjectStore } from './object-store.ts';

/** The store of a deployed stage: one bucket, from the S3_* variables (see README.md). */
export async function createS3Store(env: Env, readSecret: SecretReader = readSecretFile): Promise<S3ObjectStore> {
  const conn = parseS3Connection(env, readSecret);
  const client = new S3Client({
    region: conn.region,
    endpoint: conn.endpoint,
    forcePathStyle: conn.forcePathStyle,
    credentials: { accessKeyId: conn.accessKeyId, secretAccessKey: conn.secretAccessKey },
  });
  return new S3ObjectStore(client, conn.bucket);
}
