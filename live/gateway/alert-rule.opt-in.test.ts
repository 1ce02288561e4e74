import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RateAlertRule } from './alert-rule.ts';

// Opt-in, outside `npm test` (vitest.opt-in.config.ts): the in-process rule checked against
// Prometheus itself. For each load the test computes, with RateAlertRule, the rule's value and
// which alerts fire at every 15 s evaluation, writes them as a `promtool test rules` file over
// the same 5 s samples and the chart's rule text, and promtool (Debian's prometheus 2.42:
// `apt-get install prometheus`) must agree at every evaluation:
//   npx vitest run -c vitest.opt-in.config.ts live/gateway/alert-rule.opt-in.test.ts
// Without promtool it fails and says so.

const FN = 'fn.openfaas-fn';
const EVALUATION_S = 15;
const HORIZON_S = 150;

/** The chart's rule (faas-netes 662ce9c chart/openfaas/templates/prometheus-cfg.yaml), Helm escapes rendered. */
const RULES = {
  groups: [{
    name: 'openfaas',
    rules: [{
      alert: 'APIHighInvocationRate',
      expr: 'sum(rate(gateway_function_invocation_total{code="200"}[10s])) BY (function_name) > 5',
      for: '5s',
      labels: { service: 'gateway', severity: 'major' },
      annotations: { description: 'High invocation total on "{{$labels.function_name}}"', summary: 'High invocation total on "{{$labels.function_name}}"' },
    }],
  }],
};

interface Load {
  /** The counter at time t (s): calls answered 200 so far. */
  count: (t: number) => number;
  /** Seconds between scrapes: the chart's 5 s, or others whose samples miss the range's edges,
   * so that rate()'s extrapolation is exercised. */
  scrapeS: number;
  /** Scrapes that failed (no sample), as promtool's `_`. */
  missing?: (t: number) => boolean;
  fires: boolean;
}

const loads: Record<string, Load> = {
  'steady 10/s': { count: (t) => 10 * t, scrapeS: 5, fires: true },
  'exactly 5/s': { count: (t) => 5 * t, scrapeS: 5, fires: false },
  '6/s': { count: (t) => 6 * t, scrapeS: 5, fires: true },
  '10/s that stops at 36 s': { count: (t) => 10 * Math.min(t, 36), scrapeS: 5, fires: true },
  'a 10 s burst of 50/s at 16 s': { count: (t) => 50 * Math.max(0, Math.min(t, 26) - 16), scrapeS: 5, fires: false },
  '10/s from 40 s with a counter reset at 90 s': { count: (t) => (t < 90 ? 10 * Math.max(0, t - 40) : 10 * (t - 90)), scrapeS: 5, fires: true },
  'a ramp, scraped every 4 s': { count: (t) => (t * t) / 20, scrapeS: 4, fires: true },
  '5.5/s scraped every 3 s': { count: (t) => 5.5 * t, scrapeS: 3, fires: true },
  '8/s scraped every 2 s, scrapes failing now and then': { count: (t) => 8 * t, scrapeS: 2, missing: (t) => t % 26 >= 16 && t % 26 < 24, fires: true },
};

const dir = mkdtempSync(path.join(tmpdir(), 'fave-promtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function promtoolCase(name: string, load: Load) {
  const rule = new RateAlertRule();
  const values: string[] = [];
  const alertTests: unknown[] = [];
  const exprTests: unknown[] = [];
  for (let t = 0; t <= HORIZON_S; t++) {
    if (t % load.scrapeS === 0) {
      const v = Math.round(load.count(t));
      const missing = load.missing?.(t) ?? false;
      values.push(missing ? '_' : String(v));
      if (!missing) rule.scrape(t * 1000, new Map([[FN, v]]));
    }
    if (t % EVALUATION_S !== 0) continue;
    const rate = rule.rates(t * 1000).get(FN);
    const { firing } = rule.evaluate(t * 1000);
    exprTests.push({
      expr: 'sum(rate(gateway_function_invocation_total{code="200"}[10s])) BY (function_name)',
      eval_time: `${t}s`,
      exp_samples: rate === undefined ? [] : [{ labels: `{function_name="${FN}"}`, value: rate }],
    });
    alertTests.push({
      eval_time: `${t}s`,
      alertname: 'APIHighInvocationRate',
      exp_alerts: firing.map((fn) => ({
        exp_labels: { function_name: fn, service: 'gateway', severity: 'major' },
        exp_annotations: { description: `High invocation total on "${fn}"`, summary: `High invocation total on "${fn}"` },
      })),
    });
  }
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.test.yml`);
  // JSON is YAML: promtool reads both files as they are.
  writeFileSync(path.join(dir, 'rules.yml'), JSON.stringify(RULES));
  writeFileSync(file, JSON.stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: `${EVALUATION_S}s`,
    tests: [{
      interval: `${load.scrapeS}s`,
      input_series: [{ series: `gateway_function_invocation_total{code="200",function_name="${FN}"}`, values: values.join(' ') }],
      alert_rule_test: alertTests,
      promql_expr_test: exprTests,
    }],
  }));
  return { file, fired: alertTests.some((a) => (a as { exp_alerts: unknown[] }).exp_alerts.length > 0) };
}

describe('RateAlertRule against promtool', () => {
  it('promtool is installed', () => {
    const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    if (version.error) throw new Error(`promtool not found (${version.error.message}): apt-get install prometheus`);
    expect(version.status).toBe(0);
  });

  it.each(Object.entries(loads))('RateAlertRule() agrees with Prometheus on the rate and the alert at every evaluation: %s', (name, load) => {
    const { file, fired } = promtoolCase(name, load);
    const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    if (run.error) throw new Error(`promtool not found (${run.error.message}): apt-get install prometheus`);
    expect(run.stdout + run.stderr).toContain('SUCCESS');
    expect(run.status).toBe(0);
    // The loads above 5/s must fire at some point, or the comparison says little.
    expect(fired).toBe(load.fires);
  });
});
