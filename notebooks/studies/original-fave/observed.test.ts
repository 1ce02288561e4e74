// observed.json is what observed.ts derives from data/fave/requests.csv, byte for byte, and
// its figures are the ones docs/original-fave.md states for these runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OBSERVED_JSON, deriveObserved, mostWithin, serialize } from './observed.ts';

describe('original-fave observed.json', () => {
  it('mostWithin counts the most ends inside one window', () => {
    expect(mostWithin([], 1)).toBe(0);
    expect(mostWithin([5, 0, 0.5, 1.5, 1.6, 2.4], 1)).toBe(3);
    expect(mostWithin([0, 1, 2], 1)).toBe(2);
  });

  it('equals what `npx tsx notebooks/studies/original-fave/observed.ts` derives', async () => {
    expect(readFileSync(OBSERVED_JSON, 'utf8')).toBe(serialize(await deriveObserved()));
  });

  it('holds the measured outcomes docs/original-fave.md gives', async () => {
    const o = await deriveObserved();
    const by = Object.fromEntries(o.experiments.map((e) => [e.scenario, e]));
    expect(by['warm-steady-5req.json']!.measured).toMatchObject({ requests: 5, ok: 5, e2eOkS: { mean: 6.312, p50: 5.595, min: 4.88, max: 9.266 } });
    // Four successes in lock-step, one ffmpeg-2 500.
    expect(by['cold-burst-5.json']!.measured).toMatchObject({ ok: 4, okEndSpreadS: 0.01, e2eOkS: { mean: 62.001 }, failures: { 'stage-500:stage-ffmpeg-2': { count: 1 } } });
    // All 20 fail at ffmpeg-2 within 0.11 s; the evening before, 19 within 0.44 s.
    expect(by['steady-20-1rps.json']!.measured).toMatchObject({ ok: 0, e2eOkS: null, mostFailedWithin1S: 20, failures: { 'stage-500:stage-ffmpeg-2': { count: 20, lastEndS: 78.096, endSpreadS: 0.106 } } });
    expect(by['steady-20-1rps.json']!.also![0]!.measured).toMatchObject({ ok: 1, mostFailedWithin1S: 19, failures: { 'stage-500:stage-ffmpeg-2': { count: 19, endSpreadS: 0.438 } } });
    expect(by['steady-20-1rps-temp-file.json']!.measured).toMatchObject({
      ok: 7,
      failures: { 'state-baddigest': { count: 8 }, 'state-enoent': { count: 4 }, 'client-500': { count: 1 } },
    });
    expect(by['steady-20-1rps-temp-file.json']!.measured.e2eOkS).toEqual({ mean: 204.59, p50: 50.99, min: 31.571, max: 611.437 });
    for (const e of o.experiments) for (const c of e.published) for (const cite of c.cite) expect(cite).toMatch(/^[0-9a-f]{7}:[\w./-]+:\d+(-\d+)?(,\d+(-\d+)?)*$/);
  });
});
