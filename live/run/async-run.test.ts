// The pieces of an asynchronous live run that need no platform: the queue settings derived
// from a scenario, the callback server's gate, and the run's summary.async.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../sim/scenario/errors.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { asyncPlan } from './async-settings.ts';
import { liveAsyncSummary } from './async-result.ts';
import type { AsyncRequestRecord } from './async-runner.ts';
import { rawRequest } from '../../stages/runtime/local-server-probes.ts';
import { startCallbackServer } from './callback-server.ts';
import { liveSettings } from './settings.ts';

const base = (platform: Scenario['platform'] = {}, invoke: 'async' | 'sync' = 'async'): Scenario => ({
  format: 'fave.scenario/v1', name: 'a', seed: 1, horizon: 10, target: 'ffmpeg-0',
  workload: { executor: 'burst', count: 3, invoke },
  platform,
});
const plan = (s: Scenario, embedded = true) => asyncPlan(s, liveSettings(s, 's.json'), 's.json', embedded);

describe('asyncPlan', () => {
  it('a synchronous scenario has none', () => {
    expect(plan(base({}, 'sync'))).toBeNull();
  });

  it('Community Edition: the simulator\'s queue (max_inflight, ack_wait), no retries, and the redelivery difference said', () => {
    const p = plan(base({ edition: 'community', async: { queues: { 'faas-request': { maxInflight: 2, ackWait: 1.5 } } } }))!;
    expect(p.queueSettings).toMatchObject({ max_inflight: '2', ack_wait: '1500ms', community_edition: 'true' });
    expect(p.queueSettings.max_retry_attempts).toBeUndefined();
    // maxInflight > 1 on CE: the simulator's own note, carried as not applied as documented.
    expect(p.notApplied.join('\n')).toContain('maxInflight 2');
  });

  it('Pro: retries from the resolution (defaults included), and the lease extension FAVE\'s worker lacks as an approximation', () => {
    const p = plan(base({ edition: 'pro', async: { queues: { 'faas-request': { maxRetryAttempts: 3, initialRetryWait: 0.2 } } } }))!;
    expect(p.queueSettings).toMatchObject({ community_edition: 'false', max_inflight: '50', max_retry_attempts: '3', initial_retry_wait: '200ms', max_retry_wait: '120000ms', ack_wait: '60000ms' });
    expect(p.queueSettings.retry_http_codes!.split(',')).toContain('429');
    expect(p.approximations.join('\n')).toContain('extendLease');
  });

  it('a named queue is not applied, with the reason', () => {
    const p = plan(base({ edition: 'pro', async: { queues: { slow: {} } }, functions: { 'ffmpeg-0': { queue: 'slow' } } }))!;
    expect(p.notApplied.join('\n')).toMatch(/\$\.platform\.functions\.ffmpeg-0\.queue="slow".*com\.openfaas\.queue/);
  });

  it('a remote gateway is refused, naming the file and $.workload.invoke', () => {
    expect(() => plan(base(), false)).toThrow(ConfigError);
    expect(() => plan(base(), false)).toThrow(/s\.json[\s\S]*\$\.workload\.invoke[\s\S]*embedded platform only/);
  });
});

describe('callback server', () => {
  it('takes only this run\'s call ids on its own path, and counts a second callback as a duplicate', async () => {
    const seen: number[] = [];
    const server = await startCallbackServer((id) => id === 'run-0', (_c, nth) => seen.push(nth));
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      const post = (url: string, callId: string) => fetch(url, { method: 'POST', body: 'x', headers: { 'X-Call-Id': callId, 'X-Function-Status': '200', 'X-Duration-Seconds': '0.250000' } });
      expect((await post(server.url, 'run-0')).status).toBe(200);
      expect((await post(server.url, 'other-run-0')).status).toBe(404);
      expect((await post(`${new URL(server.url).origin}/callback/guess`, 'run-0')).status).toBe(404);
      expect((await post(server.url, 'run-0')).status).toBe(200);
      // A web page cannot post a result: a foreign Origin, or a rebound name as Host.
      const { port, pathname } = new URL(server.url);
      const forged = (headers: Record<string, string>) => rawRequest(Number(port), { method: 'POST', path: pathname, headers: { 'x-call-id': 'run-0', ...headers }, body: 'x' });
      expect((await forged({ origin: 'https://evil.example' })).status).toBe(403);
      expect((await forged({ host: 'evil.example' })).status).toBe(421);
      expect(server.refused).toBe(4);
      expect(seen).toEqual([1, 2]);
      const got = server.received.get('run-0')!;
      expect(got.map((c) => [c.status, c.duration])).toEqual([[200, 0.25], [200, 0.25]]);
      expect(server.received.has('other-run-0')).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('liveAsyncSummary', () => {
  // Sent when it was accepted (the 202 takes no time here).
  const rec = (i: number, a: Partial<AsyncRequestRecord['async']>): AsyncRequestRecord => ({
    index: i, arrival: 0, sent: a.accepted ?? 0, end: 1, outcome: 'ok', latency: 1, attempts: [], calls: [],
    async: { callId: `c${i}`, accepted: 0, callback: 1, status: 200, duration: 0.1, callbacks: 1, timeToCallback: 1, queueWait: 0, queueWaitFrom: 'telemetry', gaveUp: false, ...a },
  });

  it('counts duplicates, give-ups and the deepest queue from send and start times', () => {
    const s = liveAsyncSummary([
      rec(0, { accepted: 0, queueWait: 0 }),
      rec(1, { accepted: 0.1, queueWait: 0.5, callbacks: 2 }),
      rec(2, { accepted: 0.2, queueWait: 1 }),
      rec(3, { accepted: null, callback: null, callbacks: 0, queueWait: null, timeToCallback: null, status: null }),
      rec(4, { accepted: 3, queueWait: 0, status: 503, gaveUp: true }),
    ], 6);
    expect(s).toMatchObject({ accepted: 4, callbacks: 5, duplicates: 1, redeliveries: 1, executions: 6, retries: 1, giveUps: 1, maxQueueDepth: 2 });
    expect(s.queues['faas-request']!.maxDepth).toBe(2);
    expect(s.queueWait.max).toBeCloseTo(1, 1);
  });

  it('without the stage\'s telemetry, executions and retries are unmeasured (NaN), not guessed', () => {
    const s = liveAsyncSummary([rec(0, {})], null);
    expect(s.executions).toBeNaN();
    expect(s.retries).toBeNaN();
  });
});
