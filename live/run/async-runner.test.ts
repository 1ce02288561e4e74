// runAsyncRequests against a stand-in gateway (no NATS): it answers /async-function with 202
// and posts the callbacks itself, so what the runner records can be checked call by call —
// a duplicate, a forged call id, a call the gateway refuses, one never called back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runAsyncRequests } from './async-runner.ts';

interface Received { callId: string; callbackUrl: string }

/** A gateway whose answer to each call is decided by `plan(index)`. */
async function fakeGateway(plan: (callId: string) => 'once' | 'twice' | 'refuse' | 'never' | 'forge') {
  const got: Received[] = [];
  const post = (url: string, callId: string, status: number) =>
    fetch(url, { method: 'POST', body: '{}', headers: { 'X-Call-Id': callId, 'X-Function-Status': String(status), 'X-Duration-Seconds': '0.010000' } }).then((r) => r.status);
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const callId = req.headers['x-call-id'] as string;
      const callbackUrl = req.headers['x-callback-url'] as string;
      got.push({ callId, callbackUrl });
      const what = plan(callId);
      if (what === 'refuse') return res.writeHead(500).end('Queue error');
      res.writeHead(202, { 'X-Call-Id': callId }).end();
      if (what === 'never') return;
      if (what === 'forge') {
        // A callback naming a call id this run never sent: refused, the call still pending.
        await post(callbackUrl, 'someone-else', 200);
        return;
      }
      await post(callbackUrl, callId, 200);
      if (what === 'twice') await post(callbackUrl, callId, 200);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let closeGateway: (() => Promise<void>) | undefined;
afterEach(async () => closeGateway?.());

describe('runAsyncRequests', () => {
  it('records the 202, the first callback and duplicates per call; a refused call fails at once; one never called back is aborted at the cut-off', async () => {
    const plans = ['once', 'twice', 'refuse', 'never'] as const;
    const gw = await fakeGateway((id) => plans[Number(id.split('-').pop())]!);
    closeGateway = gw.close;
    const run = await runAsyncRequests({
      fn: 'f', url: new URL(`${gw.url}/async-function/f`), arrivals: [0, 0, 0, 0], timeout: 10, cutOffAt: 3,
      body: (i, a) => ({ requestId: `r-${i}-${a}`, text: '{}' }), callId: (i) => `run-${i}`,
      retryCodes: new Set(), signal: new AbortController().signal, graceSeconds: 1,
    });
    // The cut-off ended it: call 3 never got a result.
    expect(run.outcome).toMatchObject({ sent: 4, cutOff: true, stopped: false });
    const records = run.finish([]);
    await run.close();
    expect(gw.got.every((g) => g.callbackUrl.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(records.map((r) => [r.outcome, r.async.callbacks, r.attempts[0]!.status])).toEqual([
      ['ok', 1, 202], ['ok', 2, 202], ['500', 0, 500], ['aborted', 0, 202],
    ]);
    const [once] = records;
    expect(once!.async).toMatchObject({ callId: 'run-0', status: 200, duration: 0.01, queueWaitFrom: 'callback', gaveUp: false });
    // No telemetry: the wait is the time to callback less the worker's duration.
    expect(once!.async.queueWait).toBeCloseTo(once!.async.timeToCallback! - 0.01, 6);
    expect(once!.calls).toEqual([{ fn: 'f', outcome: 'ok', latency: 0.01 }]);
    expect(records[1]!.calls).toHaveLength(2);
    expect(records[3]!.async.timeToCallback).toBeNull();
  });

  it('a forged callback is refused and completes nothing; telemetry gives the queue wait when the function logs it', async () => {
    const gw = await fakeGateway((id) => (id === 'run-0' ? 'forge' : 'once'));
    closeGateway = gw.close;
    const run = await runAsyncRequests({
      fn: 'f', url: new URL(`${gw.url}/async-function/f`), arrivals: [0, 0], timeout: 10, cutOffAt: 3,
      body: (i, a) => ({ requestId: `r-${i}-${a}`, text: '{}' }), callId: (i) => `run-${i}`,
      retryCodes: new Set([503]), signal: new AbortController().signal, graceSeconds: 1,
    });
    const startedAtMs = Date.now() + 60_000; // far later than the send: the wait is measured from it
    const records = run.finish([{ stage: 'f', requestId: 'r-1-1', startedAtMs } as never]);
    expect(run.refused()).toBe(1);
    await run.close();
    expect(records[0]!.outcome).toBe('aborted');
    expect(records[0]!.async.callbacks).toBe(0);
    expect(records[1]!.async.queueWaitFrom).toBe('telemetry');
    expect(records[1]!.async.queueWait!).toBeGreaterThan(50);
  });
});
