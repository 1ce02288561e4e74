// The machine probe: a child process of live/machine/recorder.ts (started with
// process.execPath and no arguments). Every `period` seconds it times a FIXED amount of CPU
// work and writes the seconds it took as a JSON line on stdout: {"probe": 0.0034}. The work is
// never sized to the machine, so the same work on a slower (or busier, or stolen-from)
// machine takes longer, and the numbers compare across runs and hosts.
//
// Plain JavaScript, not TypeScript: it starts with bare node (no tsx loader to compile and
// hold in memory), so it costs little besides its own work.
//
// Protocol. stdin: JSON lines {"period": seconds} set (or change) the period; the first line
// starts the sampling. stdin's end means the recorder is gone (stopped, or its process died
// in any way, SIGKILL included: the kernel closes the pipe), and the probe exits, so it never
// outlives the process that started it (as live/provider/lifeline.ts does for replicas).
import { performance } from 'node:perf_hooks';

/** xorshift32 steps per sample: about 3.3 ms on the 2-core VM of docs/measurements.md.
 * Fixed on purpose (see above); changing it changes every probe number. */
const ITERATIONS = 2_000_000;
const MIN_PERIOD = 0.05;
const MAX_PERIOD = 3600;

function work() {
  let x = 0x2545f491 | 0;
  let acc = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    acc = (acc + (x & 0xffff)) | 0;
  }
  return acc;
}

// The first runs are interpreted or half-compiled: run it until the JIT has settled, and keep
// the checksum, so the loop's result is used and cannot be optimised away.
const expected = work();
for (let i = 0; i < 4; i++) if (work() !== expected) throw new Error('probe: the fixed work is not deterministic');

let periodMs = 0;
let timer;

function sample() {
  const start = performance.now();
  const sum = work();
  const seconds = (performance.now() - start) / 1000;
  if (sum !== expected) throw new Error('probe: the fixed work is not deterministic');
  process.stdout.write(`${JSON.stringify({ probe: seconds })}\n`);
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(function tick() {
    sample();
    timer = setTimeout(tick, periodMs);
  }, periodMs);
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const period = Number(JSON.parse(line).period);
    if (!(period >= MIN_PERIOD && period <= MAX_PERIOD)) throw new Error(`probe: period must be ${MIN_PERIOD}..${MAX_PERIOD} s, got ${line}`);
    const first = periodMs === 0;
    periodMs = period * 1000;
    if (first) sample(); // one at once: a short pre-check should not lose its first period
    schedule();
  }
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
// A recorder that stopped reading: nothing left to report to.
process.stdout.on('error', () => process.exit(0));
