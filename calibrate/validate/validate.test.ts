import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { InputError } from '../errors.ts';
import { replay } from './replay.ts';
import { readRunDir } from './run-dir.ts';
import { score } from './score.ts';
import { writeSyntheticRun } from './synthetic-run.ts';

// One stage called by a Poisson stream, cold regime with scale from zero: enough requests
// (~400) for the percentiles to settle, some first calls, and quick to simulate.
const scenario: Scenario = {
  format: 'fave.scenario/v1', name: 'validate-synthetic', seed: 1, horizon: 400, target: 'ffmpeg-1',
  workload: { executor: 'poisson', rate: 1 },
  client: { timeout: 600 },
  platform: { edition: 'pro', defaults: { scaling: { mode: 'rps', min: 1, max: 4 } } },
};

async function setup(perturb?: (p: CalibrationProfile) => void) {
  const profile = await loadProfile('profiles/default.json');
  const made = structuredClone(profile);
  perturb?.(made);
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-validate-'));
  writeSyntheticRun(dir, scenario, made, 99);
  const run = readRunDir(dir);
  return { dir, run, card: score(run, replay(run, profile, 'profiles/default.json', 5, 1), 'profiles/default.json', 5, 1) };
}

describe('validate', () => {
  it('score() calls a run made with the same profile a match', async () => {
    const { card, run } = await setup();
    expect(run.requests.length).toBeGreaterThan(300);
    expect(card.format).toBe('fave.validation/v1');
    expect(card.kind).toBe('validation');
    expect(card.checks.filter((c) => !c.pass)).toEqual([]);
    expect(card.match).toBe(true);
    expect(card.stages['ffmpeg-1']).toBeDefined();
  });

  it('score() calls a run made with a 1.5x slower stage a miss', async () => {
    const { card } = await setup((p) => {
      // Every warm sample 1.5 times longer, as an empirical distribution.
      const warm = p.stages['ffmpeg-1']!.warm;
      warm.dist = { type: 'empirical', samples: (warm.samples ?? []).map((x) => x * 1.5) };
    });
    expect(card.match).toBe(false);
    expect(card.e2e.relError.p50).toBeLessThan(-0.1);
    expect(card.checks.find((c) => c.name === 'e2e KS distance')!.pass).toBe(false);
  });

  it('score() judges a run where every request failed on its failure causes, not on latencies neither side has', async () => {
    const profile = await loadProfile('profiles/default.json');
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-validate-fail-'));
    // The client gives up long before ffmpeg-1 can answer: every request is a client timeout.
    writeSyntheticRun(dir, { ...scenario, horizon: 30, client: { timeout: 0.01 } }, profile, 99);
    const run = readRunDir(dir);
    const card = score(run, replay(run, profile, 'profiles/default.json', 3, 1), 'profiles/default.json', 3, 1);
    expect(card.e2e.live.n).toBe(0);
    expect(card.checks.slice(0, 3).map((c) => [c.value, c.pass])).toEqual(Array(3).fill(['no successful request on either side', true]));
    expect(card.checks.find((c) => c.name === 'failure causes')).toMatchObject({ value: 'live [client-timeout] sim [client-timeout]', pass: true });
  });

  it('ksNoiseLevel() is the 5% critical KS distance: 0.29 at n = 20, 0.56 at n = 5, and the threshold says so when it is below it', async () => {
    const { ksNoiseLevel } = await import('./score.ts');
    expect(ksNoiseLevel(20)).toBeCloseTo(0.294, 2);
    expect(ksNoiseLevel(5)).toBeCloseTo(0.565, 2);
    expect(ksNoiseLevel(100)).toBeCloseTo(0.134, 2);
    const card = score(readRunDir(path.join(import.meta.dirname, 'recorded', 'warm-steady')), replay(readRunDir(path.join(import.meta.dirname, 'recorded', 'warm-steady')), await loadProfile('profiles/default.json'), 'profiles/default.json', 2, 1), 'profiles/default.json', 2, 1);
    expect(card.checks.find((c) => c.name === 'e2e KS distance')!.threshold).toBe('≤ 0.15 (noise alone reaches 0.29 at n = 20)');
  });

  it('readRunDir() names the file and line of a malformed request or telemetry record', async () => {
    const { dir } = await setup();
    const requests = readFileSync(path.join(dir, 'requests.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'requests.jsonl'), [requests[0], '{"index":1,"arrival":2,"latency":"slow","outcome":"ok"}'].join('\n'));
    expect(() => readRunDir(dir)).toThrow(/requests\.jsonl:2: 'latency' must be a number/);
    writeFileSync(path.join(dir, 'requests.jsonl'), requests.join('\n'));
    const tel = readFileSync(path.join(dir, 'telemetry.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'telemetry.jsonl'), [tel[0], tel[1]!.replace('"stage"', '"stag"')].join('\n'));
    expect(() => readRunDir(dir)).toThrow(InputError);
    expect(() => readRunDir(dir)).toThrow(/telemetry\.jsonl:2: telemetry record/);
    expect(() => readRunDir(path.join(dir, 'nope'))).toThrow(/no such run directory/);
  });
});
