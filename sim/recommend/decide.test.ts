// The recommendation rule on synthetic candidates: what meets, misses and is unsure; the
// cheapest that meets wins; ties; costs compared on common seeds; contenders; the closest
// when nothing meets; and the search's rounds of more seeds.
import { describe, expect, it } from 'vitest';
import { type CandidateRuns, checkTerm, decide, type SeedSample, separation } from './decide.ts';
import { search } from './search.ts';
import { parseSlo } from './slo.ts';

/** A candidate whose seed i has cost cost(i), p95 p95(i), success success(i). */
function candidate(index: number, n: number, f: { cost: (i: number) => number; p95?: (i: number) => number; success?: (i: number) => number }): CandidateRuns {
  return { index, samples: Array.from({ length: n }, (_, i) => sample(f, i)) };
}
function sample(f: { cost: (i: number) => number; p95?: (i: number) => number; success?: (i: number) => number }, i: number): SeedSample {
  const p95 = f.p95?.(i) ?? 30;
  return { cost: f.cost(i), success: f.success?.(i) ?? 1, p50: p95 / 2, p95, p99: p95 * 1.1 };
}
// A small alternating wobble, the same for every candidate on a seed (common random numbers).
const wobble = (i: number) => (i % 2 ? 1 : -1) * (1 + (i % 3));

const slo = parseSlo('p95<=40s,success>=99%');

describe('decide', () => {
  it('checkTerm: meets when the whole CI is within the limit, misses when it is wholly outside, unsure when it straddles', () => {
    const term = slo.terms[0]!;
    expect(checkTerm(candidate(0, 10, { cost: () => 1, p95: (i) => 30 + wobble(i) }).samples, term).verdict).toBe('meets');
    expect(checkTerm(candidate(0, 10, { cost: () => 1, p95: (i) => 50 + wobble(i) }).samples, term).verdict).toBe('misses');
    expect(checkTerm(candidate(0, 10, { cost: () => 1, p95: (i) => 40 + 2 * wobble(i) }).samples, term).verdict).toBe('unsure');
    // A seed where nothing succeeded has no latency: the term is missed, however fast the rest.
    const none = checkTerm(candidate(0, 10, { cost: () => 1, p95: (i) => (i === 3 ? NaN : 10) }).samples, term);
    expect(none).toMatchObject({ verdict: 'misses', missing: 1 });
    // Success the other way round, to within rounding: ten seeds of exactly 99% meet 99%.
    const success = slo.terms[1]!;
    expect(checkTerm(candidate(0, 10, { cost: () => 1, success: () => 0.99 }).samples, success).verdict).toBe('meets');
    expect(checkTerm(candidate(0, 10, { cost: () => 1, success: (i) => 0.99 + 0.005 * wobble(i) }).samples, success).verdict).toBe('unsure');
    expect(checkTerm(candidate(0, 10, { cost: () => 1, success: () => 0.9 }).samples, success).verdict).toBe('misses');
  });

  it('decide picks the cheapest candidate that meets the SLO, and says why the runner-up and the cheaper ones lost', () => {
    const d = decide(
      [
        candidate(0, 10, { cost: (i) => 100 + wobble(i), p95: () => 50 }), // cheapest, too slow
        candidate(1, 10, { cost: (i) => 120 + wobble(i) }), // wins
        candidate(2, 10, { cost: (i) => 140 + wobble(i) }), // runner-up: dearer on every seed
        candidate(3, 10, { cost: (i) => 110 + wobble(i), success: () => 0.5 }), // cheaper, fails requests
      ],
      slo,
    );
    expect(d.ranking).toEqual([0, 3, 1, 2]);
    expect(d.winner).toBe(1);
    expect(d.runnerUp).toMatchObject({ index: 2, separation: { kind: 'costlier', n: 10, difference: { mean: 20 } } });
    expect(d.cheaper).toEqual([0, 3]);
    expect(d.assessments.map((a) => a.verdict)).toEqual(['misses', 'meets', 'meets', 'misses']);
    expect(d.contenders).toEqual([]);
    expect(d.closest).toBeNull();
    expect(d.front).toEqual([1]); // the same latency, so the dearer one is dominated
  });

  it('decide breaks a tie of equal costs on every seed by the space order, and does not ask for more seeds', () => {
    const same = { cost: (i: number) => 120 + wobble(i) };
    const d = decide([candidate(4, 10, same), candidate(2, 10, same)], slo);
    expect(d.winner).toBe(2);
    expect(d.runnerUp).toEqual({ index: 4, separation: { kind: 'equal', n: 10 } });
    expect(d.contenders).toEqual([]);
  });

  it('decide names as contenders the candidates not separated from the winner on cost, and unsure ones that could take its place', () => {
    const d = decide(
      [
        candidate(0, 10, { cost: (i) => 120 + wobble(i) }), // wins
        candidate(1, 10, { cost: (i) => 120.2 + 3 * wobble(i) }), // meets, not separated on cost
        candidate(2, 10, { cost: (i) => 110 + wobble(i), p95: (i) => 40 + 2 * wobble(i) }), // cheaper, unsure
        candidate(3, 10, { cost: (i) => 200 + wobble(i), p95: (i) => 40 + 2 * wobble(i) }), // unsure but dearer: no matter
        candidate(4, 10, { cost: (i) => 90 + wobble(i), p95: () => 60 }), // cheaper, misses: no matter
      ],
      slo,
    );
    expect(d.winner).toBe(0);
    expect(d.runnerUp?.index).toBe(1);
    expect(d.runnerUp?.separation.kind).toBe('unseparated');
    expect(d.contenders).toEqual([2, 1]);
    // At most `contenders` of them, the cheapest (the others' costs wobble about the winner's).
    const many = [candidate(0, 10, { cost: () => 1 }), ...[1, 2, 3, 4].map((k) => candidate(k, 10, { cost: (i) => 1 + 0.2 * k + wobble(i) }))];
    expect(decide(many, slo).contenders).toEqual([1, 2, 3]);
    expect(decide(many, slo, { contenders: 2 }).contenders).toEqual([1, 2]);
  });

  it('separation compares costs on the seeds two candidates share', () => {
    const a = candidate(0, 20, { cost: (i) => 10 + wobble(i) });
    const b = candidate(1, 10, { cost: (i) => 12 + wobble(i) });
    expect(separation(b, a)).toMatchObject({ kind: 'costlier', n: 10, difference: { mean: 2, lo: 2, hi: 2 } });
    expect(separation(a, b)).toMatchObject({ kind: 'cheaper', n: 10 });
    expect(separation(candidate(0, 1, { cost: () => 1 }), candidate(1, 1, { cost: () => 2 })).kind).toBe('unseparated');
  });

  it('decide with no candidate meeting the SLO names the closest (smallest relative shortfall) and the unsure ones as contenders', () => {
    const d = decide(
      [
        candidate(0, 10, { cost: () => 50, p95: () => 80 }), // 100% over
        candidate(1, 10, { cost: () => 90, p95: () => 44 }), // 10% over: closest
        candidate(2, 10, { cost: () => 70, success: () => 0.85 }), // 14% short
        candidate(3, 10, { cost: () => 10, p95: () => NaN, success: () => 0 }), // nothing succeeded
      ],
      slo,
    );
    expect(d.winner).toBeNull();
    expect(d.runnerUp).toBeNull();
    expect(d.closest).toBe(1);
    expect(d.contenders).toEqual([]);
    expect(d.front).toEqual([]);
    expect(decide([candidate(0, 10, { cost: () => 5, p95: (i) => 40 + 2 * wobble(i) })], slo).contenders).toEqual([0]);
    expect(decide([], slo)).toMatchObject({ winner: null, closest: null, contenders: [] });
  });
});

