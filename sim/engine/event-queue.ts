// A 4-ary min-heap of events ordered by (time, seq), stored in heap order in parallel
// typed arrays (struct of arrays). Four children per node halve the depth of a binary heap,
// and siblings sit side by side in memory. Sifting moves a "hole" instead of swapping, and
// nothing is allocated once the arrays have grown: this is the simulator's hot loop.
// `seq` increases with every push, so events at the same time pop in the order they were
// scheduled (stable tie-break, as SimPy's (time, priority, seq) entries).

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private nextSeq = 0;

  // The last popped event, read by the engine without allocating a tuple.
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.time = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.kind = new Int32Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  /** Time of the next event; only meaningful when not empty. The engine's loop uses this
   * one: inlined there, peekTime's Infinity branch (never taken, so V8 has no feedback for
   * its global load) turned the loop's event time into a tagged value, a heap number per
   * event. */
  topTime(): number {
    return this.time[0]!;
  }

  /** Tie-break number of the next event; only meaningful when not empty. */
  peekSeq(): number {
    return this.seq[0]!;
  }

  push(t: number, kind: number, a: number, b: number): void {
    this.pushSeq(t, this.nextSeq++, kind, a, b);
  }

  /** Pushes with a sequence number from the caller, who numbers events across containers. */
  pushSeq(t: number, s: number, kind: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    const time = this.time;
    const seq = this.seq;
    const K = this.kind;
    const A = this.a;
    const B = this.b;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const tp = time[p]!;
      if (tp < t || (tp === t && seq[p]! < s)) break;
      time[i] = tp;
      seq[i] = seq[p]!;
      K[i] = K[p]!;
      A[i] = A[p]!;
      B[i] = B[p]!;
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    K[i] = kind;
    A[i] = a;
    B[i] = b;
  }

  /** Removes the earliest event into popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const time = this.time;
    const seq = this.seq;
    const K = this.kind;
    const A = this.a;
    const B = this.b;
    this.poppedTime = time[0]!;
    this.poppedKind = K[0]!;
    this.poppedA = A[0]!;
    this.poppedB = B[0]!;
    const n = --this.n;
    if (n === 0) return true;
    // Sift the last element down from the root.
    const t = time[n]!;
    const s = seq[n]!;
    const kind = K[n]!;
    const a = A[n]!;
    const b = B[n]!;
    let i = 0;
    for (;;) {
      // The earliest of up to four children.
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      let tc = time[c]!;
      const end = first + 4 < n ? first + 4 : n;
      for (let j = first + 1; j < end; j++) {
        const tj = time[j]!;
        if (tj < tc || (tj === tc && seq[j]! < seq[c]!)) {
          c = j;
          tc = tj;
        }
      }
      if (t < tc || (t === tc && s < seq[c]!)) break;
      time[i] = tc;
      seq[i] = seq[c]!;
      K[i] = K[c]!;
      A[i] = A[c]!;
      B[i] = B[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    K[i] = kind;
    A[i] = a;
    B[i] = b;
    return true;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const s = new Float64Array(cap);
    s.set(this.seq);
    this.seq = s;
    for (const key of ['kind', 'a', 'b'] as const) {
      const x = new Int32Array(cap);
      x.set(this[key]);
      this[key] = x;
    }
  }
}
