import { describe, expect, it } from 'vitest';
import { PipelineStageError } from './errors.ts';
import { createStageInvoker } from './gateway-client.ts';

const SETTINGS = { gatewayUrl: 'http://gw.test', stageTimeoutMs: 1000, overloadAttempts: 3, overloadBackoffMs: 0, overloadBackoffMaxMs: 0 };

async function failureOf(promise: Promise<unknown>): Promise<PipelineStageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PipelineStageError);
  return error as PipelineStageError;
}

describe('createStageInvoker', () => {
  it('invoke() gives up after OVERLOAD_ATTEMPTS 429s with cause overloaded', async () => {
    let tries = 0;
    const invoke = createStageInvoker(SETTINGS, { fetch: async () => { tries++; return new Response('', { status: 429 }); } });
    const error = await failureOf(invoke('deepspeech', 'deepspeech/clip-000', {}));
    expect(tries).toBe(3);
    expect(error).toMatchObject({ stage: 'deepspeech', httpStatus: 429, stageCause: 'overloaded', attempts: 3 });
  });

  it('invoke() turns a call that outlives STAGE_TIMEOUT_MS into cause timeout with no status', async () => {
    const hang: typeof fetch = (_input, init) => new Promise((_resolve, reject) => {
      init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason));
    });
    const invoke = createStageInvoker({ ...SETTINGS, stageTimeoutMs: 20 }, { fetch: hang });
    const error = await failureOf(invoke('ffmpeg-1', 'ffmpeg-1', {}));
    expect(error).toMatchObject({ stage: 'ffmpeg-1', httpStatus: null, stageCause: 'timeout' });
    expect(error.message).toContain('STAGE_TIMEOUT_MS=20');
  });

  it('invoke() reports an unreachable gateway as internal, naming the URL', async () => {
    const invoke = createStageInvoker(SETTINGS, { fetch: async () => { throw new TypeError('fetch failed'); } });
    const error = await failureOf(invoke('librosa', 'librosa', {}));
    expect(error).toMatchObject({ httpStatus: null, stageCause: 'internal' });
    expect(error.message).toContain('http://gw.test unreachable');
  });

  it('invoke() rejects a 200 whose telemetry breaks the contract, naming the field', async () => {
    const invoke = createStageInvoker(SETTINGS, { fetch: async () => new Response(JSON.stringify({ ok: 1, metrics: { format: 'x' } }), { status: 200 }) });
    const error = await failureOf(invoke('ffmpeg-0', 'ffmpeg-0', {}));
    expect(error).toMatchObject({ httpStatus: 200, stageCause: 'internal' });
    expect(error.message).toContain('bad telemetry');
  });

  it.each([
    [503, 'No endpoints available for: x.', 'not-ready'],
    [500, "Can't reach service for: x.", 'internal'],
    [504, '', 'timeout'],
  ])('invoke() maps a %s without a stage error body to cause %s', async (status, text, cause) => {
    const invoke = createStageInvoker(SETTINGS, { fetch: async () => new Response(text, { status }) });
    expect(await failureOf(invoke('ffmpeg-2', 'ffmpeg-2/clip-000', {}))).toMatchObject({ httpStatus: status, stageCause: cause });
  });

  // A stage's 200: its body and a telemetry record the contract accepts.
  const ok = (): Response => {
    const at = Date.now();
    const metrics = {
      format: 'fave.telemetry/v1', requestId: 'r', stage: 'deepspeech', replicaId: 'x-1', callId: null,
      startedAt: new Date(at).toISOString(), endedAt: new Date(at).toISOString(), startedAtMs: at, endedAtMs: at, durationSeconds: 0,
      coldStart: false, firstCall: false, phases: { download: 0, compute: 0, upload: 0 }, cpuSeconds: 0, status: 'ok', httpCode: 200,
      memoryLimitMB: 512, memoryLimitSource: 'env', rssMB: 50, inflightAtStart: 0, bytesIn: 0, bytesOut: 0, costUnits: 0,
    };
    return new Response(JSON.stringify({ text: 'hello', metrics }), { status: 200 });
  };

  it('invoke() makes a failed call again, at once, up to STAGE_RETRIES times, and lists the failed tries', async () => {
    const answers = [new Response('', { status: 504 }), new Response('', { status: 502 }), ok()];
    const invoke = createStageInvoker({ ...SETTINGS, stageRetries: 2 }, { fetch: async () => answers.shift()! });
    const result = await invoke('deepspeech', 'deepspeech/clip-000', {});
    expect(result).toMatchObject({ httpStatus: 200, attempts: 1, body: { text: 'hello' } });
    expect(result.failedTries).toEqual([
      { httpStatus: 504, latencyMs: expect.any(Number), cause: 'timeout' },
      { httpStatus: 502, latencyMs: expect.any(Number), cause: 'timeout' },
    ]);
  });

  it('invoke() fails with the last try once STAGE_RETRIES are spent, and makes none by default', async () => {
    let tries = 0;
    const fail = async (): Promise<Response> => { tries++; return new Response('', { status: tries === 1 ? 500 : 503 }); };
    const error = await failureOf(createStageInvoker({ ...SETTINGS, stageRetries: 1 }, { fetch: fail })('librosa', 'librosa', {}));
    expect([tries, error.httpStatus, error.stageCause]).toEqual([2, 503, 'not-ready']);
    tries = 0;
    await failureOf(createStageInvoker(SETTINGS, { fetch: fail })('librosa', 'librosa', {}));
    expect(tries).toBe(1);
    // A success on the first try carries no failedTries at all.
    expect(await createStageInvoker({ ...SETTINGS, stageRetries: 3 }, { fetch: async () => ok() })('deepspeech', 'deepspeech', {})).not.toHaveProperty('failedTries');
  });
});
