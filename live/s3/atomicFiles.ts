import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A fresh, unguessable file-name suffix (temp files, data file versions, upload ids). */
export function randomName(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Writes JSON so that readers (and a restarted server) see either the old file or the
 * whole new one: write and flush a sibling temp file, then rename over the target.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = join(dirname(path), `.tmp-${randomName()}`);
  await writeFile(temp, JSON.stringify(value), { flush: true });
  await rename(temp, path);
}
