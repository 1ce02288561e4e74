// The drift probe: how the machine's speed moves over minutes (the simulator's node.speed).
// A turn calls every stage once, each on the same input every time, and turns start every
// `driftPeriod` seconds for `driftMinutes`. Each stage's calls then differ only by time, so
// the turns' common factor is the machine (node-speed.ts fits it).
//
// Why a step of its own: on the VM FAVE was built on, the speed stays put for a minute or
// two and then moves by 10-20%. The warm calls, back to back over about 75 s, cannot see
// that (three calibrations of the same VM found no drift, sd 0.039 and sd 0.086), and
// spreading the warm calls out instead biased their fits (an idle process runs slower, see
// `Plan.warmGap`). The probe's calls are spaced alike from first to last, so its level does
// not matter, only how it moves.
import { setTimeout as sleep } from 'node:timers/promises';
import { MIN_STAGES, MIN_TURNS } from '../profile/node-speed.ts';
import { measureOk } from './invoke.ts';
import { driftTurns } from './plan.ts';
import { Interrupted, oneReady, type StepContext } from './steps.ts';

export interface DriftRecord {
  /** Handler duration, seconds. */
  duration: number;
  /** When the call was sent, Unix seconds. */
  at: number;
}

export async function driftProbe(c: StepContext, stages: readonly string[]): Promise<void> {
  const turns = driftTurns(c.plan);
  const done = (stage: string) => c.work.records<DriftRecord>(`${stage}.drift`);
  const short = (stage: string) => done(stage).length < turns;
  // A stage added on a resume starts at turn 0 while the others continue: the estimate pairs
  // turns by index, so a stage short of the others only shortens the series it uses.
  const pending = stages.filter(short);
  if (pending.length === 0) return;
  // The common factor is told from each stage's own noise across stages and turns: with
  // fewer, the probe's minutes would measure nothing the profile could use.
  const why =
    stages.length < MIN_STAGES ? `it needs ${MIN_STAGES} stages or more (${c.plan.functions ? '--function' : '--stages'} names ${stages.length})`
    : turns < MIN_TURNS ? `it needs ${MIN_TURNS} turns or more (--drift-minutes × 60 / --drift-period gives ${turns})`
    : '';
  if (why) {
    c.notes.push(`drift probe skipped: ${why}; node.speed is estimated from the warm calls' turns where they allow.`);
    for (const stage of pending) for (let i = done(stage).length; i < turns; i++) c.tick(`${stage} drift probe (skipped)`);
    return;
  }
  for (const stage of pending) await oneReady(c, stage);
  while (pending.some(short)) {
    const started = Date.now();
    for (const stage of pending.filter(short)) {
      if (c.signal.aborted) throw new Interrupted('interrupted');
      const body = c.body(stage, 'drift', 0); // the same input every turn
      let at = Date.now() / 1000;
      let r = await measureOk(c.t.url, stage, body, c.telemetry);
      if (r.firstCall) {
        // A replica replaced since the warm calls: its first call is not a speed sample.
        at = Date.now() / 1000;
        r = await measureOk(c.t.url, stage, body, c.telemetry);
      }
      c.work.append<DriftRecord>(`${stage}.drift`, { duration: r.duration, at });
      c.tick(`${stage} drift probe`);
    }
    const wait = c.plan.driftPeriod * 1000 - (Date.now() - started);
    if (pending.some(short) && wait > 0) await sleep(wait, undefined, { signal: c.signal }).catch(() => undefined);
  }
}
