// Reschedulable timers: each slot holds at most one pending event, and setting it again
// moves that event rather than adding another. A node of the cluster keeps one event, for
// its earliest job completion, and moves it every time a job starts there earlier than
// that; as ordinary events the moved-from ones stayed queued until popped as stale, one
// event in nine of a large pipeline run. The engine also keeps each event lane's head in a
// slot of its own (engine.ts). An indexed binary min-heap over (time, seq): a slot's
// position is tracked, so moving it is a sift in place.

export class SlotHeap {
  time = new Float64Array(8);
  seq = new Float64Array(8);
  kind = new Int32Array(8);
  a = new Int32Array(8);
  private heap = new Int32Array(8); // slot ids in heap order
  private pos = new Int32Array(8).fill(-1); // slot id -> heap index, -1 when not pending
  private slots = 0;
  size = 0;
  /** The slot whose event the engine is running: it stays on top until its handler sets it
   * again (one sift down, the usual case) or the engine clears it afterwards. */
  spent = -1;

  /** A new slot for events of `kind` with first argument `a`; returns its id. */
  add(kind: number, a: number): number {
    if (this.slots === this.kind.length) this.grow();
    const id = this.slots++;
    this.kind[id] = kind;
    this.a[id] = a;
    this.pos[id] = -1;
    return id;
  }

  /** Sets (or moves) slot id's event to (t, s). */
  set(id: number, t: number, s: number): void {
    if (id === this.spent) this.spent = -1;
    const i = this.pos[id]!;
    // Earlier than before: only up can be wrong; later: only down (s is always the newest).
    const earlier = i >= 0 && t < this.time[id]!;
    this.time[id] = t;
    this.seq[id] = s;
    if (i < 0) {
      const j = this.size++;
      this.heap[j] = id;
      this.pos[id] = j;
      this.up(j);
    } else if (earlier) {
      this.up(i);
    } else {
      this.down(i);
    }
  }

  /** Cancels slot id's event, if pending. */
  clear(id: number): void {
    if (id === this.spent) this.spent = -1;
    const i = this.pos[id]!;
    if (i < 0) return;
    this.pos[id] = -1;
    const last = this.heap[--this.size]!;
    if (i === this.size) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.up(i);
    this.down(this.pos[last]!);
  }

  /** The slot with the earliest event (size > 0). */
  top(): number {
    return this.heap[0]!;
  }

  private up(i: number): void {
    const { heap, pos, time, seq } = this;
    const id = heap[i]!;
    const t = time[id]!;
    const s = seq[id]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pid = heap[p]!;
      const tp = time[pid]!;
      if (tp < t || (tp === t && seq[pid]! < s)) break;
      heap[i] = pid;
      pos[pid] = i;
      i = p;
    }
    heap[i] = id;
    pos[id] = i;
  }

  private down(i: number): void {
    const { heap, pos, time, seq } = this;
    const n = this.size;
    const id = heap[i]!;
    const t = time[id]!;
    const s = seq[id]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let cid = heap[c]!;
      if (c + 1 < n) {
        const rid = heap[c + 1]!;
        const tr = time[rid]!;
        const tc = time[cid]!;
        if (tr < tc || (tr === tc && seq[rid]! < seq[cid]!)) {
          c++;
          cid = rid;
        }
      }
      const tc = time[cid]!;
      if (t < tc || (t === tc && s < seq[cid]!)) break;
      heap[i] = cid;
      pos[cid] = i;
      i = c;
    }
    heap[i] = id;
    pos[id] = i;
  }

  private grow(): void {
    const cap = this.kind.length * 2;
    const f = (x: Float64Array) => {
      const y = new Float64Array(cap);
      y.set(x);
      return y;
    };
    const g = (x: Int32Array, fill = 0) => {
      const y = new Int32Array(cap).fill(fill);
      y.set(x);
      return y;
    };
    this.time = f(this.time);
    this.seq = f(this.seq);
    this.kind = g(this.kind);
    this.a = g(this.a);
    this.heap = g(this.heap);
    this.pos = g(this.pos, -1);
  }
}
