import path from 'node:path';
import type { Env } from '../openfaas/env.ts';
import { readBool, readDurationMs, readHost, readInt, readString } from '../openfaas/env.ts';
import { PROVIDER_DEFAULTS } from '../../sim/scenario/defaults.ts';
import { parseNamespaceList } from './namespaces.ts';
import { readReadiness, type ReadinessMode } from './readiness.ts';

/** Live configuration of the embedded provider (see live/README.md for every variable). */
export interface ProviderConfig {
  host: string;
  port: number;
  /** faas-provider read_timeout: also bounds each call to a function (→ 500). */
  readTimeoutMs: number;
  writeTimeoutMs: number;
  /** faas-netes readiness probe on /_/health. */
  readinessInitialDelayMs: number;
  readinessPeriodMs: number;
  readinessFailureThreshold: number;
  /** How long a probe may take before it counts as failed: faas-netes' TimeoutSeconds (1 s), whatever the period. */
  readinessTimeoutMs: number;
  /** What the probe asks (readiness.ts): the stage's /_/health, or only whether the process
   * started (of-watchdog's own lock); a deployment's com.fave.readiness annotation overrides it. */
  readiness: ReadinessMode;
  /** How often idle scale-to-zero and crash restarts are considered. */
  reconcileIntervalMs: number;
  memorySampleIntervalMs: number;
  /** SIGTERM, then SIGKILL after this (Kubernetes terminationGracePeriodSeconds). */
  terminationGraceMs: number;
  /** First delay before restarting a crashed replica; doubles per crash, capped at 5 min. */
  restartBackoffMs: number;
  communityEdition: boolean;
  namespace: string;
  /** Repository root: replica entry files resolve against it. */
  root: string;
  /** Where secrets live as files named after them (like /var/openfaas/secrets); the
   * basic-auth-* files are read from here too. */
  secretMountPath: string;
  /** Where each deployment's own secrets directory goes (copies of the secrets it names). */
  functionSecretsPath: string;
  /** Ask for the gateway's credentials on /system/* (faas-provider basic_auth). */
  basicAuth: boolean;
  /**
   * Give each replica its own TMPDIR and delete it when the replica exits, as a pod's
   * filesystem goes with the pod: a killed replica leaves no temp files. Made under the
   * deployment's TMPDIR when it sets one, else under `<stateDir>/tmp/<this provider>/`.
   */
  privateTmp: boolean;
  /** The provider's own files (replica TMPDIRs, the secrets API's store under `secrets/`);
   * stale TMPDIRs of dead providers are removed at start. */
  stateDir: string;
  /** Namespaces served besides `namespace` (namespaces.ts); empty: the function namespace only. */
  extraNamespaces: string[];
  /** Run FAVE's stand-ins for the store images the OpenFaaS certifier deploys (entry.ts):
   * off unless asked, so an image FAVE cannot run is still refused. */
  storeStandIns: boolean;
}

/** Builds the provider config from an env map; bad values throw ConfigError. */
export default function readProviderConfig(env: Env, cwd = process.cwd()): ProviderConfig {
  const root = path.resolve(cwd, readString(env, 'root', '.'));
  const secretMountPath = path.resolve(root, readString(env, 'secret_mount_path', '.fave/secrets'));
  return {
    host: readHost(env, 'host', '127.0.0.1'),
    port: readInt(env, 'port', 8081, 0, 65535),
    // faas-netes' defaults, the ones the simulator models (sim/scenario/defaults.ts).
    readTimeoutMs: readDurationMs(env, 'read_timeout', PROVIDER_DEFAULTS.timeout * 1000),
    writeTimeoutMs: readDurationMs(env, 'write_timeout', PROVIDER_DEFAULTS.timeout * 1000),
    readinessInitialDelayMs: readDurationMs(env, 'readiness_initial_delay', PROVIDER_DEFAULTS.readinessInitialDelay * 1000),
    readinessPeriodMs: readDurationMs(env, 'readiness_period', PROVIDER_DEFAULTS.readinessPeriod * 1000),
    readinessFailureThreshold: readInt(env, 'readiness_failure_threshold', 3, 1),
    readinessTimeoutMs: readDurationMs(env, 'readiness_timeout', 1_000),
    readiness: readReadiness(env),
    reconcileIntervalMs: readDurationMs(env, 'reconcile_interval', 5_000),
    memorySampleIntervalMs: readDurationMs(env, 'memory_sample_interval', 1_000),
    terminationGraceMs: readDurationMs(env, 'termination_grace', 30_000),
    restartBackoffMs: readDurationMs(env, 'restart_backoff', 10_000),
    communityEdition: readBool(env, 'community_edition', false),
    namespace: readString(env, 'function_namespace', 'openfaas-fn'),
    root,
    secretMountPath,
    // Beside the secrets they copy (.fave/function-secrets for .fave/secrets).
    functionSecretsPath: path.resolve(root, readString(env, 'function_secrets_path', path.join(path.dirname(secretMountPath), 'function-secrets'))),
    // Off by default as in faas-provider; `live up` and `live run` turn it on (live/run/embedded.ts).
    basicAuth: readBool(env, 'basic_auth', false),
    privateTmp: readBool(env, 'private_tmp', true),
    stateDir: path.resolve(root, readString(env, 'state_dir', '.fave/provider')),
    extraNamespaces: parseNamespaceList(readString(env, 'namespaces', '')),
    storeStandIns: readBool(env, 'store_stand_ins', false),
  };
}
