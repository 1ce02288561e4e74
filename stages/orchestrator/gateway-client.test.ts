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
});
