import http from 'node:http';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

// How every server FAVE runs on this machine starts (gateway, provider, S3, report viewer,
// stage runtime): one rule for the Host and Origin headers a local server answers, and
// limits that cut slow and idle connections (local-listen.ts puts it on a port). It lives
// in stages/runtime because that is the one folder live/, notebooks/ and the stage images
// can all import.
//
// Why the Host rule: a web page can make a browser send requests to 127.0.0.1 (cross-site
// "simple" requests need no CORS preflight: a text/plain POST goes straight through), and
// DNS rebinding lets a page read the answers as if it were same-origin, under its own
// name. A local server that answers only its own names and same-origin pages is out of
// reach of both; clients that are not browsers (curl, the AWS SDK, Node's fetch, Go's
// http.Client) send the address they dialled as Host and no Origin, so they pass.

export interface ConnectionLimits {
  /** A request's headers must be complete this long after its first byte (a new connection
   * counts from its opening): cuts slowloris clients that trickle header bytes. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this; 0 = no limit. It does not
   * bound the time to answer (a function call), only the time to receive. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node adds one second). */
  keepAliveTimeoutMs: number;
  /** A socket with no bytes moving either way for this long is destroyed; 0 = off, for
   * servers whose answers may legitimately take longer in silence (function calls). */
  idleTimeoutMs: number;
  /** How often Node checks the two request timeouts (the cut comes at most this late). */
  checkIntervalMs: number;
}

export const DEFAULT_LIMITS: Readonly<ConnectionLimits> = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
};

export interface LocalServerOptions {
  /** The address the server listens on: also accepted as a Host name. */
  host: string;
  /** Refuse foreign Host and Origin headers (default true). Off only behind a proxy that
   * forwards its callers' headers (a stage behind of-watchdog in a cluster). */
  localOnly?: boolean;
  limits?: Partial<ConnectionLimits>;
  maxHeaderSize?: number;
}

/** Host names every local server answers to, besides its bind address. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** `name[:port]`, nothing else: no user info, path or spaces that URL parsing would accept. */
const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i;

/** `host[:port]` as URL normalises it (lower case, default port dropped), or undefined. */
function normalHost(text: string): string | undefined {
  if (!HOST_SYNTAX.test(text)) return undefined;
  try {
    return new URL(`http://${text}`).host;
  } catch {
    return undefined;
  }
}

/** An address as it appears in a Host header: IPv6 in brackets, IPv4-mapped IPv6 as IPv4. */
function addressName(address: string): string {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return plain.includes(':') && !plain.startsWith('[') ? `[${plain}]` : plain;
}

/**
 * The Host values this connection may carry: a loopback name, the bind address, or the
 * address the connection actually arrived on (an IP literal cannot be rebound), each with
 * the port it arrived on.
 */
export function acceptedHosts(bindHost: string, socket: { localAddress?: string; localPort?: number }): Set<string> {
  const names = [...LOOPBACK_NAMES];
  // A wildcard bind (0.0.0.0) is an IP literal too: harmless, and what `http://0.0.0.0:port` sends.
  if (bindHost !== '') names.push(addressName(bindHost));
  if (socket.localAddress) names.push(addressName(socket.localAddress));
  const accepted = new Set<string>();
  for (const name of names) {
    const host = normalHost(`${name}:${socket.localPort ?? 80}`);
    if (host !== undefined) accepted.add(host);
  }
  return accepted;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  const normal = host === undefined ? undefined : normalHost(host.split(',')[0]!.trim());
  if (normal === undefined) return false;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host === normal && url.pathname === '/' && !url.search && !url.username && !url.password;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything malformed
  }
}

export interface Refusal {
  status: 421 | 403;
  message: string;
}

/**
 * The one rule. Host must name this server (see acceptedHosts). An Origin header, which
 * browsers send on cross-origin requests and on same-origin ones that are not GET/HEAD,
 * must be this server's own origin: that of the Host header, or of X-Forwarded-Host when
 * one of our proxies (gateway → provider → replica) passed on a request it had accepted.
 * A page cannot add X-Forwarded-Host to a cross-site request without a CORS preflight,
 * and the preflight (OPTIONS with its Origin) is itself refused here.
 */
export function checkLocalRequest(req: IncomingMessage, bindHost: string): Refusal | undefined {
  const host = req.headers.host;
  const normal = host === undefined ? undefined : normalHost(host);
  const accepted = acceptedHosts(bindHost, req.socket);
  if (normal === undefined || !accepted.has(normal)) {
    return {
      status: 421,
      message: `refused: Host ${JSON.stringify(host ?? '')} is not this server (expected one of ${[...accepted].join(', ')})`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const forwarded = req.headers['x-forwarded-host'];
    if (!sameOrigin(origin, host) && !(typeof forwarded === 'string' && sameOrigin(origin, forwarded))) {
      return { status: 403, message: `refused: cross-origin request from ${JSON.stringify(origin)} (only this server's own pages may call it)` };
    }
  }
  return undefined;
}

/** Answers a refused request (plain text, connection closed); true when it did. */
export function refuseForeign(req: IncomingMessage, res: ServerResponse, bindHost: string): boolean {
  const refusal = checkLocalRequest(req, bindHost);
  if (!refusal) return false;
  req.resume();
  res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(`${refusal.message}\n`);
  return true;
}

/** The limits with the defaults filled in, and headersTimeout within requestTimeout (Node requires it). */
export function resolveLimits(limits: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const all = { ...DEFAULT_LIMITS, ...limits };
  if (all.requestTimeoutMs > 0) all.headersTimeoutMs = Math.min(all.headersTimeoutMs, all.requestTimeoutMs);
  return all;
}

/** An http.Server with the limits set and, unless `localOnly: false`, the Host/Origin rule
 * in front of `handler` (also for `checkContinue` if the caller re-emits it as 'request'). */
export function createLocalServer(options: LocalServerOptions, handler: RequestListener): http.Server {
  const limits = resolveLimits(options.limits);
  const localOnly = options.localOnly ?? true;
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      ...(options.maxHeaderSize ? { maxHeaderSize: options.maxHeaderSize } : {}),
    },
    (req, res) => {
      if (localOnly && refuseForeign(req, res, options.host)) return;
      handler(req, res);
    },
  );
  // With no 'timeout' listener, Node destroys a socket idle for this long.
  server.setTimeout(limits.idleTimeoutMs);
  return server;
}
