// A binary min-heap of events ordered by (time, seq). Events are stored in parallel typed
// arrays (struct of arrays) and the heap orders slot indices, so scheduling and popping
// allocate nothing once the arrays have grown: this is the simulator's hot loop.
// `seq` is a monotonically increasing counter, so events at the same time pop in the order
// they were scheduled (stable tie-break, as SimPy's (time, priority, seq) entries).

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private heap: Int32Array; // heap of slot indices
  private free: Int32Array; // stack of free slots
  private freeTop = 0;
  private n = 0; // events in the heap
  private nextSeq = 0;
  private capacity: number;

  // The last popped event, read by the engine without allocating a tuple.
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity | 0);
    this.time = new Float64Array(this.capacity);
    this.seq = new Float64Array(this.capacity);
    this.kind = new Int32Array(this.capacity);
    this.a = new Int32Array(this.capacity);
    this.b = new Int32Array(this.capacity);
    this.heap = new Int32Array(this.capacity);
    this.free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.free[i] = this.capacity - 1 - i;
    this.freeTop = this.capacity;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[this.heap[0]!]!;
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop]!;
    this.time[slot] = time;
    this.seq[slot] = this.nextSeq++;
    this.kind[slot] = kind;
    this.a[slot] = a;
    this.b[slot] = b;
    // sift up
    const heap = this.heap;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Removes the earliest event into popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const heap = this.heap;
    const top = heap[0]!;
    this.poppedTime = this.time[top]!;
    this.poppedKind = this.kind[top]!;
    this.poppedA = this.a[top]!;
    this.poppedB = this.b[top]!;
    this.free[this.freeTop++] = top;
    const last = heap[--this.n]!;
    if (this.n > 0) {
      // sift down
      let i = 0;
      const n = this.n;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n && this.less(heap[right]!, heap[child]!)) child = right;
        const c = heap[child]!;
        if (!this.less(c, last)) break;
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return true;
  }

  private less(x: number, y: number): boolean {
    const tx = this.time[x]!;
    const ty = this.time[y]!;
    return tx < ty || (tx === ty && this.seq[x]! < this.seq[y]!);
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const grow64 = (src: Float64Array) => {
      const dst = new Float64Array(cap);
      dst.set(src);
      return dst;
    };
    const grow32 = (src: Int32Array) => {
      const dst = new Int32Array(cap);
      dst.set(src);
      return dst;
    };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.kind = grow32(this.kind);
    this.a = grow32(this.a);
    this.b = grow32(this.b);
    this.heap = grow32(this.heap);
    this.free = new Int32Array(cap);
    // All old slots are in use (the free stack was empty); the new ones are free.
    for (let i = cap - 1; i >= old; i--) this.free[this.freeTop++] = i;
    this.capacity = cap;
  }
}
