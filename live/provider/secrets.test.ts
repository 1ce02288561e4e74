import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Namespaces } from './namespaces.ts';
import { SecretStore } from './secrets.ts';

const work = mkdtempSync(path.join(tmpdir(), 'fave-secrets-'));
const handPlaced = path.join(work, 'secrets');
mkdirSync(handPlaced, { mode: 0o700 });
writeFileSync(path.join(handPlaced, 'basic-auth-password'), 'platform-password', { mode: 0o600 });
const store = new SecretStore(path.join(work, 'state'), new Namespaces('openfaas-fn', ['team']), handPlaced);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe('SecretStore (the /system/secrets API)', () => {
  it('creates a secret from a string as a 0600 file in 0700 directories, per namespace, and lists names only', () => {
    store.create('openfaas-fn', { name: 'api-key', value: 'v1' });
    const file = store.find('openfaas-fn', 'api-key')!;
    expect(file).toBe(path.join(work, 'state', 'secrets', 'openfaas-fn', 'api-key'));
    expect(readFileSync(file, 'utf8')).toBe('v1');
    expect([mode(file), mode(path.dirname(file)), mode(path.join(work, 'state', 'secrets'))]).toEqual([0o600, 0o700, 0o700]);
    expect(store.list('openfaas-fn')).toEqual([{ name: 'api-key', namespace: 'openfaas-fn' }]);
    expect(store.list('team')).toEqual([]);
  });

  it('takes rawValue as base64 bytes (Go\'s []byte in JSON)', () => {
    store.create('team', { name: 'raw', rawValue: Buffer.from([0, 1, 255]).toString('base64') });
    expect([...readFileSync(store.find('team', 'raw')!)]).toEqual([0, 1, 255]);
    expect(() => store.create('team', { name: 'bad-raw', rawValue: 'not base64!' })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('answers 409 to a second create, 404 to an update or delete of a missing one, as faas-netes maps Kubernetes errors', () => {
    expect(() => store.create('openfaas-fn', { name: 'api-key', value: 'x' })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => store.replace('openfaas-fn', { name: 'nosuch', value: 'x' })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => store.delete('openfaas-fn', { name: 'nosuch' })).toThrow(expect.objectContaining({ status: 404 }));
    store.replace('openfaas-fn', { name: 'api-key', value: 'v2' });
    expect(readFileSync(store.find('openfaas-fn', 'api-key')!, 'utf8')).toBe('v2');
    store.delete('openfaas-fn', { name: 'api-key' });
    expect(store.find('openfaas-fn', 'api-key')).toBeUndefined();
  });

  it('refuses a name that could be a path, and never lists, changes or shadows the hand-placed platform secrets', () => {
    for (const name of ['../escape', 'a/b', '.hidden', '', 'UPPER']) {
      expect(() => store.create('openfaas-fn', { name, value: 'x' }), name).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(store.list('openfaas-fn').map((s) => s.name)).not.toContain('basic-auth-password');
    expect(() => store.create('openfaas-fn', { name: 'basic-auth-password', value: 'mine' })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => store.delete('openfaas-fn', { name: 'basic-auth-password' })).toThrow(expect.objectContaining({ status: 404 }));
    expect(readFileSync(path.join(handPlaced, 'basic-auth-password'), 'utf8')).toBe('platform-password');
  });

  it('source(): a deployment finds the API\'s secret in its namespace, and a hand-placed one in the default namespace only', () => {
    store.create('team', { name: 'token', value: 't' });
    expect(store.source('team', 'token')).toBe(store.find('team', 'token'));
    expect(store.source('openfaas-fn', 'token')).toBeUndefined();
    expect(store.source('openfaas-fn', 'basic-auth-password')).toBe(path.join(handPlaced, 'basic-auth-password'));
    expect(store.source('team', 'basic-auth-password')).toBeUndefined();
  });
});
