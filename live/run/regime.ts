// The scenario's starting state, set through the gateway API so it works the same on the
// embedded platform and a real cluster: warm = every function at its minimum replicas and
// ready; cold = every function at zero replicas (the gateway scales from zero on the first
// call). Never approximated: a platform that cannot reach the state is an error.
import { setTimeout as sleep } from 'node:timers/promises';
import { LiveError, RequestError } from '../openfaas/errors.ts';
import { EXIT, type ExitCode } from '../../sim/process/errors.ts';
import type { GatewayApi } from './gateway-api.ts';
import type { Regime } from '../../sim/scenario/types.ts';

export class RegimeError extends LiveError {
  override readonly exitCode: ExitCode;

  /** `input`: the scenario asks for a state this platform refuses (fix the scenario or the
   * cluster), exit 2; otherwise the platform failed to reach it, exit 1. */
  constructor(
    readonly fn: string,
    message: string,
    o: { input?: boolean } = {},
  ) {
    super(message);
    this.exitCode = o.input ? EXIT.input : EXIT.failed;
  }
}

export interface RegimeReport {
  regime: Regime;
  functions: { name: string; asked: number; replicas: number; available: number }[];
}

export interface RegimeOptions {
  /** Longest wait for one function to reach its state; default 180 s (stages load models). */
  limitMs?: number;
  pollMs?: number;
  /**
   * Sets zero replicas outside the gateway API, as `kubectl scale --replicas=0` does on a
   * Community Edition cluster (its gateway clamps /system/scale-function to 1-5). The
   * embedded platform passes its provider; a real cluster has none, and a CE gateway then
   * refuses the cold regime with an error instead of starting warm.
   */
  zero?: (name: string) => Promise<void>;
}

async function waitUntil(api: GatewayApi, name: string, what: string, ok: (replicas: number, available: number) => boolean, o: RegimeOptions) {
  const limitMs = o.limitMs ?? 180_000;
  const deadline = Date.now() + limitMs;
  for (;;) {
    const s = await api.status(name);
    if (!s) throw new RegimeError(name, `function ${name} is not deployed on ${api.url}`);
    const replicas = s.replicas ?? 0;
    const available = s.availableReplicas ?? 0;
    if (ok(replicas, available)) return { replicas, available };
    if (Date.now() > deadline) {
      throw new RegimeError(name, `${name}: still not ${what} after ${limitMs / 1000} s (replicas ${replicas}, available ${available})`);
    }
    await sleep(o.pollMs ?? 100);
  }
}

async function replicasOf(api: GatewayApi, name: string): Promise<number> {
  const s = await api.status(name);
  if (!s) throw new RegimeError(name, `function ${name} is not deployed on ${api.url}`);
  return s.replicas ?? 0;
}

/** warm: every function at its minimum and ready; cold: every function at zero and gone;
 * unprimed: at zero first, so every process is new, then at its minimum and ready (the run
 * then sends no warm-up request: each process's first call is the run's). */
export async function applyRegime(api: GatewayApi, regime: Regime, minReplicas: Record<string, number>, o: RegimeOptions = {}, asked: Regime = regime): Promise<RegimeReport> {
  if (regime === 'unprimed') {
    await applyRegime(api, 'cold', minReplicas, o, regime);
    return { ...(await applyRegime(api, 'warm', minReplicas, o)), regime };
  }
  const report: RegimeReport = { regime, functions: [] };
  const names = Object.keys(minReplicas);
  if (regime === 'cold') {
    const refused: string[] = [];
    for (const name of names) {
      // Already at zero (an operator scaled it): asking a CE gateway again would clamp it to 1.
      if ((await replicasOf(api, name)) === 0) continue;
      if (o.zero) {
        await o.zero(name);
        continue;
      }
      try {
        await api.scale(name, 0);
      } catch (error) {
        // A provider that refuses zero (CE faas-netes answers 400).
        if (error instanceof RequestError && error.status === 400) refused.push(name);
        else throw error;
      }
      // A CE gateway clamps the request to 1 instead of refusing it.
      if (!refused.includes(name) && (await replicasOf(api, name)) > 0) refused.push(name);
    }
    if (refused.length) {
      throw new RegimeError(
        refused[0]!,
        `$.regime: "${asked}" needs zero replicas${asked === 'cold' ? '' : ' first (new processes)'}, and ${api.url} refused them for ${refused.join(', ')} (OpenFaaS Community Edition). ` +
          'Scale them to zero outside the gateway first (kubectl scale deploy -n openfaas-fn <name> --replicas=0), or use OpenFaaS Pro.',
        { input: true },
      );
    }
    for (const name of names) report.functions.push({ name, asked: 0, ...(await waitUntil(api, name, 'at zero', (r, a) => r === 0 && a === 0, o)) });
    return report;
  }
  for (const name of names) {
    const min = minReplicas[name]!;
    await api.scale(name, min);
    report.functions.push({ name, asked: min, ...(await waitUntil(api, name, `ready at ${min}`, (_r, a) => a >= min, o)) });
  }
  return report;
}
