import { median } from 'd3-array';
import { startStageProcess } from './stage-process.ts';

/** Cold and warm latency of one stage on one input, in milliseconds. */
export interface StageBenchRow {
  stage: string;
  /** spawn → /_/health 200: node + tsx start, imports, the stage's init. */
  startMs: number;
  /** Of startMs, the stage's own init (telemetry `phases.init`). */
  initMs: number;
  /** The first call on the fresh process, client-side. */
  firstCallMs: number;
  /** startMs + firstCallMs: what a request that meets a fresh replica waits. */
  coldTotalMs: number;
  /** Median of `warmCalls` sequential calls after the first. */
  warmMedianMs: number;
  warmCalls: number;
  /** firstCallMs − warmMedianMs: lazy loads, JIT, model sessions. */
  firstCallPenaltyMs: number;
}

type Body = Record<string, unknown>;
const first = (list: unknown, what: string): Body => {
  if (!Array.isArray(list) || list.length === 0) throw new Error(`bench: no ${what} to feed the next stage`);
  return list[0] as Body;
};

/**
 * Each stage in pipeline order on the fixture video: a fresh process, its first call, then
 * `warmCalls` more; each stage's input is the previous stage's real output (clip 0, frame 0).
 */
export async function benchStages(video: string, env: Record<string, string>, warmCalls: number, progress: (line: string) => void): Promise<StageBenchRow[]> {
  const rows: StageBenchRow[] = [];
  const requestId = `bench-stages-${Date.now()}`;
  const run = async (stage: string, input: Body): Promise<Body> => {
    const proc = await startStageProcess(stage, env);
    try {
      const cold = await proc.call({ requestId, ...input });
      const warm: number[] = [];
      for (let i = 0; i < warmCalls; i++) warm.push((await proc.call({ requestId, ...input })).ms);
      const startMs = proc.healthyAt - proc.spawnedAt;
      const warmMedianMs = median(warm) ?? NaN;
      rows.push({
        stage, startMs, initMs: (cold.body.metrics.phases.init ?? 0) * 1000, firstCallMs: cold.ms, coldTotalMs: startMs + cold.ms,
        warmMedianMs, warmCalls, firstCallPenaltyMs: cold.ms - warmMedianMs,
      });
      progress(`${stage}: start ${startMs.toFixed(0)} ms, first call ${cold.ms.toFixed(0)} ms, median of ${warmCalls} warm call${warmCalls === 1 ? '' : 's'} ${warmMedianMs.toFixed(0)} ms`);
      return cold.body;
    } finally {
      await proc.stop();
    }
  };
  const f0 = await run('ffmpeg-0', { video });
  const lib = await run('librosa', { audio: f0.audio });
  const f1 = await run('ffmpeg-1', { video, segments: lib.segments });
  const clip = first(f1.clips, 'clips');
  const f2 = await run('ffmpeg-2', { clip: clip.uri });
  await run('deepspeech', { clipIndex: clip.index, audio: f2.audio });
  const f3 = await run('ffmpeg-3', { clip: clip.uri });
  const frame = first(f3.frames, 'frames');
  await run('object-detector', { clipIndex: clip.index, frameIndex: frame.index, frame: frame.uri });
  return rows;
}
