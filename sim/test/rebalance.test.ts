// A shared node recomputes only the changed replica's rate while it has cores to spare and
// no function feels its neighbours (processor-sharing.ts, rebalance); otherwise every busy
// job's. The shortcut must not change what is simulated: an interference too small to change any rate
// (1e-300) forces the full recomputation everywhere, and the runs must agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../profile/load.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario/types.ts';

const profile = parseProfile(JSON.parse(readFileSync(new URL('../../profiles/default.json', import.meta.url), 'utf8')), 'profiles/default.json');
const STAGES = ['orchestrator', 'ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'];

function scenario(interference: number, cpuFraction: number): Scenario {
  return {
    format: 'fave.scenario/v1',
    name: 'rebalance',
    seed: 7,
    horizon: 1500,
    drainLimit: 600,
    workload: { executor: 'poisson', rate: 0.6 },
    client: { timeout: 600 },
    platform: {
      edition: 'pro',
      // Small nodes: busy enough to be oversubscribed part of the time, so both paths run.
      nodes: [{ cores: 4, count: 2 }],
      defaults: { scaling: { mode: 'capacity', min: 1, max: 8, target: 2 } },
      functions: Object.fromEntries(STAGES.map((s) => [s, { interference, cpuFraction }])),
    },
    pipeline: { fanout: 'parallel' },
    state: { mode: 'cas' },
    output: { spans: 0 },
  } as Scenario;
}

describe('rebalance on a shared node', () => {
  // Two completions on different nodes at exactly the same instant (constant work started
  // together) tie, and their order follows when each node's event was last set, which the
  // two paths do at different moments. Both orders are valid; the runs then part ways a
  // little (cpuFraction 0.55: latencies by 1.4e-6) or a lot (0.5, 0.6, 0.7: other outcomes). Hence a
  // case without ties, held to rounding, and one with a late tie, held to its small drift.
  for (const [cpuFraction, tolerance] of [[1, 1e-12], [0.55, 1e-5]] as const) {
    it(`recomputing only the changed replica simulates the same run as recomputing all (cpuFraction ${cpuFraction})`, () => {
      const local = runScenario(scenario(0, cpuFraction), profile, null, 'local').variants[0]!.replications[0]!;
      const full = runScenario(scenario(1e-300, cpuFraction), profile, null, 'full').variants[0]!.replications[0]!;
      expect(local.requests).toBeGreaterThan(500);
      expect(full.outcomes).toEqual(local.outcomes);
      const per = (r: typeof local) => Object.values(r.functions).map((f) => [f.calls, f.coldStarts, f.firstCalls]);
      expect(per(full)).toEqual(per(local));
      expect(full.state).toEqual(local.state);
      expect(Math.abs(full.latency.mean - local.latency.mean) / local.latency.mean).toBeLessThan(tolerance);
      expect(Math.abs(full.latency.p95 - local.latency.p95) / local.latency.p95).toBeLessThan(tolerance);
    });
  }
});
