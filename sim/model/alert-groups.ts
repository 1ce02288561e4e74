// Community Edition's autoscaling alert, the Alertmanager half: when the rule's alerts reach
// the gateway's /system/alert, with the route of faas-netes' chart
// (chart/openfaas/templates/alertmanager-cfg.yaml at 662ce9c): group_wait 5s,
// group_interval 10s, repeat_interval 30s, send_resolved true.
//
// An aggregation group is made when its first alert arrives and flushed group_wait later,
// then every group_interval; a flush notifies when the dedup stage says so
// (alertmanager notify/notify.go DedupStage.needsUpdate): the first firing, a resolve, or
// the same firing alert once repeat_interval has passed since the last notification.
//
// Simplified: one group per function. The chart groups by ['alertname', 'cluster',
// 'service'], so every function's alert shares one group there, and a change in one
// function's alert re-notifies the others' firing alerts with it (each such re-send scales
// them up again); here each function's alert keeps its own timing.

export interface AlertTiming {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

export const CE_ALERT_TIMING: AlertTiming = { groupWaitMs: 5_000, groupIntervalMs: 10_000, repeatIntervalMs: 30_000 };

export type AlertStatus = 'firing' | 'resolved';

export interface Notification {
  fn: string;
  status: AlertStatus;
}

interface Group {
  firing: boolean;
  nextFlush: number;
  /** The last notification sent: when, and whether it was a firing one. */
  notified?: { at: number; firing: boolean };
}

export class AlertGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly timing: AlertTiming = CE_ALERT_TIMING) {}

  /** What an evaluation sent: the firing alerts (again, each time) and the resolved ones. */
  receive(now: number, firing: readonly string[], resolved: readonly string[]): void {
    for (const fn of firing) {
      const group = this.groups.get(fn);
      if (group) group.firing = true;
      else this.groups.set(fn, { firing: true, nextFlush: now + this.timing.groupWaitMs });
    }
    for (const fn of resolved) {
      const group = this.groups.get(fn);
      if (group) group.firing = false;
    }
  }

  /** When the next flush is due (Infinity with no group). */
  nextFlushAt(): number {
    let next = Infinity;
    for (const g of this.groups.values()) next = Math.min(next, g.nextFlush);
    return next;
  }

  /** Flushes the groups due at `now`; returns the notifications to send, in function order. */
  flush(now: number): Notification[] {
    const out: Notification[] = [];
    for (const [fn, group] of [...this.groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (group.nextFlush > now) continue;
      if (this.needsUpdate(group, now)) {
        out.push({ fn, status: group.firing ? 'firing' : 'resolved' });
        group.notified = { at: now, firing: group.firing };
      }
      // Resolved alerts leave the group once flushed; an empty group is deleted.
      if (!group.firing) this.groups.delete(fn);
      else group.nextFlush = now + this.timing.groupIntervalMs;
    }
    return out;
  }

  private needsUpdate(group: Group, now: number): boolean {
    const last = group.notified;
    if (!last) return group.firing;
    if (group.firing !== last.firing) return true;
    // Only the repeat is left. Alertmanager asks whether the last send's log entry is before
    // now - repeat_interval; the entry is stamped when the webhook call returns, a few ms after
    // its flush, and the flush timer drifts by a few ms too, so the flush exactly 30 s on goes
    // one way or the other (measured against Alertmanager 0.25: repeats after 40, 30, 30 s).
    // Taken as due: the nominal repeat_interval.
    return group.firing && last.at <= now - this.timing.repeatIntervalMs;
  }
}
