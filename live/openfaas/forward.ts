import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Reverse-proxying one HTTP call, shared by the provider (gateway → replica) and the
// gateway (client → provider). Both Go originals use an http.Client whose timeout covers
// the whole exchange; `timeoutMs` does the same here, body included.

/** Hop-by-hop headers (RFC 7230), removed before forwarding as Go's reverse proxy does. */
const HOP_HEADERS = [
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

export interface ForwardOptions {
  target: URL;
  timeoutMs: number;
  /** Headers to set on the upstream request (after copying the client's). */
  setHeaders?: Record<string, string>;
  /** Headers to delete from the upstream request (e.g. the caller's Authorization). */
  dropHeaders?: string[];
  /** 0 = unlimited. A body past this is refused before any response is written. */
  maxBodyBytes?: number;
  agent?: http.Agent;
  /** Send this instead of the client's body (when the caller already read and changed it). */
  body?: Buffer;
}

export type ForwardOutcome =
  | { kind: 'response'; upstream: IncomingMessage; cancel: () => void }
  | { kind: 'timeout' }
  | { kind: 'error'; error: Error }
  | { kind: 'too-large' }
  | { kind: 'client-gone' };

/** Starts the upstream call; resolves once its response headers arrive or it fails. */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions,
): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const h of [...HOP_HEADERS, ...(options.dropHeaders ?? []).map((x) => x.toLowerCase())]) delete headers[h];
    delete headers.host;
    if (req.headers.host && !headers['x-forwarded-host']) headers['x-forwarded-host'] = req.headers.host;
    if (!headers['x-forwarded-for']) headers['x-forwarded-for'] = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    for (const [k, v] of Object.entries(options.setHeaders ?? {})) headers[k.toLowerCase()] = v;
    if (options.body) headers['content-length'] = String(options.body.length);

    let settled = false;
    const settle = (outcome: ForwardOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const upstream = http.request(options.target, { method: req.method, headers, agent: options.agent });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      upstream.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const done = () => clearTimeout(timer);

    upstream.on('response', (res) => {
      res.on('end', done);
      res.on('close', done);
      settle({
        kind: 'response',
        upstream: res,
        cancel: () => {
          done();
          upstream.destroy();
        },
      });
    });
    upstream.on('error', (error) => {
      done();
      settle({ kind: 'error', error });
    });
    res.on('close', () => {
      // The caller went away before we answered: drop the upstream call as Go's request
      // context cancellation does. The function's process keeps whatever work it started.
      if (!res.writableFinished) {
        done();
        upstream.destroy();
        settle({ kind: 'client-gone' });
      }
    });

    if (options.body) {
      upstream.end(options.body);
      return;
    }
    const max = options.maxBodyBytes ?? 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (max > 0 && declared > max) {
      done();
      upstream.destroy();
      settle({ kind: 'too-large' });
      req.resume();
      return;
    }
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (max > 0 && received > max) {
        done();
        upstream.destroy();
        req.unpipe(upstream);
        req.resume();
        settle({ kind: 'too-large' });
      }
    });
    req.pipe(upstream);
  });
}

/** Copies the upstream response (status, headers, body) to the client. */
export function relayResponse(
  res: ServerResponse,
  upstream: IncomingMessage,
  extraHeaders: Record<string, string> = {},
): void {
  copyUpstreamHeaders(res, upstream, extraHeaders);
  res.writeHead(upstream.statusCode ?? 502);
  upstream.pipe(res);
  upstream.on('aborted', () => res.destroy());
  upstream.on('error', () => res.destroy());
}

/** Sets the upstream response's end-to-end headers, then `extraHeaders`, on `res`. */
export function copyUpstreamHeaders(res: ServerResponse, upstream: IncomingMessage, extraHeaders: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(upstream.headers)) {
    if (v === undefined || HOP_HEADERS.includes(k)) continue;
    res.setHeader(k, v);
  }
  for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
}

/** A plain-text answer, as Go's http.Error writes it. */
export function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Content-Length as Go's server sets it on a short answer (Node would send it chunked).
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message), ...headers });
  res.end(message);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a whole request body up to `limit` bytes (system API bodies are small). */
export function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Go's http.Server WriteTimeout: once it passes, the connection is closed without a
 * response if none was written (the client sees the socket close with no status).
 */
export function armWriteTimeout(res: ServerResponse, ms: number): void {
  if (ms <= 0) return;
  const timer = setTimeout(() => {
    if (!res.writableFinished) res.socket?.destroy();
  }, ms);
  res.on('close', () => clearTimeout(timer));
}
