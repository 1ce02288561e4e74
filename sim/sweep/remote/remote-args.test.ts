// remoteOptionsOf: remote mode from --gateway or OPENFAAS_URL, every option checked with a
// message naming it; formatShardEvent: the stderr progress lines.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenario/types.ts';
import { SHARD_FORMAT, type Shard } from '../shard.ts';
import { formatShardEvent, remoteOptionsOf } from './remote-args.ts';
import { UsageError } from '../../process/errors.ts';

describe('remoteOptionsOf', () => {
  it('remoteOptionsOf is null (a local run) with no gateway and no OPENFAAS_URL', () => {
    expect(remoteOptionsOf({}, {})).toBeNull();
    expect(remoteOptionsOf({ local: true }, { OPENFAAS_URL: 'http://gw:8080' })).toBeNull();
  });

  it('remoteOptionsOf takes --gateway over OPENFAAS_URL and parses every option', () => {
    expect(remoteOptionsOf({ gateway: 'http://a:8080/' }, { OPENFAAS_URL: 'http://b:8080' })).toMatchObject({ via: '--gateway', gatewayUrl: 'http://a:8080' });
    expect(remoteOptionsOf({}, { OPENFAAS_URL: 'http://b:8080' })).toMatchObject({ via: 'OPENFAAS_URL', gatewayUrl: 'http://b:8080' });
    const o = remoteOptionsOf(
      { gateway: 'https://gw', function: 'sim-runner-v2', 'shard-seeds': '5', 'shard-timeout': '90', retries: '0', inflight: '3', 'callback-url': 'http://me:9000', 'callback-port': '9000' },
      {},
    );
    expect(o).toEqual({ via: '--gateway', gatewayUrl: 'https://gw', functionName: 'sim-runner-v2', seedsPerShard: 5, timeoutMs: 90_000, retries: 0, inflight: 3, callbackUrl: 'http://me:9000', callbackPort: 9000 });
  });

  it.each([
    [{ gateway: 'gw:8080' }, "--gateway must be an http(s) URL (got 'gw:8080')"],
    [{ gateway: 'ftp://gw' }, "--gateway must be an http(s) URL (got 'ftp://gw')"],
    [{ gateway: 'http://gw', local: true }, '--local and --gateway contradict each other'],
    [{ gateway: 'http://gw', 'shard-seeds': '0' }, "--shard-seeds must be an integer ≥ 1 (got '0')"],
    [{ gateway: 'http://gw', 'shard-timeout': '1.5' }, "--shard-timeout must be an integer ≥ 1 and ≤ 86400 (got '1.5')"],
    [{ gateway: 'http://gw', retries: '-1' }, "--retries must be an integer ≥ 0 and ≤ 100 (got '-1')"],
    [{ gateway: 'http://gw', 'callback-port': '70000' }, "--callback-port must be an integer ≥ 0 and ≤ 65535 (got '70000')"],
    [{ gateway: 'http://gw', 'callback-url': 'nowhere' }, "--callback-url must be an http(s) URL (got 'nowhere')"],
    [{ gateway: 'http://gw', function: 'Sim_Runner' }, "--function must be an OpenFaaS function name (a-z, 0-9, '-'; got 'Sim_Runner')"],
    [{ inflight: '4' }, '--inflight needs a gateway (--gateway URL or OPENFAAS_URL)'],
  ])('remoteOptionsOf(%j) throws %s', (values, message) => {
    expect(() => remoteOptionsOf(values, {})).toThrow(UsageError);
    expect(() => remoteOptionsOf(values, {})).toThrow(message);
  });
});

describe('formatShardEvent', () => {
  const shard: Shard = { format: SHARD_FORMAT, id: 'p2.1', point: 2, source: 'x', scenario: {} as Scenario, profile: null, seeds: [3, 4, 5] };
  it('formatShardEvent gives one line per finished, retried or failed shard, and none per send', () => {
    expect(formatShardEvent({ kind: 'done', shard, attempt: 2, seconds: 1.234, done: 3, total: 8 })).toBe('shard p2.1 done [3/8] (point 2, seeds 3-5) in 1.2 s, attempt 2');
    expect(formatShardEvent({ kind: 'retry', shard, attempt: 1, reason: 'no callback within 600 s' })).toBe('shard p2.1: attempt 1 failed, retrying: no callback within 600 s');
    expect(formatShardEvent({ kind: 'failed', shard, reason: 'sim-runner answered 400: shard: 1 problem\n  $.seeds[0]: must be an integer' })).toBe(
      'shard p2.1 FAILED (point 2, seeds 3-5): sim-runner answered 400: shard: 1 problem; $.seeds[0]: must be an integer',
    );
    expect(formatShardEvent({ kind: 'sent', shard, attempt: 1, callId: 'x' })).toBeNull();
  });
});
