import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './metrics.ts';

describe('GatewayMetrics', () => {
  it('render() with nothing recorded still declares every metric family', () => {
    const text = new GatewayMetrics('openfaas-fn').render(new Map());
    for (const family of ['gateway_function_invocation_total counter', 'gateway_functions_seconds histogram', 'gateway_function_invocation_started counter', 'gateway_service_count gauge']) {
      expect(text).toContain(`# TYPE ${family}`);
    }
  });

  it('invocationCompleted() fills cumulative buckets, sum and count per function and code', () => {
    const m = new GatewayMetrics('openfaas-fn');
    m.invocationStarted('echo');
    m.invocationCompleted('echo', 200, 0.3);
    m.invocationCompleted('echo', 200, 3);
    m.invocationCompleted('echo', 502, 60);
    const text = m.render(new Map([['echo', 2]]));
    expect(text).toContain('gateway_function_invocation_total{code="200",function_name="echo.openfaas-fn"} 2');
    expect(text).toContain('gateway_function_invocation_total{code="502",function_name="echo.openfaas-fn"} 1');
    expect(text).toContain('gateway_functions_seconds_bucket{code="200",function_name="echo.openfaas-fn",le="0.25"} 0');
    expect(text).toContain('gateway_functions_seconds_bucket{code="200",function_name="echo.openfaas-fn",le="0.5"} 1');
    expect(text).toContain('gateway_functions_seconds_bucket{code="200",function_name="echo.openfaas-fn",le="5"} 2');
    expect(text).toContain('gateway_functions_seconds_bucket{code="502",function_name="echo.openfaas-fn",le="+Inf"} 1');
    expect(text).toContain('gateway_functions_seconds_sum{code="200",function_name="echo.openfaas-fn"} 3.3');
    expect(text).toContain('gateway_function_invocation_started{function_name="echo.openfaas-fn"} 1');
    expect(text).toContain('gateway_service_count{function_name="echo.openfaas-fn"} 2');
    expect(m.invocationCount('echo')).toBe(3);
  });

  it('label() leaves names alone without a namespace or when already qualified', () => {
    expect(new GatewayMetrics('').label('echo')).toBe('echo');
    expect(new GatewayMetrics('openfaas-fn').label('echo.other')).toBe('echo.other');
  });
});
