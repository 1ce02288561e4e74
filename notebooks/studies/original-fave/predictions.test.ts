// The study's predictions, pinned: each scenario through the real simulator with its own seed
// and its 10 replications, as `npm run notebook -- original-fave` runs it. A model or profile
// change that moves a prediction fails here with the old and new numbers side by side; if the
// move is meant, update the pins and the "Predicted" section of docs/original-fave.md.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimResult } from '../../../sim/run/result.ts';
import { runScenarioFile } from '../../../sim/run/run-scenario.ts';
import { DEFAULT_PROFILE, STUDIES_DIR, loadStudy } from '../study.ts';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The numbers the study page sets beside the original's: means over replications. */
function prediction(r: SimResult) {
  const v = r.variants[0]!;
  const s = v.summary;
  const positive = (entries: [string, { mean: number }][]) => Object.fromEntries(entries.filter(([, e]) => e.mean > 0).map(([k, e]) => [k, round(e.mean, 2)]));
  return {
    replications: v.seeds.length,
    requests: s.requests.mean,
    ok: round(s.outcomes['ok']!.mean, 2),
    successRate: round(s.successRate.mean, 3),
    e2eMean: round(s.latency.mean.mean, 3),
    e2eP50: round(s.latency.p50.mean, 3),
    aborts: positive(Object.entries(s.aborts)),
    ooms: positive(Object.entries(s.functions).map(([k, f]) => [k, f.ooms])),
  };
}

const PINS: Record<string, ReturnType<typeof prediction>> = {
  'warm-steady-5req.json': { replications: 10, requests: 5, ok: 5, successRate: 1, e2eMean: 12.664, e2eP50: 10.944, aborts: {}, ooms: {} },
  'cold-burst-5.json': { replications: 10, requests: 5, ok: 5, successRate: 1, e2eMean: 51.847, e2eP50: 51.758, aborts: {}, ooms: {} },
  'steady-20-1rps.json': { replications: 10, requests: 20, ok: 8.1, successRate: 0.405, e2eMean: 34.591, e2eP50: 34.291, aborts: { 'ffmpeg-2 oom': 11.9 }, ooms: { 'ffmpeg-2': 1 } },
  'steady-20-1rps-temp-file.json': {
    replications: 10, requests: 20, ok: 8, successRate: 0.4, e2eMean: 30.638, e2eP50: 28.871,
    aborts: { 'ffmpeg-2 oom': 7.4, 'state.json temp-file-race': 4.6 }, ooms: { 'ffmpeg-2': 0.6 },
  },
};

describe('original-fave study: pinned predictions (fixed seeds, 10 replications)', () => {
  const study = loadStudy('original-fave', STUDIES_DIR);

  it('pins every scenario of the study, and only those', () => {
    expect(study.scenarios.map((p) => p.split('/').at(-1)).sort()).toEqual(Object.keys(PINS).sort());
  });

  it.each(Object.keys(PINS))('%s predicts what is pinned', async (name) => {
    const result = await runScenarioFile(study.scenarios.find((p) => p.endsWith(`/${name}`)) ?? join('missing', name), { defaultProfile: DEFAULT_PROFILE });
    expect(prediction(result)).toEqual(PINS[name]);
  });
});
