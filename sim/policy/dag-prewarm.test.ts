import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/load.ts';
import { loadScenarioFile, variantsOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { constant, pipelineProfile, simulate } from '../test/helpers.ts';
import { evaluateDelaysOn, optimizeDagDelays } from './dag-delays.ts';

/** One cold video through the pipeline; ffmpeg-0 takes 6 s, every replica 1 s to start
 * + 0.5 s to init, ready at the first probe (2 s). */
function coldVideo(prewarm?: { delay: number }): Scenario {
  return {
    format: 'fave.scenario/v1',
    name: 'dag',
    seed: 1,
    horizon: 10,
    regime: 'cold',
    workload: { executor: 'burst', count: 1 },
    client: { timeout: 600 },
    platform: {
      gateway: { upstreamTimeout: 300, writeTimeout: 300 },
      provider: { timeout: 300 },
      defaults: { execTimeout: 300 },
      functions: {
        'ffmpeg-0': { warm: constant(6), ...(prewarm ? { policy: { prewarm: { type: 'dag', ...prewarm } } } : {}) },
      },
    },
  } as Scenario;
}
const run = (s: Scenario) => simulate(s, pipelineProfile(1, { clips: 1, frames: 1 })).variants[0]!.replications[0]!;

describe('DAG pre-warm', () => {
  it('simulate with a DAG pre-warm removes the next stage’s cold start when the delay is right', () => {
    const none = run(coldVideo());
    const right = run(coldVideo({ delay: 1 })); // librosa ready 1 + 2 s after ffmpeg-0's call, used at ~6 s
    const late = run(coldVideo({ delay: 30 })); // after librosa was called: no help
    expect(none.outcomes.ok).toBe(1);
    expect(none.functions.librosa!.heldCalls).toBe(1);
    expect(right.functions.librosa!.heldCalls).toBe(0);
    expect(late.functions.librosa!.heldCalls).toBe(1);
    expect(right.latency.max).toBeLessThan(none.latency.max - 1.9); // librosa's 2 s wait is gone
    expect(late.latency.max).toBe(none.latency.max);
  });

  it('simulate with a pre-warm too late to matter gives the same end-to-end latency as none', () => {
    const none = run(coldVideo()).latency;
    expect(none.max).toBeGreaterThan(6);
    expect(run(coldVideo({ delay: 30 })).latency).toEqual(none);
  });
});

describe('optimizeDagDelays', () => {
  const cfg = resolveScenario(coldVideo(), pipelineProfile(1, { clips: 1, frames: 1, firstCall: 3 }), 'test');

  it('optimizeDagDelays beats no pre-warm on p95 and zero delays on idle memory, within the budget', () => {
    const r = optimizeDagDelays(cfg, { budgetGBs: 0.02, samples: 200 });
    expect(r.chain).toEqual(['orchestrator', 'ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector']);
    expect(r.best.idleGBs).toBeLessThanOrEqual(0.02);
    expect(r.zero.idleGBs).toBeGreaterThan(0.02); // zero delays: fast but over the budget
    expect(r.best.p95).toBeLessThan(r.never.p95 - 5); // most of 7 stages' cold starts are gone
    expect(r.best.p95).toBeLessThanOrEqual(r.zero.p95 + 1);
    expect(evaluateDelaysOn(cfg, r.best.delays, { samples: 200 })).toEqual({ p95: r.best.p95, idleGBs: r.best.idleGBs });
  });

  it('optimizeDagDelays is deterministic for a seed', () => {
    expect(optimizeDagDelays(cfg, { budgetGBs: 0.02, samples: 100, seed: 3 })).toEqual(optimizeDagDelays(cfg, { budgetGBs: 0.02, samples: 100, seed: 3 }));
  });

  it("optimizeDagDelays still gives scenarios/prewarm.json's optimised delays", async () => {
    const path = new URL('../../scenarios/prewarm.json', import.meta.url).pathname;
    const s = loadScenarioFile(path);
    const profile = await loadProfile(new URL('../../profiles/default.json', import.meta.url).pathname);
    const r = optimizeDagDelays(resolveScenario(s, profile, path), { budgetGBs: 0.5 });
    const variant = variantsOf(s, path).find((v) => v.name === 'DAG pre-warm, optimised delays')!;
    // A function without a pre-warm policy never pre-warms the next (the optimiser's Infinity).
    const inFile = r.chain.slice(0, -1).map((f) => variant.scenario.platform!.functions![f]?.policy?.prewarm?.delay ?? Infinity);
    expect(inFile, `update prewarm.json with ${JSON.stringify(r.best.delays)}`).toEqual(r.best.delays);
  });
});
