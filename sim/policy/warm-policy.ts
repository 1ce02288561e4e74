// Warm-instance policies: how long an idle instance stays loaded, when a fresh one is
// loaded ahead of need, and which idle instance gives way when memory runs out. A policy
// sees events (an invocation arrived, an instance went idle) and returns decisions; the
// cluster applies them (sim/model/warm-policies.ts). Policies never touch replicas, so one
// conformance suite can hold every policy to the same contract: no decision in the past.
import { preview } from '../input/excerpt.ts';
import { unknownKey } from '../input/did-you-mean.ts';
import type { FunctionConfig, WorkflowConfig } from '../model/config.ts';
import { FaveError } from '../process/errors.ts';

/** A policy as written in a scenario: its registered name plus its own parameters. */
export interface PolicySpec {
  type: string;
  [param: string]: PolicyValue;
}
export type PolicyValue = string | number | boolean | null;

/** What to do with an instance that has just gone idle. Times are absolute (s). */
export interface IdleDecision {
  /** Unload the instance at this time; `now` (or earlier) = unload at once, Infinity = never. */
  keepUntil: number;
  /** Load a fresh instance of the function at this time (NaN = no pre-warm). */
  prewarmAt: number;
  /** The pre-warmed instance stays loaded until this time (NaN when prewarmAt is NaN). */
  prewarmKeepUntil: number;
}

interface PolicyBase {
  /** The full spec, defaults filled in: `parsePolicy(describe())` deep-equals it. */
  readonly spec: PolicySpec;
  describe(): string;
}

/** Keep-alive slot: per Lambda-style function, decides its idle instances' fate. Hooks run
 * once per call, so implementations allocate nothing in them: onIdle returns the same
 * decision object every time (read it before the next call). */
export interface KeepAlivePolicy extends PolicyBase {
  /** A call to the function arrived at `now`, while `busy` of its instances were busy. */
  onInvocation(now: number, busy: number): void;
  /** An instance of the function finished its call at `now` and is idle; `busy` others
   * are still busy (0: the function as a whole has gone idle). */
  onIdle(now: number, busy: number): IdleDecision;
  /** Eviction priority of an instance going idle now (lower is evicted first), given the
   * cache clock. Absent: the policy's instances are never evicted to make room. */
  priority?(clock: number): number;
}

/** Pre-warm slot: per function, may ask for another function to be warmed on a call. */
export interface PrewarmPolicy extends PolicyBase {
  /** The function (index) this policy warms, or -1 when it never does. */
  readonly target: number;
  /** A call to the function arrived at `now`: when `target` should have an instance
   * loading or ready (absolute, ≥ now), or NaN for none. */
  onInvocation(now: number): number;
}

/** What a policy is built for: one function of one simulation. */
export interface PolicyContext {
  fn: FunctionConfig;
  /** Every function's name, by index. */
  names: readonly string[];
  /** The pipeline's call order (function indices), or null when the target is not a pipeline. */
  chain: readonly number[] | null;
  /** The workflow the scenario runs (its steps, fan-outs and order), or null/absent. */
  workflow?: WorkflowConfig | null;
}

export type PolicySlot = 'keepAlive' | 'prewarm';

/** A registered policy: its name, the JSON Schema of its spec (mirrored in
 * schemas/scenario.schema.json, a test keeps them equal), a validator that fills defaults,
 * and a factory (which throws PolicySpecError when the spec does not fit the function). */
interface PolicyKindBase<S extends PolicySpec> {
  name: string;
  slot: PolicySlot;
  description: string;
  /** Parameter names (besides `type`). */
  keys: readonly string[];
  schema: Record<string, unknown>;
  /** Checks the parameters (throws PolicySpecError naming `path`) and fills defaults that
   * do not depend on the function. */
  normalize(raw: Record<string, unknown>, path: string): S;
}
export interface KeepAliveKind<S extends PolicySpec = PolicySpec> extends PolicyKindBase<S> {
  slot: 'keepAlive';
  create(spec: S, ctx: PolicyContext): KeepAlivePolicy;
}
export interface PrewarmKind<S extends PolicySpec = PolicySpec> extends PolicyKindBase<S> {
  slot: 'prewarm';
  create(spec: S, ctx: PolicyContext): PrewarmPolicy;
}
export type PolicyKind = KeepAliveKind | PrewarmKind;

export class PolicySpecError extends FaveError {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}${value === undefined ? '' : ` (got ${preview(value)})`}`);
    this.name = 'PolicySpecError';
  }
}

/** The longest time a policy parameter may be, as for every time in a scenario
 * (docs/input-limits.md). */
export const MAX_SECONDS = 1e9;

/** A positive number of seconds, at most MAX_SECONDS, or its default when absent ("not
 * set" differs from 0). */
export function positive(raw: Record<string, unknown>, key: string, path: string, fallback: number, allowZero = false): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0) || v > MAX_SECONDS) {
    throw new PolicySpecError(`${path}.${key}`, v, `must be a ${allowZero ? 'non-negative' : 'positive'} number, at most ${MAX_SECONDS}`);
  }
  return v;
}

/** Mean time to load an instance of fn: its cold-call time, or container start + process
 * init + first-call penalty. */
export function meanColdStart(fn: FunctionConfig): number {
  return fn.coldCall ? fn.coldCall.mean() : fn.containerStart.mean() + fn.init.mean() + fn.firstCall.mean();
}

/** Rejects keys the kind does not know (the schema does too; this guards parsePolicy). */
export function onlyKeys(raw: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(raw)) {
    if (k !== 'type' && !keys.includes(k)) {
      throw new PolicySpecError(`${path}.${k}`, undefined, unknownKey(k, ['type', ...keys]));
    }
  }
}

/** A number parameter in [lo, hi] (exclusive at lo when `openLo`), or its default. */
export function between(raw: Record<string, unknown>, key: string, path: string, fallback: number, lo: number, hi: number, openLo = false): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v > hi || (openLo ? v <= lo : v < lo)) {
    throw new PolicySpecError(`${path}.${key}`, v, `must be a number in ${openLo ? '(' : '['}${lo}, ${hi}]`);
  }
  return v;
}
