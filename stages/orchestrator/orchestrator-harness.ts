// Test support: the orchestrator served on the real runtime in front of the fake stages
// (fake-stages.ts), with its state.json store; shared by the orchestrator's test files.
import { afterEach } from 'vitest';
import { serveStage, type RunningStage } from '../runtime/index.ts';
import { MemoryObjectStore, type ObjectStore } from '../runtime/object-store.ts';
import { FAKE_BUCKET, FAKE_GATEWAY, startFakeGateway, type FakeGateway, type FakeGatewayOptions } from './fake-stages.ts';
import type { RequestState } from './request-state.ts';
import { createOrchestrator } from './stage.ts';

export const VIDEO = `s3://${FAKE_BUCKET}/inputs/video.mp4`;
let open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

/** `stateStore`: where the orchestrator keeps state.json, when it should differ from the stages' store. */
export async function setup(options: Omit<FakeGatewayOptions, 'store'>, env: Record<string, string> = {}, store = new MemoryObjectStore(), stateStore: ObjectStore = store) {
  const gateway: FakeGateway = await startFakeGateway({ ...options, store });
  const stage: RunningStage = await serveStage({
    ...createOrchestrator({ store: () => stateStore, fetch: gateway.fetch }),
    port: 0, handleSignals: false, store, emit: () => {},
    env: { S3_BUCKET: FAKE_BUCKET, OPENFAAS_URL: FAKE_GATEWAY, memory_limit_mb: '128', ...env },
  });
  await stage.ready;
  open.push(stage, gateway);
  const call = async (body: unknown) => {
    const res = await fetch(`${stage.url}/`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const state = async (requestId: string): Promise<RequestState> => JSON.parse((await store.get(`requests/${requestId}/metadata/state.json`))!.body.toString('utf8'));
  const json = async (key: string): Promise<any> => JSON.parse((await store.get(key))!.body.toString('utf8'));
  return { gateway, call, state, json };
}

export const stagesOf = (gateway: FakeGateway) => gateway.calls.map((c) => c.stage);

