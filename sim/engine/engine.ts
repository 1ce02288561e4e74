// The engine owns the clock and the event queue, and nothing else touches the heap.
// Handlers are registered per event kind and receive two integer arguments (typically a
// pool slot and a generation number for lazy cancellation), so an event is four numbers
// and dispatch allocates nothing.
//
// Events are ordered by (time, seq), seq counting every event scheduled. They are held in
// two places: each kind has a FIFO lane that takes an event when it is no earlier than the
// lane's last one, and everything else goes to the heap. Each lane is sorted by (time, seq)
// by construction, so taking the earliest of the heap's top and the lanes' heads yields
// exactly the order of a single heap. Arrivals, fixed timeouts and periodic ticks all come
// in time order, so the heap keeps only the out-of-order events (job completions) and
// stays small. A third place holds slots: events a model moves rather than adds (a node's
// next completion), each numbered when set, as a new event would be (slot-heap.ts).
import { EventQueue } from './event-queue.ts';
import { FifoLane } from './fifo-lane.ts';
import { SlotHeap } from './slot-heap.ts';

export type Handler = (a: number, b: number) => void;

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

export class Engine {
  now = 0;
  eventsProcessed = 0;
  private readonly queue = new EventQueue(4096);
  private readonly handlers: Handler[] = [];
  private readonly kindNames: string[] = [];
  private readonly lanes: FifoLane[] = [];
  private readonly slots = new SlotHeap();
  /** The non-empty lanes, in no order (scanned after each lane event, so kept short). */
  private readonly active: FifoLane[] = [];
  /** The non-empty lane with the earliest head, or null when every lane is empty. */
  private best: FifoLane | null = null;
  private seq = 0;
  private stopped = false;

  /** Registers a handler and returns its event kind id. */
  on(name: string, handler: Handler): number {
    this.handlers.push(handler);
    this.kindNames.push(name);
    this.lanes.push(new FifoLane(this.lanes.length));
    return this.handlers.length - 1;
  }

  /** Schedules an event at absolute time `time` (never in the past). */
  at(time: number, kind: number, a = 0, b = 0): void {
    // Kept small, so V8 inlines it where it is called: a double passed to a call it does
    // not inline is boxed, a heap allocation per event.
    if (!(time >= this.now)) this.pastError(kind, time);
    const s = this.seq++;
    const lane = this.lanes[kind]!;
    if (lane.n === 0) this.openLane(lane, time, s, a, b);
    else if (time >= lane.tailTime) lane.push(time, s, a, b);
    else this.queue.pushSeq(time, s, kind, a, b);
  }

  /** The first event of an empty lane: the lane becomes active. */
  private openLane(lane: FifoLane, time: number, s: number, a: number, b: number): void {
    lane.push(time, s, a, b);
    lane.activeIndex = this.active.length;
    this.active.push(lane);
    // A tie with the best head keeps the best: its seq is smaller.
    const best = this.best;
    if (best === null || time < best.headTime) this.best = lane;
  }

  private pastError(kind: number, time: number): never {
    throw new SimulationError(`event '${this.kindNames[kind] ?? kind}' scheduled at t=${time}, before now=${this.now}`);
  }

  /** A slot for events of `kind` whose handler gets (a, 0); returns its id. */
  slot(kind: number, a: number): number {
    return this.slots.add(kind, a);
  }

  /** Sets slot id's event at absolute time `time`, replacing the one it had. */
  setSlot(id: number, time: number): void {
    if (!(time >= this.now)) this.pastError(this.slots.kind[id]!, time);
    this.slots.set(id, time, this.seq++);
  }

  /** Cancels slot id's event, if it has one. */
  clearSlot(id: number): void {
    this.slots.clear(id);
  }

  /** Schedules an event `delay` seconds from now. */
  after(delay: number, kind: number, a = 0, b = 0): void {
    this.at(this.now + delay, kind, a, b);
  }

  get pending(): number {
    let n = this.queue.size + this.slots.size;
    for (const lane of this.lanes) n += lane.n;
    return n;
  }

  peekTime(): number {
    let t = this.queue.peekTime();
    if (this.best !== null && this.best.headTime < t) t = this.best.headTime;
    if (this.slots.size > 0 && this.slots.time[this.slots.top()]! < t) t = this.slots.time[this.slots.top()]!;
    return t;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Runs events until the queue is empty, `until` is passed, or stop() is called. */
  run(until = Infinity): void {
    const q = this.queue;
    const sl = this.slots;
    const handlers = this.handlers;
    this.stopped = false;
    while (!this.stopped) {
      // The earliest by (time, seq) of the lanes' best head, the heap's top and the slots' top.
      const lane = this.best;
      let from = NONE;
      let t = Infinity;
      let s = 0;
      if (lane !== null) {
        t = lane.headTime;
        s = lane.headSeq;
        from = LANE;
      }
      if (q.size > 0) {
        const tq = q.topTime();
        if (from === NONE || tq < t || (tq === t && q.peekSeq() < s)) {
          t = tq;
          s = q.peekSeq();
          from = HEAP;
        }
      }
      if (sl.size > 0) {
        const id = sl.top();
        const ts = sl.time[id]!;
        if (from === NONE || ts < t || (ts === t && sl.seq[id]! < s)) {
          t = ts;
          from = SLOT;
        }
      }
      if (from === NONE || t > until) break;
      this.now = t;
      this.eventsProcessed++;
      if (from === LANE) {
        lane!.shift();
        if (lane!.n === 0) this.deactivate(lane!);
        this.best = this.earliestLane();
        handlers[lane!.kind]!(lane!.poppedA, lane!.poppedB);
      } else if (from === HEAP) {
        q.pop();
        handlers[q.poppedKind]!(q.poppedA, q.poppedB);
      } else {
        const id = sl.top();
        sl.spent = id;
        handlers[sl.kind[id]!]!(sl.a[id]!, 0);
        if (sl.spent === id) sl.clear(id); // its handler did not set it again
      }
    }
    if (!this.stopped && until !== Infinity && this.now < until && this.pending === 0) this.now = until;
  }

  private deactivate(lane: FifoLane): void {
    const last = this.active.pop()!;
    if (last !== lane) {
      this.active[lane.activeIndex] = last;
      last.activeIndex = lane.activeIndex;
    }
    lane.activeIndex = -1;
  }

  private earliestLane(): FifoLane | null {
    let best: FifoLane | null = null;
    const lanes = this.active;
    for (let i = 0; i < lanes.length; i++) {
      const l = lanes[i]!;
      if (best === null || l.headTime < best.headTime || (l.headTime === best.headTime && l.headSeq < best.headSeq)) best = l;
    }
    return best;
  }
}

const NONE = 0;
const LANE = 1;
const HEAP = 2;
const SLOT = 3;
