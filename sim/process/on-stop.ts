import { watchLauncher } from './launcher-watch.ts';

// One way for a long-running command to be told to stop: Ctrl-C (SIGINT), SIGTERM (kill,
// service managers, npm passing it on), SIGHUP (the terminal closed), or its launcher gone
// (see launcher-watch.ts). The command does what it does on Ctrl-C in every case.

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
export type StopCause = StopSignal | 'launcher gone';

export interface StopRequest {
  cause: StopCause;
  /** 1 for the first request, 2 for the next, ...: a command may quit at once on the second. */
  count: number;
  /** What happened, for a message: the signal's name, or which launcher process ended. */
  detail: string;
}

/**
 * Calls `handler` on each stop signal and once when the launcher is gone. Installing a
 * handler replaces Node's default (exit at once) for those signals, so the handler must end
 * the process. Returns a function that removes everything.
 */
export function onStop(handler: (request: StopRequest) => void, options: { intervalMs?: number } = {}): () => void {
  let count = 0;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => handler({ cause: signal, count: ++count, detail: signal });
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  const unwatch = watchLauncher((what) => handler({ cause: 'launcher gone', count: ++count, detail: what }), options);
  return () => {
    unwatch();
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
}
