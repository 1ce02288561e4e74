// A measured speed trace replayed (platform.speedTrace): completion times worked out by hand,
// every node following it, no effect on the random streams, and the scenario checks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPEED_TRACE_MAX, SPEED_TRACE_MAX_POINTS, SPEED_TRACE_MIN } from '../input/limits.ts';
import { Engine } from '../engine/engine.ts';
import { ConfigError } from '../scenario/errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { constant, exp, oneFunction, pipelineProfile, simulate } from '../test/helpers.ts';
import { NodeSpeedTrace } from './node-speed-trace.ts';
import { NodeState } from './node-state.ts';

/** speed 1 until t = 2, then 0.5 */
const halfAfter2 = { at: [0, 2], speed: [1, 0.5] };

/** Start and end of each call of `fn`, by arrival, on one replica of a constant-work function. */
function calls(work: number, arrivals: number[], cores: number | null, speedTrace: { at: number[]; speed: number[] }) {
  const r = simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(work) }, {
    horizon: 20, workload: { executor: 'trace', arrivals }, platform: { nodes: [{ cores }], speedTrace },
  }));
  return r.variants[0]!.spans.filter((s) => s.fn === 'fn').sort((a, b) => a.start - b.start).map((s) => [s.start, s.end]);
}

describe('NodeSpeedTrace', () => {
  // Work W = 3 s at speed 1. Started at 0: 2 s at speed 1 do 2, the last 1 at 0.5 takes 2 s:
  // ends at 4. At 1: 1 s does 1, the other 2 take 4 s: ends at 6. At 3: all 3 at 0.5, 6 s: 9.
  it.each([null, 4])('NodeSpeedTrace slows a job by the speed of each stretch it runs in (by hand; node cores %s)', (cores) => {
    for (const [start, end] of [[0, 4], [1, 6], [3, 9]] as const) {
      const [[s, e]] = calls(3, [start], cores, halfAfter2) as [[number, number]];
      expect(s).toBe(start);
      expect(e).toBeCloseTo(end, 9);
    }
    // Together on one replica: no node core limit binds (4 cores, 3 jobs of at most 1), so
    // each runs as it did alone.
    const together = calls(3, [0, 1, 3], cores, halfAfter2);
    expect(together.map(([, e]) => e)).toEqual([expect.closeTo(4, 9), expect.closeTo(6, 9), expect.closeTo(9, 9)]);
  });

  it('NodeSpeedTrace sets every node to each speed at its time and tells each node once', () => {
    const engine = new Engine();
    const nodes = [0, 1].map((i) => new NodeState({ name: `n${i}`, cores: Infinity, memoryMB: Infinity }, i));
    const seen: [number, number, number][] = [];
    const trace = new NodeSpeedTrace(engine, { at: Float64Array.of(0, 2, 5.5), speed: Float64Array.of(0.8, 1.25, 2) }, nodes, (n) => seen.push([engine.now, n.index, n.speed]));
    expect(nodes.map((n) => n.speed)).toEqual([0.8, 0.8]); // from the start, before any job
    trace.start();
    engine.run(100);
    expect(seen).toEqual([[2, 0, 1.25], [2, 1, 1.25], [5.5, 0, 2], [5.5, 1, 2]]);
    expect(engine.eventsProcessed).toBe(2);
  });

  it('runScenario with a speed trace of ones gives the result it gives without one, bit for bit', () => {
    const ones = { at: [0, 5, 12.5, 40], speed: [1, 1, 1, 1] };
    const same = (s: Scenario, profile: ReturnType<typeof pipelineProfile> | null) => {
      const withTrace = parseScenario({ ...s, platform: { ...s.platform, speedTrace: ones } }, 'test');
      const a = simulate(s, profile);
      const b = simulate(withTrace, profile);
      expect(JSON.stringify(b.variants)).toBe(JSON.stringify(a.variants));
      return a;
    };
    // A pipeline on a 2-core node (processor sharing, every random stream in use) ...
    const pipeline = parseScenario({
      format: 'fave.scenario/v1', name: 'p', seed: 3, horizon: 60, replications: 2,
      workload: { executor: 'poisson', rate: 0.5 }, platform: { nodes: [{ cores: 2 }], defaults: { scaling: { mode: 'fixed', min: 1 } } },
    }, 'test');
    expect(same(pipeline, pipelineProfile(0.2, { clips: 2, frames: 2 })).variants[0]!.summary.requests.mean).toBeGreaterThan(10);
    // ... and a Lambda function, whose run without a trace takes the fast path.
    same(oneFunction({ scaling: { mode: 'lambda' }, warm: exp(1), coldCall: exp(2) }, { horizon: 100, workload: { executor: 'poisson', rate: 2 } }), null);
  });

  it('runScenario with a speed trace draws the same random numbers: arrivals and draws stay, durations scale', () => {
    const run = (speedTrace?: { at: number[]; speed: number[] }) =>
      simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(0.5) }, {
        horizon: 200, workload: { executor: 'poisson', rate: 0.2 }, output: { spans: 1000 }, platform: { nodes: [{ cores: null }], ...(speedTrace ? { speedTrace } : {}) },
      })).variants[0]!.spans;
    const base = run();
    const slow = run({ at: [0], speed: [0.5] });
    expect(base.length).toBeGreaterThan(20);
    expect(slow.map((s) => s.start)).toEqual(base.map((s) => s.start));
    // One replica, no core limit, processor sharing without slowdown: each call alone takes
    // twice as long at half speed, overlapping or not.
    slow.forEach((s, i) => expect(s.end - s.start).toBeCloseTo(2 * (base[i]!.end - base[i]!.start), 9));
  });
});

