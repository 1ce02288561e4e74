// One queue of asynchronous messages, as its queue-worker sees it: first in, first out, with
// messages handed back (delivered again after ack_wait, or retried after their back-off)
// served before new ones, as a NATS consumer serves its redeliveries first. An entry is a
// message id and why it is there; the queue-worker decides what a stale entry means.

/** Why an entry is in the queue. */
export const FRESH = 0; // published by the gateway, never delivered
export const REDELIVERY = 1; // its lease ran out (ack_wait) while it was unacknowledged
export const RETRY = 2; // the queue-worker retries it after a back-off

/** A growable FIFO of ints (entry = id × 4 + why), compacted as its head advances. */
class IntFifo {
  private buf = new Int32Array(16);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(v: number): void {
    if (this.tail === this.buf.length) {
      const n = this.length;
      // Compact in place when at least half is consumed; grow otherwise.
      if (n * 2 <= this.buf.length) this.buf.copyWithin(0, this.head, this.tail);
      else {
        const next = new Int32Array(this.buf.length * 2);
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.head = 0;
      this.tail = n;
    }
    this.buf[this.tail++] = v;
  }

  shift(): number {
    return this.buf[this.head++]!;
  }
}

export class AsyncQueue {
  private readonly fresh = new IntFifo();
  private readonly again = new IntFifo();
  /** Messages waiting out a retry back-off (in the stream, not in either lane yet). */
  backingOff = 0;
  /** Most messages ever waiting at once (both lanes and back-offs). */
  maxDepth = 0;

  /** Messages not running: waiting for a slot, or for their retry. */
  get depth(): number {
    return this.fresh.length + this.again.length + this.backingOff;
  }

  get waiting(): number {
    return this.fresh.length + this.again.length;
  }

  push(id: number, why: number): void {
    (why === FRESH ? this.fresh : this.again).push(id * 4 + why);
    this.noteDepth();
  }

  noteDepth(): void {
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  /** The next entry (redeliveries and retries first), or -1 when none waits. */
  shift(): number {
    if (this.again.length) return this.again.shift();
    if (this.fresh.length) return this.fresh.shift();
    return -1;
  }
}
