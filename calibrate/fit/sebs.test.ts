// Fits of real cold and warm execution times from the SeBS artifact (AWS, Azure, GCP):
// data/sebs/*.csv, exec_time in µs, grouped by file, type, is_cold and memory.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../sim/trace/csv.ts';
import { fitSamples } from './fit-samples.ts';
import type { Fit } from '../../sim/profile/types.ts';
import { createDistribution } from '../../sim/dist/registry.ts';
import { referenceData } from '../../sim/test/reference-data.ts';

const DIR = referenceData('sebs');

async function fitGroups(): Promise<{ group: string; n: number; fit: Fit }[]> {
  const out: { group: string; n: number; fit: Fit }[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort()) {
    const table = await readCsv(`${DIR}/${file}`);
    const groups = new Map<string, number[]>();
    for (const { values } of table.rows) {
      const seconds = Number(values['exec_time']) / 1e6;
      if (!(seconds > 0)) continue; // failed invocations carry no time
      const key = `${file} ${values['type']} cold=${values['is_cold']} ${values['memory']}MB`;
      let xs = groups.get(key);
      if (!xs) groups.set(key, (xs = []));
      xs.push(seconds);
    }
    for (const [group, xs] of groups) if (xs.length >= 30) out.push({ group, n: xs.length, fit: fitSamples(xs) });
  }
  return out;
}

describe('fitSamples on SeBS measurements', () => {
  it('fitSamples(exec times) prefers a two-parameter family over the exponential for every group, with small KS', async () => {
    const fits = await fitGroups();
    expect(fits.length).toBeGreaterThan(50);
    const ks: number[] = [];
    for (const { group, fit } of fits) {
      const expo = fit.candidates!.find((c) => c.family === 'exponential')!;
      expect(['lognormal', 'gamma', 'weibull'], group).toContain(fit.family);
      expect(fit.ks!, group).toBeLessThan(expo.ks);
      // Some groups are bimodal (e.g. throttled runs); no single family fits those well.
      expect(fit.ks!, group).toBeLessThan(0.45);
      ks.push(fit.ks!);
    }
    ks.sort((a, b) => a - b);
    expect(ks[Math.floor(ks.length / 2)]).toBeLessThan(0.2);
  });

  it('fitSamples(warm exec times) puts the fitted median inside the range of the samples', async () => {
    for (const { group, fit } of (await fitGroups()).filter((g) => g.group.includes('cold=False'))) {
      expect(fit.samples, group).toBeDefined();
      const xs = fit.samples!;
      expect(fit.candidates!.find((c) => c.family === fit.family)!.dist).toEqual(fit.dist);
      const median = createDistribution(fit.dist).quantile(0.5);
      expect(median, group).toBeGreaterThan(Math.min(...xs));
      expect(median, group).toBeLessThan(Math.max(...xs));
    }
  });
});
