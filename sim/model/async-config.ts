// Asynchronous invocation as a run needs it: each queue's queue-worker resolved (every
// default and edition difference applied, sim/scenario/resolve-async.ts), and which queue
// each function's asynchronous calls go to. docs/async.md gives each setting's source.

/** One queue and the queue-worker consuming it. Seconds throughout. */
export interface QueueConfig {
  name: string;
  /** Messages the queue-worker runs at once (its max_inflight). */
  maxInflight: number;
  /** How long a delivered message may go unacknowledged before it is delivered again. */
  ackWait: number;
  /** The queue-worker's own timeout on a call (Infinity: none, Community Edition's). */
  upstreamTimeout: number;
  /** Calls of a message in all, when each failure is retried (1: no retries). */
  maxRetryAttempts: number;
  initialRetryWait: number;
  maxRetryWait: number;
  /** Statuses retried (empty: none, Community Edition's queue-worker retries nothing). */
  httpRetryCodes: ReadonlySet<number>;
  /** The lease is kept while the function works: no redelivery of a running message. */
  extendLease: boolean;
  /** A redelivered message is handed to the queue-worker at once and waits there for a free
   * slot, then runs even if the first delivery has been acknowledged meanwhile (NATS
   * Streaming's push subscription, Community Edition). False: the queue-worker pulls a
   * message only when it has a free slot, so one acknowledged meanwhile is never run
   * (JetStream's pull consumer, Pro). */
  pushRedelivery: boolean;
}

export interface AsyncConfig {
  /** The client's requests are asynchronous (workload.invoke). */
  requests: boolean;
  /** Per function: the orchestrator calls it asynchronously (its `invoke`), waiting for the
   * callback; null when it calls none so. */
  steps: Uint8Array | null;
  queues: QueueConfig[];
  /** Per function (SimConfig.functions order): the index of its queue. */
  queueOf: Int32Array;
  /** The client passes an X-Callback-Url: the result is posted when the message ends (the
   * orchestrator always passes one for its asynchronous steps). */
  callback: boolean;
}
