import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import parseStack from '../openfaas/stack.ts';
import { type EmbeddedPlatform, startEmbedded } from '../run/embedded.ts';
import { stackTimeouts } from '../run/stack-timeouts.ts';
import { STAGE_NAMES, callPipeline } from './pipeline-client.ts';
import { REPO_ROOT, STACK_FILE } from './platform.ts';

// `npm run live -- up` on its own defaults (issue #22, item 7): the shipped stack's timeouts
// as `up` derives them, one replica per function and no autoscaling, deepspeech capped at
// max_inflight 1 — and three whole pipelines sent at once must all answer 200. Before the
// timeouts followed the stack, the provider's 10 s default answered each with an empty 502;
// before the orchestrator's overload retries were set in the stack, deepspeech's 429s ended
// them. Only the async path is left out (it needs nothing here).
let platform: EmbeddedPlatform;
let dataDir: string;
let video: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fave-up3-'));
  const timeouts = stackTimeouts(parseStack(readFileSync(STACK_FILE, 'utf8'), STACK_FILE, {}).functions, {});
  platform = await startEmbedded({
    root: REPO_ROOT, stackFile: STACK_FILE, env: {}, dataDir, port: '0', s3: true, queue: false,
    gateway: timeouts.gateway, provider: { ...timeouts.provider, port: '0' }, only: ['orchestrator', ...STAGE_NAMES],
    log: () => undefined, platformLog: () => undefined,
  });
  const fixtures = await ensureFixtures();
  const s3 = new S3Client({
    endpoint: platform.s3!.endpoint, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: platform.s3!.accessKeyId, secretAccessKey: platform.s3!.secretAccessKey },
  });
  await s3.send(new PutObjectCommand({ Bucket: platform.bucket, Key: 'inputs/speech.mp4', Body: await readFile(fixtures.speech) }));
  s3.destroy();
  video = `s3://${platform.bucket}/inputs/speech.mp4`;
}, 180_000);

afterAll(async () => {
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('live up on its defaults', () => {
  it('serves three whole pipelines sent at once, every one 200', async () => {
    expect(platform.failed).toEqual([]);
    const answers = await Promise.all(['a', 'b', 'c'].map((id) => callPipeline(platform.gateway.url, { requestId: `up3-${id}`, video })));
    for (const a of answers) expect(a.status, JSON.stringify(a.body).slice(0, 400)).toBe(200);
    expect(answers.map((a) => a.body.status)).toEqual(['done', 'done', 'done']);
  }, 600_000);
});
