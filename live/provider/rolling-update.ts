import { setTimeout as sleep } from 'node:timers/promises';
import type { Replica } from './replica.ts';

// An update (PUT /system/functions) as Kubernetes rolls out the Deployment faas-netes made:
// strategy RollingUpdate with maxUnavailable 0 and maxSurge 1 (faas-netes at 662ce9c,
// pkg/handlers/deploy.go makeDeploymentSpec; update.go changes the pod template, with a fresh
// "uid" label, so every update rolls). One replica of the new spec is started beside the old
// ones; once it is ready an old one is stopped, and so on: the ready count never drops below
// the replicas asked for, so calls during an update always find a ready replica. The
// Deployment controller's sums (kubernetes pkg/controller/deployment/rolling.go):
//   new ones may start while  all ≤ desired + maxSurge  (and new ≤ desired);
//   old ones may stop         all − (desired − maxUnavailable) − new-not-ready  of them,
// the not-ready old ones first.

export const FAAS_NETES_STRATEGY = { maxSurge: 1, maxUnavailable: 0 } as const;

export interface RolloutTarget {
  /** The replicas asked for now (a scale during the rollout changes it). */
  desired(): number;
  /** Replicas of every revision not on their way out. */
  live(): Replica[];
  /** Starts one replica of the new spec; undefined when it could not be started at all. */
  startNew(): Promise<Replica | undefined>;
  stop(replica: Replica): void;
  /** False once a newer update or a delete took over. */
  current(): boolean;
}

export interface RolloutOptions {
  /** How often the rollout looks at readiness (the controller reacts to pod updates). */
  pollMs: number;
  /** First wait after a new replica died before it was ready; doubles, as CrashLoopBackOff. */
  retryDelayMs: number;
  maxSurge?: number;
  maxUnavailable?: number;
}

/** Replaces the replicas in `old` by new ones; resolves when none of `old` is left and the new
 * ones number `desired()` (ready or starting), or when superseded. */
export async function rollOut(target: RolloutTarget, old: ReadonlySet<Replica>, options: RolloutOptions): Promise<void> {
  const maxSurge = options.maxSurge ?? FAAS_NETES_STRATEGY.maxSurge;
  const maxUnavailable = options.maxUnavailable ?? FAAS_NETES_STRATEGY.maxUnavailable;
  let starting = 0;
  let failures = 0;
  let retryAt = 0;
  const failed = () => {
    failures++;
    retryAt = Date.now() + options.retryDelayMs * 2 ** Math.min(failures - 1, 5);
  };
  const watch = (replica: Replica | undefined) => {
    starting--;
    if (!replica) return failed();
    // Died before it was ever ready, and not because it was stopped: a crash, or the OOM killer.
    void replica.exited.then((exit) => {
      if (replica.readyAt === undefined && (exit.reason === undefined || exit.reason === 'oom-killed')) failed();
    });
  };
  while (target.current()) {
    const desired = target.desired();
    const live = target.live();
    const olds = live.filter((r) => old.has(r));
    const news = live.filter((r) => !old.has(r));
    if (olds.length === 0 && news.length + starting >= desired) return;

    const all = live.length + starting;
    const canStart = Math.min(desired + maxSurge - all, desired - news.length - starting);
    for (let i = 0; i < canStart && Date.now() >= retryAt; i++) {
      starting++;
      void target.startNew().then(watch, () => watch(undefined));
    }

    const newNotReady = news.filter((r) => !r.ready).length + starting;
    let canStop = live.length + starting - (desired - maxUnavailable) - newNotReady;
    const victims = [...olds].sort((a, b) => Number(a.ready) - Number(b.ready));
    for (const r of victims) {
      if (canStop <= 0) break;
      target.stop(r);
      canStop--;
    }
    await sleep(options.pollMs);
  }
}

/** faas-netes getMinReplicaCount (deploy.go): an update sets the replicas to
 * com.openfaas.scale.min when that label is a positive integer, else leaves them. */
export function minReplicaLabel(labels: Readonly<Record<string, string>> | null | undefined): number | undefined {
  const raw = labels?.['com.openfaas.scale.min'];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined;
  const min = Number(raw);
  return min > 0 ? min : undefined;
}
