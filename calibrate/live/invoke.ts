// One synchronous call through the gateway (/function/<name>) with the gateway's and the
// stage's own timing: client latency, X-Duration-Seconds, and the stage's telemetry record.
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { validateTelemetry } from '../../stages/runtime/telemetry.ts';
import { CalibrateError } from '../errors.ts';

export interface Invocation {
  status: number;
  /** Client-side seconds, request sent → whole answer read. */
  latency: number;
  /** The gateway's X-Duration-Seconds (time the function took), if sent. */
  xDuration: number | undefined;
  body: Record<string, unknown>;
  /** The answer as sent: a gateway or provider error is plain text, not JSON. */
  text: string;
  metrics: TelemetryRecord | undefined;
}

export class StageCallError extends CalibrateError {
  constructor(readonly stage: string, readonly status: number, detail: string) {
    super(`${stage} answered ${status}: ${detail.slice(0, 300)}`);
  }
}

/** A body: an object is sent as JSON, a string (a --body file's text) as it is. */
export async function invoke(gatewayUrl: string, stage: string, body: object | string, timeoutMs = 330_000): Promise<Invocation> {
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/function/${stage}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const latency = (performance.now() - started) / 1000;
  let parsed: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null) parsed = v as Record<string, unknown>;
  } catch {
    // A non-JSON answer (a gateway error text) keeps its status; the caller decides.
  }
  let metrics: TelemetryRecord | undefined;
  try {
    metrics = parsed.metrics === undefined ? undefined : validateTelemetry(parsed.metrics);
  } catch {
    metrics = undefined;
  }
  const x = Number(res.headers.get('x-duration-seconds'));
  return { status: res.status, latency, xDuration: Number.isFinite(x) && x > 0 ? x : undefined, body: parsed, text, metrics };
}

/** What a failed call said: the stage's `error`, else the answer's text. */
export function failureDetail(r: Invocation): string {
  if (r.body.error !== undefined) return JSON.stringify(r.body.error);
  return r.text.trim() || 'an empty answer';
}

/** invoke() that insists on a 200 with telemetry. */
export async function invokeOk(gatewayUrl: string, stage: string, body: object | string): Promise<Invocation & { metrics: TelemetryRecord }> {
  const r = await invoke(gatewayUrl, stage, body);
  if (r.status !== 200) throw new StageCallError(stage, r.status, failureDetail(r));
  if (!r.metrics) throw new StageCallError(stage, r.status, 'the answer carries no valid telemetry (`metrics`)');
  return r as Invocation & { metrics: TelemetryRecord };
}

/**
 * One call's timing as the steps record it. FAVE's stages carry telemetry (`metrics`): the
 * handler's time, CPU, RSS, process init and whether the process was new. Any other
 * function (--function) is timed by what every OpenFaaS answer has: X-Duration-Seconds
 * (of-watchdog's time in the function; the embedded gateway adds its own when the function
 * sent none), else the client's latency; CPU, RSS and init are then unknown.
 */
export interface Measured {
  latency: number;
  xDuration: number | undefined;
  /** Seconds in the function: telemetry durationSeconds, else X-Duration-Seconds, else the client latency. */
  duration: number;
  cpu?: number;
  rss?: number;
  init?: number;
  /** First call of its process, as the telemetry says; undefined without telemetry. */
  firstCall: boolean | undefined;
}

/** The call's timing, from its telemetry or (`telemetry` optional) from the answer alone. */
export function measuredOf(r: Invocation, telemetry: 'required' | 'optional'): Measured | undefined {
  if (r.metrics) {
    const m = r.metrics;
    return { latency: r.latency, xDuration: r.xDuration, duration: m.durationSeconds, cpu: m.cpuSeconds, rss: m.rssMB, init: m.phases.init ?? 0, firstCall: m.firstCall };
  }
  if (telemetry === 'required') return undefined;
  return { latency: r.latency, xDuration: r.xDuration, duration: r.xDuration ?? r.latency, firstCall: undefined };
}

/** invoke() that insists on a 200 (and, when required, telemetry); the call's timing. */
export async function measureOk(gatewayUrl: string, fn: string, body: object | string, telemetry: 'required' | 'optional'): Promise<Measured> {
  const r = await invoke(gatewayUrl, fn, body);
  if (r.status !== 200) throw new StageCallError(fn, r.status, failureDetail(r));
  const m = measuredOf(r, telemetry);
  if (!m) throw new StageCallError(fn, r.status, 'the answer carries no valid telemetry (`metrics`)');
  return m;
}
