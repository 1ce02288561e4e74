// The async path without NATS: an in-process queue with the queue-worker's semantics —
// at most `maxInflight` invocations at once, and a message not acknowledged within
// `ackWaitMs` is delivered again while the first attempt keeps running (as NATS
// Streaming redelivers). Every finished attempt posts its result to the callback URL.

export interface QueuedCall {
  callId: string;
  name: string;
  path: string;
  query: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  callbackUrl?: string;
}

export interface InvocationResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  seconds: number;
}

export interface AsyncQueueOptions {
  maxInflight: number;
  ackWaitMs: number;
  invoke: (call: QueuedCall) => Promise<InvocationResult>;
  postResult: (call: QueuedCall, result: InvocationResult) => Promise<void>;
  log: (line: string) => void;
}

export class AsyncQueue {
  private readonly queue: QueuedCall[] = [];
  private readonly acked = new Set<string>();
  private running = 0;
  private closed = false;
  /** Attempts started, by call id: > 1 means a redelivery happened. */
  readonly deliveries = new Map<string, number>();

  constructor(private readonly options: AsyncQueueOptions) {}

  get depth(): number {
    return this.queue.length;
  }

  enqueue(call: QueuedCall): void {
    this.queue.push(call);
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.maxInflight && this.queue.length > 0) {
      const call = this.queue.shift()!;
      if (this.acked.has(call.callId)) continue;
      this.deliver(call);
    }
  }

  private deliver(call: QueuedCall): void {
    this.running++;
    this.deliveries.set(call.callId, (this.deliveries.get(call.callId) ?? 0) + 1);
    let holdsSlot = true;
    const release = () => {
      if (!holdsSlot) return;
      holdsSlot = false;
      this.running--;
      this.pump();
    };
    const timer = setTimeout(() => {
      if (this.acked.has(call.callId) || this.closed) return;
      this.options.log(`ack_wait passed for ${call.callId} (${call.name}): redelivering`);
      this.queue.unshift(call);
      release();
    }, this.options.ackWaitMs);
    this.options
      .invoke(call)
      .catch((error: Error): InvocationResult => {
        this.options.log(`async invoke of ${call.name} failed: ${error.message}`);
        return { status: 502, headers: {}, body: Buffer.alloc(0), seconds: 0 };
      })
      .then(async (result) => {
        clearTimeout(timer);
        this.acked.add(call.callId);
        release();
        if (call.callbackUrl && !this.closed) {
          await this.options.postResult(call, result).catch((error: Error) => this.options.log(`callback for ${call.callId} failed: ${error.message}`));
        }
      });
  }
}
