import type { AutoscalerClock } from '../gateway/alert-autoscaler.ts';

// Shared by the autoscaling tests: minutes of the autoscaler's clock pass in milliseconds.

/** A clock whose time moves only when the test says; its timers fire as it passes them. */
export class ManualClock implements AutoscalerClock {
  private timers: Array<{ at: number; callback: () => void; cleared: boolean }> = [];
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, callback, cleared: false };
    this.timers.push(timer);
    return { clear: () => void (timer.cleared = true) };
  }
  /** Moves to `until`, firing due timers in order; `settle` runs after each (awaits the work it started). */
  async advanceTo(until: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = this.timers.filter((t) => !t.cleared && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.callback();
      await settle();
    }
    this.time = until;
  }
}
