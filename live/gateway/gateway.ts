import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '../openfaas/env.ts';
import { armWriteTimeout, forwardRequest, readBody, sendJson, sendText } from '../openfaas/forward.ts';
import { startPlatformServer, upstreamAgent } from '../openfaas/platform-server.ts';
import { refuseSystemRequest } from '../openfaas/system-api.ts';
import { FUNCTION_NAME, type ProviderInfo } from '../openfaas/types.ts';
import type { AsyncPublisher } from '../queue/publisher.ts';
import type { GatewayConfig } from './config.ts';
import { authorizationHeader, loadCredentials } from '../openfaas/credentials.ts';
import { asFunctionStatus } from './function-status.ts';
import { relayLikeGo, relayLogStream, sendEmpty } from './go-relay.ts';
import { GatewayMetrics } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import { splitNamespace } from './provider-client.ts';
import { ProviderClient } from './provider-client.ts';
import { FunctionScaler } from './scaler.ts';
import { makeAutoscaling } from './autoscaling.ts';
import type { AlertAutoscaler, AutoscalerClock } from './alert-autoscaler.ts';

// The embedded OpenFaaS gateway (openfaas/faas gateway/main.go routes) in front of any
// faas-provider URL: the embedded provider or a real faas-netes.

export interface GatewayOptions {
  /** Where credentials come from when basic_auth is on (OPENFAAS_USERNAME/PASSWORD). */
  env?: Env;
  log?: (line: string) => void;
  /** Where /async-function calls go (NATS JetStream, live/queue); without one the route does
   * not exist (404), as on an OpenFaaS gateway started without NATS. */
  queue?: AsyncPublisher;
  /** The autoscaling alert's clock (tests step it); the system clock by default. */
  autoscalerClock?: AutoscalerClock;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The separate metrics listener (GET /metrics, /healthz), as the gateway's port 8082. */
  metricsUrl: string;
  metrics: GatewayMetrics;
  scaler: FunctionScaler;
  /** Community Edition's autoscaling (config.autoscaling), or undefined when off. */
  autoscaler: AlertAutoscaler | undefined;
  close(): Promise<void>;
}

const NAME = FUNCTION_NAME;
const FUNCTION_ROUTE = new RegExp(`^/function/(${NAME})(/.*)?$`);
const ASYNC_ROUTE = new RegExp(`^/async-function/(${NAME})(/.*)?$`);
const STATUS_ROUTE = new RegExp(`^/system/function/(${NAME})$`);
const SCALE_ROUTE = new RegExp(`^/system/scale-function/(${NAME})$`);
const SERVED_BY = 'fave-gateway/0.1.0';
const CE_MAX_REPLICAS = 5;

/** gorilla/mux's NotFoundHandler is Go's http.NotFound: http.Error, so nosniff too. */
function notFound(res: ServerResponse): void {
  sendText(res, 404, '404 page not found\n', { 'X-Content-Type-Options': 'nosniff' });
}

/** UnixNano of now, as the gateway writes X-Start-Time. */
function unixNano(): string {
  return (BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n).toString();
}

