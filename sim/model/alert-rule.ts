// Community Edition's autoscaling alert, the Prometheus half: the rule of faas-netes'
// chart (chart/openfaas/templates/prometheus-cfg.yaml at 662ce9c)
//
//   - alert: APIHighInvocationRate
//     expr: sum(rate(gateway_function_invocation_total{code="200"}[10s])) BY (function_name) > 5
//     for: 5s
//
// evaluated over samples of the gateway's own counter, scraped as the chart's `openfaas-pods`
// job does (every 5 s) and evaluated every 15 s (the chart's global evaluation_interval).
// Shared by the embedded gateway (live/gateway/alert-autoscaler.ts) and the simulator's
// `platform.autoscaler.evaluation: "chart"` (chart-alert.ts); times are in ms.
// What the rule fires goes to the Alertmanager half (alert-groups.ts).

export interface AlertRule {
  /** The range of rate(...[10s]). */
  windowMs: number;
  /** `> 5`: calls answered 200 per second. */
  threshold: number;
  /** `for: 5s`: how long the expression must hold before the alert fires. */
  forMs: number;
}

export const CE_ALERT_RULE: AlertRule = { windowMs: 10_000, threshold: 5, forMs: 5_000 };

export interface Sample {
  t: number;
  v: number;
}

/**
 * Prometheus's rate() of a counter over the samples in [rangeStart, rangeEnd] (2.x ranges are
 * closed; 3.x leaves the start out): the increase
 * between the first and last sample (counter resets added back), extrapolated towards the
 * range's edges when the samples come close to them, per second of the range
 * (promql/functions.go extrapolatedRate, Prometheus 2.42 as installed here). Undefined with
 * fewer than two samples, as Prometheus drops the series.
 */
export function extrapolatedRate(samples: readonly Sample[], rangeStart: number, rangeEnd: number): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  let increase = last.v - first.v;
  let previous = 0;
  for (const s of samples) {
    if (s.v < previous) increase += previous;
    previous = s.v;
  }
  let toStart = (first.t - rangeStart) / 1000;
  const toEnd = (rangeEnd - last.t) / 1000;
  const sampled = (last.t - first.t) / 1000;
  const average = sampled / (samples.length - 1);
  if (increase > 0 && first.v >= 0) {
    // A counter is never negative: extrapolate no further back than its zero point.
    const toZero = sampled * (first.v / increase);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = average * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : average / 2;
  interval += toEnd < threshold ? toEnd : average / 2;
  // In Prometheus's order (factor first), so the result is Prometheus's to the last bit.
  const factor = interval / sampled / ((rangeEnd - rangeStart) / 1000);
  return increase * factor;
}

export interface RuleOutcome {
  /** Functions whose alert is firing at this evaluation (sent to Alertmanager every time). */
  firing: string[];
  /** Functions whose alert has just resolved. */
  resolved: string[];
}

/** The rule's state per series (`function_name`): pending since `activeAt`, or firing. */
export class RateAlertRule {
  private readonly series = new Map<string, Sample[]>();
  private readonly active = new Map<string, { activeAt: number; firing: boolean }>();

  constructor(private readonly rule: AlertRule = CE_ALERT_RULE) {}

  /** One scrape: each function's count of calls answered 200 at `now`. */
  scrape(now: number, counts: ReadonlyMap<string, number>): void {
    for (const [fn, v] of counts) {
      const samples = this.series.get(fn) ?? [];
      samples.push({ t: now, v });
      // Older samples can never fall in a range again.
      while (samples.length > 0 && samples[0]!.t < now - this.rule.windowMs) samples.shift();
      this.series.set(fn, samples);
    }
  }

  /** The expression's value per function at `now` (rate over the window), where it has one. */
  rates(now: number): Map<string, number> {
    const out = new Map<string, number>();
    const start = now - this.rule.windowMs;
    for (const [fn, samples] of this.series) {
      const inRange = samples.filter((s) => s.t >= start && s.t <= now);
      const rate = extrapolatedRate(inRange, start, now);
      if (rate !== undefined) out.set(fn, rate);
    }
    return out;
  }

  /** One evaluation (rules/alerting.go Eval): inactive → pending when the expression holds,
   * pending → firing once it has held for `for`; a firing alert whose expression no longer
   * holds is resolved, a pending one just dropped. */
  evaluate(now: number): RuleOutcome {
    const above = new Set([...this.rates(now)].filter(([, rate]) => rate > this.rule.threshold).map(([fn]) => fn));
    const outcome: RuleOutcome = { firing: [], resolved: [] };
    for (const [fn, alert] of this.active) {
      if (above.has(fn)) continue;
      if (alert.firing) outcome.resolved.push(fn);
      this.active.delete(fn);
    }
    for (const fn of above) {
      const alert = this.active.get(fn) ?? { activeAt: now, firing: false };
      this.active.set(fn, alert);
      if (!alert.firing && now - alert.activeAt >= this.rule.forMs) alert.firing = true;
      if (alert.firing) outcome.firing.push(fn);
    }
    return outcome;
  }
}
