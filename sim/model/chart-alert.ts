// Community Edition's alert with the Helm chart's timing (`platform.autoscaler.evaluation:
// "chart"`): the gateway's count of 200s scraped every scrapeInterval, the rule evaluated
// every evaluationInterval with Prometheus's extrapolated rate() (alert-rule.ts), the firing
// and resolved alerts grouped and flushed as AlertManager does (alert-groups.ts: group_wait,
// group_interval, repeatInterval), each notification applied as the gateway's alert handler
// does. The embedded gateway runs the same two classes (live/gateway/alert-autoscaler.ts),
// so a live run and its simulation share the rule to the last bit; what differs is where the
// phases fall (both start at 0 here; Prometheus staggers them by a hash).
//
// Times are kept as whole milliseconds, so the 15 s evaluations and 5 s scrapes stay on
// their grid however long the run (summing seconds in floating point would drift).
import type { Engine } from '../engine/engine.ts';
import { AlertGroups } from './alert-groups.ts';
import { RateAlertRule } from './alert-rule.ts';
import type { SimConfig } from './config.ts';
import type { FnState } from './fn-state.ts';

export type AlertNotice = 'firing' | 'resolved';

const ms = (seconds: number) => Math.round(seconds * 1000);

export class ChartAlert {
  private readonly rule: RateAlertRule;
  private readonly groups: AlertGroups;
  private readonly fns: Map<string, FnState>;
  private readonly scrapeMs: number;
  private readonly evaluationMs: number;
  private readonly ev: number;
  private nextScrape = 0;
  private nextEvaluation = 0;

  constructor(
    private readonly engine: Engine,
    a: SimConfig['autoscaler'],
    fns: readonly FnState[],
    /** Applies one notification to a function (the gateway's alert handler). */
    private readonly notify: (fn: FnState, status: AlertNotice) => void,
  ) {
    this.fns = new Map(fns.map((f) => [f.cfg.name, f]));
    this.rule = new RateAlertRule({ windowMs: ms(a.window), threshold: a.alertThreshold, forMs: ms(a.alertFor) });
    this.groups = new AlertGroups({ groupWaitMs: ms(a.groupWait), groupIntervalMs: ms(a.groupInterval), repeatIntervalMs: ms(a.repeatInterval) });
    this.scrapeMs = ms(a.scrapeInterval);
    this.evaluationMs = ms(a.evaluationInterval);
    this.ev = engine.on('chart alert', () => this.run());
  }

  start(): void {
    if (this.fns.size > 0) this.engine.at(0, this.ev);
  }

  /** Every scrape, evaluation and flush due now, in that order at one instant (as the
   * embedded gateway's AlertAutoscaler.runDue), then the next wake-up. */
  private run(): void {
    const now = ms(this.engine.now);
    for (;;) {
      const t = Math.min(this.nextScrape, this.nextEvaluation, this.groups.nextFlushAt());
      if (t > now) break;
      if (t === this.nextScrape) {
        const counts = new Map<string, number>();
        for (const [name, fn] of this.fns) counts.set(name, fn.ok);
        this.rule.scrape(t, counts);
        this.nextScrape += this.scrapeMs;
      } else if (t === this.nextEvaluation) {
        const { firing, resolved } = this.rule.evaluate(t);
        this.groups.receive(t, firing, resolved);
        this.nextEvaluation += this.evaluationMs;
      } else {
        for (const n of this.groups.flush(t)) this.notify(this.fns.get(n.fn)!, n.status);
      }
    }
    const next = Math.min(this.nextScrape, this.nextEvaluation, this.groups.nextFlushAt());
    this.engine.at(next / 1000, this.ev);
  }
}
