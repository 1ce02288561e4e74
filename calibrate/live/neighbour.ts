// The interference step: how much slower a stage's warm calls run while the node's other
// cores are busy with other work. Processor sharing (which the simulator applies itself)
// says a call with a core to itself runs at full speed; on this machine it does not (a
// pocketsphinx decode ran 9% slower beside one x264 encode on the other core), and in a
// burst that is most of the time. Embedded target only: the neighbour must share the
// stages' node, and a calibrating client cannot start work on a cluster's nodes.
//
// The neighbour is one single-threaded x264 encode per other core, media work like the
// pipeline's own. It is paused (SIGSTOP) for the calls alone and resumed (SIGCONT) for the
// calls beside it, so the two kinds alternate call by call and a machine whose speed drifts
// biases neither.
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { measureOk } from './invoke.ts';
import { oneReady, type StepContext } from './steps.ts';

export interface NeighbourRecord {
  /** Handler durations of a call alone and of the next one beside the neighbour. */
  alone: number;
  busy: number;
  /** Single-threaded neighbour processes (the node's cores − 1). */
  neighbours: number;
}

/** Lets the neighbour reach full speed after SIGCONT before a call starts. */
const SETTLE_MS = 150;

/** Pairs of warm calls, alone and beside a CPU-bound neighbour, into one replica. */
export async function neighbourStep(c: StepContext, stage: string): Promise<void> {
  const step = `${stage}.neighbour`;
  const done = c.work.records<NeighbourRecord>(step).length;
  if (c.plan.neighbour === 0 || done >= c.plan.neighbour) return;
  const cores = os.availableParallelism();
  if (c.t.kind !== 'embedded' || cores < 2) {
    const why = c.t.kind !== 'embedded' ? 'the target is not on this machine' : 'this machine has one core';
    if (!c.notes.some((n) => n.startsWith('interference not measured'))) c.notes.push(`interference not measured: ${why}.`);
    for (let i = done; i < c.plan.neighbour; i++) c.tick(`${stage} interference (skipped)`);
    return;
  }
  await oneReady(c, stage); // a resumed run may come here with the stage at zero
  const hogs = startNeighbours(cores - 1);
  try {
    for (let i = done; i < c.plan.neighbour; i++) {
      if (c.signal.aborted) return;
      signal(hogs, 'SIGSTOP');
      const alone = await measureOk(c.t.url, stage, c.body(stage, 'neighbour-alone', i), c.telemetry);
      signal(hogs, 'SIGCONT');
      await sleep(SETTLE_MS);
      const busy = await measureOk(c.t.url, stage, c.body(stage, 'neighbour-busy', i), c.telemetry);
      c.work.append<NeighbourRecord>(step, { alone: alone.duration, busy: busy.duration, neighbours: hogs.length });
      c.tick(`${stage} interference`);
    }
  } finally {
    signal(hogs, 'SIGCONT'); // a stopped process ignores SIGTERM until continued
    for (const h of hogs) h.kill('SIGTERM');
  }
}

/** An hour of synthetic video at most: ended in `finally`, but a killed calibration must not
 * leave an encoder running for ever. */
function startNeighbours(n: number): ChildProcess[] {
  return Array.from({ length: n }, () =>
    spawn(ffmpeg.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=25:duration=3600', '-c:v', 'libx264', '-threads', '1', '-preset', 'fast', '-f', 'null', '-'], { stdio: 'ignore' }),
  );
}

function signal(hogs: ChildProcess[], sig: NodeJS.Signals): void {
  for (const h of hogs) if (h.exitCode === null) h.kill(sig);
}
