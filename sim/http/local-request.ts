// The Host and Origin rule every server FAVE runs on this machine applies: the embedded
// gateway, provider, S3, report viewer and stage runtime (through
// stages/runtime/local-server.ts), and the callback servers async results come back to
// (live/run/callback-server.ts, sim/sweep/remote/callback-server.ts). It sits in sim/, the
// base layer, so that every folder, and the function images, can import it.
//
// Why: a web page can make a browser send requests to 127.0.0.1 (cross-site "simple"
// requests need no CORS preflight: a text/plain POST goes straight through), and DNS
// rebinding lets a page read the answers as if it were same-origin, under its own name. A
// local server that answers only its own names and same-origin pages is out of reach of
// both; clients that are not browsers (curl, the AWS SDK, Node's fetch, Go's http.Client,
// OpenFaaS's queue-worker) send the address they dialled as Host and no Origin, so they pass.
import type { IncomingMessage, ServerResponse } from 'node:http';

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
 * the port it arrived on; and `extra` (`host[:port]`), names the server was told it is
 * reached by (a tunnel's, advertised as a callback URL).
 */
export function acceptedHosts(bindHost: string, socket: { localAddress?: string; localPort?: number }, extra: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES];
  // A wildcard bind (0.0.0.0) is an IP literal too: harmless, and what `http://0.0.0.0:port` sends.
  if (bindHost !== '') names.push(addressName(bindHost));
  if (socket.localAddress) names.push(addressName(socket.localAddress));
  const accepted = new Set<string>();
  for (const name of names) {
    const host = normalHost(`${name}:${socket.localPort ?? 80}`);
    if (host !== undefined) accepted.add(host);
  }
  for (const name of extra) {
    const host = normalHost(name);
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
export function checkLocalRequest(req: IncomingMessage, bindHost: string, extraHosts: readonly string[] = []): Refusal | undefined {
  const host = req.headers.host;
  const normal = host === undefined ? undefined : normalHost(host);
  const accepted = acceptedHosts(bindHost, req.socket, extraHosts);
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
export function refuseForeign(req: IncomingMessage, res: ServerResponse, bindHost: string, extraHosts: readonly string[] = []): boolean {
  const refusal = checkLocalRequest(req, bindHost, extraHosts);
  if (!refusal) return false;
  req.resume();
  res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(`${refusal.message}\n`);
  return true;
}
