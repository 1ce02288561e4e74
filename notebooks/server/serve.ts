// Serving the report viewer: the express app behind the start-up every FAVE server on this
// machine shares (stages/runtime/local-server.ts and local-listen.ts). The viewer only
// reads, but what it reads (results, studies) is the user's: a page elsewhere must not get
// it through DNS rebinding (foreign Host: 421) nor call it from a browser (foreign Origin:
// 403). Its own pages are same-origin and pass; slow and idle connections are cut as on
// every local server.
import type { Server } from 'node:http';
import { startLocalServer } from '../../stages/runtime/local-listen.ts';
import type { ConnectionLimits } from '../../stages/runtime/local-server.ts';
import { createApp, type ReportOptions } from './app.ts';

export interface ReportServer {
  server: Server;
  /** http://<host>:<port> as the browser should open it. */
  url: string;
  close(): Promise<void>;
}

export async function serveReport(options: ReportOptions, listen: { port: number; host: string; limits?: Partial<ConnectionLimits> }): Promise<ReportServer> {
  const listener = await startLocalServer({ host: listen.host, port: listen.port, limits: listen.limits }, createApp(options));
  return { server: listener.server, url: listener.url, close: () => listener.close() };
}