describe('search', () => {
  // Seeds from a table: candidate k on seed s. The cheap one's p95 sits just under 40 s, so
  // ten (or twelve) seeds cannot say it meets the SLO and twenty can.
  const table = (point: number, seed: number): SeedSample => {
    const i = seed - 1;
    if (point === 0) return sample({ cost: () => 100 + wobble(i), p95: () => 39.4 + 0.5 * wobble(i) }, i);
    if (point === 1) return sample({ cost: () => 130 + wobble(i) }, i);
    return sample({ cost: () => 90 + wobble(i), p95: () => 60 }, i);
  };

  it('search gives the contenders more seeds, doubling up to the cap, every candidate on the same first seeds', async () => {
    const asked: { point: number; seed: number }[][] = [];
    const r = await search([0, 1, 2], {
      slo,
      baseSeed: 1,
      replications: 10,
      maxReplications: 40,
      run: async (pairs) => (asked.push(pairs), pairs.map((p) => table(p.point, p.seed))),
    });
    expect(r.rounds.map((x) => [x.candidates, x.seeds])).toEqual([[[0, 1, 2], 10], [[0, 1], 20]]);
    expect(asked[0]!.filter((p) => p.point === 2).map((p) => p.seed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(asked[1]!.filter((p) => p.point === 0).map((p) => p.seed)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(r.decision.winner).toBe(0);
    expect(r.decision.runnerUp?.index).toBe(1);
    expect(r.unresolved).toEqual([]);
    expect(r.runs.map((c) => c.samples.length)).toEqual([20, 20, 10]);
  });

  it('search stops at the cap and reports what it could not settle', async () => {
    const r = await search([0, 1, 2], { slo, baseSeed: 1, replications: 10, maxReplications: 12, run: async (pairs) => pairs.map((p) => table(p.point, p.seed)) });
    expect(r.rounds.map((x) => x.seeds)).toEqual([10, 12]);
    expect(r.decision.winner).toBe(1);
    expect(r.unresolved).toEqual([0]);
  });
});
