// The result of a queued call, POSTed to its X-Callback-Url as OpenFaaS's queue-worker does
// (openfaas/nats-queue-worker main.go, postResult; openfaas/docs docs/reference/async.md,
// "Callback request headers"): the function's body and headers, then X-Duration-Seconds,
// X-Function-Status, X-Function-Name and X-Call-Id set over them.
import http from 'node:http';
import https from 'node:https';

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** From the message's arrival at the worker to the end of the answer. */
  seconds: number;
}

const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'host']);

/** The callback's own answer status; rejects when it cannot be reached within `timeoutMs`. */
export function postCallback(url: string, result: CallResult, call: { function: string; callId: string }, timeoutMs = 30_000): Promise<number> {
  const target = new URL(url);
  // Only web URLs: a message cannot make the worker open anything else.
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new Error(`callback URL ${url} is not http(s)`));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  Object.assign(headers, {
    'x-duration-seconds': result.seconds.toFixed(6),
    'x-function-status': String(result.status),
    'x-function-name': call.function,
    ...(call.callId ? { 'x-call-id': call.callId } : {}),
    'content-length': String(result.body.length),
  });
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`callback ${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(result.body);
  });
}
