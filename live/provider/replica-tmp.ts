import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { readProcessStat, stillRunning } from '../../sim/process/process-stat.ts';

// Where a provider makes its replicas' private TMPDIRs: a folder of its own under its state
// folder, `<state>/tmp/<pid>-<start time>-<random>`. A replica's TMPDIR is removed when the
// replica exits; this folder when the provider closes. A provider killed with SIGKILL leaves
// its folder behind (its replicas die with it: lifeline.ts), so each provider, as it starts,
// removes the folders in `<state>/tmp` whose provider process is no longer running — only
// folders named as it names them, and never those of a provider still running (several may
// share a state folder: `live up` and `live run` both use .fave/).

const OWNER = /^(\d+)-(\d+)-[0-9a-f]+$/;

/** Whether the process that named a folder `name` is still running. Unknown names count as running. */
function ownerRunning(name: string): boolean {
  const match = OWNER.exec(name);
  if (!match) return true;
  const pid = Number(match[1]);
  if (readProcessStat(process.pid)) return stillRunning({ pid, startTime: match[2]! });
  // No /proc (not Linux): the pid alone, which a reused pid can fool into keeping a folder.
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the replica TMPDIR folders of providers that are no longer running; their names. */
export function sweepStaleReplicaTmp(stateDir: string): string[] {
  const root = path.join(stateDir, 'tmp');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return []; // no folder yet
  }
  const stale = names.filter((name) => OWNER.test(name) && !ownerRunning(name));
  for (const name of stale) rmSync(path.join(root, name), { recursive: true, force: true });
  return stale;
}

export interface ReplicaTmp {
  /** This provider's folder. */
  readonly dir: string;
  /** A new private TMPDIR for replica `id`, under `parent` (default this provider's folder). */
  make(id: string, parent?: string): Promise<string>;
  /** Removes a replica's TMPDIR, whatever is in it. */
  remove(dir: string): Promise<void>;
  /** Removes this provider's folder (synchronous: also used from the process's exit hook). */
  close(): void;
}

const REMOVE = { recursive: true, force: true, maxRetries: 10, retryDelay: 50 } as const;

/** Sweeps stale folders (logging each); this provider's own is made with its first TMPDIR. */
export function openReplicaTmp(stateDir: string, log: (line: string) => void): ReplicaTmp {
  for (const name of sweepStaleReplicaTmp(stateDir)) log(`removed replica TMPDIRs left by a provider no longer running: ${path.join(stateDir, 'tmp', name)}`);
  const start = readProcessStat(process.pid)?.startTime ?? '0';
  const dir = path.join(stateDir, 'tmp', `${process.pid}-${start}-${randomBytes(4).toString('hex')}`);
  return {
    dir,
    async make(id, parent = dir) {
      if (parent === dir) await mkdir(dir, { recursive: true, mode: 0o700 });
      return mkdtemp(path.join(parent, `replica-${id}-`));
    },
    // Retried: a replica just killed (or its exit handler's own remove) may still be writing
    // or deleting inside the tree for a few milliseconds, which makes rmdir fail ENOTEMPTY.
    remove: (replicaDir) => rm(replicaDir, REMOVE),
    close: () => rmSync(dir, REMOVE),
  };
}
