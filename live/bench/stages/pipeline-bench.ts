import type { FanoutMode } from '../../../stages/orchestrator/config.ts';
import type { PipelineSummary } from '../../../stages/orchestrator/summary.ts';
import { callPipeline } from '../../e2e/pipeline-client.ts';
import { median } from 'd3-array';

export interface PipelineBenchRow {
  label: string;
  fanout: FanoutMode;
  runs: number;
  /** Client-side wall time through the gateway, ms. */
  medianMs: number;
  minMs: number;
  clips: number;
  frames: number;
  /** Per stage: summed client-side latency of its calls in the median run, ms. */
  stageMs: Record<string, number>;
}

/** `runs` requests one after another through the gateway; any failure stops the bench. */
export async function benchPipeline(gatewayUrl: string, video: string, label: string, fanout: FanoutMode, runs: number, progress: (line: string) => void): Promise<PipelineBenchRow> {
  const results: Array<{ ms: number; summary: PipelineSummary }> = [];
  for (let i = 0; i < runs; i++) {
    const res = await callPipeline(gatewayUrl, { requestId: `bench-${label}-${i}-${Date.now()}`, video, options: { fanout } });
    if (res.status !== 200) throw new Error(`pipeline run ${label} #${i} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    results.push({ ms: res.wallMs, summary: res.body as unknown as PipelineSummary });
    progress(`pipeline ${label}: run ${i + 1} of ${runs}, ${res.wallMs.toFixed(0)} ms`);
  }
  const medianMs = median(results.map((r) => r.ms)) ?? NaN;
  const closest = results.reduce((a, b) => (Math.abs(b.ms - medianMs) < Math.abs(a.ms - medianMs) ? b : a));
  const stageMs: Record<string, number> = {};
  for (const [stage, totals] of Object.entries(closest.summary.stages)) stageMs[stage] = totals.latencyMs;
  return {
    label, fanout, runs, medianMs, minMs: Math.min(...results.map((r) => r.ms)),
    clips: closest.summary.clips.length, frames: closest.summary.detections.frames, stageMs,
  };
}
