// A scenario's Community Edition alert (platform.autoscaler) as the embedded gateway's
// in-process alert settings (live/gateway/alert-config.ts): the rule (window, threshold,
// for) and AlertManager's repeat are the scenario's; the scrape and evaluation intervals and
// group_wait/group_interval are the chart's unless the scenario simulates the chart's timing
// (`evaluation: "chart"`), when they are the scenario's too. What the default tick cannot
// match live is listed as an approximation, pointing at the docs' table.
import { resolveAutoscaler, functionSpec } from '../../sim/scenario/resolve-platform.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { LiveSettings } from './settings.ts';

const ms = (seconds: number) => `${Math.round(seconds * 1000)}ms`;

const TABLE = 'docs/openfaas-behaviour.md, "The simulator\'s alert"';

/** The functions that scale by the alert (set, or Community Edition's default). */
export function alertUsers(s: Scenario, live: LiveSettings): string[] {
  return live.functions.filter((fn) => (functionSpec(s, fn).scaling?.mode ?? (live.edition === 'pro' ? 'rps' : 'alert')) === 'alert');
}

export interface AlertSettings {
  gateway: Record<string, string>;
  applied: string[];
  approximations: string[];
}

export function alertSettings(s: Scenario): AlertSettings {
  const a = resolveAutoscaler(s);
  const set = s.platform?.autoscaler ?? {};
  const out: AlertSettings = {
    gateway: {
      alert_window: ms(a.window),
      alert_threshold: String(a.alertThreshold),
      alert_for: ms(a.alertFor),
      alert_repeat_interval: ms(a.repeatInterval),
      alert_scrape_interval: ms(a.scrapeInterval),
      alert_evaluation_interval: ms(a.evaluationInterval),
      alert_group_wait: ms(a.groupWait),
      alert_group_interval: ms(a.groupInterval),
    },
    applied: [],
    approximations: [],
  };
  const mapped = ['window', 'alertThreshold', 'alertFor', 'repeatInterval', ...(a.evaluation === 'chart' ? (['evaluation', 'scrapeInterval', 'evaluationInterval', 'groupWait', 'groupInterval'] as const) : [])] as const;
  for (const field of mapped) {
    if (set[field] !== undefined) out.applied.push(`$.platform.autoscaler.${field}=${JSON.stringify(set[field])} (the gateway's in-process alert)`);
  }
  if (a.evaluation === 'chart') {
    // Same rule, same AlertManager timing, same code (sim/model/alert-rule.ts, alert-groups.ts).
    if (set.interval !== undefined) out.applied.push(`$.platform.autoscaler.interval=${set.interval} (the Pro autoscaler's sync: with evaluation "chart", not the alert's)`);
    return out;
  }
  out.approximations.push(
    `$.platform.autoscaler.evaluation="tick" (the default): the gateway times the alert as faas-netes' chart does ` +
      `(scrapes every ${a.scrapeInterval} s, the rule evaluated every ${a.evaluationInterval} s with Prometheus's extrapolated rate(), ` +
      `AlertManager's group_wait ${a.groupWait} s and group_interval ${a.groupInterval} s); the simulation checks the rule every ` +
      `${a.interval} s on the exact count and sends at once, so its first replica comes 10–25 s sooner after a load step (${TABLE}). ` +
      'Set $.platform.autoscaler.evaluation to "chart" to simulate the live timing',
  );
  return out;
}
