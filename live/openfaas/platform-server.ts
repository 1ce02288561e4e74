import http from 'node:http';
import type { RequestListener } from 'node:http';
import { startLocalServer, type LocalListener } from '../../stages/runtime/local-listen.ts';

// What the embedded gateway and provider share in serving and in calling onwards: both
// stand in for OpenFaaS's Go servers, so they take Go's limits, and both proxy calls over
// keep-alive sockets to a Node server behind them.

export interface PlatformListen {
  host: string;
  port: number;
  /** read_timeout: how long receiving a request may take. */
  readTimeoutMs: number;
}

/**
 * read_timeout bounds receiving a request, as Go's ReadTimeout, and headers may be 1 MiB,
 * as Go's DefaultMaxHeaderBytes. No idle-socket timeout, since a call may be silent until
 * its upstream or read timeout, and write_timeout (armWriteTimeout) closes it after.
 */
export function startPlatformServer(listen: PlatformListen, handler: RequestListener): Promise<LocalListener> {
  return startLocalServer(
    {
      host: listen.host,
      port: listen.port,
      maxHeaderSize: 1 << 20,
      limits: { requestTimeoutMs: listen.readTimeoutMs, idleTimeoutMs: 0, checkIntervalMs: 250 },
    },
    handler,
  );
}

/**
 * Idle keep-alive sockets are dropped after 4 s, before Node servers' 5 s keepAliveTimeout
 * closes them: otherwise a call can be written to a socket the server is closing
 * (ECONNRESET, a spurious 502/500 under load).
 */
export function upstreamAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, timeout: 4_000 });
}
