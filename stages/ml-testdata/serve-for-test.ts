import { type Env, type RunningStage, type ServeStageOptions, type TelemetryRecord, serveStage } from '../runtime/index.ts';
import MemoryStore from './memory-store.ts';

export const TEST_BUCKET = 'fave-test';

export interface TestStage {
  stage: RunningStage;
  store: MemoryStore;
  records: TelemetryRecord[];
  /** POST a JSON body and return the status and parsed answer. */
  call(body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
}

/** Start a stage on a free port with an in-memory store and captured telemetry. */
export default async function serveForTest<S>(options: Pick<ServeStageOptions<S>, 'name' | 'handler' | 'init' | 'dispose'>, env: Env = {}): Promise<TestStage> {
  const store = new MemoryStore();
  const records: TelemetryRecord[] = [];
  const stage = await serveStage({ ...options, env: { S3_BUCKET: TEST_BUCKET, ...env }, store, port: 0, handleSignals: false, emit: (r) => records.push(r) });
  await stage.ready;
  const call = async (body: unknown) => {
    const res = await fetch(stage.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { stage, store, records, call };
}
