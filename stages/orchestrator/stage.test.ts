import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, type ObjectStore } from '../runtime/object-store.ts';
import { FAKE_BUCKET, stageErrorBody } from './fake-stages.ts';
import { setup, stagesOf, VIDEO } from './orchestrator-harness.ts';

describe('orchestrator', () => {
  it('POST {video} drives every stage in pipeline order when sequential, one call at a time', async () => {
    const { gateway, call } = await setup({ shape: { clips: 2, framesPerClip: 2 } });
    const res = await call({ requestId: 'seq-1', video: VIDEO });
    expect(res.status).toBe(200);
    expect(stagesOf(gateway)).toEqual([
      'ffmpeg-0', 'librosa', 'ffmpeg-1',
      'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector', 'object-detector',
      'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector', 'object-detector',
    ]);
    expect(gateway.peakInflight()).toBe(1);
    expect(res.body).toMatchObject({ requestId: 'seq-1', status: 'done', fanout: 'sequential', stateMode: 'cas', segments: 2 });
    expect(res.body.transcripts).toEqual([
      expect.objectContaining({ clipIndex: 0, engine: 'fake-asr', text: 'words of clip 0' }),
      expect.objectContaining({ clipIndex: 1, engine: 'fake-asr', text: 'words of clip 1' }),
    ]);
    expect(res.body.detections).toEqual({ frames: 4, framesWithBoxes: 2, boxes: 2 });
  });

  it('POST {video} passes the source video to ffmpeg-1 and the cut clip to ffmpeg-2 and ffmpeg-3', async () => {
    const { gateway, call } = await setup({ shape: { clips: 1, framesPerClip: 1 } });
    await call({ requestId: 'wiring', video: VIDEO, options: { fps: 2, vadMethod: 'vad' } });
    const body = (stage: string) => gateway.calls.find((c) => c.stage === stage)!.body;
    expect(body('librosa')).toEqual({ requestId: 'wiring', audio: `s3://${FAKE_BUCKET}/requests/wiring/ffmpeg-0/audio.wav`, method: 'vad' });
    expect(body('ffmpeg-1').video).toBe(VIDEO);
    const clip = `s3://${FAKE_BUCKET}/requests/wiring/ffmpeg-1/clip-000.mp4`;
    expect(body('ffmpeg-2')).toEqual({ requestId: 'wiring', clip });
    expect(body('deepspeech')).toEqual({ requestId: 'wiring', clipIndex: 0, audio: `s3://${FAKE_BUCKET}/requests/wiring/ffmpeg-2/clip-000/audio.wav` });
    expect(body('ffmpeg-3')).toEqual({ requestId: 'wiring', clip, fps: 2 });
    expect(body('object-detector')).toEqual({ requestId: 'wiring', clipIndex: 0, frameIndex: 0, frame: `s3://${FAKE_BUCKET}/requests/wiring/ffmpeg-3/clip-000/frame-00000.jpg` });
  });

  it('POST {video} with parallel fan-out overlaps calls up to MAX_PARALLEL_CALLS and records every call in state.json', async () => {
    const hold = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
    const { gateway, call, state } = await setup({ shape: { clips: 3, framesPerClip: 3 }, delay: hold }, { MAX_PARALLEL_CALLS: '3' });
    const res = await call({ requestId: 'par-1', video: VIDEO, options: { fanout: 'parallel' } });
    expect(res.status).toBe(200);
    expect(gateway.peakInflight()).toBe(3);
    expect(gateway.calls).toHaveLength(3 + 3 * 3 + 3 * 3);
    const doc = await state('par-1');
    expect(doc.status).toBe('done');
    expect(Object.keys(doc.calls).sort()).toEqual(res.body.calls.map((c: { callKey: string }) => c.callKey).sort());
    expect(doc.calls['ffmpeg-3/clip-002']).toMatchObject({ stage: 'ffmpeg-3', status: 'ok', httpStatus: 200 });
    // One process per fake stage: exactly one of its calls is the cold one.
    expect(Object.values(doc.calls).filter((c) => c.stage === 'ffmpeg-3' && c.coldStart)).toHaveLength(1);
    expect(doc.calls['ffmpeg-3/clip-002']!.outputs).toHaveLength(3);
    expect(res.body.lostUpdates).toEqual({ callsMade: 21, entriesRecorded: 21, lost: 0, missing: [] });
  });

  it('POST {video} returns each call with its telemetry, client latency and HTTP status, totalled per stage', async () => {
    const { call } = await setup({ shape: { clips: 2, framesPerClip: 1 } });
    const res = await call({ requestId: 'metrics', video: VIDEO });
    const first = res.body.calls[0];
    expect(first).toMatchObject({ callKey: 'ffmpeg-0', stage: 'ffmpeg-0', httpStatus: 200, attempts: 1, callId: 'call-1' });
    expect(first.latencyMs).toBeGreaterThan(0);
    expect(first.metrics).toMatchObject({ format: 'fave.telemetry/v1', stage: 'ffmpeg-0', requestId: 'metrics', coldStart: true, firstCall: true });
    expect(res.body.calls.find((c: { callKey: string }) => c.callKey === 'ffmpeg-2/clip-001').metrics.firstCall).toBe(false);
    expect(res.body.stages['ffmpeg-2']).toMatchObject({ calls: 2, coldStarts: 1, retries: 0 });
    expect(res.body.metrics.stage).toBe('orchestrator');
  });

  it('POST {video} with OVERLOAD_ATTEMPTS retries a 429 from a saturated function and counts the retry', async () => {
    let refused = 0;
    const { call } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      intercept: (stage) => (stage === 'deepspeech' && refused++ < 2 ? { status: 429, text: '' } : undefined),
    }, { OVERLOAD_BACKOFF_MS: '1', OVERLOAD_ATTEMPTS: '3' });
    const res = await call({ requestId: 'busy', video: VIDEO });
    expect(res.status).toBe(200);
    expect(res.body.stages.deepspeech).toMatchObject({ calls: 1, retries: 2 });
  });

  it('POST {video} fails on a 429 by default (OVERLOAD_ATTEMPTS 1, as the simulator\'s pipeline.overloadAttempts)', async () => {
    const { call } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      intercept: (stage) => (stage === 'deepspeech' ? { status: 429, text: '' } : undefined),
    });
    const res = await call({ requestId: 'refused', video: VIDEO });
    expect(res.status).not.toBe(200);
    expect(res.body.error).toMatchObject({ cause: 'overloaded' });
  });

  it('POST {video} aborts on a stage error with its cause, and state.json names the stage and status', async () => {
    const { gateway, call, state } = await setup({
      shape: { clips: 2, framesPerClip: 2 },
      intercept: (stage, body) => (stage === 'ffmpeg-2' && body.clip !== undefined && String(body.clip).endsWith('clip-001.mp4')
        ? { status: 500, text: stageErrorBody('ffmpeg-2', 'corrupt-media', 'moov atom not found') } : undefined),
    });
    const res = await call({ requestId: 'broken', video: VIDEO });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ stage: 'orchestrator', cause: 'corrupt-media' });
    expect(res.body.error.message).toContain('ffmpeg-2/clip-001 failed (HTTP 500, corrupt-media): moov atom not found');
    const doc = await state('broken');
    expect(doc.status).toBe('failed');
    expect(doc.error).toEqual({ stage: 'ffmpeg-2', callKey: 'ffmpeg-2/clip-001', httpStatus: 500, cause: 'corrupt-media', message: 'moov atom not found' });
    expect(doc.calls['ffmpeg-2/clip-001']).toMatchObject({ status: 'error', httpStatus: 500, cause: 'corrupt-media' });
    // Sequential: nothing after the failed call was started.
    expect(stagesOf(gateway).slice(-1)).toEqual(['ffmpeg-2']);
  });

  it('POST {video} makes a failed stage call again with STAGE_RETRIES and lists the failed try in the summary', async () => {
    let failed = 0;
    const { call, state } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      intercept: (stage) => (stage === 'deepspeech' && failed++ < 1 ? { status: 504, text: '' } : undefined),
    }, { STAGE_RETRIES: '1' });
    const res = await call({ requestId: 'retried', video: VIDEO });
    expect(res.status).toBe(200);
    const ds = res.body.calls.find((c: { stage: string }) => c.stage === 'deepspeech');
    expect(ds).toMatchObject({ httpStatus: 200, failedTries: [{ httpStatus: 504, cause: 'timeout' }] });
    expect((await state('retried')).status).toBe('done');
  });

  it('POST {video} maps a gateway 502 with an empty body (upstream timeout) to cause timeout', async () => {
    const { call, state } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      intercept: (stage) => (stage === 'librosa' ? { status: 502, text: '' } : undefined),
    });
    const res = await call({ requestId: 'slow', video: VIDEO });
    expect(res.status).toBe(500);
    expect(res.body.error.cause).toBe('timeout');
    expect((await state('slow')).error).toMatchObject({ stage: 'librosa', httpStatus: 502, cause: 'timeout', message: '(empty body)' });
  });

  it('POST {video} in naive state mode reports lost updates consistent with state.json', async () => {
    // Every store operation yields, so parallel read-modify-writes interleave and collide.
    const store = new MemoryObjectStore({ yieldPoint: () => new Promise((resolve) => setTimeout(resolve, 2)) });
    const { call, state } = await setup({ shape: { clips: 3, framesPerClip: 4 } }, { MAX_PARALLEL_CALLS: '6' }, store);
    const res = await call({ requestId: 'naive', video: VIDEO, options: { fanout: 'parallel', stateMode: 'naive' } });
    expect(res.status).toBe(200);
    expect(res.body.stateMode).toBe('naive');
    const recorded = Object.keys((await state('naive')).calls);
    const made = res.body.calls.map((c: { callKey: string }) => c.callKey);
    const missing = made.filter((k: string) => !recorded.includes(k));
    expect(res.body.lostUpdates).toEqual({ callsMade: made.length, entriesRecorded: recorded.length, lost: missing.length, missing: expect.arrayContaining(missing) });
    expect(res.body.lostUpdates.missing).toHaveLength(missing.length);
  });

  it('POST {video} fails with cause storage when state.json cannot be written, and records failed once the store is back', async () => {
    const memory = new MemoryObjectStore();
    let down = false;
    const flaky: ObjectStore = {
      get: (key) => memory.get(key),
      put: (key, body, cond) => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9000')) : memory.put(key, body, cond)),
    };
    // The store goes down while deepspeech runs and comes back 300 ms later.
    const { call, state } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      delay: async (stage) => {
        if (stage !== 'deepspeech') return;
        down = true;
        setTimeout(() => (down = false), 300);
      },
    }, {}, memory, flaky);
    const res = await call({ requestId: 'outage', video: VIDEO });
    expect(res.status).toBe(500);
    expect(res.body.error.cause).toBe('storage');
    expect(res.body.error.message).toContain('ECONNREFUSED');
    const doc = await state('outage');
    expect(doc).toMatchObject({ status: 'failed', error: { stage: 'orchestrator', cause: 'storage' } });
    expect(Object.keys(doc.calls)).toEqual(['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2/clip-000']);
  });

  it.each([
    [{ requestId: 'x' }, 'field "video"'],
    [{ video: VIDEO, options: { fanout: 'wide' } }, 'options.fanout'],
    [{ video: VIDEO, options: { stateMode: 'lww' } }, 'options.stateMode'],
    [{ video: VIDEO, options: { fps: 0 } }, 'options.fps'],
    [{ video: VIDEO, options: { retries: 3 } }, 'unknown keys retries'],
  ])('POST %j answers 500 with cause bad-input naming %s', async (body, field) => {
    const { gateway, call } = await setup({ shape: { clips: 1, framesPerClip: 1 } });
    const res = await call(body);
    expect(res.status).toBe(500);
    expect(res.body.error.cause).toBe('bad-input');
    expect(res.body.error.message).toContain(field);
    expect(gateway.calls).toEqual([]);
  });
});
