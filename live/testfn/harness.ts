import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionDeployment } from '../openfaas/types.ts';
import { ANNOTATION_ENTRY } from '../openfaas/types.ts';

// Shared by the provider and gateway tests: a deployment of live/testfn and small helpers.

export const TESTFN_ENTRY = 'live/testfn/index.ts';

export function testfn(service: string, extra: Partial<FunctionDeployment> = {}): FunctionDeployment {
  return {
    service,
    image: 'fave/testfn:dev',
    ...extra,
    annotations: { [ANNOTATION_ENTRY]: TESTFN_ENTRY, ...extra.annotations },
  };
}

/** Polls until `probe` gives a truthy value; fails with `what` after `limitMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

export interface Reply {
  status: number;
  body: string;
  headers: Headers;
}

export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
