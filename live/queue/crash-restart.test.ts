// Nothing queued is lost: a queue-worker killed mid-call (SIGKILL, nothing acknowledged)
// gives its call back to JetStream, which delivers it to the next worker after ack_wait;
// a call queued when the whole platform stops (gateway, workers, nats-server) is still on
// disk when it starts again, and runs then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, waitFor } from '../testfn/harness.ts';
import { callbackServer, startQueueTestPlatform, type QueueTestPlatform } from './test-platform.ts';

let platform: QueueTestPlatform;
let callbacks: Awaited<ReturnType<typeof callbackServer>>;
const ACK_WAIT_MS = 1_500;
const worker = () => platform.worker({ max_inflight: '1', ack_wait: `${ACK_WAIT_MS}ms` });

beforeAll(async () => {
  platform = await startQueueTestPlatform();
  callbacks = await callbackServer();
  await platform.deploy('job');
});
afterAll(async () => {
  await callbacks?.close();
  await platform?.close();
});

const forCall = (callId: string) => callbacks.received.filter((c) => c.headers['x-call-id'] === callId);

async function queue(body: unknown): Promise<string> {
  const accepted = await postJson(`${platform.gateway.url}/async-function/job`, body, { 'X-Callback-Url': `${callbacks.url}/done` });
  expect(accepted.status, accepted.body).toBe(202);
  return accepted.headers.get('x-call-id')!;
}

describe('the async path loses nothing', () => {
  it('a queue-worker killed mid-call: the call is delivered to the next worker after ack_wait and completes', async () => {
    const first = await worker();
    const callId = await queue({ key: 'crash', sleepMs: 1_500 });
    await waitFor('first run started', async () => (await platform.stats('job')).keys.crash === 1);
    await first.kill();
    const killedAt = Date.now();
    expect(await first.exited).toBe('SIGKILL');
    await worker();
    const rerun = await waitFor('run again', async () => ((await platform.stats('job')).keys.crash === 2 ? Date.now() : undefined));
    const [cb] = await waitFor('callback', () => (forCall(callId).length ? forCall(callId) : undefined));
    expect(cb!.headers['x-function-status']).toBe('200');
    expect(JSON.parse(cb!.body).count).toBe(2);
    // The killed attempt posted nothing: one callback, from the run that finished.
    expect(forCall(callId)).toHaveLength(1);
    process.stdout.write(`worker killed mid-call: run again ${rerun - killedAt} ms after the kill (ack_wait ${ACK_WAIT_MS} ms)\n`);
  });

  it('calls queued while the platform stops (NATS included) run when it starts again on the same folder', async () => {
    await platform.stopQueue();
    await platform.restartQueue();
    // Queued with no worker running: stored in JetStream only.
    const callIds = [await queue({ key: 'kept-1' }), await queue({ key: 'kept-2' })];
    await platform.stopQueue();
    await platform.restartQueue();
    await worker();
    await waitFor('both callbacks', () => callIds.every((id) => forCall(id).length === 1));
    const { keys } = await platform.stats('job');
    expect([keys['kept-1'], keys['kept-2']]).toEqual([1, 1]);
  });

  it('a call acknowledged with 202 survives nats-server itself being SIGKILLed (no clean shutdown)', async () => {
    await platform.stopQueue();
    await platform.restartQueue();
    const callId = await queue({ key: 'after-kill' });
    process.kill(platform.queue.nats.pid, 'SIGKILL');
    await platform.stopQueue();
    await platform.restartQueue();
    await worker();
    await waitFor('callback', () => forCall(callId).length === 1);
    expect((await platform.stats('job')).keys['after-kill']).toBe(1);
  });
});
