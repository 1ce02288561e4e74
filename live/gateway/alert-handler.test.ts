import { describe, expect, it } from 'vitest';
import { calculateReplicas, parseAlertBody, scaleForAlert, scalingLabels } from './alert-handler.ts';
import type { ProviderClient, ReplicaQuery } from './provider-client.ts';
import { ProviderStatusError } from './provider-client.ts';

describe('calculateReplicas', () => {
  // The cases of openfaas/faas gateway/handlers/alerthandler_test.go, and the certifier's.
  it.each([
    ['firing', 1, 5, 1, 10, 2, 'factor 10 of max 5: +1'],
    ['firing', 5, 5, 1, 10, 5, 'at max: stays'],
    ['firing', 1, 5, 1, 100, 5, 'factor 100: straight to max'],
    ['firing', 1, 20, 1, 20, 2, 'max above 5 counts as 5: ceil(5 / 100 × 20) = 1'],
    ['firing', 1, 2, 1, 10, 2, "the certifier's throughput test: max 2"],
    ['firing', 2, 2, 2, 10, 2, "the certifier's scaling-disabled test: min = max"],
    ['resolved', 4, 5, 1, 10, 1, 'resolved: back to min'],
    ['resolved', 2, 2, 2, 10, 2, 'resolved with min = max: stays'],
    ['firing', 3, 0, 1, 10, 1, 'max 0: no step, so min'],
    ['firing', 1, 5, 1, 0, 1, 'TestDisabledScale: factor 0, no step, so min'],
    ['firing', 1, 5, 0, 0, 0, 'TestParameterEdge'],
    ['firing', 4, 5, 1, 25, 5, 'TestScale_midrange_factor25'],
    ['firing', 19, 5, 1, 10, 5, 'TestScaleCeilingReplicasOver'],
    ['firing', 1, 5, 1, 30, 3, 'TestScaledUpFrom1: ceil(1.5) = 2 more'],
    ['resolved', 8, 5, 1, 10, 1, 'TestBackingOff'],
  ] as const)('calculateReplicas(%s, current %i, max %i, min %i, factor %i) is %i (%s)', (status, current, max, min, factor, want, _why) => {
    expect(calculateReplicas(status, current, max, min, factor)).toBe(want);
  });
});

describe('scalingLabels', () => {
  it('scalingLabels() defaults to min 1, max 5, factor 10 (gateway/scaling/ranges.go)', () => {
    expect(scalingLabels({})).toEqual({ min: 1, max: 5, factor: 10 });
  });

  it('scalingLabels() reads the com.openfaas.scale labels, falling back on values that are not integers', () => {
    expect(scalingLabels({ 'com.openfaas.scale.min': '2', 'com.openfaas.scale.max': '3', 'com.openfaas.scale.factor': '50' })).toEqual({ min: 2, max: 3, factor: 50 });
    expect(scalingLabels({ 'com.openfaas.scale.min': 'two', 'com.openfaas.scale.max': '2.5' })).toEqual({ min: 1, max: 5, factor: 10 });
  });

  it.each(['0', '101', '-1'])('scalingLabels() refuses factor %s, as GetReplicas does', (factor) => {
    expect(() => scalingLabels({ 'com.openfaas.scale.factor': factor })).toThrow(`bad scaling factor: ${Number(factor)}, is not in range of [0 - 100]`);
  });
});

/** A provider client that records scale calls; `functions` maps names to their status. */
function fakeClient(functions: Record<string, Partial<ReplicaQuery>>) {
  const scaled: Array<[string, string, number]> = [];
  const client = {
    async getReplicas(name: string, _namespace: string): Promise<ReplicaQuery> {
      const f = functions[name];
      if (!f) throw new ProviderStatusError(404, `server returned non-200 status code (404) for function, ${name}, body: `);
      return { replicas: 1, availableReplicas: 1, minReplicas: 1, annotations: {}, labels: {}, ...f };
    },
    async setReplicas(name: string, namespace: string, replicas: number) {
      scaled.push([name, namespace, replicas]);
    },
  };
  return { client: client as unknown as ProviderClient, scaled };
}

describe('scaleForAlert', () => {
  it('scaleForAlert() scales "fn.namespace" in its namespace by one step when firing, back to min when resolved', async () => {
    const { client, scaled } = fakeClient({ fn: { replicas: 1, labels: { 'com.openfaas.scale.max': '2' } } });
    const logs: string[] = [];
    await scaleForAlert(client, 'fn.openfaas-fn', 'openfaas-fn', 'firing', (l) => logs.push(l));
    expect(scaled).toEqual([['fn', 'openfaas-fn', 2]]);
    expect(logs).toEqual(['[Scale] function=fn 1 => 2.']);
    const { client: at2, scaled: down } = fakeClient({ fn: { replicas: 2 } });
    await scaleForAlert(at2, 'fn.other', 'openfaas-fn', 'resolved', () => undefined);
    expect(down).toEqual([['fn', 'other', 1]]);
  });

  it('scaleForAlert() sends no scale call when the count would not change, the function is gone, or its factor is bad', async () => {
    const { client, scaled } = fakeClient({
      fixed: { replicas: 2, labels: { 'com.openfaas.scale.min': '2', 'com.openfaas.scale.max': '2' } },
      off: { replicas: 1, labels: { 'com.openfaas.scale.factor': '0' } },
    });
    const logs: string[] = [];
    for (const fn of ['fixed', 'off', 'gone']) await scaleForAlert(client, fn, 'openfaas-fn', 'firing', (l) => logs.push(l));
    expect(scaled).toEqual([]);
    expect(logs).toEqual([
      '[Scale] function=fixed 2 => 2.',
      '[Scale] off.openfaas-fn: bad scaling factor: 0, is not in range of [0 - 100]',
      '[Scale] gone.openfaas-fn: server returned non-200 status code (404) for function, gone, body: ',
    ]);
  });
});

describe('parseAlertBody', () => {
  it('parseAlertBody() reads each alert\'s status and function_name from an Alertmanager webhook body', () => {
    const body = { receiver: 'scale-up', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'APIHighInvocationRate', function_name: 'fn.openfaas-fn' } }, { status: 'resolved', labels: {} }] };
    expect(parseAlertBody(Buffer.from(JSON.stringify(body)))).toEqual([
      { status: 'firing', functionName: 'fn.openfaas-fn' },
      { status: 'resolved', functionName: '' },
    ]);
  });

  it('parseAlertBody() refuses a body that is not JSON with the gateway\'s words', () => {
    expect(() => parseAlertBody(Buffer.from('nope'))).toThrow('Unable to parse alert, bad format.');
  });
});
