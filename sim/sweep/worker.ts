// A sweep worker thread: reads the profile once, then runs one (point, seed) task per
// message with runScenario and sends back only what the sweep keeps — the replication
// summary and the end-to-end histogram — never the full result.
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import type { SeedRun } from './metrics.ts';

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

export type Reply = { id: number; run: SeedRun } | { id: number; error: { name: string; message: string } } | { ready: true } | { fatal: { name: string; message: string } };

const init = workerData as WorkerInit;
const port = parentPort!;
let profile: CalibrationProfile | null = null;

function send(reply: Reply): void {
  port.postMessage(reply);
}

port.on('message', (task: Task) => {
  try {
    const result = runScenario(init.scenarios[task.point]!, profile, init.profilePath, init.source, { seed: task.seed, replications: 1 });
    const v = result.variants[0]!;
    send({ id: task.id, run: { summary: v.replications[0]!, e2e: v.histograms.e2e } });
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
