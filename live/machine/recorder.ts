// The machine recorder: runs the probe (probe.mjs) in a child process and, for each probe
// sample, adds the 1-minute load average and the steal fraction since the previous sample,
// appending one JSON line per sample to `<dir>/machine.jsonl`:
//   {"t": seconds since the recorder started, "probe": seconds the fixed work took,
//    "load1": os.loadavg()[0], "steal": 0..1 or null}
// and describes the host in `<dir>/host.json` (sim/profile/host.ts). Live runs and
// calibrations start one with their run and stop it when they end, however they end; the
// child exits by itself when this process dies (its stdin closes: see probe.mjs).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeHost } from '../../sim/profile/host.ts';
import { type CpuTimes, readCpuTimes, stealFraction } from './proc-stat.ts';

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'probe.mjs');
/** After stdin closes the probe exits at once; past this it is killed. */
const STOP_GRACE_MS = 2_000;

export interface MachineSample {
  t: number;
  probe: number;
  load1: number;
  steal: number | null;
  /**
   * Seconds on the run's own clock (the arrival times of requests.jsonl), from the moment
   * the run started it (startRunClock): the recorder starts before the platform and its
   * warm-up, so `t - run` is how far the two clocks are apart.
   */
  run?: number;
}

export interface RecorderOptions {
  /** machine.jsonl and host.json go here (created by the caller). */
  dir: string;
  /** Seconds between samples (default 1). */
  period?: number;
  onSample?: (s: MachineSample) => void;
  /** CPU times for the steal fraction (default /proc/stat; tests give their own). */
  cpuTimes?: () => CpuTimes | undefined;
}

export interface MachineRecorder {
  /** Every sample so far, in order. */
  readonly samples: MachineSample[];
  /** The probe's process id. */
  readonly pid: number;
  /** Why the probe stopped on its own (it should not), or undefined. */
  failure(): string | undefined;
  /** Samples from now on come every `seconds` (the calibration's pre-check samples faster). */
  setPeriod(seconds: number): void;
  /** Resolves once `n` samples have come in total, or after `timeoutMs`, whichever is first. */
  waitForSamples(n: number, timeoutMs: number): Promise<void>;
  /** The run's clock started at `perfNowMs` (performance.now()): later samples carry `run`. */
  startRunClock(perfNowMs: number): void;
  /** Ends the probe and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

export const MACHINE_FILE = 'machine.jsonl';
export const HOST_FILE = 'host.json';

export function startMachineRecorder(o: RecorderOptions): MachineRecorder {
  const file = path.join(o.dir, MACHINE_FILE);
  writeFileSync(path.join(o.dir, HOST_FILE), `${JSON.stringify(describeHost(), null, 2)}\n`);
  writeFileSync(file, '');
  const cpuTimes = o.cpuTimes ?? (() => readCpuTimes());
  const t0 = performance.now();
  let runOrigin: number | null = null;
  let previous = cpuTimes();
  const samples: MachineSample[] = [];
  const waiters = new Set<() => void>();
  let stopping = false;
  let failure: string | undefined;
  let stderr = '';

  // Bare node, an empty environment (nothing of ours, e.g. NODE_OPTIONS or a loader, goes to
  // it) and no arguments: the script is ours and fixed.
  const child: ChildProcess = spawn(process.execPath, [PROBE], { stdio: ['pipe', 'pipe', 'pipe'], env: {} });
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    if (!stopping) failure = `the machine probe exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`;
    for (const w of waiters) w();
    resolve();
  }));
  child.on('error', (e) => (failure = `the machine probe could not run: ${e.message}`));
  child.stdin!.on('error', () => undefined); // the probe gone: its exit says so
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let probe: unknown;
      try {
        probe = (JSON.parse(line) as { probe: unknown }).probe;
      } catch {
        continue; // not ours to crash on: the probe writes only JSON lines
      }
      if (typeof probe !== 'number' || !(probe > 0) || !Number.isFinite(probe)) continue;
      const now = cpuTimes();
      const at = performance.now();
      const s: MachineSample = {
        t: Math.round(at - t0) / 1000,
        probe,
        load1: os.loadavg()[0]!,
        steal: stealFraction(previous, now),
        ...(runOrigin !== null ? { run: Math.round(at - runOrigin) / 1000 } : {}),
      };
      previous = now;
      samples.push(s);
      appendFileSync(file, `${JSON.stringify(s)}\n`);
      o.onSample?.(s);
      for (const w of waiters) w();
    }
  });
  const setPeriod = (seconds: number) => {
    if (!stopping) child.stdin!.write(`${JSON.stringify({ period: seconds })}\n`);
  };
  setPeriod(o.period ?? 1);

  return {
    samples,
    pid: child.pid ?? -1,
    failure: () => failure,
    setPeriod,
    startRunClock: (perfNowMs) => {
      runOrigin = perfNowMs;
    },
    waitForSamples(n, timeoutMs) {
      return new Promise<void>((resolve) => {
        const done = () => {
          if (samples.length < n && !failure && child.exitCode === null && !stopping) return;
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve();
        }, timeoutMs);
        waiters.add(done);
        done();
      });
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        child.stdin!.end();
        for (const w of waiters) w();
      }
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}