export default async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => process.stdout.write(`gateway: ${line}\n`));
  const credentials = config.basicAuth ? loadCredentials(options.env ?? {}, config.secretMountPath) : undefined;
  const providerAuth = credentials ? authorizationHeader(credentials) : undefined;
  const providerBase = new URL(config.providerUrl.href.endsWith('/') ? config.providerUrl.href : `${config.providerUrl.href}/`);
  const client = new ProviderClient(providerBase, providerAuth);
  const metrics = new GatewayMetrics(config.namespace);
  const scaler = new FunctionScaler(client, { namespace: config.namespace, cacheExpiryMs: config.scaleCacheExpiryMs });
  const agent = upstreamAgent();

  const providerTarget = (path: string, search = '') => new URL(`${path.replace(/^\//, '')}${search}`, providerBase);

  /** /system/* and /healthz pass through to the provider with the gateway's credentials. */
  async function passThrough(req: IncomingMessage, res: ServerResponse, path: string, search: string, body?: Buffer): Promise<void> {
    const target = providerTarget(path, search);
    const setHeaders: Record<string, string> = providerAuth ? { authorization: providerAuth } : {};
    const outcome = await forwardRequest(req, res, { target, timeoutMs: config.upstreamTimeoutMs, setHeaders, dropHeaders: ['authorization'], agent, body });
    if (outcome.kind === 'response') return relayLikeGo(req, res, outcome.upstream);
    if (outcome.kind === 'timeout' || outcome.kind === 'error') {
      log(`error with upstream request to: ${path}, ${outcome.kind === 'error' ? outcome.error.message : 'timeout'}`);
      sendEmpty(req, res, 502);
    }
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, name: string, rest: string, search: string): Promise<void> {
    if (config.scaleFromZero) {
      // "fn.ns" names fn in namespace ns (gateway/pkg/middleware GetNamespace); the call
      // itself goes on under the name as given, as the real gateway forwards it.
      const [fnName, namespace] = splitNamespace(name, config.namespace);
      const scaled = await scaler.ensureAvailable(fnName, namespace);
      if (!scaled.found || scaled.error) {
        const message = `error finding function ${fnName}.${namespace}: ${scaled.error}`;
        log(`Scaling: ${message}`);
        req.resume();
        return sendText(res, scaled.found ? 500 : 404, message);
      }
    }
    // Call-id middleware: after the scale wait, so cold-start time is not in the metrics.
    const callId = (req.headers['x-call-id'] as string | undefined) || randomUUID();
    const startTime = unixNano();
    const started = performance.now();
    // The call-id middleware's three headers (gateway/handlers/callid_middleware.go).
    const stamp = { 'X-Call-Id': callId, 'X-Start-Time': startTime, 'X-Served-By': SERVED_BY };
    metrics.invocationStarted(name);
    const outcome = await forwardRequest(req, res, {
      target: providerTarget(`function/${name}${rest}`, search),
      timeoutMs: config.upstreamTimeoutMs,
      setHeaders: { 'X-Call-Id': callId, 'X-Start-Time': startTime },
      maxBodyBytes: config.maxBodyBytes,
      agent,
    });
    const seconds = () => (performance.now() - started) / 1000;
    switch (outcome.kind) {
      case 'response': {
        const status = outcome.upstream.statusCode ?? 502;
        // No X-Duration-Seconds of the gateway's own: the real one relays the function's
        // (of-watchdog's) and adds none, not even to a 429 (parity transcript).
        res.once('finish', () => metrics.invocationCompleted(name, status, seconds()));
        return relayLikeGo(req, res, outcome.upstream, stamp);
      }
      case 'timeout':
      case 'error':
        // Upstream timeout: 502 with an empty body; the replica keeps working (orphaned).
        log(`error with upstream request to: /function/${name}${rest}, ${outcome.kind === 'error' ? outcome.error.message : 'timeout'}`);
        metrics.invocationCompleted(name, 502, seconds());
        sendEmpty(req, res, 502, stamp);
        return;
      case 'too-large':
        metrics.invocationCompleted(name, 413, seconds());
        return sendText(res, 413, `request body larger than max_body_bytes=${config.maxBodyBytes}`, stamp);
      case 'client-gone':
        return;
    }
  }

  /** The queue a function's `com.openfaas.queue` annotation names, '' for the shared one. As
   * the gateway's getQueueName, a failed lookup queues on the shared queue. */
  async function queueName(name: string): Promise<string> {
    try {
      return (await client.getReplicas(name, config.namespace)).annotations['com.openfaas.queue'] ?? '';
    } catch {
      return '';
    }
  }

  /** MakeQueuedProxy (gateway/handlers/queue_proxy.go): 202 once the call is stored. */
  async function enqueue(req: IncomingMessage, res: ServerResponse, queue: AsyncPublisher, name: string, rest: string, search: string): Promise<void> {
    const callbackUrl = req.headers['x-callback-url'] as string | undefined;
    if (callbackUrl !== undefined && !URL.canParse(callbackUrl)) return sendText(res, 400, `invalid X-Callback-Url: ${callbackUrl}`);
    const limit = config.maxBodyBytes > 0 ? config.maxBodyBytes : 64 << 20;
    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (error) {
      return sendText(res, 413, (error as Error).message);
    }
    const callId = (req.headers['x-call-id'] as string | undefined) || randomUUID();
    const startTime = unixNano();
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !['host', 'content-length', 'connection', 'authorization', 'x-callback-url'].includes(k)) headers[k] = Array.isArray(v) ? v : [v];
    }
    headers['x-start-time'] = [startTime];
    try {
      await queue.publish({
        function: name, path: rest, queryString: search.replace(/^\?/, ''), method: 'POST', headers, body, host: req.headers.host ?? '',
        queueName: await queueName(name), callId, ...(callbackUrl ? { callbackUrl } : {}),
      });
    } catch (error) {
      log(`Queue error: ${(error as Error).message}`);
      return sendText(res, 500, (error as Error).message);
    }
    res.writeHead(202, { 'X-Call-Id': callId, 'X-Start-Time': startTime }).end();
  }

  async function info(res: ServerResponse): Promise<void> {
    const reply = await client.request('GET', 'system/info');
    if (reply.status !== 200) return sendText(res, 502, `provider /system/info answered ${reply.status}`);
    const provider = JSON.parse(reply.body) as ProviderInfo;
    sendJson(res, 200, {
      provider: { provider: provider.provider, orchestration: provider.orchestration, version: provider.version },
      // commit_message too: the real gateway's VersionInfo always has the field.
      version: { commit_message: '', release: '0.1.0', sha: 'fave' },
      arch: process.arch === 'x64' ? 'x86_64' : process.arch,
    });
  }

  async function listFunctions(res: ServerResponse, search: string): Promise<void> {
    // The real gateway forwards the query, so ?namespace= reaches the provider.
    const namespace = new URLSearchParams(search).get('namespace') || config.namespace;
    const list = await client.listFunctions(namespace);
    // AddMetricsHandler: the gateway's own invocation counts replace the provider's, and the
    // list is re-encoded as faas-provider's FunctionStatus (fields it lacks are dropped).
    // Counted per "name.namespace", so a namespace's list shows its own functions' counts.
    sendJson(res, 200, list.map((f) => asFunctionStatus({ ...f, invocationCount: metrics.invocationCount(`${f.name}.${f.namespace || namespace}`) })));
  }

  /** MakeHorizontalScalingHandler (gateway/scaling/ranges.go): the gateway reads the body
   * itself, so a body that is not JSON gets its answer, not the provider's; the CE gateway
   * then clamps replicas to 1–5 on every request. community_edition=false skips the clamp
   * (scale to zero through the API, which `live` and calibration use). */
  async function scale(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
    let request: { serviceName?: string; replicas?: number };
    try {
      request = JSON.parse((await readBody(req)).toString('utf8'));
    } catch {
      // http.Error: a newline after the message, and nosniff.
      return sendText(res, 400, 'Error unmarshalling request body\n', { 'X-Content-Type-Options': 'nosniff' });
    }
    if (config.communityEdition) request.replicas = Math.min(Math.max(request.replicas ?? 0, 1), CE_MAX_REPLICAS);
    await passThrough(req, res, path, search, Buffer.from(JSON.stringify(request)));
  }

  /** NewLogHandlerFunc (gateway/handlers/logs.go): the provider's /system/logs, streamed;
   * a provider without logs (404 or 501) makes it 501, any other failure 500. */
  async function logs(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const target = providerTarget('/system/logs', search);
    const setHeaders: Record<string, string> = providerAuth ? { authorization: providerAuth } : {};
    const outcome = await forwardRequest(req, res, { target, timeoutMs: config.writeTimeoutMs, setHeaders, dropHeaders: ['authorization'], agent });
    if (outcome.kind === 'timeout' || outcome.kind === 'error') return sendText(res, 500, 'log request failed\n', { 'X-Content-Type-Options': 'nosniff' });
    if (outcome.kind !== 'response') return;
    const status = outcome.upstream.statusCode ?? 500;
    if (status === 200) return relayLogStream(req, res, outcome.upstream);
    outcome.upstream.resume();
    if (status === 404 || status === 501) return sendEmpty(req, res, 501);
    sendText(res, 500, `unknown log request error (${status})\n`, { 'X-Content-Type-Options': 'nosniff' });
  }

  async function system(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
    // Credentials first, before even a 404 or 405: FAVE's choice (the real router answers
    // those unauthenticated), so nothing about /system/* is told without them.
    if (refuseSystemRequest(req, res, credentials)) return;
    const method = req.method ?? 'GET';
    if (path === '/system/functions') {
      if (method === 'GET') return listFunctions(res, search);
      if (['POST', 'PUT', 'DELETE'].includes(method)) return passThrough(req, res, path, search);
    } else if (STATUS_ROUTE.test(path)) {
      if (method === 'GET') return passThrough(req, res, path, search);
    } else if (SCALE_ROUTE.test(path)) {
      if (method === 'POST') return scale(req, res, path, search);
    } else if (path === '/system/info') {
      if (method === 'GET') return info(res);
    } else if (path === '/system/logs') {
      if (method === 'GET') return logs(req, res, search);
    } else if (path === '/system/alert') {
      if (method === 'POST') return autoscaling.alert(req, res);
    } else if (path === '/system/namespaces') {
      // Forwarded to the provider as the real gateway's NamespaceListerHandler (gateway/main.go).
      if (method === 'GET') return passThrough(req, res, path, search);
    } else if (path === '/system/secrets') {
      // SecretHandler: forwarded for GET, PUT, POST and DELETE (gateway/main.go).
      if (['GET', 'PUT', 'POST', 'DELETE'].includes(method)) return passThrough(req, res, path, search);
    } else {
      return notFound(res);
    }
    req.resume();
    sendEmpty(req, res, 405);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    armWriteTimeout(res, config.writeTimeoutMs);
    const url = new URL(req.url ?? '/', 'http://gateway');
    try {
      const fn = FUNCTION_ROUTE.exec(url.pathname);
      if (fn) return await invoke(req, res, fn[1]!, fn[2] ?? '', url.search);
      const asyncFn = ASYNC_ROUTE.exec(url.pathname);
      if (asyncFn && options.queue) {
        if (req.method !== 'POST') return sendEmpty(req, res, 405);
        return await enqueue(req, res, options.queue, asyncFn[1]!, asyncFn[2] ?? '', url.search);
      }
      if (url.pathname.startsWith('/system/')) return await system(req, res, url.pathname, url.search);
      if (url.pathname === '/healthz' || url.pathname === '/') {
        // gorilla/mux: a route that exists for another method answers an empty 405.
        if (req.method !== 'GET') return (req.resume(), sendEmpty(req, res, 405));
        if (url.pathname === '/healthz') return await passThrough(req, res, '/healthz', '');
        // http.RedirectHandler("/ui/", 301) as the real gateway, though FAVE has no UI behind it.
        const body = '<a href="/ui/">Moved Permanently</a>.\n\n';
        return void res.writeHead(301, { Location: '/ui/', 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
      }
      // /metrics is not here: it has its own port (metrics-server.ts), as in the real gateway.
      notFound(res);
    } catch (error) {
      log(`internal error: ${(error as Error).stack}`);
      sendText(res, 502, (error as Error).message);
    }
  }

  const autoscaling = makeAutoscaling(config, client, metrics, log, options.autoscalerClock);
  const listener = await startPlatformServer(config, (req, res) => void handle(req, res));
  let metricsListener;
  try {
    metricsListener = await startMetricsServer({ host: config.host, port: config.metricsPort }, metrics, client, config.namespace, log);
  } catch (error) {
    await listener.close();
    throw error;
  }
  autoscaling.autoscaler?.start();
  return {
    url: listener.url,
    port: listener.port,
    metricsUrl: metricsListener.url,
    metrics,
    scaler,
    autoscaler: autoscaling.autoscaler,
    async close() {
      scaler.stop();
      autoscaling.autoscaler?.stop();
      const closed = Promise.all([listener.close(), metricsListener.close()]);
      agent.destroy();
      await closed;
    },
  };
}
