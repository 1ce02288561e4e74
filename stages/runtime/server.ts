import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { ArtifactStore } from './artifacts.ts';
import { parseStageConfig, type Env } from './config.ts';
import type { StageHandler } from './context.ts';
import { StageRunner, type CallMeta, type CallOutcome } from './invoke.ts';
import { startLocalServer } from './local-listen.ts';
import { removeReadyLock, writeReadyLock } from './ready-lock.ts';
import { resolveMemoryLimit } from './resources.ts';
import { createS3Store } from './s3-store.ts';
import type { TelemetryRecord } from './telemetry.ts';

/** What a stage is, apart from where it runs: tests serve it with an injected store. */
export interface StageDefinition<S> {
  name: string;
  handler: StageHandler<S>;
  init?: (env: Env) => S | Promise<S>;
  /** Releases what init started (a helper process, its files), after the last call drained. */
  dispose?: (state: S) => void | Promise<void>;
}

export interface ServeStageOptions<S> extends StageDefinition<S> {
  env?: Env;
  store?: ArtifactStore;
  port?: number;
  /** Own the process: drain and exit 0 on SIGTERM/SIGINT, exit 1 if init fails. */
  handleSignals?: boolean;
  emit?: (record: TelemetryRecord) => void;
}

export interface RunningStage {
  port: number;
  url: string;
  /** Resolves when init finished and health turned 200. */
  ready: Promise<void>;
  /** Drain: stop accepting, wait for in-flight calls, close the listener. */
  close(): Promise<void>;
}

const writeLine = (record: TelemetryRecord): void => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

class BodyTooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, stops reading and throws BodyTooLarge. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Resolves as `work` does, or with undefined after `ms` (0: no limit) if it is still running. */
function withinExecTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function send(res: ServerResponse, code: number, body: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/**
 * Starts a stage's HTTP server (of-watchdog http-mode upstream). Resolves once listening;
 * `ready` resolves once `init` finished. See README.md for the full contract.
 */
export async function serveStage<S = undefined>(options: ServeStageOptions<S>): Promise<RunningStage> {
  const env = options.env ?? process.env;
  const config = parseStageConfig(env);
  const store = options.store ?? (await createS3Store(env));
  const emit = options.emit ?? writeLine;
  const runner = new StageRunner<S>({
    name: options.name, handler: options.handler, config, env, store,
    memory: resolveMemoryLimit(config.memoryLimitMB), replicaId: `${hostname()}-${process.pid}`,
  });
  let initDone = false;
  let draining = false;
  let inflight = 0; // calls holding one of the watchdog's slots (max_inflight counts these)
  let running = 0; // calls whose work has not ended, answered or not: draining waits for these
  let idleWaiters: Array<() => void> = [];
  // Settles when init does (undefined: it succeeded); calls that arrive before wait on it.
  let settleInit!: (error: Error | undefined) => void;
  const initSettled = new Promise<Error | undefined>((resolve) => (settleInit = resolve));

  const finish = (res: ServerResponse, outcome: CallOutcome, close = false): void => {
    emit(outcome.record);
    send(res, outcome.httpCode, { ...outcome.body, metrics: outcome.record }, close || draining);
  };

  /** The call's outcome from its body: the handler's, or the body's rejection (413: the
   * connection is closed, as the rest of the body is never read). */
  const work = async (req: IncomingMessage, meta: CallMeta): Promise<{ outcome: CallOutcome; close: boolean }> => {
    let raw: Buffer;
    try {
      raw = await readBody(req, config.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      return { outcome: runner.reject('too-large', 413, `request body exceeds MAX_BODY_BYTES=${config.maxBodyBytes}`, meta), close: true };
    }
    let input: unknown;
    try {
      input = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return { outcome: runner.reject('bad-input', 400, `request body is not JSON: ${(err as Error).message}`, meta), close: false };
    }
    return { outcome: await runner.invoke(input, meta), close: false };
  };

  /** of-watchdog's exec_timeout: 504 with an empty body, and the slot is free. Nothing stops
   * the handler (the watchdog only drops its connection to it), so the work goes on; its
   * telemetry record, marked 504 timeout, is emitted when it ends. */
  const execTimedOut = (res: ServerResponse, call: Promise<{ outcome: CallOutcome }>, startedMs: number): void => {
    if (!res.headersSent && !res.destroyed) {
      const seconds = (performance.now() - startedMs) / 1000;
      res.writeHead(504, { 'content-length': 0, 'x-duration-seconds': seconds.toFixed(6), ...(draining ? { connection: 'close' } : {}) });
      res.end();
    }
    call.then(
      ({ outcome }) => {
        const { record } = outcome;
        if (record.httpCode !== 200) {
          process.stderr.write(`[${options.name}] ${record.requestId}: answered 504 at exec_timeout; the work then ended with ${record.httpCode} ${record.cause ?? ''}\n`);
        }
        emit({ ...record, httpCode: 504, status: 'error', cause: 'timeout' });
      },
      (err: unknown) => process.stderr.write(`[${options.name}] a call answered 504 at exec_timeout then failed outside the handler: ${String(err)}\n`),
    );
  };

  const handleCall = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const callId = typeof req.headers['x-call-id'] === 'string' ? req.headers['x-call-id'] : null;
    const meta: CallMeta = { callId, inflightAtStart: inflight };
    if (draining) {
      req.resume();
      return finish(res, runner.reject('not-ready', 503, `${options.name} is draining`, meta));
    }
    // of-watchdog answers 429 at once past max_inflight; nothing queues.
    if (config.maxInflight > 0 && inflight >= config.maxInflight) {
      req.resume();
      return finish(res, runner.reject('overloaded', 429, `${options.name} already has ${inflight} calls in flight (max_inflight=${config.maxInflight})`, meta));
    }
    const startedMs = performance.now();
    inflight += 1;
    running += 1;
    let expired = false;
    // A call that comes during init waits for it instead of failing: whatever the probes say,
    // a watchdog or a gateway may route one here that early (docs/openfaas-behaviour.md,
    // "Readiness"). The wait counts against exec_timeout, as the watchdog's clock runs from
    // its own receipt; a call whose time ran out while waiting never starts its work.
    const call = (initDone ? Promise.resolve(undefined) : initSettled).then((initError) => {
      if (initError || expired) req.resume();
      if (initError) return { outcome: runner.reject('not-ready', 503, `${options.name} failed to initialise: ${initError.message}`, meta), close: false };
      if (expired) return { outcome: runner.reject('timeout', 504, `exec_timeout passed while ${options.name} was initialising`, meta), close: false };
      return work(req, meta);
    });
    const ended = (): void => {
      running -= 1;
      if (running === 0) {
        for (const wake of idleWaiters) wake();
        idleWaiters = [];
      }
    };
    call.then(ended, ended);
    try {
      const answered = await withinExecTimeout(call, config.execTimeoutMs);
      if (answered) finish(res, answered.outcome, answered.close);
      else {
        expired = true;
        execTimedOut(res, call, startedMs);
      }
    } finally {
      inflight -= 1;
    }
  };

  // Slow headers and idle keep-alive sockets are cut; a call may be silent until its
  // exec_timeout, so no idle-socket limit. Host/Origin are checked only with LOCAL_ONLY.
  const listen = { host: config.host, port: options.port ?? config.port, localOnly: config.localOnly, limits: { idleTimeoutMs: 0 } };
  const listener = await startLocalServer(listen, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // FAVE's own: calls whose work has not ended, answered or not (an exec_timeout's 504 and a
    // dropped caller leave work running), so the embedded platform can wait for it.
    if (req.method === 'GET' && path === '/_/running') return send(res, 200, { running, inflight });
    if (req.method === 'GET' && (path === '/_/health' || path === '/_/ready')) {
      if (!initDone || draining) return send(res, 503, 'not ready');
      if (path === '/_/ready' && config.maxInflight > 0 && inflight >= config.maxInflight) return send(res, 429, 'saturated');
      return send(res, 200, 'OK');
    }
    if (req.method !== 'POST') {
      req.resume();
      return send(res, 405, { error: { stage: options.name, cause: 'bad-input', message: `${req.method} is not supported; POST a JSON body` } });
    }
    handleCall(req, res).catch((err: unknown) => {
      process.stderr.write(`[${options.name}] request failed outside the handler: ${String(err)}\n`);
      send(res, 500, { error: { stage: options.name, cause: 'internal', message: String(err) } }, true);
    });
  });

  // READY_LOCK_WHEN=listen: ready for the probes now; calls wait for init (handleCall).
  if (config.readyLockFile !== undefined && config.readyLockWhen === 'listen') {
    const failed = await writeReadyLock(config.readyLockFile);
    if (failed) {
      await listener.close();
      throw new Error(`cannot write READY_LOCK_FILE=${config.readyLockFile} (${failed.message}); the watchdog's /_/health would never answer 200`);
    }
  }

  const ready = (async () => {
    const start = performance.now();
    const state = options.init ? await options.init(env) : (undefined as S);
    runner.setReady(state, (performance.now() - start) / 1000);
    // The lock goes down before any waiting call starts: probes say ready no later than calls run.
    if (config.readyLockFile !== undefined && config.readyLockWhen === 'init' && !draining) {
      const failed = await writeReadyLock(config.readyLockFile);
      // As of-watchdog panics when it cannot write its lock: without it no probe ever passes.
      if (failed) throw new Error(`cannot write READY_LOCK_FILE=${config.readyLockFile} (${failed.message}); the watchdog's /_/health would never answer 200`);
      // close() began while the file was being written: its removal may have come first.
      if (draining) await removeReadyLock(config.readyLockFile);
    }
    initDone = true;
    settleInit(undefined);
    return state;
  })();
  ready.catch((err: unknown) => settleInit(err instanceof Error ? err : new Error(String(err))));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      // Probes fail first, so no new call is routed here while the last ones drain.
      if (config.readyLockFile !== undefined) {
        await removeReadyLock(config.readyLockFile).catch((err: unknown) => process.stderr.write(`[${options.name}] cannot remove ${config.readyLockFile}: ${String(err)}\n`));
      }
      // Never cut a connection: a call's answer goes out however long its work takes. Each
      // keep-alive socket closes once its answer is out (local-listen.ts).
      const listenerClosed = listener.close(Infinity);
      if (running > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await listenerClosed;
      if (options.dispose) {
        const state = await ready.then((s) => ({ s }), () => null);
        if (state) await options.dispose(state.s);
      }
    })();
    return closing;
  };

  if (options.handleSignals ?? true) {
    ready.catch((err: unknown) => {
      process.stderr.write(`[${options.name}] init failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
    const onSignal = (signal: string): void => {
      process.stderr.write(`[${options.name}] ${signal}: draining ${running} in-flight call(s)\n`);
      void close().then(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  process.stderr.write(`[${options.name}] listening on ${listener.url}\n`);
  return { port: listener.port, url: listener.url, ready: ready.then(() => undefined), close };
}

/**
 * Entry point of a stage process (`stages/<name>/index.ts`): serves the definition from
 * process.env and turns a start-up failure (bad config) into one stderr line and exit 1.
 */
export async function runStage<S>(definition: StageDefinition<S>): Promise<RunningStage> {
  try {
    return await serveStage(definition);
  } catch (err) {
    process.stderr.write(`[${definition.name}] cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
