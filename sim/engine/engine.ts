// The engine owns the clock and the event queue, and nothing else touches the heap.
// Handlers are registered per event kind and receive two integer arguments (typically a
// pool slot and a generation number for lazy cancellation), so an event is four numbers
// and dispatch allocates nothing.
import { EventQueue } from './event-queue.ts';

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
  private stopped = false;

  /** Registers a handler and returns its event kind id. */
  on(name: string, handler: Handler): number {
    this.handlers.push(handler);
    this.kindNames.push(name);
    return this.handlers.length - 1;
  }

  /** Schedules an event at absolute time `time` (never in the past). */
  at(time: number, kind: number, a = 0, b = 0): void {
    if (!(time >= this.now)) {
      throw new SimulationError(
        `event '${this.kindNames[kind] ?? kind}' scheduled at t=${time}, before now=${this.now}`,
      );
    }
    this.queue.push(time, kind, a, b);
  }

  /** Schedules an event `delay` seconds from now. */
  after(delay: number, kind: number, a = 0, b = 0): void {
    this.at(this.now + delay, kind, a, b);
  }

  get pending(): number {
    return this.queue.size;
  }

  peekTime(): number {
    return this.queue.peekTime();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Runs events until the queue is empty, `until` is passed, or stop() is called. */
  run(until = Infinity): void {
    const q = this.queue;
    const handlers = this.handlers;
    this.stopped = false;
    while (!this.stopped && q.size > 0 && q.peekTime() <= until) {
      q.pop();
      this.now = q.poppedTime;
      this.eventsProcessed++;
      handlers[q.poppedKind]!(q.poppedA, q.poppedB);
    }
    if (!this.stopped && until !== Infinity && this.now < until && q.size === 0) this.now = until;
  }
}
