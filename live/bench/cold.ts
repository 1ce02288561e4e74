// Scale from zero, per function: the function is set to zero replicas on the provider (as
// `kubectl scale --replicas=0`), then one call goes through the gateway, which holds it while
// it scales to 1 and polls readiness. The call carries an empty body, which a stage refuses
// at once (cause bad-input) once its init is done, so its latency is the cold start: process
// start, imports, init (models), and the readiness probe steps.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionStatus } from '../openfaas/types.ts';

export interface ColdRow {
  fn: string;
  /** Client-side latency of each call from zero, ms. */
  ms: number[];
  /** The last answer: HTTP status and the stage's error cause (bad-input: the stage answered). */
  answer: string;
}

async function statusOf(providerUrl: string, fn: string): Promise<FunctionStatus> {
  return (await (await fetch(`${providerUrl}/system/function/${fn}`)).json()) as FunctionStatus;
}

async function toZero(providerUrl: string, fn: string): Promise<void> {
  const res = await fetch(`${providerUrl}/system/scale-function/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ serviceName: fn, replicas: 0 }) });
  if (res.status !== 202 && res.status !== 200) throw new Error(`scaling ${fn} to zero: ${res.status} ${await res.text()}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await statusOf(providerUrl, fn);
    if ((s.replicas ?? 0) === 0 && (s.availableReplicas ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error(`${fn} did not reach zero replicas in 60 s`);
    await sleep(100);
  }
}

export async function measureColdStart(gatewayUrl: string, providerUrl: string, fn: string, runs: number): Promise<ColdRow> {
  const row: ColdRow = { fn, ms: [], answer: '' };
  for (let i = 0; i < runs; i++) {
    await toZero(providerUrl, fn);
    // The old process has exited and released its port and memory before the clock starts.
    await sleep(500);
    const started = performance.now();
    const res = await fetch(`${gatewayUrl}/function/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const text = await res.text();
    row.ms.push(performance.now() - started);
    row.answer = `${res.status} ${causeOf(text)}`;
  }
  return row;
}

function causeOf(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { cause?: unknown } }).error?.cause ?? '');
  } catch {
    return text.trim().slice(0, 40);
  }
}
