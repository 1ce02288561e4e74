// The gateway's Prometheus metrics, with the names, help texts and labels of
// openfaas/faas gateway/metrics/metrics.go, rendered in the text exposition format.

/** prometheus.DefBuckets, which gateway_functions_seconds uses. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;

export class GatewayMetrics {
  private readonly invocations = new Map<string, number>();
  private readonly started = new Map<string, number>();
  private readonly seconds = new Map<string, Histogram>();

  /** `namespace` is appended to function names as the gateway does ("fn.openfaas-fn"). */
  constructor(private readonly namespace: string) {}

  label(fn: string): string {
    return this.namespace && !fn.includes('.') ? `${fn}.${this.namespace}` : fn;
  }

  invocationStarted(fn: string): void {
    const key = this.label(fn);
    this.started.set(key, (this.started.get(key) ?? 0) + 1);
  }

  invocationCompleted(fn: string, code: number, seconds: number): void {
    const key = JSON.stringify([this.label(fn), String(code)]);
    this.invocations.set(key, (this.invocations.get(key) ?? 0) + 1);
    const h = this.seconds.get(key) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) h.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
    this.seconds.set(key, h);
  }

  /** Completed invocations of `fn`, all codes (what the gateway adds to /system/functions). */
  invocationCount(fn: string): number {
    let total = 0;
    for (const [key, n] of this.invocations) if (JSON.parse(key)[0] === this.label(fn)) total += n;
    return total;
  }

  /** gateway_function_invocation_total{code="200"} per function_name: what the autoscaling
   * rule reads (alert-rule.ts), as Prometheus would scrape it. */
  okCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, n] of this.invocations) {
      const [fn, code] = JSON.parse(key) as [string, string];
      if (code === '200') out.set(fn, n);
    }
    return out;
  }

  /** Text exposition; `replicas` maps function names to their replica count. */
  render(replicas: ReadonlyMap<string, number>): string {
    const out: string[] = [];
    out.push('# HELP gateway_function_invocation_total Function metrics', '# TYPE gateway_function_invocation_total counter');
    for (const [key, n] of this.invocations) {
      const [fn, code] = JSON.parse(key) as [string, string];
      out.push(`gateway_function_invocation_total${labels({ code, function_name: fn })} ${n}`);
    }
    out.push('# HELP gateway_functions_seconds Function time taken', '# TYPE gateway_functions_seconds histogram');
    for (const [key, h] of this.seconds) {
      const [fn, code] = JSON.parse(key) as [string, string];
      BUCKETS.forEach((le, i) => out.push(`gateway_functions_seconds_bucket${labels({ code, function_name: fn, le: String(le) })} ${h.counts[i]}`));
      out.push(`gateway_functions_seconds_bucket${labels({ code, function_name: fn, le: '+Inf' })} ${h.count}`);
      out.push(`gateway_functions_seconds_sum${labels({ code, function_name: fn })} ${h.sum}`);
      out.push(`gateway_functions_seconds_count${labels({ code, function_name: fn })} ${h.count}`);
    }
    out.push(
      '# HELP gateway_function_invocation_started The total number of function HTTP requests started.',
      '# TYPE gateway_function_invocation_started counter',
    );
    for (const [fn, n] of this.started) out.push(`gateway_function_invocation_started${labels({ function_name: fn })} ${n}`);
    out.push('# HELP gateway_service_count Service replicas', '# TYPE gateway_service_count gauge');
    for (const [fn, n] of replicas) out.push(`gateway_service_count${labels({ function_name: this.label(fn) })} ${n}`);
    return `${out.join('\n')}\n`;
  }
}
