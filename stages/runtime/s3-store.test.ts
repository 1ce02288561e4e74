import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Store } from './s3-store.ts';

describe('createS3Store', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  it('createS3Store gives up on an S3 that accepts a request and never answers', async () => {
    // Accepts the connection, reads the request, never writes a byte back.
    server = createServer((socket) => void sockets.push(socket.on('data', () => undefined)));
    await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as AddressInfo;
    const store = await createS3Store({
      S3_BUCKET: 'fave', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's',
      S3_SOCKET_TIMEOUT_MS: '300',
    });
    // Without the limit this call would hang until vitest's test timeout fails it.
    await expect(store.get('requests/r1/metadata/state.json')).rejects.toThrow(/timed out/i);
  });
});
