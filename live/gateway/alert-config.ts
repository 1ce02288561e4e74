import { ConfigError } from '../openfaas/errors.ts';
import type { Env } from '../openfaas/env.ts';
import { readDurationMs } from '../openfaas/env.ts';
import type { AutoscalerTiming } from './alert-autoscaler.ts';
import { CE_AUTOSCALER_TIMING } from './alert-autoscaler.ts';
import type { AlertRule } from './alert-rule.ts';
import { CE_ALERT_RULE } from './alert-rule.ts';

// The in-process alert's rule and timing (alert-autoscaler.ts), each a gateway variable that
// defaults to faas-netes' chart, so `live run` can set a scenario's platform.autoscaler on it
// (live/run/platform-settings.ts). A real cluster sets the same in its Prometheus rule and
// Alertmanager route.

export interface AlertConfig {
  rule: AlertRule;
  timing: AutoscalerTiming;
}

/** A duration that must be above 0 (a period; 0 would spin), or may be 0 (`for`, group_wait). */
function readMs(env: Env, key: string, fallbackMs: number, zero: 'zero-ok' | 'positive'): number {
  const ms = readDurationMs(env, key, fallbackMs);
  if (zero === 'positive' && !(ms > 0)) throw new ConfigError(key, env[key]!, 'must be longer than 0');
  return ms;
}

export function readAlertConfig(env: Env): AlertConfig {
  let threshold = CE_ALERT_RULE.threshold;
  const rawThreshold = env.alert_threshold?.trim();
  if (rawThreshold) {
    threshold = Number(rawThreshold);
    if (!/^\d+(\.\d+)?$/.test(rawThreshold) || !Number.isFinite(threshold)) {
      throw new ConfigError('alert_threshold', rawThreshold, 'expected calls per second, a number of 0 or more ("5", "2.5")');
    }
  }
  return {
    rule: {
      windowMs: readMs(env, 'alert_window', CE_ALERT_RULE.windowMs, 'positive'),
      threshold,
      forMs: readMs(env, 'alert_for', CE_ALERT_RULE.forMs, 'zero-ok'),
    },
    timing: {
      scrapeIntervalMs: readMs(env, 'alert_scrape_interval', CE_AUTOSCALER_TIMING.scrapeIntervalMs, 'positive'),
      evaluationIntervalMs: readMs(env, 'alert_evaluation_interval', CE_AUTOSCALER_TIMING.evaluationIntervalMs, 'positive'),
      groupWaitMs: readMs(env, 'alert_group_wait', CE_AUTOSCALER_TIMING.groupWaitMs, 'zero-ok'),
      groupIntervalMs: readMs(env, 'alert_group_interval', CE_AUTOSCALER_TIMING.groupIntervalMs, 'positive'),
      repeatIntervalMs: readMs(env, 'alert_repeat_interval', CE_AUTOSCALER_TIMING.repeatIntervalMs, 'positive'),
    },
  };
}
