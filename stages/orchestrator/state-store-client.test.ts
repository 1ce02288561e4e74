import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageConfigError } from '../runtime/index.ts';
import { createStateStore } from './state-store-client.ts';

// An "S3" that accepts connections and never answers: the hang a slow or wedged S3 causes.
let silent: net.Server;
const sockets = new Set<net.Socket>();
let endpoint = '';
beforeAll(async () => {
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

const env = (extra: Record<string, string> = {}) => ({
  S3_BUCKET: 'fave', S3_ENDPOINT: endpoint, S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's', ...extra,
});

describe('createStateStore', () => {
  it('createStateStore(env) gives up on an S3 that never answers instead of hanging', async () => {
    // 3 SDK attempts of 200 ms plus back-off: it rejects (a hang would meet the test's timeout).
    const store = createStateStore(env({ STATE_REQUEST_TIMEOUT_MS: '200' }));
    await expect(store.get('requests/r/metadata/state.json')).rejects.toThrow();
  });

  it.each(['0', 'soon', '-5'])('createStateStore() rejects STATE_REQUEST_TIMEOUT_MS=%s naming the variable', (value) => {
    expect(() => createStateStore(env({ STATE_REQUEST_TIMEOUT_MS: value }))).toThrow(StageConfigError);
    expect(() => createStateStore(env({ STATE_REQUEST_TIMEOUT_MS: value }))).toThrow('STATE_REQUEST_TIMEOUT_MS');
  });
});
