// Reading workflows: what the subset refuses, each problem by its JSON path, and the
// shipped workflows held to standard ASL by asl-validator as well as to the subset.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../scenario/errors.ts';
import { loadWorkflowFile, parseWorkflow } from './parse.ts';
import { videoSearcher } from './video-searcher.ts';

const dir = fileURLToPath(new URL('../../workflows/', import.meta.url));
const SHIPPED = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));
// asl-validator is CommonJS without types: its one export takes a definition and options.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (d: unknown, o: { checkArn: boolean; checkPaths: boolean }) => { isValid: boolean; errors: unknown[] };

const task = (fn: string, more: Record<string, unknown> = { End: true }) => ({ Type: 'Task', Resource: fn, ...more });
const good = () => ({
  StartAt: 'A',
  States: {
    A: task('resize', { Next: 'P' }),
    P: { Type: 'Parallel', Branches: [{ StartAt: 'B', States: { B: task('thumbnail') } }], Next: 'M' },
    M: { Type: 'Map', ItemProcessor: { StartAt: 'C', States: { C: task('classify') } }, End: true },
  },
});
// Loose on purpose: each case breaks the machine in its own way.
type Machine = { StartAt: string; States: Record<string, Record<string, unknown>> };

function problems(change: (m: Machine) => void): string[] {
  const m = good() as unknown as Machine;
  change(m);
  try {
    parseWorkflow(m, 'wf.asl.json');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.source).toBe('wf.asl.json');
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('parseWorkflow', () => {
  it('parseWorkflow accepts a machine of the subset', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it.each<[string, (m: Machine) => void, string]>([
    ['an unknown state type', (m) => (m.States.A = { Type: 'Choice', Choices: [], Default: 'P' }), "$.States.A: 'Type' must be one of: Task, Parallel, Map, Succeed, Fail"],
    ['Next to a missing state', (m) => (m.States.A!.Next = 'Z'), "$.States.A.Next: no state 'Z' in this States"],
    ['Next into another States', (m) => (m.States.A!.Next = 'B'), "'B' is in another States, at $.States.P.Branches[0].States.B"],
    ['a cycle', (m) => (m.States.M = { Type: 'Map', ItemProcessor: { StartAt: 'C', States: { C: task('classify') } }, Next: 'A' }), '$.States.A: a cycle: A -> P -> M -> A'],
    ['an unreachable state', (m) => (m.States.Z = task('resize')), "$.States.Z: unreachable: no Next or Catch leads here from StartAt 'A'"],
    ['a missing StartAt', (m) => (m.StartAt = 'Q'), "$.StartAt: no state 'Q'"],
    ['a name used twice', (m) => ((m.States.M!.ItemProcessor as { States: Record<string, unknown> }).States.B = task('x')), "state name 'B' is used twice"],
    ['neither Next nor End', (m) => delete m.States.M!.End, "$.States.M: needs 'Next' (a state) or 'End': true"],
    ['both Next and End', (m) => (m.States.A!.End = true), "$.States.A: has both 'Next' and 'End'"],
    ['a Map without its items', (m) => delete m.States.M!.ItemProcessor, "$.States.M: a Map needs the states of its items"],
    ['Retry on a Parallel', (m) => (m.States.P!.Retry = []), "$.States.P: unknown key 'Retry'"],
    ['an error the simulator never raises', (m) => (m.States.A!.Retry = [{ ErrorEquals: ['Lambda.ServiceException'] }]), "$.States.A.Retry[0].ErrorEquals[0]: the simulator raises no error 'Lambda.ServiceException'"],
    ['States.ALL before another catcher', (m) => (m.States.A!.Catch = [{ ErrorEquals: ['States.ALL'], Next: 'P' }, { ErrorEquals: ['FAVE.429'], Next: 'P' }]), "'States.ALL' must be alone, in the last retrier or catcher"],
    ['a Task calling the orchestrator', (m) => (m.States.A!.Resource = 'orchestrator'), "$.States.A.Resource: 'orchestrator' is the function that runs the workflow"],
    ['a Resource that is no function name', (m) => (m.States.A!.Resource = 'arn:aws:lambda:eu-west-1:1:function:x'), '$.States.A.Resource: must match pattern'],
    ['a fractional TimeoutSeconds', (m) => (m.States.A!.TimeoutSeconds = 1.5), '$.States.A.TimeoutSeconds: must be integer'],
    ['a distributed Map', (m) => ((m.States.M!.ItemProcessor as Record<string, unknown>).ProcessorConfig = { Mode: 'DISTRIBUTED' }), '$.States.M.ItemProcessor.ProcessorConfig.Mode: must be "INLINE"'],
  ])('parseWorkflow refuses %s, by JSON path', (_, change, expected) => {
    const found = problems(change);
    expect(found.some((p) => p.includes(expected)), found.join('\n')).toBe(true);
  });

  it('parseWorkflow names a state whose name is not an identifier with brackets', () => {
    const found = problems((m) => (m.States['Resize image'] = task('x')));
    expect(found).toContain(`$.States["Resize image"]: unreachable: no Next or Catch leads here from StartAt 'A'`);
  });

  it('loadWorkflowFile names the file and the line of a syntax error', () => {
    expect(() => loadWorkflowFile('/nonexistent/wf.asl.json')).toThrow(/\/nonexistent\/wf\.asl\.json: 1 problem\n {2}\$: cannot read the workflow file/);
  });
});

describe('the shipped workflows', () => {
  it.each(SHIPPED)('%s is standard ASL (asl-validator) and in the subset', (file) => {
    const json = JSON.parse(readFileSync(dir + file, 'utf8')) as unknown;
    // checkArn off: a Resource here is an OpenFaaS function's name, not an AWS ARN.
    expect(aslValidator(structuredClone(json), { checkArn: false, checkPaths: true })).toMatchObject({ isValid: true, errors: [] });
    expect(() => loadWorkflowFile(dir + file)).not.toThrow();
  });

  it('workflows/video-searcher.asl.json is the machine the pipeline target runs', () => {
    expect(JSON.parse(readFileSync(dir + 'video-searcher.asl.json', 'utf8'))).toEqual(videoSearcher());
  });
});
