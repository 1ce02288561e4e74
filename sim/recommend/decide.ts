// The recommendation rule, as a policy that returns a decision: candidates' per-seed numbers
// and an SLO in, the winner, the runner-up and why it lost, the cheaper candidates and why
// they lost, and which candidates more replications would settle, out. Pure: no simulation,
// no I/O (search.ts runs the seeds, format.ts prints the decision). docs/recommend.md states
// the rule in words.
//
// - A candidate meets a latency term when the upper end of the 95% CI of its per-seed
//   percentile is at most the limit, misses it when the lower end is above, and is unsure
//   otherwise; a seed where no request succeeded has no latency and misses the term. A
//   success term the same way round, on the lower end. A candidate meets the SLO when it
//   meets every term, misses it when it misses one, and is unsure otherwise.
// - The winner is the cheapest candidate that meets the SLO (cost mean; ties: the first in
//   the space's order).
// - Two candidates' costs are compared on their common seeds (common random numbers): the
//   95% CI of the per-seed difference. It excludes 0: separated; it does not: unseparated;
//   the costs are equal on every seed: equal (a tie, not something more seeds would break).
// - Contenders, which more seeds could reorder: candidates that meet the SLO and are not
//   separated from the winner on cost, and unsure candidates not separated from it or cheaper
//   (they could take its place) — or, with no winner, the unsure candidates; the cheapest
//   `contenders` of them.
import { paretoFront } from '../sweep/pareto.ts';
import { estimate, type Estimate } from '../run/stats.ts';
import type { Slo, SloTerm } from './slo.ts';

/** What a candidate's run on one seed gives the rule. */
export interface SeedSample {
  cost: number;
  /** Share of requests that succeeded, 0–1 (NaN with no request). */
  success: number;
  /** Latency percentiles (s) of the successful requests; NaN when none succeeded. */
  p50: number;
  p95: number;
  p99: number;
}

export interface CandidateRuns {
  index: number;
  /** samples[i] is seed base + i: every candidate's first seeds are the same. */
  samples: SeedSample[];
}

export type Verdict = 'meets' | 'misses' | 'unsure';

export interface TermCheck {
  term: SloTerm;
  /** Over the seeds that have a value: latency in s, success in %. */
  estimate: Estimate;
  /** Seeds with no value (no request succeeded; no request at all). */
  missing: number;
  verdict: Verdict;
}

export interface Assessment {
  index: number;
  n: number;
  cost: Estimate;
  checks: TermCheck[];
  verdict: Verdict;
}

export type Separation =
  | { kind: 'equal'; n: number }
  | { kind: 'costlier' | 'cheaper' | 'unseparated'; n: number; difference: Estimate }; // this minus the other, over n common seeds

export interface Decision {
  /** One per candidate, in the order given. */
  assessments: Assessment[];
  /** Candidate indices, cheapest first (cost mean; ties by index). */
  ranking: number[];
  winner: number | null;
  /** The next cheapest that meets the SLO, and its cost against the winner's. */
  runnerUp: { index: number; separation: Separation } | null;
  /** Candidates cheaper than the winner (or all, with none) that do not meet the SLO, cheapest first. */
  cheaper: number[];
  /** Those more seeds could reorder (see the header), cheapest first. */
  contenders: number[];
  /** With no winner: the candidate nearest to meeting the SLO (its largest relative shortfall, by means, smallest). */
  closest: number | null;
  /** Pareto front of the candidates that meet the SLO: cost against the SLO's first latency
   * percentile (or the failure share, with a success term alone), cheapest first. */
  front: number[];
}

export interface DecideOptions {
  /** How many contenders to name at most (default 3). */
  contenders?: number;
}

/** Comparisons forgive this much rounding: ten seeds of 99% average to 0.98999…%. */
const SLACK = 1e-9;

const valueOf = (s: SeedSample, term: SloTerm): number => (term.metric === 'success' ? s.success * 100 : s[term.metric]);

export function checkTerm(samples: SeedSample[], term: SloTerm): TermCheck {
  const values = samples.map((s) => valueOf(s, term));
  const missing = values.filter((v) => !Number.isFinite(v)).length;
  const e = estimate(values);
  let verdict: Verdict;
  if (missing > 0 || samples.length === 0) verdict = 'misses';
  else if (term.metric === 'success') verdict = e.lo >= term.min - SLACK * Math.max(1, term.min) ? 'meets' : e.hi < term.min - SLACK * Math.max(1, term.min) ? 'misses' : 'unsure';
  else verdict = e.hi <= term.max * (1 + SLACK) ? 'meets' : e.lo > term.max * (1 + SLACK) ? 'misses' : 'unsure';
  return { term, estimate: e, missing, verdict };
}

