// The scenario as written in JSON (`fave.scenario/v1`). The JSON Schema in
// schemas/scenario.schema.json validates it and documents every field; these types mirror
// it. Optional fields are filled by resolve.ts from the profile and OpenFaaS defaults.
import type { DistSpec } from '../dist/spec.ts';

export const SCENARIO_FORMAT = 'fave.scenario/v1';

export type FailureCause =
  | '429'
  | '500'
  | '502'
  | '503'
  | '504'
  | 'connection-closed'
  | 'oom'
  | 'client-timeout'
  | 'aborted';

export type WorkloadSpec =
  | { executor: 'constant-arrival-rate'; rate: number; timeUnit?: number; startTime?: number; duration?: number }
  | {
      executor: 'ramping-arrival-rate';
      startRate?: number;
      timeUnit?: number;
      startTime?: number;
      stages: { target: number; duration: number }[];
    }
  | { executor: 'poisson'; rate: number; startTime?: number; duration?: number }
  | { executor: 'burst'; count: number; startTime?: number; every?: number; repeat?: number; spread?: number }
  | { executor: 'trace'; arrivals: number[] }
  | {
      executor: 'azure-trace';
      format: 'azure2019' | 'azure2021';
      invocations?: string;
      durations?: string;
      memory?: string;
      file?: string;
      functions?: number;
      fromMinute?: number;
      minutes?: number;
      spread?: 'uniform' | 'equidistant';
    };

/** How requests reach the function: `sync` through `/function/<name>` (the caller waits),
 * `async` through `/async-function/<name>` (202 at once; a queue-worker runs it later and,
 * with `callback`, posts the result to the caller's X-Callback-Url). docs/async.md. */
export interface InvokeSpec {
  invoke?: 'sync' | 'async';
  callback?: boolean;
}

/** A named queue's queue-worker (docs/async.md): names as the Helm chart's values. */
export interface AsyncQueueSpec {
  maxInflight?: number;
  ackWait?: number;
  upstreamTimeout?: number;
  maxRetryAttempts?: number;
  initialRetryWait?: number;
  maxRetryWait?: number;
  httpRetryCodes?: number[];
  /** Whether the queue-worker keeps an in-flight message's lease (ack_wait) from running
   * out while the function works: Pro's JetStream queue-worker does (the default there);
   * false models one that does not (Community Edition's, and older Pro releases). */
  extendLease?: boolean;
}

export type ScalingMode = 'fixed' | 'alert' | 'rps' | 'capacity' | 'cpu' | 'lambda';

export interface FunctionSpec {
  scaling?: {
    mode?: ScalingMode;
    min?: number;
    max?: number;
    factor?: number;
    target?: number;
    targetProportion?: number;
    zero?: boolean;
    zeroDuration?: number;
    keepAlive?: number;
    schedule?: { from: number; to: number; min: number; period?: number }[];
  };
  maxInflight?: number;
  execTimeout?: number;
  memoryLimitMB?: number;
  cpuLimit?: number | null;
  workers?: number;
  interference?: number;
  cpuFraction?: number;
  warm?: DistSpec;
  containerStart?: DistSpec;
  init?: DistSpec;
  firstCall?: DistSpec;
  coldCall?: DistSpec;
  contention?: { concurrency: number; slowdown: number }[];
  memoryMB?: { base: number; perRequest: number };
  /** This function's regime at t = 0, when it differs from the scenario's. */
  regime?: Regime;
  /** When a new replica counts as ready (docs/openfaas-behaviour.md, "Readiness"): 'stage' once
   * its process can serve; 'watchdog' as of-watchdog's default lock file says, once its
   * container is up, and calls routed to it before its init is done fail with 500. */
  readiness?: Readiness;
  /** The queue its asynchronous calls go to (the com.openfaas.queue annotation). */
  queue?: string;
  /** How the orchestrator calls it (a workflow's Tasks): `async` through its queue, waiting
   * for the callback. Default `sync`. */
  invoke?: 'sync' | 'async';
  /** Warm-instance policies (sim/policy/registry.ts): each `{ type, ...parameters }`. */
  policy?: { keepAlive?: { type: string; [param: string]: unknown }; prewarm?: { type: string; [param: string]: unknown } };
}

