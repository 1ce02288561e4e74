import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StageError } from './errors.ts';
import { parseS3Uri } from './input.ts';

/**
 * The slice of the object store the artifact helpers need. `ObjectStore` (object-store.ts)
 * satisfies it structurally; keeping it narrow lets tests pass any store.
 */
export interface ArtifactStore {
  get(key: string): Promise<{ body: Uint8Array } | null>;
  put(key: string, body: Uint8Array): Promise<unknown>;
}

export interface ArtifactScope {
  store: ArtifactStore;
  bucket: string;
  requestId: string;
  stage: string;
  maxInputBytes: number;
}

/**
 * Claim-check helpers for one call: everything this call writes goes under
 * `requests/<requestId>/<stage>/`, and byte counts feed the telemetry record.
 */
export class Artifacts {
  bytesIn = 0;
  bytesOut = 0;
  readonly #scope: ArtifactScope;

  constructor(scope: ArtifactScope) {
    this.#scope = scope;
  }

  keyFor(name: string): string {
    if (name === '' || name.startsWith('/') || name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
      throw new StageError('internal', `artifact name ${JSON.stringify(name)} must be a relative path without empty, "." or ".." segments`);
    }
    return `requests/${this.#scope.requestId}/${this.#scope.stage}/${name}`;
  }

  uriFor(name: string): string {
    return `s3://${this.#scope.bucket}/${this.keyFor(name)}`;
  }

  async download(uri: string, localPath: string): Promise<number> {
    const body = await this.#fetch(uri);
    if (body.byteLength > this.#scope.maxInputBytes) {
      throw new StageError('too-large', `${uri} is ${body.byteLength} bytes, above MAX_INPUT_BYTES=${this.#scope.maxInputBytes}`);
    }
    await mkdir(dirname(localPath), { recursive: true });
    await writeFile(localPath, body);
    return body.byteLength;
  }

  async upload(localPath: string, name: string): Promise<string> {
    return this.#put(name, await readFile(localPath));
  }

  async putJson(name: string, value: unknown): Promise<string> {
    return this.#put(name, Buffer.from(JSON.stringify(value)));
  }

  async getJson<T = unknown>(uri: string): Promise<T> {
    const body = await this.#fetch(uri);
    try {
      return JSON.parse(Buffer.from(body).toString('utf8')) as T;
    } catch (err) {
      throw new StageError('bad-input', `${uri} is not JSON: ${(err as Error).message}`);
    }
  }

  async #fetch(uri: string): Promise<Uint8Array> {
    const { bucket, key } = parseS3Uri(uri);
    // One bucket per deployment: a foreign bucket is a wiring mistake, not a missing object.
    if (bucket !== this.#scope.bucket) {
      throw new StageError('bad-input', `${uri} is outside the configured bucket "${this.#scope.bucket}"`);
    }
    let found: { body: Uint8Array } | null;
    try {
      found = await this.#scope.store.get(key);
    } catch (err) {
      throw new StageError('storage', `reading ${uri} failed: ${(err as Error).message}`, { cause: err });
    }
    if (found === null) throw new StageError('missing-object', `${uri} does not exist`);
    this.bytesIn += found.body.byteLength;
    return found.body;
  }

  async #put(name: string, body: Uint8Array): Promise<string> {
    const key = this.keyFor(name);
    try {
      await this.#scope.store.put(key, body);
    } catch (err) {
      throw new StageError('storage', `writing s3://${this.#scope.bucket}/${key} failed: ${(err as Error).message}`, { cause: err });
    }
    this.bytesOut += body.byteLength;
    return `s3://${this.#scope.bucket}/${key}`;
  }
}
