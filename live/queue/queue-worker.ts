// The queue-worker: takes queued calls from JetStream and runs each through the gateway's
// synchronous path, as OpenFaaS's does with gateway_invoke (openfaas/nats-queue-worker main.go).
// It runs `max_inflight` pull subscribers on one durable consumer, each holding at most one
// message (the Pro worker's design: "if max_inflight is set to 25, the queue-worker will create
// 25 subscribers", openfaas/docs docs/openfaas-pro/jetstream.md). Redelivery is JetStream's own:
// a message not acknowledged within ack_wait goes to the next free subscriber, here or in
// another worker process, while the first attempt runs on; a worker killed mid-call leaves
// its message unacknowledged, so a later worker gets it. The callback is posted before the
// ack, so a crash between the two repeats the call rather than losing its result.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { postCallback, type CallResult } from './callback.ts';
import { connectNats, ensureConsumer, ensureStream, jetstreamManager } from './jetstream-queue.ts';
import type { NatsConnection } from './nats-server.ts';
import type { QueueWorkerConfig } from './queue-config.ts';
import { BadMessageError, decodeQueuedCall, type QueuedCall } from './queue-request.ts';
import { decide } from './retry-policy.ts';

export interface WorkerStats {
  received: number;
  acked: number;
  retried: number;
  /** Terminated: out of retry attempts, or not a queued call at all. */
  deadLetters: number;
  callbacks: number;
}

export interface RunningQueueWorker {
  stats: WorkerStats;
  /** Stops taking messages, waits up to `graceMs` for calls in flight, then disconnects:
   * what is unfinished by then is redelivered to another worker after ack_wait. */
  stop(graceMs?: number): Promise<void>;
}

/** Headers a call keeps from the queued request (Go's http.Header: lists of values). */
function requestHeaders(call: QueuedCall): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.headers)) {
    if (!['host', 'content-length', 'connection', 'transfer-encoding', 'x-callback-url'].includes(k.toLowerCase())) out[k] = v.join(', ');
  }
  return out;
}

/** One call through the gateway; a failure to get an answer counts as 503, as in OpenFaaS. */
function invoke(config: QueueWorkerConfig, call: QueuedCall, started: number): Promise<CallResult> {
  const url = `${config.gatewayUrl}/function/${call.function}${call.path}${call.queryString ? `?${call.queryString}` : ''}`;
  return new Promise((resolve) => {
    const failed = (error: Error) => resolve({ status: 503, headers: {}, body: Buffer.from(error.message), seconds: (performance.now() - started) / 1000 });
    const req = http.request(url, { method: 'POST', headers: requestHeaders(call), timeout: config.upstreamTimeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', failed);
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks), seconds: (performance.now() - started) / 1000 });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within upstream_timeout (${config.upstreamTimeoutMs} ms)`)));
    req.on('error', failed);
    req.end(call.body);
  });
}

export async function startQueueWorker(config: QueueWorkerConfig, connection: NatsConnection, log: (line: string) => void): Promise<RunningQueueWorker> {
  const nc = await connectNats(connection, `fave-queue-worker-${process.pid}`);
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, config.queue);
  await ensureConsumer(jsm, config.queue, config.durable, config.ackWaitMs);
  const consumer = await jetstream(nc).consumers.get(config.queue, config.durable);
  const stats: WorkerStats = { received: 0, acked: 0, retried: 0, deadLetters: 0, callbacks: 0 };
  let stopping = false;

  async function callback(call: QueuedCall, result: CallResult, tag: string): Promise<void> {
    if (!call.callbackUrl) return;
    try {
      const status = await postCallback(call.callbackUrl, result, call);
      stats.callbacks++;
      log(`${tag} posted result to ${call.callbackUrl}: ${status}`);
    } catch (error) {
      // As OpenFaaS: a callback that fails is logged, and the call is not run again for it.
      log(`${tag} callback to ${call.callbackUrl} failed: ${(error as Error).message}`);
    }
  }

  async function handle(msg: JsMsg): Promise<void> {
    const started = performance.now();
    stats.received++;
    let call: QueuedCall;
    try {
      call = decodeQueuedCall(msg.data);
    } catch (error) {
      if (!(error instanceof BadMessageError)) throw error;
      stats.deadLetters++;
      log(`[#${msg.seq}] dead letter #${stats.deadLetters}: not a queued call, terminated: ${error.message}`);
      msg.term(error.message);
      return;
    }
    const attempt = msg.info.deliveryCount;
    const tag = `[#${msg.seq} ${call.callId}]`;
    log(`${tag} invoking ${call.function} (attempt ${attempt}${msg.redelivered ? ', redelivered' : ''}), ${call.body.length} bytes`);
    // JetStream redelivers on its own after ack_wait; this only says so in the log.
    const late = setTimeout(() => log(`${tag} still running after ack_wait (${config.ackWaitMs} ms): JetStream gives it to the next free subscriber`), config.ackWaitMs);
    const result = await invoke(config, call, started).finally(() => clearTimeout(late));
    const decision = decide(result.status, attempt, config);
    log(`${tag} ${call.function} answered ${result.status} in ${result.seconds.toFixed(3)} s: ${decision.kind}${decision.kind === 'retry' ? ` in ${decision.delayMs} ms` : ''}`);
    if (decision.kind === 'retry') {
      stats.retried++;
      msg.nak(decision.delayMs);
      return;
    }
    await callback(call, result, tag);
    if (decision.kind === 'give-up') {
      stats.deadLetters++;
      log(`${tag} dead letter #${stats.deadLetters}: gave up on ${call.function} after ${attempt} attempts, last status ${result.status}`);
      msg.term(`gave up after ${attempt} attempts, last status ${result.status}`);
    } else {
      stats.acked++;
      await msg.ackAck().catch((error: Error) => log(`${tag} ack not confirmed (${error.message}): it may run again`));
    }
  }

  async function subscriber(): Promise<void> {
    while (!stopping) {
      let msg: JsMsg | null;
      try {
        msg = await consumer.next({ expires: 1_000 });
      } catch (error) {
        if (stopping) return;
        log(`pull failed: ${(error as Error).message}; again in 500 ms`);
        await sleep(500);
        continue;
      }
      // A message that breaks the worker (the connection gone mid-ack) is not lost: unacked,
      // JetStream delivers it again after ack_wait.
      if (msg) await handle(msg).catch((error: Error) => log(`[#${msg.seq}] not finished: ${error.message}; redelivered after ack_wait`));
    }
  }

  const loops = Array.from({ length: config.maxInflight }, () => subscriber());
  log(`consuming ${config.queue} (consumer ${config.durable}) with ${config.maxInflight} subscriber(s), ack_wait ${config.ackWaitMs} ms, ` +
    (config.communityEdition ? 'no retries (Community Edition)' : `retries on ${config.retryHttpCodes.join(',')} up to ${config.maxRetryAttempts} attempts`));
  return {
    stats,
    async stop(graceMs = 10_000) {
      stopping = true;
      await Promise.race([Promise.all(loops), sleep(graceMs)]);
      await nc.close().catch(() => undefined);
    },
  };
}
