import { Ajv, type ErrorObject } from 'ajv';
import { StageRuntimeError } from './errors.ts';
import { STAGE_CAUSES, type StageCause } from './errors.ts';

export const TELEMETRY_FORMAT = 'fave.telemetry/v1';

/** Seconds spent in each phase of one call; `init` only on the process's first call. */
export interface TelemetryPhases {
  init?: number;
  download: number;
  compute: number;
  upload: number;
}

/** One stage invocation, as written to stdout (one JSON line) and returned as `metrics`. */
export interface TelemetryRecord {
  format: typeof TELEMETRY_FORMAT;
  requestId: string;
  stage: string;
  /** hostname + pid: one process is one replica. */
  replicaId: string;
  /** The gateway's X-Call-Id, when the call came through a gateway. */
  callId: string | null;
  startedAt: string;
  endedAt: string;
  startedAtMs: number;
  endedAtMs: number;
  durationSeconds: number;
  /** A new replica served this call (process-per-replica: same as firstCall). */
  coldStart: boolean;
  /** First call served by this process (lazy imports, JIT, model load show up here). */
  firstCall: boolean;
  phases: TelemetryPhases;
  /** User+sys CPU of this process and its children (reaped or still running) during the call, shared equally with the calls running at the same time (cpu-ledger.ts). */
  cpuSeconds: number;
  status: 'ok' | 'error';
  httpCode: number;
  cause?: StageCause;
  memoryLimitMB: number;
  memoryLimitSource: 'env' | 'cgroup' | 'host';
  /** Resident memory of the stage process and its running children at the end of the call. */
  rssMB: number;
  /** Calls already in flight when this one arrived. */
  inflightAtStart: number;
  /** Bytes read from / written to the object store by this call. */
  bytesIn: number;
  bytesOut: number;
  /** durationSeconds × memoryLimitMB / 1024, the GB-second of serverless billing. */
  costUnits: number;
}

const seconds = { type: 'number', minimum: 0 } as const;
const count = { type: 'integer', minimum: 0 } as const;

export const TELEMETRY_SCHEMA = {
  $id: 'https://fave.dev/schemas/telemetry-v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'format', 'requestId', 'stage', 'replicaId', 'callId', 'startedAt', 'endedAt', 'startedAtMs',
    'endedAtMs', 'durationSeconds', 'coldStart', 'firstCall', 'phases', 'cpuSeconds', 'status',
    'httpCode', 'memoryLimitMB', 'memoryLimitSource', 'rssMB', 'inflightAtStart', 'bytesIn',
    'bytesOut', 'costUnits',
  ],
  properties: {
    format: { const: TELEMETRY_FORMAT },
    requestId: { type: 'string', minLength: 1 },
    stage: { type: 'string', minLength: 1 },
    replicaId: { type: 'string', minLength: 1 },
    callId: { type: ['string', 'null'] },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    startedAtMs: count,
    endedAtMs: count,
    durationSeconds: seconds,
    coldStart: { type: 'boolean' },
    firstCall: { type: 'boolean' },
    phases: {
      type: 'object',
      additionalProperties: false,
      required: ['download', 'compute', 'upload'],
      properties: { init: seconds, download: seconds, compute: seconds, upload: seconds },
    },
    cpuSeconds: seconds,
    status: { enum: ['ok', 'error'] },
    httpCode: { type: 'integer', minimum: 100, maximum: 599 },
    cause: { enum: [...STAGE_CAUSES] },
    memoryLimitMB: { type: 'number', exclusiveMinimum: 0 },
    memoryLimitSource: { enum: ['env', 'cgroup', 'host'] },
    rssMB: seconds,
    inflightAtStart: count,
    bytesIn: count,
    bytesOut: count,
    costUnits: seconds,
  },
} as const;

export class TelemetryFormatError extends StageRuntimeError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`telemetry record ${path === '' ? '(root)' : path}: ${message}`);
    this.path = path;
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });
// Only the formats the schema uses; avoids pulling ajv-formats for one check.
ajv.addFormat('date-time', (text: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) && !Number.isNaN(Date.parse(text)));
const check = ajv.compile(TELEMETRY_SCHEMA);

function describe(error: ErrorObject): TelemetryFormatError {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return new TelemetryFormatError(error.instancePath, `${error.message ?? error.keyword}${extra}`);
}

/** Checks a record against the v1 schema plus the invariants a schema cannot state. */
export function validateTelemetry(value: unknown): TelemetryRecord {
  if (!check(value)) throw describe(check.errors![0]!);
  const record = value as unknown as TelemetryRecord;
  if (record.endedAtMs < record.startedAtMs) throw new TelemetryFormatError('/endedAtMs', 'is before startedAtMs');
  if ((record.status === 'error') !== (record.cause !== undefined)) {
    throw new TelemetryFormatError('/cause', 'must be present exactly when status is "error"');
  }
  return record;
}

/**
 * Reads stage stdout: telemetry lines are the ones whose JSON has our `format`; other lines
 * (a stray print from a library) are skipped, but a line claiming the format must validate.
 */
export function parseTelemetryLines(text: string): TelemetryRecord[] {
  const records: TelemetryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(TELEMETRY_FORMAT)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && (parsed as { format?: unknown }).format === TELEMETRY_FORMAT) {
      records.push(validateTelemetry(parsed));
    }
  }
  return records;
}
