import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// Test support only: stage tests run against the embedded S3 server from live/.
import { startS3Server } from '../../live/s3/startS3Server.ts';
import { serveStage, type RunningStage, type StageDefinition } from '../runtime/server.ts';
import type { TelemetryRecord } from '../runtime/telemetry.ts';
import { probeImage, probeMedia, type ImageInfo, type MediaInfo } from '../runtime/probe.ts';

export const HARNESS_BUCKET = 'fave-stages';

export interface StageHarness {
  stage: RunningStage;
  records: TelemetryRecord[];
  /** Uploads a local file under `inputs/<name>` and returns its s3:// URI. */
  putFile(localPath: string, name: string): Promise<string>;
  getObject(uri: string): Promise<Buffer | null>;
  /** Downloads an object and probes it with ffprobe. */
  probeObject(uri: string): Promise<MediaInfo>;
  /** Downloads an image object and probes it. */
  probeImageObject(uri: string): Promise<ImageInfo>;
  call(body: unknown): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

/**
 * Serves a stage definition in-process against a fresh embedded S3 server, the way a
 * deployed stage runs (S3_* variables, no injected store).
 */
export async function startStageHarness<S>(definition: StageDefinition<S>, env: Record<string, string> = {}): Promise<StageHarness> {
  const root = await mkdtemp(join(tmpdir(), 'fave-stage-harness-'));
  const credentials = { accessKeyId: 'HARNESSKEY', secretAccessKey: 'harness-secret' };
  const s3 = await startS3Server({ dataDir: join(root, 's3'), port: 0, ...credentials });
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: HARNESS_BUCKET }));
  const records: TelemetryRecord[] = [];
  const stage = await serveStage({
    ...definition,
    port: 0,
    handleSignals: false,
    emit: (r) => records.push(r),
    env: {
      S3_BUCKET: HARNESS_BUCKET, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: credentials.accessKeyId,
      S3_SECRET_KEY: credentials.secretAccessKey, memory_limit_mb: '1024', ...env,
    },
  });
  await stage.ready;
  let probes = 0;
  const keyOf = (uri: string) => uri.replace(`s3://${HARNESS_BUCKET}/`, '');
  const getObject = async (uri: string): Promise<Buffer | null> => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: HARNESS_BUCKET, Key: keyOf(uri) }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  };
  const saveLocally = async (uri: string): Promise<string> => {
    const body = await getObject(uri);
    if (body === null) throw new Error(`${uri} does not exist`);
    probes += 1;
    const path = join(root, `probe-${probes}-${uri.split('/').pop()}`);
    await writeFile(path, body);
    return path;
  };
  return {
    stage,
    records,
    async putFile(localPath, name) {
      await client.send(new PutObjectCommand({ Bucket: HARNESS_BUCKET, Key: `inputs/${name}`, Body: await readFile(localPath) }));
      return `s3://${HARNESS_BUCKET}/inputs/${name}`;
    },
    getObject,
    async probeObject(uri) {
      return probeMedia(await saveLocally(uri), { timeoutMs: 30_000 });
    },
    async probeImageObject(uri) {
      return probeImage(await saveLocally(uri), { timeoutMs: 30_000 });
    },
    async call(body) {
      const res = await fetch(`${stage.url}/`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    },
    async close() {
      await stage.close();
      client.destroy();
      await s3.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
