// Asynchronous invocation's resolution: each queue's defaults by edition as the Helm charts
// set them, what Community Edition ignores (a note) or cannot do (an issue by JSON path),
// and, fuzzed, that any queue settings the schema lets through resolve to finite, in-range
// numbers or fail naming the file and path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneFunction } from '../test/helpers.ts';
import { ConfigError } from './errors.ts';
import { parseScenario } from './load.ts';
import { resolveScenario } from './resolve.ts';
import type { Scenario } from './types.ts';

const base = (platform: Record<string, unknown>, workload: Record<string, unknown> = { invoke: 'async' }, fn: Record<string, unknown> = {}) =>
  oneFunction({ warm: { type: 'constant', value: 1 }, ...fn }, { workload: { executor: 'poisson', rate: 1, ...workload }, platform } as Partial<Scenario>);
const resolved = (s: Scenario) => resolveScenario(s, null, 'a.json');
const issuesOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};

describe('resolveAsync', () => {
  it('is null for synchronous requests, the default', () => {
    expect(resolved(base({}, { invoke: 'sync' })).async).toBeNull();
    expect(resolved(base({}, {})).async).toBeNull();
  });

  it('gives Community Edition one queue: max_inflight 1, ack_wait 60, no timeout of its own, no retries, no lease extension', () => {
    const q = resolved(base({ edition: 'community' })).async!.queues;
    expect(q.map((x) => x.name)).toEqual(['faas-request']);
    expect(q[0]).toMatchObject({ maxInflight: 1, ackWait: 60, upstreamTimeout: Infinity, maxRetryAttempts: 1, extendLease: false, pushRedelivery: true });
    expect(q[0]!.httpRetryCodes.size).toBe(0);
  });

  it("gives Pro's shared queue 50 at once and the gateway's upstream timeout; a named queue its own chart's values", () => {
    const cfg = resolved(base({ edition: 'pro', gateway: { upstreamTimeout: 300 }, async: { queues: { slow: {} } } }, { invoke: 'async' }, { queue: 'slow' }));
    const [shared, slow] = cfg.async!.queues;
    expect(shared).toMatchObject({ maxInflight: 50, ackWait: 60, upstreamTimeout: 300, maxRetryAttempts: 100, initialRetryWait: 10, maxRetryWait: 120, extendLease: true, pushRedelivery: false });
    expect([...shared!.httpRetryCodes]).toEqual([408, 429, 500, 502, 503, 504]);
    expect(slow).toMatchObject({ name: 'slow', maxInflight: 1, ackWait: 30, upstreamTimeout: 60 });
    expect([...cfg.async!.queueOf]).toEqual([1]);
    expect(cfg.async!.callback).toBe(true);
  });

  it('notes what Community Edition ignores, and refuses what it cannot do, by path', () => {
    const cfg = resolved(base({ async: { queues: { 'faas-request': { maxRetryAttempts: 5, upstreamTimeout: 9 }, slow: {} } } }, { invoke: 'async' }, { queue: 'slow' }));
    expect(cfg.async!.queues.length).toBe(1);
    expect(cfg.async!.queueOf[0]).toBe(0);
    expect(cfg.notes.join('\n')).toMatch(/faas-request: maxRetryAttempts ignored: retries need "edition": "pro"/);
    expect(cfg.notes.join('\n')).toMatch(/\$\.platform\.functions\.fn\.queue: 'slow' taken as 'faas-request'/);
    expect(issuesOf(() => resolved(base({ async: { queues: { 'faas-request': { extendLease: true } } } })))).toEqual([
      `$.platform.async.queues.faas-request.extendLease: Community Edition's queue-worker (NATS Streaming) cannot extend a message's lease: use "edition": "pro"`,
    ]);
  });

  it('names the path of a queue that does not exist, a callback without async, and a back-off cap below its start', () => {
    expect(issuesOf(() => resolved(base({ edition: 'pro' }, { invoke: 'async' }, { queue: 'nope' })))[0]).toMatch(/^\$\.platform\.functions\.fn\.queue: no queue 'nope'/);
    expect(issuesOf(() => resolved(base({}, { callback: true })))[0]).toMatch(/^\$\.workload\.callback: a callback goes with "invoke": "async"/);
    expect(issuesOf(() => resolved(base({ edition: 'pro', async: { queues: { 'faas-request': { initialRetryWait: 10, maxRetryWait: 5 } } } })))[0]).toMatch(
      /^\$\.platform\.async\.queues\.faas-request\.maxRetryWait: must be at least initialRetryWait/,
    );
  });

  it('rejects bad values in the schema, naming the file and path', () => {
    const bad = (q: unknown) => issuesOf(() => base({ async: { queues: { 'faas-request': q } } }));
    expect(bad({ ackWait: -1 })[0]).toMatch(/^\$\.platform\.async\.queues\.faas-request\.ackWait/);
    expect(bad({ maxInflight: 0 })[0]).toMatch(/^\$\.platform\.async\.queues\.faas-request\.maxInflight/);
    expect(bad({ httpRetryCodes: [42] })[0]).toMatch(/^\$\.platform\.async\.queues\.faas-request\.httpRetryCodes\[0\]/);
    expect(bad({ ackwait: 5 })[0]).toMatch(/^\$\.platform\.async\.queues\.faas-request/);
    expect(issuesOf(() => base({}, { invoke: 'later' }))[0]).toMatch(/^\$\.workload\.invoke/);
    try {
      parseScenario({ format: 'fave.scenario/v1', name: 'x', seed: 1, horizon: 1, workload: { executor: 'burst', count: 1, invoke: 'async' }, platform: { async: { queues: { 'Bad Name': {} } } } }, 'file.json');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^file\.json: .*\n {2}\$\.platform\.async\.queues/s);
    }
  });

  it('fuzzed: any queue settings resolve to finite, in-range numbers, or fail by path', () => {
    const num = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 200 }), fc.constant(0));
    const queue = fc.record(
      {
        maxInflight: num,
        ackWait: num,
        upstreamTimeout: num,
        maxRetryAttempts: num,
        initialRetryWait: num,
        maxRetryWait: num,
        httpRetryCodes: fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 4 }),
        extendLease: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom('community', 'pro'), queue, fc.option(fc.constantFrom('faas-request', 'slow', 'nope'), { nil: undefined }), (edition, q, fnQueue) => {
        try {
          const cfg = resolved(base({ edition, async: { queues: { 'faas-request': q, slow: q } } }, { invoke: 'async' }, fnQueue ? { queue: fnQueue } : {}));
          for (const r of cfg.async!.queues) {
            expect(Number.isInteger(r.maxInflight) && r.maxInflight >= 1).toBe(true);
            expect(r.ackWait > 0 && Number.isFinite(r.ackWait)).toBe(true);
            expect(r.upstreamTimeout > 0).toBe(true);
            expect(Number.isInteger(r.maxRetryAttempts) && r.maxRetryAttempts >= 1).toBe(true);
            expect(r.initialRetryWait >= 0 && r.maxRetryWait >= (edition === 'pro' ? r.initialRetryWait : 0)).toBe(true);
          }
          expect(cfg.async!.queueOf.every((i) => i >= 0 && i < cfg.async!.queues.length)).toBe(true);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          for (const i of e.issues) expect(i.path).toMatch(/^\$\./);
        }
      }),
      { numRuns: 300, seed: 23 },
    );
  });
});
