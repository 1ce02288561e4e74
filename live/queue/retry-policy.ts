// What the queue-worker does with a message once its call has answered: a decision the worker
// applies (ack, nak with a delay, or terminate), pure so the table of cases is testable.
// Pro (openfaas/docs docs/openfaas-pro/retries.md): a status in retry_http_codes is retried
// with exponential back-off, initial_retry_wait doubling up to max_retry_wait, until
// max_retry_attempts attempts in all; then the message is discarded. Community Edition
// acknowledges whatever the function answered.
import type { QueueWorkerConfig } from './queue-config.ts';

export type Decision =
  | { kind: 'ack' }
  | { kind: 'retry'; delayMs: number }
  /** Out of attempts: terminated (a dead letter); its last answer still goes to the callback. */
  | { kind: 'give-up' };

type RetrySettings = Pick<QueueWorkerConfig, 'communityEdition' | 'maxRetryAttempts' | 'initialRetryWaitMs' | 'maxRetryWaitMs' | 'retryHttpCodes'>;

/** `attempt` is JetStream's delivery count of the message: 1 for the first. */
export function decide(status: number, attempt: number, settings: RetrySettings): Decision {
  if (settings.communityEdition || !settings.retryHttpCodes.includes(status)) return { kind: 'ack' };
  if (attempt >= settings.maxRetryAttempts) return { kind: 'give-up' };
  return { kind: 'retry', delayMs: retryDelayMs(attempt, settings) };
}

/** min(max_retry_wait, initial_retry_wait × 2^(attempt−1)): 10 s, 20 s, 40 s, 80 s, 120 s, … */
export function retryDelayMs(attempt: number, settings: Pick<RetrySettings, 'initialRetryWaitMs' | 'maxRetryWaitMs'>): number {
  return Math.min(settings.maxRetryWaitMs, settings.initialRetryWaitMs * 2 ** Math.min(attempt - 1, 40));
}
