// Runs sweep tasks on worker threads. Each worker takes the next task when it finishes one
// (slow points do not hold up the rest); results are stored by task id, so what comes out
// does not depend on the number of workers or on which finished first. An abort signal
// (Ctrl-C) terminates the workers and rejects.
import { Worker } from 'node:worker_threads';
import type { SeedRun } from './metrics.ts';
import type { Reply, Task, WorkerInit } from './worker.ts';
import { EXIT, FaveError } from '../process/errors.ts';

export class SweepAbortedError extends FaveError {
  override readonly exitCode = EXIT.stopped;
  constructor() {
    super('sweep interrupted');
    this.name = 'SweepAbortedError';
  }
}

/** A task failed in a worker: the point, the seed and the worker's message. */
export class SweepTaskError extends Error {
  constructor(readonly task: Task, message: string) {
    super(`point ${task.point}, seed ${task.seed}: ${message}`);
    this.name = 'SweepTaskError';
  }
}

export interface PoolOptions {
  workers: number;
  /** `done` counts finished tasks; `running`, the fractions done of those under way (a pool
   * that cannot tell leaves it out). */
  onProgress?: (done: number, total: number, task: Task, running?: number) => void;
  signal?: AbortSignal;
}

// worker-boot.mjs registers tsx in the thread, then loads worker.ts.
const workerUrl = new URL('./worker-boot.mjs', import.meta.url);

export function runTasks(tasks: Task[], init: WorkerInit, opts: PoolOptions): Promise<SeedRun[]> {
  const results: SeedRun[] = new Array(tasks.length);
  if (tasks.length === 0) return Promise.resolve(results);
  const count = Math.max(1, Math.min(opts.workers, tasks.length));
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    const partial = new Map<number, number>(); // task id -> fraction done, while it runs
    const running = () => [...partial.values()].reduce((a, b) => a + b, 0);
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      // terminate() stops a worker even mid-task; wait for all before settling so no
      // thread outlives the sweep.
      void Promise.all(workers.map((w) => w.terminate())).then(() => (err ? reject(err) : resolve(results)));
    };
    const onAbort = () => finish(new SweepAbortedError());
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    const dispatch = (w: Worker) => {
      if (next < tasks.length) w.postMessage(tasks[next++]!);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerUrl, { workerData: init });
      workers.push(w);
      w.on('message', (msg: Reply) => {
        if (settled) return;
        // Two tasks queued per worker: it starts the next one while the main thread
        // handles the reply to the last.
        if ('ready' in msg) return (dispatch(w), dispatch(w));
        if ('fatal' in msg) return finish(Object.assign(new Error(msg.fatal.message), { name: msg.fatal.name }));
        const task = tasks[msg.id]!;
        if ('error' in msg) return finish(new SweepTaskError(task, msg.error.message));
        if ('progress' in msg) {
          partial.set(msg.id, msg.progress);
          return opts.onProgress?.(done, tasks.length, task, running());
        }
        partial.delete(msg.id);
        results[msg.id] = msg.run;
        opts.onProgress?.(++done, tasks.length, task, running());
        if (done === tasks.length) return finish(null);
        dispatch(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`a sweep worker exited (code ${code}) before the sweep ended`));
      });
    }
  });
}
