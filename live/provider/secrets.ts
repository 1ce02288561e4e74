import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../openfaas/errors.ts';
import { readBody, sendJson, sendText } from '../openfaas/forward.ts';
import type { Namespaces } from './namespaces.ts';

// The secrets API of faas-provider (GET/POST/PUT/DELETE /system/secrets, types.Secret), with
// faas-netes's answers (pkg/handlers/secrets.go at d20fea66: 202 for create, update and
// delete, the list as [{name, namespace}] without values; 409 when a create finds the secret,
// 404 when an update or delete does not: its ProcessErrorReasons of Kubernetes's AlreadyExists
// and NotFound). A secret is a file `<stateDir>/secrets/<namespace>/<name>`, 0600 in 0700
// directories, written whole then renamed so a deploy never copies half of one.
//
// The files placed by hand in secret_mount_path (the platform's s3 keys, basic-auth-*,
// nats-password) are not the API's: it neither lists nor changes them, and a create may not
// take one of their names in the default namespace, where deployments may still name them
// (secret-mounts.ts), so nothing sent to the API can read, replace or shadow the platform's
// credentials.

/** A secret's name: a Kubernetes object name (RFC 1123 subdomain), so never a path. */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A hand-placed file's name a deployment may give: no path, no leading dot. */
const HAND_PLACED_NAME = /^[a-zA-Z0-9][-._a-zA-Z0-9]*$/;
const MAX_SECRET_BYTES = 1 << 20;

export interface SecretRequest {
  name?: unknown;
  namespace?: unknown;
  value?: unknown;
  rawValue?: unknown;
}

export class SecretStore {
  readonly dir: string;

  constructor(
    stateDir: string,
    private readonly namespaces: Namespaces,
    /** secret_mount_path: the hand-placed files, read-only to this API. */
    private readonly handPlaced: string,
  ) {
    this.dir = path.join(stateDir, 'secrets');
  }

  private namespaceDir(namespace: string): string {
    return path.join(this.dir, namespace);
  }

  /** Where a stored secret is, or undefined. */
  find(namespace: string, name: string): string | undefined {
    if (!SECRET_NAME.test(name)) return undefined;
    const file = path.join(this.namespaceDir(namespace), name);
    return existsSync(file) ? file : undefined;
  }

  /** The file a deployment's secret `name` is copied from: the API's, else (default
   * namespace only) a file placed by hand in secret_mount_path, as before this API existed. */
  source(namespace: string, name: string): string | undefined {
    const stored = this.find(namespace, name);
    if (stored) return stored;
    const handPlaced = path.join(this.handPlaced, name);
    return namespace === this.namespaces.defaultNamespace && HAND_PLACED_NAME.test(name) && isFile(handPlaced) ? handPlaced : undefined;
  }

  list(namespace: string): { name: string; namespace: string }[] {
    let names: string[];
    try {
      names = readdirSync(this.namespaceDir(namespace));
    } catch {
      return [];
    }
    return names.filter((n) => SECRET_NAME.test(n)).sort().map((name) => ({ name, namespace }));
  }

  create(namespace: string, body: SecretRequest): string {
    const { name, bytes } = this.parse(body);
    if (this.find(namespace, name)) throw new RequestError(409, `secrets "${name}" already exists`);
    if (namespace === this.namespaces.defaultNamespace && isFile(path.join(this.handPlaced, name))) {
      throw new RequestError(409, `secrets "${name}" already exists (a file placed in ${this.handPlaced}, which the API does not change)`);
    }
    this.write(namespace, name, bytes);
    return name;
  }

  replace(namespace: string, body: SecretRequest): string {
    const { name, bytes } = this.parse(body);
    if (!this.find(namespace, name)) throw new RequestError(404, `secrets "${name}" not found`);
    this.write(namespace, name, bytes);
    return name;
  }

  delete(namespace: string, body: SecretRequest): string {
    const name = this.parseName(body);
    const file = this.find(namespace, name);
    if (!file) throw new RequestError(404, `secrets "${name}" not found`);
    rmSync(file, { force: true });
    return name;
  }

  private parseName(body: SecretRequest): string {
    const name = body.name;
    if (typeof name !== 'string' || !SECRET_NAME.test(name) || name.length > 253) {
      throw new RequestError(400, `secret name ${JSON.stringify(name)}: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`);
    }
    return name;
  }

  /** types.Secret: `value` (a string) or else `rawValue` (bytes, base64 in JSON as Go encodes []byte). */
  private parse(body: SecretRequest): { name: string; bytes: Buffer } {
    const name = this.parseName(body);
    let bytes: Buffer;
    if (typeof body.value === 'string' && body.value !== '') bytes = Buffer.from(body.value, 'utf8');
    else if (typeof body.rawValue === 'string') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.rawValue)) throw new RequestError(400, `secret ${name}: rawValue is not base64`);
      bytes = Buffer.from(body.rawValue, 'base64');
    } else if (body.value === undefined || body.value === '') bytes = Buffer.alloc(0);
    else throw new RequestError(400, `secret ${name}: value must be a string, rawValue base64`);
    if (bytes.length > MAX_SECRET_BYTES) throw new RequestError(400, `secret ${name}: larger than ${MAX_SECRET_BYTES} bytes`);
    return { name, bytes };
  }

  private write(namespace: string, name: string, bytes: Buffer): void {
    const dir = this.namespaceDir(namespace);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdirSync's mode does not apply to a directory that existed (or to its parents).
    chmodSync(this.dir, 0o700);
    chmodSync(dir, 0o700);
    const partial = path.join(dir, `.${name}.partial`);
    writeFileSync(partial, bytes, { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, path.join(dir, name));
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** /system/secrets: GET lists (?namespace=), POST creates, PUT replaces, DELETE removes (the
 * namespace in the body, as faas-netes's NamespaceResolver reads it); 202 on a change. */
export async function serveSecrets(
  req: IncomingMessage,
  res: ServerResponse,
  search: URLSearchParams,
  store: SecretStore,
  namespaces: Namespaces,
  log: (line: string) => void,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET') return sendJson(res, 200, store.list(namespaces.fromQuery(search)));
  if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
    req.resume();
    return sendText(res, 405, 'Method Not Allowed');
  }
  let body: SecretRequest;
  try {
    const parsed: unknown = JSON.parse((await readBody(req, 2 * MAX_SECRET_BYTES)).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as SecretRequest;
  } catch {
    throw new RequestError(400, 'unable to unmarshal Secret request');
  }
  const namespace = namespaces.resolve(typeof body.namespace === 'string' ? body.namespace : '');
  // Names only in the log: never a value.
  if (method === 'POST') log(`Secret ${store.create(namespace, body)}.${namespace} created`);
  else if (method === 'PUT') log(`Secret ${store.replace(namespace, body)}.${namespace} updated`);
  else log(`Secret ${store.delete(namespace, body)}.${namespace} deleted`);
  res.writeHead(202).end();
}
