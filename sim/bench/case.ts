// Runs one benchmark case and prints one JSON line: CPU seconds of the simulation, events,
// requests, calls, rates and peak RSS. Run by run.ts in a fresh process per case.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseProfile } from '../profile/load.ts';
import { runGeneralReplication } from '../run/replication.ts';
import { runScenario } from '../run/run-scenario.ts';
import { summarizeReplication } from '../run/summarize.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { CASES } from './cases.ts';

const c = CASES.find((x) => x.name === process.argv[2]);
if (!c) {
  console.error(`unknown case '${process.argv[2]}' (cases: ${CASES.map((x) => x.name).join(', ')})`);
  process.exit(2);
}
const profilePath = new URL('../../profiles/default.json', import.meta.url);
const profile = c.profile ? parseProfile(JSON.parse(readFileSync(profilePath, 'utf8')), 'profiles/default.json') : null;
await settle();
const main0 = mainThreadCpu();
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const rep = c.generalPath
  ? summarizeReplication(runGeneralReplication(resolveScenario(c.scenario, profile, c.name), c.scenario.seed))
  : runScenario(c.scenario, profile, null, c.name).variants[0]!.replications[0]!;
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - wall0) / 1000;
const mainSeconds = mainThreadCpu() - main0;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const calls = Object.values(rep.functions).reduce((a, f) => a + f.calls, 0);
console.log(
  JSON.stringify({
    name: c.name,
    target: c.target,
    cpuSeconds,
    mainThreadSeconds: mainSeconds,
    wallSeconds: wall,
    events: rep.events,
    requests: rep.requests,
    calls,
    eventsPerSecond: rep.events / cpuSeconds,
    requestsPerSecond: rep.requests / cpuSeconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ok: rep.outcomes.ok,
  }),
);

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

/** Waits until the process is idle: loading the modules through tsx leaves V8 compiling its
 * parser on background threads for a few hundred milliseconds, and process.cpuUsage counts
 * every thread. The measurement should count the simulation (its own JIT and GC included). */
async function settle(): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const c0 = process.cpuUsage();
    await sleep(50);
    const c = process.cpuUsage(c0);
    if (c.user + c.system < 2500) return; // under 5% of a core
  }
}
