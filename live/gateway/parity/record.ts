import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testfn } from '../../testfn/harness.ts';

// Records how a gateway answers the fixed calls of calls.json (issue #22 point 6): the real
// OpenFaaS gateway once, into real-gateway-<commit>.json; FAVE's embedded gateway on every
// test run (parity.test.ts), compared with that. Any gateway URL will do, as long as FAVE's
// provider is behind it (the calls deploy live/testfn through the gateway).
//
//   tsx live/gateway/parity/record.ts <gateway-url> <secrets-dir> <out.json> [note=value ...]
//
// Answers are kept in a comparable form: every header but the per-connection ones, values
// that vary from call to call replaced by their shape (see shapeHeader, VARYING_KEYS).

export interface CallSpec {
  id: string;
  method: string;
  path: string;
  json?: unknown;
  text?: string;
  contentType?: string;
  auth?: boolean | 'wrong';
  hold?: { function: string; json: unknown };
}

export interface CallsFile {
  functions: Array<{ service: string; envVars?: Record<string, string> }>;
  calls: CallSpec[];
}

export interface Answer {
  id: string;
  request: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Credentials {
  user: string;
  password: string;
}

export const CALLS_FILE = path.join(import.meta.dirname, 'calls.json');

export async function readCalls(): Promise<CallsFile> {
  return JSON.parse(await readFile(CALLS_FILE, 'utf8')) as CallsFile;
}

export async function readCredentials(secretsDir: string): Promise<Credentials> {
  const read = async (name: string) => (await readFile(path.join(secretsDir, name), 'utf8')).trim();
  return { user: await read('basic-auth-user'), password: await read('basic-auth-password') };
}

/** Keep-alive bookkeeping of the connection, not the answer: Go sends none, Node sends both. */
const CONNECTION_HEADERS = ['connection', 'keep-alive'];
/** JSON fields whose value depends on the moment or the build (pids, readiness progress,
 * Prometheus' scrape of the invocation count, the version and architecture a build stamps
 * in with -ldflags): only their type is kept. */
export const VARYING_KEYS = ['pid', 'hostname', 'createdAt', 'availableReplicas', 'invocationCount', 'sha', 'release', 'commit_message', 'arch', 'count'];

export function shapeHeader(name: string, value: string, bodyShaped: boolean): string {
  if (name === 'date') return '<http-date>';
  if (name === 'x-call-id') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value) ? '<uuid>' : value;
  // The digit count is the unit: 19 digits are UnixNano, 13 would be milliseconds.
  if (name === 'x-start-time') return /^\d+$/.test(value) ? `<${value.length}-digit integer>` : value;
  if (name === 'x-duration-seconds') return /^\d+(\.\d+)?$/.test(value) ? '<decimal>' : value;
  if (name === 'content-length' && bodyShaped) return '<integer>';
  return value.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

/** Keys sorted: JSON objects are unordered, and Go writes struct order, Node insertion order. */
function shapeJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeJson);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, VARYING_KEYS.includes(k) ? `<${typeof v}>` : shapeJson(v)]));
}

/** The body, with varying JSON fields and ports shaped; `shaped` says whether it changed. */
export function shapeBody(body: string): { body: string; shaped: boolean } {
  let out = body.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
  try {
    const parsed: unknown = JSON.parse(out);
    if (parsed !== null && typeof parsed === 'object') out = JSON.stringify(shapeJson(parsed));
  } catch {
    // Not JSON: kept as text.
  }
  return { body: out, shaped: out !== body };
}

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, not fetch: fetch hides Transfer-Encoding, which is one of the points compared. */
function send(base: URL, method: string, target: string, headers: Record<string, string>, body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(target, base), { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`;
}

function requestOf(call: CallSpec, credentials: Credentials): { headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = {};
  if (call.auth === true) headers.authorization = basic(credentials);
  if (call.auth === 'wrong') headers.authorization = basic({ user: credentials.user, password: 'wrong' });
  const body = call.json !== undefined ? JSON.stringify(call.json) : call.text;
  if (body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
  return body === undefined ? { headers } : { headers, body };
}

async function waitFor(what: string, probe: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + limitMs; !(await probe()); await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

/** Deploys calls.json's functions through the gateway and waits until each has a replica. */
export async function deployFunctions(base: URL, credentials: Credentials, spec: CallsFile): Promise<void> {
  const auth = { authorization: basic(credentials), 'content-type': 'application/json' };
  for (const fn of spec.functions) {
    const reply = await send(base, 'POST', '/system/functions', auth, JSON.stringify(testfn(fn.service, fn.envVars ? { envVars: fn.envVars } : {})));
    if (reply.status !== 202 && reply.status !== 200) throw new Error(`deploying ${fn.service}: ${reply.status} ${reply.body}`);
  }
  for (const fn of spec.functions) {
    await waitFor(`${fn.service} ready`, async () => {
      const reply = await send(base, 'GET', `/system/function/${fn.service}`, { authorization: basic(credentials) });
      return reply.status === 200 && (JSON.parse(reply.body) as { availableReplicas?: number }).availableReplicas! > 0;
    });
  }
}

/** Sends every call in order and returns the answers in comparable form. */
export async function recordAnswers(gatewayUrl: string, credentials: Credentials, spec: CallsFile): Promise<Answer[]> {
  const base = new URL(gatewayUrl);
  const answers: Answer[] = [];
  for (const call of spec.calls) {
    let held: Promise<RawReply> | undefined;
    if (call.hold) {
      const fn = call.hold.function;
      held = send(base, 'POST', `/function/${fn}`, { 'content-type': 'application/json' }, JSON.stringify(call.hold.json));
      // The function's own count of calls in flight (testfn GET /stats), not a guess at timing.
      await waitFor(`a call in flight in ${fn}`, async () => {
        const stats = await send(base, 'GET', `/function/${fn}/stats`, {});
        return stats.status === 200 && (JSON.parse(stats.body) as { inflight: number }).inflight > 0;
      });
    }
    const { headers, body } = requestOf(call, credentials);
    const reply = await send(base, call.method, call.path, headers, body);
    if (held) await held;
    const shaped = shapeBody(reply.body);
    const kept: Record<string, string> = {};
    for (const name of Object.keys(reply.headers).sort()) {
      if (CONNECTION_HEADERS.includes(name)) continue;
      const value = reply.headers[name]!;
      kept[name] = shapeHeader(name, Array.isArray(value) ? value.join(', ') : value, shaped.shaped);
    }
    answers.push({ id: call.id, request: `${call.method} ${call.path}`, status: reply.status, headers: kept, body: shaped.body });
  }
  return answers;
}

async function main(argv: string[]): Promise<void> {
  const [gatewayUrl, secretsDir, out, ...notes] = argv;
  if (!gatewayUrl || !secretsDir || !out) throw new Error('usage: record.ts <gateway-url> <secrets-dir> <out.json> [note=value ...]');
  const credentials = await readCredentials(secretsDir);
  const spec = await readCalls();
  await deployFunctions(new URL(gatewayUrl), credentials, spec);
  const answers = await recordAnswers(gatewayUrl, credentials, spec);
  const recorded = { date: new Date().toISOString(), by: 'live/gateway/parity/record.ts', ...Object.fromEntries(notes.map((n) => n.split(/=(.*)/s).slice(0, 2))) };
  await writeFile(out, `${JSON.stringify({ recorded, answers }, null, 2)}\n`);
  process.stdout.write(`recorded ${answers.length} answers into ${out}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
