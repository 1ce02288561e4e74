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

export async function invoke(gatewayUrl: string, stage: string, body: object, timeoutMs = 330_000): Promise<Invocation> {
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/function/${stage}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
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
export async function invokeOk(gatewayUrl: string, stage: string, body: object): Promise<Invocation & { metrics: TelemetryRecord }> {
  const r = await invoke(gatewayUrl, stage, body);
  if (r.status !== 200) throw new StageCallError(stage, r.status, failureDetail(r));
  if (!r.metrics) throw new StageCallError(stage, r.status, 'the answer carries no valid telemetry (`metrics`)');
  return r as Invocation & { metrics: TelemetryRecord };
}
