import { describe, expect, it } from 'vitest';
import { FaveError } from '../../sim/process/errors.ts';
import { DEFAULT_PLAN, driftTurns, parsePlan, planUnits } from './plan.ts';
import { maxInflightOf } from './steps.ts';

describe('parsePlan', () => {
  it('parsePlan() defaults to every stage, 30 warm calls and concurrency 1, 2, 4, 8', () => {
    expect(parsePlan({})).toEqual(DEFAULT_PLAN);
    expect(DEFAULT_PLAN.warm).toBeGreaterThanOrEqual(30);
  });

  it('parsePlan() keeps pipeline order and reads counts', () => {
    const p = parsePlan({ stages: 'librosa,ffmpeg-0', warm: '5', cold: '0', concurrency: '4,1,4', 'neighbour-calls': '3', 'no-fanout': true, 'drift-minutes': '0.5', 'drift-period': '10' });
    expect(p.stages).toEqual(['ffmpeg-0', 'librosa']);
    expect(p.concurrency).toEqual([1, 4]);
    expect(p.fanout).toBe(false);
    expect(p.neighbour).toBe(3);
    expect(driftTurns(p)).toBe(3); // 30 s, a turn every 10 s
    expect(planUnits({ ...p, contentionCalls: 4, s3Reps: 0 })).toBe(2 * (5 + 3 + 3 + 4 + 4));
    expect(driftTurns(parsePlan({ 'drift-minutes': '0' }))).toBe(0);
  });

  it.each([
    [{ stages: 'ffmpeg-9' }, /--stages: unknown stage 'ffmpeg-9' \(valid: ffmpeg-0, librosa/],
    [{ stages: ',' }, /--stages: needs at least one stage/],
    [{ warm: '0' }, "--warm must be an integer ≥ 1 (got '0')"],
    [{ concurrency: '1,x' }, /--concurrency: value 2 must be an integer >= 1, got 'x'/],
    [{ 'neighbour-calls': '-1' }, "--neighbour-calls must be an integer ≥ 0 (got '-1')"],
    [{ 'warm-gap': '1.5' }, "--warm-gap must be an integer ≥ 0 (got '1.5')"],
    [{ 'drift-minutes': '-1' }, /--drift-minutes: must be a number of minutes >= 0, got '-1'/],
    [{ 'drift-minutes': 'five' }, /--drift-minutes: must be a number of minutes >= 0, got 'five'/],
    [{ 'drift-period': '0' }, "--drift-period must be an integer ≥ 1 (got '0')"],
  ])('parsePlan(%j) names the option and the value', (flags, message) => {
    // Bad input either way: an InputError, or a UsageError from the shared integer flag reader.
    expect(() => parsePlan(flags)).toThrow(FaveError);
    expect(() => parsePlan(flags)).toThrow(message);
  });
});

describe('maxInflightOf', () => {
  it('reads of-watchdog\'s max_inflight from a function\'s env, and nothing for unset, zero (unlimited) or junk', () => {
    expect(maxInflightOf({ envVars: { max_inflight: '2' } })).toBe(2);
    expect(maxInflightOf({ envVars: { max_inflight: '0' } })).toBeUndefined();
    expect(maxInflightOf({ envVars: { max_inflight: 'x' } })).toBeUndefined();
    expect(maxInflightOf({ envVars: {} })).toBeUndefined();
    expect(maxInflightOf(undefined)).toBeUndefined();
  });
});