/**
 * How functions stand at t = 0. `warm`: their minimum replicas ready, each process past its
 * first call; `unprimed`: the same replicas ready, but no process has served a call yet, so
 * each pays its first-call penalty (lazy imports, model load) on its first; `cold`: none.
 */
export type Regime = 'warm' | 'unprimed' | 'cold';

/** A replica's readiness: 'stage' (it can serve) or 'watchdog' (of-watchdog's lock file). */
export type Readiness = 'stage' | 'watchdog';

/** How the orchestrator writes state.json (schemas/scenario.schema.json, $defs/state). */
export type StateMode = 'naive' | 'cas' | 'temp-file' | 'off';

export interface Scenario {
  $schema?: string;
  format: typeof SCENARIO_FORMAT;
  name: string;
  description?: string;
  seed: number;
  replications?: number;
  horizon: number;
  drainLimit?: number;
  profile?: string;
  target?: string;
  regime?: Regime;
  workload: WorkloadSpec & InvokeSpec;
  client?: {
    timeout?: number;
    retries?: {
      attempts?: number;
      backoff?: number;
      multiplier?: number;
      maxBackoff?: number;
      jitter?: number;
      on?: FailureCause[];
    };
  };
  platform?: {
    speed?: { sigma: number; tau: number } | null;
    /** The machine's measured speed, replayed on every node: speed[i] from at[i] (seconds,
     * at[0] = 0, strictly increasing) to at[i + 1]. Not with `speed`. */
    speedTrace?: { at: number[]; speed: number[] };
    edition?: 'community' | 'pro';
    nodes?: { name?: string; count?: number; cores: number | null; memoryMB?: number }[];
    gateway?: {
      upstreamTimeout?: number;
      writeTimeout?: number;
      readTimeout?: number;
      scaleFromZero?: boolean;
      pollInterval?: number;
      pollLimit?: number;
      overhead?: DistSpec;
    };
    provider?: {
      timeout?: number;
      writeTimeout?: number;
      readinessInitialDelay?: number;
      readinessPeriod?: number;
      reconcileInterval?: number;
    };
    autoscaler?: {
      interval?: number;
      window?: number;
      alertThreshold?: number;
      alertFor?: number;
      repeatInterval?: number;
      /** The CE alert's timing: 'tick' (default) or 'chart' (schemas/scenario.schema.json). */
      evaluation?: 'tick' | 'chart';
      scrapeInterval?: number;
      evaluationInterval?: number;
      groupWait?: number;
      groupInterval?: number;
    };
    defaults?: FunctionSpec;
    functions?: Record<string, FunctionSpec>;
    /** Asynchronous invocation's queues; `faas-request` always exists. docs/async.md. */
    async?: { queues?: Record<string, AsyncQueueSpec> };
  };
  pipeline?: {
    fanout?: 'sequential' | 'parallel';
    clipsPerVideo?: DistSpec;
    framesPerClip?: DistSpec;
    stageTimeout?: number;
    stageRetries?: number;
    /** Calls of a function answering 429 before the request fails (defaults.ts OVERLOAD). */
    overloadAttempts?: number;
    orchestratorWork?: DistSpec;
  };
  /** The workflow the orchestrator runs (target 'workflow'); docs/workflows.md. */
  workflow?: {
    file?: string;
    /** The ASL machine; the loader fills it from `file`. */
    definition?: unknown;
    fanout?: Record<string, DistSpec>;
    mode?: 'sequential' | 'parallel';
    taskTimeout?: number;
    /** As pipeline.overloadAttempts. */
    overloadAttempts?: number;
    orchestratorWork?: DistSpec;
  };
  state?: { mode?: StateMode; maxAttempts?: number; get?: DistSpec; put?: DistSpec };
  output?: { timeSeriesStep?: number; spans?: number };
  compare?: { name: string; set: Record<string, unknown> }[];
}
