// The timers a live run's sender keeps (arrivals, grace periods): each forgets itself when it
// fires, and every one still pending is cleared when the run ends, so a finished run leaves
// nothing that could fire into a closed platform.
export interface RunTimers {
  /** Calls `fn` after `seconds` (at once when negative). */
  later(seconds: number, fn: () => void): void;
  /** Calls `fn` once the run's clock reads `t` seconds or more, never before. */
  at(t: number, fn: () => void): void;
  /** Clears every timer not yet fired. */
  clear(): void;
}

/** Timers for a run whose clock is `now()` (seconds since its start, from performance.now()). */
export function runTimers(now: () => number): RunTimers {
  const pending = new Set<NodeJS.Timeout>();
  const timers: RunTimers = {
    later(seconds, fn) {
      const t = setTimeout(() => {
        pending.delete(t);
        fn();
      }, Math.max(0, seconds * 1000));
      pending.add(t);
    },
    // Node's timers count from the event loop's cached time, which can lag performance.now()
    // by up to a millisecond, so a timer can fire that much early by the run's clock (CI saw a
    // request sent at 0.09976 s for its arrival at 0.1 s): one that did waits out the rest.
    at(t, fn) {
      timers.later(t - now(), () => (now() >= t ? fn() : timers.at(t, fn)));
    },
    clear() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
  };
  return timers;
}
