// The machine during a calibration: the recorder (live/machine/) in the work dir, a pre-check
// before anything is measured, and a watch for busy spells while calls are measured.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { MACHINE_FILE, type MachineRecorder, type MachineSample, startMachineRecorder } from '../../live/machine/recorder.ts';
import type { MachineConditions } from '../../sim/profile/types.ts';
import { InputError } from '../errors.ts';
import { median } from '../profile/stats.ts';
import { type Judge, judgeDuringRun, judgeIdle } from './busy.ts';
import { machineConditions } from './conditions.ts';

/** The pre-check: this long, a probe every PRECHECK_PERIOD s (~20 samples: a median and a
 * best worth comparing, for 0.3 ms of work in each 200 ms). */
export const PRECHECK_SECONDS = 4;
const PRECHECK_PERIOD = 0.2;
/** A sample a second once calls are measured. */
const RUN_PERIOD = 1;
/** Samples the watch judges at once during the run: ten seconds, so one slow sample is no spell. */
const WINDOW = 10;

export interface MachineWatchOptions {
  /** The calibration's work dir: machine.jsonl and host.json go there. */
  dir: string;
  cores: number;
  /** Calibrate on a busy machine anyway. */
  force: boolean;
  /** Loud lines for the user (stderr). */
  warn: (line: string) => void;
  signal?: AbortSignal;
  /** Busyness before the run and during it; the thresholds in busy.ts by default. */
  judgeIdle?: Judge;
  judgeDuringRun?: Judge;
  precheckSeconds?: number;
  /** Seconds between samples once calls are measured (default 1). */
  runPeriod?: number;
}

export interface MachineWatch {
  /** The pre-check's verdict (busy only reaches here with --force). */
  precheck: { busy: boolean; reasons: string[]; baseline: number | undefined };
  conditions(): MachineConditions | undefined;
  stop(): Promise<void>;
}

/** A busy machine without --force: exit 2, saying what was seen. */
export class BusyMachineError extends InputError {}

/**
 * Starts the recorder, runs the pre-check and, unless the machine is quiet or `force`,
 * throws BusyMachineError (the recorder stopped). Stopped by `signal` during the pre-check,
 * it returns with what it had. An earlier run's machine.jsonl (a resumed calibration) moves
 * aside: its samples are measurements too.
 */
export async function startMachineWatch(o: MachineWatchOptions): Promise<MachineWatch> {
  const file = path.join(o.dir, MACHINE_FILE);
  if (existsSync(file)) renameSync(file, path.join(o.dir, `machine-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`));
  const idle = o.judgeIdle ?? judgeIdle;
  const during = o.judgeDuringRun ?? judgeDuringRun;
  const episodes: NonNullable<MachineConditions['episodes']> = [];
  let precheckCount = Infinity; // every sample is the pre-check's until it ends
  const onSample = (s: MachineSample) => {
    if (recorder.samples.length <= precheckCount) return;
    const verdict = during(recorder.samples.slice(Math.max(precheckCount, recorder.samples.length - WINDOW)), o.cores);
    const open = episodes.at(-1)?.end === null ? episodes.at(-1) : undefined;
    if (verdict.busy && !open) {
      episodes.push({ start: s.t, end: null, reason: verdict.reasons.join('; ') });
      o.warn(`warning: the machine turned busy ${s.t.toFixed(0)} s into the calibration: ${verdict.reasons.join('; ')}; calls measured now are slowed by it (recorded in the profile's conditions)`);
    } else if (!verdict.busy && open) {
      open.end = s.t;
      o.warn(`the machine is quiet again ${s.t.toFixed(0)} s in (busy for ${(s.t - open.start).toFixed(0)} s)`);
    }
  };
  const recorder: MachineRecorder = startMachineRecorder({ dir: o.dir, period: PRECHECK_PERIOD, onSample });
  const seconds = o.precheckSeconds ?? PRECHECK_SECONDS;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until && !o.signal?.aborted && !recorder.failure()) await recorder.waitForSamples(recorder.samples.length + 1, Math.min(250, until - Date.now()));
  precheckCount = recorder.samples.length;
  const precheckSamples = recorder.samples.slice(0, precheckCount);
  recorder.setPeriod(o.runPeriod ?? RUN_PERIOD);
  const verdict = precheckSamples.length > 0 ? idle(precheckSamples, o.cores) : { busy: false, reasons: [] };
  const failure = recorder.failure();
  if (failure) o.warn(`warning: ${failure}: the machine's conditions are not recorded`);
  if (verdict.busy && !o.force && !o.signal?.aborted) {
    await recorder.stop();
    throw new BusyMachineError(
      `THE MACHINE IS BUSY, calibration not started: ${verdict.reasons.join('; ')} (pre-check of ${precheckSamples.length} probe samples over ${seconds} s; thresholds in calibrate/README.md). ` +
      'Whatever else runs now would go into every measured time. Wait for it to quiet down, or re-run with --force to calibrate anyway.',
    );
  }
  if (verdict.busy) o.warn(`WARNING: the machine is busy (${verdict.reasons.join('; ')}); calibrating anyway (--force): the profile records it (conditions.busy, conditions.forced)`);
  return {
    precheck: { ...verdict, baseline: precheckSamples.length > 0 ? median(precheckSamples.map((s) => s.probe)) : undefined },
    conditions: () => machineConditions({
      precheck: precheckSamples,
      run: recorder.samples.slice(precheckCount),
      busy: verdict.busy || episodes.length > 0,
      forced: verdict.busy && o.force,
      episodes,
    }),
    stop: () => recorder.stop(),
  };
}
