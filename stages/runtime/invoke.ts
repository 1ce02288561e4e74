import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Artifacts, type ArtifactStore } from './artifacts.ts';
import type { Env, StageConfig } from './config.ts';
import { RequestContext, type StageHandler } from './context.ts';
import { StageError, causeOf, type StageCause } from './errors.ts';
import { expectRecord, readRequestId } from './input.ts';
import { CpuLedger } from './cpu-ledger.ts';
import { rssMB, type MemoryLimit } from './resources.ts';
import { TELEMETRY_FORMAT, type TelemetryPhases, type TelemetryRecord } from './telemetry.ts';

export interface CallOutcome {
  httpCode: number;
  body: Record<string, unknown>;
  record: TelemetryRecord;
}

export interface CallMeta {
  callId: string | null;
  inflightAtStart: number;
}

export interface StageRunnerInit<S> {
  name: string;
  handler: StageHandler<S>;
  config: StageConfig;
  env: Env;
  store: ArtifactStore;
  memory: MemoryLimit;
  replicaId: string;
  /** Shares the process's CPU among concurrent calls; a new one (reading /proc) by default. */
  cpu?: CpuLedger;
}

/**
 * Runs calls for one process: per-call temp dir, context, timing and the telemetry record.
 * Holds the process-wide facts a record needs (first call, init time).
 */
export class StageRunner<S> {
  readonly #init: StageRunnerInit<S>;
  #state: S | undefined;
  #initSeconds: number | undefined;
  #served = 0;
  readonly #cpu: CpuLedger;

  constructor(init: StageRunnerInit<S>) {
    this.#init = init;
    this.#cpu = init.cpu ?? new CpuLedger();
  }

  /** Called once init finished; the next handled call reports `initSeconds` and firstCall. */
  setReady(state: S, initSeconds: number): void {
    this.#state = state;
    this.#initSeconds = initSeconds;
  }

  /** A call the server turned away before the handler (400/413/429/503). */
  reject(cause: StageCause, httpCode: number, message: string, meta: CallMeta): CallOutcome {
    const startedAtMs = Date.now();
    const record = this.#record({
      requestId: randomUUID(), meta, startedAtMs, cpuSeconds: 0, firstCall: false,
      phases: { download: 0, compute: 0, upload: 0 }, httpCode, cause, bytesIn: 0, bytesOut: 0,
    });
    return { httpCode, body: this.#errorBody(cause, message), record };
  }

  async invoke(input: unknown, meta: CallMeta): Promise<CallOutcome> {
    const startedAtMs = Date.now();
    const cpu = this.#cpu.open();
    const firstCall = this.#served === 0;
    this.#served += 1;
    const { name, handler, env, store, config } = this.#init;
    let requestId: string = randomUUID();
    let ctx: RequestContext<S> | undefined;
    let tempDir: string | undefined;
    let httpCode = 200;
    let cause: StageCause | undefined;
    let body: Record<string, unknown>;
    let cpuSeconds = 0;
    try {
      requestId = readRequestId(expectRecord(input), () => requestId);
      // mkdtemp gives each call its own directory: no two calls share a temp file.
      tempDir = await mkdtemp(join(tmpdir(), `fave-${name}-`));
      const artifacts = new Artifacts({ store, bucket: config.bucket, requestId, stage: name, maxInputBytes: config.maxInputBytes });
      ctx = new RequestContext<S>({
        requestId, stage: name, callId: meta.callId, tempDir, state: this.#state as S, env, artifacts,
      });
      const result = await handler(input, ctx);
      if (typeof result !== 'object' || result === null || Array.isArray(result)) {
        throw new StageError('internal', `handler of ${name} returned ${JSON.stringify(result)}, expected an object`);
      }
      body = { ...(result as Record<string, unknown>) };
    } catch (err) {
      cause = causeOf(err);
      httpCode = err instanceof StageError ? err.replyStatus : 500;
      body = { ...(err instanceof StageError ? err.answer : undefined), ...this.#errorBody(cause, err instanceof Error ? err.message : String(err)) };
      if (cause === 'internal') process.stderr.write(`[${name}] ${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    } finally {
      try {
        if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
      } finally {
        cpuSeconds = this.#cpu.close(cpu); // even if the removal fails: no share is left open
      }
    }
    const phases: TelemetryPhases = { ...(ctx?.phases ?? { download: 0, compute: 0, upload: 0 }) };
    if (firstCall && this.#initSeconds !== undefined) phases.init = this.#initSeconds;
    const record = this.#record({
      requestId, meta, startedAtMs, cpuSeconds, firstCall, phases, httpCode, cause,
      bytesIn: ctx?.artifacts.bytesIn ?? 0, bytesOut: ctx?.artifacts.bytesOut ?? 0,
    });
    return { httpCode, body, record };
  }

  #errorBody(cause: StageCause, message: string): Record<string, unknown> {
    return { error: { stage: this.#init.name, cause, message } };
  }

  #record(parts: {
    requestId: string;
    meta: CallMeta;
    startedAtMs: number;
    cpuSeconds: number;
    firstCall: boolean;
    phases: TelemetryPhases;
    httpCode: number;
    cause: StageCause | undefined;
    bytesIn: number;
    bytesOut: number;
  }): TelemetryRecord {
    const endedAtMs = Math.max(Date.now(), parts.startedAtMs);
    const durationSeconds = (endedAtMs - parts.startedAtMs) / 1000;
    const { memory } = this.#init;
    const record: TelemetryRecord = {
      format: TELEMETRY_FORMAT,
      requestId: parts.requestId,
      stage: this.#init.name,
      replicaId: this.#init.replicaId,
      callId: parts.meta.callId,
      startedAt: new Date(parts.startedAtMs).toISOString(),
      endedAt: new Date(endedAtMs).toISOString(),
      startedAtMs: parts.startedAtMs,
      endedAtMs,
      durationSeconds,
      // One process is one replica here, so the first call is also the cold start.
      coldStart: parts.firstCall,
      firstCall: parts.firstCall,
      phases: parts.phases,
      cpuSeconds: parts.cpuSeconds,
      status: parts.cause === undefined ? 'ok' : 'error',
      httpCode: parts.httpCode,
      memoryLimitMB: memory.mb,
      memoryLimitSource: memory.source,
      rssMB: rssMB(),
      inflightAtStart: parts.meta.inflightAtStart,
      bytesIn: parts.bytesIn,
      bytesOut: parts.bytesOut,
      costUnits: durationSeconds * (memory.mb / 1024),
    };
    if (parts.cause !== undefined) record.cause = parts.cause;
    return record;
  }
}
