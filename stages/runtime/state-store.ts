import { StageRuntimeError } from './errors.ts';
import { PreconditionFailedError, type ObjectStore, type PutCondition } from './object-store.ts';

/**
 * Read-modify-write of a JSON document in an object store (the per-request
 * `requests/<id>/metadata/state.json`).
 *
 * - `cas`: read with its ETag, mutate, write back with If-Match (If-None-Match: * when
 *   the document does not exist yet); a refused write means someone else got there
 *   first, so re-read and retry after a jittered exponential backoff.
 * - `naive`: the same read-modify-write without conditions. It exists only to
 *   demonstrate (and let the simulator measure) the lost update: two writers that read
 *   the same version both write, and the first one's change vanishes. Never use it for
 *   real state.
 */
export type StateMode = 'cas' | 'naive';

export interface BackoffOptions {
  /** Upper bound of the first retry's delay; doubles per attempt. Default 10 ms. */
  baseMs?: number;
  /** Cap on the delay bound. Default 1000 ms. */
  maxMs?: number;
}

export interface UpdateStateOptions {
  mode: StateMode;
  /** Writes tried before giving up (cas only). Default 10. */
  maxAttempts?: number;
  backoffMs?: BackoffOptions;
  /** Uniform [0, 1) draws for the jitter. Default Math.random. */
  random?: () => number;
  /** How to wait; tests substitute a scheduler. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface UpdateStateResult<T> {
  state: T;
  /** Writes tried, including the one that succeeded (1 when uncontended). */
  attempts: number;
}

/** cas gave up: every one of `attempts` writes lost the race. */
export class StateConflictError extends StageRuntimeError {
  readonly key: string;
  readonly attempts: number;
  constructor(key: string, attempts: number, options?: { cause?: unknown }) {
    super(`updateState(${key}): gave up after ${attempts} conflicting writes (raise maxAttempts or reduce contention)`, options);
    this.key = key;
    this.attempts = attempts;
  }
}

export class UpdateStateOptionsError extends StageRuntimeError {}

/** The stored document is not JSON. */
export class StateFormatError extends StageRuntimeError {
  readonly key: string;
  constructor(key: string, options?: { cause?: unknown }) {
    super(`updateState(${key}): the stored state is not valid JSON`, options);
    this.key = key;
  }
}

const DEFAULTS = { maxAttempts: 10, baseMs: 10, maxMs: 1000 } as const;
const sleepWithTimer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function validate(opts: UpdateStateOptions): { maxAttempts: number; baseMs: number; maxMs: number } {
  const maxAttempts = opts.maxAttempts ?? DEFAULTS.maxAttempts;
  const baseMs = opts.backoffMs?.baseMs ?? DEFAULTS.baseMs;
  const maxMs = opts.backoffMs?.maxMs ?? DEFAULTS.maxMs;
  if (opts.mode !== 'cas' && opts.mode !== 'naive') {
    throw new UpdateStateOptionsError(`updateState: mode must be 'cas' or 'naive', got ${JSON.stringify(opts.mode)}`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new UpdateStateOptionsError(`updateState: maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  if (!(baseMs >= 0) || !(maxMs >= baseMs)) {
    throw new UpdateStateOptionsError(`updateState: backoffMs needs 0 <= baseMs <= maxMs, got ${baseMs} and ${maxMs}`);
  }
  return { maxAttempts, baseMs, maxMs };
}

function parse<T>(key: string, body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (error) {
    throw new StateFormatError(key, { cause: error });
  }
}

/**
 * Applies `mutate` to the JSON document at `key` and stores the result. `mutate` gets
 * null when the document does not exist, and may run several times under `cas` (once
 * per attempt, each time on fresh state), so it must not have side effects.
 */
export async function updateState<T>(
  store: ObjectStore,
  key: string,
  mutate: (state: T | null) => T,
  opts: UpdateStateOptions,
): Promise<UpdateStateResult<T>> {
  const { maxAttempts, baseMs, maxMs } = validate(opts);
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? sleepWithTimer;
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(key);
    const state = mutate(current ? parse<T>(key, current.body) : null);
    const body = Buffer.from(JSON.stringify(state));
    if (opts.mode === 'naive') {
      await store.put(key, body);
      return { state, attempts: 1 };
    }
    const cond: PutCondition = current ? { ifMatch: current.etag } : { ifNoneMatch: '*' };
    try {
      await store.put(key, body, cond);
      return { state, attempts: attempt };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      if (attempt >= maxAttempts) throw new StateConflictError(key, attempt, { cause: error });
      // Full jitter: spreads writers that collided so they do not collide again in step.
      await sleep(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
    }
  }
}
