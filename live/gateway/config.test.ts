import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import readGatewayConfig from './config.ts';
import { authorized, authorizationHeader, loadCredentials } from '../openfaas/credentials.ts';
import { ConfigError } from '../openfaas/errors.ts';

describe('readGatewayConfig', () => {
  it('readGatewayConfig() gives the gateway defaults: 60 s timeouts, scale from zero, basic auth', () => {
    const config = readGatewayConfig({ functions_provider_url: 'http://127.0.0.1:8081/' }, '/repo');
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 8080,
      metricsPort: 8082,
      providerUrl: new URL('http://127.0.0.1:8081/'),
      readTimeoutMs: 60_000,
      writeTimeoutMs: 60_000,
      upstreamTimeoutMs: 60_000,
      scaleFromZero: true,
      basicAuth: true,
      secretMountPath: '/repo/.fave/secrets',
      namespace: 'openfaas-fn',
      communityEdition: false,
      maxBodyBytes: 0,
      scaleCacheExpiryMs: 250,
      autoscaling: true,
    });
  });

  it('readGatewayConfig() puts /metrics on a free port beside a free API port, else on metrics_port', () => {
    expect(readGatewayConfig({ functions_provider_url: 'http://x', port: '0' }).metricsPort).toBe(0);
    expect(readGatewayConfig({ functions_provider_url: 'http://x', port: '9000', metrics_port: '9001' }).metricsPort).toBe(9001);
  });

  it.each([
    [{}, 'functions_provider_url'],
    [{ functions_provider_url: 'not a url' }, 'functions_provider_url'],
    [{ functions_provider_url: 'https://x' }, 'functions_provider_url'],
    [{ functions_provider_url: 'http://x', upstream_timeout: '1 minute' }, 'upstream_timeout'],
    [{ functions_provider_url: 'http://x', scale_from_zero: 'maybe' }, 'scale_from_zero'],
    [{ functions_provider_url: 'http://x', max_inflight: '2' }, 'max_inflight'],
    [{ functions_provider_url: 'http://x', ack_wait: '60s' }, 'ack_wait'],
  ])('readGatewayConfig(%j) fails naming %s', (env, variable) => {
    expect(() => readGatewayConfig(env)).toThrow(ConfigError);
    expect(() => readGatewayConfig(env)).toThrow(variable);
  });
});

describe('credentials', () => {
  it('loadCredentials() prefers the environment, then the secret files, and never shows the password', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-gw-'));
    expect(loadCredentials({ OPENFAAS_USERNAME: 'u', OPENFAAS_PASSWORD: 'p' }, dir)).toEqual({ user: 'u', password: 'p' });
    expect(() => loadCredentials({}, dir)).toThrow(/basic-auth-user/);
    writeFileSync(path.join(dir, 'basic-auth-user'), 'admin\n');
    writeFileSync(path.join(dir, 'basic-auth-password'), 's3cret-value\n');
    expect(loadCredentials({}, dir)).toEqual({ user: 'admin', password: 's3cret-value' });
    try {
      loadCredentials({ OPENFAAS_USERNAME: 'admin' }, mkdtempSync(path.join(tmpdir(), 'fave-gw-')));
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
  });

  it('authorized() accepts only the exact user and password', () => {
    const creds = { user: 'admin', password: 'pa:ss' };
    expect(authorized(authorizationHeader(creds), creds)).toBe(true);
    expect(authorized(authorizationHeader({ user: 'admin', password: 'pa:sx' }), creds)).toBe(false);
    expect(authorized('Bearer abc', creds)).toBe(false);
    expect(authorized(undefined, creds)).toBe(false);
  });
});
