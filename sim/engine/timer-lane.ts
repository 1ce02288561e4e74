// Timers that are almost always cancelled: a call's deadline (minutes) outlives the call
// (seconds) nearly every time, and a queued event per call that fires only to find its
// call gone was a fifth of a large pipeline run's events. Deadlines set a fixed time after
// "now" come in time order, so they wait here, in a ring buffer, and the engine holds a
// single event: for the earliest entry still live when it was armed. When it fires, every
// entry that is due or dead is taken off in one loop, and the handler runs for the live
// ones that are due. An entry earlier than the last one goes to the engine as an ordinary
// event. Order: due entries run in the order they were set; against other events at the
// same instant the lane's event counts as scheduled when it was armed.
import type { Engine, Handler } from './engine.ts';
import { FifoLane } from './fifo-lane.ts';

export class TimerLane {
  /** The timers in time order (their seq unused: they keep the order they were set in). */
  private readonly ring = new FifoLane(-1, 64);
  /** The engine holds an event for the lane (for its head, or an entry before it). */
  private armed = false;
  private firing = false;
  private readonly evFire: number;
  private readonly evDirect: number;

  /** `live(a, b)` says whether an entry still matters (is not cancelled). */
  constructor(
    private readonly engine: Engine,
    name: string,
    private readonly handler: Handler,
    private readonly live: (a: number, b: number) => boolean,
  ) {
    this.evFire = engine.on(name, () => this.fire());
    this.evDirect = engine.on(`${name} (out of order)`, handler);
  }

  /** Entries waiting (live or not). */
  get size(): number {
    return this.ring.n;
  }

  /** Sets a timer at absolute time `time` (not before now). */
  at(time: number, a: number, b: number): void {
    const ring = this.ring;
    if (ring.n > 0 && time < ring.tailTime) {
      this.engine.at(time, this.evDirect, a, b);
      return;
    }
    ring.push(time, 0, a, b);
    if (!this.armed && !this.firing) this.arm(time);
  }

  private arm(time: number): void {
    this.armed = true;
    this.engine.at(time, this.evFire);
  }

  private fire(): void {
    this.armed = false;
    this.firing = true;
    const ring = this.ring;
    const now = this.engine.now;
    while (ring.n > 0) {
      const a = ring.headA;
      const b = ring.headB;
      if (this.live(a, b)) {
        const t = ring.headTime;
        if (t > now) {
          this.arm(t);
          break;
        }
        ring.shift();
        this.handler(a, b); // may set timers (at or after now): they queue behind
      } else {
        ring.shift();
      }
    }
    this.firing = false;
  }
}
