// Shared by the queue tests: the embedded provider with live/testfn deployed, a real
// nats-server (JetStream) in a temp folder, the gateway queuing on it, a callback server,
// and queue-worker processes started per test with the settings the test needs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readGatewayConfig from '../gateway/config.ts';
import startGateway, { type RunningGateway } from '../gateway/gateway.ts';
import type { FunctionDeployment } from '../openfaas/types.ts';
import readProviderConfig from '../provider/config.ts';
import startProvider, { type RunningProvider } from '../provider/provider.ts';
import { request, testfn, waitFor } from '../testfn/harness.ts';
import { startEmbeddedQueue, type EmbeddedQueue } from './embedded-queue.ts';
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Callback {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP server recording every callback it gets. */
export async function callbackServer(): Promise<{ url: string; received: Callback[]; close(): Promise<void> }> {
  const received: Callback[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ at: Date.now(), path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface QueueTestPlatform {
  dir: string;
  provider: RunningProvider;
  queue: EmbeddedQueue;
  gateway: RunningGateway;
  logs: string[];
  deploy(name: string, extra?: Partial<FunctionDeployment>): Promise<void>;
  /** testfn's /stats of one function (calls per key, peak concurrency). */
  stats(name: string): Promise<{ keys: Record<string, number>; peak: number; started: number }>;
  worker(settings: Record<string, string>): Promise<WorkerProcess>;
  /** Stops gateway, queue and NATS, keeping the folder: `restart()` starts them again on it. */
  stopQueue(): Promise<void>;
  restartQueue(): Promise<void>;
  close(): Promise<void>;
}

export async function startQueueTestPlatform(): Promise<QueueTestPlatform> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-queue-'));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const provider = await startProvider(
    readProviderConfig({ root: ROOT, port: '0', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '3s', state_dir: path.join(dir, 'provider') }),
    { log },
  );
  const workers: WorkerProcess[] = [];
  const startAsync = async () => {
    const queue = await startEmbeddedQueue({ dir: path.join(dir, 'nats'), secretsDir: path.join(dir, 'secrets'), log });
    const gateway = await startGateway(readGatewayConfig({ functions_provider_url: provider.url, port: '0', basic_auth: 'false', autoscaling: 'false' }), { log, queue: queue.publisher });
    return { queue, gateway };
  };
  let running = await startAsync();
  const platform: QueueTestPlatform = {
    dir, provider, logs,
    get queue() {
      return running.queue;
    },
    get gateway() {
      return running.gateway;
    },
    async deploy(name, extra = {}) {
      const res = await fetch(`${provider.url}/system/functions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(testfn(name, extra)) });
      if (res.status !== 202) throw new Error(`deploy ${name}: ${res.status} ${await res.text()}`);
      await waitFor(`${name} ready`, async () => (await request(`${running.gateway.url}/function/${name}/stats`)).status === 200);
    },
    async stats(name) {
      return JSON.parse((await request(`${running.gateway.url}/function/${name}/stats`)).body);
    },
    async worker(settings) {
      const w = await startWorkerProcess({ nats: running.queue.nats.connection, passwordFile: running.queue.passwordFile, gatewayUrl: running.gateway.url, settings, log });
      workers.push(w);
      return w;
    },
    async stopQueue() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await running.gateway.close();
      await running.queue.close();
    },
    async restartQueue() {
      running = await startAsync();
    },
    async close() {
      await platform.stopQueue().catch(() => undefined);
      await provider.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return platform;
}
