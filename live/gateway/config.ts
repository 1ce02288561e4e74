import path from 'node:path';
import { ConfigError } from '../openfaas/errors.ts';
import type { Env } from '../openfaas/env.ts';
import { readBool, readDurationMs, readHost, readInt, readString } from '../openfaas/env.ts';
import { GATEWAY_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { type AlertConfig, readAlertConfig } from './alert-config.ts';

/** Live configuration of the embedded gateway (see live/README.md for every variable). */
export interface GatewayConfig {
  host: string;
  port: number;
  /** The metrics listener's port (the real gateway's 8082); 0 picks a free one. */
  metricsPort: number;
  providerUrl: URL;
  readTimeoutMs: number;
  writeTimeoutMs: number;
  upstreamTimeoutMs: number;
  scaleFromZero: boolean;
  basicAuth: boolean;
  secretMountPath: string;
  namespace: string;
  /** CE clamps /system/scale-function to 1–5 replicas (the CE gateway always does; false
   * passes 0 and >5 through, as `live` and calibration need to scale to zero). */
  communityEdition: boolean;
  /** 0 = unlimited, as OpenFaaS; otherwise larger bodies get 413. */
  maxBodyBytes: number;
  /** How long a replica count read for scale-from-zero stays fresh (gateway CacheExpiry). */
  scaleCacheExpiryMs: number;
  /** Community Edition's autoscaling alert (APIHighInvocationRate), evaluated in-process
   * (alert-autoscaler.ts); false holds replicas where the API puts them. */
  autoscaling: boolean;
  /** That alert's rule and timing: the chart's unless set (alert_window, alert_threshold,
   * alert_for, alert_scrape_interval, alert_evaluation_interval, alert_group_wait,
   * alert_group_interval, alert_repeat_interval). */
  alert: AlertConfig;
}

/** Builds the gateway config from an env map; bad values throw ConfigError. */
export default function readGatewayConfig(env: Env, cwd = process.cwd()): GatewayConfig {
  const rawUrl = readString(env, 'functions_provider_url', '');
  if (rawUrl === '') throw new ConfigError('functions_provider_url', '', 'is required (the faas-provider base URL)');
  let providerUrl: URL;
  try {
    providerUrl = new URL(rawUrl);
  } catch {
    throw new ConfigError('functions_provider_url', rawUrl, 'is not a valid URL');
  }
  if (providerUrl.protocol !== 'http:') throw new ConfigError('functions_provider_url', rawUrl, 'must be an http:// URL');
  // The in-process queue's settings moved to the queue-worker (live/queue): say so, rather
  // than ignore a value someone relies on.
  for (const moved of ['max_inflight', 'ack_wait']) {
    if (env[moved] !== undefined) throw new ConfigError(moved, env[moved]!, `is the queue-worker's setting now: set queue_${moved} (live up) or the queue settings instead`);
  }
  const port = readInt(env, 'port', 8080, 0, 65535);
  return {
    host: readHost(env, 'host', '127.0.0.1'),
    port,
    // 8082 beside the default 8080, as the real gateway; beside a free port (port=0, tests
    // and several platforms at once), a free one too.
    metricsPort: readInt(env, 'metrics_port', port === 0 ? 0 : 8082, 0, 65535),
    providerUrl,
    // OpenFaaS's code defaults, the ones the simulator models (sim/scenario/defaults.ts).
    readTimeoutMs: readDurationMs(env, 'read_timeout', GATEWAY_DEFAULTS.readTimeout * 1000),
    writeTimeoutMs: readDurationMs(env, 'write_timeout', GATEWAY_DEFAULTS.writeTimeout * 1000),
    upstreamTimeoutMs: readDurationMs(env, 'upstream_timeout', GATEWAY_DEFAULTS.upstreamTimeout * 1000),
    scaleFromZero: readBool(env, 'scale_from_zero', GATEWAY_DEFAULTS.scaleFromZero),
    basicAuth: readBool(env, 'basic_auth', true),
    secretMountPath: path.resolve(cwd, readString(env, 'secret_mount_path', '.fave/secrets')),
    namespace: readString(env, 'function_namespace', 'openfaas-fn'),
    communityEdition: readBool(env, 'community_edition', false),
    maxBodyBytes: readInt(env, 'max_body_bytes', 0, 0),
    scaleCacheExpiryMs: readDurationMs(env, 'scale_cache_expiry', 250),
    autoscaling: readBool(env, 'autoscaling', true),
    alert: readAlertConfig(env),
  };
}
