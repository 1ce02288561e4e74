// The async path end to end on a real nats-server: /async-function → JetStream → a
// queue-worker process → the gateway's /function path → live/testfn → the callback.
// testfn counts the runs of each call (`keys`) and the most it ran at once (`peak`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, request, waitFor } from '../testfn/harness.ts';
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from './jetstream-queue.ts';
import { callbackServer, startQueueTestPlatform, type QueueTestPlatform } from './test-platform.ts';
import type { WorkerProcess } from './worker-process.ts';

let platform: QueueTestPlatform;
let callbacks: Awaited<ReturnType<typeof callbackServer>>;
let worker: WorkerProcess;
const ACK_WAIT_MS = 1_500;

beforeAll(async () => {
  platform = await startQueueTestPlatform();
  callbacks = await callbackServer();
  await Promise.all([platform.deploy('echo'), platform.deploy('wide'), platform.deploy('named', { annotations: { 'com.openfaas.queue': 'slow-queue' } })]);
  // Pro semantics with short waits: retries after 200 ms, 400 ms, then give up at attempt 3.
  worker = await platform.worker({ max_inflight: '2', ack_wait: `${ACK_WAIT_MS}ms`, initial_retry_wait: '200ms', max_retry_wait: '400ms', max_retry_attempts: '3' });
});
afterAll(async () => {
  await callbacks?.close();
  await platform?.close();
});

const forCall = (callId: string) => callbacks.received.filter((c) => c.headers['x-call-id'] === callId);

async function queue(fn: string, body: unknown, path = '/done'): Promise<{ callId: string; at: number }> {
  const accepted = await postJson(`${platform.gateway.url}/async-function/${fn}`, body, { 'X-Callback-Url': `${callbacks.url}${path}` });
  expect(accepted.status, accepted.body).toBe(202);
  return { callId: accepted.headers.get('x-call-id')!, at: Date.now() };
}

