import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreams } from '../../sim/random/streams.ts';
import { abortOf, callsOf, type RequestRecord, type RunInput, runRequests } from './runner.ts';
import { backoffDelay } from '../../sim/model/client.ts';
import type { ClientSettings } from './settings.ts';

// A function stand-in: body {fail?: number (first attempts that fail), status?, delayMs?}.
let server: http.Server;
let url: URL;
const seen = new Map<string, number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text) as { key: string; fail?: number; status?: number; delayMs?: number; answer?: object };
      const n = (seen.get(body.key) ?? 0) + 1;
      seen.set(body.key, n);
      setTimeout(() => {
        if (n <= (body.fail ?? 0)) res.writeHead(body.status ?? 502).end();
        else res.writeHead(body.status && !body.fail ? body.status : 200, { 'Content-Type': 'application/json', 'X-Call-Id': `call-${n}` }).end(JSON.stringify(body.answer ?? { ok: true }));
      }, body.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/function/f`);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (over: Partial<ClientSettings> = {}): ClientSettings => ({
  timeout: 5, attempts: 1, backoff: 0.02, multiplier: 2, maxBackoff: 1, jitter: 0.5, retryOn: new Set(['502', '503', 'client-timeout']), ...over,
});

function run(over: Partial<RunInput> & { make: (index: number) => object }): Promise<{ records: RequestRecord[]; outcome: Awaited<ReturnType<typeof runRequests>> }> {
  const records: RequestRecord[] = [];
  const key = Math.random().toString(36).slice(2);
  return runRequests({
    fn: 'f', pipeline: false, url, arrivals: [0], seed: 1, client: client(), cutOffAt: 30, graceSeconds: 5,
    signal: new AbortController().signal,
    body: (index, attempt) => ({ requestId: `r-${index}-${attempt}`, text: JSON.stringify({ key: `${key}-${index}`, ...over.make(index) }) }),
    onRequest: (r) => records.push(r),
    ...over,
  }).then((outcome) => ({ records: records.sort((a, b) => a.index - b.index), outcome }));
}

describe('runRequests', () => {
  it('runRequests sends each arrival at its time and records one terminal outcome per request', async () => {
    const { records, outcome } = await run({ arrivals: [0, 0.05, 0.1], make: () => ({}) });
    expect(records.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(records.map((r) => r.arrival)).toEqual([0, 0.05, 0.1]);
    for (const r of records) expect(r.sent).toBeGreaterThanOrEqual(r.arrival);
    expect(records[0]!.attempts[0]).toMatchObject({ requestId: 'r-0-1', status: 200, callId: 'call-1' });
    expect(outcome).toMatchObject({ cutOff: false, stopped: false, sent: 3 });
  });

  it('runRequests retries as the simulator client does, with backoff jitter drawn from the retry-jitter stream', async () => {
    const c = client({ attempts: 3 });
    const { records } = await run({ client: c, seed: 42, make: () => ({ fail: 2 }) });
    const r = records[0]!;
    expect(r.attempts.map((a) => a.outcome)).toEqual(['502', '502', 'ok']);
    const u = createStreams(42).stream('retry-jitter');
    const gaps = [backoffDelay(c, 1, u()), backoffDelay(c, 2, u())];
    for (let i = 0; i < 2; i++) {
      const waited = r.attempts[i + 1]!.start - (r.attempts[i]!.start + r.attempts[i]!.latency);
      expect(waited).toBeGreaterThanOrEqual(gaps[i]! - 0.002);
    }
    expect(r.outcome).toBe('ok');
  });

  it('runRequests does not retry an outcome the client does not retry on', async () => {
    const { records } = await run({ client: client({ attempts: 3 }), make: () => ({ fail: 5, status: 500 }) });
    expect(records[0]!.attempts.map((a) => a.outcome)).toEqual(['500']);
    expect(records[0]!.outcome).toBe('500');
  });

  it('runRequests ends a slow attempt as client-timeout', async () => {
    const { records } = await run({ client: client({ timeout: 0.05 }), make: () => ({ delayMs: 400 }) });
    expect(records[0]).toMatchObject({ outcome: 'client-timeout', attempts: [{ status: null, outcome: 'client-timeout' }] });
  });

  it('runRequests on Ctrl-C sends no more arrivals and lets requests in flight finish within the grace', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const { records, outcome } = await run({ arrivals: [0, 0.02, 3], signal: stop.signal, graceSeconds: 2, make: () => ({ delayMs: 300 }) });
    expect(records.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(outcome).toMatchObject({ stopped: true, sent: 2 });
  });

  it('runRequests cuts requests still in flight after the grace as aborted', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const { records } = await run({ signal: stop.signal, graceSeconds: 0.05, make: () => ({ delayMs: 2000 }) });
    expect(records[0]).toMatchObject({ outcome: 'aborted', attempts: [{ outcome: 'aborted', error: 'run stopped' }] });
  });

  it('runRequests at the drain limit ends what is left as aborted and says it was cut off', async () => {
    const { records, outcome } = await run({ cutOffAt: 0.1, make: () => ({ delayMs: 2000 }) });
    expect(records[0]!.outcome).toBe('aborted');
    expect(outcome.cutOff).toBe(true);
  });

  it('runRequests counts a pipeline 500 naming a failed stage call as aborted by that stage', async () => {
    const answer = { error: { stage: 'orchestrator', cause: 'timeout', message: 'ffmpeg-2/clip-001 failed (HTTP 502, timeout): ' } };
    const { records } = await run({ pipeline: true, make: () => ({ status: 500, answer }) });
    expect(records[0]).toMatchObject({ outcome: 'aborted', abort: { stage: 'ffmpeg-2', outcome: '502' } });
  });
});

describe('abortOf', () => {
  it.each([
    ['librosa failed (HTTP 503, not-ready): x', { stage: 'librosa', outcome: '503' }],
    ['object-detector/clip-000/frame-00003 failed (no response, timeout): y', { stage: 'object-detector', outcome: 'client-timeout' }],
    ['ffmpeg-0 failed (HTTP 400, bad-input): z', { stage: 'ffmpeg-0', outcome: 'aborted' }],
  ])('abortOf reads %j', (message, expected) => {
    expect(abortOf({ error: { message } })).toEqual(expected);
  });

  it('abortOf ignores bodies that do not name a stage call', () => {
    expect(abortOf({ error: { message: 'state.json write failed' } })).toBeUndefined();
    expect(abortOf(undefined)).toBeUndefined();
  });
});

describe('callsOf', () => {
  it('callsOf counts the orchestrator\'s failed tries before the call that succeeded, as the simulator counts them', () => {
    const attempt = { requestId: 'r', start: 0, outcome: 'ok' as const, status: 200, latency: 9, callId: null };
    const summary = {
      calls: [
        { stage: 'ffmpeg-0', httpStatus: 200, latencyMs: 1000 },
        { stage: 'deepspeech', httpStatus: 200, latencyMs: 3000, failedTries: [{ httpStatus: 504, latencyMs: 2000, cause: 'timeout' }, { httpStatus: null, latencyMs: 500, cause: 'timeout' }] },
      ],
    };
    expect(callsOf('orchestrator', attempt, summary)).toEqual([
      { fn: 'orchestrator', outcome: 'ok', latency: 9 },
      { fn: 'ffmpeg-0', outcome: 'ok', latency: 1 },
      { fn: 'deepspeech', outcome: '504', latency: 2 },
      { fn: 'deepspeech', outcome: 'client-timeout', latency: 0.5 },
      { fn: 'deepspeech', outcome: 'ok', latency: 3 },
    ]);
  });
});
