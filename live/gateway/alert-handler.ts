import type { AlertStatus } from './alert-groups.ts';
import type { ProviderClient } from './provider-client.ts';
import { splitNamespace } from './provider-client.ts';

// What the gateway does with an alert (openfaas/faas at 8d803bf, gateway/handlers/
// alerthandler.go scaleService and CalculateReplicas, with the scaling labels read as
// gateway/plugin/external.go GetReplicas reads them and the defaults of
// gateway/scaling/ranges.go).

export const LABEL_SCALE_FACTOR = 'com.openfaas.scale.factor';
export const SCALING_DEFAULTS = { min: 1, max: 5, factor: 10 } as const;

export interface ScalingLabels {
  min: number;
  max: number;
  factor: number;
}

/** extractLabelValue: a label that is not an integer falls back to the default. */
function labelValue(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '' || !/^[+-]?\d+$/.test(raw)) return fallback;
  return Number(raw);
}

/** The function's scaling labels with their defaults; a factor outside 1–100 is an error,
 * as GetReplicas answers it, so an alert for that function scales nothing at all. */
export function scalingLabels(labels: Readonly<Record<string, string>>): ScalingLabels {
  const factor = labelValue(labels[LABEL_SCALE_FACTOR], SCALING_DEFAULTS.factor);
  if (!(factor > 0 && factor <= 100)) throw new Error(`bad scaling factor: ${factor}, is not in range of [0 - 100]`);
  return {
    min: labelValue(labels['com.openfaas.scale.min'], SCALING_DEFAULTS.min),
    max: labelValue(labels['com.openfaas.scale.max'], SCALING_DEFAULTS.max),
    factor,
  };
}

/** CalculateReplicas: a firing alert adds ceil(min(max, 5) / 100 × factor) replicas, up to
 * min(max, 5); anything else (resolved) goes back to min. min = max therefore holds the
 * function where it is. Float arithmetic in Go's order, so the step rounds as Go's does. */
export function calculateReplicas(status: AlertStatus, current: number, max: number, min: number, factor: number): number {
  const ceiling = Math.min(max, SCALING_DEFAULTS.max);
  const step = Math.ceil((ceiling / 100) * factor);
  if (status === 'firing' && step > 0) return current + step > ceiling ? ceiling : current + step;
  return min;
}

/** scaleService: reads the function (404 or a bad label: nothing happens, as in the gateway,
 * which only logs it), then sets the new count when it differs. */
export async function scaleForAlert(
  client: ProviderClient,
  functionName: string,
  defaultNamespace: string,
  status: AlertStatus,
  log: (line: string) => void,
): Promise<void> {
  const [name, namespace] = splitNamespace(functionName, defaultNamespace);
  if (name === '') return;
  let query;
  let scaling: ScalingLabels;
  try {
    query = await client.getReplicas(name, namespace);
    scaling = scalingLabels(query.labels);
  } catch (error) {
    log(`[Scale] ${name}.${namespace}: ${(error as Error).message}`);
    return;
  }
  const replicas = calculateReplicas(status, query.replicas, scaling.max, scaling.min, scaling.factor);
  log(`[Scale] function=${name} ${query.replicas} => ${replicas}.`);
  if (replicas === query.replicas) return;
  await client.setReplicas(name, namespace, replicas);
}

/** The body Alertmanager's webhook posts to /system/alert (gateway/requests PrometheusAlert),
 * as far as the handler reads it; throws with the gateway's words when it is not that. */
export function parseAlertBody(body: Buffer): Array<{ status: AlertStatus; functionName: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('Unable to parse alert, bad format.');
  }
  const alerts = (parsed as { alerts?: unknown } | null)?.alerts;
  if (alerts === undefined || alerts === null) return [];
  if (!Array.isArray(alerts)) throw new Error('Unable to parse alert, bad format.');
  return alerts.map((a: { status?: unknown; labels?: { function_name?: unknown } } | null) => ({
    status: a?.status === 'firing' ? 'firing' : 'resolved',
    functionName: typeof a?.labels?.function_name === 'string' ? a.labels.function_name : '',
  }));
}
