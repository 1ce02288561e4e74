// The async study's recommendation follows its numbers: on the shipped scenarios it picks
// the way that succeeds with the soonest result and the ack_wait above the job's p99; and
// when the numbers change, so does the recommendation (it is computed, not written).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../../sim/run/run-scenario.ts';
import { DEFAULT_PROFILE } from '../study.ts';
import { type VariantIn, decide } from './decide.js';

const file = (n: string) => fileURLToPath(new URL(`../../../scenarios/async/${n}`, import.meta.url));
let variants: VariantIn[] = [];

beforeAll(async () => {
  for (const n of ['long-job.json', 'ack-wait.json', 'retries-429.json']) {
    const r = await runScenarioFile(file(n), { defaultProfile: DEFAULT_PROFILE, replications: 3 });
    variants.push(...r.variants.map((v) => ({ scenario: r.scenario, name: v.name, overrides: v.overrides, summary: v.summary })));
  }
});

describe('the async study decides from its numbers', () => {
  it('long job: recommends a way that succeeds as often as any, with the soonest p95 of its kind', () => {
    const d = decide(variants).longJob;
    const top = Math.max(...d.rows.map((r) => r.success));
    expect(top).toBe(1);
    const chosen = d.choice === 'async' ? d.bestAsync! : d.bestSync!;
    expect(chosen.success).toBe(top);
    for (const r of d.rows.filter((x) => x.invoke === chosen.invoke && x.success === top)) expect(chosen.resultP95).toBeLessThanOrEqual(r.resultP95);
    expect(d.text.at(-1)).toContain(`(${chosen.name})`);
    // The default-timeout variants fail, async included, and the text says so.
    expect(d.rows.filter((r) => r.defaultTimeouts).map((r) => r.success)).toEqual([0, 0]);
    expect(d.text[0]).toMatch(/^Under the default timeouts/);
  });

  it('ack_wait: the setting recommended is above the job p99 and has no duplicates; the default has some', () => {
    const d = decide(variants).ackWait;
    expect(d.removes.length).toBeGreaterThan(0);
    for (const r of d.removes) expect([r.ackWait > d.jobP99, r.duplicates]).toEqual([true, 0]);
    const def = d.rows.find((r) => r.name.startsWith('CE, ack_wait 60'))!;
    expect(def.ackWait).toBeLessThan(d.jobP99);
    expect(def.duplicates).toBeGreaterThan(0);
    expect(d.text.find((t) => t.startsWith('Recommendation'))).toContain('at 180 s');
  });

  it('retries: the old 10 attempts give jobs up; the recommendation finishes every job', () => {
    const d = decide(variants).retries;
    expect(d.rows.find((r) => r.name.includes('10 attempts'))!.giveUps).toBeGreaterThan(0);
    expect(d.best!.success).toBe(1);
    expect(d.best!.giveUps).toBe(0);
  });

  it('changes its recommendation when the numbers change', () => {
    const long = variants.filter((v) => v.scenario.name === 'async-long-job');
    // Make every asynchronous variant twice as slow: synchronous then wins.
    const slowed = long.map((v) =>
      v.summary.async ? { ...v, summary: { ...v.summary, latency: { ...v.summary.latency, p95: { ...v.summary.latency.p95, mean: v.summary.latency.p95.mean * 2 } } } } : v,
    );
    expect(decide(slowed).longJob.choice).toBe('sync');
    expect(decide(slowed).longJob.text.at(-1)).toMatch(/^Recommendation: if the caller can hold a connection/);
    // No variant succeeds: no recommendation of either.
    const failed = long.map((v) => ({ ...v, summary: { ...v.summary, successRate: { ...v.summary.successRate, mean: 0 } } }));
    expect(decide(failed).longJob.choice).toBeNull();
  });
});