describe('the async path on NATS JetStream', () => {
  it('POST /async-function answers 202 with X-Call-Id, and the callback brings the body with OpenFaaS\'s headers', async () => {
    const { callId } = await queue('echo', { n: 7 }, '/done?run=1');
    const [cb] = await waitFor('callback', () => (forCall(callId).length === 1 ? forCall(callId) : undefined));
    expect(cb!.path).toBe('/done?run=1');
    expect(cb!.headers).toMatchObject({ 'x-call-id': callId, 'x-function-status': '200', 'x-function-name': 'echo', 'content-type': 'application/json' });
    expect(Number(cb!.headers['x-duration-seconds'])).toBeGreaterThan(0);
    expect(JSON.parse(cb!.body)).toMatchObject({ echo: '{"n":7}', method: 'POST', path: '/' });
  });

  it('POST /async-function keeps the path and query after the function name, and X-Call-Id a caller set', async () => {
    const accepted = await request(`${platform.gateway.url}/async-function/echo/sub/path?x=1`, {
      method: 'POST', body: 'plain', headers: { 'X-Call-Id': 'my-call-1', 'X-Callback-Url': `${callbacks.url}/p` },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('x-call-id')).toBe('my-call-1');
    const [cb] = await waitFor('callback', () => (forCall('my-call-1').length ? forCall('my-call-1') : undefined));
    expect(JSON.parse(cb!.body)).toMatchObject({ echo: 'plain', path: '/sub/path?x=1' });
  });

  it('POST /async-function refuses GET (405) and a bad X-Callback-Url (400), as the gateway does', async () => {
    expect((await request(`${platform.gateway.url}/async-function/echo`)).status).toBe(405);
    expect((await request(`${platform.gateway.url}/async-function/echo`, { method: 'POST', headers: { 'X-Callback-Url': 'not a url' } })).status).toBe(400);
  });

  it('POST /async-function refuses a body past NATS\'s 1 MB max_payload with 500, as OpenFaaS documents', async () => {
    const big = await request(`${platform.gateway.url}/async-function/echo`, { method: 'POST', body: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(500);
    expect(big.body).toMatch(/payload/i);
  });

  it('the queue-worker reports a function that does not exist through the callback (404)', async () => {
    const { callId } = await queue('no-such-fn', {});
    const [cb] = await waitFor('callback', () => (forCall(callId).length ? forCall(callId) : undefined));
    expect(cb!.headers['x-function-status']).toBe('404');
  });

  it('the queue-worker retries 429 with back-off and the call completes on the third attempt', async () => {
    const { callId, at } = await queue('echo', { key: 'retry-429', failTimes: 2, failStatus: 429 });
    const [cb] = await waitFor('callback', () => (forCall(callId).length ? forCall(callId) : undefined));
    expect(cb!.headers['x-function-status']).toBe('200');
    expect((await platform.stats('echo')).keys['retry-429']).toBe(3);
    // Two back-offs, 200 ms then 400 ms, lie between the 202 and the result.
    expect(cb!.at - at).toBeGreaterThanOrEqual(600);
    process.stdout.write(`retry: 3 attempts, result ${cb!.at - at} ms after the 202 (back-off 200 + 400 ms)\n`);
  });

  it('the queue-worker gives up after max_retry_attempts and posts the last failure to the callback', async () => {
    const { callId } = await queue('echo', { key: 'always-503', failTimes: 100, failStatus: 503 });
    const [cb] = await waitFor('callback', () => (forCall(callId).length ? forCall(callId) : undefined));
    expect(cb!.headers['x-function-status']).toBe('503');
    expect((await platform.stats('echo')).keys['always-503']).toBe(3);
    await waitFor('dead letter logged', () => platform.logs.some((l) => l.includes(callId) && /dead letter #1: gave up on echo after 3 attempts, last status 503/.test(l)));
  });

  it('the queue-worker does not retry a status outside retry_http_codes (400)', async () => {
    const { callId } = await queue('echo', { key: 'bad-400', failTimes: 100, failStatus: 400 });
    const [cb] = await waitFor('callback', () => (forCall(callId).length ? forCall(callId) : undefined));
    expect(cb!.headers['x-function-status']).toBe('400');
    expect((await platform.stats('echo')).keys['bad-400']).toBe(1);
  });

  it('JetStream redelivers a call still running past ack_wait: it runs twice, and each run posts its result', async () => {
    const { callId, at } = await queue('echo', { key: 'slow', sleepMs: ACK_WAIT_MS + 1_500 });
    const second = await waitFor('second run', async () => ((await platform.stats('echo')).keys.slow === 2 ? Date.now() : undefined));
    await waitFor('both callbacks', () => forCall(callId).length === 2);
    expect(forCall(callId).map((c) => c.headers['x-function-status'])).toEqual(['200', '200']);
    expect(second - at).toBeGreaterThanOrEqual(ACK_WAIT_MS);
    process.stdout.write(`redelivery past ack_wait ${ACK_WAIT_MS} ms: second run seen ${second - at} ms after the 202\n`);
  });

  it('the queue-worker runs at most max_inflight calls at once', async () => {
    const calls = await Promise.all(Array.from({ length: 6 }, (_, i) => queue('wide', { key: `wide-${i}`, sleepMs: 400 })));
    await waitFor('all callbacks', () => calls.every((c) => forCall(c.callId).length === 1));
    expect((await platform.stats('wide')).peak).toBe(2);
  });

  it('a function annotated com.openfaas.queue goes to that queue: 500 while it has no stream, run by its own worker once it has', async () => {
    const refused = await postJson(`${platform.gateway.url}/async-function/named`, {}, { 'X-Callback-Url': `${callbacks.url}/n` });
    expect(refused.status).toBe(500);
    const named = await platform.worker({ nats_stream: 'slow-queue', ack_wait: '5s' });
    try {
      const { callId } = await queue('named', { key: 'named-1' });
      await waitFor('callback', () => forCall(callId).length === 1);
      expect(platform.logs.some((l) => l.includes(callId) && l.includes('invoking named'))).toBe(true);
    } finally {
      await named.stop();
    }
  });

  it('a message that names no valid function (published to NATS directly) is terminated, never run, and the worker goes on', async () => {
    const nc = await connectNats(platform.queue.nats.connection, 'test');
    try {
      const js = jetstream(nc);
      await js.publish('faas-request', JSON.stringify({ Function: '../system/functions', Method: 'POST' }));
      await js.publish('faas-request', 'not json');
    } finally {
      await nc.close();
    }
    await waitFor('both refused', () => platform.logs.filter((l) => /dead letter #\d+: not a queued call/.test(l)).length === 2);
    const { callId } = await queue('echo', { n: 'after' });
    await waitFor('callback', () => forCall(callId).length === 1);
  });

  it('a stopped queue-worker (SIGTERM) exits 0 once its calls are done', async () => {
    await worker.stop();
    expect(await worker.exited).toBe(0);
  });
});
