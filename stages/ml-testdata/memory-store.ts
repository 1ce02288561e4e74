import type { ArtifactStore } from '../runtime/index.ts';

/** An in-memory object store for stage tests: the runtime's ArtifactStore over a Map. */
export default class MemoryStore implements ArtifactStore {
  readonly objects = new Map<string, Uint8Array>();

  async get(key: string): Promise<{ body: Uint8Array } | null> {
    const body = this.objects.get(key);
    return body === undefined ? null : { body };
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    this.objects.set(key, body);
  }

  json(key: string): unknown {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`no object at ${key}`);
    return JSON.parse(Buffer.from(body).toString('utf8'));
  }
}
