// The embedded S3's data (<data dir>/s3), reached through the platform `live up` recorded
// in platform.json when one runs, else through a private S3 server started on the data
// folder for the length of the command (127.0.0.1, an ephemeral port, the same keys).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../stages/runtime/s3-store.ts';
import { LiveError } from '../openfaas/errors.ts';
import { readPlatformRecord } from '../run/platform-file.ts';
import { startS3Server } from '../s3/startS3Server.ts';

export interface EmbeddedS3 {
  client: S3Client;
  buckets: string[];
  /** Said to the user: which S3 this is. */
  where: string;
  close(): Promise<void>;
}

export class NoStorageError extends LiveError {}

export async function openEmbeddedS3(dataDir: string): Promise<EmbeddedS3> {
  const secretsDir = path.join(dataDir, 'secrets');
  const found = readPlatformRecord(dataDir);
  if ('record' in found && found.record.s3 !== null) {
    const { client } = createS3Client({ S3_ENDPOINT: found.record.s3, S3_BUCKET: found.record.bucket, SECRETS_DIR: found.record.secretsDir });
    return { client, buckets: [found.record.bucket], where: `the running platform's S3, ${found.record.s3} (pid ${found.record.pid})`, close: async () => client.destroy() };
  }
  const s3Dir = path.join(dataDir, 's3');
  if (!existsSync(s3Dir)) throw new NoStorageError(`no embedded S3 data in ${s3Dir}: nothing stored yet`);
  const secret = (name: string) => {
    const file = path.join(secretsDir, name);
    if (!existsSync(file)) throw new LiveError(`${s3Dir} exists but its key ${file} does not: cannot open it`);
    return readFileSync(file, 'utf8').trim();
  };
  const server = await startS3Server({ dataDir: s3Dir, accessKeyId: secret('s3-access-key'), secretAccessKey: secret('s3-secret-key') });
  const { client } = createS3Client({ S3_ENDPOINT: server.endpoint, S3_BUCKET: 'fave', SECRETS_DIR: secretsDir });
  try {
    const buckets = ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!).filter(Boolean);
    return { client, buckets, where: s3Dir, close: async () => {
      client.destroy();
      await server.close();
    } };
  } catch (error) {
    client.destroy();
    await server.close();
    throw error;
  }
}
