import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../sim/scenario/types.ts';
import { observedFanout, replayScenario } from './replay.ts';
import type { RunData, RunRequest } from './run-dir.ts';

const scenario: Scenario = {
  format: 'fave.scenario/v1', name: 'fanout', seed: 1, horizon: 60,
  workload: { executor: 'burst', count: 3 },
  pipeline: { fanout: 'sequential', stageTimeout: 300 },
};

/** A pipeline request that reported `clips` ffmpeg-2 and ffmpeg-3 calls and `frames` detector calls per clip. */
function request(index: number, clips: number, frames: number, outcome: RunRequest['outcome'] = 'ok'): RunRequest {
  const call = (fn: string) => ({ fn, outcome: 'ok' as const, latency: 0.1 });
  const calls = ['ffmpeg-0', 'librosa', 'ffmpeg-1'].map(call);
  for (let c = 0; c < clips; c++) {
    calls.push(call('ffmpeg-2'), call('deepspeech'), call('ffmpeg-3'));
    for (let f = 0; f < frames; f++) calls.push(call('object-detector'));
  }
  return { index, arrival: index, latency: 5, outcome, calls: outcome === 'ok' ? calls : [] };
}

const run = (requests: RunRequest[], s: Scenario = scenario): RunData => ({ dir: '/runs/x', scenario: s, requests, telemetry: [] });

describe('replayScenario', () => {
  it('replayScenario takes the fan-out the run\'s video had, keeping the run\'s other pipeline settings', () => {
    const replayed = replayScenario(run([request(0, 4, 3), request(1, 4, 3), request(2, 4, 3, 'aborted')]));
    expect(replayed.pipeline).toEqual({
      fanout: 'sequential', stageTimeout: 300,
      clipsPerVideo: { type: 'constant', value: 4 }, framesPerClip: { type: 'constant', value: 3 },
    });
    expect(replayed.workload).toEqual({ executor: 'trace', arrivals: [0, 1, 2] });
  });

  it('observedFanout gives an empirical distribution when the videos differ, and null when nothing completed', () => {
    expect(observedFanout(run([request(0, 4, 3), request(1, 1, 2)]))).toEqual({
      clipsPerVideo: { type: 'empirical', samples: [4, 1] },
      framesPerClip: { type: 'empirical', samples: [3, 2] },
    });
    expect(observedFanout(run([request(0, 4, 3, '502')]))).toBeNull();
    // Nothing observed: the scenario's (or the profile's) fan-out stays.
    expect(replayScenario(run([request(0, 4, 3, '502')])).pipeline).toEqual(scenario.pipeline);
  });

  it('replayScenario leaves a one-function run without a pipeline section', () => {
    const one = run([{ index: 0, arrival: 0, latency: 1, outcome: 'ok', calls: [] }], { ...scenario, target: 'ffmpeg-1', pipeline: undefined });
    expect(replayScenario(one).pipeline).toBeUndefined();
  });
});
