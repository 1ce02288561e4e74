import type { IncomingMessage, ServerResponse } from 'node:http';
import { copyUpstreamHeaders, relayResponse } from '../openfaas/forward.ts';

// How the gateway's answers are framed on the wire, as Go's net/http server frames them.
// The gateway copies the upstream body with io.Copy (gateway/handlers/forwarding_proxy.go);
// Go's server holds the first 2048 bytes a handler writes (bufferBeforeChunkingSize in
// net/http/server.go) and, when the handler returns within them and set no Content-Length,
// sends Content-Length; only longer bodies go out chunked. The parity transcript shows it
// (real-gateway-4679f278.json: every small function answer has Content-Length).

/** net/http's bufferBeforeChunkingSize. */
export const GO_BUFFER_BEFORE_CHUNKING = 2048;

/** Empty answers (405, 501, 502...): Go writes Content-Length: 0, except to HEAD. */
export function sendEmpty(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, req.method === 'HEAD' ? headers : { ...headers, 'Content-Length': '0' });
  res.end();
}

/** relayResponse, but an upstream body without Content-Length is framed as Go frames it. */
export function relayLikeGo(req: IncomingMessage, res: ServerResponse, upstream: IncomingMessage, extra: Record<string, string> = {}): void {
  // Server-sent events are flushed as they come (the gateway proxies text/event-stream with
  // httputil.ReverseProxy, which flushes), and a declared length is relayed as it is.
  if (upstream.headers['content-length'] !== undefined || (req.headers.accept ?? '').startsWith('text/event-stream')) {
    return relayResponse(res, upstream, extra);
  }
  const held: Buffer[] = [];
  let size = 0;
  let streaming = false;
  const onData = (chunk: Buffer) => {
    held.push(chunk);
    size += chunk.length;
    if (size <= GO_BUFFER_BEFORE_CHUNKING) return;
    // Past the buffer: headers go out without a length (chunked) and the rest streams.
    streaming = true;
    upstream.off('data', onData);
    copyUpstreamHeaders(res, upstream, extra);
    res.writeHead(upstream.statusCode ?? 502);
    res.write(Buffer.concat(held));
    upstream.pipe(res);
  };
  const onEnd = () => {
    if (streaming) return;
    const body = Buffer.concat(held);
    copyUpstreamHeaders(res, upstream, req.method === 'HEAD' ? extra : { ...extra, 'Content-Length': String(body.length) });
    res.writeHead(upstream.statusCode ?? 502);
    res.end(body);
  };
  upstream.on('data', onData);
  upstream.on('end', onEnd);
  upstream.on('aborted', () => res.destroy());
  upstream.on('error', () => res.destroy());
}

/**
 * The log proxy's copy (gateway/handlers/logs.go NewLogHandlerFunc): the provider's body only,
 * no header of it, flushed as it comes. So Go's own framing: an empty stream is 200 with
 * Content-Length 0 and no Content-Type; otherwise chunked, with the type Go sniffs from the
 * first bytes, text/plain for NDJSON (http.DetectContentType).
 */
export function relayLogStream(req: IncomingMessage, res: ServerResponse, upstream: IncomingMessage): void {
  let started = false;
  upstream.on('data', (chunk: Buffer) => {
    if (!started) res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    started = true;
    res.write(chunk);
  });
  upstream.once('end', () => (started ? res.end() : sendEmpty(req, res, 200)));
  upstream.once('error', () => res.destroy());
  res.once('close', () => upstream.destroy());
}
