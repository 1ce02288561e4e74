// A sweep worker thread: reads the profile once, then runs one (point, seed) task per
// message with runScenario and sends back only what the sweep keeps — the replication
// summary and the end-to-end histogram — never the full result.
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { SeedRun } from './metrics.ts';
import { runSeed } from './run-seed.ts';
import { TraceCache } from './traces.ts';

export interface WorkerInit {
  profilePath: string | null;
  source: string;
  scenarios: Scenario[]; // by point index, validated by the main thread
}

export interface Task {
  id: number;
  point: number;
  seed: number;
}

export type Reply =
  | { id: number; run: SeedRun }
  | { id: number; error: { name: string; message: string } }
  | { id: number; progress: number } // the fraction of a long task done, at most once a second
  | { ready: true }
  | { fatal: { name: string; message: string } };

const PROGRESS_EVERY_MS = 1000;

const init = workerData as WorkerInit;
const port = parentPort!;
let profile: CalibrationProfile | null = null;
const traces = new TraceCache(init.source);

function send(reply: Reply): void {
  port.postMessage(reply);
}

port.on('message', (task: Task) => {
  try {
    const scenario = init.scenarios[task.point]!;
    let last = Date.now();
    const onProgress = (fraction: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      send({ id: task.id, progress: fraction });
    };
    send({ id: task.id, run: runSeed(scenario, profile, init.source, task.seed, traces.of(scenario), onProgress) });
  } catch (e) {
    send({ id: task.id, error: { name: (e as Error).name, message: (e as Error).message } });
  }
});

try {
  profile = init.profilePath ? await loadProfile(init.profilePath) : null;
  send({ ready: true });
} catch (e) {
  send({ fatal: { name: (e as Error).name, message: (e as Error).message } });
}
