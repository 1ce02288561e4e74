// Recorded telemetry → raw samples. Telemetry sees each call from inside its replica, so it
// gives warm service time, CPU, init, first calls and memory; it cannot see container start
// (the profile builder then says so) and only sees fan-out as call counts per request.
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { emptyMeasurements, emptyStage, type Measurements } from '../profile/measurements.ts';

export function measurementsFromTelemetry(records: readonly TelemetryRecord[]): Measurements {
  const m = emptyMeasurements();
  const ok = records.filter((r) => r.status === 'ok');
  for (const r of ok) {
    const s = (m.stages[r.stage] ??= emptyStage());
    if (r.firstCall) {
      s.firstCall.push(r.durationSeconds);
      if (r.phases.init !== undefined) s.init.push(r.phases.init);
      continue;
    }
    const concurrency = r.inflightAtStart + 1;
    let level = s.contention.find((l) => l.concurrency === concurrency);
    if (!level) s.contention.push((level = { concurrency, latencies: [], rejected: 0 }));
    level.latencies.push(r.durationSeconds);
    if (r.inflightAtStart > 0) continue;
    s.warm.push(r.durationSeconds);
    s.cpu.push(r.cpuSeconds);
    s.rssMB.push(r.rssMB);
  }
  // A curve needs more than one level; a lone level 1 says nothing about contention.
  for (const s of Object.values(m.stages)) if (s.contention.length < 2) s.contention = [];

  // Fan-out as the orchestrator makes it: one ffmpeg-2 call per clip, one object-detector
  // call per frame, ffmpeg-3 once per clip.
  const byRequest = new Map<string, TelemetryRecord[]>();
  for (const r of ok) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
  for (const calls of byRequest.values()) {
    const n = (stage: string) => calls.filter((c) => c.stage === stage).length;
    if (n('ffmpeg-1') === 0) continue;
    const clips = n('ffmpeg-2');
    m.clipsPerVideo.push(clips);
    const sampled = n('ffmpeg-3');
    if (sampled > 0) for (let i = 0; i < sampled; i++) m.framesPerClip.push(Math.round(n('object-detector') / sampled));
  }
  return m;
}