describe('platform.speedTrace in a scenario', () => {
  const scenario = (platform: object) => oneFunction({ warm: constant(1) }, { platform });
  const problems = (platform: object) => {
    try {
      resolveScenario(scenario(platform), null, 'x.json');
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return '';
  };

  it('resolveScenario refuses speed and speedTrace together, naming both', () => {
    for (const speed of [{ sigma: 0.1, tau: 20 }, null]) {
      const message = problems({ speed, speedTrace: halfAfter2 });
      expect(message).toContain('x.json: 1 problem');
      expect(message).toContain('$.platform.speedTrace: give $.platform.speed (a modelled drift) or $.platform.speedTrace (a measured speed), not both');
    }
  });

  it('resolveScenario names the field of a trace that is not one: lengths, the first time, the order', () => {
    expect(problems({ speedTrace: { at: [0, 1], speed: [1] } })).toContain('$.platform.speedTrace.speed: must have one speed per time in $.platform.speedTrace.at (2), has 1');
    expect(problems({ speedTrace: { at: [1, 2], speed: [1, 1] } })).toContain('$.platform.speedTrace.at[0]: must be 0: the trace gives the speed from the start of the run (got 1)');
    expect(problems({ speedTrace: { at: [0, 2, 2], speed: [1, 1, 1] } })).toContain('$.platform.speedTrace.at[2]: times must be strictly increasing (the one before is 2) (got 2)');
  });

  it('parseScenario bounds each speed and time, and the length, by path', () => {
    const bad = (speedTrace: object) => {
      try {
        scenarioWith(speedTrace);
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
        throw e;
      }
      return '';
    };
    expect(bad({ at: [0, 1], speed: [1, 0.01] })).toContain('$.platform.speedTrace.speed[1]: must be >= 0.05');
    expect(bad({ at: [0, 1], speed: [21, 1] })).toContain('$.platform.speedTrace.speed[0]: must be <= 20');
    expect(bad({ at: [0, -1], speed: [1, 1] })).toContain('$.platform.speedTrace.at[1]: must be >= 0');
    expect(bad({ at: [], speed: [] })).toContain('$.platform.speedTrace.at: must NOT have fewer than 1 items');
    const long = new Array<number>(1_000_001).fill(1);
    expect(bad({ at: long.map((_, i) => i), speed: long })).toContain('$.platform.speedTrace.speed: must NOT have more than 1000000 items');
  });

  it('the scenario schema bounds a speed trace as sim/input/limits.ts says (calibrate clamps to those)', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8'));
    const trace = schema.$defs.platform.properties.speedTrace.properties;
    expect([trace.speed.items.minimum, trace.speed.items.maximum]).toEqual([SPEED_TRACE_MIN, SPEED_TRACE_MAX]);
    expect([trace.at.maxItems, trace.speed.maxItems]).toEqual([SPEED_TRACE_MAX_POINTS, SPEED_TRACE_MAX_POINTS]);
  });

  it('resolveScenario replaces the profile\'s drift with the trace and keeps only the points where the speed changes', () => {
    const profile = { ...pipelineProfile(), node: { cores: 2, speed: { sigma: 0.1, tau: 20 } } };
    const s = (platform: object) => oneFunction({ warm: constant(1) }, { profile: 'p.json', platform });
    expect(resolveScenario(s({}), profile, 'x.json').speed).toEqual({ sigma: 0.1, tau: 20 });
    const cfg = resolveScenario(s({ speedTrace: { at: [0, 1, 2, 3, 4], speed: [1, 1, 0.5, 0.5, 1] } }), profile, 'x.json');
    expect(cfg.speed).toBeNull();
    expect(cfg.speedTrace).toEqual({ at: Float64Array.of(0, 2, 4), speed: Float64Array.of(1, 0.5, 1) });
    expect(resolveScenario(s({}), profile, 'x.json').speedTrace).toBeNull();
  });
});

function scenarioWith(speedTrace: object): Scenario {
  return oneFunction({ warm: constant(1) }, { platform: { speedTrace } as Scenario['platform'] });
}
