import type { AlertTiming, Notification } from './alert-groups.ts';
import { AlertGroups, CE_ALERT_TIMING } from './alert-groups.ts';
import type { AlertRule } from './alert-rule.ts';
import { CE_ALERT_RULE, RateAlertRule } from './alert-rule.ts';

// Community Edition's autoscaling, in-process: what Prometheus (scrape, rule evaluation) and
// Alertmanager (grouping, repeats) do between the gateway's counter and its /system/alert,
// on one clock. Scrapes and evaluations fall on fixed multiples of their intervals from the
// start (a real Prometheus staggers them by a hash); a scrape due at the same instant as an
// evaluation is taken first, and a flush due then comes after the evaluation.

export interface AutoscalerTiming extends AlertTiming {
  /** The chart's `openfaas-pods` scrape_interval. */
  scrapeIntervalMs: number;
  /** The chart's global evaluation_interval. */
  evaluationIntervalMs: number;
}

export const CE_AUTOSCALER_TIMING: AutoscalerTiming = { scrapeIntervalMs: 5_000, evaluationIntervalMs: 15_000, ...CE_ALERT_TIMING };

/** Time and timers, injected so tests step through minutes at once. */
export interface AutoscalerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): { clear(): void };
}

export const systemClock: AutoscalerClock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return { clear: () => clearTimeout(timer) };
  },
};

export interface AlertAutoscalerOptions {
  /** The counter the rule reads: calls answered 200 per function_name ("fn.namespace"). */
  okCounts: () => ReadonlyMap<string, number>;
  /** Delivers one notification as Alertmanager's webhook does (alert-handler.ts). */
  notify: (n: Notification) => Promise<void>;
  log: (line: string) => void;
  clock?: AutoscalerClock;
  rule?: AlertRule;
  timing?: AutoscalerTiming;
}

export class AlertAutoscaler {
  private readonly rule: RateAlertRule;
  private readonly groups: AlertGroups;
  private readonly timing: AutoscalerTiming;
  private readonly clock: AutoscalerClock;
  private nextScrape: number;
  private nextEvaluation: number;
  private timer: { clear(): void } | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: AlertAutoscalerOptions) {
    this.timing = options.timing ?? CE_AUTOSCALER_TIMING;
    this.rule = new RateAlertRule(options.rule ?? CE_ALERT_RULE);
    this.groups = new AlertGroups(this.timing);
    this.clock = options.clock ?? systemClock;
    this.nextScrape = this.nextEvaluation = this.clock.now();
  }

  /** Runs on the clock's timers until stop(). */
  start(): void {
    this.stopped = false;
    this.nextScrape = this.nextEvaluation = this.clock.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.clear();
  }

  /** The rule's current value per function (for logs and tests). */
  rates(now = this.clock.now()): Map<string, number> {
    return this.rule.rates(now);
  }

  /** Does every scrape, evaluation and flush due by `now`, in time order; notifications are
   * delivered one at a time and awaited, as a webhook call is. */
  async runDue(now = this.clock.now()): Promise<void> {
    for (;;) {
      const flushAt = this.groups.nextFlushAt();
      const t = Math.min(this.nextScrape, this.nextEvaluation, flushAt);
      if (t > now) return;
      if (t === this.nextScrape) {
        this.rule.scrape(t, this.options.okCounts());
        this.nextScrape += this.timing.scrapeIntervalMs;
      } else if (t === this.nextEvaluation) {
        const { firing, resolved } = this.rule.evaluate(t);
        this.groups.receive(t, firing, resolved);
        this.nextEvaluation += this.timing.evaluationIntervalMs;
      } else {
        for (const n of this.groups.flush(t)) {
          try {
            await this.options.notify(n);
          } catch (error) {
            // Alertmanager logs a failed webhook and carries on.
            this.options.log(`alert ${n.status} for ${n.fn} not delivered: ${(error as Error).message}`);
          }
        }
      }
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = Math.min(this.nextScrape, this.nextEvaluation, this.groups.nextFlushAt());
    this.timer = this.clock.setTimeout(() => {
      this.running = this.runDue().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, Math.max(0, due - this.clock.now()));
  }

  /** Waits for a run in progress (a scale call under way) to end. */
  async settled(): Promise<void> {
    await this.running;
  }
}
