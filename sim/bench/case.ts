// One benchmark case, measured in the process that runs it: CPU seconds of the simulation,
// events, requests, calls, rates and peak RSS. run.ts runs each case in a fresh process of
// its own (so peak memory is the case's), as the `bench` command's bundle, which is what a
// user's `./fave sim` runs: under tsx, with each source its own ES module and tsx's loader in
// the process, pipeline-1M took ~1.15× the CPU (docs/performance.md, "The bench measures the
// bundle").
import { readFileSync } from 'node:fs';
import { parseProfile } from '../profile/load.ts';
import { runGeneralReplication } from '../run/replication.ts';
import { runScenario } from '../run/run-scenario.ts';
import { summarizeReplication } from '../run/summarize.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { CASES } from './cases.ts';

/** What run.ts reads back from a case's process, one JSON line. */
export interface CaseResult {
  name: string;
  target: string;
  cpuSeconds: number;
  mainThreadSeconds: number;
  wallSeconds: number;
  events: number;
  requests: number;
  calls: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  peakRssMB: number;
  ok: number;
}

/** The environment variable that makes the bench command run one case (run.ts sets it for
 * the process it starts) instead of the table of them. */
export const CASE_ENV = 'FAVE_BENCH_CASE';

/** Runs the named case once, in this process, and measures it. */
export function runCase(name: string): CaseResult {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`unknown case '${name}' (cases: ${CASES.map((x) => x.name).join(', ')})`);
  const profilePath = new URL('../../profiles/default.json', import.meta.url);
  const profile = c.profile ? parseProfile(JSON.parse(readFileSync(profilePath, 'utf8')), 'profiles/default.json') : null;
  settle();
  const main0 = mainThreadCpu();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const rep = c.generalPath
    ? summarizeReplication(runGeneralReplication(resolveScenario(c.scenario, profile, c.name), c.scenario.seed))
    : runScenario(c.scenario, profile, null, c.name).variants[0]!.replications[0]!;
  const cpu = process.cpuUsage(cpu0);
  const wallSeconds = (performance.now() - wall0) / 1000;
  const mainThreadSeconds = mainThreadCpu() - main0;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const calls = Object.values(rep.functions).reduce((a, f) => a + f.calls, 0);
  return {
    name: c.name,
    target: c.target,
    cpuSeconds,
    mainThreadSeconds,
    wallSeconds,
    events: rep.events,
    requests: rep.requests,
    calls,
    eventsPerSecond: rep.events / cpuSeconds,
    requestsPerSecond: rep.requests / cpuSeconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ok: rep.outcomes.ok,
  };
}

/** CPU seconds of the main thread alone, where the simulation runs: process.cpuUsage also
 * counts V8's helper threads (concurrent GC marking, compilation), which run on another
 * core when there is one. NaN where /proc is not there. Clock ticks are 10 ms. */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

/** Waits until the process is idle: V8 goes on compiling what loading ran (the profile's
 * validator, the bundle's functions) on background threads for a while after, and
 * process.cpuUsage counts every thread. The measurement should count the simulation (its own
 * JIT and GC included). The main thread sleeps in Atomics.wait meanwhile: the case runs
 * synchronously, in a CommonJS bundle, where there is no top-level await. */
function settle(): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 40; i++) {
    const c0 = process.cpuUsage();
    Atomics.wait(sleeper, 0, 0, 50);
    const c = process.cpuUsage(c0);
    if (c.user + c.system < 2500) return; // under 5% of a core
  }
}
