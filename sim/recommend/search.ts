// The search: every candidate on the same first seeds (common random numbers), then rounds
// of more seeds for the contenders the decision names (decide.ts), doubling their seeds up to
// a cap, until none is left or all are at the cap. Where the seeds run is the caller's
// (`run`: the sweep's worker pool in the CLI, a table in tests), so the loop is deterministic
// whatever runs them.
import { type CandidateRuns, type Decision, decide, type SeedSample } from './decide.ts';
import type { Slo } from './slo.ts';

export interface SearchOptions {
  slo: Slo;
  /** The first seed; candidate seeds are baseSeed, baseSeed + 1, … */
  baseSeed: number;
  /** Seeds every candidate runs first (≥ 2). */
  replications: number;
  /** Seeds a contender may reach (≥ replications). */
  maxReplications: number;
  /** Contenders extended per round (decide's `contenders`). */
  contenders?: number;
  /** Runs (candidate, seed) pairs; resolves with their samples in the same order. */
  run: (pairs: { point: number; seed: number }[]) => Promise<SeedSample[]>;
  /** Told before each round of more seeds. */
  onRound?: (round: Round) => void;
}

export interface Round {
  /** 1 for the first, where every candidate runs. */
  number: number;
  candidates: number[];
  /** Seeds each of `candidates` has after the round. */
  seeds: number;
}

export interface SearchResult {
  decision: Decision;
  runs: CandidateRuns[];
  rounds: Round[];
  /** Contenders left at the cap: more seeds were not allowed, and they are still not separated. */
  unresolved: number[];
}

export async function search(candidates: number[], o: SearchOptions): Promise<SearchResult> {
  const runs = new Map<number, SeedSample[]>(candidates.map((i) => [i, []]));
  const rounds: Round[] = [];
  const extend = async (which: number[], seeds: number) => {
    const pairs = which.flatMap((point) => Array.from({ length: seeds - runs.get(point)!.length }, (_, k) => ({ point, seed: o.baseSeed + runs.get(point)!.length + k })));
    const samples = await o.run(pairs);
    pairs.forEach((p, k) => runs.get(p.point)!.push(samples[k]!));
  };
  const current = (): CandidateRuns[] => candidates.map((index) => ({ index, samples: runs.get(index)! }));

  rounds.push({ number: 1, candidates: [...candidates], seeds: o.replications });
  o.onRound?.(rounds[0]!);
  await extend(candidates, o.replications);
  for (;;) {
    const decision = decide(current(), o.slo, { contenders: o.contenders });
    const group = [...(decision.winner !== null ? [decision.winner] : []), ...decision.contenders];
    const short = decision.contenders.filter((i) => runs.get(i)!.length < o.maxReplications);
    if (short.length === 0) {
      return { decision, runs: current(), rounds, unresolved: decision.contenders };
    }
    const seeds = Math.min(o.maxReplications, 2 * Math.max(...group.map((i) => runs.get(i)!.length)));
    const round = { number: rounds.length + 1, candidates: group.filter((i) => runs.get(i)!.length < seeds).sort((a, b) => a - b), seeds };
    rounds.push(round);
    o.onRound?.(round);
    await extend(round.candidates, seeds);
  }
}
