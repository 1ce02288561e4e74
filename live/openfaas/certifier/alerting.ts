import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requiredOnPath, type Started, startGroup, waitForLine } from './run.ts';

// What makes the real OpenFaaS gateway autoscale in run (b) as it does in a Community Edition
// cluster: Prometheus with the Helm chart's scrape timing and alert rule, and Alertmanager with
// the chart's route, a webhook to the gateway's POST /system/alert. Both bind 127.0.0.1 and
// keep their config and data in a folder of their own in the run's scratch root (`root`: live
// up's), removed on stop.
// Source: openfaas/faas-netes 662ce9ce, chart/openfaas/templates/prometheus-cfg.yaml and
// alertmanager-cfg.yaml (the non-Pro branch, basic_auth on); docs/certifier.md.

/** The chart's alert rule, its Helm escapes rendered (`{{ "{{" }}` → `{{`). */
export const CHART_ALERT_RULES = `groups:
  - name: openfaas
    rules:
    - alert: APIHighInvocationRate
      expr: sum(rate(gateway_function_invocation_total{code="200"}[10s])) BY (function_name) > 5
      for: 5s
      labels:
        service: gateway
        severity: major
      annotations:
        description: High invocation total on "{{$labels.function_name}}"
        summary: High invocation total on "{{$labels.function_name}}"
`;

/**
 * The chart's prometheus.yml: scrapes every 15 s, rules every 15 s, the gateway (its job
 * `openfaas-pods`, found there by Kubernetes discovery) every 5 s; the one Alertmanager.
 */
export function chartPrometheusConfig(o: { metricsPort: number; alertmanagerPort: number }): string {
  return `global:
  scrape_interval: 15s
  evaluation_interval: 15s
  external_labels:
    monitor: 'faas-monitor'
rule_files:
  - 'alert.rules.yml'
alerting:
  alertmanagers:
  - static_configs:
    - targets: ['127.0.0.1:${o.alertmanagerPort}']
scrape_configs:
  - job_name: 'openfaas-pods'
    scrape_interval: 5s
    static_configs:
      - targets: ['127.0.0.1:${o.metricsPort}']
`;
}

/**
 * The chart's alertmanager.yml: one group per alertname/cluster/service, 5 s group_wait,
 * 10 s group_interval, a repeat every 30 s, resolved alerts sent too. The gateway's password
 * is read from its file (password_file, as the chart mounts it), never written here.
 */
export function chartAlertmanagerConfig(o: { gatewayUrl: string; user: string; passwordFile: string }): string {
  return `route:
  group_by: ['alertname', 'cluster', 'service']
  group_wait: 5s
  group_interval: 10s
  repeat_interval: 30s
  receiver: scale-up
  routes:
  - match:
      service: gateway
      receiver: scale-up
      severity: major
inhibit_rules:
- source_match:
    severity: 'critical'
  target_match:
    severity: 'warning'
  equal: ['alertname', 'cluster', 'service']
receivers:
- name: 'scale-up'
  webhook_configs:
    - url: ${o.gatewayUrl.replace(/\/$/, '')}/system/alert
      send_resolved: true
      http_config:
        basic_auth:
          username: ${JSON.stringify(o.user)}
          password_file: ${JSON.stringify(o.passwordFile)}
`;
}

export const INSTALL_ALERTMANAGER = 'apt-get install prometheus-alertmanager (Debian), then run this suite again';

type Service = Started & { port: number };

/** Stops the group, then removes its scratch folder. */
function withScratch(started: Started, dir: string, port: number): Service {
  const stop = started.stop;
  return { ...started, port, stop: async () => (await stop(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Alertmanager with the chart's route to `gatewayUrl`/system/alert. Debian's binary is
 * `prometheus-alertmanager` (its templates and UI come with the package, in
 * /usr/share/prometheus/alertmanager); upstream's, `alertmanager`, has them built in.
 */
export async function startAlertmanager(root: string, port: number, o: { gatewayUrl: string; user: string; passwordFile: string }): Promise<Service> {
  let binary: string;
  try {
    binary = requiredOnPath('prometheus-alertmanager', INSTALL_ALERTMANAGER);
  } catch (debianMissing) {
    try {
      binary = requiredOnPath('alertmanager', INSTALL_ALERTMANAGER);
    } catch {
      throw debianMissing;
    }
  }
  const dir = mkdtempSync(path.join(root, 'alertmanager-'));
  writeFileSync(path.join(dir, 'alertmanager.yml'), chartAlertmanagerConfig(o));
  // The chart's flags (clustering off), bound to loopback.
  const args = [`--config.file=${dir}/alertmanager.yml`, `--storage.path=${dir}/data`, '--cluster.listen-address=', `--web.listen-address=127.0.0.1:${port}`];
  const started = startGroup(binary, args, { cwd: dir, env: { PATH: process.env.PATH } });
  try {
    await waitForLine(started, /msg="Listening on"/, 60_000, 'alertmanager');
  } catch (error) {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return withScratch(started, dir, port);
}

/** Prometheus with the chart's config and rule: the real gateway's GET /system/functions needs it, its autoscaling too. */
export async function startPrometheus(root: string, port: number, o: { metricsPort: number; alertmanagerPort: number }): Promise<Service> {
  const binary = requiredOnPath('prometheus', 'apt-get install prometheus (Debian), then run this suite again');
  const dir = mkdtempSync(path.join(root, 'prometheus-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), chartPrometheusConfig(o));
  writeFileSync(path.join(dir, 'alert.rules.yml'), CHART_ALERT_RULES);
  const args = [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`];
  const started = startGroup(binary, args, { cwd: dir, env: { PATH: process.env.PATH } });
  try {
    await waitForLine(started, /Server is ready to receive web requests/, 60_000, 'prometheus');
  } catch (error) {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return withScratch(started, dir, port);
}
