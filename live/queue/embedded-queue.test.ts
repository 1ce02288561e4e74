import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../openfaas/errors.ts';
import { startEmbeddedQueue } from './embedded-queue.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fave-embedded-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startEmbeddedQueue', () => {
  it.each([
    [{ ack_wait: 'soon' }, [], /ack_wait="soon"/],
    [{}, ['bad.name'], /nats_stream="bad.name"/],
  ])('startEmbeddedQueue(%j, queues %j) refuses bad settings before starting anything', async (settings, queues, message) => {
    const nats = path.join(dir, 'nats');
    const start = startEmbeddedQueue({ dir: nats, secretsDir: path.join(dir, 'secrets'), settings, queues });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(message);
    expect(existsSync(nats)).toBe(false);
  });
});
