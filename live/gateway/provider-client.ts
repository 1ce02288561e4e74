import http from 'node:http';
import type { FunctionStatus } from '../openfaas/types.ts';
import { LABEL_SCALE_MIN } from '../openfaas/types.ts';

// The gateway's only way to the provider: its REST API (gateway/plugin/external.go), so a
// real faas-netes can stand in for the embedded provider.

export interface ReplicaQuery {
  replicas: number;
  availableReplicas: number;
  minReplicas: number;
  /** The function's annotations (the async path reads com.openfaas.queue). */
  annotations: Record<string, string>;
  /** The function's labels (the alert handler reads com.openfaas.scale.*). */
  labels: Record<string, string>;
}

export interface ProviderReply {
  status: number;
  body: string;
}

export class ProviderClient {
  constructor(
    private readonly base: URL,
    private readonly authorization: string | undefined,
    private readonly timeoutMs = 3_000,
  ) {}

  request(method: string, path: string, body?: string): Promise<ProviderReply> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {};
      if (this.authorization) headers.authorization = this.authorization;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const req = http.request(new URL(path, this.base), { method, headers, timeout: this.timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, body: text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`provider did not answer ${method} ${path} within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** GetReplicas; a non-200 answer is an error worded as the gateway words it. */
  async getReplicas(name: string, namespace: string): Promise<ReplicaQuery> {
    const reply = await this.request('GET', `system/function/${encodeURIComponent(name)}?namespace=${namespace}`);
    if (reply.status !== 200) {
      // gateway/plugin/external.go words it so, the provider's answer included.
      throw new ProviderStatusError(reply.status, `server returned non-200 status code (${reply.status}) for function, ${name}, body: ${reply.body}`);
    }
    const status = JSON.parse(reply.body) as FunctionStatus;
    const min = Number(status.labels?.[LABEL_SCALE_MIN]);
    return {
      replicas: status.replicas ?? 0,
      availableReplicas: status.availableReplicas ?? 0,
      minReplicas: Number.isInteger(min) && min > 0 ? min : 1,
      annotations: status.annotations ?? {},
      labels: status.labels ?? {},
    };
  }

  async setReplicas(name: string, namespace: string, replicas: number): Promise<void> {
    const reply = await this.request(
      'POST',
      `system/scale-function/${encodeURIComponent(name)}?namespace=${namespace}`,
      JSON.stringify({ serviceName: name, replicas }),
    );
    if (reply.status !== 200 && reply.status !== 202) throw new ProviderStatusError(reply.status, `error scaling HTTP code ${reply.status}`);
  }

  async listFunctions(namespace: string): Promise<FunctionStatus[]> {
    const reply = await this.request('GET', `system/functions?namespace=${encodeURIComponent(namespace)}`);
    if (reply.status !== 200) throw new ProviderStatusError(reply.status, `listing functions gave HTTP ${reply.status}`);
    return JSON.parse(reply.body) as FunctionStatus[];
  }
}

/** "fn.ns" → [fn, ns]; a name without a dot is in `defaultNamespace` (GetNamespace in
 * gateway/pkg/middleware/service_name.go: the last dot splits). */
export function splitNamespace(name: string, defaultNamespace: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? [name, defaultNamespace] : [name.slice(0, dot), name.slice(dot + 1)];
}

export class ProviderStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderStatusError';
  }
}
