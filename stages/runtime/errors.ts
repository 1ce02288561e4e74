/** Machine-readable causes a stage call can fail with; the orchestrator and calibrate/ key on these. */
export const STAGE_CAUSES = [
  'bad-input',
  'missing-object',
  'corrupt-media',
  'no-audio',
  'too-large',
  'internal',
  'storage',
  'timeout',
  'overloaded',
  'not-ready',
] as const;

export type StageCause = (typeof STAGE_CAUSES)[number];

/** Root of runtime errors, so callers can tell ours from library errors. */
export class StageRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A failed stage call; `stageCause` is what lands in the error body and the telemetry record.
 * `replyStatus` is the answer's status: 500 unless the stage asks for another (sim-runner
 * answers 400 to a body it rejects; the media stages keep 500, which the orchestrator expects).
 * `answer` adds fields beside `error` in the error body (the orchestrator's failed workflow
 * lists the calls it made, so a caller can count them); `error` itself is the runtime's.
 */
export class StageError extends StageRuntimeError {
  readonly stageCause: StageCause;
  readonly replyStatus: number;
  readonly answer: Record<string, unknown> | undefined;
  constructor(stageCause: StageCause, message: string, options?: { cause?: unknown; replyStatus?: number; answer?: Record<string, unknown> }) {
    super(message, options);
    this.stageCause = stageCause;
    this.replyStatus = options?.replyStatus ?? 500;
    this.answer = options?.answer;
  }
}

/** A bad environment variable; fails process start, never a silent default. */
export class StageConfigError extends StageRuntimeError {
  readonly variable: string;
  readonly value: string | undefined;
  constructor(variable: string, value: string | undefined, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
    this.variable = variable;
    this.value = value;
  }
}

/** Maps anything thrown by a handler to a cause; unknown errors are `internal`. */
export function causeOf(err: unknown): StageCause {
  return err instanceof StageError ? err.stageCause : 'internal';
}
