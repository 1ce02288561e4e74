// The orchestrator's workflow requests on the real runtime, in front of a fake gateway whose
// functions answer what each test says (fake-stages.ts `intercept`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setup } from '../orchestrator-harness.ts';

const IMAGE = JSON.parse(readFileSync(new URL('../../../workflows/image-pipeline.asl.json', import.meta.url), 'utf8'));
const SHAPE = { clips: 1, framesPerClip: 1 };
const ok = (body: unknown) => ({ status: 200, text: JSON.stringify(body) });
const oneTask = (Resource: string, extra: object = {}) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource, End: true, ...extra } } });

describe('orchestrator: workflow requests', () => {
  it('POST {workflow, input} runs the image pipeline through the gateway, records state.json and answers every call', async () => {
    const { gateway, call, state } = await setup({
      shape: SHAPE,
      intercept: (fn, body) => ok(fn === 'classify' ? { label: `tile ${String((body as { tile?: number }).tile)}` } : { done: fn }),
    });
    const tiles = [{ tile: 0 }, { tile: 1 }, { tile: 2 }];
    const res = await call({ requestId: 'wf-1', workflow: IMAGE, input: { image: 'cat.jpg', tiles } });
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
    expect(gateway.calls.map((c) => c.stage).sort()).toEqual(['classify', 'classify', 'classify', 'classify', 'resize', 'thumbnail']);
    expect(res.body).toMatchObject({ requestId: 'wf-1', status: 'done', kind: 'workflow', mode: 'parallel', stateMode: 'cas' });
    expect(res.body.functions).toMatchObject({ resize: { calls: 1, failed: 0 }, thumbnail: { calls: 1 }, classify: { calls: 4 } });
    expect(res.body.calls.every((c: { outcome: string; httpStatus: number }) => c.outcome === 'ok' && c.httpStatus === 200)).toBe(true);
    expect(res.body.output).toMatchObject({ image: 'cat.jpg', resized: { done: 'resize' }, tileLabels: [{ label: 'tile 0' }, { label: 'tile 1' }, { label: 'tile 2' }] });
    const doc = await state('wf-1');
    expect(doc).toMatchObject({ status: 'done', workflow: { functions: ['resize', 'thumbnail', 'classify'] } });
    expect(Object.keys(doc.calls).sort()).toEqual(['Derive[0]/Thumbnail', 'Derive[1]/Classify', 'Resize', 'Tiles[0]/ClassifyTile', 'Tiles[1]/ClassifyTile', 'Tiles[2]/ClassifyTile']);
    expect(res.body.lostUpdates).toMatchObject({ callsMade: 6, lost: 0 });
  });

  it('a caught failure is listed with its outcome and error name; the workflow goes on', async () => {
    const { call } = await setup({ shape: SHAPE, intercept: (fn) => (fn === 'thumbnail' ? { status: 503, text: 'no endpoints' } : ok({})) });
    const res = await call({ requestId: 'wf-caught', workflow: IMAGE, input: { tiles: [] } });
    expect(res.status).toBe(200);
    expect(res.body.calls.find((c: { stage: string }) => c.stage === 'thumbnail')).toMatchObject({ outcome: '503', httpStatus: 503, error: 'FAVE.503' });
    expect(res.body.functions.thumbnail).toEqual(expect.objectContaining({ calls: 1, failed: 1 }));
  });

  it('an uncaught failure answers 500 with the abort as the simulator counts it and the calls made; state.json says failed', async () => {
    const { call, state } = await setup({ shape: SHAPE, intercept: (fn) => (fn === 'classify' ? { status: 502, text: '' } : ok({})) });
    const res = await call({ requestId: 'wf-abort', workflow: IMAGE, input: { tiles: [{}] } });
    expect(res.status).toBe(500);
    expect(res.body.abort).toMatchObject({ key: 'classify 502', kind: 'task', state: 'Classify', error: 'FAVE.502' });
    expect(res.body.error).toMatchObject({ stage: 'orchestrator', cause: 'timeout' });
    expect(res.body.calls.map((c: { stage: string }) => c.stage).sort()).toEqual(['classify', 'resize', 'thumbnail']);
    expect(await state('wf-abort')).toMatchObject({ status: 'failed', error: { stage: 'classify', callKey: 'Derive[1]/Classify', httpStatus: 502 } });
  });

  it.each([
    ['a state type outside the subset', { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [] } } }, '$.workflow.States.A'],
    ['a Next to no state', { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'f', Next: 'B' } } }, '$.workflow.States.A.Next'],
    ['a call of the orchestrator itself', oneTask('orchestrator'), '$.workflow.States.T.Resource'],
    ['a Resource that is not a function name', oneTask('../system/functions'), '$.workflow.States.T.Resource'],
    ['Parameters (not interpreted live)', oneTask('f', { Parameters: { 'x.$': '$.y' } }), '$.workflow.States.T.Parameters'],
    ['a path outside the subset', oneTask('f', { InputPath: '$.tiles[0]' }), '$.workflow.States.T.InputPath'],
    ['more branches than the limit', {
      StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: Array.from({ length: 33 }, (_, k) => ({ StartAt: `B${k}`, States: { [`B${k}`]: { Type: 'Succeed' } } })) } },
    }, '$.workflow.States.P.Branches'],
  ])('POST {workflow} with %s answers 400 naming %s, and calls nothing', async (_what, workflow, path) => {
    const { gateway, call } = await setup({ shape: SHAPE, intercept: () => ok({}) });
    const res = await call({ requestId: 'bad', workflow, input: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.cause).toBe('bad-input');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(res.body.error.message).toContain(path);
    expect(gateway.calls).toHaveLength(0);
  });

  it('POST {workflow} with a field that is not part of a workflow request (a file to load) answers 400 naming it', async () => {
    const { gateway, call } = await setup({ shape: SHAPE, intercept: () => ok({}) });
    const res = await call({ workflow: oneTask('f'), file: '/etc/passwd', options: { mode: 'fast' } });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(['$.file', '$.options.mode']);
    expect(gateway.calls).toHaveLength(0);
  });

  it('POST {workflow} with an input nested past the input limit answers 400 at $.input', async () => {
    const { call } = await setup({ shape: SHAPE, intercept: () => ok({}) });
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    const res = await call({ workflow: oneTask('f'), input: { deep } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toMatch(/^\$\.input\.deep/);
  });
});
