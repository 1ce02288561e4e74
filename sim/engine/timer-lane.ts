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

export class TimerLane {
  private time = new Float64Array(64);
  private a = new Int32Array(64);
  private b = new Int32Array(64);
  private head = 0;
  private n = 0;
  private mask = 63;
  private tailTime = -Infinity;
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
    return this.n;
  }

  /** Sets a timer at absolute time `time` (not before now). */
  at(time: number, a: number, b: number): void {
    if (this.n > 0 && time < this.tailTime) {
      this.engine.at(time, this.evDirect, a, b);
      return;
    }
    if (this.n > this.mask) this.grow();
    const i = (this.head + this.n) & this.mask;
    this.time[i] = time;
    this.a[i] = a;
    this.b[i] = b;
    this.n++;
    this.tailTime = time;
    if (!this.armed && !this.firing) this.arm(time);
  }

  private arm(time: number): void {
    this.armed = true;
    this.engine.at(time, this.evFire);
  }

  private fire(): void {
    this.armed = false;
    this.firing = true;
    const now = this.engine.now;
    while (this.n > 0) {
      const h = this.head;
      const a = this.a[h]!;
      const b = this.b[h]!;
      if (this.live(a, b)) {
        const t = this.time[h]!;
        if (t > now) {
          this.arm(t);
          break;
        }
        this.shift();
        this.handler(a, b); // may set timers (at or after now): they queue behind
      } else {
        this.shift();
      }
    }
    this.firing = false;
  }

  private shift(): void {
    this.head = (this.head + 1) & this.mask;
    this.n--;
    if (this.n === 0) this.tailTime = -Infinity;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const time = new Float64Array(cap);
    const a = new Int32Array(cap);
    const b = new Int32Array(cap);
    for (let k = 0; k < this.n; k++) {
      const i = (this.head + k) & this.mask;
      time[k] = this.time[i]!;
      a[k] = this.a[i]!;
      b[k] = this.b[i]!;
    }
    this.time = time;
    this.a = a;
    this.b = b;
    this.head = 0;
    this.mask = cap - 1;
  }
}
