import { describe, expect, it } from 'vitest';
import readProviderConfig from './config.ts';
import { ConfigError } from '../openfaas/errors.ts';

describe('readProviderConfig', () => {
  it('readProviderConfig() with an empty env gives the faas-netes defaults', () => {
    const config = readProviderConfig({}, '/repo');
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 8081,
      readTimeoutMs: 10_000,
      writeTimeoutMs: 10_000,
      readinessInitialDelayMs: 2_000,
      readinessPeriodMs: 2_000,
      readinessFailureThreshold: 3,
      readinessTimeoutMs: 1_000,
      readiness: 'stage',
      reconcileIntervalMs: 5_000,
      memorySampleIntervalMs: 1_000,
      terminationGraceMs: 30_000,
      restartBackoffMs: 10_000,
      communityEdition: false,
      namespace: 'openfaas-fn',
      root: '/repo',
      secretMountPath: '/repo/.fave/secrets',
      functionSecretsPath: '/repo/.fave/function-secrets',
      basicAuth: false,
      privateTmp: true,
      stateDir: '/repo/.fave/provider',
      extraNamespaces: [],
      storeStandIns: false,
    });
  });

  it('readProviderConfig() reads the namespaces served and the store stand-ins switch, refusing a bad namespace', () => {
    const config = readProviderConfig({ namespaces: 'certifier-test, team', store_stand_ins: 'true' });
    expect([config.extraNamespaces, config.storeStandIns]).toEqual([['certifier-test', 'team'], true]);
    expect(() => readProviderConfig({ namespaces: 'Team' })).toThrow(/namespaces="Team": 'Team' is not a namespace name/);
  });

  it('readProviderConfig() reads seconds and Go durations', () => {
    const config = readProviderConfig({ read_timeout: '15', write_timeout: '1m30s', readiness_period: '250ms' });
    expect([config.readTimeoutMs, config.writeTimeoutMs, config.readinessPeriodMs]).toEqual([15_000, 90_000, 250]);
  });

  it('readProviderConfig() reads readiness=watchdog (of-watchdog\'s lock-file readiness)', () => {
    expect(readProviderConfig({ readiness: 'watchdog' }).readiness).toBe('watchdog');
  });

  it.each([
    ['read_timeout', 'ten seconds'],
    ['port', '70000'],
    ['port', '80.5'],
    ['community_edition', 'yes'],
    ['private_tmp', 'sometimes'],
    ['readiness_failure_threshold', '0'],
    ['host', 'bad host'],
    ['readiness', 'lockfile'],
  ])('readProviderConfig() rejects %s=%s naming the variable', (key, value) => {
    expect(() => readProviderConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => readProviderConfig({ [key]: value })).toThrow(key);
  });
});
