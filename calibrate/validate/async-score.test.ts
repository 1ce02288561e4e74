// validate on asynchronous runs: queue wait and time to callback are subjects of their own,
// scored against the live runs' noise like end to end. The "live" runs here are simulated
// replications written as a live run would record them (a perfectly calibrated platform),
// so a run made with the model must pass and one whose queue waits are stretched must not.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { InputError } from '../errors.ts';
import { formatScorecard } from './format.ts';
import { replay } from './replay.ts';
import { parseRequests, type RunData } from './run-dir.ts';
import { score } from './score.ts';

const PROFILE = 'profiles/default.json';
// Bursts of 5 every 4 s to one stage behind a queue-worker running one call at a time: the
// later calls of each burst wait for the earlier ones (~300 messages).
const arrivals = Array.from({ length: 60 }, (_, b) => Array.from({ length: 5 }, (_, i) => b * 4 + i * 0.05)).flat();
const scenario: Scenario = {
  format: 'fave.scenario/v1', name: 'validate-async', seed: 1, horizon: 260, target: 'ffmpeg-1', regime: 'warm',
  workload: { executor: 'trace', arrivals, invoke: 'async', callback: true },
  client: { timeout: 600 },
  platform: { edition: 'community', async: { queues: { 'faas-request': { maxInflight: 1 } } }, defaults: { scaling: { mode: 'fixed', min: 1, max: 1 } } },
};

/** One replication recorded as a live async run would be; `stretch` scales the queue waits. */
async function syntheticRun(seed: number, stretch = 1): Promise<RunData> {
  const profile = await loadProfile(PROFILE);
  const sim = runScenario(scenario, profile, PROFILE, 'synthetic', { replications: 1, seed, keepSamples: true });
  const s = sim.variants[0]!.samples![0]!;
  const n = s.async!.queueWait.length;
  expect(n).toBe(arrivals.length);
  const requests = arrivals.map((arrival, index) => {
    const wait = s.async!.queueWait[index]! * stretch;
    const exec = s.functions['ffmpeg-1']![index]!;
    const toCallback = s.async!.timeToCallback[index]! + wait - s.async!.queueWait[index]!;
    return { index, arrival, latency: toCallback, outcome: 'ok' as const, calls: [{ fn: 'ffmpeg-1', outcome: 'ok' as const, latency: exec }], async: { queueWait: wait, timeToCallback: toCallback } };
  });
  return { dir: `synthetic-${seed}-${stretch}`, scenario: { ...scenario, seed }, requests, telemetry: [] };
}

async function scoreRun(run: RunData) {
  const profile = await loadProfile(PROFILE);
  return score([run], { withoutTrace: [replay(run, profile, PROFILE, 5, 1)] }, PROFILE, 5, 1);
}

describe('validate: asynchronous runs', () => {
  it('the replay is asynchronous too, and a run made with the model scores queue wait and time to callback indistinguishable', async () => {
    const card = await scoreRun(await syntheticRun(99));
    const b = card.replays.withoutTrace;
    expect(card.method.asyncMetrics).toEqual(['p50', 'p95']);
    expect(b.async).toBeDefined();
    for (const k of ['queueWait', 'timeToCallback'] as const) {
      const x = b.async![k];
      expect(x.n.live).toEqual([arrivals.length]);
      expect(x.n.sim).toBe(arrivals.length);
      expect(x.live.p95).toBeGreaterThan(x.live.p50);
      expect(x.verdict, k).toBe('indistinguishable');
    }
    // Real queueing: the last of a burst waits for the four before it.
    expect(b.async!.queueWait.live.p95).toBeGreaterThan(0.5);
    expect(b.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['queue wait', 'time to callback']));
    expect(card.match).toBe(true);
    expect(formatScorecard(card)).toMatch(/queue wait[\s\S]*time to callback/);
  });

  it('queue waits twice as long as the model\'s are distinguishable, and the verdict misses', async () => {
    const card = await scoreRun(await syntheticRun(99, 2));
    const b = card.replays.withoutTrace;
    expect(b.async!.queueWait.verdict).toBe('distinguishable');
    expect(b.async!.queueWait.distances.p50.sim).toBeLessThan(-0.3);
    expect(b.checks.find((c) => c.name === 'queue wait')!.pass).toBe(false);
    // Execution time is untouched: still the model's.
    expect(b.functions['ffmpeg-1']!.verdict).toBe('indistinguishable');
    expect(card.match).toBe(false);
  });

  it('a synchronous run has no async subjects', async () => {
    const run = await syntheticRun(99);
    const sync: RunData = { ...run, scenario: { ...scenario, workload: { executor: 'trace', arrivals } }, requests: run.requests.map(({ async: _a, ...r }) => r) };
    const card = await scoreRun(sync);
    expect(card.replays.withoutTrace.async).toBeUndefined();
    expect(card.replays.withoutTrace.checks.map((c) => c.name)).not.toContain('queue wait');
  });

  it('requests.jsonl: a malformed async field is named by file, line and field', () => {
    const line = (async: unknown) => JSON.stringify({ index: 0, arrival: 0, latency: 1, outcome: 'ok', calls: [], async });
    expect(parseRequests(line({ queueWait: 0.5, timeToCallback: null }), 'r.jsonl')[0]!.async).toEqual({ queueWait: 0.5, timeToCallback: null });
    expect(() => parseRequests(`${line({ queueWait: 0.5, timeToCallback: 1 })}\n${line({ queueWait: 'soon', timeToCallback: 1 })}`, 'r.jsonl')).toThrow(InputError);
    expect(() => parseRequests(line({ queueWait: -1, timeToCallback: 1 }), 'r.jsonl')).toThrow("r.jsonl:1: 'async.queueWait' must be a number >= 0 or null, got -1");
    expect(() => parseRequests(line({ queueWait: 1 }), 'r.jsonl')).toThrow("r.jsonl:1: 'async.timeToCallback'");
  });
});
