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
      // faas-netes' chart: rate over 10 s > 5 for 5 s, scraped every 5 s, evaluated every 15 s;
      // group_wait 5 s, group_interval 10 s, repeat_interval 30 s.
      alert: {
        rule: { windowMs: 10_000, threshold: 5, forMs: 5_000 },
        timing: { scrapeIntervalMs: 5_000, evaluationIntervalMs: 15_000, groupWaitMs: 5_000, groupIntervalMs: 10_000, repeatIntervalMs: 30_000 },
      },
    });
  });

  it('readGatewayConfig() takes the alert rule and timing from the alert_* variables', () => {
    const config = readGatewayConfig({
      functions_provider_url: 'http://x',
      alert_window: '20s', alert_threshold: '2.5', alert_for: '0', alert_scrape_interval: '2s', alert_evaluation_interval: '6s',
      alert_group_wait: '0s', alert_group_interval: '4s', alert_repeat_interval: '1m',
    });
    expect(config.alert).toEqual({
      rule: { windowMs: 20_000, threshold: 2.5, forMs: 0 },
      timing: { scrapeIntervalMs: 2_000, evaluationIntervalMs: 6_000, groupWaitMs: 0, groupIntervalMs: 4_000, repeatIntervalMs: 60_000 },
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
    [{ functions_provider_url: 'http://x', alert_threshold: '-1' }, 'alert_threshold'],
    [{ functions_provider_url: 'http://x', alert_threshold: 'five' }, 'alert_threshold'],
    [{ functions_provider_url: 'http://x', alert_window: '0s' }, 'alert_window'],
    [{ functions_provider_url: 'http://x', alert_evaluation_interval: 'often' }, 'alert_evaluation_interval'],
    [{ functions_provider_url: 'http://x', alert_group_interval: '0' }, 'alert_group_interval'],
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
