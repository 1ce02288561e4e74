import type { TelemetryRecord } from './telemetry.ts';

/** Test support: a telemetry sink that keeps records, and a gate to hold handlers. */
export function telemetrySink(): { records: TelemetryRecord[]; emit: (r: TelemetryRecord) => void } {
  const records: TelemetryRecord[] = [];
  return { records, emit: (r) => records.push(r) };
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
