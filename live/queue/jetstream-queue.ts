// A queue on JetStream as OpenFaaS sets one up (openfaas/docs docs/openfaas-pro/jetstream.md,
// "Configure Streams and Consumers manually"): a file-backed stream named after the queue,
// bound to the one subject of the same name, work-queue retention (a message is gone once
// acknowledged); and a durable pull consumer `<queue>-workers` that delivers every message,
// asks for explicit acks and never stops redelivering (max_deliver -1: the queue-worker
// decides when to give up). Both the gateway's publisher and the queue-worker call these;
// adding what exists with the same settings is a no-op.
import { connect, nanos, type NatsConnection as Connection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, ReplayPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from './nats-server.ts';

export async function connectNats(connection: NatsConnection, name: string): Promise<Connection> {
  return connect({ servers: connection.url, user: connection.user, pass: connection.password, name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

/** True for JetStream's "no such stream/consumer": anything else (auth, a timeout) is thrown on. */
function notFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

export async function ensureStream(jsm: JetStreamManager, queue: string): Promise<void> {
  const config = {
    name: queue, subjects: [queue], retention: RetentionPolicy.Workqueue, storage: StorageType.File, discard: DiscardPolicy.Old,
    max_msgs_per_subject: -1, num_replicas: 1,
  };
  try {
    await jsm.streams.info(queue);
  } catch (error) {
    if (!notFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add(config);
  }
}

export async function ensureConsumer(jsm: JetStreamManager, queue: string, durable: string, ackWaitMs: number): Promise<void> {
  const config = {
    durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(ackWaitMs), max_deliver: -1, max_ack_pending: -1, max_waiting: 512,
  };
  try {
    const existing = await jsm.consumers.info(queue, durable);
    // ack_wait is the one setting FAVE changes between runs (tests use a second or two).
    if (existing.config.ack_wait !== config.ack_wait) await jsm.consumers.update(queue, durable, { ack_wait: config.ack_wait });
  } catch (error) {
    if (!notFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await jsm.consumers.add(queue, config);
  }
}

export { jetstreamManager };
