import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

// A minimal function on the of-watchdog http-mode contract, for the platform's own tests:
// /_/health, /_/ready (429 while saturated), 429 past max_inflight, drain on SIGTERM.
// A JSON body steers it: {sleepMs, busyMs, allocateMB, exitProcess, status}; anything is echoed.
// {key, failTimes, failStatus} fails on demand: the first failTimes calls naming a key answer
// failStatus (default 503), later ones 200; GET /stats counts the calls per key (`keys`), so a
// test sees how often a queued call really ran, and `peak` the most calls it ever ran at once.
// TESTFN_SLEEP_MS is the sleep of a body that names none, so one entry point deployed under
// several names (a workflow's stand-ins, workflows/image-pipeline.stack.yml) takes its own time each.
// busyMs holds the event loop (as a model's synchronous inference does): nothing else,
// /_/health included, is answered meanwhile.
// GET /secrets lists the names (never the contents) in its SECRETS_DIR.

interface Instructions {
  sleepMs?: number;
  busyMs?: number;
  allocateMB?: number;
  exitProcess?: boolean;
  status?: number;
  key?: string;
  failTimes?: number;
  failStatus?: number;
}

const port = Number(process.env.PORT ?? 3000);
const maxInflight = Number(process.env.max_inflight ?? 0);
if (!Number.isInteger(port) || !Number.isInteger(maxInflight) || maxInflight < 0) {
  console.error(`testfn: bad PORT=${process.env.PORT} or max_inflight=${process.env.max_inflight}`);
  process.exit(2);
}
const defaultSleepMs = Number(process.env.TESTFN_SLEEP_MS ?? 0);
if (!Number.isFinite(defaultSleepMs) || defaultSleepMs < 0) {
  console.error(`testfn: bad TESTFN_SLEEP_MS=${process.env.TESTFN_SLEEP_MS}`);
  process.exit(2);
}
const stats = { pid: process.pid, hostname: process.env.HOSTNAME ?? '', tmpdir: tmpdir(), started: 0, completed: 0, inflight: 0, peak: 0, keys: {} as Record<string, number> };

function parse(body: string): Instructions {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Instructions) : {};
  } catch {
    return {};
  }
}

async function work(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const start = process.hrtime.bigint();
  const input = parse(body);
  if (input.exitProcess) process.exit(1);
  const count = typeof input.key === 'string' ? (stats.keys[input.key] = (stats.keys[input.key] ?? 0) + 1) : 0;
  const failing = typeof input.failTimes === 'number' && count <= input.failTimes;
  // Touch every page (fill) so the allocation shows in RSS, and hold it while sleeping.
  const held = input.allocateMB ? Buffer.allocUnsafe(input.allocateMB * 2 ** 20).fill(1) : undefined;
  const sleepMs = typeof input.sleepMs === 'number' ? input.sleepMs : defaultSleepMs;
  if (sleepMs) await sleep(sleepMs);
  if (input.busyMs) for (const until = Date.now() + input.busyMs; Date.now() < until; );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  res.writeHead(failing ? (input.failStatus ?? 503) : (input.status ?? 200), { 'Content-Type': 'application/json', 'X-Duration-Seconds': seconds.toFixed(6) });
  res.end(
    JSON.stringify({ echo: body, method: req.method, path: req.url, pid: process.pid, hostname: stats.hostname, held: held?.length ?? 0, count }),
  );
}

const server = http.createServer((req, res) => {
  if (req.url === '/_/health') return void res.writeHead(200).end('OK');
  if (req.url === '/_/ready') {
    const saturated = maxInflight > 0 && stats.inflight >= maxInflight;
    return void res.writeHead(saturated ? 429 : 200).end(saturated ? 'Busy' : 'OK');
  }
  if (req.url === '/stats') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(stats));
  if (req.url === '/secrets') {
    const dir = process.env.SECRETS_DIR ?? '';
    try {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ dir, names: readdirSync(dir).sort() }));
    } catch (error) {
      return void res.writeHead(500).end((error as Error).message);
    }
  }
  if (maxInflight > 0 && stats.inflight >= maxInflight) {
    req.resume();
    res.writeHead(429).end(`Concurrent request limit exceeded. Max concurrent requests: ${maxInflight}\n`);
    return;
  }
  stats.inflight++;
  stats.peak = Math.max(stats.peak, stats.inflight);
  stats.started++;
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    // The caller may be gone (gateway timeout): the work still runs to the end, as in a real replica.
    work(req, res, body)
      .catch((error: Error) => res.writeHead(500).end(error.message))
      .finally(() => {
        stats.inflight--;
        stats.completed++;
        if (draining && stats.inflight === 0) process.exit(0);
      });
  });
});

let draining = false;
process.on('SIGTERM', () => {
  draining = true;
  server.close();
  if (stats.inflight === 0) process.exit(0);
});
// TESTFN_LISTEN_AFTER=<file>: listen only once that file exists, as a stage's node process is
// not listening while it loads its modules; the readiness tests decide when (issue #22).
const listenAfter = process.env.TESTFN_LISTEN_AFTER;
if (listenAfter) while (!existsSync(listenAfter)) await sleep(20);
server.listen(port, '127.0.0.1');
