// The calibration plan: which stages, how many calls of each kind. Defaults finish in about
// ten minutes on the embedded platform on 2 cores; every count is an option.
import { InputError } from '../errors.ts';
import { intFlag } from '../../sim/process/command-line.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { PIPELINE } from './inputs.ts';
import type { PlannedFunction } from './functions.ts';

export interface Plan {
  /** What is measured: VideoSearcher's stages, or with --function the functions named (in the order given). */
  stages: string[];
  /**
   * --function mode: the functions named and each one's request body (its file, size and
   * sha256; `body` null = `{}`). Absent for the stages, which are fed the fixture videos.
   */
  functions?: PlannedFunction[];
  /** Cold starts per stage: scale to zero, wait until gone, invoke. */
  cold: number;
  /** Warm sequential calls per stage (one replica). */
  warm: number;
  /**
   * Idle seconds between turns of warm calls (default none). Gaps spread the turns over
   * more of a drifting machine's minutes, but on the embedded platform they made the fits
   * worse, not better: measured 2026-11-25, 60 turns 12 s apart put object-detector's warm
   * median at 0.134 s against 0.089 s back to back and 0.096 s in live runs (its process
   * settles into a slower phase, twice the CPU per call, after about a minute).
   */
  warmGap: number;
  /**
   * Minutes of the drift probe: a turn of one call per stage (a fixed input each) every
   * `driftPeriod` seconds, for the machine's speed drift over minutes (node.speed). 0 skips
   * it, and the drift is then estimated from the warm calls' 75 s or so.
   */
  driftMinutes: number;
  /** Seconds from the start of one probe turn to the next. */
  driftPeriod: number;
  /** Concurrency levels into one replica. */
  concurrency: number[];
  /** Calls per concurrency level. */
  contentionCalls: number;
  /** Pairs of warm calls, alone and beside a CPU-bound neighbour (interference; embedded only). */
  neighbour: number;
  /** Count clips per video and frames per clip on the fixture videos. */
  fanout: boolean;
  /** S3 object sizes (bytes) and repetitions of each PUT and GET. */
  s3Sizes: number[];
  s3Reps: number;
}

export const DEFAULT_PLAN: Plan = {
  stages: [...PIPELINE],
  cold: 3,
  warm: 30,
  warmGap: 0,
  driftMinutes: 5,
  driftPeriod: 10,
  concurrency: [1, 2, 4, 8],
  contentionCalls: 8,
  neighbour: 6,
  fanout: true,
  s3Sizes: [1_000, 100_000, 1_000_000],
  s3Reps: 10,
};

export interface PlanFlags {
  stages?: string;
  cold?: string;
  warm?: string;
  'warm-gap'?: string;
  'drift-minutes'?: string;
  'drift-period'?: string;
  concurrency?: string;
  'contention-calls'?: string;
  'neighbour-calls'?: string;
  'no-fanout'?: boolean;
  's3-sizes'?: string;
  's3-reps'?: string;
}

const int = (flag: string, raw: string | undefined, min: number, fallback: number): number => intFlag(raw, flag, min) ?? fallback;

/** A duration in minutes, fractions allowed (0.5 is 30 s), 0 or more. */
function minutes(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new InputError(`--${flag}: must be a number of minutes >= 0, got '${raw}'`);
  return Number(raw);
}

function list(flag: string, raw: string | undefined, min: number, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new InputError(`--${flag}: needs at least one value, got '${raw}'`);
  return parts.map((p, i) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < min) throw new InputError(`--${flag}: value ${i + 1} must be an integer >= ${min}, got '${p}'`);
    return n;
  });
}

/** --stages and --function exclude each other (a UsageError). */
export function stagesOrFunctions(stages: string | undefined, functions: number): void {
  if (stages !== undefined && functions > 0) throw new UsageError('--stages and --function cannot be used together: --stages measures VideoSearcher\'s stages on the fixture videos, --function any deployed function on its --body');
}

/**
 * The plan from the options; `functions` (from --function / --body, functions.ts) measures
 * those instead of the stages: no inputs to prepare, no fan-out to count.
 */
export function parsePlan(f: PlanFlags, functions?: readonly PlannedFunction[]): Plan {
  if (functions && functions.length > 0) {
    stagesOrFunctions(f.stages, functions.length);
    return { ...parseCounts(f), stages: functions.map((fn) => fn.name), functions: [...functions], fanout: false };
  }
  const stages = f.stages === undefined ? DEFAULT_PLAN.stages : f.stages.split(',').map((s) => s.trim()).filter(Boolean);
  if (stages.length === 0) throw new InputError(`--stages: needs at least one stage (valid: ${PIPELINE.join(', ')})`);
  const unknown = stages.filter((s) => !(PIPELINE as readonly string[]).includes(s));
  if (unknown.length > 0) throw new InputError(`--stages: unknown stage${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `'${s}'`).join(', ')} (valid: ${PIPELINE.join(', ')})`);
  return { ...parseCounts(f), stages: PIPELINE.filter((s) => stages.includes(s)), fanout: !f['no-fanout'] };
}

function parseCounts(f: PlanFlags): Omit<Plan, 'stages' | 'functions' | 'fanout'> {
  return {
    cold: int('cold', f.cold, 0, DEFAULT_PLAN.cold),
    warm: int('warm', f.warm, 1, DEFAULT_PLAN.warm),
    warmGap: int('warm-gap', f['warm-gap'], 0, DEFAULT_PLAN.warmGap),
    driftMinutes: minutes('drift-minutes', f['drift-minutes'], DEFAULT_PLAN.driftMinutes),
    driftPeriod: int('drift-period', f['drift-period'], 1, DEFAULT_PLAN.driftPeriod),
    concurrency: [...new Set(list('concurrency', f.concurrency, 1, DEFAULT_PLAN.concurrency))].sort((a, b) => a - b),
    contentionCalls: int('contention-calls', f['contention-calls'], 0, DEFAULT_PLAN.contentionCalls),
    neighbour: int('neighbour-calls', f['neighbour-calls'], 0, DEFAULT_PLAN.neighbour),
    s3Sizes: list('s3-sizes', f['s3-sizes'], 1, DEFAULT_PLAN.s3Sizes),
    s3Reps: int('s3-reps', f['s3-reps'], 0, DEFAULT_PLAN.s3Reps),
  };
}

/** Turns of the drift probe. */
export function driftTurns(p: Plan): number {
  return Math.floor((p.driftMinutes * 60) / p.driftPeriod);
}

/** Calls the plan makes (the progress bar's total), inputs excluded. */
export function planUnits(p: Plan): number {
  const perStage = p.cold + p.warm + driftTurns(p) + p.neighbour + (p.contentionCalls > 0 ? p.concurrency.reduce((a, c) => a + Math.ceil(p.contentionCalls / c) * c, 0) : 0);
  return p.stages.length * perStage + p.s3Sizes.length * p.s3Reps * 2;
}
