// The async half of the embedded platform: nats-server (JetStream, messages in `dir`), the
// publisher the gateway queues calls with, and one queue-worker process per queue. Two steps
// because of the order things need each other: the gateway needs the publisher to start, and
// the workers need the gateway's URL.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { startNatsServer, type RunningNatsServer } from './nats-server.ts';
import readQueueWorkerConfig from './queue-config.ts';
import { connectPublisher, type AsyncPublisher } from './publisher.ts';
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts';

export interface EmbeddedQueueOptions {
  /** nats-server's folder (`.fave/nats`): its messages survive a restart there. */
  dir: string;
  /** Where `nats-password` is kept (0600, made on first use). Never printed. */
  secretsDir: string;
  /** Queue-worker variables, unprefixed (max_inflight, ack_wait, retry settings, …). */
  settings?: Record<string, string>;
  /** Named queues (`com.openfaas.queue`) that get a worker besides the shared one. */
  queues?: readonly string[];
  log?: (line: string) => void;
}

export interface EmbeddedQueue {
  nats: RunningNatsServer;
  publisher: AsyncPublisher;
  passwordFile: string;
  workers: WorkerProcess[];
  /** One worker per queue, calling functions through `gatewayUrl`. */
  startWorkers(gatewayUrl: string): Promise<void>;
  /** SIGTERM to the workers: each finishes its calls in flight, or gives them back. */
  stopWorkers(): Promise<void>;
  /** Workers, then the gateway's link, then nats-server (it flushes its store). */
  close(): Promise<void>;
}

function natsPassword(secretsDir: string): { file: string; password: string } {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const file = path.join(secretsDir, 'nats-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return { file, password: readFileSync(file, 'utf8').trim() };
}

export async function startEmbeddedQueue(o: EmbeddedQueueOptions): Promise<EmbeddedQueue> {
  const log = o.log ?? (() => undefined);
  // Bad settings fail here, naming the variable (exit 3), not as a worker that dies at start.
  // The gateway's URL is not known yet: any valid one stands in for the check.
  for (const queue of [ASYNC_DEFAULTS.queue, ...(o.queues ?? [])]) readQueueWorkerConfig({ ...o.settings, nats_stream: queue, gateway_url: 'http://127.0.0.1' });
  const { file, password } = natsPassword(o.secretsDir);
  const nats = await startNatsServer({ dir: o.dir, user: 'fave', password, log });
  let publisher: AsyncPublisher;
  try {
    publisher = await connectPublisher(nats.connection);
  } catch (error) {
    await nats.close();
    throw error;
  }
  const workers: WorkerProcess[] = [];
  const queues = [ASYNC_DEFAULTS.queue, ...(o.queues ?? []).filter((q) => q !== ASYNC_DEFAULTS.queue)];
  return {
    nats,
    publisher,
    passwordFile: file,
    workers,
    async startWorkers(gatewayUrl) {
      for (const queue of queues) {
        workers.push(await startWorkerProcess({ nats: nats.connection, passwordFile: file, gatewayUrl, settings: { ...o.settings, nats_stream: queue }, log }));
      }
    },
    async stopWorkers() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await publisher.close().catch(() => undefined);
      await nats.close();
    },
  };
}
