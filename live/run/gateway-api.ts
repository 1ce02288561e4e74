// The few gateway REST calls a live run needs (/system/*, basic auth): the same calls
// against the embedded gateway and a real OpenFaaS one.
import { RequestError } from '../openfaas/errors.ts';
import type { FunctionDeployment, FunctionStatus } from '../openfaas/types.ts';

export class GatewayApi {
  constructor(
    readonly url: string,
    readonly authorization: string | undefined,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    const res = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  }

  /** The function's status, or undefined when the gateway does not know it (404). */
  async status(name: string): Promise<FunctionStatus | undefined> {
    const res = await this.call('GET', `/system/function/${name}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new RequestError(res.status, `GET /system/function/${name}: ${res.status} ${res.text.trim()}`);
    return JSON.parse(res.text) as FunctionStatus;
  }

  async scale(name: string, replicas: number): Promise<void> {
    const res = await this.call('POST', `/system/scale-function/${name}`, { serviceName: name, replicas });
    if (res.status !== 200 && res.status !== 202) {
      throw new RequestError(res.status, `scaling ${name} to ${replicas}: ${res.status} ${res.text.trim()}`);
    }
  }

  async update(deployment: FunctionDeployment): Promise<void> {
    const res = await this.call('PUT', '/system/functions', deployment);
    if (res.status !== 200 && res.status !== 202) {
      throw new RequestError(res.status, `updating ${deployment.service}: ${res.status} ${res.text.trim()}`);
    }
  }
}
