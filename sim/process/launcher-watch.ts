import { type ProcessStat, readProcessStat, stillRunning } from './process-stat.ts';

// A command run as `npm run x` is a chain npm → sh → tsx → node, and not every way of
// stopping it reaches the last node: npm forwards SIGTERM and SIGINT to sh, which dies of
// them without passing them on, and it does not forward SIGHUP at all (npm dies, sh lives
// on); tsx relays only SIGINT and SIGTERM; a SIGKILL reaches nobody. Each time some process
// between the launcher and this one ends and this one is left running, orphaned. So the
// node process watches its launchers and stops when one of them is gone.

/**
 * The processes this one's life hangs on: its parent, then every further ancestor in its
 * process group. A shell with job control gives each command line a group of its own, so the
 * walk stops below the shell (whose exit must not stop a `setsid` or `&` job) and takes in
 * npm, sh and tsx. Empty where there is no /proc.
 */
export function launcherChain(pid = process.pid): ProcessStat[] {
  const self = readProcessStat(pid);
  if (!self) return [];
  const chain: ProcessStat[] = [];
  for (let child = self; ; ) {
    const parent = readProcessStat(child.ppid);
    // pid 1 (init, or a container's entry point) outlives everything it starts.
    if (!parent || parent.pid <= 1) break;
    if (chain.length > 0 && parent.pgid !== self.pgid) break;
    chain.push(parent);
    child = parent;
  }
  return chain;
}

export interface LauncherWatchOptions {
  /** How often the chain is looked at (default 500 ms). */
  intervalMs?: number;
}

/**
 * Calls `onGone` once, with a description, when a process of the launcher chain has ended
 * (or, without /proc, when the parent has). Returns a function that stops watching. The timer
 * does not keep the process alive.
 */
export function watchLauncher(onGone: (what: string) => void, options: LauncherWatchOptions = {}): () => void {
  const chain = launcherChain();
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = chain.find((p) => !stillRunning(p));
    const what = gone ? `launcher ${gone.comm} (pid ${gone.pid}) is gone` : process.ppid !== parent ? `parent process ${parent} is gone` : undefined;
    if (what === undefined) return;
    clearInterval(timer);
    onGone(what);
  }, options.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
