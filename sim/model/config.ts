// The live configuration a simulation runs on: every default applied, every distribution
// built. Produced by scenario/resolve.ts from a validated scenario and a profile.
import type { Distribution } from '../dist/spec.ts';
import type { FailureCause, Readiness, Regime, ScalingMode, StateMode, WorkloadSpec } from '../scenario/types.ts';
import type { TraceData } from '../trace/trace-data.ts';
import type { PolicySpec } from '../policy/warm-policy.ts';
import { PARALLEL, type Plan } from '../workflow/plan.ts';
import type { AsyncConfig } from './async-config.ts';

export interface ScalingConfig {
  mode: ScalingMode;
  min: number;
  max: number;
  factor: number; // CE: percent of max added per alert firing
  target: number; // Pro: per-replica target load
  targetProportion: number;
  zero: boolean; // scale to zero when idle (Pro)
  zeroDuration: number;
  keepAlive: number; // lambda
  schedule: { from: number; to: number; min: number; period: number }[]; // period 0 = once
}

export interface FunctionConfig {
  name: string;
  index: number;
  scaling: ScalingConfig;
  maxInflight: number; // Infinity = unlimited
  execTimeout: number;
  memoryLimitMB: number; // Infinity = no limit
  chargedMemoryGB: number; // memory used for cost units
  cpuLimit: number; // cores; Infinity = none
  /** Calls one replica works on at once; the rest wait inside it, oldest first (one decoder: 1). Infinity = all. */
  workers: number;
  /** Extra slowdown of the CPU-bound part while the node's other cores are busy (0.1 = 10% when all are). */
  interference: number;
  cpuFraction: number; // share of a call's work that is CPU-bound
  warm: Distribution;
  containerStart: Distribution;
  init: Distribution;
  firstCall: Distribution;
  coldCall: Distribution | null; // lambda shorthand
  /** slowdown[k] for k concurrent calls in one replica (index 0 unused); last value extends. */
  slowdown: Float64Array;
  memBaseMB: number;
  memPerRequestMB: number;
  /** Warm-instance policies (sim/policy), validated with defaults filled; null = none. */
  policy: { keepAlive: PolicySpec | null; prewarm: PolicySpec | null };
  /** How it stands at t = 0 (the scenario's regime, or its own). */
  regime: Regime;
  /** When a new replica counts as ready: 'stage' (its process can serve) or 'watchdog'
   * (of-watchdog's lock file: once its container is up; calls before its init is done → 500). */
  readiness: Readiness;
}

export interface NodeConfig {
  name: string;
  cores: number; // Infinity = unlimited, no sharing
  memoryMB: number; // Infinity = unlimited
}

/** A measured speed, piecewise constant: speed[i] from at[i] until at[i + 1], the last to the
 * end of the run (scenario `platform.speedTrace`, checked and without repeated speeds). */
export interface SpeedTrace {
  /** Seconds from the start of the run, at[0] = 0, strictly increasing. */
  readonly at: Float64Array;
  /** The machine's speed from at[i] on (1 = as calibrated), same length as at. */
  readonly speed: Float64Array;
}

export interface SimConfig {
  name: string;
  horizon: number;
  drainLimit: number;
  regime: Regime;
  edition: 'community' | 'pro';
  workload: WorkloadSpec;
  target: 'workflow' | 'trace' | number; // function index for a single-function scenario
  /** An azure-trace workload's functions and arrivals (target 'trace'), else null. */
  trace: TraceData | null;
  functions: FunctionConfig[];
  nodes: NodeConfig[];
  /** Each node's speed drifts (log-normal sd sigma, correlation time tau s), or null: steady. */
  speed: { sigma: number; tau: number } | null;
  /** Every node's speed replayed from a measurement (node-speed-trace.ts), or null. Never
   * together with `speed`. */
  speedTrace: SpeedTrace | null;
  // The gateway's read_timeout bounds reading a request's body, which the simulator does not
  // send: a live run applies $.platform.gateway.readTimeout, the model has no use for it.
  gateway: {
    upstreamTimeout: number;
    writeTimeout: number;
    scaleFromZero: boolean;
    pollInterval: number;
    pollLimit: number;
    overhead: Distribution | null;
  };
  provider: { timeout: number; writeTimeout: number; readinessInitialDelay: number; readinessPeriod: number; reconcileInterval: number };
  autoscaler: {
    interval: number;
    window: number;
    alertThreshold: number;
    alertFor: number;
    repeatInterval: number;
    /** 'tick': the CE rule checked every `interval`, sent at once; 'chart': the Helm chart's
     * Prometheus + AlertManager timing (chart-alert.ts), with the four fields below. */
    evaluation: 'tick' | 'chart';
    scrapeInterval: number;
    evaluationInterval: number;
    groupWait: number;
    groupInterval: number;
  };
  client: {
    timeout: number;
    attempts: number;
    backoff: number;
    multiplier: number;
    maxBackoff: number;
    jitter: number;
    retryOn: ReadonlySet<FailureCause>;
  };
  /** The workflow the orchestrator runs (target 'workflow': a workflow file, or the
   * VideoSearcher pipeline it stands for), else null. */
  workflow: WorkflowConfig | null;
  state: { mode: StateMode; maxAttempts: number; get: Distribution; put: Distribution };
  output: { timeSeriesStep: number; spans: number };
  /** Asynchronous invocation (async-config.ts): the requests go through queue-workers;
   * null when the requests are synchronous (the queue-worker then does not exist). */
  async: AsyncConfig | null;
  /** What resolution changed as the platform would and the user should hear (a Community
   * Edition replica range clamped): the CLIs print them as warnings. */
  notes: string[];
}

/** A workflow resolved against the scenario and its functions: what the interpreter
 * (workflow-runner.ts) needs beside the plan, each per state or per Map of the plan. */
export interface WorkflowConfig {
  plan: Plan;
  /** The function running the workflow (its calls are requests' entry points). */
  orchestrator: number;
  /** Per state: the function a Task calls (an index into SimConfig.functions), else -1. */
  fn: Int32Array;
  /** Per state: a Task's call timeout, seconds (TimeoutSeconds, else the scenario's). */
  timeout: Float64Array;
  /** Per Map: how many items it has, drawn per run (rounded, at least 0). */
  counts: Distribution[];
  /** `sequential`: one call at a time (each Map and Parallel runs its items and branches
   * in turn, as the original FAVE); `parallel`: at once, up to each Map's MaxConcurrency. */
  mode: 'sequential' | 'parallel';
  /** The orchestrator's own work after each Task's call (profile overheads.orchestrator),
   * run on its replica; null = none. */
  orchestratorWork: Distribution | null;
  /** A 429's retries: calls in all, and the jittered back-off's base and cap (seconds). */
  overload: { attempts: number; backoff: number; backoffMax: number };
}

/** The workflow's calls as one chain, orchestrator first, when its first pass is one (no
 * Parallel, and each function's calls can be followed by the next function's in plan
 * order, as VideoSearcher's): what DAG pre-warming and its delay optimizer take as the
 * call order. Null otherwise, and when the target runs no workflow. */
export function callChain(cfg: Pick<SimConfig, 'workflow'>): number[] | null {
  const w = cfg.workflow;
  if (!w) return null;
  const p = w.plan;
  if (p.kind.includes(PARALLEL)) return null;
  for (let f = 0; f + 1 < p.functions.length; f++) if (!p.successors[f]!.includes(f + 1)) return null;
  // The plan's functions follow the orchestrator in SimConfig.functions (resolve.ts).
  return [w.orchestrator, ...p.functions.map((_, f) => w.orchestrator + 1 + f)];
}
