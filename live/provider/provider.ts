import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadCredentials } from '../openfaas/credentials.ts';
import type { Env } from '../openfaas/env.ts';
import { RequestError } from '../openfaas/errors.ts';
import { armWriteTimeout, readBody, sendJson, sendText } from '../openfaas/forward.ts';
import { startPlatformServer, upstreamAgent } from '../openfaas/platform-server.ts';
import { refuseSystemRequest } from '../openfaas/system-api.ts';
import { FUNCTION_NAME, type DeleteFunctionRequest, type ProviderInfo, type ScaleServiceRequest } from '../openfaas/types.ts';
import type { ProviderConfig } from './config.ts';
import parseDeployment, { CE_MAX_REPLICAS } from './deploy-spec.ts';
import { FunctionInstance } from './function-instance.ts';
import { FunctionLogs, serveLogs } from './logs.ts';
import { treeRss } from './memory.ts';
import { Namespaces } from './namespaces.ts';
import proxyToFunction from './proxy.ts';
import { openReplicaTmp } from './replica-tmp.ts';
import { SecretMounts } from './secret-mounts.ts';
import { minReplicaLabel } from './rolling-update.ts';
import { serveSecrets, SecretStore } from './secrets.ts';

// The embedded faas-provider: the REST API of faas-provider's serve.go, with functions run
// as child processes instead of pods.

export interface ProviderOptions {
  /** Where credentials come from when basic_auth is on (OPENFAAS_USERNAME/PASSWORD, else the
   * basic-auth-* files in secret_mount_path), as the gateway reads them. */
  env?: Env;
  log?: (line: string) => void;
  random?: () => number;
}

export interface RunningProvider {
  url: string;
  port: number;
  functions: ReadonlyMap<string, FunctionInstance>;
  /** Stops accepting calls and stops every replica (SIGTERM, SIGKILL after the grace). */
  close(graceMs?: number): Promise<void>;
}

const NAME = FUNCTION_NAME;
const FUNCTION_ROUTE = new RegExp(`^/function/(${NAME})(/.*)?$`);
const STATUS_ROUTE = new RegExp(`^/system/function/(${NAME})$`);
const SCALE_ROUTE = new RegExp(`^/system/scale-function/(${NAME})$`);
const INFO: ProviderInfo = { provider: 'faas-fave', orchestration: 'processes', version: { sha: 'dev', release: '0.1.0' } };

/** `detail`: append the parser's reason, as faas-netes does for deploys but not for scale requests. */
function parseJson(buffer: Buffer, message: string, detail = true): unknown {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new RequestError(400, detail ? `${message}: ${(error as Error).message}` : message);
  }
}

