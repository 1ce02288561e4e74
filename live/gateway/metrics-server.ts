import type { LocalListener } from '../../stages/runtime/local-listen.ts';
import { startLocalServer } from '../../stages/runtime/local-listen.ts';
import { sendText } from '../openfaas/forward.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { ProviderClient } from './provider-client.ts';

// The gateway's metrics listener: runMetricsServer in openfaas/faas gateway/main.go serves
// /metrics and /healthz on a port of its own (8082), "to keep this accessible from the
// internal network only"; the API port answers /metrics with 404. Read and write timeouts
// of 5 s as there. Local-only Host/Origin checks as every embedded server.

export function startMetricsServer(
  listen: { host: string; port: number },
  metrics: GatewayMetrics,
  client: ProviderClient,
  namespace: string,
  log: (line: string) => void,
): Promise<LocalListener> {
  return startLocalServer({ host: listen.host, port: listen.port, limits: { requestTimeoutMs: 5_000 } }, (req, res) => {
    res.setTimeout(5_000, () => res.destroy());
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path === '/healthz') {
      // handlers.HealthzHandler: "OK" to GET, an empty 405 to anything else.
      if (req.method === 'GET') return sendText(res, 200, 'OK');
      return void res.writeHead(405, { 'Content-Length': '0' }).end();
    }
    if (path !== '/metrics') return sendText(res, 404, '404 page not found\n', { 'X-Content-Type-Options': 'nosniff' });
    void (async () => {
      const replicas = new Map<string, number>();
      try {
        for (const f of await client.listFunctions(namespace)) replicas.set(f.name, f.replicas ?? 0);
      } catch (error) {
        log(`metrics: could not list functions: ${(error as Error).message}`);
      }
      const text = metrics.render(replicas);
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
    })();
  });
}
