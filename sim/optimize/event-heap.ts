// The event list of one sample path of the pre-warm model (dag-model.ts): a binary heap of
// event indices ordered by time, then by insertion (ties run in the order they were
// scheduled, as the simulator's engine runs them). Events are never removed before they
// run, and a path's run is short, so the arrays only grow.
export class EventHeap<D> {
  readonly time: number[] = [];
  readonly kind: number[] = [];
  readonly a: number[] = [];
  readonly data: D[] = [];
  private readonly order: number[] = [];

  get size(): number {
    return this.order.length;
  }

  push(t: number, kind: number, a: number, data: D): void {
    const i = this.time.length;
    this.time.push(t);
    this.kind.push(kind);
    this.a.push(a);
    this.data.push(data);
    const h = this.order;
    h.push(i);
    let k = h.length - 1;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (!this.less(i, h[up]!)) break;
      h[k] = h[up]!;
      k = up;
    }
    h[k] = i;
  }

  /** The index of the earliest event, taken off the heap. */
  pop(): number {
    const h = this.order;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && this.less(h[l + 1]!, h[l]!) ? l + 1 : l;
        if (!this.less(h[c]!, last)) break;
        h[k] = h[c]!;
        k = c;
      }
      h[k] = last;
    }
    return top;
  }

  private less(x: number, y: number): boolean {
    return this.time[x]! < this.time[y]! || (this.time[x] === this.time[y] && x < y);
  }
}
