// A scenario's asynchronous invocation resolved: its queues' queue-workers with every default
// applied, edition by edition, as the Helm charts and the queue-workers' code set them
// (docs/async.md cites each). What Community Edition cannot do is either an issue (asked for
// and impossible) or a note (set, and ignored as the platform would ignore it).
import type { AsyncConfig, QueueConfig } from '../model/async-config.ts';
import { ASYNC_DEFAULTS, ASYNC_NAMED_QUEUE_ACK_WAIT, ASYNC_PRO_SHARED_MAX_INFLIGHT } from './defaults.ts';
import type { ConfigIssue } from './errors.ts';
import type { Edition } from './resolve-platform.ts';
import { functionSpec, specPath } from './resolve-platform.ts';
import type { AsyncQueueSpec, Scenario } from './types.ts';

const RETRY_KEYS = ['maxRetryAttempts', 'initialRetryWait', 'maxRetryWait', 'httpRetryCodes'] as const;

/** Null when nothing is called asynchronously: neither the client's requests
 * (workload.invoke) nor any workflow step (a function's `invoke`). `gatewayUpstream`: the
 * gateway's resolved upstream_timeout, which the main chart hands the Pro queue-worker as its
 * own. `fnNames[0]` is the orchestrator when `workflow`. */
export function resolveAsync(
  s: Scenario,
  edition: Edition,
  fnNames: string[],
  workflow: boolean,
  gatewayUpstream: number,
  issues: ConfigIssue[],
  notes: string[],
): AsyncConfig | null {
  const requests = (s.workload.invoke ?? 'sync') === 'async';
  let steps: Uint8Array | null = null;
  fnNames.forEach((fn, i) => {
    if (functionSpec(s, fn).invoke !== 'async') return;
    const where = `${specPath(s, fn)}.invoke`;
    if (!workflow) issues.push({ path: where, message: "a function's invoke is how the orchestrator calls it: it goes with a workflow (a single function's requests use $.workload.invoke)", value: 'async' });
    else if (i === 0) {
      if (s.platform?.functions?.[fn]?.invoke) issues.push({ path: where, message: 'the orchestrator is called by the client: use $.workload.invoke', value: 'async' });
    } else (steps ??= new Uint8Array(fnNames.length))[i] = 1;
  });
  if (!requests && s.workload.callback !== undefined) issues.push({ path: '$.workload.callback', message: 'a callback goes with "invoke": "async"', value: s.workload.callback });
  if (!requests && !steps) return null;
  const specs: Record<string, AsyncQueueSpec> = { [ASYNC_DEFAULTS.queue]: {}, ...s.platform?.async?.queues };
  const names = Object.keys(specs);
  const pro = edition === 'pro';
  if (!pro) {
    for (const name of names) {
      if (name !== ASYNC_DEFAULTS.queue) {
        notes.push(`$.platform.async.queues.${name}: not used: Community Edition's gateway publishes every asynchronous call to '${ASYNC_DEFAULTS.queue}' (named queues need "edition": "pro")`);
      }
    }
  }
  const queues = (pro ? names : [ASYNC_DEFAULTS.queue]).map((name) => resolveQueue(name, specs[name]!, pro, gatewayUpstream, issues, notes));
  const queueOf = new Int32Array(fnNames.length);
  fnNames.forEach((fn, i) => {
    const queue = functionSpec(s, fn).queue;
    if (queue === undefined || queue === ASYNC_DEFAULTS.queue) return;
    const where = `${specPath(s, fn)}.queue`;
    if (!names.includes(queue)) {
      issues.push({ path: where, message: `no queue '${queue}' in $.platform.async.queues (queues: ${names.join(', ')})`, value: queue });
    } else if (!pro) {
      notes.push(`${where}: '${queue}' taken as '${ASYNC_DEFAULTS.queue}': Community Edition has the one shared queue`);
    } else {
      queueOf[i] = queues.findIndex((q) => q.name === queue);
    }
  });
  return { requests, steps, queues, queueOf, callback: s.workload.callback ?? true };
}

function resolveQueue(name: string, q: AsyncQueueSpec, pro: boolean, gatewayUpstream: number, issues: ConfigIssue[], notes: string[]): QueueConfig {
  const where = `$.platform.async.queues.${name}`;
  const shared = name === ASYNC_DEFAULTS.queue;
  if (!pro) {
    const retry = RETRY_KEYS.filter((k) => q[k] !== undefined);
    if (retry.length) notes.push(`${where}: ${retry.join(', ')} ignored: retries need "edition": "pro" (Community Edition's queue-worker acknowledges whatever the function answers)`);
    if (q.upstreamTimeout !== undefined) notes.push(`${where}.upstreamTimeout ignored: Community Edition's queue-worker has no timeout of its own (the gateway's upstream_timeout bounds its calls)`);
    if (q.extendLease === true) issues.push({ path: `${where}.extendLease`, message: "Community Edition's queue-worker (NATS Streaming) cannot extend a message's lease: use \"edition\": \"pro\"", value: true });
    if ((q.maxInflight ?? 1) > 1) notes.push(`${where}.maxInflight ${q.maxInflight}: the docs give Community Edition max_inflight 1; its queue-worker's code runs more, and so does the simulator`);
  }
  const initialRetryWait = q.initialRetryWait ?? ASYNC_DEFAULTS.initialRetryWait;
  const maxRetryWait = q.maxRetryWait ?? ASYNC_DEFAULTS.maxRetryWait;
  if (pro && maxRetryWait < initialRetryWait) {
    issues.push({ path: `${where}.maxRetryWait`, message: `must be at least initialRetryWait (${initialRetryWait})`, value: maxRetryWait });
  }
  return {
    name,
    maxInflight: q.maxInflight ?? (pro && shared ? ASYNC_PRO_SHARED_MAX_INFLIGHT : ASYNC_DEFAULTS.maxInflight),
    ackWait: q.ackWait ?? (shared ? ASYNC_DEFAULTS.ackWait : ASYNC_NAMED_QUEUE_ACK_WAIT),
    upstreamTimeout: !pro ? Infinity : (q.upstreamTimeout ?? (shared ? gatewayUpstream : ASYNC_DEFAULTS.upstreamTimeout)),
    maxRetryAttempts: pro ? (q.maxRetryAttempts ?? ASYNC_DEFAULTS.maxRetryAttempts) : 1,
    initialRetryWait,
    maxRetryWait,
    httpRetryCodes: new Set(pro ? (q.httpRetryCodes ?? ASYNC_DEFAULTS.httpRetryCodes) : []),
    extendLease: pro ? (q.extendLease ?? true) : false,
    pushRedelivery: !pro,
  };
}
