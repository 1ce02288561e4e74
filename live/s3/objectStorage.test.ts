import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObjectStorage } from './objectStorage.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fave-storage-'));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

async function store(storage: ObjectStorage, key: string, text: string) {
  const tempFile = storage.tempPath();
  await writeFile(tempFile, text);
  return storage.commit('bkt', key, { tempFile, meta: { size: text.length, etag: `"${text}"`, headers: {}, userMetadata: {} } });
}

async function read(storage: ObjectStorage, key: string): Promise<string | undefined> {
  const opened = await storage.openObject('bkt', key);
  if (!opened) return undefined;
  try {
    return (await opened.file.readFile()).toString();
  } finally {
    await opened.file.close();
  }
}

describe('ObjectStorage', () => {
  it('ObjectStorage.open after a crash serves the last committed version and sweeps the debris', async () => {
    const before = await ObjectStorage.open(dataDir);
    await before.createBucket('bkt');
    await store(before, 'state.json', 'v1');
    const bucketDir = before.bucketDir('bkt');
    // What a crash can leave: a body still arriving, a new version's data file whose
    // sidecar was never switched, a half-written sidecar temp, a half-created bucket.
    await writeFile(join(dataDir, 'tmp', 'incoming'), 'partial upload');
    await writeFile(join(bucketDir, 'data', 'f00d.orphan'), 'v2 never committed');
    await writeFile(join(bucketDir, 'meta', '.tmp-123'), '{"key":"state.js');
    await mkdir(join(dataDir, 'buckets', 'half-made', 'meta'), { recursive: true });

    const after = await ObjectStorage.open(dataDir);
    expect(await read(after, 'state.json')).toBe('v1');
    expect(after.listBuckets().map((b) => b.name)).toEqual(['bkt']);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    expect(await readdir(join(bucketDir, 'data'))).toEqual([after.head('bkt', 'state.json')!.dataFile]);
    expect(await readdir(join(bucketDir, 'meta'))).toHaveLength(1);
  });

  it('ObjectStorage.commit replaces the data file and keeps the key only in the sidecar', async () => {
    const storage = await ObjectStorage.open(dataDir);
    await storage.createBucket('bkt');
    await store(storage, '../../outside', 'v1');
    const second = await store(storage, '../../outside', 'v2');
    expect(await read(storage, '../../outside')).toBe('v2');
    const bucketDir = storage.bucketDir('bkt');
    expect(await readdir(join(bucketDir, 'data'))).toEqual([second.dataFile]);
    const [sidecar] = await readdir(join(bucketDir, 'meta'));
    expect(sidecar).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(JSON.parse(await readFile(join(bucketDir, 'meta', sidecar!), 'utf8')).key).toBe('../../outside');
  });

  it('ObjectStorage.delete removes the object and its files', async () => {
    const storage = await ObjectStorage.open(dataDir);
    await storage.createBucket('bkt');
    await store(storage, 'k', 'v1');
    await storage.delete('bkt', 'k');
    expect(storage.head('bkt', 'k')).toBeUndefined();
    expect(await readdir(join(storage.bucketDir('bkt'), 'data'))).toEqual([]);
    expect(await readdir(join(storage.bucketDir('bkt'), 'meta'))).toEqual([]);
  });
});
