// A scenario's asynchronous invocation as the embedded platform runs it: the queue-worker's
// variables (live/queue/queue-config.ts names) from the simulator's own resolution
// (sim/scenario/resolve-async.ts), so a live run and its replay start from the same queue,
// default for default. What FAVE's JetStream worker cannot do as the scenario asks goes to
// notApplied or approximations with the reason, as platform-settings.ts does for the rest.
import { resolveAsync } from '../../sim/scenario/resolve-async.ts';
import { type ConfigIssue, ConfigError } from '../../sim/scenario/errors.ts';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { functionSpec, resolveGateway, specPath } from '../../sim/scenario/resolve-platform.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { LiveSettings } from './settings.ts';

export interface AsyncPlan {
  /** Unprefixed queue-worker variables for startEmbedded's queueSettings. */
  queueSettings: Record<string, string>;
  applied: string[];
  notApplied: string[];
  approximations: string[];
}

/** Go durations in milliseconds: exact for any number of seconds the scenario gives. */
const ms = (seconds: number) => `${Math.round(seconds * 1000)}ms`;

/** Null when the client's requests are synchronous. Only a single function's requests run
 * asynchronously live: the orchestrator calls its stages synchronously (docs/async-live.md). */
export function asyncPlan(s: Scenario, settings: LiveSettings, source: string, embedded: boolean): AsyncPlan | null {
  if ((s.workload.invoke ?? 'sync') !== 'async') {
    const step = settings.functions.find((fn) => functionSpec(s, fn).invoke === 'async');
    if (step) {
      throw new ConfigError(source, [{ path: `${specPath(s, step)}.invoke`, message: 'asynchronous workflow steps are simulated only: the live orchestrator calls its stages synchronously', value: 'async' }]);
    }
    return null;
  }
  if (!embedded) {
    // A remote gateway's queue-worker is the cluster's (its settings, its NATS): a run could
    // send the calls, but not set the queue or see its redeliveries; not done yet.
    throw new ConfigError(source, [{ path: '$.workload.invoke', message: 'asynchronous runs are supported on the embedded platform only (unset OPENFAAS_URL): a remote cluster\'s queue-worker is not configured per run', value: 'async' }]);
  }
  if (settings.target === 'pipeline' || settings.target === 'workflow') {
    throw new ConfigError(source, [{ path: '$.workload.invoke', message: `asynchronous live runs call one function; target '${settings.target}' is simulated only`, value: 'async' }]);
  }
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const cfg = resolveAsync(s, settings.edition, settings.functions, false, resolveGateway(s).upstreamTimeout, issues, notes);
  if (issues.length) throw new ConfigError(source, issues);
  const plan: AsyncPlan = { queueSettings: {}, applied: [], notApplied: [], approximations: [] };
  plan.notApplied.push(...notes);
  const fnQueue = functionSpec(s, settings.target).queue;
  if (fnQueue !== undefined && fnQueue !== ASYNC_DEFAULTS.queue) {
    plan.notApplied.push(`${specPath(s, settings.target)}.queue=${JSON.stringify(fnQueue)} (the run publishes to '${ASYNC_DEFAULTS.queue}': a named queue needs the function's com.openfaas.queue annotation in the stack)`);
  }
  const q = cfg!.queues.find((x) => x.name === ASYNC_DEFAULTS.queue)!;
  const pro = settings.edition === 'pro';
  const where = `$.platform.async.queues.${q.name}`;
  const set = (name: string, value: string, from: string) => {
    plan.queueSettings[name] = value;
    plan.applied.push(`${from} → queue ${name}=${value}`);
  };
  set('max_inflight', String(q.maxInflight), `${where}.maxInflight`);
  set('ack_wait', ms(q.ackWait), `${where}.ackWait`);
  set('community_edition', String(!pro), '$.platform.edition');
  if (pro) {
    set('upstream_timeout', ms(q.upstreamTimeout), `${where}.upstreamTimeout`);
    set('max_retry_attempts', String(q.maxRetryAttempts), `${where}.maxRetryAttempts`);
    set('initial_retry_wait', ms(q.initialRetryWait), `${where}.initialRetryWait`);
    set('max_retry_wait', ms(q.maxRetryWait), `${where}.maxRetryWait`);
    set('retry_http_codes', [...q.httpRetryCodes].join(','), `${where}.httpRetryCodes`);
    if (q.extendLease) plan.approximations.push(`${where}.extendLease=true: FAVE's worker does not extend the ack window, so a call running past ack_wait ${q.ackWait} s is delivered again (docs/async-live.md, difference 2)`);
  } else {
    // CE bounds the worker's call by the gateway's upstream_timeout only (resolve-async.ts);
    // FAVE's worker needs a limit, so it gets one that never binds first.
    set('upstream_timeout', ms(resolveGateway(s).upstreamTimeout + 5), '$.platform.gateway.upstreamTimeout (+5 s: the gateway binds first)');
    if (q.maxInflight === 1) {
      plan.approximations.push(`${where}: Community Edition's NATS Streaming pushes a redelivery after ack_wait even to a busy worker; FAVE's JetStream pull consumer waits for a free subscriber (docs/async-live.md, difference 3)`);
    }
  }
  if (s.workload.callback === false) plan.approximations.push('$.workload.callback=false: the run passes a callback URL anyway, to time each result');
  return plan;
}
