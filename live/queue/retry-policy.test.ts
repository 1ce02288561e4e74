import { describe, expect, it } from 'vitest';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { decide, retryDelayMs } from './retry-policy.ts';

const pro = {
  communityEdition: false, maxRetryAttempts: 4, initialRetryWaitMs: 10_000, maxRetryWaitMs: 30_000, retryHttpCodes: ASYNC_DEFAULTS.httpRetryCodes,
};

describe('decide', () => {
  it.each([
    ['a 200', 200, 1, { kind: 'ack' }],
    ['a 404 (not a retry code)', 404, 1, { kind: 'ack' }],
    ['a first 429', 429, 1, { kind: 'retry', delayMs: 10_000 }],
    ['a second 503', 503, 2, { kind: 'retry', delayMs: 20_000 }],
    ['a third 502, capped by max_retry_wait', 502, 3, { kind: 'retry', delayMs: 30_000 }],
    ['a 504 at max_retry_attempts', 504, 4, { kind: 'give-up' }],
    ['a 500 past max_retry_attempts (redelivered after a crash)', 500, 9, { kind: 'give-up' }],
  ])('decide() on %s answers as the Pro queue-worker', (_, status, attempt, expected) => {
    expect(decide(status, attempt, pro)).toEqual(expected);
  });

  it('decide() in Community Edition acknowledges every status', () => {
    for (const status of [200, 429, 500, 503]) expect(decide(status, 1, { ...pro, communityEdition: true })).toEqual({ kind: 'ack' });
  });
});

describe('retryDelayMs', () => {
  it('retryDelayMs() doubles initial_retry_wait per attempt up to max_retry_wait (defaults: 10, 20, 40, 80, 120, 120 s)', () => {
    const defaults = { initialRetryWaitMs: ASYNC_DEFAULTS.initialRetryWait * 1000, maxRetryWaitMs: ASYNC_DEFAULTS.maxRetryWait * 1000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, defaults) / 1000)).toEqual([10, 20, 40, 80, 120, 120]);
    expect(retryDelayMs(1000, defaults)).toBe(120_000);
  });
});
