// Every default a scenario's platform, client and functions take when a field is unset, in
// one place: the simulator (resolve.ts), live runs (live/run/) and the embedded gateway and
// provider (their env defaults) read them here. OpenFaaS's own code defaults, with their
// sources in docs/openfaas-behaviour.md; the rest are FAVE's choices, said so.
import type { FailureCause } from './types.ts';

/** Every failure a client may retry on; a scenario's `client.retries.on` picks from these. */
export const ALL_FAILURES: readonly FailureCause[] = ['429', '500', '502', '503', '504', 'connection-closed', 'oom', 'client-timeout', 'aborted'];

/** The gateway: read, write and upstream timeouts 60 s in code (gateway/types/readconfig.go). */
export const GATEWAY_DEFAULTS = {
  upstreamTimeout: 60,
  writeTimeout: 60,
  readTimeout: 60,
  scaleFromZero: true,
  /** The gateway's scale-from-zero poll: every 100 ms, up to 1000 times (scaling/function_scaler.go). */
  pollInterval: 0.1,
  pollLimit: 1000,
} as const;

/** faas-netes: read timeout 10 s (write the same), readiness probe every 2 s after 2 s
 * (pkg/handlers/deploy.go), and the reconcile loop. */
export const PROVIDER_DEFAULTS = {
  timeout: 10,
  readinessInitialDelay: 2,
  readinessPeriod: 2,
  reconcileInterval: 30,
} as const;

/** Community Edition's alert autoscaler: the rate over 10 s above 5 for 5 s (the Prometheus
 * rule), checked every 5 s, AlertManager repeating every 30 s. */
export const AUTOSCALER_DEFAULTS = { interval: 5, window: 10, alertThreshold: 5, alertFor: 5, repeatInterval: 30 } as const;

/** The same alert as faas-netes' Helm chart times it (chart/openfaas/templates/prometheus-cfg.yaml,
 * alertmanager-cfg.yaml at 662ce9c): scrapes every 5 s, rule evaluated every 15 s, AlertManager's
 * group_wait 5 s and group_interval 10 s. With `evaluation: 'tick'` (the default, every pinned
 * result) the simulator checks the rule every `interval` instead and sends at once. */
export const CHART_ALERT_DEFAULTS = { evaluation: 'tick', scrapeInterval: 5, evaluationInterval: 15, groupWait: 5, groupInterval: 10 } as const;

/** A replica is ready once its process can serve: what the shipped image does (the stage
 * writes of-watchdog's lock file itself, docs/openfaas-behaviour.md "Readiness"). 'watchdog',
 * of-watchdog's own default, is the misconfiguration a scenario may ask for. */
export const READINESS_DEFAULT = 'stage' as const;

/** of-watchdog's exec_timeout when unset (config/config.go defaultTimeout). */
export const EXEC_TIMEOUT = 30;

/** Community Edition clamps scale requests to 1–5 replicas (gateway/scaling/ranges.go). */
export const COMMUNITY_REPLICAS = { min: 1, max: 5 } as const;

/** Scaling when unset: min 1; max 5 (CE), 20 (Pro's chart), 1000 (lambda, a cap on instances). */
export const SCALING_DEFAULTS = {
  min: 1,
  max: { community: 5, pro: 20, lambda: 1000 },
  factor: 10,
  target: 50,
  targetProportion: 0.9,
  zeroDuration: 15 * 60,
  keepAlive: 600,
} as const;

/** The client (FAVE's): one attempt with a 600 s timeout; retries back off ×2 from 1 s to
 * 30 s with ±50% jitter, on every failure. */
export const CLIENT_DEFAULTS = { timeout: 600, attempts: 1, backoff: 1, multiplier: 2, maxBackoff: 30, jitter: 0.5 } as const;

/** How long a run may go past its horizon to let requests finish (FAVE's). */
export const DRAIN_LIMIT = 3600;

/** The orchestrator's call timeout for a Task without TimeoutSeconds (the original FAVE's
 * 300 s stage timeout), its immediate retries per call, and its compare-and-swap attempts on
 * state.json (FAVE's). */
export const TASK_TIMEOUT = 300;
export const STAGE_RETRIES = 0;
export const STATE_MAX_ATTEMPTS = 10;

/** The orchestrator's answer to a 429 (of-watchdog's max_inflight): call again up to
 * `attempts` times in all, each wait a uniform draw up to min(backoffMax, backoff × 2^n)
 * seconds (stages/orchestrator/gateway-client.ts). One attempt by default, in the scenario
 * and the orchestrator's code alike: a 429 fails the request. The shipped stack.yml sets 200
 * (it caps deepspeech at max_inflight 1); a scenario simulates it with overloadAttempts 200. */
export const OVERLOAD = { attempts: 1, backoff: 0.02, backoffMax: 0.25 } as const;

/** Asynchronous invocation (`POST /async-function/<name>`): the queue-worker's settings when
 * a scenario or a live platform leaves them unset. Names follow the queue-worker's Helm
 * values (maxInflight, ackWait, upstreamTimeout, maxRetryAttempts, initialRetryWait,
 * maxRetryWait, httpRetryCodes); seconds throughout. Retries exist only in the Pro
 * queue-worker; Community Edition's acknowledges whatever the function answered. Each value's
 * source, and what differs between editions, is in docs/async.md. */
export const ASYNC_DEFAULTS = {
  queue: 'faas-request',
  maxInflight: 1,
  ackWait: 60,
  upstreamTimeout: 60,
  maxRetryAttempts: 100,
  initialRetryWait: 10,
  maxRetryWait: 120,
  httpRetryCodes: [408, 429, 500, 502, 503, 504],
} as const;

/** Where the Helm charts set the queue-worker other than ASYNC_DEFAULTS (docs/async.md):
 * the main chart's Pro queue-worker runs `queueWorkerPro.maxInflight` 50 at once, and its
 * `upstream_timeout` is the gateway's; a named queue's own chart (chart/queue-worker) has
 * a consumer ackWait of 30 s. */
export const ASYNC_PRO_SHARED_MAX_INFLIGHT = 50;
export const ASYNC_NAMED_QUEUE_ACK_WAIT = 30;
