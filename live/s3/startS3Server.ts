import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal } from '../../stages/runtime/local-listen.ts';
import { createLocalServer, type ConnectionLimits } from '../../stages/runtime/local-server.ts';
import { MultipartStorage } from './multipartStorage.ts';
import { ObjectStorage } from './objectStorage.ts';
import { HANDLERS, route } from './routes.ts';
import type { S3Context } from './s3Context.ts';
import { errorXml, S3Error } from './s3Error.ts';
import { verifySigV4, type SigV4Credentials } from './sigv4.ts';
import { xmlDocument } from './xml.ts';

export interface S3ServerOptions {
  /** Where buckets, objects and uploads live; created if missing. */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  accessKeyId: string;
  secretAccessKey: string;
  /** The one region requests must be signed for. Default us-east-1. */
  region?: string;
  /** Largest single PutObject / UploadPart body. Default 5 GiB, as S3. */
  maxObjectBytes?: number;
  /** Receives one line per request: method, path, status, milliseconds. Never credentials. */
  log?: (line: string) => void;
  /** Connection limits over S3_LIMITS (tests shrink them). */
  limits?: Partial<ConnectionLimits>;
}

/**
 * Every S3 request moves bytes until it is answered, so a socket silent for 30 s is cut
 * (a stalled upload, a client that stopped reading). A body may take up to an hour (5 GiB
 * at 1.5 MB/s), which bounds a client trickling one. Idle keep-alive sockets close after
 * 25 s (26 s with Node's extra second): long enough that the SDK's reused sockets are
 * rarely closed under it, within the 30 s every local server keeps to.
 */
export const S3_LIMITS: Partial<ConnectionLimits> = { requestTimeoutMs: 3_600_000, keepAliveTimeoutMs: 25_000, idleTimeoutMs: 30_000 };

/** Which requests a fault applies to: method and the decoded `bucket/key` path. */
export type S3RequestMatcher = (method: string, path: string) => boolean;

export interface S3Server {
  endpoint: string;
  port: number;
  /**
   * Fault injection for reliability tests and studies ("slow S3"): hold every matching
   * request `ms` before handling it (0 turns it off). A stop is `close()`; a restart is
   * `startS3Server` on the same `dataDir` and `port`.
   */
  setDelay(ms: number, match?: S3RequestMatcher): void;
  close(): Promise<void>;
}

export class S3ServerConfigError extends Error {
  constructor(message: string) {
    super(`startS3Server: ${message}`);
    this.name = 'S3ServerConfigError';
  }
}

const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 ** 3;

function validate(opts: S3ServerOptions): void {
  if (!opts.dataDir) throw new S3ServerConfigError('dataDir is required');
  if (!opts.accessKeyId) throw new S3ServerConfigError('accessKeyId is required');
  if (!opts.secretAccessKey) throw new S3ServerConfigError('secretAccessKey is required');
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new S3ServerConfigError(`port must be an integer in 0..65535, got ${String(opts.port)}`);
  }
  const max = opts.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  if (!Number.isInteger(max) || max < 0) {
    throw new S3ServerConfigError(`maxObjectBytes must be a non-negative integer, got ${String(opts.maxObjectBytes)}`);
  }
}

