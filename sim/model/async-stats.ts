// What asynchronous invocation did in one replication: how long messages waited for the
// queue-worker, how long until their result was posted, how deep each queue got, and the
// executions beyond one per message (redeliveries after ack_wait, retries), each counted.
import { LogHistogram } from '../metrics/log-histogram.ts';
import { SampleKeepingHistogram } from '../metrics/sample-keeping-histogram.ts';

export class AsyncStats {
  /** Requests the gateway accepted (202). */
  accepted = 0;
  /** Function calls the queue-workers made, duplicates and retries included. */
  executions = 0;
  /** Leases that ran out (ack_wait) with the message unacknowledged: redeliveries. */
  redeliveries = 0;
  /** Executions of a message started by a redelivery: the same work done again. */
  duplicates = 0;
  /** Calls made again after a failure with a status the queue-worker retries. */
  retries = 0;
  /** Messages given up after their last attempt failed with a retried status (dead letters). */
  giveUps = 0;
  /** Results posted to the callback URL: one per execution not retried, duplicates included. */
  callbacks = 0;
  /** Accepted to first execution, seconds. */
  readonly queueWait: LogHistogram;
  /** Accepted to the message's final result (the first callback), seconds. */
  readonly toResult: LogHistogram;
  readonly maxDepth: Float64Array;
  /** Per queue, sampled with the recorder's series: messages waiting, and running. */
  readonly depth: number[][];
  readonly running: number[][];

  /** `keepSamples`: the values are kept too, as the Recorder keeps latencies for validate,
   * which compares a live run's queue waits and times to callback with them one by one. */
  constructor(readonly queueNames: string[], keepSamples = false) {
    this.queueWait = keepSamples ? new SampleKeepingHistogram() : new LogHistogram();
    this.toResult = keepSamples ? new SampleKeepingHistogram() : new LogHistogram();
    this.maxDepth = new Float64Array(queueNames.length);
    this.depth = queueNames.map(() => []);
    this.running = queueNames.map(() => []);
  }
}