export function assess(c: CandidateRuns, slo: Slo): Assessment {
  const checks = slo.terms.map((t) => checkTerm(c.samples, t));
  const verdict: Verdict = checks.some((x) => x.verdict === 'misses') ? 'misses' : checks.every((x) => x.verdict === 'meets') ? 'meets' : 'unsure';
  return { index: c.index, n: c.samples.length, cost: estimate(c.samples.map((s) => s.cost)), checks, verdict };
}

/** `a`'s cost against `b`'s on their common seeds. */
export function separation(a: CandidateRuns, b: CandidateRuns): Separation {
  const n = Math.min(a.samples.length, b.samples.length);
  const d = Array.from({ length: n }, (_, i) => a.samples[i]!.cost - b.samples[i]!.cost);
  if (d.every((x) => x === 0)) return { kind: 'equal', n };
  const difference = estimate(d);
  // One seed, or differences that do not vary: the CI has no width, and says nothing.
  const kind = n < 2 ? 'unseparated' : difference.lo > 0 ? 'costlier' : difference.hi < 0 ? 'cheaper' : 'unseparated';
  return { kind, n, difference };
}

/** How far a candidate is from meeting the SLO: its largest shortfall relative to a limit
 * (latency: mean over limit, minus 1; success: the missing share of the limit), by means. */
export function shortfall(a: Assessment): number {
  let worst = -Infinity;
  for (const c of a.checks) {
    const m = c.estimate.mean;
    const s = c.term.metric === 'success' ? (c.term.min === 0 ? 0 : (c.term.min - m) / c.term.min) : c.missing > 0 ? Infinity : m / c.term.max - 1;
    worst = Math.max(worst, Number.isNaN(s) ? Infinity : s);
  }
  return worst;
}

export function decide(candidates: CandidateRuns[], slo: Slo, opts: DecideOptions = {}): Decision {
  const max = opts.contenders ?? 3;
  const assessments = candidates.map((c) => assess(c, slo));
  const byIndex = new Map(candidates.map((c, i) => [c.index, { runs: c, a: assessments[i]! }]));
  const costOf = (i: number) => (Number.isNaN(byIndex.get(i)!.a.cost.mean) ? Infinity : byIndex.get(i)!.a.cost.mean);
  const ranking = candidates.map((c) => c.index).sort((i, j) => costOf(i) - costOf(j) || i - j);
  const verdict = (i: number) => byIndex.get(i)!.a.verdict;
  const meets = ranking.filter((i) => verdict(i) === 'meets');
  const winner = meets[0] ?? null;

  let runnerUp: Decision['runnerUp'] = null;
  let contenders: number[];
  let cheaper: number[];
  let closest: number | null = null;
  if (winner !== null) {
    const w = byIndex.get(winner)!.runs;
    const next = meets[1];
    if (next !== undefined) runnerUp = { index: next, separation: separation(byIndex.get(next)!.runs, w) };
    cheaper = ranking.slice(0, ranking.indexOf(winner)).filter((i) => verdict(i) !== 'meets');
    contenders = ranking.filter((i) => {
      if (i === winner) return false;
      const s = separation(byIndex.get(i)!.runs, w).kind;
      if (verdict(i) === 'meets') return s === 'unseparated';
      return verdict(i) === 'unsure' && (s === 'unseparated' || s === 'cheaper');
    });
  } else {
    cheaper = ranking.slice();
    contenders = ranking.filter((i) => verdict(i) === 'unsure');
    const near = ranking.map((i) => ({ i, s: shortfall(byIndex.get(i)!.a) })).sort((x, y) => x.s - y.s || costOf(x.i) - costOf(y.i) || x.i - y.i);
    closest = near[0]?.i ?? null;
  }

  const latency = slo.terms.find((t) => t.metric !== 'success');
  const service = (a: Assessment) => {
    const c = latency ? a.checks.find((x) => x.term === latency)! : a.checks.find((x) => x.term.metric === 'success');
    return c ? (latency ? c.estimate.mean : 100 - c.estimate.mean) : 0;
  };
  const front = paretoFront(
    assessments.map((a) => ({ cost: a.cost.mean, service: service(a) })),
    assessments.map((a) => a.verdict === 'meets'),
  ).map((k) => assessments[k]!.index);

  return { assessments, ranking, winner, runnerUp, cheaper, contenders: contenders.slice(0, max), closest, front };
}
