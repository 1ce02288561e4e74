// Progress of a live run on stderr: requests done/total, in flight, ETA. The ETA is the time
// to the last planned arrival plus the mean latency of the requests done so far (a run is
// paced by its arrivals, not by how fast requests finish). On a terminal the line is
// rewritten in place; in logs one line every `everySeconds`.

export interface Progress {
  start(): void;
  done(latency: number): void;
  stop(): void;
}

export function formatProgress(done: number, total: number, inFlight: number, etaSeconds: number | undefined): string {
  const eta = etaSeconds === undefined ? '?' : `${Math.max(0, Math.round(etaSeconds))} s`;
  return `live: ${done}/${total} requests done, ${inFlight} in flight, ETA ${eta}`;
}

/** ETA in seconds at `now`, or undefined before any request finished. */
export function etaOf(now: number, lastArrival: number, done: number, total: number, latencySum: number): number | undefined {
  if (done >= total) return 0;
  if (done === 0) return undefined;
  return Math.max(lastArrival - now, 0) + latencySum / done;
}

export function createProgress(arrivals: readonly number[], write: (text: string) => void, tty: boolean, everySeconds = 5): Progress {
  const total = arrivals.length;
  const lastArrival = arrivals.at(-1) ?? 0;
  let t0 = 0;
  let done = 0;
  let latencySum = 0;
  let timer: NodeJS.Timeout | undefined;
  const line = () => {
    const now = (performance.now() - t0) / 1000;
    let due = 0;
    while (due < total && arrivals[due]! <= now) due++;
    return formatProgress(done, total, Math.max(0, due - done), etaOf(now, lastArrival, done, total, latencySum));
  };
  const show = () => write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
  return {
    start() {
      t0 = performance.now();
      timer = setInterval(show, (tty ? 1 : everySeconds) * 1000);
      timer.unref();
    },
    done(latency: number) {
      done++;
      latencySum += latency;
      if (tty) show();
    },
    stop() {
      if (timer) clearInterval(timer);
      show();
      if (tty) write('\n');
    },
  };
}
