// The queue-worker's settings, read from an env map under the names the OpenFaaS chart gives
// the JetStream queue-worker (faas-netes chart/openfaas/templates/jetstream-queueworker-dep.yaml:
// nats_stream, nats_durable, gateway_url, ack_wait, max_inflight, upstream_timeout,
// max_retry_attempts, max_retry_wait, initial_retry_wait, retry_http_codes). Unset values
// take ASYNC_DEFAULTS, the values the simulator uses too (sim/scenario/defaults.ts).
// Durations are Go durations ("60s", "1500ms"), so tests can use sub-second ones.
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { ConfigError } from '../openfaas/errors.ts';
import type { Env } from '../openfaas/env.ts';
import { readBool, readDurationMs, readInt, readString } from '../openfaas/env.ts';
import { FUNCTION_NAME } from '../openfaas/types.ts';

export interface QueueWorkerConfig {
  /** Stream name = subject = queue name (`com.openfaas.queue`, default faas-request). */
  queue: string;
  /** The durable pull consumer the workers share (OpenFaaS docs: `<queue>-workers`). */
  durable: string;
  /** The gateway whose synchronous path `/function/<name>` runs each call. */
  gatewayUrl: string;
  /** Calls this worker runs at once: that many pull subscribers, one message each. */
  maxInflight: number;
  /** The consumer's AckWait: a message not acknowledged by then is delivered again. */
  ackWaitMs: number;
  /** Limit on one call through the gateway; past it the attempt counts as 503. */
  upstreamTimeoutMs: number;
  /** Community Edition acknowledges whatever the function answered; Pro retries. */
  communityEdition: boolean;
  maxRetryAttempts: number;
  initialRetryWaitMs: number;
  maxRetryWaitMs: number;
  retryHttpCodes: readonly number[];
}

/** retry_http_codes: "429,502,500,504,408" as the chart writes it. */
function readCodes(env: Env, key: string, fallback: readonly number[]): number[] {
  const value = env[key]?.trim();
  if (!value) return [...fallback];
  const codes = value.split(',').map((c) => c.trim());
  for (const code of codes) if (!/^[1-5]\d\d$/.test(code)) throw new ConfigError(key, value, `'${code}' is not an HTTP status code`);
  return codes.map(Number);
}

export default function readQueueWorkerConfig(env: Env): QueueWorkerConfig {
  const queue = readString(env, 'nats_stream', ASYNC_DEFAULTS.queue);
  // A stream name is also its subject here: no dots, wildcards or spaces (JetStream's rules).
  if (!/^[A-Za-z0-9_-]+$/.test(queue)) throw new ConfigError('nats_stream', queue, 'a queue name is letters, digits, - and _ only');
  const gatewayUrl = readString(env, 'gateway_url', '');
  if (!URL.canParse(gatewayUrl) || new URL(gatewayUrl).protocol !== 'http:') throw new ConfigError('gateway_url', gatewayUrl, 'must be the gateway\'s http:// URL');
  const durable = readString(env, 'nats_durable', `${queue}-workers`);
  if (!/^[A-Za-z0-9_-]+$/.test(durable)) throw new ConfigError('nats_durable', durable, 'a consumer name is letters, digits, - and _ only');
  const initialRetryWaitMs = readDurationMs(env, 'initial_retry_wait', ASYNC_DEFAULTS.initialRetryWait * 1000);
  const maxRetryWaitMs = readDurationMs(env, 'max_retry_wait', ASYNC_DEFAULTS.maxRetryWait * 1000);
  if (maxRetryWaitMs < initialRetryWaitMs) throw new ConfigError('max_retry_wait', env.max_retry_wait ?? '', `is shorter than initial_retry_wait (${initialRetryWaitMs} ms)`);
  const ackWaitMs = readDurationMs(env, 'ack_wait', ASYNC_DEFAULTS.ackWait * 1000);
  if (ackWaitMs < 100) throw new ConfigError('ack_wait', env.ack_wait ?? '', 'must be at least 100ms');
  return {
    queue,
    durable,
    gatewayUrl: gatewayUrl.replace(/\/$/, ''),
    maxInflight: readInt(env, 'max_inflight', ASYNC_DEFAULTS.maxInflight, 1, 1000),
    ackWaitMs,
    upstreamTimeoutMs: readDurationMs(env, 'upstream_timeout', ASYNC_DEFAULTS.upstreamTimeout * 1000),
    communityEdition: readBool(env, 'community_edition', false),
    maxRetryAttempts: readInt(env, 'max_retry_attempts', ASYNC_DEFAULTS.maxRetryAttempts, 1),
    initialRetryWaitMs,
    maxRetryWaitMs,
    retryHttpCodes: readCodes(env, 'retry_http_codes', ASYNC_DEFAULTS.httpRetryCodes),
  };
}

/** The function names a queued call may name: the gateway's own route pattern. */
export const QUEUED_FUNCTION = new RegExp(`^${FUNCTION_NAME}$`);
