// Stage telemetry, from two places. In an answer: a function's own `metrics`, and for the
// orchestrator the `metrics` of every stage call its summary lists (a failed pipeline's
// answer has only the orchestrator's). On the embedded platform, complete: every stage
// writes each record as a stdout line, which the provider logs as `[<replica>] {…}`.
// Records that do not validate are left out (live/testfn has none).
import { type TelemetryRecord, validateTelemetry } from '../../stages/runtime/telemetry.ts';

function valid(value: unknown): TelemetryRecord | undefined {
  try {
    return validateTelemetry(value);
  } catch {
    return undefined;
  }
}

export function telemetryOf(body: Record<string, unknown> | undefined): TelemetryRecord[] {
  if (!body) return [];
  const out: TelemetryRecord[] = [];
  const calls = body.calls;
  if (Array.isArray(calls)) {
    for (const c of calls as { metrics?: unknown }[]) {
      const r = valid(c?.metrics);
      if (r) out.push(r);
    }
  }
  const own = valid(body.metrics);
  if (own) out.push(own);
  return out;
}

const LOG_LINE = /^\[[^\]]+\] (\{"format":"fave\.telemetry\/v1".*\})\s*$/;

/** The telemetry record a provider log line carries, if any. */
export function telemetryOfLogLine(line: string): TelemetryRecord | undefined {
  const m = LOG_LINE.exec(line);
  if (!m) return undefined;
  try {
    return valid(JSON.parse(m[1]!));
  } catch {
    return undefined;
  }
}
