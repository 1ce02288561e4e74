// One queued call on the wire: the JSON the OpenFaaS gateway publishes, faas-provider's
// types.QueueRequest as Go's encoding/json writes it (Header as a map of value lists, Body as
// base64 of the bytes, CallbackUrl as Go's url.URL struct), so a message FAVE's gateway
// publishes reads the same to OpenFaaS's own queue-worker, and the other way round.
import { QUEUED_FUNCTION } from './queue-config.ts';

export interface QueuedCall {
  function: string;
  /** Path after /async-function/<name>, '' for none. */
  path: string;
  /** Without the '?'. */
  queryString: string;
  method: string;
  headers: Record<string, string[]>;
  body: Buffer;
  host: string;
  /** `com.openfaas.queue` of the function, '' for the shared queue. */
  queueName: string;
  callbackUrl?: string;
  callId: string;
}

/** Go's url.URL fields, as json.Marshal writes a *url.URL. */
interface GoUrl {
  Scheme: string;
  Opaque: string;
  User: null;
  Host: string;
  Path: string;
  RawPath: string;
  OmitHost: boolean;
  ForceQuery: boolean;
  RawQuery: string;
  Fragment: string;
  RawFragment: string;
}

interface WireRequest {
  Header: Record<string, string[]>;
  Host: string;
  Body: string | null;
  Method: string;
  Path: string;
  QueryString: string;
  Function: string;
  QueueName: string;
  CallbackUrl: GoUrl | null;
}

function toGoUrl(href: string): GoUrl {
  const u = new URL(href);
  return {
    Scheme: u.protocol.replace(/:$/, ''), Opaque: '', User: null, Host: u.host, Path: decodeURIComponent(u.pathname), RawPath: '',
    OmitHost: false, ForceQuery: false, RawQuery: u.search.replace(/^\?/, ''), Fragment: '', RawFragment: '',
  };
}

function fromGoUrl(u: GoUrl): string {
  return `${u.Scheme}://${u.Host}${u.RawPath || encodeURI(u.Path || '/')}${u.RawQuery ? `?${u.RawQuery}` : ''}`;
}

/** Canonical header names (X-Call-Id), as Go's http.Header keeps them. */
function canonical(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

export function encodeQueuedCall(call: QueuedCall): Uint8Array {
  const header: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(call.headers)) header[canonical(k)] = v;
  header['X-Call-Id'] = [call.callId];
  const wire: WireRequest = {
    Header: header, Host: call.host, Body: call.body.length > 0 ? call.body.toString('base64') : null, Method: call.method,
    Path: call.path, QueryString: call.queryString, Function: call.function, QueueName: call.queueName,
    CallbackUrl: call.callbackUrl ? toGoUrl(call.callbackUrl) : null,
  };
  return new TextEncoder().encode(JSON.stringify(wire));
}

/** A message that does not parse, or names no valid function, is refused here (and terminated). */
export class BadMessageError extends Error {}

export function decodeQueuedCall(data: Uint8Array): QueuedCall {
  let wire: Partial<WireRequest>;
  try {
    wire = JSON.parse(new TextDecoder().decode(data)) as Partial<WireRequest>;
  } catch (error) {
    throw new BadMessageError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof wire.Function !== 'string' || !QUEUED_FUNCTION.test(wire.Function)) throw new BadMessageError(`no valid Function: ${JSON.stringify(wire.Function)}`);
  const path = typeof wire.Path === 'string' ? wire.Path : '';
  // The path goes after /function/<name>: it may not climb out of it.
  if (path !== '' && (!path.startsWith('/') || path.split('/').includes('..'))) throw new BadMessageError(`bad Path: ${JSON.stringify(path)}`);
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(wire.Header ?? {})) if (Array.isArray(v)) headers[k] = v.map(String);
  return {
    function: wire.Function,
    path,
    queryString: typeof wire.QueryString === 'string' ? wire.QueryString : '',
    method: typeof wire.Method === 'string' ? wire.Method : 'POST',
    headers,
    body: typeof wire.Body === 'string' ? Buffer.from(wire.Body, 'base64') : Buffer.alloc(0),
    host: typeof wire.Host === 'string' ? wire.Host : '',
    queueName: typeof wire.QueueName === 'string' ? wire.QueueName : '',
    ...(wire.CallbackUrl ? { callbackUrl: fromGoUrl(wire.CallbackUrl) } : {}),
    callId: headers['X-Call-Id']?.[0] ?? '',
  };
}
