import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardRequest, relayResponse, sendText } from '../openfaas/forward.ts';
import type { FunctionInstance } from './function-instance.ts';

// The provider's function proxy (faas-provider proxy/proxy.go): resolve a ready replica,
// call it with the provider's read_timeout, answer 503 when there is none and 500 "Can't
// reach service" when the call fails or times out.

export interface ProxyContext {
  functions: Map<string, FunctionInstance>;
  readTimeoutMs: number;
  agent: http.Agent;
  log: (line: string) => void;
  random?: () => number;
}

export default async function proxyToFunction(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  rest: string,
  query: string,
): Promise<void> {
  const fn = ctx.functions.get(name);
  const replica = fn?.pickReady(ctx.random);
  if (!fn || !replica) {
    ctx.log(`resolver error: no endpoints for ${name}`);
    sendText(res, 503, `No endpoints available for: ${name}.`, { 'X-OpenFaaS-Internal': 'proxy' });
    req.resume();
    return;
  }
  fn.invocationCount++;
  fn.inflight++;
  replica.inflight++;
  fn.lastActivity = Date.now();
  res.once('close', () => {
    fn.inflight--;
    replica.inflight--;
    fn.lastActivity = Date.now();
  });

  const target = new URL(`http://127.0.0.1:${replica.port}${rest || '/'}${query}`);
  const started = Date.now();
  const outcome = await forwardRequest(req, res, { target, timeoutMs: ctx.readTimeoutMs, agent: ctx.agent });
  switch (outcome.kind) {
    case 'response': {
      const contentType = outcome.upstream.headers['content-type'] ?? req.headers['content-type'] ?? 'text/plain';
      relayResponse(res, outcome.upstream, { 'Content-Type': contentType });
      res.once('finish', () => ctx.log(`${name} took ${((Date.now() - started) / 1000).toFixed(6)} seconds`));
      return;
    }
    case 'timeout':
    case 'error':
      if (outcome.kind === 'error' && replica.readiness === 'watchdog') {
        // What of-watchdog answers when its upstream cannot be reached (node not listening
        // yet): 500 with no body (executor/http_runner.go), which faas-netes relays as is.
        ctx.log(`${name}: ${replica.id} refused the call (${outcome.error.message}); answered as of-watchdog: 500, empty body`);
        res.writeHead(500, { 'Content-Length': '0', 'X-Duration-Seconds': ((Date.now() - started) / 1000).toFixed(6), 'X-OpenFaaS-Internal': 'of-watchdog' });
        res.end();
        return;
      }
      ctx.log(`error with proxy request to: ${target}, ${outcome.kind === 'error' ? outcome.error.message : 'timeout'}`);
      sendText(res, 500, `Can't reach service for: ${name}.`, { 'X-OpenFaaS-Internal': 'proxy' });
      return;
    case 'too-large':
    case 'client-gone':
      return;
  }
}
