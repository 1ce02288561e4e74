import type http from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalServer, type LocalServerOptions } from './local-server.ts';

// How every embedded server (gateway, provider, S3, report viewer, stage runtime) listens
// and stops, so that each says the same thing when its port is taken and none is left
// waiting on a keep-alive socket at shutdown. local-server.ts makes the server (the Host
// and Origin rule, connection limits); this puts it on a port. Both live in stages/runtime
// because that is the one folder live/, notebooks/ and the stage images can all import.

export interface LocalListener {
  server: http.Server;
  port: number;
  /** `http://host:port` with the host as configured (an IPv6 literal in brackets). */
  url: string;
  /**
   * Stops accepting and resolves once every connection has ended. Idle keep-alive sockets
   * close at once, busy ones as soon as their answer is out; what is still open after
   * `graceMs` is cut (default 0: at once; Infinity: never). A second call cuts at once.
   */
  close(graceMs?: number): Promise<void>;
}

/** A host as it stands in a URL or a `host:port` message. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Node's listen errors say `listen EADDRINUSE: address already in use`; this says what to do. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const reasons: Record<string, string> = {
    EADDRINUSE: 'the port is in use (stop what holds it or choose another port; port 0 picks a free one)',
    EADDRNOTAVAIL: 'no network interface of this machine has that address',
    EACCES: 'permission denied (ports below 1024 need privileges)',
  };
  const why = reasons[error.code ?? ''] ?? error.message;
  // The code stays on the error, so a caller can still tell a taken port from the rest.
  return Object.assign(new Error(`cannot listen on ${urlHost(host)}:${port}: ${why}`, { cause: error }), { code: error.code });
}

/** Listens on host:port; resolves with the address once listening, rejects with listenError. */
export function listenOn(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Puts a server made by createLocalServer (and given any extra listeners) on host:port. */
export async function listenLocal(server: http.Server, port: number, host: string): Promise<LocalListener> {
  const address = await listenOn(server, port, host);
  let closing: Promise<void> | undefined;
  // While closing, a keep-alive socket whose answer just went out would otherwise sit idle
  // until keepAliveTimeout and hold the close open that long: close it as it becomes idle.
  server.on('request', (_req, res) =>
    res.once('close', () => {
      if (closing) server.closeIdleConnections();
    }),
  );
  return {
    server,
    port: address.port,
    url: `http://${urlHost(host)}:${address.port}`,
    close(graceMs = 0) {
      if (closing) {
        server.closeAllConnections();
        return closing;
      }
      // server.close stops accepting and (Node >= 19) closes the idle sockets; it calls back
      // once the last connection has ended. An error only says it was not listening any more.
      closing = new Promise<void>((resolve) => server.close(() => resolve()));
      if (graceMs <= 0) server.closeAllConnections();
      else if (Number.isFinite(graceMs)) {
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        void closing.then(() => clearTimeout(cut));
      }
      return closing;
    },
  };
}

export type StartOptions = Omit<LocalServerOptions, 'host'> & {
  /** Default 127.0.0.1: nothing off this machine reaches a server unless configured to. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
};

/** createLocalServer and listenLocal in one, for a server that needs nothing in between. */
export function startLocalServer(options: StartOptions, handler: RequestListener): Promise<LocalListener> {
  const host = options.host ?? '127.0.0.1';
  return listenLocal(createLocalServer({ ...options, host }, handler), options.port ?? 0, host);
}
