// A FIFO of events of one kind whose times never decrease: a ring buffer in typed arrays.
// Many kinds are scheduled in time order (arrivals, a fixed timeout after each call, a
// periodic tick), and keeping such a run out of the heap makes both cheaper: the lane is
// O(1) per event, and the heap stays small. The engine decides what goes where; see
// engine.ts for why the order of events is unchanged.

export class FifoLane {
  private time: Float64Array;
  private seq: Float64Array;
  private a: Int32Array;
  private b: Int32Array;
  private head = 0;
  private mask: number;
  n = 0;
  slot = -1; // the engine's slot that holds this lane's head while it has one
  /** Time of the last event appended (the lane accepts nothing earlier). */
  tailTime = -Infinity;

  // The last shifted event, read by the engine without allocating a tuple.
  poppedA = 0;
  poppedB = 0;

  constructor(
    readonly kind: number,
    initialCapacity = 16,
  ) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.mask = cap - 1;
    this.time = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
  }

  get headTime(): number {
    return this.time[this.head]!;
  }

  get headSeq(): number {
    return this.seq[this.head]!;
  }

  get headA(): number {
    return this.a[this.head]!;
  }

  get headB(): number {
    return this.b[this.head]!;
  }

  /** Appends an event; the caller checks t >= tailTime (or that the lane is empty). */
  push(t: number, s: number, a: number, b: number): void {
    if (this.n > this.mask) this.grow();
    const i = (this.head + this.n) & this.mask;
    this.time[i] = t;
    this.seq[i] = s;
    this.a[i] = a;
    this.b[i] = b;
    this.n++;
    this.tailTime = t;
  }

  /** Removes the head event into popped*; the caller checks n > 0. */
  shift(): void {
    const h = this.head;
    this.poppedA = this.a[h]!;
    this.poppedB = this.b[h]!;
    this.head = (h + 1) & this.mask;
    this.n--;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const time = new Float64Array(cap);
    const seq = new Float64Array(cap);
    const a = new Int32Array(cap);
    const b = new Int32Array(cap);
    for (let k = 0; k < this.n; k++) {
      const i = (this.head + k) & this.mask;
      time[k] = this.time[i]!;
      seq[k] = this.seq[i]!;
      a[k] = this.a[i]!;
      b[k] = this.b[i]!;
    }
    this.time = time;
    this.seq = seq;
    this.a = a;
    this.b = b;
    this.head = 0;
    this.mask = cap - 1;
  }
}
