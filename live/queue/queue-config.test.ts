import { describe, expect, it } from 'vitest';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import readQueueWorkerConfig from './queue-config.ts';

const gateway = { gateway_url: 'http://127.0.0.1:8080' };

describe('readQueueWorkerConfig', () => {
  it('readQueueWorkerConfig() takes ASYNC_DEFAULTS for everything unset', () => {
    expect(readQueueWorkerConfig(gateway)).toEqual({
      queue: 'faas-request', durable: 'faas-request-workers', gatewayUrl: 'http://127.0.0.1:8080',
      maxInflight: ASYNC_DEFAULTS.maxInflight, ackWaitMs: ASYNC_DEFAULTS.ackWait * 1000, upstreamTimeoutMs: ASYNC_DEFAULTS.upstreamTimeout * 1000,
      communityEdition: false, maxRetryAttempts: ASYNC_DEFAULTS.maxRetryAttempts, initialRetryWaitMs: ASYNC_DEFAULTS.initialRetryWait * 1000,
      maxRetryWaitMs: ASYNC_DEFAULTS.maxRetryWait * 1000, retryHttpCodes: [...ASYNC_DEFAULTS.httpRetryCodes],
    });
  });

  it('readQueueWorkerConfig() reads the chart\'s variable names, sub-second durations included', () => {
    const config = readQueueWorkerConfig({
      ...gateway, nats_stream: 'slow-queue', max_inflight: '4', ack_wait: '1500ms', upstream_timeout: '2m', max_retry_attempts: '3',
      initial_retry_wait: '200ms', max_retry_wait: '1s', retry_http_codes: '429, 503', community_edition: 'true',
    });
    expect(config).toMatchObject({
      queue: 'slow-queue', durable: 'slow-queue-workers', maxInflight: 4, ackWaitMs: 1500, upstreamTimeoutMs: 120_000, maxRetryAttempts: 3,
      initialRetryWaitMs: 200, maxRetryWaitMs: 1000, retryHttpCodes: [429, 503], communityEdition: true,
    });
  });

  it.each([
    [{}, /gateway_url=""/],
    [{ ...gateway, nats_stream: 'a.b' }, /nats_stream="a.b": a queue name/],
    [{ ...gateway, max_inflight: '0' }, /max_inflight="0"/],
    [{ ...gateway, ack_wait: '10ms' }, /ack_wait="10ms": must be at least 100ms/],
    [{ ...gateway, ack_wait: 'soon' }, /ack_wait="soon"/],
    [{ ...gateway, retry_http_codes: '429,abc' }, /'abc' is not an HTTP status code/],
    [{ ...gateway, initial_retry_wait: '10s', max_retry_wait: '1s' }, /max_retry_wait="1s": is shorter than initial_retry_wait/],
  ])('readQueueWorkerConfig(%j) names the bad variable', (env, message) => {
    expect(() => readQueueWorkerConfig(env)).toThrow(message);
  });
});