export default async function startProvider(config: ProviderConfig, options: ProviderOptions = {}): Promise<RunningProvider> {
  const log = options.log ?? ((line: string) => process.stdout.write(`provider: ${line}\n`));
  const credentials = config.basicAuth ? loadCredentials(options.env ?? {}, config.secretMountPath) : undefined;
  const functions = new Map<string, FunctionInstance>();
  const replicaTmp = openReplicaTmp(config.stateDir, log);
  const namespaces = new Namespaces(config.namespace, config.extraNamespaces);
  const secrets = new SecretStore(config.stateDir, namespaces, config.secretMountPath);
  const mounts = new SecretMounts((name, namespace) => secrets.source(namespace, name), config.functionSecretsPath);
  const logs = new FunctionLogs();
  const deployContext = { namespaces, findSecret: (name: string, namespace: string) => secrets.source(namespace, name) };
  /** A function by name in the namespace a request's query names (?namespace=, else the default). */
  const lookup = (name: string, search: URLSearchParams) => functions.get(namespaces.key(name, namespaces.fromQuery(search)));
  const agent = upstreamAgent();
  const proxyCtx = { functions, readTimeoutMs: config.readTimeoutMs, agent, log, random: options.random };

  async function system(req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
    if (refuseSystemRequest(req, res, credentials)) return;
    const method = req.method ?? 'GET';
    if (path === '/system/functions') {
      if (method === 'GET') {
        const namespace = namespaces.fromQuery(search);
        return sendJson(res, 200, [...functions.values()].filter((f) => f.namespace === namespace).map((f) => f.status()));
      }
      if (method === 'POST' || method === 'PUT') {
        const parsed = parseDeployment(parseJson(await readBody(req), 'failed to unmarshal request'), config, deployContext);
        const { namespace } = parsed;
        const spec = { ...parsed.spec, namespace };
        const key = namespaces.key(spec.service, namespace);
        const existing = functions.get(key);
        if (method === 'POST') {
          if (existing) throw new RequestError(500, `unable create Deployment: deployments.apps "${spec.service}" already exists`);
          const settings = { ...parsed.settings, secretsDir: mounts.create(spec.service, spec.secrets ?? [], namespace) };
          const onOutput = (instance: string, line: string) => logs.append(key, spec.service, namespace, instance, line);
          const fn = new FunctionInstance(spec, settings, parsed.initialReplicas, config, log, replicaTmp, onOutput);
          functions.set(key, fn);
          fn.reconcile();
          log(`Deployment created: ${fn.name}.${namespace}`);
        } else {
          if (!existing) throw new RequestError(404, `deployments.apps "${spec.service}" not found`);
          const previous = existing.settings.secretsDir;
          const settings = { ...parsed.settings, secretsDir: mounts.create(spec.service, spec.secrets ?? [], namespace) };
          // The old directory goes once the replicas that read it have stopped.
          void existing.update(spec, settings, minReplicaLabel(spec.labels)).then(() => mounts.remove(previous));
          log(`Deployment updated: ${existing.name}.${namespace}`);
        }
        res.writeHead(202).end();
        return;
      }
      if (method === 'DELETE') {
        // faas-netes's delete handler reads the namespace from the query (pkg/handlers/delete.go).
        const namespace = namespaces.fromQuery(search);
        const body = parseJson(await readBody(req), 'failed to unmarshal request') as Partial<DeleteFunctionRequest> | null;
        if (typeof body?.functionName !== 'string' || body.functionName === '') throw new RequestError(400, 'functionName is required');
        const key = namespaces.key(body.functionName, namespace);
        const fn = functions.get(key);
        if (!fn) throw new RequestError(404, `deployments.apps "${body.functionName}" not found`);
        functions.delete(key);
        logs.drop(key);
        void fn.remove(config.terminationGraceMs).then(() => mounts.remove(fn.settings.secretsDir));
        res.writeHead(202).end();
        return;
      }
      return sendText(res, 405, 'Method Not Allowed');
    }
    if (path === '/system/namespaces') {
      if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
      return sendJson(res, 200, namespaces.all);
    }
    if (path === '/system/secrets') return serveSecrets(req, res, search, secrets, namespaces, log);
    if (path === '/system/logs') {
      if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
      return serveLogs(res, search, logs, namespaces, config.writeTimeoutMs);
    }
    const status = STATUS_ROUTE.exec(path);
    if (status && method === 'GET') {
      const fn = lookup(status[1]!, search);
      if (!fn) return void res.writeHead(404).end();
      return sendJson(res, 200, fn.status());
    }
    const scale = SCALE_ROUTE.exec(path);
    if (scale && method === 'POST') {
      const body = parseJson(await readBody(req), 'Cannot parse request. Please pass valid JSON.', false) as Partial<ScaleServiceRequest> | null;
      const replicas = body?.replicas ?? 0;
      if (!Number.isInteger(replicas) || replicas < 0) throw new RequestError(400, 'Cannot parse request. Please pass valid JSON.');
      if (config.communityEdition && replicas === 0) throw new RequestError(400, 'replicas cannot be set to 0 in OpenFaaS CE');
      const fn = lookup(scale[1]!, search);
      if (!fn) throw new RequestError(500, `Unable to lookup function deployment ${scale[1]}`);
      const target = config.communityEdition ? Math.min(replicas, CE_MAX_REPLICAS) : replicas;
      log(`Set replicas - ${fn.name} ${fn.namespace}, ${fn.desired} => ${target}`);
      fn.scale(target);
      res.writeHead(202).end();
      return;
    }
    if (path === '/system/info' && method === 'GET') return sendJson(res, 200, INFO);
    if (status || scale || path === '/system/info') return sendText(res, 405, 'Method Not Allowed');
    sendText(res, 404, '404 page not found\n');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    armWriteTimeout(res, config.writeTimeoutMs);
    const url = new URL(req.url ?? '/', 'http://provider');
    const fnRoute = FUNCTION_ROUTE.exec(url.pathname);
    try {
      if (fnRoute) {
        // "fn.ns" is fn in namespace ns (faas-netes FunctionLookup.Resolve); a name not found
        // goes on as given, so the 503 names what the caller asked for.
        const split = namespaces.splitFunction(fnRoute[1]!);
        const key = split ? namespaces.key(split.name, split.namespace) : fnRoute[1]!;
        return await proxyToFunction(proxyCtx, req, res, functions.has(key) ? key : fnRoute[1]!, (fnRoute[2] ?? '').replace(/^\/$/, ''), url.search);
      }
      if (url.pathname === '/healthz' && req.method === 'GET') return sendText(res, 200, 'OK');
      if (url.pathname.startsWith('/system/')) return await system(req, res, url.pathname, url.searchParams);
      sendText(res, 404, '404 page not found\n');
    } catch (error) {
      if (error instanceof RequestError) return sendText(res, error.status, error.message);
      log(`internal error: ${(error as Error).stack}`);
      sendText(res, 500, (error as Error).message);
    }
  }

  const listener = await startPlatformServer(config, (req, res) => void handle(req, res));

  // Idle scale to zero, crash restarts.
  const reconcileTimer = setInterval(() => {
    const now = Date.now();
    for (const fn of functions.values()) {
      const idleMs = fn.settings.scaleToZeroAfterMs;
      if (idleMs !== undefined && fn.desired > 0 && fn.inflight === 0 && now - fn.lastActivity >= idleMs) {
        log(`Scale to zero: ${fn.name} idle for ${now - fn.lastActivity} ms`);
        fn.scale(0);
      }
      fn.reconcile(now);
    }
  }, config.reconcileIntervalMs);

  // Memory limits: sample each replica's process tree and OOM-kill any over its limit.
  const memoryTimer = setInterval(() => {
    const limited = [...functions.values()].filter((f) => f.settings.memoryLimitBytes !== undefined);
    const replicas = limited.flatMap((f) => f.replicas.filter((r) => r.pid !== undefined && r.state !== 'exited').map((r) => ({ f, r })));
    if (replicas.length === 0) return;
    const rss = treeRss(replicas.map(({ r }) => r.pid!));
    for (const { f, r } of replicas) {
      const measured = rss.get(r.pid!);
      // A stand-in that forks its function is limited on what it forks (entry.ts MemoryScope).
      const bytes = measured && (f.settings.memoryScope === 'children' ? measured.total - measured.own : measured.total);
      if (bytes !== undefined && bytes > f.settings.memoryLimitBytes!) {
        const mib = (n: number) => (n / 2 ** 20).toFixed(1);
        log(`[${r.id}] OOMKilled: rss ${mib(bytes)} MiB > limit ${mib(f.settings.memoryLimitBytes!)} MiB, ${r.inflight} in flight`);
        r.kill('oom-killed');
      }
    }
  }, config.memorySampleIntervalMs);

  const killAll = () => {
    for (const fn of functions.values()) fn.killAll();
    replicaTmp.close();
    mounts.removeAll();
  };
  process.once('exit', killAll);

  return {
    url: listener.url,
    port: listener.port,
    functions,
    async close(graceMs = config.terminationGraceMs) {
      clearInterval(reconcileTimer);
      clearInterval(memoryTimer);
      const closed = listener.close();
      await Promise.all([...functions.values()].map((f) => f.remove(graceMs, 'shutdown')));
      functions.clear();
      replicaTmp.close();
      mounts.removeAll();
      agent.destroy();
      await closed;
      process.removeListener('exit', killAll);
    },
  };
}
