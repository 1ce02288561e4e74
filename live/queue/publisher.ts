// The gateway's half of the async path: each /async-function call becomes one JetStream
// message on the subject of its queue, and the gateway answers 202 only once JetStream has
// stored it (the publish ack), so a 202 means the call survives a crash of anything. No message
// id is set, as OpenFaaS sets none: two calls with the same X-Call-Id are two calls, never
// merged by JetStream's duplicate window.
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { connectNats, ensureStream, jetstreamManager } from './jetstream-queue.ts';
import type { NatsConnection } from './nats-server.ts';
import { encodeQueuedCall, type QueuedCall } from './queue-request.ts';

export interface AsyncPublisher {
  /** Resolves once the message is stored; rejects (→ the gateway's 500) when it is not. */
  publish(call: QueuedCall): Promise<void>;
  close(): Promise<void>;
}

export async function connectPublisher(connection: NatsConnection): Promise<AsyncPublisher> {
  const nc = await connectNats(connection, 'fave-gateway');
  // The shared queue exists from the start, so a call queued before any worker ran is kept.
  await ensureStream(await jetstreamManager(nc), ASYNC_DEFAULTS.queue);
  const js: JetStreamClient = jetstream(nc);
  return {
    async publish(call) {
      // A named queue publishes to its own subject; with no stream bound to it (no worker
      // for that queue ever started) JetStream refuses, and the caller gets the error.
      await js.publish(call.queueName || ASYNC_DEFAULTS.queue, encodeQueuedCall(call));
    },
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
