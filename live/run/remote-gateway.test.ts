import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentials } from '../openfaas/credentials.ts';
import { checkGateway, remoteGatewayApi } from './remote-gateway.ts';

// A gateway with basic_auth on for admin:right, and one with it off.
let secured: http.Server;
let open: http.Server;
const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
beforeAll(async () => {
  const list = (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([{ name: 'echo' }]));
  secured = http.createServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('admin:right').toString('base64')}`) return void res.writeHead(401).end();
    list(res);
  });
  open = http.createServer((req, res) => (req.headers.authorization ? res.writeHead(400).end() : list(res)));
  await Promise.all([secured, open].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
});
afterAll(() => {
  secured.close();
  open.close();
});

describe('the client credential rule', () => {
  const empty = () => mkdtempSync(path.join(tmpdir(), 'fave-secrets-'));

  it('clientCredentials(): env first, then secret files, user admin by default, none without a password', () => {
    const dir = empty();
    expect(clientCredentials({}, dir)).toBeUndefined();
    expect(clientCredentials({ OPENFAAS_USERNAME: 'u' }, dir)).toBeUndefined();
    expect(clientCredentials({ OPENFAAS_PASSWORD: 'p' }, dir)).toEqual({ user: 'admin', password: 'p' });
    writeFileSync(path.join(dir, 'basic-auth-password'), 'from-file\n');
    writeFileSync(path.join(dir, 'basic-auth-user'), 'filer\n');
    expect(clientCredentials({}, dir)).toEqual({ user: 'filer', password: 'from-file' });
    expect(clientCredentials({ OPENFAAS_USERNAME: 'u', OPENFAAS_PASSWORD: 'p' }, dir)).toEqual({ user: 'u', password: 'p' });
  });

  it('checkGateway() passes a gateway with auth off without credentials, and the right ones on a secured one', async () => {
    const root = empty();
    expect(await checkGateway(remoteGatewayApi(`${urlOf(open)}/`, {}, root), 'unused')).toEqual(['echo']);
    expect(await checkGateway(remoteGatewayApi(urlOf(secured), { OPENFAAS_PASSWORD: 'right' }, root), 'unused')).toEqual(['echo']);
  });

  it('checkGateway() says what to set: no password, a wrong one, an unreachable gateway', async () => {
    const root = empty();
    await expect(checkGateway(remoteGatewayApi(urlOf(secured), {}, root), '/s')).rejects.toThrow(/needs credentials .*set OPENFAAS_PASSWORD \(OPENFAAS_USERNAME defaults to admin\), or put basic-auth-password in \/s/);
    await expect(checkGateway(remoteGatewayApi(urlOf(secured), { OPENFAAS_PASSWORD: 'wrong' }, root), '/s')).rejects.toThrow(/refused the credentials/);
    await expect(checkGateway(remoteGatewayApi('http://127.0.0.1:9', {}, root), '/s')).rejects.toThrow(/cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
  });

  it('the password never appears in a message', async () => {
    const error = await checkGateway(remoteGatewayApi(urlOf(secured), { OPENFAAS_PASSWORD: 'sekret-42' }, empty()), '/s').catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('sekret-42');
  });
});
