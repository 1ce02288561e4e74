import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConcurrentPipelines } from './concurrent-study.ts';
import { startFakePlatform, type FakePlatform } from './fake-platform.ts';

// Reliability on the whole embedded platform (gateway → provider → replica processes, the
// real orchestrator, the embedded S3 over HTTP) with light fake stages:
// - the reduced CI version of the 50-pipeline study (concurrent-pipelines.ts);
// - fault injection: a replica killed mid-request, S3 stopped and restarted, S3 slowed.
// Each fault ends every request with a terminal answer and state.json status, leaves no
// temp dirs and loses no object written before it.

const CLIPS = 2;
const FRAMES = 3;
const CALLS = 3 + CLIPS * (3 + FRAMES);
const STAGE_TIMEOUT_MS = 5_000;

let platform: FakePlatform;
beforeAll(async () => {
  platform = await startFakePlatform({
    clips: CLIPS, framesPerClip: FRAMES,
    // object-detector calls of a clip finish close together, so their state writes overlap;
    // deepspeech is slow enough to be caught mid-request.
    stageDelayMs: { 'object-detector': 20, deepspeech: 400 },
    orchestratorEnv: { MAX_PARALLEL_CALLS: '8', STAGE_TIMEOUT_MS: String(STAGE_TIMEOUT_MS) },
  });
  await platform.waitReady();
}, 60_000);
afterAll(async () => platform?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 20_000): Promise<T> {
  for (const deadline = Date.now() + limitMs; ;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}
const busyReplica = (fn: string) => platform.provider.functions.get(fn)?.replicas.find((r) => r.inflight > 0);
const idle = () => [...platform.provider.functions.values()].every((f) => f.inflight === 0);

/** After a fault: every stage call drained, and soon after no temp dir left in any replica. */
async function expectNoLeftovers(): Promise<void> {
  await waitFor('every call drained', idle);
  const clean = await waitFor('no leftover temp dirs', async () => (await platform.tempDirs()).leftovers.length === 0, 5_000).catch(() => false);
  if (!clean) expect((await platform.tempDirs()).leftovers).toEqual([]);
}

describe('concurrent pipelines with parallel fan-out (8 at once)', () => {
  it('runConcurrentPipelines(naive) finishes every pipeline but loses state updates, counted from stage telemetry', async () => {
    const run = await runConcurrentPipelines(platform, { pipelines: 8, stateMode: 'naive', tag: 'ci' });
    expect(run.done).toBe(8);
    expect(run.callsAnswered).toBe(8 * CALLS);
    expect(run.lost).toBeGreaterThan(0);
    // The independent count agrees with what the orchestrators found in their final documents.
    expect(run.lost).toBe(run.lostReportedByOrchestrator);
  }, 60_000);

  it('runConcurrentPipelines(cas) finishes every pipeline with every stage call in state.json', async () => {
    const run = await runConcurrentPipelines(platform, { pipelines: 8, stateMode: 'cas', tag: 'ci' });
    expect(run.done).toBe(8);
    expect(run.callsAnswered).toBe(8 * CALLS);
    expect(run.lost).toBe(0);
    expect(run.perPipeline.map((p) => p.entriesRecorded)).toEqual(Array(8).fill(CALLS));
  }, 60_000);
});

describe('fault injection', () => {
  it('a replica killed mid-request fails the request with its cause recorded, its temp dir gone, earlier objects kept', async () => {
    const pending = platform.runPipeline('kill-1', { stateMode: 'cas' });
    const victim = await waitFor('deepspeech busy', () => busyReplica('deepspeech'));
    victim.kill('fault-injection');
    const answer = await pending;
    // The killed call gets the provider's 500; a deepspeech call of the other clip arriving
    // before the restart gets 503 (no endpoints). Whichever failed first is the request's cause.
    expect(answer.status).toBe(500);
    const expectedFailure = [
      { stage: 'deepspeech', httpStatus: 500, cause: 'internal', message: "Can't reach service for: deepspeech." },
      { stage: 'deepspeech', httpStatus: 503, cause: 'not-ready', message: 'No endpoints available for: deepspeech.' },
    ];
    const state = (await platform.readState('kill-1'))!;
    expect(state.status).toBe('failed');
    expect(expectedFailure).toContainEqual({ ...state.error, callKey: undefined });
    expect(answer.body.error).toMatchObject({ stage: 'orchestrator', cause: state.error!.cause });
    expect(answer.body.error.message).toContain(`${state.error!.callKey} failed (HTTP ${state.error!.httpStatus}, ${state.error!.cause}): ${state.error!.message}`);
    // The killed call itself is recorded with the provider's answer.
    expect(Object.values(state.calls)).toContainEqual(expect.objectContaining({ stage: 'deepspeech', status: 'error', httpStatus: 500, message: "Can't reach service for: deepspeech." }));
    for (const uri of state.calls['ffmpeg-0']!.outputs) expect(await platform.objectExists(uri)).toBe(true);
    // The killed replica's filesystem went with it (its runtime never got to clean up).
    await waitFor('victim TMPDIR removed', async () => !(await platform.tempDirs()).replicas.some((d) => d.startsWith(`replica-${victim.id}-`)));
    await expectNoLeftovers();
    // The provider restarts the replica; the platform serves the next request.
    await platform.waitReady();
    expect((await platform.runPipeline('kill-2', { stateMode: 'cas' })).status).toBe(200);
  }, 60_000);

  it('S3 stopped mid-request and restarted: the request fails with cause storage, recorded once S3 is back, no object lost', async () => {
    const pending = platform.runPipeline('s3-stop', { stateMode: 'cas' });
    await waitFor('deepspeech busy', () => busyReplica('deepspeech'));
    const before = (await platform.readState('s3-stop'))!;
    await platform.stopS3();
    await sleep(1_500);
    await platform.restartS3();
    const answer = await pending;
    expect(answer.status).toBe(500);
    expect(answer.body.error.cause).toBe('storage');
    const state = (await platform.readState('s3-stop'))!;
    expect(state.status).toBe('failed');
    expect(state.error!.cause).toBe('storage');
    for (const [key, entry] of Object.entries(before.calls)) {
      expect(state.calls[key]).toEqual(entry);
      for (const uri of entry.outputs) expect(await platform.objectExists(uri)).toBe(true);
    }
    await expectNoLeftovers();
    expect((await platform.runPipeline('s3-after', { stateMode: 'cas' })).status).toBe(200);
  }, 60_000);

  it('a slow S3 past the stage timeout ends the request with cause timeout; the orphaned call finishes and cleans up', async () => {
    // Only ffmpeg-0's writes for this request are slow: longer than STAGE_TIMEOUT_MS.
    platform.s3().setDelay(STAGE_TIMEOUT_MS + 500, (method, path) => method === 'PUT' && path.includes('requests/s3-slow/ffmpeg-0/'));
    try {
      const answer = await platform.runPipeline('s3-slow', { stateMode: 'cas' });
      expect(answer.ms).toBeLessThan(STAGE_TIMEOUT_MS + 3_000);
      expect(answer.status).toBe(500);
      expect(answer.body.error).toMatchObject({ cause: 'timeout' });
      expect(answer.body.error.message).toContain(`no answer within STAGE_TIMEOUT_MS=${STAGE_TIMEOUT_MS}`);
      const state = (await platform.readState('s3-slow'))!;
      expect(state).toMatchObject({ status: 'failed', error: { stage: 'ffmpeg-0', httpStatus: null, cause: 'timeout' } });
    } finally {
      platform.s3().setDelay(0);
    }
    // The gateway and provider dropped the call; the replica keeps working (orphaned) until
    // its slow write lands, then answers nobody and cleans up.
    await waitFor('the orphaned ffmpeg-0 call ends', () => platform.telemetry.some((t) => t.requestId === 's3-slow' && t.stage === 'ffmpeg-0'));
    await expectNoLeftovers();
  }, 60_000);

  it('a uniformly slow S3 slows the pipeline down but every call still ends up in state.json', async () => {
    platform.s3().setDelay(30);
    try {
      const answer = await platform.runPipeline('s3-sluggish', { stateMode: 'cas' });
      expect(answer.status).toBe(200);
      expect(answer.body.lostUpdates).toMatchObject({ callsMade: CALLS, lost: 0 });
      expect(Object.keys((await platform.readState('s3-sluggish'))!.calls)).toHaveLength(CALLS);
    } finally {
      platform.s3().setDelay(0);
    }
  }, 60_000);
});
