import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { startS3Server, type S3Server } from './startS3Server.ts';

/**
 * Where S3 tests run: the embedded server in a temp folder, or an external S3 when
 * FAVE_TEST_S3_ENDPOINT (+ FAVE_TEST_S3_ACCESS_KEY, FAVE_TEST_S3_SECRET_KEY, FAVE_TEST_S3_BUCKET) is set. Tests write under
 * a fresh `prefix` so they can share an external bucket.
 */
export interface S3TestTarget {
  client: S3Client;
  bucket: string;
  prefix: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Set only for the embedded server. */
  embedded?: { root: string; dataDir: string; server: S3Server; logLines: string[]; restart(): Promise<void> };
  close(): Promise<void>;
}

export const TEST_REGION = 'us-east-1';

export function makeClient(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({ endpoint, region: TEST_REGION, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
}

export async function startS3TestTarget(env: NodeJS.ProcessEnv = process.env): Promise<S3TestTarget> {
  const prefix = `fave-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/`;
  // Opt-in, by variables of its own: a user's S3_ENDPOINT (which the live commands read) must
  // not silently point the test suite at a real bucket.
  if (env.FAVE_TEST_S3_ENDPOINT) {
    const { FAVE_TEST_S3_ENDPOINT: endpoint, FAVE_TEST_S3_ACCESS_KEY: accessKeyId, FAVE_TEST_S3_SECRET_KEY: secretAccessKey, FAVE_TEST_S3_BUCKET: bucket } = env;
    if (!accessKeyId || !secretAccessKey || !bucket) {
      throw new Error('FAVE_TEST_S3_ENDPOINT needs FAVE_TEST_S3_ACCESS_KEY, FAVE_TEST_S3_SECRET_KEY and FAVE_TEST_S3_BUCKET as well');
    }
    const client = makeClient(endpoint, accessKeyId, secretAccessKey);
    return {
      client, bucket, prefix, endpoint, accessKeyId, secretAccessKey,
      async close() {
        await deletePrefix(client, bucket, prefix);
        client.destroy();
      },
    };
  }
  const root = await mkdtemp(join(tmpdir(), 'fave-s3-'));
  const dataDir = join(root, 'data');
  const accessKeyId = 'FAVETESTKEY';
  const secretAccessKey = 'fave-test-secret';
  const logLines: string[] = [];
  const options = { dataDir, accessKeyId, secretAccessKey, log: (line: string) => void logLines.push(line) };
  let server = await startS3Server(options);
  const target: S3TestTarget = {
    client: makeClient(server.endpoint, accessKeyId, secretAccessKey),
    bucket: 'fave-test',
    prefix,
    endpoint: server.endpoint,
    accessKeyId,
    secretAccessKey,
    embedded: {
      root, dataDir, server, logLines,
      async restart() {
        await server.close();
        server = await startS3Server({ ...options, port: server.port });
        target.embedded!.server = server;
      },
    },
    async close() {
      target.client.destroy();
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  await target.client.send(new CreateBucketCommand({ Bucket: target.bucket }));
  return target;
}

/** `name` under the target's prefix. */
export const keyOf = (t: S3TestTarget, name: string): string => t.prefix + name;

export function putText(t: S3TestTarget, name: string, body: PutObjectCommandInput['Body'], extra: Partial<PutObjectCommandInput> = {}) {
  return t.client.send(new PutObjectCommand({ Bucket: t.bucket, Key: keyOf(t, name), Body: body, ...extra }));
}

export async function getBytes(t: S3TestTarget, name: string, extra: Partial<GetObjectCommandInput> = {}) {
  const out = await t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: keyOf(t, name), ...extra }));
  return { out, body: Buffer.from(await out.Body!.transformToByteArray()) };
}

/** The S3 error a call fails with (name and HTTP status), or 'resolved'. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined } | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return { name: error.name, status: error.$metadata.httpStatusCode };
  }
}

export const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

async function deletePrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    token = page.NextContinuationToken;
  } while (token);
}
