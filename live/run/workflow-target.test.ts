// A scenario with a workflow, as `npm run live -- run` reads it: the functions to deploy,
// the settings it can and cannot honour, the request each arrival sends, how an answer's
// calls and abort are counted, and the stack check before the platform starts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/process/errors.ts';
import { ConfigError } from '../../sim/scenario/errors.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { REPO_ROOT } from '../e2e/platform.ts';
import { platformSettings } from './platform-settings.ts';
import { checkInput, prepareInput } from './request-input.ts';
import { abortOf, callsOf } from './runner.ts';
import { liveSettings } from './settings.ts';
import { checkStackDefines } from './stack-check.ts';

const work = mkdtempSync(path.join(tmpdir(), 'fave-live-workflow-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const IMAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'workflows/image-pipeline.asl.json'), 'utf8'));
const base = (over: Partial<Scenario> = {}): Scenario => ({
  format: 'fave.scenario/v1', name: 't', seed: 1, horizon: 10,
  workload: { executor: 'burst', count: 1 },
  platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' } } },
  workflow: { definition: IMAGE, fanout: { Tiles: { type: 'gamma', shape: 2, scale: 1.5 } }, mode: 'sequential', taskTimeout: 20 },
  ...over,
});
const plan = (s: Scenario) => platformSettings(s, liveSettings(s, 'x.json'), { embedded: true, source: 'x.json' });
const noVideo = async (): Promise<string> => {
  throw new Error('no video for a workflow');
};

describe('live run of a workflow scenario', () => {
  it('liveSettings deploys the orchestrator and the functions the Tasks call', () => {
    expect(liveSettings(base(), 'x.json')).toMatchObject({ target: 'workflow', functions: ['orchestrator', 'resize', 'thumbnail', 'classify'] });
  });

  it('liveSettings refuses a workflow the simulator refuses, by its path', () => {
    const bad = base({ workflow: { definition: { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'f', Next: 'B' } } } } });
    expect(() => liveSettings(bad, 'x.json')).toThrow(ConfigError);
    expect(() => liveSettings(bad, 'x.json')).toThrow('$.workflow.definition.States.A.Next');
  });

  it('platformSettings sends mode and stateMode, sets the task timeout, and lists the fan-out distribution as not applied', () => {
    const p = plan(base());
    expect(p.requestOptions).toEqual({ mode: 'sequential', stateMode: 'cas' });
    expect(p.functions.orchestrator!.envVars).toMatchObject({ OVERLOAD_ATTEMPTS: '1', STAGE_TIMEOUT_MS: '20000', STAGE_RETRIES: '0' });
    expect(p.notApplied.find((n) => n.startsWith('$.workflow.fanout.Tiles='))).toContain("as many items as the execution's input (--body) holds at its ItemsPath");
    expect(p.applied).toContain('$.workflow.taskTimeout=20');
  });

  it('platformSettings refuses state writes the orchestrator cannot make', () => {
    expect(() => plan(base({ state: { mode: 'off' } }))).toThrow('$.state.mode');
  });

  it('checkInput reads the execution input from --body (default {}) and each request sends the machine, the input and the options', async () => {
    const file = path.join(work, 'input.json');
    writeFileSync(file, JSON.stringify({ tiles: [{ tile: 0 }] }));
    const options = { mode: 'parallel', stateMode: 'cas' };
    const body = await prepareInput(await checkInput({ target: 'workflow', body: file, options, workflow: IMAGE }, noVideo), undefined);
    expect(JSON.parse(body('r-1'))).toEqual({ requestId: 'r-1', workflow: IMAGE, input: { tiles: [{ tile: 0 }] }, options });
    const empty = await prepareInput(await checkInput({ target: 'workflow', options, workflow: IMAGE }, noVideo), undefined);
    expect(JSON.parse(empty('r-2')).input).toEqual({});
  });

  it('checkInput refuses a video, and a request larger than the orchestrator takes', async () => {
    await expect(checkInput({ target: 'workflow', video: 'a.mp4', options: {}, workflow: IMAGE }, noVideo)).rejects.toThrow(UsageError);
    const big = path.join(work, 'big.json');
    writeFileSync(big, JSON.stringify({ blob: 'x'.repeat(1024 * 1024) }));
    await expect(checkInput({ target: 'workflow', body: big, options: {}, workflow: IMAGE }, noVideo)).rejects.toThrow('at most 1048576');
  });

  it('callsOf counts every call a workflow answer lists by its outcome, failed ones too', () => {
    const attempt = { requestId: 'r', start: 0, outcome: 'ok' as const, status: 200, latency: 1, callId: null };
    const parsed = { calls: [
      { stage: 'resize', outcome: 'ok', httpStatus: 200, latencyMs: 40 },
      { stage: 'thumbnail', outcome: 'client-timeout', httpStatus: null, latencyMs: 10_000 },
      { stage: 'classify', outcome: '429', httpStatus: 429, latencyMs: 3 },
    ] };
    expect(callsOf('orchestrator', attempt, parsed).map((c) => [c.fn, c.outcome])).toEqual([
      ['orchestrator', 'ok'], ['resize', 'ok'], ['thumbnail', 'client-timeout'], ['classify', '429'],
    ]);
  });

  it('abortOf reads a failed workflow\'s abort as the simulator keys it', () => {
    expect(abortOf({ abort: { key: 'classify 502', at: 'classify', outcome: '502' }, error: { message: 'the workflow aborted at …' } })).toEqual({ stage: 'classify', outcome: '502' });
    expect(abortOf({ abort: { key: 'Stop NoTiles', at: 'Stop', outcome: 'NoTiles' } })).toEqual({ stage: 'Stop', outcome: 'NoTiles' });
  });

  it('checkStackDefines names the functions a stack lacks before any platform starts', () => {
    const functions = ['orchestrator', 'resize', 'thumbnail', 'classify'];
    expect(() => checkStackDefines(path.join(REPO_ROOT, 'live/openfaas/stack.yml'), functions, {})).toThrow('does not define resize, thumbnail, classify');
    expect(() => checkStackDefines(path.join(REPO_ROOT, 'workflows/image-pipeline.stack.yml'), functions, {})).not.toThrow();
  });
});