function splitPath(rawPath: string): { bucket: string; key: string } {
  const path = rawPath.replace(/^\//, '');
  const slash = path.indexOf('/');
  try {
    return slash < 0
      ? { bucket: decodeURIComponent(path), key: '' }
      : { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw new S3Error('InvalidArgument', 'The request path is not valid percent-encoding');
  }
}

/**
 * Starts a path-style S3-compatible server on node:http with SigV4 authentication for
 * one key pair, persisting everything under `dataDir` (see ObjectStorage).
 */
export async function startS3Server(opts: S3ServerOptions): Promise<S3Server> {
  validate(opts);
  const credentials: SigV4Credentials = {
    accessKeyId: opts.accessKeyId,
    secretAccessKey: opts.secretAccessKey,
    region: opts.region ?? 'us-east-1',
  };
  const objects = await ObjectStorage.open(opts.dataDir);
  const uploads = new MultipartStorage(objects);
  const maxObjectBytes = opts.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  const log = opts.log ?? (() => undefined);
  let delay: { ms: number; match: S3RequestMatcher } = { ms: 0, match: () => true };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0]!;
    res.setHeader('x-amz-request-id', requestId);
    // The query is left out of logs: presigned URLs carry credentials there.
    res.on('close', () =>
      log(`${req.method} ${rawPath} ${res.headersSent ? res.statusCode : 'aborted'} ${(performance.now() - started).toFixed(1)}ms`),
    );
    try {
      if (delay.ms > 0 && delay.match(req.method ?? 'GET', safeDecode(rawPath))) await new Promise((r) => setTimeout(r, delay.ms));
      if (req.method === 'OPTIONS') refusePreflight(req);
      const auth = await verifySigV4({ method: req.method ?? 'GET', url, rawHeaders: req.rawHeaders }, credentials, new Date());
      const { bucket, key } = splitPath(rawPath);
      const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
      const operation = route(req.method ?? 'GET', bucket, key, query, req.headers);
      // Only now let a client waiting on "Expect: 100-continue" send its body.
      if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
      const ctx: S3Context = {
        req, res, bucket, key, query, auth, objects, uploads, maxObjectBytes, region: credentials.region,
      };
      await HANDLERS[operation](ctx);
    } catch (caught) {
      const error = caught instanceof S3Error ? caught : new S3Error('InternalError', 'We encountered an internal error. Please try again.');
      if (!(caught instanceof S3Error)) log(`internal error on ${req.method} ${rawPath}: ${(caught as Error).message}`);
      sendError(req, res, error, rawPath, requestId);
    }
  }

  // Host/Origin rule and limits of every local server (the AWS SDK sends Host as the
  // path-style endpoint it dialled, and no Origin); S3_LIMITS says why these limits.
  const bindHost = opts.host ?? '127.0.0.1';
  const server = createLocalServer({ host: bindHost, limits: { ...S3_LIMITS, ...opts.limits } }, (req, res) => void handle(req, res));
  // A client waiting on "Expect: 100-continue" goes through the same listener, rule first.
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  // Any other Expect value S3 ignores (it does not answer 417, Node's default).
  server.on('checkExpectation', (req, res) => server.emit('request', req, res));
  // A request Node's parser refuses (an empty or negative Content-Length, a malformed
  // line) gets S3's 400 (431 for oversized headers) before the socket closes, instead of
  // a bare hang-up; timeouts and resets are still just cut.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = error.code ?? '';
    if (!code.startsWith('HPE_') || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = xmlDocument(
      'Error',
      { Code: status === 431 ? 'RequestHeaderSectionTooLarge' : 'BadRequest', Message: `Malformed HTTP request (${code})` },
      null,
    );
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/xml\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const listener = await listenLocal(server, opts.port ?? 0, bindHost);
  return {
    endpoint: listener.url,
    port: listener.port,
    setDelay(ms, match = () => true) {
      if (!Number.isFinite(ms) || ms < 0) throw new S3ServerConfigError(`setDelay: ms must be a finite number >= 0, got ${String(ms)}`);
      delay = { ms, match };
    },
    close: () => listener.close(),
  };
}

/**
 * OPTIONS is a CORS preflight, which S3 answers before and without authentication. No
 * bucket here has a CORS configuration, so the answer is S3's refusal: 400 when the
 * preflight lacks an Origin, 403 when it has one (and got past the local-only Origin rule).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
 */
function refusePreflight(req: IncomingMessage): never {
  if (req.headers.origin === undefined) throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
  throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.');
}

function safeDecode(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath.replace(/^\//, ''));
  } catch {
    return rawPath;
  }
}

function sendError(req: IncomingMessage, res: ServerResponse, error: S3Error, resource: string, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Drain whatever part of the body was not read, so the client can read the answer.
  if (!req.complete) {
    req.unpipe();
    req.resume();
    res.setHeader('connection', 'close');
  }
  if (req.method === 'HEAD') {
    res.writeHead(error.status, { 'content-length': 0, 'x-amz-error-code': error.code });
    res.end();
    return;
  }
  const body = Buffer.from(errorXml(error, resource, requestId));
  res.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': body.length });
  res.end(body);
}
