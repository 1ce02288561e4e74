import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from '../openfaas/forward.ts';
import type { AutoscalerClock } from './alert-autoscaler.ts';
import { AlertAutoscaler } from './alert-autoscaler.ts';
import { parseAlertBody, scaleForAlert } from './alert-handler.ts';
import type { GatewayConfig } from './config.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { ProviderClient } from './provider-client.ts';

// The gateway's two ways into the alert handler: the in-process rule (config.autoscaling)
// and POST /system/alert, where a real Alertmanager's webhook would post
// (gateway/main.go routes it; gateway/handlers/alerthandler.go MakeAlertHandler answers it).

export interface Autoscaling {
  autoscaler: AlertAutoscaler | undefined;
  alert(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function makeAutoscaling(
  config: GatewayConfig,
  client: ProviderClient,
  metrics: GatewayMetrics,
  log: (line: string) => void,
  clock?: AutoscalerClock,
): Autoscaling {
  const scale = (fn: string, status: 'firing' | 'resolved') => scaleForAlert(client, fn, config.namespace, status, log);
  let autoscaler: AlertAutoscaler | undefined;
  // Started by the gateway once it listens (autoscaler.start()).
  if (config.autoscaling) autoscaler = new AlertAutoscaler({ okCounts: () => metrics.okCounts(), notify: (n) => scale(n.fn, n.status), log, clock, ...config.alert });

  async function alert(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let alerts;
    try {
      alerts = parseAlertBody(await readBody(req));
    } catch (error) {
      return sendText(res, 400, (error as Error).message);
    }
    const errors: string[] = [];
    for (const a of alerts) {
      try {
        await scale(a.functionName, a.status);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    if (errors.length > 0) return sendText(res, 500, errors.map((e, i) => `[${i}] ${e}\n`).join(''));
    res.writeHead(200).end();
  }

  return { autoscaler, alert };
}
