import { ConfigError } from '../openfaas/errors.ts';
import type { Env } from '../openfaas/env.ts';

// What makes an embedded replica ready (issue #22, point 1; docs/openfaas-behaviour.md,
// "Readiness"). 'stage': the stage's own GET /_/health says 200 — what the image now gets
// behind of-watchdog, where the stage writes the watchdog's lock once it can serve. 'watchdog':
// of-watchdog's default, whose /_/health says 200 as soon as the watchdog has started (it
// writes /tmp/.lock at once), before node listens or has loaded its model; a call that
// reaches the replica before the stage listens gets the watchdog's 500 with an empty body.
// 'watchdog' exists so that misconfiguration can be seen locally; 'stage' is the default.

export const READINESS_MODES = ['stage', 'watchdog'] as const;
export type ReadinessMode = (typeof READINESS_MODES)[number];

function check(value: string, where: string): ReadinessMode {
  if ((READINESS_MODES as readonly string[]).includes(value)) return value as ReadinessMode;
  throw new ConfigError(where, value, `expected ${READINESS_MODES.join(' or ')}`);
}

/** The provider-wide default, env `readiness` (provider_readiness for `live up`). */
export function readReadiness(env: Env): ReadinessMode {
  const value = env.readiness?.trim();
  return value ? check(value, 'readiness') : 'stage';
}

/** A deployment's annotation, else the provider's default; a bad value throws ConfigError. */
export function deploymentReadiness(annotations: Record<string, string> | undefined, fallback: ReadinessMode, key: string): ReadinessMode {
  const value = annotations?.[key]?.trim();
  return value ? check(value, `annotation ${key}`) : fallback;
}
