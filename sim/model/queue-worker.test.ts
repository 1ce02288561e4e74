// The queue-worker's semantics, each on a tiny run whose every time can be worked out by
// hand: FIFO order, max_inflight, redelivery after ack_wait while the first execution runs
// (pushed, Community Edition; pulled, Pro without lease extension; none with it), the
// retry back-off schedule, giving up after the attempt limit, and no retries on CE.
import { describe, expect, it } from 'vitest';
import { constant, oneFunction, simulate } from '../test/helpers.ts';
import type { AsyncQueueSpec, FunctionSpec, Scenario } from '../scenario/types.ts';
import { retryWait, statusOf } from './queue-worker.ts';
import { E429, E504, OK, OOM, CLOSED } from './outcome.ts';

/** `count` async requests at t = 0 to one replica (unlimited cores) of a `work`-second function. */
function asyncRun(work: number, count: number, queue: AsyncQueueSpec, edition: 'community' | 'pro' = 'community', fn: FunctionSpec = {}): ReturnType<typeof simulate>['variants'][number] {
  const s: Scenario = oneFunction(
    { scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(work), ...fn },
    {
      horizon: 1,
      workload: { executor: 'burst', count, invoke: 'async', callback: true },
      output: { spans: 100 },
      platform: { edition, async: { queues: { 'faas-request': queue } } },
    } as Partial<Scenario>,
  );
  return simulate(s).variants[0]!;
}

const starts = (v: ReturnType<typeof asyncRun>) => v.spans.map((sp) => [sp.request, sp.route]);

describe('queue-worker', () => {
  it('runs messages first in, first out, max_inflight at a time', () => {
    const one = asyncRun(10, 3, { maxInflight: 1, ackWait: 1000 });
    expect(starts(one)).toEqual([[0, 0], [1, 10], [2, 20]]);
    expect(one.summary.async!.queueWait.max.mean).toBe(20);
    expect(one.summary.async!.timeToCallback.p95.mean).toBeCloseTo(30, 1);
    const two = asyncRun(10, 4, { maxInflight: 2, ackWait: 1000 });
    expect(starts(two)).toEqual([[0, 0], [1, 0], [2, 10], [3, 10]]);
    expect(Math.max(...two.timeSeries.queues!['faas-request']!.running)).toBe(2);
    expect(two.summary.async!.maxQueueDepth.mean).toBe(2);
  });

  it('CE: a message outliving ack_wait is pushed again every ack_wait until acknowledged, and every copy runs', () => {
    // 0: run; 30: copy 1 runs beside it; 60, 90: copies 2 and 3 wait for a slot; 100: the
    // first acknowledges, copy 2 runs; 130: copy 3 runs. Four executions of 100 s.
    const v = asyncRun(100, 1, { maxInflight: 2, ackWait: 30 });
    expect(starts(v)).toEqual([[0, 0], [0, 30], [0, 100], [0, 130]]);
    const a = v.summary.async!;
    expect([a.executions.mean, a.duplicates.mean, a.redeliveries.mean, a.callbacks.mean]).toEqual([4, 3, 3, 4]);
    // Each duplicate is real work: four times the GB-s of the one execution.
    const single = asyncRun(100, 1, { maxInflight: 2, ackWait: 1000 });
    expect(v.summary.cost.invocationGBs.mean).toBeCloseTo(4 * single.summary.cost.invocationGBs.mean, 9);
    expect(v.summary.outcomes.ok!.mean).toBe(1);
    expect(v.summary.latency.p50.mean).toBeCloseTo(100, 1); // the result is the first execution's
  });

  it('CE with max_inflight 1: the redelivered copy runs after the first, not beside it', () => {
    const v = asyncRun(100, 1, { maxInflight: 1, ackWait: 60 });
    expect(starts(v)).toEqual([[0, 0], [0, 100]]);
  });

  it('Pro without lease extension pulls a redelivery only into a free slot, and never one acknowledged', () => {
    expect(starts(asyncRun(100, 1, { maxInflight: 1, ackWait: 30, extendLease: false }, 'pro'))).toEqual([[0, 0]]);
    // 30: the lease runs out, the copy is pulled into the free slot; 60: again, no slot; 100: acknowledged, the waiting copy is dropped.
    const v = asyncRun(100, 1, { maxInflight: 2, ackWait: 30, extendLease: false }, 'pro');
    expect(starts(v)).toEqual([[0, 0], [0, 30]]);
    expect(v.summary.async!.redeliveries.mean).toBe(2);
    expect(v.summary.async!.duplicates.mean).toBe(1);
  });

  it('Pro extends the lease by default: no redelivery however long the call', () => {
    const v = asyncRun(100, 1, { maxInflight: 2, ackWait: 30 }, 'pro');
    expect(starts(v)).toEqual([[0, 0]]);
    expect(v.summary.async!.redeliveries.mean).toBe(0);
  });

  it('retries a retried status with a doubling back-off up to maxRetryWait, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryWait({ initialRetryWait: 10, maxRetryWait: 120 }, n))).toEqual([10, 20, 40, 80, 120, 120]);
    // exec_timeout 5 < 10 s of work: 504 at 5 s each time. Waits 1, 2, then 3 (capped).
    const v = asyncRun(10, 1, { maxRetryAttempts: 4, initialRetryWait: 1, maxRetryWait: 3 }, 'pro', { execTimeout: 5 });
    expect(starts(v)).toEqual([[0, 0], [0, 6], [0, 13], [0, 21]]);
    const a = v.summary.async!;
    expect([a.retries.mean, a.giveUps.mean, a.callbacks.mean]).toEqual([3, 1, 1]);
    expect(a.timeToCallback.p50.mean).toBeCloseTo(26, 1);
    expect(v.summary.outcomes['504']!.mean).toBe(1);
    // A status not in the list is not retried.
    const no = asyncRun(10, 1, { httpRetryCodes: [429] }, 'pro', { execTimeout: 5 });
    expect([no.summary.async!.retries.mean, no.summary.async!.giveUps.mean]).toEqual([0, 0]);
  });

  it('CE retries nothing: the first failure is the result', () => {
    const v = asyncRun(10, 1, {}, 'community', { execTimeout: 5 });
    expect(starts(v)).toEqual([[0, 0]]);
    expect([v.summary.async!.retries.mean, v.summary.outcomes['504']!.mean]).toEqual([0, 1]);
  });

  it('maps outcomes to the status the queue-worker sees', () => {
    expect([OK, E429, E504, OOM, CLOSED].map(statusOf)).toEqual([200, 429, 504, 502, 503]);
  });

  it('gives the same result for the same seed', () => {
    const a = JSON.stringify(asyncRun(100, 5, { maxInflight: 2, ackWait: 30 }));
    expect(JSON.stringify(asyncRun(100, 5, { maxInflight: 2, ackWait: 30 }))).toBe(a);
  });
});
