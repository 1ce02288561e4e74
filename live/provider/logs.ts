import type { ServerResponse } from 'node:http';
import { RequestError } from '../openfaas/errors.ts';
import type { Namespaces } from './namespaces.ts';

// The provider's GET /system/logs: faas-provider's logs handler (logs/handler.go at f53fe63)
// over what the replicas wrote (stdout and stderr, line by line), as faas-netes serves a
// function's pod logs (pkg/k8s/logs.go and log.go at d20fea66).
// - Query: name, namespace, instance (one replica), tail (last N, <=0 all), follow (true: keep
//   the stream open for new lines until the client goes or write_timeout), since (RFC 3339);
//   an unparsable tail or since is 422 "could not parse the log request", as the handler says.
// - Answer: 200, Content-Type application/x-ndjson, chunked, one logs.Message per line:
//   {name, namespace, instance, timestamp (RFC 3339 with nanoseconds), text}.
// - As faas-netes, without tail the lines of the last 5 minutes only (parseSince's default).
// - Kept per function, the last MAX_LINES lines, and dropped with the function, as a deleted
//   Deployment's pods take their logs with them.

const MAX_LINES = 5_000;
const DEFAULT_SINCE_MS = 5 * 60_000;

export interface LogMessage {
  name: string;
  namespace: string;
  instance: string;
  timestamp: string;
  text: string;
}

interface Stored {
  message: LogMessage;
  atMs: number;
}

type Listener = (message: LogMessage) => void;

export interface LogQuery {
  instance?: string;
  sinceMs?: number;
  tail?: number;
}

/** RFC 3339 with nanoseconds as Go's time.Time marshals (Kubernetes's timestamps). */
function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export class FunctionLogs {
  private readonly lines = new Map<string, Stored[]>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly maxLines = MAX_LINES) {}

  append(key: string, name: string, namespace: string, instance: string, text: string, atMs = Date.now()): void {
    const message = { name, namespace, instance, timestamp: rfc3339Nano(atMs), text };
    const list = this.lines.get(key) ?? [];
    list.push({ message, atMs });
    if (list.length > this.maxLines) list.splice(0, list.length - this.maxLines);
    this.lines.set(key, list);
    for (const listener of this.listeners.get(key) ?? []) listener(message);
  }

  /** The function is gone: its lines go too. */
  drop(key: string): void {
    this.lines.delete(key);
  }

  query(key: string, query: LogQuery, nowMs = Date.now()): LogMessage[] {
    const since = query.sinceMs ?? (query.tail && query.tail > 0 ? undefined : nowMs - DEFAULT_SINCE_MS);
    let list = (this.lines.get(key) ?? []).filter(
      (s) => (query.instance ? s.message.instance === query.instance : true) && (since === undefined || s.atMs >= since),
    );
    if (query.tail && query.tail > 0) list = list.slice(-query.tail);
    return list.map((s) => s.message);
  }

  subscribe(key: string, listener: Listener): () => void {
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}

/** The last value of a query parameter, as the handler's getValue; '' when absent. */
function last(search: URLSearchParams, name: string): string {
  const all = search.getAll(name);
  return all.length === 0 ? '' : all[all.length - 1]!;
}

function parseRequest(search: URLSearchParams): { name: string; namespace: string; query: LogQuery; follow: boolean } {
  const unparsable = () => new RequestError(422, 'could not parse the log request');
  const tailText = last(search, 'tail');
  const tail = tailText === '' ? undefined : Number(tailText);
  if (tail !== undefined && !Number.isInteger(tail)) throw unparsable();
  const sinceText = last(search, 'since');
  const sinceMs = sinceText === '' ? undefined : Date.parse(sinceText);
  if (sinceMs !== undefined && (Number.isNaN(sinceMs) || !/^\d{4}-\d\d-\d\dT/.test(sinceText))) throw unparsable();
  // strconv.ParseBool: anything else is false.
  const follow = ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(last(search, 'follow'));
  const instance = last(search, 'instance');
  return { name: last(search, 'name'), namespace: last(search, 'namespace'), query: { tail, sinceMs, ...(instance ? { instance } : {}) }, follow };
}

/** GET /system/logs. `timeoutMs`: how long a followed stream may stay open (write_timeout). */
export function serveLogs(res: ServerResponse, search: URLSearchParams, store: FunctionLogs, namespaces: Namespaces, timeoutMs: number): void {
  const { name, namespace: requested, query, follow } = parseRequest(search);
  const namespace = namespaces.resolve(requested);
  if (name === '') throw new RequestError(422, 'could not parse the log request: name is required');
  const key = namespaces.key(name, namespace);
  res.writeHead(200, { Connection: 'Keep-Alive', 'Content-Type': 'application/x-ndjson' });
  res.flushHeaders();
  const write = (m: LogMessage) => res.write(`${JSON.stringify(m)}\n`);
  // The backlog and the subscription in one synchronous step: no line falls between them.
  for (const m of store.query(key, query)) write(m);
  if (!follow) return void res.end();
  const unsubscribe = store.subscribe(key, (m) => {
    if (!query.instance || m.instance === query.instance) write(m);
  });
  const timer = setTimeout(() => res.end(), timeoutMs);
  // 'close' on the response: it ended, or the client went away.
  res.once('close', () => {
    clearTimeout(timer);
    unsubscribe();
  });
}
