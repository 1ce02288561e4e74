import http from 'node:http';
import type { RequestListener } from 'node:http';
import { refuseForeign } from '../../sim/http/local-request.ts';

// How every server FAVE runs on this machine starts (gateway, provider, S3, report viewer,
// stage runtime): the Host and Origin rule in front of its handler (sim/http/local-request.ts
// says why), and limits that cut slow and idle connections (local-listen.ts puts it on a
// port). It lives in stages/runtime because that is the one folder live/, notebooks/ and the
// stage images can all import.

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
