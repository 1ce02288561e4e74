// The engine owns the clock and the event queue, and nothing else touches the heap.
// Handlers are registered per event kind and receive two integer arguments (typically a
// pool slot and a generation number for lazy cancellation), so an event is four numbers
// and dispatch allocates nothing.
//
// Events are ordered by (time, seq), seq counting every event scheduled. They are held in
// two places. Each kind has a FIFO lane that takes an event when it is no earlier than the
// lane's last one; arrivals, fixed timeouts and periodic ticks all come in time order, so
// the heap keeps only the out-of-order events and stays small. Everything else goes to the
// heap. The second place is an indexed heap of slots (slot-heap.ts): each lane's head sits
// there under its own (time, seq), beside the events a model moves rather than adds (a
// node's next completion), each numbered when set, as a new event would be. Taking the
// earlier of the heap's top and the slots' top then yields exactly the order of a single
// heap.
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
  /** Per slot id: the lane whose head it holds, or null for a model's slot. */
  private readonly laneOfSlot: (FifoLane | null)[] = [];
  private seq = 0;
  private stopped = false;

  /** Registers a handler and returns its event kind id. */
  on(name: string, handler: Handler): number {
    this.handlers.push(handler);
    this.kindNames.push(name);
    const kind = this.handlers.length - 1;
    const lane = new FifoLane(kind);
    lane.slot = this.slots.add(kind, 0);
    this.laneOfSlot[lane.slot] = lane;
    this.lanes.push(lane);
    return kind;
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

  /** The first event of an empty lane: its head takes the lane's slot. */
  private openLane(lane: FifoLane, time: number, s: number, a: number, b: number): void {
    lane.push(time, s, a, b);
    this.slots.set(lane.slot, time, s);
  }

  private pastError(kind: number, time: number): never {
    throw new SimulationError(`event '${this.kindNames[kind] ?? kind}' scheduled at t=${time}, before now=${this.now}`);
  }

  /** A slot for events of `kind` whose handler gets (a, 0); returns its id. */
  slot(kind: number, a: number): number {
    const id = this.slots.add(kind, a);
    this.laneOfSlot[id] = null;
    return id;
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
    for (const lane of this.lanes) if (lane.n > 0) n += lane.n - 1; // its head is a slot
    return n;
  }

  peekTime(): number {
    const t = this.queue.peekTime();
    if (this.slots.size === 0) return t;
    const ts = this.slots.time[this.slots.top()]!;
    return ts < t ? ts : t;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Runs events until the queue is empty, `until` is passed, or stop() is called. */
  run(until = Infinity): void {
    const q = this.queue;
    const sl = this.slots;
    const handlers = this.handlers;
    const laneOfSlot = this.laneOfSlot;
    this.stopped = false;
    while (!this.stopped) {
      // The earlier by (time, seq) of the heap's top and the slots' top.
      let fromHeap = false;
      let t = Infinity;
      if (sl.size > 0) {
        t = sl.time[sl.top()]!;
        if (q.size > 0) {
          const tq = q.topTime();
          fromHeap = tq < t || (tq === t && q.peekSeq() < sl.seq[sl.top()]!);
          if (fromHeap) t = tq;
        }
      } else if (q.size > 0) {
        t = q.topTime();
        fromHeap = true;
      } else {
        break;
      }
      if (t > until) break;
      this.now = t;
      this.eventsProcessed++;
      if (fromHeap) {
        q.pop();
        handlers[q.poppedKind]!(q.poppedA, q.poppedB);
        continue;
      }
      const id = sl.top();
      const lane = laneOfSlot[id] as FifoLane | null; // every slot id has its entry
      if (lane !== null) {
        // A lane's head: the lane's next head (later in time and seq) takes the slot.
        lane.shift();
        if (lane.n > 0) sl.set(id, lane.headTime, lane.headSeq);
        else sl.clear(id);
        handlers[lane.kind]!(lane.poppedA, lane.poppedB);
      } else {
        sl.spent = id;
        handlers[sl.kind[id]!]!(sl.a[id]!, 0);
        if (sl.spent === id) sl.clear(id); // its handler did not set it again
      }
    }
    if (!this.stopped && until !== Infinity && this.now < until && this.pending === 0) this.now = until;
  }
}
