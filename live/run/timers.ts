// The timers a live run's sender keeps (arrivals, grace periods): each forgets itself when it
// fires, and every one still pending is cleared when the run ends, so a finished run leaves
// nothing that could fire into a closed platform.
export interface RunTimers {
  /** Calls `fn` after `seconds` (at once when negative). */
  later(seconds: number, fn: () => void): void;
  /** Clears every timer not yet fired. */
  clear(): void;
}

export function runTimers(): RunTimers {
  const pending = new Set<NodeJS.Timeout>();
  return {
    later(seconds, fn) {
      const t = setTimeout(() => {
        pending.delete(t);
        fn();
      }, Math.max(0, seconds * 1000));
      pending.add(t);
    },
    clear() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
  };
}
